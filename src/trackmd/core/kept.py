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
from typing import Any, Generic, TypeVar

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")
Entry = tuple[int, int, Any]  # size, modification time (ns), parsed content


class Held(Generic[K, V]):
    """Entries kept between runs: the store in use (none: nothing is learned) and what
    this run learned that it lacked, to be written back. One for compiled patterns, one
    for data files."""

    __slots__ = ("_in_use", "_learned")

    def __init__(self) -> None:
        self._in_use: list[dict[K, V]] = []
        self._learned: dict[K, V] = {}

    def use(self, store: dict[K, V]) -> None:
        self._in_use[:] = [store]
        self._learned.clear()

    def stop(self) -> None:
        self._in_use.clear()
        self._learned.clear()

    def in_use(self) -> dict[K, V] | None:
        return self._in_use[0] if self._in_use else None

    def stored(self) -> dict[K, V]:
        return self._in_use[0] if self._in_use else {}

    def learned(self) -> dict[K, V]:
        return self._learned


FILES: Held[str, Entry] = Held()
use, stop, stored, learned = FILES.use, FILES.stop, FILES.stored, FILES.learned


def get(path: Path) -> Any:
    """What the store holds for the file at `path` as it is now (size, modification
    time), or None."""
    store = FILES.in_use()
    if store is None:
        return None
    entry = store.get(str(path))
    if entry is None:
        return None
    status = path.stat()
    return entry[2] if entry[:2] == (status.st_size, status.st_mtime_ns) else None


def put(path: Path, content: Any) -> None:
    """Keep `content` for the file at `path` as it is now (written back at the run's end)."""
    if FILES.in_use() is not None:
        status = path.stat()
        FILES.learned()[str(path)] = (status.st_size, status.st_mtime_ns, content)


def read(path: Path, parse: Callable[[bytes], T]) -> T:
    """`parse` of the bytes of the file at `path`, from the store where it holds them."""
    content: T | None = get(path)
    if content is None:
        content = parse(path.read_bytes())
        put(path, content)
    return content
