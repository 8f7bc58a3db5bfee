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
    from trackmd.core.config import shown

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
    from trackmd.core import sprint

    facts: sprint.SprintFacts = [None, None, [["Sprint", "28 Dec 9999 - 8 Jan 9999"]]]
    assert sprint.sprint_dates_of(facts, dt.date(9999, 12, 1)) == (
        dt.date(9999, 12, 28), dt.date(9999, 1, 8),
    )  # fmt: skip
    facts = [None, None, [["Start", "9999-12-30"], ["Duration", "3 weeks"]]]
    assert sprint.sprint_dates_of(facts, dt.date(9999, 12, 1)) == (dt.date(9999, 12, 30), None)


# -- log ----------------------------------------------------------------------------------


def _items(*marks: str, prefix: str = "T") -> str:
    """Items in sections of their own, so that two branches' ticks merge without conflict."""
    parts = ["# Tracker", ""]
    for n, mark in enumerate(marks, start=1):
        parts += [f"## Part {n}", "", f"- [{mark}] {prefix}-{n} task {n}", ""]
    return "\n".join(parts)


def test_log_searches_every_tracker_and_takes_file_ref(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    _commit(repo, "TODO.md", _items(" ", " "))
    _commit(repo, "docs/ROADMAP.md", _items(" ", prefix="R"))
    _commit(repo, "docs/ROADMAP.md", _items("x", prefix="R"), date="2026-11-03T10:00:00+00:00")
    monkeypatch.chdir(repo)
    result = run("log", "R-1")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "docs/ROADMAP.md: #1 R-1 task 1  (now done)"
    assert "open → done" in result.output
    for ref in ("docs/ROADMAP.md:R-1", "ROADMAP.md:#1"):
        result = run("log", ref)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("docs/ROADMAP.md: #1 R-1")
    result = run("log", "TODO.md:#1")
    assert result.exit_code == 0 and result.output.startswith("TODO.md: #1 T-1")
    result = run("log", "-f", "TODO.md", "T-2")
    assert result.exit_code == 0 and result.output.startswith("TODO.md: #2 T-2")


def test_log_of_an_unknown_ref_suggests_and_names_the_log_command(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    _commit(repo, "README.md", "# hi\n")
    monkeypatch.chdir(repo)
    result = run("log", "T-1")
    assert result.exit_code == 3
    assert "trackmd log -f FILE REF" in result.output and "burndown" not in result.output
    _commit(repo, "TODO.md", _items(" ", " "))
    _commit(repo, "docs/ROADMAP.md", _items(" ", prefix="R"))
    result = run("log", "R-11")
    assert result.exit_code == 3
    assert "did you mean" in result.output and "'R-1'" in result.output
    assert "several" not in result.output and "burndown" not in result.output


def test_log_after_a_merge_shows_no_phantom_uncommitted_row(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    _commit(repo, "TODO.md", _items(" ", " ", " "))
    _git(repo, "checkout", "-q", "-b", "side")
    _commit(repo, "TODO.md", _items(" ", " ", "x"), date="2026-11-03T10:00:00+00:00")
    _git(repo, "checkout", "-q", "main")
    _commit(repo, "TODO.md", _items("x", " ", " "), date="2026-11-03T11:00:00+00:00")
    _git(repo, "merge", "-q", "--no-edit", "side", date="2026-11-04T10:00:00+00:00")
    assert _git(repo, "status", "--porcelain") == ""
    monkeypatch.chdir(repo)
    result = run("log", "T-3")
    assert result.exit_code == 0, result.output
    assert "(now done)" in result.output
    assert "uncommitted" not in result.output
    assert result.output.count("open → done") == 1
    (repo / "TODO.md").write_text(_items("x", "/", "x"))
    result = run("log", "T-3")
    assert "uncommitted" not in result.output
    result = run("log", "T-2")
    assert "uncommitted  open → in_progress" in result.output


def test_log_in_a_shallow_clone_warns_and_credits_nothing_to_the_boundary(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _commit(repo, "TODO.md", _items(" ", " "))
    _commit(repo, "TODO.md", _items("x", " "), date="2026-11-03T10:00:00+00:00")
    _commit(repo, "TODO.md", _items("x", "x"), date="2026-11-04T10:00:00+00:00")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
        check=True, env=git_env(), capture_output=True,
    )  # fmt: skip
    boundary = _git(clone, "rev-parse", "--short=7", "HEAD").strip()
    monkeypatch.chdir(clone)
    result = run("log", "T-1")
    assert result.exit_code == 0, result.output
    assert f"history starts at the shallow boundary {boundary}" in result.output
    assert "not credited" in result.output
    assert "(new)" not in result.output and f"{boundary}  " not in result.output
    assert "no state change" in result.output


# -- mermaid burndown -----------------------------------------------------------------------


def _luminance(colour: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


BLOCK = "## Burndown\n\n```mermaid\n{init}xychart-beta\n    line [1]\n```\n\n## Work\n\n"


def _board(init: str = "", sprint: bool = True) -> str:
    head = "---\ntrackmd:\n  sprint:\n    start: 2026-11-01\n    end: 2026-11-30\n---\n"
    items = "".join(f"- [{'x' if n < 3 else ' '}] T-{n} task {n}\n" for n in range(1, 7))
    return (head if sprint else "") + "# Board\n\n" + BLOCK.format(init=init) + items


def _mermaid_lines(text: str) -> list[str]:
    return text.split("```mermaid\n", 1)[1].split("```", 1)[0].splitlines()


def test_mermaid_colours_read_on_light_and_dark_and_the_block_carries_them(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from trackmd.history import burndown as bd

    for colour in (bd.IDEAL_COLOUR, bd.ACTUAL_COLOUR):
        assert _contrast(colour, "#ffffff") >= 3 and _contrast(colour, "#0d1117") >= 3
    assert _contrast("#ffffff", "#0d1117") > 15  # the formula itself
    _commit(repo, "TODO.md", _board())
    monkeypatch.chdir(repo)
    result = run("burndown", "TODO.md", "--write", "--date", "2026-11-10")
    assert result.exit_code == 0, result.output
    init = _mermaid_lines((repo / "TODO.md").read_text())[0]
    assert init.startswith("%%{init: ") and init.endswith("}%%")
    assert f"{bd.IDEAL_COLOUR}, {bd.ACTUAL_COLOUR}" in init
    result = run("burndown", "TODO.md", "--format", "mermaid", "--date", "2026-11-10")
    assert _mermaid_lines(result.output)[0] == init


def test_write_keeps_the_users_own_init_line(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = (
        '%%{init: {"theme": "base", "themeVariables": {"xyChart": {"plotColorPalette": "#000"}}}}%%'
    )
    _commit(repo, "TODO.md", _board(init=mine + "\n"))
    monkeypatch.chdir(repo)
    result = run("burndown", "TODO.md", "--write", "--date", "2026-11-10")
    assert result.exit_code == 0, result.output
    lines = _mermaid_lines((repo / "TODO.md").read_text())
    assert lines[0] == mine and lines[1] == "xychart-beta"
    assert sum(line.startswith("%%") for line in lines) == 1
    result = run("burndown", "TODO.md", "--write", "--date", "2026-11-10")
    assert "already up to date" in result.output


def test_a_thirty_day_sprint_has_few_distinct_x_labels(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    _commit(repo, "TODO.md", _board(), date="2026-11-01T10:00:00+00:00")
    monkeypatch.chdir(repo)
    result = run("burndown", "TODO.md", "--format", "mermaid", "--date", "2026-11-30")
    assert result.exit_code == 0, result.output
    axis = next(line for line in _mermaid_lines(result.output) if "x-axis" in line)
    labels = json.loads(axis.split("x-axis", 1)[1])
    assert len(labels) == 30 and len(set(labels)) == 30  # Mermaid merges equal labels
    shown = [label for label in labels if label.strip("\u200b")]
    assert 2 <= len(shown) <= 14 and shown[0] == "11-01"


def test_without_sprint_dates_the_title_promises_no_ideal_line(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    _commit(repo, "TODO.md", _board(sprint=False))
    monkeypatch.chdir(repo)
    result = run("burndown", "TODO.md", "--format", "mermaid", "--date", "2026-11-05")
    assert result.exit_code == 0, result.output
    lines = _mermaid_lines(result.output)
    title = next(line for line in lines if "title" in line)
    assert "ideal" not in title
    assert sum(line.strip().startswith("line [") for line in lines) == 1


# -- sparse checkout ----------------------------------------------------------------------


def test_burndown_outside_a_sparse_checkout_reads_history(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    _commit(repo, "plans/TODO.md", "- [ ] a\n- [x] b\n- [ ] c\n")
    _commit(repo, "plans/TODO.md", "- [x] a\n- [x] b\n- [ ] c\n", date="2026-11-03T10:00:00+00:00")
    _commit(repo, "docs/NOTES.md", "notes\n", date="2026-11-03T10:00:00+00:00")
    _git(repo, "sparse-checkout", "set", "docs")
    assert not (repo / "plans").exists()
    monkeypatch.chdir(repo)
    result = run("burndown", "plans/TODO.md", "--format", "csv", "--date", "2026-11-03")
    assert result.exit_code == 0, result.output
    assert "git is not available" not in result.output
    assert "outside a sparse checkout" in result.output  # the warning, on stderr
    assert "2026-11-03,1,2,3," in result.output
    result = run("burndown", "plans/TODO.md", "--write", "--date", "2026-11-03")
    assert result.exit_code == 3
    assert "not in the working tree" in result.output and "Traceback" not in result.output
    assert not (repo / "plans").exists()
    result = run("log", "-f", "plans/TODO.md", "a")
    assert result.exit_code == 0, result.output
    assert "open → done" in result.output


# -- issue 13 B4: history finds the configured files --------------------------------------


def test_burndown_and_log_use_the_configured_files(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    _commit(repo, "pyproject.toml", '[tool.trackmd]\nfiles = ["plans/*.md"]\n')
    _commit(repo, "plans/week-45.md", "- [ ] W-1 write\n- [ ] W-2 ship\n")
    _commit(repo, "plans/week-45.md", "- [x] W-1 write\n- [ ] W-2 ship\n",
            date="2026-11-03T10:00:00+00:00")  # fmt: skip
    _commit(repo, "README.md", "# readme\n")
    monkeypatch.chdir(repo)
    result = run("burndown", "--format", "csv", "--date", "2026-11-03")
    assert result.exit_code == 0, result.output
    assert "2026-11-03,1,1,2," in result.output
    result = run("log", "W-1")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("plans/week-45.md: #1 W-1 write  (now done)")


def test_a_long_bad_date_option_is_cut_in_the_message(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    _commit(repo, "TODO.md", "- [ ] a\n")
    monkeypatch.chdir(repo)
    result = run("burndown", "TODO.md", "--since", "z" * 3000)
    assert result.exit_code == 2
    assert "--since must be a date" in result.output and "…" in result.output
    assert len(result.output) < 200
