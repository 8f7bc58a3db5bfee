"""The git processes of merging: `git merge-file`, the conflict style, the driver's config.

The merge driver (`trackmd.merge`) decides what to merge; every process it needs runs here."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path


def merge_file_diff3(paths: Sequence[str], labels: Sequence[str], marker_size: int) -> bytes:
    """`git merge-file -p --diff3` of ours, base, theirs: the merged bytes with conflicts.
    Raises OSError with git's message when git fails (not for conflicts)."""
    out = subprocess.run(
        ["git", "merge-file", "-p", "--diff3", f"--marker-size={marker_size}",
         *(a for label in labels for a in ("-L", label)), *paths],
        capture_output=True, check=False,
    )  # fmt: skip
    if out.returncode < 0 or out.returncode > 127:
        message = out.stderr.decode("utf-8", "replace").strip()
        raise OSError(f"git merge-file failed ({message or out.returncode})")
    return out.stdout


def merge_file_in_place(current: Path, ancestor: Path, other: Path, labels: Sequence[str]) -> int:
    """Exactly git's default text merge into `current`, in the repository's conflict style:
    0 clean, 1 conflicts (or unmergeable)."""
    style = conflict_style()
    out = subprocess.run(
        ["git", "merge-file", *([f"--{style}"] if style != "merge" else []),
         *(a for label in labels for a in ("-L", label)), str(current), str(ancestor), str(other)],
        check=False,
    )  # fmt: skip
    return 0 if out.returncode == 0 else 1


def conflict_style() -> str:
    """`merge.conflictStyle` of the repository being merged: merge, diff3 or zdiff3."""
    try:
        out = subprocess.run(
            ["git", "config", "--get", "merge.conflictStyle"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    except OSError:
        return "merge"
    value = out.stdout.strip().lower()
    return value if value in ("diff3", "zdiff3") else "merge"


def local_config(root: Path, key: str) -> str:
    """The repository's own value of `key`, or ""."""
    out = subprocess.run(["git", "config", "--local", "--get", key], cwd=root,
                         capture_output=True, text=True, check=False)  # fmt: skip
    return out.stdout.rstrip("\n")


def set_local_config(root: Path, key: str, value: str) -> str | None:
    """Set `key` in the repository's config; git's last error line when it fails."""
    done = subprocess.run(["git", "config", "--local", key, value], cwd=root,
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode == 0:
        return None
    message = done.stderr.strip().splitlines()
    return message[-1] if message else str(done.returncode)
