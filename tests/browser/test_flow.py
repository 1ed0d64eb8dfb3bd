"""A person on a phone clicks through the whole questionnaire in Chromium and gets the PDF."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from selfcheck.questionnaire import load

from ..conftest import FIXTURE
from ..personas import OLDER_INDOORS, QUIET, persona
from .conftest import PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

QUESTIONNAIRE = load(FIXTURE / "questions.yaml").first


def choose(page, question, answer):
    """Click the label of an answer inside the question's group, as a person would."""
    group = page.locator("fieldset", has=page.locator("legend", has_text=question))
    group.get_by_label(answer, exact=True).check()


def answer_first_step(page, age, right_now):
    page.get_by_label("How old are you?").fill(age)
    choose(page, "Do you have any of these right now?", right_now)
    choose(page, "What sex were you given at birth?", "Female")
    choose(page, "Are you pregnant or breastfeeding?", "Neither")
    choose(page, "Do you have kidney disease", "No")
    continue_(page)


def continue_(page):
    with page.expect_navigation():  # every Continue sends the form: wait for the next page
        page.get_by_role("button", name="Continue").click()


def test_whole_flow_on_a_phone_with_the_pdf(page, live_server, shoot, tmp_path):
    page.goto(live_server + "/")
    shoot(page, "01-start")
    page.get_by_role("link", name="Start now").click()

    expect(page.locator(".progress-text")).to_have_text("Step 1 of 10")
    continue_(page)  # nothing answered: errors
    expect(page).to_have_title(re.compile(r"^Error: Before we start"))
    expect(page.locator(".error-summary")).to_be_focused()
    shoot(page, "02-step-errors")
    page.locator(".error-summary a", has_text="Enter your age").click()
    expect(page.get_by_label("How old are you?")).to_be_focused()

    answer_first_step(page, "72", "None of these")

    expect(page.locator("h1")).to_have_text("Sun")
    choose(page, "how long are you outside", "Less than 15 minutes")
    page.get_by_role("button", name="Back").click()  # Back keeps the page's answers
    expect(page.get_by_label("How old are you?")).to_have_value("72")
    continue_(page)
    expect(page.get_by_label("Less than 15 minutes")).to_be_checked()
    choose(page, "do clothes cover", "No")
    choose(page, "How far from the equator", "In between (like the southern US)")
    choose(page, "indoors most of the time", "Yes")
    choose(page, "strong sun", "I prefer not to say")
    shoot(page, "03-step-sun")
    continue_(page)

    answer_by_id(page, OLDER_INDOORS["food_d"])
    choose(page, "salmon or trout", "Rarely or never")
    continue_(page)
    answer_by_id(page, OLDER_INDOORS["food_mg"])
    continue_(page)

    expect(page.locator(".progress-text")).to_have_text("Step 5 of 10")
    choose(page, "how stressed", "4")
    choose(page, "condition linked to stress", "No")
    page.get_by_label("How many hours do you usually sleep").fill("7.5")
    choose(page, "feeling rested", "Usually")
    shoot(page, "04-step-scale")
    continue_(page)

    conditions = page.locator("#question-family_conditions")
    expect(conditions).to_be_hidden()  # revealed only when it applies (script on)
    choose(page, "blood relative", "Yes")
    expect(conditions).to_be_visible()
    page.get_by_label("Hashimoto's thyroiditis (an underactive thyroid)").check()
    page.get_by_label("A parent", exact=True).check()
    page.locator("#own_conditions-none").check()
    continue_(page)

    choose(page, "Do you take vitamin D?", "No")
    choose(page, "Do you take magnesium?", "No")
    choose(page, "Do you take calcium or iron?", "Neither")
    page.get_by_label("A stomach-acid medicine (PPI), like omeprazole").check()
    choose(page, "How long have you taken", "More than a year")  # revealed by the check
    choose(page, "weight-loss surgery", "No")
    continue_(page)

    none_gut = page.locator("#gut_conditions-none")
    page.get_by_label("Celiac disease").check()
    none_gut.check()  # "None of these" unticks the others
    expect(page.get_by_label("Celiac disease")).not_to_be_checked()
    answer_by_id(page, OLDER_INDOORS["gut"])
    continue_(page)

    choose(page, "blood test for vitamin D", "No")
    choose(page, "blood test for magnesium", "No")
    answer_by_id(page, {"wants_test": OLDER_INDOORS["tests"]["wants_test"]})
    continue_(page)

    page.get_by_label("Is there anything else you want to ask your clinician?").fill(
        "Can my tiredness be <b>checked</b>?"
    )
    continue_(page)

    expect(page.locator("h1")).to_have_text("Check your answers")
    shoot(page, "05-check-answers")
    page.get_by_role(
        "link", name="Change your answer to: How often do you eat salmon or trout"
    ).click()
    choose(page, "salmon or trout", "Twice a week or more")
    continue_(page)
    expect(page.locator("h1")).to_have_text("Check your answers")
    expect(page.locator("main")).to_contain_text("Twice a week or more")
    page.get_by_role("link", name="Show my questions").click()

    expect(page.locator("h1")).to_have_text("Questions to ask your clinician")
    items = page.locator(".prompt-list .prompt-text")
    expect(items.first).to_contain_text("stomach-acid medicine (PPI)")
    expect(items.nth(1)).to_contain_text("I get little sun.")
    expect(page.locator("main")).to_contain_text(
        "I also want to ask: Can my tiredness be <b>checked</b>?"
    )
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    page.locator("details.more summary").first.click()
    expect(page.locator("details.more").first).to_contain_text("NIH Office of Dietary Supplements")
    shoot(page, "06-results")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()
    download = info.value
    assert re.fullmatch(
        r"questions-for-my-clinician-\d{4}-\d{2}-\d{2}\.pdf", download.suggested_filename
    )
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    text = re.sub(r"\s+", " ", text)
    assert "I'm over 70 and I get little sun." in text
    assert "Thyroid disease runs in my family." in text


