"""questions.yaml → a validated, frozen Questionnaire; every problem reported with file:line.

People who are not programmers edit the questionnaire, so the loader checks the whole
file and lists *all* problems at once, each with its line and what to do about it.
The shape is checked by pydantic (its messages translated into plain words); the
cross-references (ids, conditions, ordering, quoted answers) by `_check_references`.
Nothing here knows about Flask.
"""

from __future__ import annotations

import difflib
import re
import string
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from babel.numbers import format_decimal
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError
from pydantic_core import PydanticCustomError

from . import conditions, translations, yamlfile
from .conditions import Answer, Compare, Condition
from .yamlfile import DefinitionError, DefinitionFileError, YamlList, YamlMap

QuestionnaireError = DefinitionFileError

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")
# Names a WTForms form or our wizard already uses; a question with one of these ids would
# silently replace a form attribute. tests/test_forms.py keeps this list complete.
RESERVED_IDS = frozenset(
    {
        "action",
        "change",
        "csrf_token",
        "data",
        "errors",
        "form_errors",
        "hidden_tag",
        "is_submitted",
        "meta",
        "populate_obj",
        "post_process",
        "process",
        "question",
        "questions",
        "state",
        "step",
        "validate",
        "validate_on_submit",
        "extra_validators",
    }
)


def _parse_condition(raw: Any) -> Condition:
    try:
        return conditions.parse(raw)
    except conditions.ConditionError as error:
        raise PydanticCustomError("condition", error.message, {"subpath": error.path}) from None


