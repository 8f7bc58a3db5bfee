"""Package data files read once per change, as patterns are compiled once (`patterns`).

The lexicon's language files are JSON: decoding all of them (and importing `json`) is a
fiftieth of a cold run. `read` gives a data file's parsed content from the store that
`trackmd.app.startup` loads, when the store holds the same file (path, size and
modification time); otherwise it parses the file and learns the result, which
`trackmd.app.startup` writes back. Without a store in use it simply parses the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
Entry = tuple[int, int, Any]  # size, modification time (ns), parsed content

_in_use: list[dict[str, Entry]] = []  # the store, when one is in use
_learned: dict[str, Entry] = {}


def use(store: dict[str, Entry]) -> None:
    _in_use[:] = [store]
    _learned.clear()


def stop() -> None:
    _in_use.clear()
    _learned.clear()


def stored() -> dict[str, Entry]:
    return _in_use[0] if _in_use else {}


def learned() -> dict[str, Entry]:
    return _learned


def get(path: Path) -> Any:
    """What the store holds for the file at `path` as it is now (size, modification
    time), or None."""
    if not _in_use:
        return None
    entry = _in_use[0].get(str(path))
    if entry is None:
        return None
    status = path.stat()
    return entry[2] if entry[:2] == (status.st_size, status.st_mtime_ns) else None


def put(path: Path, content: Any) -> None:
    """Keep `content` for the file at `path` as it is now (written back at the run's end)."""
    if _in_use:
        status = path.stat()
        _learned[str(path)] = (status.st_size, status.st_mtime_ns, content)


def read(path: Path, parse: Callable[[bytes], T]) -> T:
    """`parse` of the bytes of the file at `path`, from the store where it holds them."""
    content: T | None = get(path)
    if content is None:
        content = parse(path.read_bytes())
        put(path, content)
    return content
