"""`sahel-quiz join URL --name NICK [--pin PIN]`: join a classroom game from a terminal."""

from __future__ import annotations

import argparse
import asyncio

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    from sahel_quiz.classroom.client import JoinClient

    client = JoinClient(args.url, args.name, args.pin)
    return asyncio.run(client.run())
