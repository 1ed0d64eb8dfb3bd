"""WeasyPrint's own user-agent stylesheet, cut to the rules that can apply to our PDFs.

WeasyPrint matches every rule of its user-agent stylesheet (html5_ua.css: every HTML
element, form fields, tables, footnotes) against every element of every PDF, makes a style
for six pseudo-elements of every element, and for the 16 margin boxes and the note area of
every page. Most of those rules can never apply to our PDFs: they name elements or
attributes the document does not have; they style the pseudo-elements and areas of
footnotes and notes, which WeasyPrint makes only for an element styled `float: footnote` or
`position: note()`; or they align the text of a margin box no stylesheet of ours mentions,
which has no content, so WeasyPrint does not make it. Dropping exactly those rules changes
nothing in the PDF (the cascade of the rules kept is the same, in the same order) and saves
about a tenth of its making (README, Performance).

The rules are WeasyPrint's, read from its file with tinycss2 and cssselect2, never copied:
a selector is dropped only when it needs an element name, an attribute or a pseudo-element
the document cannot have; anything this module cannot decide (other at-rules, pseudo-classes
such as `:not()`) is kept. tests/test_pdf_ua.py and tests/content/test_pdf_examples.py make
PDFs both ways and compare them byte for byte.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from xml.etree.ElementTree import Element

import cssselect2.parser as selectors
import tinycss2
import weasyprint.css
from tinycss2.ast import AtRule, Declaration, QualifiedRule
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle

# made by WeasyPrint only for an element laid out as a footnote or a note
NOTE_PSEUDO_ELEMENTS = frozenset(
    {"footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback"}
)
NOTE_AREAS = frozenset({"footnote", "note-area"})  # in @page: where footnotes and notes go
MARGIN_BOXES = frozenset(
    f"{side}-{place}"
    for side, places in [
        ("top", ["left-corner", "left", "center", "right", "right-corner"]),
        ("bottom", ["left-corner", "left", "center", "right", "right-corner"]),
        ("left", ["top", "middle", "bottom"]),
        ("right", ["top", "middle", "bottom"]),
    ]
    for place in places
)
# `:link` and `:visited` apply only to an element with a link
LINK_PSEUDO_CLASSES = frozenset({"link", "visited", "any-link"})
NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Vocabulary:
    """What documents and their stylesheets are made of, as far as WeasyPrint's rules can
    tell: lower-case element and attribute names, the margin boxes a stylesheet mentions
    (`bottom-right`), and whether anything is a footnote or a note."""

    elements: frozenset[str] = NOTHING
    attributes: frozenset[str] = NOTHING
    margin_boxes: frozenset[str] = NOTHING
    notes: bool = False

    @classmethod
    def of(cls, root: Element) -> Vocabulary:
        """A document's, with its <style> elements and style attributes."""
        elements, attributes, styles = set(), set(), []
        for element in root.iter():
            if isinstance(element.tag, str):  # not a comment
                name = local(element.tag)
                elements.add(name)
                attributes.update(local(attribute) for attribute in element.attrib)
                if name == "style":
                    styles.append(cls.of_stylesheet(element.text or ""))
                elif "style" in element.attrib:
                    notes = makes_notes(element.attrib["style"], attribute=True)
                    styles.append(Vocabulary(notes=notes))
        found = cls(frozenset(elements), frozenset(attributes))
        return functools.reduce(Vocabulary.__or__, styles, found)

    @classmethod
    def of_stylesheet(cls, css: str) -> Vocabulary:
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        boxes = {rule.lower_at_keyword for rule in at_rules(rules)} & MARGIN_BOXES
        return cls(margin_boxes=frozenset(boxes), notes=makes_notes(css))

    def __le__(self, other: Vocabulary) -> bool:
        return (
            self.elements <= other.elements
            and self.attributes <= other.attributes
            and self.margin_boxes <= other.margin_boxes
            and self.notes <= other.notes
        )

    def __or__(self, other: Vocabulary) -> Vocabulary:
        return Vocabulary(
            self.elements | other.elements,
            self.attributes | other.attributes,
            self.margin_boxes | other.margin_boxes,
            self.notes or other.notes,
        )


