"""The snapshots of `test_tui_snapshots.py` (home, help, profile, each card type's question and
feedback, an empty answer, the results) in French, at 80×24 and 120×40.

After a deliberate change of the look: `pytest tests/test_tui_snapshots_fr.py --snapshot-update`,
then look at the report before committing.
"""

from __future__ import annotations

import test_tui_snapshots as english
from french_snapshots import french as french
from tui_support import no_cursor_blink as no_cursor_blink
from tui_support import quiz_deck_path as quiz_deck_path
from tui_support import quiz_workspace as quiz_workspace


class TestHome(english.TestHome):
    """Home, help and profile, in French (the scenarios of the English class)."""


class TestQuizCardTypes(english.TestQuizCardTypes):
    """Each card type's question and its feedback, in French."""


class TestEmptyAnswer(english.TestEmptyAnswer):
    """The message for an empty answer, in French."""


class TestResults(english.TestResults):
    """The results of a whole quiz, in French."""
