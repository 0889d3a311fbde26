"""Nicknames a prankster would try: invisible characters, lookalike letters, blank names, zalgo.

Each is tried against the engine (the rule) and, in test_classroom_security.py, against the real
server on loopback (the rule as a phone meets it).
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from classroom_clients import CLASSROOM_DECK

from sahel_quiz.deck.model import Deck
from sahel_quiz.engine.classroom import ClassroomGame, GameError, build_questions, clean_name
from sahel_quiz.engine.classroom.names import MAX_MARKS, name_keys
from sahel_quiz.engine.classroom.skeleton import prototypes, skeleton, unicode_version

PIN = "123456"
DECK = Deck.model_validate(CLASSROOM_DECK)

LOOKALIKES_OF_AWA = {
    "zero-width joiner": "Awa\u200d",
    "combining grapheme joiner": "Awa\u034f",
    "variation selector 16": "Awa\ufe0f",
    "zero-width space inside": "A\u200bwa",
    "soft hyphen": "Aw\u00ada",
    "bidi isolate": "\u2066Awa\u2069",
    "Cyrillic capital A": "\u0410wa",
    "Cyrillic small a": "Aw\u0430",
    "fullwidth letters": "\uff21\uff57\uff41",
    "another case": "AWA",
    "no-break space around": "\u00a0Awa\u3000",
}


def code_of(call: Any) -> str:
    with pytest.raises(GameError) as caught:
        call()
    return caught.value.code


def game() -> ClassroomGame:
    return ClassroomGame(
        build_questions(DECK.cards, seed=1), title="T", language="en", mode="speed", pin=PIN
    )


@pytest.mark.parametrize("trick", sorted(LOOKALIKES_OF_AWA))
def test_a_lookalike_of_a_name_already_taken_is_refused_as_taken(trick: str) -> None:
    played = game()
    played.join(PIN, "Awa", 0.0)
    assert code_of(lambda: played.join(PIN, LOOKALIKES_OF_AWA[trick], 1.0)) == "name_taken"
    assert played.player_by_name(LOOKALIKES_OF_AWA[trick]) == played.player_ids[0]


def test_the_first_of_two_lookalikes_keeps_the_name_whichever_it_is() -> None:
    played = game()
    played.join(PIN, "\u0410wa", 0.0)  # the Cyrillic one came first
    assert code_of(lambda: played.join(PIN, "Awa", 1.0)) == "name_taken"


def test_invisible_characters_are_taken_out_of_the_name_kept() -> None:
    assert clean_name("Awa\u200d") == "Awa"
    assert clean_name("Awa\u034f") == "Awa"
    assert clean_name("Awa\ufe0f") == "Awa"
    assert clean_name("\u2066Awa\u2069") == "Awa"
    assert clean_name("Aw\u00ada") == "Awa"
    # an emoji sequence keeps its joiner and its presentation selector
    assert clean_name("👩\u200d🏫 Mme") == "👩\u200d🏫 Mme"
    assert clean_name("❤\ufe0f Awa") == "❤\ufe0f Awa"


@pytest.mark.parametrize(
    "blank",
    [
        "\u3164\u3164",  # two Hangul fillers: the name looks empty
        "\u115f\u1160",
        "\uffa0",
        "\u2800\u2800",  # Braille blanks
        "\u200b\u200b",
        "\u0301\u0301",  # accents on nothing
        "🙂",  # no letter or digit: a teacher cannot read it out
        "- . -",
    ],
)
def test_a_name_with_no_visible_letter_is_refused(blank: str) -> None:
    assert code_of(lambda: clean_name(blank)) == "name_invalid"


def test_combining_marks_are_capped_on_each_letter() -> None:
    zalgo = "A" + "\u0301" * 19 + "wa" + "\u0308" * 19
    assert clean_name(zalgo) == unicodedata.normalize(
        "NFC", "A" + "\u0301" * MAX_MARKS + "wa" + "\u0308" * MAX_MARKS
    )
    assert clean_name("Á" + "\u0301" * 10).count("\u0301") <= MAX_MARKS - 1  # Á holds one
    # real accents survive: Vietnamese stacks two marks, French one
    assert clean_name("Nguyễn Thị Ánh") == "Nguyễn Thị Ánh"
    assert clean_name("Hélène Bâ") == "Hélène Bâ"


def test_real_names_that_merely_resemble_each_other_stay_apart() -> None:
    played = game()
    for name in ["Ali", "All", "Élodie", "Elodie", "Awa", "Awa D.", "Abdoulaye Diallo"]:
        played.join(PIN, name, 0.0)
    assert len(played.player_ids) == 7
    # a capital I, a small l and the digit 1 look alike
    assert code_of(lambda: played.join(PIN, "AL1", 1.0)) == "name_taken"  # "All"
    other = game()
    other.join(PIN, "AL1", 0.0)
    assert code_of(lambda: other.join(PIN, "ALI", 1.0)) == "name_taken"
    other.join(PIN, "Ali", 1.0)  # but a small i does not look like a 1


def test_the_skeleton_is_the_one_of_uts_39() -> None:
    assert unicode_version().split(".")[0].isdigit()
    assert len(prototypes()) > 6000
    assert skeleton("\u0410wa") == skeleton("Awa") == "Awa"
    assert skeleton("paypa\u0406") == skeleton("paypal")  # Cyrillic І
    assert skeleton("rn") == skeleton("m")  # the classic: r and n side by side
    assert name_keys("Awa") == name_keys("\uff21\uff57\uff41")