def local(name: str) -> str:
    """`{namespace}name` → `name`, lower-cased as selectors compare HTML names."""
    return name.rpartition("}")[2].lower()


def can_match(selector, vocabulary: Vocabulary) -> bool:
    """False only when `selector` (a cssselect2 parsed selector or one of its parts) needs
    an element, an attribute or a pseudo-element the document does not have."""
    match selector:
        case selectors.Selector():
            pseudo = selector.pseudo_element
            if pseudo in NOTE_PSEUDO_ELEMENTS and not vocabulary.notes:
                return False
            return can_match(selector.parsed_tree, vocabulary)
        case selectors.RelativeSelector():
            return can_match(selector.selector, vocabulary)
        case selectors.CombinedSelector():  # every compound must match an element
            return can_match(selector.left, vocabulary) and can_match(selector.right, vocabulary)
        case selectors.CompoundSelector():
            return all(can_match(simple, vocabulary) for simple in selector.simple_selectors)
        case selectors.LocalNameSelector():
            return selector.lower_local_name in vocabulary.elements
        case selectors.AttributeSelector():
            return selector.lower_name in vocabulary.attributes
        case selectors.PseudoClassSelector() if selector.name in LINK_PSEUDO_CLASSES:
            return "href" in vocabulary.attributes
        case selectors.MatchesAnySelector() | selectors.SpecificityAdjustmentSelector():
            return any(can_match(inner, vocabulary) for inner in selector.selector_list)
        case _:  # :not(), :has(), other pseudo-classes, namespaces: cannot tell, keep
            return True


def split_list(prelude: list) -> Iterable[list]:
    """A rule's selector list, one selector's tokens at a time."""
    part: list = []
    for token in prelude:
        if token == ",":
            yield part
            part = []
        else:
            part.append(token)
    yield part


def can_apply(area: str, vocabulary: Vocabulary) -> bool:
    """Whether a rule inside @page for `area` (a margin box, the footnote or note area, or
    anything else) can change a page of documents of `vocabulary`."""
    if area in NOTE_AREAS:
        return vocabulary.notes
    if area in MARGIN_BOXES:  # no content unless a stylesheet of ours gives it some
        return area in vocabulary.margin_boxes
    return True


@dataclass(frozen=True)
class Rule:
    """One rule of a stylesheet, ready to be written out for a vocabulary: a style rule's
    selectors (each as text and parsed), an @page rule's areas (`bottom-left`: its text),
    or any other rule's whole text."""

    selectors: tuple[tuple[str, tuple[selectors.Selector, ...]], ...] = ()
    areas: tuple[tuple[str, str], ...] = ()
    head: str = ""  # the selector list, or `@page` and its selectors
    body: str = ""  # the declarations, or a whole other rule

    def text_for(self, vocabulary: Vocabulary) -> str | None:
        """The rule with only what can apply to documents of `vocabulary`; None if nothing."""
        if self.selectors:
            wanted = [
                text
                for text, parsed in self.selectors
                if all(can_match(selector, vocabulary) for selector in parsed)
            ]
            return f"{', '.join(wanted)} {{{self.body}}}" if wanted else None
        if self.head:  # @page
            inner = [text for area, text in self.areas if can_apply(area, vocabulary)]
            return f"{self.head} {{ {' '.join([self.body, *inner])} }}"
        return self.body


def rules_of(css: str) -> list[Rule]:
    """The rules of a stylesheet, but its @counter-style ones, which WeasyPrint takes from
    its own stylesheet whatever the one used (HTML._ua_counter_style)."""
    rules = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if isinstance(rule, QualifiedRule):
            listed = tuple(
                (tinycss2.serialize(part).strip(), tuple(selectors.parse(part)))
                for part in split_list(rule.prelude)
            )
            rules.append(Rule(selectors=listed, body=tinycss2.serialize(rule.content)))
        elif not isinstance(rule, AtRule) or rule.lower_at_keyword == "counter-style":
            continue
        elif rule.lower_at_keyword == "page" and rule.content is not None:
            parts = tinycss2.parse_blocks_contents(
                rule.content, skip_comments=True, skip_whitespace=True
            )
            own = [part.serialize() for part in parts if isinstance(part, Declaration)]
            inside = [part for part in parts if isinstance(part, AtRule)]
            areas = tuple((area.lower_at_keyword, area.serialize()) for area in inside)
            kept = all(isinstance(part, Declaration | AtRule) for part in parts)
            head = f"@page{tinycss2.serialize(rule.prelude).rstrip()}"
            rules.append(
                Rule(areas=areas, head=head, body="; ".join(own) + (";" if own else ""))
                if kept
                else Rule(body=rule.serialize())
            )
        else:
            rules.append(Rule(body=rule.serialize()))
    return rules


