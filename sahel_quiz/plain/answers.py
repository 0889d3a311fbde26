"""Asking for an answer in line mode until it can be read, whatever the card type."""

from __future__ import annotations

import time

from sahel_quiz.cards import ShownCard
from sahel_quiz.grading import Response
from sahel_quiz.i18n import _, format_number
from sahel_quiz.plain.console import Console

__all__ = ["EndOfInput", "ask_response", "ask_timed"]


class EndOfInput(Exception):
    """The learner closed the input: stop, keeping what was answered."""


def _line(console: Console, prompt: str) -> str:
    line = console.ask(prompt)
    if line is None:
        raise EndOfInput
    return line


def ask_response(console: Console, shown: ShownCard, answer: str) -> Response:
    """A response the grader understands; unreadable input is asked again with a hint.

    Cloze cards take one line per blank. A self-graded card is revealed on Enter, then the
    learner says whether they knew it. `answer` is the text shown when it is revealed.
    """
    if shown.blanks:
        return [
            _line(
                console, _("Blank {number} of {count}> ").format(number=n, count=shown.blanks)
            ).strip()
            for n in range(1, shown.blanks + 1)
        ]
    if shown.self_graded:
        _line(console, f"({shown.typing_hint})> ")
        console.say(_("Answer: {answer}").format(answer=answer))
        prompt = _("Did you know it? (y/n)> ")
    else:
        prompt = f"({shown.typing_hint})> "
    while True:
        text = _line(console, prompt)
        try:
            return shown.read(text)
        except ValueError as error:
            console.say(f"  {error}")


def ask_timed(
    console: Console, shown: ShownCard, answer: str, time_limit: float | None, times_up: str
) -> tuple[Response, float]:
    """`ask_response`, timed: the response and the seconds it took. A response given after
    `time_limit` seconds counts as no answer (None), and `times_up` (a message with
    `{seconds}`) says so."""
    began = time.monotonic()
    response = ask_response(console, shown, answer)
    seconds = time.monotonic() - began
    if time_limit is not None and seconds > time_limit:
        console.say(times_up.format(seconds=format_number(time_limit)))
        response = None
    return response, seconds
