"""`flask selfcheck check`, refusing to start on a broken questionnaire, and
`flask selfcheck report` for batch and clinic use."""

import json
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from selfcheck.cli import selfcheck_cli

from .conftest import DATA, ENGINE_ENV, FIXTURE, ROOT, bare_environment
from .personas import QUIET, flat


def test_check_lists_every_problem_and_fails():
    path = DATA / "broken" / "many_problems.yaml"
    result = CliRunner().invoke(selfcheck_cli, ["check", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == (
        f"{path}:20: question 'sun': unknown question type 'dropdown'. Use one of: "
        "single_choice, multi_choice, yes_no, number, scale, text, date."
    )
    assert len(lines) == 4
    assert lines[-1] == f"3 problems found in {path}."


def run(args, **env):
    return subprocess.run(
        args,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SELFCHECK_ENV": "development", **env},
        timeout=120,
    )


def test_flask_command_checks_a_broken_file_the_app_itself_refuses():
    broken = str(DATA / "broken" / "unknown_topic.yaml")
    result = run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "selfcheck", "check"],
        SELFCHECK_QUESTIONNAIRE=broken,
    )
    assert result.returncode == 1
    assert f"{broken}:39: prompt 'older': unknown topic 'sunshine'. Topics are: general." in (
        result.stderr
    )


def test_app_refuses_to_start_on_a_broken_file_and_prints_every_error():
    broken = str(DATA / "broken" / "many_problems.yaml")
    result = run([sys.executable, "-c", "import wsgi"], SELFCHECK_QUESTIONNAIRE=broken)
    assert result.returncode == 1
    assert "selfcheck cannot start:" in result.stderr
    assert f"{broken}:39: prompt 'older': 'priority' must be at most 5." in result.stderr
    assert "Traceback" not in result.stderr


def test_gunicorn_refuses_to_start_on_a_broken_file():
    broken = str(DATA / "broken" / "unknown_topic.yaml")
    result = run(
        [str(Path(sys.executable).parent / "gunicorn"), "--bind", "127.0.0.1:0", "wsgi:app"],
        SELFCHECK_QUESTIONNAIRE=broken,
        SELFCHECK_ENV="production",
        SELFCHECK_SECRET_KEY=secrets.token_hex(32),
        SELFCHECK_TRUSTED_HOSTS='["localhost"]',
    )
    assert result.returncode != 0
    assert f"{broken}:39: prompt 'older': unknown topic 'sunshine'." in result.stderr
    assert result.stderr.count("unknown topic") == 1


# ---- flask selfcheck report -------------------------------------------------------------


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def report(tmp_path, content, *args):
    """Run the command with no secret key set (in this process: test_report_in_a_shell runs
    it as a clinic's IT person would, in a shell)."""
    path = tmp_path / "answers.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    unset = {k: None for k in os.environ if k.startswith("SELFCHECK_") and k not in ENGINE_ENV}
    result = CliRunner().invoke(selfcheck_cli, ["report", str(path), *args], env=unset)
    return Ran(result.exit_code, result.stdout, result.stderr)


def test_report_in_a_shell(tmp_path):
    content = json.dumps(answers_of(QUIET))
    (tmp_path / "answers.json").write_text(content)
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "selfcheck", "report",
         str(tmp_path / "answers.json")],
        capture_output=True, text=True, cwd=ROOT, env=bare_environment(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Three questions for every visit:" in result.stdout


def answers_of(persona):
    return {"answers": flat(persona)}


def test_report_prints_the_list_with_reasons_and_sources(tmp_path):
    from .personas import OLDER_INDOORS

    result = report(tmp_path, answers_of(OLDER_INDOORS))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "1. I've taken a stomach-acid medicine (PPI) for more than a year. "
        "Should my magnesium be checked?"
    )
    assert lines[1] == (
        "   - Do you take any of these medicines? A stomach-acid medicine (PPI), like omeprazole"
    )
    assert lines[2] == (
        "   - How long have you taken the stomach-acid medicine (PPI)? More than a year"
    )
    assert lines[3].startswith("   Sources: US Food and Drug Administration, Drug safety")
    assert "Three questions for every visit:" in result.stdout


