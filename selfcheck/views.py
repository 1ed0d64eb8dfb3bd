"""The pages: start, one page per step, check your answers, results, PDF, clear.

Thin on purpose: the wizard decides order and validity, the rules decide the list,
the templates decide the words. Answers never go into a URL: every answer is posted,
and every redirect names only a step.

One blueprint serves three places:

- `/` — the standalone site; answers in the session cookie.
- `/c/<clinic>/` — a clinic's branded pages; answers in the session cookie.
- `/embed/<clinic>/` — the same pages inside a frame on the clinic's own site. Browsers
  send a frame from another site no cookies, so here the answers travel in a signed hidden
  field, every move is a form post, and instead of redirecting (which would drop the
  answers) the next page is shown straight away.
"""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext, lazy_gettext
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BuildError

from . import conditions, engine, rules
from .clinics import ClinicProfile
from .engine import Flow
from .forms import csrf_failed, csrf_valid, upload_token
from .language import language, long_date
from .limits import pdf_limited
from .storage import (
    AnswerStore,
    FormFieldStore,
    SessionStore,
    StateError,
    StateTooLarge,
    clear_everywhere,
)
from .wizard import Progress, StepCheck

bp = Blueprint("selfcheck", __name__)

TOO_LARGE = lazy_gettext(
    "Your answers are too long to keep in your browser. Please shorten your longest answer."
)
EXPIRED = lazy_gettext(
    "This page was open for a long time or in another tab. Please press Continue again."
)
EMBED = "embed"
CLINIC = "clinic"
PREFIXES = {"c": CLINIC, "embed": EMBED}  # the first part of a clinic's or a frame's paths


def init_app(app: Flask) -> None:
    from . import resume  # noqa: F401 - its pages (save and resume) join the blueprint

    app.register_blueprint(bp)
    app.register_blueprint(bp, name=CLINIC, url_prefix="/c/<clinic_id>")
    app.register_blueprint(bp, name=EMBED, url_prefix="/embed/<clinic_id>")

    @app.context_processor
    def site() -> dict:
        profile = clinic()
        questionnaire = flow().questionnaire
        meta = questionnaire.meta
        return {
            "meta": meta,
            "questionnaire": questionnaire,
            "guide": questionnaire.common_tests,
            "reviewed": long_date(meta.reviewed),
            "clinic": profile.in_language(language()) if profile else None,
            "lang": language(),
            "unreviewed": language() in meta.translation_not_reviewed,
            "embedded": embedded(),
            "state_token": state_token,
            "home_url": page_url("start"),
            "clear_url": page_url("clear"),
            "brand_url": page_url("brand_css") if profile else None,
        }


@bp.url_value_preprocessor
def find_clinic(endpoint: str | None, values: dict | None) -> None:
    """`/c/<clinic_id>/…` and `/embed/<clinic_id>/…`: an unknown clinic is a friendly 404."""
    if values and "clinic_id" in values:
        ident = values.pop("clinic_id")
        g.clinic = engine.get().clinics.get(ident) or abort(404)


@bp.url_defaults
def keep_clinic(endpoint: str, values: dict) -> None:
    if "clinic" in g and current_app.url_map.is_endpoint_expecting(endpoint, "clinic_id"):
        values.setdefault("clinic_id", g.clinic.clinic.id)


def clinic() -> ClinicProfile | None:
    return g.get("clinic")


def place() -> str:
    """Which of the three places serves this request: 'selfcheck', 'clinic' or 'embed'."""
    return request.blueprint or g.get("place", "selfcheck")


def find_place_of_unknown_page() -> None:
    """A path that matched no page (a 404, or a 405 for the wrong method) still belongs to
    the clinic or frame it names, so its error page keeps the clinic's look, links back
    into the same place and may be shown inside the clinic's frame."""
    parts = request.path.split("/")
    if request.url_rule is not None or len(parts) < 3 or parts[1] not in PREFIXES:
        return
    profile = engine.get().clinics.get(parts[2])
    if profile is not None:
        g.clinic, g.place = profile, PREFIXES[parts[1]]


def embedded() -> bool:
    return place() == EMBED and clinic() is not None


def flow() -> Flow:
    profile = clinic()
    return engine.get().flow(profile.clinic.id if profile else None, language())


def store() -> AnswerStore:
    profile = clinic()
    ident = profile.clinic.id if profile else None
    if embedded():
        return FormFieldStore(flow().questionnaire, ident)
    return SessionStore(flow().questionnaire, ident)


