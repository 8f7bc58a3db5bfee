"""`git log` of one file, and whether git tracks a file."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from trackmd.core.errors import BadInput


def file_log(
    root: Path, rel: str, name: str, first_parent: bool, meanwhile: Callable[[], object] | None
) -> str:
    """`git log --follow --raw -z` of `rel`: records led by \\x01, fields split by \\0.
    `meanwhile` runs while git works; `name` is the file as messages show it."""
    fmt = "--format=%x01%H%x00%ct%x00%cI%x00%an%x00%ae%x00%s"
    args = ["git", "log", "--no-color", "--follow", "--raw", "--no-abbrev", "-z", fmt]
    if first_parent:
        args += ["--first-parent", "-m"]
    try:
        proc = subprocess.Popen(
            [*args, "--", rel], cwd=root, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
    except OSError as error:
        raise BadInput(f"git is not available ({error}); burndown needs git history") from None
    if meanwhile is None:
        stdout, stderr = proc.communicate()
    else:  # a thread drains git's output, or git would wait for room in the pipe
        import threading

        answer: list[tuple[bytes, bytes]] = []
        reader = threading.Thread(target=lambda: answer.append(proc.communicate()))
        reader.start()
        try:
            meanwhile()
        finally:
            reader.join()
        stdout, stderr = answer[0] if answer else (b"", b"reading its output failed")
    if proc.returncode != 0:
        problem = stderr.decode("utf-8", "replace").strip().splitlines()
        reason = problem[-1] if problem else f"exit status {proc.returncode}"
        raise BadInput(f"{name}: git log failed: {reason}")
    return stdout.decode("utf-8", "replace")


def tracked(root: Path, rel: str) -> bool:
    result = subprocess.run(
        ["git", "ls-files", "--error-unmatch", "--", rel],
        cwd=root, capture_output=True, check=False,
    )  # fmt: skip
    return result.returncode == 0
