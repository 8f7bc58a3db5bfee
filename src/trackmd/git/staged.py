"""What a commit is about to hold: the work tree git finds from its environment (inside a
hook, or a bare repository with `GIT_WORK_TREE`), the staged Markdown blobs, the hooks folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from trackmd.core.errors import BadInput

MARKDOWN = (".md", ".markdown")


def run(args: list[str], cwd: Path, data: bytes | None = None) -> bytes:
    """A git command's output; its last error line as a BadInput when it fails."""
    # Inside a hook git sets GIT_DIR and GIT_INDEX_FILE (a temporary index for `commit -a`
    # or `commit FILE`): same-repository reads must honour them to see what is committed.
    out = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=False)
    if out.returncode != 0:
        message = out.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BadInput(f"git {args[0]} failed: {message[-1] if message else out.returncode}")
    return out.stdout


def work_tree_from_environment(start: Path) -> Path:
    """The work tree git finds with `GIT_DIR` set, as git itself finds it."""
    # git runs below in the work tree: paths relative to here must stay right there too
    for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        value = os.environ.get(key)
        if value and not Path(value).is_absolute():
            os.environ[key] = str(Path(value).absolute())
    out = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=start, capture_output=True, check=False
    )
    top = out.stdout.decode("utf-8", "replace").strip()
    if out.returncode != 0 or not top:
        message = out.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = message[-1].removeprefix("fatal: ") if message else "no work tree"
        raise BadInput(
            f"{start}: not a git work tree with GIT_DIR={os.environ['GIT_DIR']} ({reason}); "
            "set GIT_WORK_TREE to the files' folder"
        )
    return Path(top)


def staged_markdown(root: Path) -> list[tuple[str, bytes]]:
    """(path, staged bytes) of every staged Markdown file, read from the index through one
    `git cat-file --batch`."""
    names = run(["diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z"], root)
    paths = [n for n in names.decode("utf-8", "replace").split("\0") if n]
    chosen = [rel for rel in paths if rel.lower().endswith(MARKDOWN)]
    if not chosen:
        return []
    batch = run(["cat-file", "--batch"], root, "".join(f":{rel}\n" for rel in chosen).encode())
    blobs: list[tuple[str, bytes]] = []
    pos = 0
    for rel in chosen:
        header_end = batch.index(b"\n", pos)
        header = batch[pos:header_end].split()
        if len(header) < 3 or header[1] != b"blob":
            pos = header_end + 1
            continue
        size = int(header[2])
        blobs.append((rel, batch[header_end + 1 : header_end + 1 + size]))
        pos = header_end + 1 + size + 1
    return blobs


def hooks_folder(root: Path) -> Path:
    """Where git looks for hooks (`core.hooksPath`, a worktree's common folder)."""
    hooks = Path(run(["rev-parse", "--git-path", "hooks"], root).decode().strip())
    return hooks if hooks.is_absolute() else root / hooks
