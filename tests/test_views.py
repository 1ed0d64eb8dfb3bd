"""The pages, driven as a person would with the test client: whole flows, errors, Back,
Change, stops, and hostile posts that must never cause a 500."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from .conftest import make_app
from .personas import OLDER_INDOORS, QUIET, complete, persona
from .reading import prompts_on, text_of


def test_start_page(client):
    page = text_of(client.get("/"))
    assert "Questions for your clinician about vitamin D, magnesium and immune health" in page
    assert "Start now" in page


def test_whole_flow_gives_the_personal_list(client):
    last = complete(client, OLDER_INDOORS)
    assert last.headers["Location"] == "/check"
    check = text_of(client.get("/check"))
    assert "Check your answers" in check
    assert "How old are you? 72 years Change" in check
    results = client.get("/results")
    assert results.status_code == 200
    assert prompts_on(results) == [
        "I've taken a stomach-acid medicine (PPI) for a long time. Should my magnesium be checked?",
        "I get little sun. Is the vitamin D I get from food and supplements enough for me, "
        "and is there a reason to test my level?",
        "I'm over 70. Should I be aiming for 800 IU of vitamin D a day?",
        "Thyroid disease runs in my family. What signs should I watch for?",
        "In the VITAL trial, vitamin D was linked with fewer autoimmune diagnoses in older "
        "adults. Does that apply to me?",
        "If my blood test for magnesium is normal, could my body still be low on it?",
    ]
    page = text_of(results)
    assert "Because you said: How old are you? 72 years" in page
    assert "Three questions for every visit" in page
    assert "This list is not medical advice and not a diagnosis." in page
    assert "Download PDF" in page


def test_error_reshows_the_page_with_every_other_answer_kept(client):
    response = client.post(
        "/step/start",
        data={"age": "abc", "red_flags": "none", "pregnant": "neither", "action": "continue"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Error: Before we start (step 1 of 10)" in html
    assert '<a href="#age">Enter a whole number, like 40</a>' in html
    assert 'id="age-error"' in html and 'aria-describedby="age-error"' in html
    assert 'value="abc"' in html  # the wrong answer is shown back to fix
    assert re.search(r'id="red_flags-none" name="red_flags" value="none"\s+checked', html)
    assert re.search(r'id="pregnant-neither" name="pregnant" value="neither"\s+checked', html)
    assert "Select an answer to “Do you have kidney disease, or do you have dialysis?”" in text_of(
        response
    )


def test_back_keeps_unfinished_answers_of_the_page(client):
    complete(client, {"start": QUIET["start"]}, start="/step/start")
    response = client.post("/step/sun", data={"outdoor_time": "under_15", "action": "back"})
    assert response.headers["Location"] == "/step/start"
    assert 'value="45"' in client.get("/step/start").get_data(as_text=True)
    sun = client.get("/step/sun").get_data(as_text=True)
    assert re.search(r'value="under_15"\s+checked', sun)
    assert "There is a problem" not in sun  # no errors for a page left with Back


def test_refresh_and_browser_back_show_stored_answers(client):
    complete(client, QUIET)
    for _ in range(2):
        html = client.get("/step/wellbeing").get_data(as_text=True)
        assert re.search(r'id="stress-3" name="stress" value="3"\s+checked', html)
        assert 'value="8"' in html


def test_progress_reflects_skip_logic_and_steps_cannot_be_skipped(client):
    assert client.get("/step/food_d").headers["Location"] == "/step/start"
    complete(client, {"start": QUIET["start"]})
    assert "Step 2 of 10" in text_of(client.get("/step/sun"))


def test_hidden_follow_up_answers_never_reach_the_results(client):
    answers = persona(
        QUIET,
        family={
            "family_autoimmune": "no",
            "family_conditions": ["celiac"],
            "celiac_relative": "close",
        },
    )
    complete(client, answers)
    assert "celiac" not in text_of(client.get("/check")).lower()
    assert "A close relative has celiac disease" not in text_of(client.get("/results"))


def test_change_link_returns_to_check_your_answers(client):
    complete(client, QUIET)
    page = client.get("/check").get_data(as_text=True)
    assert 'href="/step/food_mg?change=1#question-eating_pattern"' in page
    response = client.post(
        "/step/food_mg",
        data={**QUIET["food_mg"], "eating_pattern": "vegan", "change": "1", "action": "continue"},
    )
    assert response.headers["Location"] == "/check"
    assert "Vegan" in text_of(client.get("/check"))
    assert "I'm vegan or I eat very little." in text_of(client.get("/results"))


def test_follow_up_question_on_the_same_page_is_required_once_it_applies(client):
    complete(client, QUIET)
    response = client.post(
        "/step/family",
        data={
            "family_autoimmune": "yes",
            "own_conditions": ["none"],
            "change": "1",
            "action": "continue",
        },
    )
    assert response.status_code == 200
    assert "Select at least one answer to “Which conditions do they have?”" in text_of(response)
    assert 'name="change" value="1"' in response.get_data(as_text=True)  # still changing
    response = client.post(
        "/step/family",
        data={
            "family_autoimmune": "yes",
            "family_conditions": ["graves"],
            "relatives": ["parent"],
            "own_conditions": ["none"],
            "change": "1",
            "action": "continue",
        },
    )
    assert response.headers["Location"] == "/check"
    assert "Thyroid disease runs in my family." in text_of(client.get("/results"))


def test_red_flag_replaces_the_list_with_urgent_help(client):
    response = client.post(
        "/step/start",
        data={**QUIET["start"], "red_flags": ["chest_pain"], "action": "continue"},
    )
    assert response.headers["Location"] == "/results"
    page = text_of(client.get("/results"))
    assert "Get medical help now" in page
    assert "Emergency: call 911 or your local emergency number." in page
    assert "988 Suicide & Crisis Lifeline" in page
    assert "Your questions" not in page and "Download PDF" not in page
    assert client.get("/results.pdf").headers["Location"] == "/results"
    assert client.get("/check").headers["Location"] == "/results"


def test_under_18_gets_a_kind_page(client):
    client.post("/step/start", data={**QUIET["start"], "age": "15", "action": "continue"})
    page = text_of(client.get("/results"))
    assert "This tool is for adults" in page
    assert "Your questions" not in page


def test_results_before_finishing_go_to_the_first_missing_step(client):
    complete(client, {"start": QUIET["start"]})
    assert client.get("/results").headers["Location"] == "/step/sun"
    assert client.get("/check").headers["Location"] == "/step/sun"


def test_tampered_stored_answer_sends_the_person_back_to_fix_it(client):
    complete(client, QUIET)
    with client.session_transaction() as session:
        stored = session["answers"]
        stored["s"]["sun"]["outdoor_time"] = ["forever"]
        session["answers"] = stored
    assert client.get("/results").headers["Location"] == "/step/sun"
    assert "Select one of the answers shown" in text_of(client.get("/step/sun"))


def test_answers_from_another_version_ask_to_start_again(client):
    complete(client, QUIET)
    with client.session_transaction() as session:
        session["answers"] = {**session["answers"], "q": ["vitamin-d-magnesium-immune", "0.0.1"]}
    response = client.get("/step/sun")
    assert response.status_code == 400
    assert "Please start again" in text_of(response)
    assert client.post("/clear").headers["Location"] == "/?cleared=1"
    assert client.get("/step/sun").headers["Location"] == "/step/start"


def test_clear_my_answers(client):
    complete(client, QUIET)
    client.post("/clear")
    assert "Your answers have been cleared." in text_of(client.get("/?cleared=1"))
    assert client.get("/results").headers["Location"] == "/step/start"


def test_answers_never_appear_in_a_url(client):
    marker = "zebra-marker-417"
    answers = persona(QUIET, own={"own_question": marker})
    url, locations = "/step/start", []
    while url.startswith("/step/"):
        step_id = url.rsplit("/", 1)[-1]
        response = client.post(url, data={**answers[step_id], "action": "continue"})
        url = response.headers["Location"]
        locations.append(url)
    assert all(re.fullmatch(r"/step/[a-z_]+|/check|/results", u) for u in locations)
    page = client.get("/results").get_data(as_text=True)
    assert marker in page
    assert marker not in " ".join(re.findall(r'(?:href|src|action)="([^"]*)"', page))


def test_no_answer_is_ever_logged(client, caplog):
    import logging

    marker = "walrus-marker-905"
    answers = persona(QUIET, own={"own_question": marker}, start={"age": "77"})
    with caplog.at_level(logging.DEBUG):
        complete(client, answers)
        client.get("/check")
        client.get("/results")
        client.post("/step/start", data={"age": marker, "action": "continue"})
        with client.session_transaction() as session:
            session["answers"] = {**session["answers"], "q": ["other", marker]}
        client.get("/results")
    assert caplog.records  # logging was captured
    assert marker not in caplog.text


def test_pages_with_answers_are_never_cached(client):
    complete(client, QUIET)
    for url in ["/step/sun", "/check", "/results"]:
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store"
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_script_in_an_answer_is_shown_as_text(client):
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)> {{7*7}} {0.__class__} %s'
    complete(client, persona(QUIET, own={"own_question": hostile}))
    for url in ["/check", "/results"]:
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert hostile in text_of(client.get(url))


def test_csrf_protects_steps_and_an_expired_page_keeps_its_answers():
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/step/start").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    ok = client.post(
        "/step/start", data={**QUIET["start"], "csrf_token": token, "action": "continue"}
    )
    assert ok.headers["Location"] == "/step/sun"
    bad = client.post("/step/sun", data={**QUIET["sun"], "action": "continue"})
    assert bad.status_code == 200
    assert "This page was open for a long time or in another tab." in text_of(bad)
    assert re.search(r'value="over_60"\s+checked', bad.get_data(as_text=True))


def test_unknown_step_is_a_friendly_404(client):
    response = client.get("/step/nope")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_wrong_method_is_a_friendly_405(client):
    response = client.post("/check")
    assert response.status_code == 405
    assert "That did not work" in text_of(response)


def test_oversized_post_is_a_friendly_413(client):
    response = client.post("/step/own", data={"own_question": "x" * 70_000})
    assert response.status_code == 413
    assert "That was too much to send" in text_of(response)


hostile_values = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        ["1e309", "NaN", "-inf", "-0", "０９", "٣", "0x1F", "5e2", "\x00", "\u202e12", "\ufeff7"]
        + ["9" * 400, "[]", "{}", "yes\r\nSet-Cookie: x=1", "%00", "../../etc/passwd", " "]
    ),
)
form_posts = st.lists(
    st.tuples(
        st.sampled_from(
            ["age", "red_flags", "pregnant", "kidney", "action", "change", "csrf_token", "x"]
        ),
        hostile_values,
    ),
    max_size=12,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pairs=form_posts)
def test_any_post_to_a_step_gives_a_page_never_a_500(client, pairs):
    response = client.post("/step/start", data=MultiDict(pairs))
    assert response.status_code in (200, 302, 400, 413)
    if response.status_code == 200:
        assert "There is a problem" in text_of(response)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    step=st.sampled_from(
        ["sun", "food_d", "food_mg", "wellbeing", "family", "medicines", "gut", "tests", "own"]
    ),
    pairs=form_posts,
)
def test_hostile_posts_to_later_steps_never_break_the_flow(client, step, pairs):
    complete(client, QUIET)
    response = client.post(f"/step/{step}", data=MultiDict(pairs))
    assert response.status_code in (200, 302, 400, 413)
    assert client.get("/check").status_code in (200, 302)


def test_a_whole_step_is_skipped_and_its_answers_dropped():
    from .conftest import DATA

    client = make_app(QUESTIONNAIRE=str(DATA / "skip_step.yaml")).test_client()
    client.post("/step/first", data={"smoker": "yes", "action": "continue"})
    assert "Step 2 of 3" in text_of(client.get("/step/smoking"))
    client.post("/step/smoking", data={"per_day": "20", "action": "continue"})
    client.post("/step/last", data={"action": "continue"})
    assert "I smoke 20 a day. Can you help me stop?" in text_of(client.get("/results"))

    response = client.post("/step/first", data={"smoker": "no", "action": "continue"})
    assert response.headers["Location"] == "/step/last"  # the smoking step no longer applies
    assert "Step 2 of 2" in text_of(client.get("/step/last"))
    assert client.get("/step/smoking").headers["Location"] == "/step/last"
    client.post("/step/last", data={"action": "continue"})
    page = text_of(client.get("/results"))
    assert "I smoke" not in page
    assert "How many a day?" not in text_of(client.get("/check"))


def test_results_show_the_food_estimate_in_words_and_as_bars(client):
    complete(client, persona(QUIET, start={"sex": "prefer_not"}))
    html = client.get("/results").get_data(as_text=True)
    assert "Your vitamin D and magnesium from food" in html
    assert "This is a rough guess from a few questions, not a measure." in html
    assert "Vitamin D: about 245 IU a day from food" in html
    assert "Daily amount for adults like you: 600 IU (black line)" in html
    assert "Magnesium: about 177 mg a day from food" in html
    assert "Daily amount for adults like you: 320 to 420 mg (black box)" in html  # sex not given
    # bars on a 320-wide scale that ends at 1.25 × the larger figure: 245 / 750 of 320
    assert '<rect x="0" y="8" width="104.6"' in html
    assert "Foods that give vitamin D and magnesium" in html
    assert "Mushrooms grown in UV light, half a cup" in html


def test_a_step_nobody_has_answered_is_rendered_once_and_kept_without_answers():
    app = make_app()  # its own, so the kept pages are only this test's
    client = app.test_client()
    flows = app.extensions["selfcheck"].flows
    complete(client, {"start": QUIET["start"]})
    first = client.get("/step/sun").get_data(as_text=True)
    assert client.get("/step/sun").get_data(as_text=True) == first
    kept = flows[(None, "en")].blank_fields
    assert [key[0] for key in kept] == ["sun"]
    assert 'value="over_60" checked' not in first

    # an error page and an answered page are rendered afresh and never kept
    wrong = client.post("/step/sun", data={"outdoor_time": "over_60", "action": "continue"})
    assert "Select an answer to" in text_of(wrong)
    assert 'value="over_60" checked' in wrong.get_data(as_text=True)
    complete(client, {"sun": QUIET["sun"]}, start="/step/sun")
    again = client.get("/step/sun").get_data(as_text=True)
    assert 'value="over_60" checked' in again
    cached = "".join(kept.values())
    assert "checked" not in cached and "Select an answer" not in cached

    # each language has its own
    spanish = text_of(client.get("/step/food_d?lang=es"))
    assert "pescado" in spanish.lower()
    assert "pescado" not in "".join(kept.values()).lower()


def test_questions_beyond_the_cap_stay_reachable_below_the_list():
    client = make_app(MAX_PROMPTS=2).test_client()
    complete(client, OLDER_INDOORS)
    html = client.get("/results").get_data(as_text=True)
    listed, beyond = html.split('<details class="more-questions">', 1)
    below = re.findall(r'<p class="prompt-text">', beyond)
    assert len(re.findall(r'<p class="prompt-text">', listed)) == 2
    assert f"<summary>{len(below)} more questions</summary>" in beyond
    assert '<ol class="prompt-list" start="3">' in beyond
    assert "less important" not in html
