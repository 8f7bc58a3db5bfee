"""The shipped composite action (issue 16): its check step, run as GitHub would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STALE = "# Plan\n\n**Progress**: 0/2 (0%)\n\n- [x] API-1 schema\n- [ ] API-2 endpoint\n"
GOOD = STALE.replace("0/2 (0%)", "1/2 (50%)")


def step(name: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = ACTION["runs"]["steps"]
    return next(s for s in steps if s.get("name") == name)


def run_check_step(cwd: Path, paths: str, args: str = "") -> subprocess.CompletedProcess[str]:
    """The `trackmd check` step's script under bash, with the inputs as GitHub passes them."""
    check = step("trackmd check")
    bindir = str(Path(sys.executable).parent)  # where this environment's `trackmd` is
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
           "TRACKMD_PATHS": paths, "TRACKMD_ARGS": args,
           "GITHUB_STEP_SUMMARY": str(cwd / "summary.md"), "NO_COLOR": "1"}  # fmt: skip
    return subprocess.run(["bash", "-eo", "pipefail", "-c", check["run"]], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip


def test_action_is_composite_and_installs_trackmd_from_its_own_checkout() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "python-version", "args"} <= set(ACTION["inputs"])
    assert any(
        s.get("uses", "").startswith("actions/setup-python@") for s in ACTION["runs"]["steps"]
    )
    assert "$GITHUB_ACTION_PATH" in step("Install trackmd")["run"]
    check = step("trackmd check")
    assert "${{" not in check["run"]  # inputs arrive as variables, not pasted into the script


def test_check_step_fails_on_a_stale_tracker_and_writes_the_summary(tmp_path: Path) -> None:
    (tmp_path / "PLAN.md").write_text(STALE, encoding="utf-8")
    done = run_check_step(tmp_path, "PLAN.md")
    assert done.returncode == 1, done.stderr
    assert "::" in done.stdout and "PLAN.md" in done.stdout  # a GitHub annotation
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "PLAN.md" in summary


def test_check_step_passes_a_consistent_tracker_with_extra_args(tmp_path: Path) -> None:
    (tmp_path / "PLAN.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Notes\n\n- [ ] not a tracker\n", encoding="utf-8")
    done = run_check_step(tmp_path, "PLAN.md notes.md", "--trackers-only")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PLAN.md" in (tmp_path / "summary.md").read_text(encoding="utf-8")
