"""The YAML reader: line numbers kept, and the dangerous parts of YAML refused."""

import pytest

from selfcheck.yamlfile import MAX_BYTES, DefinitionFileError, key_line, line_of, loads


def errors_of(text: str | bytes) -> list[str]:
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(DefinitionFileError) as caught:
        loads(raw, "q.yaml")
    return [str(e) for e in caught.value.errors]


def test_remembers_lines_of_keys_values_and_items():
    data = loads(b"a:\n  b: 1\n  c:\n    - x\n    - y\n", "q.yaml")
    assert line_of(data, ("a", "b")) == 2
    assert line_of(data, ("a", "c", 1)) == 5
    assert key_line(data, ("a", "c")) == 3
    assert line_of(data, ("a", "missing", 3)) == 2  # nearest existing node: the value of 'a'


def test_duplicate_keys_are_refused_with_both_lines():
    assert errors_of("a: 1\nb: 2\na: 3\n") == [
        "q.yaml:3: duplicate key 'a' (first at line 1). "
        "YAML would keep only the last one; remove or rename one of them."
    ]


def test_alias_bomb_is_refused_before_it_is_expanded():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    messages = errors_of(bomb)
    assert messages[0] == "q.yaml:1: anchors (&a) are not allowed. Write the value out in full."
    assert "q.yaml:2: aliases (*a) are not allowed. Write the value out in full." in messages


def test_python_tags_are_refused():
    assert errors_of("a: !!python/object/apply:os.system ['true']\n") == [
        "q.yaml:1: YAML tags like !!python/object/apply:os.system are not allowed. "
        "Remove the tag; write plain text, numbers, lists and mappings only."
    ]


def test_deep_nesting_is_refused_quickly():
    messages = errors_of("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert messages == ["q.yaml:1: the file nests deeper than 32 levels. Check the indentation."]


def test_huge_file_is_refused():
    assert errors_of(b"a: 1\n" * (MAX_BYTES // 5 + 1))[0].startswith(
        "q.yaml:1: the file is 1,000,005 bytes; the limit is 1,000,000."
    )


def test_non_utf8_names_the_line():
    assert errors_of(b"a: 1\nb: caf\xe9\n") == [
        "q.yaml:2: this line is not valid UTF-8 text. Save the file as UTF-8 in your editor."
    ]


def test_non_text_keys_are_refused():
    assert errors_of("yes: 1\n") == [
        "q.yaml:1: the key 'yes' is read as bool, not text. Put it in quotes: \"yes\"."
    ]


def test_empty_and_non_mapping_files():
    assert errors_of("") == ["q.yaml:1: the file is empty."]
    assert errors_of("- a\n") == [
        "q.yaml:1: the file must be a mapping of keys (like `meta:`) at the top."
    ]
