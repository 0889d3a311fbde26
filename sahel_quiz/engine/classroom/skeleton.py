"""The confusable skeleton of Unicode Technical Standard #39, section 4, from Unicode's own data.

Two strings that look alike on a screen ("Awa" in Latin letters, in Cyrillic letters, in
fullwidth letters) have the same skeleton: skeleton(X) = NFD(each character of NFD(X) replaced
by its prototype from confusables.txt). The table is Unicode's `confusables.txt`, shipped
unchanged beside this module (its header says which Unicode version; replace the file to update).

We implement it rather than depend on a library: of the PyPI packages that offer it,
`confusable-homoglyphs` has no skeleton (only pairwise checks, from a table that has lost which
side is the prototype), `confusables` has not been released since 2021, and `disarm` (a TR39
superset, in Rust) is a beta with no wheel for 32-bit ARM, which a school's Raspberry Pi runs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources

__all__ = ["prototypes", "skeleton", "unicode_version"]

_DATA = "confusables.txt"


@cache
def _table() -> tuple[dict[str, str], str]:
    with resources.files(__package__).joinpath(_DATA).open(encoding="utf-8") as lines:
        return _parse(lines)


def _parse(lines: Iterable[str]) -> tuple[dict[str, str], str]:
    """The mappings of confusables.txt, read line by line (the file is 750 kB of comments)."""
    version = "?"
    table: dict[str, str] = {}
    for line in lines:
        if line.startswith("# Version:"):
            version = line.split(":", 1)[1].strip()
        data = line.split("#", 1)[0].strip().lstrip("\ufeff")
        if not data:
            continue
        source, target, *_ = (field.strip() for field in data.split(";"))
        table[chr(int(source, 16))] = "".join(chr(int(code, 16)) for code in target.split())
    return table, version


def prototypes() -> dict[str, str]:
    """Each confusable character and the prototype it maps to (read once, on first use)."""
    return _table()[0]


def skeleton(text: str) -> str:
    """The UTS #39 skeleton: equal for strings a reader cannot tell apart."""
    table = prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(table.get(char, char) for char in decomposed))


def unicode_version() -> str:
    """The Unicode version of the shipped table, from its header."""
    return _table()[1]
