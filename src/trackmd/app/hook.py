"""Git integration for commits: the pre-commit hook and reading staged trackers."""

from __future__ import annotations

import os
import shlex
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trackmd.core.errors import BadInput, TrackmdError
from trackmd.git import staged
from trackmd.io import files

if TYPE_CHECKING:
    from trackmd.app.api import Tracker

MARK = "# installed by trackmd hook install"


def repo_root_or_fail(start: Path) -> Path:
    """The work tree holding `start`; with `GIT_DIR` set (a bare repository with
    `GIT_WORK_TREE`, dotfiles-style, or inside a hook) as git itself finds it."""
    if os.environ.get("GIT_DIR"):
        return staged.work_tree_from_environment(start)
    root = files.repo_root(start)
    if root is None:
        raise BadInput(f"{start}: not a git repository; this command needs one")
    return root


def staged_trackers(root: Path, globs: tuple[str, ...]) -> list[tuple[str, bytes]]:
    """(path, staged bytes) of every staged tracker file, read from the index."""
    return [(rel, data) for rel, data in staged.staged_markdown(root)
            if files.is_tracker(rel, data, globs)]  # fmt: skip


def next_steps(staged: list[Tracker]) -> list[str]:
    """What to run for each staged tracker that is out of date: sync and stage it, or only
    stage it when the working tree already holds the fix."""
    from trackmd.app import api

    steps = []
    for tracker in staged:
        if not tracker.stale:
            continue
        shown = shlex.quote(api.display_path(tracker.path))
        try:
            data = tracker.path.read_bytes()
            working = api.load_text(tracker.path, data, tracker.name)
            fixed = data != tracker.data and not working.stale
        except (OSError, BadInput):
            fixed = False
        if fixed:
            steps.append(f"{shown} is fixed in the working tree but not staged: git add {shown}")
        else:
            steps.append(f"{shown} is out of date: run `trackmd sync {shown} && git add {shown}`")
    return steps


def trackers_only(paths: list[Path]) -> list[Path]:
    """The paths discovery would take for trackers (folders are searched by it anyway): by
    the `files` globs, else by name or `trackmd:` front matter, as `trackmd status` finds them."""
    from trackmd.io.project import project_settings

    kept = []
    for path in paths:
        if path.is_dir():
            kept.append(path)
            continue
        root = files.repo_root(path.absolute().parent) or Path.cwd()
        rel = Path(os.path.relpath(path.absolute(), root)).as_posix()
        try:
            with path.open("rb") as handle:
                head = handle.read(4096)
        except OSError:
            kept.append(path)  # the command itself says what is wrong with it
            continue
        if files.is_tracker(rel, head, project_settings(path).files):
            kept.append(path)
    return kept


def install(root: Path) -> list[str]:
    """Install (or refresh) `.git/hooks/pre-commit`; return what changed."""
    hooks = staged.hooks_folder(root)
    hooks.mkdir(parents=True, exist_ok=True)
    hook = hooks / "pre-commit"
    python = shlex.quote(sys.executable)
    script = (
        "#!/bin/sh\n"
        f"{MARK}: checks the staged content of staged trackers\n"
        f'exec {python} -m trackmd check --staged "$@"\n'
    )
    if hook.exists():
        current = hook.read_text(encoding="utf-8", errors="replace")
        if current == script:
            return []
        if MARK not in current:
            raise BadInput(
                f"{hook} exists and was not written by trackmd; add `{sys.executable} -m trackmd "
                "check --staged` to it yourself, or use the pre-commit framework "
                "(.pre-commit-hooks.yaml)"
            )
    hook.write_text(script, encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return [f"wrote {os.path.relpath(hook, Path.cwd())}"]


def install_command(cwd: Path, *, merge_driver: bool) -> int:
    """`hook install [--merge-driver]`: say what changed, or that nothing did."""
    from trackmd.ui import output, render

    root = repo_root_or_fail(cwd)
    changes: list[str] = []
    if merge_driver:
        from trackmd.merge import attributes

        changes += attributes.install(root)
    try:
        changes += install(root)
    except TrackmdError as error:
        if not merge_driver:
            raise
        output.error(error.message)  # the merge driver is installed anyway
    lines = [(f"{change}\n", "") for change in changes]
    render.emit(lines or [("already installed; nothing changed\n", "dim")])
    return 0


def merge_command(ancestor: Path, current: Path, other: Path, path: str, date: str | None) -> int:
    """`merge-driver %O %A %B %P`: 0 when clean, 1 with conflict markers left."""
    from trackmd.io.clock import today_from
    from trackmd.merge import driver as merge

    return merge.merge_files(ancestor, current, other, path, today_from(date))
