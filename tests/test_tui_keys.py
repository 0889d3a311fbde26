"""Issue 12's keys, empty answers and feedback in the app, one Pilot test each: an empty answer
of every type says what is missing and grades nothing; Ctrl+Z undoes in study wherever the
focus is while `u` types in a text field; the footer keeps its keys; F1 opens help from a text
field; a flashcard's self-grade in words; ☐/☑ boxes; End on the results; the header icon; the
language switch; "Next" right under the feedback; decks played by path on home; Play pressed
before the decks are read.

Every test checks what the store recorded too (a real SQLite file)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Header, Input, Label, OptionList, Static
from textual.widgets._footer import FooterKey
from tui_support import (
    NOW,
    STUDY_NOW,
    Clock,
    StepClock,
    copy_every_type,
    deck_order_quiz,
    open_deck,
    play,
    settle,
)
from tui_support import no_cursor_blink as no_cursor_blink
from tui_support import quiz_deck_path as quiz_deck_path
from tui_support import quiz_workspace as quiz_workspace
from tui_support import steady_cursor as steady_cursor
from tui_support import utc_local_time as utc_local_time

from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.i18n import language, set_language
from sahel_quiz.tui.app import SahelQuizApp
from sahel_quiz.tui.screens.home import DeckTable, HomeScreen
from sahel_quiz.tui.screens.quiz import QuizScreen
from sahel_quiz.tui.screens.results import ResultsScreen
from sahel_quiz.tui.screens.study import StudyScreen
from sahel_quiz.tui.widgets.answers import MultiOptions
from sahel_quiz.tui.widgets.feedback import FeedbackPanel

DECK_ID = "tui-test"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The language switch is global: every test starts and ends in English."""
    set_language("en")
    yield
    set_language("en")


def text_of(widget: Static | Label) -> str:
    return str(widget.render())


def hint(screen: Any) -> str:
    return text_of(screen.query_one(".answer-hint", Label))


async def quiz_on(pilot: Pilot[None], workspace: Workspace, deck_path: Path, *ids: str) -> Any:
    """A quiz over the cards `ids`, in that order; returns its screen."""
    await settle(pilot)
    screen = await play(pilot, deck_order_quiz(workspace, deck_path, list(ids)))
    assert isinstance(screen, QuizScreen)
    return screen


def app_for(workspace: Workspace, **options: Any) -> SahelQuizApp:
    return SahelQuizApp(workspace, clock=StepClock(), seed=7, **options)


def reviews(workspace: Workspace) -> int:
    return workspace.store.review_count("default", DECK_ID)


def footer_keys(screen: Any) -> list[tuple[str, str]]:
    return [(key.key_display, key.description) for key in screen.query(FooterKey)]


# empty answers: every type says what is missing, and nothing is graded ------------------------


@pytest.mark.parametrize("card_id", ["typed-card", "number-card"])
async def test_an_empty_typed_answer_says_type_an_answer(
    workspace: Workspace, deck_path: Path, card_id: str
) -> None:
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        screen = await quiz_on(pilot, workspace, deck_path, card_id)
        await pilot.press("enter")
        await settle(pilot)
        assert hint(screen) == "⚠ type an answer"
        assert screen.feedback is None and reviews(workspace) == 0


async def test_a_multi_card_with_nothing_ticked_is_not_graded(
    workspace: Workspace, deck_path: Path
) -> None:
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        screen = await quiz_on(pilot, workspace, deck_path, "multi-card")
        await pilot.press("enter")  # one stray Enter: nothing ticked
        await settle(pilot)
        assert hint(screen) == "⚠ tick at least one option"
        assert screen.feedback is None and reviews(workspace) == 0
        await pilot.click("#multi-submit")  # the button says the same
        await settle(pilot)
        assert screen.feedback is None and reviews(workspace) == 0
        await pilot.press("1")  # ticking something puts the usual hint back
        assert hint(screen) == "Space or 1–9 ticks · Enter submits"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.feedback is not None and reviews(workspace) == 1


