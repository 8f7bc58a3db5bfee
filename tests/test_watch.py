"""`trackmd sync --watch` on real files: an edit is re-synced on disk within a second, a file
written in two parts is synced once (after the second), an editor's rename-and-replace save
is followed, Ctrl-C leaves with 130. The files are polled with a deadline (a loaded 2-core
machine); the one timing asserted is the watcher's latency, with its intervals made small."""

from __future__ import annotations

import queue
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.lsp_client import ENV, STALE, TRACKMD, cli_result

WAIT = 30.0  # a deadline, not a timing: what is asserted is exact
UPDATED = "TODO.md: updated 1 derived value"  # the document Progress, ticked or unticked
FAST = 0.1, 0.02  # settle and poll seconds: the watcher's own latency, well under a second
SLOW = 2.0, 0.02  # a settle far longer than the pause inside a two-part write


class Watcher:
    """A running `trackmd sync --watch`, its output lines read as they come."""

    def __init__(self, folder: Path, name: str, settle: float, poll: float) -> None:
        env = {**ENV, "TRACKMD_WATCH_SETTLE": str(settle), "TRACKMD_WATCH_POLL": str(poll)}
        self.proc = subprocess.Popen(
            [str(TRACKMD), "sync", "--watch", name], cwd=folder, env=env, text=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def next_line(self) -> str:
        return self.lines.get(timeout=WAIT)

    def quiet_for(self, seconds: float) -> list[str]:
        """Lines printed within `seconds` (none expected)."""
        time.sleep(seconds)
        out = []
        while not self.lines.empty():
            out.append(self.lines.get())
        return out

    def stop(self) -> tuple[int, str]:
        self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=WAIT)
        assert self.proc.stderr is not None
        return code, self.proc.stderr.read()


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    path = tmp_path / "TODO.md"
    path.write_text(cli_result(tmp_path, STALE, ["sync", "{file}"]), encoding="utf-8")
    return path


@pytest.fixture
def watching(
    tracker: Path, interruptible: None
) -> Iterator[Callable[[tuple[float, float]], Watcher]]:
    """Start a watcher of `tracker` with (settle, poll) seconds, once it has said hello."""
    started: list[Watcher] = []

    def start(intervals: tuple[float, float]) -> Watcher:
        running = Watcher(tracker.parent, tracker.name, *intervals)
        started.append(running)
        assert running.next_line() == "TODO.md: up to date"
        assert running.next_line().startswith("watching TODO.md")
        return running

    try:
        yield start
    finally:
        for running in started:
            if running.proc.poll() is None:
                running.proc.kill()
                running.proc.wait()


def ticked(text: str) -> str:
    return text.replace("- [ ] REL-2 Write the parser", "- [x] REL-2 Write the parser")


def synced(path: Path, expected: str, since: float) -> float:
    """Seconds from `since` until the file on disk reads `expected` (polled)."""
    deadline = time.monotonic() + WAIT
    while path.read_text(encoding="utf-8") != expected:
        assert time.monotonic() < deadline, f"{path.name} was not re-synced"
        time.sleep(0.005)
    return time.monotonic() - since


def test_an_edit_is_re_synced_within_a_second(
    watching: Callable[[tuple[float, float]], Watcher], tracker: Path, tmp_path: Path
) -> None:
    watcher = watching(FAST)
    edited = ticked(tracker.read_text(encoding="utf-8"))
    expected = cli_result(tmp_path, edited, ["sync", "{file}"])
    assert expected != edited  # the edit leaves a derived value to update
    start = time.monotonic()
    tracker.write_text(edited, encoding="utf-8")
    assert synced(tracker, expected, start) < 1.0  # 0.14 s on an idle machine
    assert watcher.next_line() == UPDATED
    assert watcher.quiet_for(0.5) == []  # its own write is not a change
    code, err = watcher.stop()
    assert code == 130 and "interrupted" in err and "Traceback" not in err


