"""The students' page in a real browser: Debian's Chromium driven by Playwright, on the real server.

The server runs in its own event-loop thread on 127.0.0.1 (an ephemeral port); the test plays
the teacher by calling the server's host controls in that loop (`start_game`, `close_question`,
`advance`, `end_game`, `remove_player`) and plays the students by clicking and typing in pages.
One browser is shared by the whole module; each student gets their own browser context, so
their local storage (where the rejoin token lives) is their own, as on separate phones.

Set SAHEL_QUIZ_SHOTS=/some/dir to save phone-size screenshots there (each card type, a reveal,
the end, a refused nickname) to look at.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    ViewportSize,
    expect,
    sync_playwright,
)

from sahel_quiz.classroom.server import ClassroomServer
from sahel_quiz.deck.model import (
    Card,
    ChoiceCard,
    ClozeCard,
    Deck,
    MultiCard,
    NumberCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from sahel_quiz.engine.classroom import ClassroomGame, build_questions

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "the browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
        allow_module_level=True,
    )

T = TypeVar("T")
PIN = "307519"
PHONE = ViewportSize(width=360, height=740)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DECK = Deck.model_validate(
    {
        "id": "browser-test",
        "title": "Browser test deck",
        "language": "en",
        "cards": [
            {
                "id": "inviter",
                "type": "choice",
                "prompt": "Who invited the three ministers?",
                "options": ["Sergei Lavrov", "Abdoulaye Diop", "Bakary Sangaré", "Karamoko Traoré"],
                "answer": "Sergei Lavrov",
                "explain": "Russia's foreign minister sent the invitation.",
                "quote": "at his invitation",
            },
            {
                "id": "members",
                "type": "multi",
                "prompt": "Which countries are members of the confederation?",
                "options": ["Mali", "Burkina Faso", "Niger", "Senegal"],
                "answer": ["Mali", "Burkina Faso", "Niger"],
            },
            {
                "id": "paris",
                "type": "true_false",
                "prompt": "The ministers met their counterpart in Paris.",
                "answer": False,
                "explain": "They went to Russia.",
            },
            {
                "id": "city",
                "type": "typed",
                "prompt": "Which capital did the ministers visit?",
                "answer": "Moscow",
                "accept": ["Moskva"],
            },
            {
                "id": "widgets",
                "type": "number",
                "prompt": "How many widgets does this test card expect?",
                "answer": 9173,
                "unit": "widgets",
            },
            {
                "id": "left",
                "type": "cloze",
                "prompt": "The {{Confederation of Sahel States|AES}} left {{ECOWAS}}.",
            },
            {
                "id": "sequence",
                "type": "order",
                "prompt": "Put these events in order.",
                "answer": [
                    "Coups in the three countries",
                    "Withdrawal from ECOWAS",
                    "Talks in Moscow",
                ],
            },
        ],
    }
)
TRUE_FALSE = next(card for card in DECK.cards if isinstance(card, TrueFalseCard))


# -- the server, in its own event loop ---------------------------------------------------------


class LiveServer:
    """A real `ClassroomServer` on 127.0.0.1 whose host controls the test calls in its loop."""

    def __init__(self, game: ClassroomGame, **server_options: Any) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

        async def start() -> ClassroomServer:
            options: dict[str, Any] = {"lobby_interval": 0.05, "heartbeat": None}
            server = ClassroomServer(game, host="127.0.0.1", port=0, **options | server_options)
            await server.start()
            return server

        self.server = self.run(start())
        self.url = f"http://127.0.0.1:{self.server.port}/"
        self.networks: list[FlakyNetwork] = []

    def run(self, coroutine: Any) -> Any:
        """Run a coroutine in the server's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(10)

    def host(self, action: Callable[[ClassroomServer], T]) -> T:
        """Run `action(server)` in the server's loop, as a host screen would."""

        async def call() -> T:
            return action(self.server)

        result: T = self.run(call())
        return result

    def card(self) -> Card:
        """The card of the question now open (speed and accuracy modes)."""
        return self.host(lambda s: s.game.questions[s.game.current].card)

    def score(self, name: str) -> int:
        standings = self.host(lambda s: s.game.standings())
        return next(s.score for s in standings if s.name == name)

    def flaky_network(self) -> FlakyNetwork:
        network = FlakyNetwork(self)
        self.networks.append(network)
        return network

    def stop(self) -> None:
        for network in self.networks:
            network.stop()
        self.run(self.server.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


class FlakyNetwork:
    """A TCP relay in front of the server that the test can cut, like a hotspot dropping out.

    Cutting aborts every relayed connection (the page sees its WebSocket drop, with no close
    frame); while `down`, new connections are refused, so the page has to keep retrying.
    """

    def __init__(self, live: LiveServer) -> None:
        self.live = live
        self.down = False
        self.refused = 0
        self._links: set[asyncio.StreamWriter] = set()

        async def start() -> asyncio.Server:
            return await asyncio.start_server(self._relay, "127.0.0.1", 0)

        self._server: asyncio.Server = live.run(start())
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/"

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.down:
            self.refused += 1
            writer.transport.abort()
            return
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.live.server.port)
        self._links.update((writer, up_writer))

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                sink.transport.abort()
                self._links.discard(sink)

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    def cut(self, *, down: bool) -> None:
        async def cut() -> None:
            self.down = down
            for link in list(self._links):
                link.transport.abort()

        self.live.run(cut())

    def restore(self) -> None:
        async def restore() -> None:
            self.down = False

        self.live.run(restore())

    def stop(self) -> None:
        async def stop() -> None:
            self._server.close()
            for link in list(self._links):
                link.transport.abort()

        self.live.run(stop())


