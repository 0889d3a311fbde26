"""Where a forgiven near miss differs from the spelling to learn, letter by letter.

The feedback marks the letters of the right spelling that the learner got wrong: a letter
replaced or missing, two letters swapped; a letter too many marks its neighbour. Only letters
and digits are compared, by what counts (case and accents don't), so "sergei lavorv" against
"Sergei Lavrov" marks the `r` and `o` of Lavrov and nothing else.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from sahel_quiz.i18n import _

__all__ = ["bracketed", "corrected_letters", "marked_runs"]

_MAX_LETTERS = 600
"""Longer texts are not aligned (the grader never forgives a near miss that long)."""


@lru_cache(maxsize=1024)
def _fold(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _letters(text: str) -> list[tuple[int, str]]:
    return [(index, _fold(char)) for index, char in enumerate(text) if char.isalnum()]


def corrected_letters(typed: str, spelling: str) -> tuple[int, ...]:
    """Indices in `spelling` of the letters that `typed` got wrong, in order."""
    a, b = _letters(typed), _letters(spelling)
    if not b or len(a) > _MAX_LETTERS or len(b) > _MAX_LETTERS:
        return ()
    rows, columns = len(a), len(b)
    # Optimal string alignment table, then one walk back along a cheapest path.
    d = [[0] * (columns + 1) for _ in range(rows + 1)]
    for i in range(rows + 1):
        d[i][0] = i
    for j in range(columns + 1):
        d[0][j] = j
    for i in range(1, rows + 1):
        for j in range(1, columns + 1):
            cost = 0 if a[i - 1][1] == b[j - 1][1] else 1
            value = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1][1] == b[j - 2][1] and a[i - 2][1] == b[j - 1][1]:
                value = min(value, d[i - 2][j - 2] + 1)
            d[i][j] = value
    marked: set[int] = set()
    i, j = rows, columns
    while i > 0 or j > 0:
        here = d[i][j]
        if i > 0 and j > 0 and here == d[i - 1][j - 1] and a[i - 1][1] == b[j - 1][1]:
            i, j = i - 1, j - 1
        elif i > 0 and j > 0 and here == d[i - 1][j - 1] + 1:
            marked.add(j - 1)  # replaced
            i, j = i - 1, j - 1
        elif (
            i > 1
            and j > 1
            and a[i - 1][1] == b[j - 2][1]
            and a[i - 2][1] == b[j - 1][1]
            and here == d[i - 2][j - 2] + 1
        ):
            marked.update((j - 1, j - 2))  # swapped
            i, j = i - 2, j - 2
        elif j > 0 and here == d[i][j - 1] + 1:
            marked.add(j - 1)  # missing
            j -= 1
        else:
            marked.add(min(j, columns - 1))  # one too many: mark the letter after it
            i -= 1
    return tuple(sorted(b[k][0] for k in marked))


def marked_runs(text: str, marked: tuple[int, ...]) -> list[tuple[str, bool]]:
    """`text` cut into runs of unmarked and marked characters, for an interface to style."""
    runs: list[tuple[str, bool]] = []
    wanted = set(marked)
    for index, char in enumerate(text):
        flag = index in wanted
        if runs and runs[-1][1] == flag:
            runs[-1] = (runs[-1][0] + char, flag)
        else:
            runs.append((char, flag))
    return runs


def bracketed(text: str, letters: tuple[int, ...]) -> str:
    """The text with the letters a near miss got wrong in brackets, and a word to say so:
    `spelling: Lav[ro]v, corrected letters in [ ]`; the text alone when nothing is marked.
    How a terminal marks them (line mode, the classroom's terminal client): not by colour."""
    if not letters:
        return text
    marked = "".join(f"[{run}]" if flag else run for run, flag in marked_runs(text, letters))
    return _("{marked}, corrected letters in [ ]").format(marked=marked)
