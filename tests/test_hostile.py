"""Hostile and odd input: a clear one-line error, the SPEC exit code, the file untouched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import FIXED_DATE

Run = Callable[..., Result]
pytestmark = pytest.mark.usefixtures("either_parser")  # hostile input, with either parser


def exe() -> str:
    return str(Path(sys.executable).with_name("trackmd"))


def error_line(result: Result, code: int, needle: str) -> None:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("trackmd: ") and result.stderr.count("\n") == 1
    assert needle in result.stderr
    assert "Traceback" not in result.output


def test_directory_given_as_file(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "TODO.md"
    folder.mkdir()
    error_line(run("done", "x", "-f", str(folder)), 3, "no tracker found")
    error_line(run("fix-encoding", str(folder)), 3, "no tracker found")


def test_empty_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_bytes(b"")
    assert run("status", str(path)).exit_code == 0
    assert run("sync", str(path)).exit_code == 0
    assert run("check", str(path)).exit_code == 0
    error_line(run("done", "anything", "-f", str(path)), 3, "no item matches")
    assert path.read_bytes() == b""


def test_over_the_size_limit_is_refused_with_a_setting(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    with path.open("wb") as handle:
        handle.write(b"# Big\n")
        handle.truncate(50_000_000)
    error_line(run("status", str(path)), 3, "max_size_mb")
    (tmp_path / ".trackmd.toml").write_text("max_size_mb = 0.001\n", encoding="utf-8")
    small = tmp_path / "TASKS.md"
    small.write_text("# T\n" + "- [ ] item\n" * 200, encoding="utf-8")
    error_line(run("status", str(small)), 3, "0.001 MB limit")


def test_one_megabyte_line(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_text("# T\n**Progress**: 0/1\n- [x] " + "word " * 200_000 + "\n", encoding="utf-8")
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    assert "**Progress**: 1/1\n" in path.read_text(encoding="utf-8")


def test_nesting_200_deep(run: Run, tmp_path: Path) -> None:
    lines = "".join(f"{'  ' * i}- [x] level {i}\n" for i in range(200))
    path = tmp_path / "TODO.md"
    path.write_text("# Deep\n**Progress**: 0/1\n" + lines, encoding="utf-8")
    assert run("sync", str(path)).exit_code == 0
    assert "**Progress**: 1/1\n" in path.read_text(encoding="utf-8")
    assert run("check", str(path)).exit_code == 0


def test_hundred_thousand_items(run: Run, tmp_path: Path) -> None:
    body = "".join(f"- [{'x' if n % 4 == 0 else ' '}] task {n}\n" for n in range(100_000))
    path = tmp_path / "TODO.md"
    path.write_text("# Many\n**Progress**: 0/0 (0%)\n\n" + body, encoding="utf-8")
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    assert "**Progress**: 25000/100000 (25%)\n" in path.read_text(encoding="utf-8")


def test_symlinked_tracker_is_written_through(run: Run, tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("# T\n**Progress**: 0/1\n- [x] a\n", encoding="utf-8")
    link = tmp_path / "TODO.md"
    link.symlink_to(real)
    assert run("sync", str(link)).exit_code == 0
    assert link.is_symlink() and link.readlink() == real
    assert real.read_text(encoding="utf-8") == "# T\n**Progress**: 1/1\n- [x] a\n"


def test_malformed_front_matter_warns_and_still_tracks(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_text("---\ntitle: [oops\nowner: ana\n---\n# T\n- [x] a\n- [ ] b\n", encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 0
    assert "warning front-matter" in result.stdout and "TODO.md:" in result.stdout
    status = run("status", str(path))
    assert "1/2 done" in status.stdout


def test_mode_is_kept(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_text("# T\n**Progress**: 0/1\n- [x] a\n", encoding="utf-8")
    path.chmod(0o640)
    assert run("sync", str(path)).exit_code == 0
    assert path.stat().st_mode & 0o777 == 0o640


def test_ctrl_c_during_writes_leaves_old_or_new_never_a_mix(
    tmp_path: Path, interruptible: None
) -> None:
    body = "".join(f"- [{'x' if n % 2 else ' '}] task {n}\n" for n in range(30_000))
    old = "# Many\n**Progress**: 0/0 (0%)\n\n" + body
    new = old.replace("**Progress**: 0/0 (0%)", "**Progress**: 15000/30000 (50%)")
    path = tmp_path / "TODO.md"
    # no parse cache: a cached parse (from an earlier run) can finish before the first signal
    env = {**os.environ, "TRACKMD_TODAY": FIXED_DATE, "TRACKMD_NO_CACHE": "1"}
    outcomes = set()
    for delay in (0.3, 0.8, 1.3, 1.8, 2.5):
        path.write_text(old, encoding="utf-8")
        proc = subprocess.Popen([exe(), "sync", str(path)], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)  # fmt: skip
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        assert "Traceback" not in err
        assert proc.returncode in (0, 130), err
        content = path.read_text(encoding="utf-8")
        assert content in (old, new)
        outcomes.add((proc.returncode, content == new))
        assert not list(tmp_path.glob(".trackmd-*"))  # no temporary file left behind
    assert (130, False) in outcomes  # at least one run really was interrupted
