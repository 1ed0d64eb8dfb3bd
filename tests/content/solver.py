"""Answers for the shipped questionnaire: ones that make a condition true, and whole random
people, so tests can show every prompt can fire and check the list for any answers.

`answers_for` starts from a person with nothing to flag, sets the answers a condition asks
for (several comparisons on one number meet in one value), then whatever those answers need
to be asked at all (their `show_if` and their step's), and turns the result into form posts
for each step. `Not` is left to the starting person (or, on a single choice, another choice);
every candidate is checked with the real evaluator before it is used.

`people` is a hypothesis strategy for complete answer sets: it walks the steps in order and
answers every question a person would be asked, with numbers drawn around every threshold
the questionnaire compares them with.
"""

from __future__ import annotations

import copy
import itertools
import math
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from selfcheck import conditions
from selfcheck.conditions import All, AnyOf, Compare, Condition, Not
from selfcheck.questionnaire import MultiChoice, Number, Questionnaire, Scale, Text

from .people import QUIET

Assignment = dict[str, Any]  # question id → typed answer (as the rules see it)


@dataclass(frozen=True)
class Between:
    """A number still to choose: above `low` and below `high` (inclusive where marked)."""

    low: float = -math.inf
    low_in: bool = True
    high: float = math.inf
    high_in: bool = True

    def meet(self, other: Between) -> Between | None:
        low, low_in = max((self.low, self.low_in), (other.low, other.low_in), key=_low_key)
        high, high_in = min((self.high, self.high_in), (other.high, other.high_in), key=_high_key)
        if low > high or (low == high and not (low_in and high_in)):
            return None
        return Between(low, low_in, high, high_in)

    def pick(self, question: Any) -> float | None:
        """A value inside, on the question's grid (whole numbers or halves), within min/max."""
        step = 1 if getattr(question, "integer", True) else 0.5
        low = max(self.low, question.min if question.min is not None else -math.inf)
        high = min(self.high, question.max if question.max is not None else math.inf)
        start = low if math.isfinite(low) else (high if math.isfinite(high) else 1)
        start = math.ceil(start / step) * step
        for candidate in (start, start + step, start + 2 * step, start - step):
            inside_low = candidate > self.low or (self.low_in and candidate == self.low)
            inside_high = candidate < self.high or (self.high_in and candidate == self.high)
            if inside_low and inside_high and low <= candidate <= high:
                return int(candidate) if float(candidate).is_integer() else candidate
        return None


def _low_key(pair: tuple[float, bool]) -> tuple[float, bool]:
    return (pair[0], not pair[1])  # of two equal lows, the exclusive one is tighter


def _high_key(pair: tuple[float, bool]) -> tuple[float, bool]:
    return (pair[0], pair[1])


BOUNDS = {
    "gt": lambda v: Between(low=v, low_in=False),
    "gte": lambda v: Between(low=v),
    "lt": lambda v: Between(high=v, high_in=False),
    "lte": lambda v: Between(high=v),
}


def _value(questionnaire: Questionnaire, compare: Compare) -> Any:
    question = questionnaire.questions[compare.question]
    op, value = compare.operator, compare.value
    choices = [c.id for c in getattr(question, "choices", []) if not c.exclusive]
    many = isinstance(question, MultiChoice)
    if op == "equals":
        return [value] if many else value
    if op in ("in", "any_of"):
        return [value[0]] if many else value[0]
    if op == "count_gte":
        return choices[:value]
    if op in BOUNDS:
        return BOUNDS[op](value)
    # answered
    if value is False:
        return None
    if isinstance(question, Text):
        return "Can we talk about my energy levels?"
    if isinstance(question, Number):
        return question.min if question.min is not None else 1
    if isinstance(question, Scale):
        return question.min
    return [choices[0]] if many else (choices or ["yes"])[0]


def alternatives(questionnaire: Questionnaire, condition: Condition) -> list[Assignment]:
    """Assignments that may satisfy the condition (checked later), simplest first."""
    if isinstance(condition, Compare):
        return [{condition.question: _value(questionnaire, condition)}]
    if isinstance(condition, AnyOf):
        return [a for item in condition.items for a in alternatives(questionnaire, item)]
    if isinstance(condition, All):
        found = []
        for combo in itertools.product(*(alternatives(questionnaire, i) for i in condition.items)):
            merged: Assignment = {}
            if all(_merge(merged, part) for part in combo):
                found.append(merged)
        return found
    assert isinstance(condition, Not)
    return [{}, *_other_choice(questionnaire, condition.item)]


def _other_choice(questionnaire: Questionnaire, condition: Condition) -> list[Assignment]:
    """For `not: {question: q, equals: v}` on a single choice: q answered with another choice
    (a required question the condition needs asked would otherwise get its first choice)."""
    if not isinstance(condition, Compare) or condition.operator != "equals":
        return []
    question = questionnaire.questions[condition.question]
    if isinstance(question, MultiChoice):
        return []
    if hasattr(question, "options"):  # choices and yes/no alike
        ids = [value for value, _ in question.options()]
    else:
        ids = [c.id for c in getattr(question, "choices", [])]
    others = [choice for choice in ids if choice != condition.value]
    return [{condition.question: others[0]}] if others else []


