"""The JSON API's bodies as models: what it returns is built from them, and its OpenAPI 3.1
document is generated from them, so the description cannot drift from the answers."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

from . import conditions
from .outcome import Outcome
from .questionnaire import Questionnaire
from .rules import Item, QuestionList


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Error(_Out):
    field: str = Field(description="A question id, or 'answers' or 'request'.")
    message: str


class Errors(_Out):
    """Answers that could not be read or used; nothing was made."""

    errors: list[Error]


class SourceOut(_Out):
    title: str
    publisher: str
    year: int
    url: str | None = None


class Because(_Out):
    question: str
    answer: str


class ClinicianQuestion(_Out):
    """A question for the person to ask, with the answers that led to it and its sources."""

    id: str
    text: str
    topic: str
    because: list[Because]
    detail: str
    sources: list[SourceOut]
    reviewed: date

    @classmethod
    def of(cls, item: Item) -> ClinicianQuestion:
        return cls(
            id=item.id,
            text=item.text,
            topic=item.topic,
            because=[Because(question=r.question, answer=r.answer) for r in item.reasons],
            detail=item.detail,
            sources=[SourceOut(**s.model_dump()) for s in item.sources],
            reviewed=item.reviewed,
        )


class StopOut(_Out):
    """Urgent help (or "this is not for you") instead of a list."""

    id: str
    kind: Literal["urgent", "not_for_you"]
    title: str
    text: list[str]


class NoticeOut(_Out):
    id: str
    title: str
    text: str


class ClosingOut(_Out):
    title: str
    questions: list[str]


class IntakeOut(_Out):
    """A rough daily amount from food beside the reference amount (a range when unknown)."""

    id: str
    name: str
    unit: str
    amount: float
    low: float
    high: float


class EstimateOut(_Out):
    """The questionnaire's rough estimate from food answers: whatever nutrients it defines."""

    title: str
    note: str
    intakes: list[IntakeOut]
    foods_answered: int


class QuestionnaireRef(_Out):
    id: str
    version: str


class Report(_Out):
    """The person's list (or a stop instead of it), in the language asked for."""

    questionnaire: QuestionnaireRef
    language: str
    stop: StopOut | None
    questions: list[ClinicianQuestion]
    more: list[ClinicianQuestion] | None = Field(
        None, description="What the length cap moved below the list, in order."
    )
    left_out: int | None = Field(None, description="How many are in `more`.")
    notices: list[NoticeOut] | None = None
    closing: ClosingOut | None = None
    estimate: EstimateOut | None = None

    @classmethod
    def of(cls, questionnaire: Questionnaire, outcome: Outcome) -> Report:
        meta = questionnaire.meta
        head = {
            "questionnaire": QuestionnaireRef(id=meta.id, version=meta.version),
            "language": meta.language,
        }
        if outcome.stop is not None:
            stop = outcome.stop
            out = StopOut(id=stop.id, kind=stop.kind, title=stop.title, text=list(stop.body))
            return cls(**head, stop=out, questions=[])
        found = outcome.questions
        assert found is not None
        return cls(
            **head,
            stop=None,
            questions=[ClinicianQuestion.of(item) for item in found.items],
            more=[ClinicianQuestion.of(item) for item in found.more],
            left_out=found.left_out,
            notices=[NoticeOut(id=n.id, title=n.title, text=n.text) for n in found.notices],
            closing=ClosingOut(title=found.closing.title, questions=list(found.closing.questions)),
            estimate=_estimate(questionnaire, found),
        )

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_unset=True)


def _estimate(questionnaire: Questionnaire, found: QuestionList) -> EstimateOut | None:
    block, intakes = questionnaire.estimate, found.estimate
    if block is None or intakes is None:
        return None
    return EstimateOut(
        title=block.title,
        note=block.note,
        intakes=[IntakeOut(**vars(intake)) for intake in intakes.intakes],
        foods_answered=intakes.foods_answered,
    )


