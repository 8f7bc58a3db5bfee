"""`trackmd next` (issue 16): ready items in the documented order, each with why; items
waiting on others and items marked blocked apart. Every fixture is written here."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from trackmd.core.model import State
from trackmd.core.parse import parse
from trackmd.core.urgency import plan_next

Run = Callable[..., Result]
TODAY = dt.date(2026, 12, 7)


def order(text: str, today: dt.date = TODAY) -> list[str]:
    found = plan_next([parse(text, "TODO.md")], today)
    return [e.item.text.split()[0] for e in found.ready]


def test_in_progress_comes_first() -> None:
    assert order("# T\n\n- [ ] A (P0)\n- [/] B\n") == ["B", "A"]


def test_overdue_before_due_soon_before_the_rest_sooner_first() -> None:
    text = ("# T\n\n- [ ] A\n- [ ] B due 2026-12-12\n- [ ] C due 2026-12-01\n"
            "- [ ] D due 2026-12-09\n- [ ] E due 2027-03-01\n- [ ] F due 2026-11-20\n")  # fmt: skip
    assert order(text) == ["F", "C", "D", "B", "A", "E"]


def test_priority_orders_the_rest_none_between_medium_and_low() -> None:
    text = "# T\n\n- [ ] A [low]\n- [ ] B\n- [ ] C ⏫\n- [ ] D (P2)\n- [ ] E 🔺\n- [ ] F ⏬\n"
    assert order(text) == ["E", "C", "D", "B", "A", "F"]


def test_an_item_others_wait_on_comes_before_its_peers() -> None:
    text = ("# T\n\n- [ ] A\n- [ ] B 🆔 b\n- [ ] C ⛔ b\n- [ ] D ⛔ b\n"
            "- [ ] E 🆔 e\n- [ ] F ⛔ e\n")  # fmt: skip
    found = plan_next([parse(text, "TODO.md")], TODAY)
    assert [e.item.text.split()[0] for e in found.ready] == ["B", "E", "A"]
    assert found.ready[0].reasons == ("2 items wait on it",)
    assert {e.item.text.split()[0] for e in found.blocked} == {"C", "D", "F"}


def test_file_order_breaks_ties_and_is_said() -> None:
    found = plan_next([parse("# T\n\n- [ ] A\n- [ ] B\n", "TODO.md")], TODAY)
    assert [(e.item.text, e.reasons) for e in found.ready] == [
        ("A", ("next in the file",)), ("B", ("next in the file",))
    ]  # fmt: skip


def test_blocked_and_waiting_items_are_apart_with_what_they_wait_on() -> None:
    text = "# T\n\n- [!] A stuck\n- [ ] B WEB-2, depends on WEB-1\n- [ ] WEB-1 first\n"
    found = plan_next([parse(text, "TODO.md")], TODAY)
    assert [e.item.text for e in found.ready] == ["WEB-1 first"]
    assert [e.reasons for e in found.blocked] == [("marked blocked",), ("waits on WEB-1 (open)",)]
    done = text.replace("- [ ] WEB-1", "- [x] WEB-1")
    assert order(done) == ["B"]  # its dependency is done: ready now


def test_a_parent_with_open_sub_items_is_not_a_next_step() -> None:
    text = "# T\n\n- [ ] Parent\n  - [x] a\n  - [ ] b\n- [ ] Other\n  - [x] c\n"
    assert order(text) == ["b", "Other"]
    assert all(e.item.state is not State.DONE for e in plan_next([parse(text)], TODAY).ready)


def test_dependencies_across_files(tmp_path: Path, run: Run) -> None:
    (tmp_path / "API.md").write_text("# API\n\n- [ ] API-1 endpoint\n", encoding="utf-8")
    (tmp_path / "WEB.md").write_text("# Web\n\n- [ ] WEB-1 form, depends on API-1\n", "utf-8")
    result = run("next", str(tmp_path / "API.md"), str(tmp_path / "WEB.md"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [e["id"] for e in data["ready"]] == ["API-1"]
    assert [(e["id"], e["why"]) for e in data["blocked"]] == [("WEB-1", ["waits on API-1 (open)"])]


def test_the_cli_limits_filters_by_owner_and_says_why(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "TODO.md"
    path.write_text(
        "# T\n\n- [ ] Late @ana due 2026-12-01\n- [/] Going @bo\n- [ ] Calm @ana\n", "utf-8"
    )
    result = run("next", str(path), "--limit", "1", "--date", "2026-12-07")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "Next (1 of 3 ready)", "  1. ◐ #2 Going @bo line 4 in progress"
    ]  # fmt: skip
    mine = run("next", str(path), "--owner", "@ana", "--date", "2026-12-07")
    lines = mine.output.splitlines()
    assert lines[0] == "Next (all ready)" and "overdue 6 days" in lines[1] and "Calm" in lines[2]
    assert "Going" not in mine.output


def test_a_done_row_waiting_on_an_open_row_is_warned(tmp_path: Path, run: Run) -> None:
    """`Depends on` as a column of a status table is checked as it is in an item's text."""
    (tmp_path / "PLAN.md").write_text(
        "# Plan\n\n| ID | Task | Status | Depends on |\n|---|---|---|---|\n"
        "| T-1 | build | Done | T-2 |\n| T-2 | design | Todo | |\n",
        encoding="utf-8",
    )
    out = run("check", str(tmp_path / "PLAN.md"))
    assert "open-dependency" in out.output and "T-2 is open" in out.output, out.output
