"""The person's list as a document: the words around it, the answers read back, the PDF.

The results page, the JSON API and the command line all make the same document from the
same arguments: the questionnaire, the clinic (if any), the person's progress and list,
and the language. Nothing here reads the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from jinja2 import Environment

from .clinics import ClinicProfile
from .language import long_date, translations, writing_in
from .pdf import Renderer
from .problem import N_
from .questionnaire import Question, Questionnaire, Step, Stop
from .rules import QuestionList
from .wizard import Progress


@dataclass(frozen=True)
class Row:
    """A question shown to the person, and their answer as they would read it (None: not
    answered)."""

    question: Question
    answer: str | None


@dataclass(frozen=True)
class AnswerGroup:
    step: Step
    rows: list[Row]


def answer_rows(questionnaire: Questionnaire, progress: Progress) -> list[AnswerGroup]:
    """Every visible step with each shown question and its answer, for people to read back."""
    locale = questionnaire.meta.language
    return [
        AnswerGroup(
            step,
            [
                Row(
                    question,
                    question.display(progress.answers[question.id], locale)
                    if question.id in progress.answers
                    else None,
                )
                for question in progress.shown.get(step.id, [])
            ],
        )
        for step in progress.steps
    ]


def surroundings(
    questionnaire: Questionnaire, profile: ClinicProfile | None, lang: str
) -> dict[str, Any]:
    """The words every page and document shows around its content: the questionnaire's
    title and dates, the clinic, and the emergency and crisis numbers (the clinic's own, or
    the questionnaire's)."""
    meta = questionnaire.meta
    own = profile.in_language(lang) if profile else None
    words = translations().ugettext
    return {
        "meta": meta,
        "site_title": meta.site_title or meta.title,
        "list_title": meta.list_title or words("Questions to ask your clinician"),
        "questionnaire": questionnaire,
        "guide": questionnaire.common_tests,
        "reviewed": long_date(meta.reviewed, lang),
        "clinic": own,
        "lang": lang,
        "unreviewed": lang in meta.translation_not_reviewed,
        "emergency_number": (own and own.emergency_number) or meta.emergency_number,
        "crisis_line": (own and own.crisis_line) or meta.crisis_line,
    }


def urgent_help(
    stop: Stop, questionnaire: Questionnaire, profile: ClinicProfile | None, lang: str
) -> list[str]:
    """Where to get help, under an urgent stop's words: the emergency number, the crisis line
    when the stop asks for it, then the clinic's own words — the same on the page, in the
    API and on the command line (the interface words in the questionnaire's language).
    Emergency first: for chest pain or thoughts of self-harm the clinic's line is not the
    first call."""
    if stop.kind != "urgent":
        return []
    around = surroundings(questionnaire, profile, lang)
    with writing_in(lang):
        lines = [
            translations().ugettext(
                N_("Emergency: call %(number)s or your local emergency number.")
            )
            % {"number": around["emergency_number"]}
        ]
    if stop.crisis_line and around["crisis_line"]:
        lines.append(around["crisis_line"])
    if own := around["clinic"]:
        lines.append(own.urgent_help)
    return lines


def list_context(
    questionnaire: Questionnaire, progress: Progress, questions: QuestionList, lang: str
) -> dict[str, Any]:
    """What the results page and the PDF show for a finished questionnaire."""
    today = date.today()
    return {
        "report": questions,
        "groups": answer_rows(questionnaire, progress),
        "today": long_date(today, lang),
        "iso_today": today.isoformat(),
    }


def pdf(
    renderer: Renderer,
    templates: Environment,
    questionnaire: Questionnaire,
    profile: ClinicProfile | None,
    progress: Progress,
    questions: QuestionList,
    large_print: bool = False,
) -> bytes:
    """The list as a PDF in the questionnaire's language, on the clinic's paper size; in
    large print (every text 16 pt or more, one column) when asked."""
    lang = questionnaire.meta.language
    with writing_in(lang):
        html = templates.get_template("pdf/results.html").render(
            **surroundings(questionnaire, profile, lang),
            **list_context(questionnaire, progress, questions, lang),
            embedded=False,
        )
        words = (translations().ugettext("Page"), translations().ugettext("of"))
    paper = profile.clinic.paper_size if profile else None
    return renderer.render(html, paper, words, large_print=large_print)