ConditionField = Annotated[Condition, PlainValidator(_parse_condition)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(_Model):
    """Where a clinician question comes from; shown with every prompt."""

    title: str
    publisher: str
    year: int = Field(ge=1900, le=2100)
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None


class Choice(_Model):
    id: str
    label: str
    hint: str | None = None
    exclusive: bool = False
    # how the answer reads inside a sentence that quotes it ("I eat a {diet} diet")
    quoted: str | None = None

    @property
    def in_sentence(self) -> str:
        """`quoted`, else the label with a lower-case first letter (unless it is an acronym)."""
        if self.quoted:
            return self.quoted
        first = self.label.split(" ", 1)[0]
        if len(first) > 1 and first.isupper():
            return self.label
        return self.label[:1].lower() + self.label[1:]


class _Question(_Model):
    id: str
    label: str
    hint: str | None = None
    required: bool = True
    required_error: str | None = None
    show_if: ConditionField | None = None
    # why a question that no rule reads is asked (for reviewers; `selfcheck check` asks for it)
    context: str | None = None

    def display(self, value: Answer, locale: str = "en") -> str:
        """The answer as a patient would read it back."""
        return str(value)

    def quote(self, value: Answer, locale: str = "en") -> str:
        """The answer as it reads inside a sentence of a clinician question."""
        return self.display(value, locale)


class _ChoiceQuestion(_Question):
    choices: Annotated[list[Choice], Field(min_length=2)]

    def choice_label(self, choice_id: str) -> str:
        return next((c.label for c in self.choices if c.id == choice_id), choice_id)

    def choice_in_sentence(self, choice_id: str) -> str:
        return next((c.in_sentence for c in self.choices if c.id == choice_id), choice_id)


class SingleChoice(_ChoiceQuestion):
    type: Literal["single_choice"]

    def display(self, value: Answer, locale: str = "en") -> str:
        return self.choice_label(str(value))

    def quote(self, value: Answer, locale: str = "en") -> str:
        return self.choice_in_sentence(str(value))


class MultiChoice(_ChoiceQuestion):
    type: Literal["multi_choice"]

    def display(self, value: Answer, locale: str = "en") -> str:
        values = value if isinstance(value, list) else [str(value)]
        return ", ".join(self.choice_label(v) for v in values)

    def quote(self, value: Answer, locale: str = "en") -> str:
        values = value if isinstance(value, list) else [str(value)]
        return ", ".join(self.choice_in_sentence(v) for v in values)


class YesNo(_Question):
    type: Literal["yes_no"]

    def display(self, value: Answer, locale: str = "en") -> str:
        return translations.WORDS[locale].get(str(value), str(value))


class Number(_Question):
    type: Literal["number"]
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    integer: bool = True

    def display(self, value: Answer, locale: str = "en") -> str:
        number = format_decimal(value, locale=locale) if isinstance(value, int | float) else value
        return f"{number} {self.unit}" if self.unit else str(number)


class Scale(_Question):
    type: Literal["scale"]
    min: int = 0
    max: int = 10
    min_label: str
    max_label: str

    def display(self, value: Answer, locale: str = "en") -> str:
        return translations.WORDS[locale]["out_of"].format(value=value, most=self.max)


class Text(_Question):
    type: Literal["text"]
    max_length: int = Field(200, ge=1, le=1000)


Question = Annotated[
    SingleChoice | MultiChoice | YesNo | Number | Scale | Text, Field(discriminator="type")
]
QUESTION_TYPES = ("single_choice", "multi_choice", "yes_no", "number", "scale", "text")


class Step(_Model):
    """One page of the questionnaire: one group of related questions."""

    id: str
    title: str
    intro: str | None = None
    show_if: ConditionField | None = None
    questions: Annotated[list[Question], Field(min_length=1)]


class Topic(_Model):
    id: str
    title: str


class Prompt(_Model):
    """A question for the patient to ask their clinician, with why and where from."""

    id: str
    topic: str
    priority: int = Field(ge=1, le=5)
    text: str
    when: ConditionField
    because: list[str] = []
    detail: str
    sources: Annotated[list[Source], Field(min_length=1)]
    reviewed: date
    keep: bool = False  # never dropped by the list's length cap (nor is priority 1)
    not_with: list[str] = []  # prompts that must never be on the same list as this one

    @property
    def kept(self) -> bool:
        return self.keep or self.priority == 1


class Stop(_Model):
    """Answers that end the questionnaire with a page instead of a list (red flags, age)."""

    id: str
    kind: Literal["urgent", "not_for_you"]
    when: ConditionField
    title: str
    body: Annotated[list[str], Field(min_length=1)]


class Notice(_Model):
    """A prominent message on the results (e.g. 'see a clinician soon')."""

    id: str
    when: ConditionField
    title: str
    text: str


class Closing(_Model):
    """Questions for the end of every list, whatever the answers."""

    title: str
    questions: Annotated[list[str], Field(min_length=1)]
    sources: Annotated[list[Source], Field(min_length=1)]


class Amount(_Model):
    """A reference intake: the first entry whose `when` holds (or has no `when`) applies."""

    when: ConditionField | None = None
    amount: float | None = None
    range: tuple[float, float] | None = None


class Food(_Model):
    """A food in the rough intake estimate: servings a day for each answer, per serving."""

    id: str
    name: str
    question: str
    servings_per_day: dict[str, float]
    vitamin_d_iu: float = Field(0, ge=0)
    magnesium_mg: float = Field(0, ge=0)


class FoodEstimate(_Model):
    """A rough daily intake from food, shown beside the reference intake, and food tips."""

    title: str
    note: str
    tips_title: str
    foods: Annotated[list[Food], Field(min_length=1)]
    vitamin_d_iu: Annotated[list[Amount], Field(min_length=1)]
    magnesium_mg: Annotated[list[Amount], Field(min_length=1)]
    sources: Annotated[list[Source], Field(min_length=1)]


class GuideItem(_Model):
    id: str
    title: str
    text: str
    when: ConditionField | None = None
    sources: Annotated[list[Source], Field(min_length=1)]


class Guide(_Model):
    """A short tailored list on the results, like the tests clinicians commonly use."""

    title: str
    intro: str | None = None
    items: Annotated[list[GuideItem], Field(min_length=1)]


class Meta(_Model):
    id: str
    title: str
    version: str
    reviewed: date
    intro: str
    emergency_number: str
    crisis_line: str | None = None
    # languages the texts are written in ({en: …, es: …}); see selfcheck/translations.py
    languages: list[Literal["en", "es"]] = ["en"]
    # languages whose translation a qualified medical translator has not yet reviewed
    translation_not_reviewed: list[Literal["en", "es"]] = []
    language: str = "en"  # the language of this copy (set when loading, not in the file)


class Questionnaire(_Model):
    """The whole definition: built once at start-up, never changed per request."""

    meta: Meta
    topics: Annotated[list[Topic], Field(min_length=1)]
    steps: Annotated[list[Step], Field(min_length=1)]
    stops: list[Stop] = []
    notices: list[Notice] = []
    prompts: Annotated[list[Prompt], Field(min_length=1)]
    closing: Closing
    common_tests: Guide | None = None
    food_estimate: FoodEstimate | None = None

    @cached_property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for step in self.steps for q in step.questions}

    @cached_property
    def step_by_id(self) -> dict[str, Step]:
        return {step.id: step for step in self.steps}

    @cached_property
    def topic_order(self) -> dict[str, int]:
        return {topic.id: i for i, topic in enumerate(self.topics)}

    @cached_property
    def topic_title(self) -> dict[str, str]:
        return {topic.id: topic.title for topic in self.topics}


