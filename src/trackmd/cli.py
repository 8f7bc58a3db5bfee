"""Typer commands: arguments in, exit code out. The logic lives in the modules above."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer

from trackmd.core.errors import CHECK_FAILED, INTERRUPTED, TrackmdError

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
    list[Path] | None, typer.Argument(metavar="[PATH]...", help="Tracker files or directories.")
]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Pin today (YYYY-MM-DD); also TRACKMD_TODAY.")
]
TrackersOnly = Annotated[
    bool,
    typer.Option(
        "--trackers-only",
        help="Of the files named, only those discovery takes for trackers (for pre-commit).",
    ),
]


P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, code: int) -> NoReturn:
    """One line on stderr, then the exit code: never a traceback."""
    from trackmd.ui.render import visible

    sys.stderr.write(f"trackmd: {visible(message)}\n")
    raise typer.Exit(code)


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Map trackmd's errors and Ctrl-C to a one-line message and an exit code."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        project = sys.modules.get("trackmd.io.project")  # not imported by every command
        if project is not None:
            project.forget_settings()  # each invocation reads configuration afresh
        try:
            return fn(*args, **kwargs)
        except TrackmdError as error:
            fail(error.message, error.code)
        except KeyboardInterrupt:
            fail("interrupted; nothing half-written (writes are atomic)", INTERRUPTED)
        except BrokenPipeError:
            raise typer.Exit(0) from None

    return wrapper


def print_json(payload: object) -> None:
    """JSON on stdout: DEL and C1 controls as \\u escapes (json leaves them raw), and ASCII
    only where the stream cannot encode the text (so no data is lost to `?`)."""
    import re

    try:
        "█✔→é".encode(sys.stdout.encoding or "utf-8")
        ascii_only = False
    except (UnicodeEncodeError, LookupError):
        ascii_only = True
    text = json.dumps(payload, ensure_ascii=ascii_only, indent=2)
    text = re.sub("[\x7f-\x9f\u2028\u2029]", lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.write(text + "\n")


def show_diff(diff: str) -> None:
    """A diff on stdout, with control characters from the file shown, not sent."""
    from trackmd.ui.render import visible

    sys.stdout.write(visible(diff))


def _version(value: bool) -> None:
    if value:
        from trackmd import __version__

        sys.stdout.write(f"trackmd {__version__}\n")
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
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (schema 1).")] = False,
    depth: Annotated[int | None, typer.Option(help="Levels of sections to show.", min=1)] = None,
    show_open: Annotated[bool, typer.Option("--open", help="List open items too.")] = False,
    date: DateOption = None,
) -> None:
    """Progress per file: overall bar, counts, dates, the section tree."""
    from trackmd.app import api
    from trackmd.core.derive import Counts
    from trackmd.io.clock import today_from
    from trackmd.ui import render

    today = today_from(date)
    loaded = api.trackers(paths or [])
    if as_json:
        payload = {
            "schema": render.SCHEMA,
            "files": [render.document_json(t.doc, Counts(t.doc), len(t.stale)) for t in loaded],
        }
        print_json(payload)
        return
    import shutil

    columns = shutil.get_terminal_size((80, 24)).columns  # COLUMNS first, then the terminal
    segments: list[render.Segment] = []
    for tracker in loaded:
        segments += render.status(tracker.doc, Counts(tracker.doc), len(tracker.stale),
                                  depth=depth, show_open=show_open, today=today,
                                  columns=columns)  # fmt: skip
    render.emit(segments)


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
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (schema 1).")] = False,
) -> None:
    """Items with their #number, explicit ID, state, section and text."""
    from trackmd.app import api
    from trackmd.core.errors import TrackmdError
    from trackmd.core.model import State
    from trackmd.ui import render

    wanted: set[State] | None = None
    if state is not None:
        key = state.lower().replace("-", "_").replace(" ", "_")
        if key == "todo":  # what a reader means by "to do": not started yet
            wanted = {State.OPEN}
        else:
            try:
                wanted = {State(key)}
            except ValueError:
                choices = ", ".join(s.value for s in State)
                raise TrackmdError(
                    f"--state must be one of {choices}, or todo (= open)", 2
                ) from None
    rows = []
    for tracker in api.trackers(paths or []):
        doc = tracker.doc
        for item in doc.items:
            if wanted is not None and item.state not in wanted:
                continue
            if section is not None:
                sec = doc.sections[item.section]
                needle = section.lower()
                if needle not in sec.id.lower() and needle not in sec.label.lower():
                    continue
            if owner is not None and (item.owner or "").lower() != owner.lstrip("@").lower():
                continue
            rows.append((doc, item))
    if as_json:
        payload = {
            "schema": render.SCHEMA,
            "items": [{"path": d.path, **render.item_json(d, i)} for d, i in rows],
        }
        print_json(payload)
        return
    render.emit(render.item_table(rows))


