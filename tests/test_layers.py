"""Imports flow downward only: each layer is imported alone in a fresh interpreter and must not
pull in the layers above it (nor any UI or network library, below the interfaces).

This is the run-time half of the layering; the static half is the import-linter contracts in
pyproject.toml (`lint-imports`), which also see imports deferred into functions."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

UI = {"textual", "rich", "aiohttp"}
ENGINE = {"sahel_quiz.engine", "sahel_quiz.tui", "sahel_quiz.classroom", "sahel_quiz.plain"}
STORE = {"sahel_quiz.store", *ENGINE}
SCHEDULING = {"sahel_quiz.scheduling", "fsrs", "sqlite3", *STORE}
CARDS = {"sahel_quiz.cards", *SCHEDULING}

CASES = {
    "sahel_quiz.deck.loader": {"sahel_quiz.grading", "sahel_quiz.scoring", *CARDS, *UI},
    "sahel_quiz.scoring": {"sahel_quiz.grading", "sahel_quiz.deck", *CARDS, *UI},
    "sahel_quiz.grading": {*CARDS, *UI},
    "sahel_quiz.cards": {*SCHEDULING, *UI},
    "sahel_quiz.scheduling": {*STORE, "sqlite3", *UI},
    "sahel_quiz.store": {*ENGINE, *UI},
    "sahel_quiz.engine.quiz": {"sahel_quiz.tui", "sahel_quiz.classroom", "sahel_quiz.plain", *UI},
    "sahel_quiz.engine.study": {"sahel_quiz.tui", "sahel_quiz.classroom", "sahel_quiz.plain", *UI},
    "sahel_quiz.engine.stats": {"sahel_quiz.tui", "sahel_quiz.classroom", "sahel_quiz.plain", *UI},
    "sahel_quiz.engine.workspace": {"sahel_quiz.tui", "sahel_quiz.classroom", *UI},
    "sahel_quiz.engine.classroom": {"sahel_quiz.tui", "sahel_quiz.classroom", *UI},
    "sahel_quiz.plain.quiz": {"sahel_quiz.tui", "sahel_quiz.classroom", *UI},
    # Interchange is an interface over decks: it never touches progress, and each format's
    # library (genanki, openpyxl) loads only when that format is used.
    "sahel_quiz.interchange.importing": {*SCHEDULING, *UI, "genanki", "openpyxl"},
    "sahel_quiz.interchange.exporting": {*SCHEDULING, *UI, "genanki", "openpyxl"},
    "sahel_quiz.interchange.anki": {*STORE, "sahel_quiz.scheduling", *UI, "openpyxl"},
    "sahel_quiz.interchange.kahoot": {*SCHEDULING, *UI, "genanki"},
}


def imported_by(module: str) -> set[str]:
    code = f"import sys, json, {module}; print(json.dumps(sorted(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(output))


@pytest.mark.parametrize("module", sorted(CASES))
def test_layer_imports_only_downward(module: str) -> None:
    loaded = imported_by(module)
    assert module in loaded
    forbidden = sorted(
        name
        for name in loaded
        for banned in CASES[module]
        if name == banned or name.startswith(banned + ".")
    )
    assert forbidden == [], f"{module} imports {forbidden}"


def test_interfaces_do_not_branch_on_card_classes() -> None:
    """Issue 8's rule: outside deck, grading and cards, asking `cards` (or a table keyed by the
    card's `type`) replaces `isinstance(card, XxxCard)`; at most 20 such branches in all."""
    package = Path(__file__).resolve().parent.parent / "sahel_quiz"
    pattern = re.compile(r"isinstance\(.*Card")
    branches = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if path.relative_to(package).parts[0] not in {"deck", "grading", "cards"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert len(branches) <= 20, branches
    assert not [where for where in branches if where.startswith("interchange")], branches
