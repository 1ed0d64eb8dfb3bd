"""Rules: which clinician questions a person gets, in what order, and why."""

from pathlib import Path

import pytest

from selfcheck.questionnaire import load
from selfcheck.rules import build_list, prompt_text, triggered_stop


def ids(report):
    return [item.id for item in report.items]


def test_nothing_to_flag_still_gets_the_closing_block(questionnaire):
    report = build_list(questionnaire, {"age": 45, "red_flags": ["none"]})
    assert ids(report) == []
    assert report.closing.questions == [
        "What is my main problem?",
        "What do I need to do?",
        "Why is it important for me to do this?",
    ]


def test_ordered_by_priority_then_topic_then_file_order(questionnaire):
    answers = {
        "age": 72,
        "outdoor_time": "under_15",
        "medicines": ["ppi"],
        "ppi_duration": "over_year",
        "mg_supplement": "yes",
        "mg_dose": 500,
        "stress": 9,
    }
    assert ids(build_list(questionnaire, answers)) == [
        "mg_dose_high",
        "ppi",
        "older_little_sun",
        "stress_high",
    ]


def test_list_is_capped_and_says_how_many_were_left_out(questionnaire):
    answers = {
        "age": 80,
        "outdoor_time": "under_15",
        "medicines": ["ppi", "diuretic", "steroid"],
        "mg_supplement": "yes",
        "mg_dose": 500,
        "stress": 9,
        "sleep_hours": 5,
        "eating_pattern": "vegan",
        "nuts_seeds": "rarely",
        "family_autoimmune": "yes",
        "gut_conditions": ["celiac"],
    }
    report = build_list(questionnaire, answers, limit=4)
    assert len(report.items) == 4
    assert report.left_out == len(build_list(questionnaire, answers, limit=100).items) - 4
    assert ids(report)[:2] == ["mg_dose_high", "malabsorption"]


def test_reasons_quote_the_answers_that_triggered_a_prompt(questionnaire):
    report = build_list(questionnaire, {"age": 72})
    (item,) = report.items
    assert item.id == "older_adult"
    assert [(r.question, r.answer) for r in item.reasons] == [("How old are you?", "72 years")]
    assert item.sources[0].publisher == "NIH Office of Dietary Supplements"


def test_reasons_are_only_the_answers_that_triggered_it(questionnaire):
    answers = {
        "outdoor_time": "under_15",
        "covered": "no",
        "indoors": "yes",
        "skin_type": "prefer_not",
    }
    (item,) = build_list(questionnaire, answers).items
    assert [r.answer for r in item.reasons] == ["Less than 15 minutes", "Yes"]


def test_context_answers_the_condition_does_not_read_are_kept(questionnaire):
    answers = {"vitd_supplement": "yes", "vitd_dose": 5000, "vitd_unit": "iu"}
    answers["vitd_how_often"] = "day"
    (item,) = build_list(questionnaire, answers).items
    assert [(r.question, r.answer) for r in item.reasons] == [
        ("Do you take vitamin D?", "Yes"),
        ("How much vitamin D do you take each time?", "5,000"),
        ("Is that amount in IU or mcg?", "IU"),
        ("How often do you take that amount?", "Every day"),
    ]


def test_quoted_answers_are_filled_in_once_and_stay_literal(questionnaire):
    prompt = next(p for p in questionnaire.prompts if p.id == "own_question")
    text = prompt_text(questionnaire, prompt, {"own_question": "{age} <b>{{7*7}}</b> %s"})
    assert text == "I also want to ask: {age} <b>{{7*7}}</b> %s"


def test_prompt_with_a_missing_quoted_answer_is_not_shown(questionnaire):
    answers = {"vitd_result_unit": "nmol_l"}  # result left empty: nothing to quote
    assert "vitd_result" not in ids(build_list(questionnaire, answers))
    answers["vitd_result"] = 40.5
    report = build_list(questionnaire, answers)
    assert report.items[0].text == "My vitamin D result was 40.5 nmol/L. What does it mean for me?"


def test_vitamin_d_dose_over_the_upper_limit_in_iu_and_mcg(questionnaire):
    def dose(value, unit):
        answers = {"vitd_supplement": "yes", "vitd_dose": value, "vitd_unit": unit}
        answers["vitd_how_often"] = "day"
        return ids(build_list(questionnaire, answers))

    assert dose(5000, "iu") == ["vitd_dose_high"]
    assert dose(4000, "iu") == []
    assert dose(125, "mcg") == ["vitd_dose_high"]
    assert dose(100, "mcg") == []


def test_stops(questionnaire):
    assert triggered_stop(questionnaire, {"red_flags": ["chest_pain"]}).kind == "urgent"
    assert triggered_stop(questionnaire, {"age": 16}).id == "under_18"
    assert triggered_stop(questionnaire, {"age": 18, "red_flags": ["none"]}) is None


def test_notices(questionnaire):
    report = build_list(questionnaire, {"gut_alarm": ["weight_loss"]})
    assert [n.id for n in report.notices] == ["gut_alarm"]


# --- the length cap, declared contradictions and quoted answers (tests/data/cap.yaml) ----

CAP = load(Path(__file__).parent / "data" / "cap.yaml").first


def test_the_cap_never_moves_a_kept_or_priority_1_prompt_below_the_list():
    report = build_list(CAP, {"hours": 4}, limit=1)
    assert ids(report) == ["urgent_one", "kept"]  # both kept, though the limit is 1
    assert [item.id for item in report.more] == ["routine_a", "too_much", "routine_b"]
    assert report.left_out == 3


def test_what_the_cap_leaves_out_is_kept_in_order_below_the_list():
    report = build_list(CAP, {"hours": 6}, limit=2)
    assert ids(report) == ["routine_a", "too_much"]
    assert [item.id for item in report.more] == ["routine_b"]


def test_of_a_declared_contradictory_pair_only_the_better_ranked_one_is_shown():
    both = build_list(CAP, {"hours": 6}, limit=10)
    assert "too_much" in ids(both) and "too_little" not in ids(both)
    assert "too_little" not in [item.id for item in both.more]
    alone = build_list(CAP, {"hours": 2}, limit=10)
    assert "too_little" in ids(alone) and "too_much" not in ids(alone)


@pytest.mark.parametrize(
    ("shift", "text"),
    [
        ("nights", "I work mostly nights. Mostly nights is how I work."),
        ("ppi", "I work PPI shifts. PPI shifts is how I work."),
        ("crohn", "I work hours that suit my Crohn's. Crohn's hours is how I work."),
    ],
)
def test_a_quoted_choice_reads_as_part_of_the_sentence(shift, text):
    prompt = next(p for p in CAP.prompts if p.id == "quoted")
    assert prompt_text(CAP, prompt, {"shift": shift}) == text


def test_because_shows_only_the_choices_asked_about_and_an_unanswered_reason():
    from selfcheck.questionnaire import load as load_file

    hearing = load_file(Path(__file__).parent / "data" / "hearing" / "questions.yaml").first
    answers = {"noise_places": ["work", "traffic"], "protection": "no", "age": 40}
    item = next(i for i in build_list(hearing, answers).items if i.id == "no_protection")
    assert [(r.question, r.answer) for r in item.reasons] == [
        ("Where is it loud?", "At work"),  # not traffic: the question asks about work and music
        ("Do you wear ear protection there?", "No"),
    ]
    never = next(i for i in build_list(hearing, {"age": 40}).items if i.id == "never_tested")
    assert [(r.question, r.answer) for r in never.reasons] == [
        ("When was your last hearing test?", "Not answered")
    ]
