"""`sahel-quiz play --plain`: a quiz on standard input and output."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sahel_quiz.cards import expected_text
from sahel_quiz.engine.quiz import QuizSession
from sahel_quiz.engine.review import unsaved_notice
from sahel_quiz.i18n import _, ngettext, out_of
from sahel_quiz.plain.answers import EndOfInput, ask_timed
from sahel_quiz.plain.console import Console
from sahel_quiz.plain.render import card_lines, grade_lines, reveal_lines

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
    console.say(
        ngettext("{title} — {count} question", "{title} — {count} questions", count).format(
            title=deck.title, count=count
        )
    )
    unsaved = session.unsaved
    try:
        while (question := session.current) is not None:
            card = question.card
            console.say()
            console.say(question.heading)
            for line in card_lines(question.shown):
                console.say(line)
            response, seconds = ask_timed(
                console,
                question.shown,
                expected_text(card),
                time_limit,
                _("Time’s up ({seconds} s): no points."),
            )
            answered = session.answer(response, now=clock(), duration_ms=round(seconds * 1000))
            if session.unsaved > unsaved:
                unsaved = session.unsaved
                console.say(unsaved_notice())
            for line in grade_lines(card, question.shown, answered.response, answered.grade):
                console.say(line)
            for line in reveal_lines(card, session.loaded):
                console.say(line)
    except EndOfInput:
        console.say(_("End of input: the quiz stops here."))
    except (KeyboardInterrupt, BrokenPipeError):
        session.finish(now=clock())  # the result of the cards answered, then stop as asked
        raise
    summary = session.finish(now=clock())
    console.say()
    total = summary.total
    console.say(_("Score: {score}").format(score=out_of(total.score, total.maximum)))
