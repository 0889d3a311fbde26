"""Fast typing in the answer widgets (issue 15): keys posted back to back, as a quick typist or
a paste delivers them, land where the learner meant, whatever moves the focus in between.

The keys go to the app's queue one right behind the other, with no pause, as a terminal sends
a burst: a key that moves the focus must do so before the next key is routed, and Submit must
wait for the keys already queued in a field.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from sahel_quiz.cards import ShownCard
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
