"""The app shell: the home screen, profiles, help, the command palette, themes, lazy imports,
the start-up benchmark's probe, and the real `sahel-quiz` command in a pseudo-terminal."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from terminal import Terminal
from textual.pilot import Pilot
from textual.widgets import Label, OptionList
from tui_support import NOW, StepClock, loaded, open_deck
from tui_support import no_cursor_blink as no_cursor_blink
from tui_support import quiz_deck_path as quiz_deck_path
from tui_support import quiz_workspace as quiz_workspace

from sahel_quiz.engine.quiz import QuizSession
from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.store import Store
from sahel_quiz.tui.app import HIGH_CONTRAST_THEME, SahelQuizApp
from sahel_quiz.tui.screens.home import DeckTable, HomeScreen

REPO = Path(__file__).resolve().parent.parent
COMMAND = Path(sys.executable).with_name("sahel-quiz")


def with_one_due_card(workspace: Workspace, deck_path: Path) -> None:
    """A quiz ten days ago with the first card missed: it is due now for `default`."""
    session = QuizSession.start(
        open_deck(deck_path),
        now=NOW - timedelta(days=10),
        store=workspace.store,
        shuffle=False,
        limit=1,
    )
    session.answer(False, now=NOW - timedelta(days=10))
    session.finish(now=NOW - timedelta(days=10))


async def home_ready(pilot: Pilot[None]) -> HomeScreen:
    screen = await loaded(pilot, HomeScreen)
    assert screen.decks_ready
    return screen


def row_of(screen: HomeScreen, deck_id: str) -> list[str]:
    table = screen.query_one(DeckTable)
    return [str(cell) for cell in table.get_row(deck_id)]


async def test_home_lists_the_decks_with_counts_for_the_profile(
    workspace: Workspace, deck_path: Path
) -> None:
    with_one_due_card(workspace, deck_path)
    app = SahelQuizApp(workspace, clock=StepClock(), seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await home_ready(pilot)
        ids = [loaded.id for loaded in screen.decks]
        assert "tui-test" in ids and "aes-russia" in ids  # --decks and the bundled ones
        # the cards left today, as study counts them: new (up to 20 a day), learning, review
        assert row_of(screen, "tui-test") == ["Every card type", "en", "8", "7", "1", "0"]
        assert row_of(screen, "aes-russia")[2:] == ["48", "20", "0", "0"]
        assert "Profile: default" in str(screen.query_one("#profile-label", Label).render())


async def test_profile_switching_creates_lists_and_switches_back(
    workspace: Workspace, deck_path: Path
) -> None:
    with_one_due_card(workspace, deck_path)
    app = SahelQuizApp(workspace, clock=StepClock(), seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await home_ready(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "ProfileScreen"
        await pilot.press(*"ama", "enter")  # typed at once: the name field has the keyboard
        home = await home_ready(pilot)
        assert workspace.profile == "ama"
        assert "ama" in workspace.store.profiles()
        assert "Profile: ama" in str(home.query_one("#profile-label", Label).render())
        assert row_of(home, "tui-test")[3:] == ["8", "0", "0"]  # ama has no progress yet
        assert app.sub_title == "profile: ama"

        # a quiz now counts for ama
        await pilot.press("p")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "QuizScreen"
        session = pilot.app.screen.session  # type: ignore[attr-defined]
        assert session.profile == "ama"
        await pilot.press("escape")
        home = await home_ready(pilot)

        # back to default by picking it in the list
        await pilot.press("u")
        await pilot.pause()
        options = pilot.app.screen.query_one(OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(2)] == [
            "ama (current)",
            "default",
        ]
        await pilot.press("down", "enter")
        home = await home_ready(pilot)
        assert workspace.profile == "default"
        assert row_of(home, "tui-test")[3:] == ["7", "1", "0"]


async def test_a_bad_profile_name_is_refused_with_a_notice(workspace: Workspace) -> None:
    app = SahelQuizApp(workspace, clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        assert not app.set_profile("x" * 41)
        await pilot.pause()
        assert workspace.profile == "default"
        assert any("profile name" in str(n.message) for n in app._notifications)


async def test_help_lists_the_keys_of_the_screen_and_closes(workspace: Workspace) -> None:
    app = SahelQuizApp(workspace, clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = pilot.app.screen
        assert type(help_screen).__name__ == "HelpScreen"
        text = "\n".join(str(s.render()) for s in help_screen.query(".keys"))
        assert "Play quiz" in text and "Study" in text
        assert "ctrl+q" in text and "command palette" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_command_palette_switches_theme_and_opens_screens(
    workspace: Workspace, deck_path: Path
) -> None:
    app = SahelQuizApp(workspace, clock=StepClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in (
            "Play quiz: Every card type",
            "Study: Every card type",
            "Stats",
            "Switch profile",
            "Theme: high contrast",
            "Help",
        ):
            assert expected in titles
        assert app.theme == "sahel"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"high contrast")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST_THEME
        await pilot.press("c")  # home: toggle the contrast back
        assert app.theme == "sahel"

        command = next(
            c
            for c in app.get_system_commands(app.screen)
            if c.title == "Play quiz: Every card type"
        )
        command.callback()
        await pilot.pause()
        assert type(app.screen).__name__ == "QuizScreen"
        assert app.screen.session.loaded.id == "tui-test"  # type: ignore[attr-defined]


async def test_study_and_stats_are_wired_from_home(workspace: Workspace) -> None:
    app = SahelQuizApp(workspace, clock=StepClock(), seed=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert type(app.screen).__name__ == "StudyScreen"
        app.go_home()
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert type(app.screen).__name__ == "StatsScreen"
        app.go_home()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_start_screens_jump_straight_in(workspace: Workspace, deck_path: Path) -> None:
    for start, name in (("play", "QuizScreen"), ("study", "StudyScreen"), ("stats", "StatsScreen")):
        app = SahelQuizApp(workspace, start=start, deck=open_deck(deck_path), clock=StepClock())  # type: ignore[arg-type]
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert type(app.screen).__name__ == name
            assert isinstance(app.screen_stack[0], HomeScreen)  # Escape leads home


async def test_q_on_home_quits(workspace: Workspace) -> None:
    app = SahelQuizApp(workspace, clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


def test_the_startup_benchmark_times_the_real_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark runs `sahel-quiz play` as it is and times it until the first deck's title
    reaches the terminal; the app has no benchmark mode of its own."""
    bench = Path(__file__).resolve().parent.parent / "bench"
    monkeypatch.syspath_prepend(str(bench))  # as `python bench/...` has it: `_common` beside it
    path = bench / "bench_tui_startup.py"
    spec = importlib.util.spec_from_file_location("bench_tui_startup", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    env = {**os.environ, "TERM": "xterm-256color", "SAHEL_QUIZ_HOME": str(tmp_path / "home")}
    seconds = module.time_to_text([sys.executable, "-m", "sahel_quiz", "play"], env)
    assert 0 < seconds < 60


def test_the_app_module_imports_no_screen_but_home_and_no_pydantic() -> None:
    """The first frame must not wait for the deck models or the screens not shown."""
    code = (
        "import sys, sahel_quiz.tui.launch, sahel_quiz.tui.app\n"
        "mods = [m for m in sys.modules if m.startswith(('sahel_quiz', 'pydantic', 'yaml'))]\n"
        "print(' '.join(sorted(mods)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "sahel_quiz.tui.screens.home" in out
    for lazy in ("quiz", "results", "study", "stats", "help", "profile"):
        assert f"sahel_quiz.tui.screens.{lazy}" not in out
    assert "sahel_quiz.tui.widgets.answers" not in out
    assert not [m for m in out if m.startswith(("pydantic", "yaml", "sahel_quiz.deck"))]


# The real command in a pseudo-terminal --------------------------------------------------------


def test_the_command_opens_home_in_a_terminal_and_q_quits(tmp_path: Path) -> None:
    terminal = Terminal("play", home=tmp_path / "home")
    terminal.wait_for("Play quiz")
    terminal.wait_for("AES")
    terminal.send("q")
    assert terminal.finish() == 0
    assert b"Traceback" not in terminal.seen


def test_ctrl_q_mid_quiz_keeps_the_answer_given(tmp_path: Path, deck_path: Path) -> None:
    home = tmp_path / "home"
    terminal = Terminal("play", str(deck_path), "--no-shuffle", home=home)
    terminal.wait_for("Question")
    terminal.send(" ")
    terminal.wait_for("I knew it")
    terminal.send("y")
    terminal.wait_for("Right")
    terminal.send("\x11")  # ctrl+q
    assert terminal.finish() == 0
    with Store.open(home) as store:
        assert store.review_count("default", "tui-test") == 1
        [result] = store.quiz_results("default", "tui-test")
        assert result.card_count == 1 and result.score == 1


def test_ctrl_c_quits_cleanly(tmp_path: Path) -> None:
    terminal = Terminal("play", home=tmp_path / "home")
    terminal.wait_for("Play quiz")
    terminal.send("\x03")
    assert terminal.finish() == 0
    assert b"Traceback" not in terminal.seen


async def test_arrows_pick_a_deck_from_the_first_key(workspace: Workspace) -> None:
    """No Tab or click first: ↓ moves to the next deck (not the page), Enter plays it, and
    back home the arrows still pick decks."""
    app = SahelQuizApp(workspace, clock=StepClock(), seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await home_ready(pilot)
        ids = [loaded.id for loaded in home.decks]
        assert home.selected is not None and home.selected.id == ids[0]
        await pilot.press("down")
        assert home.selected is not None and home.selected.id == ids[1]
        await pilot.press("enter")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "QuizScreen"
        await pilot.press("escape")
        home = await home_ready(pilot)
        await pilot.press("up")
        assert home.selected is not None and home.selected.id == ids[0]


async def test_home_highlights_the_deck_just_played_or_studied(
    workspace: Workspace, deck_path: Path
) -> None:
    """Back home after a quiz started from the command line (`play DECK`) or from another
    row, the deck just played is the one highlighted, not the first of the list."""
    app = SahelQuizApp(
        workspace, start="play", deck=open_deck(deck_path), clock=StepClock(), seed=1
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "QuizScreen"
        await pilot.press("escape")  # nothing answered: straight back home
        home = await home_ready(pilot)
        ids = [loaded.id for loaded in home.decks]
        assert ids.index("tui-test") > 0  # not the first row
        assert home.selected is not None and home.selected.id == "tui-test"

        # pick the first deck, study it, come back: it stays highlighted
        home.query_one(DeckTable).focus()
        await pilot.press(*["up"] * len(ids), "s")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "StudyScreen"
        await pilot.press("escape")
        home = await home_ready(pilot)
        assert home.selected is not None and home.selected.id == ids[0]