async def test_a_cloze_card_with_an_empty_blank_says_which(
    workspace: Workspace, deck_path: Path
) -> None:
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        screen = await quiz_on(pilot, workspace, deck_path, "cloze-card")
        await pilot.press("tab", *"four", "enter")  # blank 2 filled, blank 1 left empty
        await settle(pilot)
        assert hint(screen) == "⚠ fill in blank 1"
        assert screen.focused is not None and screen.focused.id == "blank-1"
        assert screen.feedback is None and reviews(workspace) == 0
        await pilot.click("#cloze-submit")
        await settle(pilot)
        assert hint(screen) == "⚠ fill in blank 1" and reviews(workspace) == 0
        await pilot.press("3", "enter")
        await settle(pilot)
        assert screen.feedback is not None and screen.feedback.grade.credit == 1.0
        assert reviews(workspace) == 1


# feedback that teaches ----------------------------------------------------------------------


async def test_a_flashcard_answered_i_did_not_know_it_says_so_in_words(
    workspace: Workspace, deck_path: Path
) -> None:
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        screen = await quiz_on(pilot, workspace, deck_path, "basic-card")
        await pilot.press("space", "n")
        await settle(pilot)
        panel = screen.query_one(FeedbackPanel)
        marks = text_of(panel.query_one("#marks", Static))
        assert marks == "✗ I didn't know it  answer: Moscow"
        assert "False" not in marks


async def test_the_question_stays_and_next_sits_right_under_the_feedback(
    workspace: Workspace, deck_path: Path
) -> None:
    async with app_for(workspace).run_test(size=(120, 40)) as pilot:
        screen = await quiz_on(pilot, workspace, deck_path, "order-card")
        await pilot.press("enter")  # submitted as shown: partly right at most
        await settle(pilot)
        prompt = text_of(screen.query_one("#quiz-prompt", Static))
        assert prompt == "Put the countries in the order the article names them."
        panel = screen.query_one(FeedbackPanel)
        marks = text_of(panel.query_one("#marks", Static)).splitlines()
        assert [line[2:5] for line in marks] == ["1. ", "2. ", "3. "]  # each position marked
        assert all(line[0] in "✓✗" for line in marks)
        button = screen.query_one("#quiz-next")
        assert button.region.y - panel.region.bottom <= 1  # not at the bottom of the screen
        assert button.region.bottom < screen.size.height - 10


async def test_multi_boxes_are_told_apart_by_their_shape(
    workspace: Workspace, deck_path: Path
) -> None:
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        screen = await quiz_on(pilot, workspace, deck_path, "multi-card")
        options = screen.query_one(MultiOptions)

        def boxes() -> list[str]:
            prompts = [options.get_option_at_index(i).prompt for i in range(4)]
            return [str(prompt)[0] for prompt in prompts]

        assert boxes() == ["☐"] * 4
        await pilot.press("2", "space")  # 2 ticks the second; Space on it takes it back
        assert boxes() == ["☐"] * 4
        await pilot.press("1", "3")
        assert boxes() == ["☑", "☐", "☑", "☐"]


# keys ----------------------------------------------------------------------------------------


