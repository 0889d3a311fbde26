"""The Textual app: the screens, the themes and the command palette.

The app is a thin shell over the engine: each screen gets a session or the workspace, and this
module only decides which screen comes next. Screens other than home are imported inside the
methods that push them, and nothing here imports pydantic, yaml or the store at module level, so
the first frame is drawn before the decks are read (the home screen loads them in a worker).
The home screen's first frame lists the decks from their cached summaries;
`bench/bench_tui_startup.py` times, from outside, how long a deck title takes to be on screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar, Literal

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from sahel_quiz.i18n import N_, _
from sahel_quiz.tui.screens.home import HomeScreen
from sahel_quiz.tui.widgets.chrome import key_label

if TYPE_CHECKING:
    from sahel_quiz.deck.model import LoadedDeck
    from sahel_quiz.deck.selection import TagFilter
    from sahel_quiz.engine.quiz import QuizSession
    from sahel_quiz.engine.workspace import Workspace
    from sahel_quiz.scheduling import Scheduler

__all__ = [
    "DEFAULT_THEME",
    "HIGH_CONTRAST_THEME",
    "THEMES",
    "SahelQuizApp",
    "StartScreen",
    "utc_now",
]

DEFAULT_THEME = "sahel"
HIGH_CONTRAST_THEME = "sahel-high-contrast"
StartScreen = Literal["home", "play", "study", "stats"]
_HERE = Path(__file__).resolve().parent

_THEMES = (
    Theme(
        name=DEFAULT_THEME,
        primary="#E0A458",
        secondary="#4FA3A5",
        accent="#F2C57C",
        foreground="#EEE8DC",
        background="#1D1B18",
        surface="#272420",
        panel="#332F29",
        success="#8CCB7E",
        warning="#EBB54C",
        error="#EE7B62",
        dark=True,
    ),
    Theme(
        name=HIGH_CONTRAST_THEME,
        primary="#FFD700",
        secondary="#00E5FF",
        accent="#FFFF00",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#202020",
        boost="#303030",
        success="#00FF66",
        warning="#FFB000",
        error="#FF5C5C",
        dark=True,
        text_alpha=1.0,
        variables={
            "text-muted": "#FFFFFF",
            "border-blurred": "#FFFFFF",
            "footer-key-foreground": "#FFFF00",
            "footer-description-foreground": "#FFFFFF",
            "block-cursor-background": "#FFD700",
            "block-cursor-foreground": "#000000",
            "block-cursor-text-style": "bold",
        },
    ),
)


THEMES = _THEMES
"""The app's themes (default and high contrast), for other Textual apps of sahel-quiz."""


def utc_now() -> datetime:
    """The default clock, as `sahel_quiz.engine.workspace.utc_now`; defined here because that
    module imports the deck models (pydantic), which the first frame must not wait for."""
    return datetime.now(UTC)


_TEXTUAL_COMMANDS = {
    text: text
    for text in (
        N_("Theme"),
        N_("Change the current theme"),
        N_("Quit"),
        N_("Quit the application as soon as possible"),
        N_("Keys"),
        N_("Hide the keys and widget help panel"),
        N_("Show help for the focused widget and a summary of available keys"),
        N_("Minimize"),
        N_("Minimize the widget and restore to normal size"),
        N_("Maximize"),
        N_("Maximize the focused widget"),
        N_("Screenshot"),
        N_("Save an SVG 'screenshot' of the current screen"),
        N_("palette"),  # the footer's name for the command palette
    )
}
"""The words of Textual's own palette commands, marked for translation."""


