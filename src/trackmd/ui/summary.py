"""A Markdown summary of trackers (issue 16): for a CI job's step summary
(`check --format github` writes it to `$GITHUB_STEP_SUMMARY`) and for anyone who does not
use a terminal (`status --format markdown`). Per tracker: a bar, counts, stale values and
overdue items; with several trackers, their total."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from trackmd.core.derive import Counts, Progress
from trackmd.core.model import Document
from trackmd.core.record import NamedTuple
from trackmd.ui.render import bar, overdue


class Tracked(NamedTuple):
    doc: Document
    stale: int  # derived values out of date


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: no pipe, no line break, no stray markup start."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip() or " "


def _row(name: str, progress: Progress, stale: str, late: str) -> str:
    percent = progress.percent
    shown = f"`{bar(percent, 10)}` {percent}%" if percent is not None else "–"
    return (f"| {name} | {shown} | {progress.done}/{progress.total} | {progress.in_progress} "
            f"| {progress.blocked} | {progress.open} | {stale} | {late} |")  # fmt: skip


def markdown(trackers: Sequence[Tracked], today: dt.date) -> str:
    lines = [
        "## trackmd",
        "",
        "| Tracker | Progress | Done | In progress | Blocked | Open | Stale values | Overdue |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    totals: list[Progress] = []
    late_items = []
    for tracked in trackers:
        doc = tracked.doc
        progress = Counts(doc).document
        totals.append(progress)
        late = overdue(doc, today)
        late_items += [(doc, item) for item in late]
        stale = f"⚠ {tracked.stale}" if tracked.stale else "0"
        name = f"`{_cell(doc.path)}` {_cell(doc.title)}"
        lines.append(_row(name, progress, stale, str(len(late))))
    if len(totals) > 1:
        total = sum(totals[1:], totals[0])
        stale_all = sum(t.stale for t in trackers)
        lines.append(_row(f"**All {len(totals)} trackers**", total, str(stale_all),
                          str(len(late_items))))  # fmt: skip
    if late_items:
        lines += ["", f"**Overdue** ({len(late_items)})", ""]
        for doc, item in late_items[:20]:
            name = item.id or f"#{item.number}"
            lines.append(f"- `{_cell(doc.path)}:{item.line + 1}` {_cell(name)} — "
                         f"{_cell(item.text)} (due {item.due})")  # fmt: skip
        if len(late_items) > 20:
            lines.append(f"- … and {len(late_items) - 20} more")
    if any(t.stale for t in trackers):
        lines += ["", "Derived values are out of date: run `trackmd sync` and commit."]
    return "\n".join(lines) + "\n"