async def test_study_undo_is_ctrl_z_wherever_the_focus_is_and_u_types(
    workspace: Workspace, deck_path: Path
) -> None:
    loaded = open_deck(deck_path)
    typed = LoadedDeck(
        deck=loaded.deck.model_copy(
            update={"cards": [loaded.deck.card("basic-card"), loaded.deck.card("typed-card")]}
        ),
        path=loaded.path,
    )
    app = SahelQuizApp(workspace, start="study", deck=typed, clock=Clock(STUDY_NOW), seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        on_a_button = footer_keys(screen)
        await pilot.press("space", "3")  # the basic card, rated Good; the typed card is next
        await settle(pilot)
        assert isinstance(screen.focused, Input)
        # the footer keeps its keys while a text field has the keyboard
        in_a_field = footer_keys(screen)
        assert ("^z", "Undo") in in_a_field and ("f1", "Help") in in_a_field
        assert [k for k in on_a_button if k[1] != "Show the answer"] == in_a_field
        await pilot.press("u")  # typed, not an undo
        assert screen.focused.value == "u"
        assert workspace.store.review_count("default", DECK_ID) == 1
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert workspace.store.review_count("default", DECK_ID) == 0
        assert screen.item is not None and screen.item.card.id == "basic-card"
        await pilot.press("space", "3")
        await settle(pilot)
        await pilot.press("shift+tab")  # off the text field: `u` undoes again
        await pilot.press("u")
        await settle(pilot)
        assert workspace.store.review_count("default", DECK_ID) == 0


async def test_f1_opens_help_from_a_text_field_where_question_mark_is_typed(
    workspace: Workspace, deck_path: Path
) -> None:
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        screen = await quiz_on(pilot, workspace, deck_path, "typed-card")
        await pilot.press("question_mark")
        assert screen.query_one("#text-input", Input).value == "?"
        assert ("f1", "Help") in footer_keys(screen)
        await pilot.press("f1")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "HelpScreen"
        await pilot.press("f1")
        await pilot.pause()
        assert pilot.app.screen is screen


async def test_end_and_home_scroll_the_results(workspace: Workspace, deck_path: Path) -> None:
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        session = deck_order_quiz(workspace, deck_path)
        while session.current is not None:
            session.answer(None, now=NOW)  # every question missed: a long list
        results = await play(pilot, session)
        assert isinstance(results, ResultsScreen)
        body = results.query_one("#results-body")
        assert body.max_scroll_y > 0 and body.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        assert isinstance(pilot.app.screen, ResultsScreen)  # Home the key is not "home" the screen


# home ------------------------------------------------------------------------------------------


async def test_the_header_icon_is_a_glyph_every_font_has(workspace: Workspace) -> None:
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert pilot.app.screen.query_one(Header).icon == "≡"


async def test_the_home_screen_switches_the_language(workspace: Workspace) -> None:
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("l")
        await settle(pilot)
        assert language() == "fr"
        home = pilot.app.screen
        assert "Français" in str(home.query_one("#language").render())
        assert home.query_one(DeckTable).row_count == len(home.decks)  # rebuilt, rows kept
        assert home.query_one(Footer) is not None
        await pilot.press("l")
        await settle(pilot)
        assert language() == "en"
        assert "English" in str(pilot.app.screen.query_one("#language").render())


async def test_a_deck_played_by_path_is_on_home(tmp_path: Path) -> None:
    path = copy_every_type(tmp_path / "teacher") / "every-type.yaml"
    home = tmp_path / "home"
    Workspace(home=home).deck(str(path))  # `sahel-quiz play teacher/every-type.yaml`
    workspace = Workspace(home=home)
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, HomeScreen)
        table = screen.query_one(DeckTable)
        assert str(table.get_row("every-type")[0]) == "One card of every type"
    workspace.close()


class SlowWorkspace(Workspace):
    """Decks that take a while to read: until `ready` is set."""

    ready = threading.Event()

    @cached_property
    def decks(self) -> list[LoadedDeck]:  # type: ignore[override]
        self.ready.wait(10)
        return super().decks


async def test_play_pressed_before_the_decks_are_read_starts_once_they_are(
    tmp_path: Path,
) -> None:
    warm = Workspace(home=tmp_path / "home")
    assert warm.decks  # an earlier start saved the summaries
    workspace = SlowWorkspace(home=tmp_path / "home")
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        assert not home.decks_ready and home.query_one(DeckTable).row_count == 2  # summaries
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)  # waiting for the decks
        SlowWorkspace.ready.set()
        await settle(pilot)
        assert isinstance(pilot.app.screen, QuizScreen)
        assert pilot.app.screen.session.loaded.id == "aes-russia"
    workspace.close()
    shutil.rmtree(tmp_path / "home", ignore_errors=True)


# the profile ---------------------------------------------------------------------------------


async def test_a_profile_name_typed_at_once_is_kept(workspace: Workspace) -> None:
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("u", *"awa")
        assert pilot.app.screen.query_one(Input).value == "awa"
        assert pilot.app.screen.query_one(OptionList).highlighted == 0
        await pilot.press("enter")
        await settle(pilot)
        assert workspace.profile == "awa"