def make_game(mode: str, cards: list[Card] | None = None, **options: Any) -> ClassroomGame:
    return ClassroomGame(
        build_questions(cards or DECK.cards, seed=11),
        title=DECK.title,
        language=DECK.language,
        mode=mode,  # type: ignore[arg-type]
        pin=PIN,
        **options,
    )


@pytest.fixture
def live_factory() -> Iterator[Callable[..., LiveServer]]:
    servers: list[LiveServer] = []

    def make(
        mode: str = "speed",
        cards: list[Card] | None = None,
        server: dict[str, Any] | None = None,
        **options: Any,
    ) -> LiveServer:
        live = LiveServer(make_game(mode, cards, **options), **(server or {}))
        servers.append(live)
        return live

    yield make
    for live in servers:
        live.stop()


# -- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Callable[..., Page]]:
    """New phones (a context each: their own local storage), closed after the test.

    Any uncaught JavaScript error on any of their pages fails the test.
    """
    contexts: list[BrowserContext] = []
    errors: list[str] = []

    def make(locale: str = "en-GB") -> Page:
        context = browser.new_context(viewport=PHONE, locale=locale, has_touch=True)
        context.set_default_timeout(5000)
        context.on("page", lambda page: page.on("pageerror", lambda e: errors.append(str(e))))
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    assert not errors, errors


def join(page: Page, url: str, name: str) -> None:
    page.goto(f"{url}?pin={PIN}")
    expect(page.get_by_label("Game PIN")).to_have_value(PIN)
    page.get_by_label("Nickname").fill(name)
    page.get_by_role("button", name="Join", exact=True).click()


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("SAHEL_QUIZ_SHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def check_phone_layout(page: Page) -> None:
    """Nothing wider than the phone; every visible button at least 48 px each way."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('button, input, summary')]
            .filter((b) => b.offsetParent !== null)
            .map((b) => b.getBoundingClientRect())
            .map((r) => Math.min(r.width, r.height)))"""
    )
    assert smallest >= 48


def option(page: Page, text: str) -> Locator:
    return page.locator(".opt").filter(
        has=page.locator(".otext", has_text=re.compile(f"^{re.escape(text)}$"))
    )


