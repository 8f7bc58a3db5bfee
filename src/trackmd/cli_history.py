"""`trackmd burndown` and `trackmd log`: their Typer signatures; the work is in app.history.

Called directly (as tests do), they raise trackmd's errors; the CLI maps them to one line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trackmd.cli import DateOption


def _exit(code: int) -> None:
    if code:
        raise typer.Exit(code)


def burndown(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Tracker files, summed per day (default: the repository's trackers).",
            readable=False,
        ),
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
    date: DateOption = None,
    by_file: Annotated[
        bool, typer.Option("--by-file", help="Several trackers: each one's burndown, then the sum.")
    ] = False,
) -> None:
    """Burndown from the tracker's git history: remaining work per day, ideal line, forecast."""
    from trackmd.app import history

    _exit(history.burndown(paths, since=since, until=until, points=points, format=format,
                           write=write, date=date, by_file=by_file))  # fmt: skip


def log(
    ref: Annotated[str, typer.Argument(help="Item: explicit ID, #N, or part of its text.")],
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            "-f",
            help="Tracker file (default: every tracker of the repository).",
            readable=False,
        ),
    ] = None,
) -> None:
    """When an item changed state, in which commit, by whom (from git history).

    REF is searched in every tracker of the repository (FILE:REF picks the file)."""
    from trackmd.app import history

    _exit(history.log(ref, file))
