"""The questionnaire and a person's answers in HL7 FHIR R4 shape, for clinics whose health
record systems read FHIR: a `Questionnaire` (served at /fhir/Questionnaire/<id>) and a
`QuestionnaireResponse` (downloaded from the results page, and read back by "Continue from
a saved file").

Steps become groups, questions become items; `show_if` becomes `enableWhen` where FHIR's
flat list can say it, and otherwise the SDC `enableWhenExpression` (FHIRPath). Other
languages travel in the standard translation extension.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Flask, abort, jsonify, request
from flask_babel import gettext as _

from . import engine
from .answers_file import FORMAT, AnswersFileError
from .conditions import All, AnyOf, Compare, Condition, Not
from .questionnaire import Question, Questionnaire

MEDIA_TYPE = "application/fhir+json"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)
ITEM_TYPES = {
    "single_choice": "choice",
    "multi_choice": "choice",
    "yes_no": "boolean",
    "scale": "integer",
    "text": "text",
}
OPERATORS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}

fhir = Blueprint("fhir", __name__, url_prefix="/fhir")


def init_app(app: Flask) -> None:
    app.register_blueprint(fhir)


@fhir.get("/Questionnaire/<ident>")
def questionnaire_resource(ident: str):
    setup = engine.get()
    if ident != setup.questionnaire.meta.id:
        abort(404)
    others = {lang: setup.flow(None, lang).questionnaire for lang in setup.languages}
    response = jsonify(questionnaire_to_fhir(setup.questionnaire, others, canonical(ident)))
    response.mimetype = MEDIA_TYPE
    return response


def canonical(ident: str) -> str:
    return f"{request.url_root}fhir/Questionnaire/{ident}"


# ---- Questionnaire ----------------------------------------------------------------------


def questionnaire_to_fhir(
    questionnaire: Questionnaire, languages: dict[str, Questionnaire], url: str
) -> dict[str, Any]:
    """The whole questionnaire as a FHIR R4 Questionnaire resource."""
    meta = questionnaire.meta
    others = {lang: q for lang, q in languages.items() if lang != meta.language}
    words = Words(others)
    return {
        "resourceType": "Questionnaire",
        "id": meta.id,
        "url": url,
        "version": meta.version,
        "name": "".join(part.capitalize() for part in meta.id.replace("_", "-").split("-")),
        "title": meta.title,
        **words.of("title", lambda q: q.meta.title),
        "status": "active",
        "date": meta.reviewed.isoformat(),
        "language": meta.language,
        "description": meta.intro,
        "item": [
            {
                "linkId": step.id,
                "type": "group",
                "text": step.title,
                **words.of("text", lambda q, s=step.id: q.step_by_id[s].title),
                **enable_when(questionnaire, step.show_if),
                "item": [
                    question_item(questionnaire, question, words) for question in step.questions
                ],
            }
            for step in questionnaire.steps
        ],
    }


class Words:
    """The same text in the other languages, as `_field` translation extensions."""

    def __init__(self, others: dict[str, Questionnaire]):
        self.others = others

    def of(self, name: str, pick) -> dict[str, Any]:
        extensions = []
        for lang, other in self.others.items():
            try:
                text = pick(other)
            except (KeyError, StopIteration, AttributeError):
                continue
            if text:
                extensions.append(
                    {
                        "url": TRANSLATION,
                        "extension": [
                            {"url": "lang", "valueCode": lang},
                            {"url": "content", "valueString": text},
                        ],
                    }
                )
        return {f"_{name}": {"extension": extensions}} if extensions else {}


def question_item(questionnaire: Questionnaire, question: Question, words: Words) -> dict[str, Any]:
    qid = question.id
    item: dict[str, Any] = {
        "linkId": qid,
        "text": question.label,
        **words.of("text", lambda q: q.questions[qid].label),
        "type": ITEM_TYPES.get(question.type)
        or ("integer" if getattr(question, "integer", True) else "decimal"),
        "required": question.required,
        **enable_when(questionnaire, question.show_if),
    }
    extensions = []
    if question.type in ("single_choice", "multi_choice"):
        item["repeats"] = question.type == "multi_choice"
        item["answerOption"] = [
            {
                "valueCoding": {
                    "code": choice.id,
                    "display": choice.label,
                    **words.of(
                        "display",
                        lambda q, c=choice.id: next(
                            x.label for x in q.questions[qid].choices if x.id == c
                        ),
                    ),
                }
            }
            for choice in question.choices
        ]
    elif question.type in ("number", "scale"):
        kind = "valueInteger" if item["type"] == "integer" else "valueDecimal"
        for url, bound in ((MIN_VALUE, question.min), (MAX_VALUE, question.max)):
            if bound is not None:
                value = int(bound) if kind == "valueInteger" else bound
                extensions.append({"url": url, kind: value})
        if question.type == "number" and question.unit:
            extensions.append({"url": UNIT, "valueCoding": {"display": question.unit}})
        if question.type == "scale":
            extensions.append(
                {
                    "url": ITEM_CONTROL,
                    "valueCodeableConcept": {
                        "coding": [
                            {
                                "system": "http://hl7.org/fhir/questionnaire-item-control",
                                "code": "slider",
                            }
                        ]
                    },
                }
            )
    elif question.type == "text":
        item["maxLength"] = question.max_length
    if extensions:
        item["extension"] = extensions
    if question.hint:
        item["item"] = [
            {
                "linkId": f"{qid}.hint",
                "type": "display",
                "text": question.hint,
                **words.of("text", lambda q: q.questions[qid].hint),
            }
        ]
    return item


def enable_when(questionnaire: Questionnaire, condition: Condition | None) -> dict[str, Any]:
    """`show_if` as enableWhen (+ enableBehavior) when FHIR's flat list can say it,
    else as an SDC enableWhenExpression in FHIRPath."""
    if condition is None:
        return {}
    flat = _flat(questionnaire, condition)
    if flat is not None:
        entries, behaviour = flat
        return {
            "enableWhen": entries,
            **({"enableBehavior": behaviour} if len(entries) > 1 else {}),
        }
    return {
        "extension": [
            {
                "url": ENABLE_WHEN_EXPRESSION,
                "valueExpression": {
                    "language": "text/fhirpath",
                    "expression": fhirpath(questionnaire, condition),
                },
            }
        ]
    }


def _flat(questionnaire: Questionnaire, condition: Condition) -> tuple[list[dict], str] | None:
    if isinstance(condition, Compare):
        return _compare(questionnaire, condition)
    if isinstance(condition, Not) and isinstance(condition.item, Compare):
        inner = _compare(questionnaire, condition.item)
        if inner and len(inner[0]) == 1 and inner[0][0]["operator"] == "=":
            return [{**inner[0][0], "operator": "!="}], "all"
        return None
    if isinstance(condition, All | AnyOf):
        behaviour = "all" if isinstance(condition, All) else "any"
        entries = []
        for item in condition.items:
            inner = _flat(questionnaire, item)
            if inner is None or (len(inner[0]) > 1 and inner[1] != behaviour):
                return None
            entries += inner[0]
        return entries, behaviour
    return None


def _compare(questionnaire: Questionnaire, compare: Compare) -> tuple[list[dict], str] | None:
    question = questionnaire.questions[compare.question]
    op, value = compare.operator, compare.value
    if op == "answered":
        return [{"question": question.id, "operator": "exists", "answerBoolean": value}], "all"
    if op == "count_gte":
        return None
    if op in OPERATORS:
        return [
            {"question": question.id, "operator": OPERATORS[op], **_answer(question, value)}
        ], "all"
    values = list(value) if isinstance(value, tuple) else [value]
    entries = [{"question": question.id, "operator": "=", **_answer(question, v)} for v in values]
    return entries, "any"


def _answer(question: Question, value: Any) -> dict[str, Any]:
    if question.type == "yes_no":
        return {"answerBoolean": value == "yes"}
    if question.type in ("single_choice", "multi_choice"):
        return {"answerCoding": {"code": str(value)}}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"answerInteger": value}
    return {"answerDecimal": value}


def fhirpath(questionnaire: Questionnaire, condition: Condition) -> str:
    """A condition as FHIRPath over the QuestionnaireResponse being filled in."""
    if isinstance(condition, All):
        return "(" + " and ".join(fhirpath(questionnaire, c) for c in condition.items) + ")"
    if isinstance(condition, AnyOf):
        return "(" + " or ".join(fhirpath(questionnaire, c) for c in condition.items) + ")"
    if isinstance(condition, Not):
        return f"iif({fhirpath(questionnaire, condition.item)}, false, true)"
    question = questionnaire.questions[condition.question]
    answer = f"%resource.repeat(item).where(linkId='{question.id}').answer.value"
    op, value = condition.operator, condition.value
    if op == "answered":
        return f"{answer}.exists()" if value else f"{answer}.empty()"
    if op == "count_gte":
        return f"({answer}.count() >= {value})"
    if op in OPERATORS:
        return f"({answer} {OPERATORS[op]} {value})"
    values = list(value) if isinstance(value, tuple) else [value]
    if question.type == "yes_no":
        return "(" + " or ".join(f"{answer} = {str(v == 'yes').lower()}" for v in values) + ")"
    if question.type in ("single_choice", "multi_choice"):
        return "(" + " or ".join(f"{answer}.code contains '{v}'" for v in values) + ")"
    return "(" + " or ".join(f"{answer} = {v}" for v in values) + ")"


# ---- QuestionnaireResponse --------------------------------------------------------------


def response_to_fhir(
    questionnaire: Questionnaire, answers: dict[str, Any], url: str, complete: bool = True
) -> dict[str, Any]:
    """A person's answers as a FHIR R4 QuestionnaireResponse (typed answers by question id)."""
    groups = []
    for step in questionnaire.steps:
        items = []
        for question in step.questions:
            if question.id not in answers:
                continue
            values = answers[question.id]
            values = values if isinstance(values, list) else [values]
            items.append(
                {
                    "linkId": question.id,
                    "text": question.label,
                    "answer": [_value(question, value) for value in values],
                }
            )
        if items:
            groups.append({"linkId": step.id, "text": step.title, "item": items})
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{url}|{questionnaire.meta.version}",
        "status": "completed" if complete else "in-progress",
        "authored": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "language": questionnaire.meta.language,
        "item": groups,
    }


