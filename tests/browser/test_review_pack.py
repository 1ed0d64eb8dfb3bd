"""The review pack as HTML, opened in Chromium: axe finds no WCAG A/AA violation, in English
and Spanish, it does not scroll sideways on a phone, and it is photographed for people to look
at."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from selfcheck import review_pack

from ..conftest import make_app
from ..personas import OLDER_INDOORS, flat
from .test_accessibility import TAGS


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_review_pack_passes_axe(page, shoot, lang, tmp_path):
    app = make_app()
    example = tmp_path / "older.json"  # a worked example too (the demo clinic asks one more)
    answers = {**flat(OLDER_INDOORS), "visit_reason": "tiredness"}
    example.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    with app.app_context():
        pack = review_pack.build(app, "demo", lang, [example])
        html = review_pack.render_html(app, pack, standalone=True)
    page.set_content(html)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
    ]
    assert problems == []
    # on a phone the page does not scroll sideways (a wide table scrolls in its own region)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shoot(page, f"review-pack-{lang}")
