"""Translation of every word a user reads: the one place the interfaces ask for text.

A leaf that any layer may import, like `sahel_quiz.errors`. Every user-visible string is wrapped
where it is written: `_("...")` for text, `ngettext(singular, plural, n)` for counts, and
`N_("...")` to mark a module-level constant that is translated where it is shown (the language
can change while the app runs, so text must not be translated at import time).

The catalogues are GNU gettext ones: `locale/<lang>/LC_MESSAGES/sahel_quiz.po`, the source that
translators edit, compiled to the `.mo` file beside it, which is committed and shipped in the
package (`tests/test_translations.py` fails when the `.mo` no longer matches its `.po`, and says
the one command that rebuilds it). Reading a `.mo` costs a few hundred microseconds and is done
once per language, on first use; English needs no catalogue at all, so the English start-up
opens no file. `argparse.po` beside it holds the French of argparse's own words ("usage:",
"error:"), which the command line installs (`argparse_gettext`).

The language comes from `--lang`, else `SAHEL_QUIZ_LANG`, else the locale (`LC_ALL`,
`LC_MESSAGES`, `LANG`: the first one set, as POSIX reads them), else English
(`language_from`). One process may speak several languages at once: the classroom server
writes each student's messages in that student's language inside `speaking(tag)`, which holds
for the current task only (a context variable), while the rest of the program keeps the
language of `set_language`.

The typography of built text (`format_number`, `format_percent`, `out_of`, `quoted`) follows
the language: in French a decimal comma, « » quotes, and a no-break space before `; : ! ?`,
before `%` and inside the quotes. The no-break space is U+00A0 throughout, never the narrow
U+202F: the interface lives in monospace terminals, where both take one cell, and U+00A0 is in
every font.
"""

from __future__ import annotations

import os
from contextvars import ContextVar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; mypy knows the name
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping
    from contextlib import AbstractContextManager
    from datetime import date, datetime
    from gettext import GNUTranslations

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "LOCALE_DIR",
    "NBSP",
    "N_",
    "_",
    "argparse_gettext",
    "argparse_ngettext",
    "format_day",
    "format_moment",
    "format_number",
    "format_percent",
    "label",
    "language",
    "language_from",
    "literal",
    "ngettext",
    "out_of",
    "plural_n",
    "printable",
    "quoted",
    "semicolons",
    "set_language",
    "space_before",
    "speaking",
    "supported_language",
    "unit_space",
    "with_unit",
]

LANGUAGES = ("en", "fr")
"""The interface languages shipped, English first (the fallback)."""

LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
"""Each language by its own name, as a language switch shows it (never translated)."""

DOMAIN = "sahel_quiz"
# os.path, not pathlib: importing pathlib would cost `--help` a tenth of its time.
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")  # noqa: PTH100, PTH118, PTH120

NBSP = "\u00a0"
"""The no-break space of French typography (before `; : ! ?` and `%`, inside « »)."""

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_current = "en"
_scoped: ContextVar[str | None] = ContextVar("sahel_quiz_language", default=None)
_catalogues: dict[tuple[str, str], GNUTranslations] = {}


# -- which language ------------------------------------------------------------------------------


def supported_language(tag: str | None) -> str | None:
    """The shipped language a tag or locale names (`fr`, `fr-FR`, `fr_CA.UTF-8@euro`: `fr`),
    or None (`de`, `C`, `POSIX`, empty)."""
    if not tag:
        return None
    primary = tag.split(".")[0].split("@")[0].replace("_", "-").split("-")[0].strip().lower()
    return primary if primary in LANGUAGES else None


