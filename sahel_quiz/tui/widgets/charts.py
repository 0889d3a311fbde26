"""A bar chart of one count per day, for the stats screen (reviews due, reviews done).

Drawn with textual-plotext so that it is a picture with axes, not a table of numbers. Plotext
draws a bar of height zero as a one-row block, which reads as "some"; days with nothing are
therefore left out of the plot, so an empty day is an empty column. The y axis has whole-number
ticks only (counts of reviews) and the x axis is labelled in days from today. A caption under
the plot names the range of dates and the busiest day, so the picture can be read exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from textual.app import ComposeResult, RenderResult
from textual.color import Color
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from sahel_quiz.i18n import _, format_day

__all__ = ["DayBars", "DayChart", "day_ticks", "value_ticks"]


def day_ticks(first_offset: int, days: int) -> tuple[list[int], list[str]]:
    """Where to put x labels and what they say: "today", "+7d", "-14d", … a week apart.

    `first_offset` is the first bar's day relative to today (0: the bars start today, -29: they
    end today); positions are bar indexes. Labels fall on whole weeks from today so that they
    never crowd each other at the ends.
    """
    positions = [i for i in range(days) if (first_offset + i) % 7 == 0]
    labels = [
        _("today") if first_offset + i == 0 else _("{days:+d}d").format(days=first_offset + i)
        for i in positions
    ]
    return positions, labels


def value_ticks(counts: Sequence[int]) -> list[int]:
    """Whole-number y ticks from zero to the highest count: 0, the middle (when whole), top."""
    top = max(max(counts, default=0), 1)
    ticks = {0, top}
    if top >= 4:
        ticks.add(top // 2)
    return sorted(ticks)


class DayBars(PlotextPlot):
    """The plot itself: one bar per day, redrawn from `counts` at every render."""

    DEFAULT_CSS = """
    DayBars {
        height: 1fr;
        min-height: 7;
    }
    """

    def __init__(
        self,
        counts: Sequence[int],
        *,
        title: str,
        first_offset: int,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.counts = tuple(counts)
        self.title = title
        self.first_offset = first_offset

    def render(self) -> RenderResult:
        plt = self.plt
        plt.clear_figure()
        color = Color.parse(self.app.theme_variables.get("primary", "ansi_blue")).rgb
        shown = [(day, count) for day, count in enumerate(self.counts) if count > 0]
        if shown:
            plt.bar(
                [day for day, _ in shown],
                [count for _, count in shown],
                width=0.3,
                marker="sd",
                color=color,
            )
        else:
            # Plotext draws no axes for an empty plot: a blank point keeps the scale visible.
            plt.scatter([0], [0], marker=" ")
        ticks = value_ticks(self.counts)
        plt.ylim(0, ticks[-1])
        plt.yticks([float(tick) for tick in ticks], [str(tick) for tick in ticks])
        plt.xlim(-0.5, len(self.counts) - 0.5)
        positions, labels = day_ticks(self.first_offset, len(self.counts))
        plt.xticks([float(position) for position in positions], labels)
        plt.title(self.title)
        return super().render()


class DayChart(Vertical):
    """The bars with a caption: the dates covered and the busiest day's count."""

    DEFAULT_CSS = """
    DayChart {
        height: 1fr;
        min-height: 8;
    }
    DayChart > .day-chart--caption {
        height: auto;
        width: 1fr;
        text-align: center;
        color: $text-muted;
    }
    """

    def __init__(
        self,
        counts: Sequence[int],
        *,
        title: str,
        first_day: date,
        today: date,
        noun: str,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.counts = tuple(counts)
        self.title = title
        self.first_day = first_day
        self.today = today
        self.noun = noun

    @property
    def caption(self) -> str:
        """E.g. "Mar 01–Mar 30 · max 12/day · 85 total": the dates and the scale, exactly."""
        last_day = self.first_day + timedelta(days=len(self.counts) - 1)
        span = f"{format_day(self.first_day)}–{format_day(last_day)}"
        total = sum(self.counts)
        if not total:
            return _("{span} · no {noun}").format(span=span, noun=self.noun)
        return _("{span} · max {most}/day · {total} total").format(
            span=span, most=max(self.counts), total=total
        )

    def compose(self) -> ComposeResult:
        yield DayBars(
            self.counts,
            title=self.title,
            first_offset=(self.first_day - self.today).days,
            classes="day-chart--bars",
        )
        yield Static(self.caption, classes="day-chart--caption", markup=False)
