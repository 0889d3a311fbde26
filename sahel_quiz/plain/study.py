"""`sahel-quiz study --plain`: the FSRS study session on standard input and output."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sahel_quiz.cards import expected_text
from sahel_quiz.engine.review import unsaved_notice
from sahel_quiz.engine.study import StudySession
from sahel_quiz.i18n import N_, _, format_moment, format_number, ngettext
from sahel_quiz.plain.answers import EndOfInput, ask_timed
from sahel_quiz.plain.console import Console
from sahel_quiz.plain.render import card_lines, grade_lines, reveal_lines
from sahel_quiz.scoring import Rating

__all__ = ["describe_due", "run_study"]


def describe_due(due: datetime | None, now: datetime) -> str:
    """ "Nothing is due now" with when the next card is, in the learner's local time."""
    if due is None:
        return _("Nothing is due: every card is studied for today.")
    minutes = max(1, round((due - now).total_seconds() / 60))
    if minutes >= 48 * 60:
        days = round(minutes / 1440)
        wait = ngettext("{count} day", "{count} days", days).format(count=days)
    elif minutes >= 120:
        wait = _("{hours} h").format(hours=format_number(minutes / 60, 1))
    else:
        wait = _("{minutes} min").format(minutes=minutes)
    return _("Nothing is due now. The next card is due in {wait} ({when}).").format(
        wait=wait, when=format_moment(due, now)
    )


def _reviewed(count: int) -> str:
    return ngettext("Reviewed {count} card.", "Reviewed {count} cards.", count).format(count=count)


RATING_NAMES = {
    Rating.AGAIN: N_("Again"),
    Rating.HARD: N_("Hard"),
    Rating.GOOD: N_("Good"),
    Rating.EASY: N_("Easy"),
}
"""The four self-ratings as learners read them (the names of FSRS and Anki)."""


def _ask_rating(console: Console, intervals: dict[Rating, str], suggested: Rating | None) -> str:
    choices = "  ".join(f"{r.value}) {_(RATING_NAMES[r])} {intervals[r]}" for r in Rating)
    default = " " + _("[Enter = {key}]").format(key=suggested.value) if suggested else ""
    while True:
        line = console.ask(f"{choices}  " + _("u) undo") + f"{default}> ")
        if line is None:
            raise EndOfInput
        text = line.strip().lower()
        if not text and suggested:
            return str(suggested.value)
        if text in {"1", "2", "3", "4", "u"}:
            return text
        console.say(
            "  "
            + _("type 1, 2, 3 or 4 ({names}), or u to undo").format(
                names=", ".join(_(RATING_NAMES[r]) for r in Rating)
            )
        )


def run_study(
    session: StudySession,
    console: Console,
    clock: Callable[[], datetime],
    time_limit: float | None = None,
) -> None:
    """Study until nothing is due now, the session's limit is reached or the input ends; every
    rating is saved at once. An answer given after `time_limit` seconds counts as none."""
    console.say(_("{title} — study").format(title=session.loaded.deck.title))
    try:
        while (item := session.current(clock())) is not None:
            counts = session.counts
            card = item.card
            console.say()
            more = "+" if counts.capped else ""
            console.say(
                _("New {new} · Learning {learning} · Review {review}").format(
                    new=counts.new,
                    learning=f"{counts.learning}{more}",
                    review=f"{counts.review}{more}",
                )
            )
            if item.changed:
                console.say(_("(this card changed since your last review)"))
            for line in card_lines(item.shown):
                console.say(line)
            response, seconds = ask_timed(
                console,
                item.shown,
                expected_text(card),
                time_limit,
                _("Time’s up ({seconds} s): counted as no answer."),
            )
            if not item.shown.self_graded:
                checked = session.check(response)
                suggested = checked.suggested
                assert checked.grade is not None
                for line in grade_lines(card, item.shown, response, checked.grade):
                    console.say(line)
            else:
                suggested = session.reveal(bool(response))
            for line in reveal_lines(card, session.loaded):
                console.say(line)
            choice = _ask_rating(console, item.intervals, suggested)
            if choice == "u":
                console.say(session.undo().message)
                continue
            unsaved = session.unsaved
            session.rate(Rating(int(choice)), now=clock(), duration_ms=round(seconds * 1000))
            if session.unsaved > unsaved:
                console.say(unsaved_notice())
    except EndOfInput:
        console.say(_("End of input: study stops here."))
        console.say(_reviewed(session.reviewed))
        return
    now = clock()
    console.say()
    console.say(_reviewed(session.reviewed))
    if session.limit_reached:
        console.say(session.limit_note())
    else:
        console.say(describe_due(session.next_due(now), now))
