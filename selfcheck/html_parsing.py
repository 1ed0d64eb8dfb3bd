"""tinyhtml5 (WeasyPrint's HTML parser) keeps the regular expressions it reads text with in a
cache, but stores each under the expression instead of the characters it looks them up by
(tinyhtml5 2.1, inputstream.py, `chars_until`): every lookup misses, and the expression is
built again some 700 times per PDF, 40 % of the parsing. `install()` gives it a cache that
builds each expression under the right key, once, the way `chars_until` builds it; the
parsed tree is the same (tests/test_html_parsing.py). It does nothing to a tinyhtml5
without that cache.
"""

from __future__ import annotations

import re

from tinyhtml5 import inputstream


class Expressions(dict):
    """The expressions `chars_until` wants, made on first use: for `(characters, opposite)`,
    runs of those characters, or (without `opposite`) of any other character."""

    def __missing__(self, key: tuple) -> re.Pattern:
        characters, opposite = key
        listed = "".join(f"\\x{ord(character):02x}" for character in characters)
        expression = re.compile(f"[{listed}]+" if opposite else f"[^{listed}]+")
        self[key] = expression
        return expression


def install() -> None:
    """Give tinyhtml5 the cache (idempotent)."""
    cache = getattr(inputstream, "characters_until_regex", None)
    if type(cache) is dict:
        inputstream.characters_until_regex = Expressions()