def language_from(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: `--lang`, else `SAHEL_QUIZ_LANG`, else the locale, else English.

    An unsupported `--lang` or `SAHEL_QUIZ_LANG` is passed over (the command line rejects the
    first itself). Of the locale variables only the first one set counts, as in POSIX: with
    `LC_ALL=de_DE` and `LANG=fr_FR` messages are German, which we lack, so English.
    """
    env = os.environ if environ is None else environ
    for chosen in (option, env.get("SAHEL_QUIZ_LANG")):
        found = supported_language(chosen)
        if found:
            return found
    for variable in LOCALE_VARIABLES:
        value = env.get(variable)
        if value:
            return supported_language(value) or "en"
    return "en"


def set_language(tag: str) -> None:
    """Show every later message in this language (a BCP 47 tag or a locale: `fr`, `fr-FR`...)."""
    global _current
    _current = supported_language(tag) or "en"


def language() -> str:
    """The language messages are shown in now (in this task, see `speaking`)."""
    return _scoped.get() or _current


def speaking(tag: str | None) -> AbstractContextManager[None]:
    """Within the block, and in this task only, messages are in `tag`'s language (None or an
    unsupported tag: the program's language). The classroom server renders each student's
    messages inside one."""
    from contextlib import contextmanager

    @contextmanager
    def scope() -> Iterator[None]:
        token = _scoped.set(supported_language(tag))
        try:
            yield
        finally:
            _scoped.reset(token)

    return scope()


# -- the catalogues ------------------------------------------------------------------------------


def catalogue(lang: str, domain: str = DOMAIN) -> GNUTranslations | None:
    """The compiled catalogue of one language (None for English, the language of the code)."""
    if lang == "en":
        return None
    key = (lang, domain)
    found = _catalogues.get(key)
    if found is None:
        from gettext import GNUTranslations

        path = os.path.join(LOCALE_DIR, lang, "LC_MESSAGES", f"{domain}.mo")  # noqa: PTH118
        with open(path, "rb") as file:  # noqa: PTH123
            found = _catalogues[key] = GNUTranslations(file)
    return found


def _(message: str) -> str:
    """The message in the current language."""
    translations = catalogue(language())
    return message if translations is None else translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the current language (French: 0 and 1 take
    the singular)."""
    translations = catalogue(language())
    if translations is None:
        return singular if count == 1 else plural
    return translations.ngettext(singular, plural, count)


def plural_n(value: float) -> int:
    """The count to give `ngettext` for a number that may have decimals, so that it picks the
    form the language uses (CLDR's rule): in English only a whole 1 is singular (1.5 points),
    in French anything below 2 is (1,5 point, 0 point)."""
    whole = int(abs(value))
    if whole == abs(value) or language() == "fr":
        return whole
    return 2


def N_(message: str) -> str:
    """Mark a message for translation without translating it yet (module-level constants)."""
    return message


def argparse_gettext(message: str) -> str:
    """argparse's own words ("usage: ", "positional arguments"), in the current language."""
    translations = catalogue(language(), "argparse")
    return message if translations is None else translations.gettext(message)


def argparse_ngettext(singular: str, plural: str, count: int) -> str:
    translations = catalogue(language(), "argparse")
    if translations is None:
        return singular if count == 1 else plural
    return translations.ngettext(singular, plural, count)


# -- typography ----------------------------------------------------------------------------------


def format_number(
    value: float, places: int = 2, *, grouped: bool = False, fixed: bool = False
) -> str:
    """A number as the reader writes it, with at most `places` decimals and no trailing zero:
    `38.83`, `2.5`, `3` in English; `38,83`, `2,5`, `3` in French, where from 10 000 up the
    thousands are grouped with a no-break space (`12 500`). English groups them only when asked
    (`grouped`: `300,000` for a limit in a message; scores stay `12500`). `fixed` keeps the
    trailing zeros, for a column of figures (`5.0`, `4.2`)."""
    text = f"{value:.{places}f}"
    if places and not fixed:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    whole, _dot, fraction = text.partition(".")
    french = language() == "fr"
    digits = whole.lstrip("-")
    if (french or grouped) and len(digits) > 4:
        groups: list[str] = []
        while digits:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        separator = NBSP if french else ","
        whole = ("-" if whole.startswith("-") else "") + separator.join(groups)
    if not fraction:
        return whole
    return f"{whole}{',' if french else '.'}{fraction}"


def unit_space() -> str:
    """What goes between a number and its unit: a no-break space in French, which never lets
    a line wrap between them; a plain space in English, whose text also goes into other
    tools' files (`interchange` exports the expected answer, and a learner typing it back
    there types a plain space)."""
    return NBSP if language() == "fr" else " "


def with_unit(number: str, unit: str) -> str:
    """A number already written and its unit: `13 years`, in French `13 ans` with a
    no-break space (`unit_space`)."""
    return f"{number}{unit_space()}{unit}"


def format_percent(share: float) -> str:
    """A share in [0, 1] as a whole percentage: `87%`, in French `87 %`."""
    value = format_number(round(100 * share), 0)
    return f"{value}{NBSP}%" if language() == "fr" else f"{value}%"


def out_of(earned: float, maximum: float) -> str:
    """A score out of a maximum: `38.83 / 48`, in French `38,83 / 48` with no-break spaces."""
    space = NBSP if language() == "fr" else " "
    return f"{format_number(earned)}{space}/{space}{format_number(maximum)}"


_FRENCH_MONTHS = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
)  # fmt: skip
_FRENCH_WEEKDAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")


