"""`status`, `list`, `next` and `board`: read the trackers, count or order, render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

from trackmd.app import api
from trackmd.core.derive import Counts, Progress, counts_of
from trackmd.core.errors import USAGE, TrackmdError
from trackmd.core.model import Document, Item, State
from trackmd.core.record import NamedTuple
from trackmd.ui import output, render


def status(
    paths: list[Path],
    *,
    as_json: bool,
    depth: int | None,
    show_open: bool,
    date: str | None,
    columns: int,
    fmt: str = "text",
) -> int:
    from trackmd.io.clock import today_from

    if fmt not in ("text", "json", "markdown"):
        raise TrackmdError("--format must be text, json or markdown", USAGE)
    today = today_from(date)
    as_json = as_json or fmt == "json"
    if fmt == "markdown":
        from trackmd.ui.summary import Tracked, markdown

        loaded = api.each_tracker(paths)  # one at a time: each is summed up, then released
        output.text(markdown([Tracked(t.doc, len(t.stale)) for t in loaded], today))
        return 0
    totals: list[Progress] = []
    if as_json:
        import functools

        files = []
        found = api.found_trackers(paths)  # made in the workers when many, as text is
        for entry, progress in api.each_made(found, functools.partial(_file_json, today=today)):
            totals.append(progress)
            files.append(entry)
        payload: dict[str, object] = {"schema": render.SCHEMA, "files": files}
        if len(totals) > 1:
            payload["total"] = sum(totals[1:], totals[0]).as_json()
        output.print_json(payload)
        return 0
    return _status_text(paths, depth=depth, show_open=show_open, today=today,
                        columns=columns)  # fmt: skip


def _file_json(tracker: api.Tracker, *, today: dt.date) -> tuple[dict[str, object], Progress]:
    """One file's part of `status --json`, and its progress for the total."""
    counts = Counts(tracker.doc)
    entry = render.document_json(tracker.doc, counts, len(tracker.stale))
    return {**entry, "overdue": len(render.overdue(tracker.doc, today))}, counts.document


class StatusView(NamedTuple):
    """One file's part of `status`: its lines, and its progress for the total."""

    segments: list[render.Segment]
    progress: Progress


def _status_text(
    paths: list[Path], *, depth: int | None, show_open: bool, today: dt.date, columns: int
) -> int:
    segments: list[render.Segment] = []
    totals: list[Progress] = []
    for view in _status_views(paths, depth=depth, show_open=show_open, today=today,
                              columns=columns):  # fmt: skip
        totals.append(view.progress)
        segments += view.segments
    if len(totals) > 1:  # the repository at once (issue 16)
        segments += render.total(sum(totals[1:], totals[0]), len(totals))
    render.emit(segments)
    return 0


def _status_views(
    paths: list[Path], *, depth: int | None, show_open: bool, today: dt.date, columns: int
) -> Iterator[StatusView]:
    """Each file's status, in order. A file unchanged since the last `status` with the
    same options and day is not loaded at all: its rendering is read back from the cache
    (a monorepo re-runs in the time of reading its files). The others load one at a time,
    on every core when many (each worker renders and keeps its files' views, and sends back
    only those), are rendered, kept and released."""
    found = api.found_trackers(paths)
    import functools
    import os

    parser = os.environ.get("TRACKMD_PARSER", "")  # the setting is in the settings, keyed too
    params = repr((depth, show_open, today.isoformat(), columns, parser))
    views = [api.cached_view(path, "status", params, StatusView) for path in found]
    make = functools.partial(_status_view, params=params, depth=depth, show_open=show_open,
                             today=today, columns=columns)  # fmt: skip
    missing = api.each_made([p for p, view in zip(found, views, strict=True) if view is None], make)
    for view in views:
        yield next(missing) if view is None else view


def _status_view(
    tracker: api.Tracker,
    *,
    params: str,
    depth: int | None,
    show_open: bool,
    today: dt.date,
    columns: int,
) -> StatusView:
    """One file's status view, kept in the cache for the next run with the same `params`."""
    counts = counts_of(tracker.doc)
    lines = render.status(tracker.doc, counts, len(tracker.stale), depth=depth,
                          show_open=show_open, today=today, columns=columns)  # fmt: skip
    view = StatusView(lines, counts.document)
    api.keep_view(tracker, "status", params, view)
    return view


def states(name: str | None) -> set[State] | None:
    """The states `--state` asks for: a state's name, or `todo` for items not started."""
    if name is None:
        return None
    key = name.lower().replace("-", "_").replace(" ", "_")
    if key == "todo":  # what a reader means by "to do": not started yet
        return {State.OPEN}
    try:
        return {State(key)}
    except ValueError:
        choices = ", ".join(s.value for s in State)
        raise TrackmdError(f"--state must be one of {choices}, or todo (= open)", USAGE) from None


