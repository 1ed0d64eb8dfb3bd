"""Every error under /api/ is JSON, whatever raised it — an address the API does not have
(404), a wrong method (405), a body too large (413), a host not served (400) or a bug (500)
— in the API's one shape, `{"errors": [{"field": "request", "message": …}]}`."""

from __future__ import annotations

from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

MESSAGES = {
    404: "The API has no such address; see /api/v1/openapi.json.",
    405: "This address does not take that method; see /api/v1/openapi.json.",
    413: "The body is larger than 64 KB.",
    500: "Something went wrong on our side. Please try again in a few minutes.",
}


def wanted() -> bool:
    """Whether this request is for the API (its errors are read by programs)."""
    return request.path == "/api" or request.path.startswith("/api/")


def response(error: HTTPException, message: str | None = None) -> Response:
    """The error as the API's JSON, keeping its headers (like `Allow` on a 405)."""
    code = error.code or 500
    text = message or MESSAGES.get(code) or error.description or "The request failed."
    reply = jsonify({"errors": [{"field": "request", "message": text}]})
    reply.status_code = code
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            reply.headers[name] = value
    return reply
