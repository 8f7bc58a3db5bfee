"""Issue 12 hardening of history, burndown and front matter: each test failed before its fix."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import git_env

TRACKMD = str(Path(sys.executable).with_name("trackmd"))


@pytest.fixture(autouse=True)
def _clean_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_COMMON_DIR"):
        monkeypatch.delenv(name, raising=False)


def _bomb() -> str:
    """Nine levels of nine aliases each: 9**9 strings once expanded, in about 400 bytes."""
    lines = ["---", "trackmd:", "  count:", '    a: &a ["x","x","x","x","x","x","x","x","x"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"    {name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join([*lines, "---", "# Tracker", "", "- [ ] one", ""])


# -- front matter -------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "status"])
def test_a_yaml_alias_bomb_in_front_matter_is_refused_fast(tmp_path: Path, command: str) -> None:
    path = tmp_path / "TODO.md"
    path.write_text(_bomb())
    assert len(path.read_bytes()) < 500
    proc = subprocess.run(
        [TRACKMD, command, str(path)], cwd=tmp_path, capture_output=True, text=True, timeout=30,
        check=False,
        env={**git_env(), "NO_COLOR": "1"},
    )  # fmt: skip
    assert proc.returncode == 3
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) < 200
    assert "TODO.md" in lines[0] and "alias" in lines[0]
    assert "Traceback" not in proc.stderr


def test_one_alias_is_refused_through_the_cli(tmp_path: Path, run: Callable[..., Result]) -> None:
    path = tmp_path / "TODO.md"
    path.write_text("---\nbase: &b top\ntrackmd:\n  count: *b\n---\n- [ ] one\n")
    result = run("check", str(path))
    assert result.exit_code == 3
    assert "alias" in result.output and "TODO.md" in result.output


def test_a_long_bad_config_value_is_cut_in_the_message(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    path = tmp_path / "TODO.md"
    path.write_text("---\ntrackmd:\n  count: " + "y" * 5000 + "\n---\n- [ ] one\n")
    result = run("check", str(path))
    assert result.exit_code == 3
    assert "'count' must be" in result.output
    assert "…" in result.output
    assert len(result.output.strip()) < 400  # the path, the rule and 80 characters of value


def test_shown_bounds_a_deep_value() -> None:
    from trackmd.config import shown

    deep: list[object] = ["x"] * 10
    for _ in range(50):
        deep = [deep] * 10
    text = shown(deep)
    assert len(text) <= 80 and text.endswith("…")
    assert shown("top") == "'top'"
