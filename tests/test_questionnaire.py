"""The questionnaire loader: the shipped file is valid; every broken fixture gets an exact,
line-numbered message that says what to do."""

import re
from pathlib import Path

import pytest

from selfcheck.questionnaire import RESERVED_IDS, QuestionnaireError, load

BROKEN = Path(__file__).parent / "data" / "broken"
ROOT = Path(__file__).parent.parent

UNUSED = (
    "no clinician question, stop, notice, test note or food estimate uses this answer. Use it "
    "in a prompt's `when` or `because`, remove the question, or add `context:` saying why it is "
    "asked."
)

EXPECTED = {
    "unused_question": [(20, f"question 'sun': {UNUSED}")],
    "not_with_unknown": [
        (20, f"question 'sun': {UNUSED}"),
        (31, f"question 'note': {UNUSED}"),
        (45, "prompt 'older': not_with names the prompt 'youngr', which does not exist."),
    ],
    "any_of_on_single_choice": [
        (
            42,
            "prompt 'older': 'any_of' is for multi_choice questions, but 'sun' is a "
            "single_choice question. Use equals or in.",
        ),
    ],
    "bad_id": [
        (
            20,
            "question 'Sun Time': 'Sun Time' is not a valid question id. Use lower-case "
            "letters, digits and _, starting with a letter, at most 40 characters (like sun_time).",
        ),
    ],
    "bad_placeholder": [
        (
            41,
            "prompt 'older': '{age.__class__}' cannot be quoted: write just a question id "
            "in braces, like {age}.",
        ),
    ],
    "duplicate_choice_id": [
        (
            27,
            "choice 'little': duplicate choice id 'little' (first at line 25). "
            "Every choice needs its own id.",
        ),
    ],
    "duplicate_key": [
        (
            18,
            "duplicate key 'label' (first at line 17). YAML would keep only the last one; "
            "remove or rename one of them.",
        ),
    ],
    "duplicate_question_id": [
        (
            32,
            "question 'age': duplicate question id 'age' (first at line 15). "
            "Every question needs its own id.",
        ),
    ],
    "estimate": [
        (62, "nutrient 'vitamin_d': give either 'amount' or 'range' (low and high), not both."),
        (
            63,
            "nutrient 'vitamin_d': the last reference intake needs no 'when', so every person "
            "gets one.",
        ),
        (69, "nutrient 'magnesium': the range goes low to high: swap them."),
        (
            74,
            "food 'fish': servings_per_day needs one number for each answer of 'sun': "
            "little, lots.",
        ),
        (
            78,
            "food 'nuts': 'age' must be a single_choice question (how often the person eats "
            "this food).",
        ),
        (83, "food 'eggs': the estimate uses the question 'eggs', which does not exist."),
        (85, "food 'eggs': 'iron' is not one of the estimate's nutrients: vitamin_d, magnesium."),
    ],
    "many_problems": [
        (
            20,
            "question 'sun': unknown question type 'dropdown'. Use one of: single_choice, "
            "multi_choice, yes_no, number, scale, text, date.",
        ),
        (39, "prompt 'older': 'priority' must be at most 5."),
        (
            41,
            "prompt 'older': when names the question 'agee', which does not exist. "
            "Did you mean 'age'?",
        ),
    ],
    "min_greater_than_max": [
        (18, "question 'age': min (130) is greater than max (120). Swap them."),
    ],
    "missing_sources": [
        (
            38,
            "prompt 'older': 'sources' is missing. Add `sources:` with at least one source "
            "(title, publisher, year, url).",
        ),
    ],
    "not_utf8": [
        (30, "this line is not valid UTF-8 text. Save the file as UTF-8 in your editor."),
    ],
    "numeric_comparison_on_choice": [
        (
            42,
            "prompt 'older': 'gte' compares numbers, but 'sun' is a single_choice question. "
            "Use equals or in with its answers.",
        ),
    ],
    "reserved_id": [
        (
            32,
            "question 'data': 'data' cannot be a question id: the form uses that name "
            "itself. Choose another, like data_answer.",
        ),
    ],
    "show_if_later_question": [
        (
            18,
            "question 'age': show_if uses 'sun', which is asked at or after this question. "
            "A question can only depend on questions before it; move it further down.",
        ),
    ],
    "step_show_if_own_step": [
        (
            31,
            "step 'two': show_if uses 'note', which is asked on this step or a later one. "
            "A step can only depend on answers from earlier steps.",
        ),
    ],
    "unknown_choice_in_condition": [
        (42, "prompt 'older': 'sun' has no answer 'none'. Its answers are: little, lots."),
    ],
    "unknown_key": [
        (
            15,
            "question 'age': 'label' is missing. Add `label:` with the question as the "
            "patient reads it.",
        ),
        (
            17,
            "question 'age': unknown key 'lable'. Did you mean 'label'? Remove it or "
            "correct its spelling.",
        ),
    ],
    "unknown_operator": [
        (
            42,
            "prompt 'older': when: unknown operator 'greater'. Use one of: equals, in, "
            "any_of, count_gte, gt, gte, lt, lte, answered.",
        ),
    ],
    "unknown_placeholder": [
        (41, "prompt 'older': the text quotes {years}, but there is no question 'years'."),
    ],
    "unknown_question_in_condition": [
        (
            42,
            "prompt 'older': when names the question 'agee', which does not exist. "
            "Did you mean 'age'?",
        ),
    ],
    "unknown_question_type": [
        (
            20,
            "question 'sun': unknown question type 'dropdown'. Use one of: single_choice, "
            "multi_choice, yes_no, number, scale, text, date.",
        ),
    ],
    "unknown_topic": [
        (39, "prompt 'older': unknown topic 'sunshine'. Topics are: general."),
    ],
    "version_not_text": [
        (
            4,
            "meta: 'version' must be text (put it in quotes if it looks like a number, "
            "date or yes/no).",
        ),
    ],
    "wrong_type": [
        (40, "prompt 'older': 'priority' must be a whole number."),
    ],
    "yaml_alias": [
        (10, "anchors (&name) are not allowed. Write the value out in full."),
        (14, "aliases (*name) are not allowed. Write the value out in full."),
    ],
    "yaml_syntax": [
        (
            14,
            "“questions: oops” is indented 3 spaces, but it seems to belong to the block that "
            "starts on line 12 (“- id: one”), whose lines are indented 4 spaces. Line it up "
            "with them.",
        ),
    ],
    "yaml_tag": [
        (
            10,
            "YAML tags like !!python/object:os.system are not allowed. Remove the tag; "
            "write plain text, numbers, lists and mappings only.",
        ),
    ],
}


