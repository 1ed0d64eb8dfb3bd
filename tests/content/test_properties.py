"""Properties of every list the shipped questionnaire can make, over whole random people.

`content_solver.people` answers every question a person would be asked, with numbers drawn
on and between the thresholds the file compares them with, and lays over that up to five
"seeds": answer sets the content solver built to make one prompt, notice or stop apply (one
per branch of its condition). Every pair of seeds is also checked one by one. For any of
these people:

- no two prompts declared `not_with` each other both apply, and no list points two ways at
  once (vitamin D or magnesium too low and too high);
- every "Because you said" names at least one answer;
- the length cap keeps what must be kept and its "N more questions" count is honest;
- every first-person sentence is true of the answers (CLAIMS below, one per prompt);
- the safety notices appear exactly when an answer crosses a threshold, worked out here in
  Python from the answers (IU per day, ng/mL), not from the YAML conditions.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcheck import conditions
from selfcheck.rules import build_list, prompt_text

from ..conftest import examples, some_of
from .people import SHIPPED
from .solver import base_answers, people, seeds, settle

QUESTIONNAIRE = SHIPPED
PROMPTS = {p.id: p for p in QUESTIONNAIRE.prompts}
SEEDS = seeds(QUESTIONNAIRE)
EVERYONE = people(QUESTIONNAIRE, SEEDS)
SETTINGS = settings(
    max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def fired(answers) -> set[str]:
    """Prompt ids whose condition holds and whose quoted answers are there."""
    return {
        p.id
        for p in QUESTIONNAIRE.prompts
        if conditions.evaluate(p.when, answers)
        and prompt_text(QUESTIONNAIRE, p, answers) is not None
    }


def everything_shown(answers) -> set[str]:
    report = build_list(QUESTIONNAIRE, answers, limit=100)
    return {i.id for i in report.items + report.more} | {n.id for n in report.notices}


# --- Contradictions ---------------------------------------------------------------------


@SETTINGS
@given(EVERYONE)
def test_no_declared_contradictory_pair_applies_together(answers):
    applies = fired(answers)
    clashes = {(p, other) for p in applies for other in PROMPTS[p].not_with if other in applies}
    assert clashes == set()


def test_not_with_is_declared_both_ways():
    one_way = [
        (p.id, other) for p in QUESTIONNAIRE.prompts for other in p.not_with
        if p.id not in PROMPTS[other].not_with
    ]  # fmt: skip
    assert one_way == []


VITAMIN_D_LOW = {"older_little_sun", "older_adult", "little_sun", "lupus_sun", "skin_sun",
                 "high_latitude", "vegan_vitd", "restricted_diet", "vital_trial"}  # fmt: skip
VITAMIN_D_HIGH = {"vitd_dose_high", "vitd_intake_very_high", "vitd_result_high",
                  "vitd_result_very_high", "vitd_dose_very_high", "vitd_dose_unsure_high",
                  "vitd_dose_unsure_often", "vitd_result_unit_unknown_high", "high_vitd_result",
                  "vitamin_d_test_too_much", "vitd_dose_unit_unknown_high",
                  "vitd_result_unit_unknown_very_high", "vitd_dose_high_result",
                  "kidney_vitd"}  # fmt: skip
MAGNESIUM_LOW = {"serum_magnesium", "loose_stools", "low_magnesium_foods", "mg_vitd_link",
                 "restricted_diet", "magnesium_test"}  # fmt: skip
MAGNESIUM_HIGH = {"mg_dose_high", "mg_medicines", "kidney_supplements", "magnesium_test_too_much",
                  "mg_dose_very_high", "mg_very_high_item", "kidney_mg",
                  "kidney_mg_antacid"}  # fmt: skip


@SETTINGS
@given(EVERYONE)
def test_no_list_points_two_ways_at_once(answers):
    report = build_list(QUESTIONNAIRE, answers, limit=100)
    shown = everything_shown(answers) | {t.id for t in report.tests}
    if answers.get("kidney") == "yes" and answers.get("vitd_supplement") == "yes":
        shown.add("kidney_with_vitamin_d")
    assert not (shown & VITAMIN_D_LOW and shown & (VITAMIN_D_HIGH | {"kidney_with_vitamin_d"}))
    assert not (shown & MAGNESIUM_LOW and shown & MAGNESIUM_HIGH)


def test_the_direction_sets_name_real_prompts_notices_and_test_notes():
    known = set(PROMPTS) | {n.id for n in QUESTIONNAIRE.notices}
    known |= {t.id for t in QUESTIONNAIRE.common_tests.items}
    assert (VITAMIN_D_LOW | VITAMIN_D_HIGH | MAGNESIUM_LOW | MAGNESIUM_HIGH) <= known


# --- Because you said ---------------------------------------------------------------------


@SETTINGS
@given(EVERYONE)
def test_every_because_names_an_answer(answers):
    report = build_list(QUESTIONNAIRE, answers, limit=100)
    assert [item.id for item in report.items if not item.reasons] == []


# --- The cap ------------------------------------------------------------------------------


@SETTINGS
@given(EVERYONE, st.integers(min_value=0, max_value=12))
def test_the_cap_keeps_what_must_be_kept_and_counts_the_rest(answers, limit):
    full = build_list(QUESTIONNAIRE, answers, limit=100)
    capped = build_list(QUESTIONNAIRE, answers, limit=limit)
    kept = [i.id for i in full.items if PROMPTS[i.id].kept]
    shown = [i.id for i in capped.items]
    below = [i.id for i in capped.more]
    assert set(kept) <= set(shown)  # priority 1 or keep: never moved below the list
    assert capped.left_out == len(below) == len(full.items) - len(shown)
    assert sorted(shown + below) == sorted(i.id for i in full.items)  # nothing lost
    assert len(shown) <= max(limit, len(kept))
    assert capped.notices == full.notices  # notices are never capped


def test_what_must_never_be_dropped_is_kept():
    """Issue 14 §7: flagged results, first-degree relatives' screening, the person's own
    question, and the safety items (priority 1)."""
    for prompt_id in ["abnormal_result", "abnormal_vitd_result", "family_celiac", "own_question",
                      "vitd_dose_high", "vitd_dose_very_high", "vitd_dose_unsure_often",
                      "high_vitd_result", "mg_dose_high", "thiazide_vitd",
                      "bring_labels_unit", "vitd_dose_high_result", "mg_very_high_item",
                      "kidney_vitd", "kidney_mg", "kidney_mg_antacid",
                      "gut_alarm_item"]:  # fmt: skip
        assert PROMPTS[prompt_id].kept, prompt_id


# --- First-person sentences are true ------------------------------------------------------


def C(raw) -> conditions.Condition:
    return conditions.parse(raw)


YES = "yes"
# prompt id → what its first-person words say about the person, as a condition on the answers.
# A quoted answer ({vitd_dose}) is true by construction; the claim covers the rest.
CLAIMS = {
    "vitd_dose_high": {"question": "vitd_supplement", "equals": YES},
    "vitd_dose_very_high": {"question": "vitd_supplement", "equals": YES},
    "vitd_dose_unsure_often": {"question": "vitd_supplement", "equals": YES},
    "vitd_dose_high_result": {"all": [{"question": "vitd_supplement", "equals": YES},
                                      {"question": "vitd_result", "answered": True}]},
    "mg_very_high_item": {"question": "mg_dose", "answered": True},
    "kidney_vitd": {"all": [{"question": "kidney", "equals": YES},
                            {"question": "vitd_supplement", "equals": YES}]},
    "kidney_mg": {"all": [{"question": "kidney", "equals": YES},
                          {"question": "mg_supplement", "equals": YES}]},
    "kidney_mg_antacid": {"all": [{"question": "kidney", "equals": YES},
                                  {"question": "medicines", "any_of": ["mg_antacid"]}]},
    # "I have had a gut warning sign"
    "gut_alarm_item": {"question": "gut_alarm",
                       "any_of": ["blood_in_stool", "weight_loss", "night_diarrhea"]},
    "mg_dose_high": {"question": "mg_supplement", "equals": YES},
    "thiazide_vitd": {"all": [{"question": "medicines", "any_of": ["thiazide"]},
                              {"any": [{"question": "vitd_supplement", "equals": YES},
                                       {"question": "minerals", "any_of": ["calcium"]}]}]},
    "pregnant": {"question": "pregnant", "in": ["pregnant", "breastfeeding"]},
    "malabsorption": {"question": "gut_conditions",
                      "any_of": ["celiac", "crohns", "colitis", "liver", "pancreas"]},
    "weight_loss_surgery": {"question": "weight_surgery", "equals": YES},
    "abnormal_result": {"question": "abnormal", "equals": YES},
    "abnormal_vitd_result": {"all": [{"question": "abnormal", "equals": YES},
                                     {"question": "vitd_result", "answered": True}]},
    "family_celiac": {"question": "celiac_relative", "equals": "close"},
    "ppi": {"question": "ppi_duration", "equals": "over_year"},
    "ppi_short": {"question": "medicines", "any_of": ["ppi"]},
    "mg_medicines": {"question": "medicines", "any_of": ["mg_antacid"]},
    "levothyroxine_spacing": {"question": "medicines", "any_of": ["thyroid"]},
    "antibiotic_spacing": {"all": [
        {"question": "medicines", "any_of": ["antibiotic"]},
        {"any": [{"question": "mg_supplement", "equals": YES},
                 {"question": "medicines", "any_of": ["mg_antacid"]},
                 {"question": "minerals", "any_of": ["calcium", "iron"]}]}]},
    "bisphosphonate": {"question": "medicines", "any_of": ["bisphosphonate"]},
    "steroid_bones": {"question": "medicines", "any_of": ["steroid"]},
    "vitd_medicines": {"question": "medicines",
                       "any_of": ["seizure", "rifampin", "cholestyramine", "orlistat"]},
    "diuretic": {"question": "medicines", "any_of": ["loop_diuretic", "thiazide"]},
    # "I'm not sure how much is in some of my supplements": an amount is missing
    "bring_labels": {"any": [
        {"all": [{"question": "vitd_supplement", "equals": YES},
                 {"question": "vitd_dose", "answered": False}]},
        {"all": [{"question": "mg_supplement", "equals": YES},
                 {"question": "mg_dose", "answered": False}]}]},
    "bring_labels_unit": {"all": [{"question": "vitd_supplement", "equals": YES},
                                  {"question": "vitd_unit", "equals": "unknown"}]},
    "bring_labels_often": {"all": [{"question": "vitd_supplement", "equals": YES},
                                   {"question": "vitd_how_often", "equals": "not_sure"}]},
    "older_little_sun": {"all": [{"question": "age", "gt": 70}, {"any": [
        {"question": "outdoor_time", "equals": "under_15"},
        {"question": "indoors", "equals": YES}]}]},
    "older_adult": {"question": "age", "gt": 70},
    "little_sun": {"any": [{"question": "outdoor_time", "equals": "under_15"},
                           {"question": "indoors", "equals": YES}]},
    "lupus_sun": {"question": "own_conditions", "any_of": ["lupus"]},
    "breastfed_baby": {"question": "pregnant", "equals": "breastfeeding"},
    "vegan_vitd": {"question": "eating_pattern", "equals": "vegan"},
    "restricted_diet": {"question": "eating_pattern", "equals": "restricted"},
    "family_thyroid": {"question": "family_conditions", "any_of": ["hashimoto", "graves"]},
    "own_and_family": {"all": [
        {"question": "family_autoimmune", "equals": YES},
        {"question": "own_conditions", "any_of": ["thyroid", "type1_diabetes", "rheumatoid",
                                                  "lupus", "ms", "psoriasis", "other"]}]},
    "vitd_result": {"question": "vitd_result", "answered": True},
    "high_vitd_result": {"question": "vitd_result", "answered": True},
    "vitd_result_unit_unknown": {"all": [{"question": "vitd_result", "answered": True},
                                         {"question": "vitd_result_unit", "equals": "unknown"}]},
    "pale_stools": {"question": "gut_symptoms", "any_of": ["pale_stools"]},
    "frequent_infections": {"question": "infections",
                            "any_of": ["ear", "sinus", "pneumonia", "iv_antibiotics"]},
    "own_question": {"question": "own_question", "answered": True},
    "high_latitude": {"question": "region", "equals": "far"},
    "mg_stomach": {"question": "mg_stomach", "equals": YES},
    "loose_stools": {"question": "gut_symptoms", "any_of": ["diarrhea"]},
    "low_magnesium_foods": {"all": [{"question": "nuts_seeds", "equals": "rarely"},
                                    {"question": "beans", "equals": "rarely"}]},
    "mg_vitd_link": {"all": [{"question": "vitd_supplement", "equals": YES},
                             {"question": "nuts_seeds", "equals": "rarely"},
                             {"question": "beans", "equals": "rarely"}]},
    # "There is more than one autoimmune condition in my family"
    "several_conditions": {"question": "family_conditions", "count_gte": 2},
    # "More than one person in my family has an autoimmune condition"
    "several_relatives": {"question": "relatives", "count_gte": 2},
    "stress": {"question": "stress_condition", "equals": YES},
    "stress_high": {"question": "stress", "gte": 7},
    "sleep": {"any": [{"question": "sleep_hours", "lt": 7},
                      {"question": "refreshed", "equals": "rarely"}]},
}  # fmt: skip

FIRST_PERSON = re.compile(r"\b(I|I'm|I've|my|My)\b")


def statements(text: str) -> list[str]:
    """Sentences that state something (not questions) in a prompt's English text."""
    return [s for s in re.split(r"(?<=[.?!])\s+", text) if s.endswith(".")]


