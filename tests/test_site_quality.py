"""The page trimming and accessibility fixes of lipse_widgets.sphinxext.site_quality."""

from pathlib import Path

import pytest

from lipse_widgets.sphinxext.site_quality import fix_body, trim_head

HEAD = """
  <script defer src="_static/scripts/fontawesome.js?digest=55c26ed414f5f8a31ebb"></script>
  <link rel="preload" as="script" href="_static/scripts/bootstrap.js?digest=55c26ed414f5f8a31ebb" />
  <script src="_static/searchtools.js"></script>
  <script src="_static/language_data.js"></script>
  <script src="searchindex.js"></script>
  <script src="_static/doctools.js?v=9a2dae69"></script>
"""


def test_trim_head_drops_the_icon_script_and_the_search_scripts():
    trimmed = trim_head(HEAD, keep_search=False)
    assert "fontawesome.js" not in trimmed
    assert "searchtools.js" not in trimmed and "searchindex.js" not in trimmed
    assert "language_data.js" not in trimmed
    assert "bootstrap.js" not in trimmed  # preloaded: it is loaded, deferred, at the end
    assert "doctools.js" in trimmed


def test_trim_head_keeps_search_where_it_is_used():
    trimmed = trim_head(HEAD, keep_search=True)
    assert "fontawesome.js" not in trimmed
    assert trimmed.count("<script") == 4


def test_bibliography_entries_get_a_current_role():
    body = '<div role="list"><div class="citation" id="id3" role="doc-biblioentry">'
    assert fix_body(body) == '<div role="list"><div class="citation" id="id3" role="listitem">'


# ---- what each page loads (lipse_widgets.sphinxext.assets) --------------------------


def _assets():
    from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

    css = [
        _CascadingStyleSheet(name, priority=500, rel="stylesheet", type="text/css")
        for name in (
            "pygments.css",
            "sphinx-design.min.css",
            "togglebutton.css",
            "print.css",
            "mystnb.1234.css",
            "lipse.css",
        )
    ]
    js = [
        _JavaScript("documentation_options.js"),
        _JavaScript("copybutton.js"),
        _JavaScript("design-tabs.js"),
        _JavaScript(None, body="let toggleHintShow = 'Click to show';"),
        _JavaScript(None, body="DOCUMENTATION_OPTIONS.pagename = 'x';"),
        _JavaScript("lipse-a11y.js", defer="defer"),
    ]
    return css, js


def test_a_page_loads_only_the_assets_of_what_it_has_and_defers_every_script():
    from lipse_widgets.sphinxext.assets import trim_page_assets

    css, js = _assets()
    context = {"body": "<p>Prose only.</p>", "css_files": css, "script_files": js}
    trim_page_assets(None, "intro", "page.html", context, None)
    assert [c.filename for c in context["css_files"]] == ["print.css", "lipse.css"]
    assert context["css_files"][0].attributes["media"] == "print"
    scripts = context["script_files"]
    assert [s.filename for s in scripts] == ["documentation_options.js", None, "lipse-a11y.js"]
    assert scripts[0].attributes["defer"] == "defer"
    assert scripts[1].attributes["type"] == "module"  # runs after documentation_options.js


def test_a_page_with_code_and_cells_keeps_their_assets():
    from lipse_widgets.sphinxext.assets import trim_page_assets

    css, js = _assets()
    body = '<div class="highlight-bash notranslate"><div class="highlight"><pre>x</pre></div></div>'
    body += '<div class="cell docutils container"><div class="cell_input docutils container">'
    body += '<div class="highlight-ipython3 notranslate"></div></div>'
    body += '<div class="cell_output docutils container">y</div></div>'
    context = {"body": body, "css_files": css, "script_files": js}
    trim_page_assets(None, "guide", "page.html", context, None)
    names = [c.filename for c in context["css_files"]]
    assert names == ["pygments.css", "print.css", "mystnb.1234.css", "lipse.css"]
    assert "copybutton.js" in [s.filename for s in context["script_files"]]
    # the theme's own menus ("dropdown-menu") do not bring in sphinx-togglebutton
    context = {"body": '<div class="dropdown-menu">', "css_files": _assets()[0], "script_files": []}
    trim_page_assets(None, "p", "page.html", context, None)
    assert "togglebutton.css" not in [c.filename for c in context["css_files"]]


@pytest.mark.parametrize(
    ("element", "needs_mystnb"),
    [
        # the book's figures: a cell whose code is removed, its HTML output, glued text
        (
            '<div class="cell tag_remove-input docutils container">'
            '<div class="cell_output docutils container"><div class="output text_html">'
            '<figure></figure></div></div></div><span class="pasted-text">4</span>',
            False,
        ),
        # what only myst-nb's stylesheet lays out
        ('<div class="cell docutils container"><div class="cell_input docutils container">', True),
        ('<div class="output text_plain highlight-myst-ansi notranslate">', True),
        ('<div class="output stderr highlight-myst-ansi notranslate">', True),
        ('<div class="cell tag_hide-input docutils container">', True),
        ('<span class="pasted-inline"><img src="x.png" alt="x"></span>', True),
    ],
)
def test_myst_nb_styles_load_only_for_cells_the_book_does_not_lay_out(element, needs_mystnb):
    from lipse_widgets.sphinxext.assets import trim_page_assets

    context = {"body": element, "css_files": _assets()[0], "script_files": []}
    trim_page_assets(None, "p", "page.html", context, None)
    names = [c.filename for c in context["css_files"]]
    assert ("mystnb.1234.css" in names) is needs_mystnb


