"""Checks across a deck (ids, answers, blanks, quotes, the source), many files, the registry,
and `sahel-quiz check` run as a real command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_deck_loader import ARTICLE, REPO, problems, write

from sahel_quiz.deck import folders
from sahel_quiz.deck.checks import normalise_for_quotes, quote_mismatch
from sahel_quiz.deck.loader import DeckError, check_paths, load_deck
from sahel_quiz.deck.registry import (
    bundled_decks_dir,
    bundled_seeds_dir,
    discover_decks,
    resolve_deck,
)
from sahel_quiz.errors import UserError


def deck(deck_id: str, *cards: str, source: str = "article.txt") -> str:
    """A small deck whose cards are flow mappings, one per line from line 5 on."""
    lines = [f"id: {deck_id}", "title: T", f"source: {source}", "cards:"]
    return "\n".join(lines + [f"  - {card}" for card in cards]) + "\n"


BASIC = "{id: %s, type: basic, prompt: p, answer: q}"


# -- answers, options, blanks --------------------------------------------------------------


OPTION_AND_BLANK_PROBLEMS = [
    pytest.param(
        """
        id: opts
        title: T
        cards:
          - id: a
            type: choice
            prompt: Who invited them?
            options: [Sergei Lavrov, Vladimir Putin]
            answer: Lavrov
        """,
        [
            (
                8,
                13,
                "cards[0].answer: answer 'Lavrov' is not one of the options "
                "['Sergei Lavrov', 'Vladimir Putin']",
            )
        ],
        id="choice_answer_not_among_the_options",
    ),
    pytest.param(
        """
        id: opts
        title: T
        cards:
          - id: a
            type: multi
            prompt: Which?
            options: [Mali, Niger, Chad]
            answer:
              - Mali
              - Burkina Faso
        """,
        [
            (
                10,
                9,
                "cards[0].answer: answer 'Burkina Faso' is not one of the options "
                "['Mali', 'Niger', 'Chad']",
            )
        ],
        id="multi_answer_not_among_the_options_points_at_the_item",
    ),
    pytest.param(
        """
        id: opts
        title: T
        cards:
          - id: a
            type: choice
            prompt: Which?
            options:
              - Mali
              - Niger
              - Mali
            answer: Mali
        """,
        [(10, 9, "cards[0].options: options must be distinct: 'Mali' appears more than once")],
        id="repeated_option_points_at_the_second",
    ),
    pytest.param(
        """
        id: cloze
        title: T
        cards:
          - id: a
            type: cloze
            prompt: The ministers meet Sergei Lavrov.
          - id: b
            type: cloze
            prompt: The ministers meet {{ }}.
        """,
        [
            (6, 13, "cards[0].prompt: a cloze prompt needs at least one {{blank}}"),
            (9, 13, "cards[1].prompt: empty blank or alternative in {{ }}"),
        ],
        id="cloze_without_blanks",
    ),
    pytest.param(
        """
        id: blank
        title: T
        cards:
          - id: a
            type: typed
            prompt: "  "
            answer: "\\t"
            accept: ["\\n"]
          - id: b
            type: choice
            prompt: p
            options: [" ", x]
            answer: x
        """,
        [
            (6, 13, "cards[0].prompt: must not be blank"),
            (7, 13, "cards[0].answer: must not be blank"),
            (8, 14, "cards[0].accept[0]: must not be blank"),
            (12, 15, "cards[1].options[0]: must not be blank"),
        ],
        id="blank_texts",
    ),
    pytest.param(
        """\
        id: d
        title: "Deck \\u202e"
        cards:
          - id: a
            type: typed
            prompt: "What? \\x1b[2J"
            answer: "Right\\x9b"
            explain: "tab\\tand\\nline breaks are fine"
        """,
        [
            (2, 8, "title: control character U+202E at character 6: remove it"),
            (
                6,
                13,
                "cards[0].prompt: control character U+001B at character 7: remove it",
            ),
            (
                7,
                13,
                "cards[0].answer: control character U+009B at character 6: remove it",
            ),
        ],
        id="control_characters",
    ),
]


@pytest.mark.parametrize(("text", "expected"), OPTION_AND_BLANK_PROBLEMS)
def test_option_and_blank_problems_point_at_their_lines(
    tmp_path: Path, text: str, expected: list[tuple[int, int, str]]
) -> None:
    """Answers that are not among the options, repeated options, clozes without blanks."""
    assert problems(write(tmp_path, text)) == expected


# -- duplicate card ids --------------------------------------------------------------------


def test_duplicate_card_id_points_at_the_second(tmp_path: Path) -> None:
    path = write(tmp_path, deck("ids", BASIC % "a", BASIC % "b", BASIC % "a"))
    assert problems(path) == [
        (
            7,
            10,
            "cards[2].id: duplicate card id 'a' (first at line 5); progress is kept per card id, "
            "so each must be unique",
        )
    ]


def test_duplicate_ids_are_found_even_when_another_card_is_invalid(tmp_path: Path) -> None:
    path = write(tmp_path, deck("ids", BASIC % "a", "{id: a, type: basic, prompt: p}"))
    assert problems(path) == [
        (6, 5, "cards[1]: missing required key 'answer' (every basic card needs one)"),
        (
            6,
            10,
            "cards[1].id: duplicate card id 'a' (first at line 5); progress is kept per "
            "card id, so each must be unique",
        ),
    ]


# -- quotes and the source -----------------------------------------------------------------


def test_quote_not_in_the_source_says_how_far_it_matched(tmp_path: Path) -> None:
    card = "{id: %s, type: basic, prompt: p, answer: q, quote: '%s'}"
    path = write(
        tmp_path,
        deck(
            "quotes",
            card
            % ("a", "the ministers will meet with Russian Foreign Minister Sergei Lavrov in Paris"),
            card % ("b", "Ministers of Chad"),
        ),
    )
    assert problems(path) == [
        (
            5,
            55,
            "cards[0].quote: quote not found in article.txt: it matches up to "
            '"...with russian foreign minister sergei lavrov", then differs',
        ),
        (
            6,
            55,
            "cards[1].quote: quote not found in article.txt: it matches up to "
            '"ministers of", then differs',
        ),
    ]


def test_quote_whose_first_word_is_absent(tmp_path: Path) -> None:
    card = "{id: a, type: basic, prompt: p, answer: q, quote: Zebras}"
    path = write(tmp_path, deck("quotes", card))
    assert problems(path) == [
        (
            5,
            55,
            "cards[0].quote: quote not found in article.txt: not even its first word "
            "'zebras' occurs",
        )
    ]


@pytest.mark.parametrize(
    "quote",
    [
        # straight quotes and apostrophe where the article has typographic ones
        '"The Moscow meeting represents an important step',
        "DON'T MISS THIS: Burkina Faso's junta inaugurates cement plant",
        # an en dash and extra whitespace where the article has a hyphen and single spaces
        "first session of   “AES–Russia consultations,”",
        # a different case at the start of a fragment
        "the foreign ministers of Mali, Burkina Faso, and Niger",
        # an ellipsis (either form) eliding words, and at both ends
        "...Mali, Burkina Faso, and Niger … visit Moscow this week...",
        "strategic, pragmatic ... cooperation and partnership relations",
    ],
)
def test_quotes_are_compared_with_typography_whitespace_and_case_normalised(
    tmp_path: Path, quote: str
) -> None:
    escaped = quote.replace("\\", "\\\\").replace('"', '\\"')
    card = f'{{id: a, type: basic, prompt: p, answer: q, quote: "{escaped}"}}'
    path = write(tmp_path, deck("quotes", card))
    assert load_deck(path).deck.cards[0].quote == quote


def test_elided_pieces_must_occur_in_order(tmp_path: Path) -> None:
    normalised = normalise_for_quotes(ARTICLE.read_text(encoding="utf-8"))
    assert quote_mismatch("set to visit Moscow ... Sergei Lavrov", normalised) is None
    assert quote_mismatch("Sergei Lavrov ... set to visit Moscow", normalised) is not None
    assert quote_mismatch("... …", normalised) == "the quote has no words"


def test_normalisation_rules() -> None:
    assert normalise_for_quotes("  ‘A’ “B”\n\tC–D—E … F  ") == "'a' \"b\" c-d-e ... f"


def test_missing_source_file(tmp_path: Path) -> None:
    path = write(tmp_path, deck("src", BASIC % "a", source="../seeds/nope.txt"))
    expected = (tmp_path / "../seeds/nope.txt").resolve()
    assert problems(path) == [
        (3, 9, f"source: source file not found: ../seeds/nope.txt (looked for {expected})")
    ]


def test_source_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("Côte d'Ivoire".encode("latin-1"))
    path = write(tmp_path, deck("src", BASIC % "a", source="latin1.txt"))
    assert problems(path) == [
        (3, 9, "source: the source file latin1.txt is not UTF-8 (bad byte at offset 1)")
    ]


def test_quotes_without_a_source_are_reported_once(tmp_path: Path) -> None:
    card = "{id: %s, type: basic, prompt: p, answer: q, quote: set to visit Moscow}"
    path = write(
        tmp_path,
        "id: s\ntitle: T\ncards:\n" + "".join(f"  - {card % name}\n" for name in ("a", "b")),
    )
    assert problems(path) == [
        (
            4,
            55,
            "cards[0].quote: 2 cards quote a source, but the deck has no 'source' to check "
            "quotes against; add e.g. source: ../seeds/article.txt",
        )
    ]


# -- many files ----------------------------------------------------------------------------


def test_check_paths_expands_folders_and_reports_duplicate_deck_ids(tmp_path: Path) -> None:
    write(tmp_path, deck("one", BASIC % "a"), "a-one.yaml")
    write(tmp_path, deck("two", BASIC % "a"), "b-two.yml")
    write(tmp_path, deck("one", BASIC % "a"), "c-one-again.yaml")
    write(tmp_path, "id: broken\n", "d-broken.yaml")
    (tmp_path / "deck.schema.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("not a deck")
    decks, found = check_paths([tmp_path])
    assert [loaded.id for loaded in decks] == ["one", "two"]
    assert [str(problem) for problem in found] == [
        f"{tmp_path / 'c-one-again.yaml'}:1:5: id: duplicate deck id 'one', also used by "
        f"{tmp_path / 'a-one.yaml'}",
        f"{tmp_path / 'd-broken.yaml'}:1:1: missing required key 'title'",
        f"{tmp_path / 'd-broken.yaml'}:1:1: missing required key 'cards'",
    ]


def test_check_paths_reports_missing_paths_and_empty_folders(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    decks, found = check_paths([tmp_path / "nope.yaml", tmp_path / "empty"])
    assert decks == []
    assert [str(problem) for problem in found] == [
        f"{tmp_path / 'nope.yaml'}: no such file or folder",
        f"{tmp_path / 'empty'}: no deck files (*.yaml, *.yml) in this folder",
    ]


def test_a_file_named_twice_is_checked_once(tmp_path: Path) -> None:
    path = write(tmp_path, deck("one", BASIC % "a"))
    decks, found = check_paths([path, tmp_path])
    assert ([loaded.id for loaded in decks], found) == (["one"], [])


# -- the registry --------------------------------------------------------------------------


def test_bundled_folders_are_the_repository_ones_in_a_checkout() -> None:
    assert bundled_decks_dir() == REPO / "decks"
    assert bundled_seeds_dir() == REPO / "seeds"


def test_bundled_folders_inside_an_installed_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "sahel_quiz"
    (package / "_bundled" / "decks").mkdir(parents=True)
    (package / "_bundled" / "seeds").mkdir(parents=True)
    monkeypatch.setattr(folders, "_PACKAGE", package)
    assert bundled_decks_dir() == package / "_bundled" / "decks"
    assert bundled_seeds_dir() == package / "_bundled" / "seeds"


def test_discover_decks_keeps_going_past_a_broken_deck(tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    write(extra, deck("mine", BASIC % "a"), "mine.yaml")
    write(extra, "id: broken\ntitle: [\n", "broken.yaml")
    found: list[object] = []
    decks = discover_decks([extra], found)  # type: ignore[arg-type]
    bundled = sorted(bundled_decks_dir().glob("*.yaml"), key=lambda path: path.stem)
    assert [loaded.path for loaded in decks] == [*bundled, extra / "mine.yaml"]
    assert [str(problem) for problem in found] == [
        f"{extra / 'broken.yaml'}:3:1: YAML syntax error: did not find expected node content "
        "(while parsing a flow node); YAML reads a value that starts with [ as a list ([a, b]); "
        'if it is text, put it all in quotes: title: "["'
    ]


def test_an_extra_deck_cannot_take_a_bundled_id(tmp_path: Path) -> None:
    bundled = sorted(bundled_decks_dir().glob("*.yaml"), key=lambda path: path.stem)
    if not bundled:
        pytest.skip("no bundled decks in this checkout yet")
    taken = load_deck(bundled[0]).id
    write(tmp_path, deck(taken, BASIC % "a"), "copy.yaml")
    found: list[object] = []
    decks = discover_decks([tmp_path], found)  # type: ignore[arg-type]
    assert [loaded.path for loaded in decks] == bundled
    assert [str(problem) for problem in found] == [
        f"{tmp_path / 'copy.yaml'}:1:5: id: duplicate deck id {taken!r}, also used by {bundled[0]}"
    ]


def test_resolve_deck_by_id_and_by_path(tmp_path: Path) -> None:
    path = write(tmp_path, deck("mine", BASIC % "a"), "mine.yaml")
    assert resolve_deck("mine", [tmp_path]).path == path
    assert resolve_deck(str(path), []).id == "mine"


def test_resolve_deck_with_an_unknown_id_lists_the_available_ones(tmp_path: Path) -> None:
    write(tmp_path, deck("mine", BASIC % "a"), "mine.yaml")
    write(tmp_path, "id: broken\n", "broken.yaml")
    ids = sorted([*(load_deck(p).id for p in bundled_decks_dir().glob("*.yaml")), "mine"])
    with pytest.raises(UserError) as caught:
        resolve_deck("mien", [tmp_path])
    assert str(caught.value) == (
        f"no deck with id 'mien' (did you mean 'mine'?); available: {', '.join(ids)} "
        "(1 deck file has problems: run sahel-quiz check)"
    )


def test_resolve_deck_with_a_broken_file_raises_its_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "id: broken\n", "broken.yaml")
    with pytest.raises(DeckError, match="missing required key 'title' \\(and 1 more\\)"):
        resolve_deck(str(path), [])


# -- the command ---------------------------------------------------------------------------


def run_check(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sahel_quiz", "check", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_check_command_passes_a_good_deck(tmp_path: Path) -> None:
    path = write(tmp_path, deck("good", BASIC % "a"))
    result = run_check(path)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "1 deck checked, 0 problems\n",
        "",
    )


def test_check_command_fails_a_bad_deck_with_its_problems(tmp_path: Path) -> None:
    good = write(tmp_path, deck("good", BASIC % "a"), "good.yaml")
    bad = write(tmp_path, deck("bad", BASIC % "a", "{id: b, type: basic, prompt: no}"), "bad.yaml")
    result = run_check(good, bad)
    assert result.returncode == 2
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f"{bad}:6:5: cards[1]: missing required key 'answer' (every basic card needs one)",
        f"{bad}:6:34: cards[1].prompt: no without quotes is read as the boolean false; put it in "
        'quotes ("no") to mean the text',
        "2 decks checked, 2 problems",
    ]


def test_check_command_on_a_folder_of_good_and_bad_decks(tmp_path: Path) -> None:
    write(tmp_path, deck("good", BASIC % "a"), "good.yaml")
    write(tmp_path, "- not a deck\n", "list.yaml")
    (tmp_path / "binary.yml").write_bytes(b"\xff\xfe\x00")
    result = run_check(tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'binary.yml'}:1:1: the file is not UTF-8: byte 0xff at byte offset 0 "
        "cannot be decoded (it looks like UTF-16; save it as UTF-8)",
        f"{tmp_path / 'list.yaml'}:1:1: the top level of a deck must be a mapping "
        "(id:, title:, cards:), not a list",
        "3 decks checked, 2 problems",
    ]


def test_check_command_on_the_bundled_decks() -> None:
    result = run_check(bundled_decks_dir())
    count = len(list(bundled_decks_dir().glob("*.yaml")))
    assert result.returncode == 0, result.stdout
    assert (
        result.stdout.splitlines()[-1]
        == f"{count} deck{'s' if count != 1 else ''} checked, 0 problems"
    )
