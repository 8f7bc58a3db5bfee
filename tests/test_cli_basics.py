"""CLI basics a new user tries first (issue 12): --version, -h, completion, status fitted to
the terminal, `add --id` never reusing an ID, and file lists that say when they are cut."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from trackmd import __version__
from trackmd.ui.render import width

Run = Callable[..., Result]
TRACKMD = Path(sys.executable).with_name("trackmd")


def test_version_through_the_installed_command() -> None:
    for flag in ("--version", "-V"):
        done = subprocess.run([str(TRACKMD), flag], capture_output=True, text=True, check=False)
        assert (done.returncode, done.stdout, done.stderr) == (0, f"trackmd {__version__}\n", "")


@pytest.mark.parametrize("args", [("-h",), ("done", "-h"), ("burndown", "-h"), ("hook", "-h")])
def test_dash_h_is_help(run: Run, args: tuple[str, ...]) -> None:
    short, long = run(*args), run(*args[:-1], "--help")
    assert short.exit_code == 0, short.output
    assert short.output == long.output and "Usage: trackmd" in short.output


def test_shell_completion_is_offered_and_completes_commands(tmp_path: Path) -> None:
    shown = run_cli(["--help"], tmp_path)
    assert "--install-completion" in shown.stdout
    # the shell named, not detected: detection reads the parent processes (make, CI runners)
    fixed = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    script = run_cli(["--show-completion", "bash"], tmp_path, fixed)
    assert script.returncode == 0 and "_trackmd_completion" in script.stdout
    env = {"_TRACKMD_COMPLETE": "complete_bash", "COMP_WORDS": "trackmd st", "COMP_CWORD": "1"}
    words = run_cli([], tmp_path, env).stdout.split()
    assert words == ["status", "start"]


def run_cli(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run([str(TRACKMD), *args], cwd=cwd, env=full, capture_output=True,
                          text=True, check=False)  # fmt: skip


LONG = "migrate the billing service and the reporting pipeline to the new cluster"


def long_labels(tmp_path: Path) -> Path:
    lines = ["# Release plan\n"]
    for phase in range(3):
        lines.append(f"## Phase {phase}: {LONG}\n")
        lines.append("### Backend work for the new cluster and its monitoring dashboards\n")
        lines += [f"- [{'x' if n < phase * 4 else ' '}] item {n} {LONG}" for n in range(12)]
        lines.append("")
    path = tmp_path / "TODO.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def section_rows(output: str) -> list[str]:
    return [line for line in output.splitlines() if "/12" in line]


@pytest.mark.parametrize("columns", [40, 60, 80])
def test_status_fits_a_narrow_terminal(run: Run, tmp_path: Path, columns: int) -> None:
    # issue 12: at 60 columns every row wrapped inside the bar
    path = long_labels(tmp_path)
    result = run("status", "--open", str(path), env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    rows = section_rows(result.output)
    assert len(rows) == 6 and all(row.rstrip().endswith(("○", "◐")) for row in rows)
    assert max(width(row) for row in rows) < columns
    items = [line for line in result.output.splitlines() if " #" in line]
    assert items and max(width(line) for line in items) < columns
    assert all("░" in row for row in rows)  # the bars narrow, they do not vanish


def test_status_uses_a_wide_terminal_for_labels(run: Run, tmp_path: Path) -> None:
    # issue 12: at 120 columns labels were still cut at 48 characters
    path = long_labels(tmp_path)
    result = run("status", str(path), env={"COLUMNS": "120"})
    rows = section_rows(result.output)
    assert rows[0].startswith(f"Phase 0: {LONG}") and "…" not in result.output
    assert max(width(row) for row in rows) < 120


def test_add_id_never_reuses_an_id_of_another_section(run: Run, tmp_path: Path) -> None:
    # issue 12: the next ID was counted from the section's own IDs only
    path = tmp_path / "TODO.md"
    path.write_text(
        "# Plan\n\n## One\n\n- [ ] T-01 a\n- [ ] T-02 b\n\n## Two\n\n- [ ] T-03 c\n- [ ] T-04 d\n",
        encoding="utf-8",
    )
    result = run("add", "new thing", "--to", "One", "--id", "-f", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "- [ ] T-02 b\n- [ ] T-05 new thing\n" in text and text.count("T-03") == 1


def test_unknown_ref_names_how_many_files_were_searched(run: Run, tmp_path: Path) -> None:
    # issue 12: "no item matches 'US-099' in PROGRESS.md, ROADMAP.md, TRACKER.md" — 3 of 6
    names = ["BACKLOG", "PLAN", "PROGRESS", "ROADMAP", "TODO", "TRACKER"]
    for name in names:
        (tmp_path / f"{name}.md").write_text(f"# {name}\n\n- [ ] {name.lower()} item\n",
                                             encoding="utf-8")  # fmt: skip
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = run("done", "US-099")
    finally:
        os.chdir(cwd)
    assert result.exit_code == 3
    assert "in 6 trackers (BACKLOG.md, PLAN.md, PROGRESS.md and 3 more)" in result.stderr
    assert str(tmp_path) not in result.stderr  # relative, as the rest of the output


LEAVE = """\
import atexit, sys
from pathlib import Path
marker = Path(sys.argv.pop())
atexit.register(lambda: marker.write_text("ran"))
class Teardown:
    def __del__(self):  # a module global's finaliser: only a full teardown runs it
        marker.with_name("atexit.del").write_text("torn down")
