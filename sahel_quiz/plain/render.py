"""How cards, grades and intervals read as plain text, shared by every line-mode command."""

from __future__ import annotations

from sahel_quiz.cards import ShownCard, expected_text, spelling_marks, spelling_text
from sahel_quiz.deck.model import Card, LoadedDeck
from sahel_quiz.grading import Grade, marked_runs
from sahel_quiz.i18n import _
from sahel_quiz.scoring import format_score

__all__ = ["card_lines", "grade_lines", "reveal_lines"]

_VERDICTS = {"right": "✓ Right", "partly": "~ Partly right", "wrong": "✗ Wrong"}


def card_lines(shown: ShownCard) -> list[str]:
    """The prompt, and the options or items numbered `1)`, `2)`, … in their shown order."""
    lines = [shown.prompt + (f" ({shown.unit})" if shown.unit else "")]
    lines += [f"  {number}) {text}" for number, text in enumerate(shown.choices, start=1)]
    return lines


def grade_lines(card: Card, result: Grade) -> list[str]:
    """The verdict with the points earned, the expected answer and an accepted near miss (its
    spelling only when it differs from the answer; the letters got wrong in brackets)."""
    verdict = _VERDICTS[result.verdict]
    points = card.points
    earned = format_score(result.credit * points)
    lines = [f"{verdict} ({earned}/{format_score(points)})"]
    expected = expected_text(card)
    spelling = spelling_text(card, result)
    marks = spelling_marks(card, result)
    if spelling == expected:  # the near miss was of the answer itself: mark it there
        lines.append(f"Answer: {bracketed(expected, marks)}")
    else:
        lines.append(f"Answer: {expected}")
        if spelling:
            lines.append(f"Spelling: {bracketed(spelling, marks)}")
    if result.wrong_unit:
        note = _("this card asks in {asked}, not {typed}").format(
            asked=result.wrong_unit.asked, typed=result.wrong_unit.typed
        )
        lines.append(_("Unit: {note}").format(note=note))
    return lines


def bracketed(text: str, marks: tuple[int, ...]) -> str:
    """The spelling with the letters a near miss got wrong in brackets, and a word to say so:
    `Lav[ro]v (corrected letters in [ ])`; the text alone when nothing is marked."""
    if not marks:
        return text
    marked = "".join(f"[{run}]" if flag else run for run, flag in marked_runs(text, marks))
    return _("{marked} (corrected letters in [ ])").format(marked=marked)


def reveal_lines(card: Card, loaded: LoadedDeck) -> list[str]:
    """The explanation and the quote from the source article, with the article named."""
    lines = []
    if card.explain:
        lines.append(f"Why: {card.explain}")
    if card.quote:
        source = f" ({loaded.source_name})" if loaded.source_name else ""
        lines.append(f"Source{source}: “{card.quote}”")
    return lines