def state_token() -> str:
    """The hidden field that carries the answers on an embedded page ('' elsewhere)."""
    answers = store()
    if not isinstance(answers, FormFieldStore):
        return ""
    try:
        return answers.token()
    except (StateError, HTTPException):  # "please start again", or a post too large to read
        return ""


def page_url(view: str) -> str:
    """A page of the current place (site, clinic or frame); the site's on error pages that
    have no clinic (like an unknown clinic's 404)."""
    try:
        return url_for(f"{place()}.{view}")
    except BuildError:
        return url_for(f"selfcheck.{view}")


def go(endpoint: str, **values):
    """Move on to another page: a redirect, or on an embedded page (where a redirect
    would lose the answers) that page itself, shown now."""
    if not embedded():
        return redirect(url_for(endpoint, **values))
    g.forwarded = True
    g.change = bool(values.pop("change", None))
    view = current_app.view_functions[f"{EMBED}.{endpoint.lstrip('.')}"]
    return view(**values)


def posted() -> bool:
    """A form sent to this page, not a page shown after another page's post."""
    return request.method == "POST" and not g.get("forwarded")


def links_only_elsewhere() -> None:
    """Outside a frame these pages are reached by links: a post there is a wrong method."""
    if request.method == "POST" and not embedded():
        abort(405)


def change_flag() -> bool:
    if "change" in g:
        return g.change
    return request.values.get("change") == "1"


def answer_rows(progress: Progress) -> list[dict]:
    """Every visible step with each shown question and its answer, for people to read back."""
    questionnaire = flow().questionnaire
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


@bp.route("/", methods=["GET", "POST"])
def start():
    links_only_elsewhere()  # a framed page posts, to keep its answers (language switch)
    questionnaire = flow().questionnaire
    state = store().load()
    return render_template(
        "start.html",
        first=questionnaire.steps[0],
        has_answers=bool(state.steps),
        cleared=request.args.get("cleared") == "1",
        csrf=None if embedded() else upload_token(),
    )


@bp.route("/step/<step_id>", methods=["GET", "POST"])
def step(step_id: str):
    current = flow()
    wizard, questionnaire = current.wizard, current.questionnaire
    page = questionnaire.step_by_id.get(step_id) or abort(404)
    answers_store = store()
    state = answers_store.load()
    progress = wizard.progress(state)
    csrf = not embedded()  # a cookie-less page has no cookie-borne authority to protect
    # Continue (also when a form is sent without a button), Back, or "open" (a link on an
    # embedded page, which must post to carry the answers)
    action = request.form.get("action") if posted() else "open"
    if action not in ("back", "open", "save") or (action == "open" and not embedded() and posted()):
        action = "continue"

    if action in ("back", "save"):  # keep this page's values as they are, checked or not
        raw = wizard.raw_from(page, request.form, language() == "es")
        checked = wizard.check(page, request.form, progress.answers, validate=False, csrf=csrf)
        if csrf_valid(checked.form):
            state.steps[page.id] = raw
            try:
                answers_store.save(state)
            except StateTooLarge:
                return render_step(progress, checked, change=False, problems=[TOO_LARGE])
        if action == "save":
            return go(".save_answers")  # the file, with this page's values in it
        previous = progress.before(page)
        return go(".step", step_id=previous.id) if previous else go(".start")

    if action == "continue":
        raw = wizard.raw_from(page, request.form, language() == "es")
        checked = wizard.check(page, request.form, progress.answers, csrf=csrf)
        change = change_flag()
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
            return go(".results")
        following = None if change else progress.after(page)
        target = following or progress.first_incomplete
        return go(".step", step_id=target.id) if target else go(".check")

    # show the page ("open" on an embedded page, a GET elsewhere)
    if page not in progress.steps:  # hidden by an earlier answer: go on to the next one
        later = [
            s
            for s in progress.steps
            if questionnaire.steps.index(s) > questionnaire.steps.index(page)
        ]
        return go(".step", step_id=later[0].id) if later else go(".check")
    if not progress.reachable(page):
        assert progress.first_incomplete is not None
        return go(".step", step_id=progress.first_incomplete.id)
    show_errors = page.id in state.done and page.id not in progress.complete
    checked = wizard.check(
        page, wizard.formdata(state, page), progress.answers, validate=show_errors, csrf=csrf
    )
    return render_step(progress, checked, change=change_flag(), problems=[])


