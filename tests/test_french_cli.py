"""The command line and line mode in French, as a French-speaking user drives them: `--help` of
every command, error messages, a quiz, a study session and the stats, each in a subprocess.

"No English word" is checked against the English texts themselves: the help of the parser
built in English, and the interface lines line mode prints in English for the same input.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_support import sahel

from sahel_quiz import i18n

NBSP = "\u00a0"
COMMANDS = [
    "check",
    "schema",
    "doctor",
    "play",
    "study",
    "stats",
    "host",
    "join",
    "report",
    "export",
    "import",
]


def english_help_texts() -> set[str]:
    """Every help text, description and metavar of the parser, in English."""
    import argparse

    from sahel_quiz.cli import build_parser

    i18n.set_language("en")
    texts: set[str] = set()
    parsers = [build_parser()]
    for parser in parsers:
        texts.add(parser.description or "")
        for action in parser._actions:
            texts.add(action.help or "")
            if isinstance(action.metavar, str):
                texts.add(action.metavar)
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
                texts.update(choice.help or "" for choice in action._choices_actions)
    texts -= {"N", "R", "URL", "PIN", "ID", "PORT", "MODE", "ARTICLE", "%(default)s", ""}
    return texts


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_the_help_of_every_command_is_in_french(command: str | None, home: Path) -> None:
    args = ["--lang", "fr", *([command] if command else []), "--help"]
    result = sahel(home, *args)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"usage{NBSP}: sahel-quiz")
    assert f"\noptions{NBSP}:\n" in out
    assert "afficher cette aide et quitter" in out
    flat = " ".join(out.split())  # argparse wraps lines at spaces
    english = [text for text in english_help_texts() if " ".join(text.split()) in flat]
    # Single words the two languages share ("options") and option names are not English left over.
    english = [text for text in english if not re.fullmatch(r"[A-Z]+|options", text)]
    assert english == []
    for word in ("usage:", "default:", "show this help", "positional arguments", "error:"):
        assert word not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["play", "--plain", "--limit", "0"], f"--limit{NBSP}: doit valoir 1 ou plus, pas 0"),
        (["play", "--time-limit", "-1"], "supérieur à 0, pas -1"),
        (["host", "aes-russia", "--port", "70000"], "--port doit être compris entre 0 et 65535"),
        (["stats", "--decks", "/nonexistent"], f"/nonexistent{NBSP}: ce dossier n’existe pas"),
        (["report", "first"], f"SÉANCE est un numéro de séance ou «{NBSP}last{NBSP}»"),
        (["report", "--csv", "x.csv"], "nommez la SÉANCE à exporter"),
        (
            ["play", "--limit", "x"],
            f"argument --limit{NBSP}: pas un nombre entier{NBSP}: «{NBSP}x{NBSP}»",
        ),
        (["--profile", "a b", "stats"], f"profil «{NBSP}a b{NBSP}» inconnu"),
        (["--profile", "a\x1bb", "stats"], f"contrôle{NBSP}: «{NBSP}a\\x1bb{NBSP}»"),
        (
            ["host", "aes-russia", "--limit", "x"],
            f"--limit{NBSP}: pas un nombre entier{NBSP}: «{NBSP}x{NBSP}»",
        ),
        (
            ["study", "--retention", "abc"],
            f"--retention{NBSP}: pas un nombre{NBSP}: «{NBSP}abc{NBSP}»",
        ),
        (["play", "--bogus"], f"arguments non reconnus{NBSP}: --bogus"),
        # a value argparse refuses is quoted the French way, control characters escaped
        (["bogus"], f"choix non valide{NBSP}: «{NBSP}bogus{NBSP}» (choisissez parmi"),
        (["host", "x", "--mode", "fa\x1bst"], f"«{NBSP}fa\\x1bst{NBSP}» (choisissez parmi"),
        (["stats", "--x=\x1b[2J"], f"arguments non reconnus{NBSP}: --x=\\x1b[2J"),
        (["host"], f"les arguments suivants sont requis{NBSP}: PAQUET"),
        (["join", "http://x"], f"les arguments suivants sont requis{NBSP}: --name"),
        (["study", "--retention", "2"], "la rétention visée doit être comprise entre 0,7 et 0,99"),
        (["study", "--new-per-day", "-1"], f"--new-per-day{NBSP}: doit valoir 0 ou plus, pas -1"),
    ],
)
def test_errors_are_one_french_line_and_exit_2(home: Path, args: list[str], message: str) -> None:
    result = sahel(home, "--lang", "fr", *args, stdin="")
    assert result.returncode == 2, result.stdout
    assert message in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert re.match(f"sahel-quiz( \\w+)?{NBSP}: erreur{NBSP}: ", last), last
    assert "Traceback" not in result.stderr and "error:" not in result.stderr


def test_a_decimal_comma_is_a_number_as_the_french_help_writes_it(home: Path) -> None:
    """The help says « par défaut : 0,9 »: the learner may type it so."""
    result = sahel(home, "--lang", "fr", "study", "--plain", "--retention", "0,85", stdin="")
    assert result.returncode == 0, result.stderr


def test_an_unknown_language_is_refused_in_the_language_in_force(home: Path) -> None:
    result = sahel(home, "--lang", "de", "stats", SAHEL_QUIZ_LANG="fr")
    assert result.returncode == 2
    assert (
        f"argument --lang{NBSP}: «{NBSP}de{NBSP}» n’est pas une langue de sahel-quiz"
        in result.stderr
    )


# With --no-shuffle the cards come in deck order and seed 1 shuffles the options as below (see
# test_plain.py); `o` is French for yes.
ANSWERS = ["", "o", "3", "1,3", "v", "Lavorv", "13 years", "3", "five", "1,2,3"]

# What line mode writes itself (not the deck's text), in English, to prove that none of it is
# left in the French run.
ENGLISH_WORDS = [
    "Question 1 of",
    "Right",
    "Wrong",
    "Answer:",
    "answer:",
    "spelling:",
    "your answer",
    "not picked",
    "Why:",
    "Score:",
    "press Enter",
    "(type ",
    "Did you know",
    "Blank",
    "(y/n)",
]


def test_a_quiz_in_line_mode_in_french(home: Path, every_type_path: Path) -> None:
    args = ["play", "--plain", str(every_type_path), "--no-shuffle", "--seed", "1"]
    result = sahel(home, "--lang", "fr", *args, stdin="\n".join(ANSWERS) + "\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert out.startswith(f"One card of every type — 8{NBSP}questions\n")
    for line in [
        "Question 1 sur 8",
        f"(appuyez sur Entrée pour voir la réponse)> Réponse{NBSP}: Moscow",
        f"Le saviez-vous{NBSP}? (o/n)> ✓ Bonne réponse (1{NBSP}/{NBSP}1{NBSP}point)",
        f"~ En partie juste (0,67{NBSP}/{NBSP}1{NBSP}point)",  # French decimals
        "(tapez v (vrai) ou f (faux))> ✗ Mauvaise réponse",  # v is "vrai"
        "  ✗ Vrai (votre réponse, fausse)\n  ✓ Faux (juste, non choisie)",  # True/False
        f"  ✓ Lavorv (orthographe{NBSP}: Lav[ro]v, lettres corrigées entre [ ])",
        "  ✓ 4) Burkina Faso (juste, non choisie)",
        f"  ✗ __2__ five (réponse{NBSP}: 4)",
        f"  ✗ 1. Mali (la vôtre{NBSP}: 3)",
        f"Question 6 sur 8 · 2{NBSP}points",  # plural
        f"Pourquoi{NBSP}: Lavrov invited them himself.",
        f"Source{NBSP}: «{NBSP}Mali, Burkina Faso, and Niger{NBSP}» — source.txt",
        f"Trou 1 sur 2> Trou 2 sur 2> ~ En partie juste (0,5{NBSP}/{NBSP}1{NBSP}point)",
        f"Score{NBSP}: 6,5{NBSP}/{NBSP}9",
    ]:
        assert line in out, line
    interface = out.replace("Put the countries", "").replace("Who invited", "")
    assert [word for word in ENGLISH_WORDS if word in interface] == []
    english = sahel(home / "en", *args, stdin="\n".join(ANSWERS).replace("o", "y", 1) + "\n")
    assert sum(word in english.stdout for word in ENGLISH_WORDS) > 10  # the list is not stale


def test_unreadable_answers_get_their_hint_in_french(home: Path, every_type_path: Path) -> None:
    result = sahel(
        home,
        "play",
        "--plain",
        str(every_type_path),
        "--no-shuffle",
        "--limit",
        "2",
        "--seed",
        "1",
        stdin="\no\n9\n3\n",
        SAHEL_QUIZ_LANG="fr",  # the variable alone is enough
    )
    assert "  répondez par un numéro d’option de 1 à 3" in result.stdout
    assert f"Score{NBSP}: 2{NBSP}/{NBSP}2" in result.stdout


def test_study_and_stats_in_line_mode_in_french(home: Path, every_type_path: Path) -> None:
    study = sahel(
        home,
        "--lang",
        "fr",
        "study",
        "--plain",
        str(every_type_path),
        "--seed",
        "1",
        stdin="\no\n3\n1\nu\n",
    )
    out = study.stdout
    assert study.returncode == 0, study.stderr
    assert "One card of every type — révision" in out
    assert "Nouvelles 8 · En cours 0 · À réviser 0" in out
    assert re.search(f"1\\) À revoir 1{NBSP}min  2\\) Difficile .*  u\\) annuler", out), out
    assert "Dernière évaluation annulée." in out
    assert f"Fin de l’entrée{NBSP}: la révision s’arrête ici." in out
    assert f"\n0{NBSP}carte révisée.\n" in out  # undone; French: 0 takes the singular
    stats = sahel(home, "--lang", "fr", "stats", "--plain", "--decks", str(every_type_path.parent))
    assert stats.returncode == 0, stats.stderr
    assert f"Profil{NBSP}: default" in stats.stdout
    assert "nouvelles 8 · en cours 0 · en révision 0" in stats.stdout
    assert "rétention réelle —" in stats.stdout


def test_check_counts_in_french(home: Path, every_type_path: Path) -> None:
    result = sahel(home, "--lang", "fr", "check", str(every_type_path))
    assert result.stdout.strip().endswith(f"1{NBSP}paquet vérifié, 0{NBSP}problème")


BAD_DECK = """\
id: bad-deck
title: Bad
language: fr
cards:
  - id: a
    type: typed
    prompt: Quoi ?
    answer: no
    explian: x
  - id: a
    type: choice
    prompt: Qui ?
    options: [Mali, Mali]
    answer: Niger
  - id: d
    type: ordre
    prompt: x