def test_a_file_written_in_two_parts_is_synced_once_after_the_second(
    watching: Callable[[tuple[float, float]], Watcher], tracker: Path, tmp_path: Path
) -> None:
    settle, _ = SLOW
    watcher = watching(SLOW)
    edited = ticked(tracker.read_text(encoding="utf-8"))
    expected = cli_result(tmp_path, edited, ["sync", "{file}"])
    half = len(edited) // 2
    with tracker.open("w", encoding="utf-8") as handle:
        handle.write(edited[:half])
        handle.flush()
        time.sleep(0.3)  # a slow writer: the watcher sees the half file, and waits
        assert tracker.read_text(encoding="utf-8") == edited[:half]  # not touched half-way
        assert watcher.lines.empty()
        second = time.monotonic()
        handle.write(edited[half:])
    assert synced(tracker, expected, second) >= settle  # held still after the second part
    assert watcher.next_line() == UPDATED
    assert watcher.quiet_for(settle + 0.5) == []  # once


def test_a_rename_and_replace_save_is_followed(
    watching: Callable[[tuple[float, float]], Watcher], tracker: Path, tmp_path: Path
) -> None:
    watcher = watching(FAST)
    edited = ticked(tracker.read_text(encoding="utf-8"))
    expected = cli_result(tmp_path, edited, ["sync", "{file}"])
    inode = tracker.stat().st_ino
    temporary = tracker.with_name(".TODO.md.swp")  # VS Code, Helix: write aside, rename over
    temporary.write_text(edited, encoding="utf-8")
    temporary.replace(tracker)
    assert tracker.stat().st_ino != inode  # another file at the path now
    synced(tracker, expected, time.monotonic())
    assert watcher.next_line() == UPDATED
    again = expected.replace("- [x] REL-2", "- [ ] REL-2")
    expected = cli_result(tmp_path, again, ["sync", "{file}"])
    tracker.rename(tracker.with_name("TODO.md~"))  # Vim's backup: the file is gone a while,
    time.sleep(0.3)  # longer than the settle: waited for, not dropped
    tracker.write_text(again, encoding="utf-8")
    synced(tracker, expected, time.monotonic())
    assert watcher.next_line() == UPDATED
    assert watcher.quiet_for(0.5) == []
    assert not temporary.exists() and tracker.with_name("TODO.md~").read_text("utf-8") != again


def test_a_tracker_made_during_the_watch_is_watched_too(
    tracker: Path, tmp_path: Path, interruptible: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder is watched as it is now, not as it was at the start: a tracker written
    meanwhile (a new file, a branch checked out) is found, synced once it holds still, and
    followed from then on."""
    monkeypatch.setitem(ENV, "TRACKMD_WATCH_RESCAN", "0.2")
    folder = tmp_path / "watched"  # apart from the folders `cli_result` makes
    folder.mkdir()
    (folder / "TODO.md").write_bytes(tracker.read_bytes())
    watcher = Watcher(folder, ".", *FAST)
    try:
        assert watcher.next_line() == "TODO.md: up to date"
        assert watcher.next_line().startswith("watching TODO.md;")
        late = folder / "ROADMAP.md"
        start = time.monotonic()
        late.write_text(STALE, encoding="utf-8")
        expected = cli_result(tmp_path, STALE, ["sync", "{file}"])
        synced(late, expected, start)
        assert watcher.next_line() == "watching ROADMAP.md too"
        assert watcher.next_line().startswith("ROADMAP.md: updated")
        edited = ticked(expected)
        late.write_text(edited, encoding="utf-8")
        synced(late, cli_result(tmp_path, edited, ["sync", "{file}"]), time.monotonic())
        assert watcher.next_line().startswith("ROADMAP.md: updated")
        code, err = watcher.stop()
        assert code == 130 and "Traceback" not in err
    finally:
        if watcher.proc.poll() is None:
            watcher.proc.kill()
            watcher.proc.wait()
