"""One hosted classroom game: the deck made into a game, the server, the saving, the addresses.

This is the object every host screen drives (the line-mode host now, the Textual host screen
later): it owns no screen code. Saving is hooked to the server's changes, so whichever screen
runs the game, each question is saved when it closes and the session is finished when the game
ends, including when the teacher quits in the middle (`stop` ends the game first).
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sahel_quiz.classroom.addresses import join_urls
from sahel_quiz.classroom.server import ClassroomServer
from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.deck.selection import NO_FILTER, TagFilter, select_cards
from sahel_quiz.engine.classroom import ClassroomGame, build_questions
from sahel_quiz.engine.classroom.record import SessionRecorder
from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _, ngettext, quoted
from sahel_quiz.scoring import Mode

__all__ = ["ClassroomHost", "HostOptions", "new_pin"]


@dataclass(frozen=True)
class HostOptions:
    """What `sahel-quiz host` lets the teacher choose."""

    mode: Mode = "speed"
    time_limit: float | None = None  # per question; self-paced: for the whole game
    timed: bool = True  # False: no time limits (the teacher can turn them on from the host)
    limit: int | None = None
    seed: int | None = None
    bind: str = "0.0.0.0"
    port: int = 8765
    record: bool = False
    tags: TagFilter = NO_FILTER  # --tag, --skip-tag


def new_pin() -> str:
    """A 6-digit PIN from the system's random source (a guessable PIN lets strangers in)."""
    return f"{secrets.randbelow(1_000_000):06d}"


def build_game(loaded: LoadedDeck, options: HostOptions, pin: str) -> ClassroomGame:
    """The game for a deck, or a `UserError` a teacher can act on."""
    if options.time_limit is not None and not options.time_limit > 0:
        raise UserError(
            _("--time-limit must be a positive number of seconds, not {seconds}").format(
                seconds=options.time_limit
            )
        )
    if options.limit is not None and options.limit < 1:
        raise UserError(_("--limit must be at least 1, not {limit}").format(limit=options.limit))
    cards = select_cards(loaded.deck.cards, options.tags, loaded.id)
    questions = build_questions(cards, seed=options.seed, limit=options.limit)
    if not questions:
        raise UserError(
            _(
                "deck {deck} has no card a classroom game can play (flashcards are "
                "self-graded and left out)"
            ).format(deck=quoted(loaded.id))
        )
    return ClassroomGame(
        questions,
        title=loaded.deck.title,
        language=loaded.deck.language,
        mode=options.mode,
        pin=pin,
        time_limit=options.time_limit,
        timed=options.timed,
        deck_cards=loaded.deck.cards,
    )


class ClassroomHost:
    """A game being hosted. Create it, `await start()`, drive `server`, `await stop()`."""

    def __init__(
        self,
        loaded: LoadedDeck,
        workspace: Workspace | None,
        options: HostOptions,
        *,
        pin: str | None = None,
    ) -> None:
        """`workspace` holds the progress store the game is saved in (None: not saved)."""
        self.loaded = loaded
        self.workspace = workspace
        self.options = options
        self.pin = pin or new_pin()
        self.game = build_game(loaded, options, self.pin)
        self.server = ClassroomServer(self.game, host=options.bind, port=options.port)
        self.recorder: SessionRecorder | None = None
        self.urls: list[str] = []
        self._reviews: asyncio.Future[int] | None = None
        self.server.add_listener(self._save)

    @property
    def session_id(self) -> int | None:
        return self.recorder.session_id if self.recorder else None

    def saved_lines(self) -> list[str]:
        """What to tell the teacher once the game is over: where it was saved, how many answers
        went into the students' review histories, and the recorder's notices (one text for the
        line-mode host and the full-screen one)."""
        recorder = self.recorder
        if recorder is None:
            return []
        lines = [
            _("Saved as classroom session {id} ({command}).").format(
                id=recorder.session_id, command=f"sahel-quiz report {recorder.session_id}"
            )
        ]
        if self.options.record:
            count = recorder.reviews_recorded
            lines.append(
                ngettext(
                    "Added {count} answer to the students’ review histories (one "
                    "profile per nickname).",
                    "Added {count} answers to the students’ review histories (one "
                    "profile per nickname).",
                    count,
                ).format(count=count)
            )
        lines.extend(recorder.notices)
        return lines

    async def start(self) -> None:
        try:
            await self.server.start()
        except OSError as error:
            raise UserError(
                _("cannot listen on {address} ({reason}); try another --port or --bind").format(
                    address=f"{self.options.bind}:{self.options.port}",
                    reason=error.strerror or error,
                )
            ) from error
        self.urls = join_urls(self.options.bind, self.server.port, self.pin)

    async def stop(self) -> None:
        """End the game if it is under way (saving it), then close every connection."""
        if self.game.started_at is not None and self.game.phase != "ended":
            self.server.end_game()
        self._save()
        await self.server.stop()
        if self._reviews is not None:
            await self._reviews

    def _save(self) -> None:
        if self.workspace is None or self.game.started_at is None:
            return
        if self.recorder is None:
            self.recorder = SessionRecorder(
                self.workspace.store,
                self.game,
                deck_id=self.loaded.id,
                wall_at=datetime.now(UTC),
                clock_at=self.server.now(),
                settings={
                    "time_limit": self.game.time_limit,
                    "questions": self.game.question_count,
                    "seed": self.options.seed,
                    "record": self.options.record,
                },
            )
        self.recorder.save()
        if self.game.phase == "ended" and self.game.ended_at is not None:
            self.recorder.finish(self.game.ended_at)
            if self.options.record and self._reviews is None:
                loop = asyncio.get_running_loop()
                self._reviews = loop.run_in_executor(None, self.recorder.record_reviews)
