"""Properties of grading (issue 3): bounded credit, exact answers right, multi, order, typos,
normalisation, and the helpers they rest on."""

from __future__ import annotations

import math
import string
import unicodedata
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sahel_quiz.cards import expected_text, show
from sahel_quiz.deck.model import Card, MultiCard, NumberCard, OrderCard, TypedCard
from sahel_quiz.grading import (
    damerau_levenshtein,
    fold,
    format_number,
    grade,
    normalize,
    parse_number,
)
from sahel_quiz.scoring import quiz_total
from tests import grading_oracle as oracle
from tests.strategies import (
    any_responses,
    cards,
    choice_cards,
    exact_response,
    languages,
    multi_cards,
    number_cards,
    order_cards,
    plausible_responses,
    single_edits,
)

# credit bounds and exact answers ----------------------------------------------------------------


@given(cards, any_responses, languages)
def test_credit_is_within_zero_and_one_for_responses_of_any_shape(
    card: Card, response: Any, language: str
) -> None:
    result = grade(card, response, language)
    assert 0.0 <= result.credit <= 1.0


@given(st.data(), cards, languages)
def test_credit_is_within_zero_and_one_for_plausible_responses(
    data: st.DataObject, card: Card, language: str
) -> None:
    response = data.draw(plausible_responses(card))
    result = grade(card, response, language)
    assert 0.0 <= result.credit <= 1.0
    # The README: full credit is right, none is wrong, anything between partly right.
    if result.credit == 1.0:
        assert result.verdict == "right"
    elif result.credit == 0.0:
        assert result.verdict == "wrong"
    else:
        assert result.verdict == "partly"
    # ... and the learner scores credit × points, within [0, points].
    total = quiz_total([(result.credit, card.points)])
    assert 0.0 <= total.score <= card.points == total.maximum


@given(cards, languages)
def test_the_exact_answer_always_gets_full_credit(card: Card, language: str) -> None:
    result = grade(card, exact_response(card), language)
    assert result.credit == 1.0
    assert result.verdict == "right"
    assert result.accepted_as is None


@given(st.one_of(number_cards(), choice_cards()), languages)
def test_typing_back_the_expected_text_is_right(card: Card, language: str) -> None:
    assert grade(card, expected_text(card), language).credit == 1.0


