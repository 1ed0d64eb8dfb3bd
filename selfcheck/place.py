"""Where a request is served: the site, a clinic's pages, or a clinic's frame.

One blueprint of pages is registered three times:

- `/` — the standalone site; answers in the session cookie.
- `/c/<clinic>/` — a clinic's branded pages; answers in the session cookie.
- `/embed/<clinic>/` — the same pages inside a frame on the clinic's own site. Browsers
  send a frame from another site no cookies, so here the answers travel in a signed hidden
  field, every move is a form post, and instead of redirecting (which would drop the
  answers) the next page is shown straight away (`go`).

Everything a request keeps in `flask.g` is written down here, and only these:

- `g.place` (`Place`): which place, and its clinic; set from the URL (`find_place`), or for a
  path that matched no page by `place_of_unknown_page`.
- `g.forwarded` (bool), `g.change` (bool): on a framed page, the page being shown is the next
  one after a post (`go`), and whether it was opened to change an answer.
- `g.form_state` (`State`): the frame's answers for this request (storage.FormFieldStore).
- `g.language`, `g.translations`: the request's language and catalogue (language.py).
- `g.time_limit`: when this page's answers will be cleared, worked out once (keep.py).
- `g.flow`: this request's flow (questionnaire and wizard) with its clinic and language
  (`flow`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    redirect,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BuildError
from wtforms.validators import ValidationError

from . import engine
from .clinics import ClinicProfile
from .document import surroundings
from .engine import Flow
from .language import language
from .question_types import Reading
from .state import StateError
from .storage import AnswerStore, FormFieldStore, SessionStore

SITE, CLINIC, EMBED = "selfcheck", "clinic", "embed"
PREFIXES = {"c": CLINIC, "embed": EMBED}  # the first part of a clinic's or a frame's paths


@dataclass(frozen=True)
class Place:
    """Which of the three places serves a request, and the clinic it belongs to."""

    kind: str  # SITE, CLINIC or EMBED
    clinic: ClinicProfile | None = None

    @property
    def embedded(self) -> bool:
        return self.kind == EMBED and self.clinic is not None

    @property
    def clinic_id(self) -> str | None:
        return self.clinic.clinic.id if self.clinic else None


def init_app(app: Flask, pages: Iterable[Callable[[Blueprint], None]]) -> None:
    """Build the pages' blueprint from each module's `register`, serve it in every place."""
    blueprint = Blueprint(SITE, __name__)
    blueprint.url_value_preprocessor(find_place)
    blueprint.url_defaults(keep_clinic)
    for register in pages:
        register(blueprint)
    app.register_blueprint(blueprint)
    app.register_blueprint(blueprint, name=CLINIC, url_prefix="/c/<clinic_id>")
    app.register_blueprint(blueprint, name=EMBED, url_prefix="/embed/<clinic_id>")
    app.context_processor(site)


def current() -> Place:
    """This request's place (the site, when nothing has placed it)."""
    found = g.get("place")
    if found is None:
        found = g.place = Place(
            request.blueprint if request.blueprint in PREFIXES.values() else SITE
        )
    return found


def find_place(endpoint: str | None, values: dict | None) -> None:
    """`/c/<clinic_id>/…` and `/embed/<clinic_id>/…`: an unknown clinic is a friendly 404."""
    kind = request.blueprint or SITE
    profile = None
    if values and "clinic_id" in values:
        profile = engine.get().clinics.get(values.pop("clinic_id")) or abort(404)
    g.place = Place(kind, profile)


def keep_clinic(endpoint: str, values: dict) -> None:
    clinic_id = current().clinic_id
    if clinic_id and current_app.url_map.is_endpoint_expecting(endpoint, "clinic_id"):
        values.setdefault("clinic_id", clinic_id)


def place_of_unknown_page() -> None:
    """A path that matched no page (a 404, or a 405 for the wrong method) still belongs to
    the clinic or frame it names, so its error page keeps the clinic's look, links back
    into the same place and may be shown inside the clinic's frame."""
    parts = request.path.split("/")
    if request.url_rule is not None or len(parts) < 3 or parts[1] not in PREFIXES:
        return
    profile = engine.get().clinics.get(parts[2])
    if profile is not None:
        g.place = Place(PREFIXES[parts[1]], profile)


def clinic() -> ClinicProfile | None:
    return current().clinic


def embedded() -> bool:
    return current().embedded


def flow() -> Flow:
    """This request's flow (its clinic's questionnaire, in its language), found once."""
    # a document written in another language (language.writing_in) asks for that one's
    key = (current().clinic_id, language())
    found = g.get("flow")
    if found is None or found[0] != key:
        found = g.flow = (key, engine.get().flow(*key))
    return found[1]


def reading() -> Reading:
    """How this reader writes numbers and dates (their page's language)."""
    return Reading(language())


def store() -> AnswerStore:
    here = current()
    questionnaire = flow().questionnaire
    if here.embedded:
        return FormFieldStore(questionnaire, here.clinic_id)
    return SessionStore(questionnaire, here.clinic_id)


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
        return url_for(f"{current().kind}.{view}")
    except BuildError:
        return url_for(f"{SITE}.{view}")


def go(endpoint: str, **values: Any):
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


def refuse_post_outside_frame() -> None:
    """Outside a frame these pages are reached by links: a post there is a wrong method."""
    if request.method == "POST" and not embedded():
        abort(405)


def change_flag() -> bool:
    """Whether the page was opened from "Check your answers" to change an answer."""
    if "change" in g:
        return g.change
    return request.values.get("change") == "1"


def csrf_token() -> str | None:
    """A token for a form whose answers live in the cookie (None in the frame, which has no
    cookie-borne authority to protect, or where CSRF protection is off)."""
    if embedded() or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return None
    return generate_csrf()


def csrf_ok() -> bool:
    """Whether a post carries a valid token (always, where no token is asked for)."""
    if embedded() or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    try:
        validate_csrf(request.form.get("csrf_token"))
    except (ValidationError, CSRFError):
        return False
    return True


def site() -> dict[str, Any]:
    """What every page's template may use about its place and its questionnaire."""
    here = current()
    return {
        **surroundings(flow().questionnaire, here.clinic, language()),
        "embedded": here.embedded,
        "state_token": state_token,
        "home_url": page_url("start"),
        "clear_url": page_url("clear"),
        "brand_url": page_url("brand_css") if here.clinic else None,
    }