def test_every_first_person_statement_has_a_claim():
    """A prompt that says 'I …' has an entry in CLAIMS (and CLAIMS names only real prompts)."""
    missing = [
        p.id for p in QUESTIONNAIRE.prompts
        if any(FIRST_PERSON.search(s) for s in statements(p.text)) and p.id not in CLAIMS
    ]  # fmt: skip
    assert missing == []
    assert set(CLAIMS) <= set(PROMPTS)


PARSED = {prompt_id: C(raw) for prompt_id, raw in CLAIMS.items()}


@SETTINGS
@given(EVERYONE)
def test_every_first_person_statement_is_true_of_the_answers(answers):
    report = build_list(QUESTIONNAIRE, answers, limit=100)
    false = [
        item.id for item in report.items + report.more
        if item.id in PARSED and not conditions.evaluate(PARSED[item.id], answers)
    ]  # fmt: skip
    assert false == []


# --- Safety notices, worked out from the answers --------------------------------------------

DAYS = {"day": 1, "week": 7, "month": 30}


def vitamin_d_iu_a_day(answers) -> Fraction | None:
    """The supplement's daily average in IU (mcg × 40; an unknown unit read as IU), or None
    when the amount or how often is not known."""
    if answers.get("vitd_supplement") != "yes" or "vitd_dose" not in answers:
        return None
    if answers.get("vitd_how_often") not in DAYS:
        return None
    dose = Fraction(str(answers["vitd_dose"]))
    if answers.get("vitd_unit") == "mcg":
        dose *= 40
    return dose / DAYS[answers["vitd_how_often"]]


