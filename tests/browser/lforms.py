"""LHC-Forms, a FHIR form client nobody here wrote, installed from npm and driven in Chromium.

The npm package `lforms` ships its packaged browser build in dist/lforms/; its README
("Using the LHC-Forms Web Component") lists the files a plain web page includes:
webcomponent/styles.css, webcomponent/assets/lib/zone.min.js, webcomponent/runtime.js,
webcomponent/polyfills.js, webcomponent/main.js, and one FHIR support file
(fhir/R4/lformsFHIR.min.js). They are served from loopback with the page; nothing comes from
a CDN.

`npm install` runs with --omit=peer --ignore-scripts (the packaged build needs no Angular
peers and no install scripts) and --legacy-peer-deps (without it npm spends minutes
resolving those peers it then leaves out). It installs into .cache/lforms-VERSION/ (ignored by
git) once; a failed install fails the test, it never skips.
"""

from __future__ import annotations

import fcntl
import functools
import json
import re
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ..conftest import ROOT

LFORMS_VERSION = "40.1.3"
CACHE = ROOT / ".cache" / f"lforms-{LFORMS_VERSION}"
SCRIPTS = [
    "lforms/webcomponent/assets/lib/zone.min.js",
    "lforms/webcomponent/runtime.js",
    "lforms/webcomponent/polyfills.js",
    "lforms/webcomponent/main.js",
    "lforms/fhir/R4/lformsFHIR.min.js",
]
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LHC-Forms</title>
<link rel="icon" href="data:,">
<link href="lforms/webcomponent/styles.css" rel="stylesheet">
</head><body><div id="form"></div>
{scripts}
</body></html>
"""
ITEM_ID = re.compile(r"^item-(.+?)((?:/\d+)+)$")


def install() -> Path:
    """The packaged browser build of LHC-Forms LFORMS_VERSION, installed from npm if needed
    (one install at a time, when several test processes ask at once)."""
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with open(CACHE.parent / f".lforms-{LFORMS_VERSION}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _installed()


def _installed() -> Path:
    package = CACHE / "node_modules" / "lforms"
    dist = package / "dist" / "lforms"
    if not all((dist / name.removeprefix("lforms/")).is_file() for name in SCRIPTS):
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm not found: run `make install-dev` (apt-get install npm)")
        CACHE.mkdir(parents=True, exist_ok=True)
        (CACHE / "package.json").write_text('{"private": true}\n')
        command = [npm, "install", f"lforms@{LFORMS_VERSION}", "--omit=peer", "--ignore-scripts",
                   "--legacy-peer-deps", "--no-audit", "--no-fund"]  # fmt: skip
        done = subprocess.run(command, cwd=CACHE, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            pytest.fail(f"npm could not install lforms@{LFORMS_VERSION}:\n{done.stderr[-3000:]}")
    version = json.loads((package / "package.json").read_text())["version"]
    if version != LFORMS_VERSION:
        pytest.fail(f"npm installed lforms {version}, not {LFORMS_VERSION}")
    return dist


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(folder: Path, dist: Path):
    """A loopback server for the test page and the LHC-Forms build; yields its page URL."""
    (folder / "lforms").symlink_to(dist, target_is_directory=True)
    scripts = "\n".join(f'<script src="{src}"></script>' for src in SCRIPTS)
    (folder / "index.html").write_text(PAGE.format(scripts=scripts))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=folder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/index.html"
    finally:
        server.shutdown()


class Form:
    """One Chromium page with LHC-Forms loaded, and what it logged."""

    def __init__(self, page, url: str):
        self.page = page
        self.messages: list[tuple[str, str]] = []
        page.on("console", lambda m: self.messages.append((m.type, m.text)))
        page.on("pageerror", lambda error: self.messages.append(("pageerror", str(error))))
        page.goto(url)
        page.wait_for_function(
            "() => !!(window.LForms && LForms.Util && LForms.Util.addFormToPage)"
        )

    @property
    def errors(self) -> list[str]:
        return [text for kind, text in self.messages if kind in ("error", "pageerror")]

    @property
    def warnings(self) -> list[str]:
        return [text for kind, text in self.messages if kind == "warning"]

    def render(self, questionnaire: dict, response: dict | None = None) -> None:
        """Show a Questionnaire, with a QuestionnaireResponse's answers merged in."""
        self.page.evaluate(
            """async ([questionnaire, response]) => {
                const element = document.getElementById('form');
                element.innerHTML = '';
                let form = questionnaire;
                if (response) {
                    const util = LForms.Util;
                    const lforms = util.convertFHIRQuestionnaireToLForms(questionnaire, 'R4');
                    form = util.mergeFHIRDataIntoLForms(
                        'QuestionnaireResponse', response, lforms, 'R4');
                }
                await LForms.Util.addFormToPage(form, element, {prepopulate: false});
            }""",
            [questionnaire, response],
        )
        self.page.wait_for_selector("lhc-item")

    def shown(self) -> set[str]:
        """The linkIds of the items on the page (LHC-Forms leaves disabled ones out)."""
        ids = self.page.evaluate("() => [...document.querySelectorAll('lhc-item')].map(e => e.id)")
        return {match.group(1) for match in map(ITEM_ID.match, ids) if match}

    def item_id(self, link: str) -> str:
        """The element id LHC-Forms gives a question directly inside a top-level group."""
        return f"{link}/1/1"

    def element(self, element_id: str):
        return self.page.locator(f'[id="{element_id}"]')

    def tick(self, link: str, code: str) -> None:
        self.element(f"{self.item_id(link)}||{code}").click()

    def choose_boolean(self, link: str, value: bool) -> None:
        self.element(f"{self.item_id(link)}|{str(value).lower()}").click()

    def type(self, link: str, text: str) -> None:
        field = self.element(self.item_id(link))
        field.fill(text)
        field.press("Tab")

    def checked(self, link: str, code: str) -> bool:
        label = self.element(f"{self.item_id(link)}||{code}")
        classes = label.get_attribute("class") or ""
        return "ant-radio-wrapper-checked" in classes or "ant-checkbox-wrapper-checked" in classes

    def boolean_checked(self, link: str, value: bool) -> bool:
        label = self.element(f"{self.item_id(link)}|{str(value).lower()}")
        return "ant-radio-wrapper-checked" in (label.get_attribute("class") or "")

    def typed(self, link: str) -> str:
        return self.element(self.item_id(link)).input_value()

    def export(self) -> dict:
        """The answers as LHC-Forms writes them: a FHIR R4 QuestionnaireResponse."""
        return self.page.evaluate(
            "() => LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', "
            "document.getElementById('form'))"
        )
