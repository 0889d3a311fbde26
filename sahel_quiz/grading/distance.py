"""Edit distance for forgiving typos: the true (unrestricted) Damerau–Levenshtein distance.

The fewest insertions, deletions, substitutions and swaps of two neighbouring characters that
turn one text into the other, each counting 1, with no restriction on editing a character
again after a swap (`ca` → `abc` is 2: swap, then insert `b` between). This is the distance
the README names; it is computed with the Lowrance–Wagner recurrence.

The grader only asks whether the distance is within a small limit, so with a `limit` only the
cells within `limit` of the diagonal are computed (any other cell is more than `limit` away,
and so is any path through it, a swap with letters deleted between included), and the
computation stops as soon as a whole row exceeds the limit: a path that ends within the limit
passes through every row at a cost no greater than its end (a swap that spans row i costs at
least the deletions down to row i). Each word is compared in time proportional to its length.
"""

from __future__ import annotations

__all__ = ["damerau_levenshtein"]


def damerau_levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """The distance between `a` and `b`; with a `limit`, any larger distance is `limit + 1`."""
    if limit is not None:
        if limit < 0:
            raise ValueError("limit must be at least 0")
        if abs(len(a) - len(b)) > limit:
            return limit + 1
    if a == b:
        return 0
    if not a or not b:
        return max(len(a), len(b))
    rows, columns = len(a), len(b)
    band = max(rows, columns) if limit is None else limit
    far = rows + columns if limit is None else limit + 1
    # d[i + 1][j + 1] is the distance between a[:i] and b[:j]; row and column 0 are sentinels.
    d = [[far] * (columns + 2) for _ in range(rows + 2)]
    for i in range(rows + 1):
        d[i + 1][1] = min(i, far)
    for j in range(columns + 1):
        d[1][j + 1] = min(j, far)
    last_row: dict[str, int] = {}  # the last row of `a` holding each character
    for i in range(1, rows + 1):
        char_a = a[i - 1]
        last_match_column = 0
        row, above = d[i + 1], d[i]
        lowest = far
        for j in range(max(1, i - band), min(columns, i + band) + 1):
            char_b = b[j - 1]
            k = last_row.get(char_b, 0)
            ell = last_match_column
            if char_a == char_b:
                cost = 0
                last_match_column = j
            else:
                cost = 1
            value = min(
                above[j] + cost,
                row[j] + 1,
                above[j + 1] + 1,
                d[k][ell] + (i - k - 1) + 1 + (j - ell - 1),
                far,
            )
            row[j + 1] = value
            lowest = min(lowest, value)
        last_row[char_a] = i
        if limit is not None and lowest > limit:
            return limit + 1
    return d[rows + 1][columns + 1]
