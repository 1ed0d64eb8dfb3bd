"""The pages around the steps: start, check your answers, results, the PDF, clear, and a
clinic's colours and embed kit.

Thin on purpose: the wizard decides order and validity, outcome.py where the answers lead,
document.py what the list shows, the templates the words.
"""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from . import document, engine
from .language import language
from .large_print import large_print
from .limits import pdf_limited
from .outcome import Outcome, decide
from .place import (
    CLINIC,
    EMBED,
    clinic,
    csrf_token,
    current,
    embedded,
    flow,
    go,
    posted,
    reading,
    refuse_post_outside_frame,
    store,
)
from .storage import clear_everywhere


def register(pages: Blueprint) -> None:
    pages.add_url_rule("/", view_func=start, methods=["GET", "POST"])
    pages.add_url_rule("/check", view_func=check, methods=["GET", "POST"])
    pages.add_url_rule("/results", view_func=results, methods=["GET", "POST"])
    pages.add_url_rule("/results.pdf", view_func=pdf_limited(results_pdf), methods=["GET", "POST"])
    pages.add_url_rule("/clear", view_func=clear, methods=["POST"])
    pages.add_url_rule("/brand.css", view_func=brand_css)
    pages.add_url_rule("/embed", view_func=embed_kit)


def start():
    refuse_post_outside_frame()  # a framed page posts, to keep its answers (language switch)
    state = store().load()
    return render_template(
        "start.html",
        first=flow().questionnaire.steps[0],
        has_answers=bool(state.steps),
        cleared=request.args.get("cleared") == "1",
        csrf=csrf_token(),
    )


def where_answers_lead(*, with_list: bool = True) -> Outcome:
    current_flow = flow()
    progress = current_flow.wizard.progress(store().load(), reading())
    limit = current_app.config["MAX_PROMPTS"]
    return decide(current_flow.questionnaire, progress, limit, with_list=with_list)


def check():
    refuse_post_outside_frame()
    outcome = where_answers_lead(with_list=False)
    if outcome.stop:
        return go(".results")
    if outcome.next_step:
        return go(".step", step_id=outcome.next_step.id)
    target = request.form.get("goto") if posted() else None  # an embedded page's buttons
    if target == "results":
        return go(".results")
    if target in flow().questionnaire.step_by_id:
        return go(".step", step_id=target, change=1)
    groups = document.answer_rows(flow().questionnaire, outcome.progress)
    return render_template("check.html", groups=groups)


def results(pdf_busy: bool = False):
    """The list; `pdf_busy`: its PDF could not be made just now (errors.py, with a 503)."""
    refuse_post_outside_frame()
    outcome = where_answers_lead()
    if outcome.stop:
        questionnaire = flow().questionnaire
        help_lines = document.urgent_help(outcome.stop, questionnaire, clinic(), language())
        return render_template(
            "stop.html", stop=outcome.stop, first=questionnaire.steps[0], help=help_lines
        )
    if outcome.next_step:
        return go(".step", step_id=outcome.next_step.id)
    assert outcome.questions is not None
    context = document.list_context(
        flow().questionnaire, outcome.progress, outcome.questions, language()
    )
    return render_template("results.html", **context, pdf_busy=pdf_busy)


def results_pdf():
    refuse_post_outside_frame()
    outcome = where_answers_lead()
    if outcome.questions is None:  # urgent help, or not finished: the page says what to do
        return results() if embedded() else redirect(url_for(".results"))
    setup = engine.get()
    setup.pdf.check_room()  # busy: say so before making the PDF's HTML
    large = large_print()
    pdf = document.pdf(
        setup.pdf,
        current_app.jinja_env,
        flow().questionnaire,
        clinic(),
        outcome.progress,
        outcome.questions,
        large_print=large,
    )
    kind = "-large-print" if large else ""
    filename = f"questions-for-my-clinician{kind}-{date.today().isoformat()}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def clear():
    clear_everywhere(store())
    return redirect(url_for(".start", cleared=1))


def brand_css():
    """The clinic's colours as CSS custom properties (a file, so the CSP needs no inline style)."""
    profile = clinic() or abort(404)
    css = (
        f":root {{ --brand: {profile.clinic.brand_colour}; "
        f"--brand-dark: {profile.clinic.brand_dark}; }}\n"
    )
    return Response(css, mimetype="text/css")


def embed_kit():
    """For clinic staff: the code to put on their site, and a live preview."""
    profile = clinic()
    if profile is None or current().kind != CLINIC:
        abort(404)
    return render_template(
        "embed_kit.html",
        script_url=url_for("static", filename="embed.js", _external=True),
        frame_url=url_for(f"{EMBED}.start", clinic_id=profile.clinic.id, _external=True),
    )