def _merge(into: Assignment, part: Assignment) -> bool:
    for key, value in part.items():
        if key in into and isinstance(into[key], Between) and isinstance(value, Between):
            met = into[key].meet(value)
            if met is None:
                return False
            into[key] = met
        elif key in into and into[key] != value:
            return False
        else:
            into[key] = value
    return True


def _concrete(questionnaire: Questionnaire, wanted: Assignment) -> Assignment | None:
    out = {}
    for key, value in wanted.items():
        if isinstance(value, Between):
            value = value.pick(questionnaire.questions[key])
            if value is None:
                return None
        out[key] = value
    return out


def base_answers(questionnaire: Questionnaire) -> Assignment:
    """The quiet person's answers, typed as the rules see them."""
    typed = {}
    for step in QUIET.values():
        for question_id, raw in step.items():
            question = questionnaire.questions[question_id]
            if isinstance(question, Number | Scale):
                typed[question_id] = float(raw) if "." in raw else int(raw)
            elif raw != "":
                typed[question_id] = raw
    return typed


def _with_prerequisites(questionnaire: Questionnaire, wanted: Assignment) -> Assignment | None:
    """Add what makes each wanted question visible; None when that contradicts `wanted`."""
    answers = {**base_answers(questionnaire), **wanted}
    step_of = {q.id: step for step in questionnaire.steps for q in step.questions}
    for _ in range(10):  # follow-ups of follow-ups; the shipped file needs two rounds
        changed = False
        for question_id in list(answers):
            question, step = questionnaire.questions[question_id], step_of[question_id]
            for rule in (question.show_if, step.show_if):
                if rule is None or conditions.evaluate(rule, answers):
                    continue
                for option in alternatives(questionnaire, rule):
                    option = _concrete(questionnaire, option)
                    if option is None:
                        continue
                    if all(answers.get(k, v) == v or k not in wanted for k, v in option.items()):
                        answers.update(option)
                        changed = True
                        break
                else:
                    return None
        if not changed:
            return answers
    return None


def answers_for(questionnaire: Questionnaire, condition: Condition) -> Assignment | None:
    """Typed answers under which the condition holds, or None when none were found."""
    for option in alternatives(questionnaire, condition):
        option = _concrete(questionnaire, option)
        if option is None:
            continue
        answers = _with_prerequisites(questionnaire, option)
        if answers is None:
            continue
        answers = _complete(questionnaire, answers, keep=set(option))
        if answers is not None and conditions.evaluate(condition, answers):
            return answers
    return None


def _shown(questionnaire: Questionnaire, answers: Assignment):
    for step in questionnaire.steps:
        for question in step.questions:
            rules = [r for r in (step.show_if, question.show_if) if r is not None]
            yield question, all(conditions.evaluate(r, answers) for r in rules)


def _complete(questionnaire: Questionnaire, answers: Assignment, keep: set[str]):
    """Drop answers to questions no longer asked, answer required ones now asked; None
    when a wanted answer is to a question the person would not be asked."""
    answers = {k: v for k, v in answers.items() if v is not None}
    for question, shown in _shown(questionnaire, answers):
        if not shown and question.id in answers:
            if question.id in keep:
                return None
            del answers[question.id]
        elif shown and question.required and question.id not in answers:
            answers[question.id] = _value(questionnaire, Compare(question.id, "answered", True))
    return answers


def as_posts(questionnaire: Questionnaire, answers: Assignment) -> dict[str, dict[str, Any]]:
    """Typed answers → form values for each step, in the shape tests.personas uses."""
    posts = copy.deepcopy(QUIET)
    for step in questionnaire.steps:
        posts.setdefault(step.id, {})
        for question in step.questions:
            if question.id not in answers:
                posts[step.id].pop(question.id, None)
                continue
            value = answers[question.id]
            if isinstance(value, list):
                posts[step.id][question.id] = value
            elif isinstance(value, float) and value.is_integer():
                posts[step.id][question.id] = str(int(value))
            else:
                posts[step.id][question.id] = str(value)
    return posts


# --- Whole people, random or built from seeds ----------------------------------------------


def thresholds(questionnaire: Questionnaire) -> dict[str, set[float]]:
    """For each number or scale question, every value a condition compares it with."""
    found: dict[str, set[float]] = {}
    for condition in _every_condition(questionnaire):
        for compare, _ in conditions.comparisons(condition):
            if compare.operator in BOUNDS:
                found.setdefault(compare.question, set()).add(compare.value)
    return found


def _every_condition(questionnaire: Questionnaire) -> list[Condition]:
    found = [s.when for s in questionnaire.stops] + [n.when for n in questionnaire.notices]
    found += [p.when for p in questionnaire.prompts]
    if questionnaire.common_tests:
        found += [i.when for i in questionnaire.common_tests.items if i.when]
    return found + [q.show_if for q in questionnaire.questions.values() if q.show_if]


