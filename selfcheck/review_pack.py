"""The clinic review pack: everything the questionnaire asks and can put on a person's list,
each condition in plain words, with the file's hash and a sign-off block — the document a
clinic's medical reviewer reads and signs before the questionnaire goes on its site.

`flask selfcheck review-pack [--clinic ID] [--lang es] [--example FILE ...] -o FILE.pdf|.html`.
The pack is built from the loaded questionnaire (and clinic), rendered from
templates/review/pack.html with static/review.css, and printed through the app's PdfRenderer,
so nothing is fetched. The command is review_command.py; worked examples review_examples.py.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from flask import Flask

from . import conditions, plain_conditions
from .clinics import Clinic, ClinicProfile, clinic_files
from .conditions import All, Compare, Condition, Not
from .config import ROOT
from .language import translations, writing_in
from .questionnaire import Prompt, Questionnaire
from .review_examples import Example, examples_of
from .translations import DATE_FORMATS, number

STYLESHEET = "review.css"


@dataclass(frozen=True)
class FileHash:
    """A file the reviewer signs for, by its name and the SHA-256 of its bytes."""

    name: str
    sha256: str

    @classmethod
    def of(cls, path: Path, name: str) -> FileHash:
        return cls(name, hashlib.sha256(path.read_bytes()).hexdigest())

    @property
    def grouped(self) -> str:
        """The hash in groups of eight, easier to compare by eye."""
        return " ".join(self.sha256[i : i + 8] for i in range(0, len(self.sha256), 8))

    @property
    def short(self) -> str:
        return self.sha256[:12]


@dataclass(frozen=True)
class When:
    """A condition as the pack shows it: clauses in plain words and the ids, small."""

    joined: str | None  # "all", "any", or None for one clause
    clauses: list[str]
    sentence: str
    compact: str


@dataclass(frozen=True)
class Use:
    """Something a question's answer is used by (a prompt, a stop, the food estimate …)."""

    kind: str
    ref: str
    anchor: str


@dataclass(frozen=True)
class Threshold:
    """One number a rule turns on: "≥ 10,000", with the other answers it is read together
    with ("and the unit is IU"), and what uses it."""

    question: str
    symbol: str
    value: float
    together: str | None
    users: list[Use]


