"""A condition in plain words, for the clinician who reviews the content before it is used.

`describe(condition, questionnaire, lang)` says when something is shown using each
question's label and the answers' labels (never ids): "the answer to “How old are you?”
is 70 years or more and the answer to “Do you smoke?” is “No”". `not` is pushed
down to the comparisons (De Morgan), so every sentence is positive and exact — including
that a question nobody answered makes a comparison false ("… is not “Male” or was not
given"). `compact` writes the same condition with ids, in small print, for finding it in
the file. Pure functions: the connective words come from the gettext catalogue of `lang`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations

from .conditions import All, AnyOf, Compare, Condition, Not
from .questionnaire import Questionnaire
from .translations import number

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
# numeric operators and their opposites, for `not` pushed down onto a comparison
OPPOSITE = {"gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt"}
SYMBOL = {"equals": "=", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}


@lru_cache(maxsize=8)
def catalogue(lang: str) -> NullTranslations:
    """The interface words of `lang` (English is the source language: no catalogue)."""
    return Translations.load(str(TRANSLATIONS), [lang])


def describe(
    condition: Condition, questionnaire: Questionnaire, lang: str = "en", *, spell_out: bool = False
) -> str:
    """When `condition` holds, in plain words in `lang` (the questionnaire in that language);
    a named condition reads as its name, unless `spell_out` (to say what the name means)."""
    describer = _Describer(questionnaire, lang)
    if spell_out:
        describer.named.pop(condition, None)
    return describer.condition(condition, negated=False, nested=False)


def clauses(
    condition: Condition, questionnaire: Questionnaire, lang: str = "en"
) -> tuple[str | None, list[str]]:
    """The same words split at the top: ("all", [each clause]) when every clause must hold,
    ("any", [...]) when one is enough, (None, [sentence]) for a single comparison — for a
    page that lists the clauses one under the other."""
    describer = _Describer(questionnaire, lang)
    negated = False
    while isinstance(condition, Not) and condition not in describer.named:
        condition, negated = condition.item, not negated
    if condition in describer.named or isinstance(condition, Compare) or len(condition.items) == 1:
        return None, [describer.condition(condition, negated=negated, nested=False)]
    conjunction = isinstance(condition, All) != negated
    items = [describer.condition(item, negated=negated, nested=False) for item in condition.items]
    return ("all" if conjunction else "any"), items


class _Describer:
    def __init__(self, questionnaire: Questionnaire, lang: str):
        self.questionnaire, self.lang = questionnaire, lang
        self.words = catalogue(lang)
        # a named condition reads as its name wherever it is used (it is spelled out once)
        self.named = {named.when: named.label for named in questionnaire.conditions}

    def condition(self, condition: Condition, *, negated: bool, nested: bool) -> str:
        label = self.named.get(condition)
        if label is not None:
            fields = {"label": label}
            if negated:
                return self.words.gettext("“%(label)s” does not hold") % fields
            return self.words.gettext("“%(label)s” holds") % fields
        if isinstance(condition, Not):
            return self.condition(condition.item, negated=not negated, nested=nested)
        if isinstance(condition, Compare):
            return self.compare(condition, negated)
        # De Morgan: not all(…) is any(not …), not any(…) is all(not …)
        conjunction = isinstance(condition, All) != negated
        items = [self.condition(item, negated=negated, nested=True) for item in condition.items]
        if len(items) == 1:
            return items[0]
        text = self.join(items, conjunction)
        return f"({text})" if nested else text

    def join(self, clauses: list[str], conjunction: bool) -> str:
        """Clauses (each a whole "the answer to … is …") as "a, and b", "a, b, or c"; with
        semicolons when a clause holds commas itself (not in quotes, numbers or a group)."""
        w = self.words
        if any("," in _bare(clause) for clause in clauses):
            separator = "; "
            if conjunction:
                pattern = w.gettext("%(clauses)s; and %(last)s")
            else:
                pattern = w.gettext("%(clauses)s; or %(last)s")
        else:
            separator = ", "
            if conjunction:
                pattern = w.gettext("%(clauses)s, and %(last)s")
            else:
                pattern = w.gettext("%(clauses)s, or %(last)s")
        return pattern % {"clauses": separator.join(clauses[:-1]), "last": clauses[-1]}

    def values(self, compare: Compare, negated: bool) -> str:
        """The answers a comparison names, as the person read them, each in quotes:
        "“A” or “B”", "“A”, “B”, or “C”" (after a negation: "“A” nor “B”")."""
        w = self.words
        raw = compare.value if isinstance(compare.value, tuple) else (compare.value,)
        shown = [self.quote(self.answer(compare.question, value)) for value in raw]
        if len(shown) == 1:
            return shown[0]
        if len(shown) == 2:
            if negated:
                pattern = w.gettext("%(first)s nor %(last)s")
            else:
                pattern = w.gettext("%(first)s or %(last)s")
            return pattern % {"first": shown[0], "last": shown[1]}
        if negated:
            pattern = w.gettext("%(values)s, nor %(last)s")
        else:
            pattern = w.gettext("%(values)s, or %(last)s")
        return pattern % {"values": ", ".join(shown[:-1]), "last": shown[-1]}

    def answer(self, question_id: str, value: Any) -> str:
        question = self.questionnaire.questions.get(question_id)
        if question is None:
            return str(value)
        try:
            return question.display(value, self.lang)
        except (KeyError, TypeError, ValueError):
            return str(value)

    def number(self, compare: Compare) -> str:
        """A number with the question's unit, as the person typed it ("70 years")."""
        question = self.questionnaire.questions.get(compare.question)
        value = compare.value
        text = number(value, locale=self.lang) if isinstance(value, int | float) else value
        unit = getattr(question, "unit", None)
        return f"{text} {unit}" if unit else str(text)

    def label(self, question_id: str) -> str:
        question = self.questionnaire.questions.get(question_id)
        return self.quote(question.label if question is not None else question_id)

    def quote(self, text: str) -> str:
        return f"“{text}”"

    def compare(self, compare: Compare, negated: bool) -> str:
        w = self.words
        op = compare.operator
        fields: dict[str, Any] = {"question": self.label(compare.question)}
        if op == "answered":
            if compare.value != negated:
                return w.gettext("the person has answered %(question)s") % fields
            return w.gettext("the person has not answered %(question)s") % fields
        if op in OPPOSITE:
            fields["value"] = self.number(compare)
            text = {
                "gt": w.gettext("the answer to %(question)s is more than %(value)s"),
                "gte": w.gettext("the answer to %(question)s is %(value)s or more"),
                "lt": w.gettext("the answer to %(question)s is less than %(value)s"),
                "lte": w.gettext("the answer to %(question)s is %(value)s or less"),
            }[OPPOSITE[op] if negated else op] % fields
            return self.or_missing(text) if negated else text
        if op == "count_gte":
            fields["count"] = compare.value
            if not negated:
                return (
                    w.ngettext(
                        "the answers to %(question)s include at least %(count)d choice",
                        "the answers to %(question)s include at least %(count)d choices",
                        compare.value,
                    )
                    % fields
                )
            return self.or_missing(
                w.ngettext(
                    "the answers to %(question)s include fewer than %(count)d choice",
                    "the answers to %(question)s include fewer than %(count)d choices",
                    compare.value,
                )
                % fields
            )
        several = isinstance(compare.value, tuple) and len(compare.value) > 1
        fields["value"] = self.values(compare, negated)
        if op == "any_of":
            if not negated:
                return w.gettext("the answers to %(question)s include %(value)s") % fields
            if several:
                text = w.gettext("the answers to %(question)s include neither %(value)s")
            else:
                text = w.gettext("the answers to %(question)s do not include %(value)s")
            return self.or_missing(text % fields)
        # equals, in
        if not negated:
            return w.gettext("the answer to %(question)s is %(value)s") % fields
        if several:
            text = w.gettext("the answer to %(question)s is neither %(value)s")
        else:
            text = w.gettext("the answer to %(question)s is not %(value)s")
        return self.or_missing(text % fields)

    def or_missing(self, text: str) -> str:
        """A negated comparison also holds when the question has no answer: say so."""
        return self.words.gettext("%(condition)s, or the question was not answered") % {
            "condition": text
        }


