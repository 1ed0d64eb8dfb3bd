"""Cross-reference checks on the raw questionnaire: ids, references, order and types.

pydantic checks the shape of each part; this checks what no single part can: unique ids,
conditions that name real questions asked earlier, operators and values that suit the
question's type, quoted answers, topics, `not_with` pairs, and that every question asked is
used. It reads the raw file, so it keeps going past parts pydantic rejects.
"""

from __future__ import annotations

import difflib
import string
from typing import Any

from pydantic import ValidationError

from . import conditions, yamlfile
from .conditions import Compare
from .estimate_checks import EstimateChecks, items_of
from .plain_errors import where
from .question_types import QUESTION_TYPES, REGISTRY, QuestionType
from .schema import ID_PATTERN, RESERVED_IDS
from .yamlfile import DefinitionError, YamlMap


class _Checker(EstimateChecks):
    """Cross-reference checks on the raw file, tolerant of parts pydantic rejects."""

    def __init__(self, root: YamlMap, name: str):
        self.root, self.name = root, name
        self.errors: list[DefinitionError] = []
        # question id -> (global order, step index, raw question)
        self.questions: dict[str, tuple[int, int, YamlMap]] = {}
        # named conditions (`conditions:`), and the comparisons inside them by identity: they
        # are checked once, where they are named
        self.named: dict[str, conditions.Condition] = {}
        self.named_compares: set[int] = set()

    def error(self, path: tuple[Any, ...], message: str, *, key: bool = False) -> None:
        line = (yamlfile.key_line if key else yamlfile.line_of)(self.root, path)
        place = where(self.root, path)
        file = yamlfile.file_of(self.root, path, self.name)
        self.errors.append(DefinitionError(file, line, f"{place}: {message}" if place else message))

    def ids(
        self,
        items: list[tuple[int, YamlMap]],
        base: tuple[Any, ...],
        kind: str,
        seen: dict[str, tuple[str, int]] | None = None,
        reserved: bool = False,
    ) -> None:
        seen = {} if seen is None else seen
        for i, item in items:
            ident = item.get("id")
            path = (*base, i, "id")
            if not isinstance(ident, str):
                continue  # missing or not text: pydantic says so
            if not ID_PATTERN.fullmatch(ident):
                self.error(
                    path,
                    f"'{ident}' is not a valid {kind} id. Use lower-case letters, digits and _, "
                    "starting with a letter, at most 40 characters (like sun_time).",
                )
            elif reserved and ident in RESERVED_IDS:
                self.error(
                    path,
                    f"'{ident}' cannot be a question id: the form uses that name itself. "
                    f"Choose another, like {ident}_answer.",
                )
            file = yamlfile.file_of(self.root, path, self.name)
            if ident in seen:
                first_file, first_line = seen[ident]
                first = f"line {first_line}" if first_file == file else f"{first_file}:{first_line}"
                self.error(
                    path,
                    f"duplicate {kind} id '{ident}' (first at {first}). "
                    f"Every {kind} needs its own id.",
                )
            else:
                seen[ident] = (file, yamlfile.line_of(self.root, path))

    def run(self) -> list[DefinitionError]:
        root = self.root
        self.ids(items_of(root.get("topics")), ("topics",), "topic")
        steps = items_of(root.get("steps"))
        self.ids(steps, ("steps",), "step")
        question_lines: dict[str, tuple[str, int]] = {}
        order = 0
        for s, step in steps:
            questions = items_of(step.get("questions"))
            self.ids(questions, ("steps", s, "questions"), "question", question_lines, True)
            for q, question in questions:
                path = ("steps", s, "questions", q)
                self.ids(items_of(question.get("choices")), (*path, "choices"), "choice")
                self.question_shape(path, question)
                ident = question.get("id")
                if isinstance(ident, str) and ident not in self.questions:
                    self.questions[ident] = (order, s, question)
                order += 1
        self.named_conditions(items_of(root.get("conditions")))
        order = 0
        for s, step in steps:
            self.condition(("steps", s), step.get("show_if"), "show_if", before_step=s)
            for q, question in items_of(step.get("questions")):
                self.condition(
                    ("steps", s, "questions", q),
                    question.get("show_if"),
                    "show_if",
                    before_order=order,
                )
                order += 1
        if root.get("stops") == []:
            self.error(
                ("stops",),
                "[] leaves people with red flags no urgent-help page. Add the stops: "
                "at least one of kind urgent, and an age check.",
                key=True,
            )
        for kind, key in (("stop", "stops"), ("notice", "notices"), ("prompt", "prompts")):
            items = items_of(root.get(key))
            self.ids(items, (key,), kind)
            for i, item in items:
                self.condition((key, i), item.get("when"), "when")
        for i, notice in items_of(root.get("notices")):
            said = notice.get("said")
            if isinstance(said, str):
                for problem in placeholder_problems(said, self.questions):
                    self.error(("notices", i, "said"), problem)
        topics = {t.get("id") for _, t in items_of(root.get("topics"))}
        for i, prompt in items_of(root.get("prompts")):
            self.prompt(("prompts", i), prompt, topics)
        guide = root.get("common_tests")
        if isinstance(guide, YamlMap):
            items = items_of(guide.get("items"))
            self.ids(items, ("common_tests", "items"), "item")
            for i, item in items:
                self.condition(("common_tests", "items", i), item.get("when"), "when")
        estimate = root.get("estimate")
        if isinstance(estimate, YamlMap):
            self.estimate(estimate)
        self.not_with(items_of(root.get("prompts")))
        self.every_question_used(steps)
        return self.errors

    def not_with(self, prompts: list[tuple[int, YamlMap]]) -> None:
        known = {p.get("id") for _, p in prompts}
        for i, prompt in prompts:
            others = prompt.get("not_with")
            for j, other in enumerate(others if isinstance(others, list) else []):
                if other == prompt.get("id"):
                    self.error(("prompts", i, "not_with", j), "a prompt cannot exclude itself.")
                elif isinstance(other, str) and other not in known:
                    valid = [k for k in known if isinstance(k, str) and ID_PATTERN.fullmatch(k)]
                    close = difflib.get_close_matches(other, valid, n=1)
                    guess = f" Did you mean '{close[0]}'?" if close else ""
                    self.error(
                        ("prompts", i, "not_with", j),
                        f"not_with names the prompt '{other}', which does not exist.{guess}",
                    )

    def used_questions(self) -> set[str]:
        """Question ids whose answers something shows or decides with (show_if aside)."""
        root, used = self.root, set()

        def read(raw: Any) -> None:
            try:
                used.update(conditions.questions(conditions.parse(raw, named=self.named)))
            except conditions.ConditionError:
                pass  # a condition that does not parse has its own message (condition checks)

        for key in ("stops", "notices", "prompts"):
            for _, item in items_of(root.get(key)):
                read(item.get("when"))

        def quoted(text: Any) -> None:
            if isinstance(text, str):
                try:
                    used.update(f for _, f, _, _ in string.Formatter().parse(text) if f)
                except ValueError:
                    pass  # a broken {placeholder} has its own message (placeholder checks)

        for _, prompt in items_of(root.get("prompts")):
            because = prompt.get("because")
            used.update(q for q in (because if isinstance(because, list) else []) if q)
            quoted(prompt.get("text"))
        for _, notice in items_of(root.get("notices")):
            quoted(notice.get("said"))
        guide = root.get("common_tests")
        for _, item in items_of(guide.get("items") if isinstance(guide, YamlMap) else None):
            read(item.get("when"))
        estimate = root.get("estimate")
        if isinstance(estimate, YamlMap):
            used.update(food.get("question") for _, food in items_of(estimate.get("foods")))
            read(estimate.get("unless"))
            for _, nutrient in items_of(estimate.get("nutrients")):
                read(nutrient.get("unless"))
                for _, amount in items_of(nutrient.get("reference")):
                    read(amount.get("when"))
        return used

    def every_question_used(self, steps: list[tuple[int, YamlMap]]) -> None:
        used = self.used_questions()
        for s, step in steps:
            for q, question in items_of(step.get("questions")):
                ident = question.get("id")
                known_type = question.get("type") in QUESTION_TYPES  # else pydantic says so
                valid_id = isinstance(ident, str) and ID_PATTERN.fullmatch(ident)
                unused = valid_id and ident not in RESERVED_IDS and ident not in used
                unused = unused and known_type
                if unused and not question.get("context"):
                    self.error(
                        ("steps", s, "questions", q, "id"),
                        "no clinician question, stop, notice, test note or food estimate uses "
                        "this answer. Use it in a prompt's `when` or "
                        "`because`, remove the question, or add `context:` saying why it is "
                        "asked.",
                    )

    def question_shape(self, path: tuple[Any, ...], question: YamlMap) -> None:
        kind = REGISTRY.get(str(question.get("type")))
        for subpath, message in kind.shape_problems(question) if kind else []:
            self.error((*path, *subpath), message)

    def typed(self, question: YamlMap) -> QuestionType | None:
        """The question as its type reads it, or None when its shape is wrong (pydantic
        reports that); its show_if is checked on its own."""
        kind = REGISTRY.get(str(question.get("type")))
        if kind is None:
            return None
        try:
            return kind.model_validate({k: v for k, v in question.items() if k != "show_if"})
        except ValidationError:
            return None

    def named_conditions(self, items: list[tuple[int, YamlMap]]) -> None:
        self.ids(items, ("conditions",), "condition")
        self.named, problems = conditions.named_conditions(self.root.get("conditions"))
        every = [item.get("id") for _, item in items]
        for index, error in problems:
            # other problems in a named condition are the schema's to report
            if error.path[-1:] == ("condition",) and error.message.count("'") >= 2:
                used = error.message.split("'")[1]
                if used in every:
                    self.error(
                        ("conditions", index, *error.path[1:]),
                        f"when uses the condition '{used}', which is named below it. Move "
                        f"'{used}' above this one.",
                    )
        by_name = {
            name: {id(c) for c, _ in conditions.comparisons(cond)}
            for name, cond in self.named.items()
        }
        self.named_compares = set().union(*by_name.values()) if by_name else set()
        for i, item in items:
            name = item.get("id")
            others = (
                set().union(*(ids for n, ids in by_name.items() if n != name)) if by_name else set()
            )
            self.condition(("conditions", i), item.get("when"), "when", skip=others)

    def condition(
        self,
        path: tuple[Any, ...],
        raw: Any,
        key: str,
        *,
        before_step: int | None = None,
        before_order: int | None = None,
        skip: set[int] | None = None,
    ) -> None:
        if raw is None:
            return
        try:
            parsed = conditions.parse(raw, named=self.named)
        except conditions.ConditionError:
            return  # pydantic reports the shape, with its line
        named_here = self.named_compares if skip is None else skip
        for compare, sub in conditions.comparisons(parsed):
            from_named = id(compare) in named_here  # checked where it is named
            if from_named and before_step is None and before_order is None:
                continue
            cpath = (*path, key, *sub)
            target = self.questions.get(compare.question)
            if target is None:
                valid = [q for q in self.questions if ID_PATTERN.fullmatch(q)]
                close = difflib.get_close_matches(compare.question, valid, n=1)
                guess = f" Did you mean '{close[0]}'?" if close else ""
                self.error(
                    (*cpath, "question"),
                    f"{key} names the question '{compare.question}', which does not exist.{guess}",
                )
                continue
            order, step_index, question = target
            if before_step is not None and step_index >= before_step:
                self.error(
                    (*cpath, "question"),
                    f"show_if uses '{compare.question}', which is asked on this step or a later "
                    "one. A step can only depend on answers from earlier steps.",
                )
            if before_order is not None and order >= before_order:
                self.error(
                    (*cpath, "question"),
                    f"show_if uses '{compare.question}', which is asked at or after this question. "
                    "A question can only depend on questions before it; move it further down.",
                )
            if not from_named:
                self.comparison(cpath, compare, question)

    def comparison(self, path: tuple[Any, ...], compare: Compare, question: YamlMap) -> None:
        typed = self.typed(question)
        if typed is None or compare.operator == "answered":
            return
        where_op = (*path, compare.operator)
        problem = typed.operator_problem(compare.operator)
        if problem is not None:
            self.error(where_op, problem)
            return
        if compare.operator == "count_gte":
            return
        value = compare.value
        for v in value if isinstance(value, tuple) else (value,):
            problem = typed.value_problem(v)
            if problem is not None:
                self.error(where_op, problem)

    def prompt(self, path: tuple[Any, ...], prompt: YamlMap, topics: set[Any]) -> None:
        topic = prompt.get("topic")
        if isinstance(topic, str) and topic not in topics:
            known = ", ".join(sorted(t for t in topics if isinstance(t, str)))
            self.error((*path, "topic"), f"unknown topic '{topic}'. Topics are: {known}.")
        because = prompt.get("because")
        for i, ident in enumerate(because if isinstance(because, list) else []):
            if isinstance(ident, str) and ident not in self.questions:
                self.error(
                    (*path, "because", i),
                    f"'because' names the question '{ident}', which does not exist.",
                )
        text = prompt.get("text")
        if isinstance(text, str):
            for problem in placeholder_problems(text, self.questions):
                self.error((*path, "text"), problem)


def placeholder_problems(text: str, known: Any) -> list[str]:
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return ["the text has an unmatched { or }. Write {{ or }} for a brace on its own."]
    problems = []
    for _, field, spec, conversion in parts:
        if field is None:
            continue
        if not ID_PATTERN.fullmatch(field) or spec or conversion:
            problems.append(
                f"'{{{field}}}' cannot be quoted: write just a question id in braces, like {{age}}."
            )
        elif field not in known:
            problems.append(f"the text quotes {{{field}}}, but there is no question '{field}'.")
    return problems


def check_references(root: YamlMap, name: str) -> list[DefinitionError]:
    """Every cross-reference problem in the raw definitions (one language's copy)."""
    return _Checker(root, name).run()
