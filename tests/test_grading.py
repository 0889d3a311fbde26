"""Grading examples for every card type, with answers a learner of the article would give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sahel_quiz.cards import expected_text, show, spelling_marks, spelling_text
from sahel_quiz.deck.loader import load_deck
from sahel_quiz.deck.model import (
    BasicCard,
    ChoiceCard,
    ClozeCard,
    Deck,
    MultiCard,
    NumberCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from sahel_quiz.grading import (
    Grade,
    Match,
    Vocabulary,
    WrongUnit,
    allowed_typos,
    corrected_letters,
    damerau_levenshtein,
    find_match,
    grade,
    normalize,
    parse_number,
)

LAVROV = TypedCard(
    type="typed",
    id="host-name",
    prompt="Which Russian minister invited the ministers to Moscow?",
    answer="Sergei Lavrov",
    accept=["Lavrov"],
)
MOSCOW = TypedCard(type="typed", id="city", prompt="Where?", answer="Moscow", accept=["Moskva"])
ECOWAS_NAME = TypedCard(
    type="typed",
    id="ecowas",
    prompt="Which community did they leave?",
    answer="Economic Community of West African States",
    accept=["ECOWAS"],
)
AES = TypedCard(type="typed", id="aes", prompt="The acronym?", answer="AES", fuzzy=False)
RUSSIA_FR = TypedCard(type="typed", id="russie", prompt="Vers quel pays ?", answer="la Russie")
AES_FR = TypedCard(type="typed", id="aes-fr", prompt="Le sigle ?", answer="l'AES")
YEARS = NumberCard(type="number", id="years", prompt="For how many years?", answer=13, unit="years")
TOTAL = NumberCard(type="number", id="total", prompt="How many?", answer=1000)
ROUGH = NumberCard(
    type="number", id="rough", prompt="Roughly?", answer=13, tolerance=0.5, unit="years"
)
CITY_CHOICE = ChoiceCard(
    type="choice",
    id="city-choice",
    prompt="Where will the ministers meet?",
    options=["Moscow", "Paris", "Bamako", "Niamey"],
    answer="Moscow",
)
FOUNDERS = MultiCard(
    type="multi",
    id="founders",
    prompt="Which countries founded the AES?",
    options=["Mali", "Burkina Faso", "Niger", "Senegal", "Chad"],
    answer=["Mali", "Burkina Faso", "Niger"],
)
EVENTS = OrderCard(
    type="order",
    id="events",
    prompt="Put these in order.",
    answer=[
        "A jihadist insurgency begins in Mali",
        "Military juntas take power through coups",
        "The three countries withdraw from ECOWAS",
        "The ministers meet Sergei Lavrov",
    ],
)
VISIT = ClozeCard(
    type="cloze",
    id="visit",
    prompt="They will meet {{Sergei Lavrov|Lavrov}} in {{Moscow}} on April {{3}}.",
)
WEST_AFRICAN = TrueFalseCard(
    type="true_false", id="west", prompt="The three are West African nations.", answer=True
)
GOAL = BasicCard(type="basic", id="goal", prompt="Why go?", answer="To deepen ties with Russia.")


# typed ------------------------------------------------------------------------------------------


def test_the_answer_and_accepted_texts_are_right_without_a_correction() -> None:
    for response in ["Sergei Lavrov", "sergei lavrov", "  SERGEI   LAVROV ", "lavrov", "Lavrov."]:
        result = grade(LAVROV, response)
        assert (result.credit, result.verdict, result.accepted_as) == (1.0, "right", None)
        assert expected_text(LAVROV) == "Sergei Lavrov"


def test_a_near_miss_is_accepted_with_the_spelling_it_matched() -> None:
    assert grade(LAVROV, "Lavorv").accepted_as == "Lavrov"
    assert grade(LAVROV, "Sergei Lavorv").accepted_as == "Sergei Lavrov"
    assert grade(LAVROV, "Sergey Lavrof").accepted_as == "Sergei Lavrov"  # 2 typos in 13 chars
    assert grade(MOSCOW, "Moscou").accepted_as == "Moscow"
    assert grade(MOSCOW, "Moskwa").accepted_as == "Moskva"
    assert grade(LAVROV, "Lavorv").credit == 1.0


def test_typos_beyond_the_allowance_are_wrong() -> None:
    assert grade(MOSCOW, "Mascou").credit == 0.0  # two edits from both texts, 6 letters
    assert grade(LAVROV, "Lvarof").verdict == "wrong"
    assert grade(ECOWAS_NAME, "Economic Comunity of West Afican States").credit == 1.0
    assert grade(ECOWAS_NAME, "Economic Comunity of Wst Afican States").credit == 0.0
    assert grade(ECOWAS_NAME, "ECOWA").accepted_as == "ECOWAS"


def test_short_answers_and_fuzzy_false_must_be_exact() -> None:
    assert grade(AES, "aes").credit == 1.0
    assert grade(AES, "A.E.S.").credit == 1.0
    assert grade(AES, "AEZ").credit == 0.0
    strict = LAVROV.model_copy(update={"fuzzy": False})
    assert grade(strict, "lavrov").credit == 1.0
    assert grade(strict, "Lavorv").credit == 0.0


def test_french_articles_and_elision_are_ignored_in_french_decks() -> None:
    assert grade(RUSSIA_FR, "Russie", "fr").credit == 1.0
    assert grade(RUSSIA_FR, "la russie", "fr-FR").credit == 1.0
    assert grade(AES_FR, "AES", "fr").credit == 1.0
    assert grade(AES_FR, "l’AES", "fr").credit == 1.0
    assert grade(AES_FR, "L' AES", "fr").credit == 1.0
    # In an English deck "la" is a word like any other: "russie" is three edits from "la russie".
    assert grade(RUSSIA_FR, "Russie", "en").credit == 0.0


def test_english_articles_punctuation_and_typography_are_ignored() -> None:
    card = TypedCard(type="typed", id="c", prompt="?", answer="AES-Russia consultations")
    for response in [
        "the AES Russia consultations",
        "“AES–Russia consultations”",
        "aes/russia consultations",
        "AES_Russia Consultations!",
    ]:
        assert grade(card, response).credit == 1.0, response
    accented = TypedCard(
        type="typed", id="e", prompt="?", answer="Confédération des États du Sahel"
    )
    assert grade(accented, "confederation des etats du sahel", "fr").accepted_as is None


def test_typed_answers_of_the_wrong_shape_are_wrong() -> None:
    for response in [None, True, ["Sergei Lavrov"], 13]:
        assert grade(LAVROV, response).credit == 0.0  # type: ignore[arg-type]


# number -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("response", ["13", "13.0", "13 years", "13years", " 13 ans", "+13"])
def test_numbers_are_read_with_units_and_decimals(response: str) -> None:
    assert grade(YEARS, response).credit == 1.0


@pytest.mark.parametrize("response", ["12", "14", "thirteen", "about 13", "13 or 14", "", "1.3"])
def test_other_numbers_and_words_are_wrong(response: str) -> None:
    assert grade(YEARS, response).credit == 0.0


def test_thousands_separators_and_tolerance() -> None:
    for response in ["1,000", "1 000", "1000.0", "1\u202f000", "1’000"]:
        assert grade(TOTAL, response).credit == 1.0, response
    assert grade(TOTAL, "1.000").credit == 0.0  # a dot is always a decimal point
    assert [grade(ROUGH, r).credit for r in ["12.5", "13,5", "13.6", "12.4"]] == [1, 1, 0, 0]


def test_the_expected_number_shows_its_tolerance_and_unit() -> None:
    assert expected_text(YEARS) == "13 years"
    assert expected_text(ROUGH) == "13 ± 0.5 years"
    assert expected_text(TOTAL) == "1000"
    assert expected_text(TOTAL.model_copy(update={"answer": 2.5})) == "2.5"


def test_parse_number_decides_the_comma_by_what_follows_it() -> None:
    assert parse_number("1,000") == 1000
    assert parse_number("1,000,000.5") == 1_000_000.5
    assert parse_number("2,5") == 2.5
    assert parse_number("12,3456") == 12.3456
    assert parse_number("1 000,5") == 1000.5
    assert parse_number("-2.5") == -2.5
    assert parse_number("−4") == -4
    assert parse_number(".5") == 0.5
    assert parse_number("12 km2") == 12
    not_numbers = ["", "-", ".", "abc", "$13", "1,000,5", "13-14", "1.000,5", "1e999", "nan"]
    not_numbers += ["1e3", "2.5E-3", "0x3", "0X1f", "0b101", "0o7", "inf", "-inf", "Infinity"]
    for text in not_numbers:
        assert parse_number(text) is None, text


# choice, true/false, basic ----------------------------------------------------------------------


def test_choice_is_right_only_for_the_right_option() -> None:
    assert grade(CITY_CHOICE, "Moscow").credit == 1.0
    assert grade(CITY_CHOICE, "moscow").credit == 1.0  # a client sending the folded text
    assert grade(CITY_CHOICE, "Paris").credit == 0.0
    assert grade(CITY_CHOICE, "Moscou").credit == 0.0  # options are never fuzzy
    assert grade(CITY_CHOICE, ["Moscow"]).credit == 0.0
    assert expected_text(CITY_CHOICE) == "Moscow"


def test_true_false_and_basic_take_booleans_only() -> None:
    assert grade(WEST_AFRICAN, True).credit == 1.0
    assert grade(WEST_AFRICAN, False).credit == 0.0
    assert grade(WEST_AFRICAN, "true").credit == 0.0
    assert expected_text(WEST_AFRICAN) == "True"
    assert grade(GOAL, True).credit == 1.0
    assert grade(GOAL, False).verdict == "wrong"
    assert expected_text(GOAL) == "To deepen ties with Russia."


# multi ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("picks", "credit"),
    [
        (["Mali", "Burkina Faso", "Niger"], 1.0),
        (["Niger", "Mali", "Burkina Faso"], 1.0),
        (["Mali", "Niger"], 2 / 3),
        (["Mali", "Niger", "Senegal"], 1 / 3),
        (["Mali", "Mali", "Mali"], 1 / 3),
        (["Mali", "Senegal"], 0.0),
        (["Senegal", "Chad"], 0.0),
        (["Mali", "Burkina Faso", "Niger", "Ghana"], 2 / 3),
        ([], 0.0),
    ],
)
def test_multi_credit_is_right_minus_wrong_picks(picks: list[str], credit: float) -> None:
    assert grade(FOUNDERS, picks).credit == pytest.approx(credit)


def test_multi_partial_credit_verdict_and_expected_text() -> None:
    result = grade(FOUNDERS, ["Mali", "Niger"])
    assert result.verdict == "partly"
    assert expected_text(FOUNDERS) == "Mali, Burkina Faso, Niger"
    assert grade(FOUNDERS, "Mali").credit == 0.0


# order ------------------------------------------------------------------------------------------


def test_order_credit_is_the_share_of_pairs_in_order() -> None:
    items = EVENTS.answer
    assert grade(EVENTS, list(items)).credit == 1.0
    assert grade(EVENTS, list(reversed(items))).credit == 0.0
    swapped = [items[1], items[0], items[2], items[3]]
    assert grade(EVENTS, swapped).credit == pytest.approx(5 / 6)
    assert expected_text(EVENTS) == " → ".join(items)


@pytest.mark.parametrize(
    "response",
    [
        ["A jihadist insurgency begins in Mali"] * 4,
        ["A jihadist insurgency begins in Mali", "Military juntas take power through coups"],
        [
            "A jihadist insurgency begins in Mali",
            "Military juntas take power through coups",
            "The three countries withdraw from ECOWAS",
            "Something else",
        ],
        "A jihadist insurgency begins in Mali",
    ],
)
def test_order_responses_that_are_not_permutations_get_nothing(response: Any) -> None:
    assert grade(EVENTS, response).credit == 0.0


# cloze ------------------------------------------------------------------------------------------


def test_cloze_credit_is_the_share_of_blanks_right() -> None:
    assert grade(VISIT, ["Lavrov", "Moscow", "3"]).credit == 1.0
    assert grade(VISIT, ["Lavrov", "Moscow", "3"]).accepted_as is None
    partly = grade(VISIT, ["Lavrov", "Paris", "3"])
    assert partly.credit == pytest.approx(2 / 3)
    assert partly.verdict == "partly"
    assert expected_text(VISIT) == "Sergei Lavrov · Moscow · 3"
    assert grade(VISIT, ["Lavrov", "Moscow"]).credit == pytest.approx(2 / 3)
    assert grade(VISIT, None).credit == 0.0


def test_cloze_near_misses_show_each_blank_as_it_should_be_spelt() -> None:
    result = grade(VISIT, ["Sergei Lavrof", "moskow", "3"])
    assert result.credit == 1.0
    assert result.accepted_as == ("Sergei Lavrov", "Moscow", "3")
    assert spelling_text(VISIT, result) == "Sergei Lavrov · Moscow · 3"


def test_a_single_blank_cloze_takes_a_plain_string() -> None:
    card = ClozeCard(type="cloze", id="one", prompt="They left {{ECOWAS}}.")
    assert grade(card, "ecowas").credit == 1.0
    assert grade(card, ["ECOWAS"]).credit == 1.0


# Grade, helpers ---------------------------------------------------------------------------------


def test_grade_rejects_credit_outside_zero_to_one() -> None:
    with pytest.raises(ValueError, match="credit"):
        Grade(1.5)
    assert Grade(0.5).verdict == "partly"


def test_typo_allowance_by_length() -> None:
    assert [allowed_typos(n) for n in (0, 4, 5, 9, 10, 40)] == [0, 0, 1, 1, 2, 2]


def test_find_match_prefers_an_exact_match_over_a_closer_candidate() -> None:
    assert find_match("moscou", ["Moscow", "Moscou"]) == Match("Moscou", 0)
    assert find_match("moscoww", ["Moscow", "Moscou"]) == Match("Moscow", 1)
    assert find_match("moscoww", ["Moscow"], fuzzy=False) is None
    assert find_match("moscoww", ["Moscow"], refused=[{"moscoww"}]) is None


def test_damerau_levenshtein_counts_transpositions_as_one_edit() -> None:
    assert damerau_levenshtein("lavrov", "lavorv") == 1
    assert damerau_levenshtein("ca", "abc") == 2  # unrestricted: swap, then insert between
    assert damerau_levenshtein("abcdefghijk", "cadefghijk") == 2  # the example
    assert damerau_levenshtein("moscow", "moskva") == 3
    assert damerau_levenshtein("moscow", "moskva", limit=1) == 2
    assert damerau_levenshtein("", "abc", limit=1) == 2


def test_normalize_examples() -> None:
    assert normalize("  The  AES–Russia “consultations” ") == "aes russia consultations"
    assert normalize("l’Alliance des États du Sahel", "fr") == "alliance des etats du sahel"
    assert normalize("Aujourd'hui", "fr") == "aujourdhui"
    assert normalize("Burkina Faso's junta") == "burkina fasos junta"
    assert normalize("Cœur ÉTRANGER", "fr") == "coeur etranger"
    assert normalize("The") == "the"
    assert normalize("Ｍａｌｉ") == "mali"


# issue 9: every example of the issue ------------------------------------------------------------

BUNDLED = Path(__file__).resolve().parent.parent / "decks"


def _bundled(deck_id: str) -> tuple[Deck, Vocabulary]:
    deck = load_deck(BUNDLED / f"{deck_id}.yaml").deck
    return deck, Vocabulary(deck.cards, deck.language)


@pytest.mark.parametrize(
    ("answer", "response"),
    [
        ("Russia", "Prussia"),
        ("Zambia", "Gambia"),
        ("April 3", "April 4"),
        ("April 31", "April 13"),
        ("abcdefghijk", "cadefghijk"),  # two edits away, but the first letter differs
    ],
)
def test_a_typo_never_turns_one_real_thing_into_another(answer: str, response: str) -> None:
    card = TypedCard(type="typed", id="t", prompt="?", answer=answer)
    assert grade(card, response).credit == 0.0


def test_prussia_is_not_russia_on_the_bundled_card() -> None:
    deck, vocabulary = _bundled("aes-russia")
    card = deck.card("military-shift")
    assert grade(card, "Prussia", deck.language, vocabulary=vocabulary).verdict == "wrong"
    assert grade(card, "Rusia", deck.language, vocabulary=vocabulary).verdict == "right"
    assert grade(card, "the Russian Federaton", deck.language).accepted_as == "Russian Federation"


def test_the_allowance_is_per_word_and_sergei_lavorv_still_passes() -> None:
    assert grade(LAVROV, "Sergei Lavorv").accepted_as == "Sergei Lavrov"
    assert grade(LAVROV, "Segrei Lavorv").credit == 1.0  # one swap in each word
    assert grade(LAVROV, "Sergei").credit == 0.0  # a word missing
    assert grade(LAVROV, "Lavrov Sergei").credit == 0.0
    assert grade(LAVROV, "Sergi Lavrov").credit == 1.0  # "Sergei": 6 letters, 1 edit
    assert grade(LAVROV, "Srgi Lavrov").credit == 0.0  # 2 edits in a 6-letter word


def test_the_distance_is_the_unrestricted_damerau_levenshtein() -> None:
    card = TypedCard(type="typed", id="t", prompt="?", answer="xabcdefghijk")
    # Two edits (swap a and c, delete b between them); the restricted distance counts three.
    assert grade(card, "xcadefghijk").credit == 1.0
    assert damerau_levenshtein("abcdefghijk", "cadefghijk") == 2


def test_only_one_leading_article_is_ignored() -> None:
    assert normalize("the À À") == "a a" != normalize("à à") == "a"
    card = TypedCard(type="typed", id="t", prompt="?", answer="the cat")
    assert grade(card, "cat").credit == 1.0
    assert grade(card, "the the cat").credit == 0.0
    french = TypedCard(type="typed", id="t", prompt="?", answer="Russie")
    assert [
        grade(french, text, "fr").credit for text in ["la Russie", "l’Russie", "la la Russie"]
    ] == [
        1.0,
        1.0,
        0.0,
    ]


def test_reject_refuses_a_near_miss_the_author_names() -> None:
    card = TypedCard(type="typed", id="t", prompt="?", answer="Niger", accept=["Republic of Niger"])
    assert grade(card, "Nigar").credit == 1.0
    strict = card.model_copy(update={"reject": ["Nigar"]})
    assert grade(strict, "nigar!").credit == 0.0
    assert grade(strict, "Niger").credit == 1.0


@pytest.mark.parametrize(
    ("response", "right", "typed_unit"),
    [
        ("13 years", True, None),
        ("13 ans", True, None),
        ("13 an", True, None),
        ("13 yrs", True, None),
        ("13", True, None),
        ("13 months", False, "months"),
        ("13 mois", False, "mois"),
        ("13 soldiers", False, "soldiers"),
    ],
)
def test_units_are_read_and_a_different_unit_is_wrong_with_a_note(
    response: str, right: bool, typed_unit: str | None
) -> None:
    result = grade(YEARS, response)
    assert (result.credit == 1.0) == right
    assert result.wrong_unit == (None if typed_unit is None else WrongUnit(typed_unit, "years"))


@pytest.mark.parametrize("response", ["3,5", "3.5", "٣٫٥", "۳٫۵", "3,5 km", "+3,50"])
def test_decimal_commas_and_arabic_indic_digits(response: str) -> None:
    card = NumberCard(type="number", id="n", prompt="?", answer=3.5, unit="km")
    assert grade(card, response).credit == 1.0


def test_arabic_indic_digits_with_their_separators() -> None:
    card = NumberCard(type="number", id="n", prompt="?", answer=1013.5, unit="years")
    assert grade(card, "١٬٠١٣٫٥ ans").credit == 1.0
    assert parse_number("١٣٫٥") == 13.5


@pytest.mark.parametrize("response", ["0x3", "0x0D", "nan", "inf", "1e1", "13e0", "0b1101"])
def test_hex_nan_inf_and_exponents_are_refused_with_a_hint_that_gives_nothing_away(
    response: str,
) -> None:
    assert grade(YEARS, response).credit == 0.0
    with pytest.raises(ValueError) as raised:
        show(YEARS).read(response)
    assert not any(char.isdigit() for char in str(raised.value))


def test_adjacent_cloze_blanks_are_also_graded_on_their_joined_text() -> None:
    deck, _ = _bundled("aes-russia")
    card = deck.card("ecowas-full-name")
    split = ["Economic", "Community", "West", "African States"]
    assert grade(card, split).credit == 1.0
    assert grade(card, ["Economic Community", "", "West African", "States"]).credit == 1.0
    near = grade(card, ["Economic", "Community", "West Afrcan", "Sates"])
    assert near.credit == 1.0
    assert near.accepted_as == ("Economic", "Community", "West African", "States")
    spelling = spelling_text(card, near)
    assert spelling == "Economic · Community · West African · States"
    assert [spelling[i] for i in spelling_marks(card, near)] == ["i", "t"]
    # Blanks with words between them are graded one by one.
    visit = ClozeCard(type="cloze", id="v", prompt="{{West African}} and {{States}}")
    assert grade(visit, ["West", "African States"]).credit == 0.0


def test_a_near_miss_records_the_letters_it_corrected() -> None:
    result = grade(LAVROV, "sergei lavorv")
    assert result.accepted_as == "Sergei Lavrov"
    assert [result.accepted_as[i] for i in spelling_marks(LAVROV, result)] == ["r", "o"]
    assert corrected_letters("Moscw", "Moscow") == (4,)  # the missing o
    assert corrected_letters("Mooscow", "Moscow") == (1,)  # one too many: its neighbour
    assert corrected_letters("Sergeï Lavrov", "Sergei Lavrov") == ()  # accents don't count