def _bare(clause: str) -> str:
    """A clause without what its own commas cannot confuse: a group in brackets, quoted
    labels and answers, and the thousands in a number."""
    if clause.startswith("(") and clause.endswith(")"):
        return ""
    return re.sub(r"(?<=\d),(?=\d)", "", re.sub(r"“[^”]*”", "", clause))


def compact(condition: Condition, named: dict[Condition, str] | None = None) -> str:
    """The condition with ids, as the file writes it, for cross-reference in small print;
    `named` gives the ids of named conditions (condition → id)."""
    named = named or {}
    if condition in named:
        return f"condition {named[condition]}"
    if isinstance(condition, Not):
        return f"not({compact(condition.item, named)})"
    if isinstance(condition, All | AnyOf):
        key = "all" if isinstance(condition, All) else "any"
        return f"{key}({', '.join(compact(item, named) for item in condition.items)})"
    op, value = condition.operator, condition.value
    if op == "answered":
        return f"{condition.question} {'answered' if value else 'not answered'}"
    if isinstance(value, tuple):
        return f"{condition.question} {op} [{', '.join(str(v) for v in value)}]"
    if op == "count_gte":
        return f"{condition.question} count ≥ {value}"
    return f"{condition.question} {SYMBOL.get(op, op)} {value}"
