"""The outside world: find trackers, read bytes, lock, write atomically."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator
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
            raise BadInput(f"{path}: not a regular file ({_kind(info.st_mode)}); nothing read")
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


def _kind(mode: int) -> str:
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


# -- the atomic write -------------------------------------------------------------------

_TEMP = re.compile(r"^\.trackmd-(\d+)-[0-9a-z]+\.tmp$")
_RENAME_EXCHANGE = 2
_SYS_RENAMEAT2 = {"x86_64": 316, "aarch64": 276, "i686": 353, "i386": 353}


def _exchange(first: Path, second: Path) -> bool:
    """Swap two names atomically (Linux renameat2 RENAME_EXCHANGE); False when unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import errno

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - no C library to call
        return False
    at_fdcwd = -100
    a, b = os.fsencode(first), os.fsencode(second)
    func = getattr(libc, "renameat2", None)
    if func is not None:
        result = func(at_fdcwd, a, at_fdcwd, b, _RENAME_EXCHANGE)
    else:  # pragma: no cover - glibc before 2.28
        import platform

        number = _SYS_RENAMEAT2.get(platform.machine())
        if number is None:
            return False
        result = libc.syscall(number, at_fdcwd, a, at_fdcwd, b, _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # the kernel or the filesystem cannot exchange
    raise OSError(code, os.strerror(code), str(second))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def remove_stale_temporaries(folder: Path) -> None:
    """Delete `.trackmd-PID-*.tmp` files left by processes that no longer run."""
    try:
        names = [entry.name for entry in folder.iterdir()]
    except OSError:
        return  # a folder we may not list: nothing to tidy
    for name in names:
        match = _TEMP.match(name)
        if match and int(match.group(1)) != os.getpid() and not _pid_alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                (folder / name).unlink()


def _new_temp(folder: Path) -> tuple[int, Path]:
    import secrets

    for _ in range(100):
        tmp = folder / f".trackmd-{os.getpid()}-{secrets.token_hex(4)}.tmp"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder}: could not create a temporary file")


def follow_symlinks_allowed() -> bool:
    return os.environ.get("TRACKMD_FOLLOW_SYMLINKS", "") not in ("", "0", "false", "no")


def _check_symlink(path: Path, real: Path) -> None:
    """A link pointing outside its repository is not written through unless asked."""
    if follow_symlinks_allowed():
        return
    root = repo_root(path.absolute().parent)
    if root is not None and not real.is_relative_to(root):
        raise Refused(
            f"{path}: a symlink to {real}, outside the repository {root}; nothing written "
            "(set TRACKMD_FOLLOW_SYMLINKS=1 to write through it)"
        )


class _Terminated(BaseException):
    """SIGTERM during a write: unwind (the temporary file is removed), then exit 143."""


@contextlib.contextmanager
def _sigterm_cleans_up() -> Iterator[None]:
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    except _Terminated:
        sys.stderr.write("trackmd: terminated; nothing written\n")
        raise SystemExit(143) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """No Ctrl-C or SIGTERM between swapping the files and checking the swap."""
    import signal

    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _changed(path: Path) -> Refused:
    return Refused(f"{path}: file changed on disk since it was read; nothing written, run again")


def write_atomic(path: Path, data: bytes, expected: bytes) -> None:
    """Replace the file's bytes, refusing when they are no longer `expected`.

    The new bytes go to a temporary file in the same folder, which is then swapped in. On
    Linux the swap is an exchange, so what was swapped out can be compared with what was
    read: an editor's save that landed meanwhile is swapped back, never overwritten.
    """
    real = path.resolve()  # a symlinked tracker is written through; the link stays
    if real != path.absolute():
        _check_symlink(path, real)
    try:
        info = real.stat()
        current = real.read_bytes() if stat.S_ISREG(info.st_mode) else b""
    except OSError as error:
        raise Refused(
            f"{path}: cannot re-read before writing ({error.strerror}); nothing written"
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise BadInput(f"{path}: not a regular file ({_kind(info.st_mode)}); nothing written")
    if current != expected:
        raise _changed(path)
    mode = info.st_mode & 0o7777
    # a file without write bits is read-only on purpose, even for root
    if not mode & 0o222 or not os.access(real, os.W_OK, effective_ids=_EFFECTIVE):
        raise Refused(f"{path}: file is read-only; nothing written (check its permissions)")
    folder = real.parent
    if not os.access(folder, os.W_OK | os.X_OK, effective_ids=_EFFECTIVE):
        raise Refused(
            f"{path}: its folder {folder} is not writable, and trackmd writes a new file "
            "beside the tracker; nothing written (check the folder's permissions)"
        )
    if info.st_nlink > 1:
        sys.stderr.write(
            f"trackmd: warning: {path} has {info.st_nlink} hard links; the new version replaces "
            "this name only, the other links keep the old content\n"
        )
    remove_stale_temporaries(folder)
    tmp: Path | None = None
    with _sigterm_cleans_up():
        try:
            fd, tmp = _new_temp(folder)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                _keep_owner(handle.fileno(), info)
                os.fchmod(handle.fileno(), mode)
                os.fsync(handle.fileno())
            _swap_in(path, real, tmp, data, expected)
            tmp = None
        except OSError as error:
            reason = error.strerror or str(error)
            raise Refused(
                f"{path}: cannot write ({reason}); nothing written, file unchanged"
            ) from None
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    tmp.unlink()
    _sync_folder(folder)


def _keep_owner(fd: int, info: os.stat_result) -> None:
    """Root writing someone else's tracker: the new file keeps its owner and group."""
    if not hasattr(os, "fchown"):  # pragma: no cover - Windows
        return
    if (info.st_uid, info.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):  # keep at least a group we belong to
            os.fchown(fd, -1, info.st_gid)


def _swap_in(path: Path, real: Path, tmp: Path, data: bytes, expected: bytes) -> None:
    with _signals_held():
        if _exchange(tmp, real):
            if tmp.read_bytes() == expected:  # what was swapped out is what was read
                tmp.unlink()
                return
            _exchange(tmp, real)  # an editor saved meanwhile: put its save back
            if tmp.read_bytes() != data:  # and another save landed in between: keep that one
                _exchange(tmp, real)
            tmp.unlink()
            raise _changed(path)
        # no exchange here: check once more, as late as possible, then replace
        if real.read_bytes() != expected:
            raise _changed(path)
        tmp.replace(real)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_EFFECTIVE = os.access in os.supports_effective_ids
