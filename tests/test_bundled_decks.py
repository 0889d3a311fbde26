"""The bundled decks: they load cleanly, quote the article, mirror each other, and give nothing
away: not by the position of the right option, not by the share of true statements, not by one
card showing another's answer.

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

from sahel_quiz.deck.model import (
    BLANK_PATTERN,
    Card,
    CardType,
    ChoiceCard,
    ClozeCard,
    MultiCard,
    NumberCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)

if TYPE_CHECKING:
    from sahel_quiz.deck.model import LoadedDeck
    from sahel_quiz.grading import Response

REPO = Path(__file__).resolve().parent.parent
DECKS = REPO / "decks"
ENGLISH = DECKS / "aes-russia.yaml"
FRENCH = DECKS / "aes-russia-fr.yaml"
ARTICLE = REPO / "seeds" / "aes-russia-consultations-article.txt"
BUNDLED = sorted(DECKS.glob("*.yaml"))
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
        "\u2026": "...",
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


@pytest.fixture(params=BUNDLED, ids=[path.stem for path in BUNDLED])
def deck(request: pytest.FixtureRequest) -> LoadedDeck:
    """Each bundled deck in turn."""
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


def _quoted(quote: str, article: str) -> bool:
    """The quote occurs in the article; an ellipsis elides text, so its pieces occur in order."""
    start = 0
    for piece in _normalise(quote).split("..."):
        piece = piece.strip(' "')
        found = article.find(piece, start)
        if found < 0:
            return False
        start = found + len(piece)
    return True


def test_every_card_quotes_the_article_verbatim(deck: LoadedDeck) -> None:
    article = _normalise(ARTICLE.read_text(encoding="utf-8"))
    unquoted = [card.id for card in deck.deck.cards if not card.quote]
    misquoted = [
        card.id for card in deck.deck.cards if card.quote and not _quoted(card.quote, article)
    ]
    assert unquoted == []
    assert misquoted == []


def test_an_elided_quote_must_still_match_piece_by_piece() -> None:
    """The test's own quote matcher, on both sides of the line."""
    article = _normalise(ARTICLE.read_text(encoding="utf-8"))
    assert _quoted("The foreign ministers of Mali … at his invitation", article)
    assert not _quoted("at his invitation … The foreign ministers of Mali", article)
    assert not _quoted("The foreign ministers of Chad", article)


def test_the_quote_of_a_true_statement_names_the_countries_it_is_about(deck: LoadedDeck) -> None:
    """A quote proves a statement about Mali, Burkina Faso or Niger only if it names them:
    "The three West African nations" alone does not say which three (issue 14)."""
    countries = ("Mali", "Burkina Faso", "Niger")
    unproven = [
        f"{card.id}: {country}"
        for card in deck.deck.cards
        if isinstance(card, TrueFalseCard) and card.answer
        for country in countries
        if country in card.prompt and country not in (card.quote or "")
    ]
    assert unproven == []


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
            shape = _right_positions(card) if isinstance(card, ChoiceCard | MultiCard) else None
            group = card.group
            result[card.id] = (card.type, card.quote, card.points, answer, blanks, shape, group)
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


@pytest.mark.parametrize(
    ("path", "first"),
    [(ENGLISH, "first"), (ENGLISH, "1st"), (FRENCH, "première"), (FRENCH, "1re"), (FRENCH, "1ère")],
)
def test_first_session_may_be_written_as_an_ordinal(path: Path, first: str) -> None:
    from sahel_quiz.grading import grade

    loaded = _load(path)
    card = loaded.deck.card("consultations-cloze")
    assert grade(card, [first, "consultations"], loaded.deck.language).credit == 1.0


def test_every_card_grades_its_own_answer_as_right(deck: LoadedDeck) -> None:
    """The answers, accepted alternatives, every blank alternative and the expected texts as
    shown are all graded right, with the deck's vocabulary (issue 9: digits exact, first
    letters, one article, units)."""
    from sahel_quiz.cards import expected_text
    from sahel_quiz.grading import Vocabulary, grade

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


# -- giveaways ------------------------------------------------------------------------------


def _right_positions(card: ChoiceCard | MultiCard) -> tuple[int, ...]:
    """Where the right options stand in the list as written."""
    right = {card.answer} if isinstance(card, ChoiceCard) else set(card.answer)
    return tuple(index for index, option in enumerate(card.options) if option in right)


