"""The questions of a classroom game, and what of each may leave the server, and when.

A card holds its answer; a player's phone must not see it before the reveal. So everything
sent with an open question comes from the question's `shown` card (`sahel_quiz.cards`), which
holds the prompt and the choices in their shown order but never the answer, and everything that
tells the answer (`correct_value`, `answer_text`, `accepted_texts`) is kept apart for the
reveal. Responses arrive as option and item *indices* into what was shown, never as free text
to match, which keeps a shuffled order the same for every student and makes a malformed
response easy to refuse.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from sahel_quiz.cards import (
    ResponseError,
    ShownCard,
    WireValue,
    accepted_texts,
    answer_steps,
    correct_on_wire,
    expected_text,
    is_playable,
    present,
    response_text,
)
from sahel_quiz.deck.model import Card
from sahel_quiz.deck.selection import spread_groups
from sahel_quiz.engine.classroom.errors import GameError
from sahel_quiz.engine.review import clip_response
from sahel_quiz.grading import Response
from sahel_quiz.i18n import _

__all__ = ["GameQuestion", "build_questions"]


@dataclass(frozen=True)
class GameQuestion:
    """One card as played in one game: the shown order of its options or items is fixed."""

    index: int
    card: Card
    shown: ShownCard

    @property
    def card_type(self) -> str:
        return self.card.type

    @property
    def prompt(self) -> str:
        return self.shown.prompt

    @property
    def points(self) -> float:
        return self.card.points

    def to_response(self, value: WireValue) -> Response:
        """The response a client's message stands for; `bad_answer` when it has the wrong
        shape for this question. Its texts are cut and cleaned as every response is."""
        try:
            return clip_response(self.shown.from_wire(value))
        except ResponseError as problem:
            raise GameError(
                "bad_answer",
                _("This answer does not fit the question: {problem}.").format(problem=problem),
                hint=str(problem),
            ) from None

    # -- the reveal: only ever sent once the question is closed ------------------------------

    def correct_value(self) -> WireValue:
        """The response that earns full credit, in the shape of a client's response."""
        return correct_on_wire(self.card, self.shown)

    def answer_text(self) -> str:
        return expected_text(self.card)

    def answer_steps(self) -> list[str] | None:
        return answer_steps(self.card)

    def accepted_texts(self) -> list[str]:
        return accepted_texts(self.card)

    def response_text(self, response: Response) -> str | None:
        return response_text(self.card, response)

    def option_counts(self, responses: Sequence[Response]) -> list[int] | None:
        """How many players picked each option (true/false: [true, false])."""
        return self.shown.tally(responses)


def build_questions(
    cards: Sequence[Card], *, seed: int | None, limit: int | None = None
) -> list[GameQuestion]:
    """The game's questions: playable cards in a seeded random order (cards of one group never
    follow each other), each shown the same way to every player (`sahel_quiz.cards.present`:
    options shuffled once, order items never in an order worth more than half the credit)."""
    rng = random.Random(seed)
    playable = [card for card in cards if is_playable(card)]
    rng.shuffle(playable)
    if limit is not None:
        playable = playable[: max(limit, 0)]
    playable = spread_groups(playable)
    return [GameQuestion(index, card, present(card, rng)) for index, card in enumerate(playable)]
