"""The baseline for step pages: a bare Flask route that sends back, byte for byte, the
response selfcheck gave (status, headers, body), for GET and for POST. Served by gunicorn
with the same gunicorn.conf.py, it shows what the server and Flask alone cost, so the
ratio measures only selfcheck's own work.

    BENCH_RECORDED=responses.json gunicorn bench.bare:app
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from flask import Flask, Response, request

app = Flask(__name__)
RECORDED = json.loads(Path(os.environ["BENCH_RECORDED"]).read_text())


@app.route("/", defaults={"anything": ""}, methods=["GET", "POST"])
@app.route("/<path:anything>", methods=["GET", "POST"])
def replay(anything: str) -> Response:
    recorded = RECORDED[request.method]
    request.get_data()  # read the posted form, as selfcheck does
    return Response(
        base64.b64decode(recorded["body"]),
        status=recorded["status"],
        headers=recorded["headers"],
    )