def answer(page: Page, card: Card, *, right: bool = True, keyboard: bool = False) -> None:
    """Answer the question on screen the way a student would (right, or wrong on purpose)."""
    send = page.get_by_role("button", name="Send answer")
    if isinstance(card, ChoiceCard):
        pick = card.answer if right else next(o for o in card.options if o != card.answer)
        if keyboard:  # from the focused prompt, Tab to the option and press Enter
            for _ in range(page.locator(".opt .otext").all_inner_texts().index(pick) + 1):
                page.keyboard.press("Tab")
            expect(option(page, pick)).to_be_focused()
            page.keyboard.press("Enter")
        else:
            option(page, pick).click()
    elif isinstance(card, MultiCard):
        wrong = next(o for o in card.options if o not in card.answer)
        option(page, wrong).click()  # toggled on, then off again
        expect(option(page, wrong)).to_have_attribute("aria-pressed", "true")
        option(page, wrong).click()
        expect(option(page, wrong)).to_have_attribute("aria-pressed", "false")
        for pick in card.answer if right else [wrong]:
            option(page, pick).click()
        send.click()
    elif isinstance(card, TrueFalseCard):
        page.get_by_role("button", name="True" if card.answer == right else "False").click()
    elif isinstance(card, TypedCard):
        page.get_by_label("Your answer").fill(card.answer if right else "Dakar")
        page.get_by_label("Your answer").press("Enter")
    elif isinstance(card, NumberCard):
        expect(page.locator(".unit")).to_have_text(card.unit or "")
        page.get_by_label("Your answer").fill("lots")  # refused by the server: type again
        send.click()
        expect(page.locator("#qstatus")).to_have_text(  # the card's hint, from the server
            "Type the number in digits; a decimal point or comma is fine"
        )
        expect(page.get_by_label("Your answer")).to_be_editable()
        page.get_by_label("Your answer").fill(f"{card.answer:g}" if right else "12")
        send.click()
    elif isinstance(card, ClozeCard):
        expect(page.get_by_role("heading", name="Fill in the blanks")).to_be_visible()
        total = len(card.blanks)
        for number, alternatives in enumerate(card.blanks, start=1):
            field = page.get_by_label(f"Blank {number} of {total}")
            field.fill(alternatives[-1] if right else "nothing")
        send.click()
    elif isinstance(card, OrderCard):
        target = card.answer if right else list(reversed(card.answer))
        for position, item in enumerate(target):
            shown = page.locator(".oitem .otext").all_inner_texts()
            for _ in range(shown.index(item) - position):
                page.get_by_role("button", name=f"Move up: {item}").click()
        expect(page.locator(".oitem .otext")).to_have_text(target)
        send.click()
    else:
        raise AssertionError(f"no way to answer a {card.type} card")


# -- the tests ---------------------------------------------------------------------------------


def test_a_student_plays_every_card_type_and_rejoins_after_reloads(
    live_factory: Callable[..., LiveServer], phone: Callable[..., Page]
) -> None:
    live = live_factory("speed")
    awa = phone()
    requests: list[str] = []
    awa.on("request", lambda request: requests.append(request.url))
    join(awa, live.url, "Awa")
    expect(awa.get_by_role("heading", name="Welcome, Awa!")).to_be_visible()
    expect(awa.locator("#lobby-count")).to_have_text("1 player")

    # A second student tries the same name, in other letter case: a clear message, then joins.
    moussa = phone()
    join(moussa, live.url, "awa")
    expect(moussa.get_by_role("alert")).to_have_text(
        "This nickname is already taken. Choose another."
    )
    expect(moussa.get_by_label("Nickname")).to_be_focused()
    shot(moussa, "name-taken")
    moussa.get_by_label("Nickname").fill("Moussa")
    moussa.get_by_role("button", name="Join", exact=True).click()
    expect(moussa.get_by_role("heading", name="Welcome, Moussa!")).to_be_visible()
    expect(awa.locator("#lobby-count")).to_have_text("2 players")

    live.host(lambda s: s.start_game())
    count = len(DECK.cards)
    score = 0
    kinds: list[str] = []
    for index in range(count):
        card = live.card()
        kinds.append(card.type)
        expect(awa.locator("#s-question .qnum")).to_have_text(f"Question {index + 1} / {count}")
        expect(awa.locator("#prompt")).to_be_focused()
        check_phone_layout(awa)
        if index == 2:  # a reload before answering: same question, same score
            awa.reload()
            expect(awa.locator("#s-question .qnum")).to_have_text(f"Question {index + 1} / {count}")
            expect(awa.locator("#me-score")).to_have_text(f"{score:,}")
        shot(awa, f"question-{card.type}")
        right = not isinstance(card, TrueFalseCard)  # one wrong answer, on purpose
        answer(awa, card, right=right, keyboard=True)
        expect(awa.locator("#qstatus")).to_have_text("Answer sent! Waiting for the others…")
        if index == 4:  # a reload after answering: still answered, no second answer possible
            awa.reload()
            expect(awa.locator("#qstatus")).to_have_text("Answer sent! Waiting for the others…")
            expect(awa.locator("#s-question button").first).to_be_disabled()

        live.host(lambda s: s.close_question())
        verdict = awa.locator(".verdict h1")
        expect(verdict).to_have_text("Right!" if right else "Wrong")  # icon is CSS, not text
        new_score = live.score("Awa")
        expect(awa.locator(".verdict .plus")).to_have_text(f"+{new_score - score:,} points")
        expect(awa.locator("#me-score")).to_have_text(f"{new_score:,}")
        assert (new_score > score) == right
        score = new_score
        expect(moussa.locator(".verdict h1")).to_have_text("No answer")
        if isinstance(card, ChoiceCard):  # the right answer, the student's, the explanation
            expect(awa.locator("p.correct")).to_have_text(card.answer)
            expect(awa.get_by_text(f"Your answer: {card.answer}")).to_be_visible()
            expect(awa.locator(".explain")).to_have_text(card.explain or "")
            shot(awa, "reveal")
        live.host(lambda s: s.advance())
        if index + 1 < count:
            expect(awa.get_by_role("heading", name="Leaderboard")).to_be_visible()
            expect(awa.locator(".board .self .nm")).to_have_text("Awa")
            live.host(lambda s: s.advance())

    assert sorted(kinds) == sorted(c.type for c in DECK.cards)
    expect(awa.get_by_role("heading", name="Game over")).to_be_visible()
    expect(awa.locator(".podium .p1 .nm")).to_have_text("Awa")
    expect(awa.locator(".podium .p2 .nm")).to_have_text("Moussa")
    expect(awa.locator("details.review")).to_have_count(count)
    shot(awa, "end")
    expect(awa.get_by_text(f"{count - 1} right, {count} answered")).to_be_visible()
    assert all(url.startswith(live.url) for url in requests), requests

    live.host(lambda s: s.remove_player("Moussa"))
    expect(
        moussa.get_by_role("heading", name="The teacher removed you from the game.")
    ).to_be_visible()


