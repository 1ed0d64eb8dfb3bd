"""Many patients at once against gunicorn, and a worker killed in the middle of it: every
session completes (the answers live in each patient's cookie, not in a worker), with no
failed request under plain load and at most the ones the killed worker held (one per thread).

Shortened runs of `python -m bench.load` (the README's "Deploying" shows the full ones)."""

from __future__ import annotations

import pytest

from bench.harness import Gunicorn, run_load
from bench.load import UNLIMITED, answers_for, killer

pytestmark = pytest.mark.load


def test_many_patients_at_once_all_finish_without_an_error():
    with Gunicorn(workers=2, pdf_rate_limit=UNLIMITED) as server:
        report = run_load(server.url, answers_for, patients=8, seconds=8)
    print(report.table())
    assert report.lost == [] and report.errors == []
    assert report.completed >= 8  # every patient finished at least one whole session
    assert report.count("pdf") == report.completed  # one PDF made per session
    # the only refusals: PDFs, each a 503 with Retry-After, after which the patient waited
    assert all(r.startswith("GET /results.pdf: 503, Retry-After") for r in report.refusals)


def test_a_worker_killed_mid_load_loses_no_session():
    with Gunicorn(workers=2, pdf_rate_limit=UNLIMITED) as server:
        report = run_load(server.url, answers_for, patients=8, seconds=10, during=killer(server, 4))
        workers_after = server.worker_pids()
    print(report.table())
    assert report.events[0].startswith("t=4s SIGKILL to worker")
    assert report.events[1].startswith("gunicorn replaced it"), report.events
    assert len(workers_after) == 2
    assert report.lost == []  # every patient finished, after at most one try again
    # a worker holds a request per thread (gunicorn.conf.py: 4): those may fail, nothing else
    assert len(report.errors) <= 4, report.errors
