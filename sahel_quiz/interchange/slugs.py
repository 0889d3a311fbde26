"""Card and deck ids made from text: imported prompts become readable, unique slugs.

Ids are what progress is keyed on, so they are made once, at import, from the words a teacher
wrote: accents are folded (é → e), anything that is not a letter or a digit becomes a hyphen,
and the first few words are kept. Text in a script with no Latin letters gives no slug; such
cards are numbered instead (`card-7`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ["MAX_SLUG_LENGTH", "UniqueSlugs", "slugify"]

MAX_SLUG_LENGTH: Final = 64
_WORDS_KEPT: Final = 6
_LENGTH_KEPT: Final = 48
_NOT_SLUG: Final = re.compile(r"[^a-z0-9]+")
_BLANKS: Final = re.compile(r"\{\{([^|}]*).*?\}\}")


def slugify(text: str, *, words: int = _WORDS_KEPT, length: int = _LENGTH_KEPT) -> str:
    """The first `words` words of `text` as a lowercase ASCII slug of at most `length`
    characters, cut at a hyphen; "" when no letter or digit survives."""
    text = _BLANKS.sub(r" \1 ", text)  # a cloze blank counts by its answer
    text = text.replace("'", "").replace("’", "")  # what's → whats, not what-s
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    parts = [part for part in _NOT_SLUG.split(folded.lower()) if part][:words]
    slug = "-".join(parts)
    if len(slug) > length:
        cut = slug.rfind("-", 0, length + 1)
        slug = slug[:cut] if cut > 0 else slug[:length]
    return slug


class UniqueSlugs:
    """Hands out slugs that are unique within one deck: `who-invited`, `who-invited-2`..."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def reserve(self, slug: str) -> bool:
        """Take `slug` as it is; False when it is already taken."""
        if slug in self._taken:
            return False
        self._taken.add(slug)
        return True

    def make(self, text: str, fallback: str) -> str:
        """A unique slug from `text`, or from `fallback` (e.g. `card-7`) when `text` has none."""
        base = slugify(text) or fallback
        slug, number = base, 1
        while slug in self._taken:
            number += 1
            suffix = f"-{number}"
            slug = base[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
        self._taken.add(slug)
        return slug
