"""`list` filters and orders (issue 16): --due, --priority, --tag, --sort, --limit, --ready,
each through the real CLI on a fixture written here; bad values are usage errors (exit 2)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Run = Callable[..., Result]

BOARD = """\
# Sprint

- [/] A started #api ⏫
- [ ] B late due 2026-12-01 #ui
- [ ] C today 📅 2026-12-07 (P3)
- [ ] D this week due 2026-12-12 [medium] #api
- [ ] E far off due 2027-03-01 🔺
- [x] F done long ago due 2026-11-01
- [ ] G waits, depends on WEB-9
- [ ] WEB-9 the thing G waits on
"""


def names(run: Run, tmp_path: Path, *args: str) -> list[str]:
    path = tmp_path / "TODO.md"
    path.write_text(BOARD, encoding="utf-8")
    result = run("list", str(path), "--json", "--date", "2026-12-07", *args)
    assert result.exit_code == 0, result.output
    return [item["text"].split()[0] for item in json.loads(result.output)["items"]]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--due", "overdue"), ["B"]),  # F is done: not overdue
        (("--due", "today"), ["C"]),
        (("--due", "week"), ["C", "D"]),
        (("--due", "before:2026-12-10"), ["B", "C", "F"]),
        (("--priority", "high"), ["A"]),
        (("--priority", "P0,medium"), ["D", "E"]),
        (("--tag", "#api"), ["A", "D"]),
        (("--tag", "UI"), ["B"]),
        (("--sort", "due", "--limit", "3"), ["F", "B", "C"]),
        (("--sort", "priority", "--limit", "3"), ["E", "A", "D"]),
        (("--sort", "state", "--limit", "2"), ["A", "B"]),
        (("--ready", "--state", "open"), ["B", "C", "D", "E", "WEB-9"]),
        (("--limit", "2"), ["A", "B"]),
    ],
)
def test_each_filter_and_order(
    run: Run, tmp_path: Path, args: tuple[str, ...], expected: list[str]
) -> None:
    assert names(run, tmp_path, *args) == expected


@pytest.mark.parametrize(
    "args", [("--due", "soon"), ("--due", "before:12/01"), ("--priority", "asap"),
             ("--sort", "size")],
)  # fmt: skip
def test_bad_values_are_usage_errors(run: Run, tmp_path: Path, args: tuple[str, ...]) -> None:
    path = tmp_path / "TODO.md"
    path.write_text(BOARD, encoding="utf-8")
    result = run("list", str(path), *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and path.read_text(encoding="utf-8") == BOARD
