"""A rough daily intake of the nutrients a questionnaire's estimate names, from a few food
answers.

Nutrients, per-serving values, servings for each answer and the reference intakes all live
in the questionnaire's `estimate` block with their sources; this module only adds them up.
It is labelled as a rough estimate wherever it is shown, and it never becomes advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import conditions
from .conditions import Answer
from .schema import Amount, Estimate, Nutrient


@dataclass(frozen=True)
class Intake:
    """One nutrient: the rough amount from food and the reference intake (low == high
    when one amount applies; a range when, say, sex or pregnancy is not known)."""

    id: str
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
class Intakes:
    """Every nutrient's intake, in the file's order, and how many food questions counted."""

    intakes: tuple[Intake, ...]
    foods_answered: int

    def of(self, nutrient_id: str) -> Intake:
        return next(intake for intake in self.intakes if intake.id == nutrient_id)


@dataclass(frozen=True)
class Portion:
    """How much of one nutrient a serving of a food holds."""

    name: str  # the nutrient, as it reads in a sentence
    unit: str
    amount: float


@dataclass(frozen=True)
class FoodTip:
    """A food to ask about, with what a serving holds; `rarely` when the person said they
    rarely eat it."""

    name: str
    portions: tuple[Portion, ...]
    rarely: bool


def reference(amounts: list[Amount], answers: Mapping[str, Answer]) -> tuple[float, float]:
    for entry in amounts:
        if entry.when is None or conditions.evaluate(entry.when, answers):
            if entry.range is not None:
                return entry.range
            assert entry.amount is not None
            return entry.amount, entry.amount
    raise ValueError("no reference intake applies")  # the loader requires a default


def estimate(food: Estimate | None, answers: Mapping[str, Answer]) -> Intakes | None:
    """Add up servings a day × amount per serving; None when no food question was answered."""
    if food is None:
        return None
    totals = {nutrient.id: 0.0 for nutrient in food.nutrients}
    answered = 0
    for item in food.foods:
        answer = answers.get(item.question)
        if not isinstance(answer, str):
            continue
        answered += 1
        servings = item.servings_per_day.get(answer, 0.0)
        for nutrient_id, amount in item.amounts.items():
            totals[nutrient_id] = totals.get(nutrient_id, 0.0) + servings * amount
    if not answered:
        return None
    return Intakes(
        tuple(_intake(nutrient, totals[nutrient.id], answers) for nutrient in food.nutrients),
        answered,
    )


def _intake(nutrient: Nutrient, amount: float, answers: Mapping[str, Answer]) -> Intake:
    low, high = reference(nutrient.reference, answers)
    return Intake(nutrient.id, nutrient.name, nutrient.unit, round(amount), low, high)


def tips(food: Estimate | None, answers: Mapping[str, Answer], limit: int = 6) -> list[FoodTip]:
    """Foods that provide the nutrients, the ones the person rarely eats first."""
    if food is None:
        return []
    nutrients = {nutrient.id: nutrient for nutrient in food.nutrients}
    found = []
    for index, item in enumerate(food.foods):
        answer = answers.get(item.question)
        rarely = isinstance(answer, str) and item.servings_per_day.get(answer, 0) == 0
        portions = tuple(
            Portion(nutrients[n].named, nutrients[n].unit, amount)
            for n, amount in item.amounts.items()
            if amount
        )
        found.append(((not rarely, index), FoodTip(item.name, portions, rarely)))
    return [tip for _, tip in sorted(found, key=lambda pair: pair[0])][:limit]
