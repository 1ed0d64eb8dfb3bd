"""Questionnaire text in several languages, written side by side in the YAML.

Every text a patient reads may be written as `{en: …, es: …}` instead of a plain string.
`missing_translations` lists each text that lacks one of the questionnaire's languages
(file, line and language, for `selfcheck check` and CI); `in_language` makes a copy of the
raw definitions with each such mapping replaced by one language's words, so the rest of
the app — the schema, the forms, the rules — only ever sees plain strings.
"""

from __future__ import annotations

import copy
from typing import Any

from . import yamlfile
from .yamlfile import DefinitionError, YamlList, YamlMap

SUPPORTED = {"en": "English", "es": "Español"}
# the few words the questionnaire's own answers are read back with
WORDS = {
    "en": {"yes": "Yes", "no": "No", "out_of": "{value} out of {most}"},
    "es": {"yes": "Sí", "no": "No", "out_of": "{value} de {most}"},
}
# long dates as each language writes them (25 November 2026; 25 de noviembre de 2026)
DATE_FORMATS = {"en": "d MMMM y", "es": "d 'de' MMMM 'de' y"}
# keys whose value is text a patient (or a clinician reading the list) reads
TEXT_KEYS = frozenset(
    {
        "title",
        "label",
        "hint",
        "required_error",
        "intro",
        "text",
        "detail",
        "min_label",
        "max_label",
        "name",
        "note",
        "tips_title",
        "unit",
        "crisis_line",
        "urgent_help",
        "quoted",
        "in_sentence",
    }
)
# keys whose value is a list of such texts
TEXT_LIST_KEYS = frozenset({"body", "questions"})


def is_translation(node: Any) -> bool:
    return isinstance(node, dict) and bool(node) and set(node) <= set(SUPPORTED)


def languages_of(root: YamlMap) -> list[str]:
    meta = root.get("meta")
    declared = meta.get("languages") if isinstance(meta, dict) else None
    if isinstance(declared, list) and declared and all(lang in SUPPORTED for lang in declared):
        return [str(lang) for lang in declared]
    return ["en"]


def _texts(node: Any, path: tuple = ()):
    """(path, value) of every text field in the definitions."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_KEYS and (isinstance(value, str) or is_translation(value)):
                yield (*path, key), value
            elif key in TEXT_LIST_KEYS and isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str) or is_translation(item):
                        yield (*path, key, i), item
                    else:
                        yield from _texts(item, (*path, key, i))
            elif not is_translation(value):
                yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _texts(item, (*path, i))


def missing_translations(root: YamlMap, name: str, languages: list[str]) -> list[DefinitionError]:
    """Each text without all of `languages`, with its file, line and the language missing."""
    if languages == ["en"]:
        return []
    errors = []
    for path, value in _texts(root):
        mapped = is_translation(value)
        for lang in languages:
            if not mapped and lang == languages[0]:
                continue  # a plain text is read as the first language
            if mapped and isinstance(value.get(lang), str) and value[lang].strip():
                continue
            file = yamlfile.file_of(root, path, name)
            line = yamlfile.line_of(root, (*path, lang) if mapped else path)
            field = next(str(p) for p in reversed(path) if isinstance(p, str))
            errors.append(
                DefinitionError(
                    file,
                    line,
                    f"{field}: no {SUPPORTED[lang]} ({lang}) translation. Write it as "
                    f"{{{', '.join(f'{code}: …' for code in languages)}}}.",
                )
            )
    return errors


def in_language(root: YamlMap, lang: str) -> YamlMap:
    """A copy of the definitions with every `{en: …, es: …}` replaced by `lang`'s words
    (English when that language is missing, which `missing_translations` reports)."""

    def pick(node: Any) -> Any:
        if is_translation(node):
            return node.get(lang) or node.get("en") or next(iter(node.values()))
        if isinstance(node, YamlMap):
            copied = copy.copy(node)
            for key, value in node.items():
                copied[key] = pick(value)
            return copied
        if isinstance(node, YamlList):
            copied_list = copy.copy(node)
            copied_list[:] = [pick(item) for item in node]
            return copied_list
        return node

    localized = pick(root)
    meta = localized.get("meta")
    if isinstance(meta, YamlMap):
        meta["language"] = lang
    return localized