@app.command()
@guarded
def sync(
    paths: Paths = None,
    diff: Annotated[bool, typer.Option("--diff", help="Show the diff of what changes.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Change nothing; show the diff.")
    ] = False,
    date: DateOption = None,
    trackers_only: TrackersOnly = False,
) -> None:
    """Recompute every derived value and rewrite the files in place."""
    from trackmd.app import api
    from trackmd.io import files
    from trackmd.io.clock import today_from
    from trackmd.io.project import project_settings
    from trackmd.ui import render

    if trackers_only and paths:
        from trackmd.app import hook

        paths = hook.trackers_only(paths)
        if not paths:
            return
    today = today_from(date)
    for path in files.resolve_paths(
        paths or [], project_settings(Path.cwd()).files if not paths else ()
    ):
        with files.locked(path):
            tracker = api.load(path)
            result = api.plan_for(tracker, today)
            if not result.changed:
                render.emit([(f"{tracker.name}: up to date\n", "dim")])
                continue
            if diff or dry_run:
                show_diff(api.unified_diff(tracker, result.text))
            if not dry_run:
                api.write(tracker, result)
            values = sum(1 for e in result.edits if e.kind != "updated")
            verb = "would update" if dry_run else "updated"
            plural = "s" if values != 1 else ""
            render.emit([(f"{tracker.name}: {verb} {values} derived value{plural}\n", "")])


@app.command()
@guarded
def check(
    paths: Paths = None,
    fmt: Annotated[str, typer.Option("--format", help="text, json or github.")] = "text",
    fix: Annotated[bool, typer.Option("--fix", help="Run sync, then check.")] = False,
    staged: Annotated[
        bool, typer.Option("--staged", help="Check the staged content of staged trackers.")
    ] = False,
    date: DateOption = None,
    trackers_only: TrackersOnly = False,
) -> None:
    """Exit 1 when a derived value is out of date or an error is found (for pre-commit and CI)."""
    from trackmd.app import api
    from trackmd.io.project import project_settings
    from trackmd.ui.render import visible

    if trackers_only and paths:
        from trackmd.app import hook

        paths = hook.trackers_only(paths)
        if not paths:
            return
    if fmt not in ("text", "json", "github"):
        raise TrackmdError("--format must be text, json or github", 2)
    if fix:
        sync(paths, diff=False, dry_run=False, date=date)
    failed = False
    reports = []
    if staged:
        from trackmd.app import hook

        root = hook.repo_root_or_fail(Path.cwd())
        globs = project_settings(root).files
        loaded = [
            api.load_text(root / rel, data, rel) for rel, data in hook.staged_trackers(root, globs)
        ]
    else:
        loaded = api.trackers(paths or [])
    for tracker in loaded:
        found = api.diagnostics(tracker.doc, list(tracker.stale))
        failed = failed or api.failing(found)
        reports.append((tracker, found))
    if fmt == "json":
        payload = {
            "schema": 1,
            "files": [
                {"path": t.name, "diagnostics": [
                    {"line": d.line, "column": d.column, "severity": d.severity.value,
                     "code": d.code, "message": d.message} for d in found
                ]}
                for t, found in reports
            ],
        }  # fmt: skip
        print_json(payload)
    else:
        for tracker, found in reports:
            for d in found:
                if fmt == "github":
                    level = {"error": "error", "warning": "warning"}.get(d.severity.value, "notice")
                    sys.stdout.write(
                        f"::{level} file={github_property(repo_path(tracker.path))},"
                        f"line={d.line},col={d.column},"
                        f"title={github_property(f'trackmd {d.code}')}::{github_data(d.message)}\n"
                    )
                else:
                    where = f"{tracker.name}:{d.line}:{d.column}"
                    line = f"{where}: {d.severity.value} {d.code} {d.message}"
                    sys.stdout.write(visible(line.replace("\r", "\\r").replace("\n", "\\n")) + "\n")
    if failed:
        if staged:
            from trackmd.app import hook

            for step in hook.next_steps([t for t, _found in reports]):
                sys.stderr.write(f"trackmd: {step}\n")
        raise typer.Exit(CHECK_FAILED)


