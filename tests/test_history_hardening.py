"""Issue 12 hardening of history, burndown and front matter: each test failed before its fix."""

from __future__ import annotations

import datetime as dt
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


# -- burndown: dates at the ends of the calendar --------------------------------------------


def _git(repo: Path, *args: str, date: str = "2026-11-02T10:00:00+00:00") -> str:
    out = subprocess.run(
        ["git", *args], cwd=repo, env=git_env(date), capture_output=True, text=True, check=True
    )
    return out.stdout


def _commit(repo: Path, name: str, text: str, date: str = "2026-11-02T10:00:00+00:00") -> None:
    (repo / name).parent.mkdir(parents=True, exist_ok=True)
    (repo / name).write_text(text)
    _git(repo, "add", name, date=date)
    _git(repo, "commit", "-q", "-m", f"edit {name}", date=date)


def _sprint(start: str, end: str) -> str:
    return f"---\ntrackmd:\n  sprint:\n    start: {start}\n    end: {end}\n---\n- [ ] a\n- [x] b\n"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-11-02", "9999-12-31", "at most 3660"),
        ("0001-01-01", "2026-11-13", "at most 3660"),
        ("2026-11-20", "2026-11-02", "before it starts"),
    ],
)
def test_burndown_refuses_absurd_sprint_dates_in_one_line(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch,
    start: str, end: str, expected: str,
) -> None:  # fmt: skip
    _commit(repo, "TODO.md", _sprint(start, end))
    monkeypatch.chdir(repo)
    for fmt in ("text", "mermaid", "json"):
        result = run("burndown", "TODO.md", "--format", fmt, "--date", "2026-11-05")
        assert result.exit_code == 3, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert expected in result.output and len(result.output.strip().splitlines()) == 1


def test_burndown_at_the_end_of_the_calendar(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    _commit(repo, "TODO.md", _sprint("9999-12-20", "9999-12-31"))
    monkeypatch.chdir(repo)
    result = run("burndown", "TODO.md", "--format", "csv", "--date", "9999-12-31")
    assert result.exit_code == 0, result.output
    rows = result.output.strip().splitlines()
    assert rows[1].startswith("9999-12-20,") and rows[-1].startswith("9999-12-31,")
    result = run("burndown", "TODO.md", "--since", "9999-12-30", "--date", "9999-12-31")
    assert result.exit_code == 0, result.output


def test_a_sprint_range_across_the_last_new_year_has_no_overflow() -> None:
    from trackmd import burndown as bd

    facts: bd.SprintFacts = [None, None, [["Sprint", "28 Dec 9999 - 8 Jan 9999"]]]
    assert bd.sprint_dates_of(facts, dt.date(9999, 12, 1)) == (
        dt.date(9999, 12, 28), dt.date(9999, 1, 8),
    )  # fmt: skip
    facts = [None, None, [["Start", "9999-12-30"], ["Duration", "3 weeks"]]]
    assert bd.sprint_dates_of(facts, dt.date(9999, 12, 1)) == (dt.date(9999, 12, 30), None)
