"""The hot commands' bodies, free of Typer: arguments in, exit code out.

`cli.py` gives them their Typer signatures (help, `--help`, completion); `launch.py` calls
them straight from the command line when the line is one it reads the way Typer does, so
`status`, `check`, `sync` and the state commands start without importing Typer at all. The
defaults here are the Typer options' defaults (a test holds the two equal)."""

from __future__ import annotations

from pathlib import Path

STATES = {"done": "done", "undo": "open", "start": "in_progress", "block": "blocked"}


def _columns() -> int:
    """`shutil.get_terminal_size((80, 24)).columns`: COLUMNS first, then the terminal's,
    else 80; without importing shutil (and its compression modules) on every run."""
    import os
    import sys

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def status(
    paths: list[Path] | None = None,
    as_json: bool = False,
    depth: int | None = None,
    show_open: bool = False,
    date: str | None = None,
    fmt: str = "text",
) -> int:
    from trackmd.app import report

    return report.status(paths or [], as_json=as_json, depth=depth, show_open=show_open,
                         date=date, columns=_columns(), fmt=fmt)  # fmt: skip


def list_items(
    paths: list[Path] | None = None,
    state: str | None = None,
    section: str | None = None,
    owner: str | None = None,
    due: str | None = None,
    priority: str | None = None,
    tag: str | None = None,
    sort: str = "line",
    limit: int | None = None,
    ready: bool = False,
    as_json: bool = False,
    date: str | None = None,
) -> int:
    from trackmd.app import report

    filters = report.ListFilters(due, priority, tag, sort, limit, ready, date)
    return report.list_items(paths or [], state=state, section=section, owner=owner,
                             as_json=as_json, filters=filters)  # fmt: skip


def next_items(
    paths: list[Path] | None = None,
    limit: int = 10,
    owner: str | None = None,
    as_json: bool = False,
    date: str | None = None,
) -> int:
    from trackmd.app import report

    return report.next_items(paths or [], limit=limit, owner=owner, as_json=as_json, date=date)


def board(
    paths: list[Path] | None = None,
    by: str = "auto",
    limit: int | None = None,
    as_json: bool = False,
    date: str | None = None,
) -> int:
    from trackmd.app import report

    return report.board(paths or [], by=by, limit=limit, as_json=as_json, date=date,
                        columns=_columns())  # fmt: skip


def sync(
    paths: list[Path] | None = None,
    diff: bool = False,
    dry_run: bool = False,
    date: str | None = None,
    trackers_only: bool = False,
    watch: bool = False,
) -> int:
    if watch:
        from trackmd.app import watch as watching

        return watching.watch(paths or [], date=date)
    from trackmd.app import sync as use_case

    return use_case.sync(paths or [], diff=diff, dry_run=dry_run, date=date,
                         trackers_only=trackers_only)  # fmt: skip


def check(
    paths: list[Path] | None = None,
    fmt: str = "text",
    fix: bool = False,
    staged: bool = False,
    date: str | None = None,
    trackers_only: bool = False,
) -> int:
    from trackmd.app import sync as use_case

    return use_case.check(paths or [], fmt=fmt, fix=fix, staged=staged, date=date,
                          trackers_only=trackers_only)  # fmt: skip


def change_state(
    name: str,
    refs: list[str],
    file: list[Path] | None = None,
    every: bool = False,
    dry_run: bool = False,
    commit: bool = False,
    date: str | None = None,
) -> int:
    """`done`, `undo`, `start` and `block` (`name`): they differ only in the state they set."""
    from trackmd.app import change

    return change.run_state(STATES[name], refs, list(file or []), every=every,
                            dry_run=dry_run, commit=commit, date=date)  # fmt: skip