def render_step(progress: Progress, checked: StepCheck, *, change: bool, problems: list[str]):
    """The step page; with errors, the summary at the top links to each field."""
    current = flow()
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
        fields=question_fields(current, checked, questions, reveal),
        errors=errors,
        problems=problems,
        position=position,
        total=total,
        change=change,
    )


def question_fields(current: Flow, checked: StepCheck, questions: list, reveal: dict) -> Markup:
    """The step's questions as HTML. A step with nothing typed or chosen and no errors is the
    same for everyone in that language, so it is rendered once and kept; anything with an
    answer in it is rendered afresh and never kept."""
    form = checked.form
    blank = not form.errors and not any(form[q.id].raw_data for q in questions)
    key = (form.step.id, tuple(q.id for q in questions))
    if blank and key in current.blank_fields:
        return current.blank_fields[key]
    template = current_app.jinja_env.get_template("_questions.html")
    html = Markup(template.render(form=form, questions=questions, reveal=reveal))
    if blank:
        current.blank_fields[key] = html
    return html


def field_target(question) -> str:
    """The id of the input an error links to: the first option of a group."""
    if question.type in ("single_choice", "multi_choice"):
        return f"{question.id}-{question.choices[0].id}"
    if question.type == "yes_no":
        return f"{question.id}-yes"
    if question.type == "scale":
        return f"{question.id}-{question.min}"
    return question.id


@bp.route("/check", methods=["GET", "POST"])
def check():
    links_only_elsewhere()
    current = flow()
    progress = current.wizard.progress(store().load())
    if rules.triggered_stop(current.questionnaire, progress.answers):
        return go(".results")
    if progress.first_incomplete:
        return go(".step", step_id=progress.first_incomplete.id)
    target = request.form.get("goto") if posted() else None  # an embedded page's buttons
    if target == "results":
        return go(".results")
    if target in current.questionnaire.step_by_id:
        return go(".step", step_id=target, change=1)
    return render_template("check.html", groups=answer_rows(progress))


def _report_context():
    """Everything the results page and the PDF show, or a response to send instead."""
    current = flow()
    progress = current.wizard.progress(store().load())
    stop = rules.triggered_stop(current.questionnaire, progress.answers)
    if stop:
        return None, render_template("stop.html", stop=stop, first=current.questionnaire.steps[0])
    if progress.first_incomplete:
        return None, go(".step", step_id=progress.first_incomplete.id)
    report = rules.build_report(
        current.questionnaire, progress.answers, current_app.config["MAX_PROMPTS"]
    )
    return report_context(progress, report), None


def report_context(progress: Progress, report: rules.Report) -> dict:
    """What the results page and the PDF show for a finished questionnaire."""
    today = date.today()
    return {
        "report": report,
        "groups": answer_rows(progress),
        "today": long_date(today),
        "iso_today": today.isoformat(),
    }


def pdf_of(context: dict) -> bytes:
    """The list as a PDF, on the clinic's paper size when on a clinic's pages."""
    html = render_template("pdf/results.html", **context)
    profile = clinic()
    return engine.get().pdf.render(
        html,
        profile.clinic.paper_size if profile else None,
        (str(gettext("Page")), str(gettext("of"))),
    )


@bp.route("/results", methods=["GET", "POST"])
def results():
    links_only_elsewhere()
    context, response = _report_context()
    if response is not None:
        return response
    return render_template("results.html", **context)


@bp.route("/results.pdf", methods=["GET", "POST"])
@pdf_limited
def results_pdf():
    links_only_elsewhere()
    context, response = _report_context()
    if response is not None:
        return response if embedded() else redirect(url_for(".results"))
    pdf = pdf_of(context)
    filename = f"questions-for-my-clinician-{context['iso_today']}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.post("/clear")
def clear():
    clear_everywhere(store())
    return redirect(url_for(".start", cleared=1))


@bp.get("/brand.css")
def brand_css():
    """The clinic's colours as CSS custom properties (a file, so the CSP needs no inline style)."""
    profile = clinic() or abort(404)
    css = (
        f":root {{ --brand: {profile.clinic.brand_colour}; "
        f"--brand-dark: {profile.clinic.brand_dark}; }}\n"
    )
    return Response(css, mimetype="text/css")


@bp.get("/embed")
def embed_kit():
    """For clinic staff: the code to put on their site, and a live preview."""
    profile = clinic()
    if profile is None or place() != CLINIC:
        abort(404)
    return render_template(
        "embed_kit.html",
        script_url=url_for("static", filename="embed.js", _external=True),
        frame_url=url_for(f"{EMBED}.start", clinic_id=profile.clinic.id, _external=True),
    )
