"""One WTForms class per step, built once at start-up from the questionnaire.

Each question type maps to a field class through `FIELD_TYPES`; every field knows how to
turn what the browser sent into a typed answer (`answer()`), and says what is wrong in
plain words. Templates render the fields with our own macros, not WTForms widgets.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import current_app, has_request_context
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from wtforms import Field
from wtforms.validators import StopValidation, ValidationError

from .conditions import Answer
from .language import language
from .questionnaire import MultiChoice, Number, Question, Questionnaire, Scale, Step, Text

NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
THOUSANDS = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
COMMA_THOUSANDS = re.compile(r"-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?")
COMMA_DECIMAL = re.compile(r"-?[0-9]+,[0-9]+")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_RAW = 64  # characters kept from a value that is not free text


def parse_number(raw: str, integer: bool, decimal_comma: bool = False) -> int | float:
    """Read a number the way a person types it ('1,000', ' 12 '); ValueError otherwise.

    With `decimal_comma` (Spanish), '7,5' is seven and a half and '5.000' is five thousand.
    Only ASCII digits count: float() would accept 'NaN', '1e309' and full-width digits.
    """
    text = raw.strip().replace(" ", "")
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


class AnswerField(Field):
    """Base for our fields: knows its question and gives a typed answer."""

    question: Question

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = valuelist[0][:MAX_RAW] if valuelist else None

    def answer(self) -> Answer | None:
        return self.data or None

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


class ChoiceField(AnswerField):
    """single_choice and yes_no: one of a fixed set of answers."""

    def choices(self) -> list[tuple[str, str]]:
        return [(c.id, c.label) for c in getattr(self.question, "choices", [])] or [
            ("yes", _("Yes")),
            ("no", _("No")),
        ]

    def values(self) -> set[str]:
        """The answers one may send (choices() without translating their labels)."""
        return {c.id for c in getattr(self.question, "choices", [])} or {"yes", "no"}

    def pre_validate(self, form) -> None:
        if self.data and self.data not in self.values():
            self.data = None
            raise StopValidation(_("Select one of the answers shown"))


class ScaleField(ChoiceField):
    question: Scale

    def choices(self) -> list[tuple[str, str]]:
        return [(str(i), str(i)) for i in range(self.question.min, self.question.max + 1)]

    def values(self) -> set[str]:
        return {str(i) for i in range(self.question.min, self.question.max + 1)}

    def answer(self) -> Answer | None:
        return int(self.data) if self.data in self.values() else None


class MultiChoiceField(AnswerField):
    """multi_choice: any number of answers, one of which may be 'none of these'."""

    question: MultiChoice

    def process_formdata(self, valuelist: list[str]) -> None:
        known = {c.id for c in self.question.choices}
        self.data = [v for v in dict.fromkeys(valuelist) if v in known]
        self.unknown = len(self.data) < len(set(valuelist))

    def _value(self) -> str:
        return ""

    def choices(self) -> list[tuple[str, str]]:
        return [(c.id, c.label) for c in self.question.choices]

    def answer(self) -> Answer | None:
        return list(self.data) if self.data else None

    def pre_validate(self, form) -> None:
        if getattr(self, "unknown", False):
            raise StopValidation(_("Select only the answers shown"))
        exclusive = [c for c in self.question.choices if c.exclusive]
        if exclusive and self.data and exclusive[0].id in self.data and len(self.data) > 1:
            raise StopValidation(
                _("Select “%(answer)s” on its own, or untick it", answer=exclusive[0].label)
            )


class NumberField(AnswerField):
    """number: typed as text (with a numeric keyboard) and read strictly."""

    question: Number

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0] if valuelist else ""
        self.data = CONTROL.sub("", raw)[:MAX_RAW]

    def answer(self) -> Answer | None:
        if not self.data or not self.data.strip():
            return None
        try:
            return parse_number(self.data, self.question.integer, decimal_comma())
        except ValueError:
            return None

    def pre_validate(self, form) -> None:
        if not self.data or not self.data.strip():
            return
        q = self.question
        try:
            value = parse_number(self.data, q.integer, decimal_comma())
        except ValueError:
            message = (
                _("Enter a whole number, like %(example)s", example="40")
                if q.integer
                else _("Enter a number, like %(example)s", example=format_decimal(7.5))
            )
            raise StopValidation(message) from None
        low = -float("inf") if q.min is None else q.min
        high = float("inf") if q.max is None else q.max
        if not low <= value <= high:
            unit = f" {q.unit}" if q.unit else ""
            if q.min is not None and q.max is not None:
                message = _(
                    "Enter a number from %(low)s to %(high)s", low=_n(q.min), high=_n(q.max) + unit
                )
            elif q.min is not None:
                message = _("Enter a number of %(low)s or more", low=_n(q.min) + unit)
            else:
                message = _("Enter a number of %(high)s or less", high=_n(q.max) + unit)
            raise StopValidation(message)


def canonical_number(number: int | float) -> str:
    """One spelling that every language reads back as the same number: '5000', '7.5'.

    Three decimals get a trailing 0 ('2.1250'), so '2.125' can never be read as the
    Spanish spelling of two thousand one hundred and twenty-five.
    """
    text = str(number)
    if "." in text and len(text.split(".")[1]) == 3:
        text += "0"
    return text


def decimal_comma() -> bool:
    """Whether the reader writes 7,5 for seven and a half (the page is in Spanish)."""
    return has_request_context() and language() == "es"


def _n(value: float) -> str:
    return format_decimal(int(value) if float(value).is_integer() else value)


class TextField(AnswerField):
    """text: free words, bounded in length, control characters removed."""

    question: Text

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0] if valuelist else ""
        # keep a little more than allowed, so the length message can tell how much to cut
        self.data = CONTROL.sub("", raw)[: self.question.max_length * 2]

    def answer(self) -> Answer | None:
        text = (self.data or "").strip()
        return text or None

    def pre_validate(self, form) -> None:
        text = (self.data or "").strip()
        limit = self.question.max_length
        if len(text) > limit:
            raise StopValidation(
                _(
                    "Your answer must be %(limit)s characters or fewer. Shorten it a little.",
                    limit=limit,
                )
            )


class AnswerRequired:
    """Stop with a plain message when a required question has no answer."""

    def __init__(self, question: Question):
        self.question = question

    def __call__(self, form, field: AnswerField) -> None:
        if field.answer() is None:
            field.errors[:] = []
            raise StopValidation(required_message(self.question))


def _optional(form, field: AnswerField) -> None:
    if field.answer() is None:
        raise StopValidation()


def required_message(question: Question) -> str:
    if question.required_error:
        return question.required_error
    if question.type == "multi_choice":
        return _("Select at least one answer to “%(question)s”", question=question.label)
    if question.type in ("number", "text"):
        return _("Enter an answer to “%(question)s”", question=question.label)
    return _("Select an answer to “%(question)s”", question=question.label)


FIELD_TYPES: dict[str, type[AnswerField]] = {
    "single_choice": ChoiceField,
    "yes_no": ChoiceField,
    "multi_choice": MultiChoiceField,
    "number": NumberField,
    "scale": ScaleField,
    "text": TextField,
}


def make_field(question: Question):
    field_class = FIELD_TYPES[question.type]
    validators: list[Callable] = [AnswerRequired(question) if question.required else _optional]
    return field_class(label=question.label, question=question, validators=validators)


class StepForm(FlaskForm):
    """Base of every step's form; subclasses only add one field per question."""

    step: Step


def csrf_valid(form: StepForm) -> bool:
    """Check the form's CSRF token, when the app has CSRF protection switched on."""
    token = getattr(form, "csrf_token", None)
    return token is None or token.validate(form)


def upload_token() -> str | None:
    """A CSRF token for the one form that is not a step (the saved-answers upload)."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return None
    return generate_csrf()


def csrf_failed(form: StepForm) -> bool:
    token = getattr(form, "csrf_token", None)
    return bool(token is not None and token.errors)


def build_step_form(step: Step) -> type[StepForm]:
    """The form class for one step; called once per step at start-up."""
    fields = {question.id: make_field(question) for question in step.questions}
    return type(f"StepForm_{step.id}", (StepForm,), {"step": step, **fields})


def build_forms(questionnaire: Questionnaire) -> dict[str, type[StepForm]]:
    return {step.id: build_step_form(step) for step in questionnaire.steps}


__all__ = ["ValidationError", "build_forms", "build_step_form", "parse_number", "FIELD_TYPES"]
