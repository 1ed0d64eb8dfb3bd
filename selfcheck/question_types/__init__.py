"""Question types: one class each, in one registry. Nobody else asks what type a question is.

A type owns everything that differs between kinds of question: reading what a browser posted
(`read`), checking a typed value sent as JSON (`coerce`), the one validator both go through
(`validate`), the stored spelling (`stored`), how the answer reads back (`display`, `quote`),
which condition operators apply and what a file gets wrong about it, the template macro that
draws it (`widget`, in templates/_fields.html), and its FHIR item and answer types.
Adding a type is one class here (listed in `TYPES`), one macro, and tests.
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from .base import (
    CANONICAL,
    MAX_RAW,
    Choice,
    ConditionField,
    Parsed,
    Part,
    QuestionType,
    Reading,
)
from .choosing import MultiChoice, Scale, SingleChoice, YesNo
from .written import DateAnswer, Number, Text, canonical_number, parse_number

TYPES: tuple[type[QuestionType], ...] = (
    SingleChoice,
    MultiChoice,
    YesNo,
    Number,
    Scale,
    Text,
    DateAnswer,
)
QUESTION_TYPES = tuple(t.model_fields["type"].annotation.__args__[0] for t in TYPES)
REGISTRY: dict[str, type[QuestionType]] = dict(zip(QUESTION_TYPES, TYPES, strict=True))
Question = Annotated[Union[TYPES], Field(discriminator="type")]  # noqa: UP007


__all__ = [
    "CANONICAL",
    "MAX_RAW",
    "QUESTION_TYPES",
    "REGISTRY",
    "TYPES",
    "Choice",
    "ConditionField",
    "DateAnswer",
    "MultiChoice",
    "Number",
    "Parsed",
    "Part",
    "Question",
    "QuestionType",
    "Reading",
    "Scale",
    "SingleChoice",
    "Text",
    "YesNo",
    "canonical_number",
    "parse_number",
]