def format_day(day: date, *, weekday: bool = False, year: bool = False) -> str:
    """A day as the reader writes it: `Mar 01` or `Tue 03 Mar 2026` in English (as `strftime`
    writes them), `1er mars` or `mar. 3 mars 2026` in French."""
    if language() != "fr":
        text = f"{day:%b %d}" if not weekday else f"{day:%a %d %b}"
        return f"{text} {day:%Y}" if year else text
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {_FRENCH_MONTHS[day.month - 1]}"
    if weekday:
        text = f"{_FRENCH_WEEKDAYS[day.weekday()]} {text}"
    return f"{text} {day.year}" if year else text


def format_moment(moment: datetime, now: datetime) -> str:
    """When something happens, in the reader's words and local time, seen from `now`: `now`
    once it has come, `today at 14:05`, `tomorrow at 02:12`, `Dec 02 at 02:12` (with the
    year when it is not this one's); in French « maintenant », « aujourd’hui à 14:05 »,
    « demain à 02:12 », « 2 déc. à 02:12 ». Machine output keeps ISO 8601 instead."""
    if moment <= now:
        return _("now")
    local, today = moment.astimezone(), now.astimezone().date()
    time = f"{local:%H:%M}"
    days = (local.date() - today).days
    if days == 0:
        return _("today at {time}").format(time=time)
    if days == 1:
        return _("tomorrow at {time}").format(time=time)
    day = format_day(local.date(), year=local.year != today.year)
    return _("{day} at {time}").format(day=day, time=time)


def space_before(mark: str) -> str:
    """What goes between a word and the mark `; : ! ?` after it: nothing in English, a no-break
    space in French (for text whose mark is added by code that is not ours, e.g. argparse)."""
    return NBSP if mark in ";:!?" and language() == "fr" else ""


def semicolons(items: Iterable[str]) -> str:
    """Items joined by semicolons: `a; b` in English, `a ; b` in French."""
    return f"{space_before(';')}; ".join(items)


def label(text: str) -> str:
    """A label before its value: `Score:` in English, `Score :` in French."""
    return f"{text}{space_before(':')}:"


def literal(value: object) -> str:
    """A value the user gave, quoted in a message so that every character of it shows: `'x'`
    (its `repr`) in English, « x » in French with each unprintable character escaped as
    `repr` escapes it (a terminal control sequence never reaches the screen raw)."""
    if language() != "fr" or not isinstance(value, str):
        return repr(value)
    return f"«{NBSP}{printable(value)}{NBSP}»"


def printable(text: str) -> str:
    """Text with each unprintable character escaped as `repr` escapes it (`\\x1b`, `\\n`),
    so that a terminal control sequence in it never reaches the screen raw; the no-break
    spaces of French typography stay as they are."""
    return "".join(
        char if char.isprintable() or char in _NO_BREAK_SPACES else repr(char)[1:-1]
        for char in text
    )


_NO_BREAK_SPACES = f"{NBSP}\u202f"


def quoted(text: str) -> str:
    """Text quoted as the language does: “text”, or « text » with no-break spaces inside."""
    if language() == "fr":
        return f"«{NBSP}{text}{NBSP}»"
    return f"“{text}”"
