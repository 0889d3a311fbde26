"""The card rules (`sahel_quiz.cards`): reading typed responses from what was shown, writing
responses and answers with one join per kind of list, the hints, and the classroom wire."""

from __future__ import annotations

import random
from typing import Any

import pytest
from test_grading import (
    CITY_CHOICE,
    EVENTS,
    FOUNDERS,
    GOAL,
    LAVROV,
    ROUGH,
    VISIT,
    WEST_AFRICAN,
    YEARS,
)

from sahel_quiz.cards import (
    ResponseError,
    ShownCard,
    accepted_texts,
    answer_parts,
    answer_steps,
    correct_on_wire,
    expected_text,
    is_playable,
    known_types,
    present,
    response_text,
    rules_for,
    show,
    spelling_text,
)
from sahel_quiz.deck.model import ClozeCard
from sahel_quiz.grading import grade

ALL = [CITY_CHOICE, FOUNDERS, EVENTS, VISIT, WEST_AFRICAN, LAVROV, YEARS, GOAL]

# reading typed text ---------------------------------------------------------------------------


def test_option_numbers_refer_to_the_order_shown() -> None:
    assert show(CITY_CHOICE).read("2") == "Paris"
    assert show(CITY_CHOICE).read(" moscow ") == "Moscow"
    assert show(CITY_CHOICE, ["Niamey", "Moscow", "Bamako", "Paris"]).read("2") == "Moscow"
    assert show(FOUNDERS).read("1,3") == ["Mali", "Niger"]
    assert show(FOUNDERS).read("3 1, 3") == ["Niger", "Mali"]
    assert show(EVENTS).read("4,3,2,1") == list(reversed(EVENTS.answer))


def test_the_reader_needs_only_what_was_shown() -> None:
    """A client that knows the question but not the card (the terminal client) reads alike."""
    shown = ShownCard("multi", "Which?", ("Chad", "Mali", "Niger"))
    assert shown.read("2,3") == ["Mali", "Niger"]
    assert ShownCard("cloze", "_____ met _____", blanks=2).read("a | b") == ["a", "b"]
    assert ShownCard("number", "How many?", unit="years").read("13 ans") == "13 ans"


@pytest.mark.parametrize(
    ("card", "text", "hint"),
    [
        (CITY_CHOICE, "5", "from 1 to 4"),
        (CITY_CHOICE, "0", "from 1 to 4"),
        (CITY_CHOICE, "London", "from 1 to 4"),
        (FOUNDERS, "1,9", "from 1 to 5"),
        (FOUNDERS, "Ghana", "from 1 to 5"),
        (EVENTS, "1,1,2,3", "once"),
        (EVENTS, "1,2,3", "all 4 items"),
        (EVENTS, "1,2,3,7", "from 1 to 4"),
        (EVENTS, "first", "in the right order"),
        (WEST_AFRICAN, "maybe", r"t \(true\) or f \(false\)"),
        (GOAL, "maybe", r"y \(yes\) or n \(no\)"),
        (YEARS, "thirteen", "type the number in digits"),
        (YEARS, "0x3", "type the number in digits"),
        (VISIT, "Lavrov | Moscow", "3 answers"),
        (LAVROV, "   ", "type an answer"),
    ],
)
def test_unreadable_text_gets_a_hint(card: Any, text: str, hint: str) -> None:
    with pytest.raises(ValueError, match=hint):
        show(card).read(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("t", True),
        ("True", True),
        ("yes", True),
        ("Vrai", True),
        ("oui", True),
        ("v", True),
        ("f", False),
        ("FALSE", False),
        ("no", False),
        ("faux", False),
        ("non", False),
    ],
)
def test_true_and_false_read_in_english_and_french(text: str, value: bool) -> None:
    assert show(WEST_AFRICAN).read(text) is value
    assert show(GOAL).read(text) is value


def test_text_cards_read_as_typed() -> None:
    assert show(LAVROV).read("  Lavrov \n") == "Lavrov"
    assert show(YEARS).read("13 years") == "13 years"
    assert show(VISIT).read("Lavrov | Moscow | 3") == ["Lavrov", "Moscow", "3"]
    assert show(VISIT).read("Lavrov\nMoscow\n3\n") == ["Lavrov", "Moscow", "3"]
    single = ClozeCard(type="cloze", id="one", prompt="They left {{ECOWAS}}.")
    assert show(single).read("ECOWAS | CEDEAO") == ["ECOWAS | CEDEAO"]


def test_read_responses_grade_as_the_learner_meant() -> None:
    assert grade(FOUNDERS, show(FOUNDERS).read("1,2,3")).credit == 1.0
    assert grade(EVENTS, show(EVENTS).read("1,2,3,4")).credit == 1.0
    assert grade(YEARS, show(YEARS).read("13 ans")).credit == 1.0


# writing --------------------------------------------------------------------------------------


def test_a_response_and_the_expected_answer_use_the_same_join() -> None:
    """One join per kind of list: the panel never shows "A · C" over "A, B"."""
    assert response_text(FOUNDERS, ["Mali", "Niger"]) == "Mali, Niger"
    assert expected_text(FOUNDERS) == "Mali, Burkina Faso, Niger"
    assert response_text(VISIT, ["Lavrov", "Paris", "3"]) == "Lavrov · Paris · 3"
    assert expected_text(VISIT) == "Sergei Lavrov · Moscow · 3"
    assert response_text(EVENTS, ["b", "a"]) == "b → a"
    assert expected_text(EVENTS) == " → ".join(EVENTS.answer)
    assert response_text(WEST_AFRICAN, False) == "False"
    assert response_text(LAVROV, None) is None
    assert response_text(FOUNDERS, []) == "nothing chosen"
    assert expected_text(ROUGH) == "13 ± 0.5 years"


