"""`flask selfcheck check`, and refusing to start on a broken questionnaire."""

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from selfcheck.cli import selfcheck_cli

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"


def test_check_passes_on_the_shipped_file():
    result = CliRunner().invoke(selfcheck_cli, ["check", str(ROOT / "questions.yaml")])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].endswith(
        "OK — 10 steps, 51 questions, 27 clinician questions, version 0.2.0."
    )


def test_check_lists_every_problem_and_fails():
    path = DATA / "broken" / "many_problems.yaml"
    result = CliRunner().invoke(selfcheck_cli, ["check", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == (
        f"{path}:20: question 'sun': unknown question type 'dropdown'. Use one of: "
        "single_choice, multi_choice, yes_no, number, scale, text."
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
    assert f"{broken}:37: prompt 'older': unknown topic 'sunshine'. Topics are: general." in (
        result.stderr
    )


def test_app_refuses_to_start_on_a_broken_file_and_prints_every_error():
    broken = str(DATA / "broken" / "many_problems.yaml")
    result = run([sys.executable, "-c", "import wsgi"], SELFCHECK_QUESTIONNAIRE=broken)
    assert result.returncode == 1
    assert "selfcheck cannot start:" in result.stderr
    assert f"{broken}:38: prompt 'older': 'priority' must be at most 5." in result.stderr
    assert "Traceback" not in result.stderr


def test_gunicorn_refuses_to_start_on_a_broken_file():
    broken = str(DATA / "broken" / "unknown_topic.yaml")
    result = run(
        [str(Path(sys.executable).parent / "gunicorn"), "--bind", "127.0.0.1:0", "wsgi:app"],
        SELFCHECK_QUESTIONNAIRE=broken,
        SELFCHECK_ENV="production",
        SELFCHECK_SECRET_KEY="x",
    )
    assert result.returncode != 0
    assert f"{broken}:37: prompt 'older': unknown topic 'sunshine'." in result.stderr
    assert result.stderr.count("unknown topic") == 1