def trimmed(rules: Iterable[Rule], vocabulary: Vocabulary) -> str:
    """The stylesheet of `rules` without the selectors that cannot match in a document of
    `vocabulary`, and without the rules left with none."""
    return "\n".join(text for rule in rules if (text := rule.text_for(vocabulary)) is not None)


@functools.cache
def weasyprint_ua() -> list[Rule]:
    """The rules of the user-agent stylesheet of the WeasyPrint installed."""
    return rules_of((files(weasyprint.css) / "html5_ua.css").read_text("utf-8"))


class UserAgent:
    """A renderer's user-agent stylesheet: WeasyPrint's rules that can apply to any of the
    documents it has made so far, with any of the stylesheets it has used. It only grows (a
    rule kept for nothing changes nothing), so once the warm-up page has been made it is
    rebuilt only for a document with an element or attribute that brings back a rule of
    WeasyPrint's (a few ms, once)."""

    def __init__(self) -> None:
        self.rules = weasyprint_ua()
        self.seen = Vocabulary()
        self.text = trimmed(self.rules, self.seen)
        self.sheet = CSS(string=self.text, counter_style=CounterStyle())

    def use_stylesheet(self, css: str) -> None:
        """A stylesheet of ours that PDFs are made with (its margin boxes, its footnotes)."""
        self.learn(Vocabulary.of_stylesheet(css))

    def stylesheet(self, root: Element) -> CSS:
        """The stylesheet for the document of `root` (and the documents before it)."""
        self.learn(Vocabulary.of(root))
        return self.sheet

    def learn(self, vocabulary: Vocabulary) -> None:
        if vocabulary <= self.seen:
            return
        self.seen = self.seen | vocabulary
        text = trimmed(self.rules, self.seen)
        if text != self.text:
            self.text, self.sheet = text, CSS(string=text, counter_style=CounterStyle())


def makes_notes(css: str, attribute: bool = False) -> bool:
    """Whether a stylesheet (or, with `attribute`, a style attribute) lays an element out as
    a footnote (`float: footnote`) or a note (`position: note()`)."""
    if "note" not in css.lower():
        return False
    if attribute:
        items = tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True)
    else:
        items = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    for declaration in declarations(items):
        value = tinycss2.serialize(declaration.value).lower()
        if declaration.lower_name == "float" and "footnote" in value:
            return True
        if declaration.lower_name == "position" and "note(" in value:
            return True
    return False


def nested(items: Iterable) -> Iterable:
    """Every rule and declaration in parsed CSS, at any depth (@media, @page, nesting)."""
    for item in items:
        yield item
        if isinstance(item, QualifiedRule | AtRule) and item.content is not None:
            yield from nested(
                tinycss2.parse_blocks_contents(
                    item.content, skip_comments=True, skip_whitespace=True
                )
            )


def declarations(items: Iterable) -> Iterable[Declaration]:
    return (item for item in nested(items) if isinstance(item, Declaration))


def at_rules(items: Iterable) -> Iterable[AtRule]:
    return (item for item in nested(items) if isinstance(item, AtRule))


class TrimmedHTML(HTML):
    """A document laid out with the user-agent rules of `user_agent` (WeasyPrint's that can
    apply to it) instead of all of WeasyPrint's."""

    def __init__(self, *args, user_agent: UserAgent, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user_agent = user_agent

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        if forms:  # form fields drawn into the PDF: WeasyPrint's whole sheets
            return super()._ua_stylesheets(forms)
        return [self.user_agent.stylesheet(self.etree_element)]
