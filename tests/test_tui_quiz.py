"""The quiz in the Textual app, played with Pilot: every card type by keyboard down to the
results, retrying the missed cards, the time limit, the mouse, and quitting mid-quiz.

Each test asserts on the widgets and on what the store recorded (a real SQLite file).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Digits, Input, Label, ProgressBar, Static
from tui_support import NOW, StepClock, open_deck
from tui_support import no_cursor_blink as no_cursor_blink
from tui_support import quiz_deck_path as quiz_deck_path
from tui_support import quiz_workspace as quiz_workspace

from sahel_quiz.cards import ShownCard
from sahel_quiz.deck.model import MultiCard, OrderCard
from sahel_quiz.engine.quiz import QuizSession
from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.grading import Grade
from sahel_quiz.tui.app import SahelQuizApp
from sahel_quiz.tui.screens.quiz import TICK_SECONDS, QuizScreen
from sahel_quiz.tui.screens.results import ResultsScreen, bar, format_duration
from sahel_quiz.tui.widgets.answers import OrderList
from sahel_quiz.tui.widgets.feedback import FeedbackPanel, format_response, verdict_line


def quiz_app(workspace: Workspace, deck_path: Path, **options: object) -> SahelQuizApp:
    return SahelQuizApp(
        workspace,
        start="play",
        deck=open_deck(deck_path),
        clock=StepClock(),
        seed=7,
        shuffle=False,
        **options,  # type: ignore[arg-type]
    )


def quiz_screen(pilot: Pilot[None]) -> QuizScreen:
    screen = pilot.app.screen
    assert isinstance(screen, QuizScreen), screen
    return screen


def feedback(pilot: Pilot[None]) -> FeedbackPanel:
    return quiz_screen(pilot).query_one(FeedbackPanel)


def text_of(widget: Static | Label) -> str:
    return str(widget.render())


def verdict(pilot: Pilot[None]) -> str:
    return text_of(feedback(pilot).query_one("#verdict", Static))


def feedback_text(pilot: Pilot[None]) -> str:
    return "\n".join(text_of(line) for line in feedback(pilot).query(Static))


async def answer(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def number_of(pilot: Pilot[None], option: str) -> str:
    """The key of `option` as the question on screen shows it (options are shuffled)."""
    session = quiz_screen(pilot).session
    assert session.current is not None
    return str(session.current.choices.index(option) + 1)


async def next_question(pilot: Pilot[None]) -> None:
    await pilot.press("enter")
    await pilot.pause()


async def knew_the_basic_card(pilot: Pilot[None]) -> None:
    """The first card in deck order: Space shows the answer, `y` says it was known; then on."""
    await answer(pilot, "space", "y")
    await next_question(pilot)


async def put_in_order(pilot: Pilot[None], target: list[str]) -> None:
    """Reorder the order list with the keyboard only: ↑↓ to select, shift+↑ to move."""
    order_list = quiz_screen(pilot).query_one(OrderList)
    for place, item in enumerate(target):
        here = order_list.items.index(item)
        step = "down" if here > (order_list.highlighted or 0) else "up"
        while order_list.highlighted != here:
            await pilot.press(step)
        for _ in range(here - place):
            await pilot.press("shift+up")
    assert order_list.items == target


async def test_a_whole_quiz_of_every_card_type_by_keyboard(
    workspace: Workspace, deck_path: Path
) -> None:
    app = quiz_app(workspace, deck_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = quiz_screen(pilot)
        assert "Question 1 of 8" in str(screen.query_one("#quiz-prompt").border_title)

        # basic: Space reveals the answer, y = I knew it
        await answer(pilot, "y")  # y means nothing before the reveal
        assert screen.feedback is None
        await answer(pilot, "space")
        assert "Moscow" in text_of(screen.query_one("#basic-back", Static))
        await answer(pilot, "y")
        assert verdict(pilot).startswith("✓ Right")
        assert "article.txt" in feedback_text(pilot)  # the quote names the article
        assert "set to visit Moscow this week" in feedback_text(pilot)
        await next_question(pilot)

        # choice, wrong on purpose: the question stays, the options marked
        await answer(pilot, number_of(pilot, "Vladimir Putin"))
        assert verdict(pilot).startswith("✗ Wrong · 0 / 1")
        text = feedback_text(pilot)
        assert "Who invited the ministers?" in text_of(screen.query_one("#quiz-prompt", Static))
        assert "☑ ✗ Vladimir Putin" in text
        assert "☐ ✓ Sergei Lavrov" in text
        assert "☐   Emmanuel Macron" in text
        assert "Why: Lavrov invited them himself." in text
        assert "Score 1 / 2 · 50%" in text_of(screen.query_one("#quiz-score", Label))
        await next_question(pilot)

        # multi, partly right: Mali and Burkina Faso but not Niger
        await answer(pilot, number_of(pilot, "Mali"), number_of(pilot, "Burkina Faso"), "enter")
        assert verdict(pilot).startswith("◐ Partly right · 0.67 / 1")
        text = feedback_text(pilot)
        assert "☑ ✓ Mali" in text and "☐ ✓ Niger" in text and "☐   Senegal" in text
        await next_question(pilot)

        # true/false: f
        await answer(pilot, "f")
        assert verdict(pilot).startswith("✓ Right")
        await next_question(pilot)

        # typed, a near miss: accepted, with the spelling to learn, the corrected letter marked
        await answer(pilot, *"Sergei Lavrof", "enter")
        assert verdict(pilot).startswith("✓ Right")
        assert "✓ Sergei Lavrof  spelling: Sergei Lavrov" in feedback_text(pilot)
        line = pilot.app.screen.query_one("#marks", Static).content
        assert isinstance(line, Content)
        marked = [span for span in line.spans if "underline" in str(span.style)]
        assert [line.plain[span.start : span.end] for span in marked] == ["v"]
        await next_question(pilot)

        # number, with its unit shown; letters are refused with a hint, not graded
        title = str(screen.query_one("#quiz-prompt").border_title)
        assert title == "Question 6 of 8 · 2 points"  # the engine's heading, as line mode's
        assert text_of(screen.query_one("#unit", Label)) == "years"
        await answer(pilot, *"a lot", "enter")
        assert screen.feedback is None
        assert "number" in text_of(screen.query_one(".answer-hint", Label))
        screen.query_one("#text-input", Input).value = ""
        await answer(pilot, "1", "3", "enter")
        assert verdict(pilot).startswith("✓ Right · 2 / 2 points")
        await next_question(pilot)

        # cloze: one input per blank, Enter goes to the next blank, then submits
        assert len(screen.query(".blank")) == 2
        await answer(pilot, "3", "enter", *"four", "enter")
        assert verdict(pilot).startswith("✓ Right")
        assert "✓ __1__ 3" in feedback_text(pilot) and "✓ __2__ four" in feedback_text(pilot)
        await next_question(pilot)

        # order: reordered with the keyboard
        await put_in_order(pilot, ["Mali", "Burkina Faso", "Niger"])
        await answer(pilot, "enter")
        assert verdict(pilot).startswith("✓ Right")
        assert "✓ 1. Mali" in feedback_text(pilot)
        assert screen.query_one(ProgressBar).percentage == 1.0
        await next_question(pilot)

        results = pilot.app.screen
        assert isinstance(results, ResultsScreen)
        assert results.query_one("#results-points", Digits).value == "7.67"
        assert text_of(results.query_one("#results-maximum", Static)) == "out of 9 points"
        assert text_of(results.query_one("#results-percent", Static)) == "85%"
        assert text_of(results.query_one("#results-time", Static)).startswith("time ")
        assert "8 questions" in text_of(results.query_one("#results-meta", Static))
        tags = text_of(results.query_one("#results-tags", Static))
        assert "who" in tags and "1.67 / 3" in tags  # as every score out of its maximum
        missed = [text_of(s) for s in results.query(".missed-prompt").results(Static)]
        assert missed == ["Who invited the ministers?", "Which countries send ministers?"]

    store = workspace.store
    assert store.review_count("default", "tui-test") == 8
    [result] = store.quiz_results("default", "tui-test")
    assert result.card_count == 8
    assert result.score == pytest.approx(7 + 2 / 3)
    assert result.maximum == 9


async def test_retry_missed_plays_only_the_missed_cards(
    workspace: Workspace, deck_path: Path
) -> None:
    app = quiz_app(workspace, deck_path, limit=3)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await answer(pilot, "space", "n")  # basic: did not know it
        await next_question(pilot)
        await answer(pilot, number_of(pilot, "Sergei Lavrov"))  # choice: right
        await next_question(pilot)
        await answer(pilot, number_of(pilot, "Senegal"), "enter")  # multi: wrong
        await next_question(pilot)
        results = pilot.app.screen
        assert isinstance(results, ResultsScreen)
        assert len(results.summary.missed) == 2

        await pilot.press("r")
        await pilot.pause()
        screen = quiz_screen(pilot)
        assert [q.card.id for q in screen.session.questions] == ["basic-card", "multi-card"]
        await knew_the_basic_card(pilot)
        shown = screen.session.current.choices if screen.session.current else ()
        numbers = [str(shown.index(c) + 1) for c in ("Mali", "Burkina Faso", "Niger")]
        await answer(pilot, *numbers, "enter")
        assert verdict(pilot).startswith("✓ Right")
        await next_question(pilot)
        results = pilot.app.screen
        assert isinstance(results, ResultsScreen)
        assert not results.summary.missed
        assert results.query_one("#retry").disabled

        await pilot.press("h")
        await pilot.pause()
        assert pilot.app.screen.__class__.__name__ == "HomeScreen"

    results_saved = workspace.store.quiz_results("default", "tui-test")
    assert [r.card_count for r in results_saved] == [2, 3]  # newest first
    assert workspace.store.review_count("default", "tui-test") == 5


class FakeMonotonic:
    """A monotonic clock the test moves by hand; the countdown's timer reads it."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


