"""Questions answered by writing: a number, free text, or a date."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar, Literal

from babel.dates import format_date
from pydantic import Field

from .. import conditions, translations
from ..conditions import Answer
from ..fhir_terms import MAX_VALUE, MIN_VALUE, UNIT, fhirpath_number
from ..problem import N_, Problem
from .base import CANONICAL, MAX_RAW, Parsed, QuestionType, Reading, _min_max_problems

LARGEST = 10**15  # numbers beyond this are nobody's answer (and some tools cannot hold them)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
THOUSANDS = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
COMMA_THOUSANDS = re.compile(r"-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?")
COMMA_DECIMAL = re.compile(r"-?[0-9]+,[0-9]+")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Number(QuestionType):
    type: Literal["number"]
    operators: ClassVar[frozenset[str]] = frozenset(
        {"answered", "equals", "in", *conditions.NUMERIC}
    )
    widget: ClassVar[str] = "number"
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    integer: bool = True

    @classmethod
    def shape_problems(cls, raw: Mapping[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
        return _min_max_problems(raw) + super().shape_problems(raw)

    @property
    def fhir_type(self) -> str:  # type: ignore[override]
        return "integer" if self.integer else "decimal"

    def keep(self, values: list[str], reading: Reading = CANONICAL) -> list[str]:
        kept = CONTROL.sub("", values[0])[:MAX_RAW] if values else ""
        try:
            return [canonical_number(parse_number(kept, self.integer, reading.decimal_comma))]
        except ValueError:
            return [kept]  # kept as typed, so the page can show it with its error

    def read(self, values: list[str], reading: Reading = CANONICAL) -> Parsed:
        text = values[0] if values else ""
        if not text.strip():
            return Parsed()
        try:
            return Parsed(parse_number(text, self.integer, reading.decimal_comma))
        except ValueError:
            if self.integer:
                message = Problem(N_("Enter a whole number, like %(example)s"), {"example": "40"})
            else:
                example = translations.number(7.5, locale=reading.locale)
                message = Problem(N_("Enter a number, like %(example)s"), {"example": example})
            return Parsed(problem=message)

    def coerce(self, value: Any) -> Answer | Problem:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return self._wrong("number")
        if isinstance(value, float) and not math.isfinite(value) or abs(value) >= LARGEST:
            return self._wrong("number")
        if self.integer and not float(value).is_integer():
            return self._wrong("whole")
        number = int(value) if self.integer else value
        return 0 if number == 0 else number  # no -0

    def validate(self, value: Answer, reading: Reading = CANONICAL) -> Problem | None:
        assert isinstance(value, int | float)
        locale = reading.locale
        low = -math.inf if self.min is None else self.min
        high = math.inf if self.max is None else self.max
        if low <= value <= high:
            return None
        unit = f" {self.unit}" if self.unit else ""
        if self.min is not None and self.max is not None:
            return Problem(
                N_("Enter a number from %(low)s to %(high)s"),
                {"low": _n(self.min, locale), "high": _n(self.max, locale) + unit},
            )
        if self.min is not None:
            low = _n(self.min, locale) + unit
            return Problem(N_("Enter a number of %(low)s or more"), {"low": low})
        high = _n(float(self.max or 0), locale) + unit
        return Problem(N_("Enter a number of %(high)s or less"), {"high": high})

    def stored(self, value: Answer) -> list[str]:
        assert isinstance(value, int | float)
        return [canonical_number(int(value) if self.integer else value)]

    def value_problem(self, value: Any) -> str | None:
        return number_problem(self.id, value)

    def display(self, value: Answer, locale: str = "en") -> str:
        number = (
            translations.number(value, locale=locale) if isinstance(value, int | float) else value
        )
        return f"{number} {self.unit}" if self.unit else str(number)

    def fhir_details(self, words: Any) -> dict[str, Any]:
        kind = "valueInteger" if self.integer else "valueDecimal"
        extensions: list[dict[str, Any]] = [
            {"url": url, kind: int(bound) if self.integer else bound}
            for url, bound in ((MIN_VALUE, self.min), (MAX_VALUE, self.max))
            if bound is not None
        ]
        if self.unit:
            extensions.append({"url": UNIT, "valueCoding": {"display": self.unit}})
        return {"extension": extensions} if extensions else {}

    def fhir_answer(self, value: Answer) -> dict[str, Any]:
        return {"valueInteger": value} if self.integer else {"valueDecimal": value}

    def from_fhir(self, answer: dict[str, Any]) -> Any:
        return answer.get("valueInteger", answer.get("valueDecimal"))

    def fhir_condition_answer(self, value: Any) -> dict[str, Any] | None:
        """answerDecimal for a decimal question even when the file writes `lt: 6`; an integer
        question compared with 6.5 has no answerInteger for it (FHIRPath says it instead)."""
        if not self.integer:
            return {"answerDecimal": float(value)}
        return {"answerInteger": int(value)} if float(value).is_integer() else None

    def fhirpath_literal(self, value: Any) -> str:
        return fhirpath_number(value)


class Text(QuestionType):
    type: Literal["text"]
    operators: ClassVar[frozenset[str]] = frozenset({"answered", "equals", "in"})
    widget: ClassVar[str] = "text"
    fhir_type: ClassVar[str] = "text"
    max_length: int = Field(200, ge=1, le=1000)

    def keep(self, values: list[str], reading: Reading = CANONICAL) -> list[str]:
        # a little more than allowed, so the length message can tell how much to cut
        return [CONTROL.sub("", str(v))[: self.max_length * 2] for v in values[:1]]

    def read(self, values: list[str], reading: Reading = CANONICAL) -> Parsed:
        text = CONTROL.sub("", values[0] if values else "")[: self.max_length * 2].strip()
        return Parsed(text or None)

    def coerce(self, value: Any) -> Answer | Problem:
        if not isinstance(value, str) or len(value) > self.max_length:
            return self._wrong("text", count=self.max_length)
        return CONTROL.sub("", value).strip()  # as a page keeps it; "" is no answer

    def fhir_details(self, words: Any) -> dict[str, Any]:
        return {"maxLength": self.max_length}

    def validate(self, value: Answer, reading: Reading = CANONICAL) -> Problem | None:
        if isinstance(value, str) and len(value) > self.max_length:
            return Problem(
                N_("Your answer must be %(limit)s characters or fewer. Shorten it a little."),
                {"limit": self.max_length},
            )
        return None


class DateAnswer(QuestionType):
    """A day, written 2026-03-15: in the past (like the date of a last test) by default, or in
    the future (`timing: future`, like the day a trip starts), or either (`timing: any`)."""

    type: Literal["date"]
    widget: ClassVar[str] = "date"
    fhir_type: ClassVar[str] = "date"
    timing: Literal["past", "future", "any"] = "past"

    def read(self, values: list[str], reading: Reading = CANONICAL) -> Parsed:
        text = values[0].strip() if values else ""
        if not text:
            return Parsed()
        day = _iso_day(text)
        if day is None:
            return Parsed(problem=Problem(N_("Enter a date like 2026-03-15")))
        return Parsed(text)

    def coerce(self, value: Any) -> Answer | Problem:
        return value if isinstance(value, str) and _iso_day(value) else self._wrong("date")

    def validate(self, value: Answer, reading: Reading = CANONICAL) -> Problem | None:
        day = _iso_day(str(value))
        if day is None:
            return self._wrong("date")
        if self.timing == "past" and day > date.today():
            return Problem(N_("Enter a date that is today or in the past"))
        if self.timing == "future" and day < date.today():
            return Problem(N_("Enter a date that is today or later"))
        return None

    def display(self, value: Answer, locale: str = "en") -> str:
        day = _iso_day(str(value))
        if day is None:
            return str(value)
        return format_date(day, translations.DATE_FORMATS.get(locale, "long"), locale=locale)

    def fhir_answer(self, value: Answer) -> dict[str, Any]:
        return {"valueDate": value}

    def from_fhir(self, answer: dict[str, Any]) -> Any:
        return answer.get("valueDate")

    def fhir_condition_answer(self, value: Any) -> dict[str, Any] | None:
        return {"answerDate": str(value)}

    def fhirpath_literal(self, value: Any) -> str:
        return f"@{value}"


def parse_number(raw: str, integer: bool, decimal_comma: bool = False) -> int | float:
    """Read a number the way a person types it ('1,000', ' 12 '); ValueError otherwise.

    With `decimal_comma` (Spanish), '7,5' is seven and a half and '5.000' is five thousand.
    Only ASCII digits count: float() would accept 'NaN', '1e309' and full-width digits.
    """
    text = raw.strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if len(text) > 32:
        raise ValueError(raw)
    if decimal_comma:
        if COMMA_THOUSANDS.fullmatch(text):
            text = text.replace(".", "").replace(",", ".")
        elif COMMA_DECIMAL.fullmatch(text):
            text = text.replace(",", ".")
    if THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if not NUMBER.fullmatch(text):
        raise ValueError(raw)
    if "." in text:
        whole, fraction = text.split(".")
        if integer and fraction.strip("0"):
            raise ValueError(raw)
        if integer:
            text = whole
    value = int(text) if integer else float(text)
    return 0 if value == 0 else value  # no -0


def canonical_number(number: int | float) -> str:
    """One spelling that every language reads back as the same number: '5000', '7.5', and
    '5' for five whether it came as 5 or 5.0 (a saved file keeps decimals as decimals).

    Three decimals get a trailing 0 ('2.1250'), so '2.125' can never be read as the
    Spanish spelling of two thousand one hundred and twenty-five.
    """
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    text = str(number)
    if "." in text and len(text.split(".")[1]) == 3:
        text += "0"
    return text


def _n(value: float, locale: str = "en") -> str:
    return translations.number(int(value) if float(value).is_integer() else value, locale=locale)


def number_problem(name: str, value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"'{name}' is a number question; compare it with a number."
    return None


def _iso_day(text: str) -> date | None:
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
