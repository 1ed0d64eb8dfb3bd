"""Read a PDF's structure tree (its tags) and report what PDF/UA-1 checkers report about lists
and empty elements, and whether each answer is tagged together with its question; and read
the size of every piece of text it draws (for large print).

veraPDF (Java) is not available to the tests; these are the checks it made fail for us
(ISO 14289-1 7.2, tests 19 and 20), plus what a screen reader user hears when they are wrong:

- an L (list) may hold only L, LI and Caption;
- an LI (list item) may hold only Lbl (its number or bullet) and LBody (its content);
- no tagged element is empty (no text, no picture, no link: a screen reader stops on nothing);
- an answer sits in the same list item (or table row) as its question.

The text of each marked-content sequence comes from pypdf's text extraction, attributed to
the MCID it is drawn in.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

LIST_KIDS = {"L", "LI", "Caption"}
ITEM_KIDS = {"Lbl", "LBody"}
ITEMS = {"LI", "LBody", "TR"}  # an element that holds one thing: one item, one table row


@dataclass(eq=False)
class Element:
    """One structure element: its type, its own text (in reading order) and its kids."""

    kind: str
    own: list[str] = field(default_factory=list)  # text of its marked content, in order
    children: list[Element] = field(default_factory=list)
    alt: str = ""
    links: int = 0  # annotations (links) it holds
    pages: set[int] = field(default_factory=set)

    @property
    def compact(self) -> str:
        """Its text without any white space (a word broken over two lines is one again)."""
        return "".join(self.text.split())

    @property
    def text(self) -> str:
        """Everything it says, whitespace squeezed, kids in order."""
        parts = list(self.own) + [child.text for child in self.children]
        return " ".join(" ".join(parts).split())

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def empty(self) -> bool:
        return not (self.text or self.alt or self.links)

    def outline(self, depth: int = 0) -> str:
        """The tree as indented lines, for failure messages and for people."""
        said = " ".join(" ".join(self.own).split())
        line = "  " * depth + self.kind + (f" {said[:70]!r}" if said else "")
        return "\n".join([line, *(child.outline(depth + 1) for child in self.children)])


def marked_text(reader: PdfReader) -> dict[tuple[int, int], list[str]]:
    """(page object number, MCID) → the text drawn inside that marked content."""
    found: dict[tuple[int, int], list[str]] = {}
    for page in reader.pages:
        number = page.indirect_reference.idnum
        stack: list[int | None] = []

        def before(operator, operands, cm, tm, stack=stack):
            if operator == b"BDC":
                props = operands[1] if len(operands) > 1 else None
                stack.append(props.get("/MCID") if isinstance(props, dict) else None)
            elif operator == b"BMC":
                stack.append(None)
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(said, cm, tm, font, size, stack=stack, number=number):
            if said and stack and stack[-1] is not None:
                found.setdefault((number, int(stack[-1])), []).append(said)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return found


def read_tree(pdf: bytes | PdfReader) -> Element:
    """The structure tree of a PDF, from its StructTreeRoot."""
    reader = pdf if isinstance(pdf, PdfReader) else PdfReader(io.BytesIO(pdf))
    texts = marked_text(reader)
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}

    def page_of(node, inherited):
        ref = node.raw_get("/Pg") if "/Pg" in node else None
        return ref.idnum if isinstance(ref, IndirectObject) else inherited

    def build(node, page) -> Element:
        page = page_of(node, page)
        element = Element(str(node.get("/S", "StructTreeRoot")).lstrip("/"))
        element.alt = str(node.get("/Alt", "")).strip()
        kids = node.get("/K")
        kids = kids if isinstance(kids, (list, ArrayObject)) else [] if kids is None else [kids]
        for kid in kids:
            if isinstance(kid, int):  # an MCID on this element's page
                element.own += texts.get((page, kid), [])
                element.pages.add(pages.get(page, -1))
                continue
            kid = kid.get_object()
            if not isinstance(kid, DictionaryObject):
                continue
            kind = kid.get("/Type")
            if kind == "/MCR":
                mcr_page = page_of(kid, page)
                element.own += texts.get((mcr_page, int(kid["/MCID"])), [])
                element.pages.add(pages.get(mcr_page, -1))
            elif kind == "/OBJR":
                element.links += 1
            elif "/S" in kid:
                element.children.append(build(kid, page))
        return element

    return build(reader.trailer["/Root"]["/StructTreeRoot"], None)


def problems(root: Element) -> list[str]:
    """What a PDF/UA-1 checker (lists, empty elements) would report, as readable lines."""
    found = []
    for element in root.walk():
        kinds = [child.kind for child in element.children]
        if element.kind == "L" and set(kinds) - LIST_KIDS:
            found.append(
                f"L holds {', '.join(sorted(set(kinds) - LIST_KIDS))}: {element.text[:60]!r}"
            )
        if element.kind == "LI" and set(kinds) - ITEM_KIDS:
            found.append(
                f"LI holds {', '.join(sorted(set(kinds) - ITEM_KIDS))}: {element.text[:60]!r}"
            )
        if element.kind != "StructTreeRoot" and element.empty():
            found.append(f"empty {element.kind} (in a {parent_kind(root, element)})")
    return found


def parent_kind(root: Element, target: Element) -> str:
    for element in root.walk():
        if any(child is target for child in element.children):
            return element.kind
    return "?"


def squeeze(text: str) -> str:
    return " ".join(text.split())


def section(root: Element, heading: str) -> Element | None:
    """The element whose first heading says `heading` (like the "Your answers" section)."""
    for element in root.walk():
        first = next((c for c in element.children if re.fullmatch(r"H\d?", c.kind)), None)
        if first is not None and first.text == squeeze(heading) and element.children[0] is first:
            return element
    return None


def apart(root: Element, pairs: list[tuple[str, str]]) -> list[str]:
    """Each (question, answer) whose answer is not tagged in the same item as its question:
    the smallest element holding the question followed by its answer must be one list item
    (LI or LBody) or one table row."""
    found = []
    for question, answer in pairs:
        question, answer = squeeze(question), squeeze(answer)
        asked, together = "".join(question.split()), "".join(f"{question}{answer}".split())
        holders = [e for e in root.walk() if asked in e.compact]
        deepest = [e for e in holders if not any(asked in c.compact for c in e.children)]
        if not deepest:
            found.append(f"question not found: {question!r}")
            continue
        for holder in deepest:
            owners = [
                e for e in holders if together in e.compact and any(d is holder for d in e.walk())
            ]
            smallest = owners[-1] if owners else None  # they nest: the last is the deepest
            if smallest is None:
                found.append(f"no answer after {question!r} (looked for {answer!r})")
            elif smallest.kind not in ITEMS:
                found.append(
                    f"{question!r} and its answer {answer!r} are only together in a "
                    f"{smallest.kind}, not in one item"
                )
    return found


@dataclass(frozen=True)
class Run:
    """A piece of text as drawn: its size in points and where it starts on its page."""

    text: str
    size: float
    x: float
    y: float
    page: int


def text_runs(pdf: bytes) -> list[Run]:
    """Every piece of text the PDF draws, with its size read from the content stream (the
    font size times the text and transformation matrices' vertical scale)."""
    reader = PdfReader(io.BytesIO(pdf))
    runs = []
    for number, page in enumerate(reader.pages):

        def seen(text, cm, tm, font, size, number=number):
            if text.strip():
                a, b, c, d, e, f = multiply(tm, cm)
                runs.append(Run(squeeze(text), round(size * math.hypot(c, d), 2), e, f, number))

        page.extract_text(visitor_text=seen)
    return runs


def multiply(m: list[float], n: list[float]) -> list[float]:
    """Two PDF matrices [a b c d e f] multiplied (m, then n)."""
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
