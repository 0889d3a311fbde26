"""Shared fixtures: an isolated progress home per test and the hypothesis profiles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

if TYPE_CHECKING:
    from sahel_quiz.deck.model import LoadedDeck
    from sahel_quiz.store import Store

settings.register_profile(
    "default",
    deadline=None,
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", parent=settings.get_profile("default"), max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test speaks English unless it asks otherwise, whatever the machine's locale (the
    tests of French set `--lang fr` or the variables themselves); the language is reset after
    each test, since `set_language` holds for the whole process."""
    from sahel_quiz import i18n

    monkeypatch.setenv("SAHEL_QUIZ_LANG", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh progress folder, also exported as SAHEL_QUIZ_HOME for subprocesses."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("SAHEL_QUIZ_HOME", str(folder))
    yield folder


@pytest.fixture
def repo() -> Path:
    return REPO


FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture
def every_type_path() -> Path:
    """A small deck with one card of each type, quoting `fixtures/source.txt`."""
    return FIXTURES / "every-type.yaml"


@pytest.fixture
def deck(every_type_path: Path) -> LoadedDeck:
    """The every-type deck, loaded (a module may define its own `deck` instead)."""
    from sahel_quiz.deck.loader import load_deck

    return load_deck(every_type_path)


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    """The progress store in `home`, closed after the test."""
    from sahel_quiz.store import Store

    with Store.open(home) as opened:
        yield opened
