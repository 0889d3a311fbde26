"""Who may open a connection and who may guess the PIN: limits per client address, and in all.

A classroom is one phone per address, so limits are kept per address: a prankster's flood costs
their own address, never a classmate's. Two guards, both pure and clock-free (the server passes
`now`, so they are tested without sleeping):

- `ConnectionPool` holds the connections that have not joined yet. Each address may hold a
  handful (`per_address`); beyond that its new connections are refused (the server answers
  HTTP 503). The whole pool is capped too (`total`): when it is full, a newcomer takes the place
  of the oldest connection of the address holding the most, so a crowd of addresses cannot fill
  it for good. A connection leaves the pool when it joins, so players never compete with it for
  room, and the server closes it if it has not joined by the join deadline.
- `PinGuard` counts wrong PINs. Each address has a few free tries, then waits twice as long
  after each further miss (`backoff` seconds, doubling, at most `max_wait`); and every wrong PIN
  from anywhere spends one token of a global budget (`budget` tokens, refilled at
  `budget_per_hour`). A guesser from one address gets about twenty tries an hour, and from ten
  or from a thousand addresses at most the budget: a few hundred tries an hour for a PIN of a
  million values. When the budget is spent, no one can try a PIN until it refills; students
  already in are not affected (they rejoin with their token).

Addresses are compared as networks where one device may hold many: an IPv6 client by its /64
(a phone picks new addresses in its /64 at will), an IPv4-mapped IPv6 address as IPv4.
"""

from __future__ import annotations

import ipaddress
from collections import deque
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sahel_quiz.engine.classroom.views import HostAlert

__all__ = ["ConnectionPool", "PinGuard", "client_key", "reports"]

T = TypeVar("T")

REPORT_WINDOW = 600.0  # seconds: an address is reported this long after its last refusal
FORGET_AFTER = 3600.0  # seconds without a wrong PIN before an address starts afresh
MAX_REMEMBERED = 4096  # addresses remembered; beyond, those quiet for FORGET_AFTER are dropped


def client_key(remote: str | None) -> str:
    """The address limits are kept for: IPv4 as is, IPv6 by its /64, unknown as one bucket."""
    if not remote:
        return "unknown"
    try:
        address = ipaddress.ip_address(remote.split("%", 1)[0])
    except ValueError:
        return remote
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


@dataclass
class _Tally:
    refused: int = 0
    wrong_pins: int = 0
    last_at: float = 0.0


@dataclass
class ConnectionPool(Generic[T]):
    """The connections not joined yet, by address."""

    per_address: int = 8
    total: int = 200
    _by_address: dict[str, deque[T]] = field(default_factory=dict)
    _count: int = 0
    tallies: dict[str, _Tally] = field(default_factory=dict)

    def admit(self, address: str, item: T, now: float) -> tuple[bool, T | None]:
        """Whether `item` may wait here, and which older connection it displaced (to close)."""
        held = self._by_address.get(address)
        if held is not None and len(held) >= self.per_address:
            self._tally(address, now).refused += 1
            return False, None
        evicted: T | None = None
        if self._count >= self.total:
            fullest = max(self._by_address, key=lambda key: len(self._by_address[key]))
            evicted = self._by_address[fullest][0]
            self.release(fullest, evicted)
            self._tally(fullest, now).refused += 1
        self._by_address.setdefault(address, deque()).append(item)
        self._count += 1
        return True, evicted

    def release(self, address: str, item: T) -> bool:
        """`item` joined or closed: it leaves the pool (False if it was not in it)."""
        held = self._by_address.get(address)
        if held is None:
            return False
        try:
            held.remove(item)
        except ValueError:
            return False
        self._count -= 1
        if not held:
            del self._by_address[address]
        return True

    def refuse(self, address: str, now: float) -> None:
        """A connection refused for another reason (a foreign web page): counted all the same."""
        self._tally(address, now).refused += 1

    def held(self, address: str) -> int:
        held = self._by_address.get(address)
        return len(held) if held else 0

    def __len__(self) -> int:
        return self._count

    def _tally(self, address: str, now: float) -> _Tally:
        if address not in self.tallies and len(self.tallies) >= MAX_REMEMBERED:
            quiet = [key for key, t in self.tallies.items() if now - t.last_at > FORGET_AFTER]
            for key in quiet:
                del self.tallies[key]
        tally = self.tallies.setdefault(address, _Tally())
        tally.last_at = now
        return tally


