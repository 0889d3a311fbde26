"""Issue 9, deck half: every number finite, points in (0, 100], YAML 1.1 float spellings read
as numbers, sexagesimal values refused, `reject:` on typed cards, and every message one line
with control characters escaped and long values cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_deck_loader import problems, write

from sahel_quiz.deck.loader import Problem, check_paths, load_deck
from sahel_quiz.deck.messages import escaped, one_line, shown
from sahel_quiz.deck.model import NumberCard, TypedCard


def one_card(card: str) -> str:
    return f"id: nums\ntitle: Numbers\ncards:\n  - {card}\n"


NUMBER = "{id: a, type: number, prompt: p, answer: %s}"


@pytest.mark.parametrize(
    ("card", "column", "message"),
    [
        (NUMBER % ".inf", 46, "cards[0].answer: must be a finite number, not .inf"),
        (NUMBER % "-.Inf", 46, "cards[0].answer: must be a finite number, not -.Inf"),
        (NUMBER % ".nan", 46, "cards[0].answer: must be a finite number, not .nan"),
        (NUMBER % "1e309", 46, "cards[0].answer: must be a finite number, not 1e309"),
        (
            NUMBER % "13, tolerance: .inf",
            61,
            "cards[0].tolerance: must be a finite number, not .inf",
        ),
        (
            NUMBER % "13, points: .nan",
            58,
            "cards[0].points: must be a finite number, not .nan",
        ),
        (
            NUMBER % "13, points: 100.5",
            58,
            "cards[0].points: must be above 0 and at most 100 (found 100.5)",
        ),
        (
            NUMBER % "13, points: 0",
            58,
            "cards[0].points: must be above 0 and at most 100 (found 0)",
        ),
        (
            NUMBER % "13, points: -1",
            58,
            "cards[0].points: must be above 0 and at most 100 (found -1)",
        ),
    ],
)
def test_numbers_in_a_deck_are_finite_and_points_within_range(
    tmp_path: Path, card: str, column: int, message: str
) -> None:
    assert problems(write(tmp_path, one_card(card))) == [(4, column, message)]


@pytest.mark.parametrize(
    ("written", "value"),
    [("1e308", 1e308), ("2.5e3", 2500.0), ("1E-3", 0.001), ("-4e2", -400.0), ("100", 100.0)],
)
def test_yaml_11_float_spellings_are_read_as_numbers(
    tmp_path: Path, written: str, value: float
) -> None:
    card = load_deck(write(tmp_path, one_card(NUMBER % written))).deck.cards[0]
    assert isinstance(card, NumberCard) and card.answer == value


def test_points_of_exactly_100_are_allowed(tmp_path: Path) -> None:
    loaded = load_deck(write(tmp_path, one_card(NUMBER % "13, points: 100")))
    assert loaded.deck.cards[0].points == 100


@pytest.mark.parametrize(
    ("card", "column", "value", "number"),
    [
        (NUMBER % "1:30", 46, "1:30", 90),
        (NUMBER % "-1:30", 46, "-1:30", -90),
        (NUMBER % "1:30.5", 46, "1:30.5", 90.5),
        ("{id: a, type: typed, prompt: p, answer: 12:30:00}", 45, "12:30:00", 45000),
    ],
)
def test_sexagesimal_looking_values_are_an_error_that_says_to_quote_them(
    tmp_path: Path, card: str, column: int, value: str, number: float
) -> None:
    field = "answer"
    assert problems(write(tmp_path, one_card(card))) == [
        (
            4,
            column,
            f"cards[0].{field}: {value} without quotes is read by YAML as the base-60 number "
            f'{number}; put it in quotes ("{value}") to mean the text, or write the number itself',
        )
    ]


def test_a_quoted_time_is_text(tmp_path: Path) -> None:
    card = load_deck(write(tmp_path, one_card('{id: a, type: typed, prompt: p, answer: "1:30"}')))
    assert card.deck.cards[0].answer == "1:30"  # type: ignore[union-attr]


def test_reject_lists_near_misses_on_typed_cards(tmp_path: Path) -> None:
    card = "{id: a, type: typed, prompt: p, answer: Russia, reject: [Prussia, Rusia]}"
    loaded = load_deck(write(tmp_path, one_card(card)))
    typed = loaded.deck.cards[0]
    assert isinstance(typed, TypedCard) and typed.reject == ["Prussia", "Rusia"]


def test_reject_may_not_name_an_accepted_text(tmp_path: Path) -> None:
    card = "{id: a, type: typed, prompt: p, answer: Russia, accept: [RF], reject: [rf]}"
    assert problems(write(tmp_path, one_card(card))) == [
        (4, 75, "cards[0].reject: 'rf' is both accepted and rejected")
    ]


def test_reject_is_only_for_typed_cards(tmp_path: Path) -> None:
    card = "{id: a, type: basic, prompt: p, answer: q, reject: [r]}"
    assert problems(write(tmp_path, one_card(card))) == [
        (4, 48, "cards[0]: 'reject' is not a key of basic cards (only of typed cards)")
    ]


# -- one line per message ------------------------------------------------------------------


def test_values_with_newlines_and_escape_codes_are_escaped_in_messages(tmp_path: Path) -> None:
    repeated = write(
        tmp_path,
        one_card('{id: a, type: choice, prompt: p, options: ["x\\ny", "x\\ny"], answer: b}'),
    )
    assert problems(repeated) == [
        (4, 56, "cards[0].options: options must be distinct: 'x\\ny' appears more than once")
    ]
    (tmp_path / "escape").mkdir()
    escape = write(
        tmp_path / "escape",
        one_card('{id: a, type: choice, prompt: p, options: ["x", "z\\e[31m"], answer: x}'),
    )
    assert problems(escape) == [
        (4, 53, "cards[0].options[1]: control character U+001B at character 2: remove it")
    ]
    _, shown_problems = check_paths([repeated, escape])
    assert len(shown_problems) == 2
    for problem in shown_problems:
        assert "\n" not in str(problem) and "\x1b" not in str(problem)


def test_keys_and_types_with_control_characters_are_escaped(tmp_path: Path) -> None:
    card = '{id: a, type: "bas\\u202eic", prompt: p, answer: q, "ke\\ry": 1}'
    [(_, _, message)] = problems(write(tmp_path, one_card(card)))
    assert message.startswith("cards[0].type: unknown card type 'bas\\u202eic'")
    assert message.isprintable()


def test_long_values_are_cut_with_an_ellipsis(tmp_path: Path) -> None:
    long_option = "Sahel-" * 80
    card = f"{{id: a, type: choice, prompt: p, options: [{long_option}, b], answer: c}}"
    [(_, _, message)] = problems(write(tmp_path, one_card(card)))
    assert message == (
        f"cards[0].answer: answer 'c' is not one of the options ['{long_option[:60]}…', 'b']"
    )


def test_a_problem_prints_on_one_line_whatever_its_message_or_path() -> None:
    problem = Problem(Path("dir\nname.yaml"), 3, 4, "bad \x1b[2J value\u2028here")
    assert str(problem) == "dir\\nname.yaml:3:4: bad \\x1b[2J value\\u2028here"


def test_message_helpers() -> None:
    assert shown("Lavrov") == "'Lavrov'"
    assert shown("a\tb") == "'a\\tb'"
    assert shown("x" * 70) == "'" + "x" * 60 + "…'"
    assert shown(["a", "b\n"]) == "['a', 'b\\n']"
    assert shown(list("abcdefghijklmn")).endswith(", 'l', …]")
    assert escaped("1:30") == "1:30"
    assert escaped("\u202eevil") == "\\u202eevil"
    assert one_line("ok: é, “quotes”, …") == "ok: é, “quotes”, …"
    assert len(one_line("x" * 10_000)) == 2001
