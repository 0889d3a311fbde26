"""Reading a number the way a learner types it, and the unit after it (README, "Numbers").

Every interface reads numbers through `read_number`, so line mode, the Textual app and the
classroom accept and refuse the same texts.

Accepted: `13`, `+13`, `-2.5`, `.5`, `13.`, digits of any script (`١٣` is 13) and the Arabic
decimal and thousands separators (`١٣٫٥` is 13.5), the Unicode minus sign, thousands grouped
with commas (`1,000`, `1,000,000.5`), spaces (`1 000`, also non-breaking and thin spaces) or
apostrophes (`1'000`), then a unit (`13 years`, `13ans`, `13 %`, `12 km2`). A tolerance after
the number (`13 ± 0.5 years`, `13 +/- 1`) is read past, so that the expected answer as shown
reads back as the answer.

The comma is ambiguous: English groups thousands with it, French writes decimals with it. The
rule: in a number that starts with 1 to 3 digits (not 0) and groups its thousands with commas
only, commas each followed by exactly three digits, the last by no further digit or comma, are
thousands separators (`1,000` is 1000, `12,345,678` is 12345678); any other single comma is a
decimal comma (`2,5` is 2.5, `0,125` is 0.125, `12,3456` is 12.3456, `1234,567` is 1234.567,
`1 000,5` is 1000.5). A dot is always a decimal
point, so the German `1.000` reads as 1 and `1.000,5` is refused rather than misread.

Refused (None): anything that is not a plain decimal number: no leading digits (`about 13`,
`$13`, `nan`, `inf`), hexadecimal, octal or binary (`0x3`), an exponent (`1e3`), and a second
number after the first (`13 or 14`, `13-14`, `1,000,5`). A digit glued to a letter in the unit
(`km2`) is part of the unit, not a second number.

Units: `same_unit` says whether the words after a number name a card's unit, by the unit's
name in English or French, singular or plural, or a usual abbreviation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from sahel_quiz.i18n import N_

__all__ = [
    "NUMBER_HINT",
    "NumberReading",
    "format_number",
    "parse_number",
    "read_number",
    "same_unit",
]

NUMBER_HINT = N_("type the number in digits; a decimal point or comma is fine")
"""What to say about a text that is not a number. It shows no example number, so that it can
never give a card's answer away."""

_NUMBER = re.compile(
    r"""
    \s*(?P<sign>[+-]?)\s*
    (?P<int>
        [1-9][0-9]{0,2}(?:,[0-9]{3})+(?![0-9,])
      | [0-9]{1,3}(?:\ [0-9]{3})+(?![0-9])
      | [0-9]{1,3}(?:'[0-9]{3})+(?![0-9])
      | [0-9]+
    )?
    (?P<frac>[.,][0-9]+|\.)?
    (?P<tolerance>\s*(?:±|\+/-|\+-)\s*[0-9]+(?:[.,][0-9]+)?)?
    """,
    re.VERBOSE,
)
_NOT_DECIMAL = re.compile(r"\s*[+-]?\s*0[xXoObB][0-9A-Fa-f]|[^\s]*?[0-9.][eE][+-]?[0-9]")
"""`0x3`, `0o7`, `0b1`, and an exponent (`1e3`, `2.5E-3`), which the decimal pattern would
read as a number followed by a unit."""
# A digit that does not follow a letter starts a second number.
_SECOND_NUMBER = re.compile(r"(?<![^\W\d_])[0-9]")
_SEPARATORS = str.maketrans(
    {
        "\u2212": "-",  # minus sign
        "\u2013": "-",
        "\u2012": "-",
        "\u2019": "'",
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": "'",  # Arabic thousands separator
        "\u066a": "%",  # Arabic percent sign
    }
)


@dataclass(frozen=True, slots=True)
class NumberReading:
    """A number as typed: its value, and the words after it ("" when there are none)."""

    value: float
    unit: str


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def read_number(text: str) -> NumberReading | None:
    """The number a learner typed and the unit after it, or None when it is not a number."""
    cleaned = _ascii_digits(unicodedata.normalize("NFKC", text).translate(_SEPARATORS))
    if _NOT_DECIMAL.match(cleaned):
        return None
    match = _NUMBER.match(cleaned)
    if match is None:
        return None
    integer = match["int"] or ""
    fraction = match["frac"] or ""
    if not integer and len(fraction) < 2:
        return None
    if _SECOND_NUMBER.search(cleaned, match.end()):
        return None
    digits = re.sub(r"[, ']", "", integer) + "." + fraction[1:]
    value = float(match["sign"] + digits)  # plain decimal digits: always finite
    return NumberReading(value, cleaned[match.end() :].strip())


def parse_number(text: str) -> float | None:
    """The number a learner typed, or None when the text is not a number."""
    reading = read_number(text)
    return None if reading is None else reading.value


def format_number(value: float) -> str:
    """A number as a learner should see it, in plain decimals: `13`, `2.5`, `0.00001`.

    It reads back exactly (the shortest digits that do), and never in exponent form, which a
    learner could not type back.
    """
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return format(Decimal(repr(value)), "f")


# -- units ----------------------------------------------------------------------------------

_UNIT_NAMES = [
    "year, years, yr, yrs, y, an, ans, annee, annees",
    "month, months, mo, mos, mois",
    "week, weeks, wk, wks, semaine, semaines, sem",
    "day, days, d, jour, jours, j",
    "hour, hours, h, hr, hrs, heure, heures",
    "minute, minutes, min, mins, mn",
    "second, seconds, s, sec, secs, seconde, secondes",
    "percent, per cent, pct, %, pourcent, pour cent, pourcentage",
    "kilometre, kilometres, kilometer, kilometers, km",
    "metre, metres, meter, meters, m",
    "centimetre, centimetres, centimeter, centimeters, cm",
    "kilogram, kilograms, kilogramme, kilogrammes, kg, kilo, kilos",
    "tonne, tonnes, ton, tons, t",
    "gram, grams, gramme, grammes, g",
    "litre, litres, liter, liters, l",
    "person, persons, people, personne, personnes",
    "country, countries, pays",
    "member, members, membre, membres",
    "minister, ministers, ministre, ministres",
    "time, times, fois",
    "degree, degrees, degre, degres, °",
    "dollar, dollars, usd, $",
    "euro, euros, eur, €",
    "franc, francs, franc cfa, francs cfa, cfa, fcfa, xof",
]
"""Each line: one unit's names, English and French, singular and plural, and abbreviations,
as `unit_key` writes them."""


def unit_key(text: str) -> str:
    """A unit as compared: no case, accents, punctuation (but `%`, `°`, `$`, `€`), one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(
        char if char.isalnum() or char in "%°$€" else " " if char.isspace() or char in "-/." else ""
        for char in decomposed
        if not unicodedata.combining(char)
    )
    return " ".join(kept.casefold().split())


_UNIT_GROUP: dict[str, int] = {
    name.strip(): number for number, line in enumerate(_UNIT_NAMES) for name in line.split(",")
}


@lru_cache(maxsize=1024)
def same_unit(written: str, unit: str) -> bool:
    """Whether the words typed after a number name the card's `unit` (nothing at all does)."""
    typed, expected = unit_key(written), unit_key(unit)
    if not typed or typed == expected:
        return True
    if typed.removesuffix("s") == expected.removesuffix("s"):
        return True
    group = _UNIT_GROUP.get(expected, _UNIT_GROUP.get(expected.removesuffix("s")))
    return group is not None and _UNIT_GROUP.get(typed) == group
