"""The real command in a subprocess, as a user runs it: answers on stdin, output captured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def sahel(home: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    """`sahel-quiz ARGS` with its progress in `home`, UTF-8 output and the extra variables `env`."""
    return subprocess.run(
        [sys.executable, "-m", "sahel_quiz", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "SAHEL_QUIZ_HOME": str(home), "PYTHONIOENCODING": "utf-8", **env},
        timeout=60,
    )
