"""After a valid step is sent, the wizard replays only that step and the ones after it,
keeping what the progress before the post settled (issue 19: step pages). Whatever was
sent, in whatever order, the result is the progress replayed from the first step."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from selfcheck.question_types import Reading
from selfcheck.questionnaire import load
from selfcheck.state import State
from selfcheck.wizard import Wizard

from .conftest import DATA, examples
from .personas import OLDER_INDOORS, QUIET
from .personas import QUESTIONNAIRE as VITAMIN_D
from .test_another_questionnaire import PERSON as HEARING_PERSON

HEARING = load(DATA / "hearing" / "questions.yaml").first


def as_raw(values: dict) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in values.items()}


def send(wizard: Wizard, state: State, step_id: str, values: dict, reading: Reading) -> None:
    """What the step page does on Continue, checked against a replay from the start."""
    page = wizard.questionnaire.step_by_id[step_id]
    before = wizard.progress(state, reading)
    checked = wizard.check(page, as_raw(values), before.answers, reading)
    if not checked.valid:
        return
    state.steps[step_id] = as_raw(values)
    if step_id not in state.done:
        state.done.append(step_id)
    assert wizard.progress_after(before, checked, state, reading) == wizard.progress(state, reading)


def test_each_step_of_whole_flows_in_order_and_changed_afterwards():
    for questionnaire, answers in [
        (VITAMIN_D, QUIET),
        (VITAMIN_D, OLDER_INDOORS),
        (HEARING, HEARING_PERSON),
    ]:
        wizard, state = Wizard(questionnaire), State()
        for step in questionnaire.steps:
            if step.id in answers:
                send(wizard, state, step.id, answers[step.id], Reading("en"))
        assert wizard.progress(state).first_incomplete is None
        # changing an early answer shows or hides later questions and steps
        other = OLDER_INDOORS if answers is QUIET else QUIET
        for step in questionnaire.steps:
            if step.id in other and step.id in answers:
                send(wizard, state, step.id, other[step.id], Reading("es"))


def choices(questionnaire) -> st.SearchStrategy:
    """A step, and values for it: each question's persona value, another of its options, a
    wrong value, or nothing."""
    steps = [s for s in questionnaire.steps if s.id in QUIET or s.id in HEARING_PERSON]

    def values_for(step):
        known = {**QUIET, **HEARING_PERSON}.get(step.id, {})
        fields = {}
        for question in step.questions:
            options = [value for value, _ in question.options("en")] or ["3", "abc", ""]
            fields[question.id] = st.sampled_from(
                [known.get(question.id, ""), *options, "not-an-option", ""]
            )
        return st.tuples(st.just(step.id), st.fixed_dictionaries(fields))

    return st.sampled_from(steps).flatmap(values_for)


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(choices(VITAMIN_D), max_size=12))
def test_any_order_of_posts_on_the_vitamin_d_questionnaire(posts):
    wizard, state = Wizard(VITAMIN_D), State()
    for step_id, values in posts:
        send(wizard, state, step_id, {k: v for k, v in values.items() if v}, Reading("en"))


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(choices(HEARING), max_size=10))
def test_any_order_of_posts_on_another_questionnaire(posts):
    wizard, state = Wizard(HEARING), State()
    for step_id, values in posts:
        send(wizard, state, step_id, {k: v for k, v in values.items() if v}, Reading("en"))
