"""Large print: the list on paper with every text at 16 pt or more, in one column, for people
with low vision who print it.

The choice is a layout, not an answer, so it may travel in the address: `?print=large` on
the results page (its print stylesheet honours it) and on the PDF. In a clinic's frame the
same addresses are posted to, with the answers in the hidden field as on every framed page.
"""

from __future__ import annotations

from flask import Flask, request

PARAMETER, LARGE = "print", "large"


def large_print() -> bool:
    """Did the person ask for large print on this request?"""
    return request.args.get(PARAMETER) == LARGE


def init_app(app: Flask) -> None:
    @app.context_processor
    def print_layout() -> dict:
        return {"large_print": large_print(), "large_print_values": {PARAMETER: LARGE}}
