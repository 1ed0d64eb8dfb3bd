"""Two repairs to the tags WeasyPrint 70 writes into a PDF, so a screen reader announces each
list with the right number of items and each section once.

WeasyPrint builds the structure tree one page at a time, from the boxes laid out on it:

- An element that runs over a page break (the "Your answers" section, a long list) is
  tagged once per page, so a screen reader hears two sections, or two lists of 3 and 2
  items instead of one of 5 (Kozea/WeasyPrint#2903). Here the pieces of one HTML element
  that follow each other are joined back into one structure element.
- A list item that holds blocks (paragraphs) gets them straight under its LI, where
  PDF/UA-1 allows only a label (Lbl) and a body (LBody) (ISO 14289-1, 7.2, test 20). Here
  they are put in one LBody, after the item's number or bullet.

Both happen on WeasyPrint's own objects before the PDF is written: `_build_box_tree` is
wrapped to note which HTML element each structure element comes from, and `add_tags` to
tidy the finished tree. Nothing else of WeasyPrint changes. `install()` refuses to run on
a WeasyPrint without these functions (the tests of tests/test_pdf_structure.py would fail).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import pydyf
import weasyprint.pdf
import weasyprint.pdf.tags

SOURCE = "selfcheck_source"  # attribute set on a structure element: the HTML element it tags
TIDY = ContextVar("selfcheck_tidy_tags", default=True)


def install() -> None:
    """Wrap WeasyPrint's tag building once (idempotent)."""
    tags = weasyprint.pdf.tags
    if getattr(tags, "selfcheck_installed", False):
        return
    if not callable(getattr(tags, "_build_box_tree", None)) or not callable(
        getattr(weasyprint.pdf, "add_tags", None)
    ):
        raise ImportError(
            "this WeasyPrint builds PDF tags differently: selfcheck/pdf_tags.py needs updating"
        )
    tags._build_box_tree = noting_sources(tags._build_box_tree)
    weasyprint.pdf.add_tags = tidying(weasyprint.pdf.add_tags)
    tags.selfcheck_installed = True


def noting_sources(build: Callable[..., Iterator[pydyf.Dictionary]]):
    """Each structure element built for a box remembers the box's HTML element (and which
    part of it: the element itself or a pseudo-element like ::marker)."""

    @functools.wraps(build)
    def build_noting(box, *args: Any) -> Iterator[pydyf.Dictionary]:
        element = getattr(box, "element", None)
        source = None if element is None else (id(element), getattr(box, "element_tag", None))
        for structure in build(box, *args):
            if not hasattr(structure, SOURCE):  # html and body pass on their kids' elements
                setattr(structure, SOURCE, source)
            yield structure

    return build_noting


def tidying(add_tags: Callable[..., None]):
    @functools.wraps(add_tags)
    def add_tidy_tags(pdf: pydyf.PDF, *args: Any) -> None:
        add_tags(pdf, *args)
        if TIDY.get():
            tidy(pdf)

    return add_tidy_tags


@contextmanager
def weasyprint_tags_only():
    """PDFs made inside this block keep WeasyPrint's own tags (for tests that show why)."""
    token = TIDY.set(False)
    try:
        yield
    finally:
        TIDY.reset(token)


def tidy(pdf: pydyf.PDF) -> None:
    """Join elements split by page breaks, then give every list item one body."""
    objects = pdf.objects

    def get(reference: Any) -> Any:
        if isinstance(reference, bytes):
            return objects[int(reference.split()[0])]
        return None

    def is_element(thing: Any) -> bool:
        return isinstance(thing, pydyf.Dictionary) and thing.get("Type") == "/StructElem"

    def only_elements(element: pydyf.Dictionary) -> bool:
        return all(is_element(get(kid)) for kid in element["K"])

    def same_source(first: pydyf.Dictionary, second: pydyf.Dictionary) -> bool:
        source = getattr(first, SOURCE, None)
        return (
            source is not None
            and source == getattr(second, SOURCE, None)
            and first["S"] == second["S"]
            and only_elements(first)
            and only_elements(second)
        )

    def adopt(parent: pydyf.Dictionary, reference: bytes) -> None:
        get(reference)["P"] = parent.reference
        parent["K"].append(reference)

    def join_pieces(element: pydyf.Dictionary) -> None:
        kept: list[Any] = []
        for reference in element["K"]:
            previous, piece = get(kept[-1]) if kept else None, get(reference)
            if is_element(previous) and is_element(piece) and same_source(previous, piece):
                for kid in piece["K"]:
                    adopt(previous, kid)
                piece.clear()  # left unreferenced and empty: nothing points to it
                continue
            kept.append(reference)
        element["K"] = pydyf.Array(kept)

    def one_body(item: pydyf.Dictionary) -> None:
        kids = [(reference, get(reference)) for reference in item["K"]]
        if not all(is_element(kid) for _, kid in kids):
            return
        labels = [reference for reference, kid in kids if kid["S"] == "/Lbl"]
        rest = [(reference, kid) for reference, kid in kids if kid["S"] != "/Lbl"]
        if not rest or (len(rest) == 1 and rest[0][1]["S"] == "/LBody"):
            return
        if rest[0][1]["S"] == "/LBody":
            body, rest = rest[0][1], rest[1:]
        else:
            body = pydyf.Dictionary(
                {
                    "Type": "/StructElem",
                    "S": "/LBody",
                    "K": pydyf.Array(),
                    "Pg": rest[0][1]["Pg"],
                    "P": item.reference,
                }
            )
            pdf.add_object(body)
        for reference, _ in rest:
            adopt(body, reference)
        item["K"] = pydyf.Array([*labels, body.reference])

    def visit(element: pydyf.Dictionary) -> None:
        join_pieces(element)
        if element["S"] == "/LI":
            one_body(element)
        for reference in element["K"]:
            kid = get(reference)
            if is_element(kid):
                visit(kid)

    root = get(pdf.catalog["StructTreeRoot"])
    for reference in root["K"]:
        visit(get(reference))
