"""Property: for any complete set of answers, the steps and questions the app shows
(selfcheck.wizard, by conditions.evaluate) are exactly the groups and questions a FHIR form
filler enables from the exported Questionnaire (tests/fhir_enable_when.py: enableWhen,
enableBehavior and enableWhenExpression over the QuestionnaireResponse, read on their own);
and the response for those answers passes the FHIR invariants and fhir.resources."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcheck import conditions
from selfcheck.fhir import group_link, questionnaire_to_fhir, response_to_fhir
from selfcheck.question_types import DateAnswer, MultiChoice, Number, Scale, Text
from selfcheck.questionnaire import Questionnaire, load
from selfcheck.wizard import Wizard

from .conftest import FIXTURE, examples
from .fhir_enable_when import NotABoolean, enabled
from .fhir_invariants import ENABLE_WHEN_EXPRESSION, invariant_violations

DATA = Path(__file__).parent / "data"
URL = "http://localhost/fhir/Questionnaire/"


def compared_values(questionnaire: Questionnaire) -> dict[str, list]:
    """Every value a show_if compares each question with, so answers land on the edges."""
    found: dict[str, list] = {}
    conditions_ = [s.show_if for s in questionnaire.steps] + [
        q.show_if for q in questionnaire.questions.values()
    ]
    for condition in filter(None, conditions_):
        for compare, _path in conditions.comparisons(condition):
            values = compare.value if isinstance(compare.value, tuple) else (compare.value,)
            found.setdefault(compare.question, []).extend(values)
    return found


def answer_to(question, edges: list) -> st.SearchStrategy:
    """Any valid answer to a question, often one a condition compares it with (or next to)."""
    if isinstance(question, MultiChoice):
        plain = [c.id for c in question.choices if not c.exclusive]
        alone = [[c.id] for c in question.choices if c.exclusive]
        some = st.lists(st.sampled_from(plain), min_size=1, unique=True)
        return st.one_of(some, st.sampled_from(alone)) if alone else some
    if isinstance(question, Scale):
        return st.integers(question.min, question.max)
    if isinstance(question, Number):
        low = question.min if question.min is not None else -1000
        high = question.max if question.max is not None else 1000
        near = [v + d for v in edges if isinstance(v, int | float) for d in (-1, -0.5, 0, 0.5, 1)]
        if question.integer:
            near = [int(v) for v in near if float(v).is_integer()]
            anywhere = st.integers(int(low), int(high))
        else:
            anywhere = st.floats(low, high, allow_nan=False).map(lambda v: round(v, 1))
        near = [v for v in near if low <= v <= high]
        return st.one_of(anywhere, st.sampled_from(near)) if near else anywhere
    if isinstance(question, Text):
        said = [v for v in edges if isinstance(v, str) and len(v) <= question.max_length]
        written = st.text(
            st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")),
            min_size=1,
            max_size=question.max_length,
        ).filter(str.strip)
        return st.one_of(written, st.sampled_from(said)) if said else written
    if isinstance(question, DateAnswer):
        return st.dates(date(2000, 1, 1), date.today()).map(date.isoformat)
    return st.sampled_from(question.values())  # single_choice, yes_no


def answer_sets(questionnaire: Questionnaire) -> st.SearchStrategy:
    """Complete answers: every required question answered (shown or not), optional ones
    answered or left out."""
    edges = compared_values(questionnaire)
    fields = {}
    for question in questionnaire.questions.values():
        answer = answer_to(question, edges.get(question.id, []))
        fields[question.id] = answer if question.required else st.one_of(st.none(), answer)
    return st.fixed_dictionaries(fields).map(
        lambda answers: {k: v for k, v in answers.items() if v is not None}
    )


def app_shows(questionnaire: Questionnaire, answers: dict) -> set[str]:
    progress = Wizard(questionnaire).progress_of_answers(answers)
    assert not progress.problems, progress.problems
    return {group_link(step.id) for step in progress.steps} | {
        question.id for step in progress.steps for question in progress.shown[step.id]
    }


QUESTIONNAIRES = {
    "shipped": lambda: load(FIXTURE / "questions.yaml").by_language,
    "fhir-conditions": lambda: load(DATA / "fhir/conditions.yaml").by_language,
    "plain-words": lambda: load(DATA / "review/plain.yaml").by_language,
    "skip-step": lambda: load(DATA / "skip_step.yaml").by_language,
}


def check_property(languages: dict[str, Questionnaire], tries: int) -> None:
    questionnaire = next(iter(languages.values()))
    resource = questionnaire_to_fhir(questionnaire, languages, URL + questionnaire.meta.id)

    @settings(
        max_examples=tries,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(answer_sets(questionnaire))
    def visibility_agrees(answers):
        response = response_to_fhir(questionnaire, answers, URL + questionnaire.meta.id)
        assert enabled(resource, response) == app_shows(questionnaire, answers)
        assert [str(v) for v in invariant_violations(response)] == []
        QuestionnaireResponse.model_validate(response)

    visibility_agrees()  # fmt: skip


@pytest.mark.parametrize("name", sorted(QUESTIONNAIRES))
def test_a_fhir_form_filler_shows_what_the_app_shows(name):
    check_property(
        QUESTIONNAIRES[name](), examples({"shipped": 40, "fhir-conditions": 80}.get(name, 25))
    )


def test_the_demo_clinic_too(app):
    engine = app.extensions["selfcheck"]
    languages = {lang: engine.flow("demo", lang).questionnaire for lang in engine.languages}
    check_property(languages, examples(15))


def test_the_evaluator_can_disagree():
    """A condition exported wrongly is caught: the evaluator reads the Questionnaire, not
    the app."""
    languages = load(DATA / "fhir/conditions.yaml").by_language
    questionnaire = languages["en"]
    resource = questionnaire_to_fhir(questionnaire, languages, URL + "x")
    answers = {"age": 30, "smoker": "no", "sex": "male", "meds": ["ppi", "steroid"], "mood": 2,
               "several": "two", "no_note": "yes"}  # fmt: skip
    response = response_to_fhir(questionnaire, answers, URL + "x")
    assert enabled(resource, response) == app_shows(questionnaire, answers)
    several = next(i for g in resource["item"] for i in g["item"] if i["linkId"] == "several")
    expression = next(
        e["valueExpression"] for e in several["extension"] if e["url"] == ENABLE_WHEN_EXPRESSION
    )
    expression["expression"] = expression["expression"].replace(">= 2", ">= 3")
    assert "several" in app_shows(questionnaire, answers)
    assert "several" not in enabled(resource, response)
    expression["expression"] = "%resource.repeat(item).where(linkId='meds').answer.value.code"
    with pytest.raises(NotABoolean):
        enabled(resource, response)
