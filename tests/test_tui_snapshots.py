"""SVG snapshots of the home, quiz (one per card type), feedback (one per card type, the
question marked), results, help and profile screens at 80×24 and 120×40, with a fixed clock,
seed and card order and the cursor blink off. The study and stats screens are in
`test_tui_study_snapshots.py`; the classroom host screen in `test_tui_host_snapshots.py`.

The snapshots were made with textual 8.2.8 (pinned in pyproject.toml): another version may draw
differently. After a deliberate change of the look: `pytest tests/test_tui_snapshots.py
--snapshot-update`, then look at the report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_support import StepClock, deck_order_quiz, play, settle
from tui_support import no_cursor_blink as no_cursor_blink
from tui_support import quiz_deck_path as quiz_deck_path
from tui_support import quiz_workspace as quiz_workspace

from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.grading import Response
from sahel_quiz.tui.app import SahelQuizApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
WRONGISH: dict[str, Response] = {
    "basic-card": False,  # "I didn't know it"
    "choice-card": "Vladimir Putin",
    "multi-card": ["Mali", "Senegal"],
    "tf-card": True,
    "typed-card": "Sergei Lavrof",  # a near miss: the letter that differs is marked
    "number-card": "14",
    "cloze-card": ["three", "5"],  # an accepted alternative, then a wrong blank
    "order-card": ["Niger", "Mali", "Burkina Faso"],
}
"""A response to each card that shows its marks: wrong, partly right or a near miss."""
CARD_IDS = list(WRONGISH)

SnapCompare = Callable[..., bool]
RunBefore = Callable[[Pilot[None]], Awaitable[None]]


def make_app(workspace: Workspace) -> SahelQuizApp:
    return SahelQuizApp(workspace, clock=StepClock(), seed=7, shuffle=False)


def quiz_of(workspace: Workspace, deck_path: Path, card_ids: list[str] | None) -> RunBefore:
    """Open the home screen, then a quiz over `card_ids` (all cards: None), in deck order."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await play(pilot, deck_order_quiz(workspace, deck_path, card_ids))

    return run_before


def pressing(*keys: str) -> RunBefore:
    """Open the home screen, then press `keys`."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
class TestHome:
    def test_home(self, snap_compare: SnapCompare, workspace: Workspace, size: Any) -> None:
        assert snap_compare(make_app(workspace), terminal_size=size, run_before=settle)

    def test_help(self, snap_compare: SnapCompare, workspace: Workspace, size: Any) -> None:
        assert snap_compare(make_app(workspace), terminal_size=size, run_before=pressing("f1"))

    def test_profile(self, snap_compare: SnapCompare, workspace: Workspace, size: Any) -> None:
        run_before = pressing("u", *"awa")
        assert snap_compare(make_app(workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("card_id", CARD_IDS)
class TestQuizCardTypes:
    def test_question(
        self,
        snap_compare: SnapCompare,
        workspace: Workspace,
        deck_path: Path,
        card_id: str,
        size: Any,
    ) -> None:
        run_before = quiz_of(workspace, deck_path, [card_id])
        assert snap_compare(make_app(workspace), terminal_size=size, run_before=run_before)

    def test_feedback(
        self,
        snap_compare: SnapCompare,
        workspace: Workspace,
        deck_path: Path,
        card_id: str,
        size: Any,
    ) -> None:
        """The question stays, marked; "Next" right under the feedback."""
        open_quiz = quiz_of(workspace, deck_path, [card_id])

        async def run_before(pilot: Pilot[Any]) -> None:
            await open_quiz(pilot)
            box = pilot.app.screen.box
            assert box is not None
            box.submit(WRONGISH[card_id])
            await settle(pilot)

        assert snap_compare(make_app(workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
class TestEmptyAnswer:
    def test_multi_with_nothing_ticked(
        self, snap_compare: SnapCompare, workspace: Workspace, deck_path: Path, size: Any
    ) -> None:
        open_quiz = quiz_of(workspace, deck_path, ["multi-card"])

        async def run_before(pilot: Pilot[Any]) -> None:
            await open_quiz(pilot)
            await pilot.press("enter")
            await settle(pilot)

        assert snap_compare(make_app(workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
class TestResults:
    def test_results_after_a_whole_quiz(
        self, snap_compare: SnapCompare, workspace: Workspace, deck_path: Path, size: Any
    ) -> None:
        """The answers go straight to the engine (the keyboard is tested in test_tui_quiz);
        Escape then ends the quiz, which is complete, and shows the results."""
        open_quiz = quiz_of(workspace, deck_path, None)
        responses: dict[str, Any] = {
            "basic-card": True,
            "choice-card": "Vladimir Putin",  # wrong
            "multi-card": ["Mali", "Burkina Faso"],  # partly right
            "tf-card": False,
            "typed-card": "Lavrov",
            "number-card": "14",  # wrong
            "cloze-card": ["3", "four"],
            "order-card": None,  # the items as shown (shuffled): partly right
        }

        async def run_before(pilot: Pilot[Any]) -> None:
            await open_quiz(pilot)
            session = pilot.app.screen.session
            clock = StepClock()
            while (question := session.current) is not None:
                response = responses[question.card.id]
                if response is None:
                    response = list(question.choices)
                session.answer(response, now=clock())
            await pilot.press("escape")
            await settle(pilot)

        assert snap_compare(make_app(workspace), terminal_size=size, run_before=run_before)
