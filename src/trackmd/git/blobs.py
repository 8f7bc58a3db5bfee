"""Blobs read through one `git cat-file --batch` process: streamed as git answers, or at once."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Generator
from pathlib import Path

from trackmd.core.errors import BadInput

Answers = Generator[tuple[str, bytes | None], None, None]


def stream(root: Path, requests: list[str]) -> Answers:
    """Each request with its blob's bytes (None when missing or not a blob), in order, from
    one `git cat-file --batch` process read as it answers. A thread writes the requests (git
    stops reading them while its answers wait to be read)."""
    if not requests:
        return
    import threading

    try:
        proc = subprocess.Popen(
            ["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=1 << 16,
        )  # fmt: skip
    except OSError as error:
        raise BadInput(f"git is not available ({error}); burndown needs git history") from None
    assert proc.stdin is not None and proc.stdout is not None
    payload = "".join(f"{r}\n" for r in requests).encode()
    ask, out = proc.stdin, proc.stdout

    def write() -> None:
        try:
            ask.write(payload)
        except OSError:
            pass  # git is gone (failed, or killed below): the reading says so
        finally:
            with contextlib.suppress(OSError):
                ask.close()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    answered = 0
    try:
        for request in requests:
            header = out.readline()
            if not header:
                break  # git stopped: the rest are missing
            parts = header.split()
            answered += 1
            if len(parts) < 3 or parts[1] == b"missing":
                yield request, None
                continue
            data = out.read(int(parts[2]))
            out.read(1)  # the newline after the content
            yield request, data if parts[1] == b"blob" else None
    finally:
        if answered < len(requests) and proc.poll() is None:
            proc.kill()  # the caller stopped early
        out.close()
        proc.wait()
        writer.join()


def batch(root: Path, requests: list[str], *, check: bool = False) -> dict[str, bytes]:
    """Answer many object requests through one `git cat-file --batch` process.

    `check`: `--batch-check`, mapping each request to its object id instead of its content.
    """
    if not requests:
        return {}
    payload = "".join(f"{r}\n" for r in requests).encode()
    out = subprocess.run(
        ["git", "cat-file", "--batch-check" if check else "--batch"],
        cwd=root, input=payload, capture_output=True, check=False,
    ).stdout  # fmt: skip
    result: dict[str, bytes] = {}
    at = 0
    for request in requests:
        end = out.find(b"\n", at)
        if end < 0:
            break
        parts = out[at:end].split()
        at = end + 1
        if len(parts) < 3 or parts[1] == b"missing":
            continue
        if check:
            result[request] = parts[0]
            continue
        size = int(parts[2])
        if parts[1] == b"blob":
            result[request] = out[at : at + size]
        at += size + 1  # the content and the newline after it
    return result
