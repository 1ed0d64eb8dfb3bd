"""Answers → the questions a person should ask their clinician, and why.

Pure functions, no HTTP: the views and the PDF show what these return. A prompt is
chosen when its `when` holds; the list is ordered by priority, then topic, then file
order, capped at a configurable length, and always followed by the closing block.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from . import conditions, nutrition
from .conditions import Answer
from .nutrition import FoodTip, Intakes
from .questionnaire import Closing, GuideItem, Notice, Prompt, Questionnaire, Source, Stop

DEFAULT_LIMIT = 10


@dataclass(frozen=True)
class Reason:
    """One 'because you said' line: a question and the answer given."""

    question: str
    answer: str


@dataclass(frozen=True)
class Item:
    """A clinician question on a person's list."""

    id: str
    text: str
    topic: str
    reasons: tuple[Reason, ...]
    detail: str
    sources: tuple[Source, ...]
    reviewed: date


@dataclass(frozen=True)
class QuestionList:
    """A person's list: the clinician questions, and what goes with them on the page."""

    items: tuple[Item, ...]  # the list, most important first
    more: tuple[Item, ...]  # what the length cap moved below the list ("N more questions")
    notices: tuple[Notice, ...]
    closing: Closing
    tests: tuple[GuideItem, ...] = ()
    estimate: Intakes | None = None
    foods: tuple[FoodTip, ...] = ()

    @property
    def left_out(self) -> int:
        return len(self.more)


def triggered_stop(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> Stop | None:
    """The first stop (urgent help, not for you) the answers trigger, if any."""
    return next((s for s in questionnaire.stops if conditions.evaluate(s.when, answers)), None)


def prompt_text(
    questionnaire: Questionnaire, prompt: Prompt, answers: dict[str, Answer]
) -> str | None:
    """The prompt's words with quoted answers filled in; None if a quoted answer is missing.

    Filling in is a single pass over the template, so braces in an answer stay literal;
    HTML escaping happens in the templates.
    """
    parts = []
    for literal, name, _, _ in string.Formatter().parse(prompt.text):
        parts.append(literal)
        if name is not None:
            if name not in answers:
                return None
            question = questionnaire.questions[name]
            before = "".join(parts).rstrip()
            starts_sentence = not before or before[-1] in ".!?:¿¡"
            read = question.display if starts_sentence else question.quote
            parts.append(read(answers[name], questionnaire.meta.language))
    return "".join(parts)


def reasons(
    questionnaire: Questionnaire, prompt: Prompt, answers: dict[str, Answer]
) -> tuple[Reason, ...]:
    """The 'because you said' lines: cited answers that support the condition.

    A cited question the condition does not read (like 'do you take a supplement?' beside the
    dose) is shown as context; one it reads is shown only when it is part of the reason.
    """
    read = set(conditions.questions(prompt.when))
    support = conditions.supporting(prompt.when, answers)
    cited = prompt.because or conditions.questions(prompt.when)
    return tuple(
        Reason(
            questionnaire.questions[q].label,
            questionnaire.questions[q].display(answers[q], questionnaire.meta.language),
        )
        for q in dict.fromkeys(cited)
        if q in answers and (q not in read or q in support)
    )


def build_list(
    questionnaire: Questionnaire, answers: dict[str, Answer], limit: int = DEFAULT_LIMIT
) -> QuestionList:
    """The person's list: prompts whose `when` holds, most important first.

    Of two prompts declared `not_with` each other only the better-ranked one stays. The
    length cap never moves a kept prompt (`keep`, or priority 1) below the list; the others
    fill what room is left, in order, and the rest become "N more questions".
    """
    chosen: list[tuple[tuple[int, int, int], Prompt, Item]] = []
    for index, prompt in enumerate(questionnaire.prompts):
        if not conditions.evaluate(prompt.when, answers):
            continue
        text = prompt_text(questionnaire, prompt, answers)
        if text is None:
            continue
        rank = (prompt.priority, questionnaire.topic_order.get(prompt.topic, 0), index)
        item = Item(
            id=prompt.id,
            text=text,
            topic=questionnaire.topic_title.get(prompt.topic, prompt.topic),
            reasons=reasons(questionnaire, prompt, answers),
            detail=prompt.detail,
            sources=tuple(prompt.sources),
            reviewed=prompt.reviewed,
        )
        chosen.append((rank, prompt, item))
    chosen.sort(key=lambda entry: entry[0])
    on_list: list[tuple[Prompt, Item]] = []
    for _, prompt, item in chosen:
        clash = any(
            prompt.id in other.not_with or other.id in prompt.not_with for other, _ in on_list
        )
        if not clash:
            on_list.append((prompt, item))
    room = max(0, limit - sum(1 for prompt, _ in on_list if prompt.kept))
    items, more = [], []
    for prompt, item in on_list:
        if prompt.kept:
            items.append(item)
        elif room:
            items.append(item)
            room -= 1
        else:
            more.append(item)
    notices = tuple(n for n in questionnaire.notices if conditions.evaluate(n.when, answers))
    guide = questionnaire.common_tests
    tests = tuple(
        item
        for item in (guide.items if guide else [])
        if item.when is None or conditions.evaluate(item.when, answers)
    )
    return QuestionList(
        items=tuple(items),
        more=tuple(more),
        notices=notices,
        closing=questionnaire.closing,
        tests=tests,
        estimate=nutrition.estimate(questionnaire.estimate, answers),
        foods=tuple(nutrition.tips(questionnaire.estimate, answers)),
    )