async def test_time_limit_counts_down_then_submits_no_answer(
    workspace: Workspace, deck_path: Path
) -> None:
    ticks = FakeMonotonic()
    app = quiz_app(workspace, deck_path, time_limit=10, monotonic=ticks)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = quiz_screen(pilot)
        timer = screen.query_one("#quiz-timer", Label)
        assert text_of(timer) == "⏱ 10 s"
        ticks.seconds += 6.5
        await pilot.pause(TICK_SECONDS * 2)
        assert text_of(timer) == "⏱ 4 s"
        assert timer.has_class("urgent")
        assert screen.feedback is None
        ticks.seconds += 4
        await pilot.pause(TICK_SECONDS * 2)
        await pilot.pause()
        assert screen.feedback is not None
        assert screen.feedback.response is None
        assert verdict(pilot).startswith("✗ Wrong")
        assert "no answer (time ran out)" in feedback_text(pilot)
        await next_question(pilot)
        assert screen.feedback is None  # the next question gets its own full time
        assert text_of(timer) == "⏱ 10 s"

    state = workspace.store.card_state("default", "tui-test", "basic-card")
    assert state is not None
    assert workspace.store.review_count("default", "tui-test") == 1


async def test_mouse_clicks_answer_every_kind_of_widget(
    workspace: Workspace, deck_path: Path
) -> None:
    app = SahelQuizApp(workspace, clock=StepClock(), seed=7)
    ids = ["basic-card", "choice-card", "multi-card", "tf-card", "order-card"]
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        session = QuizSession.start(
            open_deck(deck_path), now=NOW, store=workspace.store, shuffle=False, card_ids=ids
        )
        app.play_session(session)
        await pilot.pause()
        await pilot.click("#basic-reveal")
        await pilot.click("#basic-yes")
        await pilot.pause()
        assert verdict(pilot).startswith("✓ Right")
        await pilot.click("#quiz-next")
        await pilot.pause()

        # the options list has a border, so row 1 is option 1
        row = int(number_of(pilot, "Sergei Lavrov"))
        await pilot.click("#choice-options", offset=(6, row))
        await pilot.pause()
        assert verdict(pilot).startswith("✓ Right")
        await pilot.click("#quiz-next")
        await pilot.pause()

        # multi: click to tick Mali, Burkina Faso and Niger, then the Submit button
        for country in ("Mali", "Burkina Faso", "Niger"):
            row = int(number_of(pilot, country))
            await pilot.click("#multi-options", offset=(6, row))
        await pilot.click("#multi-submit")
        await pilot.pause()
        assert verdict(pilot).startswith("✓ Right")
        await pilot.click("#quiz-next")
        await pilot.pause()

        await pilot.click("#answer-false")
        await pilot.pause()
        assert verdict(pilot).startswith("✓ Right")
        await pilot.click("#quiz-next")
        await pilot.pause()

        screen = quiz_screen(pilot)
        order_list = screen.query_one(OrderList)
        target = ["Mali", "Burkina Faso", "Niger"]
        for place, item in enumerate(target):
            here = order_list.items.index(item)
            await pilot.click("#order-list", offset=(6, 1 + here))  # selects, does not submit
            assert screen.feedback is None
            assert order_list.highlighted == here
            for _ in range(here - place):
                await pilot.click("#order-up")
        assert order_list.items == target
        await pilot.click("#order-submit")
        await pilot.pause()
        assert verdict(pilot).startswith("✓ Right")

    assert workspace.store.review_count("default", "tui-test") == 5