@dataclass
class Pack:
    """What the review pack shows, in one language, for the questionnaire or one clinic."""

    questionnaire: Questionnaire
    main: Questionnaire  # the questionnaire without the clinic's additions, same language
    lang: str
    questionnaire_file: FileHash
    max_prompts: int
    paper_size: str
    made: date
    clinic: Clinic | None = None
    clinic_file: FileHash | None = None
    examples: list[Example] = field(default_factory=list)

    # --- numbering and cross-references ---------------------------------------------

    @cached_property
    def question_number(self) -> dict[str, str]:
        return {q: f"Q{i}" for i, q in enumerate(self.questionnaire.questions, 1)}

    @cached_property
    def prompts_by_topic(self) -> list[tuple[Any, list[Prompt]]]:
        """Topics in their order, each with its prompts in file order (empty topics left out)."""
        groups = []
        for topic in self.questionnaire.topics:
            prompts = [p for p in self.questionnaire.prompts if p.topic == topic.id]
            if prompts:
                groups.append((topic, prompts))
        return groups

    @cached_property
    def prompt_number(self) -> dict[str, str]:
        ordered = [p.id for _, prompts in self.prompts_by_topic for p in prompts]
        return {ident: f"P{i}" for i, ident in enumerate(ordered, 1)}

    @cached_property
    def added(self) -> frozenset[str]:
        """Ids of the steps, questions, topics and prompts the clinic added."""
        if self.clinic is None:
            return frozenset()

        def ids(q: Questionnaire) -> set[tuple[str, str]]:
            return (
                {("step", s.id) for s in q.steps}
                | {("question", i) for i in q.questions}
                | {("topic", t.id) for t in q.topics}
                | {("prompt", p.id) for p in q.prompts}
            )

        return frozenset(f"{k}:{i}" for k, i in ids(self.questionnaire) - ids(self.main))

    def is_clinic(self, kind: str, ident: str) -> bool:
        return f"{kind}:{ident}" in self.added

    def added_ids(self, kind: str) -> set[str]:
        return {key.split(":", 1)[1] for key in self.added if key.startswith(f"{kind}:")}

    @cached_property
    def sections(self) -> list[tuple[str, int]]:
        """The numbered sections, in order; the template holds their titles."""
        names = ["about"]
        if self.clinic is not None:
            names.append("clinic")
        names += ["safety", "questions", "prompts", "list"]
        if self.thresholds:
            names.append("numbers")
        if self.questionnaire.common_tests is not None:
            names.append("tests")
        if self.questionnaire.estimate is not None:
            names.append("food")
        if self.examples:
            names.append("examples")
        names.append("signoff")
        return [(name, number) for number, name in enumerate(names, 1)]

    def section(self, name: str) -> int:
        return dict(self.sections)[name]

    # --- conditions -------------------------------------------------------------------

    def when(self, condition: Condition | None) -> When | None:
        if condition is None:
            return None
        joined, clauses = plain_conditions.clauses(condition, self.questionnaire, self.lang)
        return When(
            joined,
            clauses,
            plain_conditions.describe(condition, self.questionnaire, self.lang),
            plain_conditions.compact(condition, self.named_ids),
        )

    @cached_property
    def named_ids(self) -> dict[Condition, str]:
        return {named.when: named.id for named in self.questionnaire.conditions}

    def spelled_out(self, condition: Condition) -> str:
        """What a named condition means, in plain words (its own name not used)."""
        return plain_conditions.describe(condition, self.questionnaire, self.lang, spell_out=True)

    def rules(self) -> Iterator[tuple[Condition, Use]]:
        """Every condition the questionnaire decides something with, and what it decides."""
        q = self.questionnaire
        for stop in q.stops:
            yield stop.when, Use("stop", stop.id, f"stop-{stop.id}")
        for notice in q.notices:
            yield notice.when, Use("notice", notice.id, f"notice-{notice.id}")
        for prompt in q.prompts:
            yield prompt.when, self.prompt_use(prompt)
        if q.common_tests is not None:
            for item in q.common_tests.items:
                if item.when is not None:
                    yield item.when, Use("test", item.id, f"test-{item.id}")
        if q.estimate is not None:
            estimate = q.estimate
            use = Use("food", "", "food")
            for condition in [estimate.unless, *(n.unless for n in estimate.nutrients)]:
                if condition is not None:
                    yield condition, use
            for nutrient in estimate.nutrients:
                for amount in nutrient.reference:
                    if amount.when is not None:
                        yield amount.when, use

    def prompt_use(self, prompt: Prompt) -> Use:
        return Use("prompt", self.prompt_number[prompt.id], f"prompt-{prompt.id}")

    @cached_property
    def uses(self) -> dict[str, list[Use]]:
        """For each question, the stops, notices, prompts, test notes and food estimate that
        read its answer (a question none uses is asked only for context)."""
        found: dict[str, list[Use]] = {q: [] for q in self.questionnaire.questions}

        def add(ids: list[str], use: Use) -> None:
            for ident in dict.fromkeys(ids):
                if ident in found and use not in found[ident]:
                    found[ident].append(use)

        for condition, use in self.rules():
            add(conditions.questions(condition), use)
        for prompt in self.questionnaire.prompts:
            quoted = [name for _, name in self.text_parts(prompt.text) if name]
            add([*prompt.because, *quoted], self.prompt_use(prompt))
        if self.questionnaire.estimate is not None:
            add(
                [food.question for food in self.questionnaire.estimate.foods],
                Use("food", "", "food"),
            )
        return found

    @cached_property
    def thresholds(self) -> list[Threshold]:
        """Every number a rule compares an answer with, by question and then by value: the
        table a pharmacist checks the cut-offs in at one glance."""
        found: dict[tuple[str, str, float, str | None], list[Use]] = {}
        for condition, use in self.rules():
            for compare, negated, beside in _numeric(condition):
                operator = (
                    plain_conditions.OPPOSITE[compare.operator] if negated else compare.operator
                )
                together = None
                if beside:
                    together = plain_conditions.describe(
                        beside[0] if len(beside) == 1 else All(tuple(beside)),
                        self.questionnaire,
                        self.lang,
                        spell_out=True,
                    )
                key = (compare.question, plain_conditions.SYMBOL[operator], compare.value, together)
                users = found.setdefault(key, [])
                if use not in users:
                    users.append(use)
        order = {q: i for i, q in enumerate(self.questionnaire.questions)}
        rows = [
            Threshold(q, symbol, value, together, users)
            for (q, symbol, value, together), users in found.items()
        ]
        return sorted(
            rows, key=lambda t: (order.get(t.question, len(order)), t.together or "", t.value)
        )

    def cited(self, prompt: Prompt) -> list[str]:
        """The questions whose answers "Because you said" can show under the prompt."""
        return list(dict.fromkeys(prompt.because or conditions.questions(prompt.when)))

    @staticmethod
    def text_parts(text: str) -> list[tuple[str, str | None]]:
        """A prompt's words split around its quoted answers: (words, question id or None)."""
        try:
            return [(literal, name) for literal, name, _, _ in string.Formatter().parse(text)]
        except ValueError:
            return [(text, None)]

    # --- the list's rules ---------------------------------------------------------------

    def apart(self, prompt: Prompt) -> list[str]:
        """Prompts never on one list with this one (declared on either side)."""
        named = [p.id for p in self.questionnaire.prompts if prompt.id in p.not_with]
        return list(dict.fromkeys([*prompt.not_with, *named]))

    @property
    def emergency_number(self) -> str:
        own = self.clinic.emergency_number if self.clinic else None
        return own or self.questionnaire.meta.emergency_number

    @property
    def crisis_line(self) -> str | None:
        own = self.clinic.crisis_line if self.clinic else None
        return own or self.questionnaire.meta.crisis_line

    # --- words --------------------------------------------------------------------------

    def day(self, value: date) -> str:
        return format_date(value, DATE_FORMATS.get(self.lang, "long"), locale=self.lang)

    def num(self, value: float) -> str:
        return number(value, locale=self.lang)

    def language_name(self, code: str) -> str:
        name = Locale.parse(code).get_display_name(self.lang) or code
        return name[:1].upper() + name[1:]

    @property
    def languages(self) -> list[tuple[str, bool]]:
        """Each language of the questionnaire, and whether its text is reviewed."""
        meta = self.questionnaire.meta
        return [(code, code not in meta.translation_not_reviewed) for code in meta.languages]

    def counts(self) -> dict[str, int]:
        q = self.questionnaire
        return {
            "steps": len(q.steps),
            "questions": len(q.questions),
            "prompts": len(q.prompts),
            "stops": len(q.stops),
            "notices": len(q.notices),
            "tests": len(q.common_tests.items) if q.common_tests else 0,
            "foods": len(q.estimate.foods) if q.estimate else 0,
        }


