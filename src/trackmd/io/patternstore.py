"""Where compiled regular expressions are kept between runs (`trackmd.core.patterns`): one
file in the user cache folder, beside the parse cache's home outside a repository. Deleting
it costs one slower run; `TRACKMD_NO_PATTERN_CACHE=1` leaves it unread and unwritten."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path


def where() -> Path | None:
    if os.environ.get("TRACKMD_NO_PATTERN_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or Path("~/.cache").expanduser()
    return Path(base, "trackmd", f"patterns-{sys.implementation.cache_tag}.bin")


def read() -> bytes | None:
    """The stored bytes, or None: no store, or none readable."""
    path = where()
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def write(data: bytes) -> None:
    """Replace the store with `data`, whole or not at all; a folder that cannot be written
    leaves things as they were (the store only saves time)."""
    path = where()
    if path is None:
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            temporary.write_bytes(data)
            temporary.replace(path)
        finally:
            temporary.unlink(missing_ok=True)
