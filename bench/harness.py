"""Real servers on loopback, and simulated patients to send them.

The load, fault and scale-out checks (and the benchmark) must exercise what production
runs — gunicorn, nginx in front, a Redis server for the limiter — not the test client.
Each server here runs as a child process with its files in a temporary folder, on a free
port, and is stopped when its `with` block ends.

A `Patient` is a browser without JavaScript: it keeps the session cookie, reads the CSRF
token from each page, posts its answers step by step, reads the results and downloads the
PDF. Like a person who sees an error page, it tries a failed request once more; its
answers live in its cookie, so a server that died in between loses nothing. A "busy, try
again in N seconds" answer (503 with `Retry-After`) is not a failure: it is counted as a
refusal, and the patient waits that long and asks again, as the page tells people to.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"  # the shipped nginx, systemd and Redis files
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SECRET = secrets.token_hex(32)  # one key for every instance started by this process


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, what: str) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped at start-up (exit {process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{what} did not start listening on port {port}")


def need(program: str) -> str:
    path = shutil.which(program) or shutil.which(program, path="/usr/sbin:/usr/bin")
    if path is None:
        raise RuntimeError(f"{program} is not installed: run `make install-dev` (apt-get)")
    return path


class Server:
    """A child process listening on loopback; use it in a `with` block."""

    name = "server"

    def __init__(self) -> None:
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix=f"selfcheck-{self.name}-"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> tuple[list[str], dict[str, str]]:
        raise NotImplementedError

    def __enter__(self):
        args, env = self.command()
        log = open(self.folder / "output.log", "wb")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=log, stderr=log)
        wait_until_listening(self.port, self.process, self.name)
        return self

    def __exit__(self, *exc) -> None:
        assert self.process is not None
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def output(self) -> str:
        return (self.folder / "output.log").read_text(errors="replace")


class Gunicorn(Server):
    """The app under gunicorn with the shipped gunicorn.conf.py; `settings` become
    SELFCHECK_* variables. All instances of one test share one secret key."""

    name = "gunicorn"

    def __init__(
        self,
        workers: int = 2,
        secret: str = SECRET,
        args: tuple[str, ...] = (),
        app: str = "wsgi:app",
        env: dict[str, str] | None = None,
        **settings: str,
    ) -> None:
        super().__init__()
        self.workers, self.secret, self.settings, self.args = workers, secret, settings, args
        self.app, self.env = app, env or {}

    def command(self):
        env = {
            **os.environ,
            **self.env,
            "SELFCHECK_SECRET_KEY": self.secret,
            "SELFCHECK_BIND": f"127.0.0.1:{self.port}",
            "SELFCHECK_WORKERS": str(self.workers),
            "SELFCHECK_TRUSTED_HOSTS": '["127.0.0.1", "localhost"]',  # production needs them
            **{f"SELFCHECK_{k.upper()}": v for k, v in self.settings.items()},
        }
        return [str(Path(sys.executable).parent / "gunicorn"), self.app, *self.args], env

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        return [child.pid for child in psutil.Process(self.process.pid).children()]

    def kill_a_worker(self) -> int:
        """SIGKILL one worker, as the kernel's OOM killer or a crash would."""
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid


