"""A person saves half-way, closes the browser, comes back days later with the file and
finishes — in Chromium, as they would."""

import json

import pytest
from playwright.sync_api import expect

from ..personas import OLDER_INDOORS
from .conftest import PHONE
from .test_flow import answer_by_id

pytestmark = pytest.mark.browser


def test_save_halfway_close_the_browser_come_back_with_the_file_and_finish(
    browser, live_server, shoot, tmp_path
):
    first = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = first.new_page()
    page.goto(live_server + "/")
    page.get_by_role("link", name="Start now").click()
    for _ in range(3):  # three steps done
        step_id = page.url.rsplit("/", 1)[-1]
        answer_by_id(page, OLDER_INDOORS[step_id])
        page.get_by_role("button", name="Continue").click()
    expect(page.locator(".progress-text")).to_have_text("Step 4 of 10")
    answer_by_id(page, {"nuts_seeds": "daily"})  # the fourth half-done
    shoot(page, "30-save-my-answers")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Save my answers").click()
    download = download_info.value
    assert download.suggested_filename.startswith("my-answers-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    content = json.loads(saved.read_text())
    assert content["answers"]["age"] == 72 and content["answers"]["nuts_seeds"] == "daily"
    first.close()  # the browser is closed: the cookie is gone with it

    later = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = later.new_page()
    page.goto(live_server + "/")
    expect(page.get_by_role("link", name="Start now")).to_be_visible()  # nothing remembered
    page.get_by_label("Your saved answers file").set_input_files(str(saved))
    shoot(page, "31-continue-from-a-file")
    page.get_by_role("button", name="Continue from this file").click()
    expect(page.locator(".progress-text")).to_have_text("Step 4 of 10")
    expect(page.locator("#nuts_seeds-daily")).to_be_checked()
    expect(page.locator(".error-summary")).to_have_count(0)
    while "/step/" in page.url:
        step_id = page.url.rsplit("/", 1)[-1]
        answer_by_id(page, OLDER_INDOORS[step_id])
        page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers")
    expect(page.locator("main")).to_contain_text("72 years")
    page.get_by_role("link", name="Show my questions").click()
    expect(page.locator("main")).to_contain_text("Should my magnesium be checked?")
    later.close()


def test_a_wrong_file_is_explained_next_to_the_field(page, live_server, tmp_path, shoot):
    wrong = tmp_path / "holiday.json"
    wrong.write_text('{"photos": 12}')
    page.goto(live_server + "/")
    page.get_by_label("Your saved answers file").set_input_files(str(wrong))
    page.get_by_role("button", name="Continue from this file").click()
    expect(page).to_have_title("Error: Start – Questions for your clinician")
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#answers_file-error")).to_contain_text(
        "This file is not a saved answers file."
    )
    shoot(page, "32-wrong-file")
    page.locator(".error-summary a").click()
    expect(page.get_by_label("Your saved answers file")).to_be_focused()
