"""The local time zone of the test process, set for a while: the learner's day, due dates and
charts follow the local clock, so tests that read them choose it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def local_time_zone(zone: str) -> Iterator[None]:
    """`zone` (an IANA name) as the local time zone inside the block; the one before after it."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