@given(number_cards(), st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_is_right_exactly_when_within_tolerance(card: NumberCard, value: float) -> None:
    distance = abs(value - card.answer)
    # The grader allows a relative epsilon for float noise; stay clear of that edge.
    assume(abs(distance - card.tolerance) > 1e-6 * max(1.0, abs(card.answer)))
    right = grade(card, format_number(value)).credit == 1.0
    assert right == (distance <= card.tolerance)


# multi ------------------------------------------------------------------------------------------


@given(st.data(), multi_cards())
def test_multi_credit_ignores_the_order_of_picks(data: st.DataObject, card: MultiCard) -> None:
    picks = data.draw(st.lists(st.sampled_from(card.options), max_size=10))
    shuffled = data.draw(st.permutations(picks))
    assert grade(card, picks).credit == grade(card, list(shuffled)).credit


@given(st.data(), multi_cards())
def test_multi_adding_a_wrong_pick_never_raises_credit(
    data: st.DataObject, card: MultiCard
) -> None:
    picks = data.draw(st.lists(st.sampled_from(card.options), max_size=10))
    wrong = [option for option in card.options if option not in card.answer]
    extra = data.draw(
        st.one_of(st.sampled_from(wrong), st.just("not an option"))
        if wrong
        else st.just("not an option")
    )
    at = data.draw(st.integers(0, len(picks)))
    assert grade(card, [*picks[:at], extra, *picks[at:]]).credit <= grade(card, picks).credit


@given(st.data(), multi_cards())
def test_multi_adding_a_right_pick_never_lowers_credit(
    data: st.DataObject, card: MultiCard
) -> None:
    picks = data.draw(st.lists(st.sampled_from(card.options), max_size=10))
    extra = data.draw(st.sampled_from(card.answer))
    at = data.draw(st.integers(0, len(picks)))
    assert grade(card, [*picks[:at], extra, *picks[at:]]).credit >= grade(card, picks).credit


# order ------------------------------------------------------------------------------------------


@given(st.data(), order_cards())
def test_order_credit_for_correct_reversed_and_one_adjacent_swap(
    data: st.DataObject, card: OrderCard
) -> None:
    items = list(card.answer)
    assert grade(card, items).credit == 1.0
    assert grade(card, items[::-1]).credit == 0.0
    at = data.draw(st.integers(0, len(items) - 2))
    swapped = [*items[:at], items[at + 1], items[at], *items[at + 2 :]]
    pairs = math.comb(len(items), 2)
    assert math.isclose(grade(card, swapped).credit, 1 - 1 / pairs)


@given(st.data(), order_cards())
def test_order_credit_follows_the_readme_with_repeated_or_missing_items(
    data: st.DataObject, card: OrderCard
) -> None:
    items = list(card.answer)
    response = data.draw(
        st.one_of(
            st.permutations(items).map(list),
            st.lists(st.sampled_from(items), max_size=len(items) + 2),  # repeats, gaps
            st.permutations(items).map(lambda shown: list(shown)[:-1]),  # one missing
        )
    )
    assert grade(card, response).credit == pytest.approx(oracle.order_credit(card, response))


@given(st.data(), order_cards(min_items=2))
def test_order_putting_two_neighbours_in_order_never_lowers_credit(
    data: st.DataObject, card: OrderCard
) -> None:
    response = list(data.draw(st.permutations(card.answer)))
    at = data.draw(st.integers(0, len(response) - 2))
    first, second = response[at], response[at + 1]
    assume(card.answer.index(first) > card.answer.index(second))
    better = [*response[:at], second, first, *response[at + 2 :]]
    assert grade(card, better).credit > grade(card, response).credit


# reading typed responses (sahel_quiz.cards): round trips -------------------------------------


@given(st.data(), order_cards())
def test_order_numbers_typed_in_line_mode_give_the_items_shown(
    data: st.DataObject, card: OrderCard
) -> None:
    shown = list(data.draw(st.permutations(card.answer)))
    numbers = [shown.index(item) + 1 for item in card.answer]
    response = show(card, shown).read(",".join(map(str, numbers)))
    assert grade(card, response).credit == 1.0


@given(st.data(), multi_cards())
def test_multi_numbers_typed_in_line_mode_give_the_options_shown(
    data: st.DataObject, card: MultiCard
) -> None:
    shown = list(data.draw(st.permutations(card.options)))
    numbers = [shown.index(option) + 1 for option in card.answer]
    assert grade(card, show(card, shown).read(", ".join(map(str, numbers)))).credit == 1.0


# typos ------------------------------------------------------------------------------------------

_LETTERS = string.ascii_lowercase + string.digits
_WORDS = st.text(alphabet=_LETTERS, min_size=1, max_size=8)


@given(st.data(), st.text(alphabet=_LETTERS, min_size=1, max_size=4))
def test_answers_under_five_characters_forgive_no_typo(data: st.DataObject, answer: str) -> None:
    edited = data.draw(single_edits(answer, _LETTERS))
    assume(edited != answer)
    card = TypedCard(type="typed", id="t", prompt="?", answer=answer)
    assert grade(card, edited).credit == 0.0


@given(st.text(alphabet="abcd", max_size=8), st.text(alphabet="abcd", max_size=8))
def test_distance_counts_the_fewest_edits(a: str, b: str) -> None:
    """The README's edits (insert, delete, replace, swap neighbours), counted by the oracle
    as sets of one-edit neighbours."""
    for limit in range(3):
        within = damerau_levenshtein(a, b, limit) <= limit
        assert within == oracle.edits_at_most(a, b, limit)
        assert damerau_levenshtein(b, a, limit) == damerau_levenshtein(a, b, limit)
    assert (damerau_levenshtein(a, b) <= 2) == oracle.edits_at_most(a, b, 2)


# normalisation ----------------------------------------------------------------------------------


@given(st.text(max_size=40), languages)
def test_folding_is_idempotent_and_normalizing_drops_one_word_at_most(
    text: str, language: str
) -> None:
    once = fold(text, language)
    assert fold(once, language) == once
    assert normalize(once, language) == normalize(text, language)
    assert normalize(text, language) in (once, once.partition(" ")[2] or once)


_LATIN = "abcdefghijklmnopqrstuvwxyzéèêëàâäîïôöùûüçñ"
_REALISTIC = st.text(alphabet=_LATIN + " ", max_size=30)


@given(st.one_of(_REALISTIC, st.text(max_size=30)), languages)
def test_normalize_is_blind_to_case(text: str, language: str) -> None:
    assert normalize(text.upper(), language) == normalize(text, language)
    assert normalize(text.lower(), language) == normalize(text, language)


@given(st.data(), st.text(alphabet=string.ascii_letters + " ", max_size=30), languages)
def test_normalize_is_blind_to_accents(data: st.DataObject, text: str, language: str) -> None:
    # U+0345, the Greek iota subscript, is a letter (ι) rather than an accent.
    accents = st.sampled_from([chr(c) for c in range(0x300, 0x370) if c != 0x345])
    accented = "".join(
        char + (data.draw(accents) if char.isalpha() and data.draw(st.booleans()) else "")
        for char in text
    )
    assert normalize(accented, language) == normalize(text, language)
    composed = unicodedata.normalize("NFC", accented)
    assert normalize(composed, language) == normalize(text, language)


@given(st.data(), st.lists(st.text(alphabet=_LATIN, min_size=1, max_size=8), max_size=5), languages)
def test_normalize_is_blind_to_spacing(
    data: st.DataObject, words: list[str], language: str
) -> None:
    spaces = st.text(alphabet=" \t\n\u00a0\u2009\u3000", min_size=1, max_size=3)
    spaced = data.draw(st.text(alphabet=" \t", max_size=2))
    for word in words:
        spaced += word + data.draw(spaces)
    assert normalize(spaced, language) == normalize(" ".join(words), language)


@given(st.text(max_size=40), languages)
def test_normal_forms_hold_only_letters_digits_and_single_spaces(text: str, language: str) -> None:
    result = normalize(text, language)
    assert result == result.strip()
    assert "  " not in result
    assert all(c == " " or unicodedata.category(c)[0] in "LNM" for c in result)


# numbers ----------------------------------------------------------------------------------------


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_formatted_numbers_read_back_exactly(value: float) -> None:
    assert parse_number(format_number(value)) == value


@given(
    st.integers(0, 10**12),
    st.sampled_from([",", " ", "\u00a0", "'"]),
    st.sampled_from(["", " years", "km", " %"]),
)
def test_grouped_thousands_read_back(value: int, separator: str, unit: str) -> None:
    text = f"{value:,}".replace(",", separator) + unit
    assert parse_number(text) == value


@given(st.integers(-(10**6), 10**6), st.integers(0, 99))
def test_a_decimal_comma_reads_like_a_decimal_point(whole: int, cents: int) -> None:
    assert parse_number(f"{whole},{cents:02d}") == parse_number(f"{whole}.{cents:02d}")


@given(st.text(max_size=20))
def test_parse_number_never_raises_and_gives_finite_numbers(text: str) -> None:
    value = parse_number(text)
    assert value is None or math.isfinite(value)


@settings(max_examples=50)
@given(cards, st.text(max_size=20))
def test_reading_a_response_raises_only_value_error(card: Card, text: str) -> None:
    try:
        response = show(card).read(text)
    except ValueError as error:
        assert str(error)
        return
    assert 0.0 <= grade(card, response).credit <= 1.0
