"""The time limit (WCAG 2.2.1), with the clock moved on: pages that hold answers say when
they will be cleared and how to keep them; one post to /keep gives them a fresh time (the
cookie, with CSRF; the frame's hidden field); expired answers get a page saying what
happened, with "Continue from a saved file"."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

import selfcheck.storage as storage
from selfcheck.config import ConfigError

from .conftest import make_app
from .personas import QUIET, complete, persona
from .test_embed import EMBED, FramedVisitor, demo_answers
from .test_embed import text_of as words
from .test_resume import upload
from .test_views import text_of

START = datetime(2026, 11, 28, 13, 45, tzinfo=UTC).timestamp()  # 1:45 PM UTC
TWO_HOURS = 2 * 60 * 60


class Clock:
    """The server's clock (time.time, which the cookie and the frame's field both use)."""

    def __init__(self, monkeypatch):
        self.now = START
        monkeypatch.setattr(storage.time, "time", lambda: self.now)

    def wait(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def csrf_of(html: str) -> str | None:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    return found.group(1) if found else None


def started(app):
    """A person who has sent the first page (with its CSRF token when the app checks them)."""
    client = app.test_client()
    token = csrf_of(client.get("/step/start").get_data(as_text=True))
    sent = client.post(
        "/step/start", data={**QUIET["start"], "csrf_token": token or "", "action": "continue"}
    )
    assert sent.status_code == 302
    return client


def dialog_csrf(html: str) -> str:
    return re.search(r'data-csrf="([^"]+)"', html).group(1)


def test_a_page_that_holds_answers_says_when_they_will_be_cleared(clock):
    app = make_app(TIME_ZONE="America/New_York")
    fresh = app.test_client()
    assert "will be cleared" not in text_of(fresh.get("/step/start"))  # nothing to clear yet
    client = started(app)
    clock.wait(600)  # reading a page does not move the time on; sending one does
    sentence = (
        "Your answers will be cleared at 10:45 AM if you do not continue. "  # 3:45 PM UTC
        "To keep them longer, save them to a file."
    )
    for page in ("/step/sun", "/"):
        assert sentence in text_of(client.get(page))
    assert "Save my answers" in text_of(client.get("/"))
    spanish = text_of(client.get("/step/sun?lang=es"))
    assert (
        "Sus respuestas se borrarán a las 10:45 si no continúa. Para conservarlas más tiempo, "
        "guárdelas en un archivo." in spanish
    )
    complete(client, persona(QUIET), start="/step/sun")  # every page sent: a fresh time
    for page in ("/check", "/results"):
        assert "Your answers will be cleared at 10:55 AM if you do not continue." in text_of(
            client.get(page)
        )


def test_the_warning_dialog_is_on_the_page_in_the_reader_s_language(clock):
    client = started(make_app(WTF_CSRF_ENABLED=True, ANSWERS_MAX_AGE=TWO_HOURS))
    html = client.get("/step/sun").get_data(as_text=True)
    dialog = re.search(r"<dialog.*?</dialog>", html, re.S).group(0)
    assert "Keep my answers for another 2 hours?" in words(dialog)
    assert (
        "For your privacy, your answers will be cleared at 3:45 PM if you do not continue."
        in words(dialog)
    )
    assert f'data-deadline="{int((START + TWO_HOURS) * 1000)}"' in dialog
    assert 'data-warn="300000"' in dialog  # five minutes before
    assert 'data-keep-url="/keep"' in dialog and dialog_csrf(dialog)
    spanish = text_of(client.get("/step/sun?lang=es"))
    assert "¿Conservar mis respuestas 2 horas más?" in spanish
    assert "Conservar mis respuestas Ahora no" in spanish
    short = started(make_app(ANSWERS_MAX_AGE=90))
    assert 'data-warn="30000"' in short.get("/step/sun").get_data(as_text=True)  # a third


def test_keep_gives_the_cookie_a_fresh_time(clock):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = started(app)
    html = client.get("/step/sun").get_data(as_text=True)
    clock.wait(TWO_HOURS - 60)  # the warning is showing: one minute left
    kept = client.post("/keep", data={"csrf_token": dialog_csrf(html)})
    assert kept.status_code == 200 and kept.mimetype == "application/json"
    assert kept.json == {
        "kept": True,
        "deadline_ms": int((clock.now + TWO_HOURS) * 1000),
        "duration": "2 hours",
        "time": "5:44\u202fPM",
        "warn_ms": 300000,
    }
    assert kept.headers["Cache-Control"] == "no-store"
    clock.wait(TWO_HOURS - 60)  # well past the first limit, inside the new one
    page = client.get("/step/sun")
    assert page.status_code == 200
    assert "Your answers will be cleared at 5:44 PM" in text_of(page)


def test_keep_needs_the_page_s_csrf_token_and_answers_that_are_still_there(clock):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = started(app)
    html = client.get("/step/sun").get_data(as_text=True)
    refused = client.post("/keep", data={"csrf_token": "forged"})
    assert refused.status_code == 400 and refused.json == {"kept": False, "reason": "page"}
    clock.wait(TWO_HOURS + 1)
    late = client.post("/keep", data={"csrf_token": dialog_csrf(html)})
    assert late.status_code == 410 and late.json == {"kept": False, "reason": "cleared"}
    nobody = make_app().test_client().post("/keep")  # no answers at all
    assert nobody.status_code == 410
    assert client.get("/keep").status_code == 405  # a post, never a link


def test_without_keep_the_answers_expire_and_the_page_says_why(clock):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = started(app)
    clock.wait(TWO_HOURS + 1)
    page = client.get("/step/sun")
    assert page.status_code == 400
    text = text_of(page)
    assert (
        "Please start again Your answers were cleared because no page was sent for 2 hours. "
        "We do this for your privacy, in case someone else uses this device." in text
    )
    assert "Continue from a saved file" in text and "Your saved answers file" in text
    assert "Continue from this file" in text
    assert "will be cleared at" not in text and "<dialog" not in page.get_data(as_text=True)


def test_an_expired_person_continues_from_the_file_they_saved(clock):
    app = make_app(WTF_CSRF_ENABLED=True, ANSWERS_MAX_AGE=600)
    client = started(app)
    saved = client.get("/answers.json").data
    clock.wait(601)
    expired = client.get("/step/sun?lang=es")
    assert "Sus respuestas se borraron porque no se envió ninguna página durante 10 minutos." in (
        text_of(expired)
    )
    response = upload(client, saved, csrf_token=csrf_of(expired.get_data(as_text=True)))
    assert response.status_code == 302 and response.headers["Location"] == "/step/sun"
    assert client.get("/step/sun").status_code == 200
    assert json.loads(saved)["answers"]["age"] == 45


def test_other_unreadable_answers_keep_their_own_explanation(client):
    complete(client, {"start": QUIET["start"]})
    with client.session_transaction() as session:  # answers for another questionnaire
        session["answers"] = {**session["answers"], "q": ["another", "version"]}
    text = text_of(client.get("/step/sun"))
    assert "We could not read your saved answers." in text
    assert "because no page was sent" not in text
    assert "Continue from a saved file" in text


def test_keep_in_the_frame_gives_a_fresh_hidden_field(clock):
    visitor = FramedVisitor(make_app())
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})
    visitor.post(visitor.form_action(), {**demo_answers()["start"], "action": "continue"})
    page = visitor.html
    assert "Your answers will be cleared at 3:45 PM" in words(page)
    assert "data-csrf" not in page  # no cookie, nothing for a forged post to ride on
    old = visitor.state()
    clock.wait(TWO_HOURS - 60)
    kept = visitor.client.post(f"{EMBED}/keep", data={"state": old})
    assert kept.status_code == 200 and kept.json["kept"] is True
    assert "Set-Cookie" not in kept.headers
    fresh = kept.json["state"]
    assert fresh != old
    clock.wait(120)  # the old field has expired; the new one has not
    assert "Please start again" in text_of(
        visitor.client.post(f"{EMBED}/step/sun", data={"state": old, "action": "open"})
    )
    again = visitor.client.post(f"{EMBED}/step/sun", data={"state": fresh, "action": "open"})
    assert again.status_code == 200 and "Sun" in text_of(again)
    assert visitor.client.post(f"{EMBED}/keep", data={"state": "tampered"}).status_code == 410


def test_the_time_zone_setting_is_checked_at_start_up():
    with pytest.raises(ConfigError, match="SELFCHECK_TIME_ZONE is 'Mars/Olympus'"):
        make_app(TIME_ZONE="Mars/Olympus")
