"""How cards, grades and intervals read as plain text, shared by every line-mode command."""

from __future__ import annotations

from sahel_quiz.cards import ShownCard, expected_text, spelling_marks, spelling_text
from sahel_quiz.deck.model import Card, LoadedDeck
from sahel_quiz.grading import Grade, marked_runs
from sahel_quiz.i18n import N_, _, ngettext, out_of, plural_n, quoted

__all__ = ["card_lines", "grade_lines", "reveal_lines"]

_VERDICTS = {"right": N_("✓ Right"), "partly": N_("~ Partly right"), "wrong": N_("✗ Wrong")}


def card_lines(shown: ShownCard) -> list[str]:
    """The prompt, and the options or items numbered `1)`, `2)`, … in their shown order."""
    lines = [shown.prompt + (f" ({shown.unit})" if shown.unit else "")]
    lines += [f"  {number}) {text}" for number, text in enumerate(shown.choices, start=1)]
    return lines


def grade_lines(card: Card, result: Grade) -> list[str]:
    """The verdict with the points earned, the expected answer and an accepted near miss (its
    spelling only when it differs from the answer; the letters got wrong in brackets)."""
    points = card.points
    earned = ngettext(
        "{verdict} ({score} point)", "{verdict} ({score} points)", plural_n(points)
    ).format(verdict=_(_VERDICTS[result.verdict]), score=out_of(result.credit * points, points))
    lines = [earned]
    expected = expected_text(card)
    spelling = spelling_text(card, result)
    marks = spelling_marks(card, result)
    if spelling == expected:  # the near miss was of the answer itself: mark it there
        lines.append(_("Answer: {answer}").format(answer=bracketed(expected, marks)))
    else:
        lines.append(_("Answer: {answer}").format(answer=expected))
        if spelling:
            lines.append(_("Spelling: {spelling}").format(spelling=bracketed(spelling, marks)))
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
        lines.append(_("Why: {explanation}").format(explanation=card.explain))
    if card.quote:
        line = _("Source ({article}): {quote}") if loaded.source_name else _("Source: {quote}")
        lines.append(line.format(article=loaded.source_name, quote=quoted(card.quote)))
    return lines