def _value(question: Question, value: Any) -> dict[str, Any]:
    if question.type == "yes_no":
        return {"valueBoolean": value == "yes"}
    if question.type in ("single_choice", "multi_choice"):
        return {"valueCoding": {"code": value, "display": question.choice_label(value)}}
    if question.type == "text":
        return {"valueString": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    return {"valueDecimal": value}


def answers_from_response(resource: dict, questionnaire: Questionnaire) -> dict[str, Any]:
    """A QuestionnaireResponse read back as an answers file's content, to be checked like one."""
    reference = resource.get("questionnaire")
    if not isinstance(reference, str) or "/Questionnaire/" not in reference:
        raise AnswersFileError(_("This file is not a saved answers file."))
    ident, _bar, version = reference.rsplit("/Questionnaire/", 1)[1].partition("|")
    answers: dict[str, Any] = {}
    for item in _items(resource.get("item")):
        link = item.get("linkId")
        question = questionnaire.questions.get(link) if isinstance(link, str) else None
        values = [_plain(a) for a in item.get("answer") or [] if isinstance(a, dict)]
        if not isinstance(link, str) or not values:
            continue
        many = question is not None and question.type == "multi_choice"
        answers[link] = values if many else values[0]
    finished = resource.get("status") == "completed"
    return {
        "format": FORMAT,
        "questionnaire": {"id": ident, "version": version or None},
        "answers": answers,
        "done": [step.id for step in questionnaire.steps] if finished else None,
    }


def _items(items: Any):
    """Every item at any depth (groups hold questions)."""
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            yield item
            yield from _items(item.get("item"))


def _plain(answer: dict) -> Any:
    if "valueCoding" in answer and isinstance(answer["valueCoding"], dict):
        return answer["valueCoding"].get("code")
    if "valueBoolean" in answer:
        return {True: "yes", False: "no"}.get(answer["valueBoolean"], answer["valueBoolean"])
    for key in ("valueInteger", "valueDecimal", "valueString"):
        if key in answer:
            return answer[key]
    return None
