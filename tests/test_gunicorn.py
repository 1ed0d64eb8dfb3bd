"""The app as it runs in production — gunicorn, CSRF on, access log on — keeps no answer
in any log line, while a whole flow with distinctive answers and the PDF goes through it."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT
from .personas import QUIET, persona

DISTINCT = "Zebra-Quartz-7391"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    logs = {"access": tmp_path / "access.log", "error": tmp_path / "error.log"}
    env = {
        **os.environ,
        "SELFCHECK_SECRET_KEY": "x" * 64,
        "SELFCHECK_PDF_WARM_UP": "false",
        "SELFCHECK_BIND": f"127.0.0.1:{port}",
        "SELFCHECK_WORKERS": "2",
    }
    gunicorn_bin = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [
            str(gunicorn_bin),
            "wsgi:app",
            "--access-logfile",
            str(logs["access"]),
            "--error-logfile",
            str(logs["error"]),
            "--log-level",
            "debug",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise AssertionError("gunicorn did not start")
    yield url, logs
    process.terminate()
    process.wait(timeout=10)


def post_step(opener, url: str, answers: dict) -> str:
    page = opener.open(url).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    data = {**answers, "action": "continue"}
    if token:
        data["csrf_token"] = token.group(1)
    body = urllib.parse.urlencode(data, doseq=True).encode()
    return opener.open(urllib.request.Request(url, data=body)).geturl()


def test_a_whole_flow_under_gunicorn_logs_no_answer(gunicorn):
    base, logs = gunicorn
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    answers = persona(
        QUIET,
        start={"age": "61"},
        wellbeing={"sleep_hours": "6.25"},
        own={"own_question": DISTINCT},
    )
    url = base + "/step/start"
    for _ in range(15):
        step_id = url.rsplit("/", 1)[-1]
        url = post_step(opener, url, answers[step_id])
        if "/step/" not in url:
            break
    assert url.endswith("/check")
    results = opener.open(base + "/results").read().decode()
    assert f"I also want to ask: {DISTINCT}" in results
    pdf = opener.open(base + "/results.pdf").read()
    assert pdf.startswith(b"%PDF")
    time.sleep(0.5)  # let gunicorn flush its logs
    access = logs["access"].read_text()
    everything = access + logs["error"].read_text()
    assert "POST /step/own" in access and "GET /results.pdf" in access  # the log works
    for value in [DISTINCT, "6.25", "Zebra"]:
        assert value not in everything