def test_the_theme_css_import_is_replaced_by_a_direct_link():
    from lipse_widgets.sphinxext.assets import direct_stylesheets

    head = '<link href="../_static/styles/theme.css?digest=abc" rel="stylesheet" />'
    assert direct_stylesheets(head) == '<link href="../_static/basic.css" rel="stylesheet" />'


def test_styles_from_the_body_go_to_the_head_once():
    from lipse_widgets.sphinxext.site_quality import styles_to_head

    body = "<div><style>.a{x:1}</style><p>t</p><style>.a{x:1}</style><style>.b{}</style></div>"
    new_body, head = styles_to_head(body)
    assert new_body == "<div><p>t</p></div>"
    assert str(head) == "<style>.a{x:1}</style><style>.b{}</style>"


# ---- descriptions, the index page, the theme's stylesheet and icon fonts ------------


def _doctree(rst: str):
    from docutils.core import publish_doctree

    return publish_doctree(rst, settings_overrides={"report_level": 5})


def test_a_page_is_described_by_its_key_messages_else_its_first_paragraph():
    from lipse_widgets.sphinxext.descriptions import describe

    page = _doctree(
        "Title\n=====\n\nIntro paragraph that is long enough to describe the page.\n\n"
        ".. admonition:: Key messages\n\n   - Later adopters matter more than innovators [1]_.\n"
        "   - Second.\n\n.. [1] A note.\n"
    )
    assert describe(page) == "Later adopters matter more than innovators."
    page = _doctree(
        "Title\n=====\n\n.. note:: Not this.\n\nThe first paragraph of prose, long enough.\n"
    )
    assert describe(page) == "The first paragraph of prose, long enough."


def test_a_long_description_is_cut_at_a_word():
    from lipse_widgets.sphinxext.descriptions import shorten

    text = "word " * 100
    short = shorten(text.strip(), 50)
    assert len(short) <= 50 and short.endswith("word…")


def test_the_index_page_is_a_valid_redirect():
    from lipse_widgets.sphinxext.redirect import redirect_page

    page = redirect_page(title="A & B", target="intro.html")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<title>A &amp; B</title>" in page
    assert '<meta http-equiv="refresh" content="0; url=intro.html">' in page


def test_unused_one_class_rules_leave_the_theme_stylesheet():
    from lipse_widgets.sphinxext.unused_css import drop_unused_rules

    css = (
        ".used{a:1}.unused{b:2}.unused:hover,.unused2::before{c:3}.used .unused{d:4}"
        "@media (min-width:1px){.mt-lg-3{e:5}.used-too{f:6}}.a.b{g:7}p{h:8}"
    )
    kept = drop_unused_rules(css, {"used", "used-too"})
    assert (
        kept == ".used{a:1}.used .unused{d:4}@media (min-width:1px){.used-too{f:6}}.a.b{g:7}p{h:8}"
    )


def test_the_icon_fonts_keep_the_icons_the_site_uses(tmp_path):
    import shutil

    import pydata_sphinx_theme
    from fontTools.ttLib import TTFont

    from lipse_widgets.sphinxext.icon_fonts import icon_table, subset_font

    table = icon_table(
        '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-x:before{content:"\uf00d"}'
    )
    assert table == {"fa-bars": {0xF0C9}, "fa-navicon": {0xF0C9}, "fa-x": {0xF00D}}
    theme = next(Path(pydata_sphinx_theme.__file__).parent.rglob("fa-solid-900.woff2"))
    font = tmp_path / "fa-solid-900.woff2"
    shutil.copy(theme, font)
    before, after = subset_font(font, {0xF0C9, 0xF002})
    assert after < before / 20
    assert set(TTFont(font).getBestCmap()) == {0xF0C9, 0xF002}


@pytest.mark.parametrize("name", ["fa-solid-900.woff2", "fa-solid-900.ttf"])
def test_the_icon_fonts_are_the_same_bytes_in_every_build(name, tmp_path, monkeypatch):
    import shutil

    import pydata_sphinx_theme

    from lipse_widgets.sphinxext.icon_fonts import subset_font

    theme = next(Path(pydata_sphinx_theme.__file__).parent.rglob(name))
    made = []
    for build, now in enumerate(("1700000000", "1800000000")):  # two builds, years apart
        monkeypatch.setenv("SOURCE_DATE_EPOCH", now)  # fontTools' clock
        font = tmp_path / str(build) / name
        font.parent.mkdir()
        shutil.copy(theme, font)
        subset_font(font, {0xF0C9, 0xF002})
        made.append(font.read_bytes())
    assert made[0] == made[1]
