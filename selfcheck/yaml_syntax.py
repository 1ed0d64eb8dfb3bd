"""YAML mistakes explained in plain words, at the line where the mistake is.

A parser says "expected <block end>, but found '<block mapping start>'" one line after a key
was indented by one space too few. People who edit questions.yaml need: which line, what is
wrong with it, and what to do. The file's own lines are read again to say that: a tab, a key
indented differently from its neighbours (and which block it seems to belong to), a colon in
unquoted text, a quote that is never closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

GENERIC = (
    "this line is not valid YAML. Check that it is indented with spaces like the lines of its "
    "block, and put text that contains a colon (:) or starts with a quote in quotes."
)
BLOCK_TEXT = re.compile(r":\s+[>|][+-]?\s*(#.*)?$")


@dataclass(frozen=True)
class Line:
    number: int
    indent: int  # spaces before the text
    text: str

    @property
    def item(self) -> bool:
        return self.text.startswith("- ") or self.text == "-"

    @property
    def content_indent(self) -> int:
        """Where the keys of this line's block start ("- id: x" keys start after the dash)."""
        if self.item:
            return self.indent + len(self.text) - len(self.text[1:].lstrip())
        return self.indent

    @property
    def opens_block(self) -> bool:
        return self.text.rstrip().endswith(":")

    @property
    def shown(self) -> str:
        text = self.text.strip()
        return text if len(text) <= 40 else text[:37] + "…"


def meaningful(text: str) -> list[Line]:
    """The lines that hold YAML (not blank, not comments), with their indentation."""
    lines = []
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.lstrip(" ")
        if stripped and not stripped.startswith("#"):
            lines.append(Line(number, len(raw) - len(stripped), stripped))
    return lines


def tab_line(text: str) -> int | None:
    """The first line indented with a tab (YAML allows only spaces there)."""
    for number, raw in enumerate(text.splitlines(), 1):
        indent = raw[: len(raw) - len(raw.lstrip(" \t"))]
        if "\t" in indent and raw.strip():
            return number
    return None


def misindented(lines: list[Line], at: int) -> tuple[Line, Line, int] | None:
    """A line just before or at line `at` (where the parser stopped) whose indentation fits
    no block around it: (the line, the block it seems to belong to, its lines' indent)."""
    for i, line in enumerate(lines):
        if line.number > at:
            break
        if i == 0 or line.number < at - 2 or _in_block_text(lines, i):
            continue
        previous = lines[i - 1]
        if previous.opens_block and line.indent > previous.content_indent:
            continue  # the first line of a new block
        if previous.item and line.indent == previous.content_indent:
            continue  # another key of the item above
        if line.item and previous.opens_block and line.indent >= previous.indent:
            continue  # a list under a key may start at the key's own indentation
        ancestors = _ancestors(lines, i)
        if any(line.indent == a.content_indent for a in ancestors) or any(
            line.item and line.indent == a.indent for a in ancestors if a.item
        ):
            continue
        if line.indent == previous.indent:
            continue
        return (line, *_nearest_block(lines, i, line))
    return None


def _in_block_text(lines: list[Line], index: int) -> bool:
    """Whether a line is part of a text written as a block (`key: >-` then indented lines)."""
    for line in reversed(lines[:index]):
        if line.indent < lines[index].indent:
            return BLOCK_TEXT.search(line.text) is not None
    return False


def _nearest_block(lines: list[Line], index: int, line: Line) -> tuple[Line, int]:
    """The block whose lines are indented nearest to `line` (the deeper one on a tie), among
    the blocks around it: (the line that starts that block, the indent of its lines). A list
    item is matched with the dashes of the items above it."""
    above = _ancestors(lines, index)
    choices = []
    for depth, candidate in enumerate(above):
        parent = next((a for a in above[depth + 1 :] if a.indent < candidate.indent), lines[0])
        if line.item and candidate.item:
            level, owner = candidate.indent, parent
        else:
            level, owner = candidate.content_indent, candidate if candidate.item else parent
        choices.append((abs(level - line.indent), -level, owner.number, owner, level))
    *_, owner, level = min(choices)
    return owner, level


def _ancestors(lines: list[Line], index: int) -> list[Line]:
    """The lines above `index` that each start a block less indented than the one before."""
    found: list[Line] = []
    limit = lines[index].indent + 10**6
    for line in reversed(lines[:index]):
        if line.indent < limit:
            found.append(line)
            limit = line.indent
    return found


def explain(text: str, error: yaml.YAMLError) -> tuple[int, str]:
    """(line, message) for a YAML syntax error, in plain words."""
    tab = tab_line(text)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    at = mark.line + 1 if mark else 1
    if tab is not None and tab <= at + 1:
        return tab, (
            "this line is indented with a tab. YAML needs spaces: replace the tab with spaces, "
            "lined up with the other lines of its block."
        )
    problem = str(getattr(error, "problem", "") or "")
    context = str(getattr(error, "context", "") or "")
    if "nesting depth" in problem:
        return at, "the file nests deeper than 32 levels. Check the indentation."
    if "quoted scalar" in context or "quoted scalar" in problem:
        start = getattr(error, "context_mark", None)
        line = start.line + 1 if start else at
        return line, (
            "the text in quotes that starts on this line has no closing quote. Add the "
            "closing quote at the end of the text."
        )
    lines = meaningful(text)
    wrong = misindented(lines, at)
    if wrong is not None:
        line, parent, siblings = wrong
        return line.number, (
            f"“{line.shown}” is indented {_spaces(line.indent)}, but it seems to belong to the "
            f"block that starts on line {parent.number} (“{parent.shown}”), whose lines are "
            f"indented {_spaces(siblings)}. Line it up with them."
        )
    if "mapping values are not allowed" in problem:
        return at, (
            "this line has a colon (:) inside a text. Put the whole text in quotes, like "
            'label: "Time: how long?".'
        )
    return at, GENERIC


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"
