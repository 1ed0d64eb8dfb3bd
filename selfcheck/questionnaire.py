"""questions.yaml → a validated, frozen Questionnaire in each of its languages.

People who are not programmers edit the questionnaire, so loading checks the whole file and
lists *all* problems at once, each with its file, line and what to do: the shape by the
schema (schema.py, question_types/; its errors in plain words by plain_errors.py), the
cross-references by references.py. `load(path)` is the one entry point. Nothing here knows
about Flask.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from . import conditions, translations, yamlfile
from .plain_errors import keys_of, plain_errors
from .references import check_references
from .schema import *  # noqa: F403 - the model's names, for `from .questionnaire import …`
from .schema import Questionnaire
from .yamlfile import DefinitionFileError, YamlMap

QuestionnaireError = DefinitionFileError
KEYS = keys_of(Questionnaire)  # every key a questionnaire may use, for "did you mean"


@dataclass(frozen=True)
class Definition:
    """A questionnaire file as loaded: its raw YAML (kept so a clinic can add to it, with
    every line number) and the validated questionnaire in each of its languages."""

    raw: YamlMap
    by_language: dict[str, Questionnaire]

    @property
    def first(self) -> Questionnaire:
        """The questionnaire in its first language."""
        return next(iter(self.by_language.values()))


def load(path: str | Path, display_name: str | None = None) -> Definition:
    """Read and validate a questionnaire file; QuestionnaireError lists every problem."""
    name = display_name or str(path)
    raw = yamlfile.load(path, name)
    return Definition(raw, validate(raw, name))


def validate(raw: YamlMap, name: str) -> dict[str, Questionnaire]:
    """Raw definitions (a file, or a file with a clinic's additions) → the questionnaire in
    each language; a missing translation is an error like any other."""
    languages = translations.languages_of(raw)
    broken = translations.broken_translations(raw, name)
    errors = translations.missing_translations(raw, name, languages)
    found: dict[str, Questionnaire] = {}
    for lang in languages:
        localized = translations.in_language(raw, lang)
        problems = check_references(localized, name)
        named, _ = conditions.named_conditions(localized.get("conditions"))
        try:
            found[lang] = Questionnaire.model_validate(localized, context={"conditions": named})
        except ValidationError as exc:
            problems += plain_errors(exc, localized, name, KEYS)
        errors += problems
    if broken:  # the schema's own messages about the same texts would only confuse
        lines = {(error.file, error.line) for error in broken}
        errors = broken + [error for error in errors if (error.file, error.line) not in lines]
    if errors:
        raise QuestionnaireError(errors)
    return found