def vitamin_d_iu_each_time(answers) -> Fraction:
    """One dose in IU (mcg × 40; an unknown unit read as IU), 0 when not given."""
    if answers.get("vitd_supplement") != "yes" or "vitd_dose" not in answers:
        return Fraction(0)
    dose = Fraction(str(answers["vitd_dose"]))
    return dose * 40 if answers.get("vitd_unit") == "mcg" else dose


def vitamin_d_mcg_a_day_if_unit_unknown(answers) -> Fraction | None:
    """An amount in an unknown unit read as mcg, as its daily average; None otherwise."""
    if answers.get("vitd_unit") != "unknown":
        return None
    return vitamin_d_iu_a_day(answers)  # the same number, whichever unit it is read in


def result_over_50(answers) -> bool:
    """Above 50 ng/mL or 125 nmol/L, or above 50 in an unknown unit (it may be ng/mL)."""
    if "vitd_result" not in answers:
        return False
    value = Fraction(str(answers["vitd_result"]))
    return value > (125 if answers.get("vitd_result_unit") == "nmol_l" else 50)


def result_ng_ml(answers) -> Fraction | None:
    """The 25(OH)D result in ng/mL (1 nmol/L is 0.4 ng/mL; an unknown unit gives the lower)."""
    if "vitd_result" not in answers:
        return None
    value = Fraction(str(answers["vitd_result"]))
    return value if answers.get("vitd_result_unit") == "ng_ml" else value * Fraction(2, 5)


