"""Every command through the installed `trackmd`, on a stream that is not UTF-8 and with
hostile item text: no traceback, and no raw control character reaches the terminal."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXED_DATE, git, git_env

HOSTILE_TEXT = (
    "# Hostile \x1b[2J board\n"
    "**Progress**: 0/3\n"
    "**Last Updated**: 2026-11-01\n\n"
    "## Work [bold]\n"
    "- [ ] HOST-1 wipe \x1b[2J [/] [bold]x\x1b]8;;https://evil.example\x07link\x1b]8;;\x07 c\x9b1m\n"
    "- [x] HOST-2 done [/x] \x7f\n"
    "- [ ] HOST-3 plain ✔ → café\n"
)
# Raw controls a terminal would act on: C0 but tab, newline and carriage return; DEL; C1.
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def trackmd_exe() -> str:
    exe = Path(sys.executable).with_name("trackmd")
    assert exe.exists(), "the package must be installed (make test installs it)"
    return str(exe)


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """A git repository holding a hostile tracker, one in a folder whose name has a newline
    and a workflow command, and a file with mojibake."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "TODO.md").write_bytes(HOSTILE_TEXT.encode("utf-8"))
    odd = repo / "odd\n::error file=x::injected,line=9"
    odd.mkdir()
    (odd / "TASKS.md").write_bytes(b"# Odd\n**Progress**: 5/1\n- [ ] one \x1b[31mred\n")
    (repo / "NOTES.md").write_bytes("# N\n- [ ] cafÃ© \x1b[2J\n".encode())
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start \x1b[2J")
    return repo


COMMANDS: list[tuple[str, ...]] = [
    ("status",),
    ("status", "--open"),
    ("status", "--json"),
    ("list",),
    ("list", "--json"),
    ("check",),
    ("check", "--format", "text"),
    ("check", "--format", "json"),
    ("check", "--format", "github"),
    *[
        (command, "HOST-1", "-f", "TODO.md", *dry)
        for command in ("done", "undo", "start", "block")
        for dry in (("--dry-run",), ())
    ],
    ("done", "HOST-3", "-f", "TODO.md", "--dry-run"),
    ("add", "new [/] item [bold]", "--to", "Work", "-f", "TODO.md"),
    ("add", "x\n## Injected\n- [x] fake", "--to", "Work", "-f", "TODO.md"),
    ("done", "no such \x1b[2J item", "-f", "TODO.md"),
    ("sync", "--diff", "--dry-run"),
    ("sync", "--diff"),
    ("fix-encoding", "NOTES.md", "--dry-run"),
    ("fix-encoding", "NOTES.md"),
    ("burndown", "TODO.md"),
    ("burndown", "TODO.md", "--format", "text"),
    ("burndown", "TODO.md", "--format", "mermaid"),
    ("log", "HOST-1", "-f", "TODO.md"),
    ("status", "odd\n::error file=x::injected,line=9"),
]


def _split(line: str) -> tuple[str, str, str]:
    """`::error props::data` → its parts; the data may hold `::`, the rest may not."""
    assert line.startswith("::"), line
    head, _, data = line[2:].partition("::")
    command, _, properties = head.partition(" ")
    return command, properties, data


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_every_command_is_safe_on_any_stream(board: Path, encoding: str) -> None:
    env = git_env()
    env.update(
        {"PYTHONIOENCODING": encoding, "TRACKMD_TODAY": FIXED_DATE, "COLUMNS": "100",
         "NO_COLOR": "1", "TERM": "dumb"}
    )  # fmt: skip
    env.pop("FORCE_COLOR", None)
    for args in COMMANDS:
        result = subprocess.run(
            [trackmd_exe(), *args], cwd=board, env=env, capture_output=True, check=False
        )
        out = result.stdout.decode(encoding, "replace")
        err = result.stderr.decode(encoding, "replace")
        where = f"{args} ({encoding}): {err[-600:]}"
        assert "Traceback" not in err and "Error:" not in err.split("trackmd:")[0], where
        assert result.returncode in (0, 1, 2, 3), where
        assert RAW.search(out) is None, f"{where} stdout: {out[:400]!r}"
        assert RAW.search(err) is None, f"{where} stderr: {err!r}"
        if args[-2:] == ("--format", "github"):
            for line in out.splitlines():
                _, properties, data = _split(line)
                keys = [p.split("=", 1)[0] for p in properties.split(",")]
                assert keys == ["file", "line", "col", "title"], line
                assert ":" not in properties and data, line
    todo = (board / "TODO.md").read_text(encoding="utf-8")
    assert "## Injected" not in todo and "- [ ] new [/] item [bold]\n" in todo


def test_a_copy_of_the_examples_through_cp1252(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    copy = tmp_path / "examples"
    shutil.copytree(examples, copy)
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "TRACKMD_TODAY": FIXED_DATE}
    for args in (("status",), ("list",), ("check", "--format", "github")):
        result = subprocess.run(
            [trackmd_exe(), *args, str(copy)], env=env, capture_output=True, check=False
        )
        assert result.returncode in (0, 1) and b"Traceback" not in result.stderr, result.stderr
        assert result.stdout.strip() or args[0] == "check", args
