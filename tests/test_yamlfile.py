"""The YAML reader: line numbers kept, and the dangerous parts of YAML refused."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfcheck.yamlfile import MAX_BYTES, DefinitionFileError, key_line, line_of, loads

from .conftest import examples


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


# --- syntax mistakes in plain words, at the line of the mistake (selfcheck/yaml_syntax.py) ---

STEP = "steps:\n  - id: one\n    title: Step one\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "meta:\n  id: x\n\ttitle: y\n",
            "q.yaml:3: this line is indented with a tab. YAML needs spaces: replace the tab "
            "with spaces, lined up with the other lines of its block.",
        ),
        (
            STEP + "   questions: []\n",
            "q.yaml:4: “questions: []” is indented 3 spaces, but it seems to belong to the block "
            "that starts on line 2 (“- id: one”), whose lines are indented 4 spaces. Line it up "
            "with them.",
        ),
        (
            STEP + " - id: two\n    title: Two\n",
            "q.yaml:4: “- id: two” is indented 1 space, but it seems to belong to the block that "
            "starts on line 1 (“steps:”), whose lines are indented 2 spaces. Line it up with them.",
        ),
        (
            "meta:\n  id: x\n  title: Time: how long\n",
            "q.yaml:3: this line has a colon (:) inside a text. Put the whole text in quotes, "
            'like label: "Time: how long?".',
        ),
        (
            'meta:\n  id: x\n  title: "open\n  intro: y\n',
            "q.yaml:3: the text in quotes that starts on this line has no closing quote. Add the "
            "closing quote at the end of the text.",
        ),
        (
            "a: [1, 2\nb: 3\n",
            "q.yaml:2: this line is not valid YAML. Check that it is indented with spaces like "
            "the lines of its block, and put text that contains a colon (:) or starts with a "
            "quote in quotes.",
        ),
    ],
)
def test_syntax_mistakes_are_explained_at_their_line(text, expected):
    assert errors_of(text) == [expected]


def test_text_written_as_a_block_is_not_mistaken_for_indentation():
    text = "p:\n  - id: x\n    text: >-\n      long text\n      more\n   bad: 1\n"
    assert errors_of(text)[0].startswith("q.yaml:6: “bad: 1” is indented 3 spaces")


JARGON = ("<block", "expected", "scanning", "token", "scalar", "indicator", "stream")


@settings(max_examples=examples(300), deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a: 1", "  b: 2", " c: 3", "- d", "  - e: 5", "\tf: 6", 'g: "x', "h: i: j",
             "k: [1", "l: >-", "    text", "m:", "   n: 7", "# note", "", "{", "]", "&x y", "*z"]
        ),
        min_size=1,
        max_size=8,
    )
)  # fmt: skip
def test_no_message_about_a_broken_file_uses_parser_jargon(lines):
    try:
        loads("\n".join(lines).encode(), "q.yaml")
    except DefinitionFileError as error:
        for problem in error.errors:
            assert not any(word in problem.message for word in JARGON), problem
