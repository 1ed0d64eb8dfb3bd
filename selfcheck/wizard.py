"""Which steps a person sees, in what order, and which answers count.

The wizard keeps the *raw* values each step posted (so Back and errors lose nothing)
and rebuilds typed answers by validating every visible step again, in order, each time
(so a stale or tampered state never reaches the rules). Answers to questions or steps
hidden by `show_if` are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from . import conditions
from .conditions import Answer
from .forms import MAX_RAW, StepForm, canonical_number, csrf_valid, parse_number
from .questionnaire import Question, Questionnaire, Step

RawStep = dict[str, list[str]]


@dataclass
class State:
    """What a person has posted so far: raw values per step, and the steps they completed."""

    steps: dict[str, RawStep] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)


@dataclass
class StepCheck:
    """A step's form after reading the posted values, with the typed answers it gave."""

    form: StepForm
    answers: dict[str, Answer]
    shown: list[Question]
    valid: bool


@dataclass
class Progress:
    """Where a person is: their valid answers, the steps they see, the first one to do."""

    answers: dict[str, Answer]
    steps: list[Step]
    complete: set[str]
    first_incomplete: Step | None
    shown: dict[str, list[Question]]

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

    def __init__(self, questionnaire: Questionnaire, forms: dict[str, type[StepForm]]):
        self.questionnaire = questionnaire
        self.forms = forms

    def raw_from(self, step: Step, formdata: MultiDict, decimal_comma: bool = False) -> RawStep:
        """Keep only this step's fields, bounded in size, from what a browser posted.

        Numbers are kept in one spelling ('7.5', '5000') whatever the language they were
        typed in, so answers read back the same after a change of language.
        """
        raw: RawStep = {}
        for question in step.questions:
            values = formdata.getlist(question.id)
            if not values:
                continue
            limit = question.max_length * 2 if question.type == "text" else MAX_RAW
            count = len(question.choices) if question.type == "multi_choice" else 1
            raw[question.id] = [str(v)[:limit] for v in values[:count]]
            if question.type == "number":
                try:
                    number = parse_number(raw[question.id][0], question.integer, decimal_comma)
                    raw[question.id] = [canonical_number(number)]
                except ValueError:
                    pass  # kept as typed, so the page can show it with its error
        return raw

    def check(
        self,
        step: Step,
        formdata: MultiDict | None,
        prior: dict[str, Answer],
        *,
        validate: bool = True,
        csrf: bool = False,
    ) -> StepCheck:
        """Read a step's values; with `validate`, check each question shown."""
        meta = {} if csrf else {"csrf": False}  # with csrf, the app's setting decides
        form = self.forms[step.id](formdata=formdata or MultiDict(), meta=meta)
        own = {q.id for q in step.questions}
        prior = {key: value for key, value in prior.items() if key not in own}
        answers: dict[str, Answer] = {}
        shown: list[Question] = []
        valid = not (csrf and validate and not csrf_valid(form))
        for question in step.questions:
            if question.show_if and not conditions.evaluate(question.show_if, {**prior, **answers}):
                continue
            shown.append(question)
            field_ = form[question.id]
            if validate and not field_.validate(form):
                valid = False
                continue
            value = field_.answer()
            if value is not None:
                answers[question.id] = value
        return StepCheck(form, answers, shown, valid)

    def step_visible(self, step: Step, answers: dict[str, Answer]) -> bool:
        return step.show_if is None or conditions.evaluate(step.show_if, answers)

    def progress(self, state: State) -> Progress:
        """Replay every step in order: validate again, drop hidden answers, find the gaps."""
        answers: dict[str, Answer] = {}
        steps: list[Step] = []
        complete: set[str] = set()
        first_incomplete: Step | None = None
        shown: dict[str, list[Question]] = {}
        for step in self.questionnaire.steps:
            if not self.step_visible(step, answers):
                continue
            steps.append(step)
            raw = state.steps.get(step.id)
            if step.id in state.done and raw is not None:
                checked = self.check(step, MultiDict(_pairs(raw)), answers)
                shown[step.id] = checked.shown
                if checked.valid:
                    answers.update(checked.answers)
                    complete.add(step.id)
                    continue
            if first_incomplete is None:
                first_incomplete = step
        return Progress(answers, steps, complete, first_incomplete, shown)

    def formdata(self, state: State, step: Step) -> MultiDict:
        return MultiDict(_pairs(state.steps.get(step.id, {})))

    def depends_on_step(self, question: Question, step: Step) -> bool:
        """Whether a question's show_if reads answers from its own step (revealed in the page)."""
        if question.show_if is None:
            return False
        own = {q.id for q in step.questions}
        return any(q in own for q in conditions.questions(question.show_if))


def _pairs(raw: RawStep) -> list[tuple[str, str]]:
    return [(key, value) for key, values in raw.items() for value in values]
