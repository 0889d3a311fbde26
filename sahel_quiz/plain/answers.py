"""Asking for an answer in line mode until it can be read, whatever the card type."""

from __future__ import annotations

from collections.abc import Sequence

from sahel_quiz.deck.model import BasicCard, Card, ClozeCard
from sahel_quiz.grading import Response, parse_response
from sahel_quiz.plain.console import Console
from sahel_quiz.plain.render import answer_hint

__all__ = ["EndOfInput", "ask_response"]


class EndOfInput(Exception):
    """The learner closed the input: stop, keeping what was answered."""


def _line(console: Console, prompt: str) -> str:
    line = console.ask(prompt)
    if line is None:
        raise EndOfInput
    return line


def ask_response(console: Console, card: Card, choices: Sequence[str], answer: str) -> Response:
    """A response the grader understands; unreadable input is asked again with a hint.

    Cloze cards take one line per blank. A basic card is revealed on Enter, then the learner
    says whether they knew it. `answer` is the text shown when a basic card is revealed.
    """
    if isinstance(card, ClozeCard):
        return [
            _line(console, f"Blank {n}/{len(card.blanks)}> ").strip()
            for n in range(1, len(card.blanks) + 1)
        ]
    if isinstance(card, BasicCard):
        _line(console, "(Enter to reveal)> ")
        console.say(f"Answer: {answer}")
        prompt = "Did you know it? (y/n)> "
    else:
        prompt = f"({answer_hint(card)})> "
    while True:
        text = _line(console, prompt)
        try:
            return parse_response(card, text, choices or None)
        except ValueError as error:
            console.say(f"  {error}")
