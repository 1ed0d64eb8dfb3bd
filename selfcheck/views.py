"""The pages: start, one page per step, check your answers, results, PDF, clear.

Thin on purpose: the wizard decides order and validity, the rules decide the list,
the templates decide the words. Answers never go into a URL: every answer is posted,
and every redirect names only a step.
"""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from . import conditions, engine, rules
from .forms import csrf_failed, csrf_valid
from .storage import AnswerStore, SessionStore, StateTooLarge
from .wizard import Progress, StepCheck

bp = Blueprint("selfcheck", __name__)

TOO_LARGE = "Your answers are too long to keep in your browser. Please shorten your longest answer."
EXPIRED = "This page was open for a long time or in another tab. Please press Continue again."


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.context_processor
    def site() -> dict:
        questionnaire = engine.get().questionnaire
        meta = questionnaire.meta
        return {
            "meta": meta,
            "questionnaire": questionnaire,
            "guide": questionnaire.common_tests,
            "reviewed": long_date(meta.reviewed),
        }


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def store() -> AnswerStore:
    return SessionStore(engine.get().questionnaire)


def step_url(step_id: str, **params) -> str:
    return url_for("selfcheck.step", step_id=step_id, **params)


def answer_rows(progress: Progress) -> list[dict]:
    """Every visible step with each shown question and its answer, for people to read back."""
    questionnaire = engine.get().questionnaire
    groups = []
    for step in progress.steps:
        rows = [
            {
                "question": question,
                "answer": rules.display(questionnaire, question.id, progress.answers[question.id])
                if question.id in progress.answers
                else None,
            }
            for question in progress.shown.get(step.id, [])
        ]
        groups.append({"step": step, "rows": rows})
    return groups


@bp.get("/")
def start():
    questionnaire = engine.get().questionnaire
    state = store().load()
    return render_template(
        "start.html",
        first=questionnaire.steps[0],
        has_answers=bool(state.steps),
        cleared=request.args.get("cleared") == "1",
    )


@bp.route("/step/<step_id>", methods=["GET", "POST"])
def step(step_id: str):
    current = engine.get()
    wizard, questionnaire = current.wizard, current.questionnaire
    page = questionnaire.step_by_id.get(step_id) or abort(404)
    answers_store = store()
    state = answers_store.load()
    progress = wizard.progress(state)

    if request.method == "POST":
        raw = wizard.raw_from(page, request.form)
        if request.form.get("action") == "back":
            checked = wizard.check(page, request.form, progress.answers, validate=False, csrf=True)
            if csrf_valid(checked.form):
                state.steps[page.id] = raw
                try:
                    answers_store.save(state)
                except StateTooLarge:
                    return render_step(progress, checked, change=False, problems=[TOO_LARGE])
            previous = progress.before(page)
            return redirect(step_url(previous.id) if previous else url_for("selfcheck.start"))

        checked = wizard.check(page, request.form, progress.answers, csrf=True)
        change = request.form.get("change") == "1"
        if not checked.valid:
            problems = [EXPIRED] if csrf_failed(checked.form) else []
            return render_step(progress, checked, change=change, problems=problems)
        state.steps[page.id] = raw
        if page.id not in state.done:
            state.done.append(page.id)
        try:
            answers_store.save(state)
        except StateTooLarge:
            return render_step(progress, checked, change=change, problems=[TOO_LARGE])
        progress = wizard.progress(state)
        if rules.triggered_stop(questionnaire, progress.answers):
            return redirect(url_for("selfcheck.results"))
        following = None if change else progress.after(page)
        target = following or progress.first_incomplete
        return redirect(step_url(target.id) if target else url_for("selfcheck.check"))

    if page not in progress.steps:  # hidden by an earlier answer: go on to the next one
        later = [
            s
            for s in progress.steps
            if questionnaire.steps.index(s) > questionnaire.steps.index(page)
        ]
        return redirect(step_url(later[0].id) if later else url_for("selfcheck.check"))
    if not progress.reachable(page):
        assert progress.first_incomplete is not None
        return redirect(step_url(progress.first_incomplete.id))
    show_errors = page.id in state.done and page.id not in progress.complete
    checked = wizard.check(
        page, wizard.formdata(state, page), progress.answers, validate=show_errors, csrf=True
    )
    return render_step(progress, checked, change=request.args.get("change") == "1", problems=[])


def render_step(progress: Progress, checked: StepCheck, *, change: bool, problems: list[str]):
    """The step page; with errors, the summary at the top links to each field."""
    current = engine.get()
    page = checked.form.step
    own = {q.id for q in page.questions}
    prior = {k: v for k, v in progress.answers.items() if k not in own}
    questions, reveal = [], {}
    for question in page.questions:
        if current.wizard.depends_on_step(question, page):
            if all(q in own for q in conditions.questions(question.show_if)):
                reveal[question.id] = conditions.as_dict(question.show_if)
            questions.append(question)
        elif question.show_if is None or conditions.evaluate(question.show_if, prior):
            questions.append(question)
    errors = [
        {"target": field_target(q), "message": checked.form[q.id].errors[0]}
        for q in questions
        if checked.form[q.id].errors
    ]
    position, total = progress.position(page)
    return render_template(
        "step.html",
        step=page,
        form=checked.form,
        questions=questions,
        reveal=reveal,
        errors=errors,
        problems=problems,
        position=position,
        total=total,
        change=change,
    )


def field_target(question) -> str:
    """The id of the input an error links to: the first option of a group."""
    if question.type in ("single_choice", "multi_choice"):
        return f"{question.id}-{question.choices[0].id}"
    if question.type == "yes_no":
        return f"{question.id}-yes"
    if question.type == "scale":
        return f"{question.id}-{question.min}"
    return question.id


@bp.get("/check")
def check():
    current = engine.get()
    progress = current.wizard.progress(store().load())
    if rules.triggered_stop(current.questionnaire, progress.answers):
        return redirect(url_for("selfcheck.results"))
    if progress.first_incomplete:
        return redirect(step_url(progress.first_incomplete.id))
    return render_template("check.html", groups=answer_rows(progress))


def _report_context():
    """Everything the results page and the PDF show, or a response to send instead."""
    current = engine.get()
    progress = current.wizard.progress(store().load())
    stop = rules.triggered_stop(current.questionnaire, progress.answers)
    if stop:
        first = current.questionnaire.steps[0]
        return None, render_template("stop.html", stop=stop, change_url=step_url(first.id))
    if progress.first_incomplete:
        return None, redirect(step_url(progress.first_incomplete.id))
    report = rules.build_report(
        current.questionnaire, progress.answers, current_app.config["MAX_PROMPTS"]
    )
    today = date.today()
    return {
        "report": report,
        "groups": answer_rows(progress),
        "today": long_date(today),
        "iso_today": today.isoformat(),
    }, None


@bp.get("/results")
def results():
    context, response = _report_context()
    if response is not None:
        return response
    return render_template("results.html", **context)


@bp.get("/results.pdf")
def results_pdf():
    context, response = _report_context()
    if response is not None:
        return redirect(url_for("selfcheck.results"))
    html = render_template("pdf/results.html", **context)
    pdf = engine.get().pdf.render(html)
    filename = f"questions-for-my-clinician-{context['iso_today']}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.post("/clear")
def clear():
    store().clear()
    return redirect(url_for("selfcheck.start", cleared=1))