def test_report_in_spanish_and_as_pdf(tmp_path):
    from pypdf import PdfReader

    from .personas import OLDER_INDOORS

    spanish = report(tmp_path, answers_of(OLDER_INDOORS), "--lang", "es")
    assert spanish.stdout.startswith("1. Tomo una medicina para el ácido del estómago")
    out = tmp_path / "list.pdf"
    clinic = answers_of(OLDER_INDOORS)
    clinic["answers"]["visit_reason"] = "tiredness"  # the demo clinic's own question
    made = report(tmp_path, clinic, "--pdf", str(out), "--clinic", "demo")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == f"Wrote {out}."
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Should my magnesium be checked?" in text and "Demo Family Clinic" in text


def test_report_accepts_a_saved_file_and_a_fhir_response(tmp_path, client):
    from .personas import QUIET, complete

    complete(client, QUIET)
    for url in ["/answers.json", "/answers.fhir.json"]:
        result = report(tmp_path, client.get(url).get_data(as_text=True))
        assert result.returncode == 0, result.stderr
        assert "Three questions for every visit:" in result.stdout


def test_report_red_flags_print_the_urgent_help_and_exit_3(tmp_path, questionnaire):
    from .personas import QUIET

    content = answers_of(QUIET)
    content["answers"]["red_flags"] = [questionnaire.questions["red_flags"].choices[0].id]
    result = report(tmp_path, content)
    assert result.returncode == 3
    assert result.stdout.startswith("Get medical help now")


@pytest.mark.parametrize(
    "content, args, message",
    [
        ("not json", [], "This file is not a saved answers file."),
        ({"answers": {"age": "old"}}, [], "age: The answer to “How old are you?” is not a number."),
        ({"answers": {"age": 45}}, [], "sex: Select an answer to"),
        ({"answers": {}}, ["--lang", "fr"], "--lang fr: use one of en, es."),
        ({"answers": {}}, ["--clinic", "nope"], "--clinic nope: no such clinic (demo)."),
    ],
)
def test_report_bad_input_says_why_and_exits_1(tmp_path, content, args, message):
    result = report(tmp_path, content, *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_report_on_a_missing_file(tmp_path):
    missing = str(tmp_path / "nope.json")
    unset = {k: None for k in os.environ if k.startswith("SELFCHECK_") and k not in ENGINE_ENV}
    result = CliRunner().invoke(selfcheck_cli, ["report", missing], env=unset)
    assert result.exit_code == 1
    assert f"{missing}: cannot read it (No such file or directory)." in result.stderr


def test_check_of_another_file_names_clinics_of_other_questionnaires_but_still_checks_it():
    hearing = str(DATA / "hearing" / "questions.yaml")
    result = CliRunner().invoke(
        selfcheck_cli, ["check", hearing, "--clinics", str(FIXTURE / "clinics")]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        lines[0].startswith("tests/data/vitamin_d/clinics/demo.yaml:")
        and ": warning: this clinic adds to the " in (lines[0])
    )
    assert lines[1].endswith("OK — 6 steps, 15 questions, 13 clinician questions, version 1.0.")
    assert lines[-1] == "1 warning (see above)."


def test_check_refuses_a_clinics_path_that_is_not_there(tmp_path):
    missing = str(tmp_path / "clinicz")
    result = CliRunner().invoke(selfcheck_cli, ["check", "--clinics", missing])
    assert result.exit_code == 1
    assert f"{missing}:1: there is no such file or folder of clinic profiles." in result.output


def test_check_warns_where_other_yaml_tools_would_stop(tmp_path):
    text = (DATA / "hearing" / "questions.yaml").read_text()
    quoted = 'label: {en: "How old are you?", es: "¿Cuántos años tiene?"}'
    assert quoted in text
    path = tmp_path / "q.yaml"
    path.write_text(text.replace(quoted, "label: {en: How old are you?, es: ¿Cuántos años tiene?}"))
    result = CliRunner().invoke(
        selfcheck_cli, ["check", str(path), "--clinics", str(DATA / "noclinics")]
    )
    assert result.exit_code == 0
    line = (
        path.read_text()
        .splitlines()
        .index("        label: {en: How old are you?, es: ¿Cuántos años tiene?}")
        + 1
    )
    assert result.output.startswith(
        f"{path}:{line}: warning: other YAML tools cannot read this line: a text inside {{ }} "
        "with a ? or : in it needs quotes"
    )