def github_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's runner unescapes it."""
    from trackmd.ui.render import visible

    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A workflow command's property value (`file=`, `title=`): data rules plus `:` and `,`."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def repo_path(path: Path) -> str:
    """`path` as GitHub names it: relative to the repository root, with `/`; outside a
    repository, as the rest of the output shows it."""
    import os

    from trackmd.io import files

    absolute = Path(os.path.normpath(Path.cwd() / path))  # lexical: a symlink keeps its name
    root = files.repo_root(absolute.parent)
    if root is not None:
        for candidate in (absolute, absolute.resolve()):
            try:
                return candidate.relative_to(root).as_posix()
            except ValueError:
                continue
    from trackmd.app.api import display_path

    return Path(display_path(absolute)).as_posix()


Refs = Annotated[
    list[str],
    typer.Argument(metavar="REF...", help="Explicit ID, #N or N, FILE:REF, or unique text."),
]
FileOption = Annotated[
    list[Path] | None, typer.Option("-f", "--file", help="Tracker(s) to search (repeatable).")
]
AllOption = Annotated[bool, typer.Option("--all", help="A section REF changes all its items.")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Print the diff; write nothing.")]
CommitOption = Annotated[bool, typer.Option("--commit", help="Commit the changed trackers.")]


def _change(
    target_name: str,
    refs: list[str],
    file: list[Path] | None,
    every: bool,
    dry_run: bool,
    commit: bool,
    date: str | None,
) -> None:
    from trackmd.app import api, change
    from trackmd.core.model import State
    from trackmd.io.clock import today_from
    from trackmd.ui import render

    target = State(target_name)
    today = today_from(date)
    paths = change.candidate_paths(list(file or []))
    root = change.commit_root(paths) if commit and not dry_run else None
    with change.locked_all(paths):
        results = change.change_states(paths, refs, target, every=every, today=today)
        for result in results:
            if dry_run:
                show_diff(api.unified_diff(result.tracker, result.plan.text))
            else:
                api.write(result.tracker, result.plan)
    changed_paths = []
    all_items = []
    label = change.LABEL[target]
    lines: list[render.Segment] = []
    for result in results:
        doc = result.plan.after
        for item in result.items:
            now = doc.items[item.number - 1]
            ident = f"{item.id} " if item.id and not item.text.startswith(item.id) else ""
            if dry_run:
                lines.append((f"would mark {ident}{item.text} {label.lower()}\n", ""))
            else:
                lines += [("✔", "green"), (f" {ident}{item.text} → {label}\n", "")]
            lines.append((f"  {change.section_progress(doc, now)}\n", "dim"))
            all_items.append(item)
        if result.items and result.plan.changed:
            changed_paths.append(result.tracker.path)
    if not all_items:
        lines.append((f"nothing to change: already {label.lower()}\n", "dim"))
    render.emit(lines)
    if root is not None and changed_paths:
        sha = change.commit(root, changed_paths, change.commit_message(target, all_items))
        render.emit([(f"committed {sha}\n", "dim")])


def _state_command(name: str, target: str, summary: str) -> None:
    """`done`, `undo`, `start` and `block` differ only in the state they set."""

    def command(
        refs: Refs,
        file: FileOption = None,
        every: AllOption = False,
        dry_run: DryRun = False,
        commit: CommitOption = False,
        date: DateOption = None,
    ) -> None:
        _change(target, refs, file, every, dry_run, commit, date)

    command.__doc__ = summary
    command.__name__ = name
    app.command(name)(guarded(command))


for _name, _target, _summary in (
    ("done", "done", "Mark items done, then recompute what that changes, in one atomic write."),
    ("undo", "open", "Mark items open again."),
    ("start", "in_progress", "Mark items in progress."),
    ("block", "blocked", "Mark items blocked."),
):
    _state_command(_name, _target, _summary)


@app.command()
@guarded
def add(
    text: Annotated[str, typer.Argument(help="The new item's text.")],
    to: Annotated[str, typer.Option("--to", help="Section id or label.")],
    file: FileOption = None,
    with_id: Annotated[bool, typer.Option("--id", help="Give it the next explicit ID.")] = False,
    dry_run: DryRun = False,
    date: DateOption = None,
) -> None:
    """Append a checkbox item to a section's checklist (creating one when it has none)."""
    from trackmd.app import api, change
    from trackmd.core.edit import plan
    from trackmd.core.parse import parse
    from trackmd.io.clock import now_on, today_from
    from trackmd.ui import render

    change.check_item_text(text)
    paths = change.candidate_paths(list(file or []))
    if len(paths) != 1:
        names = ", ".join(str(p) for p in paths[:5])
        raise TrackmdError(f"add needs one tracker; name it with -f (found: {names})", 2)
    with change.locked_all(paths):
        tracker = api.load(paths[0])
        text_after, line = change.add_item(tracker.doc, text, to, with_id)
        added = parse(text_after, tracker.doc.path, tracker.doc.settings)
        today = today_from(date)
        result = plan(added, today, now=now_on(today))
        final = result.text
        if dry_run:
            show_diff(api.unified_diff(tracker, final))
            return
        from trackmd.io.files import write_atomic

        write_atomic(tracker.path, final.encode("utf-8"), tracker.data)
    render.emit([("+", "green"), (f" {tracker.doc.path}:{line + 1} {text}\n", "")])


@app.command("fix-encoding")
@guarded
def fix_encoding(
    paths: Annotated[list[Path], typer.Argument(help="Tracker files or directories.")],
    check_only: Annotated[
        bool, typer.Option("--check", help="Exit 1 if mojibake is found; change nothing.")
    ] = False,
    dry_run: DryRun = False,
) -> None:
    """Repair double-encoded UTF-8 ("mojibake"): show the diff, then write atomically."""
    from trackmd.app import api
    from trackmd.io import files
    from trackmd.io.encoding import find_mojibake, repair
    from trackmd.ui import render

    found_any = False
    for path in files.resolve_paths(paths):
        with files.locked(path):
            loaded = files.read(path)
            name = api.display_path(path)
            if check_only:
                hits = find_mojibake(loaded.text)
                for hit in hits:
                    render.emit(
                        [(f"{name}:{hit.line}:{hit.column}: warning mojibake '{hit.text}'\n", "")]
                    )
                found_any = found_any or bool(hits)
                continue
            result = repair(loaded.text)
            if result.changed:
                found_any = True
                from trackmd.core.parse import parse

                tracker = api.Tracker(path, loaded.data, parse(loaded.text, name))
                show_diff(api.unified_diff(tracker, result.text))
                if not dry_run:
                    files.write_atomic(path, result.text.encode("utf-8"), loaded.data)
                verb = "would repair" if dry_run else "repaired"
                render.emit([(f"{name}: {verb} mojibake\n", "")])
            else:
                render.emit([(f"{name}: no mojibake found\n", "dim")])
            notes = [
                f"{name}:{left.line}:{left.column}: could not repair '{left.text}'\n"
                for left in result.unrepaired
            ] + [
                f"{name}:{guess.line}:{guess.column}: a byte was lost here; restored as "
                f"'{guess.text}' (check it)\n"
                for guess in result.guessed
            ]
            render.emit([(note, "") for note in notes], stderr=True)
    if check_only and found_any:
        raise typer.Exit(CHECK_FAILED)


@hook_app.command("install")
@guarded
def hook_install(
    merge_driver: Annotated[
        bool, typer.Option("--merge-driver", help="Also install the tracker merge driver.")
    ] = False,
) -> None:
    """Install a git pre-commit hook running `trackmd check` on staged trackers."""
    from trackmd.app import hook

    root = hook.repo_root_or_fail(Path.cwd())
    changes: list[str] = []
    if merge_driver:
        from trackmd.merge import driver as merge

        changes += merge.install(root)
    try:
        changes += hook.install(root)
    except TrackmdError as error:
        if not merge_driver:
            raise
        sys.stderr.write(f"trackmd: {error.message}\n")  # the merge driver is installed anyway
    from trackmd.ui import render

    lines = [(f"{change}\n", "") for change in changes]
    render.emit(lines or [("already installed; nothing changed\n", "dim")])


@app.command("merge-driver", hidden=False)
@guarded
def merge_driver(
    ancestor: Annotated[Path, typer.Argument(help="%O: the common ancestor's version.")],
    current: Annotated[Path, typer.Argument(help="%A: our version; the result is written here.")],
    other: Annotated[Path, typer.Argument(help="%B: their version.")],
    path: Annotated[str, typer.Argument(help="%P: the tracker's path in the repository.")] = "",
    date: DateOption = None,
) -> None:
    """Git merge driver: merge trackers without conflicts on derived values."""
    from trackmd.io.clock import today_from
    from trackmd.merge import driver as merge

    code = merge.merge_files(ancestor, current, other, path, today_from(date))
    if code:
        raise typer.Exit(code)


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
    """Console entry point: usage errors become one line too (exit 2)."""
    try:
        code = _only(sys.argv[1:])(standalone_mode=False)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("trackmd: interrupted\n")
        sys.exit(INTERRUPTED)
    except TrackmdError as error:
        sys.stderr.write(f"trackmd: {error.message}\n")
        sys.exit(error.code)
    except Exception as error:
        # usage errors from Typer's parser carry their own exit code (2) and message
        code = getattr(error, "exit_code", None)
        message = getattr(error, "format_message", None)
        if isinstance(code, int) and callable(message):
            sys.stderr.write(f"trackmd: {message()}\n")
            sys.exit(code)
        raise
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
