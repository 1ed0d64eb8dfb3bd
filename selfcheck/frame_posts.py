"""The clinic frame's pages take posts from the frame's own pages only.

The frame has no cookie and no CSRF token, so a state token taken from one's own visit could
be posted from any site as a top-level navigation, and the patient would see someone else's
answers (and text) under the clinic's name. Browsers say where a post comes from:
`Sec-Fetch-Site` (every current browser), or else `Origin`. A post either calls cross-site
is refused with a friendly page; the frame's own pages post same-origin, with or without
JavaScript. (Pages sent with `Referrer-Policy: no-referrer` post `Origin: null`, which says
nothing, so only `Sec-Fetch-Site` can refuse those.)
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, request

from .place import embedded


def from_another_site() -> bool:
    """Whether the browser says this request was started by a page on another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site.strip().lower() == "cross-site"
    origin = request.headers.get("Origin", "null").strip()
    if origin == "null":
        return False
    return urlsplit(origin).hostname != urlsplit(request.host_url).hostname


def refuse_posts_from_other_sites() -> None:
    if request.method == "POST" and embedded() and from_another_site():
        abort(403)


def init_app(app: Flask) -> None:
    # first of all, so a refused post is not read, counted by the PDF limit, or answered
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_posts_from_other_sites)
