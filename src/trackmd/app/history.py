"""`burndown` and `log`: which tracker, then the history modules, then the chosen format."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from trackmd.core.config import shown
from trackmd.core.errors import USAGE, BadInput, TrackmdError
from trackmd.ui import output

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
    from trackmd.git.repository import tracked_markdown
    from trackmd.io.files import is_tracker
    from trackmd.io.project import load_project_settings

    root, names = tracked_markdown(start or Path.cwd())
    globs = load_project_settings(root).files
    chosen = [
        n
        for n in names
        if is_tracker(n, b"", globs) or (not globs and is_tracker(n, _head(root / n)))
    ]  # fmt: skip  (front matter read only where the name does not tell)
    return root, [root / n for n in chosen]


def _head(path: Path) -> bytes:
    """The first 4 KiB of a file (where front matter would be); nothing when unreadable."""
    try:
        with path.open("rb") as handle:
            return handle.read(4096)
    except OSError:
        return b""


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
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def burndown(
    path: Path | list[Path] | None,
    *,
    since: str | None,
    until: str | None,
    points: bool,
    format: str,
    write: bool,
    date: str | None,
    by_file: bool = False,
) -> int:
    from trackmd.history import burndown as bd

    if format not in bd.FORMATS:
        raise TrackmdError(
            f"--format must be one of {', '.join(bd.FORMATS)}, not {shown(format)}", USAGE
        )
    start, end = _date(since, "--since"), _date(until, "--until")
    if start and end and end < start:
        raise TrackmdError(f"--until ({end}) is before --since ({start})", USAGE)
    today = _today(date)
    named = [path] if isinstance(path, Path) else list(path or [])
    if not named:
        _, named = committed_trackers()
        if len(named) <= 1:
            named = [find_tracker()]  # one, or says why there is none
    if len(named) > 1 or by_file:
        if write:
            raise TrackmdError("--write regenerates one tracker's block; name one file", USAGE)
        return _burndown_of_many(named, today, start, end, points, format, by_file)
    target = named[0]
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
        output.warning(warning)
    if write:
        changed = bd.write(target, result)
        message = "burndown block regenerated" if changed else "burndown block already up to date"
        output.text(f"{name}: {message}\n")
        return 0
    if format == "chart":
        from rich.console import Console  # Rich only where it draws: the other formats are text

        bd.rich_chart(result, Console(highlight=False))
        return 0
    if format == "json":
        text = bd.to_json(result)
    elif format == "csv":
        text = bd.to_csv(result)
    elif format == "mermaid":
        text = "\n".join(["```mermaid", bd.mermaid_init(result), *bd.mermaid(result), "```"])
        text += "\n"
    else:
        text = "\n".join(bd.text_chart(result)) + "\n"
    output.text(text)
    return 0


def _burndown_of_many(
    paths: list[Path],
    today: dt.date,
    start: dt.date | None,
    end: dt.date | None,
    points: bool,
    format: str,
    by_file: bool,
) -> int:
    """`burndown A.md B.md` (or every tracker): their series summed per day (issue 16)."""
    from trackmd.history import burndown as bd
    from trackmd.history.combined import as_json, build_many

    for target in paths:
        if target.is_dir():
            raise BadInput(f"{target}: is a directory; name the tracker files")
    found = build_many(paths, [_display(p) for p in paths], today=today, since=start,
                       until=end, points=points)  # fmt: skip
    for warning in found.total.warnings:
        output.warning(warning)
    shown_ = [*found.files, found.total] if by_file else [found.total]
    if format == "json":
        import json

        output.text(json.dumps(as_json(found, by_file), ensure_ascii=False, indent=2) + "\n")
    elif format == "csv":
        rows = [(b.path, line) for b in shown_ for line in bd.to_csv(b).splitlines()]
        header = "path," + rows[0][1]
        body = [f"{_csv_cell(name)},{line}" for name, line in rows if not line.startswith("date,")]
        output.text("\n".join([header, *body]) + "\n")
    elif format == "chart":
        from rich.console import Console

        console = Console(highlight=False)
        for n, one in enumerate(shown_):
            if n:
                console.print()
            bd.rich_chart(one, console)
    else:
        blocks = []
        for one in shown_:
            if format == "mermaid":
                chart = ["```mermaid", bd.mermaid_init(one), *bd.mermaid(one), "```"]
            else:
                chart = bd.text_chart(one)
            blocks.append("\n".join(chart))
        output.text("\n\n".join(blocks) + "\n")
    return 0


def _csv_cell(value: str) -> str:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([value])
    return out.getvalue()


def log(ref: str, file: Path | None) -> int:
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
        output.warning(warning)
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
    return 0


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