def test_every_fixture_has_expectations():
    assert sorted(p.stem for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_fixture_reports_exact_messages_and_lines(name):
    path = BROKEN / f"{name}.yaml"
    with pytest.raises(QuestionnaireError) as caught:
        load(path, f"{name}.yaml")
    got = [(e.line, e.message) for e in caught.value.errors]
    assert got == EXPECTED[name]
    assert str(caught.value).splitlines()[0] == f"{name}.yaml:{got[0][0]}: {got[0][1]}"


def test_shipped_questionnaire_loads(questionnaire):
    assert questionnaire.meta.id == "vitamin-d-magnesium-immune"
    assert {q.type for q in questionnaire.questions.values()} == {
        "single_choice",
        "multi_choice",
        "yes_no",
        "number",
        "scale",
        "text",
    }
    assert all(p.sources for p in questionnaire.prompts)
    assert {s.kind for s in questionnaire.stops} == {"urgent", "not_for_you"}


def test_minimal_fixture_loads():
    questionnaire = load(Path(__file__).parent / "data" / "minimal.yaml").first
    assert [s.id for s in questionnaire.steps] == ["one", "two"]
    assert questionnaire.questions["age"].display(72) == "72"


def test_reserved_ids_cover_every_field_the_pages_post_besides_answers():
    """A question id equal to a field the pages post themselves (a button, the frame's state,
    the CSRF token) would mix its answer with that field."""
    templates = Path(__file__).parent.parent / "templates"
    names = {
        name
        for page in templates.rglob("*.html")
        for name in re.findall(
            r'<(?:input|button|textarea|select)\b[^>]*\bname="([a-z_]+)"', page.read_text()
        )
    }
    assert names - {"answers_file"} <= RESERVED_IDS, names - RESERVED_IDS


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(QuestionnaireError) as caught:
        load(tmp_path / "nope.yaml", "nope.yaml")
    assert str(caught.value) == "nope.yaml:1: cannot read the file (No such file or directory)."


def broken(tmp_path, *changes: tuple[str, str], base: str = "minimal.yaml") -> list[str]:
    """The messages loading refuses a copy of tests/data/`base` with `changes` made with."""
    text = (Path(__file__).parent / "data" / base).read_text()
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "q.yaml"
    path.write_text(text)
    with pytest.raises(QuestionnaireError) as caught:
        load(path, "q.yaml")
    return [e.message for e in caught.value.errors]


def test_an_invalid_id_is_never_offered_as_a_did_you_mean(tmp_path):
    messages = broken(
        tmp_path,
        ("      - id: sun\n", "      - id: Sun_Time\n"),
        ("{question: age, gte: 70}", "{question: Sun_Tim, gte: 70}"),
    )
    assert "prompt 'older': when names the question 'Sun_Tim', which does not exist." in messages
    assert not any("Did you mean" in message for message in messages), messages


def test_an_unknown_type_gives_one_message_and_no_follow_on(tmp_path):
    messages = broken(tmp_path, ("type: single_choice", "type: dropdown"))
    assert messages == [
        "question 'sun': unknown question type 'dropdown'. Use one of: single_choice, "
        "multi_choice, yes_no, number, scale, text, date."
    ]


def test_a_comma_in_an_unquoted_text_is_explained(tmp_path):
    messages = broken(tmp_path, ("title: Step one", "title: {en: One, two, es: Uno}"))
    assert messages == [
        "title: 'two' is not a language, so these words are lost. Text with a comma inside "
        '{ } needs quotes, like {en: "Yes, please", es: "Sí, por favor"}.'
    ]


def test_a_named_condition_is_used_by_name_and_checked_where_it_is_named(tmp_path):
    named = (
        "conditions:\n"
        "  - id: older\n    label: is 70 or older\n    when: {question: age, gte: 70}\n"
        "  - id: older_little_sun\n    label: is older and gets little sun\n"
        "    when: {all: [{condition: older}, {question: sun, equals: little}]}\n"
        "topics:\n"
    )
    text = (Path(__file__).parent / "data" / "minimal.yaml").read_text()
    used = text.replace("when: {question: age, gte: 70}", "when: {condition: older_little_sun}")
    path = tmp_path / "q.yaml"
    path.write_text(used.replace("topics:\n", named, 1))
    questionnaire = load(path, "q.yaml").first
    prompt = questionnaire.prompts[0]
    assert prompt.when == questionnaire.conditions[1].when  # the named condition itself
    # a later name, an unknown name, and a wrong operator inside a named condition
    wrong = text.replace("when: {question: age, gte: 70}", "when: {condition: nowhere}")
    later = named.replace("{condition: older}", "{condition: later}").replace(
        "topics:\n", "  - id: later\n    label: later\n    when: {question: sun, gte: 3}\ntopics:\n"
    )
    path.write_text(wrong.replace("topics:\n", later, 1))
    with pytest.raises(QuestionnaireError) as caught:
        load(path, "q.yaml")
    messages = [e.message for e in caught.value.errors]
    assert (
        "condition 'older_little_sun': when uses the condition 'later', which is named below "
        "it. Move 'later' above this one." in messages
    )
    assert any("there is no named condition 'nowhere' above this point" in m for m in messages)
    assert (
        "condition 'later': 'gte' compares numbers, but 'sun' is a single_choice question. "
        "Use equals or in with its answers." in messages
    )


def test_every_comma_mistake_and_every_other_problem_in_one_run(tmp_path):
    messages = broken(
        tmp_path,
        ("title: Step one", "title: {en: One, two, es: Uno}"),
        (
            'questions: ["What is my main problem?"]',
            "questions:\n    - {en: Which, when?, es: Cuál}",
        ),
        ("label: How old are you?", "lable: How old are you?"),
    )
    assert messages == [
        "title: 'two' is not a language, so these words are lost. Text with a comma inside "
        '{ } needs quotes, like {en: "Yes, please", es: "Sí, por favor"}.',
        "question 'age': 'label' is missing. Add `label:` with the question as the patient "
        "reads it.",
        "question 'age': unknown key 'lable'. Did you mean 'label'? Remove it or correct its "
        "spelling.",
        "closing question 1: 'when?' is not a language, so these words are lost. Text with a comma "
        'inside { } needs quotes, like {en: "Yes, please", es: "Sí, por favor"}.',
    ]


def test_a_key_other_parts_have_is_not_offered_back_as_its_own_spelling(tmp_path):
    messages = broken(
        tmp_path, ("        type: text\n", "        type: text\n        unit: hours\n")
    )
    assert messages == ["question 'note': this part has no 'unit'. Remove it."]


def hearing_with(tmp_path, *changes: tuple[str, str]) -> list[str]:
    return broken(tmp_path, *changes, base="hearing/questions.yaml")


def test_an_estimate_that_leaves_nutrients_out_says_what_to_read_instead(tmp_path):
    messages = hearing_with(tmp_path, ("  left_out: {en: Ask", "  not_left_out: {en: Ask"))
    assert (
        "estimate: the estimate leaves nutrients out ('unless'), so give 'left_out': the words "
        "people read in their place (say, who can tell them which foods fit them)."
    ) in messages


def test_a_notice_quotes_only_questions_that_exist(tmp_path):
    messages = hearing_with(tmp_path, ("loud noise {noise_hours} a day.", "noise {noise_hour}."))
    assert (
        "notice 'loud_all_day': the text quotes {noise_hour}, but there is no question "
        "'noise_hour'."
    ) in messages
