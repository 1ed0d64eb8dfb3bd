"""Conditions in plain words (selfcheck/plain_conditions.py): every operator and combiner has
its exact sentence in English and Spanish, `not` reads as plain positive words that say when an
unanswered question counts, and any condition renders and names every question it reads."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfcheck.conditions import COMBINERS, COMPARISONS, Not, parse
from selfcheck.plain_conditions import clauses, compact, describe
from selfcheck.questionnaire import load

from .conftest import DATA, FIXTURE, examples

PLAIN = load(DATA / "review" / "plain.yaml").by_language

# (condition as written in the file, English, Spanish)
SENTENCES = [
    (
        {"question": "sex", "equals": "female"},
        "the answer to “What sex were you given at birth?” is “Female”",
        "la respuesta a “¿Qué sexo le asignaron al nacer?” es “Femenino”",
    ),
    (
        {"question": "takes_d", "equals": True},
        "the answer to “Do you take vitamin D?” is “Yes”",
        "la respuesta a “¿Toma vitamina D?” es “Sí”",
    ),
    (
        {"question": "sex", "in": ["female", "prefer_not"]},
        "the answer to “What sex were you given at birth?” is “Female” or “I prefer not to say”",
        "la respuesta a “¿Qué sexo le asignaron al nacer?” es “Femenino” o “Prefiero no decirlo”",
    ),
    (
        {"question": "meds", "any_of": ["ppi"]},
        "the answers to “Which medicines do you take?” include “A PPI”",
        "las respuestas a “¿Qué medicinas toma?” incluyen “Un IBP”",
    ),
    (
        {"question": "meds", "any_of": ["ppi", "diuretic", "steroid"]},
        (
            "the answers to “Which medicines do you take?” include “A PPI”, “A water pill”, or “A "
            "steroid”"
        ),
        (
            "las respuestas a “¿Qué medicinas toma?” incluyen “Un IBP”, “Una pastilla para "
            "orinar” o “Un esteroide”"
        ),
    ),
    (
        {"question": "meds", "count_gte": 1},
        "the answers to “Which medicines do you take?” include at least 1 choice",
        "las respuestas a “¿Qué medicinas toma?” incluyen al menos 1 opción",
    ),
    (
        {"question": "meds", "count_gte": 2},
        "the answers to “Which medicines do you take?” include at least 2 choices",
        "las respuestas a “¿Qué medicinas toma?” incluyen al menos 2 opciones",
    ),
    (
        {"question": "age", "gt": 70},
        "the answer to “How old are you?” is more than 70 years",
        "la respuesta a “¿Cuántos años tiene?” es más de 70 años",
    ),
    (
        {"question": "age", "gte": 70},
        "the answer to “How old are you?” is 70 years or more",
        "la respuesta a “¿Cuántos años tiene?” es 70 años o más",
    ),
    (
        {"question": "age", "lt": 18},
        "the answer to “How old are you?” is less than 18 years",
        "la respuesta a “¿Cuántos años tiene?” es menos de 18 años",
    ),
    (
        {"question": "age", "lte": 30},
        "the answer to “How old are you?” is 30 years or less",
        "la respuesta a “¿Cuántos años tiene?” es 30 años o menos",
    ),
    (
        {"question": "stress", "gte": 7},
        "the answer to “How stressed are you?” is 7 or more",
        "la respuesta a “¿Cuánto estrés tiene?” es 7 o más",
    ),
    (
        {"question": "dose", "gt": 2.5},
        "the answer to “How much do you take?” is more than 2.5",
        "la respuesta a “¿Cuánto toma?” es más de 2,5",
    ),
    (
        {"question": "note", "answered": True},
        "the person has answered “Anything else?”",
        "la persona respondió a “¿Algo más?”",
    ),
    (
        {"question": "note", "answered": False},
        "the person has not answered “Anything else?”",
        "la persona no respondió a “¿Algo más?”",
    ),
    (
        {"not": {"question": "sex", "equals": "male"}},
        (
            "the answer to “What sex were you given at birth?” is not “Male”, or the question was "
            "not answered"
        ),
        (
            "la respuesta a “¿Qué sexo le asignaron al nacer?” no es “Masculino”, o la pregunta "
            "no se respondió"
        ),
    ),
    (
        {"not": {"question": "sex", "in": ["male", "prefer_not"]}},
        (
            "the answer to “What sex were you given at birth?” is neither “Male” nor “I prefer "
            "not to say”, or the question was not answered"
        ),
        (
            "la respuesta a “¿Qué sexo le asignaron al nacer?” no es ni “Masculino” ni “Prefiero "
            "no decirlo”, o la pregunta no se respondió"
        ),
    ),
    (
        {"not": {"question": "meds", "any_of": ["ppi"]}},
        (
            "the answers to “Which medicines do you take?” do not include “A PPI”, or the "
            "question was not answered"
        ),
        (
            "las respuestas a “¿Qué medicinas toma?” no incluyen “Un IBP”, o la pregunta no se "
            "respondió"
        ),
    ),
    (
        {"not": {"question": "meds", "any_of": ["ppi", "steroid"]}},
        (
            "the answers to “Which medicines do you take?” include neither “A PPI” nor “A "
            "steroid”, or the question was not answered"
        ),
        (
            "las respuestas a “¿Qué medicinas toma?” no incluyen ni “Un IBP” ni “Un esteroide”, o "
            "la pregunta no se respondió"
        ),
    ),
    (
        {"not": {"question": "meds", "count_gte": 2}},
        (
            "the answers to “Which medicines do you take?” include fewer than 2 choices, or the "
            "question was not answered"
        ),
        (
            "las respuestas a “¿Qué medicinas toma?” incluyen menos de 2 opciones, o la pregunta "
            "no se respondió"
        ),
    ),
    (
        {"not": {"question": "age", "gt": 70}},
        "the answer to “How old are you?” is 70 years or less, or the question was not answered",
        "la respuesta a “¿Cuántos años tiene?” es 70 años o menos, o la pregunta no se respondió",
    ),
    (
        {"not": {"question": "age", "gte": 70}},
        "the answer to “How old are you?” is less than 70 years, or the question was not answered",
        "la respuesta a “¿Cuántos años tiene?” es menos de 70 años, o la pregunta no se respondió",
    ),
    (
        {"not": {"question": "age", "lt": 18}},
        "the answer to “How old are you?” is 18 years or more, or the question was not answered",
        "la respuesta a “¿Cuántos años tiene?” es 18 años o más, o la pregunta no se respondió",
    ),
    (
        {"not": {"question": "age", "lte": 30}},
        "the answer to “How old are you?” is more than 30 years, or the question was not answered",
        "la respuesta a “¿Cuántos años tiene?” es más de 30 años, o la pregunta no se respondió",
    ),
    (
        {"not": {"question": "note", "answered": True}},
        "the person has not answered “Anything else?”",
        "la persona no respondió a “¿Algo más?”",
    ),
    (
        {"not": {"question": "note", "answered": False}},
        "the person has answered “Anything else?”",
        "la persona respondió a “¿Algo más?”",
    ),
    (
        {"not": {"not": {"question": "takes_d", "equals": "no"}}},
        "the answer to “Do you take vitamin D?” is “No”",
        "la respuesta a “¿Toma vitamina D?” es “No”",
    ),
    (
        {"all": [{"question": "age", "gte": 70}, {"question": "takes_d", "equals": "no"}]},
        (
            "the answer to “How old are you?” is 70 years or more, and the answer to “Do you take "
            "vitamin D?” is “No”"
        ),
        (
            "la respuesta a “¿Cuántos años tiene?” es 70 años o más, y la respuesta a “¿Toma "
            "vitamina D?” es “No”"
        ),
    ),
    (
        {"any": [{"question": "age", "gte": 70}, {"question": "takes_d", "equals": "no"}]},
        (
            "the answer to “How old are you?” is 70 years or more, or the answer to “Do you take "
            "vitamin D?” is “No”"
        ),
        (
            "la respuesta a “¿Cuántos años tiene?” es 70 años o más, o la respuesta a “¿Toma "
            "vitamina D?” es “No”"
        ),
    ),
    (
        {
            "all": [
                {"question": "age", "gte": 70},
                {"question": "takes_d", "equals": "no"},
                {"question": "stress", "lt": 3},
            ]
        },
        (
            "the answer to “How old are you?” is 70 years or more, the answer to “Do you take "
            "vitamin D?” is “No”, and the answer to “How stressed are you?” is less than 3"
        ),
        (
            "la respuesta a “¿Cuántos años tiene?” es 70 años o más, la respuesta a “¿Toma "
            "vitamina D?” es “No”, y la respuesta a “¿Cuánto estrés tiene?” es menos de 3"
        ),
    ),
    (
        {
            "any": [
                {"question": "age", "gte": 70},
                {"question": "sex", "in": ["female", "prefer_not"]},
                {"question": "stress", "lt": 3},
            ]
        },
        (
            "the answer to “How old are you?” is 70 years or more, the answer to “What sex were "
            "you given at birth?” is “Female” or “I prefer not to say”, or the answer to “How "
            "stressed are you?” is less than 3"
        ),
        (
            "la respuesta a “¿Cuántos años tiene?” es 70 años o más, la respuesta a “¿Qué sexo le "
            "asignaron al nacer?” es “Femenino” o “Prefiero no decirlo”, o la respuesta a "
            "“¿Cuánto estrés tiene?” es menos de 3"
        ),
    ),
    (
        {
            "all": [
                {"question": "age", "gte": 70},
                {
                    "any": [
                        {"question": "takes_d", "equals": "no"},
                        {"question": "meds", "any_of": ["steroid"]},
                    ]
                },
            ]
        },
        (
            "the answer to “How old are you?” is 70 years or more, and (the answer to “Do you "
            "take vitamin D?” is “No”, or the answers to “Which medicines do you take?” include "
            "“A steroid”)"
        ),
        (
            "la respuesta a “¿Cuántos años tiene?” es 70 años o más, y (la respuesta a “¿Toma "
            "vitamina D?” es “No”, o las respuestas a “¿Qué medicinas toma?” incluyen “Un "
            "esteroide”)"
        ),
    ),
    (
        {
            "not": {
                "all": [{"question": "age", "gte": 70}, {"question": "takes_d", "equals": "yes"}]
            }
        },
        (
            "the answer to “How old are you?” is less than 70 years, or the question was not "
            "answered; or the answer to “Do you take vitamin D?” is not “Yes”, or the question "
            "was not answered"
        ),
        (
            "la respuesta a “¿Cuántos años tiene?” es menos de 70 años, o la pregunta no se "
            "respondió; o la respuesta a “¿Toma vitamina D?” no es “Sí”, o la pregunta no se "
            "respondió"
        ),
    ),
    (
        {
            "not": {
                "any": [{"question": "age", "gte": 70}, {"question": "takes_d", "equals": "yes"}]
            }
        },
        (
            "the answer to “How old are you?” is less than 70 years, or the question was not "
            "answered; and the answer to “Do you take vitamin D?” is not “Yes”, or the question "
            "was not answered"
        ),
        (
            "la respuesta a “¿Cuántos años tiene?” es menos de 70 años, o la pregunta no se "
            "respondió; y la respuesta a “¿Toma vitamina D?” no es “Sí”, o la pregunta no se "
            "respondió"
        ),
    ),
    (
        {"all": [{"question": "age", "gte": 70}]},
        "the answer to “How old are you?” is 70 years or more",
        "la respuesta a “¿Cuántos años tiene?” es 70 años o más",
    ),
]


def _keys(raw, found):
    for key, value in raw.items():
        found.add(key)
        for inner in value if isinstance(value, list) else [value]:
            if isinstance(inner, dict):
                _keys(inner, found)
    return found


def test_the_sentences_cover_every_operator_every_combiner_and_their_negations():
    used = set()
    for raw, _, _ in SENTENCES:
        _keys(raw, used)
    assert set(COMPARISONS) | set(COMBINERS) <= used
    negated = {
        next(k for k in raw["not"] if k != "question") for raw, _, _ in SENTENCES if "not" in raw
    }
    assert set(COMPARISONS) <= negated | set(COMBINERS)  # every comparison under a `not`
    assert {"all", "any", "not"} <= negated  # and every combiner


@pytest.mark.parametrize(("raw", "english", "spanish"), SENTENCES)
def test_each_condition_reads_as_its_sentence(raw, english, spanish):
    condition = parse(raw)
    assert describe(condition, PLAIN["en"], "en") == english
    assert describe(condition, PLAIN["es"], "es") == spanish


def test_the_clauses_of_a_condition_stand_one_under_the_other():
    over_70 = "the answer to “How old are you?” is 70 years or more"
    no_d = "the answer to “Do you take vitamin D?” is “No”"
    assert clauses(
        parse({"all": [{"question": "age", "gte": 70}, {"question": "takes_d", "equals": "no"}]}),
        PLAIN["en"],
    ) == ("all", [over_70, no_d])
    # not any(…) is all(not …): each clause on its own, in positive words
    assert clauses(
        parse(
            {
                "not": {
                    "any": [{"question": "age", "lt": 70}, {"question": "takes_d", "equals": "yes"}]
                }
            }
        ),
        PLAIN["en"],
    ) == (
        "all",
        [
            (
                "the answer to “How old are you?” is 70 years or more, or the question was not "
                "answered"
            ),
            "the answer to “Do you take vitamin D?” is not “Yes”, or the question was not answered",
        ],
    )
    assert clauses(parse({"question": "age", "gte": 70}), PLAIN["en"]) == (None, [over_70])
    assert clauses(parse({"any": [{"question": "age", "gte": 70}]}), PLAIN["es"], "es") == (
        None,
        ["la respuesta a “¿Cuántos años tiene?” es 70 años o más"],
    )


def test_the_compact_form_keeps_the_ids_for_cross_reference():
    raw = {
        "all": [
            {"question": "age", "gte": 70},
            {"not": {"question": "meds", "any_of": ["ppi", "steroid"]}},
            {
                "any": [
                    {"question": "note", "answered": False},
                    {"question": "meds", "count_gte": 2},
                ]
            },
        ]
    }
    assert compact(parse(raw)) == (
        "all(age ≥ 70, not(meds any_of [ppi, steroid]), any(note not answered, meds count ≥ 2))"
    )


def test_a_question_the_questionnaire_does_not_have_is_named_by_its_id():
    assert describe(parse({"question": "mystery", "equals": "x"}), PLAIN["en"]) == (
        "the answer to “mystery” is “x”"
    )


# --- any condition over the shipped questionnaire -------------------------------------------

SHIPPED = load(FIXTURE / "questions.yaml").by_language
IDS = sorted(SHIPPED["en"].questions)


def _values(question_id):
    question = SHIPPED["en"].questions.get(question_id)
    choices = [c.id for c in getattr(question, "choices", None) or []]
    return (
        st.sampled_from(choices + ["yes", "no", "other"])
        if choices
        else st.sampled_from(["yes", "no"])
    )


@st.composite
def comparisons(draw):
    question = draw(st.sampled_from([*IDS, "not_a_question"]))
    operator = draw(st.sampled_from(COMPARISONS))
    if operator in ("in", "any_of"):
        value = draw(st.lists(_values(question), min_size=1, max_size=4))
    elif operator in ("gt", "gte", "lt", "lte"):
        value = draw(st.integers(-5, 10_000) | st.floats(0, 500, allow_nan=False))
    elif operator == "count_gte":
        value = draw(st.integers(1, 5))
    elif operator == "answered":
        value = draw(st.booleans())
    else:
        value = draw(_values(question) | st.integers(0, 100))
    return {"question": question, operator: value}


conditions = st.recursive(
    comparisons(),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4).map(lambda items: {"all": items}),
        st.lists(inner, min_size=1, max_size=4).map(lambda items: {"any": items}),
        inner.map(lambda item: {"not": item}),
    ),
    max_leaves=8,
)


def _read(raw, found):
    if "question" in raw:
        found.append(raw["question"])
    for key in ("all", "any"):
        for item in raw.get(key, []):
            _read(item, found)
    if "not" in raw:
        _read(raw["not"], found)
    return found


@settings(max_examples=examples(150), deadline=None)
@given(conditions)
def test_any_condition_renders_and_names_every_question_it_reads(raw):
    condition = parse(raw)
    for lang, questionnaire in SHIPPED.items():
        text = describe(condition, questionnaire, lang)
        _, parts = clauses(condition, questionnaire, lang)
        for question_id in _read(raw, []):
            question = questionnaire.questions.get(question_id)
            name = f"“{question.label if question else question_id}”"
            assert name in text
            assert any(name in part for part in parts)
        assert "{" not in text and "%(" not in text


def test_a_named_condition_reads_as_its_name_and_is_spelled_out_once():
    hearing = load(DATA / "hearing" / "questions.yaml").by_language
    english, spanish = hearing["en"], hearing["es"]
    prompt = next(p for p in english.prompts if p.id == "no_protection")
    assert describe(prompt.when, english, "en") == (
        "“is near loud noise at work or from music” holds; and the answer to “Do you wear ear "
        "protection there?” is not “Yes”, or the question was not answered"
    )
    named = english.conditions[0].when
    assert describe(named, english, "en", spell_out=True) == (
        "the answers to “Where is it loud?” include “At work” or “Music or concerts”"
    )
    assert describe(Not(named), english, "en") == (
        "“is near loud noise at work or from music” does not hold"
    )
    assert "se cumple" in describe(spanish.conditions[0].when, spanish, "es")
    assert compact(prompt.when, {named: "loud_places"}).startswith("all(condition loud_places, ")
