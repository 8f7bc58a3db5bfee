"""A disk cache of parsed documents: one entry per tracker, checked against its content,
settings and trackmd's own code.

It lives under `.git/trackmd/docs/` inside a repository (outside one: the user cache
folder). Deleting it only costs time. `TRACKMD_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_PACKAGE = Path(__file__).resolve().parent.parent  # the trackmd package


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes whenever trackmd's code or lexicon changes (a version bump is not enough in
    development; a language file dropped in changes what a file means)."""
    import zlib

    parts = []
    for module in sorted([*_PACKAGE.rglob("*.py"), *_PACKAGE.rglob("*.json")]):
        stat = module.stat()
        parts.append(f"{module.relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}")
    return f"{zlib.crc32(';'.join(parts).encode()):08x}"


@lru_cache(maxsize=4096)  # one per folder holding trackers
def _folder_for(directory: Path) -> Path | None:
    current = directory
    for candidate in (current, *current.parents):
        git = candidate / ".git"
        if git.is_dir():
            return git / "trackmd" / "docs"
        if git.is_file():  # a worktree or submodule: `gitdir: …`
            text = git.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                target = Path(text[7:].strip())
                return (target if target.is_absolute() else candidate / target) / "trackmd" / "docs"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "trackmd" / "docs"


def folder(path: Path) -> Path | None:
    if os.environ.get("TRACKMD_NO_CACHE"):
        return None
    return _folder_for(path.resolve().parent)


def slot(path: Path, view: str = "") -> str:
    """The one entry of the tracker at `path`: each tracker has one current entry, which a
    new version of it replaces, so a repository of any number of trackers re-runs warm.
    Entries store their full key material (`Analysis.material`) and are checked against it,
    so a changed file, setting or trackmd never reads a stale entry. `view`: another entry
    of the same tracker kept beside it (`staged`: what the index holds)."""
    import hashlib

    where = os.fsencode(path.resolve()) + b"\0" + view.encode()
    return hashlib.blake2b(where, digest_size=12).hexdigest()


def _unreadable() -> tuple[type[Exception], ...]:
    """What reading an entry that is not one of ours (or half of one) raises. pickle is
    imported only when the cache is on: a cold run with it off never pays for it."""
    import pickle

    return (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError)


def header(*parts: bytes | str) -> bytes:
    """A digest of what an entry is made from (file bytes, name, settings, trackmd's code),
    written ahead of the entry so a look (`peek`) reads a few bytes, not the model."""
    import hashlib

    digest = hashlib.blake2b(code_fingerprint().encode(), digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.digest()


def peek(path: Path, name: str) -> bytes | None:
    """The header of the entry `name`, without reading its model."""
    where = folder(path)
    if where is None:
        return None
    import pickle

    try:
        with (where / name).open("rb") as handle:
            found = pickle.load(handle)
    except _unreadable():
        return None
    return found if isinstance(found, bytes) else None


def get(path: Path, name: str, kind: type[T], expected: bytes) -> T | None:
    """The entry `name` when its header is `expected`."""
    where = folder(path)
    if where is None:
        return None
    import pickle

    try:
        with (where / name).open("rb") as handle:
            if pickle.load(handle) != expected:
                return None
            value = pickle.load(handle)
    except _unreadable():
        return None
    return value if isinstance(value, kind) else None


def put(path: Path, name: str, head: bytes, value: object) -> None:
    """Best effort: a cache that cannot be written is simply not used."""
    where = folder(path)
    if where is None:
        return
    import pickle

    with contextlib.suppress(OSError, pickle.PicklingError, RecursionError):
        where.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(head, handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp).replace(where / name)
        _prune(where)


BYTES = 256 * 1024 * 1024  # the cache's bound on disk; one entry per tracker below it
_pruned: set[Path] = set()  # folders checked by this process (one scan per run, not per file)


def _prune(where: Path) -> None:
    """Keep the cache bounded in bytes: past the bound, drop the entries used least lately
    (trackers deleted or renamed) down to three quarters of it."""
    if where in _pruned:
        return
    _pruned.add(where)
    entries = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(where):
            with contextlib.suppress(OSError):
                stat = entry.stat()
                entries.append((stat.st_mtime_ns, stat.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    if total <= BYTES:
        return
    entries.sort()
    for _, size, stale in entries:
        if total <= BYTES * 3 // 4:
            break
        with contextlib.suppress(OSError):
            Path(stale).unlink()
            total -= size