def _numeric(
    condition: Condition, negated: bool = False, beside: tuple[Compare, ...] = ()
) -> Iterator[tuple[Compare, bool, list[Compare]]]:
    """Each comparison of a number (>, ≥, <, ≤), whether it sits under an odd number of
    "not", and the other plain comparisons of the `all` it belongs to (read together)."""
    if isinstance(condition, Compare):
        if condition.operator in plain_conditions.OPPOSITE:
            yield condition, negated, [c for c in beside if c is not condition]
    elif isinstance(condition, Not):
        yield from _numeric(condition.item, not negated)
    elif isinstance(condition, All):
        plain = tuple(
            c for c in condition.items
            if isinstance(c, Compare) and c.operator not in plain_conditions.OPPOSITE
        )  # fmt: skip
        for item in condition.items:
            yield from _numeric(item, negated, plain)
    else:
        for item in condition.items:
            yield from _numeric(item, negated)


def build(app: Flask, clinic_id: str | None, lang: str, examples: Sequence[Path] = ()) -> Pack:
    """The pack of the app's questionnaire (and of one clinic's additions) in `lang`, with
    the worked examples of `examples` (saved answers files), in that order."""
    engine = app.extensions["selfcheck"]
    path = Path(app.config["QUESTIONNAIRE"])
    profile: ClinicProfile | None = engine.clinics[clinic_id] if clinic_id else None
    clinic_file = None
    if profile is not None:
        clinic_file = FileHash.of(clinic_path(app, profile, ROOT), profile.file)
    return Pack(
        questionnaire=engine.flow(clinic_id, lang).questionnaire,
        main=engine.flow(None, lang).questionnaire,
        lang=lang,
        questionnaire_file=FileHash.of(path, path.name),
        max_prompts=app.config["MAX_PROMPTS"],
        paper_size=(profile.clinic.paper_size if profile else None) or app.config["PAPER_SIZE"],
        made=date.today(),
        clinic=profile.in_language(lang) if profile else None,
        clinic_file=clinic_file,
        examples=examples_of(app, examples, clinic_id, lang),
    )


def clinic_path(app: Flask, profile: ClinicProfile, root: Path) -> Path:
    """The file a clinic profile was read from (its name is shown relative to the project)."""
    for path in clinic_files(Path(app.config["CLINICS"])):
        if str(path) == profile.file or path.resolve() == (root / profile.file).resolve():
            return path
    return root / profile.file


def render_html(app: Flask, pack: Pack, *, standalone: bool) -> str:
    """The pack as HTML in its language; `standalone` puts the stylesheet inside (for a file
    to open on its own), otherwise the PDF renderer adds it."""
    css = (ROOT / "static" / STYLESHEET).read_text(encoding="utf-8") if standalone else None
    with writing_in(pack.lang):
        return app.jinja_env.get_template("review/pack.html").render(pack=pack, css=css)


def render_pdf(app: Flask, pack: Pack) -> bytes:
    html = render_html(app, pack, standalone=False)
    with writing_in(pack.lang):
        words = (translations().ugettext("Page"), translations().ugettext("of"))
    return app.extensions["selfcheck"].pdf.render(
        html, pack.paper_size, words, stylesheet=STYLESHEET
    )
