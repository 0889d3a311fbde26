"""The classroom server: the students' page and the game's WebSocket on one aiohttp port.

The server is a shell around one `ClassroomGame`: each WebSocket message becomes one call on the
game, with the player taken from the connection (never from the message) and the time from the
event loop's monotonic clock (never from the client). Whenever the game's `version` moves, every
player of *this* game is sent their own view; nothing else is ever broadcast.

The host controls the game in-process, by calling `start_game`, `advance`, `close_question`,
`end_game` and `remove_player` from the event loop's thread; there are no control messages on
the network. A host screen redraws from `host_state()` whenever `changed` is set (or a listener
added with `add_listener` is called).

Sending: each connection has an outbox flushed by a short-lived task, so a slow phone never
holds up a broadcast and messages to one phone keep their order. WebSocket compression is off:
it costs several times the memory per connection, and the messages are small.

Admission (`admission.py`): a connection that has not joined yet waits in a pool capped per
client address and in all, and is closed at the join deadline whatever pings it answers; once
joined it leaves the pool, so the players' room is only ever taken by players. Wrong PINs are
limited per address and in all. A WebSocket from a web page of another origin is refused (403),
and every response carries headers that keep the page to its own scripts, styles and socket.
Below HTTP, `_Gate` caps the TCP connections each address holds open (a flood of bare sockets
would otherwise use up the process's open files before any of them asked for a WebSocket), and
a connection idle or sending its request too slowly is closed after `IDLE_HTTP` seconds. Many
addresses together are bounded too: the server lifts its open-files limit as far as the system
allows and keeps all its connections below it (`max_sockets`); at the cap a new connection
takes the place of the oldest one that is not a joined player's (an idle socket, a page's
keep-alive, a WebSocket not joined yet), so a flood never pushes a player out.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import ipaddress
import logging
import math
import re
import socket
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from aiohttp import WSCloseCode, WSMsgType, hdrs, web
from yarl import URL

from sahel_quiz import __version__
from sahel_quiz.classroom import protocol
from sahel_quiz.classroom.admission import ConnectionPool, PinGuard, client_key, reports
from sahel_quiz.classroom.ratelimit import FloodGuard
from sahel_quiz.engine.classroom import ClassroomGame, GameError
from sahel_quiz.engine.classroom.errors import ErrorCode
from sahel_quiz.engine.classroom.skeleton import prototypes
from sahel_quiz.engine.classroom.views import AnsweredView, HostState, QuestionView
from sahel_quiz.i18n import _, speaking

__all__ = ["STATIC_DIR", "ClassroomServer"]

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAX_WS_FRAME = 64 * 1024  # above this aiohttp closes the connection (1009); 4 KiB is ours
MAX_OUTBOX = 256  # messages waiting for one slow client before it is cut off
UNJOINED_PER_ADDRESS = 8  # connections one address may hold before joining
SOCKETS_PER_ADDRESS = 24  # TCP connections one address may hold open, for any purpose
RESERVED_FILES = 100  # open files kept for the process itself (the store, logs, the terminal)
IDLE_HTTP = 15.0  # seconds a connection may wait for (the rest of) a request before it is closed
SPARE_CONNECTIONS = 200  # connections not joined yet, from all addresses together
JOIN_DEADLINE = 15.0  # seconds a connection may stay without joining
LOBBY_INTERVAL = 0.5
HEARTBEAT = 20.0
CLOSE_REMOVED = 4001
CLOSE_REPLACED = 4002
CLOSE_JOIN_DEADLINE = 4003
_HOST_HEADER = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")

log = logging.getLogger(__name__)


class _Connection:
    """One WebSocket: who it belongs to, its flood guard and its outbox.

    One short-lived task at a time sends the outbox in order, then closes the socket if a
    close was asked for, so a goodbye message always goes out before the close frame.
    """

    __slots__ = (
        "_close_with",
        "_sender",
        "address",
        "closed",
        "closing",
        "deadline",
        "guard",
        "lang",
        "outbox",
        "player_id",
        "transport",
        "ws",
    )

    def __init__(self, ws: web.WebSocketResponse, guard: FloodGuard, address: str) -> None:
        self.ws = ws
        self.guard = guard
        self.address = address
        self.transport: asyncio.BaseTransport | None = None  # its TCP connection
        self.deadline: asyncio.TimerHandle | None = None  # the join deadline, until joined
        self.player_id: str | None = None
        self.lang: str | None = None
        """The language this client shows (None: the program's): see `i18n.speaking`."""
        self.outbox: deque[str] = deque()
        self.closed = False
        self.closing: asyncio.Task[None] | None = None
        self._close_with: tuple[int, bytes] | None = None
        self._sender: asyncio.Task[None] | None = None

    def push(self, text: str) -> None:
        """Queue a message for this client."""
        if self.closed:
            return
        if len(self.outbox) >= MAX_OUTBOX:  # it stopped reading: let it reconnect later
            self.outbox.clear()
            self.close(WSCloseCode.TRY_AGAIN_LATER, b"too slow")
            return
        self.outbox.append(text)
        self._send_soon()

    def close(self, code: int, message: bytes) -> None:
        """Close once whatever is already queued has been sent."""
        if self.closed:
            return
        self.closed = True
        self._close_with = (code, message)
        self.closing = self._send_soon()

    def _send_soon(self) -> asyncio.Task[None]:
        if self._sender is None:
            self._sender = asyncio.get_running_loop().create_task(self._send())
        return self._sender

    async def _send(self) -> None:
        try:
            while self.outbox and not self.ws.closed:
                await self.ws.send_str(self.outbox.popleft())
            if self._close_with is not None and not self.ws.closed:
                code, message = self._close_with
                await self.ws.close(code=code, message=message)
        except (TimeoutError, ConnectionError, RuntimeError):
            self.outbox.clear()
        finally:
            self._sender = None


async def _revalidate_static(request: web.Request, response: web.StreamResponse) -> None:
    """Phones must not pair a new page with an old cached script after an upgrade."""
    if request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-cache")


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Only the game's own scripts, styles and socket; no framing, no referrer, no versions."""
    host = request.host if _HOST_HEADER.match(request.host or "") else ""
    sockets = f" ws://{host} wss://{host}" if host else ""
    response.headers[hdrs.CONTENT_SECURITY_POLICY] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self'{sockets}; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )
    response.headers[hdrs.X_CONTENT_TYPE_OPTIONS] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.headers.popall(hdrs.SERVER, None)  # aiohttp's and Python's versions


def _own_names() -> frozenset[str]:
    """Host names a page of this game may be loaded from, besides IP addresses."""
    names = {"localhost"}
    with contextlib.suppress(OSError):
        name = socket.gethostname().lower()
        names |= {name, f"{name}.local", socket.getfqdn().lower()}
    return frozenset(names)


def origin_allowed(origin: str | None, host: str, own_names: frozenset[str]) -> bool:
    """A WebSocket from no web page (the terminal client), or from the game's own page.

    The page's origin must be the server's own (scheme aside: a TLS proxy may sit in front), and
    its host an IP address or this machine's name: a foreign site that points its own domain
    name at this machine (DNS rebinding) has the same origin as its Host header, but not one of
    those names.
    """
    if origin is None:
        return True
    try:
        page = URL(origin)
        served = URL(f"{page.scheme}://{host}")
    except ValueError:
        return False
    if page.scheme not in ("http", "https") or page.path not in ("", "/") or not page.host:
        return False
    if (page.host.lower(), page.port) != ((served.host or "").lower(), served.port):
        return False
    try:
        ipaddress.ip_address(page.host.strip("[]"))
    except ValueError:
        return page.host.lower() in own_names
    return True


class _Gate(asyncio.Protocol):
    """Admits a new TCP connection, then hands it to aiohttp's own protocol (`set_protocol`).

    A connection beyond its address's `SOCKETS_PER_ADDRESS` is reset at once: it costs no open
    file for longer than the accept, and the host screen counts it as refused.
    """

    def __init__(self, server: ClassroomServer, make_handler: Callable[[], asyncio.Protocol]):
        self._server = server
        self._make_handler = make_handler

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        peer = transport.get_extra_info("peername")
        address = client_key(str(peer[0]) if peer else None)
        if not self._server._admit_socket(address, transport):
            assert isinstance(transport, asyncio.Transport)
            transport.abort()
            return
        handler = self._make_handler()
        transport.set_protocol(handler)
        handler.connection_made(transport)


class ClassroomServer:
    """Serves one game on one port until `stop`."""

    def __init__(
        self,
        game: ClassroomGame,
        *,
        host: str = "0.0.0.0",
        port: int = 8765,
        static_dir: Path = STATIC_DIR,
        rate: float = 10.0,
        burst: float = 20.0,
        lobby_interval: float = LOBBY_INTERVAL,
        heartbeat: float | None = HEARTBEAT,
        join_deadline: float = JOIN_DEADLINE,
        unjoined_per_address: int = UNJOINED_PER_ADDRESS,
        spare_connections: int = SPARE_CONNECTIONS,
        sockets_per_address: int = SOCKETS_PER_ADDRESS,
        max_sockets: int | None = None,
        idle_http: float = IDLE_HTTP,
        pins: PinGuard | None = None,
    ) -> None:
        self.game = game
        self.host = host
        self.port = port
        self.static_dir = static_dir
        self.rate = rate
        self.burst = burst
        self.lobby_interval = lobby_interval
        self.heartbeat = heartbeat
        self.join_deadline = join_deadline
        self.unjoined: ConnectionPool[_Connection] = ConnectionPool(
            per_address=unjoined_per_address, total=spare_connections
        )
        self.pins = pins or PinGuard()
        self.sockets_per_address = sockets_per_address
        self.max_sockets = max_sockets
        """TCP connections open at once, from all addresses; by default set at `start` from
        the open-files limit, less `RESERVED_FILES`."""
        self.idle_http = idle_http
        self._sockets: dict[str, list[asyncio.BaseTransport]] = {}
        self._open: dict[asyncio.BaseTransport, str] = {}  # every connection, oldest first
        self._listener: asyncio.Server | None = None
        self._own_names = _own_names()
        self.changed = asyncio.Event()
        self.ended = asyncio.Event()
        self._listeners: list[Callable[[], None]] = []
        self._connections: set[_Connection] = set()
        self._by_player: dict[str, _Connection] = {}
        self._runner: web.AppRunner | None = None
        self._clock: asyncio.TimerHandle | None = None
        self._stopping = False
        self._lobby_pending = False
        self._seen_version = game.version

    # -- lifecycle --------------------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/", self._index)
        app.router.add_get("/ws", self._websocket)
        app.router.add_get("/api/info", self._info)
        app.router.add_static("/static", self.static_dir, show_index=False)
        app.on_response_prepare.append(_revalidate_static)
        app.on_response_prepare.append(_security_headers)
        return app

    async def start(self) -> None:
        """Bind and serve; with `port=0` the system picks a free port, then `self.port` holds it."""
        files = _raise_open_files_limit()
        if self.max_sockets is None:
            self.max_sockets = max(files - RESERVED_FILES, 1) if files else 10_000
        _hide_server_software()
        prototypes()  # the confusables table, read now rather than on the first student's join
        self._runner = web.AppRunner(
            self.make_app(), access_log=None, shutdown_timeout=2.0, keepalive_timeout=self.idle_http
        )
        await self._runner.setup()
        make_handler = self._runner.server
        assert make_handler is not None
        self._listener = await asyncio.get_running_loop().create_server(
            lambda: _Gate(self, make_handler), self.host or None, self.port, reuse_address=True
        )
        self.port = int(self._listener.sockets[0].getsockname()[1])
        self._schedule_clock()

    async def stop(self) -> None:
        """Say goodbye to every client (close code 1001) and release the port."""
        self._stopping = True
        if self._clock is not None:
            self._clock.cancel()
            self._clock = None
        for conn in list(self._connections):
            with speaking(conn.lang):
                goodbye = protocol.encode_error("server_closing", _("The teacher closed the game."))
            conn.push(goodbye)
            conn.close(WSCloseCode.GOING_AWAY, b"server closing")
        closing = [c.closing for c in self._connections if c.closing is not None]
        if closing:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.gather(*closing, return_exceptions=True), 3.0)
        if self._listener is not None:
            self._listener.close()  # no new connections; those open are closed just below
            self._listener = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _admit_socket(self, address: str, transport: asyncio.BaseTransport) -> bool:
        """Whether `address` may open one more TCP connection (closed ones are forgotten here)."""
        if len(self._sockets) > 4 * self.game.max_players:  # bounded memory: drop the departed
            self._sockets = {
                key: live
                for key, held in self._sockets.items()
                if (live := [t for t in held if not t.is_closing()])
            }
        held = [t for t in self._sockets.get(address, ()) if not t.is_closing()]
        if len(held) >= self.sockets_per_address or not self._room_for_one_more():
            self._sockets[address] = held
            self.unjoined.refuse(address, self.now())
            self._after_change()
            return False
        held.append(transport)
        self._sockets[address] = held
        self._open[transport] = address
        return True

    def _room_for_one_more(self) -> bool:
        """Below `max_sockets`, or made so by closing the oldest connection that is not a
        joined player's; False when every one is a player's."""
        if self.max_sockets is None or len(self._open) < self.max_sockets:
            return True
        self._open = {t: a for t, a in self._open.items() if not t.is_closing()}
        if len(self._open) < self.max_sockets:
            return True
        players = {id(conn.transport) for conn in self._by_player.values()}
        for transport in self._open:
            if id(transport) not in players:
                del self._open[transport]
                assert isinstance(transport, asyncio.Transport)
                transport.abort()  # aiohttp then drops it, and the pool its WebSocket
                return True
        return False

    @property
    def connection_count(self) -> int:
        return len(self._connections)

    @property
    def socket_count(self) -> int:
        """TCP connections open now, from all addresses (at most `max_sockets`)."""
        return sum(1 for transport in self._open if not transport.is_closing())

    # -- the host's controls ----------------------------------------------------------------

    def now(self) -> float:
        return asyncio.get_running_loop().time()

    def host_state(self) -> HostState:
        """The game as the host sees it, with the addresses refused or guessing PINs."""
        now = self.now()
        return dataclasses.replace(
            self.game.host_state(now),
            alerts=reports(self.unjoined, self.pins, now),
            pin_wait=math.ceil(self.pins.budget_wait(now)),
        )

    @property
    def version(self) -> int:
        """Changes whenever the phase does: a cheap way to know that `host_state` has moved."""
        return self.game.version

    def add_listener(self, callback: Callable[[], None]) -> None:
        """Call `callback` (in the event loop) after every change a host screen may show."""
        self._listeners.append(callback)

    def start_game(self) -> bool:
        return self._host_action(self.game.start)

    def advance(self) -> bool:
        """The host's single "next" key: start, close, leaderboard, next question, end."""
        return self._host_action(self.game.advance)

    def close_question(self) -> bool:
        return self._host_action(self.game.close_question)

    def end_game(self) -> bool:
        return self._host_action(self.game.end)

    def set_locked(self, locked: bool) -> bool:
        """Lock the game once everyone is in: no new names; rejoining stays open."""
        done = self.game.set_locked(locked)
        self._after_change()
        return done

    def set_timed(self, timed: bool) -> bool:
        """Time limits on or off for the whole game; the players are told at once."""
        return self._host_action(lambda now: self.game.set_timed(timed, now))

    def set_extra_time(self, name_or_id: str, extra: bool = True) -> bool:
        """Give a student (by nickname or id) extra time, or take it back."""
        player_id = self._find_player(name_or_id)
        if player_id is None:
            return False
        return self._host_action(lambda now: self.game.set_extra_time(player_id, extra, now))

    def _find_player(self, name_or_id: str) -> str | None:
        player_id = self.game.player_by_name(name_or_id)
        if player_id is None and self.game.is_active(name_or_id):
            player_id = name_or_id
        return player_id

    def remove_player(self, name_or_id: str) -> bool:
        """Remove a player by nickname (any case) or id, and close their connection."""
        player_id = self._find_player(name_or_id)
        if player_id is None or not self.game.remove(player_id, self.now()):
            return False
        conn = self._by_player.pop(player_id, None)
        if conn is not None:
            conn.player_id = None
            with speaking(conn.lang):
                goodbye = _("The teacher removed you from the game.")
            conn.push(protocol.encode_error("removed", goodbye))
            conn.close(CLOSE_REMOVED, b"removed")
        self._lobby_changed()
        self._after_change()
        return True

    def _host_action(self, action: Callable[[float], bool]) -> bool:
        done = action(self.now())
        self._after_change()
        return done

    # -- HTTP -------------------------------------------------------------------------------

    async def _index(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(
            self.static_dir / "index.html", headers={"Cache-Control": "no-cache"}
        )

    async def _info(self, request: web.Request) -> web.Response:
        game = self.game
        return web.json_response(
            {
                "app": "sahel-quiz",
                "version": __version__,
                "title": game.title,
                "language": game.language,
                "mode": game.mode,
                "phase": game.phase,
                "players": len(game.player_ids),
                "question_count": game.question_count,
            }
        )

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        address = client_key(request.remote)
        now = self.now()
        if not origin_allowed(request.headers.get(hdrs.ORIGIN), request.host, self._own_names):
            self.unjoined.refuse(address, now)
            self._after_change()
            return web.json_response({"error": "forbidden_origin"}, status=403)
        ws = web.WebSocketResponse(
            compress=False, max_msg_size=MAX_WS_FRAME, heartbeat=self.heartbeat
        )
        conn = _Connection(ws, FloodGuard(rate=self.rate, burst=self.burst), address)
        conn.transport = request.transport
        admitted, evicted = self.unjoined.admit(address, conn, now)
        if not admitted:
            self._after_change()
            return web.json_response({"error": "too_many_connections"}, status=503)
        if evicted is not None:
            self._join_deadline_passed(evicted)
        try:
            await ws.prepare(request)
        except BaseException:
            self.unjoined.release(address, conn)
            raise
        conn.deadline = asyncio.get_running_loop().call_later(
            self.join_deadline, self._join_deadline_passed, conn
        )
        self._connections.add(conn)
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self._on_frame(conn, message.data)
                elif message.type == WSMsgType.BINARY:
                    self._on_frame(conn, None)
                if conn.closed:
                    break
        finally:
            self._connections.discard(conn)
            conn.closed = True
            self._leave_pool(conn)
            self._on_disconnect(conn)
            if conn.closing is not None:  # our close code, not aiohttp's default 1000
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(asyncio.shield(conn.closing), 5.0)
        return ws

    # -- messages ---------------------------------------------------------------------------

    def _on_frame(self, conn: _Connection, text: str | None) -> None:
        verdict = conn.guard.check(self.now())
        if verdict == "close":
            conn.close(WSCloseCode.POLICY_VIOLATION, b"flood")
            return
        if verdict == "drop":
            return
        # What this client is told is written in its language, and only that: the game's
        # broadcasts and the host screen's listeners run after the block, in the program's.
        with speaking(conn.lang):
            if verdict == "warn":
                self._error(conn, "rate_limited", _("Too many messages: slow down."))
                return
            try:
                effect = self._handle(conn, text)
            except GameError as error:
                self._error(conn, error.code, error.message, error.hint)
                effect = None
        if effect == "joined":
            self._lobby_changed()
        # A refused answer may still have moved the game: its clock closed the question.
        if effect is not None or self.game.version != self._seen_version:
            self._after_change()

    def _handle(self, conn: _Connection, text: str | None) -> Literal["joined", "changed"] | None:
        """One client frame; what it did to the game (None: nothing)."""
        if text is None:
            raise GameError("bad_frame", _("Send text frames holding JSON."))
        message = protocol.parse_client_message(text)
        if isinstance(message, protocol.PingMsg):
            conn.push('{"type":"pong"}')
            return None
        if isinstance(message, protocol.LangMsg):
            self._switch_language(conn, message.lang)
            return None
        if isinstance(message, protocol.JoinMsg):
            self._join(conn, message)
            return "joined"
        if isinstance(message, protocol.RejoinMsg):
            self._rejoin(conn, message)
        else:
            self._answer(conn, message)
        return "changed"

    def _error(
        self, conn: _Connection, code: ErrorCode, message: str, hint: str | None = None
    ) -> None:
        conn.push(protocol.encode_error(code, message, hint))

    def _switch_language(self, conn: _Connection, lang: str) -> None:
        """The client shows another language now: send what it shows again, in that language."""
        conn.lang = lang
        if conn.player_id is not None:
            with speaking(lang):
                conn.push(protocol.encode(self.game.view_for(conn.player_id, self.now())))

    def _join(self, conn: _Connection, message: protocol.JoinMsg) -> None:
        if conn.player_id is not None:
            raise GameError("already_joined", _("You have already joined."))
        conn.lang = message.lang or conn.lang
        with speaking(conn.lang):
            now = self.now()
            wait = self.pins.wait(conn.address, now)
            if wait > 0 and not self.game.locked:
                raise GameError(
                    "too_many_attempts",
                    _("Too many wrong PINs: try again in {n} seconds.").format(n=math.ceil(wait)),
                )
            try:
                joined = self.game.join(message.pin, message.name, now)
            except GameError as error:
                if error.code == "wrong_pin":
                    self.pins.failed(conn.address, now)
                    self._after_change()  # the host screen shows the guesses
                raise
            self.pins.succeeded(conn.address)
            self._attach(conn, joined.player_id)
            conn.push(protocol.encode(joined.welcome))
            conn.push(protocol.encode(self.game.view_for(joined.player_id, now)))

    def _rejoin(self, conn: _Connection, message: protocol.RejoinMsg) -> None:
        if conn.player_id is not None:
            raise GameError("already_joined", _("You have already joined."))
        conn.lang = message.lang or conn.lang
        with speaking(conn.lang):
            now = self.now()
            joined = self.game.rejoin(message.token, now)
        old = self._by_player.get(joined.player_id)
        if old is not None and old is not conn:
            old.player_id = None
            with speaking(old.lang):
                goodbye = _("You joined again from another page.")
            old.push(protocol.encode_error("replaced", goodbye))
            old.close(CLOSE_REPLACED, b"replaced")
        self._attach(conn, joined.player_id)
        with speaking(conn.lang):
            conn.push(protocol.encode(joined.welcome))
            conn.push(protocol.encode(self.game.view_for(joined.player_id, now)))

    def _answer(self, conn: _Connection, message: protocol.AnswerMsg) -> None:
        if conn.player_id is None:
            raise GameError("not_joined", _("Join the game before answering."))
        player_id = conn.player_id
        before = self.game.version
        result = self.game.answer(player_id, message.question, message.response, self.now())
        conn.push(protocol.encode(AnsweredView(index=result.index)))
        if self.game.version == before and self.game.phase == "running":
            conn.push(protocol.encode(self.game.view_for(player_id, self.now())))

    def _attach(self, conn: _Connection, player_id: str) -> None:
        conn.player_id = player_id
        self._by_player[player_id] = conn
        self._leave_pool(conn)

    def _leave_pool(self, conn: _Connection) -> None:
        if conn.deadline is not None:
            conn.deadline.cancel()
            conn.deadline = None
        self.unjoined.release(conn.address, conn)

    def _join_deadline_passed(self, conn: _Connection) -> None:
        """Not joined in time (or displaced from a full pool): closed, whatever pings it answers."""
        self._leave_pool(conn)
        if conn.player_id is None:
            conn.push(protocol.encode_error("join_timeout", _("Join within a few seconds.")))
            conn.close(CLOSE_JOIN_DEADLINE, b"join deadline")

    def _on_disconnect(self, conn: _Connection) -> None:
        player_id = conn.player_id
        if player_id is None or self._by_player.get(player_id) is not conn:
            return
        del self._by_player[player_id]
        conn.player_id = None
        self.game.disconnect(player_id, self.now())
        self._after_change()

    # -- broadcasting -----------------------------------------------------------------------

    def _after_change(self) -> None:
        """Bring every player up to date if the phase moved, then tell the host screen."""
        with speaking(None):  # the host's language, even when a student's frame led here
            self._tell_everyone()

    def _tell_everyone(self) -> None:
        if self.game.version != self._seen_version:
            self._seen_version = self.game.version
            self._broadcast_state()
            self._schedule_clock()
            if self.game.phase == "ended":
                self.ended.set()
        self.changed.set()
        for listener in self._listeners:
            listener()

    def _broadcast_state(self) -> None:
        """Each player's view, written in that player's language (`_Connection.lang`)."""
        now = self.now()
        game = self.game
        if game.phase == "question" and not game.timing.extra and not game.has_answers():
            texts: dict[str | None, str] = {}  # just opened: one text for all who read a language
            for conn in list(self._by_player.values()):
                text = texts.get(conn.lang)
                if text is None:
                    with speaking(conn.lang):
                        text = texts[conn.lang] = protocol.encode(game.question_view(now))
                conn.push(text)
            return
        # an unanswered question is the same text for everyone on the same clock and language
        shared: dict[tuple[int, float, str | None], str] = {}
        for player_id, conn in list(self._by_player.items()):
            with speaking(conn.lang):
                view = game.view_for(player_id, now)
                if isinstance(view, QuestionView) and not view.answered:
                    key = (view.index, view.time_limit, conn.lang)
                    cached = shared.get(key)
                    if cached is None:
                        cached = shared[key] = protocol.encode(view)
                    conn.push(cached)
                else:
                    conn.push(protocol.encode(view))

    def _lobby_changed(self) -> None:
        """Players came or went: everyone's lobby is refreshed, at most twice a second."""
        if self.game.phase != "lobby" or self._lobby_pending:
            return
        self._lobby_pending = True
        asyncio.get_running_loop().call_later(self.lobby_interval, self._send_lobby)

    def _send_lobby(self) -> None:
        self._lobby_pending = False
        if self.game.phase != "lobby":
            return
        text = protocol.encode(self.game.lobby_view())
        for conn in list(self._by_player.values()):
            conn.push(text)

    def _schedule_clock(self) -> None:
        """Wake up when the game's clock is next due to close a question or end the game."""
        if self._clock is not None:
            self._clock.cancel()
            self._clock = None
        deadline = self.game.deadline
        if deadline is not None and self._runner is not None and not self._stopping:
            self._clock = asyncio.get_running_loop().call_at(deadline, self._on_clock)

    def _on_clock(self) -> None:
        self._clock = None
        if self.game.tick(self.now()):
            self._after_change()
        # woken a little early (the loop's clock resolution), or the clock has a next step
        # (the end of the extra time) without a phase change: wait again
        if self._clock is None:
            self._schedule_clock()


def _hide_server_software() -> None:
    """No Python or aiohttp version on the errors aiohttp answers by itself.

    `_security_headers` drops the `Server` header from every response the application
    prepares, but aiohttp answers a request it cannot parse (`NOT HTTP`) before any
    application code runs, with its module-level default; aiohttp has no setting for it, so
    the default is replaced (tests/test_classroom_security.py checks both paths).
    """
    from aiohttp import web_response

    web_response.SERVER_SOFTWARE = "sahel-quiz"  # type: ignore[attr-defined]


UNLIMITED_FILES = 65_536
"""The soft limit asked for when the hard limit is unlimited (what the server then counts on)."""


def _raise_open_files_limit() -> int | None:
    """Each phone is an open file: lift the soft limit (often 1,024) to the hard one. The limit
    then in force, or None where there is no such limit (Windows)."""
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = UNLIMITED_FILES if hard == resource.RLIM_INFINITY else hard
    if soft != resource.RLIM_INFINITY and soft < target:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return UNLIMITED_FILES if soft == resource.RLIM_INFINITY else int(soft)
