"""The write path under attack: races with editors, odd files, full disks, signals, owners."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import FIXED_DATE, git

Run = Callable[..., Result]
TEXT = "# T\n**Progress**: 0/2\n- [ ] a\n- [ ] b\n"


def exe() -> str:
    return str(Path(sys.executable).with_name("trackmd"))


def env() -> dict[str, str]:
    return {**os.environ, "TRACKMD_TODAY": FIXED_DATE, "NO_COLOR": "1"}


def one_line(stderr: str, needle: str) -> None:
    assert stderr.startswith("trackmd: ") and stderr.count("\n") == 1, stderr
    assert needle in stderr, stderr
    assert "Traceback" not in stderr


def no_temporaries(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".trackmd-")]


# -- 1. an editor's save landing while trackmd writes is never lost -----------------------


def test_editor_save_during_a_slow_fsync_is_never_lost(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "TODO.md"
    real_fsync = os.fsync
    for round_ in range(25):
        path.write_text(TEXT, encoding="utf-8")
        saved = f"# T\n- [ ] a\n- [ ] b\n- [ ] editor's line {round_}\n"
        calls: list[int] = []

        def slow_fsync(
            fd: int, saved: str = saved, calls: list[int] = calls, n: int = round_
        ) -> None:
            real_fsync(fd)
            if calls:
                return
            calls.append(fd)
            time.sleep(0.01)
            temp = tmp_path / f"TODO.md.swp{n}"  # as editors save: a new file, renamed
            temp.write_text(saved, encoding="utf-8")
            temp.replace(path)

        monkeypatch.setattr(os, "fsync", slow_fsync)
        result = run("done", "a", "-f", str(path))
        monkeypatch.setattr(os, "fsync", real_fsync)
        assert calls, "the write never reached fsync"
        assert path.read_text(encoding="utf-8") == saved, f"round {round_}: the save was lost"
        assert result.exit_code == 4, result.output
        one_line(result.stderr, "changed on disk")
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".trackmd-")]


def test_without_an_editor_the_write_lands(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_text(TEXT, encoding="utf-8")
    assert run("done", "a", "-f", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8") == "# T\n**Progress**: 1/2\n- [x] a\n- [ ] b\n"
    no_temporaries(tmp_path)


# -- 7. FIFOs and devices are refused, reads are capped by bytes read ---------------------


def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "TODO.md"
    os.mkfifo(fifo)
    for args in (["status", str(fifo)], ["done", "a", "-f", str(fifo)], ["sync", str(fifo)]):
        out = subprocess.run([exe(), *args], env=env(), capture_output=True, text=True,
                             timeout=30, check=False)  # fmt: skip
        assert out.returncode == 3, out.stderr
        one_line(out.stderr, "not a regular file (a FIFO)")


def test_fifo_in_a_folder_outside_git_does_not_hang_discovery(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "notes.md")  # opened to look for front matter
    (tmp_path / "TODO.md").write_text(TEXT, encoding="utf-8")
    out = subprocess.run([exe(), "status", str(tmp_path)], env=env(), capture_output=True,
                         text=True, timeout=30, check=False)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "0/2" in out.stdout


def test_character_device_named_explicitly_is_refused(run: Run) -> None:
    for args in (("status", "/dev/zero"), ("done", "a", "-f", "/dev/zero")):
        result = run(*args)
        assert result.exit_code == 3, result.output
        one_line(result.stderr, "not a regular file (a character device)")


# -- 5. full disks, file size limits and long names: one line, file intact --------------


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # then a write raises EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))


def test_file_size_limit_is_one_line_and_the_file_is_intact(tmp_path: Path) -> None:
    # RLIMIT_FSIZE (`ulimit -f`) fails the temporary file's write, the same path a full
    # disk (ENOSPC) takes; /dev/full cannot stand in for a file the write creates itself.
    body = "".join(f"- [ ] task {n}\n" for n in range(10_000))
    text = "# Big\n**Progress**: 0/10000\n" + body
    path = tmp_path / "TODO.md"
    path.write_text(text, encoding="utf-8")
    out = subprocess.run([exe(), "done", "task 7", "-f", str(path)], env=env(),
                         capture_output=True, text=True, preexec_fn=_limit_file_size,
                         timeout=60, check=False)  # fmt: skip
    assert out.returncode == 4, out.stderr
    one_line(out.stderr, "File too large")
    assert path.read_text(encoding="utf-8") == text
    no_temporaries(tmp_path)


def test_longest_legal_file_name_is_written(run: Run, tmp_path: Path) -> None:
    path = tmp_path / ("t" * 245 + ".md")
    assert len(path.name.encode()) == 248
    path.write_text(TEXT, encoding="utf-8")
    result = run("done", "a", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert "- [x] a\n" in path.read_text(encoding="utf-8")
    no_temporaries(tmp_path)


# -- 2. root writing another user's tracker keeps its owner, group and mode --------------


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_root_keeps_owner_group_and_mode(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_text(TEXT, encoding="utf-8")
    os.chown(path, 12345, 12345)
    path.chmod(0o664)
    assert run("done", "a", "-f", str(path)).exit_code == 0
    info = path.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (12345, 12345, 0o664)
    assert "- [x] a\n" in path.read_text(encoding="utf-8")


# -- 3. a committed symlink out of the repository is not written through ----------------


def test_symlink_out_of_the_repository_is_refused_unless_allowed(
    run: Run, repo: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "real.md"
    target.write_text(TEXT, encoding="utf-8")
    link = repo / "TODO.md"
    link.symlink_to("../outside/real.md")
    git(repo, "add", "TODO.md")
    git(repo, "commit", "-q", "-m", "link")
    for args in (("done", "a", "-f", str(link)), ("add", "c", "--to", "T", "-f", str(link))):
        result = run(*args)
        assert result.exit_code == 4, result.output
        one_line(result.stderr, "outside the repository")
        assert "TRACKMD_FOLLOW_SYMLINKS=1" in result.stderr
        assert target.read_text(encoding="utf-8") == TEXT
    allowed = run("done", "a", "-f", str(link), env={"TRACKMD_FOLLOW_SYMLINKS": "1"})
    assert allowed.exit_code == 0, allowed.output
    assert "- [x] a\n" in target.read_text(encoding="utf-8")
    assert link.is_symlink()


def test_symlink_inside_the_repository_is_written_through(run: Run, repo: Path) -> None:
    (repo / "docs").mkdir()
    target = repo / "docs" / "real.md"
    target.write_text(TEXT, encoding="utf-8")
    link = repo / "TODO.md"
    link.symlink_to("docs/real.md")
    assert run("done", "a", "-f", str(link)).exit_code == 0
    assert "- [x] a\n" in target.read_text(encoding="utf-8") and link.is_symlink()


# -- 8. SIGTERM cleans up; stale temporaries of dead processes go on the next write -------

SLOW_WRITE = """
import os, sys, time
from pathlib import Path
real_fsync = os.fsync
marker = Path(sys.argv[1])
def slow_fsync(fd):
    real_fsync(fd)
    marker.write_text("in fsync")
    time.sleep(60)