@SETTINGS
@given(EVERYONE)
def test_a_safety_notice_appears_exactly_when_a_threshold_is_crossed(answers):
    notices = {n.id for n in build_list(QUESTIONNAIRE, answers).notices}
    daily = vitamin_d_iu_a_day(answers)
    ng = result_ng_ml(answers)
    kidney = answers.get("kidney") == "yes" and (
        answers.get("vitd_supplement") == "yes"
        or answers.get("mg_supplement") == "yes"
        or "mg_antacid" in answers.get("medicines", [])
    )
    assert ("vitd_intake_very_high" in notices) == (daily is not None and daily >= 10_000)
    each_time = vitamin_d_iu_each_time(answers)
    unsure = answers.get("vitd_how_often") in ("other", "not_sure")
    assert ("vitd_dose_unsure_high" in notices) == (unsure and each_time >= 10_000)
    value = answers.get("vitd_result")
    if answers.get("vitd_result_unit") == "unknown" and value is not None:
        # the number may be ng/mL: "check the unit" above 50, "soon" above 125 (high in either
        # unit), "today" above 150 (toxic if ng/mL), and the known-unit "today" above 375
        assert ("vitd_result_unit_unknown_high" in notices) == (50 < value <= 125)
        assert ("vitd_result_high" in notices) == (125 < value <= 150)
        assert ("vitd_result_unit_unknown_very_high" in notices) == (150 < value <= 375)
        assert ("vitd_result_very_high" in notices) == (value > 375)
    else:
        assert ("vitd_result_high" in notices) == (ng is not None and 50 < ng <= 150)
        assert ("vitd_result_very_high" in notices) == (ng is not None and ng > 150)
        assert not notices & {"vitd_result_unit_unknown_high", "vitd_result_unit_unknown_very_high"}
    mcg_a_day = vitamin_d_mcg_a_day_if_unit_unknown(answers)
    assert ("vitd_dose_unit_unknown_high" in notices) == (
        mcg_a_day is not None and mcg_a_day >= 250 and daily < 10_000
    )
    assert ("mg_dose_very_high" in notices) == (answers.get("mg_dose", 0) >= 5_000)
    assert ("kidney_supplements" in notices) == kidney


