"""Exports take a card's answer from the cards layer, and word it as the deck's content."""

from __future__ import annotations

from hypothesis import given
from strategies import cards as any_cards
from test_grading import CITY_CHOICE, EVENTS, FOUNDERS, LAVROV, ROUGH, VISIT, WEST_AFRICAN

from sahel_quiz.cards import expected_text, rules_for, show
from sahel_quiz.deck.model import Card
from sahel_quiz.interchange.answers import answer_text, option_question


def test_the_answer_text_is_the_apps_but_in_the_decks_words() -> None:
    assert answer_text(FOUNDERS, "en") == "Mali; Burkina Faso; Niger"
    assert answer_text(VISIT, "en") == "Sergei Lavrov; Moscow; 3"
    assert answer_text(EVENTS, "en") == expected_text(EVENTS)  # an order keeps its arrows
    assert answer_text(ROUGH, "fr") == expected_text(ROUGH) == "13 ± 0.5 years"
    assert answer_text(LAVROV, "en") == "Sergei Lavrov"
    assert answer_text(WEST_AFRICAN, "fr") == ("Vrai" if WEST_AFRICAN.answer else "Faux")
    assert answer_text(WEST_AFRICAN, "en-GB") == ("True" if WEST_AFRICAN.answer else "False")


def test_choice_multi_and_true_false_cards_are_option_questions() -> None:
    choice = option_question(CITY_CHOICE, "en")
    assert choice is not None and choice.one_right
    assert choice.options == list(CITY_CHOICE.options)
    assert [choice.options[i] for i in choice.right] == [CITY_CHOICE.answer]
    multi = option_question(FOUNDERS, "en")
    assert multi is not None and not multi.one_right
    assert [multi.options[i] for i in multi.right] == list(FOUNDERS.answer)
    true_false = option_question(WEST_AFRICAN, "fr")
    assert true_false is not None and true_false.options == ["Vrai", "Faux"]
    assert true_false.right == [0 if WEST_AFRICAN.answer else 1]
    for card in (LAVROV, ROUGH, VISIT, EVENTS):
        assert option_question(card, "en") is None


@given(any_cards)
def test_a_card_is_an_option_question_exactly_when_it_has_labels(card: Card) -> None:
    question = option_question(card, "en")
    assert (question is None) == (not show(card).labels)
    if question is not None:
        assert question.right and all(0 <= i < len(question.options) for i in question.right)
        assert question.one_right == (len(question.right) == 1 and rules_for(card).type != "multi")