@dataclass
class _Misses:
    count: int = 0  # wrong PINs since the address last started afresh
    total: int = 0  # wrong PINs ever, for the host
    last_at: float = 0.0
    wait_until: float = 0.0


@dataclass
class PinGuard:
    """Wrong-PIN limits: per address (free tries, then exponential back-off) and in all."""

    free: int = 5
    backoff: float = 2.0
    max_wait: float = 900.0
    budget: float = 100.0
    budget_per_hour: float = 200.0
    _misses: dict[str, _Misses] = field(default_factory=dict)
    _tokens: float | None = None
    _refilled_at: float | None = None

    def wait(self, address: str, now: float) -> float:
        """Seconds before `address` may try a PIN (0: now). A refused try is not a try."""
        misses = self._fresh(address, now)
        own = max((misses.wait_until - now) if misses else 0.0, 0.0)
        return max(own, self.budget_wait(now))

    def budget_wait(self, now: float) -> float:
        """Seconds before anyone may try a PIN: 0 unless the global budget is spent."""
        tokens = self.budget_left(now)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) * 3600.0 / self.budget_per_hour

    def failed(self, address: str, now: float) -> None:
        """A wrong PIN from `address`."""
        self._refill(now)
        assert self._tokens is not None
        self._tokens = max(self._tokens - 1.0, 0.0)
        if address not in self._misses and len(self._misses) >= MAX_REMEMBERED:
            self._forget_quiet(now)
        misses = self._fresh(address, now) or self._misses.setdefault(address, _Misses())
        misses.count += 1
        misses.total += 1
        misses.last_at = now
        over = misses.count - self.free
        if over > 0:
            misses.wait_until = now + min(self.backoff * 2 ** (over - 1), self.max_wait)

    def succeeded(self, address: str) -> None:
        """The right PIN: this address starts afresh (its total stays, for the host)."""
        misses = self._misses.get(address)
        if misses is not None:
            misses.count = 0
            misses.wait_until = 0.0

    def budget_left(self, now: float) -> float:
        self._refill(now)
        assert self._tokens is not None
        return self._tokens

    def misses(self, now: float) -> dict[str, tuple[int, float, float]]:
        """Each address with wrong PINs: how many in all, when the last, its own wait left."""
        return {
            address: (m.total, m.last_at, max(m.wait_until - now, 0.0))
            for address, m in self._misses.items()
        }

    def _forget_quiet(self, now: float) -> None:
        """Drop addresses neither waiting nor heard from for an hour (memory stays bounded)."""
        for key in [
            key
            for key, m in self._misses.items()
            if now - m.last_at > FORGET_AFTER and now >= m.wait_until
        ]:
            del self._misses[key]

    def _fresh(self, address: str, now: float) -> _Misses | None:
        misses = self._misses.get(address)
        if misses is not None and now - misses.last_at > FORGET_AFTER and now >= misses.wait_until:
            misses.count = 0
        return misses

    def _refill(self, now: float) -> None:
        if self._tokens is None or self._refilled_at is None:
            self._tokens, self._refilled_at = self.budget, now
            return
        elapsed = max(now - self._refilled_at, 0.0)
        self._tokens = min(self.budget, self._tokens + elapsed * self.budget_per_hour / 3600.0)
        self._refilled_at = now


def reports(
    pool: ConnectionPool[T], pins: PinGuard, now: float, window: float = REPORT_WINDOW
) -> tuple[HostAlert, ...]:
    """Addresses the host should hear about: refused or guessing within `window`, worst first."""
    misses = pins.misses(now)
    found: list[HostAlert] = []
    for address in set(pool.tallies) | set(misses):
        tally = pool.tallies.get(address, _Tally())
        wrong, last_pin, wait = misses.get(address, (0, 0.0, 0.0))
        if now - max(tally.last_at, last_pin) > window:
            continue
        found.append(
            HostAlert(address=address, refused=tally.refused, wrong_pins=wrong, wait=round(wait))
        )
    return tuple(sorted(found, key=lambda a: (-(a.refused + a.wrong_pins), a.address)))
