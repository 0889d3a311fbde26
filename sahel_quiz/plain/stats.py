"""`sahel-quiz stats` as text: one block per deck."""

from __future__ import annotations

from sahel_quiz.engine.stats import StatsReport
from sahel_quiz.plain.console import Console

__all__ = ["print_stats"]


def print_stats(report: StatsReport, console: Console) -> None:
    console.say(f"Profile: {report.profile}")
    for deck in report.decks:
        p = deck.progress
        retention = "—" if p.retention is None else f"{p.retention:.0%}"
        next_due = p.next_due.astimezone().strftime("%Y-%m-%d %H:%M") if p.next_due else "—"
        console.say()
        console.say(f"{deck.title} [{deck.deck_id}] — {deck.cards} cards")
        console.say(f"  new {deck.new} · learning {p.learning + p.relearning} · review {p.review}")
        console.say(f"  due now {p.due_now} · due in the next 7 days {p.due_next_7_days}")
        console.say(f"  reviews done {p.reviews_done} · true retention {retention}")
        console.say(f"  next due {next_due}")
        if deck.changed:
            console.say(f"  {deck.changed} cards changed since their last review")
    for orphan in report.orphans:
        console.say()
        shown = ", ".join(orphan.card_ids[:5]) + (", …" if len(orphan.card_ids) > 5 else "")
        console.say(
            f"No longer in any deck: {orphan.deck_id}: {len(orphan.card_ids)} cards with "
            f"progress kept ({shown})"
        )