def seeds(questionnaire: Questionnaire, per_condition: int = 12) -> list[Assignment]:
    """For every prompt, notice, stop and test note, the answers (beyond the quiet person's)
    that make it apply: one set for each way the solver finds, so that every branch of an
    `any` (a weekly dose, a monthly one, each unit) is a seed of its own."""
    base = base_answers(questionnaire)
    found: list[Assignment] = []
    items = [*questionnaire.prompts, *questionnaire.notices, *questionnaire.stops]
    items += list(questionnaire.common_tests.items) if questionnaire.common_tests else []
    for item in items:
        for option in alternatives(questionnaire, item.when)[:per_condition]:
            option = _concrete(questionnaire, option)
            answers = None if option is None else _with_prerequisites(questionnaire, option)
            if answers is not None:
                answers = _complete(questionnaire, answers, keep=set(option))
            if answers is None or not conditions.evaluate(item.when, answers):
                continue
            seed = {k: v for k, v in answers.items() if base.get(k) != v}
            if seed and seed not in found:
                found.append(seed)
    return found


def settle(questionnaire: Questionnaire, answers: Assignment, fill=None) -> Assignment:
    """Drop answers to questions the person would not be asked; answer required questions
    they would be asked but have no answer for (with `fill(question)`, or the solver's)."""
    fill = fill or (lambda q: _value(questionnaire, Compare(q.id, "answered", True)))
    settled: Assignment = {}
    for step in questionnaire.steps:
        if step.show_if is not None and not conditions.evaluate(step.show_if, settled):
            continue
        for question in step.questions:
            if question.show_if is not None and not conditions.evaluate(question.show_if, settled):
                continue
            if question.id in answers and answers[question.id] is not None:
                settled[question.id] = answers[question.id]
            elif question.required:
                settled[question.id] = fill(question)
    return settled


def _number(question: Any, near: set[float]) -> st.SearchStrategy:
    """A value on an edge (a threshold, one step either side, min, max) or inside one of the
    ranges the thresholds cut, so that every range is as likely as any other."""
    step = 1 if getattr(question, "integer", True) else 0.5
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else 10_000
    cuts = sorted({low, high, *(v for v in near if low <= v <= high)})
    edges = sorted({v + d for v in cuts for d in (-step, 0, step) if low <= v + d <= high})
    edges = [int(v) if float(v).is_integer() else v for v in edges]

    @st.composite
    def inside(draw):
        i = draw(st.integers(0, max(0, len(cuts) - 2)))
        a, b = cuts[i], cuts[min(i + 1, len(cuts) - 1)]
        value = draw(st.integers(int(math.ceil(a)), int(math.floor(b)))) if b - a >= 1 else a
        return int(value) if float(value).is_integer() else value

    return st.one_of(st.sampled_from(edges), inside())


def _answer(questionnaire: Questionnaire, question: Any, near: dict[str, set[float]]):
    if isinstance(question, Number):
        return _number(question, near.get(question.id, set()))
    if isinstance(question, Scale):
        return st.integers(question.min, question.max)
    if isinstance(question, Text):
        return st.sampled_from(["Why am I so tired?", "Is my tiredness worth a check?"])
    if isinstance(question, MultiChoice):
        exclusive = [c.id for c in question.choices if c.exclusive]
        others = [c.id for c in question.choices if not c.exclusive]
        some = st.lists(st.sampled_from(others), min_size=1, unique=True)
        return st.one_of(st.just(exclusive[:1]), some) if exclusive else some
    choices = [c.id for c in getattr(question, "choices", [])] or ["yes", "no"]
    return st.sampled_from(choices)


@st.composite
def people(draw, questionnaire: Questionnaire, seeded: list[Assignment] | None = None,
           adults_without_red_flags: bool = True):  # fmt: skip
    """A complete answer set a person could submit, typed as the rules see it.

    Every question the person would be asked is answered at random (optional ones may be
    left empty); then up to five `seeded` answer sets (see `seeds`) are laid over it, so
    that what makes prompts and notices apply meets often, in every combination. With
    `adults_without_red_flags`, the person is 18 or over and ticks no red flag, so they
    reach the list (the stops are tested on their own)."""
    near = thresholds(questionnaire)
    answers: Assignment = {}
    for step in questionnaire.steps:
        for question in step.questions:
            if not question.required and draw(st.booleans()):
                continue  # left empty
            answers[question.id] = draw(_answer(questionnaire, question, near))
    for seed in draw(st.lists(st.sampled_from(seeded), max_size=5)) if seeded else []:
        answers.update(seed)
    if adults_without_red_flags:
        answers["age"] = max(answers.get("age", 18), 18)
        answers["red_flags"] = ["none"]
    return settle(questionnaire, answers, lambda q: draw(_answer(questionnaire, q, near)))
