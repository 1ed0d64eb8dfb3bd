"""Find answers that make a condition true, so a test can show every prompt can fire.

Starting from a person with nothing to flag, it sets the answers a condition asks for,
then whatever those answers need to be asked at all (their `show_if` and their step's),
and turns the result into form posts for each step. `Not` is left to the starting person;
every candidate is checked with the real evaluator before it is used.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

from selfcheck import conditions
from selfcheck.conditions import All, AnyOf, Compare, Condition, Not
from selfcheck.questionnaire import MultiChoice, Number, Questionnaire, Text

from .personas import QUIET

Assignment = dict[str, Any]  # question id → typed answer (as the rules see it)


def _value(questionnaire: Questionnaire, compare: Compare) -> Any:
    question = questionnaire.questions[compare.question]
    op, value = compare.operator, compare.value
    choices = [c.id for c in getattr(question, "choices", []) if not c.exclusive]
    many = isinstance(question, MultiChoice)
    step = 1 if isinstance(question, Number) and question.integer else 0.5
    if op == "equals":
        return [value] if many else value
    if op in ("in", "any_of"):
        return [value[0]] if many else value[0]
    if op == "count_gte":
        return choices[:value]
    if op in ("gt", "lt"):
        return value + step if op == "gt" else value - step
    if op in ("gte", "lte"):
        return value
    # answered
    if value is False:
        return None
    if isinstance(question, Text):
        return "Can we talk about my energy levels?"
    if isinstance(question, Number):
        return question.min if question.min is not None else 1
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
    return [{}]


def _merge(into: Assignment, part: Assignment) -> bool:
    for key, value in part.items():
        if key in into and into[key] != value:
            return False
        into[key] = value
    return True


def base_answers(questionnaire: Questionnaire) -> Assignment:
    """The quiet person's answers, typed as the rules see them."""
    typed = {}
    for step in QUIET.values():
        for question_id, raw in step.items():
            question = questionnaire.questions[question_id]
            if isinstance(question, Number) or question.__class__.__name__ == "Scale":
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
