"""The study screen, driven by keys and clicks through Textual's Pilot, checked on the screen and
in the store: each rating 1–4, Enter for the suggested one, undo, "this card changed", the
"nothing due" view with when the next card is due, and the way back."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input, Static
from tui_support import STUDY_NOW as NOW
from tui_support import Clock, Host, loaded
from tui_support import steady_cursor as steady_cursor
from tui_support import utc_local_time as utc_local_time

from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.engine.study import StudySession
from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.scheduling import format_interval
from sahel_quiz.scoring import Rating
from sahel_quiz.tui.screens.study import StudyScreen, next_due_text, wait_text
from sahel_quiz.tui.widgets.answers import ChoiceAnswer
from sahel_quiz.tui.widgets.feedback import FeedbackPanel


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    opened = Workspace(home=home)
    yield opened
    opened.close()


def study_app(workspace: Workspace, deck: LoadedDeck, clock: Clock, **options: int) -> Host:
    return Host(lambda: StudyScreen(workspace, deck, clock=clock, seed=3, **options))


async def ready(pilot: Pilot[None]) -> StudyScreen:
    """The study screen once its queue is read (it is read in a worker thread)."""
    screen = await loaded(pilot, StudyScreen)
    assert screen.session is not None
    return screen


def text(screen: Screen[None], selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def counts_line(new: int, learning: int, review: int) -> str:
    """The study bar's counts, named as the home screen's columns are."""
    total = new + learning + review
    return f"{total} left today: New {new} · Learning {learning} · Review {review}"


def kind(screen: StudyScreen) -> str:
    """What kind of card is shown (the title of the prompt's frame)."""
    return str(screen.query_one("#study-prompt").border_title)


def rating_labels(screen: StudyScreen) -> dict[Rating, str]:
    return {r: str(screen.query_one(f"#rate-{int(r)}", Button).label) for r in Rating}


async def test_each_rating_then_undo(workspace: Workspace, deck: LoadedDeck) -> None:
    store = workspace.store
    clock = Clock()
    async with study_app(workspace, deck, clock, new_per_day=8).run_test() as pilot:
        screen = await ready(pilot)
        assert text(screen, "#study-counts") == counts_line(8, 0, 0)
        # a basic card: the front, then Space shows the back with Good pre-selected
        assert text(screen, "#study-prompt") == "Where will the ministers go?"
        assert kind(screen) == "New card"
        assert not screen.query_one("#study-ratings").display  # the ratings come with the back
        await pilot.press("space")
        assert "Answer: Moscow" in text(screen, "#reveal-answer")
        assert screen.suggested is Rating.GOOD
        labels = rating_labels(screen)
        assert labels[Rating.AGAIN] == "1 Again 1m" and labels[Rating.GOOD] == "3 Good 10m"
        assert screen.item is not None
        for rating in Rating:  # every button shows the interval the engine previews
            assert labels[rating].endswith(" " + screen.item.intervals[rating])

        # 1 = Again: the card is learning again in a minute
        await pilot.press("1")
        state = store.card_state("default", "every-type", "basic-card")
        assert state is not None and state.state == 1 and state.due == NOW + timedelta(minutes=1)
        assert store.review_count("default", "every-type") == 1
        assert text(screen, "#study-counts") == counts_line(7, 1, 0)

        # a choice card, answered right with its number key: Good suggested, 2 = Hard chosen
        assert screen.item is not None and screen.item.card.id == "choice-card"
        number = screen.item.choices.index("Sergei Lavrov") + 1
        await pilot.press(str(number))
        panel = screen.query_one(FeedbackPanel)
        assert panel.grade.credit == 1.0 and "Right" in text(panel, "#verdict")
        assert screen.suggested is Rating.GOOD
        hard = screen.item.intervals[Rating.HARD]
        await pilot.press("2")
        state = store.card_state("default", "every-type", "choice-card")
        assert state is not None and format_interval(state.due - NOW) == hard
        assert text(screen, "#study-counts") == counts_line(6, 2, 0)

        # a multi card, half right: Hard is suggested; a click on Good (3) overrides it
        assert screen.item is not None and screen.item.card.id == "multi-card"
        mali = screen.item.choices.index("Mali") + 1
        await pilot.press(str(mali), "enter")
        assert screen.query_one(FeedbackPanel).grade.verdict == "partly"
        assert screen.suggested is Rating.HARD
        good = screen.item.intervals[Rating.GOOD]
        await pilot.click("#rate-3")
        state = store.card_state("default", "every-type", "multi-card")
        assert state is not None and format_interval(state.due - NOW) == good

        # true/false, right: 4 = Easy sends a new card straight to review, days away
        assert screen.item is not None and screen.item.card.id == "tf-card"
        easy = screen.item.intervals[Rating.EASY]
        assert easy.endswith("d")
        await pilot.press("f")
        await pilot.press("4")
        state = store.card_state("default", "every-type", "tf-card")
        assert state is not None and state.state == 2
        assert format_interval(state.due - NOW) == easy
        assert store.review_count("default", "every-type") == 4
        assert text(screen, "#study-counts") == counts_line(4, 3, 0)

        # Ctrl+Z takes the Easy back even though the next card's text field has the keyboard
        # (where `u` is typed): the card is new again and shown again
        assert isinstance(screen.focused, Input)
        await pilot.press("ctrl+z")
        assert store.review_count("default", "every-type") == 3
        assert store.card_state("default", "every-type", "tf-card") is None
        assert text(screen, "#study-status") == "Undid the last rating."
        assert screen.item is not None and screen.item.card.id == "tf-card"
        assert text(screen, "#study-counts") == counts_line(5, 3, 0)

        # Enter accepts the suggested rating: a wrong answer → Again
        await pilot.press("t")
        assert screen.suggested is Rating.AGAIN
        await pilot.press("enter")
        state = store.card_state("default", "every-type", "tf-card")
        assert state is not None and state.due == NOW + timedelta(minutes=1)
        assert store.review_count("default", "every-type") == 4


async def test_typed_answer_then_undo_from_the_text_field(
    workspace: Workspace, deck: LoadedDeck
) -> None:
    store = workspace.store
    clock = Clock()
    typed_first = LoadedDeck(
        deck=deck.deck.model_copy(update={"cards": [deck.deck.card("typed-card")]}),
        path=deck.path,
        source_path=deck.source_path,
        source_text=deck.source_text,
    )
    async with study_app(workspace, typed_first, clock).run_test() as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+z")  # nothing to undo yet: said, and the card stays
        assert text(screen, "#study-status") == "Nothing to undo."
        assert screen.phase == "front" and isinstance(screen.focused, Input)
        await pilot.press(*"Lavrof", "enter")  # a near miss of the accepted "Lavrov"
        panel = screen.query_one(FeedbackPanel)
        assert panel.grade.credit == 1.0 and panel.grade.accepted_as == "Lavrov"
        await pilot.press("3")
        assert store.review_count("default", "every-type") == 1
        assert screen.phase == "front"  # learn-ahead: the card comes back within 20 minutes
        await pilot.press("u")  # typed in the field: not an undo
        assert store.review_count("default", "every-type") == 1
        assert screen.query_one("#text-input", Input).value == "u"
        await pilot.press("ctrl+z")
        assert store.review_count("default", "every-type") == 0
        assert store.card_state("default", "every-type", "typed-card") is None


async def test_nothing_due_says_when_the_next_card_is(
    workspace: Workspace, deck: LoadedDeck
) -> None:
    clock = Clock()
    async with study_app(workspace, deck, clock, new_per_day=1).run_test() as pilot:
        screen = await ready(pilot)
        await pilot.press("space", "4")  # the only new card today, rated Easy
        assert screen.phase == "done"
        state = workspace.store.card_state("default", "every-type", "basic-card")
        assert state is not None
        days = round((state.due - NOW) / timedelta(days=1))
        assert text(screen, "#study-done-title") == "✓ Nothing is due now."
        shown = text(screen, "#study-next-due")
        assert shown == next_due_text(state.due, NOW)
        assert f"at {state.due:%H:%M} (in {days} days)" in shown
        assert text(screen, "#study-counts") == counts_line(0, 0, 0)
        assert text(screen, "#study-summary") == (
            "You studied 1 card in 0 s.\nTomorrow: 0 cards fall due."
        )
        assert not screen.query_one("#study-card").display
        # rating keys mean nothing now; u undoes the rating and brings the card back
        await pilot.press("3")
        assert workspace.store.review_count("default", "every-type") == 1
        await pilot.press("u")
        assert workspace.store.review_count("default", "every-type") == 0
        assert screen.phase == "front"
        assert text(screen, "#study-counts").startswith("1 left today: New 1 ")
        await pilot.press("space", "4")
        assert screen.phase == "done"
        state = workspace.store.card_state("default", "every-type", "basic-card")
        assert state is not None
        # when the card falls due, the screen shows it by itself
        clock.now = state.due + timedelta(seconds=1)
        await screen.look_again()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.phase == "front" and screen.item is not None
        assert screen.item.kind == "review"
        # days later: a new day, so one more new card is allowed too
        assert text(screen, "#study-counts") == counts_line(1, 0, 1)


async def test_a_card_changed_since_its_last_review_says_so(
    workspace: Workspace, deck: LoadedDeck
) -> None:
    earlier = NOW - timedelta(days=3)
    session = StudySession.start(deck, workspace.store, now=earlier, new_per_day=1, seed=1)
    session.rate(Rating.GOOD, now=earlier)  # basic-card, due again in 10 minutes
    reworded = deck.deck.card("basic-card").model_copy(update={"prompt": "Which city?"})
    cards = [reworded if card.id == "basic-card" else card for card in deck.deck.cards]
    changed = LoadedDeck(deck=deck.deck.model_copy(update={"cards": cards}), path=deck.path)
    async with study_app(workspace, changed, Clock(), new_per_day=0).run_test() as pilot:
        screen = await ready(pilot)
        assert screen.item is not None and screen.item.changed
        assert screen.query_one("#study-changed").display
        assert "changed since your last review" in text(screen, "#study-changed")
        assert text(screen, "#study-prompt") == "Which city?"
        assert kind(screen) == "Learning"


async def test_an_impossible_setting_is_one_line_on_the_screen(
    workspace: Workspace, deck: LoadedDeck
) -> None:
    async with study_app(workspace, deck, Clock(), new_per_day=-1).run_test() as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, StudyScreen) and screen.phase == "failed"
        assert text(screen, "#study-status") == ("⚠ new cards per day must be 0 or more (got -1)")
        await pilot.press("space", "3", "u")  # nothing to do, nothing breaks
        assert workspace.store.review_count("default") == 0


