"""The addresses students can reach this machine at, found without any network traffic.

Sources, each allowed to fail: the host name's IPv4 addresses (`getaddrinfo`), on Linux each
interface's address (`SIOCGIFADDR`), and the source address the system would pick to reach
a private network (a UDP socket's `connect`, which sends nothing). `ip addr` output is not
parsed: it is neither portable nor always installed.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import struct
import sys
from collections.abc import Iterable

__all__ = ["join_urls", "local_ipv4_addresses", "usable_addresses"]

_SIOCGIFADDR = 0x8915  # Linux
_PRIVATE_PROBES = ("10.255.255.255", "192.168.255.255", "172.31.255.255")
_ANY = ("", "0.0.0.0", "::", "*")


def usable_addresses(candidates: Iterable[str]) -> list[str]:
    """Distinct non-loopback, non-unspecified IPv4 addresses, the likeliest classroom ones first.

    Private LAN ranges (a school network, a phone hotspot) come first, link-local last.
    """
    found: dict[str, ipaddress.IPv4Address] = {}
    for text in candidates:
        try:
            address = ipaddress.IPv4Address(text)
        except ValueError:
            continue
        if address.is_loopback or address.is_unspecified or address.is_multicast:
            continue
        found.setdefault(str(address), address)

    def preference(address: ipaddress.IPv4Address) -> tuple[int, int]:
        if address.is_link_local:
            group = 3
        elif address in ipaddress.IPv4Network("192.168.0.0/16"):
            group = 0
        elif address.is_private:
            group = 1
        else:
            group = 2
        return group, int(address)

    return [str(a) for a in sorted(found.values(), key=preference)]


def _from_hostname() -> list[str]:
    with contextlib.suppress(OSError, UnicodeError):
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        return [str(info[4][0]) for info in infos]
    return []


def _from_interfaces() -> list[str]:
    if not sys.platform.startswith("linux"):
        return []
    import fcntl

    found: list[str] = []
    with contextlib.suppress(OSError):
        names = [name for _, name in socket.if_nameindex()]
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            for name in names:
                with contextlib.suppress(OSError):
                    request = struct.pack("256s", name.encode()[:15])
                    packed = fcntl.ioctl(probe.fileno(), _SIOCGIFADDR, request)
                    found.append(socket.inet_ntoa(packed[20:24]))
    return found


def _from_routes() -> list[str]:
    found: list[str] = []
    for target in _PRIVATE_PROBES:
        with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect((target, 9))  # UDP connect: picks a source address, sends nothing
            found.append(str(s.getsockname()[0]))
    return found


def local_ipv4_addresses() -> list[str]:
    """Every non-loopback IPv4 address of this machine that could be found (maybe none)."""
    return usable_addresses([*_from_interfaces(), *_from_hostname(), *_from_routes()])


def join_urls(bind: str, port: int, pin: str | None = None) -> list[str]:
    """The URLs students open: one per address when bound to all of them, else the bound one.

    With nothing but loopback available (no network yet), the loopback URL is still given so
    the teacher can try the page on this machine.
    """
    addresses = (local_ipv4_addresses() or ["127.0.0.1"]) if bind in _ANY else [bind]
    query = f"/?pin={pin}" if pin else "/"
    return [f"http://{_host(address)}:{port}{query}" for address in addresses]


def _host(address: str) -> str:
    return f"[{address}]" if ":" in address else address