def load_questionnaire(path: str | Path, display_name: str | None = None) -> Questionnaire:
    """Read and validate a questionnaire file; raise QuestionnaireError listing every problem."""
    return read_questionnaire(path, display_name)[1]


def read_questionnaire(
    path: str | Path, display_name: str | None = None
) -> tuple[YamlMap, Questionnaire]:
    """The raw file (kept so a clinic can add to it) and the validated questionnaire in its
    first language."""
    root, languages = read_questionnaires(path, display_name)
    return root, next(iter(languages.values()))


def read_questionnaires(
    path: str | Path, display_name: str | None = None
) -> tuple[YamlMap, dict[str, Questionnaire]]:
    """The raw file and the questionnaire in each of its languages."""
    name = display_name or str(path)
    root = yamlfile.load(path, name)
    return root, questionnaires_from(root, name)


def questionnaires_from(root: YamlMap, name: str) -> dict[str, Questionnaire]:
    """Validate raw definitions once per language; a missing translation is an error."""
    languages = translations.languages_of(root)
    errors = translations.missing_translations(root, name, languages)
    found: dict[str, Questionnaire] = {}
    for lang in languages:
        try:
            found[lang] = questionnaire_from(translations.in_language(root, lang), name)
        except QuestionnaireError as error:
            errors += error.errors
    if errors:
        raise QuestionnaireError(errors)
    return found


def questionnaire_from(root: YamlMap, name: str) -> Questionnaire:
    """Validate raw definitions (one file, or a file with a clinic's additions merged in)."""
    errors = _check_references(root, name)
    try:
        questionnaire = Questionnaire.model_validate(root)
    except ValidationError as exc:
        errors += plain_errors(exc, root, name)
        questionnaire = None
    if errors:
        raise QuestionnaireError(errors)
    assert questionnaire is not None
    return questionnaire


# --- pydantic's errors in plain words ---------------------------------------------------

HINTS = {
    "id": "Add `id:` with a short name like sun_time (lower-case letters, digits and _).",
    "label": "Add `label:` with the question as the patient reads it.",
    "title": "Add `title:` with a short heading.",
    "type": f"Add `type:` with one of: {', '.join(QUESTION_TYPES)}.",
    "choices": "Add `choices:` with at least two choices, each with `id:` and `label:`.",
    "questions": "Add `questions:` with at least one question.",
    "text": "Add `text:` with the words to show.",
    "when": "Add `when:` with the condition that shows it, like {question: age, gte: 70}.",
    "topic": "Add `topic:` with the id of one of the topics at the top of the file.",
    "priority": "Add `priority:` from 1 (most important) to 5.",
    "detail": "Add `detail:` with a longer explanation for readers who want depth.",
    "sources": "Add `sources:` with at least one source (title, publisher, year, url).",
    "reviewed": "Add `reviewed:` with the date the content was last checked, like 2026-11-25.",
    "min_label": "Add `min_label:` with the words for the lowest point of the scale.",
    "max_label": "Add `max_label:` with the words for the highest point of the scale.",
}

