"""The question marked after an answer (`cards.marks`), what an incomplete answer lacks
(`ShownCard.missing`), blanks numbered alike everywhere, a flashcard's self-grade in words, and
the `shuffle: false` card key: the cards layer's part of feedback that teaches (issue 12)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from test_grading import CITY_CHOICE, EVENTS, FOUNDERS, GOAL, LAVROV, VISIT, WEST_AFRICAN, YEARS

from sahel_quiz import i18n
from sahel_quiz.cards import Mark, ShownCard, marks, present, response_text, show
from sahel_quiz.deck.loader import DeckError, load_deck
from sahel_quiz.deck.model import Card, ChoiceCard
from sahel_quiz.grading import Response, corrected_letters, grade, marked_runs


def marked(card: Card, response: Response, shown: ShownCard | None = None) -> list[Mark]:
    shown = shown if shown is not None else show(card)
    return marks(card, shown, response, grade(card, response))


def lines(found: list[Mark]) -> list[tuple[str, str, str, bool | None, str | None]]:
    return [(m.label, m.text, m.state, m.picked, m.note) for m in found]


# options: ✓ on each right option, ✗ on each wrong pick, in the order shown -------------------


def test_every_option_stays_with_right_ones_ticked_and_wrong_picks_crossed() -> None:
    shown = show(FOUNDERS, ["Chad", "Mali", "Senegal", "Niger", "Burkina Faso"])
    assert lines(marked(FOUNDERS, ["Mali", "Chad"], shown)) == [
        ("", "Chad", "wrong", True, None),  # picked, wrong: ✗
        ("", "Mali", "right", True, None),  # picked, right: ✓
        ("", "Senegal", "plain", False, None),  # neither
        ("", "Niger", "missed", False, None),  # right, not picked: ✓ all the same
        ("", "Burkina Faso", "missed", False, None),
    ]


def test_a_choice_and_true_false_are_marked_the_same_way() -> None:
    assert [(m.text, m.state) for m in marked(CITY_CHOICE, "Paris")] == [
        ("Moscow", "missed"),
        ("Paris", "wrong"),
        ("Bamako", "plain"),
        ("Niamey", "plain"),
    ]
    assert [(m.text, m.state, m.picked) for m in marked(WEST_AFRICAN, True)] == [
        ("True", "right", True),
        ("False", "plain", False),
    ]
    # no answer (time ran out): the right options are shown, none picked
    assert [m.state for m in marked(WEST_AFRICAN, None)] == ["missed", "plain"]


# blanks: right or wrong each, the expected text beside a wrong one --------------------------


def test_each_blank_is_marked_with_the_expected_text_beside_a_wrong_one() -> None:
    found = marked(VISIT, ["Lavrov", "Paris", ""])
    assert lines(found) == [
        ("__1__", "Lavrov", "right", None, None),
        ("__2__", "Paris", "wrong", None, "answer: Moscow"),
        ("__3__", "(empty)", "wrong", None, "answer: 3"),
    ]
    assert grade(VISIT, ["Lavrov", "Paris", ""]).blanks_right == (True, False, False)


def test_a_near_miss_in_a_blank_shows_where_the_spelling_differed() -> None:
    [first, *_rest] = marked(VISIT, ["Sergei Lavorv", "Moscow", "3"])
    assert first.state == "right"
    assert first.note == "spelling: Sergei Lavrov"
    # the letters marked are those of "Lavrov" the learner swapped: r and o
    assert [first.note[i] for i in first.note_marks] == ["r", "o"]


def test_a_typed_near_miss_marks_the_letters_that_differ() -> None:
    [line] = marked(LAVROV, "Sergei Lavrof")
    assert (line.text, line.state, line.note) == (
        "Sergei Lavrof",
        "right",
        "spelling: Sergei Lavrov",
    )
    assert [line.note[i] for i in line.note_marks] == ["v"]
    runs = marked_runs(line.note, line.note_marks)
    assert runs[-1] == ("v", True) and "".join(text for text, _ in runs) == line.note
    assert corrected_letters("Lavrov", "Lavrov") == ()


def test_typed_and_number_answers_show_the_answer_when_wrong_or_said_otherwise() -> None:
    assert lines(marked(LAVROV, "Putin")) == [("", "Putin", "wrong", None, "answer: Sergei Lavrov")]
    assert lines(marked(LAVROV, "Sergei Lavrov")) == [("", "Sergei Lavrov", "right", None, None)]
    # right in other words (an accepted alternative, a number without its unit): the answer too
    assert marked(LAVROV, "Lavrov")[0].note == "answer: Sergei Lavrov"
    assert marked(YEARS, "13")[0].note == "answer: 13 years"
    assert lines(marked(YEARS, None)) == [
        ("", "no answer (time ran out)", "wrong", None, "answer: 13 years")
    ]


def test_a_number_and_its_unit_never_part_at_the_end_of_a_french_line() -> None:
    """French joins them with a no-break space (and the ± of a tolerance too), and the answer
    typed with an ordinary space is still the answer itself, with no note."""
    ans = YEARS.model_copy(update={"unit": "ans", "tolerance": 0.5})
    i18n.set_language("fr")
    assert marked(ans, "12")[0].note == "réponse\u00a0: 13\u00a0±\u00a00.5\u00a0ans"
    exact = ans.model_copy(update={"tolerance": 0})
    assert lines(marked(exact, "13 ans")) == [("", "13 ans", "right", None, None)]


# order: each position marked -------------------------------------------------------------------


def test_each_position_of_an_order_is_marked_with_where_the_learner_put_it() -> None:
    items = EVENTS.answer
    response = [items[1], items[0], items[2], items[3]]
    assert lines(marked(EVENTS, response)) == [
        ("1.", items[0], "wrong", None, "yours: 2"),
        ("2.", items[1], "wrong", None, "yours: 1"),
        ("3.", items[2], "right", None, None),
        ("4.", items[3], "right", None, None),
    ]
    assert all(m.state == "missed" for m in marked(EVENTS, None))  # no answer: the right order


# flashcards: the learner's own grade in words ---------------------------------------------------


def test_a_flashcard_self_grade_is_said_in_words_never_true_or_false() -> None:
    assert response_text(GOAL, False) == "I didn't know it"
    assert response_text(GOAL, True) == "I knew it"
    assert lines(marked(GOAL, False)) == [
        ("", "I didn't know it", "wrong", None, "answer: To deepen ties with Russia.")
    ]
    assert marked(GOAL, True)[0].state == "right"


# what an incomplete answer lacks: every type says it, nothing is graded --------------------------


def test_every_empty_answer_says_what_is_missing() -> None:
    assert show(LAVROV).missing("  ") == "type an answer"
    assert show(YEARS).missing("") == "type an answer"
    assert show(FOUNDERS).missing([]) == "tick at least one option"
    assert show(VISIT).missing(["Lavrov", "", " "]) == "fill in blanks 2, 3"
    assert show(VISIT).missing(["Lavrov", "Moscow", ""]) == "fill in blank 3"
    one = ShownCard("cloze", "In _____.", blanks=1)
    assert one.missing([""]) == "fill in the blank"
    for card, complete in [
        (LAVROV, "Lavrov"),
        (YEARS, "13"),
        (FOUNDERS, ["Mali"]),
        (VISIT, ["a", "b", "c"]),
        (CITY_CHOICE, "Moscow"),
        (WEST_AFRICAN, False),
        (EVENTS, list(EVENTS.answer)),
        (GOAL, False),
    ]:
        assert show(card).missing(complete) is None, card.type


# blanks numbered the same everywhere ----------------------------------------------------------


def test_blanks_are_numbered_as_their_fields_and_marks_are() -> None:
    shown = show(VISIT)
    assert shown.numbered_prompt == "They will meet __1__ in __2__ on April __3__."
    assert [shown.blank_label(n) for n in (1, 2, 3)] == ["__1__", "__2__", "__3__"]
    one = ShownCard("cloze", "In _____.", blanks=1)
    assert one.numbered_prompt == "In _____." and one.blank_label(1) == "_____"


# options are shuffled unless the card says `shuffle: false` ------------------------------------


def test_options_are_shuffled_unless_the_card_says_shuffle_false() -> None:
    orders = {present(CITY_CHOICE, random.Random(seed)).choices for seed in range(30)}
    assert len(orders) > 1 and all(sorted(o) == sorted(CITY_CHOICE.options) for o in orders)
    kept = ChoiceCard.model_validate({**CITY_CHOICE.model_dump(), "shuffle": False})
    assert {present(kept, random.Random(seed)).choices for seed in range(30)} == {
        tuple(CITY_CHOICE.options)
    }
    # the option order is not what the learner is asked: progress is kept across the switch
    assert kept.content_hash() == CITY_CHOICE.content_hash()


SCALE_DECK = """\
id: scale
title: A scale
language: en
cards:
  - id: how-sure
    type: choice
    prompt: How sure is the article?
    options: [Not at all, Somewhat, Very]
    answer: Very
    shuffle: {value}
"""


def test_the_shuffle_key_is_read_from_yaml_and_must_be_true_or_false(tmp_path: Path) -> None:
    path = tmp_path / "scale.yaml"
    path.write_text(SCALE_DECK.format(value="false"), encoding="utf-8")
    loaded = load_deck(path)
    card = loaded.deck.cards[0]
    assert isinstance(card, ChoiceCard) and card.shuffle is False
    path.write_text(SCALE_DECK.format(value="sometimes"), encoding="utf-8")
    with pytest.raises(DeckError, match="shuffle"):
        load_deck(path)
