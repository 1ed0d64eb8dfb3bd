"""Questions answered by choosing: from listed choices, yes or no, or a point on a scale."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from .. import conditions, translations
from ..conditions import Answer
from ..fhir_terms import MAX_VALUE, MIN_VALUE, item_control
from ..problem import N_, Problem
from .base import (
    CANONICAL,
    MAX_RAW,
    NOT_SHOWN,
    Choice,
    Parsed,
    QuestionType,
    Reading,
    _list,
    _min_max_problems,
)
from .written import number_problem


class _Choosing(QuestionType):
    """Questions answered by choosing from a fixed set."""

    operators: ClassVar[frozenset[str]] = frozenset({"answered", "equals", "in"})
    widget: ClassVar[str] = "single"
    empty_message: ClassVar[str] = N_("Select an answer to “%(question)s”")
    fhir_type: ClassVar[str] = "choice"

    def values(self) -> list[str]:
        return [value for value, _ in self.options()]

    def read(self, values: list[str], reading: Reading = CANONICAL) -> Parsed:
        if not values or not values[0]:
            return Parsed()
        if values[0] not in self.values():
            return Parsed(problem=Problem(NOT_SHOWN))
        return Parsed(values[0])

    def coerce(self, value: Any) -> Answer | Problem:
        return value if isinstance(value, str) and value in self.values() else self._wrong("choice")

    def value_problem(self, value: Any) -> str | None:
        allowed = self.values()
        if value not in allowed:
            return f"'{self.id}' has no answer '{value}'. Its answers are: {', '.join(allowed)}."
        return None

    @property
    def first_input(self) -> str:
        return f"{self.id}-{self.values()[0]}"


class _Listed(_Choosing):
    choices: Annotated[list[Choice], Field(min_length=2)]

    def options(self, locale: str = "en") -> list[tuple[str, str]]:
        return [(c.id, c.label) for c in self.choices]

    def choice_label(self, choice_id: str) -> str:
        return next((c.label for c in self.choices if c.id == choice_id), choice_id)

    def choice_in_sentence(self, choice_id: str) -> str:
        return next((c.in_sentence for c in self.choices if c.id == choice_id), choice_id)

    def fhir_details(self, words: Any) -> dict[str, Any]:
        qid = self.id

        def label_of(choice_id: str):
            return lambda q: next(c.label for c in q.questions[qid].choices if c.id == choice_id)

        options = [
            {
                "valueCoding": {
                    "code": c.id,
                    "display": c.label,
                    **words.of("display", label_of(c.id)),
                }
            }
            for c in self.choices
        ]
        return {"repeats": self.repeats, "answerOption": options}

    def fhir_answer(self, value: Answer) -> dict[str, Any]:
        return {"valueCoding": {"code": value, "display": self.choice_label(str(value))}}

    def from_fhir(self, answer: dict[str, Any]) -> Any:
        coding = answer.get("valueCoding")
        return coding.get("code") if isinstance(coding, dict) else None

    def fhir_condition_answer(self, value: Any) -> dict[str, Any]:
        return {"answerCoding": {"code": str(value)}}

    def fhirpath_equals(self, answer: str, value: Any) -> str:
        return f"{answer}.code contains '{value}'"


class SingleChoice(_Listed):
    type: Literal["single_choice"]

    def display(self, value: Answer, locale: str = "en") -> str:
        return self.choice_label(str(value))

    def quote(self, value: Answer, locale: str = "en") -> str:
        return self.choice_in_sentence(str(value))


class MultiChoice(_Listed):
    type: Literal["multi_choice"]
    operators: ClassVar[frozenset[str]] = frozenset({"answered", "any_of", "count_gte"})
    widget: ClassVar[str] = "multi"
    repeats: ClassVar[bool] = True
    empty_message: ClassVar[str] = N_("Select at least one answer to “%(question)s”")

    def operator_problem(self, operator: str) -> str | None:
        if operator in ("equals", "in"):
            return f"'{self.id}' is a multi_choice question, so use any_of with its choice ids."
        return super().operator_problem(operator)

    @classmethod
    def shape_problems(cls, raw: Mapping[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
        choices = _list(raw.get("choices"))
        exclusive = [
            i for i, c in enumerate(choices) if isinstance(c, Mapping) and c.get("exclusive")
        ]
        if len(exclusive) > 1:
            return [
                (
                    ("choices", exclusive[1], "exclusive"),
                    "only one choice can be exclusive (the 'none of these' choice).",
                )
            ]
        return []

    def keep(self, values: list[str], reading: Reading = CANONICAL) -> list[str]:
        return [str(v)[:MAX_RAW] for v in values[: len(self.choices)]]

    def read(self, values: list[str], reading: Reading = CANONICAL) -> Parsed:
        known = self.values()
        chosen = [v for v in dict.fromkeys(values) if v in known]
        if len(chosen) < len(set(values)):
            return Parsed(chosen or None, Problem(N_("Select only the answers shown")))
        return Parsed(chosen or None)

    def coerce(self, value: Any) -> Answer | Problem:
        known = self.values()
        if (
            not isinstance(value, list)
            or not value
            or any(not isinstance(v, str) or v not in known for v in value)
            or len(set(value)) != len(value)
        ):
            return self._wrong("choices")
        return list(value)

    def validate(self, value: Answer, reading: Reading = CANONICAL) -> Problem | None:
        exclusive = next((c for c in self.choices if c.exclusive), None)
        if exclusive and isinstance(value, list) and exclusive.id in value and len(value) > 1:
            return Problem(
                N_("Select “%(answer)s” on its own, or uncheck it"), {"answer": exclusive.label}
            )
        return None

    def stored(self, value: Answer) -> list[str]:
        return [str(v)[:MAX_RAW] for v in (value if isinstance(value, list) else [value])]

    def display(self, value: Answer, locale: str = "en") -> str:
        values = value if isinstance(value, list) else [str(value)]
        return ", ".join(self.choice_label(v) for v in values)

    def quote(self, value: Answer, locale: str = "en") -> str:
        values = value if isinstance(value, list) else [str(value)]
        return ", ".join(self.choice_in_sentence(v) for v in values)


class YesNo(_Choosing):
    type: Literal["yes_no"]
    fhir_type: ClassVar[str] = "boolean"

    def options(self, locale: str = "en") -> list[tuple[str, str]]:
        words = translations.WORDS[locale]
        return [("yes", words["yes"]), ("no", words["no"])]

    def display(self, value: Answer, locale: str = "en") -> str:
        return translations.WORDS[locale].get(str(value), str(value))

    def fhir_answer(self, value: Answer) -> dict[str, Any]:
        return {"valueBoolean": value == "yes"}

    def from_fhir(self, answer: dict[str, Any]) -> Any:
        flag = answer.get("valueBoolean")
        return {True: "yes", False: "no"}.get(flag, flag) if isinstance(flag, bool) else None

    def fhir_condition_answer(self, value: Any) -> dict[str, Any]:
        return {"answerBoolean": value == "yes"}

    def fhirpath_equals(self, answer: str, value: Any) -> str:
        return f"{answer} = {str(value == 'yes').lower()}"


class Scale(_Choosing):
    type: Literal["scale"]
    operators: ClassVar[frozenset[str]] = frozenset(
        {"answered", "equals", "in", *conditions.NUMERIC}
    )
    widget: ClassVar[str] = "scale"
    fhir_type: ClassVar[str] = "integer"
    min: int = 0
    max: int = 10
    min_label: str
    max_label: str

    @classmethod
    def shape_problems(cls, raw: Mapping[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
        return _min_max_problems(raw) + super().shape_problems(raw)

    def options(self, locale: str = "en") -> list[tuple[str, str]]:
        return [(str(i), str(i)) for i in range(self.min, self.max + 1)]

    def read(self, values: list[str], reading: Reading = CANONICAL) -> Parsed:
        parsed = super().read(values, reading)
        return parsed if parsed.value is None else Parsed(int(str(parsed.value)))

    def coerce(self, value: Any) -> Answer | Problem:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not self.min <= value <= self.max
        ):
            return self._wrong("scale", low=self.min, high=self.max)
        return value

    def value_problem(self, value: Any) -> str | None:
        return number_problem(self.id, value)

    def display(self, value: Answer, locale: str = "en") -> str:
        return translations.WORDS[locale]["out_of"].format(value=value, most=self.max)

    def fhir_details(self, words: Any) -> dict[str, Any]:
        bounds = [
            {"url": MIN_VALUE, "valueInteger": self.min},
            {"url": MAX_VALUE, "valueInteger": self.max},
        ]
        return {"extension": [*bounds, item_control("slider")]}

    def fhir_answer(self, value: Answer) -> dict[str, Any]:
        return {"valueInteger": value}

    def from_fhir(self, answer: dict[str, Any]) -> Any:
        return answer.get("valueInteger")

    def fhir_condition_answer(self, value: Any) -> dict[str, Any]:
        return {"answerInteger": int(value)}

    def fhirpath_equals(self, answer: str, value: Any) -> str:
        return f"{answer} = {value}"
