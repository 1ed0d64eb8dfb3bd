"""Two app instances behind a real nginx doing round-robin, rate limits shared through a
real Redis server: one person's requests alternate between the instances and nothing
breaks, because the answers travel with the browser and the limiter counts in Redis."""

from __future__ import annotations

from itertools import pairwise

import pytest

from bench.harness import Gunicorn, Nginx, Patient, Redis

from .personas import QUIET, persona

pytestmark = pytest.mark.load


@pytest.fixture(scope="module")
def cluster():
    with Redis() as redis:
        settings = {
            "proxies": "1",
            "trusted_hosts": '["127.0.0.1"]',
            "ratelimit_storage_uri": redis.uri,
            "pdf_rate_limit": "3 per minute",
        }
        with Gunicorn(workers=1, **settings) as one, Gunicorn(workers=1, **settings) as two:
            with Nginx([one.url, two.url]) as nginx:
                yield (
                    nginx,
                    redis,
                    {one.url.removeprefix("http://"), two.url.removeprefix("http://")},
                )


def test_a_flow_whose_requests_alternate_between_two_instances(cluster):
    nginx, _, instances = cluster
    marker = "Heron-Basalt-2204"
    patient = Patient(nginx.url, persona(QUIET, own={"own_question": marker}), marker)
    pdf = patient.complete_session()  # CSRF tokens and cookies made by one, read by the other
    assert pdf.startswith(b"%PDF")
    assert set(patient.upstreams) == instances
    assert all(a != b for a, b in pairwise(patient.upstreams))
    assert len(patient.upstreams) >= 20 and patient.errors == []


def test_the_pdf_limit_is_counted_once_across_instances(cluster):
    nginx, redis, instances = cluster
    marker = "Lichen-Cobalt-5120"
    redis.cli("FLUSHALL")  # forget the PDFs of the other tests
    patient = Patient(nginx.url, persona(QUIET, own={"own_question": marker}), marker)
    patient.complete_session()  # PDF 1 of 3
    before = len(patient.upstreams)
    statuses = [patient._send("GET", "/results.pdf", None).status for _ in range(4)]
    served_by = patient.upstreams[before:]
    assert statuses == [200, 200, 429, 429]
    # refused by both instances: with counts kept per instance, neither would be over 3 yet
    assert set(served_by[2:]) == instances
    assert any(key.startswith("LIMITS") for key in redis.keys())
