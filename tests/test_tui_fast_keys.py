"""Fast typing in the answer widgets (issue 15): keys posted back to back, as a quick typist or
a paste delivers them, land where the learner meant, whatever moves the focus in between.

The keys go to the app's queue one right behind the other, with no pause, as a terminal sends
a burst: a key that moves the focus must do so before the next key is routed, and Submit must
wait for the keys already queued in a field.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input
from tui_support import NOW, STUDY_NOW
from tui_support import Host as ScreenHost

from sahel_quiz.cards import ShownCard
from sahel_quiz.deck.loader import load_deck
from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.tui.widgets.answers import (
    AnswerBox,
    AnswerGiven,
    ClozeAnswer,
    MultiAnswer,
    OrderAnswer,
    TrueFalseAnswer,
)

CLOZE = ShownCard("cloze", "_____ _____ _____", blanks=3)


class Host(App[None]):
    """One answer widget alone, recording what it submits."""

    def __init__(self, box: AnswerBox) -> None:
        super().__init__()
        self.box = box
        self.given: list[object] = []

    def compose(self) -> ComposeResult:
        yield self.box

    def on_answer_given(self, message: AnswerGiven) -> None:
        self.given.append(message.response)


def burst(app: App[None], keys: Sequence[str]) -> None:
    """Post every key at once: none is handled before the last is queued."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(key, key))
        else:
            app.post_message(events.Key(key, None))


def blanks(app: App[None]) -> list[str]:
    return [blank.value for blank in app.query(".blank").results(Input)]


async def settle(pilot: object) -> None:
    for _ in range(4):
        await pilot.pause()  # type: ignore[attr-defined]


async def test_tab_between_blanks_keeps_each_word_in_its_blank() -> None:
    app = Host(ClozeAnswer(CLOZE))
    async with app.run_test() as pilot:
        await pilot.pause(0.2)
        assert isinstance(app.focused, Input) and app.focused.id == "blank-1"
        burst(app, [*"alpha", "tab", *"bravo", "tab", *"charlie"])
        await settle(pilot)
        assert blanks(app) == ["alpha", "bravo", "charlie"]
        assert app.focused is not None and app.focused.id == "blank-3"


async def test_shift_tab_goes_back_to_the_blank_before_at_once() -> None:
    app = Host(ClozeAnswer(CLOZE))
    async with app.run_test() as pilot:
        await pilot.pause(0.2)
        burst(app, [*"alpha", "tab", "tab", *"charlie", "shift+tab", *"bravo"])
        await settle(pilot)
        assert blanks(app) == ["alpha", "bravo", "charlie"]


async def test_a_typed_answer_submitted_by_its_button_has_every_letter() -> None:
    from sahel_quiz.cards import ShownCard
    from sahel_quiz.tui.widgets.answers import TextAnswer

    app = Host(TextAnswer(ShownCard("typed", "Who?")))
    async with app.run_test() as pilot:
        await pilot.pause(0.2)
        burst(app, [*"Lavrov", "tab", "enter"])
        await settle(pilot)
        assert app.given == ["Lavrov"]


async def test_submit_waits_for_the_last_blanks_queued_keys() -> None:
    """Tab to the Submit button and Enter, all in one burst: the last word is in."""
    app = Host(ClozeAnswer(CLOZE))
    async with app.run_test() as pilot:
        await pilot.pause(0.2)
        burst(app, [*"alpha", "tab", *"bravo", "tab", *"charlie", "tab", "enter"])
        await settle(pilot)
        assert app.given == [["alpha", "bravo", "charlie"]]


async def test_enter_between_blanks_still_moves_on_at_once() -> None:
    app = Host(ClozeAnswer(CLOZE))
    async with app.run_test() as pilot:
        await pilot.pause(0.2)
        burst(app, [*"alpha", "enter", *"bravo", "enter", *"charlie", "enter"])
        await settle(pilot)
        assert blanks(app) == ["alpha", "bravo", "charlie"]
        assert app.given == [["alpha", "bravo", "charlie"]]


async def test_true_false_arrows_move_before_enter_is_routed() -> None:
    """→ then Enter in one burst presses False, the button the arrow moved to."""
    app = Host(TrueFalseAnswer(ShownCard("true_false", "True?")))
    async with app.run_test() as pilot:
        await pilot.pause(0.2)
        assert app.focused is not None and app.focused.id == "answer-true"
        burst(app, ["right", "enter"])
        await settle(pilot)
        assert app.given == [False]


async def test_multi_toggles_then_enter_submit_what_was_toggled() -> None:
    app = Host(MultiAnswer(ShownCard("multi", "Who?", ("Mali", "Senegal", "Niger"))))
    async with app.run_test() as pilot:
        await pilot.pause(0.2)
        burst(app, ["1", "3", "enter"])
        await settle(pilot)
        assert app.given == [["Mali", "Niger"]]


async def test_multi_toggles_then_tab_and_enter_press_submit() -> None:
    app = Host(MultiAnswer(ShownCard("multi", "Who?", ("Mali", "Senegal", "Niger"))))
    async with app.run_test() as pilot:
        await pilot.pause(0.2)
        burst(app, ["1", "tab", "enter"])
        await settle(pilot)
        assert app.given == [["Mali"]]


