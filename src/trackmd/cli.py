"""Typer commands: arguments in, exit code out. The logic lives in the modules above."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec

import typer

from trackmd import commands
from trackmd.launch import leave

_APP_SETTINGS: dict[str, Any] = {
    "name": "trackmd",
    "help": "Markdown trackers kept in git: status, ticks and every derived value kept true.",
    "no_args_is_help": False,
    "add_completion": True,
    "context_settings": {"help_option_names": ["-h", "--help"]},
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
}
app = typer.Typer(**_APP_SETTINGS)
hook_app = typer.Typer(help="Git hooks: pre-commit check and the merge driver.")
app.add_typer(hook_app, name="hook")

Paths = Annotated[
    list[Path] | None,
    typer.Argument(metavar="[PATH]...", help="Tracker files or directories.", readable=False),
]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Pin today (YYYY-MM-DD); also TRACKMD_TODAY.")
]
Refs = Annotated[
    list[str],
    typer.Argument(metavar="REF...", help="Explicit ID, #N or N, FILE:REF, or unique text."),
]
FileOption = Annotated[
    list[Path] | None,
    typer.Option("-f", "--file", help="Tracker(s) to search (repeatable).", readable=False),
]
AllOption = Annotated[bool, typer.Option("--all", help="A section REF changes all its items.")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Print the diff; write nothing.")]
CommitOption = Annotated[bool, typer.Option("--commit", help="Commit the changed trackers.")]
DiffOption = Annotated[bool, typer.Option("--diff", help="Show the diff of what changes.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (schema 1).")]
BoardBy = Annotated[
    str, typer.Option("--by", help="Columns: auto (a board's own lanes), lane or state.")
]
StagedOption = Annotated[
    bool, typer.Option("--staged", help="Check the staged content of staged trackers.")
]
TrackersOnly = Annotated[
    bool,
    typer.Option(
        "--trackers-only",
        help="Of the files named, only those discovery takes for trackers (for pre-commit).",
    ),
]


P = ParamSpec("P")
INTERRUPTED = 130  # SPEC §4: Ctrl-C


def guarded(fn: Callable[P, object]) -> Callable[P, None]:
    """The command through the one error handler (app.outcome): one line, an exit code."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        from trackmd.app.outcome import run

        def call() -> int:
            code = fn(*args, **kwargs)
            return code if isinstance(code, int) else 0

        code = run(call)
        if code:
            raise typer.Exit(code)

    return wrapper


def _version(value: bool) -> None:
    if value:
        from trackmd.app.outcome import version

        sys.stdout.write(version() + "\n")
        raise typer.Exit(0)


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    from trackmd.ui.render import degrade_streams

    degrade_streams(sys.stdout, sys.stderr)  # once, for every command
    if ctx.invoked_subcommand is None:
        ctx.invoke(status)


@app.command()
@guarded
def status(
    paths: Paths = None,
    as_json: JsonOption = False,
    depth: Annotated[int | None, typer.Option(help="Levels of sections to show.", min=1)] = None,
    show_open: Annotated[bool, typer.Option("--open", help="List open items too.")] = False,
    date: DateOption = None,
    fmt: Annotated[
        str, typer.Option("--format", help="text, json or markdown (a summary table).")
    ] = "text",
) -> int:
    """Progress per file: overall bar, counts, dates, the section tree."""
    return commands.status(paths, as_json=as_json, depth=depth, show_open=show_open, date=date,
                           fmt=fmt)  # fmt: skip


