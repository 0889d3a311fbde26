"""Quizlet's text export: `term<TAB>definition`, one card a line (or a comma between them).

Quizlet keeps only a term and a definition, so every card becomes a flashcard: the prompt as
shown to a learner (a cloze with its blanks as `_____`) and its right answer as text. Order
cards have no single answer to show and are left out. A definition with line breaks is written
as Quizlet writes one, over several lines; reading, a line without a separator continues the
previous definition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sahel_quiz.i18n import N_, _
from sahel_quiz.interchange.answers import answer_text
from sahel_quiz.interchange.common import card_subject, drop_unsupported, one_line
from sahel_quiz.interchange.drafts import Draft, Imported
from sahel_quiz.interchange.inputs import At, InputFile
from sahel_quiz.interchange.report import Report

if TYPE_CHECKING:
    from sahel_quiz.deck.model import LoadedDeck

__all__ = ["export_deck", "read"]

_LABEL = "Quizlet"
_SKIPPED = {"order": N_("Quizlet has no ordering question")}
"""The card types Quizlet cannot hold, and why; every other one is a term and a definition."""


def export_deck(loaded: LoadedDeck, report: Report) -> bytes:
    language = loaded.deck.language
    lines = []
    for card in loaded.deck.cards:
        if card.type in _SKIPPED:
            report.skip(card_subject(card), _(_SKIPPED[card.type]))
            continue
        fields = ("options", "explain", "quote", "group", "tags", "points", "reject")
        drop_unsupported(card, fields, _LABEL, report)
        definition = "\n".join(
            one_line(line) for line in answer_text(card, language).split("\n") if line.strip()
        )
        lines.append(f"{one_line(card.shown_prompt)}\t{definition}\n")
    return "".join(lines).encode("utf-8")


def read(source: InputFile, report: Report) -> Imported:
    text = source.text()
    lines = text.split("\n")
    separator = "\t" if "\t" in text else ","
    imported = Imported()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        at = At(line=number)
        term, found, definition = line.partition(separator)
        if not found:
            if not imported.drafts:
                raise source.error(_("no tab or comma between the term and its definition"), at)
            previous = imported.drafts[-1].fields
            previous["answer"] = f"{previous['answer']}\n{line.strip()}"
            continue
        term, definition = term.strip(), definition.strip()
        if not term:
            raise source.error(_("empty question (the term before the separator)"), at)
        if not definition:
            raise source.error(_("empty answer (the definition after the separator)"), at)
        imported.drafts.append(Draft(at, {"type": "basic", "prompt": term, "answer": definition}))
    return imported
