"""Line mode as a user drives it: the real command in a subprocess, answers on stdin."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from cli_support import sahel


def reviews(home: Path) -> list[tuple[str, int, float | None]]:
    with sqlite3.connect(home / "progress.sqlite3") as db:
        return db.execute("SELECT card_id, rating, credit FROM reviews ORDER BY id").fetchall()


# With --no-shuffle the cards come in deck order; the options are shuffled all the same (as
# the order card's items), so a first run reads the numbers they were given (seed 1).
ANSWERS = "\n".join(
    [
        "",  # basic: Enter reveals
        "y",  # ... and I knew it
        "Sergei Lavrov",  # choice: an option may be typed out
        "{multi}",  # multi: Mali, Burkina Faso (Niger missed: partly right)
        "t",  # true/false: wrong
        "Lavorv",  # typed: a near miss of "Lavrov"
        "13 years",  # number
        "3",  # cloze blank 1
        "five",  # cloze blank 2: wrong
    ]
)


def numbers_of(output: str, question: str, wanted: list[str]) -> str:
    """The numbers the options or items `wanted` were shown with, after `question`."""
    lines = output.split(question)[1].splitlines()
    shown = {}
    for line in lines[1:14]:
        number, _, text = line.strip().partition(") ")
        if number.isdigit():
            shown[text] = number
    return ",".join(shown[name] for name in wanted)


def test_play_plain_grades_every_card_type_and_saves(home: Path, every_type_path: Path) -> None:
    probe = sahel(
        home,
        "play",
        "--plain",
        str(every_type_path),
        "--no-shuffle",
        "--seed",
        "1",
        stdin=ANSWERS.format(multi="1") + "\n",
    )
    multi = numbers_of(probe.stdout, "Which countries send ministers?", ["Mali", "Burkina Faso"])
    order = numbers_of(
        probe.stdout, "Put the countries in the order", ["Mali", "Burkina Faso", "Niger"]
    )
    home2 = home / "again"
    result = sahel(
        home2,
        "play",
        "--plain",
        str(every_type_path),
        "--no-shuffle",
        "--seed",
        "1",
        stdin=ANSWERS.format(multi=multi) + f"\n{order}\n",
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert ") Sergei Lavrov" in out
    assert "~ Partly right (0.67 / 1 point)" in out
    assert "✗ Wrong (0 / 1 point)" in out
    # The question marked as the app marks it: each option, blank and position, in words too.
    assert "(type your answer)> ✓ Right (1 / 1 point)\n" in out
    assert "  ✓ Lavorv (spelling: Lav[ro]v, corrected letters in [ ])\n" in out
    assert "✓ Right (2 / 2 points)\n  ✓ 13 years\n" in out
    assert "\nQuestion 6 of 8 · 2 points\n" in out  # the heading the app shows too
    assert "They will meet on April __1__ and __2__.\n" in out  # numbered as the marks are
    assert "  ✓ __1__ 3\n  ✗ __2__ five (answer: 4)\n" in out
    assert "  ✗ True (your answer, wrong)\n  ✓ False (right, not picked)\n" in out
    assert "  ✓ I knew it (answer: Moscow)\n" in out
    assert "Answer: Sergei Lavrov" not in out  # "Answer:" only reveals a flashcard now
    assert "Why: Lavrov invited them himself." in out
    assert "Source: “Russian Foreign Minister Sergei Lavrov at his invitation” — source.txt" in out
    # 1 + 1 + 2/3 + 0 + 1 + 2 + 1/2 + 1 = 7.1666…
    assert out.rstrip().endswith("Score: 7.17 / 9")
    logged = reviews(home2)
    assert [card for card, _, _ in logged][:3] == ["basic-card", "choice-card", "multi-card"]
    assert len(logged) == 8
    assert dict((card, rating) for card, rating, _ in logged)["tf-card"] == 1  # Again
    assert dict((card, rating) for card, rating, _ in logged)["multi-card"] == 2  # Hard


def test_unreadable_answers_are_asked_again(home: Path, every_type_path: Path) -> None:
    result = sahel(
        home,
        "play",
        "--plain",
        str(every_type_path),
        "--no-shuffle",
        "--limit",
        "2",
        stdin="\ny\n9\nabc\nVladimir Putin\n",
    )
    assert result.returncode == 0
    assert "choose an option from 1 to 3" in result.stdout.lower() or "1 to 3" in result.stdout
    assert result.stdout.count("Who invited the ministers?") == 1
    assert result.stdout.rstrip().endswith("Score: 1 / 2")


def test_end_of_input_still_saves_and_prints_the_score(home: Path, every_type_path: Path) -> None:
    result = sahel(
        home, "play", "--plain", str(every_type_path), "--no-shuffle", stdin="\ny\nSergei Lavrov\n"
    )
    assert result.returncode == 0
    assert "End of input" in result.stdout
    assert result.stdout.rstrip().endswith("Score: 2 / 2")
    with sqlite3.connect(home / "progress.sqlite3") as db:
        assert db.execute("SELECT score, maximum, card_count FROM quiz_results").fetchall() == [
            (2.0, 2.0, 2)
        ]


def test_study_plain_rates_with_intervals_and_undo(home: Path, every_type_path: Path) -> None:
    # basic card: reveal, knew it, accept the suggested Good; then undo it on the next card and
    # rate it Easy instead; then stop.
    result = sahel(home, "study", "--plain", str(every_type_path), stdin="\ny\n\n1\nu\n\ny\n4\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "New 8 · Learning 0 · Review 0" in out
    assert "1) Again 1m  2) Hard 5.5m  3) Good 10m  4) Easy" in out
    assert "[Enter = 3]" in out
    assert "Undid the last rating." in out
    assert [(card, rating) for card, rating, _ in reviews(home)] == [
        ("basic-card", 3),
        ("basic-card", 4),
    ]
    with sqlite3.connect(home / "progress.sqlite3") as db:
        assert db.execute("SELECT undone FROM reviews ORDER BY id").fetchall() == [(1,), (0,)]


def test_study_plain_when_nothing_is_due(home: Path, every_type_path: Path) -> None:
    result = sahel(home, "study", "--plain", str(every_type_path), "--new-per-day", "0")
    assert result.returncode == 0
    assert "Nothing is due" in result.stdout


def test_stats_json_counts_the_reviews(home: Path, every_type_path: Path) -> None:
    sahel(home, "play", "--plain", str(every_type_path), "--no-shuffle", stdin="\ny\n1\n")
    result = sahel(home, "stats", "--json", str(every_type_path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    [deck] = report["decks"]
    assert deck["deck"] == "every-type"
    assert (deck["cards"], deck["new"], deck["learning"], deck["reviews_done"]) == (8, 6, 2, 2)
    assert deck["due_next_7_days"] == 2
    assert datetime.fromisoformat(deck["next_due"]).tzinfo is not None  # machines read ISO
    text = sahel(home, "stats", "--plain", str(every_type_path)).stdout
    assert "new 6 · learning 2 · review 0" in text
    # people read words: the learning step's card is due again in minutes
    assert re.search(r"next due (today|tomorrow) at \d\d:\d\d\n", text), text
    french = sahel(home, "--lang", "fr", "stats", "--plain", str(every_type_path)).stdout
    assert re.search(r"prochaine échéance (aujourd’hui|demain) à \d\d:\d\d\n", french), french
    assert not re.search(r"\d{4}-\d\d-\d\d", text + french)


def test_stats_reports_cards_no_longer_in_any_deck(
    home: Path, every_type_path: Path, tmp_path: Path
) -> None:
    sahel(home, "play", "--plain", str(every_type_path), "--no-shuffle", stdin="\ny\n")
    folder = tmp_path / "decks"
    folder.mkdir()
    text = every_type_path.read_text().replace("id: basic-card", "id: renamed-card")
    source = every_type_path.parent / "source.txt"
    (folder / "every-type.yaml").write_text(text.replace("source: source.txt", f"source: {source}"))
    result = sahel(home, "--decks", str(folder), "stats", "--json")
    report = json.loads(result.stdout)
    assert report["no_longer_in_any_deck"] == [
        {"deck_id": "every-type", "card_ids": ["basic-card"]}
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["play", "--plain", "no-such-deck"], "no deck with id 'no-such-deck'"),
        (["stats", "--profile", "nobody"], "unknown profile 'nobody'"),
        (["study", "--plain", "--retention", "1.5", "aes-russia"], "retention"),
        (["play", "--plain", "missing.yaml"], "missing.yaml"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(home: Path, args: list[str], message: str) -> None:
    result = sahel(home, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("sahel-quiz: error:")
    assert message in line


def test_not_a_terminal_falls_back_to_line_mode(home: Path) -> None:
    result = sahel(home, "play", "aes-russia", "--limit", "1")
    assert result.returncode == 0
    assert "not a terminal: using line mode" in result.stderr
    assert "Score: 0 / " in result.stdout