@app.command("list")
@guarded
def list_items(
    paths: Paths = None,
    state: Annotated[
        str | None,
        typer.Option(help="open (also 'todo'), in_progress, done, blocked, cancelled."),
    ] = None,
    section: Annotated[str | None, typer.Option(help="Section id or label (substring).")] = None,
    owner: Annotated[str | None, typer.Option(help="Owner (@name).")] = None,
    due: Annotated[
        str | None, typer.Option(help="overdue, today, week or before:YYYY-MM-DD.")
    ] = None,
    priority: Annotated[
        str | None, typer.Option(help="highest, high, medium, low, lowest, P0–P4 (a,b).")
    ] = None,
    tag: Annotated[str | None, typer.Option(help="Items with this #tag.")] = None,
    sort: Annotated[str, typer.Option(help="line, file, due, priority or state.")] = "line",
    limit: Annotated[int | None, typer.Option(help="At most N items.", min=1)] = None,
    ready: Annotated[
        bool, typer.Option("--ready", help="Only items ready to start (see `next`).")
    ] = False,
    as_json: JsonOption = False,
    date: DateOption = None,
) -> int:
    """Items with their #number, explicit ID, state, section and text."""
    return commands.list_items(paths, state=state, section=section, owner=owner, due=due,
                               priority=priority, tag=tag, sort=sort, limit=limit, ready=ready,
                               as_json=as_json, date=date)  # fmt: skip


@app.command("next")
@guarded
def next_items(
    paths: Paths = None,
    limit: Annotated[int, typer.Option(help="Ready items to show.", min=1)] = 10,
    owner: Annotated[str | None, typer.Option(help="Only this owner's items (@name).")] = None,
    as_json: JsonOption = False,
    date: DateOption = None,
) -> int:
    """What to do next: ready items by urgency, each with why; blocked items apart."""
    return commands.next_items(paths, limit=limit, owner=owner, as_json=as_json, date=date)


@app.command()
@guarded
def board(
    paths: Paths = None,
    by: BoardBy = "auto",
    limit: Annotated[int | None, typer.Option(help="Cards to show per column.", min=1)] = None,
    as_json: JsonOption = False,
    date: DateOption = None,
) -> int:
    """The items as cards in columns, by state or by the file's own lanes."""
    return commands.board(paths, by=by, limit=limit, as_json=as_json, date=date)


@app.command()
@guarded
def sync(
    paths: Paths = None,
    diff: DiffOption = False,
    dry_run: DryRun = False,
    date: DateOption = None,
    trackers_only: TrackersOnly = False,
    watch: Annotated[
        bool, typer.Option("--watch", help="Keep running: re-sync trackers as they change.")
    ] = False,
) -> int:
    """Recompute every derived value and rewrite the files in place."""
    return commands.sync(paths, diff=diff, dry_run=dry_run, date=date,
                         trackers_only=trackers_only, watch=watch)  # fmt: skip


@app.command()
@guarded
def check(
    paths: Paths = None,
    fmt: Annotated[str, typer.Option("--format", help="text, json or github.")] = "text",
    fix: Annotated[bool, typer.Option("--fix", help="Run sync, then check.")] = False,
    staged: StagedOption = False,
    date: DateOption = None,
    trackers_only: TrackersOnly = False,
) -> int:
    """Exit 1 when a derived value is out of date or an error is found (for pre-commit and CI)."""
    return commands.check(paths, fmt=fmt, fix=fix, staged=staged, date=date,
                          trackers_only=trackers_only)  # fmt: skip


def _state_command(name: str, summary: str) -> None:
    """`done`, `undo`, `start` and `block` differ only in the state they set."""

    def command(
        refs: Refs,
        file: FileOption = None,
        every: AllOption = False,
        dry_run: DryRun = False,
        commit: CommitOption = False,
        date: DateOption = None,
    ) -> int:
        return commands.change_state(name, refs, file=file, every=every, dry_run=dry_run,
                                    commit=commit, date=date)  # fmt: skip

    command.__doc__ = summary
    command.__name__ = name
    app.command(name)(guarded(command))


for _name, _summary in (
    ("done", "Mark items done, then recompute what that changes, in one atomic write."),
    ("undo", "Mark items open again."),
    ("start", "Mark items in progress."),
    ("block", "Mark items blocked."),
):
    _state_command(_name, _summary)