def test_a_dropped_network_reconnects_to_the_same_question_with_the_typing_kept(
    live_factory: Callable[..., LiveServer], phone: Callable[..., Page]
) -> None:
    typed = next(card for card in DECK.cards if isinstance(card, TypedCard))
    live = live_factory("speed", cards=[typed, TRUE_FALSE], time_limit=60)
    network = live.flaky_network()
    page = phone()
    join(page, network.url, "Awa")
    expect(page.locator("#lobby-count")).to_have_text("1 player")
    live.host(lambda s: s.start_game())
    expect(page.locator("#s-question .qnum")).to_have_text("Question 1 / 2")
    page.get_by_label("Your answer").fill("Mosc")

    network.cut(down=True)
    banner = page.get_by_text("Reconnecting…")
    expect(banner).to_be_visible()
    for _ in range(50):  # the first retry, after 1 s, is refused
        if network.refused:
            break
        page.wait_for_timeout(100)
    assert network.refused >= 1
    assert live.host(lambda s: s.connection_count) == 0
    network.restore()
    expect(banner).to_be_hidden(timeout=8000)  # the next retry, 2 s later, gets through
    expect(page.locator("#s-question .qnum")).to_have_text("Question 1 / 2")
    expect(page.get_by_label("Your answer")).to_have_value("Mosc")
    assert live.host(lambda s: s.connection_count) == 1
    page.get_by_role("button", name="Français").click()  # relabelled in place: typing kept
    expect(page.get_by_label("Votre réponse")).to_have_value("Mosc")
    page.get_by_role("button", name="English").click()

    page.get_by_label("Your answer").fill(typed.answer)
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator(".verdict h1")).to_have_text("Right!")  # the only player: it closes
    expect(page.locator("#me-score")).to_have_text(f"{live.score('Awa'):,}")


def test_french_phone_gets_french_page_and_can_switch(
    live_factory: Callable[..., LiveServer], phone: Callable[..., Page]
) -> None:
    live = live_factory("accuracy", cards=[TRUE_FALSE])
    page = phone(locale="fr-FR")
    page.goto(live.url)  # no ?pin=: the student types it
    expect(page.get_by_role("heading", name="Rejoindre la partie")).to_be_visible()
    page.get_by_label("Code PIN de la partie").fill("000000")
    page.get_by_label("Pseudo").fill("Aïssata")
    page.get_by_role("button", name="Rejoindre", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text(
        "Code PIN incorrect : regardez l’écran de l’enseignant."
    )
    page.get_by_label("Code PIN de la partie").fill(PIN)
    page.get_by_role("button", name="Rejoindre", exact=True).click()
    expect(page.get_by_role("heading", name="Bienvenue, Aïssata !")).to_be_visible()
    expect(page.locator("#lobby-count")).to_have_text("1 joueur")

    live.host(lambda s: s.start_game())
    expect(page.locator("#s-question .qnum")).to_have_text("Question 1 / 1")
    page.get_by_role("button", name="Faux").click()  # the only player: the question closes
    expect(page.locator(".verdict h1")).to_have_text("Bonne réponse !")
    expect(page.locator(".verdict .plus")).to_have_text(re.compile(r"^\+1\s000 points$"))
    expect(page.locator("p.correct")).to_have_text("Faux")
    expect(page.get_by_text("Votre réponse : Faux")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.locator(".verdict h1")).to_have_text("Right!")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("p.correct")).to_have_text("False")  # worded again by the server
    expect(page.get_by_text("Your answer: False")).to_be_visible()
    page.reload()  # the choice is remembered, and the student is still in the game
    expect(page.locator(".verdict h1")).to_have_text("Right!")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("p.correct")).to_have_text("False")


