"""The rough food estimate adds up what questions.yaml says, and picks the right reference."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfcheck import nutrition

from .people import OLDER_INDOORS, QUIET, flat


def test_quiet_person_arithmetic(questionnaire):
    # salmon weekly 0.14 × 570 + milk 1 × 120 + eggs 0.3 × 44 + cereal 0.4 × 80 + mushrooms 0
    # almonds 1 × 80 + beans 0.4 × 60 + spinach 0.4 × 78 + brown rice 1 × 42
    estimate = nutrition.estimate(questionnaire.estimate, flat(QUIET))
    assert estimate.of("vitamin_d").amount == round(0.14 * 570 + 120 + 0.3 * 44 + 0.4 * 80) == 245
    assert estimate.of("magnesium").amount == round(80 + 0.4 * 60 + 0.4 * 78 + 42) == 177
    assert estimate.foods_answered == 9


def test_reference_for_a_woman_of_45_and_a_man_of_72(questionnaire):
    food = questionnaire.estimate
    woman = nutrition.estimate(food, flat(QUIET))
    assert (woman.of("vitamin_d").low, woman.of("vitamin_d").high) == (600, 600)
    assert (woman.of("magnesium").low, woman.of("magnesium").high) == (320, 320)
    man = flat(OLDER_INDOORS) | {"sex": "male"}
    estimate = nutrition.estimate(food, man)
    assert (estimate.of("vitamin_d").low, estimate.of("magnesium").low) == (800, 420)


@pytest.mark.parametrize(
    ("changes", "vitamin_d", "magnesium"),
    [
        ({"sex": "male", "age": 25}, (600, 600), (400, 400)),
        ({"sex": "female", "age": 25}, (600, 600), (310, 310)),
        ({"sex": "prefer_not", "age": 45}, (600, 600), (320, 420)),
        ({"sex": "prefer_not", "age": 22}, (600, 600), (310, 400)),
        ({"sex": "female", "age": 28, "pregnant": "pregnant"}, (600, 600), (350, 350)),
        ({"sex": "female", "age": 35, "pregnant": "pregnant"}, (600, 600), (360, 360)),
        ({"sex": "female", "age": 35, "pregnant": "breastfeeding"}, (600, 600), (320, 320)),
        ({"sex": "male", "age": 70}, (600, 600), (420, 420)),
        ({"sex": "male", "age": 71}, (800, 800), (420, 420)),
        # 18-year-olds: the NIH table for ages 14 to 18 (clinical review)
        ({"sex": "male", "age": 18}, (600, 600), (410, 410)),
        ({"sex": "female", "age": 18}, (600, 600), (360, 360)),
        ({"sex": "female", "age": 18, "pregnant": "pregnant"}, (600, 600), (400, 400)),
        ({"sex": "prefer_not", "age": 18}, (600, 600), (360, 410)),
    ],
)
def test_reference_intakes_follow_the_nih_tables(questionnaire, changes, vitamin_d, magnesium):
    estimate = nutrition.estimate(questionnaire.estimate, flat(QUIET) | changes)
    assert (estimate.of("vitamin_d").low, estimate.of("vitamin_d").high) == vitamin_d
    assert (estimate.of("magnesium").low, estimate.of("magnesium").high) == magnesium


def test_nobody_answered_no_food_question_gets_no_estimate(questionnaire):
    assert nutrition.estimate(questionnaire.estimate, {"age": 40}) is None
    assert nutrition.estimate(None, flat(QUIET)) is None


def test_food_tips_put_what_the_person_rarely_eats_first(questionnaire):
    answers = flat(QUIET) | {"fatty_fish": "rarely", "greens": "rarely"}
    tips = nutrition.tips(questionnaire.estimate, answers)
    rarely = [tip.name for tip in tips if tip.rarely]
    assert rarely[:2] == ["Salmon or trout, 3 ounces", "Mushrooms grown in UV light, half a cup"]
    assert "Spinach, cooked, half a cup" in rarely
    assert [tip.rarely for tip in tips] == sorted((tip.rarely for tip in tips), reverse=True)


FOOD_ANSWERS = {
    "fatty_fish": ["rarely", "weekly", "more"],
    "milk": ["none", "one", "two"],
    "eggs": ["rarely", "few", "many"],
    "cereal": ["rarely", "weekly", "daily"],
    "mushrooms": ["rarely", "weekly"],
    "nuts_seeds": ["rarely", "weekly", "daily"],
    "beans": ["rarely", "weekly", "daily"],
    "greens": ["rarely", "weekly", "daily"],
    "grains": ["rarely", "weekly", "daily"],
}


@given(answers=st.fixed_dictionaries({q: st.sampled_from(v) for q, v in FOOD_ANSWERS.items()}))
def test_estimate_is_the_sum_of_servings_times_amounts(questionnaire, answers):
    food = questionnaire.estimate  # session-scoped: loaded once for every example
    estimate = nutrition.estimate(food, {"age": 40, "sex": "female"} | answers)
    expected_d = sum(
        f.servings_per_day[answers[f.question]] * f.amounts.get("vitamin_d", 0) for f in food.foods
    )
    expected_mg = sum(
        f.servings_per_day[answers[f.question]] * f.amounts.get("magnesium", 0) for f in food.foods
    )
    assert estimate.of("vitamin_d").amount == round(expected_d)
    assert estimate.of("magnesium").amount == round(expected_mg)
    # the chart always has room for both the bar and the reference mark
    for intake in (estimate.of("vitamin_d"), estimate.of("magnesium")):
        assert 0 <= intake.percent(intake.amount) <= 80
        assert 0 < intake.percent(intake.high) <= 80


def test_every_answer_of_every_food_question_has_servings(questionnaire):
    for food in questionnaire.estimate.foods:
        choices = {c.id for c in questionnaire.questions[food.question].choices}
        assert set(food.servings_per_day) == choices, food.id
