"""Every card of both bundled decks fits an 80×24 terminal, in the quiz and in study: the
question with its answer widget and Submit, then the question marked with the feedback, the
explanation, the quote and "Next" (or the ratings), with nothing to scroll (issue 12, "Layout").

Each card is answered wrong, the longest feedback it can have (every note shown)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widget import Widget
from tui_support import no_cursor_blink as no_cursor_blink
from tui_support import steady_cursor as steady_cursor

from sahel_quiz.cards import ShownCard
from sahel_quiz.deck.model import Card, LoadedDeck
from sahel_quiz.engine.quiz import QuizSession
from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.grading import Response
from sahel_quiz.tui.app import SahelQuizApp
from sahel_quiz.tui.screens.quiz import QuizScreen
from sahel_quiz.tui.screens.study import StudyScreen
from sahel_quiz.tui.widgets.answers import AnswerBox

NOW = datetime(2026, 4, 1, 9, tzinfo=UTC)
SIZE = (80, 24)


def wrong(card: Card, shown: ShownCard) -> Response:
    """A wrong answer to `card`, with every mark it can have."""
    answer = getattr(card, "answer", None)
    wrongs: dict[str, Response] = {
        "basic": False,
        "choice": next((o for o in shown.choices if o != answer), None),
        "multi": [o for o in shown.choices if not isinstance(answer, list) or o not in answer],
        "true_false": not answer,
        "order": list(reversed(answer)) if isinstance(answer, list) else None,
        "cloze": ["not this one"] * shown.blanks,
        "number": "99999",
    }
    return wrongs.get(card.type, "not this one either")


def overflow(body: Widget) -> int:
    return round(body.max_scroll_y)


async def test_every_bundled_card_fits_80x24_in_the_quiz(tmp_path: Path) -> None:
    workspace = Workspace(home=tmp_path / "home")
    app = SahelQuizApp(workspace, clock=lambda: NOW, seed=1)
    hidden: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        for loaded in workspace.decks:
            session = QuizSession.start(loaded, now=NOW, seed=1, shuffle=False)
            app.play_session(session)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuizScreen)
            body = screen.query_one("#quiz-body")
            while (question := session.current) is not None:
                await pilot.pause()
                if overflow(body):
                    hidden.append(f"{loaded.id} {question.card.id}: question +{overflow(body)}")
                box = screen.box
                assert box is not None
                box.submit(wrong(question.card, question.shown))
                await pilot.pause()
                await pilot.pause()
                if overflow(body):
                    hidden.append(f"{loaded.id} {question.card.id}: feedback +{overflow(body)}")
                await pilot.press("enter")
            await pilot.pause()
            await pilot.press("h")
    workspace.close()
    assert hidden == []


async def test_every_bundled_card_fits_80x24_in_study(tmp_path: Path) -> None:
    workspace = Workspace(home=tmp_path / "home")
    app = SahelQuizApp(workspace, clock=lambda: NOW, seed=1, new_per_day=100)
    hidden: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        for bundled in workspace.decks:
            # Without groups: study shows one card of a group a day, and every card is wanted.
            cards = [card.model_copy(update={"group": None}) for card in bundled.deck.cards]
            loaded = LoadedDeck(
                deck=bundled.deck.model_copy(update={"cards": cards}),
                path=bundled.path,
                source_path=bundled.source_path,
                source_text=bundled.source_text,
            )
            app.study(loaded)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StudyScreen)
            body = screen.query_one("#study-body")
            studied = 0
            while (item := screen.item) is not None and studied < len(loaded.deck.cards):
                studied += 1
                await pilot.pause()
                if overflow(body):
                    hidden.append(f"{loaded.id} {item.card.id}: front +{overflow(body)}")
                if item.shown.self_graded:
                    screen.action_reveal()
                else:
                    box = screen.query_one("#study-answer").children[0]
                    assert isinstance(box, AnswerBox)
                    box.submit(wrong(item.card, item.shown))
                await pilot.pause()
                await pilot.pause()
                if overflow(body):
                    hidden.append(f"{loaded.id} {item.card.id}: back +{overflow(body)}")
                await screen.action_rate(4)  # Easy: the card leaves today's queue
            assert studied == len(loaded.deck.cards)
            await pilot.press("escape")
            await pilot.pause()
    workspace.close()
    assert hidden == []
