"""The fix to tinyhtml5's cache of expressions (selfcheck/html_parsing.py) changes nothing in
the trees it parses, and the cache is used."""

from __future__ import annotations

from xml.etree import ElementTree

import tinyhtml5
from hypothesis import given, settings
from hypothesis import strategies as st
from tinyhtml5 import inputstream

from selfcheck import html_parsing

from .conftest import examples

PAGE = """<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Título</title></head>
<body><p class='a' data-x="1 &amp; 2">Texto &lt;escapado&gt; &eacute; ¿sí?<br>línea<!-- c -->
<svg viewBox="0 0 10 10"><rect x="0" width="5" height="5"/></svg></p>
<ul><li>uno<li>dos</ul><table><tr><td>celda</table><pre>
  pre   </pre><p>sin cerrar<div>bloque</div></body></html>"""


def parsed(html: str) -> bytes:
    return ElementTree.tostring(tinyhtml5.parse(html, namespace_html_elements=False))


def with_cache(cache: dict, html: str) -> bytes:
    kept = inputstream.characters_until_regex
    inputstream.characters_until_regex = cache
    try:
        return parsed(html)
    finally:
        inputstream.characters_until_regex = kept


def test_the_same_tree_and_each_expression_made_once():
    cache = html_parsing.Expressions()
    assert with_cache(cache, PAGE) == with_cache({}, PAGE)
    made = dict(cache)
    with_cache(cache, PAGE)
    assert cache == made and all(isinstance(key[0], tuple | frozenset | str) for key in cache)


@settings(max_examples=examples(100), deadline=None)
@given(st.text(alphabet=st.sampled_from("<>/&;=\"' \n\tab-!#é\x00pli"), max_size=80))
def test_any_text_parses_the_same(html):
    assert with_cache(html_parsing.Expressions(), html) == with_cache({}, html)


def test_install_is_idempotent():
    html_parsing.install()
    cache = inputstream.characters_until_regex
    html_parsing.install()
    assert inputstream.characters_until_regex is cache
    assert isinstance(cache, html_parsing.Expressions)
