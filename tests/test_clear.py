""" "Clear my answers" clears every place in the browser — the site and every clinic — says
so, and leaves nothing to read back from the cookie (issue 15, point 7)."""

from __future__ import annotations

import zlib

import pytest
from itsdangerous.encoding import base64_decode

from .personas import QUIET, complete, persona
from .reading import text_of
from .test_embed import EMBED, FramedVisitor

SITE_MARKER = "Pangolin-Site-5521"
CLINIC_MARKER = "Pangolin-Clinic-7730"
EVERYWHERE = (
    "Your answers have been cleared from this browser: on this site and on every clinic’s pages."
)


def readable(client) -> str:
    """What anyone using this browser can read in the cookie without the key: the payload
    of the signed cookie, decoded (it is signed, not encrypted)."""
    cookie = client.get_cookie("selfcheck")
    if cookie is None or not cookie.value:
        return ""
    compressed = cookie.value.startswith(".")
    data = base64_decode(cookie.value.lstrip(".").split(".")[0])
    return (zlib.decompress(data) if compressed else data).decode()


def answered_everywhere(client) -> None:
    complete(client, persona(QUIET, own={"own_question": SITE_MARKER}))
    clinic = persona(
        QUIET, clinic_visit={"visit_reason": "tiredness"}, own={"own_question": CLINIC_MARKER}
    )
    complete(client, clinic, "/c/demo/step/start")
    assert SITE_MARKER in readable(client) and CLINIC_MARKER in readable(client)


@pytest.mark.parametrize("place", ["", "/c/demo"])
def test_clear_my_answers_clears_the_site_and_every_clinic(client, place):
    answered_everywhere(client)
    response = client.post(f"{place}/clear")
    assert response.headers["Location"] == f"{place}/?cleared=1"
    assert EVERYWHERE in text_of(client.get(response.headers["Location"]))
    contents = readable(client)
    assert SITE_MARKER not in contents and CLINIC_MARKER not in contents
    assert '"answers' not in contents
    assert client.get("/results").headers["Location"] == "/step/start"
    assert client.get("/c/demo/results").headers["Location"] == "/c/demo/step/start"
    # the frame, which is sent no cookie, clears its own answers, sets none, and says no more
    visitor = FramedVisitor(client.application)  # fails on any Set-Cookie
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})
    visitor.post(visitor.form_action(), {**QUIET["start"], "action": "continue"})
    cleared = visitor.client.post(EMBED + "/clear", data=visitor.hidden())
    page = text_of(visitor.get(cleared.headers["Location"]))
    assert "Your answers have been cleared." in page and EVERYWHERE not in page
