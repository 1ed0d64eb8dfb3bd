"""gunicorn as the README deploys it (the shipped gunicorn.conf.py): forwarded headers are
believed only as SELFCHECK_PROXIES says (issue 15, point 6), and two instances on one host
each get their own control socket (point 12)."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.harness import Gunicorn

pytestmark = pytest.mark.load

FORGED = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Protocol": "ssl",
    "X-Forwarded-Ssl": "on",
    "X-Forwarded-Host": "evil.example",
}


def send(port: int, method: str, path: str, headers: dict) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = b"" if method == "POST" else None
    headers = {"Content-Type": "application/x-www-form-urlencoded", **headers}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_forwarded_headers_from_a_client_are_ignored_without_proxies(tmp_path):
    env = {"XDG_RUNTIME_DIR": str(tmp_path)}
    with Gunicorn(workers=1, pdf_warm_up="false", demo_clinic="true", env=env) as app:
        page = send(app.port, "GET", "/", FORGED)
        assert page.status == 200
        assert page.getheader("Strict-Transport-Security") is None  # plain http: never pinned
        cleared = send(app.port, "POST", "/clear", {"SCRIPT_NAME": "//evil.example"})
        assert (cleared.status, cleared.getheader("Location")) == (302, "/?cleared=1")
        elsewhere = send(
            app.port, "POST", "//evil.example/clear", {"SCRIPT_NAME": "//evil.example"}
        )
        assert not (elsewhere.getheader("Location") or "").startswith("//evil.example")
        kit = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
        kit.request("GET", "/c/demo/embed", headers=FORGED)
        html = kit.getresponse().read().decode()
        assert f"http://127.0.0.1:{app.port}/static/embed.js" in html  # not https, not evil


def test_with_one_proxy_its_scheme_is_believed_and_script_name_still_is_not(tmp_path):
    env = {"XDG_RUNTIME_DIR": str(tmp_path)}
    with Gunicorn(workers=1, pdf_warm_up="false", proxies="1", env=env) as app:
        page = send(app.port, "GET", "/", {"X-Forwarded-Proto": "https"})
        assert page.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
        cleared = send(app.port, "POST", "/clear", {"SCRIPT_NAME": "//evil.example"})
        assert cleared.getheader("Location") == "/?cleared=1"


class BoundOnTheCommandLine(Gunicorn):
    """An instance given its address with --bind instead of SELFCHECK_BIND."""

    def command(self):
        args, env = super().command()
        env.pop("SELFCHECK_BIND")
        return [*args, "--bind", f"127.0.0.1:{self.port}"], env


@pytest.mark.parametrize("kind", [Gunicorn, BoundOnTheCommandLine])
def test_two_instances_on_one_host_each_have_their_own_control_socket(tmp_path, kind):
    env = {"XDG_RUNTIME_DIR": str(tmp_path)}
    with (
        kind(workers=1, pdf_warm_up="false", env=env) as one,
        kind(workers=1, pdf_warm_up="false", env=env) as two,
    ):
        for server in (one, two):
            path = tmp_path / f"selfcheck-127.0.0.1_{server.port}.ctl"
            for _ in range(100):  # the master opens it just after it starts its workers
                if path.exists():
                    break
                time.sleep(0.05)
            control = Path(sys.executable).parent / "gunicornc"
            stats = subprocess.run(
                [str(control), "-s", str(path), "-c", "show stats", "-j"],
                capture_output=True,
                text=True,
                timeout=30,
            )
            assert json.loads(stats.stdout)["pid"] == server.process.pid  # its own master
        assert len(list(tmp_path.glob("*.ctl"))) == 2
    assert list(tmp_path.glob("*.ctl")) == []  # each removed its own on the way out
