"""Reading pages and PDFs as a person would: the words, and the list of questions."""

from __future__ import annotations

import re
from html import unescape


def text_of(page) -> str:
    """A page (HTML text or a response) as words: scripts and tags removed, entities decoded,
    spaces folded."""
    html = page if isinstance(page, str) else page.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return words(unescape(re.sub(r"<[^>]+>", " ", html)))


def words(text: str) -> str:
    """Text with every run of white space folded into one space."""
    return " ".join(text.split())


def prompts_on(page) -> list[str]:
    """The clinician questions a results page lists, in order."""
    html = page if isinstance(page, str) else page.get_data(as_text=True)
    return [unescape(p) for p in re.findall(r'<p class="prompt-text">(.*?)</p>', html, re.S)]


def prompt_ids(page) -> set[str]:
    """The ids of the clinician questions a results page shows (the list and "more")."""
    html = page if isinstance(page, str) else page.get_data(as_text=True)
    return set(re.findall(r'id="prompt-([a-z0-9_]+)"', html))
