"""Moodle's Aiken format: multiple-choice questions with one right answer, and nothing else.

    Which city will the ministers visit?
    A) Moscow
    B) Paris
    ANSWER: A

The question is one line, each option a letter, `)` or `.` and its text, then `ANSWER:` and
the right letter. Choice cards and true/false cards (as the options True and False) are
written; every other card is listed as skipped. On import, a question whose two options are
True and False becomes a true/false card.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from sahel_quiz.i18n import _, literal
from sahel_quiz.interchange.answers import option_question
from sahel_quiz.interchange.common import card_subject, drop_unsupported, one_line
from sahel_quiz.interchange.drafts import Draft, Imported, true_false_answer
from sahel_quiz.interchange.inputs import At, InputFile
from sahel_quiz.interchange.report import Report

if TYPE_CHECKING:
    from sahel_quiz.deck.model import LoadedDeck

__all__ = ["export_deck", "read"]

_LABEL: Final = "Aiken"
_OPTION: Final = re.compile(r"^([A-Z])[).][ \t]?(.*)$")
_ANSWER: Final = re.compile(r"^ANSWER:\s*(\S?)", re.IGNORECASE)


def export_deck(loaded: LoadedDeck, report: Report) -> bytes:
    blocks = []
    for card in loaded.deck.cards:
        question = option_question(card, loaded.deck.language)
        if question is None or not question.one_right:
            report.skip(
                card_subject(card),
                _("Aiken holds only multiple-choice questions with one right answer"),
            )
            continue
        prompt = one_line(card.prompt)
        if _OPTION.match(prompt) or _ANSWER.match(prompt):
            report.skip(
                card_subject(card),
                _("its question starts like an Aiken option or answer line"),
            )
            continue
        drop_unsupported(card, ("explain", "quote", "group", "tags", "points"), _LABEL, report)
        lines = [prompt]
        lines += [
            f"{letter}) {one_line(option)}"
            for letter, option in zip(string.ascii_uppercase, question.options, strict=False)
        ]
        lines.append(f"ANSWER: {string.ascii_uppercase[question.right[0]]}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks).encode("utf-8")


@dataclass
class _Question:
    line: int
    text: str
    options: dict[str, str] = field(default_factory=dict)


def read(source: InputFile, report: Report) -> Imported:
    imported = Imported()
    question: _Question | None = None
    for number, raw in enumerate(source.text().split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        at = At(line=number)
        option = _OPTION.match(line)
        answer = _ANSWER.match(line)
        if answer is not None:
            if question is None:
                raise source.error(_("an ANSWER: line before any question"), at)
            imported.drafts.append(_draft(question, answer.group(1).upper(), source, at))
            question = None
        elif option is not None:
            if question is None:
                raise source.error(_("an option before any question"), at)
            letter, text = option.group(1), option.group(2).strip()
            if letter in question.options:
                raise source.error(_("option {letter} appears twice").format(letter=letter), at)
            if not text:
                raise source.error(_("option {letter} is empty").format(letter=letter), at)
            question.options[letter] = text
        elif question is not None and question.options:
            raise source.error(
                _("the question at line {line} has no ANSWER: line").format(line=question.line),
                At(line=question.line),
            )
        elif question is not None:
            question.text += "\n" + line  # a question written over several lines
        else:
            question = _Question(number, line)
    if question is not None:
        raise source.error(
            _("the question at line {line} has no ANSWER: line").format(line=question.line),
            At(line=question.line),
        )
    return imported


def _draft(question: _Question, letter: str, source: InputFile, at: At) -> Draft:
    if len(question.options) < 2:
        raise source.error(_("a question needs at least two options"), At(line=question.line))
    if letter not in question.options:
        raise source.error(
            _("ANSWER: {letter} is not one of the options {letters}").format(
                letter=literal(letter), letters=", ".join(question.options)
            ),
            at,
        )
    options = list(question.options.values())
    right = question.options[letter]
    true_false = true_false_answer(options, right)
    where = At(line=question.line)
    if true_false is not None:
        return Draft(where, {"type": "true_false", "prompt": question.text, "answer": true_false})
    return Draft(
        where, {"type": "choice", "prompt": question.text, "options": options, "answer": right}
    )
