"""The small condition language shared by `show_if`, prompt `when`, stops and notices.

Conditions are structured YAML, never code: a comparison names one question and one
operator (`equals`, `in`, `any_of`, `count_gte`, `gt`, `gte`, `lt`, `lte`, `answered`),
and `all`, `any` and `not` combine them. An unanswered question makes every comparison false
(except `answered: false`), so a condition never fires on missing data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Answer = str | int | float | list[str]
Answers = Mapping[str, Answer]

COMPARISONS = ("equals", "in", "any_of", "count_gte", "gt", "gte", "lt", "lte", "answered")
NUMERIC = ("gt", "gte", "lt", "lte")
COMBINERS = ("all", "any", "not")


class ConditionError(ValueError):
    """A condition that cannot be read; `path` points inside it, for the line number."""

    def __init__(self, message: str, path: tuple[Any, ...] = ()):
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass(frozen=True)
class Compare:
    """`{question: q, <operator>: value}`."""

    question: str
    operator: str
    value: Any


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Compare | All | AnyOf | Not


def parse(raw: Any, path: tuple[Any, ...] = ()) -> Condition:
    """Turn the YAML form of a condition into a Condition, or raise ConditionError."""
    if not isinstance(raw, Mapping):
        raise ConditionError(
            "a condition must be a mapping like {question: age, gte: 70}, "
            "or one of all:, any:, not:.",
            path,
        )
    combiners = [key for key in COMBINERS if key in raw]
    if combiners:
        if len(raw) != 1:
            raise ConditionError(
                f"'{combiners[0]}' must stand alone in its mapping; "
                "put other conditions inside it.",
                path,
            )
        key = combiners[0]
        inner = raw[key]
        if key == "not":
            return Not(parse(inner, (*path, "not")))
        if not isinstance(inner, list) or not inner:
            raise ConditionError(f"'{key}' takes a list of one or more conditions.", (*path, key))
        items = tuple(parse(item, (*path, key, i)) for i, item in enumerate(inner))
        return All(items) if key == "all" else AnyOf(items)
    if "question" not in raw:
        raise ConditionError(
            "a condition needs 'question:' and one operator "
            f"({', '.join(COMPARISONS)}), or one of all:, any:, not:.",
            path,
        )
    question = raw["question"]
    if not isinstance(question, str):
        raise ConditionError("'question' must be a question id.", (*path, "question"))
    operators = [key for key in raw if key != "question"]
    unknown = [key for key in operators if key not in COMPARISONS]
    if unknown:
        raise ConditionError(
            f"unknown operator '{unknown[0]}'. Use one of: {', '.join(COMPARISONS)}.",
            (*path, unknown[0]),
        )
    if len(operators) != 1:
        raise ConditionError(
            f"a comparison takes exactly one operator ({', '.join(COMPARISONS)}); "
            f"found {len(operators)}. Combine several with all: or any:.",
            path,
        )
    operator = operators[0]
    value = raw[operator]
    where = (*path, operator)
    if operator in ("in", "any_of"):
        if not isinstance(value, list) or not value:
            raise ConditionError(f"'{operator}' takes a list of one or more values.", where)
        return Compare(question, operator, _yes_no(tuple(value)))
    elif operator in NUMERIC:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConditionError(f"'{operator}' takes a number, not {value!r}.", where)
    elif operator == "count_gte":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConditionError("'count_gte' takes a whole number, 1 or more.", where)
    elif operator == "answered":
        if not isinstance(value, bool):
            raise ConditionError("'answered' takes true or false.", where)
        return Compare(question, operator, value)
    elif isinstance(value, list | Mapping):
        raise ConditionError("'equals' takes one value; use 'in' for a list of values.", where)
    return Compare(question, operator, _yes_no(value))


def _yes_no(value: Any) -> Any:
    """YAML reads a bare yes/no as a boolean; a yes_no question's answers are 'yes'/'no'."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return tuple(_yes_no(v) for v in value)
    return value


def questions(condition: Condition) -> list[str]:
    """Every question id a condition reads, in the order written."""
    if isinstance(condition, Compare):
        return [condition.question]
    if isinstance(condition, Not):
        return questions(condition.item)
    return [q for item in condition.items for q in questions(item)]


def supporting(condition: Condition, answers: Answers, negated: bool = False) -> set[str]:
    """Questions whose comparisons agree with the outcome: the answers that are the reason.

    Under a `not`, a comparison that is false is what counts.
    """
    if isinstance(condition, Compare):
        return {condition.question} if evaluate(condition, answers) != negated else set()
    if isinstance(condition, Not):
        return supporting(condition.item, answers, not negated)
    return {q for item in condition.items for q in supporting(item, answers, negated)}


def comparisons(condition: Condition, path: tuple[Any, ...] = ()):
    """Yield (Compare, path inside the condition) for every comparison."""
    if isinstance(condition, Compare):
        yield condition, path
    elif isinstance(condition, Not):
        yield from comparisons(condition.item, (*path, "not"))
    else:
        key = "all" if isinstance(condition, All) else "any"
        for i, item in enumerate(condition.items):
            yield from comparisons(item, (*path, key, i))


def evaluate(condition: Condition, answers: Answers) -> bool:
    """Whether the condition holds for these (already validated) answers."""
    if isinstance(condition, All):
        return all(evaluate(item, answers) for item in condition.items)
    if isinstance(condition, AnyOf):
        return any(evaluate(item, answers) for item in condition.items)
    if isinstance(condition, Not):
        return not evaluate(condition.item, answers)
    answer = answers.get(condition.question)
    answered = answer is not None and answer != [] and answer != ""
    op, value = condition.operator, condition.value
    if op == "answered":
        return answered is value
    if not answered:
        return False
    if op == "equals":
        return answer == value
    if op == "in":
        return answer in value
    if op == "any_of":
        chosen = answer if isinstance(answer, list) else [answer]
        return any(v in chosen for v in value)
    if op == "count_gte":
        return isinstance(answer, list) and len(answer) >= value
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        return False
    if op == "gt":
        return answer > value
    if op == "gte":
        return answer >= value
    if op == "lt":
        return answer < value
    return answer <= value


def as_dict(condition: Condition) -> dict[str, Any]:
    """A JSON-ready form of a condition, for the page script that reveals questions."""
    if isinstance(condition, Compare):
        value = list(condition.value) if isinstance(condition.value, tuple) else condition.value
        return {"question": condition.question, condition.operator: value}
    if isinstance(condition, Not):
        return {"not": as_dict(condition.item)}
    key = "all" if isinstance(condition, All) else "any"
    return {key: [as_dict(item) for item in condition.items]}


def given(condition: Condition, answers: Answers, pending: set[str]) -> Condition | bool:
    """What is left of a condition once every question but the `pending` ones is known:
    True or False when the known answers decide it, else the part that still depends on the
    pending questions (a question whose show_if mixes earlier steps and its own page)."""
    if isinstance(condition, Compare):
        return condition if condition.question in pending else evaluate(condition, answers)
    if isinstance(condition, Not):
        inner = given(condition.item, answers, pending)
        return (not inner) if isinstance(inner, bool) else Not(inner)
    decisive = isinstance(condition, AnyOf)  # the value that settles the whole: any True
    left: list[Condition] = []
    for item in condition.items:
        part = given(item, answers, pending)
        if part is decisive:
            return decisive
        if not isinstance(part, bool):
            left.append(part)
    if not left:
        return not decisive
    return left[0] if len(left) == 1 else type(condition)(tuple(left))
