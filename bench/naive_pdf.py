"""The baseline for the PDF: WeasyPrint used the plain way, in a fresh process.

    python -m bench.naive_pdf page.html 20 [style.css]  → prints {"first": s, "median": s}

With a stylesheet, it is put into the page as a `<style>` element first: the naive way to
style a PDF, parsed again on every call.

`weasyprint.HTML(string=html).write_pdf()` with default settings, timed from a process
that has only imported weasyprint: the first call pays for fonts and layout code, the
median is of the calls after it.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import weasyprint


def main() -> None:
    html = Path(sys.argv[1]).read_text(encoding="utf-8")
    rounds = int(sys.argv[2])
    if len(sys.argv) > 3:
        style = Path(sys.argv[3]).read_text(encoding="utf-8")
        html = html.replace("</head>", f"<style>{style}</style></head>", 1)
    times = []
    for _ in range(rounds + 1):
        started = time.perf_counter()
        weasyprint.HTML(string=html).write_pdf()
        times.append(time.perf_counter() - started)
    print(json.dumps({"first": times[0], "median": statistics.median(times[1:])}))


if __name__ == "__main__":
    main()