def test_a_near_miss_spelling_is_written_like_a_response() -> None:
    assert spelling_text(VISIT, grade(VISIT, ["Sergei Lavrof", "moskow", "3"])) == (
        "Sergei Lavrov · Moscow · 3"
    )
    assert spelling_text(LAVROV, grade(LAVROV, "Sergei Lavrof")) == "Sergei Lavrov"
    assert spelling_text(LAVROV, grade(LAVROV, "Sergei Lavrov")) is None


def test_accepted_texts_and_steps() -> None:
    assert accepted_texts(LAVROV) == ["Lavrov"]
    assert accepted_texts(VISIT) == ["blank 1: Sergei Lavrov / Lavrov"]
    assert answer_steps(EVENTS) == list(EVENTS.answer)
    assert answer_steps(CITY_CHOICE) is None


def test_answer_parts_are_what_the_expected_text_joins() -> None:
    assert answer_parts(FOUNDERS) == list(FOUNDERS.answer)
    assert answer_parts(VISIT) == ["Sergei Lavrov", "Moscow", "3"]
    assert answer_parts(EVENTS) == list(EVENTS.answer)
    for card in ALL:
        parts = answer_parts(card)
        if parts is not None:
            assert expected_text(card) == rules_for(card).join.join(parts)
    for card in (CITY_CHOICE, WEST_AFRICAN, LAVROV, YEARS):
        assert answer_parts(card) is None


# hints ----------------------------------------------------------------------------------------


def test_every_type_has_its_hints_in_one_place() -> None:
    assert set(known_types()) == {
        "basic", "choice", "multi", "true_false", "typed", "number", "cloze", "order"
    }  # fmt: skip
    for card in ALL:
        shown = show(card)
        assert shown.task and shown.typing_hint, card.type
    assert show(VISIT).task == "fill in the blanks"
    single = ClozeCard(type="cloze", id="one", prompt="They left {{ECOWAS}}.")
    assert show(single).task == "fill in the blank"
    assert show(EVENTS).typing_hint.endswith("e.g. 4,3,2,1")


def test_only_self_graded_cards_stay_out_of_a_classroom_game() -> None:
    assert [card.type for card in ALL if not is_playable(card)] == ["basic"]
    assert show(GOAL).self_graded and not show(LAVROV).self_graded


# the classroom wire ---------------------------------------------------------------------------


def test_choices_travel_as_indices_into_the_order_shown() -> None:
    shown = show(CITY_CHOICE, ["Niamey", "Moscow", "Bamako", "Paris"])
    assert shown.options == ["Niamey", "Moscow", "Bamako", "Paris"] and shown.items is None
    assert shown.to_wire("Moscow") == 1 and shown.from_wire(1) == "Moscow"
    assert correct_on_wire(CITY_CHOICE, shown) == 1
    order = show(EVENTS, list(reversed(EVENTS.answer)))
    assert order.items == list(reversed(EVENTS.answer)) and order.options is None
    assert correct_on_wire(EVENTS, order) == [3, 2, 1, 0]
    assert order.from_wire([3, 2, 1, 0]) == list(EVENTS.answer)
    assert show(FOUNDERS).from_wire([2, 0]) == ["Mali", "Niger"]  # in the order shown


@pytest.mark.parametrize("card", [c for c in ALL if is_playable(c)], ids=lambda c: c.type)
def test_the_right_answer_on_the_wire_earns_full_credit(card: Any) -> None:
    shown = present(card, random.Random(4))
    response = shown.from_wire(correct_on_wire(card, shown))
    assert grade(card, response).credit == 1.0
    if shown.choices:
        assert shown.from_wire(shown.to_wire(response)) == response


@pytest.mark.parametrize(
    ("card", "value", "why"),
    [
        (CITY_CHOICE, 4, "option number from 0 to 3"),
        (CITY_CHOICE, True, "option number"),
        (FOUNDERS, [0, 0], "at most once"),
        (FOUNDERS, 2, "list of numbers"),
        (EVENTS, [0, 1, 2, 2], "each item number 0 to 3 once"),
        (WEST_AFRICAN, "true", "true or false"),
        (LAVROV, ["x"], "a text"),
        (LAVROV, "x" * 501, "at most 500"),
        (YEARS, "thirteen", "type the number in digits"),
        (YEARS, "1e3", "type the number in digits"),
        (VISIT, ["a", "b"], "3 texts, one per blank"),
    ],
)
def test_a_response_of_the_wrong_shape_is_refused_with_why(card: Any, value: Any, why: str) -> None:
    with pytest.raises(ResponseError, match=why):
        show(card).from_wire(value)


def test_tallies_count_by_label() -> None:
    shown = show(FOUNDERS)
    assert shown.labels == tuple(FOUNDERS.options)
    assert shown.tally([["Mali"], ["Mali", "Chad"], None]) == [2, 0, 0, 0, 1]
    assert show(WEST_AFRICAN).labels == ("True", "False")
    assert show(WEST_AFRICAN).tally([True, False, True, None]) == [2, 1]
    assert show(LAVROV).tally(["x"]) is None and show(LAVROV).labels == ()


def test_rules_are_found_by_card_shown_card_or_name() -> None:
    assert rules_for(EVENTS) is rules_for(show(EVENTS)) is rules_for("order")