def test_fewer_than_half_of_the_option_cards_list_a_right_answer_first(deck: LoadedDeck) -> None:
    """An export or an unshuffled view shows options as written: their order must tell nothing."""
    cards = [card for card in deck.deck.cards if isinstance(card, ChoiceCard | MultiCard)]
    first = [card.id for card in cards if _right_positions(card)[0] == 0]
    assert cards
    assert len(first) * 2 < len(cards), f"right answer first in {first} of {len(cards)} cards"


def test_no_two_alike_multi_cards_put_their_right_options_in_the_same_places(
    deck: LoadedDeck,
) -> None:
    """Nor may the right options of multi cards stand in one pattern ("the 2nd and the 4th"):
    among multi cards with as many options and right answers, their places all differ."""
    seen: dict[tuple[int, tuple[int, ...]], str] = {}
    repeated: list[str] = []
    for card in deck.deck.cards:
        if isinstance(card, MultiCard):
            key = (len(card.options), _right_positions(card))
            if key in seen:
                repeated.append(f"{card.id} has the right options where {seen[key]} has them")
            seen.setdefault(key, card.id)
    assert repeated == []


def test_between_forty_and_sixty_percent_of_the_statements_are_true(deck: LoadedDeck) -> None:
    """Answering always "true" (or always "false") must not pay."""
    answers = [card.answer for card in deck.deck.cards if isinstance(card, TrueFalseCard)]
    assert answers
    share = sum(answers) / len(answers)
    assert 0.4 <= share <= 0.6, f"{sum(answers)} of {len(answers)} statements are true"


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", _normalise(text).casefold()))


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _whole_answers(card: Card) -> list[str]:
    """What a learner types for a typed or cloze card, when it is two words or more: a typed
    answer and its accepted variants; the stretch of a cloze prompt from its first blank to its
    last, filled in (with each alternative when the cloze has a single blank)."""
    if isinstance(card, TypedCard):
        texts = [card.answer, *card.accept]
    elif isinstance(card, ClozeCard):
        blanks = list(BLANK_PATTERN.finditer(card.prompt))
        stretch = card.prompt[blanks[0].start() : blanks[-1].end()]
        texts = [BLANK_PATTERN.sub(lambda blank: blank.group(1).split("|")[0], stretch)]
        if len(card.blanks) == 1:
            texts += card.blanks[0][1:]
    else:
        texts = []
    return [text for text in texts if len(_words(text)) >= 2]


def _shown_texts(card: Card) -> list[str]:
    """What the learner reads before answering: the prompt (blanks hidden) and each option."""
    texts = [card.shown_prompt]
    if isinstance(card, ChoiceCard | MultiCard):
        texts += card.options
    elif isinstance(card, OrderCard):
        texts += card.answer
    return texts


def _giveaways(cards: list[Card]) -> list[str]:
    found: list[str] = []
    for answered in cards:
        for answer in _whole_answers(answered):
            part = _words(answer)
            for shown in cards:
                if shown.id == answered.id or (shown.group and shown.group == answered.group):
                    continue
                if any(_contains(_words(text), part) for text in _shown_texts(shown)):
                    found.append(f"{shown.id} shows {answer!r}, the answer of {answered.id}")
    return found


def test_no_card_shows_the_typed_answer_of_a_card_outside_its_group(deck: LoadedDeck) -> None:
    assert _giveaways(list(deck.deck.cards)) == []


def test_the_giveaway_finder_sees_a_prompt_that_answers_a_cloze(every_type_path: Path) -> None:
    """The check above, shown to work: one card's prompt spells out another's blanks."""
    from sahel_quiz.deck.model import BasicCard

    cloze = ClozeCard(
        id="full-name", type="cloze", prompt="ECOWAS is the {{Economic}} {{Community}} of West…"
    )
    single = ClozeCard(id="step", type="cloze", prompt="An important {{step|formal step}}.")
    typed = TypedCard(id="who", type="typed", prompt="Who?", answer="Sergei Lavrov")
    teller = BasicCard(
        id="teller",
        type="basic",
        prompt="Is the economic community of West Africa led by sergei  lavrov’s friends?",
        answer="No.",
        explain="A formal step: explanations are read after the answer.",
    )
    aside = BasicCard(id="aside", type="basic", prompt="A formal step?", answer="Yes.")
    assert _giveaways([cloze, typed, teller, single, aside]) == [
        "teller shows 'Economic Community', the answer of full-name",
        "teller shows 'Sergei Lavrov', the answer of who",
        "aside shows 'formal step', the answer of step",
    ]
    cards = (cloze, typed, teller, single, aside)
    grouped = [card.model_copy(update={"group": "same"}) for card in cards]
    assert _giveaways(grouped) == []


