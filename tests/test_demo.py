"""The commands `make demo` runs, through the installed `trackmd`, on the bundled examples:
exit codes, no traceback, what each is meant to show (issue 12: `list --state todo` showed
in-progress items; the dry-run diff header read `a/../../../tmp.XXXX/SPRINT_BOARD.md`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES, ROOT

TRACKMD = Path(sys.executable).with_name("trackmd")


def trackmd(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run([str(TRACKMD), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False)  # fmt: skip


def demo_commands() -> list[str]:
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ndemo:", 1)[1]
    recipe = recipe.split("\n\n", 1)[0]
    return re.findall(r"\$\(BIN\)/trackmd ([^;\n]+)", recipe)


def test_the_demo_runs_the_commands_tested_here() -> None:
    names = [command.split()[0] for command in demo_commands()]
    assert names == ["status", "list", "check", "done"]


def test_demo_status_and_check() -> None:
    status = trackmd("status", "examples/")
    assert status.returncode == 0 and status.stderr == ""
    assert status.stdout.count("✓ derived values up to date") == len(
        [p for p in EXAMPLES.glob("*.md") if p.name != "README.md"]
    )
    check = trackmd("check", "examples/")
    assert (check.returncode, check.stderr) == (0, "")


def test_demo_list_todo_shows_only_items_not_started() -> None:
    listed = trackmd("list", "examples/SPRINT_BOARD.md", "--state", "todo", "--json")
    assert listed.returncode == 0, listed.stderr
    import json

    states = {item["state"] for item in json.loads(listed.stdout)["items"]}
    assert states == {"open"}
    everything = json.loads(trackmd("list", "examples/SPRINT_BOARD.md", "--json").stdout)
    assert {item["state"] for item in everything["items"]} > {"open", "in_progress"}


def test_demo_dry_run_on_a_copy(tmp_path: Path) -> None:
    for path in EXAMPLES.glob("*.md"):
        shutil.copy(path, tmp_path / path.name)
    board = tmp_path / "SPRINT_BOARD.md"
    before = board.read_bytes()
    done = trackmd("done", "WEB-103", "-f", str(board), "--dry-run", "--date", "2026-11-22")
    assert done.returncode == 0, done.stderr
    headers = [line for line in done.stdout.splitlines() if line.startswith(("--- ", "+++ "))]
    assert headers == [f"--- {board}", f"+++ {board}"]  # absolute outside the cwd, no a/../
    assert "would mark WEB-103" in done.stdout and "✔" not in done.stdout
    assert board.read_bytes() == before
