"""Rules: which clinician questions a person gets, in what order, and why."""

from selfcheck.rules import build_report, prompt_text, triggered_stop


def ids(report):
    return [item.id for item in report.items]


def test_nothing_to_flag_still_gets_the_closing_block(questionnaire):
    report = build_report(questionnaire, {"age": 45, "red_flags": ["none"]})
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
        "mg_supplement": "yes",
        "mg_dose": 500,
        "stress": 9,
    }
    assert ids(build_report(questionnaire, answers)) == [
        "mg_dose_high",
        "ppi",
        "little_sun",
        "over_70",
        "serum_magnesium",
        "stress",
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
    report = build_report(questionnaire, answers, limit=4)
    assert len(report.items) == 4
    assert report.left_out == len(build_report(questionnaire, answers, limit=100).items) - 4
    assert ids(report)[:2] == ["mg_dose_high", "malabsorption"]


def test_reasons_quote_the_answers_that_triggered_a_prompt(questionnaire):
    report = build_report(questionnaire, {"age": 72})
    (item,) = report.items
    assert item.id == "over_70"
    assert [(r.question, r.answer) for r in item.reasons] == [("How old are you?", "72 years")]
    assert item.sources[0].publisher == "NIH Office of Dietary Supplements"


def test_reasons_are_only_the_answers_that_triggered_it(questionnaire):
    answers = {
        "outdoor_time": "under_15",
        "covered": "no",
        "indoors": "yes",
        "skin_type": "prefer_not",
    }
    (item,) = build_report(questionnaire, answers).items
    assert [r.answer for r in item.reasons] == ["Less than 15 minutes", "Yes"]


def test_context_answers_the_condition_does_not_read_are_kept(questionnaire):
    answers = {"vitd_supplement": "yes", "vitd_dose": 5000, "vitd_unit": "iu"}
    (item,) = build_report(questionnaire, answers).items
    assert [(r.question, r.answer) for r in item.reasons] == [
        ("Do you take vitamin D?", "Yes"),
        ("How much vitamin D do you take a day?", "5,000"),
        ("Is that amount in IU or mcg?", "IU"),
    ]


def test_quoted_answers_are_filled_in_once_and_stay_literal(questionnaire):
    prompt = next(p for p in questionnaire.prompts if p.id == "own_question")
    text = prompt_text(questionnaire, prompt, {"own_question": "{age} <b>{{7*7}}</b> %s"})
    assert text == "I also want to ask: {age} <b>{{7*7}}</b> %s"


def test_prompt_with_a_missing_quoted_answer_is_not_shown(questionnaire):
    answers = {"vitd_result_unit": "nmol_l"}  # result left empty: nothing to quote
    assert "vitd_result" not in ids(build_report(questionnaire, answers))
    answers["vitd_result"] = 40.5
    report = build_report(questionnaire, answers)
    assert report.items[0].text == "My vitamin D result was 40.5 nmol/L. What does it mean for me?"


def test_vitamin_d_dose_over_the_upper_limit_in_iu_and_mcg(questionnaire):
    def dose(value, unit):
        answers = {"vitd_supplement": "yes", "vitd_dose": value, "vitd_unit": unit}
        return ids(build_report(questionnaire, answers))

    assert dose(5000, "iu") == ["vitd_dose_high"]
    assert dose(4000, "iu") == []
    assert dose(125, "mcg") == ["vitd_dose_high"]
    assert dose(100, "mcg") == []


def test_stops(questionnaire):
    assert triggered_stop(questionnaire, {"red_flags": ["chest_pain"]}).kind == "urgent"
    assert triggered_stop(questionnaire, {"age": 16}).id == "under_18"
    assert triggered_stop(questionnaire, {"age": 18, "red_flags": ["none"]}) is None


def test_notices(questionnaire):
    report = build_report(questionnaire, {"gut_alarm": ["weight_loss"]})
    assert [n.id for n in report.notices] == ["gut_alarm"]
