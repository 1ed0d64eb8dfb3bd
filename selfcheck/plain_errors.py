"""pydantic's validation errors in plain words: what is wrong, on which line, what to do.

People who are not programmers edit the questionnaire and clinic files, so each kind of
pydantic error has a message builder in `MESSAGES`; anything unknown falls back to pydantic's
own words with the field named.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from . import yamlfile
from .question_types import QUESTION_TYPES
from .yamlfile import DefinitionError, YamlMap

HINTS = {
    "id": "Add `id:` with a short name like sun_time (lower-case letters, digits and _).",
    "label": "Add `label:` with the question as the patient reads it.",
    "title": "Add `title:` with a short heading.",
    "type": f"Add `type:` with one of: {', '.join(QUESTION_TYPES)}.",
    "choices": "Add `choices:` with at least two choices, each with `id:` and `label:`.",
    "questions": "Add `questions:` with at least one question.",
    "text": "Add `text:` with the words to show.",
    "when": "Add `when:` with the condition that shows it, like {question: age, gte: 70}.",
    "topic": "Add `topic:` with the id of one of the topics at the top of the file.",
    "priority": "Add `priority:` from 1 (most important) to 5.",
    "amounts": "Add `amounts:` with how much of each nutrient one serving holds, like {iron: 2}.",
    "detail": "Add `detail:` with a longer explanation for readers who want depth.",
    "sources": "Add `sources:` with at least one source (title, publisher, year, url).",
    "reviewed": "Add `reviewed:` with the date the content was last checked, like 2026-11-25.",
    "min_label": "Add `min_label:` with the words for the lowest point of the scale.",
    "max_label": "Add `max_label:` with the words for the highest point of the scale.",
}

TYPE_WORDS = {
    "string_type": "must be text (put it in quotes if it looks like a number, date or yes/no)",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "date_type": "must be a date like 2026-11-25",
    "date_parsing": "must be a date like 2026-11-25",
    "date_from_datetime_parsing": "must be a date like 2026-11-25",
    "list_type": "must be a list (each item on its own line starting with '- ')",
    "dict_type": "must be a mapping of keys",
    "model_type": "must be a mapping of keys",
    "model_attributes_type": "must be a mapping of keys",
}

NAMED = {
    "foods": "food",
    "nutrients": "nutrient",
    "items": "item",
    "steps": "step",
    "questions": "question",
    "choices": "choice",
    "prompts": "prompt",
    "stops": "stop",
    "notices": "notice",
    "topics": "topic",
}


BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "less_than_equal": ("le", "at most"),
    "greater_than": ("gt", "more than"),
    "less_than": ("lt", "less than"),
}


@dataclass(frozen=True)
class Found:
    """One pydantic error, placed: the field it is about and the context pydantic gave."""

    field: str
    context: dict[str, Any]
    message: str  # pydantic's own words
    known: set[str]  # every key the schema knows, for "did you mean"


def _missing(found: Found) -> str:
    return f"'{found.field}' is missing. {HINTS.get(found.field, f'Add `{found.field}:`.')}"


def _unknown_key(found: Found) -> str:
    close = difflib.get_close_matches(found.field, found.known, n=1)
    guess = f" Did you mean '{close[0]}'?" if close else ""
    return f"unknown key '{found.field}'.{guess} Remove it or correct its spelling."


def _bound(kind: str) -> Callable[[Found], str]:
    key, word = BOUNDS[kind]
    return lambda found: f"'{found.field}' must be {word} {found.context.get(key)}."


def _pattern(found: Found) -> str:
    if found.field == "url":
        return "'url' must be a full web address starting with https://."
    return _fallback(found)


def _fallback(found: Found) -> str:
    return f"'{found.field}': {found.message}."


MESSAGES: dict[str, Callable[[Found], str]] = {
    "missing": _missing,
    "extra_forbidden": _unknown_key,
    "union_tag_invalid": lambda found: (
        f"unknown question type '{found.context.get('tag')}'. "
        f"Use one of: {', '.join(QUESTION_TYPES)}."
    ),
    "union_tag_not_found": lambda found: f"'type' is missing. {HINTS['type']}",
    "condition": lambda found: f"{found.field}: {found.message}",
    "string_too_short": lambda found: (
        f"'{found.field}' needs at least {found.context.get('min_length')} characters."
    ),
    "string_too_long": lambda found: (
        f"'{found.field}' can have at most {found.context.get('max_length')} characters."
    ),
    "too_short": lambda found: (
        f"'{found.field}' needs at least {found.context.get('min_length')} item(s)."
    ),
    "literal_error": lambda found: (
        f"'{found.field}' must be one of: {found.context.get('expected')}."
    ),
    "string_pattern_mismatch": _pattern,
    **{
        kind: (lambda found, w=words: f"'{found.field}' {w}.") for kind, words in TYPE_WORDS.items()
    },
    **{kind: _bound(kind) for kind in BOUNDS},
}


def keys_of(*models: type[BaseModel]) -> set[str]:
    """Every key the given models (and the models inside them) accept."""
    seen: set[type[BaseModel]] = set()
    keys: set[str] = set()

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        keys.update(model.model_fields)
        for info in model.model_fields.values():
            for inner in _models_in(info.annotation):
                visit(inner)

    for model in models:
        visit(model)
    return keys


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def _real_path(root: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union tags (like 'number' in steps.0.questions.0.number.min) from `loc`."""
    node, path = root, []
    for i, step in enumerate(loc):
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        elif isinstance(node, dict) and i < len(loc) - 1 and node.get("type") == step:
            continue
        else:
            return (*path, *loc[i:])
        path.append(step)
    return tuple(path)


def where(root: Any, path: tuple[Any, ...]) -> str:
    """'question 'age'' — the most specific named thing on `path`, for the message."""
    node, label = root, ""
    for i, step in enumerate(path):
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
            kind = NAMED.get(path[i - 1]) if i else None
            if kind:
                ident = node.get("id") if isinstance(node, dict) else None
                label = f"{kind} '{ident}'" if isinstance(ident, str) else f"{kind} {step + 1}"
        else:
            break
    if not label and path and isinstance(path[0], str):
        label = path[0]
    return label


def plain_errors(
    exc: ValidationError, root: YamlMap, name: str, known: set[str]
) -> list[DefinitionError]:
    """pydantic's errors as plain, line-numbered messages (questionnaire and clinic files)."""
    errors = []
    for err in exc.errors(include_url=False):
        kind = err["type"]
        path = _real_path(root, tuple(err["loc"]))
        field = next((str(p) for p in reversed(path) if isinstance(p, str)), "value")
        found = Found(field, err.get("ctx") or {}, err["msg"], known)
        message = MESSAGES.get(kind, _fallback)(found)
        if kind == "extra_forbidden":
            line = yamlfile.key_line(root, path)
        elif kind == "condition":
            line = yamlfile.line_of(root, (*path, *found.context.get("subpath", ())))
        else:
            line = yamlfile.line_of(root, path)
        place = where(root, path)
        file = yamlfile.file_of(root, path, name)
        errors.append(DefinitionError(file, line, f"{place}: {message}" if place else message))
    return errors
