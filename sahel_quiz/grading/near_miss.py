"""Which typed text a response counts as: exactly, or as a forgiven near miss.

The rules are the README's ("How answers are graded", rules 4 to 7), in its order:

- a response whose normal form is that of a candidate (the answer, an accepted text, a blank's
  alternative) is right;
- otherwise a near miss is forgiven word by word: as many words as the candidate; each word
  within the allowance of its length (under 5 characters exact, 5–9: 1 edit, 10 or more: 2, by
  the Damerau–Levenshtein distance); a word with a digit exact; each word's first letter right;
- but never when the response is itself a text the deck knows (`refused`: the deck's
  vocabulary, the card's `reject:` list);
- among forgiven candidates, the fewest edits win, the earliest on a tie.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass

from sahel_quiz.grading.distance import damerau_levenshtein
from sahel_quiz.grading.normalize import normalize

__all__ = ["Match", "allowed_typos", "find_match", "forgiven_edits", "text_key"]


@dataclass(frozen=True, slots=True)
class Match:
    """The candidate a response counts as, and the edits forgiven (0: an exact match)."""

    text: str
    edits: int

    @property
    def exact(self) -> bool:
        return self.edits == 0


def allowed_typos(expected_length: int) -> int:
    """Edits forgiven in an expected word of this normalised length (0, 1 or 2)."""
    if expected_length >= 10:
        return 2
    if expected_length >= 5:
        return 1
    return 0


def text_key(text: str, language: str) -> str:
    """The normal form, or for a text made only of punctuation ("?") a folded one."""
    return normalize(text, language) or " ".join(text.casefold().split())


def _has_digit(word: str) -> bool:
    return any(char.isdigit() for char in word)


def forgiven_edits(typed_key: str, expected_key: str) -> int | None:
    """The edits of a near miss that is forgiven, word by word, or None when it is not."""
    typed_words = typed_key.split(" ")
    expected_words = expected_key.split(" ")
    if len(typed_words) != len(expected_words):
        return None
    total = 0
    for typed, expected in zip(typed_words, expected_words, strict=True):
        if typed == expected:
            continue
        limit = allowed_typos(len(expected))
        if limit == 0 or not typed or typed[0] != expected[0]:
            return None
        if _has_digit(typed) or _has_digit(expected):
            return None
        edits = damerau_levenshtein(typed, expected, limit)
        if edits > limit:
            return None
        total += edits
    return total


def find_match(
    response: str,
    candidates: Sequence[str],
    language: str = "en",
    *,
    fuzzy: bool = True,
    refused: Sequence[Container[str]] = (),
) -> Match | None:
    """The candidate a typed response counts as, or None.

    `refused` holds sets of normal forms that are never forgiven as near misses (they may
    still be exact matches of a candidate).
    """
    response_key = text_key(response, language)
    keys = [text_key(candidate, language) for candidate in candidates]
    for candidate, key in zip(candidates, keys, strict=True):
        if key == response_key:
            return Match(candidate, 0)
    if not fuzzy or not response_key or any(response_key in known for known in refused):
        return None
    best: Match | None = None
    for candidate, key in zip(candidates, keys, strict=True):
        edits = forgiven_edits(response_key, key)
        if edits is not None and (best is None or edits < best.edits):
            best = Match(candidate, edits)
    return best
