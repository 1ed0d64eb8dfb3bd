"""Every patient-facing string in a questionnaire, grouped the way a person reads it.

A *unit* is what one person reads together: a question with its hint and choices, a
prompt with its detail, a stop page, a notice. The plain-language and wording tests
grade and scan these units, so a new question or prompt is covered without editing them.
"""

from __future__ import annotations

from dataclasses import dataclass

from selfcheck.questionnaire import Questionnaire


@dataclass(frozen=True)
class Unit:
    where: str  # "question family_conditions", "prompt ppi" …, for failure messages
    scope: str  # the page it is read on: "step family", "prompt ppi" …
    text: str


def sentence(text: str) -> str:
    """A label read as its own sentence, so a list of labels is not one long sentence."""
    text = text.strip()
    return text if text.endswith((".", "?", "!", ":")) else text + "."


def joined(*parts: str | None) -> str:
    return " ".join(sentence(part) for part in parts if part)


def units(questionnaire: Questionnaire) -> list[Unit]:
    found = [Unit("meta", "start", joined(questionnaire.meta.title, questionnaire.meta.intro))]
    for step in questionnaire.steps:
        scope = f"step {step.id}"
        found.append(Unit(scope, scope, joined(step.title, step.intro)))
        for question in step.questions:
            parts = [question.label, question.hint, question.required_error]
            parts += [choice.label for choice in getattr(question, "choices", [])]
            parts += [getattr(question, "min_label", None), getattr(question, "max_label", None)]
            found.append(Unit(f"question {question.id}", scope, joined(*parts)))
    for prompt in questionnaire.prompts:
        scope = f"prompt {prompt.id}"
        found.append(Unit(scope, scope, joined(prompt.text, prompt.detail)))
    for stop in questionnaire.stops:
        scope = f"stop {stop.id}"
        found.append(Unit(scope, scope, joined(stop.title, *stop.body)))
    for notice in questionnaire.notices:
        scope = f"notice {notice.id}"
        found.append(Unit(scope, scope, joined(notice.title, notice.text)))
    closing = questionnaire.closing
    found.append(Unit("closing", "results", joined(closing.title, *closing.questions)))
    if guide := questionnaire.common_tests:
        found.append(Unit("common tests", "results", joined(guide.title, guide.intro)))
        for item in guide.items:
            scope = f"test {item.id}"
            found.append(Unit(scope, scope, joined(item.title, item.text)))
    if food := questionnaire.estimate:
        found.append(Unit("food estimate", "results", joined(food.title, food.note)))
        names = [food.tips_title] + [item.name for item in food.foods]
        found.append(Unit("food tips", "results", joined(*names)))
    return found
