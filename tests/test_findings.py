"""The findings lists of the chapters: MyST markdown whose citations link, with data escaped.

The escaping is checked through the MyST parser the book uses, and through one real
strict build of a one-page book with the book's own configuration: its findings file holds
a hostile statement (markdown, MyST, HTML), which the page lists; a second cell of the page
cites a key that is not in the bibliography, which must fail the strict build, and must be
the one thing the build reports.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from tiny_books import NOTEBOOK_FRONT_MATTER

from lipse_widgets.build.site import sort_output
from lipse_widgets.data import load_table
from lipse_widgets.sphinxext.book import bundle_name
from lipse_widgets.views.findings import cite, escape_markdown, findings_list

BOOK = Path(__file__).resolve().parent.parent / "book"
THEME = "innovation outcomes"
#: Text a contributor might type (or paste) into a statement; none of it may become markup.
HOSTILE = [
    "<script>alert(1)</script> and <b>bold</b> &amp; &copy;",
    "**strong** *em* _em_ `code` ``more code``",
    "{cite:p}`lipse2015wp5news` and {ref}`intro` and {{ substitution }}",
    "[a link](https://example.org) ![an image](x.png) <https://example.org>",
    "# not a heading\n- not a list\n1. not a list\n> not a quote",
    ":::{note}\nnot a directive\n:::\n```{code-cell}\nprint(1)\n```",
    "a | table | row\n| --- | --- |\n$x^2$ % not a comment\n(target)=",
    "back\\slash \\* \\` and a trailing backslash \\",
]


def _myst_html(markdown: str) -> str:
    """Render markdown with a MyST parser configured like the book (its extensions)."""
    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    extensions = config.get("parse", {}).get("myst_enable_extensions", [])
    md = create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)
    return md.render(markdown)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_parses_back_to_itself(text):
    rendered = _myst_html(escape_markdown(text))
    flat = " ".join(text.split())
    assert rendered == f"<p>{html.escape(flat, quote=False)}</p>\n"


def test_cite_joins_keys_as_the_role_expects_and_refuses_unsafe_keys():
    assert cite(["a2015", "b2016"]) == "{cite:p}`a2015,b2016`"
    for bad in (["a`b"], ["a,b"], ["a b"], ["{a}"], []):
        with pytest.raises(ValueError):
            cite(bad)


def test_findings_list_has_one_bullet_per_finding_with_citation_and_label():
    findings = load_table("findings")
    theme = findings[(findings["theme"] == THEME) & (findings["kind_of_work"] == "LIPSE")]
    shown = findings_list(THEME)
    bundle = shown._repr_mimebundle_()
    lines = bundle["text/markdown"].splitlines()
    assert len(lines) == len(theme)
    for line, (_, row) in zip(lines, theme.iterrows(), strict=True):
        assert line.startswith("- " + escape_markdown(row["statement"]) + " {cite:p}`")
        plain = line.replace("\\", "")
        assert f"finding {row['id']}" in plain
        assert f"evidence: {row['source_type']}, " in plain  # the evidence basis, every time
        assert "related research" not in plain
        slug = row["effect"].replace(" ", "-")
        assert f'<small class="lipse-finding-label lipse-{slug}">' in line
    assert "text/plain" in bundle


def test_related_research_is_listed_apart_and_labelled_so():
    findings = load_table("findings")
    related = findings[findings["kind_of_work"] == "related"]
    assert len(related) > 0
    for theme in related["theme"].unique():
        rows = related[related["theme"] == theme]
        lines = findings_list(theme, kind_of_work="related").text.splitlines()
        assert len(lines) == len(rows)
        for line in lines:
            assert (
                "related research by LIPSE researchers, no LIPSE funding or data seen"
                in line.replace("\\", "")
            )
        lipse = (
            findings_list(theme).text
            if (findings.loc[findings["theme"] == theme, "kind_of_work"] == "LIPSE").any()
            else ""
        )
        assert not any(f"finding {i}" in lipse.replace("\\", "") for i in rows["id"])


def test_the_evidence_basis_table_counts_the_csv():
    from lipse_widgets.views.findings import basis_table

    findings = load_table("findings")
    text = basis_table().text
    last = text.strip().splitlines()[-1]
    lipse = int((findings["kind_of_work"] == "LIPSE").sum())
    assert last == f"| All | | {lipse} | {len(findings) - lipse} | {len(findings)} |"
    for (kind, seen), group in findings.groupby(["source_type", "text_seen"]):
        lipse = int((group["kind_of_work"] == "LIPSE").sum())
        row = f"| {escape_markdown(kind)} | {escape_markdown(seen)} | {lipse} | "
        assert row + f"{len(group) - lipse} | {len(group)} |" in text


def test_findings_list_filters_and_says_what_there_is():
    findings = load_table("findings")
    telework = findings[
        (findings["theme"] == THEME)
        & (findings["innovation"] == "telework")
        & (findings["kind_of_work"] == "LIPSE")
    ]
    assert len(findings_list(THEME, innovation="telework").text.splitlines()) == len(telework)
    with pytest.raises(ValueError, match="there are: "):
        findings_list(THEME, innovation="blockchain")
    with pytest.raises(ValueError, match="the themes are: "):
        findings_list("no such theme")


# --- A real build of a one-page book --------------------------------------------------------

#: The page: its findings list (the hostile row among them), then a sentence that cites a
#: key the bibliography does not hold.
PAGE = (
    NOTEBOOK_FRONT_MATTER
    + f"""\
# Findings

```{{code-cell}} ipython3
:tags: [remove-input]

from lipse_widgets.views.findings import Markdown, cite, findings_list
findings_list({THEME!r})
```