async def test_order_moves_then_enter_submit_the_order_moved_to() -> None:
    app = Host(OrderAnswer(ShownCard("order", "Order?", ("c", "a", "b"))))
    async with app.run_test() as pilot:
        await pilot.pause(0.2)
        burst(app, ["right_square_bracket", "right_square_bracket", "enter"])
        await settle(pilot)
        assert app.given == [["a", "b", "c"]]


# -- keys typed right after "Next" (the quiz) and after a rating (study) --------------------------

TYPED_DECK = """\
id: fast
title: Fast hands
language: en
cards:
  - {id: one, type: typed, prompt: First?, answer: alpha}
  - {id: two, type: typed, prompt: Second?, answer: bravo}
  - {id: three, type: choice, prompt: Third?, options: [x, y, z], answer: y, shuffle: false}
  - {id: four, type: typed, prompt: Fourth?, answer: delta}
"""


def deck_file(folder: Path, text: str) -> LoadedDeck:
    path = folder / "fast.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_deck(path)
    assert not isinstance(loaded, list), loaded
    return loaded


async def quiz_responses(
    home: Path, deck: LoadedDeck, *bursts: Sequence[str], shuffle: bool = True
) -> list[object]:
    """Each burst in turn, in the app's quiz screen on `deck`; the responses it answered."""
    from sahel_quiz.engine.quiz import QuizSession
    from sahel_quiz.engine.workspace import Workspace
    from sahel_quiz.tui.app import SahelQuizApp

    workspace = Workspace(home=home)
    try:
        app = SahelQuizApp(workspace)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            session = QuizSession.start(deck, now=NOW, store=workspace.store, shuffle=shuffle)
            app.play_session(session)
            await pilot.pause(0.2)
            for keys in bursts:
                burst(app, keys)
                await settle(pilot)
            return [item.response for item in session.answered]
    finally:
        workspace.close()


async def study_responses(
    home: Path, deck: LoadedDeck, *bursts: Sequence[str]
) -> list[tuple[str, object]]:
    """Each burst in turn, in the study screen on `deck`; the (card, response) pairs saved."""
    from sahel_quiz.engine.workspace import Workspace
    from sahel_quiz.tui.screens.study import StudyScreen

    workspace = Workspace(home=home)
    try:
        host = ScreenHost(lambda: StudyScreen(workspace, deck, clock=lambda: STUDY_NOW, seed=1))
        async with host.run_test(size=(100, 30)) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause(0.2)
            for keys in bursts:
                burst(host, keys)
                await settle(pilot)
        with sqlite3.connect(workspace.store.path) as db:
            rows = db.execute("SELECT card_id, response FROM reviews ORDER BY id").fetchall()
        return [(card, json.loads(response)) for card, response in rows]
    finally:
        workspace.close()


async def test_keys_typed_right_after_next_reach_the_next_question(
    home: Path, tmp_path: Path
) -> None:
    """Enter on "Next", the next answer and Enter, in one burst, for every question: each
    answer is whole and in its own question."""
    responses = await quiz_responses(
        home,
        deck_file(tmp_path, TYPED_DECK),
        [*"alpha", "enter"],
        ["enter", *"bravo", "enter"],
        ["enter", "2"],  # a choice: its number key picks it at once
        ["enter", *"delta", "enter"],
        shuffle=False,
    )
    assert responses == ["alpha", "bravo", "y", "delta"]


async def test_keys_typed_right_after_a_rating_reach_the_next_card(
    home: Path, tmp_path: Path
) -> None:
    """In study: the rating key, then the next card's answer and Enter, in one burst."""
    responses = await study_responses(
        home,
        deck_file(tmp_path, TYPED_DECK),
        [*"alpha", "enter"],
        ["3", *"bravo", "enter"],
        ["3", "2"],
        ["3", *"delta", "enter"],
        ["3"],
    )
    assert responses == [("one", "alpha"), ("two", "bravo"), ("three", "y"), ("four", "delta")]


# -- the same bursts in the real quiz and study screens (issue 15: every screen with blanks) ------

CLOZE_DECK = """\
id: blanks
title: Three blanks
language: en
cards:
  - {id: abc, type: cloze, prompt: "{{alpha}}, then {{bravo}}, then {{charlie}}"}
"""
CLOZE_BURST = [*"alpha", "tab", "tab", *"charlie", "shift+tab", *"bravo", "tab", "tab", "enter"]
"""Blank 1, on to blank 3, back to blank 2, then Tab to Submit and Enter: one burst."""


async def test_tab_bursts_in_the_quiz_screens_blanks(home: Path, tmp_path: Path) -> None:
    responses = await quiz_responses(home, deck_file(tmp_path, CLOZE_DECK), CLOZE_BURST)
    assert responses == [["alpha", "bravo", "charlie"]]


async def test_tab_bursts_in_the_study_screens_blanks(home: Path, tmp_path: Path) -> None:
    rated = ["3"]  # Good: the review is saved with the response
    responses = await study_responses(home, deck_file(tmp_path, CLOZE_DECK), CLOZE_BURST, rated)
    assert responses == [("abc", ["alpha", "bravo", "charlie"])]
