"""The console entry point: the hot commands start without Typer.

Importing Typer and building its command tree is a fifth of a cold `status` (issue 15). A
command line that names a hot command (`status`, `list`, `next`, `board`, `check`, `sync`,
`done`, `undo`, `start`, `block`) with only the options in `OPTIONS`, each in a form Typer
reads the same way (`--name value`, `--name=value`, `-f value`; flags bare; each option at
most once but `-f`), is read here and the command's body in `commands` runs at once. Any
other line (`--help`, a typo, a repeated option, a value that starts with `-`, `--`) goes
to Typer, which reads it or says what is wrong. `tests/test_launch.py` holds this table to
Typer's own parameters and checks that every line read here is read the same by Typer.
"""

from __future__ import annotations

import gc

# Before any other import (a dozen young collections ran during them): collect the youngest
# objects every 100,000 allocations, not 700, as mypy does. A command builds a model that
# lives until it exits, and each young collection walks what is new.
USUAL_COLLECTION = gc.get_threshold()
gc.set_threshold(100_000, 50, 50)

import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

from trackmd.app import startup  # noqa: E402

startup.load()  # before the parser's modules compile their patterns

from trackmd import commands  # noqa: E402

FLAG, TEXT, COUNT, PATHS = "flag", "text", "count", "paths"  # COUNT: an integer ≥ 1

Options = dict[str, tuple[str, str]]  # option → (parameter, kind)
_DATE: Options = {"--date": ("date", TEXT)}
_JSON: Options = {"--json": ("as_json", FLAG)}
_WRITES: Options = {"--dry-run": ("dry_run", FLAG), "--trackers-only": ("trackers_only", FLAG)}

# command → (the function in `commands`, what its arguments are, its options)
OPTIONS: dict[str, tuple[Callable[..., int], str, Options]] = {
    "status": (commands.status, "paths", {
        **_JSON, "--depth": ("depth", COUNT), "--open": ("show_open", FLAG), **_DATE,
        "--format": ("fmt", TEXT),
    }),
    "list": (commands.list_items, "paths", {
        "--state": ("state", TEXT), "--section": ("section", TEXT), "--owner": ("owner", TEXT),
        "--due": ("due", TEXT), "--priority": ("priority", TEXT), "--tag": ("tag", TEXT),
        "--sort": ("sort", TEXT), "--limit": ("limit", COUNT), "--ready": ("ready", FLAG),
        **_JSON, **_DATE,
    }),
    "next": (commands.next_items, "paths", {
        "--limit": ("limit", COUNT), "--owner": ("owner", TEXT), **_JSON, **_DATE,
    }),
    "board": (commands.board, "paths", {
        "--by": ("by", TEXT), "--limit": ("limit", COUNT), **_JSON, **_DATE,
    }),
    "sync": (commands.sync, "paths", {
        "--diff": ("diff", FLAG), **_WRITES, **_DATE, "--watch": ("watch", FLAG),
    }),
    "check": (commands.check, "paths", {
        "--format": ("fmt", TEXT), "--fix": ("fix", FLAG), "--staged": ("staged", FLAG),
        **_DATE, "--trackers-only": ("trackers_only", FLAG),
    }),
}  # fmt: skip
_STATE: Options = {
    "-f": ("file", PATHS), "--file": ("file", PATHS), "--all": ("every", FLAG),
    "--dry-run": ("dry_run", FLAG), "--commit": ("commit", FLAG), **_DATE,
}  # fmt: skip
for _name in commands.STATES:
    OPTIONS[_name] = (commands.change_state, "refs", _STATE)

Read = tuple[str, dict[str, object]]  # the command and its keyword arguments


def read(argv: list[str]) -> Read | None:
    """The command and its arguments, as Typer would pass them; None when this line is
    not one read here (Typer then reads it)."""
    name, rest = (argv[0], argv[1:]) if argv else ("status", [])  # bare `trackmd`: status
    if name not in OPTIONS:
        return None
    _, takes, options = OPTIONS[name]
    values: dict[str, object] = {}
    given: list[str] = []
    at = 0
    while at < len(rest):
        token = rest[at]
        at += 1
        if not token or token == "-":
            return None
        if not token.startswith("-"):
            given.append(token)
            continue
        flag, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
        param, kind = options.get(flag, ("", ""))
        if not param or (param in values and kind != PATHS):
            return None
        if kind == FLAG:
            if equals:
                return None
            values[param] = True
            continue
        if not equals:
            if at == len(rest):
                return None
            value, at = rest[at], at + 1
        if not value or value.startswith("-"):
            return None
        if kind == PATHS:
            files = values.setdefault(param, [])
            assert isinstance(files, list)
            files.append(Path(value))
        elif kind == COUNT:
            if not (value.isascii() and value.isdigit()) or int(value) < 1:
                return None
            values[param] = int(value)
        else:
            values[param] = value
    if takes == "refs":
        if not given:
            return None
        values["refs"] = given
    elif given:
        values["paths"] = [Path(p) for p in given]
    return name, values


def main() -> None:
    """Console entry point: run the command the line names; then leave."""
    leave(code(sys.argv[1:]))


def code(argv: list[str]) -> int:
    """The exit code of the command `argv` names, run here or by Typer."""
    import os

    # a shell asking Typer for completions runs trackmd with this set, whatever the line
    line = None if "_TRACKMD_COMPLETE" in os.environ else read(argv)
    if line is None:
        from trackmd.cli import command_code

        gc.set_threshold(*USUAL_COLLECTION)  # `lsp` runs for hours: short pauses, as usual

        return command_code(argv)
    name, values = line
    function = OPTIONS[name][0]
    from trackmd.app.outcome import run
    from trackmd.ui.render import degrade_streams

    degrade_streams(sys.stdout, sys.stderr)  # as Typer's callback does for every command
    if function is commands.change_state:
        return run(lambda: commands.change_state(name, **values))  # type: ignore[arg-type]
    return run(lambda: function(**values))


def leave(code: int) -> None:
    """Exit without the interpreter's teardown (a tenth of a cold run: issue 15). By now
    every write is done and renamed, locks are released with the process, and child git
    processes see their pipes close. What teardown would still do is done here: flush the
    output streams and run the `atexit` functions (logging, coverage)."""
    import atexit
    import contextlib
    import os

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`list | head`)
            stream.flush()
    atexit._run_exitfuncs()
    startup.keep()
    os._exit(code)
