"""YAML syntax errors name the fix beside PyYAML's words (issue 9): one test deck per slip, in
`tests/fixtures/syntax/`, each with the line, the column and the hint it must get. Where the
hint shows the line rewritten with quotes, the deck with that line loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_quiz.deck.loader import DeckError, load_deck

SYNTAX = Path(__file__).resolve().parent / "fixtures" / "syntax"
QUOTE = "if it is text, put it all in quotes: "
COMMENT = (
    "' #' (a space and a hash) starts a comment, so YAML ignored the rest of line 7 from "
    "column {column}; if it is part of the text, put the text in quotes"
)
INDENT = (
    "check the indentation: this line starts at column {column}, but the lines it belongs with "
    "start at column {expected} (as on line {sibling})"
)


def _read_as(char: str, what: str, example: str) -> str:
    return f"YAML reads a value that starts with {char} as {what}; {QUOTE}{example}"


def _reserved(char: str, example: str) -> str:
    return f"YAML does not allow a plain value to start with {char}; {QUOTE}{example}"


HINTS = {
    "colon-in-value": (
        8,
        18,
        "a text that contains ': ' (a colon and a space) must be in quotes: "
        'explain: "True: all three juntas came to power through recent coups."',
    ),
    "hash-in-value": (8, 7, COMMENT.format(column=25)),
    "hash-in-list": (8, 5, COMMENT.format(column=20)),
    "cloze-starts-with-blank": (
        6,
        24,
        _read_as("{", "a mapping ({key: value})", 'prompt: "{{ECOWAS}} lost three members."'),
    ),
    "indented-less": (7, 4, INDENT.format(column=4, expected=5, sibling=6)),
    "indented-more": (7, 13, INDENT.format(column=7, expected=5, sibling=6)),
    "item-indented": (8, 2, INDENT.format(column=2, expected=3, sibling=4)),
    "starts-with-bracket": (
        6,
        24,
        _read_as("[", "a list ([a, b])", 'prompt: "[Breaking] The ministers fly to Moscow. Why?"'),
    ),
    "starts-with-star": (
        6,
        17,
        _read_as("*", "an alias (*name)", 'prompt: "*Why* do they go to Moscow?"'),
    ),
    "starts-with-ampersand": (
        6,
        14,
        _read_as("&", "an anchor (&name)", 'prompt: "& what else did they agree on?"'),
    ),
    "starts-with-pipe": (
        6,
        15,
        _read_as(
            "|",
            "a block of text on the lines below",
            'prompt: "| is a pipe; what does it mean in a cloze?"',
        ),
    ),
    "starts-with-greater-than": (
        6,
        15,
        _read_as(
            ">",
            "a block of text on the lines below",
            'prompt: "> 10 years of insurgency; how many exactly?"',
        ),
    ),
    "starts-with-single-quote": (
        6,
        25,
        _read_as(
            "'",
            "a text in quotes, which must end where the value ends",
            "prompt: \"'Strategic' and what else?\"",
        ),
    ),
    "starts-with-double-quote": (
        6,
        25,
        _read_as(
            '"',
            "a text in quotes, which must end where the value ends",
            "prompt: '\"Strategic\" and what else?'",
        ),
    ),
    "starts-with-percent": (
        6,
        13,
        _read_as("%", "a directive", 'prompt: "%age of the region under threat?"'),
    ),
    "starts-with-at": (6, 13, _reserved("@", 'prompt: "@mfa_russia posted what?"')),
    "starts-with-backquote": (6, 13, _reserved("`", 'prompt: "`AES` stands for what?"')),
}


def test_every_test_deck_has_its_hint() -> None:
    decks = {path.stem for path in SYNTAX.glob("*.yaml")} - {"starts-with-bang"}
    assert decks == set(HINTS)


@pytest.mark.parametrize("name", sorted(HINTS))
def test_a_syntax_error_names_the_fix(name: str, tmp_path: Path) -> None:
    line, column, hint = HINTS[name]
    path = SYNTAX / f"{name}.yaml"
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (line, column)
    assert problem.message.startswith("YAML syntax error: ")
    assert problem.message.endswith(f"; {hint}")
    assert "\n" not in str(problem)
    if QUOTE in hint or "must be in quotes: " in hint:
        # The line as the hint writes it makes the deck load.
        example = hint.split(" quotes: ", 1)[1]
        lines = path.read_text(encoding="utf-8").splitlines()
        indent = lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]
        lines[line - 1] = indent + example
        fixed = tmp_path / path.name
        fixed.write_text("\n".join(lines) + "\n", encoding="utf-8")
        load_deck(fixed)


def test_a_text_starting_with_a_bang_is_a_tag_and_the_message_says_to_quote_it() -> None:
    with pytest.raises(DeckError) as caught:
        load_deck(SYNTAX / "starts-with-bang.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (6, 13)
    assert problem.message == (
        "cards[0].prompt: the YAML tag !Important: is not allowed in a deck (nothing was run); "
        "decks hold only text, numbers, true/false, lists and mappings; "
        "if the value is text starting with !, put it in quotes"
    )


def test_a_line_with_a_legitimate_comment_is_not_blamed() -> None:
    """A value with ` #` on another line far from the error gets the indentation hint."""
    from sahel_quiz.deck.yaml_hints import syntax_hint

    lines = ["id: a  # the deck id", "cards:", "  - id: b", "    type: basic", "   prompt: x"]
    hint = syntax_hint(lines, "did not find expected '-' indicator", 5, 4, 3)
    assert hint == INDENT.format(column=4, expected=5, sibling=4)


COLON_AS_MAPPING = (
    "YAML read this as a mapping (key: value) because of the ': ' (a colon and a space) in it; "
    "if it is text, put it all in quotes"
)


def test_a_colon_in_a_list_item_is_not_a_syntax_error_but_still_names_the_fix(
    tmp_path: Path,
) -> None:
    """`- Wrong: they left` is valid YAML, a mapping where text was expected: the message says
    why, and quoting the item makes the deck load."""
    text = (
        "id: slips\ntitle: Common slips\ncards:\n"
        "  - id: left\n    type: choice\n    prompt: Which is right?\n"
        "    options:\n      - Wrong: they left\n      - They stayed\n    answer: They stayed\n"
        "  - id: who\n    type: typed\n    prompt: Who?\n    answer: Lavrov\n"
        "    accept: [Sergei Lavrov, Lavrov: the minister]\n"
    )
    path = tmp_path / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    found = [(p.line, p.column, p.message) for p in caught.value.problems]
    assert found == [
        (8, 9, f"cards[0].options[0]: {COLON_AS_MAPPING}"),
        (15, 29, f"cards[1].accept[1]: {COLON_AS_MAPPING}"),
    ]
    fixed = text.replace("- Wrong: they left", "- 'Wrong: they left'")
    path.write_text(fixed.replace("Lavrov: the minister", '"Lavrov: the minister"'), "utf-8")
    load_deck(path)
    # A mapping that is not one `key: value` on one line gets the plain message.
    path.write_text(text.replace("- Wrong: they left", "- Wrong:\n          they left"), "utf-8")
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert caught.value.problems[0].message == "cards[0].options[0]: must be text, not a mapping"
