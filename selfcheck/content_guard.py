"""The content rules, checked on any questionnaire: plain words, no forbidden phrasing, the
stops every questionnaire needs, sources a reader can follow.

The rules and their word lists are data (content_rules.yaml beside this module); what a
questionnaire counts as a name or an explained term is in its own `plain_language:` block.
Each finding names the file and line of the words it is about. Forbidden phrasing and a
missing stop are errors; a hard sentence, an unexplained term or a source without a link is
a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import textstat

from . import conditions, yamlfile
from .schema import Questionnaire, Source
from .yamlfile import YamlMap

RULES = Path(__file__).with_name("content_rules.yaml")
PLAIN = "it"  # what a name or explained term is read as when grading
SHORTEST = 10  # words: a grade for fewer (a heading, a short label) says nothing


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.file}:{self.line}: {kind}{self.message}"


@dataclass(frozen=True)
class Unit:
    """What a person reads together, and where it is written."""

    path: tuple[Any, ...]
    label: str  # "prompt 'ppi'" …, for the message
    scope: str  # the page it is read on, for explained terms
    text: str
    sources: tuple[Source, ...] = ()


def sentence(text: str) -> str:
    """A label read as its own sentence, so a list of labels is not one long sentence."""
    text = text.strip()
    return text if text.endswith((".", "?", "!", ":")) else text + "."


def joined(*parts: str | None) -> str:
    return " ".join(sentence(part) for part in parts if part)


def units(questionnaire: Questionnaire) -> list[Unit]:
    """Every text a person reads, grouped as they read it."""
    meta = questionnaire.meta
    found = [Unit(("meta", "title"), "meta", "start", joined(meta.title, meta.intro))]
    for s, step in enumerate(questionnaire.steps):
        scope = f"step {step.id}"
        found.append(Unit(("steps", s), f"step '{step.id}'", scope, joined(step.title, step.intro)))
        for q, question in enumerate(step.questions):
            parts = [question.label, question.hint, question.required_error]
            parts += [label for _, label in question.options(meta.language)]
            parts += [getattr(question, "min_label", None), getattr(question, "max_label", None)]
            found.append(
                Unit(
                    ("steps", s, "questions", q), f"question '{question.id}'", scope, joined(*parts)
                )
            )
    for i, prompt in enumerate(questionnaire.prompts):
        found.append(
            Unit(
                ("prompts", i),
                f"prompt '{prompt.id}'",
                f"prompt {prompt.id}",
                joined(prompt.text, prompt.detail),
                tuple(prompt.sources),
            )
        )
    for i, stop in enumerate(questionnaire.stops):
        found.append(
            Unit(
                ("stops", i), f"stop '{stop.id}'", f"stop {stop.id}", joined(stop.title, *stop.body)
            )
        )
    for i, notice in enumerate(questionnaire.notices):
        text = joined(notice.title, notice.said, notice.text)
        scope = f"notice {notice.id}"
        found.append(
            Unit(("notices", i), f"notice '{notice.id}'", scope, text, tuple(notice.sources))
        )
    closing = questionnaire.closing
    found.append(
        Unit(
            ("closing",),
            "closing",
            "results",
            joined(closing.title, *closing.questions),
            tuple(closing.sources),
        )
    )
    if guide := questionnaire.common_tests:
        found.append(
            Unit(("common_tests",), "common_tests", "results", joined(guide.title, guide.intro))
        )
        for i, item in enumerate(guide.items):
            found.append(
                Unit(
                    ("common_tests", "items", i),
                    f"item '{item.id}'",
                    f"test {item.id}",
                    joined(item.title, item.text),
                    tuple(item.sources),
                )
            )
    if food := questionnaire.estimate:
        found.append(
            Unit(
                ("estimate",),
                "estimate",
                "results",
                joined(food.title, food.note, food.reference_label, food.left_out),
                tuple(food.sources),
            )
        )
        names = [food.tips_title] + [item.name for item in food.foods]
        found.append(Unit(("estimate", "foods"), "estimate", "results", joined(*names)))
    return found


class Guard:
    """The content rules, read once."""

    def __init__(self, rules: dict[str, Any] | None = None):
        rules = rules or yamlfile.load(RULES, RULES.name)
        self.max_grade = float(rules["max_grade"])
        self.forbidden = [
            (item["what"], re.compile(item["pattern"], re.I)) for item in rules["forbidden"]
        ]
        self.requires = dict(rules.get("requires") or {})

    def check(self, questionnaire: Questionnaire, raw: YamlMap, name: str) -> list[Finding]:
        """Every finding for one questionnaire (its English copy, when it has one)."""
        findings: list[Finding] = []

        def note(path: tuple[Any, ...], message: str, warning: bool = False) -> None:
            line = yamlfile.line_of(raw, path)
            findings.append(Finding(yamlfile.file_of(raw, path, name), line, message, warning))

        found = units(questionnaire)
        english = questionnaire.meta.language == "en"
        plain = questionnaire.plain_language
        stand_ins = sorted([*plain.names, *plain.terms], key=len, reverse=True)
        reviewed = [re.compile(phrase, re.I) for phrase in plain.reviewed]
        for unit in found:
            if english:
                checked = unit.text
                for phrase in reviewed:  # words a clinician has reviewed in their context
                    checked = phrase.sub(PLAIN, checked)
                for what, pattern in self.forbidden:
                    if words := pattern.search(checked):
                        note(
                            unit.path,
                            f"{unit.label}: “{words.group(0)}” reads as {what}. Say it another "
                            "way (or, if a clinician has reviewed it, list the phrase under "
                            "plain_language.reviewed).",
                        )
                if len(unit.text.split()) >= SHORTEST:
                    grade = self.grade(unit.text, stand_ins)
                    if grade > self.max_grade:
                        sentences = re.split(r"(?<=[.?!:])\s+", unit.text)
                        hardest = max(sentences, key=lambda s: self.grade(s, stand_ins))
                        note(
                            unit.path,
                            f"{unit.label}: reads at grade {grade:.1f} (at most "
                            f"{self.max_grade:g}); the hardest sentence is “{hardest}”. Use "
                            "shorter sentences and shorter words.",
                            warning=True,
                        )
            for s, source in enumerate(unit.sources):
                if source.url is None:
                    note(
                        (*unit.path, "sources", s),
                        f"{unit.label}: the source '{source.title}' has no link. Add its `url:` "
                        "(a DOI address like https://doi.org/… or the page).",
                        warning=True,
                    )
        if english:
            findings += self._terms(found, plain.terms, plain.names, raw, name)
        findings += self._stops(questionnaire, raw, name)
        return sorted(findings)

    @staticmethod
    def grade(text: str, stand_ins: list[str]) -> float:
        """Flesch–Kincaid grade, names and explained terms read as one short word."""
        return float(textstat.flesch_kincaid_grade(_readable(text, stand_ins)))

    def _terms(
        self, found: list[Unit], terms: dict[str, str], names: list[str], raw: YamlMap, name: str
    ) -> list[Finding]:
        findings = []
        where = ("plain_language",)
        file, line = yamlfile.file_of(raw, where, name), yamlfile.key_line(raw, where)
        by_scope: dict[str, list[Unit]] = {}
        for unit in found:
            by_scope.setdefault(unit.scope, []).append(unit)
        for term, explanation in terms.items():
            for members in by_scope.values():
                text = " ".join(unit.text for unit in members)
                if re.search(term, text, re.I) and not re.search(explanation, text):
                    first = next(u for u in members if re.search(term, u.text, re.I))
                    findings.append(
                        Finding(
                            yamlfile.file_of(raw, first.path, name),
                            yamlfile.line_of(raw, first.path),
                            f"{first.label}: '{term}' is used without the words that explain "
                            f"it ('{explanation}') on the same page.",
                            warning=True,
                        )
                    )
        everything = " ".join(unit.text for unit in found)
        for listed in [*names, *terms]:
            if not re.search(listed, everything, re.I):
                findings.append(
                    Finding(
                        file,
                        line,
                        f"plain_language: '{listed}' is no longer used anywhere. Take it off.",
                        warning=True,
                    )
                )
        return findings

    def _stops(self, questionnaire: Questionnaire, raw: YamlMap, name: str) -> list[Finding]:
        where = ("stops",) if "stops" in raw else ("meta",)
        file, line = yamlfile.file_of(raw, where, name), yamlfile.key_line(raw, where)
        findings = []
        if self.requires.get("urgent_stop") and not any(
            stop.kind == "urgent" for stop in questionnaire.stops
        ):
            findings.append(
                Finding(
                    file,
                    line,
                    "stops: there is no urgent-help stop. Add one with `kind: urgent` for the "
                    "answers that need help now (red flags).",
                )
            )
        if self.requires.get("age_gate") and not any(
            _age_gate(questionnaire, stop.when)
            for stop in questionnaire.stops
            if stop.kind == "not_for_you"
        ):
            findings.append(
                Finding(
                    file,
                    line,
                    "stops: there is no age check. Add a stop with `kind: not_for_you` for people "
                    "too young to use it, like {question: age, lt: 18}.",
                )
            )
        return findings


def _age_gate(questionnaire: Questionnaire, condition: conditions.Condition) -> bool:
    """A comparison of a number question with lt or lte: someone below an age."""
    for compare, _ in conditions.comparisons(condition):
        question = questionnaire.questions.get(compare.question)
        if compare.operator in ("lt", "lte") and question is not None:
            return True  # the reference checks made sure the question compares numbers
    return False


def _readable(text: str, stand_ins: list[str]) -> str:
    for pattern in stand_ins:
        text = re.sub(pattern, PLAIN, text, flags=re.I)
    return text
