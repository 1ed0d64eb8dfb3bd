"""Fixtures in the flaskr style: the app, its client and CLI runner; shared page readers."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import jinja2
import pytest
from flask import Flask

from selfcheck import create_app, engine
from selfcheck.pdf import PdfRenderer
from selfcheck.pdf_tags import TIDY
from selfcheck.questionnaire import load

from .personas import complete

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
# The engine's tests run on questionnaires in tests/data, never on the shipped file: this one
# is a frozen copy of questions.yaml and its demo clinic (0.3.0). Replacing questions.yaml
# fails only the content tests (tests/content/). Set for servers the tests start, too.
FIXTURE = DATA / "vitamin_d"
ENGINE_SETTINGS = {
    "QUESTIONNAIRE": str(FIXTURE / "questions.yaml"),
    "CLINICS": str(FIXTURE / "clinics"),
}
ENGINE_ENV = {f"SELFCHECK_{key}": value for key, value in ENGINE_SETTINGS.items()}
os.environ.update(ENGINE_ENV)


# Property tests try fewer examples in the fast loop on a laptop than in CI (where CI is set,
# as .ci/run and GitHub Actions set it): the same tests, a quarter of the cases.
EXAMPLE_SCALE = 1.0 if os.environ.get("CI") else 0.25


def examples(count: int) -> int:
    """How many examples a property test with `count` in CI tries here."""
    return max(10, int(count * EXAMPLE_SCALE))


def some_of(items, every: int | None = None):
    """All of `items` where CI is set; in the fast loop, an even spread of them (a quarter,
    or one in `every`), the same ones every run."""
    items = list(items)
    return items if EXAMPLE_SCALE == 1 else items[:: every or round(1 / EXAMPLE_SCALE)]


def across(firsts, seconds) -> list[tuple]:
    """Every pair where CI is set; in the fast loop, each of `firsts` once, with each of
    `seconds` in turn (each person once, the languages alternating)."""
    firsts, seconds = list(firsts), list(seconds)
    if EXAMPLE_SCALE == 1:
        return [(first, second) for first in firsts for second in seconds]
    return [(first, seconds[i % len(seconds)]) for i, first in enumerate(firsts)]


def bare_environment() -> dict[str, str]:
    """This process's environment without SELFCHECK_* settings, but for the engine's fixture
    questionnaire: how a command runs with its defaults in these tests."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("SELFCHECK_")}
    return {**kept, **ENGINE_ENV}


def _digest(*paths: Path) -> str:
    """What is in these files and folders (names and bytes): a key that changes when a
    test writes another questionnaire or clinic, whatever the clock says."""
    found = hashlib.sha256()
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in (f for f in files if f.is_file()):
            found.update(str(file).encode() + b"\0" + file.read_bytes() + b"\0")
    return found.hexdigest()


# Building an app loads and checks the questionnaire and every clinic (0.1–0.2 s); the
# tests build hundreds of apps from the same few files, so each set of files is read once per
# test process. The questionnaires are frozen models, so apps may share them; a file that
# fails is read again (and fails again). Tests of loading call the loaders themselves.
_loaded: dict = {}


def _load_once(path, *rest):
    key = (str(path), rest, _digest(Path(path)))
    if key not in _loaded:
        _loaded[key] = _load(path, *rest)
    return _loaded[key]


def _load_clinics_once(path, static, root, name, display_root=None, elsewhere=None):
    # `root` is always a definition _load_once keeps, so its id is never another's
    key = (
        "clinics",
        str(path),
        str(static),
        id(root),
        name,
        str(display_root),
        _digest(Path(path)),
    )
    if key not in _loaded:
        reported: list = []
        _loaded[key] = _load_clinics(path, static, root, name, display_root, reported), reported
    profiles, reported = _loaded[key]
    if elsewhere is not None:
        elsewhere.extend(reported)
    return profiles


_load, _load_clinics = engine.load, engine.load_clinics
engine.load, engine.load_clinics = _load_once, _load_clinics_once


class _CompiledTemplates(jinja2.BytecodeCache):
    """Every app of a test process compiles the same templates (a tenth of the fast loop's
    time); this keeps each compiled once. Jinja checks each template's source against the
    copy it compiled, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": _CompiledTemplates()}


# Many tests download the same person's PDF (the same HTML, paper and words) from apps of
# their own; WeasyPrint makes the same PDF from the same input, so each is made once per test
# process (tidied tags or WeasyPrint's own: pdf_tags.TIDY). A test that replaces `render`
# (a slow or failing renderer) still gets its own.
_made: dict = {}
_render = PdfRenderer.render


def _render_once(self, html, *args, **kwargs):
    if self.styles is not self.other_styles("pdf.css"):  # a test's own stylesheet
        return _render(self, html, *args, **kwargs)
    key = (self.static_dir, self.paper_size, TIDY.get(), html, args, tuple(sorted(kwargs.items())))
    if key not in _made:
        _made[key] = _render(self, html, *args, **kwargs)
    return _made[key]


PdfRenderer.render = _render_once

# Each app's renderer parses pdf.css and pdf-large.css again (a few hundredths of a second,
# hundreds of apps): parsed once per test process, as long as the file is the same.
_parsed: dict = {}
_other_styles = PdfRenderer.other_styles.__wrapped__


def _other_styles_once(self, name):
    key = (self.static_dir, name, _digest(self.static_dir / name))
    if key not in _parsed:
        _parsed[key] = _other_styles(self, name)
    return _parsed[key]


PdfRenderer.other_styles = _other_styles_once


def make_app(**overrides):
    config = {
        "ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "PDF_WARM_UP": False,
        "PDF_RATE_LIMIT": "1000 per minute",  # tests download many PDFs; one test checks the limit
        **ENGINE_SETTINGS,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def shared_app():
    """One app for every test that does not change its configuration: read-only (each test
    gets its own client, so its own cookies)."""
    return make_app()


@pytest.fixture
def app(shared_app):
    return shared_app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def questionnaire():
    return load(FIXTURE / "questions.yaml").first


@pytest.fixture
def finish(client):
    """Answer every step with a persona's answers; returns the last response."""

    def run(answers):
        return complete(client, answers)

    return run
