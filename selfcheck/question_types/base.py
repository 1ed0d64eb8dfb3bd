"""What every question type has and does; each type in this package overrides what differs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, ClassVar

from babel.numbers import get_decimal_symbol
from pydantic import BaseModel, ConfigDict, PlainValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from .. import conditions
from ..conditions import Answer, Condition
from ..fhir_terms import fhirpath_string
from ..problem import N_, Problem

MAX_RAW = 64  # characters kept from a posted value that is not free text
NOT_SHOWN = N_("Select one of the answers shown")
ANSWER_OF = {  # an answer in a saved file or an API body that cannot be one of this question's
    "choice": N_("the answer to “%(question)s” is not one of its choices"),
    "choices": N_("the answers to “%(question)s” are not among its choices"),
    "number": N_("the answer to “%(question)s” is not a number"),
    "whole": N_("the answer to “%(question)s” is not a whole number"),
    "scale": N_("the answer to “%(question)s” is not a number from %(low)s to %(high)s"),
    "text": N_("the answer to “%(question)s” is not text of up to %(count)s characters"),
    "date": N_("the answer to “%(question)s” is not a date like 2026-03-15"),
}
# what an operator does, and what to use instead, for the message when it does not apply
OPERATOR_WORDS = {
    **{op: ("compares numbers", "Use equals or in with its answers.") for op in conditions.NUMERIC},
    "any_of": ("is for multi_choice questions", "Use equals or in."),
    "count_gte": ("is for multi_choice questions", "Use equals or in."),
    "equals": ("compares one answer", "Use answered: true or false."),
    "in": ("compares one answer", "Use answered: true or false."),
}


@dataclass(frozen=True)
class Reading:
    """How the reader writes: numbers and dates in their language ('7,5' in Spanish)."""

    locale: str = "en"

    @property
    def decimal_comma(self) -> bool:
        return _decimal_comma(self.locale)


@lru_cache(maxsize=32)
def _decimal_comma(locale: str) -> bool:
    return get_decimal_symbol(locale) == ","


CANONICAL = Reading()  # how answers are stored: one spelling every language reads the same


@dataclass(frozen=True)
class Parsed:
    """A posted value read by its question's type: an answer, nothing, or a problem."""

    value: Answer | None = None
    problem: Problem | None = None


def _parse_condition(raw: Any, info: ValidationInfo) -> Condition:
    named = (info.context or {}).get("conditions")
    try:
        return conditions.parse(raw, named=named)
    except conditions.ConditionError as error:
        raise PydanticCustomError("condition", error.message, {"subpath": error.path}) from None


ConditionField = Annotated[Condition, PlainValidator(_parse_condition)]


