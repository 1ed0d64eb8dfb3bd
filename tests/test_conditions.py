"""The condition language: parsing, evaluation, and laws that must hold for any answers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfcheck.conditions import (
    All,
    AnyOf,
    Compare,
    ConditionError,
    Not,
    evaluate,
    parse,
    questions,
    supporting,
)
from selfcheck.conditions import given as given_answers


def test_parse_comparisons_and_combinations():
    assert parse({"question": "age", "gte": 70}) == Compare("age", "gte", 70)
    assert parse({"question": "kidney", "equals": True}) == Compare("kidney", "equals", "yes")
    assert parse(
        {"all": [{"question": "a", "in": ["x", "y"]}, {"not": {"question": "b", "answered": True}}]}
    ) == All((Compare("a", "in", ("x", "y")), Not(Compare("b", "answered", True))))


@pytest.mark.parametrize(
    ("raw", "message", "path"),
    [
        (
            "age > 70",
            "a condition must be a mapping like {question: age, gte: 70}, "
            "or one of all:, any:, not:.",
            (),
        ),
        (
            {"question": "age"},
            "a comparison takes exactly one operator (equals, in, any_of, count_gte, gt, gte, lt, "
            "lte, answered); found 0. Combine several with all: or any:.",
            (),
        ),
        ({"question": "age", "gte": "70"}, "'gte' takes a number, not '70'.", ("gte",)),
        ({"question": "a", "in": "x"}, "'in' takes a list of one or more values.", ("in",)),
        ({"any": []}, "'any' takes a list of one or more conditions.", ("any",)),
        (
            {"all": [{"question": "a", "like": 1}]},
            "unknown operator 'like'. Use one of: equals, in, any_of, count_gte, gt, gte, "
            "lt, lte, answered.",
            ("all", 0, "like"),
        ),
        (
            {"not": {"question": "a", "equals": 1}, "all": []},
            "'all' must stand alone in its mapping; put other conditions inside it.",
            (),
        ),
        ({"question": "a", "answered": "yes"}, "'answered' takes true or false.", ("answered",)),
    ],
)
def test_parse_errors_say_what_to_write(raw, message, path):
    with pytest.raises(ConditionError) as caught:
        parse(raw)
    assert caught.value.message == message
    assert caught.value.path == path


def test_evaluate_each_operator():
    answers = {"age": 72, "sun": "little", "meds": ["ppi", "statin"], "note": "hi"}
    assert evaluate(Compare("age", "gt", 70), answers)
    assert not evaluate(Compare("age", "lt", 70), answers)
    assert evaluate(Compare("age", "lte", 72), answers)
    assert evaluate(Compare("sun", "equals", "little"), answers)
    assert evaluate(Compare("sun", "in", ("little", "none")), answers)
    assert evaluate(Compare("meds", "any_of", ("ppi",)), answers)
    assert not evaluate(Compare("meds", "any_of", ("diuretic",)), answers)
    assert evaluate(Compare("note", "answered", True), answers)
    assert evaluate(Compare("missing", "answered", False), answers)


def test_supporting_names_the_comparisons_that_decide_the_outcome():
    condition = parse(
        {"any": [{"question": "a", "equals": "x"}, {"not": {"question": "b", "gt": 3}}]}
    )
    assert supporting(condition, {"a": "x", "b": 5}) == {"a"}
    assert supporting(condition, {"a": "y", "b": 1}) == {"b"}


def test_unanswered_questions_never_trigger_a_comparison():
    for op, value in [("equals", "x"), ("in", ("x",)), ("any_of", ("x",)), ("gt", 0), ("lt", 0)]:
        assert not evaluate(Compare("missing", op, value), {})
        assert not evaluate(Compare("empty", op, value), {"empty": []})


def test_numeric_comparison_on_text_is_false_not_an_error():
    assert not evaluate(Compare("sun", "gt", 1), {"sun": "little"})


answers_strategy = st.dictionaries(
    st.sampled_from(["a", "b", "c"]),
    st.one_of(
        st.integers(-5, 5), st.sampled_from(["x", "y"]), st.lists(st.sampled_from(["x", "y", "z"]))
    ),
)
compare_strategy = st.builds(
    Compare,
    st.sampled_from(["a", "b", "c"]),
    st.sampled_from(["equals", "gt", "gte", "lt", "lte", "answered"]),
    st.integers(-5, 5),
).map(lambda c: Compare(c.question, c.operator, c.value > 0) if c.operator == "answered" else c)
conditions_strategy = st.recursive(
    compare_strategy,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: All(tuple(xs))),
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: AnyOf(tuple(xs))),
        inner.map(Not),
    ),
    max_leaves=8,
)


@given(conditions_strategy, answers_strategy)
def test_not_not_is_identity(condition, answers):
    assert evaluate(Not(Not(condition)), answers) == evaluate(condition, answers)


@given(st.lists(conditions_strategy, min_size=1, max_size=4), answers_strategy)
def test_de_morgan(items, answers):
    negated = tuple(Not(c) for c in items)
    assert evaluate(Not(All(tuple(items))), answers) == evaluate(AnyOf(negated), answers)
    assert evaluate(Not(AnyOf(tuple(items))), answers) == evaluate(All(negated), answers)


@given(
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5)),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(
                st.sampled_from(["question", "all", "any", "not", "equals", "in", "gt", "x"]),
                inner,
                max_size=3,
            ),
        ),
        max_leaves=10,
    )
)
def test_parse_accepts_or_refuses_any_yaml_but_never_crashes(raw):
    try:
        parse(raw)
    except ConditionError as error:
        assert error.message


@given(conditions_strategy, answers_strategy, answers_strategy, st.sets(st.sampled_from("abc")))
def test_what_is_left_once_earlier_answers_are_known_decides_the_same(
    condition, earlier, on_page, pending
):
    """A question whose show_if mixes earlier steps and its own page: the page gets only the
    part that is still open, and that part decides exactly as the whole condition would."""
    known = {k: v for k, v in earlier.items() if k not in pending}
    page = {k: v for k, v in on_page.items() if k in pending}
    left = given_answers(condition, known, set(pending))
    whole = evaluate(condition, {**known, **page})
    if isinstance(left, bool):
        assert left == whole
    else:
        assert set(questions(left)) <= pending
        assert evaluate(left, page) == whole


def test_what_is_left_of_a_mixed_condition():
    drives = Compare("drives", "equals", "yes")
    short = Compare("hours", "lt", 6)
    mixed = All((drives, short))
    assert given_answers(mixed, {"hours": 8}, {"drives"}) is False
    assert given_answers(mixed, {"hours": 5}, {"drives"}) == drives
    assert given_answers(AnyOf((drives, short)), {"hours": 5}, {"drives"}) is True
    assert given_answers(Not(mixed), {"hours": 8}, {"drives"}) is True
