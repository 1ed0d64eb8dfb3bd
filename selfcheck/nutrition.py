"""A rough daily intake of vitamin D and magnesium from a few food answers.

Per-serving values, servings for each answer and the reference intakes all live in
questions.yaml with their sources; this module only adds them up. It is labelled as a
rough estimate wherever it is shown, and it never becomes advice.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import conditions
from .conditions import Answer
from .questionnaire import Amount, FoodEstimate


@dataclass(frozen=True)
class Intake:
    """One nutrient: the rough amount from food and the reference intake (low == high
    when one amount applies; a range when sex or pregnancy is not known)."""

    name: str
    unit: str
    amount: float
    low: float
    high: float

    @property
    def scale(self) -> float:
        """The value at the right end of the chart."""
        return max(self.amount, self.high) * 1.25 or 1.0

    def percent(self, value: float) -> float:
        return round(100 * value / self.scale, 1)


@dataclass(frozen=True)
class Estimate:
    vitamin_d: Intake
    magnesium: Intake
    foods_answered: int


@dataclass(frozen=True)
class FoodTip:
    """A food to ask about; `rarely` when the person said they rarely eat it."""

    name: str
    vitamin_d_iu: float
    magnesium_mg: float
    rarely: bool


def reference(amounts: list[Amount], answers: dict[str, Answer]) -> tuple[float, float]:
    for entry in amounts:
        if entry.when is None or conditions.evaluate(entry.when, answers):
            if entry.range is not None:
                return entry.range
            assert entry.amount is not None
            return entry.amount, entry.amount
    raise ValueError("no reference intake applies")  # the loader requires a default


def estimate(food: FoodEstimate | None, answers: dict[str, Answer]) -> Estimate | None:
    """Add up servings a day × amount per serving; None when no food question was answered."""
    if food is None:
        return None
    vitamin_d = magnesium = 0.0
    answered = 0
    for item in food.foods:
        answer = answers.get(item.question)
        if not isinstance(answer, str):
            continue
        answered += 1
        servings = item.servings_per_day.get(answer, 0.0)
        vitamin_d += servings * item.vitamin_d_iu
        magnesium += servings * item.magnesium_mg
    if not answered:
        return None
    return Estimate(
        vitamin_d=Intake(
            "Vitamin D", "IU", round(vitamin_d), *reference(food.vitamin_d_iu, answers)
        ),
        magnesium=Intake(
            "Magnesium", "mg", round(magnesium), *reference(food.magnesium_mg, answers)
        ),
        foods_answered=answered,
    )


def tips(food: FoodEstimate | None, answers: dict[str, Answer], limit: int = 6) -> list[FoodTip]:
    """Foods that provide vitamin D or magnesium, the ones the person rarely eats first."""
    if food is None:
        return []
    found = []
    for index, item in enumerate(food.foods):
        answer = answers.get(item.question)
        rarely = isinstance(answer, str) and item.servings_per_day.get(answer, 0) == 0
        tip = FoodTip(item.name, item.vitamin_d_iu, item.magnesium_mg, rarely)
        found.append(((not rarely, index), tip))
    return [tip for _, tip in sorted(found, key=lambda pair: pair[0])][:limit]
