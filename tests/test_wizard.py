"""The wizard: order, skip logic, dropping hidden answers, re-validation of stored state."""

from selfcheck.state import State

from .personas import QUIET


def progress_of(app, steps, done=None):
    with app.test_request_context():
        wizard = app.extensions["selfcheck"].main.wizard
        state = State(steps=steps, done=list(steps) if done is None else done)
        return wizard.progress(state)


def raw(answers):
    return {k: v if isinstance(v, list) else [v] for k, v in answers.items()}


def test_empty_state_starts_at_the_first_step(app):
    progress = progress_of(app, {})
    assert progress.first_incomplete.id == "start"
    assert progress.answers == {}
    assert progress.position(progress.steps[0]) == (1, 10)


def test_hidden_questions_drop_their_answers(app):
    family = {
        "family_autoimmune": ["no"],
        "family_conditions": ["celiac"],
        "celiac_relative": ["close"],
        "own_conditions": ["none"],
    }
    progress = progress_of(app, {"family": family})
    assert progress.answers == {"family_autoimmune": "no", "own_conditions": ["none"]}
    assert [q.id for q in progress.shown["family"]] == ["family_autoimmune", "own_conditions"]


def test_shown_follow_up_questions_keep_their_answers(app):
    family = {
        "family_autoimmune": ["yes"],
        "family_conditions": ["celiac"],
        "relatives": ["parent"],
        "celiac_relative": ["close"],
        "own_conditions": ["none"],
    }
    progress = progress_of(app, {"family": family})
    assert progress.answers == {
        "family_autoimmune": "yes",
        "family_conditions": ["celiac"],
        "relatives": ["parent"],
        "celiac_relative": "close",
        "own_conditions": ["none"],
    }


def test_invalid_stored_step_is_incomplete_and_never_reaches_the_answers(app):
    steps = {s: raw(a) for s, a in QUIET.items()}
    steps["sun"]["outdoor_time"] = ["forever"]  # tampered
    progress = progress_of(app, steps)
    assert progress.first_incomplete.id == "sun"
    assert "outdoor_time" not in progress.answers
    assert "fatty_fish" in progress.answers  # later valid steps still count


def test_a_step_saved_by_back_is_not_complete(app):
    steps = {s: raw(a) for s, a in QUIET.items()}
    progress = progress_of(app, steps, done=["start"])
    assert progress.first_incomplete.id == "sun"
    assert not progress.reachable(app.extensions["selfcheck"].questionnaire.step_by_id["food_d"])


def test_navigation_between_visible_steps(app):
    steps = {s: raw(a) for s, a in QUIET.items()}
    progress = progress_of(app, steps)
    by_id = {s.id: s for s in progress.steps}
    assert progress.first_incomplete is None
    assert progress.after(by_id["start"]).id == "sun"
    assert progress.before(by_id["sun"]).id == "start"
    assert progress.after(by_id["own"]) is None
