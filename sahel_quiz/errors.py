"""The one error type every layer raises for a problem the user can fix.

The command line turns it into a single line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

__all__ = ["UserError"]


class UserError(Exception):
    """A problem caused by input (a file, an argument, an answer) rather than a bug."""

    exit_status = 2
