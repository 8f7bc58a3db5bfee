"""Tables: every table of the document, and the rows of a status table as items."""

from __future__ import annotations

from collections.abc import Callable

from trackmd.core import patterns
from trackmd.core.lexicon import DEPENDS_KEYS, DUE_KEYS, OWNER_KEYS, PRIORITY_WORDS, strip_markup
from trackmd.core.model import Cell, Diagnostic, ItemKind, Row, Section, State, Table
from trackmd.core.parse import metadata
from trackmd.core.parse.context import _RawItem
from trackmd.core.parse.index import SectionIndex
from trackmd.core.parse.lists import _Lists
from trackmd.core.parse.notwork import empty_cell, group_row
from trackmd.core.parse.syntax import POINTS_KEYS, STATUS_HEADERS, TOTAL_LABELS, field_key

# per status table (its index in `raw_tables`): whether it is a roll-up table, and the items
# and diagnostics it added
TableReads = dict[int, tuple[bool, list[_RawItem], list[Diagnostic]]]

_POINTS = patterns.compile(r"\s*\**\s*(\d+(?:\.\d+)?)")
_REFS = patterns.compile(r"#?([\w-]+)")


class _Tables(_Lists):
    """Every table; a row of a table with a status column is an item (SPEC §2)."""

    def _tables(self, sections: list[Section], before: TableReads | None = None) -> TableReads:
        """Every table, and the rows of status tables as items. What each status table
        added (its items and diagnostics) is returned by whether it is a roll-up table, the
        one decision here that reads `sections`: with `before`, a read of the same tables
        under other sections, a table whose decision is the same adds that read's again."""
        index = SectionIndex(sections)
        tables: list[Table] = []
        reads: TableReads = {}
        for at, (header_line, rows, section) in enumerate(self.raw_tables):
            if not rows:
                continue
            header = rows[0].cells
            body = rows[1:]
            status_col = next(
                (c for c, cell in enumerate(header) if field_key(cell.text) in STATUS_HEADERS),
                None,
            )
            table = Table(header_line, section, header, tuple(body), status_col)
            tables.append(table)
            if status_col is None or not body:
                continue
            rollup = index.is_rollup(table)
            if before is not None and before[at][0] == rollup:
                reads[at] = before[at]
                self.raw_items += before[at][1]
                self.diagnostics += before[at][2]
                continue
            items_from, diagnostics_from = len(self.raw_items), len(self.diagnostics)
            self._table_rows(table, body, status_col, rollup)
            reads[at] = (
                rollup, self.raw_items[items_from:], self.diagnostics[diagnostics_from:]
            )  # fmt: skip
        self.tables = tables
        return reads

    def _table_rows(self, table: Table, body: list[Row], status_col: int, rollup: bool) -> None:
        header, section = table.header, table.section
        if rollup or section in self.not_work_sections or self._findings(section, body):
            return
        if self._not_work_table(tuple(field_key(c.text) for c in header), body, status_col):
            return
        points_col = next(
            (c for c, cell in enumerate(header) if field_key(cell.text) in POINTS_KEYS), None
        )
        meta_cols = _meta_columns(header)
        for row in body:
            if status_col >= len(row.cells) or not row.cells:
                continue
            first = row.cells[0].text
            if field_key(first) in TOTAL_LABELS or group_row(row, status_col):
                continue
            cell = row.cells[status_col]
            st = self.status_text(
                row.line, cell.span.start - self.src.line_starts[row.line], cell.text
            )
            empty = st.state is None and empty_cell(cell.text)
            state = State.OPEN if empty else self._state_or_open(st, row.line, cell.span)
            text = strip_markup(" ".join(c.text for c in row.cells[:1]))
            if status_col == 0 and len(row.cells) > 1:
                text = strip_markup(row.cells[1].text)
            item = _RawItem((row.line, cell.span.start), ItemKind.ROW, text, state, row.line,
                            section, cell.span, status=st)  # fmt: skip
            self._metadata(item, strip_markup(first), row.line, 0)
            if points_col is not None and points_col < len(row.cells):
                num = _POINTS.match(row.cells[points_col].text)
                if num:
                    item.points = float(num.group(1))
            if len(row.cells) > 1 and status_col != 1:  # `ID — task`, as a list item reads
                item.text = " — ".join(
                    strip_markup(c.text) for c in row.cells[:2] if strip_markup(c.text)
                )
            for kind, col in meta_cols.items():
                value = row.cells[col].text if col < len(row.cells) else ""
                read = _META_READERS[kind](value)
                if read:
                    item.meta[kind] = read
            self.raw_items.append(item)


def _meta_columns(header: tuple[Cell, ...]) -> dict[str, int]:
    """A status table's due, priority, owner and dependency columns, by their headers."""
    found: dict[str, int] = {}
    for col, cell in enumerate(header):
        key = field_key(cell.text)
        if key in DUE_KEYS:
            found.setdefault("due", col)
        elif key in OWNER_KEYS:
            found.setdefault("owner", col)
        elif key in DEPENDS_KEYS:
            found.setdefault("depends", col)
        elif any(word in key for word in PRIORITY_WORDS):
            found.setdefault("priority", col)
    return found


def _owner(cell: str) -> str | None:
    if empty_cell(cell):
        return None
    return strip_markup(cell).strip().lstrip("@") or None


def _depends(cell: str) -> str | None:
    """A dependency cell's IDs (`T-2, T-3`, `#4`), space-separated; None when it is empty."""
    if empty_cell(cell):
        return None
    found = [ref for ref in _REFS.findall(strip_markup(cell)) if ref.strip("-_")]
    return " ".join(found) or None


_META_READERS: dict[str, Callable[[str], str | None]] = {
    "due": metadata.due_date,
    "priority": metadata.level,
    "owner": _owner,
    "depends": _depends,
}
