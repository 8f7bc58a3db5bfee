"""`trackmd burndown` and `trackmd log`: plain functions the CLI registers as commands.

They raise `TrackmdError` for every failure (the CLI prints one line and exits with its
code) and print through a Rich console made here.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trackmd.core.config import shown
from trackmd.core.errors import USAGE, BadInput, TrackmdError

if TYPE_CHECKING:
    from trackmd.core.model import Item


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise TrackmdError(
            f"{option} must be a date like 2026-11-02, not {shown(value)}", USAGE
        ) from None


def _today(value: str | None) -> dt.date:
    from trackmd.io.clock import today_from

    return today_from(value)


def committed_trackers(start: Path | None = None) -> tuple[Path, list[Path]]:
    """The repository's root and the trackers git knows there: the files of
    `[tool.trackmd] files` when configured, else by name or `trackmd:` front matter."""
    import fnmatch

    from trackmd.io.files import _has_trackmd_front_matter, is_tracker_name
    from trackmd.io.project import load_project_settings

    folder = start or Path.cwd()
    top = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    root = top.stdout.strip()
    if top.returncode != 0 or not root:
        raise BadInput(
            f"not a git repository: {folder}; history needs git (run it inside a git clone)"
        )
    result = subprocess.run(
        ["git", "ls-files", "-z", "--full-name", "--", "*.md", "*.markdown"],
        cwd=root, capture_output=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise BadInput(f"{root}: git ls-files failed; history needs a readable repository")
    # a file in conflict is listed once per stage
    names = dict.fromkeys(n for n in result.stdout.decode("utf-8", "replace").split("\0") if n)
    globs = load_project_settings(Path(root)).files
    if globs:
        chosen = [
            n for n in names
            if any(fnmatch.fnmatch(n, g) or fnmatch.fnmatch(Path(n).name, g) for g in globs)
        ]  # fmt: skip
    else:
        chosen = [
            n for n in names
            if is_tracker_name(Path(n).name) or _has_trackmd_front_matter(Path(root) / n)
        ]  # fmt: skip
    return Path(root), [Path(root) / n for n in chosen]


def find_tracker(start: Path | None = None, command: str = "burndown") -> Path:
    """The one tracker git knows in the current repository, or a clear request for a path."""
    root, found = committed_trackers(start)
    if len(found) == 1:
        return found[0]
    how = "trackmd burndown FILE" if command == "burndown" else "trackmd log -f FILE REF"
    if not found:
        raise BadInput(
            "no tracker committed in this repository (names like TRACKER.md, ROADMAP.md, "
            f"TODO.md, or [tool.trackmd] files); name the file: {how}"
        )
    listed = ", ".join(str(p.relative_to(root)) for p in found[:6])
    more = f" and {len(found) - 6} more" if len(found) > 6 else ""
    raise BadInput(f"{len(found)} trackers in this repository ({listed}{more}); name one: {how}")


def _display(path: Path) -> str:
    import os

    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def burndown(
    path: Annotated[
        Path | None,
        typer.Argument(help="Tracker file (default: the repository's one tracker)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="First day (YYYY-MM-DD); default: sprint start.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Last day (YYYY-MM-DD); default: sprint end.")
    ] = None,
    points: Annotated[
        bool, typer.Option("--points", help="Count story points instead of items.")
    ] = False,
    format: Annotated[
        str, typer.Option("--format", help="chart, text, mermaid, json or csv.")
    ] = "chart",
    write: Annotated[
        bool,
        typer.Option("--write", help="Regenerate the file's burndown block (```mermaid or text)."),
    ] = False,
    date: Annotated[
        str | None, typer.Option("--date", help="Pin today (YYYY-MM-DD); also TRACKMD_TODAY.")
    ] = None,
) -> None:
    """Burndown from the tracker's git history: remaining work per day, ideal line, forecast."""
    from trackmd.history import burndown as bd

    if format not in bd.FORMATS:
        raise TrackmdError(
            f"--format must be one of {', '.join(bd.FORMATS)}, not {shown(format)}", USAGE
        )
    start, end = _date(since, "--since"), _date(until, "--until")
    if start and end and end < start:
        raise TrackmdError(f"--until ({end}) is before --since ({start})", USAGE)
    today = _today(date)
    target = path if path is not None else find_tracker()
    if target.is_dir():
        raise BadInput(f"{target}: is a directory; name the tracker file")
    name = _display(target)
    if write and not target.exists():
        raise BadInput(
            f"{name}: not in the working tree (deleted, or outside a sparse checkout); "
            "nothing to write (git sparse-checkout add its folder first)"
        )
    result = bd.build(target, today=today, since=start, until=end, points=points, name=name)
    for warning in result.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    if write:
        changed = bd.write(target, result)
        message = "burndown block regenerated" if changed else "burndown block already up to date"
        sys.stdout.write(f"{name}: {message}\n")
        return
    if format == "chart":
        from rich.console import Console  # Rich only where it draws: the other formats are text

        bd.rich_chart(result, Console(highlight=False))
        return
    if format == "json":
        text = bd.to_json(result)
    elif format == "csv":
        text = bd.to_csv(result)
    elif format == "mermaid":
        text = "\n".join(["```mermaid", bd.mermaid_init(result), *bd.mermaid(result), "```"])
        text += "\n"
    else:
        text = "\n".join(bd.text_chart(result)) + "\n"
    sys.stdout.write(text)


def log(
    ref: Annotated[str, typer.Argument(help="Item: explicit ID, #N, or part of its text.")],
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", "-f", help="Tracker file (default: every tracker of the repository)."
        ),
    ] = None,
) -> None:
    """When an item changed state, in which commit, by whom (from git history).

    REF is searched in every tracker of the repository (FILE:REF picks the file)."""
    from rich.console import Console

    from trackmd.history.itemlog import item_log
    from trackmd.ui.render import visible

    today = _today(None)
    if file is not None:
        found = item_log(file, ref, today)
        target = file
    else:
        target, item = _find_item(ref)
        found = item_log(target, item, today)
    item, changes = found.item, found.changes
    for warning in found.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    out = Console(highlight=False)
    out.print(visible(f"{_display(target)}: #{item.number} {item.text}  (now {item.state.value})"),
              markup=False)  # fmt: skip
    if not changes:
        out.print("  no state change in the file's history", markup=False)
    for change in changes:
        version = change.version
        before = change.before.value if change.before else "(new)"
        after = change.after.value if change.after else "(removed)"
        who = f"{version.author} <{version.email}>" if version.email else version.author
        out.print(
            visible(
                f"  {version.date.isoformat()}  {version.short:<11}  {before} → {after}  {who}"
                f"  {version.subject}"
            ),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )


def _find_item(ref: str) -> tuple[Path, Item]:
    """The tracker holding the item `ref` names, searched in every committed tracker."""
    from trackmd.app import api
    from trackmd.core.refs import resolve

    root, paths = committed_trackers()
    if not paths:
        find_tracker(command="log")  # says why
    docs = []
    for path in paths:
        if path.is_file():  # a file outside a sparse checkout has no current text to search
            docs.append(api.load(path).doc)
    if not docs:
        raise BadInput(
            f"no tracker of {root} is in the working tree; name one: trackmd log -f FILE REF"
        )
    found = resolve(docs, ref)
    if found.section is not None or len(found.items) != 1:
        raise BadInput(f"{shown(ref)} names a section; `log` follows one item (use its ID)")
    return Path(found.doc.path), found.items[0]
