"""Aligned tables stay aligned when a write changes a cell (`core/align.py`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from trackmd.core.align import _pipes, in_cells, width
from trackmd.core.edit import apply, plan
from trackmd.core.model import Edit, Span
from trackmd.core.parse import parse

TODAY = dt.date(2026, 11, 22)

ROLLUP = (
    "# Roadmap\n\n"
    "| Phase   | Progress  | Status      |    Done |\n"
    "|---------|-----------|-------------|--------:|\n"
    "| Alpha   | 0/2       | Not started |     0/2 |\n"
    "| Beta    | 9%        | Not started |    1/10 |\n"
    "| 测试    | 0%        | Todo        |     0/1 |\n\n"
    "## Alpha\n- [x] one\n- [x] two\n"
    "## Beta\n" + "".join(f"- [{'x' if n < 9 else ' '}] b{n}\n" for n in range(12)) + ""
    "## 测试\n- [x] y\n"
)


def synced(text: str) -> str:
    return plan(parse(text), TODAY).text


def test_a_sync_keeps_an_aligned_rollup_table_aligned() -> None:
    out = synced(ROLLUP)
    rows = out.split("\n")[2:7]
    assert rows[2] == "| Alpha   | 2/2       | Done        |     2/2 |"
    assert rows[3] == "| Beta    | 75%       | In Progress |    9/12 |"
    assert rows[4] == "| 测试    | 100%      | Done        |     1/1 |"
    assert len({tuple(_pipes(row)) for row in rows}) == 1  # every pipe where it stood
    assert synced(out) == out


def test_a_value_wider_than_its_cell_widens_it_with_one_space() -> None:
    wide = "# R\n\n| Phase | Progress |\n|-------|----------|\n| Alpha | 0%       |\n\n"
    wide += "## Alpha\n" + "".join(f"- [x] a{n}\n" for n in range(3)) + "- [ ] z\n"
    assert "| Alpha | 75%      |" in synced(wide)
    tight = "# R\n\n| Phase | %  |\n|-------|----|\n| Alpha | 0% |\n\n## Alpha\n- [x] a\n"
    assert "| Alpha | 100% |" in synced(tight)


def test_a_table_that_is_not_aligned_keeps_its_padding_as_written() -> None:
    text = (
        "# R\n\n| Phase | Progress | Status |\n|---|---|---|\n| Alpha | 9%    | Todo |\n\n"
        "## Alpha\n- [x] a\n- [ ] b\n"
    )
    assert "| Alpha | 50%    | In Progress |" in synced(text)


def test_a_state_change_keeps_a_status_table_aligned(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "BOARD.md"
    path.write_text(
        "# Board\n\n| ID  | Task  | Status      |\n|-----|-------|-------------|\n"
        "| T-1 | Build | Todo        |\n| T-2 | Test  | In Progress |\n",
        encoding="utf-8",
    )
    assert run("block", "T-1", "-f", str(path)).exit_code == 0
    assert run("undo", "T-2", "-f", str(path)).exit_code == 0
    rows = path.read_text(encoding="utf-8").split("\n")[2:6]
    assert rows[2:] == ["| T-1 | Build | Blocked     |", "| T-2 | Test  | Todo        |"]
    assert len({tuple(_pipes(row)) for row in rows}) == 1


def test_a_centred_column_shares_the_padding_and_a_partial_cell_is_left_as_written() -> None:
    table = "| A | B        |\n|---|:--------:|\n| x |    9%    |\n| y | 9% of it |\n"
    centred = table.index("9%")
    partial = table.index("9% of")
    edits = [Edit(Span(centred, centred + 2), "100%", "x", "table"),
             Edit(Span(partial, partial + 2), "10%", "y", "table")]  # fmt: skip
    fitted = in_cells(table, edits)
    assert apply(table, fitted[:1]).split("\n")[2] == "| x |   100%   |"
    assert fitted[1] == edits[1]


def test_width_counts_columns_as_a_monospaced_editor_shows_them() -> None:
    assert width("Done") == 4
    assert width("测试") == 4
    assert width("✅ Done") == 7
    assert width("⚠️") == 2  # U+26A0 with the emoji selector
    assert width("e\u0301") == 1  # a combining accent takes no column


CELL = (
    st.text(alphabet="abc XY%/0123456789测✅", min_size=1, max_size=8).map(str.strip).filter(bool)
)


@given(st.lists(st.tuples(CELL, CELL), min_size=1, max_size=5), st.data())
def test_a_fitted_edit_changes_only_its_cell_and_keeps_the_pipes_where_it_can(
    rows: list[tuple[str, str]], data: st.DataObject
) -> None:
    """Over generated aligned tables and new texts: the edited cell says the new text, every
    other byte of the table stays, and the pipes stay in their columns unless the new text
    is wider than the cell could hold."""
    first = max([width(a) for a, _ in rows] + [1])
    second = max([width(b) for _, b in rows] + [1])

    def pad(cell: str, room: int) -> str:
        return cell + " " * (room - width(cell))

    lines = [f"| {pad('A', first)} | {pad('B', second)} |",
             f"|{'-' * (first + 2)}|{'-' * (second + 2)}|"]  # fmt: skip
    lines += [f"| {pad(a, first)} | {pad(b, second)} |" for a, b in rows]
    text = "\n".join(lines) + "\n"
    row = data.draw(st.integers(0, len(rows) - 1))
    new = data.draw(CELL)
    at = sum(len(line) + 1 for line in lines[: row + 2]) + len(f"| {pad(rows[row][0], first)} | ")
    edit = Edit(Span(at, at + len(rows[row][1])), new, "value", "table")
    (fitted,) = in_cells(text, [edit])
    out = apply(text, [fitted]).split("\n")
    assert out[: row + 2] == lines[: row + 2] and out[row + 3 :] == [*lines[row + 3 :], ""]
    changed = out[row + 2]
    assert changed.startswith(f"| {pad(rows[row][0], first)} | {new} ")
    assert changed.split("|")[2].strip() == new
    if width(new) <= second:
        assert _pipes(changed) == _pipes(lines[0])
    else:
        assert changed.endswith(f" {new} |")


def test_a_table_in_a_block_quote_or_long_above_its_row_stays_aligned() -> None:
    quoted = (
        "# R\n\n> | Phase   | Progress |\n> |---------|---------:|\n> | Backend |       9% |\n\n"
        "## Backend\n- [x] a\n- [x] b\n- [ ] c\n"
    )
    assert "> | Backend |      67% |" in synced(quoted)
    rows = "".join(f"| S{n:04}   |     100% |\n" for n in range(1200))
    long = (
        "# R\n\n| Phase   | Progress |\n|---------|---------:|\n" + rows
        + "| Backend |       9% |\n\n" + "".join(f"## S{n:04}\n- [x] a\n" for n in range(1200))
        + "## Backend\n- [x] a\n- [x] b\n- [ ] c\n"
    )  # fmt: skip
    assert "| Backend |      67% |" in synced(long)
