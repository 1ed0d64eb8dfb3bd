"""Many simulated patients at once against gunicorn; optionally a worker killed half-way.

    .venv/bin/python -m bench.load                       # 16 patients for 30 seconds
    .venv/bin/python -m bench.load --kill-worker-at 15   # the fault run

Prints completed sessions, lost sessions, failed requests, refusals (503 with Retry-After,
after which a patient waits and asks again), PDFs per second and p50/p99 latencies. A lost
session or a failed request in the plain run, or more failed requests in the fault run
than the killed worker held, makes the exit status 1. Loopback only; at most a minute.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

from tests.personas import QUIET, persona

from .harness import Gunicorn, LoadReport, run_load

# all simulated patients come from 127.0.0.1: the per-address PDF limit is for people
UNLIMITED = "100000 per minute"


def answers_for(marker: str) -> dict:
    return persona(QUIET, own={"own_question": marker})


def killer(server: Gunicorn, at: float):
    def kill(report: LoadReport) -> None:
        time.sleep(at)
        before = server.worker_pids()
        pid = server.kill_a_worker()
        report.events.append(f"t={at:.0f}s SIGKILL to worker {pid} (of {before})")
        for _ in range(100):
            time.sleep(0.1)
            now = server.worker_pids()
            if len(now) == len(before) and pid not in now:
                report.events.append(f"gunicorn replaced it: workers now {now}")
                return
        report.events.append("gunicorn did not replace the killed worker within 10 s")

    return kill


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-worker-at", type=float, default=None, metavar="SECONDS")
    args = parser.parse_args(argv)
    if args.seconds > 60:
        parser.error("a load run lasts at most a minute")
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{args.workers} gunicorn workers (gunicorn.conf.py: gthread, a PDF renderer each), "
        f"{args.patients} concurrent patients, "
        f"{args.seconds:.0f} s"
    )
    with Gunicorn(workers=args.workers, pdf_rate_limit=UNLIMITED) as server:
        during = None if args.kill_worker_at is None else killer(server, args.kill_worker_at)
        report = run_load(server.url, answers_for, args.patients, args.seconds, during)
    print(report.table())
    for lost in report.lost:
        print("lost:", lost)
    for error in report.errors:
        print("failed request:", error)
    # a worker holds one request per thread: killing it may fail those
    allowed = 0 if args.kill_worker_at is None else int(os.environ.get("SELFCHECK_THREADS", "4"))
    return 0 if not report.lost and len(report.errors) <= allowed else 1


if __name__ == "__main__":
    sys.exit(main())