def test_how_to_answer_comes_in_the_pages_language_and_follows_a_switch(
    live_factory: Callable[..., LiveServer], phone: Callable[..., Page]
) -> None:
    """The server words the hint for each page (one catalogue for every interface); a switch
    gets it again in the new language, and what the student picked or typed stays."""
    multi = next(card for card in DECK.cards if isinstance(card, MultiCard))
    live = live_factory("accuracy", cards=[multi])
    french, english = phone(locale="fr-FR"), phone()
    join(english, live.url, "Ben")
    french.goto(f"{live.url}?pin={PIN}")
    french.get_by_label("Pseudo").fill("Awa")
    french.get_by_role("button", name="Rejoindre", exact=True).click()
    expect(french.locator("#lobby-count")).to_have_text("2 joueurs")
    live.host(lambda s: s.start_game())
    expect(french.locator("#s-question .hint")).to_have_text(
        "Choisissez toutes les bonnes réponses"
    )
    expect(english.locator("#s-question .hint")).to_have_text("Choose all that apply")
    first = french.locator("#s-question .opt").first
    first.click()
    expect(first).to_have_attribute("aria-pressed", "true")
    french.get_by_role("button", name="English").click()
    expect(french.locator("#s-question .hint")).to_have_text("Choose all that apply")
    expect(first).to_have_attribute("aria-pressed", "true")  # the pick survives the switch
    expect(english.locator("#s-question .hint")).to_have_text("Choose all that apply")


def test_a_number_in_words_gets_the_cards_hint_and_a_near_miss_is_marked_in_french(
    live_factory: Callable[..., LiveServer], phone: Callable[..., Page]
) -> None:
    """Both come from the server in the page's language: the hint of the number card's rules
    (the page keeps no copy), and the letters a near miss got wrong, marked in the spelling
    (bold and underlined, not by colour alone) and named in words."""
    number = next(card for card in DECK.cards if isinstance(card, NumberCard))
    typed = next(card for card in DECK.cards if isinstance(card, TypedCard))
    live = live_factory("accuracy", cards=[number, typed], time_limit=300)
    page = phone(locale="fr-FR")
    page.goto(f"{live.url}?pin={PIN}")
    page.get_by_label("Pseudo").fill("Awa")
    page.get_by_role("button", name="Rejoindre", exact=True).click()
    expect(page.locator("#lobby-count")).to_have_text("1 joueur")
    live.host(lambda s: s.start_game())
    seen: dict[str, list[str]] = {}
    for _round in range(2):
        expect(page.locator("#s-question .qnum")).to_have_text(f"Question {_round + 1} / 2")
        field = page.get_by_label("Votre réponse")
        if isinstance(live.card(), NumberCard):
            field.fill("beaucoup")
            field.press("Enter")
            expect(page.locator("#qstatus")).to_have_text(
                "Tapez le nombre en chiffres ; un point ou une virgule décimale conviennent"
            )
            field.fill("9173")
            field.press("Enter")
            expect(page.locator(".verdict h1")).to_have_text("Bonne réponse !")
        else:
            field.fill("Mosow")
            field.press("Enter")
            expect(page.locator(".verdict h1")).to_have_text("Bonne réponse !")
            spelling = page.locator(".accepted-as .spelling")
            expect(spelling).to_have_text("Moscow")
            expect(spelling.locator("mark")).to_have_text(["c"])
            expect(page.locator(".accepted-as .hint")).to_have_text(
                "Soulignées : les lettres que vous avez mal écrites (c)"
            )
            style = spelling.locator("mark").evaluate(
                "m => [getComputedStyle(m).fontWeight, getComputedStyle(m).textDecorationLine]"
            )
            assert style == ["700", "underline"]
            audit(page, "reveal of a near miss", seen)
            assert seen == {"reveal of a near miss": []}
            if _round == 1:  # the last: a switch brings the reveal again, marked again
                page.get_by_role("button", name="English").click()
                expect(page.locator(".accepted-as p").first).to_have_text("Accepted as “Moscow”")
                expect(spelling.locator("mark")).to_have_text(["c"])
        if _round == 0:
            live.host(lambda s: s.advance())
            live.host(lambda s: s.advance())


