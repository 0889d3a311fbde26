"""`sahel-quiz play --plain`: a quiz on standard input and output."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from sahel_quiz.cards import expected_text
from sahel_quiz.engine.quiz import QuizSession
from sahel_quiz.engine.review import unsaved_notice
from sahel_quiz.plain.answers import EndOfInput, ask_response
from sahel_quiz.plain.console import Console
from sahel_quiz.plain.render import card_lines, grade_lines, reveal_lines
from sahel_quiz.scoring import format_score

__all__ = ["run_quiz"]


def run_quiz(
    session: QuizSession,
    console: Console,
    clock: Callable[[], datetime],
    time_limit: float | None = None,
) -> None:
    """Ask every question; end of input stops early. The result is saved either way."""
    deck = session.loaded.deck
    count = len(session.questions)
    console.say(f"{deck.title} — {count} question{'' if count == 1 else 's'}")
    unsaved = session.unsaved
    try:
        while (question := session.current) is not None:
            card = question.card
            console.say()
            points = f" · {format_score(card.points)} points" if card.points != 1 else ""
            console.say(f"Question {question.number}/{question.total}{points}")
            for line in card_lines(question.shown):
                console.say(line)
            began = time.monotonic()
            response = ask_response(console, question.shown, expected_text(card))
            seconds = time.monotonic() - began
            if time_limit is not None and seconds > time_limit:
                console.say(f"Time's up ({format_score(time_limit)} s): no points.")
                response = None
            answered = session.answer(response, now=clock(), duration_ms=round(seconds * 1000))
            if session.unsaved > unsaved:
                unsaved = session.unsaved
                console.say(unsaved_notice())
            for line in grade_lines(card, answered.grade):
                console.say(line)
            for line in reveal_lines(card, session.loaded):
                console.say(line)
    except EndOfInput:
        console.say("End of input: the quiz stops here.")
    except (KeyboardInterrupt, BrokenPipeError):
        session.finish(now=clock())  # the result of the cards answered, then stop as asked
        raise
    summary = session.finish(now=clock())
    console.say()
    console.say(f"Score: {format_score(summary.total.score)}/{format_score(summary.total.maximum)}")
