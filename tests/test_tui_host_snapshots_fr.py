"""The snapshots of `test_tui_host_snapshots.py` (the classroom host screen: lobby, question,
reveal, leaderboard, end, self-paced progress) in French, at 80×24 and 120×40.

After a deliberate change: `pytest tests/test_tui_host_snapshots_fr.py --snapshot-update`.
"""

from __future__ import annotations

from french_snapshots import french as french
from test_tui_host_snapshots import deck as deck
from test_tui_host_snapshots import test_host_screen as test_host_screen
from test_tui_host_snapshots import (
    test_host_screen_self_paced_progress as test_host_screen_self_paced_progress,
)
from test_tui_host_snapshots import workspace as workspace
