"""A status row's bar beside its own percent cell draws the author's estimate (issue 14:
a roadmap's bars were wiped to `░` in rows that still said 45%)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

Run = Callable[..., Result]

ROADMAP = (
    "# Roadmap\n\n| Milestone | Status | Progress | Bar |\n|---|---|---:|---|\n"
    "| Alpha | 🟢 Done | 100% | ██████████ |\n"
    "| Beta | 🟡 In Progress | {beta}% | {bar} |\n"
    "| Gamma | ⚪ Planned | 10% | █░░░░░░░░░ |\n"
)


def write(tmp_path: Path, beta: int, bar: str) -> Path:
    path = tmp_path / "ROADMAP.md"
    path.write_text(ROADMAP.format(beta=beta, bar=bar), encoding="utf-8")
    return path


def test_bars_drawn_near_their_own_percent_are_left_as_drawn(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, 45, "█████░░░░░")  # 5 of 10 for 45%: the author's hand
    before = path.read_bytes()
    assert run("check", str(path)).exit_code == 0, run("check", str(path)).output
    assert run("sync", str(path)).exit_code == 0
    assert path.read_bytes() == before


def test_a_bar_far_from_its_own_percent_follows_the_cell(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, 70, "██░░░░░░░░")  # the cell moved on, the bar did not
    assert run("check", str(path)).exit_code == 1
    assert run("sync", str(path)).exit_code == 0
    assert "| Beta | 🟡 In Progress | 70% | ███████░░░ |" in path.read_text(encoding="utf-8")
    assert run("check", str(path)).exit_code == 0