class Part(BaseModel):
    """Base of every part of a definition: unknown keys refused, never changed once built."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Choice(Part):
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


class QuestionType(Part):
    """What every question has; each subclass is one type and says how it behaves."""

    operators: ClassVar[frozenset[str]] = frozenset({"answered"})
    widget: ClassVar[str]  # the macro in templates/_fields.html that draws it
    empty_message: ClassVar[str] = N_("Enter an answer to “%(question)s”")
    fhir_type: ClassVar[str]
    repeats: ClassVar[bool] = False  # answered with several values (FHIR `repeats`)

    id: str
    label: str
    hint: str | None = None
    required: bool = True
    required_error: str | None = None
    show_if: ConditionField | None = None
    # why a question that no rule reads is asked (for reviewers; `selfcheck check` asks for it)
    context: str | None = None

    # --- answers ---------------------------------------------------------------------

    def keep(self, values: list[str], reading: Reading = CANONICAL) -> list[str]:
        """What is kept of a post: bounded, and in the stored spelling where it can be read."""
        return [str(v)[:MAX_RAW] for v in values[:1]]

    def read(self, values: list[str], reading: Reading = CANONICAL) -> Parsed:
        """A posted value (as kept) → the answer, or the problem to show next to the field."""
        text = values[0].strip() if values else ""
        return Parsed(text or None)

    def coerce(self, value: Any) -> Answer | Problem:
        """A typed value from a saved file or the API → the answer, or why it cannot be."""
        return self._wrong("text") if not isinstance(value, str) else value

    def validate(self, value: Answer, reading: Reading = CANONICAL) -> Problem | None:
        """The one check every answer passes, however it arrived (ranges, lengths, …)."""
        return None

    def stored(self, value: Answer) -> list[str]:
        """An answer in the spelling the step page would have posted and kept."""
        return [str(value)]

    def missing(self) -> Problem:
        if self.required_error:
            return Problem(self.required_error, literal=True)
        return Problem(self.empty_message, {"question": self.label})

    def _wrong(self, kind: str, **values: Any) -> Problem:
        return Problem(ANSWER_OF[kind], {"question": self.label, **values})

    # --- reading back ----------------------------------------------------------------

    def display(self, value: Answer, locale: str = "en") -> str:
        """The answer as a patient would read it back."""
        return str(value)

    def quote(self, value: Answer, locale: str = "en") -> str:
        """The answer as it reads inside a sentence of a clinician question."""
        return self.display(value, locale)

    def options(self, locale: str = "en") -> list[tuple[str, str]]:
        """The values a page offers, with their labels (none for typed answers)."""
        return []

    @property
    def first_input(self) -> str:
        """The id of the input an error message links to."""
        return self.id

    # --- the definition ----------------------------------------------------------------

    @classmethod
    def shape_problems(cls, raw: Mapping[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
        """What a questionnaire file gets wrong about this type that its schema cannot say:
        (path inside the question, message)."""
        problems = []
        for i, choice in enumerate(_list(raw.get("choices"))):
            if isinstance(choice, Mapping) and choice.get("exclusive"):
                problems.append(
                    (
                        ("choices", i, "exclusive"),
                        "'exclusive' only makes sense in a multi_choice question. Remove it.",
                    )
                )
        return problems

    # --- conditions ------------------------------------------------------------------

    def operator_problem(self, operator: str) -> str | None:
        """Why a condition cannot use `operator` on this question, or None."""
        if operator in self.operators:
            return None
        does, instead = OPERATOR_WORDS[operator]
        return f"'{operator}' {does}, but '{self.id}' is a {self.type} question. {instead}"

    def value_problem(self, value: Any) -> str | None:
        """Why a condition cannot compare this question's answer with `value`, or None."""
        return None

    # --- FHIR ------------------------------------------------------------------------

    def fhir_details(self, words: Any) -> dict[str, Any]:
        """What this type adds to its Questionnaire item (options, bounds, controls, child
        display items); `words.of(name, pick)` gives a text's translations."""
        return {}

    def fhir_answer(self, value: Answer) -> dict[str, Any]:
        """An answer as a QuestionnaireResponse `answer` entry."""
        return {"valueString": value}

    def from_fhir(self, answer: dict[str, Any]) -> Any:
        return answer.get("valueString")

    def fhir_condition_answer(self, value: Any) -> dict[str, Any] | None:
        """A condition's value as an enableWhen `answer[x]` of the item's own type, or None
        when that type cannot hold it (the condition then goes into FHIRPath)."""
        return {"answerString": str(value)}

    def fhirpath_literal(self, value: Any) -> str:
        """A condition's value as a FHIRPath literal to compare an answer's value with."""
        return fhirpath_string(str(value))

    def fhirpath_equals(self, value: Any) -> str:
        """A FHIRPath test on one answer's value (`$this`) that holds when it is `value`."""
        return f"$this = {self.fhirpath_literal(value)}"


def _list(node: Any) -> list[Any]:
    return node if isinstance(node, list) else []


def _min_max_problems(raw: Mapping[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    low, high = raw.get("min"), raw.get("max")
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high))
    if numbers and low > high:  # type: ignore[operator]
        return [(("min",), f"min ({low}) is greater than max ({high}). Swap them.")]
    return []
