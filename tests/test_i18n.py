"""The language chosen (`--lang`, `SAHEL_QUIZ_LANG`, the locale, English), the per-task
language of the classroom server, and the typography of numbers, scores and quotes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from zones import local_time_zone

from sahel_quiz import i18n
from sahel_quiz.i18n import (
    NBSP,
    _,
    format_day,
    format_moment,
    format_number,
    format_percent,
    label,
    language,
    language_from,
    literal,
    ngettext,
    out_of,
    plural_n,
    quoted,
    semicolons,
    set_language,
    speaking,
)

# -- which language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        (None, {}, "en"),
        ("fr", {}, "fr"),
        ("fr-FR", {}, "fr"),
        ("fr_CA.UTF-8", {}, "fr"),
        # --lang beats everything else
        ("en", {"SAHEL_QUIZ_LANG": "fr", "LC_ALL": "fr_FR.UTF-8"}, "en"),
        # then SAHEL_QUIZ_LANG beats the locale
        (None, {"SAHEL_QUIZ_LANG": "fr", "LC_ALL": "en_US.UTF-8"}, "fr"),
        (None, {"SAHEL_QUIZ_LANG": "en", "LANG": "fr_FR.UTF-8"}, "en"),
        # an unsupported or empty SAHEL_QUIZ_LANG is passed over
        (None, {"SAHEL_QUIZ_LANG": "de", "LANG": "fr_FR.UTF-8"}, "fr"),
        (None, {"SAHEL_QUIZ_LANG": "", "LANG": "fr_FR.UTF-8"}, "fr"),
        # the locale: LC_ALL, then LC_MESSAGES, then LANG; only the first one set counts
        (None, {"LC_ALL": "fr_FR.UTF-8", "LANG": "en_GB.UTF-8"}, "fr"),
        (None, {"LC_MESSAGES": "fr_BE", "LANG": "en_GB.UTF-8"}, "fr"),
        (None, {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_SN.UTF-8"}, "fr"),
        (None, {"LC_ALL": "de_DE.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {"LANG": "POSIX"}, "en"),
    ],
)
def test_the_language_comes_from_lang_then_the_variable_then_the_locale(
    option: str | None, environ: dict[str, str], expected: str
) -> None:
    assert language_from(option, environ) == expected


def _help_headline(env: dict[str, str], *args: str) -> str:
    """The first line of `sahel-quiz --help` in a fresh process with exactly this locale."""
    clean = {k: v for k, v in os.environ.items() if k not in i18n.LOCALE_VARIABLES}
    clean.pop("SAHEL_QUIZ_LANG", None)
    result = subprocess.run(
        [sys.executable, "-m", "sahel_quiz", *args, "--help"],
        capture_output=True,
        text=True,
        env={**clean, "PYTHONIOENCODING": "utf-8", **env},
        timeout=60,
        check=True,
    )
    return result.stdout.splitlines()[0]


def test_the_command_line_follows_the_same_order() -> None:
    french, english = f"usage{NBSP}: sahel-quiz", "usage: sahel-quiz"
    assert _help_headline({}).startswith(english)
    assert _help_headline({"LANG": "fr_FR.UTF-8"}).startswith(french)
    assert _help_headline({"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}).startswith(english)
    assert _help_headline({"SAHEL_QUIZ_LANG": "fr", "LC_ALL": "en_US"}).startswith(french)
    assert _help_headline({"SAHEL_QUIZ_LANG": "fr"}, "--lang", "en").startswith(english)
    assert _help_headline({"LANG": "fr_FR.UTF-8"}, "--lang=en").startswith(english)
    # after the command name too, as every common option
    assert _help_headline({}, "stats", "--lang", "fr").startswith(french + " stats")


def test_set_language_takes_tags_and_falls_back_to_english() -> None:
    set_language("fr-FR")
    assert language() == "fr" and _("True") == "Vrai"
    set_language("de")
    assert language() == "en" and _("True") == "True"


def test_speaking_holds_for_the_block_and_the_task_only() -> None:
    set_language("en")
    with speaking("fr"):
        assert _("True") == "Vrai"
        with speaking(None):  # None: the program's language
            assert _("True") == "True"
    assert _("True") == "True"

    async def two_students() -> list[str]:
        async def one(lang: str) -> str:
            with speaking(lang):
                await asyncio.sleep(0.01)  # the other task runs meanwhile
                return _("True")

        return list(await asyncio.gather(one("fr"), one("en")))

    assert asyncio.run(two_students()) == ["Vrai", "True"]
    set_language("fr")
    with speaking("en"):
        assert _("False") == "False"
    assert _("False") == "Faux"


# -- plurals and typography ---------------------------------------------------------------------


def test_plurals_follow_each_language() -> None:
    def cards(n: int) -> str:
        return ngettext("{count} card", "{count} cards", n).format(count=n)

    assert [cards(n) for n in (0, 1, 2)] == ["0 cards", "1 card", "2 cards"]
    set_language("fr")
    assert [cards(n) for n in (0, 1, 2)] == [f"0{NBSP}carte", f"1{NBSP}carte", f"2{NBSP}cartes"]


@pytest.mark.parametrize(
    ("value", "english", "french"),
    [(1, 1, 1), (2, 2, 2), (0, 0, 0), (1.5, 2, 1), (0.5, 2, 0), (2.5, 2, 2)],
)
def test_plural_n_for_numbers_with_decimals(value: float, english: int, french: int) -> None:
    """English: 1.5 points; French: 1,5 point, 0,5 point (below 2: singular)."""
    assert plural_n(value) == english
    set_language("fr")
    assert plural_n(value) == french


def test_numbers_scores_percentages_quotes_and_labels_in_each_language() -> None:
    assert format_number(38.83333) == "38.83"
    assert format_number(2.5) == "2.5"
    assert format_number(3.0) == "3"
    assert format_number(-0.001) == "0"
    assert format_number(12500) == "12500"
    assert out_of(38.83, 48) == "38.83 / 48"
    assert format_percent(0.874) == "87%"
    assert quoted("Moscou") == "“Moscou”"
    assert literal("l'élève \x1b") == repr("l'élève \x1b")
    assert label("Score") == "Score:"
    set_language("fr")
    assert format_number(38.83333) == "38,83"
    assert format_number(2.5) == "2,5"
    assert format_number(3.0) == "3"
    assert format_number(12500) == f"12{NBSP}500"
    assert format_number(-1234567.5, 1) == f"-1{NBSP}234{NBSP}567,5"
    assert format_number(1234) == "1234"  # four digits stay together
    assert out_of(38.83, 48) == f"38,83{NBSP}/{NBSP}48"
    assert format_percent(0.874) == f"87{NBSP}%"
    assert quoted("Moscou") == f"«{NBSP}Moscou{NBSP}»"
    assert literal("l'élève \x1b[2J") == f"«{NBSP}l'élève \\x1b[2J{NBSP}»"  # no raw escape
    assert literal(3) == "3"
    assert label("Score") == f"Score{NBSP}:"
    assert semicolons(["a", "b"]) == f"a{NBSP}; b"
    assert format_number(5.0, 1, fixed=True) == "5,0"
    assert format_day(date(2026, 3, 1)) == "1er mars"
    assert format_day(date(2026, 4, 11), weekday=True, year=True) == "sam. 11 avr. 2026"
    set_language("en")
    assert semicolons(["a", "b"]) == "a; b"
    assert format_number(12500, 0, grouped=True) == "12,500"
    assert format_day(date(2026, 4, 11), weekday=True, year=True) == "Sat 11 Apr 2026"


def test_the_scores_the_interfaces_write_follow_the_language() -> None:
    from sahel_quiz.scheduling import format_interval
    from sahel_quiz.scoring import format_score

    set_language("fr")
    assert format_score(7.1666) == "7,17"
    from datetime import timedelta

    assert format_interval(timedelta(days=45)) == f"1,5{NBSP}mois"
    assert format_interval(timedelta(minutes=10)) == f"10{NBSP}min"
    assert format_interval(timedelta(seconds=5)) == f"<1{NBSP}min"


@pytest.fixture
def niamey() -> Iterator[None]:
    """The learner's clock: West Africa Time, an hour ahead of UTC."""
    with local_time_zone("Africa/Niamey"):
        yield


@pytest.mark.usefixtures("niamey")
def test_a_moment_is_shown_in_the_learners_words_and_local_time() -> None:
    """`stats` says when the next card is due as a person would, in either language; its
    `--json` keeps ISO 8601 for programs."""
    now = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 15:00 in Niamey
    moments = [
        now - timedelta(minutes=5),
        now + timedelta(hours=2),
        datetime(2026, 12, 1, 23, 30, tzinfo=UTC),  # past midnight in Niamey: tomorrow
        datetime(2026, 12, 5, 8, 30, tzinfo=UTC),
        datetime(2027, 1, 3, 7, 0, tzinfo=UTC),
    ]
    assert [format_moment(moment, now) for moment in moments] == [
        "now",
        "today at 17:00",
        "tomorrow at 00:30",
        "Dec 05 at 09:30",
        "Jan 03 2027 at 08:00",
    ]
    set_language("fr")
    assert [format_moment(moment, now) for moment in moments] == [
        "maintenant",
        "aujourd’hui à 17:00",
        "demain à 00:30",
        "5 déc. à 09:30",
        "3 janv. 2027 à 08:00",
    ]