async def test_quitting_mid_quiz_keeps_the_answers_and_saves_the_result(
    workspace: Workspace, deck_path: Path
) -> None:
    app = quiz_app(workspace, deck_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await knew_the_basic_card(pilot)
        await answer(pilot, number_of(pilot, "Sergei Lavrov"))
        await next_question(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    store = workspace.store
    assert store.review_count("default", "tui-test") == 2
    [result] = store.quiz_results("default", "tui-test")
    assert result.card_count == 2
    assert result.score == 2


async def test_escape_ends_the_quiz_early_with_partial_results(
    workspace: Workspace, deck_path: Path
) -> None:
    app = quiz_app(workspace, deck_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await knew_the_basic_card(pilot)
        await pilot.press("escape")
        await pilot.pause()
        results = pilot.app.screen
        assert isinstance(results, ResultsScreen)
        meta = text_of(results.query_one("#results-meta", Static))
        assert "ended early: 1 of 8 questions answered" in meta
    [result] = workspace.store.quiz_results("default", "tui-test")
    assert result.card_count == 1


# The small pure helpers of the screens ----------------------------------------------------------


def test_blanks_are_numbered_only_when_there_are_several() -> None:
    def numbered(prompt: str, blanks: int) -> str:
        return ShownCard("cloze", prompt, blanks=blanks).numbered_prompt

    assert numbered("On April _____ and _____.", 2) == "On April __1__ and __2__."
    assert numbered("In _____.", 1) == "In _____."
    # a prompt whose own text holds "_____" is left as the engine shows it
    assert numbered("_____ _____ _____", 2) == "_____ _____ _____"


def test_durations_bars_and_responses_read_well() -> None:
    assert [format_duration(s) for s in (0, 44.6, 192, 3720)] == [
        "0 s",
        "45 s",
        "3 min 12 s",
        "1 h 02 min",
    ]
    assert bar(0.5, 10) == "█████░░░░░"
    assert bar(1.7, 4) == "████"
    order = OrderCard(type="order", id="o", prompt="?", answer=["a", "b"])
    multi = MultiCard(type="multi", id="m", prompt="?", options=["a", "b", "c"], answer=["a"])
    assert format_response(order, None) == "no answer (time ran out)"
    assert format_response(order, ["b", "a"]) == "b → a"
    assert format_response(multi, ["a", "c"]) == "a, c"  # the join of the expected answer
    assert format_response(multi, []) == "nothing chosen"
    assert verdict_line(Grade(0.5), 2) == "◐ Partly right · 1 / 2 points"
    assert verdict_line(Grade(1.0), None) == "✓ Right · 100% credit"


async def test_fast_typing_in_cloze_blanks_lands_in_the_next_blank() -> None:
    """Keys queued right behind an Enter (fast typing, a paste) go to the next blank, because
    Enter moves the focus before the following keys are routed."""
    from textual import events
    from textual.app import App, ComposeResult

    from sahel_quiz.tui.widgets.answers import AnswerGiven, ClozeAnswer

    given: list[object] = []

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield ClozeAnswer(ShownCard("cloze", "_____ _____", blanks=2))

        def on_answer_given(self, message: AnswerGiven) -> None:
            given.append(message.response)

    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause(0.2)
        assert isinstance(app.focused, Input) and app.focused.id == "blank-1"
        for key in [*"first", "enter", *"consultations", "enter"]:
            character = key if len(key) == 1 else None
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.pause()
        blanks = [blank.value for blank in app.query(".blank").results(Input)]
        assert blanks == ["first", "consultations"]
        assert given == [["first", "consultations"]]


async def test_a_text_field_says_what_to_type_in_the_cards_words() -> None:
    """The placeholder is the card layer's typing hint, the words line mode prompts with: a
    number card says "type a number", with or without a unit, in the reader's language."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    from sahel_quiz import i18n
    from sahel_quiz.cards import ShownCard
    from sahel_quiz.tui.widgets.answers import TextAnswer

    class Host(App[None]):
        def __init__(self, shown: ShownCard) -> None:
            super().__init__()
            self.shown = shown

        def compose(self) -> ComposeResult:
            yield TextAnswer(self.shown)

    async def placeholder(shown: ShownCard) -> str:
        async with Host(shown).run_test() as pilot:
            await pilot.pause()
            return pilot.app.query_one("#text-input", Input).placeholder

    assert await placeholder(ShownCard("typed", "Who?")) == "type your answer"
    assert await placeholder(ShownCard("number", "How many?")) == "type a number"
    assert await placeholder(ShownCard("number", "How old?", unit="years")) == "type a number"
    i18n.set_language("fr")
    french = ShownCard("number", "Combien ?")
    assert await placeholder(french) == french.typing_hint == "tapez un nombre"
