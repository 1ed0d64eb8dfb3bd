"""Which items of a FHIR Questionnaire a form filler enables for a QuestionnaireResponse,
worked out from the Questionnaire alone, as the specification says, without the app's code:
R4 `enableWhen` + `enableBehavior`, and the SDC `enableWhenExpression` (FHIRPath, evaluated
with fhirpathpy, `%resource` bound to the response).

- An item is enabled when its parent is and its own condition holds (no condition: enabled).
- Operators, as R5 words them (R4 means the same, in garbled words): `exists` — whether an
  answer exists equals answerBoolean; `=`, `>`, `<`, `>=`, `<=` — at least one answer
  compares so with the enableWhen answer; `!=` — no answer equals it (so true when there is
  no answer at all).
- "If enableWhen logic depends on an item that is disabled, the logic should proceed as
  though the item is not valued" (R4 Questionnaire.item.enableWhen): the response is read
  in document order and a disabled item's answers are left out of what later conditions see.
- An enableWhenExpression must give exactly true or false; anything else is an error here.
"""

from __future__ import annotations

from typing import Any

from .fhir_invariants import ENABLE_WHEN_EXPRESSION, R4, evaluate


class NotABoolean(AssertionError):
    """An enableWhenExpression that gave something other than exactly true or false."""


def answers_by_link(response: dict) -> dict[str, list[dict]]:
    """Every answered item of a response at any depth: linkId → its answers."""
    found: dict[str, list[dict]] = {}

    def walk(items: list[dict]) -> None:
        for item in items or []:
            if item.get("answer"):
                found.setdefault(item["linkId"], []).extend(item["answer"])
            walk(item.get("item", []))
            for answer in item.get("answer", []) or []:
                walk(answer.get("item", []))

    walk(response.get("item", []))
    return found


def _value(answer: dict) -> tuple[str, Any] | None:
    for key, value in answer.items():
        if key.startswith("value"):
            return key.removeprefix("value"), value
    return None


def _compare(answer: dict, entry: dict, operator: str) -> bool:
    """One answer against an enableWhen's answer[x] with `operator` (=, >, <, >=, <=)."""
    given = _value(answer)
    wanted = next(((k.removeprefix("answer"), v) for k, v in entry.items()
                   if k.startswith("answer")), None)  # fmt: skip
    if given is None or wanted is None:
        return False
    (kind, value), (wanted_kind, target) = given, wanted
    numbers = {"Integer", "Decimal"}
    if kind in numbers and wanted_kind in numbers:
        pass
    elif kind != wanted_kind:
        return False
    if kind == "Coding":
        same = value.get("code") == target.get("code") and (
            "system" not in value or "system" not in target or value["system"] == target["system"]
        )
        return same if operator == "=" else False
    if operator == "=":
        return value == target
    if isinstance(value, bool) or isinstance(target, bool):
        return False
    return {
        ">": value > target,
        "<": value < target,
        ">=": value >= target,
        "<=": value <= target,
    }[operator]


def enable_when_holds(entry: dict, seen: dict[str, list[dict]]) -> bool:
    answers = seen.get(entry["question"], [])
    operator = entry["operator"]
    if operator == "exists":
        return bool(answers) is entry["answerBoolean"]
    if operator == "!=":
        return not any(_compare(a, entry, "=") for a in answers)
    return any(_compare(a, entry, operator) for a in answers)


def _expression(item: dict) -> str | None:
    for extension in item.get("extension", []) or []:
        if extension.get("url") == ENABLE_WHEN_EXPRESSION:
            return extension["valueExpression"]["expression"]
    return None


def _seen_response(seen: dict[str, list[dict]]) -> dict:
    return {
        "resourceType": "QuestionnaireResponse",
        "status": "in-progress",
        "item": [{"linkId": link, "answer": answers} for link, answers in seen.items()],
    }


def item_enabled(item: dict, seen: dict[str, list[dict]]) -> bool:
    expression = _expression(item)
    entries = item.get("enableWhen", [])
    assert not (expression and entries), f"{item['linkId']}: enableWhen and an expression"
    if expression:
        response = _seen_response(seen)
        result = evaluate(response, expression, {"resource": response}, R4)
        if result not in ([True], [False]):
            raise NotABoolean(f"{item['linkId']}: {expression} gave {result!r}")
        return result == [True]
    if not entries:
        return True
    results = [enable_when_holds(entry, seen) for entry in entries]
    if len(results) == 1:
        return results[0]
    return all(results) if item["enableBehavior"] == "all" else any(results)


def enabled(questionnaire: dict, response: dict) -> set[str]:
    """The linkIds of the groups and questions a form filler shows for this response."""
    given = answers_by_link(response)
    seen: dict[str, list[dict]] = {}
    shown: set[str] = set()

    def walk(items: list[dict]) -> None:
        for item in items or []:
            if not item_enabled(item, seen):
                continue
            if item["type"] != "display":
                shown.add(item["linkId"])
            if item["linkId"] in given and item["type"] not in ("group", "display"):
                seen[item["linkId"]] = given[item["linkId"]]
            walk(item.get("item", []))

    walk(questionnaire.get("item", []))
    return shown
