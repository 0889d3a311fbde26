"""Property tests: no input file makes the loader do anything but return a deck or raise DeckError.

Three kinds of input: arbitrary text built from YAML's own punctuation (so the parser's
error paths are reached, not just "plain scalar"), arbitrary bytes, and documents dumped
from arbitrary values, both free-form and shaped like decks (so validation and the checks
get deep inputs). A traceback here is the bug that `sahel-quiz check` must never show.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sahel_quiz.deck.loader import DeckError, load_deck
from sahel_quiz.deck.model import LoadedDeck

CARD_TYPES = ["basic", "choice", "multi", "true_false", "typed", "number", "cloze", "order"]
CARD_KEYS = [
    "id",
    "type",
    "prompt",
    "answer",
    "options",
    "quote",
    "explain",
    "tags",
    "points",
    "accept",
    "fuzzy",
    "tolerance",
    "unit",
]


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """One folder for the whole module (hypothesis reruns the test body, not fixtures)."""
    with tempfile.TemporaryDirectory() as name:
        path = Path(name)
        (path / "article.txt").write_text("The foreign ministers of Mali met Sergei Lavrov.")
        yield path


def load_or_deck_error(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        loaded = load_deck(path)
    except DeckError as error:
        assert error.problems, "a DeckError always lists at least one problem"
        assert all(problem.path == path and problem.message for problem in error.problems)
        assert "\n" not in str(error)
    else:
        assert isinstance(loaded, LoadedDeck)


YAML_PIECES = st.sampled_from(
    [
        *"abc:-[]{},'\"!&*?|>#%@`\n \t0123456789.~<=\\",
        *("\u2019", "\x00", "\x85", "\n  - ", "\n    ", "---\n", "...\n", "? ", "{{", "}}"),
        *("id: ", "title: ", "cards:", "type: ", "prompt: ", "answer: ", "options: "),
        *("!!python/object:os.system ", "!!int ", "!!binary ", "!foo ", "&a ", "*a", "<<: "),
        *("yes", "no", "2024-04-03"),
    ]
)


@settings(max_examples=400)
@given(st.lists(YAML_PIECES, max_size=50).map("".join))
def test_arbitrary_yaml_text(folder: Path, text: str) -> None:
    load_or_deck_error(folder / "text.yaml", text.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=150)
@given(st.binary(max_size=64))
def test_arbitrary_bytes(folder: Path, data: bytes) -> None:
    load_or_deck_error(folder / "bytes.yaml", data)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.dates(),
    st.text(max_size=12),
    st.sampled_from([*CARD_TYPES, "x", "{{a|b}}", "{{}}", "a", "b", "Mali", "Sergei Lavrov"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=6), st.sampled_from(CARD_KEYS)), inner, max_size=4
        ),
    ),
    max_leaves=10,
)


@settings(max_examples=150)
@given(VALUES)
def test_arbitrary_yaml_documents(folder: Path, value: object) -> None:
    load_or_deck_error(folder / "value.yaml", yaml.safe_dump(value, allow_unicode=True).encode())


CARDS = st.dictionaries(
    st.sampled_from([*CARD_KEYS, "typo", "answr"]),
    st.one_of(VALUES, st.sampled_from(CARD_TYPES), st.just(["a", "b"])),
    max_size=8,
)
DECKS = st.fixed_dictionaries(
    {
        "id": st.one_of(st.just("deck"), VALUES),
        "title": st.one_of(st.just("Title"), VALUES),
        "cards": st.lists(CARDS, max_size=5),
    },
    optional={
        "source": st.sampled_from(["article.txt", "missing.txt", ".", ""]),
        "language": st.one_of(st.just("fr"), VALUES),
        "tags": VALUES,
        "description": VALUES,
        "titel": VALUES,
    },
)


@settings(max_examples=300)
@given(DECKS)
def test_arbitrary_deck_shaped_mappings(folder: Path, deck: dict[str, object]) -> None:
    load_or_deck_error(folder / "deck.yaml", yaml.safe_dump(deck, allow_unicode=True).encode())


def test_the_strategies_do_produce_valid_decks(folder: Path) -> None:
    """Guard against a fuzz test that only ever sees broken input: this one must load."""
    deck = {
        "id": "deck",
        "title": "Title",
        "source": "article.txt",
        "cards": [{"id": "a", "type": "basic", "prompt": "p", "answer": "q", "quote": "Mali met"}],
    }
    path = folder / "valid.yaml"
    path.write_text(yaml.safe_dump(deck))
    assert load_deck(path).deck.cards[0].quote == "Mali met"
