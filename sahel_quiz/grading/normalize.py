"""Text normalisation: what must not count against a learner who knew the answer.

Both the expected answer and the learner's text go through `normalize`, so every rule here only
has to be consistent, not linguistically perfect. Steps, in order:

1. Unicode NFKC (fullwidth letters, ligatures, non-breaking spaces become plain ones), case folding.
2. Accents removed (é → e, İ → i) and a few letters with no decomposition folded (œ → oe,
   æ → ae, ø → o, ł → l, đ/ð → d, þ → th, ı → i), because a phone keyboard may not offer them.
3. French elision (language `fr` only): `l'`, `d'`, `qu'`, … followed by a word become a word
   of their own (`l'AES` → `l aes`), so that `l` can be ignored as an article below.
   Any other apostrophe or quote is dropped (`Faso's` → `fasos`).
4. Hyphens, dashes, slashes and underscores become spaces; every other character that is not a
   letter, a digit or a spacing vowel sign (Indic scripts) is dropped, so punctuation, symbols and
   typographic quotes never matter.
5. Whitespace collapsed. That is `fold`, and folding twice changes nothing.
6. `normalize` then drops one leading article, by the deck's language (en: the, a, an; fr: le,
   la, les, l', un, une, des, du), as the README says: only one, so "the the cat" is "the cat"
   (and normalising that again would drop the second: compare texts normalised once). A lone
   article is kept: "The" normalises to "the", not to nothing.

Steps 1–4 are repeated until the text stops changing (at most a few passes, in practice one or
two): Unicode case folding and composition do not commute for a handful of characters, and
`fold` must be idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["ARTICLES", "fold", "normalize", "primary_language"]

ARTICLES: dict[str, frozenset[str]] = {
    "en": frozenset({"the", "a", "an"}),
    "fr": frozenset({"le", "la", "les", "l", "un", "une", "des", "du"}),
}

_APOSTROPHES = "'\u2019\u2018\u02bc`\u2032"
_FRENCH_ELISION = re.compile(
    r"\b(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)[" + _APOSTROPHES + r"](?=\w)"
)
_AS_SPACE = frozenset("/\\\u2044\u2215")
_FOLDED_LETTERS = {
    "œ": "oe",
    "æ": "ae",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
}
_MAX_PASSES = 4
_TABLE_LIMIT = 1 << 16


def _classify(char: str) -> str:
    """What one character becomes in step 4 (and the accent removal of step 2)."""
    if char in _FOLDED_LETTERS:
        return _FOLDED_LETTERS[char]
    if char.isspace() or char in _AS_SPACE:
        return " "
    category = unicodedata.category(char)
    if category[0] in "LN" or category == "Mc":
        return char
    if category in ("Pd", "Pc"):
        return " "
    return ""


class _CharTable(dict[int, str]):
    """A `str.translate` table filled on first sight of each character, up to a bound so that
    answers arriving from the network cannot grow it without limit."""

    def __missing__(self, code: int) -> str:
        value = _classify(chr(code))
        if len(self) < _TABLE_LIMIT:
            self[code] = value
        return value


_TABLE = _CharTable()


def primary_language(language: str) -> str:
    """The primary subtag of a language tag: `fr-FR` → `fr`, `EN` → `en`."""
    return language.split("-", 1)[0].split("_", 1)[0].strip().lower()


def _without_marks(text: str) -> str:
    # The Greek iota subscript is a letter written small, not an accent: casefold and upper()
    # both turn it into ι, so keep it as one whether it is written below or beside.
    decomposed = unicodedata.normalize("NFD", text).replace("\u0345", "ι")
    return "".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Me"))


def _one_pass(text: str, french: bool) -> str:
    # Marks go before case folding too, so that folding never sees a letter with its accents.
    folded = _without_marks(unicodedata.normalize("NFKC", text)).casefold()
    composed = unicodedata.normalize("NFC", _without_marks(folded))
    if french:
        composed = _FRENCH_ELISION.sub(r"\1 ", composed)
    return composed.translate(_TABLE)


@lru_cache(maxsize=4096)
def fold(text: str, language: str = "en") -> str:
    """Steps 1 to 5: the text without what never counts (case, accents, punctuation, spacing)."""
    french = primary_language(language) == "fr"
    current = text
    for _ in range(_MAX_PASSES):
        following = _one_pass(current, french)
        if following == current:
            break
        current = following
    return " ".join(current.split())


@lru_cache(maxsize=4096)
def normalize(text: str, language: str = "en") -> str:
    """The comparable form of an answer: equal forms mean the same answer."""
    folded = fold(text, language)
    first, _, rest = folded.partition(" ")
    if rest and first in ARTICLES.get(primary_language(language), frozenset()):
        return rest
    return folded
