"""Cloze blanks: each graded like a typed answer, and blanks next to each other also together.

README, "Cloze cards": blanks with nothing but spaces between them in the prompt form a run;
when the words typed in a run's blanks, taken in order, can be shared out among its blanks so
that each share is right, every blank of the run is right. The search tries, for each blank
in turn, only the share lengths its alternatives could match (an alternative's words, or one
more for a leading article), so it takes time proportional to the words typed.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass

from sahel_quiz.deck.model import BLANK_PATTERN, ClozeCard
from sahel_quiz.grading.near_miss import Match, find_match, text_key
from sahel_quiz.grading.normalize import normalize
from sahel_quiz.grading.spelling import corrected_letters

__all__ = ["BlankOutcome", "grade_blanks"]


@dataclass(frozen=True, slots=True)
class BlankOutcome:
    """How one blank was graded: right or not, the spelling to show, the letters corrected."""

    right: bool
    spelling: str
    """The alternative it counted as, or the first alternative when it is wrong."""
    forgiven: bool = False
    corrected: tuple[int, ...] = ()
    """Indices in `spelling` of the letters a forgiven near miss got wrong."""


def _runs(card: ClozeCard) -> list[list[int]]:
    """The blanks' indices, grouped where only spaces lie between two blanks."""
    gaps = BLANK_PATTERN.split(card.prompt)[2:-1:2]
    runs: list[list[int]] = [[0]]
    for index, gap in enumerate(gaps, start=1):
        if gap.strip():
            runs.append([index])
        else:
            runs[-1].append(index)
    return runs


def _outcome(typed: str, match: Match | None, first: str) -> BlankOutcome:
    if match is None:
        return BlankOutcome(False, first)
    if match.exact:
        return BlankOutcome(True, match.text)
    return BlankOutcome(True, match.text, True, corrected_letters(typed, match.text))


def _share_out(
    words: list[str],
    blanks: list[list[str]],
    language: str,
    refused: Sequence[Container[str]],
) -> list[BlankOutcome] | None:
    """One right outcome per blank for the words shared out in order, or None."""
    lengths = [
        sorted({len(text_key(alt, language).split()) + extra for alt in alts for extra in (0, 1)})
        for alts in blanks
    ]
    failed: set[tuple[int, int]] = set()

    def share(blank: int, start: int) -> list[BlankOutcome] | None:
        if blank == len(blanks):
            return [] if start == len(words) else None
        if (blank, start) in failed:
            return None
        for length in lengths[blank]:
            if start + length > len(words):
                break
            text = " ".join(words[start : start + length])
            match = find_match(text, blanks[blank], language, refused=refused)
            if match is None:
                continue
            rest = share(blank + 1, start + length)
            if rest is not None:
                return [_outcome(text, match, blanks[blank][0]), *rest]
        failed.add((blank, start))
        return None

    return share(0, 0)


def grade_blanks(
    card: ClozeCard,
    texts: Sequence[str],
    language: str,
    refused: Sequence[Container[str]] = (),
) -> list[BlankOutcome]:
    """Every blank's outcome; a blank with no text is wrong."""
    blanks = card.blanks
    typed = [texts[index] if index < len(texts) else "" for index in range(len(blanks))]
    outcomes = [
        _outcome(text, find_match(text, alts, language, refused=refused), alts[0])
        for text, alts in zip(typed, blanks, strict=True)
    ]
    for run in _runs(card):
        if len(run) < 2 or all(outcomes[index].right for index in run):
            continue
        words = " ".join(normalize(typed[index], language) for index in run).split()
        shared = _share_out(words, [blanks[index] for index in run], language, refused)
        if shared is not None:
            for index, outcome in zip(run, shared, strict=True):
                outcomes[index] = outcome
    return outcomes