class Redis(Server):
    name = "redis"

    @property
    def uri(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def command(self):
        # the shipped settings (deploy/redis/selfcheck.conf), on this test's own port
        args = [need("redis-server"), str(DEPLOY / "redis" / "selfcheck.conf")]
        args += ["--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
        return args, dict(os.environ)

    def cli(self, *args: str) -> str:
        command = [need("redis-cli"), "-p", str(self.port), *args]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def keys(self) -> list[str]:
        return self.cli("--scan").split()


# nginx around the shipped files: deploy/nginx/selfcheck-proxy.conf as it is, inside a
# plain-HTTP server on loopback, and the upstream list (selfcheck-upstream.conf) generated
NGINX_CONF = """
{user}
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream selfcheck {{
        include {folder}/selfcheck-upstream.conf;
    }}
    server {{
        listen 127.0.0.1:{port};
        include {proxy};
        # for the test only: which instance answered
        add_header X-Upstream $upstream_addr always;
    }}
}}
"""


class Nginx(Server):
    """nginx doing round-robin over app instances, with the shipped site's proxy settings
    (deploy/nginx/, README "Deploying")."""

    name = "nginx"

    def __init__(self, upstreams: list[str]) -> None:
        super().__init__()
        self.upstreams = upstreams

    def command(self):
        servers = "".join(f"server {u.removeprefix('http://')};\n" for u in self.upstreams)
        (self.folder / "selfcheck-upstream.conf").write_text(servers)
        conf = NGINX_CONF.format(
            folder=self.folder,
            port=self.port,
            proxy=DEPLOY / "nginx" / "selfcheck-proxy.conf",
            user="user root;" if os.geteuid() == 0 else "",
        )
        (self.folder / "nginx.conf").write_text(conf)
        return [need("nginx"), "-c", str(self.folder / "nginx.conf"), "-e", "stderr"], dict(
            os.environ
        )


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    wire_bytes: int = 0  # status line, headers and body as they came over the connection
    header_pairs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Timing:
    kind: str  # "page" or "pdf"
    seconds: float
    ok: bool
    refused: bool = False  # a 503 with Retry-After: the server said "busy, come back"


MAX_REFUSALS = 30  # "busy" answers a patient sits through for one request before giving up


class Patient:
    """One person's browser: a cookie, no JavaScript, one request at a time."""

    def __init__(self, base: str, answers: dict, marker: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.answers, self.marker = answers, marker
        self.cookies: dict[str, str] = {}
        self.timings: list[Timing] = []
        self.errors: list[str] = []
        self.refusals: list[str] = []
        self.upstreams: list[str] = []

    def request(self, method: str, path: str, form: dict | None = None) -> Response:
        """Send once; on a dropped connection or a 5xx, wait a moment and send once more.
        On a 503 with Retry-After, wait as long as it says and send again (not a failure)."""
        attempt = 0
        while attempt < 2:
            attempt += 1
            started = time.perf_counter()
            try:
                response = self._send(method, path, form)
                ok = response.status < 500
            except (OSError, http.client.HTTPException) as error:
                response, ok = None, False
                reason = type(error).__name__
            kind = "pdf" if path.endswith(".pdf") else "page"
            elapsed = time.perf_counter() - started
            wait = busy(response)
            if wait is not None and len(self.refusals) < MAX_REFUSALS:
                self.timings.append(Timing(kind, elapsed, False, refused=True))
                self.refusals.append(f"{method} {path}: 503, Retry-After {wait}")
                time.sleep(wait)
                attempt -= 1  # a refusal is not a failed try
                continue
            self.timings.append(Timing(kind, elapsed, ok))
            if ok and response is not None:
                return response
            self.errors.append(f"{method} {path}: {response.status if response else reason}")
            if attempt == 1:
                time.sleep(0.3)
        raise SessionLost(self.errors[-1])

    def _send(
        self, method: str, path: str, form: dict | None, extra: dict | None = None
    ) -> Response:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Host": f"{self.host}:{self.port}", "Connection": "close", **(extra or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            data = raw.read()
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    for morsel in SimpleCookie(value).values():
                        self.cookies[morsel.key] = morsel.value
            result = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data)
            result.wire_bytes = (
                len(f"HTTP/1.1 {raw.status} {raw.reason}\r\n") + len(bytes(raw.msg)) + len(data)
            )
            result.header_pairs = raw.getheaders()
        finally:
            connection.close()
        if "x-upstream" in result.headers:
            self.upstreams.append(result.headers["x-upstream"])
        return result

    def complete_session(self) -> bytes:
        """Every step, check answers, the results (which must show this patient's own
        question: the session was not mixed up or lost) and the PDF; returns the PDF."""
        self.cookies.clear()
        path = "/step/start"
        page = self.request("GET", path)
        for _ in range(30):
            step_id = path.rsplit("/", 1)[-1]
            form = {**self.answers[step_id], "action": "continue"}
            token = TOKEN.search(page.text)
            if token:
                form["csrf_token"] = token.group(1)
            moved = self.request("POST", path, form)
            if moved.status != 302:
                raise SessionLost(f"POST {path} gave {moved.status}, not the next page")
            path = moved.headers["location"]
            page = self.request("GET", path)
            if not path.startswith("/step/"):
                break
        if path != "/check" or page.status != 200:
            raise SessionLost(f"ended at {path} ({page.status}), not at check your answers")
        results = self.request("GET", "/results")
        if self.marker not in results.text:
            raise SessionLost("the results do not show this patient's own question")
        pdf = self.request("GET", "/results.pdf")
        if pdf.status != 200 or not pdf.body.startswith(b"%PDF"):
            raise SessionLost(f"the PDF download gave {pdf.status}")
        return pdf.body


def busy(response: Response | None) -> int | None:
    """Seconds to wait when the server said "busy, try again" (503 with Retry-After)."""
    if response is None or response.status != 503:
        return None
    value = response.headers.get("retry-after", "")
    return int(value) if value.isdigit() else None


class SessionLost(RuntimeError):
    """A simulated patient could not finish, even after trying a request again."""


@dataclass
class LoadReport:
    seconds: float
    completed: int = 0
    lost: list[str] = field(default_factory=list)
    timings: list[Timing] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    def percentile(self, kind: str, share: float) -> float:
        times = sorted(t.seconds for t in self.timings if t.kind == kind and t.ok)
        if not times:
            return float("nan")
        return times[min(len(times) - 1, int(share * len(times)))]

    def count(self, kind: str) -> int:
        """Requests of this kind that were answered (not failed, not refused)."""
        return sum(t.kind == kind and t.ok for t in self.timings)

    def failed(self, kind: str) -> int:
        """Requests of this kind that failed (a refusal with Retry-After is not a failure)."""
        return sum(t.kind == kind and not t.ok and not t.refused for t in self.timings)

    def table(self) -> str:
        requests = len(self.timings)
        rows = [
            ("sessions completed (every step, results, PDF)", f"{self.completed}"),
            ("sessions lost", f"{len(self.lost)}"),
            ("sessions per second", f"{self.completed / self.seconds:.2f}"),
            ("requests", f"{requests}"),
            ("failed requests (each tried again once)", f"{len(self.errors)}"),
            ("requests refused (503 with Retry-After)", f"{len(self.refusals)}"),
            ("PDFs per second", f"{self.count('pdf') / self.seconds:.2f}"),
            ("page p50 / p99 latency", self._ms("page")),
            ("PDF p50 / p99 latency", self._ms("pdf")),
        ]
        width = max(len(label) for label, _ in rows)
        lines = [f"{label:<{width}}  {value}" for label, value in rows]
        return "\n".join(lines + [f"event: {event}" for event in self.events])

    def _ms(self, kind: str) -> str:
        p50, p99 = self.percentile(kind, 0.5), self.percentile(kind, 0.99)
        return f"{p50 * 1000:.0f} ms / {p99 * 1000:.0f} ms"


def run_load(
    base: str,
    answers_for,
    patients: int = 16,
    seconds: float = 20.0,
    during=None,
) -> LoadReport:
    """`patients` threads complete sessions one after another until `seconds` have passed
    (a session already started is finished). `during(report)` runs in its own thread
    meanwhile, e.g. to kill a worker half-way."""
    report = LoadReport(seconds=seconds)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def one_patient(number: int) -> None:
        session = 0
        while time.monotonic() < deadline:
            marker = f"patient-{number}-session-{session}"
            patient = Patient(base, answers_for(marker), marker)
            try:
                patient.complete_session()
                done, lost = 1, None
            except SessionLost as error:
                done, lost = 0, f"{marker}: {error}"
            with lock:
                report.completed += done
                report.timings += patient.timings
                report.errors += patient.errors
                report.refusals += patient.refusals
                if lost:
                    report.lost.append(lost)
            session += 1

    started = time.monotonic()
    threads = [threading.Thread(target=one_patient, args=(n,)) for n in range(patients)]
    if during is not None:
        threads.append(threading.Thread(target=during, args=(report,)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report.seconds = time.monotonic() - started
    return report


def pdf_flood(base: str, answers: dict, threads: int, seconds: float):
    """A `during` for run_load: `threads` browsers that ask for one finished patient's PDF
    again and again for `seconds` (after a refusal, waiting as Retry-After says), to keep
    the PDF renderers busy while the patients' pages are timed. Their PDFs join the report."""

    def flood(report: LoadReport) -> None:
        finished = Patient(base, answers, marker="")
        finished.complete_session()
        deadline = time.monotonic() + seconds
        flooders = [Patient(base, answers, marker="") for _ in range(threads)]

        def ask(patient: Patient) -> None:
            patient.cookies = dict(finished.cookies)
            while time.monotonic() < deadline:
                try:
                    patient.request("GET", "/results.pdf")
                except SessionLost:
                    pass

        running = [threading.Thread(target=ask, args=(f,)) for f in flooders]
        for thread in running:
            thread.start()
        for thread in running:
            thread.join()
        for patient in flooders:
            report.timings += patient.timings
            report.errors += patient.errors
            report.refusals += patient.refusals

    return flood