def test_a_second_page_of_the_same_student_takes_over_and_can_hand_back(
    live_factory: Callable[..., LiveServer], phone: Callable[..., Page]
) -> None:
    live = live_factory("speed")
    first = phone()
    join(first, live.url, "Awa")
    expect(first.get_by_role("heading", name="Welcome, Awa!")).to_be_visible()
    second = first.context.new_page()  # the same phone: the same local storage, the same token
    second.goto(f"{live.url}?pin={PIN}")
    expect(second.get_by_role("heading", name="Welcome, Awa!")).to_be_visible()
    replaced = "You joined again on another page."
    expect(first.get_by_role("heading", name=replaced)).to_be_visible()
    first.get_by_role("button", name="Continue on this page").click()
    expect(first.get_by_role("heading", name="Welcome, Awa!")).to_be_visible()
    expect(second.get_by_role("heading", name=replaced)).to_be_visible()
    assert live.host(lambda s: s.host_state().players)[0].name == "Awa"
    assert len(live.host(lambda s: s.game.player_ids)) == 1


def test_self_paced_student_moves_on_alone_and_sees_answers_at_the_end(
    live_factory: Callable[..., LiveServer], phone: Callable[..., Page]
) -> None:
    cards = [c for c in DECK.cards if isinstance(c, ChoiceCard | TypedCard | OrderCard)]
    live = live_factory("self-paced", cards=cards)
    fatou, binta = phone(), phone()
    join(fatou, live.url, "Fatou")
    join(binta, live.url, "Binta")
    expect(fatou.locator("#lobby-count")).to_have_text("2 players")
    live.host(lambda s: s.start_game())
    questions = live.host(lambda s: [q.card for q in s.game.questions])
    for index, card in enumerate(questions):
        expect(fatou.locator("#s-question .qnum")).to_have_text(f"Question {index + 1} / 3")
        expect(fatou.locator("#timer")).to_have_text(re.compile(r"^\d+:\d\d$"))  # the game's clock
        if index == 1:  # a reload in self-paced mode lands on the student's own question
            fatou.reload()
            expect(fatou.locator("#s-question .qnum")).to_have_text("Question 2 / 3")
        answer(fatou, card)
    expect(fatou.get_by_role("heading", name="All done!")).to_be_visible()
    expect(binta.locator("#s-question .qnum")).to_have_text("Question 1 / 3")

    live.host(lambda s: s.end_game())
    expect(fatou.get_by_role("heading", name="Game over")).to_be_visible()
    expect(fatou.locator(".podium .p1 .nm")).to_have_text("Fatou")
    reviews = fatou.locator("details.review")
    expect(reviews).to_have_count(3)
    expect(fatou.locator("details.review.right")).to_have_count(3)
    reviews.first.locator("summary").click()
    expect(reviews.first.get_by_text("Correct answer")).to_be_visible()


# -- issue 11: options told apart without colour, Send in reach, no jump, accessibility ------

TWELVE = [f"Option number {n}, a fairly long answer that wraps on a phone" for n in range(1, 13)]
MANY = Deck.model_validate(
    {
        "id": "many-options",
        "title": "Many options",
        "language": "en",
        "cards": [
            {
                "id": "twelve",
                "type": "choice",
                "prompt": "Which of these twelve is the right one?",
                "options": TWELVE,
                "answer": TWELVE[6],
            },
            {
                "id": "long-multi",
                "type": "multi",
                "prompt": "Which of these twelve are right? (a long multi question)",
                "options": TWELVE,
                "answer": TWELVE[:2],
            },
            {
                "id": "long-order",
                "type": "order",
                "prompt": "Put these ten steps in order.",
                "answer": [f"Step {n} of a long procedure to put in order" for n in range(1, 11)],
            },
        ],
    }
).cards


