"""A step page nobody has answered is made once and kept with holes for each request's own
values (selfcheck/kept_pages.py): a second person gets exactly the page they would get if
nothing were kept, with their own CSRF token, time limit and (in a frame) answers."""

from __future__ import annotations

import re
import time

from selfcheck import storage

from .conftest import make_app
from .personas import QUIET, complete
from .test_embed import EMBED, FramedVisitor, demo_answers

STATE = re.compile(r'(name="state" value=")[^"]*(")')


def forget_kept_pages(app) -> None:
    for flow in app.extensions["selfcheck"].flows.values():
        flow.kept_pages.clear()


def kept_count(app) -> int:
    return sum(len(flow.kept_pages) for flow in app.extensions["selfcheck"].flows.values())


def person(app, monkeypatch, hours_ago: float):
    """A browser that answered the first step `hours_ago` (so its answers are cleared at
    another time than anyone else's)."""
    client = app.test_client()
    answered(client, monkeypatch, hours_ago, "/step/start")
    return client


def answered(client, monkeypatch, hours_ago: float, start: str) -> None:
    now = time.time
    with monkeypatch.context() as patch:
        patch.setattr(storage.time, "time", lambda: now() - hours_ago * 3600)
        complete(client, {"start": QUIET["start"]}, start=start)


# the same step in every way a request can ask for it differently
VARIANTS = [
    ("/step/sun", {}),
    ("/step/sun?lang=es", {}),
    ("/step/sun", {"Accept-Language": "es"}),
    ("/step/sun?change=1", {}),
    ("/step/sun?print=large", {}),
    ("/c/demo/step/sun", {}),
    ("/c/demo/step/sun?lang=es", {}),
]


def test_a_kept_page_is_the_page_the_second_person_would_get_afresh(monkeypatch):
    app = make_app()
    first, second = (person(app, monkeypatch, hours) for hours in (1.5, 0))
    for client, hours in ((first, 1.5), (second, 0)):  # a clinic's answers are its own
        answered(client, monkeypatch, hours, "/c/demo/step/start")
    made = [first.get(path, headers=headers).get_data(as_text=True) for path, headers in VARIANTS]
    assert kept_count(app) == len(VARIANTS)  # each its own
    kept = [second.get(path, headers=headers).get_data(as_text=True) for path, headers in VARIANTS]
    forget_kept_pages(app)
    for (path, headers), mine, theirs in zip(VARIANTS, kept, made, strict=True):
        afresh = second.get(path, headers=headers).get_data(as_text=True)
        assert mine == afresh, (path, headers)
        assert mine != theirs  # their answers are cleared at another time
        deadlines = [int(re.search(r'data-deadline="(\d+)"', page)[1]) for page in (theirs, mine)]
        assert deadlines[0] < deadlines[1] - 3600 * 1000


def test_the_first_step_before_any_answer_is_kept_without_a_time_limit():
    app = make_app()
    made = app.test_client().get("/step/start").get_data(as_text=True)
    kept = app.test_client().get("/step/start").get_data(as_text=True)
    assert kept == made and "data-deadline" not in kept
    assert kept_count(app) == 1


def test_each_person_gets_their_own_csrf_token_in_a_kept_page(monkeypatch):
    app = make_app(WTF_CSRF_ENABLED=True)
    token = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
    tokens, clients = [], []
    for _ in range(2):
        client = app.test_client()
        page = client.get("/step/start").get_data(as_text=True)
        data = {**QUIET["start"], "action": "continue", "csrf_token": token.search(page)[1]}
        assert client.post("/step/start", data=data).status_code == 302
        page = client.get("/step/sun").get_data(as_text=True)
        tokens.append(token.search(page)[1])
        assert f'data-csrf="{tokens[-1]}"' in page  # the time-limit dialog's too
        clients.append(client)
    assert kept_count(app) == 2  # the first step and this one
    assert tokens[0] != tokens[1]
    for client, own in zip(clients, tokens, strict=True):
        data = {**QUIET["sun"], "action": "continue", "csrf_token": own}
        assert client.post("/step/sun", data=data).status_code == 302
    # another person's token is refused: the page says so and keeps what was sent
    stale = clients[1].post("/step/sun", data={**QUIET["sun"], "csrf_token": tokens[0]})
    assert "Please press Continue again" in stale.get_data(as_text=True)


def test_a_framed_kept_page_carries_each_persons_own_answers():
    app = make_app(DEMO_CLINIC=True)
    visitors = []
    for age in ("45", "71"):
        visitor = FramedVisitor(app)
        visitor.get(f"{EMBED}/step/start")
        answers = demo_answers()
        answers["start"] = {**answers["start"], "age": age}
        visitor.post(f"{EMBED}/step/start", {**answers["start"], "action": "continue"})
        assert "/step/sun" in visitor.form_action()
        visitors.append(visitor)
    first, second = (v.html for v in visitors)
    assert kept_count(app) >= 1
    assert STATE.sub(r"\1\2", first) == STATE.sub(r"\1\2", second)  # the same page around
    # and each carries its own answers: going back shows each person's own age
    for visitor, age in zip(visitors, ("45", "71"), strict=True):
        visitor.post(f"{EMBED}/step/sun", {"action": "back"})
        assert f'value="{age}"' in visitor.html


def test_a_page_with_an_answer_or_an_error_is_never_kept(monkeypatch):
    app = make_app()
    client = person(app, monkeypatch, 0)
    client.post("/step/sun", data={"outdoor_time": "over_60", "action": "continue"})
    assert kept_count(app) == 0
    complete(client, {"sun": QUIET["sun"]}, start="/step/sun")
    client.get("/step/sun")  # answered: shown with its answers
    assert kept_count(app) == 0
    kept = "".join(
        "".join(parts) for flow in app.extensions["selfcheck"].flows.values()
        for parts in flow.kept_pages.values()
    )  # fmt: skip
    assert "checked" not in kept


def test_a_page_that_differs_from_its_kept_form_is_rendered_afresh_each_time(monkeypatch, caplog):
    """Should a page ever hold something of its request that the key does not name, it is
    not kept: every request renders it, and the log says so once."""
    from selfcheck import kept_pages

    marked = kept_pages._skeleton
    monkeypatch.setattr(
        kept_pages, "_skeleton", lambda *args: ("someone else's page",) + marked(*args)[1:]
    )
    app = make_app()
    first, second = person(app, monkeypatch, 1), person(app, monkeypatch, 0)
    pages = [client.get("/step/sun").get_data(as_text=True) for client in (first, second)]
    assert all("someone else" not in page for page in pages)
    assert pages[0] != pages[1]  # each person's own time limit
    assert kept_count(app) == 1  # as "not kept"
    assert caplog.text.count("step.html is not kept") == 1
