"""The questionnaire and a person's answers in HL7 FHIR R4 shape, for clinics whose health
record systems read FHIR: a `Questionnaire` (served at /fhir/Questionnaire/<id>) and a
`QuestionnaireResponse` (downloaded from the results page, and read back by "Continue from
a saved file").

Steps become groups, questions become items; `show_if` becomes `enableWhen` where FHIR's
flat list can say it, and otherwise the SDC `enableWhenExpression` (FHIRPath, always true or
false, never empty). Other languages travel in the standard translation extension.

linkIds are unique by construction: a question's is its id (lower-case letters, digits and
_), a step's group is `step.<id>`, and a question's display items are `<id>-hint`,
`<id>-lower`, `<id>-upper`. Responses whose groups were named by the bare step id (before
0.3) still read back: only items with answers count.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .answers_file import FORMAT
from .conditions import All, AnyOf, Compare, Condition, Not
from .fhir_terms import ENABLE_WHEN_EXPRESSION, TRANSLATION, fhirpath_string
from .questionnaire import Question, Questionnaire

MEDIA_TYPE = "application/fhir+json"
OPERATORS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
GROUP_PREFIX = "step."


def group_link(step_id: str) -> str:
    """A step's group linkId: never a question's (question ids have no dot)."""
    return f"{GROUP_PREFIX}{step_id}"


def canonical(root_url: str, ident: str) -> str:
    """The Questionnaire's canonical URL on this site."""
    return f"{root_url.rstrip('/')}/fhir/Questionnaire/{ident}"


def resource_id(questionnaire_id: str, clinic_id: str | None = None) -> str:
    """The Questionnaire's FHIR id: a clinic's, with its own questions, is
    `<meta.id>-<clinic id>` (a FHIR id has no `_`)."""
    ident = f"{questionnaire_id}-{clinic_id}" if clinic_id else questionnaire_id
    return ident.replace("_", "-")


# ---- Questionnaire ----------------------------------------------------------------------


def questionnaire_to_fhir(
    questionnaire: Questionnaire,
    languages: dict[str, Questionnaire],
    url: str,
    clinic_id: str | None = None,
) -> dict[str, Any]:
    """The whole questionnaire (with a clinic's questions, for a clinic) as a FHIR R4
    Questionnaire resource."""
    meta = questionnaire.meta
    others = {lang: q for lang, q in languages.items() if lang != meta.language}
    words = Words(others)
    return {
        "resourceType": "Questionnaire",
        "id": resource_id(meta.id, clinic_id),
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
                "linkId": group_link(step.id),
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
        "type": question.fhir_type,
        "required": question.required,
        **enable_when(questionnaire, question.show_if),
    }
    details = question.fhir_details(words)
    extensions = details.pop("extension", []) + item.pop("extension", [])
    children = details.pop("item", [])
    item.update(details)
    if extensions:
        item["extension"] = extensions
    if question.hint:
        hint = {
            "linkId": f"{qid}-hint",
            "type": "display",
            "text": question.hint,
            **words.of("text", lambda q: q.questions[qid].hint),
        }
        children = [hint, *children]
    if children:
        item["item"] = children
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
        return _negated(_compare(questionnaire, condition.item))
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


def _negated(flat: tuple[list[dict], str] | None) -> tuple[list[dict], str] | None:
    """not (a = x or a = y) is (a != x and a != y); not (answered) is not exists. Other
    negations have no enableWhen form."""
    if flat is None:
        return None
    entries, behaviour = flat
    if len(entries) == 1 and entries[0]["operator"] == "exists":
        return [{**entries[0], "answerBoolean": not entries[0]["answerBoolean"]}], "all"
    if (len(entries) == 1 or behaviour == "any") and all(e["operator"] == "=" for e in entries):
        return [{**entry, "operator": "!="} for entry in entries], "all"
    return None


def _compare(questionnaire: Questionnaire, compare: Compare) -> tuple[list[dict], str] | None:
    question = questionnaire.questions[compare.question]
    op, value = compare.operator, compare.value
    if op == "answered":
        return [{"question": question.id, "operator": "exists", "answerBoolean": value}], "all"
    if op == "count_gte":
        return None
    values = list(value) if isinstance(value, tuple) else [value]
    answers = [question.fhir_condition_answer(v) for v in values]
    if any(answer is None for answer in answers):
        return None
    operator = OPERATORS.get(op, "=")
    entries = [{"question": question.id, "operator": operator, **a} for a in answers if a]
    return entries, "any"


def fhirpath(questionnaire: Questionnaire, condition: Condition) -> str:
    """A condition as FHIRPath over the QuestionnaireResponse being filled in: always true or
    false, never empty, whether or not the questions it reads are answered yet."""
    if isinstance(condition, All):
        return "(" + " and ".join(fhirpath(questionnaire, c) for c in condition.items) + ")"
    if isinstance(condition, AnyOf):
        return "(" + " or ".join(fhirpath(questionnaire, c) for c in condition.items) + ")"
    if isinstance(condition, Not):
        return f"{fhirpath(questionnaire, condition.item)}.not()"
    question = questionnaire.questions[condition.question]
    link = fhirpath_string(question.id)
    answer = f"%resource.repeat(item).where(linkId={link}).answer.value"
    op, value = condition.operator, condition.value
    if op == "answered":
        return f"{answer}.exists()" if value else f"{answer}.empty()"
    if op == "count_gte":
        return f"({answer}.count() >= {value})"
    if op in OPERATORS:
        test = f"$this {OPERATORS[op]} {question.fhirpath_literal(value)}"
    else:
        values = list(value) if isinstance(value, tuple) else [value]
        test = " or ".join(question.fhirpath_equals(v) for v in values)
    return f"{answer}.where({test}).exists()"


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
                    "answer": [question.fhir_answer(value) for value in values],
                }
            )
        if items:
            groups.append({"linkId": group_link(step.id), "text": step.title, "item": items})
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{url}|{questionnaire.meta.version}",
        "status": "completed" if complete else "in-progress",
        "authored": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "language": questionnaire.meta.language,
        "item": groups,
    }


def answers_from_response(resource: dict, questionnaire: Questionnaire) -> dict[str, Any] | None:
    """A QuestionnaireResponse read back as an answers file's content, to be checked like one
    (None when it names no Questionnaire)."""
    reference = resource.get("questionnaire")
    if not isinstance(reference, str) or "/Questionnaire/" not in reference:
        return None
    ident, _bar, version = reference.rsplit("/Questionnaire/", 1)[1].partition("|")
    answers: dict[str, Any] = {}
    for item in _items(resource.get("item")):
        link = item.get("linkId")
        question = questionnaire.questions.get(link) if isinstance(link, str) else None
        read = question.from_fhir if question is not None else _plain
        values = [read(a) for a in item.get("answer") or [] if isinstance(a, dict)]
        if not isinstance(link, str) or not values:
            continue
        many = question is not None and question.repeats
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
    """The value of an answer to a question this questionnaire does not ask (to name it)."""
    return next((value for key, value in answer.items() if key.startswith("value")), None)
