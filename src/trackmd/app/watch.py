"""`trackmd sync --watch`: re-sync trackers when they change on disk, one line per change.

Polls each tracker's (mtime, size, inode) with the stdlib (README "sync --watch" says why):
a change is synced once the file has held still for `SETTLE` seconds, so a file being
written (in parts, or by an editor's write-to-temporary-then-rename save) is never rewritten
half-way; a file gone for a moment is waited for, not dropped.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from trackmd.app import api
from trackmd.app.sync import sync_one
from trackmd.core.errors import TrackmdError
from trackmd.core.record import NamedTuple
from trackmd.io.project import forget_settings, project_settings
from trackmd.ui import output, render

POLL = 0.1  # seconds between looks; a stat per tracker, microseconds each
SETTLE = 0.5  # seconds a changed file must hold still before it is synced
RESCAN = 2.0  # seconds between looks for trackers made since the watch began


class Seen(NamedTuple):
    mtime_ns: int
    size: int
    inode: int


def look(path: Path) -> Seen | None:
    try:
        info = path.stat()
    except OSError:  # between an editor's unlink and rename, or deleted
        return None
    return Seen(info.st_mtime_ns, info.st_size, info.st_ino)


def seconds(name: str, default: float) -> float:
    """`TRACKMD_WATCH_SETTLE` / `TRACKMD_WATCH_POLL`, else the default; a bad value is the
    default too (a watch is not the place to fail over it)."""
    raw = os.environ.get(name, "")
    try:
        return max(float(raw), 0.0) if raw else default
    except ValueError:
        return default


def watch(paths: list[Path], *, date: str | None, polls: int | None = None) -> int:
    """Sync every tracker once, then each again when it changes, until Ctrl-C (exit 130,
    raised to the CLI's handler). `polls` bounds the loop (tests)."""
    from trackmd.io.clock import today_from

    globs = project_settings(Path.cwd()).files if not paths else ()
    targets = api.find(paths, globs)
    settle = seconds("TRACKMD_WATCH_SETTLE", SETTLE)
    poll = seconds("TRACKMD_WATCH_POLL", POLL)
    rescan = seconds("TRACKMD_WATCH_RESCAN", RESCAN)
    seen: dict[Path, Seen | None] = {}
    changed_at: dict[Path, float] = {}  # files changed and not yet synced
    for path in targets:
        _sync(path, today_from(date))
        seen[path] = look(path)
    names = ", ".join(api.display_path(p) for p in targets[:3])
    more = f" and {len(targets) - 3} more" if len(targets) > 3 else ""
    render.emit([(f"watching {names}{more}; Ctrl-C to stop\n", "dim")])
    _flush()
    count = 0
    scanned = time.monotonic()
    while polls is None or count < polls:
        count += 1
        time.sleep(poll)
        now = time.monotonic()
        if now - scanned >= rescan:  # a tracker made meanwhile (a new file, a checkout)
            scanned = now
            for path in _new_trackers(paths, globs, seen):
                targets.append(path)
                seen[path] = look(path)
                changed_at[path] = now  # synced once it holds still, as an edit is
                render.emit([(f"watching {api.display_path(path)} too\n", "dim")])
        for path in targets:
            current = look(path)
            if current != seen[path]:
                seen[path] = current
                changed_at[path] = now  # still moving: wait for it to settle
            elif path in changed_at and current is not None and now - changed_at[path] >= settle:
                del changed_at[path]
                forget_settings()  # the configuration may have changed too
                if _sync(path, today_from(date)):
                    seen[path] = look(path)  # our own write is not a change to sync
        _flush()
    return 0


def _new_trackers(
    paths: list[Path], globs: tuple[str, ...], seen: dict[Path, Seen | None]
) -> list[Path]:
    """Trackers discovery finds now that the watch does not follow yet."""
    try:
        return [path for path in api.find(paths, globs) if path not in seen]
    except TrackmdError:  # a folder named went away: keep watching what there is
        return []


def _sync(path: Path, today: dt.date) -> bool:
    """One file's sync, or its error in one line: a watch goes on past a bad save. Whether
    it wrote (else a change made meanwhile is still seen as one)."""
    try:
        return sync_one(path, today)
    except TrackmdError as error:
        output.error(error.message)
        return False


def _flush() -> None:
    import contextlib
    import sys

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
