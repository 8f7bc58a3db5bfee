"""The only atomic write: a temporary file beside the tracker, swapped in (on Linux by an
exchange that lets what was swapped out be compared), owner, group and mode kept, symlinks out
of the repository refused, SIGTERM cleaned up, stale temporaries of dead processes removed."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from trackmd.core import patterns
from trackmd.core.errors import BadInput, Refused
from trackmd.io.files import kind_of, repo_root

_TEMP = patterns.compile(r"^\.trackmd-(\d+)-[0-9a-z]+\.tmp$")
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
        raise BadInput(f"{path}: not a regular file ({kind_of(info.st_mode)}); nothing written")
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
