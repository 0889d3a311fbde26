"""`sahel-quiz --version` and `--help` stay fast: they must not import pydantic, yaml or textual.

Checked in a fresh interpreter through `sys.modules`, the way a user's shell runs them.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from sahel_quiz import __version__

HEAVY = (
    "pydantic",
    "pydantic_core",
    "yaml",
    "textual",
    "aiohttp",
    "fsrs",
    "sqlite3",
    "genanki",
    "openpyxl",
)

PROGRAM = """
import contextlib, io, json, sys
from sahel_quiz.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main({argv!r})
    except SystemExit:
        pass
print(json.dumps({{"out": out.getvalue(), "modules": sorted(sys.modules)}}))
"""


def run_cli(argv: list[str]) -> tuple[str, list[str]]:
    import json

    result = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(argv=argv)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    report = json.loads(result.stdout)
    return report["out"], report["modules"]


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["--help"],
        ["check", "--help"],
        ["schema", "--help"],
        ["export", "--help"],
        ["import", "--help"],
    ],
)
def test_version_and_help_import_no_heavy_library(argv: list[str]) -> None:
    out, modules = run_cli(argv)
    assert out.strip(), "the command printed nothing: the test would prove nothing"
    heavy = sorted({name for name in modules if name.split(".")[0] in HEAVY})
    assert heavy == []


def test_version_prints_the_version() -> None:
    out, _ = run_cli(["--version"])
    assert out == f"sahel-quiz {__version__}\n"


def test_the_check_command_does_import_the_loader() -> None:
    """The counterpart: proves the sys.modules probe sees lazy imports when they happen."""
    _, modules = run_cli(["check", "/nonexistent-sahel-quiz-path"])
    assert "yaml" in modules and "pydantic" in modules
