"""Properties of grading (issue 3): bounded credit, exact answers right, multi, order, typos,
normalisation, and the helpers they rest on."""

from __future__ import annotations

import math
import string
import unicodedata
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sahel_quiz.cards import expected_text, show
from sahel_quiz.deck.model import Card, MultiCard, NumberCard, OrderCard, TypedCard
from sahel_quiz.grading import (
    damerau_levenshtein,
    format_number,
    grade,
    normalize,
    parse_number,
)
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
    assert result.verdict == ("right" if result.credit == 1 else result.verdict)


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
def test_order_credit_is_the_share_of_ordered_pairs(data: st.DataObject, card: OrderCard) -> None:
    response = list(data.draw(st.permutations(card.answer)))
    rank = {item: i for i, item in enumerate(card.answer)}
    ordered = sum(rank[a] < rank[b] for i, a in enumerate(response) for b in response[i + 1 :])
    assert math.isclose(grade(card, response).credit, ordered / math.comb(len(response), 2))


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


@st.composite
def _clean_answers(draw: st.DrawFn) -> str:
    """Answers already in normal form (lowercase letters, digits, single spaces, no leading
    article), so that an edit made of the same characters is an edit of the normal form."""
    words = draw(st.lists(_WORDS, min_size=1, max_size=4))
    answer = " ".join(words)
    assume(len(answer) >= 5 and normalize(answer, "en") == answer == normalize(answer, "fr"))
    return answer


@given(st.data(), _clean_answers(), st.booleans(), st.sampled_from(["en", "fr"]))
def test_any_single_edit_of_a_long_enough_answer_is_accepted_unless_fuzzy_is_off(
    data: st.DataObject, answer: str, uppercase: bool, language: str
) -> None:
    edited = data.draw(single_edits(answer, _LETTERS + " "))
    # Keep edits that stay single edits of the normal form (no space doubled or left at an end,
    # no article uncovered at the start) and that change it.
    assume(normalize(edited, language) == edited != answer)
    shown = answer.upper() if uppercase else answer
    card = TypedCard(type="typed", id="t", prompt="?", answer=shown)
    result = grade(card, edited, language)
    assert result.credit == 1.0
    assert result.accepted_as == shown
    strict = card.model_copy(update={"fuzzy": False})
    assert grade(strict, edited, language).credit == 0.0


@given(st.data(), st.text(alphabet=_LETTERS, min_size=1, max_size=4))
def test_answers_under_five_characters_forgive_no_typo(data: st.DataObject, answer: str) -> None:
    edited = data.draw(single_edits(answer, _LETTERS))
    assume(edited != answer)
    card = TypedCard(type="typed", id="t", prompt="?", answer=answer)
    assert grade(card, edited).credit == 0.0


@given(st.text(alphabet="abc", max_size=7), st.text(alphabet="abc", max_size=7))
def test_distance_matches_a_plain_full_table(a: str, b: str) -> None:
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        for j in range(len(b) + 1):
            if min(i, j) == 0:
                rows[i][j] = max(i, j)
                continue
            rows[i][j] = min(
                rows[i - 1][j] + 1,
                rows[i][j - 1] + 1,
                rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]),
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    full = rows[-1][-1]
    assert damerau_levenshtein(a, b) == full
    assert damerau_levenshtein(b, a) == full
    for limit in range(4):
        assert damerau_levenshtein(a, b, limit) == min(full, limit + 1)


# normalisation ----------------------------------------------------------------------------------


@given(st.text(max_size=40), languages)
def test_normalize_is_idempotent(text: str, language: str) -> None:
    once = normalize(text, language)
    assert normalize(once, language) == once


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
