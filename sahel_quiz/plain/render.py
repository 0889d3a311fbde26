"""How cards, grades and intervals read as plain text, shared by every line-mode command."""

from __future__ import annotations

from collections.abc import Sequence

from sahel_quiz.deck.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    LoadedDeck,
    MultiCard,
    NumberCard,
    OrderCard,
    TrueFalseCard,
)
from sahel_quiz.grading import Grade, marked_runs
from sahel_quiz.i18n import _
from sahel_quiz.scoring import format_score

__all__ = ["answer_hint", "card_lines", "grade_lines", "reveal_lines"]

_VERDICTS = {"right": "✓ Right", "partly right": "~ Partly right", "wrong": "✗ Wrong"}


def card_lines(card: Card, choices: Sequence[str]) -> list[str]:
    """The prompt, and the options or items numbered `1)`, `2)`, … in their shown order."""
    lines = [card.shown_prompt]
    if isinstance(card, NumberCard) and card.unit:
        lines[0] += f" ({card.unit})"
    lines += [f"  {number}) {text}" for number, text in enumerate(choices, start=1)]
    return lines


def answer_hint(card: Card) -> str:
    """What to type, shown with the input prompt."""
    if isinstance(card, ChoiceCard):
        return "number"
    if isinstance(card, MultiCard):
        return "numbers, e.g. 1,3"
    if isinstance(card, OrderCard):
        return "numbers in the right order, e.g. 2,1,3"
    if isinstance(card, TrueFalseCard):
        return "t/f"
    if isinstance(card, NumberCard):
        return "a number"
    if isinstance(card, BasicCard):
        return "Enter to reveal"
    return "your answer"


def grade_lines(result: Grade, points: float) -> list[str]:
    """The verdict with the points earned, the expected answer and an accepted near miss (its
    spelling only when it differs from the answer; the letters got wrong in brackets)."""
    verdict = _VERDICTS[result.verdict]
    earned = format_score(result.credit * points)
    lines = [f"{verdict} ({earned}/{format_score(points)})"]
    if result.accepted_as == result.expected:
        lines.append(f"Answer: {bracketed(result.expected, result.corrected)}")
    else:
        lines.append(f"Answer: {result.expected}")
        if result.accepted_as:
            lines.append(f"Spelling: {bracketed(result.accepted_as, result.corrected)}")
    if result.wrong_unit:
        note = _("this card asks in {asked}, not {typed}").format(
            asked=result.wrong_unit.asked, typed=result.wrong_unit.typed
        )
        lines.append(_("Unit: {note}").format(note=note))
    return lines


def bracketed(text: str, corrected: tuple[int, ...]) -> str:
    """The spelling with the letters a near miss got wrong in brackets, and a word to say so:
    `Lav[ro]v (corrected letters in [ ])`; the text alone when nothing is marked."""
    if not corrected:
        return text
    marked = "".join(f"[{run}]" if flag else run for run, flag in marked_runs(text, corrected))
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


def blank_count(card: Card) -> int:
    return len(card.blanks) if isinstance(card, ClozeCard) else 0
