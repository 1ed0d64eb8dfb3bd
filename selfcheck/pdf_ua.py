"""WeasyPrint's own user-agent stylesheet, cut to the rules that can apply to one document.

WeasyPrint matches every rule of its user-agent stylesheet (html5_ua.css: every HTML
element, form fields, tables, footnotes) against every element of every PDF, and makes a
style for six pseudo-elements of every element. Most of those rules can never apply to our
PDFs: they name elements or attributes the document does not have, or pseudo-elements of
footnotes and notes, which WeasyPrint makes only for an element styled `float: footnote`
or `position: note()`. Dropping exactly those rules changes nothing in the PDF (the
cascade of the rules kept is the same, in the same order) and saves about a tenth of its
making (README, Performance).

The rules are WeasyPrint's, read from its file with tinycss2 and cssselect2, never copied:
a selector is dropped only when it needs an element name, an attribute or a pseudo-element
the document cannot have; anything this module cannot decide (other at-rules, pseudo-classes
such as `:not()`) is kept. tests/test_pdf_ua.py renders several reports both ways and
compares them page by page.
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
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle

# made by WeasyPrint only for an element laid out as a footnote or a note
NOTE_PSEUDO_ELEMENTS = frozenset(
    {"footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback"}
)
# `:link` and `:visited` apply only to an element with a link
LINK_PSEUDO_CLASSES = frozenset({"link", "visited", "any-link"})


@dataclass(frozen=True)
class Vocabulary:
    """What a document is made of, as far as selectors can tell: lower-case element and
    attribute names, and whether it has footnotes or notes."""

    elements: frozenset[str]
    attributes: frozenset[str]
    notes: bool = False

    @classmethod
    def of(cls, root: Element) -> Vocabulary:
        elements, attributes, notes = set(), set(), False
        for element in root.iter():
            if isinstance(element.tag, str):  # not a comment
                name = local(element.tag)
                elements.add(name)
                attributes.update(local(attribute) for attribute in element.attrib)
                if name == "style":
                    notes = notes or makes_notes(element.text or "")
                elif "style" in element.attrib:
                    notes = notes or makes_notes(element.attrib["style"], attribute=True)
        return cls(frozenset(elements), frozenset(attributes), notes)

    def __le__(self, other: Vocabulary) -> bool:
        return (
            self.elements <= other.elements
            and self.attributes <= other.attributes
            and self.notes <= other.notes
        )

    def __or__(self, other: Vocabulary) -> Vocabulary:
        return Vocabulary(
            self.elements | other.elements,
            self.attributes | other.attributes,
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


@dataclass(frozen=True)
class Rule:
    """One rule of a stylesheet: its selectors, each with its text and parsed form (none
    for an at-rule, kept whole), and the rest of its text."""

    selectors: tuple[tuple[str, tuple[selectors.Selector, ...]], ...]
    body: str

    def text_for(self, vocabulary: Vocabulary) -> str | None:
        """The rule with only its selectors that can match; None if none can."""
        if not self.selectors:
            return self.body
        wanted = [
            text
            for text, parsed in self.selectors
            if all(can_match(selector, vocabulary) for selector in parsed)
        ]
        return f"{', '.join(wanted)} {{{self.body}}}" if wanted else None


def rules_of(css: str) -> list[Rule]:
    """The rules of a stylesheet, but its @counter-style ones, which WeasyPrint takes from
    its own stylesheet whatever the one used (HTML._ua_counter_style)."""
    rules = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            listed = tuple(
                (tinycss2.serialize(part).strip(), tuple(selectors.parse(part)))
                for part in split_list(rule.prelude)
            )
            rules.append(Rule(listed, tinycss2.serialize(rule.content)))
        elif rule.type == "at-rule" and rule.lower_at_keyword != "counter-style":
            rules.append(Rule((), rule.serialize()))
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
    documents it has made so far. It only grows (a rule kept for nothing changes nothing),
    so once the warm-up page has been made it is rebuilt only for a document with an
    element or attribute that brings back a rule of WeasyPrint's (a few ms, once)."""

    def __init__(self) -> None:
        self.rules = weasyprint_ua()
        self.seen = Vocabulary(frozenset(), frozenset())
        self.text = trimmed(self.rules, self.seen)
        self.sheet = CSS(string=self.text, counter_style=CounterStyle())

    def allow_notes(self) -> None:
        """A stylesheet in use lays something out as a footnote or a note."""
        self.learn(Vocabulary(frozenset(), frozenset(), notes=True))

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


def declarations(items: Iterable) -> Iterable:
    """Every declaration in parsed CSS, at any depth (@media, @page, nested rules)."""
    for item in items:
        if item.type == "declaration":
            yield item
        elif item.type in ("qualified-rule", "at-rule") and item.content is not None:
            yield from declarations(
                tinycss2.parse_blocks_contents(
                    item.content, skip_comments=True, skip_whitespace=True
                )
            )


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
