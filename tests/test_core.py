"""The core runs without Flask, and the modules import each other in one direction only."""

from __future__ import annotations

import ast
from pathlib import Path

from flask import has_app_context, has_request_context

from selfcheck.outcome import answers_at_once, decide
from selfcheck.question_types import Reading
from selfcheck.questionnaire import load
from selfcheck.state import State
from selfcheck.wizard import Wizard

PACKAGE = Path(__file__).parent.parent / "selfcheck"
DATA = Path(__file__).parent / "data"
# what a questionnaire, a person's answers and their list are, with no web in them
CORE = {
    "answers_file",
    "conditions",
    "fhir",
    "fhir_terms",
    "incoming",
    "nutrition",
    "outcome",
    "plain_errors",
    "problem",
    "question_types",
    "question_types.base",
    "question_types.choosing",
    "question_types.written",
    "questionnaire",
    "references",
    "rules",
    "schema",
    "state",
    "translations",
    "wizard",
    "yaml_syntax",
    "yamlfile",
}
WEB = (
    "flask",
    "flask_babel",
    "flask_wtf",
    "flask_limiter",
    "flask_compress",
    "werkzeug",
    "wtforms",
)


def test_the_wizard_rules_and_outcome_run_without_an_app():
    questionnaire = load(DATA / "cap.yaml").first
    wizard = Wizard(questionnaire)
    state = State(steps={"one": {"hours": ["4"], "shift": ["nights"]}}, done=["one"])
    outcome = decide(questionnaire, wizard.progress(state), limit=1)
    assert not has_app_context() and not has_request_context()
    assert outcome.stop is None and outcome.next_step is None
    assert [item.id for item in outcome.questions.items] == ["urgent_one", "kept"]
    assert outcome.questions.items[0].reasons[0].answer == "4 hours"

    at_once = answers_at_once(wizard, {"answers": {"hours": 4, "shift": "nights"}}, limit=1)
    assert at_once.outcome.questions == outcome.questions

    wrong = answers_at_once(wizard, {"answers": {"hours": "four"}}, limit=1, reading=Reading())
    assert [(p.field, p.read()) for p in wrong.problems] == [
        ("hours", "The answer to “How many hours do you sleep?” is not a number.")
    ]
    typed = State(steps={"one": {"hours": ["5.000"], "shift": ["days"]}}, done=["one"])
    assert wizard.progress(typed, Reading("es")).answers["hours"] == 5000  # the reader's way
    assert wizard.progress(typed, Reading("en")).answers["hours"] == 5


def imports_of(path: Path, name: str) -> set[str]:
    """Every selfcheck module (or outside package) `path` imports, at any depth of the file."""
    package = name.rsplit(".", 1)[0] if path.name != "__init__.py" else name
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                root = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{root}.{base}" if base else root
            for alias in node.names:
                module = f"{base}.{alias.name}"
                found.add(module if _module_file(module) else base)
    return found


def _module_file(module: str) -> Path | None:
    parts = module.split(".")
    if parts[0] != "selfcheck":
        return None
    path = PACKAGE.joinpath(*parts[1:])
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def graph() -> dict[str, set[str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(relative.parts).removesuffix(".__init__")
        modules[name] = path
    return {name: imports_of(path, name) for name, path in modules.items()}


def test_no_import_cycle_at_module_level_or_inside_a_function():
    edges = {m: {i for i in found if i.startswith("selfcheck")} for m, found in graph().items()}
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(edges.get(module, ())):
            # a submodule's parent package is loaded before it: not an edge back
            if module.startswith(f"{target}."):
                continue
            assert state.get(target) != "open", " -> ".join([*trail, module, target])
            if target not in state:
                visit(target, [*trail, module])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [])


def test_the_core_imports_nothing_of_the_web():
    for module, found in graph().items():
        short = module.removeprefix("selfcheck.")
        if short not in CORE:
            continue
        web = {i for i in found if i.split(".")[0] in WEB}
        outside = {i.removeprefix("selfcheck.") for i in found if i.startswith("selfcheck.")}
        assert not web, (module, web)
        assert outside <= CORE | {"selfcheck"}, (module, outside - CORE)


def test_the_checker_would_see_a_cycle(tmp_path, monkeypatch):
    monkeypatch.setitem(globals(), "PACKAGE", tmp_path / "selfcheck")
    (tmp_path / "selfcheck").mkdir()
    (tmp_path / "selfcheck" / "__init__.py").write_text("")
    (tmp_path / "selfcheck" / "a.py").write_text("from . import b\n")
    (tmp_path / "selfcheck" / "b.py").write_text("def f():\n    from .a import x\n")
    assert graph()["selfcheck.b"] == {"selfcheck.a"}
    try:
        test_no_import_cycle_at_module_level_or_inside_a_function()
    except AssertionError as error:
        assert "selfcheck.a -> selfcheck.b -> selfcheck.a" in str(error)
    else:
        raise AssertionError("the cycle a -> b -> a was not seen")


def test_no_module_is_over_400_lines():
    for path in PACKAGE.rglob("*.py"):
        assert len(path.read_text().splitlines()) <= 400, path


def test_only_the_registry_asks_what_type_a_question_is():
    for path in PACKAGE.rglob("*.py"):
        if "question_types" in path.parts:
            continue
        assert ".type ==" not in path.read_text(), path
