"""The questionnaire's shape: every part of questions.yaml as a frozen, validated model.

Question types live in question_types.py; this module holds the rest (steps, prompts,
stops, notices, …). Nothing here knows about Flask.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field

from .question_types import (
    QUESTION_TYPES,
    REGISTRY,
    TYPES,
    Choice,
    ConditionField,
    DateAnswer,
    MultiChoice,
    Number,
    Part,
    Question,
    QuestionType,
    Scale,
    SingleChoice,
    Text,
    YesNo,
)

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
        "goto",
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


class Source(Part):
    """Where a clinician question comes from; shown with every prompt."""

    title: str
    publisher: str
    year: int = Field(ge=1900, le=2100)
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None


class Step(Part):
    """One page of the questionnaire: one group of related questions."""

    id: str
    title: str
    intro: str | None = None
    show_if: ConditionField | None = None
    questions: Annotated[list[Question], Field(min_length=1)]


class Topic(Part):
    id: str
    title: str


class Prompt(Part):
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


class Stop(Part):
    """Answers that end the questionnaire with a page instead of a list (red flags, age)."""

    id: str
    kind: Literal["urgent", "not_for_you"]
    when: ConditionField
    title: str
    body: Annotated[list[str], Field(min_length=1)]


class Notice(Part):
    """A prominent message on the results (e.g. 'see a clinician soon')."""

    id: str
    when: ConditionField
    title: str
    text: str


class Closing(Part):
    """Questions for the end of every list, whatever the answers."""

    title: str
    questions: Annotated[list[str], Field(min_length=1)]
    sources: Annotated[list[Source], Field(min_length=1)]


class Amount(Part):
    """A reference intake: the first entry whose `when` holds (or has no `when`) applies."""

    when: ConditionField | None = None
    amount: float | None = None
    range: tuple[float, float] | None = None


class Nutrient(Part):
    """Something the estimate adds up (like iron or fiber), with its reference intakes."""

    id: str
    name: str
    in_sentence: str | None = None  # the name inside a sentence ("about 3 mg of iron")
    unit: str
    reference: Annotated[list[Amount], Field(min_length=1)]

    @property
    def named(self) -> str:
        return self.in_sentence or self.name[:1].lower() + self.name[1:]


class Food(Part):
    """A food in the rough intake estimate: servings a day for each answer, and how much of
    each nutrient one serving holds."""

    id: str
    name: str
    question: str
    servings_per_day: dict[str, Annotated[float, Field(ge=0)]]
    amounts: dict[str, Annotated[float, Field(ge=0)]]


class Estimate(Part):
    """A rough daily intake from food, shown beside the reference intakes, and food tips."""

    title: str
    note: str
    tips_title: str
    nutrients: Annotated[list[Nutrient], Field(min_length=1)]
    foods: Annotated[list[Food], Field(min_length=1)]
    sources: Annotated[list[Source], Field(min_length=1)]


class GuideItem(Part):
    id: str
    title: str
    text: str
    when: ConditionField | None = None
    sources: Annotated[list[Source], Field(min_length=1)]


class Guide(Part):
    """A short tailored list on the results, like the tests clinicians commonly use."""

    title: str
    intro: str | None = None
    items: Annotated[list[GuideItem], Field(min_length=1)]


class Meta(Part):
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


class Questionnaire(Part):
    """The whole definition: built once at start-up, never changed per request."""

    meta: Meta
    topics: Annotated[list[Topic], Field(min_length=1)]
    steps: Annotated[list[Step], Field(min_length=1)]
    stops: list[Stop] = []
    notices: list[Notice] = []
    prompts: Annotated[list[Prompt], Field(min_length=1)]
    closing: Closing
    common_tests: Guide | None = None
    estimate: Estimate | None = None

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


__all__ = [
    "ID_PATTERN",
    "RESERVED_IDS",
    "QUESTION_TYPES",
    "REGISTRY",
    "TYPES",
    "Amount",
    "Choice",
    "Closing",
    "DateAnswer",
    "Food",
    "Estimate",
    "Nutrient",
    "Guide",
    "GuideItem",
    "Meta",
    "MultiChoice",
    "Notice",
    "Number",
    "Prompt",
    "Question",
    "QuestionType",
    "Questionnaire",
    "Scale",
    "SingleChoice",
    "Source",
    "Step",
    "Stop",
    "Text",
    "Topic",
    "YesNo",
]
