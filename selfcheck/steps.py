"""The step pages: one group of questions per page, and what each button on it does.

A step page is shown (a link, or "open" inside the frame), or posted with one of its
buttons: Continue checks the page and moves on, Back and Save keep the page's values as
they are (checked or not) and go back or download them. Answers never go into a URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import lazy_gettext
from markupsafe import Markup

from . import conditions, kept_pages, rules
from .engine import Flow
from .language import translations
from .place import change_flag, csrf_ok, csrf_token, embedded, flow, go, posted, reading, store
from .questionnaire import Question, Step
from .state import State
from .storage import AnswerStore, StateTooLarge
from .wizard import Progress, StepCheck

TOO_LARGE = lazy_gettext(
    "Your answers are too long to keep in your browser. Please shorten your longest answer."
)
EXPIRED = lazy_gettext(
    "This page was open for a long time or in another tab. Please press Continue again."
)


def register(pages: Blueprint) -> None:
    pages.add_url_rule("/step/<step_id>", view_func=step, methods=["GET", "POST"])


@dataclass(frozen=True)
class Visit:
    """One request to a step page: the flow, the page, the stored answers and progress."""

    flow: Flow
    page: Step
    store: AnswerStore
    state: State
    progress: Progress


def step(step_id: str):
    current = flow()
    page = current.questionnaire.step_by_id.get(step_id) or abort(404)
    answers = store()
    state = answers.load()
    visit = Visit(current, page, answers, state, current.wizard.progress(state, reading()))
    return ACTIONS[chosen_action()](visit)


def chosen_action() -> str:
    """Continue (also when a form is sent without a button), Back, Save, or "open" (a link
    on an embedded page, which must post to carry the answers; a GET elsewhere)."""
    if not posted():
        return "open"
    action = request.form.get("action")
    if action in ("back", "save") or (action == "open" and embedded()):
        return str(action)
    return "continue"


def posted_values(page: Step) -> dict[str, list[str]]:
    return {q.id: request.form.getlist(q.id) for q in page.questions}


def keep_page(visit: Visit):
    """Keep this page's values as they are, checked or not (Back and Save); None when kept,
    else the page again with the reason."""
    raw = visit.flow.wizard.keep(visit.page, posted_values(visit.page), reading())
    if not csrf_ok():
        return None
    visit.state.steps[visit.page.id] = raw
    try:
        visit.store.save(visit.state)
    except StateTooLarge:
        checked = visit.flow.wizard.check(
            visit.page, raw, visit.progress.answers, reading(), validate=False
        )
        return render_step(visit.progress, checked, change=False, problems=[TOO_LARGE])
    return None


def on_back(visit: Visit):
    refused = keep_page(visit)
    if refused is not None:
        return refused
    previous = visit.progress.before(visit.page)
    return go(".step", step_id=previous.id) if previous else go(".start")


def on_save(visit: Visit):
    refused = keep_page(visit)
    return refused if refused is not None else go(".save_answers")  # with this page's values


def on_continue(visit: Visit):
    wizard, page, state = visit.flow.wizard, visit.page, visit.state
    raw = wizard.keep(page, posted_values(page), reading())
    checked = wizard.check(page, raw, visit.progress.answers, reading())
    change = change_flag()
    if not csrf_ok():
        return render_step(visit.progress, checked, change=change, problems=[EXPIRED])
    if not checked.valid:
        return render_step(visit.progress, checked, change=change, problems=[])
    state.steps[page.id] = raw
    if page.id not in state.done:
        state.done.append(page.id)
    try:
        visit.store.save(state)
    except StateTooLarge:
        return render_step(visit.progress, checked, change=change, problems=[TOO_LARGE])
    progress = wizard.progress_after(visit.progress, checked, state, reading())
    if rules.triggered_stop(visit.flow.questionnaire, progress.answers):
        return go(".results")
    following = None if change else progress.after(page)
    target = following or progress.first_incomplete
    if target is None:
        return go(".check")
    # a change that opens a question further on asks just that, then goes back to the check
    return go(".step", step_id=target.id, change=1) if change else go(".step", step_id=target.id)


def on_open(visit: Visit):
    """Show the page ("open" on an embedded page, a GET elsewhere)."""
    page, progress, steps = visit.page, visit.progress, visit.flow.questionnaire.steps
    if page not in progress.steps:  # hidden by an earlier answer: go on to the next one
        later = [s for s in progress.steps if steps.index(s) > steps.index(page)]
        return go(".step", step_id=later[0].id) if later else go(".check")
    if not progress.reachable(page):
        assert progress.first_incomplete is not None
        return go(".step", step_id=progress.first_incomplete.id)
    show_errors = page.id in visit.state.done and page.id not in progress.complete
    raw = visit.state.steps.get(page.id, {})
    checked = visit.flow.wizard.check(page, raw, progress.answers, reading(), validate=show_errors)
    return render_step(progress, checked, change=change_flag(), problems=[])


ACTIONS = {"open": on_open, "continue": on_continue, "back": on_back, "save": on_save}


@dataclass(frozen=True)
class Field:
    """A question as its page draws it: the values kept, the error, the options offered."""

    values: list[str] = field(default_factory=list)
    error: str | None = None
    options: list[tuple[str, str]] = field(default_factory=list)

    @property
    def value(self) -> str:
        return self.values[0] if self.values else ""


def render_step(progress: Progress, checked: StepCheck, *, change: bool, problems: list):
    """The step page; with errors, the summary at the top links to each field."""
    current = flow()
    page = checked.step
    own = {q.id for q in page.questions}
    prior = {k: v for k, v in progress.answers.items() if k not in own}
    questions, reveal = [], {}
    for question in page.questions:
        # what earlier steps decide is decided here; only what this page decides is left to it
        left = True if question.show_if is None else conditions.given(question.show_if, prior, own)
        if left is False:
            continue  # it cannot apply, whatever is chosen on this page
        if left is not True:
            reveal[question.id] = conditions.as_dict(left)
        questions.append(question)
    gettext = translations().ugettext
    errors = [
        {"target": q.first_input, "message": checked.problems[q.id].read(gettext)}
        for q in questions
        if q.id in checked.problems
    ]
    position, total = progress.position(page)
    fields, blank = question_fields(current, checked, questions, reveal)
    context = dict(step=page, fields=fields, errors=errors, problems=problems)
    context.update(position=position, total=total, change=change)
    if blank and not errors and not problems:  # nothing of this person's: kept (kept_pages.py)
        return kept_pages.render(
            current, "step.html", (page.id, fields, position, total, change), **context
        )
    return render_template("step.html", csrf=csrf_token(), **context)


def question_fields(
    current: Flow, checked: StepCheck, questions: list[Question], reveal: dict
) -> tuple[Markup, bool]:
    """The step's questions as HTML, and whether they are blank. A step with nothing typed or
    chosen and no errors is the same for everyone in that language (given which questions
    show and what reveals them), so it is rendered once and kept; anything with an answer in
    it is rendered afresh and never kept."""
    blank = not checked.problems and not any(checked.values.get(q.id) for q in questions)
    key = (checked.step.id, tuple(q.id for q in questions), repr(reveal))
    if blank and key in current.blank_fields:
        return current.blank_fields[key], True
    gettext = translations().ugettext
    locale = current.questionnaire.meta.language
    fields = {
        q.id: Field(
            checked.values.get(q.id, []),
            checked.problems[q.id].read(gettext) if q.id in checked.problems else None,
            q.options(locale),
        )
        for q in questions
    }
    template = current_app.jinja_env.get_template("_questions.html")
    html = Markup(template.render(fields=fields, questions=questions, reveal=reveal))
    if blank:
        current.blank_fields[key] = html
    return html, blank
