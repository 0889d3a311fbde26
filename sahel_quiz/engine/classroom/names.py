"""Nicknames: what a student may call themselves in a game.

Names are shown on a projected screen and on every phone, so one student must not be able to
pass for another, nor to show a blank or a smear of accents. A name is cleaned before it is
kept: invisible and formatting characters (zero-width characters, bidi controls, Hangul
fillers, stray variation selectors) are taken out, combining marks are capped on each letter,
spaces are collapsed. What is left must hold a letter or a digit. Two names are the same name
when they look the same: they are compared by their UTS #39 confusable skeleton, ignoring case,
so Cyrillic "Аwa" and fullwidth "Ａｗａ" are both taken once "Awa" has joined.
"""

from __future__ import annotations

import unicodedata

from sahel_quiz.engine.classroom.errors import GameError
from sahel_quiz.engine.classroom.skeleton import skeleton
from sahel_quiz.i18n import _

__all__ = ["MAX_MARKS", "MAX_NAME_LENGTH", "clean_name", "name_keys", "visible_name"]

MAX_NAME_LENGTH = 20
MAX_MARKS = 3  # combining marks kept on one letter: enough for Vietnamese, Thai, Tibetan stacks

_ZWJ = "\u200d"  # joins the emoji of a sequence such as 👩‍🏫: kept there, dropped elsewhere
_EMOJI_VARIATION = "\ufe0e\ufe0f"  # text or emoji presentation of the character before
_KEYCAP_BASES = frozenset("#*0123456789")
# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt): characters that show
# nothing. Those of category Cf are caught by their category as well; the rest are listed here.
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x061C, 0x061C),
    (0x115F, 0x1160),  # Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),  # tags and variation selectors supplement
)


def _ignorable(char: str) -> bool:
    code = ord(char)
    if unicodedata.category(char) == "Cf":
        return True
    return any(low <= code <= high for low, high in _IGNORABLE_RANGES)


def _pictographic(char: str) -> bool:
    """Close enough to Extended_Pictographic for deciding where a ZWJ or VS16 belongs."""
    return unicodedata.category(char) in ("So", "Sk") or char in _EMOJI_VARIATION


def _without_invisibles(text: str) -> str:
    kept: list[str] = []
    for i, char in enumerate(text):
        before = kept[-1] if kept else ""
        if char == _ZWJ:
            after = text[i + 1] if i + 1 < len(text) else ""
            if before and after and _pictographic(before) and _pictographic(after):
                kept.append(char)
        elif char in _EMOJI_VARIATION:
            if before and (_pictographic(before) or before in _KEYCAP_BASES):
                kept.append(char)
        elif not _ignorable(char):
            kept.append(char)
    return "".join(kept)


def _capped_marks(text: str) -> str:
    """At most MAX_MARKS combining marks on each letter; none on a space or at the start."""
    kept: list[str] = []
    marks = MAX_MARKS  # no letter yet: a leading mark has nothing to sit on
    for char in text:
        if unicodedata.category(char).startswith("M") and char not in _EMOJI_VARIATION:
            marks += 1
            if marks > MAX_MARKS:
                continue
        else:
            marks = MAX_MARKS if char.isspace() else 0
        kept.append(char)
    return "".join(kept)


def visible_name(raw: str) -> str:
    """The name as it shows: invisibles out, marks capped, whitespace collapsed, NFC.

    Marks are counted on the decomposed text, so a precomposed "é" counts its accent.
    """
    text = _without_invisibles(unicodedata.normalize("NFD", raw))
    return unicodedata.normalize("NFC", _capped_marks(" ".join(text.split())))


def clean_name(raw: str) -> str:
    """The nickname as the game keeps it, or a `GameError` saying what is wrong with it."""
    for char in raw:
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") and not char.isspace():
            raise GameError("name_invalid", _("A name cannot contain control characters."))
    name = visible_name(raw)
    if not name:
        raise GameError(
            "name_invalid",
            _("Choose a name of 1 to {count} characters.").format(count=MAX_NAME_LENGTH),
        )
    if len(name) > MAX_NAME_LENGTH:
        raise GameError(
            "name_invalid",
            _("A name has at most {count} characters ({given} given).").format(
                count=MAX_NAME_LENGTH, given=len(name)
            ),
        )
    if not any(unicodedata.category(char)[0] in "LN" for char in name):
        raise GameError("name_invalid", _("A name needs at least one letter or digit."))
    return name


def name_keys(name: str) -> tuple[str, str]:
    """What a name is compared by: a new name is taken if it shares either key with another.

    Both are UTS #39 skeletons of the name's NFKC form (so fullwidth and other compatibility
    letters count as the letters they stand for). The first ignores case, so "AWA" is taken
    once "Awa" is in; the second keeps it, so "ALI" and "AL1" collide (a capital I and a digit
    one look alike) while "Ali" and "All" stay apart. One key with both rules would make i
    and l the same letter.
    """
    shown = unicodedata.normalize("NFKC", visible_name(name))
    uncased = skeleton(skeleton(shown.casefold()).casefold())
    return f"any case:{uncased}", f"as written:{skeleton(shown)}"
