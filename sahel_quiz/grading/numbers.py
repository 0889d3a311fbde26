"""Reading a number the way a learner types it.

Accepted: `13`, `+13`, `-2.5`, `.5`, `13.`, `1e3`, a unit after the number (`13 years`,
`13ans`, `13 %`, `12 km2`), thousands grouped with commas (`1,000`, `1,000,000.5`), spaces
(`1 000`, also non-breaking and thin spaces) or apostrophes (`1'000`), digits of any script,
and the Unicode minus sign. A tolerance after the number (`13 ± 0.5 years`, `13 +/- 1`) is
read past, so that the expected answer as shown reads back as the answer.

The comma is ambiguous: English groups thousands with it, French writes decimals with it. The
rule: commas followed by exactly three digits and then no further digit or comma are thousands
separators (`1,000` is 1000, `12,345,678` is 12345678); any other single comma is a decimal
comma (`2,5` is 2.5, `12,3456` is 12.3456, `1 000,5` is 1000.5). A dot is always a decimal
point, so the German `1.000` reads as 1 and `1.000,5` is refused rather than misread.

Refused (None): no leading digits (`about 13`, `$13`), a second number after the first
(`13 or 14`, `13-14`, `1,000,5`), and anything that is not finite. A digit glued to a letter
in the unit (`km2`) is part of the unit, not a second number.
"""

from __future__ import annotations

import math
import re
import unicodedata

__all__ = ["format_number", "parse_number"]

_NUMBER = re.compile(
    r"""
    \s*(?P<sign>[+-]?)\s*
    (?P<int>
        [0-9]{1,3}(?:,[0-9]{3})+(?![0-9,])
      | [0-9]{1,3}(?:\ [0-9]{3})+(?![0-9])
      | [0-9]{1,3}(?:'[0-9]{3})+(?![0-9])
      | [0-9]+
    )?
    (?P<frac>[.,][0-9]+|\.)?
    (?P<exp>[eE][+-]?[0-9]+)?
    (?P<tolerance>\s*(?:±|\+/-|\+-)\s*[0-9]+(?:[.,][0-9]+)?(?:[eE][+-]?[0-9]+)?)?
    """,
    re.VERBOSE,
)
# A digit that does not follow a letter starts a second number.
_SECOND_NUMBER = re.compile(r"(?<![^\W\d_])[0-9]")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-", "\u2019": "'"})


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def parse_number(text: str) -> float | None:
    """The number a learner typed, or None when the text does not start with one."""
    cleaned = _ascii_digits(unicodedata.normalize("NFKC", text).translate(_MINUS_SIGNS))
    match = _NUMBER.match(cleaned)
    if match is None:
        return None
    integer = match["int"] or ""
    fraction = match["frac"] or ""
    if not integer and len(fraction) < 2:
        return None
    if _SECOND_NUMBER.search(cleaned, match.end()):
        return None
    digits = re.sub(r"[, ']", "", integer) + "." + fraction[1:] + (match["exp"] or "")
    value = float(match["sign"] + digits)
    return value if math.isfinite(value) else None


def format_number(value: float) -> str:
    """A number as a learner should see it: `13`, `2.5`, `-0.25`; it reads back exactly."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)