def test_every_group_holds_two_cards_or_more(deck: LoadedDeck) -> None:
    """A group of one is a misspelt group name: its siblings would go unnoticed."""
    sizes = Counter(card.group for card in deck.deck.cards if card.group)
    assert [group for group, size in sizes.items() if size < 2] == []


def test_the_headline_cards_carry_a_tag_that_leaves_them_out(
    english: LoadedDeck, french: LoadedDeck
) -> None:
    """The "DON'T MISS THIS" cards test the site's links, not the article: a teacher can skip
    them with --skip-tag headline (English) or --skip-tag titre (French)."""
    headline_cards = {"headline-cement", "cement-russia-tf", "headline-weapon-trade"}
    headline_cards.add("headlines-multi")
    assert {card.id for card in english.deck.cards if "headline" in card.tags} == headline_cards
    assert {card.id for card in french.deck.cards if "titre" in card.tags} == headline_cards


# -- typography -----------------------------------------------------------------------------

_NO_BREAK = "\u00a0\u202f"
_UNITS = r"(?:ans|années|jours|mois|pays|heures|minutes|%|janvier|février|mars|avril|mai|juin|"
_UNITS += r"juillet|août|septembre|octobre|novembre|décembre)\b"


def _french_texts(loaded: LoadedDeck) -> list[tuple[str, str]]:
    """Every French text of the deck with where it is; quotes are the article's English."""
    deck = loaded.deck
    texts = [("title", deck.title), ("description", deck.description or "")]
    for card in deck.cards:
        fields: list[str] = [card.prompt, card.explain or ""]
        if isinstance(card, ChoiceCard | MultiCard):
            fields += card.options
        if isinstance(card, TypedCard | OrderCard | ChoiceCard):
            fields += [card.answer] if isinstance(card.answer, str) else card.answer
        if isinstance(card, TypedCard):
            fields += card.accept
        if isinstance(card, NumberCard) and card.unit:
            fields.append(card.unit)
        texts += [(card.id, text) for text in fields]
    return texts


def _typography_faults(text: str) -> list[str]:
    faults = [
        f"no no-break space before {match.group()!r}"
        for match in re.finditer(rf"(?<![{_NO_BREAK}])[?!;:]", text)
    ]
    faults += ["no no-break space after «" for _ in re.finditer(rf"«(?![{_NO_BREAK}])", text)]
    faults += ["no no-break space before »" for _ in re.finditer(rf"(?<![{_NO_BREAK}])»", text)]
    faults += [f"ordinary space: {m.group()!r}" for m in re.finditer(rf"\d {_UNITS}", text)]
    faults += [f"{mark!r} instead of ’ or « »" for mark in "'\"“”" if mark in text]
    return faults


def test_french_decks_follow_french_typography() -> None:
    french_decks = [_load(path) for path in BUNDLED if _load(path).deck.language == "fr"]
    assert french_decks
    faults = [
        f"{deck.id} {where}: {fault} in {text!r}"
        for deck in french_decks
        for where, text in _french_texts(deck)
        for fault in _typography_faults(text)
    ]
    assert faults == []


def test_the_typography_check_catches_english_spacing() -> None:
    assert _typography_faults("Qui ?") == ["no no-break space before '?'"]
    assert _typography_faults("Faux: non") == ["no no-break space before ':'"]
    assert _typography_faults("« at his invitation»") == [
        "no no-break space after «",
        "no no-break space before »",
    ]
    assert _typography_faults("plus de 13 ans") == ["ordinary space: '3 ans'"]
    assert _typography_faults("l'AES") == ['"\'" instead of ’ or « »']
    assert _typography_faults("Qui\u202f? «\u00a0Oui\u00a0» ; les 3 et 4\u00a0avril") == [
        "no no-break space before ';'"
    ]


def test_each_deck_writes_aes_russia_with_one_dash(deck: LoadedDeck) -> None:
    """The title, the description and the cards spell the consultations' name the same way."""
    texts = [deck.deck.title, deck.deck.description or ""]
    texts += [text for card in deck.deck.cards for text in _shown_texts(card)]
    dashes = {dash for text in texts for dash in re.findall(r"AES(\W)Russi", text)}
    assert len(dashes) == 1, dashes
