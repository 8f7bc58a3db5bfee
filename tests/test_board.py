"""`trackmd board` (issue 16): cards in columns by state or by the file's own lanes, fitted
to the terminal's width, plain text off a terminal, and JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from trackmd.core.parse import parse
from trackmd.ui.board import wrap
from trackmd.ui.render import width

SPRINT = """# Sprint 12

## Backend

- [x] API-1 Sign-in endpoint with rate limiting and audit logging @maya
- [/] API-2 Payment webhooks retried with exponential back-off 📅 2026-11-20 @kofi
  - [x] sub-step that belongs to its card
- [ ] API-3 Export of invoices as CSV and PDF for the finance team ⏫ 📅 2026-12-30
- [ ] API-4 Rotate the signing keys (blocked by the vendor)

## Frontend

- [ ] WEB-1 Checkout page that remembers the shipping address between visits
- [x] WEB-2 Cart badge
- [-] WEB-3 Dark mode for the legacy dashboard
"""

KANBAN = """---
kanban-plugin: basic
---

## Backlog

- [ ] Write the onboarding guide @ana
- [ ] Fix the login redirect

## Doing

- [ ] Build the reporting API

## Review

- [ ] Design review of the settings page

## Done

- [x] Set up the repository
"""

Run = Callable[..., Result]
ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def sprint(tmp_path: Path) -> Path:
    path = tmp_path / "SPRINT.md"
    path.write_text(SPRINT, encoding="utf-8")
    return path


def cards_of(path: Path) -> list[str]:
    """Each top-level item's name on a card: its ID, or `#n`."""
    doc = parse(path.read_text(encoding="utf-8"))
    return [i.id or f"#{i.number}" for i in doc.items if i.parent is None]


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_board_fits_the_width_and_shows_every_card(run: Run, sprint: Path, columns: int) -> None:
    result = run("board", str(sprint), env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines and all(width(line) < columns for line in lines), result.output
    assert not ANSI.search(result.output)  # plain text off a terminal
    headers = lines[0]
    for name in ("To do", "In progress", "Done", "Cancell"):
        assert name[:8] in headers
    assert "Blocked" not in headers  # no item is blocked: no column for it
    cards = cards_of(sprint)
    for name in cards:
        assert re.search(rf"[○◐✖✔–] {re.escape(name)}\b", result.output), name
    assert "sub-step" not in result.output  # a sub-item belongs to its card


def test_wide_board_keeps_texts_narrow_board_clips_them(run: Run, sprint: Path) -> None:
    wide = run("board", str(sprint), env={"COLUMNS": "120"}).output
    narrow = run("board", str(sprint), env={"COLUMNS": "60"}).output
    assert "API-1 Sign-in endpoint" in wide and "…" in narrow
    assert "@maya" in wide and "@kofi · overdue" in wide  # TRACKMD_TODAY is later
    assert "📅" not in wide and "⏫" not in wide  # shown as facts, not as signifiers


def test_board_json_holds_each_top_level_item_once(run: Run, sprint: Path) -> None:
    result = run("board", str(sprint), "--json")
    payload = json.loads(result.output)
    assert payload["schema"] == 1
    shown = [c["id"] or f"#{c['number']}" for col in payload["columns"] for c in col["cards"]]
    assert sorted(shown) == sorted(cards_of(sprint))
    by_state = {col["state"]: {c["state"] for c in col["cards"]} for col in payload["columns"]}
    for state, held in by_state.items():
        assert held <= {state}
    assert "cancelled" in by_state  # WEB-3 is cancelled: its column shows


def test_kanban_file_keeps_its_own_lanes(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "Board.md"
    path.write_text(KANBAN, encoding="utf-8")
    payload = json.loads(run("board", str(path), "--json").output)
    names = [col["name"] for col in payload["columns"]]
    assert names == ["Backlog", "Doing", "Review", "Done"]
    review = payload["columns"][2]
    assert review["state"] is None and [c["text"] for c in review["cards"]] == [
        "Design review of the settings page"
    ]
    by_state = json.loads(run("board", str(path), "--json", "--by", "state").output)
    assert [col["name"] for col in by_state["columns"]][:2] == ["To do", "In progress"]


def test_limit_shows_how_many_more(run: Run, sprint: Path) -> None:
    result = run("board", str(sprint), "--limit", "1")
    assert result.exit_code == 0
    assert "+2 more" in result.output  # To do holds API-3, API-4 and WEB-1


def test_several_files_name_the_file_on_each_card(run: Run, sprint: Path, tmp_path: Path) -> None:
    other = tmp_path / "Board.md"
    other.write_text(KANBAN, encoding="utf-8")
    result = run("board", str(sprint), str(other))
    assert "SPRINT.md" in result.output and "Board.md" in result.output
    assert "Backlog" not in result.output  # several files: columns by state


def test_bad_by_is_a_usage_error(run: Run, sprint: Path) -> None:
    before = sprint.read_bytes()
    result = run("board", str(sprint), "--by", "colour")
    assert result.exit_code == 2
    assert "--by must be auto, lane or state" in result.output
    assert "Traceback" not in result.output and sprint.read_bytes() == before


@pytest.mark.parametrize("cells", [6, 12, 30])
def test_wrap_fits_and_keeps_words(cells: int) -> None:
    text = "○ WEB-105 Emailed PDF receipt after a successful payment"
    lines = wrap(text, cells, 2)
    assert 1 <= len(lines) <= 2
    assert width(lines[0]) <= cells and all(width(line) <= cells - 2 for line in lines[1:])
    assert text.startswith(lines[0])
