"""The widgets of the classroom host screen: the join QR code, the option boxes of an open
question, the answer bars of a reveal, the standings and the final podium.

They only draw what they are given (plain values and engine views) and decide nothing; their
styles are in the host screen's `host.tcss`, which every screen that shows them loads. Student
nicknames are drawn as plain text (never as markup): they are typed on phones the teacher does
not control.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Digits, Label, Static

from sahel_quiz.classroom.qr import qr_text
from sahel_quiz.engine.classroom.views import Standing
from sahel_quiz.i18n import _, format_number, ngettext

__all__ = [
    "OPTION_COLOURS",
    "AnswerBars",
    "OptionBox",
    "Podium",
    "QrCode",
    "Standings",
    "bar_text",
    "fit_cells",
    "name_cell",
    "option_letter",
]

OPTION_COLOURS = 12  # one colour per option, as on the students' phones (host.tcss)
_BLOCKS = " ▏▎▍▌▋▊▉█"


def option_letter(index: int) -> str:
    """A, B, C… for the options (up to the deck model's twelve)."""
    return chr(ord("A") + index) if 0 <= index < 26 else str(index + 1)


def bar_text(fraction: float, width: int) -> str:
    """A bar `width` cells long at most, drawn to an eighth of a cell (`█████▍`)."""
    if width <= 0:
        return ""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (_BLOCKS[part] if part else "")


def fit_cells(text: str, width: int) -> str:
    """`text` exactly `width` terminal cells wide: padded, or cut with `…`.

    Measured in cells, not characters: an emoji or a CJK character takes two, a combining
    accent none, so names line up whatever they are written in.
    """
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def name_cell(name: str) -> Text:
    """A nickname as a `DataTable` cell: plain text (never markup), measured in cells.

    `DataTable` sizes a column by measuring its cells as Rich renderables, and a `Content`
    cell has no measure (it counts as 1 cell wide), so a column of `Content` names is cut to
    its header's width; `Text` is measured, emoji and CJK included.
    """
    return Text(name, no_wrap=True, overflow="ellipsis", end="")


class QrCode(Static):
    """The join URL as a QR code in half blocks, light on dark whatever the theme (host.tcss)."""

    def __init__(self, url: str, *, id: str | None = None) -> None:
        super().__init__(Content(qr_text(url).rstrip("\n")), id=id)
        self.url = url


class OptionBox(Static):
    """One option of the open question: its letter and text in a coloured box."""

    def __init__(self, text: str, index: int | None, *, colour: int | None = None) -> None:
        letter = "" if index is None else f"{option_letter(index)}  "
        super().__init__(
            Content.assemble((letter, "bold"), text),
            classes=(
                f"option-box opt-{(colour if colour is not None else index or 0) % OPTION_COLOURS}"
            ),
        )
        self.text = text


class AnswerBars(Widget):
    """How the class answered: one bar per option (or right / not right / no answer), each as
    long as its share of the players, the right ones ticked."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(f"answer-bars--opt-{number}" for number in range(OPTION_COLOURS)),
        "answer-bars--right",
        "answer-bars--wrong",
        "answer-bars--none",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[str, str, int, str]] = []  # letter, label, count, component
        self.right: set[int] = set()
        self.players = 0

    def show(
        self, rows: Sequence[tuple[str, str, int, str]], right: set[int], players: int
    ) -> None:
        self.rows = list(rows)
        self.right = right
        self.players = players
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.rows)

    def render(self) -> RenderResult:
        width = self.size.width
        if not self.rows:
            return Content("")
        label_width = min(max(cell_len(label) for _, label, _, _ in self.rows), max(8, width // 3))
        count_width = max(len(str(count)) for _, _, count, _ in self.rows)
        bar_width = max(4, width - label_width - count_width - 9)
        lines: list[Content] = []
        for number, (letter, label, count, component) in enumerate(self.rows):
            style = self.get_visual_style(component, partial=True)
            shown = fit_cells(label, label_width)
            fraction = count / self.players if self.players else 0.0
            bar = bar_text(fraction, bar_width)
            mark = ("  ✓", "bold $success") if number in self.right else ("   ", "")
            lines.append(
                Content.assemble(
                    (f"{letter:>2} ", style),
                    (f"{shown} ", "bold" if number in self.right else ""),
                    (f"{bar:<{bar_width}} ", style),
                    (f"{count:>{count_width}}", "bold"),
                    mark,
                )
            )
        return Content("\n").join(lines)


class Standings(Widget):
    """The top of the ranking, one line per student with a bar of their score."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.top: list[Standing] = []

    def show(self, top: Sequence[Standing]) -> None:
        self.top = list(top)
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, 2 * len(self.top) - 1)

    def render(self) -> RenderResult:
        if not self.top:
            return Content.styled(_("Nobody has played yet."), "italic $text-muted")
        width = self.size.width
        best = max(max(s.score for s in self.top), 1)
        name_width = min(max(cell_len(s.name) for s in self.top), max(8, width // 3))
        score_width = max(len(format_number(s.score)) for s in self.top)
        bar_width = max(4, width - name_width - score_width - 8)
        lines: list[Content] = []
        for standing in self.top:
            lines.append(
                Content.assemble(
                    (f"{standing.rank:>2}  ", "bold $accent"),
                    (f"{fit_cells(standing.name, name_width)}  ", "bold"),
                    (f"{bar_text(standing.score / best, bar_width):<{bar_width}} ", "$primary"),
                    (f"{format_number(standing.score):>{score_width}}", "bold"),
                )
            )
            lines.append(Content(""))
        return Content("\n").join(lines[:-1])


class Podium(Horizontal):
    """The first three: second on the left, first in the middle, third on the right."""

    PLACES: ClassVar[tuple[int, ...]] = (2, 1, 3)

    def compose(self) -> ComposeResult:
        for place in self.PLACES:
            with Vertical(classes=f"podium-place place-{place}"):
                yield Label("", classes="podium-name")
                yield Label("", classes="podium-score")
                with Vertical(classes="podium-step"):
                    yield Digits(str(place), classes="podium-digits")

    def show(self, top: Sequence[Standing]) -> None:
        by_rank = {standing.rank: standing for standing in top[:3]}
        for place in self.PLACES:
            column = self.query_one(f".place-{place}", Vertical)
            standing = by_rank.get(place)
            column.query_one(".podium-name", Label).update(
                Content(standing.name) if standing else Content("—")
            )
            column.query_one(".podium-score", Label).update(
                ngettext("{score} point", "{score} points", standing.score).format(
                    score=format_number(standing.score)
                )
                if standing
                else ""
            )
