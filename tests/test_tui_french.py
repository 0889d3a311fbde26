"""The app in French, driven with the keys a French reader is shown: `v` (vrai) answers true,
`o` (oui) says "I knew it"; the footer's words and key names and the home table follow the
language. The pictures of every screen in French are in the `*_fr.py` snapshot modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_tui_keys import app_for, footer_keys, quiz_on, reviews, text_of
from textual.widgets import Static
from tui_support import no_cursor_blink as no_cursor_blink
from tui_support import quiz_deck_path as quiz_deck_path
from tui_support import quiz_workspace as quiz_workspace
from tui_support import settle

from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.i18n import NBSP, set_language
from sahel_quiz.tui.screens.home import DeckTable, HomeScreen
from sahel_quiz.tui.widgets.feedback import FeedbackPanel


@pytest.fixture(autouse=True)
def french() -> Iterator[None]:
    set_language("fr")
    yield
    set_language("en")


async def test_v_answers_true_as_the_footer_and_the_button_say(
    workspace: Workspace, deck_path: Path
) -> None:
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        screen = await quiz_on(pilot, workspace, deck_path, "tf-card")
        assert ("v", "Vrai") in footer_keys(screen)
        assert text_of(screen.query_one("#answer-true")) == "Vrai [v]"
        await pilot.press("v")
        await settle(pilot)
        panel = screen.query_one(FeedbackPanel)
        verdict = text_of(panel.query_one("#verdict", Static))
        assert verdict == f"✗ Mauvaise réponse · 0{NBSP}/{NBSP}1{NBSP}point"  # the card is false
        assert reviews(workspace) == 1


async def test_o_says_i_knew_it_and_the_keys_have_french_names(
    workspace: Workspace, deck_path: Path
) -> None:
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        screen = await quiz_on(pilot, workspace, deck_path, "basic-card")
        assert ("espace", "Voir la réponse") in footer_keys(screen)
        assert ("échap", "Finir le quiz") in footer_keys(screen)
        await pilot.press("space")
        await settle(pilot)
        assert ("o", "Je savais") in footer_keys(screen)
        await pilot.press("o")
        await settle(pilot)
        marks = text_of(screen.query_one(FeedbackPanel).query_one("#marks", Static))
        assert marks.startswith("✓ Je savais")
        assert reviews(workspace) == 1


async def test_the_french_home_table_fits_80_columns(workspace: Workspace) -> None:
    async with app_for(workspace).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one(DeckTable)
        headings = [str(column.label) for column in table.columns.values()]
        assert headings == ["Paquet", "Langue", "Cartes", "Nouvelles", "En cours", "À réviser"]
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert ("p", "Jouer un quiz") in footer_keys(home)
        await pilot.press("l")  # back to English: the same screen, rebuilt
        await settle(pilot)
        assert ("p", "Play quiz") in footer_keys(pilot.app.screen)
