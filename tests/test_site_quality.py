"""The page trimming and accessibility fixes of lipse_widgets.sphinxext.site_quality."""

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
    assert "bootstrap.js" in trimmed and "doctools.js" in trimmed


def test_trim_head_keeps_search_where_it_is_used():
    trimmed = trim_head(HEAD, keep_search=True)
    assert "fontawesome.js" not in trimmed
    assert trimmed.count("<script") == 4


def test_bibliography_entries_get_a_current_role():
    body = '<div role="list"><div class="citation" id="id3" role="doc-biblioentry">'
    assert fix_body(body) == '<div role="list"><div class="citation" id="id3" role="listitem">'