@SETTINGS
@given(EVERYONE)
def test_routine_dose_questions_leave_dangerous_intakes_to_the_notices(answers):
    applies = fired(answers)
    daily = vitamin_d_iu_a_day(answers)
    kidney = answers.get("kidney") == "yes"
    expect_vitd = daily is not None and 4_000 < daily < 10_000 and not kidney
    high_result = result_over_50(answers)
    # an unknown unit read as IU, as above; under a high result, "should I keep taking it?"
    assert ("vitd_dose_high" in applies) == (expect_vitd and not high_result)
    assert ("vitd_dose_high_result" in applies) == (expect_vitd and high_result)
    assert ("vitd_dose_very_high" in applies) == (daily is not None and daily >= 10_000)
    expect_mg = 350 < answers.get("mg_dose", 0) < 5_000 and not kidney
    assert ("mg_dose_high" in applies) == expect_mg


def test_the_strategy_reaches_the_thresholds():
    """The random people are not all quiet: each safety notice shows for some of them."""
    seen: set[str] = set()

    # the same people every run, so that it fails for a reason, not by chance (drawn at
    # random, 600 people missed a rare notice now and then); 600 where CI is set, 150 here
    @settings(
        max_examples=examples(600),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        derandomize=True,
    )
    @given(EVERYONE)
    def collect(answers):
        seen.update(n.id for n in build_list(QUESTIONNAIRE, answers).notices)

    collect()
    assert {n.id for n in QUESTIONNAIRE.notices} <= seen


