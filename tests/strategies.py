"""Hypothesis strategies shared by the property tests: cards of every type, responses, edits.

The settings profiles (`default`, `thorough`) are registered in `conftest.py`.
"""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

from sahel_quiz.deck.model import (
    CONTROL_CHARACTER,
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    MultiCard,
    NumberCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from sahel_quiz.grading import Response, format_number

__all__ = [
    "ANSWERS_FROM_THE_ARTICLE",
    "any_responses",
    "basic_cards",
    "cards",
    "choice_cards",
    "cloze_cards",
    "credits",
    "exact_response",
    "languages",
    "multi_cards",
    "number_cards",
    "order_cards",
    "plausible_responses",
    "short_texts",
    "single_edits",
    "true_false_cards",
    "typed_cards",
    "weights",
]

ANSWERS_FROM_THE_ARTICLE = [
    "Sergei Lavrov",
    "Moscow",
    "Mali",
    "Burkina Faso",
    "Niger",
    "ECOWAS",
    "Economic Community of West African States",
    "Confederation of Sahel States",
    "Confédération des États du Sahel",
    "l'AES",
    "AES-Russia consultations",
    "Islamic State",
    "al-Qaeda",
    "the southern Sahara",
    "la Russie",
    "April 3",
]

languages = st.sampled_from(["en", "fr", "fr-FR", "EN", "de", "en-GB"])

card_ids = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=12)


def _visible(text: str) -> bool:
    return bool(text.strip())


printable = st.characters(codec="utf-8").filter(lambda ch: CONTROL_CHARACTER.match(ch) is None)
"""Any character a deck text may hold (the model refuses control characters)."""
prompts = st.text(printable, min_size=1, max_size=60).filter(_visible)
short_texts = st.one_of(
    st.sampled_from(ANSWERS_FROM_THE_ARTICLE),
    st.text(printable, min_size=1, max_size=24).filter(_visible),
)
"""Texts an author might write: realistic ones and arbitrary Unicode."""

weights = st.one_of(st.sampled_from([1.0, 0.5, 2.0, 3.0, 100.0]), st.floats(0.001, 100.0))
"""A card's `points`, as the deck model allows them."""

credits = st.one_of(
    st.sampled_from([0.0, 1.0, 0.5, 1 / 3, 2 / 3]),
    st.floats(0.0, 1.0),
)


def _common(draw: st.DrawFn) -> dict[str, Any]:
    return {"id": draw(card_ids), "prompt": draw(prompts), "points": draw(weights)}


@st.composite
def basic_cards(draw: st.DrawFn) -> BasicCard:
    return BasicCard(type="basic", answer=draw(short_texts), **_common(draw))


@st.composite
def true_false_cards(draw: st.DrawFn) -> TrueFalseCard:
    return TrueFalseCard(type="true_false", answer=draw(st.booleans()), **_common(draw))


_options = st.lists(short_texts, min_size=2, max_size=8, unique=True)


@st.composite
def choice_cards(draw: st.DrawFn) -> ChoiceCard:
    options = draw(_options)
    answer = draw(st.sampled_from(options))
    return ChoiceCard(type="choice", options=options, answer=answer, **_common(draw))


@st.composite
def multi_cards(draw: st.DrawFn) -> MultiCard:
    options = draw(_options)
    answer = draw(st.lists(st.sampled_from(options), min_size=1, unique=True))
    return MultiCard(type="multi", options=options, answer=answer, **_common(draw))


@st.composite
def typed_cards(draw: st.DrawFn, fuzzy: bool | None = None) -> TypedCard:
    return TypedCard(
        type="typed",
        answer=draw(short_texts),
        accept=draw(st.lists(short_texts, max_size=3)),
        fuzzy=draw(st.booleans()) if fuzzy is None else fuzzy,
        **_common(draw),
    )


@st.composite
def number_cards(draw: st.DrawFn) -> NumberCard:
    return NumberCard(
        type="number",
        answer=draw(
            st.one_of(
                st.integers(-10_000, 10_000).map(float),
                st.floats(allow_nan=False, allow_infinity=False),
            )
        ),
        tolerance=draw(st.one_of(st.just(0.0), st.floats(0.0, 1e6))),
        unit=draw(st.one_of(st.none(), st.sampled_from(["years", "km", "%", "ans"]))),
        **_common(draw),
    )


