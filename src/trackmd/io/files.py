"""The outside world: find trackers, read bytes, lock, write atomically."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from trackmd.core import lexicon
from trackmd.core.errors import BadInput, Refused

# A Markdown file is a tracker by name when its stem holds one of the lexicon's tracker words
# between `-`, `_`, `.`, space or the ends (`*`: any word characters may follow). The merge
# driver's .gitattributes patterns are made from the same list.
TRACKER_WORDS = lexicon.TRACKER_WORDS
_NAME_WORDS = re.compile(
    r"(?i)(?:^|[-_. ])("
    + "|".join(w.replace("*", r"\w*") for w in TRACKER_WORDS)
    + r")(?=$|[-_. ])"
)
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
    return bool(_NAME_WORDS.search(stem))


def _has_trackmd_front_matter(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
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


def _candidates(directory: Path) -> list[Path]:
    import subprocess

    root = repo_root(directory)
    if root is not None:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--",
             "*.md", "*.markdown"],
            cwd=directory, capture_output=True, check=False,
        )  # fmt: skip
        if out.returncode == 0:
            names = [n for n in out.stdout.decode("utf-8", "replace").split("\0") if n]
            return sorted({directory / n for n in names if (directory / n).is_file()})
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        found.extend(
            Path(dirpath) / f for f in sorted(filenames) if f.lower().endswith(MARKDOWN_SUFFIXES)
        )
    return found


def discover(directory: Path, globs: tuple[str, ...] = ()) -> list[Path]:
    """Tracker files under a directory: configured globs, else by name or front matter."""
    import fnmatch

    candidates = _candidates(directory)
    if globs:
        chosen = []
        for path in candidates:
            rel = path.relative_to(directory).as_posix()
            if any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(path.name, g) for g in globs):
                chosen.append(path)
        return chosen
    return [p for p in candidates if is_tracker_name(p.name) or _has_trackmd_front_matter(p)]


def resolve_paths(paths: list[Path], globs: tuple[str, ...] = ()) -> list[Path]:
    """Files named, directories searched; no paths: the current repository or directory."""
    if not paths:
        cwd = Path.cwd()
        root = repo_root(cwd) or cwd
        found = discover(root, globs)
        if not found:
            raise BadInput(
                f"no tracker found in {root}: name one (trackmd status FILE) or list them "
                "under [tool.trackmd] files"
            )
        return found
    result: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = discover(path, globs)
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
    if path.is_dir():
        raise BadInput(f"{path}: is a directory, not a tracker file")
    try:
        size = path.stat().st_size
        if size > max_size_mb * 1_000_000:
            raise BadInput(
                f"{path}: {size / 1_000_000:.1f} MB is over the {max_size_mb:g} MB limit for "
                "trackers; raise it with max_size_mb in [tool.trackmd] if you mean it"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except OSError as error:
        raise BadInput(f"{path}: cannot read ({error.strerror})") from None
    return Loaded(path, data, decode(data, str(path)))


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file's directory while reading, changing and writing.

    The directory is locked, not the file, because `os.replace` swaps the file's inode.
    """
    import fcntl

    target = path.resolve().parent
    fd = os.open(target, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def write_atomic(path: Path, data: bytes, expected: bytes) -> None:
    """Replace the file's bytes, refusing when they are no longer `expected`."""
    real = path.resolve()  # a symlinked tracker is written through; the link stays
    try:
        current = real.read_bytes()
    except OSError as error:
        raise Refused(
            f"{path}: cannot re-read before writing ({error.strerror}); nothing written"
        ) from None
    if current != expected:
        raise Refused(f"{path}: file changed on disk since it was read; nothing written, run again")
    import tempfile

    mode = real.stat().st_mode & 0o7777
    # a file without write bits is read-only on purpose, even for root
    if not mode & 0o222 or not os.access(real, os.W_OK) or not os.access(real.parent, os.W_OK):
        raise Refused(f"{path}: file is read-only; nothing written (check its permissions)")
    fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".trackmd-tmp", dir=real.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(mode)
        Path(tmp).replace(real)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