# --- Every pair of seeds, one by one ------------------------------------------------------


def pairs_of_seeds():
    """Every pair where CI is set; a quarter of them, spread evenly, in the fast loop."""
    base = {**base_answers(QUESTIONNAIRE)}
    pairs = [(first, second) for i, first in enumerate(SEEDS) for second in SEEDS[i:]]
    for first, second in some_of(pairs):
        yield settle(QUESTIONNAIRE, {**base, **first, **second})


def test_every_pair_of_seeds_keeps_the_list_consistent_and_true():
    """Deterministic and exhaustive where hypothesis samples: each property above, for the
    quiet person with any two seeds laid over them."""
    problems = []
    for answers in pairs_of_seeds():
        for check in PER_PERSON:
            try:
                check.hypothesis.inner_test(answers)
            except AssertionError as error:
                problems.append((check.__name__, answers, str(error)[:300]))
    assert problems[:3] == [] and len(SEEDS) > len(PROMPTS)


PER_PERSON = [
    test_no_declared_contradictory_pair_applies_together,
    test_no_list_points_two_ways_at_once,
    test_every_because_names_an_answer,
    test_every_first_person_statement_is_true_of_the_answers,
    test_a_safety_notice_appears_exactly_when_a_threshold_is_crossed,
    test_routine_dose_questions_leave_dangerous_intakes_to_the_notices,
]


# --- The thresholds themselves, at and beside each edge -------------------------------------

QUIET_PERSON = base_answers(QUESTIONNAIRE)
EDGES = [
    # (amount, unit, how often): a day's average of exactly 10,000 IU, just under, the upper
    # limit of 4,000 IU a day, and just over it
    (amount * per / (40 if unit == "mcg" else 1), unit, how_often)
    for unit in ("iu", "mcg", "unknown")
    for how_often, per in (("day", 1), ("week", 7), ("month", 30))
    for amount in (10_000, 9_999, 4_000, 4_001)
]


@pytest.mark.parametrize("amount, unit, how_often", EDGES)
def test_dose_thresholds_at_their_edges(amount, unit, how_often):
    answers = settle(QUESTIONNAIRE, {**QUIET_PERSON, "vitd_supplement": "yes",
                                     "vitd_dose": amount, "vitd_unit": unit,
                                     "vitd_how_often": how_often})  # fmt: skip
    daily = vitamin_d_iu_a_day(answers)
    report = build_list(QUESTIONNAIRE, answers)
    notices = {n.id for n in report.notices}
    assert ("vitd_intake_very_high" in notices) == (daily >= 10_000)
    items = {i.id for i in report.items}
    assert ("vitd_dose_high" in items) == (4_000 < daily < 10_000)
    assert ("vitd_dose_very_high" in items) == (daily >= 10_000)


@pytest.mark.parametrize(
    "value, unit",
    [(v, "ng_ml") for v in (50, 50.5, 150, 150.5)]
    + [(v, u) for u in ("nmol_l", "unknown") for v in (125, 125.5, 375, 375.5)]
    + [(v, "unknown") for v in (50, 50.5, 150, 150.5)],
)
def test_result_thresholds_at_their_edges(value, unit):
    answers = settle(QUESTIONNAIRE, {**QUIET_PERSON, "vitd_tested": "yes", "vitd_result": value,
                                     "vitd_result_unit": unit})  # fmt: skip
    ng = result_ng_ml(answers)
    notices = {n.id for n in build_list(QUESTIONNAIRE, answers).notices}
    if unit == "unknown":  # read as ng/mL for "today" (above 150), as nmol/L for "soon"
        assert ("vitd_result_unit_unknown_high" in notices) == (50 < value <= 125)
        assert ("vitd_result_high" in notices) == (125 < value <= 150)
        assert ("vitd_result_unit_unknown_very_high" in notices) == (150 < value <= 375)
        assert ("vitd_result_very_high" in notices) == (value > 375)
        return
    assert ("vitd_result_high" in notices) == (50 < ng <= 150)
    assert ("vitd_result_very_high" in notices) == (ng > 150)
