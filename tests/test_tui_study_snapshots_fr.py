"""The snapshots of `test_tui_study_snapshots.py` (study: front, back, cloze, nothing due;
stats: with progress, empty) in French, at 80×24 and 120×40.

After a deliberate change: `pytest tests/test_tui_study_snapshots_fr.py --snapshot-update`.
"""

from __future__ import annotations

from french_snapshots import french as french
from test_tui_study_snapshots import deck as deck
from test_tui_study_snapshots import test_stats_empty as test_stats_empty
from test_tui_study_snapshots import test_stats_with_progress as test_stats_with_progress
from test_tui_study_snapshots import test_study_back as test_study_back
from test_tui_study_snapshots import test_study_cloze_back as test_study_cloze_back
from test_tui_study_snapshots import test_study_front as test_study_front
from test_tui_study_snapshots import test_study_nothing_due as test_study_nothing_due
from test_tui_study_snapshots import workspace as workspace
from tui_support import steady_cursor as steady_cursor
from tui_support import utc_local_time as utc_local_time
