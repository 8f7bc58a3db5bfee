"""`sync` (recompute and rewrite) and `check` (say what is stale or wrong, for hooks and CI)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

from trackmd.app import api
from trackmd.core.errors import CHECK_FAILED, USAGE, TrackmdError
from trackmd.core.model import Diagnostic
from trackmd.core.record import NamedTuple
from trackmd.io.project import project_settings
from trackmd.ui import output, render

FORMATS = ("text", "json", "github")


def _named(paths: list[Path], trackers_only: bool) -> list[Path] | None:
    """The paths to work on; None when `--trackers-only` left nothing (nothing to do)."""
    if trackers_only and paths:
        from trackmd.app import hook

        return hook.trackers_only(paths) or None
    return paths


def sync(
    paths: list[Path], *, diff: bool, dry_run: bool, date: str | None, trackers_only: bool = False
) -> int:
    from trackmd.io.clock import today_from

    named = _named(paths, trackers_only)
    if named is None:
        return 0
    today = today_from(date)
    globs = project_settings(Path.cwd()).files if not named else ()
    for path in api.find(named, globs):
        sync_one(path, today, diff=diff, dry_run=dry_run)
    return 0


def sync_one(path: Path, today: dt.date, *, diff: bool = False, dry_run: bool = False) -> bool:
    """Sync one tracker under its lock and say so in one line; whether it was written."""
    from trackmd.io import files

    with files.locked(path):
        tracker = api.load(path)
        result = api.plan_for(tracker, today)
        if not result.changed:
            render.emit([(f"{tracker.name}: up to date\n", "dim")])
            return False
        if diff or dry_run:
            output.show_diff(api.unified_diff(tracker, result.text))
        if not dry_run:
            api.write(tracker, result)
        values = sum(1 for e in result.edits if e.kind != "updated")
        verb = "would update" if dry_run else "updated"
        plural = "s" if values != 1 else ""
        render.emit([(f"{tracker.name}: {verb} {values} derived value{plural}\n", "")])
        return not dry_run


class Checked(NamedTuple):
    """What `check` says of one tracker: all it keeps of it once the file is read."""

    name: str
    path: Path
    found: list[Diagnostic]


def _checked(tracker: api.Tracker) -> Checked:
    return Checked(tracker.name, tracker.path, api.diagnostics(tracker.doc, list(tracker.stale)))


def check(
    paths: list[Path],
    *,
    fmt: str,
    fix: bool,
    staged: bool,
    date: str | None,
    trackers_only: bool = False,
) -> int:
    named = _named(paths, trackers_only)
    if named is None:
        return 0
    if fmt not in FORMATS:
        raise TrackmdError(f"--format must be {', '.join(FORMATS[:-1])} or {FORMATS[-1]}", USAGE)
    if fix:
        sync(named, diff=False, dry_run=False, date=date)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY") if fmt == "github" else None
    loaded: list[api.Tracker] = []  # only where a tracker is wanted after its diagnostics
    if staged:
        from trackmd.app import hook

        root = hook.repo_root_or_fail(Path.cwd())
        globs = project_settings(root).files
        staged_files = hook.staged_trackers(root, globs)
        loaded = [api.load_text(root / rel, data, rel, "staged") for rel, data in staged_files]
    elif summary_file:
        loaded = api.trackers(named)
    # Else one tracker at a time, each released once said (many load on every core), as
    # `status` does: a check of 1,000 trackers holds one model, not 1,000.
    reports: Iterable[Checked] = (
        map(_checked, loaded) if staged or summary_file
        else api.each_made(api.found_trackers(named), _checked)
    )  # fmt: skip
    failed = False
    if fmt == "json":
        reports = list(reports)
        failed = any(api.failing(r.found) for r in reports)
        output.print_json({
            "schema": 1,
            "files": [
                {"path": r.name, "diagnostics": [
                    {"line": d.line, "column": d.column, "severity": d.severity.value,
                     "code": d.code, "message": d.message} for d in r.found
                ]}
                for r in reports
            ],
        })  # fmt: skip
        reports = ()
    if summary_file:
        _step_summary(Path(summary_file), loaded, date)
    for report in reports:
        failed = failed or api.failing(report.found)
        for d in report.found:
            if fmt == "github":
                level = {"error": "error", "warning": "warning"}.get(d.severity.value, "notice")
                output.github_annotation(level, repo_path(report.path), d.line, d.column,
                                         f"trackmd {d.code}", d.message)  # fmt: skip
            else:
                where = f"{report.name}:{d.line}:{d.column}"
                output.diagnostic_line(where, d.severity.value, d.code, d.message)
    if not failed:
        return 0
    if staged:
        from trackmd.app import hook

        for step in hook.next_steps(loaded):
            output.error(step)
    return CHECK_FAILED


def repo_path(path: Path) -> str:
    """`path` as GitHub names it: relative to the repository root, with `/`; outside a
    repository, as the rest of the output shows it."""
    from trackmd.io import files

    absolute = Path(os.path.normpath(Path.cwd() / path))  # lexical: a symlink keeps its name
    root = files.repo_root(absolute.parent)
    if root is not None:
        for candidate in (absolute, absolute.resolve()):
            try:
                return candidate.relative_to(root).as_posix()
            except ValueError:
                continue
    return Path(api.display_path(absolute)).as_posix()


def _step_summary(target: Path, loaded: list[api.Tracker], date: str | None) -> None:
    """Append the trackers' Markdown summary to the job's step summary (GitHub Actions)."""
    from trackmd.io.clock import today_from
    from trackmd.ui.summary import Tracked, markdown

    text = markdown([Tracked(t.doc, len(t.stale)) for t in loaded], today_from(date))
    try:
        with target.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        output.warning(f"could not write the step summary {target}: {error.strerror}")
