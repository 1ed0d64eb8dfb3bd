"""Read a YAML definition file into plain data that remembers the line of every node.

Maintainers edit YAML by hand, so every later error must name a line. PyYAML alone
silently keeps the last of two duplicate keys, follows aliases (alias bombs) and
honours tags; this module refuses all of those and reports each with its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    MappingEndEvent,
    NodeEvent,
    SequenceEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .yaml_syntax import explain

# libyaml's parser when PyYAML was built with it (ten times faster); the same events and marks
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 1_000_000
MAX_DEPTH = 32


@dataclass(frozen=True, order=True)
class DefinitionError:
    """One problem in a definition file, with the line to look at and what to do."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class DefinitionFileError(Exception):
    """A definition file has problems; `errors` lists all of them, sorted by line."""

    def __init__(self, errors: list[DefinitionError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


class YamlMap(dict):
    """A mapping that knows its file, the line it starts on and the line of each key and value."""

    file: str = ""
    line: int
    key_lines: dict[str, int]
    value_lines: dict[str, int]


class YamlList(list):
    """A sequence that knows its file, the line it starts on and the line of each item."""

    file: str = ""
    line: int
    item_lines: list[int]


def line_of(root: Any, path: tuple[Any, ...]) -> int:
    """The line of the node at `path`, or of its nearest ancestor that exists."""
    node, line = root, getattr(root, "line", 1)
    for step in path:
        if isinstance(node, YamlMap) and step in node:
            line = node.value_lines.get(step, node.line)
            node = node[step]
        elif isinstance(node, YamlList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        elif isinstance(node, YamlMap | YamlList):
            continue  # a step that is not in the data (e.g. a union tag): keep looking
        else:
            break
    return line


def file_of(root: Any, path: tuple[Any, ...], default: str) -> str:
    """The file the node at `path` came from: definitions merged from several files (a
    clinic's additions to the questionnaire) report each problem in the right one."""
    node, found = root, getattr(root, "file", "") or default
    for step in path:
        if isinstance(node, YamlMap) and step in node:
            node = node[step]
        elif isinstance(node, YamlList) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        elif isinstance(node, YamlMap | YamlList):
            continue
        else:
            break
        found = getattr(node, "file", "") or found
    return found


def key_line(root: Any, path: tuple[Any, ...]) -> int:
    """The line of the key that ends `path` (for errors about the key itself)."""
    parent = root
    for step in path[:-1]:
        if isinstance(parent, dict | list):
            try:
                parent = parent[step]
            except (KeyError, IndexError, TypeError):
                return line_of(root, path)
    if isinstance(parent, YamlMap) and path and path[-1] in parent.key_lines:
        return parent.key_lines[path[-1]]
    return line_of(root, path)


def load(path: str | Path, display_name: str | None = None) -> YamlMap:
    """Load `path` into YamlMap/YamlList/scalars, or raise DefinitionFileError."""
    name = display_name or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise DefinitionFileError(
            [DefinitionError(name, 1, f"cannot read the file ({error.strerror}).")]
        ) from None
    return loads(raw, name)


def loads(raw: bytes, name: str) -> YamlMap:
    """Parse bytes of YAML; `name` is the file name used in error messages."""
    if len(raw) > MAX_BYTES:
        raise DefinitionFileError(
            [
                DefinitionError(
                    name,
                    1,
                    f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}. "
                    "Split it or remove unused parts.",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DefinitionFileError(
            [
                DefinitionError(
                    name,
                    line,
                    "this line is not valid UTF-8 text. Save the file as UTF-8 in your editor.",
                )
            ]
        ) from None
    errors = _check_events(text, name)
    if errors:
        raise DefinitionFileError(errors)
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError as error:  # pragma: no cover - _check_events saw it first
        raise DefinitionFileError([_syntax_error(text, error, name)]) from None
    if node is None:
        raise DefinitionFileError([DefinitionError(name, 1, "the file is empty.")])
    constructor = yaml.SafeLoader("")
    data = _build(node, constructor, name, errors)
    if errors:
        raise DefinitionFileError(errors)
    if not isinstance(data, YamlMap):
        raise DefinitionFileError(
            [
                DefinitionError(
                    name, 1, "the file must be a mapping of keys (like `meta:`) at the top."
                )
            ]
        )
    return data


def strict_reading_problem(path: str | Path, name: str) -> DefinitionError | None:
    """Where the strict YAML reader (PyYAML in pure Python, which other tools use) stops on a
    file the faster one read: a text with `?` or `:` inside { } that wants quotes."""
    try:
        for _event in yaml.parse(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader):
            pass  # only where it stops matters, not what it reads
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        return DefinitionError(
            name,
            mark.line + 1 if mark else 1,
            "other YAML tools cannot read this line: a text inside { } with a ? or : in it "
            'needs quotes, like {en: "How old are you?", es: "¿Cuántos años tiene?"}.',
        )
    return None


def _syntax_error(text: str, error: yaml.YAMLError, name: str) -> DefinitionError:
    line, message = explain(text, error)
    return DefinitionError(name, line, message)


def _check_events(text: str, name: str) -> list[DefinitionError]:
    """Refuse tags, anchors, aliases and deep nesting before anything is built."""
    errors: list[DefinitionError] = []
    depth = 0
    try:
        for event in yaml.parse(text, Loader=LOADER):
            line = event.start_mark.line + 1
            if isinstance(event, AliasEvent):
                errors.append(
                    DefinitionError(
                        name,
                        line,
                        f"aliases (*{event.anchor}) are not allowed. Write the value out in full.",
                    )
                )
                continue
            if isinstance(event, NodeEvent) and event.anchor is not None:
                errors.append(
                    DefinitionError(
                        name,
                        line,
                        f"anchors (&{event.anchor}) are not allowed. Write the value out in full.",
                    )
                )
            tag = getattr(event, "tag", None)
            if isinstance(event, NodeEvent) and tag not in (None, "!"):
                tag = tag.replace("tag:yaml.org,2002:", "!!")
                errors.append(
                    DefinitionError(
                        name,
                        line,
                        f"YAML tags like {tag} are not allowed. Remove the tag; "
                        "write plain text, numbers, lists and mappings only.",
                    )
                )
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    errors.append(
                        DefinitionError(
                            name,
                            line,
                            f"the file nests deeper than {MAX_DEPTH} levels. "
                            "Check the indentation.",
                        )
                    )
                    return errors
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        errors.append(_syntax_error(text, error, name))
    return errors


def _build(node: Node, constructor: yaml.SafeLoader, name: str, errors: list) -> Any:
    if isinstance(node, MappingNode):
        result = YamlMap()
        result.file = name
        result.line = node.start_mark.line + 1
        result.key_lines, result.value_lines = {}, {}
        for key_node, value_node in node.value:
            key_line_no = key_node.start_mark.line + 1
            key = _build(key_node, constructor, name, errors)
            if not isinstance(key, str):
                errors.append(
                    DefinitionError(
                        name,
                        key_line_no,
                        f"the key {key_node.value!r} is read as {type(key).__name__}, not text. "
                        f'Put it in quotes: "{key_node.value}".',
                    )
                )
                continue
            if key in result:
                errors.append(
                    DefinitionError(
                        name,
                        key_line_no,
                        f"duplicate key '{key}' (first at line {result.key_lines[key]}). "
                        "YAML would keep only the last one; remove or rename one of them.",
                    )
                )
                continue
            result[key] = _build(value_node, constructor, name, errors)
            result.key_lines[key] = key_line_no
            result.value_lines[key] = value_node.start_mark.line + 1
        return result
    if isinstance(node, SequenceNode):
        items = YamlList(_build(item, constructor, name, errors) for item in node.value)
        items.file = name
        items.line = node.start_mark.line + 1
        items.item_lines = [item.start_mark.line + 1 for item in node.value]
        return items
    assert isinstance(node, ScalarNode)
    try:
        return constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as error:
        errors.append(
            DefinitionError(
                name, node.start_mark.line + 1, f"cannot read the value {node.value!r} ({error})."
            )
        )
        return None