class ListFilters(NamedTuple):
    """`list`'s narrowing and order, beyond state, section and owner (issue 16)."""

    due: str | None = None
    priority: str | None = None
    tag: str | None = None
    sort: str = "line"
    limit: int | None = None
    ready: bool = False
    date: str | None = None


def list_items(
    paths: list[Path],
    *,
    state: str | None,
    section: str | None,
    owner: str | None,
    as_json: bool,
    filters: ListFilters = ListFilters(),  # noqa: B008 - an immutable NamedTuple
) -> int:
    from trackmd.core import urgency
    from trackmd.core.parse.metadata import PRIORITY_RANK, level
    from trackmd.io.clock import today_from

    wanted = states(state)
    today = today_from(filters.date)
    keep = _due_filter(filters.due, today)
    levels = None
    if filters.priority is not None:
        levels = {level(p) or p.strip().lower() for p in filters.priority.split(",")}
        if not levels <= {name for name in PRIORITY_RANK if name}:
            raise TrackmdError("--priority takes highest, high, medium, low, lowest or P0–P4 "
                               "(comma-separated)", USAGE)  # fmt: skip
    if filters.sort not in urgency.SORTS:
        raise TrackmdError(f"--sort must be one of {', '.join(urgency.SORTS)}", USAGE)
    tag = filters.tag.lstrip("#").lower() if filters.tag else None
    docs = [tracker.doc for tracker in api.each_tracker(paths)]
    ready = None
    if filters.ready:
        found = urgency.plan_next(docs, today)
        ready = {(e.doc.path, e.item.number) for e in found.ready}
    rows: list[tuple[Document, Item]] = []
    for doc in docs:
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
            if keep is not None and not keep(item):
                continue
            if levels is not None and item.priority not in levels:
                continue
            if tag is not None and tag not in {t.lower() for t in item.tags}:
                continue
            if ready is not None and (doc.path, item.number) not in ready:
                continue
            rows.append((doc, item))
    rows.sort(key=urgency.sort_key(filters.sort))  # stable: file order among equals
    rows = rows[: filters.limit] if filters.limit is not None else rows
    if as_json:
        items = [{"path": d.path, **render.item_json(d, i)} for d, i in rows]
        output.print_json({"schema": render.SCHEMA, "items": items})
        return 0
    render.emit(render.item_table(rows))
    return 0


def _due_filter(spec: str | None, today: dt.date) -> Callable[[Item], bool] | None:
    from trackmd.core.urgency import due_filter

    if spec is None:
        return None
    try:
        return due_filter(spec, today)
    except ValueError:
        raise TrackmdError(
            f"--due {spec!r}: use overdue, today, week or before:YYYY-MM-DD", USAGE
        ) from None


def next_items(
    paths: list[Path], *, limit: int, owner: str | None, as_json: bool, date: str | None
) -> int:
    """`next`: what to do now across the trackers named (or found), and what is blocked."""
    from trackmd.core.urgency import Entry, plan_next
    from trackmd.io.clock import today_from

    today = today_from(date)
    docs = [tracker.doc for tracker in api.each_tracker(paths)]
    found = plan_next(docs, today, owner)
    if as_json:

        def entry(e: Entry) -> dict[str, object]:
            return {"path": e.doc.path, **render.item_json(e.doc, e.item), "why": list(e.reasons)}

        output.print_json({
            "schema": render.SCHEMA,
            "today": today.isoformat(),
            "ready": [entry(e) for e in found.ready[:limit]],
            "ready_total": len(found.ready),
            "blocked": [entry(e) for e in found.blocked],
        })  # fmt: skip
        return 0
    render.emit(render.next_table(found, limit))
    return 0


def board(
    paths: list[Path],
    *,
    by: str,
    limit: int | None,
    as_json: bool,
    date: str | None,
    columns: int,
) -> int:
    """`board`: the items as cards in columns, by state or by the file's own lanes."""
    from trackmd.io.clock import today_from
    from trackmd.ui import board as view

    if by not in ("auto", "lane", "state"):
        raise TrackmdError("--by must be auto, lane or state", USAGE)
    today = today_from(date)
    docs = [tracker.doc for tracker in api.each_tracker(paths)]
    cols = view.columns(docs, by)
    if as_json:
        output.print_json(view.board_json(cols, today))
        return 0
    render.emit(view.render(cols, today, columns, limit))
    return 0
