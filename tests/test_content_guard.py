"""The content rules are checks of `selfcheck check` on any questionnaire: each finding with
its file and line, errors that fail the check, warnings that do not."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from selfcheck.cli import selfcheck_cli
from selfcheck.content_guard import Guard
from selfcheck.questionnaire import QuestionnaireError, load

from .conftest import DATA

HEARING = DATA / "hearing" / "questions.yaml"
NO_CLINICS = str(DATA / "noclinics")


def written(tmp_path, *changes: tuple[str, str]):
    text = HEARING.read_text()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "q.yaml"
    path.write_text(text)
    return path


def findings(path) -> list[str]:
    definition = load(path, "q.yaml")
    return [str(f) for f in Guard().check(definition.first, definition.raw, "q.yaml")]


def line(path, text: str) -> int:
    return path.read_text().splitlines().index(text) + 1


def check(path) -> tuple[int, str]:
    result = CliRunner().invoke(selfcheck_cli, ["check", str(path), "--clinics", NO_CLINICS])
    return result.exit_code, result.output


def test_a_questionnaire_that_keeps_the_rules_passes():
    code, output = check(HEARING)
    assert code == 0 and "OK — 6 steps, 15 questions" in output
    assert "warning" not in output


def test_forbidden_phrasing_is_an_error_at_its_line(tmp_path):
    path = written(
        tmp_path,
        (
            "Ear plugs and muffs lower the noise.",
            "Ear plugs prevent hearing loss. You should take a break.",
        ),
    )
    at = line(path, "  - id: no_protection")
    advice = (
        "Say it another way (or, if a clinician has reviewed it, list the phrase under "
        "plain_language.reviewed)."
    )
    assert findings(path) == [
        f"q.yaml:{at}: prompt 'no_protection': “You should take” reads as a dose instruction. "
        + advice,
        f"q.yaml:{at}: prompt 'no_protection': “prevent” reads as a claim of prevention. " + advice,
    ]
    code, output = check(path)
    assert code == 1 and "2 problems found in" in output
    reviewed = written(
        tmp_path,
        ("Ear plugs and muffs lower the noise.", "Ear plugs help prevent hearing loss."),
        ("closing:\n", "plain_language:\n  reviewed: ['help prevent hearing loss']\nclosing:\n"),
    )
    assert findings(reviewed) == []


def test_every_questionnaire_needs_an_urgent_stop_and_an_age_check(tmp_path):
    path = written(
        tmp_path,
        ("    kind: urgent\n    crisis_line: true", "    kind: not_for_you\n    crisis_line: true"),
        ("    kind: urgent\n    when: {question: right_now, any_of: [sudden_loss, dizzy]}",
         "    kind: not_for_you\n    when: {question: right_now, any_of: [sudden_loss, dizzy]}"),
        ("    when: {question: age, lt: 18}", "    when: {question: age, gt: 118}"),
    )  # fmt: skip
    at = line(path, "stops:")
    assert findings(path) == [
        f"q.yaml:{at}: stops: there is no age check. Add a stop with `kind: not_for_you` for "
        "people too young to use it, like {question: age, lt: 18}.",
        f"q.yaml:{at}: stops: there is no urgent-help stop. Add one with `kind: urgent` for the "
        "answers that need help now (red flags).",
    ]


def test_no_stops_at_all_is_an_error(tmp_path):
    text = HEARING.read_text()
    start, end = text.index("stops:\n"), text.index("notices:\n")
    path = tmp_path / "q.yaml"
    path.write_text(text[:start] + "stops: []\n" + text[end:])
    with pytest.raises(QuestionnaireError) as caught:
        load(path, "q.yaml")
    assert (
        "stops: [] leaves people with red flags no urgent-help page. Add the stops: at least "
        "one of kind urgent, and an age check."
    ) in [e.message for e in caught.value.errors]


def test_hard_words_and_a_source_without_a_link_are_warnings(tmp_path):
    path = written(
        tmp_path,
        ("Tests are repeated when hearing changes.",
         "Audiometric reassessment is conventionally undertaken subsequent to documented "
         "deterioration in auditory thresholds."),
        (', url: "https://www.fda.gov/consumers/consumer-updates/spilling-beans-how-much-caffeine-too-much"',
         ""),
    )  # fmt: skip
    found = findings(path)
    at = line(path, "  - id: since_test")
    assert found[0].startswith(f"q.yaml:{at}: warning: prompt 'since_test': reads at grade ")
    assert found[0].endswith(
        "(at most 8); the hardest sentence is “Audiometric reassessment is conventionally "
        "undertaken subsequent to documented deterioration in auditory thresholds.”. Use shorter "
        "sentences and shorter words."
    )
    assert (
        found[1].startswith("q.yaml:")
        and "warning: estimate: the source 'Spilling the beans' has no link." in found[1]
    )
    code, output = check(path)
    assert code == 0 and "2 warnings (see above)." in output


def test_a_term_is_explained_wherever_it_is_used_and_listed_words_are_used(tmp_path):
    path = written(
        tmp_path,
        ("closing:\n", "plain_language:\n  names: [Ménière's disease]\n  terms:\n"
                       "    tinnitus: ringing in the ears\nclosing:\n"),
        ("Ringing can have many causes.", "Tinnitus can have many causes."),
        ("{en: Tinnitus, es: Tinnitus}, publisher", "{en: Ear noise, es: Tinnitus}, publisher"),
        ("{en: Tinnitus, es: Tinnitus}, publisher", "{en: Ear noise, es: Tinnitus}, publisher"),
    )  # fmt: skip
    at = line(path, "plain_language:")
    found = findings(path)
    assert (
        f"q.yaml:{at}: warning: plain_language: 'Ménière's disease' is no longer used "
        "anywhere. Take it off." in found
    )
    unexplained = [f for f in found if "is used without the words that explain it" in f]
    assert unexplained == [
        f"q.yaml:{line(path, '  - id: ringing')}: warning: prompt 'ringing': 'tinnitus' is used "
        "without the words that explain it ('ringing in the ears') on the same page."
    ]