"""


def test_the_deck_checker_speaks_french(home: Path, tmp_path: Path) -> None:
    """Teachers read the checker's messages: every one in French, values in « »,
    `FILE:LINE:COL:` kept as editors read it."""
    deck = tmp_path / "bad.yaml"
    deck.write_text(BAD_DECK, encoding="utf-8")
    result = sahel(home, "--lang", "fr", "check", str(deck))
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines == [
        f"{deck}:8:13: cards[0].answer{NBSP}: no sans guillemets se lit comme le booléen false"
        f'{NBSP}; mettez-le entre guillemets («{NBSP}"no"{NBSP}») pour dire le texte',
        f"{deck}:9:5: cards[0]{NBSP}: clé «{NBSP}explian{NBSP}» inconnue (vouliez-vous dire "
        f"«{NBSP}explain{NBSP}»{NBSP}?)",
        f"{deck}:10:9: cards[1].id{NBSP}: identifiant de carte «{NBSP}a{NBSP}» en double (d’abord "
        f"à la ligne 5){NBSP}; la progression est gardée par identifiant de carte, chacun doit "
        "donc être unique",
        f"{deck}:13:21: cards[1].options{NBSP}: doublon dans les options{NBSP}: «{NBSP}Mali{NBSP}» "
        "apparaît plusieurs fois",
        f"{deck}:16:11: cards[2].type{NBSP}: type de carte «{NBSP}ordre{NBSP}» inconnu "
        f"(vouliez-vous dire «{NBSP}order{NBSP}»{NBSP}?){NBSP}; les types sont basic, choice, "
        "multi, true_false, typed, number, cloze, order",
        f"1{NBSP}paquet vérifié, 5{NBSP}problèmes",
    ]
    missing = sahel(home, "--lang", "fr", "play", "--plain", "nope")
    assert missing.returncode == 2
    assert missing.stderr.strip().endswith(
        f"aucun paquet n’a l’identifiant «{NBSP}nope{NBSP}»{NBSP}; disponibles{NBSP}: "
        "aes-russia, aes-russia-fr"
    )
