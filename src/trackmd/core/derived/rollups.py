"""D3: roll-up tables, whose rows name sections: their status, percent, count and points."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from trackmd.core import lexicon
from trackmd.core.derive import (
    FRACTION,
    NUMBER,
    PERCENT,
    Counts,
    Derived,
    Progress,
    Wording,
    fmt_points,
    half_up,
    replace_number,
)
from trackmd.core.derived import _rolluplists
from trackmd.core.derived._forms import find_percent, leading_fraction, put_fraction, put_percent
from trackmd.core.derived.statuses import unknown_word
from trackmd.core.model import Document, Row, State

if TYPE_CHECKING:
    from trackmd.core.parse import SectionIndex

_PERCENT_HEADERS = lexicon.PERCENT_HEADERS
_PLANNED_HEADERS = lexicon.PLANNED_HEADERS
_COMPLETED_HEADERS = lexicon.COMPLETED_HEADERS
_COUNT_HEADERS = lexicon.COUNT_HEADERS


def values(doc: Document, counts: Counts, wording: Wording) -> list[Derived]:
    from trackmd.core.parse import SectionIndex

    index = SectionIndex(doc.sections)
    return _rollup_tables(doc, counts, wording, index) + _rolluplists.values(doc, counts, index)


def _rollup_tables(
    doc: Document, counts: Counts, wording: Wording, index: SectionIndex
) -> list[Derived]:
    from trackmd.core.parse import TOTAL_LABELS, field_key

    out: list[Derived] = []
    for table in doc.tables:
        if not table.rows or not index.is_rollup(table):
            continue
        headers = [field_key(c.text) for c in table.header]
        planned_col = next((i for i, h in enumerate(headers) if h in _PLANNED_HEADERS), None)
        completed_col = next((i for i, h in enumerate(headers) if h in _COMPLETED_HEADERS), None)
        points_based = planned_col is not None and completed_col is not None
        percent_col = next((i for i, h in enumerate(headers) if h in _PERCENT_HEADERS), None)
        count_col = next((i for i, h in enumerate(headers) if h in _COUNT_HEADERS), None)
        column = [
            wording.read(row.cells[table.status_column].span, row.cells[table.status_column].text)
            for row in table.rows
            if table.status_column is not None and table.status_column < len(row.cells)
        ]
        sums = [0.0, 0.0]  # completed, planned
        total_progress = Progress()
        total_row = None
        for row in table.rows:
            first = row.cells[0].text
            if field_key(first) in TOTAL_LABELS:
                total_row = row
                continue
            target = index.resolve(first)
            if target is None:
                continue
            progress = counts.of(target)
            total_progress = total_progress + progress
            label = doc.sections[target].label
            cells = row.cells
            points = counts.points(target) if points_based else None
            if points is not None:
                sums[0] += points[0]
                sums[1] += points[1]
            if table.status_column is not None and table.status_column < len(cells):
                cell = cells[table.status_column]
                current = wording.read(cell.span, cell.text)
                state = counts.section_state(target)
                if (
                    state is not None
                    and current.state is not None
                    and current.state is not State.BLOCKED
                    and not unknown_word(current)
                ):
                    out.append(Derived(cell.span, wording.rewrite(current, state, column), "table",
                                       f"{label} status"))  # fmt: skip
            percent = None
            if points_based and points is not None:
                percent = _points_percent(points)
            elif not points_based:
                percent = progress.percent
            out.extend(_table_numbers(row, planned_col, completed_col, percent_col, count_col,
                                      points, percent, progress, label))  # fmt: skip
        if total_row is not None:
            points = (sums[0], sums[1]) if points_based else None
            percent = None
            if points is not None and points[1]:
                percent = _points_percent(points)
            elif not points_based:
                percent = total_progress.percent
            columns = (planned_col, completed_col, percent_col, count_col)
            out.extend(
                _table_numbers(total_row, *columns, points, percent, total_progress, "Total")
            )
    return out


def _points_percent(points: tuple[float, float]) -> int | None:
    """Completed / planned points as a percent; fractional points are scaled to integers."""
    completed, planned = (round(p * 1000) for p in points)
    return half_up(completed, planned) if planned else None


def _table_numbers(
    row: Row,
    planned_col: int | None,
    completed_col: int | None,
    percent_col: int | None,
    count_col: int | None,
    points: tuple[float, float] | None,
    percent: int | None,
    progress: Progress,
    label: str,
) -> list[Derived]:
    out: list[Derived] = []
    cells = row.cells

    def put(col: int | None, pattern: re.Pattern[str], value: str, what: str) -> None:
        if col is None or col >= len(cells):
            return
        cell = cells[col]
        if pattern.search(cell.text) is None:
            return
        group = 0 if pattern is NUMBER else 1
        new = replace_number(cell.text, pattern, value, group)
        out.append(Derived(cell.span, new, "table", f"{label} {what}"))

    if points is not None:
        put(planned_col, NUMBER, fmt_points(points[1]), "planned points")
        put(completed_col, NUMBER, fmt_points(points[0]), "completed points")
    # A cell may say the count and the percent both (`1/3 (33%)`): each is derived, in
    # whichever column the cell stands, so the two never disagree after a write. (In a
    # points-based table a count beside the percent may be points: it is left alone.)
    counted = points is None and progress.total > 0
    percent_cell = None
    if percent is not None and percent_col is not None and percent_col < len(cells):
        cell_text = cells[percent_col].text
        if not any(g in cell_text for g in "█░▓▒■□"):
            percent_cell = percent_col
            new = cell_text
            if find_percent(cell_text):
                if points is not None:  # points are scaled to integers, as `_points_percent`
                    done, total = (round(p * 1000) for p in points)
                else:
                    done, total = progress.done, progress.total
                if total:
                    new = put_percent(new, done, total)
                else:
                    new = replace_number(new, PERCENT, str(percent))
            lead = counted and leading_fraction(cell_text) is not None  # not `ETA 12/05`
            if lead:
                new = put_fraction(new, progress.done, progress.total)
            what = "percent" if find_percent(cell_text) else "done/total"
            if what == "percent" or lead:
                out.append(Derived(cells[percent_col].span, new, "table", f"{label} {what}"))
    if count_col is not None and count_col < len(cells) and progress.total:
        cell = cells[count_col]
        if count_col != percent_cell and (
            FRACTION.search(cell.text) or leading_fraction(cell.text)
        ):
            new = put_fraction(cell.text, progress.done, progress.total)
            if find_percent(new):
                new = put_percent(new, progress.done, progress.total)
            out.append(Derived(cell.span, new, "table", f"{label} done/total"))
    return out
