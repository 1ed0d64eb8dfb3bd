"""The PDFs of the shipped examples (examples/, through the API a clinic's system uses) are
the same, byte for byte, with WeasyPrint's whole user-agent stylesheet and with the rules of
it our renderer keeps (selfcheck/pdf_ua.py): in English, in Spanish, and with a clinic's
letter paper and logo. (tests/test_pdf_ua.py: large print, the review pack, other elements.)"""

from __future__ import annotations

import json

import pytest

from ..conftest import ROOT
from ..pdf_same import made_each_time, whole_user_agent


@pytest.mark.parametrize(
    ("example", "query", "clinic_answers"),
    [
        ("72-several-medicines", {}, {}),
        ("breastfeeding-magnesium-citrate", {"lang": "es"}, {}),
        ("two-relatives-one-condition", {"clinic": "demo"}, {"visit_reason": "tiredness"}),
    ],
)
def test_an_example_gets_the_same_pdf(shared_app, example, query, clinic_answers):
    answers = json.loads((ROOT / "examples" / f"{example}.json").read_text(encoding="utf-8"))
    answers["answers"].update(clinic_answers)  # the clinic asks one more question
    client = shared_app.test_client()
    renderer = shared_app.extensions["selfcheck"].pdf.renderer

    def made() -> bytes:
        response = client.post("/api/v1/report.pdf", query_string=query, json=answers)
        assert response.status_code == 200
        return response.data

    with made_each_time():
        ours = made()
    with whole_user_agent(renderer):
        whole = made()
    assert whole == ours
