"""Which steps a person sees, in what order, and which answers count.

The wizard reads the *raw* values each step posted (kept so Back and errors lose nothing)
and rebuilds typed answers by checking every visible step again, in order, each time (so a
stale or tampered state never reaches the rules). Answers given all at once (the API, the
command line) go through the same checks. Answers to questions or steps hidden by `show_if`
are dropped. Nothing here knows about HTTP: the caller says how the reader writes numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from . import conditions
from .conditions import Answer
from .problem import Problem
from .question_types import CANONICAL, Parsed, Reading
from .questionnaire import Question, Questionnaire, Step
from .state import RawStep, State


@dataclass
class StepCheck:
    """A step read and checked: the values to show back, the answers, the problems."""

    step: Step
    values: RawStep
    answers: dict[str, Answer]
    problems: dict[str, Problem]
    shown: list[Question]

    @property
    def valid(self) -> bool:
        return not self.problems


@dataclass
class Progress:
    """Where a person is: their valid answers, the steps they see, the first one to do."""

    answers: dict[str, Answer]
    steps: list[Step]
    complete: set[str]
    first_incomplete: Step | None
    shown: dict[str, list[Question]]
    problems: dict[str, Problem] = field(default_factory=dict)  # of steps sent but invalid

    def position(self, step: Step) -> tuple[int, int]:
        ids = [s.id for s in self.steps]
        return (ids.index(step.id) + 1 if step.id in ids else 1), len(ids)

    def after(self, step: Step) -> Step | None:
        ids = [s.id for s in self.steps]
        if step.id not in ids:
            return None
        index = ids.index(step.id)
        return self.steps[index + 1] if index + 1 < len(ids) else None

    def before(self, step: Step) -> Step | None:
        ids = [s.id for s in self.steps]
        index = ids.index(step.id) if step.id in ids else 0
        return self.steps[index - 1] if index > 0 else None

    def reachable(self, step: Step) -> bool:
        """A step can be opened once every visible step before it is complete."""
        for visible in self.steps:
            if visible.id == step.id:
                return True
            if visible.id not in self.complete:
                return False
        return False


class Wizard:
    """Step logic for one questionnaire; built once, shared by all requests."""

    def __init__(self, questionnaire: Questionnaire):
        self.questionnaire = questionnaire

    def keep(self, step: Step, posted: Mapping[str, list[str]], reading: Reading) -> RawStep:
        """Keep only this step's fields, bounded, in the stored spelling, from a post.

        Numbers are kept in one spelling ('7.5', '5000') whatever the language they were
        typed in, so answers read back the same after a change of language.
        """
        return {
            question.id: question.keep(list(posted[question.id]), reading)
            for question in step.questions
            if posted.get(question.id)
        }

    def check(
        self,
        step: Step,
        raw: RawStep,
        prior: Mapping[str, Answer],
        reading: Reading = CANONICAL,
        *,
        validate: bool = True,
    ) -> StepCheck:
        """Read a step's kept values; with `validate`, check each question shown."""
        parsed = {q.id: q.read(raw.get(q.id, []), reading) for q in step.questions}
        return self.judge(step, parsed, raw, prior, reading, validate=validate)

    def judge(
        self,
        step: Step,
        parsed: Mapping[str, Parsed],
        values: RawStep,
        prior: Mapping[str, Answer],
        reading: Reading = CANONICAL,
        *,
        validate: bool = True,
    ) -> StepCheck:
        """Check read answers in order: hidden questions drop out, required ones must be
        answered, and every answer passes its type's one validator."""
        own = {q.id for q in step.questions}
        earlier = {key: value for key, value in prior.items() if key not in own}
        answers: dict[str, Answer] = {}
        problems: dict[str, Problem] = {}
        shown: list[Question] = []
        for question in step.questions:
            if question.show_if and not conditions.evaluate(
                question.show_if, {**earlier, **answers}
            ):
                continue
            shown.append(question)
            read = parsed.get(question.id, Parsed())
            if not validate:
                if read.value is not None:
                    answers[question.id] = read.value
                continue
            problem = read.problem
            if problem is None and read.value is None:
                problem = question.missing() if question.required else None
            elif problem is None and read.value is not None:
                problem = question.validate(read.value, reading)
            if problem is not None:
                problems[question.id] = problem
            elif read.value is not None:
                answers[question.id] = read.value
        return StepCheck(step, values, answers, problems, shown)

    def step_visible(self, step: Step, answers: Mapping[str, Answer]) -> bool:
        return step.show_if is None or conditions.evaluate(step.show_if, answers)

    def progress(self, state: State, reading: Reading = CANONICAL) -> Progress:
        """Replay every step in order: check again, drop hidden answers, find the gaps."""

        def sent(step: Step, answers: dict[str, Answer]) -> StepCheck | None:
            raw = state.steps.get(step.id)
            if step.id not in state.done or raw is None:
                return None
            return self.check(step, raw, answers, reading)

        return self._replay(sent)

    def progress_after(
        self, before: Progress, page: StepCheck, state: State, reading: Reading = CANONICAL
    ) -> Progress:
        """`progress(state)` once `page` was sent and found valid, knowing `before`: the
        progress of this same state before the page was sent, against whose answers `page`
        was checked. The steps before the page are as they were (an answer depends only on
        earlier ones), and the page is as just checked; the rest is replayed."""
        index = self.questionnaire.steps.index(page.step)
        earlier = self.questionnaire.steps[:index]
        ids = {q.id for step in earlier for q in step.questions}
        steps = [step for step in before.steps if step in earlier]
        first = before.first_incomplete
        prefix = Progress(
            answers={k: v for k, v in before.answers.items() if k in ids},
            steps=steps,
            complete={step.id for step in steps} & before.complete,
            first_incomplete=first if first in earlier else None,
            shown={step.id: before.shown[step.id] for step in steps if step.id in before.shown},
            problems={k: v for k, v in before.problems.items() if k in ids},
        )

        def sent(step: Step, answers: dict[str, Answer]) -> StepCheck | None:
            if step is page.step:
                return page
            raw = state.steps.get(step.id)
            if step.id not in state.done or raw is None:
                return None
            return self.check(step, raw, answers, reading)

        return self._replay(sent, prefix, index)

    def progress_of_answers(
        self, answers: Mapping[str, Answer], reading: Reading = CANONICAL
    ) -> Progress:
        """Answers given all at once, already of the right types (the API, the command
        line): every step counts as sent, and is checked like a posted page."""

        def sent(step: Step, earlier: dict[str, Answer]) -> StepCheck:
            parsed = {q.id: Parsed(answers.get(q.id)) for q in step.questions}
            return self.judge(step, parsed, {}, earlier, reading)

        return self._replay(sent)

    def _replay(
        self,
        sent: Callable[[Step, dict[str, Answer]], StepCheck | None],
        prefix: Progress | None = None,
        start: int = 0,
    ) -> Progress:
        """From the first step, or from step `start` with `prefix` the steps before it."""
        prefix = prefix or Progress({}, [], set(), None, {})
        answers: dict[str, Answer] = dict(prefix.answers)
        steps: list[Step] = list(prefix.steps)
        complete: set[str] = set(prefix.complete)
        first_incomplete: Step | None = prefix.first_incomplete
        shown: dict[str, list[Question]] = dict(prefix.shown)
        problems: dict[str, Problem] = dict(prefix.problems)
        for step in self.questionnaire.steps[start:]:
            if not self.step_visible(step, answers):
                continue
            steps.append(step)
            checked = sent(step, answers)
            if checked is not None:
                shown[step.id] = checked.shown
                if checked.valid:
                    answers.update(checked.answers)
                    complete.add(step.id)
                    continue
                problems.update(checked.problems)
            if first_incomplete is None:
                first_incomplete = step
        return Progress(answers, steps, complete, first_incomplete, shown, problems)
