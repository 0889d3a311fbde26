"""The bundled AES–Russia decks: they load cleanly, quote the article, and mirror each other.

The loader already checks quotes against the source; these tests check them again with their
own normalisation so that a loader bug cannot let a misquoting deck ship. The loader is
imported inside the tests so that collecting this file never depends on it.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, get_args

import pytest

from sahel_quiz.deck.model import CardType, ClozeCard, NumberCard, TrueFalseCard, TypedCard

if TYPE_CHECKING:
    from sahel_quiz.deck.model import LoadedDeck
    from sahel_quiz.grading import Response

REPO = Path(__file__).resolve().parent.parent
DECKS = REPO / "decks"
ENGLISH = DECKS / "aes-russia.yaml"
FRENCH = DECKS / "aes-russia-fr.yaml"
ARTICLE = REPO / "seeds" / "aes-russia-consultations-article.txt"
MODELINE = "# yaml-language-server: $schema=deck.schema.json"
SOURCE_FIELD = "../seeds/aes-russia-consultations-article.txt"

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def _normalise(text: str) -> str:
    """Typographic quotes and dashes made plain and whitespace collapsed, as the checker does."""
    return re.sub(r"\s+", " ", text.translate(_TYPOGRAPHY)).strip()


@functools.cache
def _load(path: Path) -> LoadedDeck:
    """The deck, or a test failure listing every problem the loader found (loaded once)."""
    from sahel_quiz.deck.loader import DeckError, load_deck

    try:
        return load_deck(path)
    except DeckError as error:
        pytest.fail(f"{path.name} has problems:\n" + "\n".join(map(str, error.problems)))


@pytest.fixture
def english() -> LoadedDeck:
    return _load(ENGLISH)


@pytest.fixture
def french() -> LoadedDeck:
    return _load(FRENCH)


@pytest.fixture(params=[ENGLISH, FRENCH], ids=["en", "fr"])
def deck(request: pytest.FixtureRequest) -> LoadedDeck:
    path: Path = request.param
    return _load(path)


def test_the_decks_have_the_expected_ids_and_languages(
    english: LoadedDeck, french: LoadedDeck
) -> None:
    assert (english.id, english.deck.language) == ("aes-russia", "en")
    assert (french.id, french.deck.language) == ("aes-russia-fr", "fr")


def test_each_deck_names_the_article_and_carries_the_modeline(deck: LoadedDeck) -> None:
    assert deck.path.read_text(encoding="utf-8").splitlines()[0] == MODELINE
    assert deck.deck.source == SOURCE_FIELD
    assert deck.source_path is not None
    assert deck.source_path.resolve() == ARTICLE.resolve()


def test_each_deck_has_at_least_thirty_cards(deck: LoadedDeck) -> None:
    assert len(deck.deck.cards) >= 30


def test_each_deck_uses_every_card_type(deck: LoadedDeck) -> None:
    used = {card.type for card in deck.deck.cards}
    assert used == set(get_args(CardType))


def test_every_card_quotes_the_article_verbatim(deck: LoadedDeck) -> None:
    article = _normalise(ARTICLE.read_text(encoding="utf-8"))
    unquoted = [card.id for card in deck.deck.cards if not card.quote]
    misquoted = [
        card.id for card in deck.deck.cards if card.quote and _normalise(card.quote) not in article
    ]
    assert unquoted == []
    assert misquoted == []


def test_card_ids_are_unique(deck: LoadedDeck) -> None:
    counts = Counter(card.id for card in deck.deck.cards)
    assert [card_id for card_id, count in counts.items() if count > 1] == []


def test_true_false_cards_include_misconceptions_the_article_refutes(deck: LoadedDeck) -> None:
    answers = Counter(card.answer for card in deck.deck.cards if isinstance(card, TrueFalseCard))
    assert answers[False] >= 3
    assert answers[True] >= 1


def test_the_french_deck_mirrors_the_english_facts(english: LoadedDeck, french: LoadedDeck) -> None:
    """Same card ids, types, quotes, points and true/false and number answers: only words differ."""

    def facts(deck: LoadedDeck) -> dict[str, tuple[object, ...]]:
        result: dict[str, tuple[object, ...]] = {}
        for card in deck.deck.cards:
            answer = card.answer if isinstance(card, TrueFalseCard | NumberCard) else None
            blanks = len(card.blanks) if isinstance(card, ClozeCard) else None
            result[card.id] = (card.type, card.quote, card.points, answer, blanks)
        return result

    english_facts, french_facts = facts(english), facts(french)
    assert set(french_facts) == set(english_facts)
    differing = [
        card_id for card_id in english_facts if english_facts[card_id] != french_facts[card_id]
    ]
    assert differing == []


def test_the_insurgency_has_lasted_over_thirteen_years(
    english: LoadedDeck, french: LoadedDeck
) -> None:
    card = english.deck.card("insurgency-years")
    assert isinstance(card, NumberCard)
    assert (card.answer, card.unit, card.tolerance) == (13, "years", 0)
    assert card.quote is not None
    assert "over 13 years" in card.quote
    french_card = french.deck.card("insurgency-years")
    assert isinstance(french_card, NumberCard)
    assert (french_card.answer, french_card.unit) == (13, "ans")


def test_the_statement_cloze_blanks_its_four_adjectives(english: LoadedDeck) -> None:
    card = english.deck.card("statement-cloze")
    assert isinstance(card, ClozeCard)
    assert [blank[0] for blank in card.blanks] == [
        "strategic",
        "pragmatic",
        "dynamic",
        "supportive",
    ]


def test_acronyms_must_be_typed_exactly(deck: LoadedDeck) -> None:
    acronyms = {"ecowas-acronym", "aes-acronym"}
    cards = [card for card in deck.deck.cards if card.id in acronyms]
    assert len(cards) == 2
    assert all(isinstance(card, TypedCard) and not card.fuzzy for card in cards)


def test_the_french_acronym_card_accepts_cedeao_and_ecowas(french: LoadedDeck) -> None:
    card = french.deck.card("ecowas-acronym")
    assert isinstance(card, TypedCard)
    assert {card.answer, *card.accept} >= {"CEDEAO", "ECOWAS"}


def test_every_card_grades_its_own_answer_as_right(deck: LoadedDeck) -> None:
    """The answers, accepted alternatives, every blank alternative and the expected texts as
    shown are all graded right, with the deck's vocabulary (issue 9: digits exact, first
    letters, one article, units)."""
    from sahel_quiz.grading import Vocabulary, expected_text, grade

    language = deck.deck.language
    vocabulary = Vocabulary(deck.deck.cards, language)
    wrong: list[str] = []
    for card in deck.deck.cards:
        if isinstance(card, TypedCard):
            responses: list[Response] = [card.answer, *card.accept, expected_text(card)]
        elif isinstance(card, ClozeCard):
            responses = [[blank[0] for blank in card.blanks], [blank[-1] for blank in card.blanks]]
            for index, alternatives in enumerate(card.blanks):
                for alternative in alternatives:
                    response = [blank[0] for blank in card.blanks]
                    response[index] = alternative
                    responses.append(response)
        elif isinstance(card, NumberCard):
            responses = [f"{card.answer:g}", f"{card.answer:g} {card.unit}", expected_text(card)]
        elif card.type == "basic":
            responses = [True]
        else:
            responses = [card.answer]
        wrong += [
            f"{card.id}: {response!r}"
            for response in responses
            if grade(card, response, language, vocabulary=vocabulary).credit != 1.0
        ]
    assert wrong == []


def test_sahel_quiz_check_accepts_the_bundled_decks() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sahel_quiz", "check", str(DECKS)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_quotes_name_the_article_by_its_title(every_type_path: Path) -> None:
    from sahel_quiz.deck.loader import load_deck

    for name in ("aes-russia.yaml", "aes-russia-fr.yaml"):
        loaded = load_deck(REPO / "decks" / name)
        assert loaded.source_name is not None
        assert loaded.source_name.startswith("Sahel foreign ministers to visit Moscow")
    assert load_deck(every_type_path).source_name == "source.txt"  # no title: the file name
