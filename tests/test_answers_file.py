"""The saved answers file: what it holds, and every way a file can be wrong."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfcheck import answers_file
from selfcheck.answers_file import to_file
from selfcheck.incoming import IncomingError as AnswersFileError
from selfcheck.incoming import read, restore
from selfcheck.state import State

from .conftest import examples
from .personas import QUIET


def saved(questionnaire, **answers):
    meta = questionnaire.meta
    return {
        "format": "selfcheck-answers",
        "questionnaire": {"id": meta.id, "version": meta.version},
        "answers": answers,
    }


def as_bytes(content) -> bytes:
    return json.dumps(content).encode()


def test_the_file_holds_typed_answers_and_the_questionnaire(questionnaire):
    state = State(steps={"start": {k: v if isinstance(v, list) else [v] for k, v in
                                   QUIET["start"].items()}}, done=["start"])  # fmt: skip
    content = to_file(questionnaire, state)
    assert content["questionnaire"] == {"id": questionnaire.meta.id,
                                        "version": questionnaire.meta.version}  # fmt: skip
    assert content["answers"]["age"] == 45
    assert content["answers"]["red_flags"] == ["none"]
    assert content["answers"]["sex"] == "female"
    assert content["done"] == ["start"]
    back = read(as_bytes(content), questionnaire)
    assert back.state.steps["start"]["age"] == ["45"]
    assert back.state.done == ["start"] and back.dropped == []


@pytest.mark.parametrize(
    "data, message",
    [
        (b"not json", "not a saved answers file"),
        (b"\xff\xfe", "not a saved answers file"),
        (b"[1, 2]", "not a saved answers file"),
        (b"[" * 50000 + b"]" * 50000, "too large"),
        (b" " * (64 * 1024 + 1), "too large"),
        (b'{"format": "something-else"}', "not a saved answers file"),
    ],
)
def test_files_that_are_not_answers_files(questionnaire, data, message):
    with pytest.raises(AnswersFileError, match=message):
        read(data, questionnaire)


def test_a_file_for_another_questionnaire(questionnaire):
    content = saved(questionnaire, age=45)
    content["questionnaire"]["id"] = "another-one"
    with pytest.raises(AnswersFileError, match="different questionnaire"):
        read(as_bytes(content), questionnaire)


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"shoe_size": 42}, "a question this questionnaire does not ask (“shoe_size”)"),
        ({"sex": "martian"}, "“What sex were you given at birth?” is not one of its choices"),
        ({"red_flags": "none"}, "are not among its choices"),
        ({"red_flags": ["none", "none"]}, "are not among its choices"),
        ({"red_flags": ["unknown"]}, "are not among its choices"),
        ({"age": "45"}, "“How old are you?” is not a number"),
        ({"age": True}, "is not a number"),
        ({"age": 45.5}, "is not a whole number"),
        ({"stress": 11}, "is not a number from 0 to 10"),
        ({"kidney": True}, "is not one of its choices"),
        ({"own_question": 5}, "is not text of up to"),
        ({"own_question": "x" * 5000}, "is not text of up to"),
    ],
)
def test_answers_that_do_not_fit_name_the_question(questionnaire, answers, message):
    with pytest.raises(AnswersFileError, match="This file cannot be used") as error:
        read(as_bytes(saved(questionnaire, **answers)), questionnaire)
    assert message in str(error.value)


def test_a_file_from_another_version_keeps_what_fits_and_says_what_was_dropped(questionnaire):
    content = saved(questionnaire, age=45, sex="martian", shoe_size=42, kidney="no")
    content["questionnaire"]["version"] = "0.0.1"
    restored = read(as_bytes(content), questionnaire)
    assert restored.state.steps == {"start": {"age": ["45"], "kidney": ["no"]}}
    assert restored.count == 2
    assert [str(problem) for problem in restored.dropped] == [
        "the answer to “What sex were you given at birth?” is not one of its choices",
        "a question this questionnaire does not ask (“shoe_size”)",
    ]


@settings(max_examples=examples(200), deadline=None)
@given(
    content=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
        ),
        max_leaves=20,
    ),
    answers=st.dictionaries(
        st.sampled_from(["age", "sex", "red_flags", "stress", "own_question", "x"]),
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats()
        | st.text(max_size=8)
        | st.lists(st.text(max_size=8), max_size=3),
        max_size=5,
    ),
)
def test_any_json_is_read_or_refused_with_a_message(questionnaire, content, answers):
    for candidate in (content, {**saved(questionnaire), "answers": answers}):
        try:
            restored = (
                restore(candidate, questionnaire)
                if isinstance(candidate, dict)
                else (read(as_bytes(candidate), questionnaire))
            )
        except AnswersFileError as error:
            assert str(error)
        else:
            assert set(restored.state.steps) <= set(questionnaire.step_by_id)


def test_max_bytes_is_64_kb():
    assert answers_file.MAX_BYTES == 64 * 1024