class SahelQuizApp(App[None]):
    """sahel-quiz in the terminal: home, quiz, results, study and stats screens."""

    TITLE = "Sahel Quiz"
    CSS_PATH: ClassVar[str | PurePath | list[str | PurePath] | None] = [
        _HERE / "app.tcss",
        _HERE / "screens" / "home.tcss",
    ]
    """The home screen's styles are the app's: a screen's own CSS_PATH costs a full re-parse of
    every style sheet when it is first shown, which the first frame should not wait for."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q", "quit", N_("Quit"), priority=True, tooltip=N_("Quit (answers are saved)")
        ),
        Binding("ctrl+c", "quit", N_("Quit"), show=False, priority=True, system=True),
        # F1 in the footer: it works in a text field too, where `?` is typed, so the footer
        # shows the same keys wherever the focus is.
        Binding("f1", "help", N_("Help")),
        Binding("question_mark", "help", N_("Help"), key_display="?", show=False),
        Binding("ctrl+z", "suspend_process", show=False),
    ]

    def __init__(
        self,
        workspace: Workspace,
        *,
        start: StartScreen = "home",
        deck: LoadedDeck | None = None,
        clock: Callable[[], datetime] = utc_now,
        seed: int | None = None,
        time_limit: float | None = None,
        limit: int | None = None,
        shuffle: bool = True,
        scheduler: Scheduler | None = None,
        new_per_day: int = 20,
        monotonic: Callable[[], float] = time.monotonic,
        tags: TagFilter | None = None,
    ) -> None:
        """`clock` dates answers and results; `monotonic` times the per-question limit (tests
        pass fakes of both); `tags` (--tag, --skip-tag) picks the cards of every quiz and
        study session."""
        super().__init__()
        self.workspace = workspace
        self.start = start
        self.start_deck = deck
        self.clock = clock
        self.seed = seed
        self.time_limit = time_limit
        self.limit = limit
        self.shuffle = shuffle
        self.scheduler = scheduler
        self.new_per_day = new_per_day
        self.monotonic = monotonic
        self.tags = tags
        self.first_frame_shown = False
        """Work that competes for the interpreter (reading the decks) waits for this."""
        self._shown_notices: set[str] = set()
        self.quiz_sessions: list[QuizSession] = []
        """Every quiz shown, so that quitting can save those still open."""
        self.last_deck: str | None = None
        """The deck last played or studied, which home highlights when the learner is back."""
        for theme in _THEMES:
            self.register_theme(theme)
        # Set without the watcher: it would re-parse every style sheet after the first frame
        # is composed; nothing is parsed yet, so the variables and classes are all there is.
        self.set_reactive(SahelQuizApp.theme, DEFAULT_THEME)
        self.stylesheet.set_variables(self.get_css_variables())
        self.set_class(True, f"-theme-{DEFAULT_THEME}", "-dark-mode", update=False)
        self.set_class(False, "-light-mode", update=False)

    # -- start-up --------------------------------------------------------------------------

    def get_default_screen(self) -> HomeScreen:
        """Home is the bottom of the stack: Escape and Home always lead back to it."""
        return HomeScreen(self.workspace, clock=self.clock)

    def show_profile_in_title(self) -> None:
        """The header's subtitle: who is learning (again after a switch of profile or
        language)."""
        self.sub_title = _("profile: {name}").format(name=self.workspace.profile)

    def get_key_display(self, binding: Binding) -> str:
        """Key names in the reader's language, in the footer and the help."""
        return key_label(super().get_key_display(binding))

    def on_mount(self) -> None:
        self.show_profile_in_title()
        deck = self.start_deck
        if self.start == "play" and deck is not None:
            self.play(deck)
        elif self.start == "study" and deck is not None:
            self.study(deck)
        elif self.start == "stats":
            self.stats(deck)

    def on_ready(self) -> None:
        """The first frame is on screen: the decks may be read now."""
        self.first_frame_shown = True
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.reload()

    def show_notices(self) -> None:
        """The workspace's notices (a damaged store moved aside, a broken deck), each once."""
        for notice in self.workspace.notices:
            if notice not in self._shown_notices:
                self._shown_notices.add(notice)
                self.notify(notice, title="sahel-quiz", severity="warning", timeout=12)

    # -- screens ---------------------------------------------------------------------------

    def play(self, loaded: LoadedDeck) -> None:
        """A new quiz over `loaded` with the command line's seed, limit, order and tags; a
        notice instead when they leave no card of this deck."""
        from sahel_quiz.deck.selection import NO_FILTER
        from sahel_quiz.engine.quiz import QuizSession
        from sahel_quiz.errors import UserError

        try:
            session = QuizSession.start(
                loaded,
                now=self.clock(),
                store=self.workspace.store,
                profile=self.workspace.profile,
                seed=self.seed,
                shuffle=self.shuffle,
                limit=self.limit,
                tags=self.tags or NO_FILTER,
            )
        except UserError as error:
            self.notify(str(error), title="sahel-quiz", severity="error", timeout=12)
            return
        self.play_session(session)

    def play_session(self, session: QuizSession, *, replace: bool = False) -> None:
        """Show a quiz that has started (a new one, or the retry of the missed cards)."""
        from sahel_quiz.tui.screens.quiz import QuizScreen

        self.quiz_sessions.append(session)
        self.last_deck = session.loaded.id
        screen = QuizScreen(
            session, clock=self.clock, time_limit=self.time_limit, monotonic=self.monotonic
        )
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def study(self, loaded: LoadedDeck) -> None:
        from sahel_quiz.deck.selection import NO_FILTER
        from sahel_quiz.tui.screens.study import StudyScreen

        self.last_deck = loaded.id
        scheduler = self.scheduler
        if scheduler is None:
            from sahel_quiz.scheduling import Scheduler

            scheduler = self.scheduler = Scheduler()
        self.push_screen(
            StudyScreen(
                self.workspace,
                loaded,
                clock=self.clock,
                scheduler=scheduler,
                new_per_day=self.new_per_day,
                seed=self.seed,
                tags=self.tags or NO_FILTER,
                limit=self.limit,
                time_limit=self.time_limit,
                monotonic=self.monotonic,
            )
        )

    def stats(self, loaded: LoadedDeck | None = None) -> None:
        from sahel_quiz.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.workspace, clock=self.clock, deck=loaded))

    def go_home(self) -> None:
        """Back to the home screen, whatever is above it."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def set_profile(self, name: str) -> bool:
        """Switch to the learner `name` (created if new); False, with a notice, if refused."""
        from sahel_quiz.errors import UserError

        try:
            name = self.workspace.use_profile(name)
        except UserError as error:
            self.notify(str(error), severity="error")
            return False
        self.show_profile_in_title()
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.reload()
        self.notify(_("Now learning as {name}").format(name=name), title=_("Profile"))
        return True

    # -- actions ---------------------------------------------------------------------------

    def action_help(self) -> None:
        from sahel_quiz.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_switch_profile(self) -> None:
        from sahel_quiz.tui.screens.profile import ProfileScreen

        def chosen(name: str | None) -> None:
            if name:
                self.set_profile(name)

        if not isinstance(self.screen, ProfileScreen):
            self.push_screen(ProfileScreen(self.workspace), chosen)

    def action_toggle_contrast(self) -> None:
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST_THEME else HIGH_CONTRAST_THEME

    async def action_quit(self) -> None:
        self.save_open_quizzes()
        self.exit()

    def save_open_quizzes(self) -> None:
        """Finish every quiz still open, so that an interrupted one is saved too (each answer
        is already committed by the engine; this saves the quiz result). Idempotent."""
        for session in self.quiz_sessions:
            if session.summary is None:
                session.finish(now=self.clock())

    # -- the command palette ---------------------------------------------------------------

    def _decks(self) -> list[LoadedDeck]:
        """The decks if the home screen has loaded them (the palette must not wait for them)."""
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                return list(screen.decks)
        return []

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Home"), _("Back to the list of decks"), self.go_home)
        for loaded in self._decks():
            title = loaded.deck.title
            yield SystemCommand(
                _("Play quiz: {title}").format(title=title),
                _("A quiz over {deck}").format(deck=loaded.id),
                lambda d=loaded: self.play(d),
            )
            yield SystemCommand(
                _("Study: {title}").format(title=title),
                _("Spaced repetition of {deck}").format(deck=loaded.id),
                lambda d=loaded: self.study(d),
            )
        yield SystemCommand(_("Stats"), _("Progress per deck, with charts"), self.stats)
        yield SystemCommand(
            _("Switch profile"), _("Choose or create a learner"), self.action_switch_profile
        )
        for name in self.workspace.profiles(if_open=True):
            if name != self.workspace.profile:
                yield SystemCommand(
                    _("Profile: {name}").format(name=name),
                    _("Learn as {name}").format(name=name),
                    lambda n=name: self.set_profile(n),
                )
        yield SystemCommand(
            _("Theme: Sahel (default)"),
            _("The readable default colours"),
            lambda: setattr(self, "theme", DEFAULT_THEME),
        )
        yield SystemCommand(
            _("Theme: high contrast"),
            _("Black, white and yellow"),
            lambda: setattr(self, "theme", HIGH_CONTRAST_THEME),
        )
        yield SystemCommand(
            _("Help"), _("The keys of this screen and everywhere"), self.action_help
        )
        for command in super().get_system_commands(screen):  # Textual's own, in our words
            yield command._replace(
                title=_(_TEXTUAL_COMMANDS.get(command.title, command.title)),
                help=_(_TEXTUAL_COMMANDS.get(command.help, command.help)),
            )

    def action_command_palette(self) -> None:
        """Textual's palette, with its placeholder in the reader's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = _("Search for commands…")
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))
