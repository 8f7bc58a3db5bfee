"""`trackmd sync --watch` on real files: an edit is synced, a file written in two parts is
synced once (after the second), an editor's rename-and-replace save is followed, Ctrl-C
leaves with 130. Waits are generous (a loaded 2-core machine); what is asserted is exact."""

from __future__ import annotations

import queue
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.lsp_client import ENV, STALE, TRACKMD, cli_result

WAIT = 30.0
UPDATED = "TODO.md: updated 1 derived value"  # the document Progress, ticked or unticked
SETTLE = "1.0"  # the watcher's quiet time, longer than the pause inside a two-part write


class Watcher:
    """A running `trackmd sync --watch`, its output lines read as they come."""

    def __init__(self, folder: Path, *names: str) -> None:
        env = {**ENV, "TRACKMD_WATCH_SETTLE": SETTLE}
        self.proc = subprocess.Popen(
            [str(TRACKMD), "sync", "--watch", *names], cwd=folder, env=env, text=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def next_line(self, timeout: float = WAIT) -> str:
        return self.lines.get(timeout=timeout)

    def quiet_for(self, seconds: float) -> list[str]:
        """Lines printed within `seconds` (none expected)."""
        time.sleep(seconds)
        out = []
        while not self.lines.empty():
            out.append(self.lines.get())
        return out

    def stop(self) -> tuple[int, str]:
        self.proc.send_signal(signal.SIGINT)
        _, err = self.proc.communicate(timeout=WAIT)
        return self.proc.returncode, err


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    path = tmp_path / "TODO.md"
    path.write_text(cli_result(tmp_path, STALE, ["sync", "{file}"]), encoding="utf-8")
    return path


@pytest.fixture
def watcher(tracker: Path) -> Iterator[Watcher]:
    running = Watcher(tracker.parent, tracker.name)
    assert running.next_line() == "TODO.md: up to date"
    assert running.next_line().startswith("watching TODO.md")
    yield running
    if running.proc.poll() is None:
        running.proc.kill()
        running.proc.wait()


def ticked(text: str) -> str:
    return text.replace("- [ ] REL-2 Write the parser", "- [x] REL-2 Write the parser")


def test_an_edit_is_synced(watcher: Watcher, tracker: Path, tmp_path: Path) -> None:
    edited = ticked(tracker.read_text(encoding="utf-8"))
    start = time.monotonic()
    tracker.write_text(edited, encoding="utf-8")
    assert watcher.next_line() == UPDATED
    elapsed = time.monotonic() - start
    assert tracker.read_text(encoding="utf-8") == cli_result(tmp_path, edited, ["sync", "{file}"])
    assert elapsed >= float(SETTLE)  # it waited for the file to hold still
    assert watcher.quiet_for(float(SETTLE) + 0.5) == []  # its own write is not a change
    code, err = watcher.stop()
    assert code == 130 and "interrupted" in err and "Traceback" not in err


def test_a_file_written_in_two_parts_is_synced_once_after_the_second(
    watcher: Watcher, tracker: Path, tmp_path: Path
) -> None:
    edited = ticked(tracker.read_text(encoding="utf-8"))
    half = len(edited) // 2
    with tracker.open("w", encoding="utf-8") as handle:
        handle.write(edited[:half])
        handle.flush()
        time.sleep(0.2)  # a slow writer: the watcher sees the half file, and waits
        handle.write(edited[half:])
    assert watcher.next_line() == UPDATED
    assert tracker.read_text(encoding="utf-8") == cli_result(tmp_path, edited, ["sync", "{file}"])
    assert watcher.quiet_for(float(SETTLE) + 0.5) == []


def test_a_rename_and_replace_save_is_followed(
    watcher: Watcher, tracker: Path, tmp_path: Path
) -> None:
    edited = ticked(tracker.read_text(encoding="utf-8"))
    temporary = tracker.with_name(".TODO.md.swp")  # VS Code, Helix: write aside, rename over
    temporary.write_text(edited, encoding="utf-8")
    temporary.replace(tracker)
    assert watcher.next_line() == UPDATED
    expected = cli_result(tmp_path, edited, ["sync", "{file}"])
    assert tracker.read_text(encoding="utf-8") == expected
    again = expected.replace("- [x] REL-2", "- [ ] REL-2")
    tracker.rename(tracker.with_name("TODO.md~"))  # Vim's backup: the file is gone a moment
    time.sleep(0.3)
    tracker.write_text(again, encoding="utf-8")
    assert watcher.next_line() == UPDATED
    assert tracker.read_text(encoding="utf-8") == cli_result(tmp_path, again, ["sync", "{file}"])