def test_red_flag_shows_urgent_help(page, live_server, shoot):
    page.goto(live_server + "/step/start")
    answer_first_step(page, "40", "Chest pain")
    expect(page.locator("h1")).to_have_text("Get medical help now")
    expect(page.locator("main")).to_contain_text("Emergency: call 911")
    expect(page.get_by_role("link", name="Download PDF")).to_have_count(0)
    shoot(page, "07-urgent")


def test_no_page_scrolls_sideways_on_a_phone(page, live_server):
    for url in ["/", "/step/start", "/step/nope"]:
        page.goto(live_server + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (url, width)
    answers = persona(
        OLDER_INDOORS,
        tests={
            "vitd_tested": "yes",
            "vitd_result_unit": "unknown",
            "mg_tested": "yes",
            "abnormal": "no",
        },  # fmt: skip
        own={"own_question": "W" * 300},  # the longest answer, with nowhere to break
    )
    page.goto(live_server + "/step/start")
    for _ in range(len(QUESTIONNAIRE.steps)):
        step_id = page.url.rsplit("/", 1)[-1].split("?")[0]
        answer_by_id(page, answers[step_id])
        continue_(page)
    expect(page.locator("h1")).to_have_text("Check your answers")
    for url in [f"/step/{step.id}" for step in QUESTIONNAIRE.steps] + ["/check", "/results"]:
        page.goto(live_server + url)
        page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (url, width)


def answer_by_id(page, answers):
    """Fill a step from a persona's answers, finding each input by its id."""
    for question, value in answers.items():
        for one in value if isinstance(value, list) else [value]:
            box = page.locator(f"#{question}-{one}")
            if box.count():
                box.check()
            else:
                page.locator(f"#{question}").fill(one)


def test_whole_flow_without_javascript(browser, live_server, tmp_path, shoot):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True, viewport=PHONE)
    page = context.new_page()
    answers = persona(OLDER_INDOORS, own={"own_question": "No script here"})
    page.goto(live_server + "/")
    page.get_by_role("link", name="Start now").click()
    while "/step/" in page.url:
        step_id = page.url.rsplit("/", 1)[-1].split("?")[0]
        if step_id == "family":  # without a script, the follow-up is always on the page
            expect(page.get_by_text("Which conditions do they have?")).to_be_visible()
        answer_by_id(page, answers[step_id])
        page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers")
    page.get_by_role("link", name="Show my questions").click()
    expect(page.locator("main")).to_contain_text("I get little sun.")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()  # needs the script
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()
    path = tmp_path / "no-js.pdf"
    info.value.save_as(path)
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Thyroid disease runs in my family." in text
    context.close()


def test_printing_the_results_gives_a_clean_page(page, live_server):
    page.goto(live_server + "/step/start")
    answer_by_id(page, QUIET["start"])
    continue_(page)
    for step_id in [
        "sun",
        "food_d",
        "food_mg",
        "wellbeing",
        "family",
        "medicines",
        "gut",
        "tests",
        "own",
    ]:
        answer_by_id(page, persona(QUIET, sun={"outdoor_time": "under_15"})[step_id])
        continue_(page)
    page.goto(live_server + "/results")
    page.emulate_media(media="print")
    for hidden in [".site-header", ".site-footer", "[data-print]", "details.answers"]:
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".notes").first).to_be_visible()  # space for notes on paper
    page.pdf(path=str(SCREENSHOTS / "08-printed-results.pdf"))