def test_twelve_options_have_twelve_colours_and_twelve_shapes(
    live_factory: Callable[..., LiveServer], phone: Callable[..., Page]
) -> None:
    live = live_factory("speed", cards=MANY[:1])
    page = phone()
    join(page, live.url, "Awa")
    live.host(lambda s: s.start_game())
    expect(page.locator(".opt")).to_have_count(12)
    looks = page.evaluate(
        """() => [...document.querySelectorAll('.opt')].map((b) => {
            const shape = getComputedStyle(b, '::before');
            return {
                colour: getComputedStyle(b).backgroundColor,
                shape: [shape.clipPath, shape.borderRadius, shape.borderTopWidth,
                        shape.backgroundColor].join(' '),
                letter: b.querySelector('.letter').textContent,
            };
        })"""
    )
    assert len({look["colour"] for look in looks}) == 12
    assert len({look["shape"] for look in looks}) == 12  # told apart without any colour
    assert [look["letter"] for look in looks] == list("ABCDEFGHIJKL")
    shot(page, "twelve-options")


def test_send_stays_in_reach_and_sending_does_not_scroll_the_question_away(
    live_factory: Callable[..., LiveServer], phone: Callable[..., Page]
) -> None:
    live = live_factory("speed", cards=MANY[1:], time_limit=120)
    page, idle = phone(), phone()
    join(page, live.url, "Awa")
    join(idle, live.url, "Idle")  # someone who has not answered: the question stays open
    expect(page.locator("#lobby-count")).to_have_text("2 players")
    live.host(lambda s: s.start_game())
    for _ in range(2):
        expect(page.locator("#prompt")).to_be_visible()
        send = page.get_by_role("button", name="Send answer")
        assert in_view(page, send)  # at the bottom of the screen, before any scrolling
        if page.locator(".opt").count():
            last = page.locator(".opt").last
            last.scroll_into_view_if_needed()
            last.click()
        else:
            lowest = page.get_by_role("button", name=re.compile("^Move down")).last
            lowest.scroll_into_view_if_needed()
        scrolled = page.evaluate("window.scrollY")
        assert scrolled > 0  # the question is longer than the screen
        assert in_view(page, send) and in_view(page, page.locator("#timer"))
        shot(page, f"sticky-send-{live.card().type}")
        send.click()
        expect(page.locator("#qstatus")).to_have_text("Answer sent! Waiting for the others…")
        expect(page.locator("#qstatus")).to_be_focused()
        assert page.evaluate("window.scrollY") == scrolled  # no jump
        assert in_view(page, page.locator("#timer"))
        live.host(lambda s: s.close_question())
        expect(page.locator(".verdict h1")).to_be_visible()
        live.host(lambda s: s.advance())
        live.host(lambda s: s.advance())