keep = Teardown()
sys.argv = ["trackmd", *sys.argv[1:]]
from trackmd.launch import main
main()
"""


@pytest.mark.parametrize(("args", "code"), [(("status",), 0), (("done", "nothing"), 3)])
def test_the_command_leaves_without_teardown_but_runs_atexit(
    tmp_path: Path, args: tuple[str, ...], code: int
) -> None:
    """Issue 15: no interpreter teardown after a command (a tenth of a cold run); the
    output is flushed, the `atexit` functions run and the exit code is the command's."""
    (tmp_path / "TODO.md").write_text("# T\n\n- [ ] a\n", encoding="utf-8")
    marker = tmp_path / "atexit"
    argv = [sys.executable, "-c", LEAVE, *args, str(marker)]
    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_COLOR": "1"})  # fmt: skip
    assert done.returncode == code, done.stderr
    assert marker.read_text() == "ran"
    assert not marker.with_name("atexit.del").exists()
    assert ("0/1 done" in done.stdout) == (code == 0)


IMPORTS = """\
import sys
from trackmd import launch
code = launch.code(sys.argv[1:])
print(code, " ".join(sorted(m for m in sys.modules if m.split(".")[0] in
      ("rich", "git", "ftfy", "frontmatter", "multiprocessing", "pygls", "typer", "click"))))
"""


@pytest.mark.parametrize(
    "args",
    [("status",), ("list",), ("check",), ("sync",), ("done", "a"), ("undo", "a"),
     ("start", "b"), ("block", "b"), ("status", "--json"), ("check", "--format", "github"),
     ("next",), ("board",), ("board", "--json")],
)  # fmt: skip
def test_each_command_imports_only_what_it_needs(repo: Path, args: tuple[str, ...]) -> None:
    """Issue 15: on a pipe, no command pays for Typer, Rich's console, GitPython, ftfy or a
    process pool (a few trackers); `list` may load Rich's cell widths for ✔, nothing more.
    The hot commands are read by `launch` without Typer (test_launch.py)."""
    from tests.conftest import git

    (repo / "TODO.md").write_text("# T\n\n**Progress**: 0/2\n\n- [ ] a\n- [ ] b\n", "utf-8")
    git(repo, "add", "TODO.md")
    env = {**os.environ, "TRACKMD_NO_CACHE": "1", "TRACKMD_TODAY": "2026-11-22"}
    done = subprocess.run([sys.executable, "-c", IMPORTS, *args], cwd=repo, env=env,
                          capture_output=True, text=True, check=True)  # fmt: skip
    code, _, modules = done.stdout.strip().splitlines()[-1].partition(" ")
    allowed = {"rich", "rich._extension", "rich._unicode_data", "rich._unicode_data._versions",
               "rich.cells"}  # fmt: skip
    assert code in {"0", "1"}, done.stderr
    assert set(modules.split()) <= allowed, modules


LAZY = """\
import sys
from trackmd import launch
code = launch.code(sys.argv[1:])
print(code, " ".join(sorted(m for m in sys.modules
                            if m.split(".")[0] in ("pygls", "lsprotocol") or m == "trackmd.lsp")))
"""


@pytest.mark.parametrize(
    ("args", "loaded"),
    [(("--help",), False), (("lsp", "--help"), False), (("status",), False), (("lsp",), True)],
)
def test_the_language_server_is_loaded_by_lsp_alone(
    repo: Path, args: tuple[str, ...], loaded: bool
) -> None:
    """Issue 17: `trackmd lsp` imports pygls when it runs (here on a closed stdin: it starts,
    reads the end of input and leaves with 0); `--help` and `status` never do."""
    (repo / "TODO.md").write_text("# T\n\n- [ ] a\n", "utf-8")
    env = {**os.environ, "TRACKMD_NO_CACHE": "1"}
    done = subprocess.run([sys.executable, "-c", LAZY, *args], cwd=repo, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          check=True, timeout=60)  # fmt: skip
    code, _, modules = done.stdout.strip().splitlines()[-1].partition(" ")
    assert code == "0", done.stderr
    assert ("pygls" in modules.split()) is loaded, modules
    assert ("lsprotocol" in modules.split()) is loaded, modules  # its types: 0.3 s to import here
    assert ("trackmd.lsp" in modules.split()) is loaded, modules
    if args == ("--help",):
        assert "lsp" in done.stdout  # listed, not loaded
