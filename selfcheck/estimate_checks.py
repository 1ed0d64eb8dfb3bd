"""Cross-reference checks of a questionnaire's `estimate:` part: its nutrients, and each
food's question, servings and amounts (a mixin of references.py's checker)."""

from __future__ import annotations

from typing import Any

from .question_types import REGISTRY
from .yamlfile import YamlList, YamlMap


def items_of(node: Any) -> list[tuple[int, YamlMap]]:
    """The mappings of a YAML list, with their index (anything else is the schema's to report)."""
    if not isinstance(node, YamlList):
        return []
    return [(i, item) for i, item in enumerate(node) if isinstance(item, YamlMap)]


class EstimateChecks:
    """Needs the checker's `questions`, `error`, `ids` and `condition`."""

    questions: dict[str, tuple[int, int, YamlMap]]

    def estimate(self, estimate: YamlMap) -> None:
        base = ("estimate",)
        nutrients = items_of(estimate.get("nutrients"))
        self.ids(nutrients, (*base, "nutrients"), "nutrient")
        known = [n.get("id") for _, n in nutrients if isinstance(n.get("id"), str)]
        foods = items_of(estimate.get("foods"))
        self.ids(foods, (*base, "foods"), "food")
        for i, food in foods:
            path = (*base, "foods", i)
            self.food(path, food)
            amounts = food.get("amounts")
            for key in amounts if isinstance(amounts, YamlMap) else []:
                if key not in known:
                    self.error(
                        (*path, "amounts", key),
                        f"'{key}' is not one of the estimate's nutrients: {', '.join(known)}.",
                        key=True,
                    )
        self.condition(base, estimate.get("unless"), "unless")
        for n, nutrient in nutrients:
            self.condition((*base, "nutrients", n), nutrient.get("unless"), "unless")
        leaves_out = "unless" in estimate or any("unless" in n for _, n in nutrients)
        if leaves_out and not estimate.get("left_out"):
            self.error(
                base,
                "the estimate leaves nutrients out ('unless'), so give 'left_out': the words "
                "people read in their place (say, who can tell them which foods fit them).",
            )
        for n, nutrient in nutrients:
            amounts = items_of(nutrient.get("reference"))
            for i, amount in amounts:
                path = (*base, "nutrients", n, "reference", i)
                self.condition(path, amount.get("when"), "when")
                if ("amount" in amount) == ("range" in amount):
                    self.error(path, "give either 'amount' or 'range' (low and high), not both.")
                low_high = amount.get("range")
                if (
                    isinstance(low_high, list)
                    and len(low_high) == 2
                    and all(isinstance(v, int | float) for v in low_high)
                    and low_high[0] > low_high[1]
                ):
                    self.error((*path, "range"), "the range goes low to high: swap them.")
            if amounts and amounts[-1][1].get("when") is not None:
                self.error(
                    (*base, "nutrients", n, "reference", amounts[-1][0]),
                    "the last reference intake needs no 'when', so every person gets one.",
                )

    def food(self, path: tuple[Any, ...], food: YamlMap) -> None:
        question = self.questions.get(food.get("question"))
        if question is None:
            if isinstance(food.get("question"), str):
                self.error(
                    (*path, "question"),
                    f"the estimate uses the question '{food.get('question')}', "
                    "which does not exist.",
                )
            return
        if question[2].get("type") not in REGISTRY:
            return  # an unknown type: its own message says so
        if question[2].get("type") != "single_choice":
            self.error(
                (*path, "question"),
                f"'{food.get('question')}' must be a single_choice question "
                "(how often the person eats this food).",
            )
            return
        choices = [c.get("id") for _, c in items_of(question[2].get("choices"))]
        servings = food.get("servings_per_day")
        if isinstance(servings, YamlMap):
            missing = [c for c in choices if c not in servings]
            extra = [k for k in servings if k not in choices]
            if missing or extra:
                self.error(
                    (*path, "servings_per_day"),
                    "servings_per_day needs one number for each answer of "
                    f"'{food.get('question')}': {', '.join(str(c) for c in choices)}.",
                )
