"""The repository at once (issue 16): `status` of several trackers ends with their total,
in text and JSON, and each file shows its overdue items. Fixtures written here."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Run = Callable[..., Result]

API = "# API\n\n- [x] A-1 schema\n- [ ] A-2 endpoint due 2026-12-01\n- [-] A-3 dropped\n"
WEB = "# Web\n\n- [x] W-1 form\n- [x] W-2 styles\n- [/] W-3 submit 📅 2026-11-30\n- [ ] W-4 docs\n"


def trackers(tmp_path: Path) -> list[str]:
    (tmp_path / "API.md").write_text(API, encoding="utf-8")
    (tmp_path / "WEB.md").write_text(WEB, encoding="utf-8")
    return [str(tmp_path / "API.md"), str(tmp_path / "WEB.md")]


def test_status_of_several_trackers_ends_with_their_total(run: Run, tmp_path: Path) -> None:
    result = run("status", *trackers(tmp_path), "--date", "2026-12-07")
    assert result.exit_code == 0, result.output
    tail = result.output.rstrip("\n").splitlines()[-3:]
    assert tail[0] == "All 2 trackers"
    assert tail[1].endswith(" 50%") and tail[2].strip().startswith("3/6 done")


def test_one_tracker_has_no_total(run: Run, tmp_path: Path) -> None:
    result = run("status", trackers(tmp_path)[0], "--date", "2026-12-07")
    assert "All " not in result.output


def test_the_json_total_is_the_sum_of_the_files(run: Run, tmp_path: Path) -> None:
    result = run("status", *trackers(tmp_path), "--json", "--date", "2026-12-07")
    data = json.loads(result.output)
    for key in ("done", "total", "open", "in_progress", "blocked", "cancelled"):
        assert data["total"][key] == sum(f["progress"][key] for f in data["files"]), key
    assert [f["overdue"] for f in data["files"]] == [1, 1]


def test_each_file_shows_its_overdue_items(run: Run, tmp_path: Path) -> None:
    result = run("status", *trackers(tmp_path), "--date", "2026-12-07")
    assert "⚠ 1 overdue: A-2 (due 2026-12-01)" in result.output
    assert "⚠ 1 overdue: W-3 (due 2026-11-30)" in result.output
    early = run("status", *trackers(tmp_path), "--date", "2026-11-29")
    assert "overdue" not in early.output


def test_check_github_writes_the_step_summary(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    result = run("check", "--format", "github", *trackers(tmp_path), "--date", "2026-12-07")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "| **All 2 trackers** |" in text and "3/6" in text
    assert "A-2 — A-2 endpoint due 2026-12-01 (due 2026-12-01)" in text
    markdown = run("status", "--format", "markdown", *trackers(tmp_path), "--date", "2026-12-07")
    assert markdown.output == text  # the same summary anywhere