os.fsync = slow_fsync
from trackmd.cli import main
sys.argv = ["trackmd", *sys.argv[2:]]
main()
"""


def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "TODO.md"
    text = TEXT + "".join(f"- [ ] filler {n} {'x' * 200}\n" for n in range(20_000))
    path.write_text(text, encoding="utf-8")
    marker = tmp_path / "marker"
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, str(marker), "done", "a", "-f",
                             str(path)], env=env(), stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert marker.exists(), "the write never reached fsync"
    assert [p for p in folder.iterdir() if p.name.startswith(".trackmd-")]  # mid-write
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    one_line(err, "terminated")
    assert path.read_text(encoding="utf-8") == text
    no_temporaries(folder)


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_next_write_removes_stale_temporaries_of_dead_processes(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_text(TEXT, encoding="utf-8")
    stale = tmp_path / f".trackmd-{_dead_pid()}-0badf00d.tmp"
    stale.write_bytes(b"x" * 1000)
    alive = tmp_path / ".trackmd-1-feedf00d.tmp"  # pid 1 runs: maybe mid-write, kept
    alive.write_bytes(b"y")
    assert run("done", "a", "-f", str(path)).exit_code == 0
    assert not stale.exists() and alive.exists()


# -- 9. permissions: the file and its folder ---------------------------------------------
# Root passes every permission check; run as root (as CI does), the command runs without
# the two capabilities that let it, so the permission bits apply as they do for a user.


def _without_dac_override() -> None:
    if os.geteuid() != 0:
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def as_user(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run([exe(), *args], env=env(), capture_output=True, text=True,
                              check=False, preexec_fn=_without_dac_override)  # fmt: skip
    except subprocess.SubprocessError as error:  # no CAP_SETPCAP to drop capabilities with
        pytest.skip(f"running as root and cannot drop CAP_DAC_OVERRIDE here: {error}")


@pytest.fixture
def guarded_folder(tmp_path: Path) -> Iterator[Callable[[int, int], Path]]:
    """A tracker in a folder, both with the modes asked for; modes restored afterwards."""
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "TODO.md"
    path.write_text(TEXT, encoding="utf-8")

    def make(folder_mode: int, file_mode: int) -> Path:
        path.chmod(file_mode)
        folder.chmod(folder_mode)
        return path

    yield make
    folder.chmod(0o755)
    path.chmod(0o644)


@pytest.mark.parametrize("command", ["status", "check", "sync", "list", "done"])
def test_an_unreadable_file_exits_3(
    guarded_folder: Callable[[int, int], Path], command: str
) -> None:
    # issue 12: exit 2 (Typer's own readability check), SPEC says 3
    path = guarded_folder(0o755, 0o000)
    args = ("done", "a", "-f", str(path)) if command == "done" else (command, str(path))
    result = as_user(*args)
    assert result.returncode == 3, result.stderr
    one_line(result.stderr, "cannot read (Permission denied); check its permissions")


def test_a_folder_not_writable_is_named_as_the_folder(
    guarded_folder: Callable[[int, int], Path],
) -> None:
    # issue 12: "file is read-only" when it is the folder that is not writable
    path = guarded_folder(0o555, 0o666)
    result = as_user("done", "a", "-f", str(path))
    assert result.returncode == 4, result.stderr
    one_line(result.stderr, f"its folder {path.parent} is not writable")
    assert "read-only" not in result.stderr
    assert path.read_text(encoding="utf-8") == TEXT


def test_a_folder_writable_but_not_listable(guarded_folder: Callable[[int, int], Path]) -> None:
    # issue 12: a traceback from the folder lock
    path = guarded_folder(0o333, 0o666)
    result = as_user("done", "a", "-f", str(path))
    assert result.returncode == 4, result.stderr
    one_line(result.stderr, "cannot open the folder to lock it")
    path.parent.chmod(0o755)
    assert path.read_text(encoding="utf-8") == TEXT


def test_a_hard_linked_tracker_is_written_with_a_warning(run: Run, tmp_path: Path) -> None:
    # issue 12: the atomic replace splits a hard link; say so
    path = tmp_path / "TODO.md"
    path.write_text(TEXT, encoding="utf-8")
    other = tmp_path / "copy.md"
    os.link(path, other)
    result = run("done", "a", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert "has 2 hard links" in result.stderr and result.stderr.count("\n") == 1
    assert "- [x] a" in path.read_text(encoding="utf-8")
    assert other.read_text(encoding="utf-8") == TEXT  # as the warning says


def test_a_half_written_editor_save_is_a_refusal_not_an_unknown_ref(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 12: "no item matches REF" (exit 3) for a file an editor was still writing
    from trackmd.io import files

    path = tmp_path / "TODO.md"
    full = TEXT + "- [ ] ship the release\n"
    path.write_text(full[: len(TEXT) + 9], encoding="utf-8")  # the editor is mid-save
    decode = files.decode

    def editor_finishes(data: bytes, name: str) -> str:  # the save completes meanwhile
        path.write_text(full, encoding="utf-8")
        return decode(data, name)

    monkeypatch.setattr(files, "decode", editor_finishes)
    result = run("done", "ship the release", "-f", str(path))
    assert result.exit_code == 4, result.output
    assert "changed while trackmd read it" in result.stderr
    assert path.read_text(encoding="utf-8") == full
    monkeypatch.setattr(files, "decode", decode)
    assert run("done", "ship the release", "-f", str(path)).exit_code == 0  # as it says


def test_an_unknown_ref_in_an_unchanged_file_stays_exit_3(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_text(TEXT, encoding="utf-8")
    result = run("done", "nothing like it", "-f", str(path))
    assert result.exit_code == 3 and "no item matches" in result.stderr
