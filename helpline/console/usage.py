"""The anonymous weekly counts as charts and CSV, with small counts suppressed as `flask stats` does."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils
from markupsafe import escape

from helpline.privacy.stats import MIN_REPORTED_COUNT
from helpline.privacy.stats_export import SUPPRESSED
from helpline.rendering.i18n import _

DIMENSIONS = ("topic", "state", "language")
# The dimensions' names, as the page shows them (msgids of the console catalog).
DIMENSION_TITLES = {"topic": _("topic"), "state": _("state"), "language": _("language")}


@dataclass
class Bar:
    """One week's count for one value; `count` is None when it is suppressed."""

    week: str
    value: str
    count: int | None

    @property
    def label(self) -> str:
        """The count as shown: the number, or "<5"."""
        return SUPPRESSED if self.count is None else str(self.count)


def weekly_bars(db: sqlite_utils.Database, dimension: str) -> list[Bar]:
    """Every week x value of one dimension, oldest week first; counts below 5 suppressed."""
    rows = db.execute("SELECT week, value, count FROM usage_counts WHERE dimension = ? ORDER BY week, value", [dimension]).fetchall()
    return [Bar(week, value, count if count >= MIN_REPORTED_COUNT else None) for week, value, count in rows]


def chart_svg(bars: list[Bar], title: str) -> str:
    """A horizontal bar chart (inline SVG, no script): one row per week and value."""
    height = 22 * len(bars) + 30
    top = max([b.count or 0 for b in bars] + [1])
    rows = [f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 640 {height}" width="100%" class="chart">',
            f'<title>{escape(title)}</title>']
    for index, bar in enumerate(bars):
        y = 24 + index * 22
        width = 0 if bar.count is None else max(2, int(360 * bar.count / top))
        rows.append(f'<text x="0" y="{y + 14}" class="axis">{escape(bar.week)} {escape(bar.value)}</text>')
        rows.append(f'<rect x="230" y="{y}" width="{width}" height="16" class="bar"></rect>')
        rows.append(f'<text x="{236 + width}" y="{y + 14}" class="count" data-suppressed="{str(bar.count is None).lower()}">{bar.label}</text>')
    rows.append("</svg>")
    return "\n".join(rows)