@app.command()
@guarded
def add(
    text: Annotated[str, typer.Argument(help="The new item's text.")],
    to: Annotated[str, typer.Option("--to", help="Section id or label.")],
    file: FileOption = None,
    with_id: Annotated[bool, typer.Option("--id", help="Give it the next explicit ID.")] = False,
    dry_run: DryRun = False,
    date: DateOption = None,
) -> int:
    """Append a checkbox item to a section's checklist (creating one when it has none)."""
    from trackmd.app import change

    return change.run_add(text, to, list(file or []), with_id=with_id, dry_run=dry_run,
                          date=date)  # fmt: skip


@app.command()
@guarded
def lsp() -> int:
    """Run the language server on stdio (editors: diagnostics, code actions, hover)."""
    from trackmd.lsp import serve

    return serve()


@app.command("fix-encoding")
@guarded
def fix_encoding(
    paths: Annotated[
        list[Path], typer.Argument(help="Tracker files or directories.", readable=False)
    ],
    check_only: Annotated[
        bool, typer.Option("--check", help="Exit 1 if mojibake is found; change nothing.")
    ] = False,
    dry_run: DryRun = False,
) -> int:
    """Repair double-encoded UTF-8 ("mojibake"): show the diff, then write atomically."""
    from trackmd.app import repair

    return repair.fix_encoding(paths, check_only=check_only, dry_run=dry_run)


@hook_app.command("install")
@guarded
def hook_install(
    merge_driver: Annotated[
        bool, typer.Option("--merge-driver", help="Also install the tracker merge driver.")
    ] = False,
) -> int:
    """Install a git pre-commit hook running `trackmd check` on staged trackers."""
    from trackmd.app import hook

    return hook.install_command(Path.cwd(), merge_driver=merge_driver)


@app.command("merge-driver", hidden=False)
@guarded
def merge_driver(
    ancestor: Annotated[
        Path, typer.Argument(help="%O: the common ancestor's version.", readable=False)
    ],
    current: Annotated[
        Path, typer.Argument(help="%A: our version; the result is written here.", readable=False)
    ],
    other: Annotated[Path, typer.Argument(help="%B: their version.", readable=False)],
    path: Annotated[str, typer.Argument(help="%P: the tracker's path in the repository.")] = "",
    date: DateOption = None,
) -> int:
    """Git merge driver: merge trackers without conflicts on derived values."""
    from trackmd.app import hook

    return hook.merge_command(ancestor, current, other, path, date)


def _register_history() -> None:
    """`burndown` and `log` live in cli_history; registered here so --help lists them."""
    from trackmd import cli_history

    app.command("burndown")(guarded(cli_history.burndown))
    app.command("log")(guarded(cli_history.log))


_register_history()


def _only(argv: list[str]) -> typer.Typer:
    """The app with just the command being run: Typer inspects every registered command's
    parameters at start-up, which for fifteen commands costs more than the command itself."""
    if not argv or argv[0].startswith("-"):
        return app
    for info in app.registered_commands:
        callback = info.callback
        name = info.name or (callback.__name__.replace("_", "-") if callback else "")
        if name == argv[0]:
            slim = typer.Typer(**_APP_SETTINGS)
            slim.registered_callback = app.registered_callback
            slim.registered_commands = [info]
            return slim
    return app


def main() -> None:
    """The Typer path alone (the console entry point is `launch.main`); then leave."""
    leave(command_code(sys.argv[1:]))


def command_code(argv: list[str]) -> int:
    """Run the command `argv` names through Typer; its exit code."""
    try:
        code = _only(argv)(argv, standalone_mode=False)
    except typer.Exit as done:
        return done.exit_code
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("trackmd: interrupted\n")
        return INTERRUPTED
    except Exception as error:
        from trackmd.app.outcome import reported

        handled = reported(error)
        if handled is not None:
            return handled
        # usage errors from Typer's parser carry their own exit code (2) and message
        usage = getattr(error, "exit_code", None)
        message = getattr(error, "format_message", None)
        if isinstance(usage, int) and callable(message):
            sys.stderr.write(f"trackmd: {message()}\n")
            return usage
        raise
    return code if isinstance(code, int) else 0


if __name__ == "__main__":  # pragma: no cover
    main()