```{{code-cell}} ipython3
:tags: [remove-input]

Markdown('- A statement ' + cite(['nosuchkey2099']))
```
"""
)


class _ListItems(HTMLParser):
    """Collect the text and the tags inside each <li> of the page's findings list."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self._depth += 1
            self.items.append({"text": "", "tags": [], "links": []})
        elif self._depth:
            self.items[-1]["tags"].append(tag)
            if tag == "a":
                self.items[-1]["links"].append(dict(attrs).get("href", ""))

    def handle_endtag(self, tag):
        if tag == "li":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.items[-1]["text"] += data


def build_book(tmp: Path, site: Path, rows: list[dict]) -> SimpleNamespace:
    """Build the one-page book with the book's configuration and these rows added to its
    findings, strict, going on after a warning (so that the page is written); return the
    build's returncode, its warnings (as ``make book`` shows them) and the page's HTML.

    The book's extension writes the Vega bundle (made by vl-convert, about 2 core-s) into
    the build folder's ``lipse_static`` once, and keeps it there for later builds; it is
    copied there from the published ``site``, which the same extension wrote, as a
    second build would find it. (The page has no chart: the bundle plays no part here.)
    """
    static = tmp / "out" / "_build" / "lipse_static"
    static.mkdir(parents=True)
    shutil.copy(site / "_static" / bundle_name(), static / bundle_name())
    book = tmp / "book"
    book.mkdir()
    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    config["execute"]["execute_notebooks"] = "force"
    (book / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: page\nchapters:\n  - file: references\n", encoding="utf-8"
    )
    (book / "page.md").write_text(PAGE, encoding="utf-8")
    shutil.copy(BOOK / "references.md", book / "references.md")
    shutil.copytree(BOOK / "_static", book / "_static")
    shutil.copy(BOOK / "references.bib", book / "references.bib")
    shutil.copytree(BOOK / "data", book / "data")
    path = book / "data" / "findings.csv"
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.DictWriter(out, header, lineterminator="\n").writerows(rows)
    path.write_text(text + out.getvalue(), encoding="utf-8")
    env = {**os.environ, "LIPSE_DATA_DIR": str(book / "data")}
    proc = subprocess.run(
        [
            str(Path(sys.executable).parent / "jupyter-book"),
            "build",
            str(book),
            "--path-output",
            str(tmp / "out"),
            "--warningiserror",
            "--nitpick",
            "--keep-going",
        ],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    page = tmp / "out" / "_build" / "html" / "page.html"
    log = proc.stdout + proc.stderr
    return SimpleNamespace(
        code=proc.returncode,
        log=log,
        warnings=sort_output(log.splitlines(keepends=True), tmp).warnings,
        page=page.read_text(encoding="utf-8") if page.exists() else "",
    )


HOSTILE_ROW = {
    "id": "F999",
    "theme": THEME,
    "work_package": "WP5",
    "innovation": "telework",
    "context": "inner",
    "factor": "<i>factor</i> *x*",
    "effect": "barrier",
    "adopter_group": "`group` [x](y) <b>z</b>",
    # a statement of at most 300 characters that tries every kind of markup at once
    "statement": (
        "<script>alert(1)</script> **strong** `code` {cite:p}`bekkers2015epsa` "
        "[link](https://example.org) {{ sub }} <b>b</b> &amp; |a|b|\n# heading\n:::{note}\nx\n:::"
    ),
    "source": "lipse2015wp5news; bekkers2015epsa",
    "locator": "a test row",
    "kind_of_work": "LIPSE",
    "source_type": "journal article",
    "text_seen": "full text",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory, site) -> SimpleNamespace:
    return build_book(tmp_path_factory.mktemp("findings-build"), site, [HOSTILE_ROW])


@pytest.mark.build
def test_an_unknown_citation_key_fails_the_strict_build(built):
    line = PAGE.splitlines().index("Markdown('- A statement ' + cite(['nosuchkey2099']))") + 1
    assert built.code != 0
    # the one problem the build reports, at the line that cites the key
    assert built.warnings == [
        f'book/page.md:{line}: WARNING: could not find bibtex key "nosuchkey2099"'
    ], built.log[-3000:]


@pytest.mark.build
def test_a_hostile_statement_shows_as_text_in_a_real_build(built):
    # the hostile row makes no warning (the build's one warning: the unknown key above),
    # and every cell ran
    assert len(built.warnings) == 1 and "nosuchkey2099" in built.warnings[0], built.log[-3000:]
    assert not re.search(r"Traceback|CellExecutionError|Exception", built.log), built.log[-3000:]
    page = built.page
    assert "<script>alert" not in page
    parser = _ListItems()
    parser.feed(page[page.index('<article class="bd-article">') :])
    items = [i for i in parser.items if "finding F" in i["text"]]
    findings = load_table("findings")
    lipse = (findings["theme"] == THEME) & (findings["kind_of_work"] == "LIPSE")
    assert len(items) == lipse.sum() + 1
    hostile = next(i for i in items if "finding F999" in i["text"])
    statement = " ".join(HOSTILE_ROW["statement"].split())
    assert statement in " ".join(hostile["text"].split())
    # the only markup in the bullet: the two citations (a link each) and the small label
    assert set(hostile["tags"]) <= {"p", "a", "span", "small"}, hostile["tags"]
    assert hostile["tags"].count("small") == 1
    assert len(hostile["links"]) == 2
    # normal findings render with a citation linking to the references page and a label
    for item in items:
        assert item["links"] and all(h.startswith("references.html#") for h in item["links"])
        assert re.search(
            r"(driver|barrier|mixed|direction not stated|recommendation) · .* · evidence: .* · "
            r"finding F\d{3}$",
            item["text"].strip(),
        )