async def test_escape_leaves_a_screen_started_alone(workspace: Workspace, deck: LoadedDeck) -> None:
    app = study_app(workspace, deck, Clock())
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_through_the_app_shell(workspace: Workspace, deck: LoadedDeck) -> None:
    """`sahel-quiz study DECK` opens the study screen over home; Escape goes back home."""
    from sahel_quiz.tui.app import SahelQuizApp
    from sahel_quiz.tui.screens.home import HomeScreen

    app = SahelQuizApp(workspace, start="study", deck=deck, clock=Clock(), seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await pilot.press("space", "3")
        assert workspace.store.review_count("default", "every-type") == 1
        assert isinstance(screen.query_one("#study-answer").children[0], ChoiceAnswer)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


def test_wait_and_next_due_texts() -> None:
    assert wait_text(NOW + timedelta(minutes=9), NOW) == "in 9 min"
    assert wait_text(NOW + timedelta(seconds=20), NOW) == "in 1 min"
    assert wait_text(NOW + timedelta(hours=5), NOW) == "in 5 h"
    assert wait_text(NOW + timedelta(days=4, hours=1), NOW) == "in 4 days"
    assert next_due_text(None, NOW).startswith("No card")


def test_next_due_text_in_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Africa/Bamako")  # UTC+0 all year
    time.tzset()
    assert next_due_text(NOW + timedelta(minutes=9), NOW) == (
        "The next card is due at 12:09 (in 9 min)."
    )
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # UTC+9: 21:00 local, tomorrow is 03:00
    time.tzset()
    assert next_due_text(NOW + timedelta(hours=6), NOW) == (
        "The next card is due tomorrow at 03:00 (in 6 h)."
    )
    assert next_due_text(NOW + timedelta(days=10), NOW) == (
        "The next card is due on Sat 11 Apr 2026 at 21:00 (in 10 days)."
    )