_blank_text = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters="{}|\n\r").filter(
            lambda ch: CONTROL_CHARACTER.match(ch) is None
        ),
        min_size=1,
        max_size=16,
    )
    .map(str.strip)
    .filter(bool)
)
_blank_alternatives = st.one_of(
    st.lists(st.sampled_from(ANSWERS_FROM_THE_ARTICLE), min_size=1, max_size=3, unique=True),
    st.lists(_blank_text, min_size=1, max_size=3),
)
_filler = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="{}").filter(
        lambda ch: CONTROL_CHARACTER.match(ch) is None
    ),
    max_size=12,
)


@st.composite
def cloze_cards(draw: st.DrawFn) -> ClozeCard:
    blanks = draw(st.lists(_blank_alternatives, min_size=1, max_size=4))
    parts = [draw(_filler)]
    for alternatives in blanks:
        parts.append("{{" + "|".join(alternatives) + "}}")
        parts.append(draw(_filler))
    common = _common(draw)
    common["prompt"] = "".join(parts)
    return ClozeCard(type="cloze", **common)


@st.composite
def order_cards(draw: st.DrawFn, min_items: int = 2) -> OrderCard:
    items = draw(st.lists(short_texts, min_size=min_items, max_size=8, unique=True))
    return OrderCard(type="order", answer=items, **_common(draw))


cards: st.SearchStrategy[Card] = st.one_of(
    basic_cards(),
    true_false_cards(),
    choice_cards(),
    multi_cards(),
    typed_cards(),
    number_cards(),
    cloze_cards(),
    order_cards(),
)
"""A card of any type."""


def exact_response(card: Card) -> Response:
    """The response a learner who knows the answer gives, in the shape the card expects."""
    if isinstance(card, BasicCard):
        return True
    if isinstance(card, TrueFalseCard):
        return card.answer
    if isinstance(card, MultiCard | OrderCard):
        return list(card.answer)
    if isinstance(card, NumberCard):
        return format_number(card.answer)
    if isinstance(card, ClozeCard):
        return [alternatives[0] for alternatives in card.blanks]
    return card.answer


any_responses: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=40),
    st.lists(st.text(max_size=20), max_size=10),
    st.tuples(st.text(max_size=10)),
    st.integers(),
    st.floats(),
    st.lists(st.one_of(st.integers(), st.none(), st.text(max_size=5)), max_size=5),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)
"""Responses of every shape, including shapes no interface should send."""


@st.composite
def single_edits(draw: st.DrawFn, text: str, alphabet: str) -> str:
    """`text` after one insertion, deletion, substitution or adjacent transposition, using
    characters from `alphabet` only."""
    kinds = ["insert", "substitute"] if text else ["insert"]
    if len(text) >= 1:
        kinds.append("delete")
    if len(text) >= 2:
        kinds.append("transpose")
    kind = draw(st.sampled_from(kinds))
    char = draw(st.sampled_from(alphabet))
    if kind == "insert":
        at = draw(st.integers(0, len(text)))
        return text[:at] + char + text[at:]
    at = draw(st.integers(0, len(text) - 1))
    if kind == "delete":
        return text[:at] + text[at + 1 :]
    if kind == "substitute":
        return text[:at] + char + text[at + 1 :]
    at = min(at, len(text) - 2)
    return text[:at] + text[at + 1] + text[at] + text[at + 2 :]


@st.composite
def plausible_responses(draw: st.DrawFn, card: Card) -> Response:
    """Responses an interface could really send for this card: picks among its options, its
    items in any order, near misses of its answers, or nothing."""
    if draw(st.integers(0, 9)) == 0:
        return None
    if isinstance(card, BasicCard | TrueFalseCard):
        return draw(st.booleans())
    if isinstance(card, ChoiceCard):
        return draw(st.sampled_from(card.options))
    if isinstance(card, MultiCard):
        return draw(st.lists(st.sampled_from(card.options), max_size=len(card.options) + 2))
    if isinstance(card, OrderCard):
        return draw(st.permutations(card.answer))
    if isinstance(card, NumberCard):
        return draw(
            st.one_of(
                st.just(format_number(card.answer)),
                st.floats(allow_nan=False, allow_infinity=False).map(format_number),
                st.text(max_size=12),
            )
        )
    if isinstance(card, ClozeCard):
        texts = [
            draw(st.one_of(st.sampled_from(alts), st.text(max_size=12))) for alts in card.blanks
        ]
        return texts[: draw(st.integers(0, len(texts)))] if draw(st.booleans()) else texts
    candidates = [card.answer, *card.accept]
    base = draw(st.sampled_from(candidates))
    return draw(st.one_of(st.just(base), single_edits(base, string.ascii_letters), st.text()))
