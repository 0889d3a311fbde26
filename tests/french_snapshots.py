"""The autouse fixture of the French snapshot modules: the app in French for the whole test.

Each `test_*_fr.py` module runs the scenarios of its English twin unchanged (imported from it),
with this fixture; the snapshots are then kept apart, under the French module's name. The test
decks stay as they are: what the pictures check is every word of the interface.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sahel_quiz.i18n import set_language

__all__ = ["french"]


@pytest.fixture(autouse=True)
def french() -> Iterator[None]:
    set_language("fr")
    yield
    set_language("en")
