"""Response headers that keep pages private and fetch nothing from anyone else.

Only a clinic's embedded pages may be shown in a frame, and only by the sites the clinic
lists (and by our own embed-kit page, for its live preview); every other page refuses
all frames. `frame-ancestors` alone decides: no X-Frame-Options to contradict it.
"""

from __future__ import annotations

from flask import Flask, Response, request

from . import place

BASE = [
    "default-src 'self'",
    "img-src 'self' data:",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
]
POLICY = "; ".join([*BASE, "frame-ancestors 'none'"])


def frame_policy(origins: list[str]) -> str:
    return "; ".join([*BASE, "frame-ancestors " + " ".join(["'self'", *origins])])


def init_app(app: Flask) -> None:
    @app.after_request
    def privacy_headers(response: Response) -> Response:
        here = place.current()
        policy = frame_policy(here.clinic.clinic.embed_origins) if here.embedded else POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault(
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
        )
        if request.is_secure:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        if request.endpoint not in ("static", "favicon"):
            # pages can show answers: never keep them for the next person at this computer
            response.headers["Cache-Control"] = "no-store"
        return response