def in_view(page: Page, locator: Locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_time_limits_off_extra_time_and_the_lock_on_the_page(
    live_factory: Callable[..., LiveServer], phone: Callable[..., Page]
) -> None:
    live = live_factory("speed", cards=[TRUE_FALSE, TRUE_FALSE.model_copy(update={"id": "tf2"})])
    awa, moussa = phone(), phone()
    join(awa, live.url, "Awa")
    join(moussa, live.url, "Moussa")
    expect(moussa.locator("#lobby-count")).to_have_text("2 players")
    live.host(lambda s: s.set_locked(True))
    late = phone()
    join(late, live.url, "Late")
    expect(late.get_by_role("alert")).to_have_text(
        "The teacher has locked the game: no one new can join."
    )
    live.host(lambda s: s.set_extra_time("Awa"))
    live.host(lambda s: s.start_game())
    expect(awa.locator("#timer")).to_have_text("40")
    expect(moussa.locator("#timer")).to_have_text("20")
    live.host(lambda s: s.set_timed(False))
    for page in (awa, moussa):
        expect(page.locator("#timer")).to_have_text("No time limit")
        expect(page.locator(".tbar")).to_be_hidden()
    awa.wait_for_timeout(300)
    expect(awa.get_by_role("button", name="True")).to_be_enabled()
    live.host(lambda s: s.set_timed(True))
    expect(moussa.locator("#timer")).to_have_text(re.compile(r"^(19|20)$"))


def test_a_student_slow_to_type_a_name_still_joins_after_the_join_deadline(
    live_factory: Callable[..., LiveServer], phone: Callable[..., Page]
) -> None:
    live = live_factory("speed", server={"join_deadline": 0.5})
    page = phone()
    page.goto(f"{live.url}?pin={PIN}")
    expect(page.get_by_label("Nickname")).to_be_focused()
    page.wait_for_timeout(1500)  # the page's socket was closed (4003): quietly
    assert live.host(lambda s: s.connection_count) == 0
    expect(page.get_by_text("Reconnecting…")).to_be_hidden()
    page.get_by_label("Nickname").fill("Awa")
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_role("heading", name="Welcome, Awa!")).to_be_visible()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def audit(page: Page, screen: str, seen: dict[str, list[str]]) -> None:
    """axe-core (WCAG 2.2 A and AA, AAA contrast, best practices) on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    results = Axe().run(page, options=options)
    seen[screen] = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in results.response["violations"]
    ]


def test_every_screen_of_the_page_passes_an_accessibility_audit(
    live_factory: Callable[..., LiveServer], phone: Callable[..., Page]
) -> None:
    seen: dict[str, list[str]] = {}
    live = live_factory("speed", time_limit=300)
    page = phone()
    page.goto(f"{live.url}?pin={PIN}")
    expect(page.get_by_label("Nickname")).to_be_visible()
    audit(page, "join", seen)
    page.get_by_label("Game PIN").fill("000000")
    page.get_by_label("Nickname").fill("Awa")
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text(re.compile("Wrong PIN"))
    audit(page, "join, wrong PIN", seen)
    page.get_by_label("Game PIN").fill(PIN)
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_role("heading", name="Welcome, Awa!")).to_be_visible()
    audit(page, "lobby", seen)
    live.host(lambda s: s.start_game())
    for index in range(len(DECK.cards)):
        card = live.card()
        expect(page.locator("#s-question .qnum")).to_have_text(
            f"Question {index + 1} / {len(DECK.cards)}"
        )
        audit(page, f"question: {card.type}", seen)
        answer(page, card)
        expect(page.locator("#qstatus")).to_have_text(re.compile("Answer sent"))
        if index == 0:
            audit(page, "question: answer sent", seen)
        live.host(lambda s: s.close_question())
        expect(page.locator(".verdict h1")).to_be_visible()
        if index == 0:
            audit(page, "reveal", seen)
        live.host(lambda s: s.advance())
        if index + 1 < len(DECK.cards):
            expect(page.get_by_role("heading", name="Leaderboard")).to_be_visible()
            if index == 0:
                audit(page, "leaderboard", seen)
            live.host(lambda s: s.advance())
    expect(page.get_by_role("heading", name="Game over")).to_be_visible()
    page.locator("details.review summary").first.click()
    audit(page, "end", seen)
    page.get_by_role("button", name="Français").click()
    audit(page, "end, in French", seen)
    live.host(lambda s: s.remove_player("Awa"))
    expect(page.get_by_role("heading", name=re.compile("retiré"))).to_be_visible()
    audit(page, "removed", seen)
    page.get_by_role("button", name="Rejoindre à nouveau").click()
    expect(page.get_by_role("heading", name="Rejoindre la partie")).to_be_visible()
    audit(page, "join, in French", seen)

    paced = live_factory("self-paced", cards=[TRUE_FALSE], timed=False)
    other, slow = phone(), phone()
    join(other, paced.url, "Binta")
    join(slow, paced.url, "Slow")
    expect(other.locator("#lobby-count")).to_have_text("2 players")
    paced.host(lambda s: s.start_game())
    expect(other.locator("#timer")).to_have_text("No time limit")
    audit(other, "question, no time limit", seen)
    other.get_by_role("button", name="True").click()
    expect(other.get_by_role("heading", name="All done!")).to_be_visible()
    audit(other, "self-paced: done", seen)

    short = live_factory("speed", cards=[TRUE_FALSE], time_limit=1)
    late, idle = phone(), phone()
    join(late, short.url, "Late")
    join(idle, short.url, "Idle")
    expect(late.locator("#lobby-count")).to_have_text("2 players")
    short.host(lambda s: s.set_extra_time("Idle"))  # the question stays open after Late's time
    short.host(lambda s: s.start_game())
    expect(late.locator("#qstatus")).to_have_text("Time is up!")
    audit(late, "question: time is up", seen)

    relayed = live_factory("speed", cards=[TRUE_FALSE])
    network = relayed.flaky_network()
    first = phone()
    join(first, network.url, "Fatou")
    expect(first.get_by_role("heading", name="Welcome, Fatou!")).to_be_visible()
    second = first.context.new_page()  # the same phone, a second tab: takes over
    second.goto(f"{network.url}?pin={PIN}")
    expect(first.get_by_role("heading", name="You joined again on another page.")).to_be_visible()
    audit(first, "replaced by another page", seen)
    network.cut(down=True)
    expect(second.get_by_text("Reconnecting…")).to_be_visible()
    audit(second, "reconnecting", seen)

    assert len(seen) >= 21
    failures = {screen: found for screen, found in seen.items() if found}
    assert not failures, "\n".join(f"{s}:\n  " + "\n  ".join(f) for s, f in failures.items())
