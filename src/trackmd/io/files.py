"""The outside world: find trackers, read bytes, lock, write atomically."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from trackmd.core import patterns
from trackmd.core.errors import BadInput, Refused
from trackmd.core.record import NamedTuple


def tracker_words() -> tuple[str, ...]:
    """The lexicon's words of tracker file names (`*`: any word characters may follow); the
    merge driver's .gitattributes patterns are made from the same list. Read when first
    needed: commands naming their files never load the lexicon for it."""
    from trackmd.core import lexicon

    return lexicon.TRACKER_WORDS


@lru_cache(maxsize=1)
def _name_words() -> re.Pattern[str]:
    # a tracker word between `-`, `_`, `.`, space or the ends of the stem
    words = "|".join(w.replace("*", r"\w*") for w in tracker_words())
    return patterns.compile(rf"(?i)(?:^|[-_. ])({words})(?=$|[-_. ])")


_SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", "dist"})
MARKDOWN_SUFFIXES = (".md", ".markdown")


class Loaded(NamedTuple):
    path: Path
    data: bytes
    text: str


def is_tracker_name(name: str) -> bool:
    stem, dot, suffix = name.rpartition(".")
    if not dot or f".{suffix.lower()}" not in MARKDOWN_SUFFIXES:
        return False
    return bool(_name_words().search(stem))


def _has_trackmd_front_matter(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block discovery
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False
            head = os.read(fd, 4096)
        finally:
            os.close(fd)
    except OSError:
        return False
    return has_trackmd_front_matter(head)


def has_trackmd_front_matter(data: bytes) -> bool:
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    return head.startswith(b"---") and re.search(rb"(?m)^trackmd\s*:", head) is not None


def is_tracker(rel: str, data: bytes, globs: tuple[str, ...] = ()) -> bool:
    """Whether discovery takes the file at `rel` (a path in the repository) holding `data`:
    by the `files` globs when there are any, else by its name or `trackmd:` front matter."""
    import fnmatch

    name = rel.rsplit("/", 1)[-1]
    if not name.lower().endswith(MARKDOWN_SUFFIXES):
        return False
    if globs:
        return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in globs)
    return is_tracker_name(name) or has_trackmd_front_matter(data)


def repo_root(start: Path) -> Path | None:
    """The work tree holding `start`: the nearest folder with a `.git` (no git process)."""
    ceiling = {Path(p) for p in os.environ.get("GIT_CEILING_DIRECTORIES", "").split(":") if p}
    current = start.resolve()
    for candidate in (current, *current.parents):
        if (candidate / ".git").exists():
            return candidate
        if candidate.parent in ceiling:
            return None
    return None


# Lists the Markdown files git knows under a folder (tracked, or untracked and not
# ignored), or None outside a repository: git.repository.listed_markdown, given by the caller
# (io runs no git process).
Lister = Callable[[Path], list[str] | None]


def _candidates(directory: Path, listing: Lister | None) -> list[Path]:
    names = listing(directory) if listing is not None and repo_root(directory) else None
    if names is not None:
        return sorted({directory / n for n in names if (directory / n).is_file()})
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        found.extend(
            Path(dirpath) / f
            for f in sorted(filenames)
            if f.lower().endswith(MARKDOWN_SUFFIXES) and (Path(dirpath) / f).is_file()
        )
    return found


def discover(
    directory: Path, globs: tuple[str, ...] = (), listing: Lister | None = None
) -> list[Path]:
    """Tracker files under a directory: configured globs, else by name or front matter.
    With `listing`, the files git lists there (ignored files are not trackers); else every
    Markdown file below it."""
    import fnmatch

    candidates = _candidates(directory, listing)
    if globs:
        chosen = []
        for path in candidates:
            rel = path.relative_to(directory).as_posix()
            if any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(path.name, g) for g in globs):
                chosen.append(path)
        return chosen
    return [p for p in candidates if is_tracker_name(p.name) or _has_trackmd_front_matter(p)]


def resolve_paths(
    paths: list[Path], globs: tuple[str, ...] = (), listing: Lister | None = None
) -> list[Path]:
    """Files named, directories searched; no paths: the current repository or directory."""
    if not paths:
        cwd = Path.cwd()
        root = repo_root(cwd) or cwd
        found = discover(root, globs, listing)
        if not found:
            raise BadInput(
                f"no tracker found in {root}: name one (trackmd status FILE) or list them "
                "under [tool.trackmd] files"
            )
        return found
    result: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = discover(path, globs, listing)
            if not found:
                raise BadInput(
                    f"{path}: no tracker found in this directory (looked for names like "
                    "TRACKER.md, ROADMAP.md, TODO.md, or a `trackmd:` front-matter key)"
                )
            result.extend(found)
        elif path.exists():
            result.append(path)
        else:
            raise BadInput(f"{path}: no such file")
    seen: set[Path] = set()
    unique = []
    for p in result:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def decode(data: bytes, name: str) -> str:
    """UTF-8 (BOM kept as U+FEFF); anything else is bad input with a clear reason."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInput(
            f"{name}: file is UTF-16; convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)"
        )
    if b"\0" in data[:8192]:
        raise BadInput(f"{name}: binary file (contains NUL bytes), not a Markdown tracker")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise BadInput(
            f"{name}: not valid UTF-8 (byte 0x{data[error.start]:02x} on line {line}); "
            "re-save the file as UTF-8"
        ) from None


def read(path: Path, max_size_mb: float = 20.0) -> Loaded:
    """The file's bytes: a regular file only, and never more than the size limit."""
    if path.is_dir():
        raise BadInput(f"{path}: is a directory, not a tracker file")
    limit = int(max_size_mb * 1_000_000)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except PermissionError as error:
        raise BadInput(
            f"{path}: cannot read ({error.strerror}); check its permissions (chmod u+r)"
        ) from None
    except OSError as error:
        raise BadInput(f"{path}: cannot read ({error.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BadInput(f"{path}: not a regular file ({kind_of(info.st_mode)}); nothing read")
        chunks: list[bytes] = []
        got = 0
        while got <= limit:  # capped by the bytes actually read, not by st_size
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as error:
        raise BadInput(f"{path}: cannot read ({error.strerror})") from None
    finally:
        os.close(fd)
    if got > limit:
        raise BadInput(
            f"{path}: {max(info.st_size, got) / 1_000_000:.1f} MB is over the {max_size_mb:g} MB "
            "limit for trackers; raise it with max_size_mb in [tool.trackmd] if you mean it"
        )
    data = b"".join(chunks)
    return Loaded(path, data, decode(data, str(path)))


def kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file's directory while reading, changing and writing.

    The directory is locked, not the file, because the write swaps the file's inode.
    """
    import fcntl

    target = path.resolve().parent
    try:
        fd = os.open(target, os.O_RDONLY)
    except OSError as error:
        raise Refused(
            f"{target}: cannot open the folder to lock it ({error.strerror}); nothing written "
            "(trackmd needs read permission on the tracker's folder: chmod u+r)"
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