class StepOut(_Out):
    id: str
    title: str
    show_if: dict[str, Any] | None
    questions: list[dict[str, Any]] = Field(
        description="Each question as in questions.yaml: id, type, label, choices, …"
    )


class QuestionnaireOut(_Out):
    """The questionnaire: what to send to /report."""

    id: str
    version: str
    title: str
    language: str
    languages: list[str]
    steps: list[StepOut]

    @classmethod
    def of(cls, questionnaire: Questionnaire) -> QuestionnaireOut:
        meta = questionnaire.meta

        def condition(found: conditions.Condition | None) -> dict[str, Any] | None:
            return conditions.as_dict(found) if found else None

        steps = [
            StepOut(
                id=step.id,
                title=step.title,
                show_if=condition(step.show_if),
                questions=[
                    {
                        **question.model_dump(mode="json", exclude_none=True, exclude={"show_if"}),
                        "show_if": condition(question.show_if),
                    }
                    for question in step.questions
                ],
            )
            for step in questionnaire.steps
        ]
        return cls(
            id=meta.id,
            version=meta.version,
            title=meta.title,
            language=meta.language,
            languages=list(meta.languages),
            steps=steps,
        )


class AnswersIn(BaseModel):
    """An answers file saved with "Save my answers" is a valid body as it is; so is a FHIR
    QuestionnaireResponse (`resourceType`, `questionnaire`, `item`)."""

    model_config = ConfigDict(extra="allow")

    answers: dict[str, str | float | list[str]] = Field(
        description="Answers by question id: a choice id, several choice ids, a number, text "
        "or a date (YYYY-MM-DD). See GET /questionnaire for the ids."
    )
    format: Literal["selfcheck-answers"] | None = None
    questionnaire: QuestionnaireRef | None = Field(
        None,
        description="The questionnaire the answers were given to; another version's answers "
        "are refused when they do not fit.",
    )
    done: list[str] | None = None
    saved: str | None = None
    clinic: str | None = None


MODELS: list[type[BaseModel]] = [AnswersIn, Report, QuestionnaireOut, Errors]


def document(languages: list[str]) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API, from the models above."""
    _, top = models_json_schema(
        [(model, "validation" if model is AnswersIn else "serialization") for model in MODELS],
        ref_template="#/components/schemas/{model}",
    )
    schemas = top["$defs"]

    def body(model: type[BaseModel], media: str = "application/json") -> dict[str, Any]:
        return {"content": {media: {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}

    def refused(description: str) -> dict[str, Any]:
        return {"description": description, **body(Errors)}

    lang = {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "The language of the words in the response.",
        "schema": {"type": "string", "enum": languages},
    }
    errors = {
        "400": refused("The body is not valid JSON."),
        "413": refused("The body is larger than 64 KB."),
        "415": refused("The body is not application/json."),
        "422": refused("Answers that do not fit the questionnaire, or required ones missing."),
        "429": refused("Too many requests from this address; try again later."),
    }
    answers = {"required": True, **body(AnswersIn)}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "selfcheck API",
            "version": "1",
            "description": "Answers in, questions to ask a clinician out. Nothing is stored.",
        },
        "paths": {
            "/api/v1/questionnaire": {
                "get": {
                    "summary": "The questionnaire: ids, types, choices and conditions.",
                    "parameters": [lang],
                    "responses": {
                        "200": {"description": "The questionnaire", **body(QuestionnaireOut)}
                    },
                }
            },
            "/api/v1/report": {
                "post": {
                    "summary": "The list of questions for these answers, or urgent help.",
                    "parameters": [lang],
                    "requestBody": answers,
                    "responses": {"200": {"description": "The list", **body(Report)}, **errors},
                }
            },
            "/api/v1/report.pdf": {
                "post": {
                    "summary": "The same list as a PDF.",
                    "parameters": [lang],
                    "requestBody": answers,
                    "responses": {
                        "200": {
                            "description": "The PDF",
                            "content": {"application/pdf": {"schema": {"type": "string"}}},
                        },
                        **errors,
                    },
                }
            },
        },
        "components": {"schemas": schemas},
    }