TYPE_WORDS = {
    "string_type": "must be text (put it in quotes if it looks like a number, date or yes/no)",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "date_type": "must be a date like 2026-11-25",
    "date_parsing": "must be a date like 2026-11-25",
    "date_from_datetime_parsing": "must be a date like 2026-11-25",
    "list_type": "must be a list (each item on its own line starting with '- ')",
    "dict_type": "must be a mapping of keys",
    "model_type": "must be a mapping of keys",
    "model_attributes_type": "must be a mapping of keys",
}

NAMED = {
    "foods": "food",
    "items": "item",
    "steps": "step",
    "questions": "question",
    "choices": "choice",
    "prompts": "prompt",
    "stops": "stop",
    "notices": "notice",
    "topics": "topic",
}


def _all_keys() -> set[str]:
    models = [
        Source,
        Choice,
        SingleChoice,
        MultiChoice,
        YesNo,
        Number,
        Scale,
        Text,
        Step,
        Topic,
        Prompt,
        Stop,
        Notice,
        Closing,
        Meta,
        Questionnaire,
        Amount,
        Food,
        FoodEstimate,
        GuideItem,
        Guide,
    ]
    return {key for model in models for key in model.model_fields}


def _real_path(root: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union tags (like 'number' in steps.0.questions.0.number.min) from `loc`."""
    node, path = root, []
    for i, step in enumerate(loc):
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        elif isinstance(node, dict) and i < len(loc) - 1 and node.get("type") == step:
            continue
        else:
            return (*path, *loc[i:])
        path.append(step)
    return tuple(path)


def where(root: Any, path: tuple[Any, ...]) -> str:
    """'question 'age'' — the most specific named thing on `path`, for the message."""
    node, label = root, ""
    for i, step in enumerate(path):
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
            kind = NAMED.get(path[i - 1]) if i else None
            if kind:
                ident = node.get("id") if isinstance(node, dict) else None
                label = f"{kind} '{ident}'" if isinstance(ident, str) else f"{kind} {step + 1}"
        else:
            break
    if not label and path and isinstance(path[0], str):
        label = path[0]
    return label


def plain_errors(
    exc: ValidationError, root: YamlMap, name: str, known: set[str] | None = None
) -> list[DefinitionError]:
    """pydantic's errors as plain, line-numbered messages (also used for clinic files)."""
    known = _all_keys() | (known or set())
    errors = []
    for err in exc.errors(include_url=False):
        kind, ctx = err["type"], err.get("ctx") or {}
        path = _real_path(root, tuple(err["loc"]))
        field = next((str(p) for p in reversed(path) if isinstance(p, str)), "value")
        line = yamlfile.line_of(root, path)
        if kind == "missing":
            message = f"'{field}' is missing. {HINTS.get(field, f'Add `{field}:`.')}"
        elif kind == "extra_forbidden":
            line = yamlfile.key_line(root, path)
            close = difflib.get_close_matches(field, known, n=1)
            guess = f" Did you mean '{close[0]}'?" if close else ""
            message = f"unknown key '{field}'.{guess} Remove it or correct its spelling."
        elif kind == "union_tag_invalid":
            message = (
                f"unknown question type '{ctx.get('tag')}'. "
                f"Use one of: {', '.join(QUESTION_TYPES)}."
            )
        elif kind == "union_tag_not_found":
            message = f"'type' is missing. {HINTS['type']}"
        elif kind == "condition":
            subpath = tuple(ctx.get("subpath", ()))
            line = yamlfile.line_of(root, (*path, *subpath))
            message = f"{field}: {err['msg']}"
        elif kind in TYPE_WORDS:
            message = f"'{field}' {TYPE_WORDS[kind]}."
        elif kind == "string_too_short":
            message = f"'{field}' needs at least {ctx.get('min_length')} characters."
        elif kind == "string_too_long":
            message = f"'{field}' can have at most {ctx.get('max_length')} characters."
        elif kind == "too_short":
            message = f"'{field}' needs at least {ctx.get('min_length')} item(s)."
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
            word = {
                "greater_than_equal": "at least",
                "less_than_equal": "at most",
                "greater_than": "more than",
                "less_than": "less than",
            }[kind]
            message = f"'{field}' must be {word} {bound}."
        elif kind == "literal_error":
            message = f"'{field}' must be one of: {ctx.get('expected')}."
        elif kind == "string_pattern_mismatch" and field == "url":
            message = "'url' must be a full web address starting with https://."
        else:
            message = f"'{field}': {err['msg']}."
        place = where(root, path)
        file = yamlfile.file_of(root, path, name)
        errors.append(DefinitionError(file, line, f"{place}: {message}" if place else message))
    return errors


# --- ids, references, order and types --------------------------------------------------


def _items(node: Any) -> list[tuple[int, YamlMap]]:
    if not isinstance(node, YamlList):
        return []
    return [(i, item) for i, item in enumerate(node) if isinstance(item, YamlMap)]


class _Checker:
    """Cross-reference checks on the raw file, tolerant of parts pydantic rejects."""

    def __init__(self, root: YamlMap, name: str):
        self.root, self.name = root, name
        self.errors: list[DefinitionError] = []
        # question id -> (global order, step index, raw question)
        self.questions: dict[str, tuple[int, int, YamlMap]] = {}

    def error(self, path: tuple[Any, ...], message: str, *, key: bool = False) -> None:
        line = (yamlfile.key_line if key else yamlfile.line_of)(self.root, path)
        place = where(self.root, path)
        file = yamlfile.file_of(self.root, path, self.name)
        self.errors.append(DefinitionError(file, line, f"{place}: {message}" if place else message))

    def ids(
        self,
        items: list[tuple[int, YamlMap]],
        base: tuple[Any, ...],
        kind: str,
        seen: dict[str, tuple[str, int]] | None = None,
        reserved: bool = False,
    ) -> None:
        seen = {} if seen is None else seen
        for i, item in items:
            ident = item.get("id")
            path = (*base, i, "id")
            if not isinstance(ident, str):
                continue  # missing or not text: pydantic says so
            if not ID_PATTERN.fullmatch(ident):
                self.error(
                    path,
                    f"'{ident}' is not a valid {kind} id. Use lower-case letters, digits and _, "
                    "starting with a letter, at most 40 characters (like sun_time).",
                )
            elif reserved and ident in RESERVED_IDS:
                self.error(
                    path,
                    f"'{ident}' cannot be a question id: the form uses that name itself. "
                    f"Choose another, like {ident}_answer.",
                )
            file = yamlfile.file_of(self.root, path, self.name)
            if ident in seen:
                first_file, first_line = seen[ident]
                first = f"line {first_line}" if first_file == file else f"{first_file}:{first_line}"
                self.error(
                    path,
                    f"duplicate {kind} id '{ident}' (first at {first}). "
                    f"Every {kind} needs its own id.",
                )
            else:
                seen[ident] = (file, yamlfile.line_of(self.root, path))

    def run(self) -> list[DefinitionError]:
        root = self.root
        self.ids(_items(root.get("topics")), ("topics",), "topic")
        steps = _items(root.get("steps"))
        self.ids(steps, ("steps",), "step")
        question_lines: dict[str, tuple[str, int]] = {}
        order = 0
        for s, step in steps:
            questions = _items(step.get("questions"))
            self.ids(questions, ("steps", s, "questions"), "question", question_lines, True)
            for q, question in questions:
                path = ("steps", s, "questions", q)
                self.ids(_items(question.get("choices")), (*path, "choices"), "choice")
                self.question_shape(path, question)
                ident = question.get("id")
                if isinstance(ident, str) and ident not in self.questions:
                    self.questions[ident] = (order, s, question)
                order += 1
        order = 0
        for s, step in steps:
            self.condition(("steps", s), step.get("show_if"), "show_if", before_step=s)
            for q, question in _items(step.get("questions")):
                self.condition(
                    ("steps", s, "questions", q),
                    question.get("show_if"),
                    "show_if",
                    before_order=order,
                )
                order += 1
        for kind, key in (("stop", "stops"), ("notice", "notices"), ("prompt", "prompts")):
            items = _items(root.get(key))
            self.ids(items, (key,), kind)
            for i, item in items:
                self.condition((key, i), item.get("when"), "when")
        topics = {t.get("id") for _, t in _items(root.get("topics"))}
        for i, prompt in _items(root.get("prompts")):
            self.prompt(("prompts", i), prompt, topics)
        guide = root.get("common_tests")
        if isinstance(guide, YamlMap):
            items = _items(guide.get("items"))
            self.ids(items, ("common_tests", "items"), "item")
            for i, item in items:
                self.condition(("common_tests", "items", i), item.get("when"), "when")
        estimate = root.get("food_estimate")
        if isinstance(estimate, YamlMap):
            self.food_estimate(estimate)
        self.not_with(_items(root.get("prompts")))
        self.every_question_used(steps)
        return self.errors

    def not_with(self, prompts: list[tuple[int, YamlMap]]) -> None:
        known = {p.get("id") for _, p in prompts}
        for i, prompt in prompts:
            others = prompt.get("not_with")
            for j, other in enumerate(others if isinstance(others, list) else []):
                if other == prompt.get("id"):
                    self.error(("prompts", i, "not_with", j), "a prompt cannot exclude itself.")
                elif isinstance(other, str) and other not in known:
                    close = difflib.get_close_matches(other, [k for k in known if k], n=1)
                    guess = f" Did you mean '{close[0]}'?" if close else ""
                    self.error(
                        ("prompts", i, "not_with", j),
                        f"not_with names the prompt '{other}', which does not exist.{guess}",
                    )

    def used_questions(self) -> set[str]:
        """Question ids whose answers something shows or decides with (show_if aside)."""
        root, used = self.root, set()

        def read(raw: Any) -> None:
            try:
                used.update(conditions.questions(conditions.parse(raw)))
            except conditions.ConditionError:
                pass

        for key in ("stops", "notices", "prompts"):
            for _, item in _items(root.get(key)):
                read(item.get("when"))
        for _, prompt in _items(root.get("prompts")):
            because = prompt.get("because")
            used.update(q for q in (because if isinstance(because, list) else []) if q)
            text = prompt.get("text")
            if isinstance(text, str):
                try:
                    used.update(f for _, f, _, _ in string.Formatter().parse(text) if f)
                except ValueError:
                    pass
        guide = root.get("common_tests")
        for _, item in _items(guide.get("items") if isinstance(guide, YamlMap) else None):
            read(item.get("when"))
        estimate = root.get("food_estimate")
        if isinstance(estimate, YamlMap):
            used.update(food.get("question") for _, food in _items(estimate.get("foods")))
            for nutrient in ("vitamin_d_iu", "magnesium_mg"):
                for _, amount in _items(estimate.get(nutrient)):
                    read(amount.get("when"))
        return used

    def every_question_used(self, steps: list[tuple[int, YamlMap]]) -> None:
        used = self.used_questions()
        for s, step in steps:
            for q, question in _items(step.get("questions")):
                ident = question.get("id")
                known_type = question.get("type") in QUESTION_TYPES  # else pydantic says so
                valid_id = isinstance(ident, str) and ID_PATTERN.fullmatch(ident)
                unused = valid_id and ident not in RESERVED_IDS and ident not in used
                unused = unused and known_type
                if unused and not question.get("context"):
                    self.error(
                        ("steps", s, "questions", q, "id"),
                        "no clinician question, stop, notice, test note or food estimate uses "
                        "this answer. Use it in a prompt's `when` or "
                        "`because`, remove the question, or add `context:` saying why it is "
                        "asked.",
                    )

    def food_estimate(self, estimate: YamlMap) -> None:
        base = ("food_estimate",)
        foods = _items(estimate.get("foods"))
        self.ids(foods, (*base, "foods"), "food")
        for i, food in foods:
            path = (*base, "foods", i)
            question = self.questions.get(food.get("question"))
            if question is None:
                if isinstance(food.get("question"), str):
                    self.error(
                        (*path, "question"),
                        f"the food estimate uses the question '{food.get('question')}', "
                        "which does not exist.",
                    )
                continue
            if question[2].get("type") != "single_choice":
                self.error(
                    (*path, "question"),
                    f"'{food.get('question')}' must be a single_choice question "
                    "(how often the person eats this food).",
                )
                continue
            choices = [c.get("id") for _, c in _items(question[2].get("choices"))]
            servings = food.get("servings_per_day")
            if isinstance(servings, YamlMap):
                missing = [c for c in choices if c not in servings]
                extra = [k for k in servings if k not in choices]
                if missing or extra:
                    self.error(
                        (*path, "servings_per_day"),
                        "servings_per_day needs one number for each answer of "
                        f"'{food.get('question')}': {', '.join(str(c) for c in choices)}.",
                    )
        for nutrient in ("vitamin_d_iu", "magnesium_mg"):
            amounts = _items(estimate.get(nutrient))
            for i, amount in amounts:
                path = (*base, nutrient, i)
                self.condition(path, amount.get("when"), "when")
                if ("amount" in amount) == ("range" in amount):
                    self.error(path, "give either 'amount' or 'range' (low and high), not both.")
                low_high = amount.get("range")
                if (
                    isinstance(low_high, list)
                    and len(low_high) == 2
                    and all(isinstance(v, int | float) for v in low_high)
                ):
                    if low_high[0] > low_high[1]:
                        self.error((*path, "range"), "the range goes low to high: swap them.")
            if amounts and amounts[-1][1].get("when") is not None:
                self.error(
                    (*base, nutrient, amounts[-1][0]),
                    "the last reference intake needs no 'when', so every person gets one.",
                )

    def question_shape(self, path: tuple[Any, ...], question: YamlMap) -> None:
        low, high = question.get("min"), question.get("max")
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high))
        if question.get("type") in ("number", "scale") and numbers and low > high:
            self.error((*path, "min"), f"min ({low}) is greater than max ({high}). Swap them.")
        if question.get("type") == "multi_choice":
            exclusive = [i for i, c in _items(question.get("choices")) if c.get("exclusive")]
            if len(exclusive) > 1:
                self.error(
                    (*path, "choices", exclusive[1], "exclusive"),
                    "only one choice can be exclusive (the 'none of these' choice).",
                )
        if question.get("type") != "multi_choice":
            for i, choice in _items(question.get("choices")):
                if choice.get("exclusive"):
                    self.error(
                        (*path, "choices", i, "exclusive"),
                        "'exclusive' only makes sense in a multi_choice question. Remove it.",
                    )

    def condition(
        self,
        path: tuple[Any, ...],
        raw: Any,
        key: str,
        *,
        before_step: int | None = None,
        before_order: int | None = None,
    ) -> None:
        if raw is None:
            return
        try:
            parsed = conditions.parse(raw)
        except conditions.ConditionError:
            return  # pydantic reports the shape, with its line
        for compare, sub in conditions.comparisons(parsed):
            cpath = (*path, key, *sub)
            target = self.questions.get(compare.question)
            if target is None:
                close = difflib.get_close_matches(compare.question, self.questions, n=1)
                guess = f" Did you mean '{close[0]}'?" if close else ""
                self.error(
                    (*cpath, "question"),
                    f"{key} names the question '{compare.question}', which does not exist.{guess}",
                )
                continue
            order, step_index, question = target
            if before_step is not None and step_index >= before_step:
                self.error(
                    (*cpath, "question"),
                    f"show_if uses '{compare.question}', which is asked on this step or a later "
                    "one. A step can only depend on answers from earlier steps.",
                )
            if before_order is not None and order >= before_order:
                self.error(
                    (*cpath, "question"),
                    f"show_if uses '{compare.question}', which is asked at or after this question. "
                    "A question can only depend on questions before it; move it further down.",
                )
            self.comparison(cpath, compare, question)

    def comparison(self, path: tuple[Any, ...], compare: Compare, question: YamlMap) -> None:
        qtype, op, value = question.get("type"), compare.operator, compare.value
        name = compare.question
        where_op = (*path, op)
        if op == "answered":
            return
        if op in conditions.NUMERIC and qtype not in ("number", "scale"):
            self.error(
                where_op,
                f"'{op}' compares numbers, but '{name}' is a {qtype} question. "
                "Use equals or in with its answers.",
            )
            return
        if op in ("any_of", "count_gte") and qtype != "multi_choice":
            self.error(
                where_op,
                f"'{op}' is for multi_choice questions, but '{name}' is a {qtype} question. "
                "Use equals or in.",
            )
            return
        if op in ("equals", "in") and qtype == "multi_choice":
            self.error(
                where_op,
                f"'{name}' is a multi_choice question, so use any_of with its choice ids.",
            )
            return
        if op == "count_gte":
            return
        values = value if isinstance(value, tuple) else (value,)
        if qtype in ("single_choice", "multi_choice", "yes_no"):
            allowed = (
                ["yes", "no"]
                if qtype == "yes_no"
                else [c.get("id") for _, c in _items(question.get("choices"))]
            )
            for v in values:
                if v not in allowed:
                    self.error(
                        where_op,
                        f"'{name}' has no answer '{v}'. Its answers are: "
                        f"{', '.join(str(a) for a in allowed)}.",
                    )
        elif qtype in ("number", "scale"):
            for v in values:
                if isinstance(v, bool) or not isinstance(v, int | float):
                    self.error(
                        where_op, f"'{name}' is a number question; compare it with a number."
                    )

    def prompt(self, path: tuple[Any, ...], prompt: YamlMap, topics: set[Any]) -> None:
        topic = prompt.get("topic")
        if isinstance(topic, str) and topic not in topics:
            known = ", ".join(sorted(t for t in topics if isinstance(t, str)))
            self.error((*path, "topic"), f"unknown topic '{topic}'. Topics are: {known}.")
        because = prompt.get("because")
        for i, ident in enumerate(because if isinstance(because, list) else []):
            if isinstance(ident, str) and ident not in self.questions:
                self.error(
                    (*path, "because", i),
                    f"'because' names the question '{ident}', which does not exist.",
                )
        text = prompt.get("text")
        if isinstance(text, str):
            for problem in placeholder_problems(text, self.questions):
                self.error((*path, "text"), problem)


def placeholder_problems(text: str, known: Any) -> list[str]:
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return ["the text has an unmatched { or }. Write {{ or }} for a brace on its own."]
    problems = []
    for _, field, spec, conversion in parts:
        if field is None:
            continue
        if not ID_PATTERN.fullmatch(field) or spec or conversion:
            problems.append(
                f"'{{{field}}}' cannot be quoted: write just a question id in braces, "
                "like {vitamin_d_dose}."
            )
        elif field not in known:
            problems.append(f"the text quotes {{{field}}}, but there is no question '{field}'.")
    return problems


def _check_references(root: YamlMap, name: str) -> list[DefinitionError]:
    return _Checker(root, name).run()
