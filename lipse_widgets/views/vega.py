"""Vega with no CDN: charts drawn to SVG, and Vega's JavaScript for notebook pages.

vl-convert (``vl-convert-python``, about 84 MB installed) does both: it draws a Vega-Lite
spec to SVG with no browser, and it bundles Vega, Vega-Lite and vega-embed, at the
versions Altair writes its specs for, into JavaScript that a page runs with no other host.

* :func:`vegalite_to_svg`: the static chart of every figure and of the group report;
* :func:`vega_bundle`: the script that defines ``window.vegaEmbed``, which the site serves
  as a file (:mod:`lipse_widgets.sphinxext.book`) and a kernel sends once to each notebook page
  (:func:`lipse_widgets.views.figure.vega_runtime_once`);
* :func:`widget_module`: Altair's ``JupyterChart`` module with Vega bundled in (Altair's
  own ``enable_offline()``), the readiness calculators' widget in a kernel.

With vl-convert, the two scripts are made once per environment and kept
(:func:`kept_folder`). The site's build has vl-convert (the ``site`` extra). A kernel
need not: Binder's environment leaves it out to stay small. There, no chart is drawn to
SVG (a figure shows its chart once Vega has loaded in the notebook page), and the two
scripts are read from the files that :func:`save` wrote while vl-convert was installed
for a moment (binder/postBuild runs ``python -m lipse_widgets.views.vega``, then uninstalls it):
``<environment>/share/lipse-widgets/altair-<version>/``, or the folder that
``$LIPSE_VEGA_DIR`` names.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import altair as alt
from altair.utils.html import vl_version_for_vl_convert

try:
    import vl_convert
except ImportError:  # optional: a kernel reads the scripts that save() wrote (see above)
    vl_convert = None

#: The environment variable that names the folder of the saved scripts (for tests, or an
#: environment whose own prefix is read-only).
FOLDER_VARIABLE = "LIPSE_VEGA_DIR"
#: The saved scripts, by the Altair version whose Vega-Lite they are for.
PAGE_FILE = "vega-embed.js"
WIDGET_FILE = "jupyter-chart.js"


class VegaUnavailable(RuntimeError):
    """Neither vl-convert nor the scripts it saved are in this environment."""


def saved_folder() -> Path:
    """Return the folder of the saved scripts for this environment and this Altair."""
    named = os.environ.get(FOLDER_VARIABLE)
    base = Path(named) if named else Path(sys.prefix) / "share" / "lipse-widgets"
    return base / f"altair-{alt.__version__}"


def can_draw_svg() -> bool:
    """Whether charts can be drawn to SVG here (vl-convert is installed)."""
    return vl_convert is not None


def _missing(what: str) -> VegaUnavailable:
    return VegaUnavailable(
        f"{what} needs vl-convert-python, which is not installed in this environment "
        f"({sys.prefix}). Install it (`python -m pip install vl-convert-python`; in the "
        "book's repository, from its lock: `python -m pip install --require-hashes -r "
        "binder/requirements-vega.txt`)."
    )


def vegalite_to_svg(spec: dict) -> str:
    """Draw a Vega-Lite spec to SVG with vl-convert (no browser)."""
    if vl_convert is None:
        raise _missing("Drawing a chart to SVG (the group report, the site's figures)")
    return vl_convert.vegalite_to_svg(spec, vl_version=vl_version_for_vl_convert())


def _saved(name: str) -> str:
    path = saved_folder() / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        raise _missing(
            f"Vega's JavaScript was not saved in {path.parent}, and drawing the charts"
        ) from None


def _make_bundle() -> str:
    bundle = vl_convert.javascript_bundle(vl_version=vl_version_for_vl_convert())
    return (
        "/* Vega, Vega-Lite and vega-embed, bundled by vl-convert for the LIPSE book. */\n"
        f"(function () {{\n{bundle}\n}})();\n"
    )


def _make_widget_module() -> str:
    class Offline(alt.JupyterChart):
        pass

    Offline.enable_offline()
    return str(Offline._esm)


def kept_folder() -> Path:
    """Return where this environment keeps the scripts vl-convert made, by version."""
    version = getattr(vl_convert, "__version__", "none")
    return saved_folder().parent / f"altair-{alt.__version__}-vl-convert-{version}"


def _made_once(name: str, make) -> str:
    """Return the script ``make`` makes with vl-convert, made once per environment.

    Making one takes vl-convert about 2 s of CPU, in every kernel and every build
    process that shows a chart; the first keeps it in :func:`kept_folder`, named by the
    versions of Altair and vl-convert, and the others read it. Where the environment is
    read-only, each makes its own.
    """
    path = kept_folder() / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    text = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{name}.{os.getpid()}.part")  # whole, or not there at all
        part.write_text(text, encoding="utf-8")
        os.replace(part, path)
    except OSError:
        pass
    return text


@functools.cache
def vega_bundle() -> str:
    """Return Vega, Vega-Lite and vega-embed as one script (vl-convert's bundle).

    The versions are the ones Altair writes its specs for. vl-convert's bundle declares
    top-level ``const`` names, so it is wrapped in a function scope; it sets
    ``window.vegaEmbed`` itself. About 0.9 MB (0.3 MB gzipped) for Vega 6.
    Without vl-convert, the copy :func:`save` wrote.
    """
    if vl_convert is None:
        return _saved(PAGE_FILE)
    return _made_once(PAGE_FILE, _make_bundle)


@functools.cache
def widget_module() -> str:
    """Return Altair's JupyterChart module with Vega bundled in: it imports nothing.

    Altair's own ``JupyterChart.enable_offline()`` makes it (with vl-convert), on a class
    of its own so that Altair's ``JupyterChart`` is left as it is. Without vl-convert,
    the copy :func:`save` wrote.
    """
    if vl_convert is None:
        return _saved(WIDGET_FILE)
    return _made_once(WIDGET_FILE, _make_widget_module)


def save(folder: Path | None = None) -> list[Path]:
    """Write both scripts into ``folder`` (default: :func:`saved_folder`), made now."""
    if vl_convert is None:
        raise _missing("Saving Vega's JavaScript")
    target = Path(folder) if folder is not None else saved_folder()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in ((PAGE_FILE, _make_bundle()), (WIDGET_FILE, _make_widget_module())):
        (target / name).write_text(text, encoding="utf-8")
        written.append(target / name)
    return written


if __name__ == "__main__":
    for path in save():
        print(f"Wrote {path} ({path.stat().st_size:,} bytes)")
