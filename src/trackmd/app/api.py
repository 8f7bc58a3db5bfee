"""The small public API the commands share: load trackers, check them, write plans."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from trackmd.core.errors import BadInput, TrackmdError
from trackmd.core.model import Diagnostic, Document, Edit, Item, Severity, State
from trackmd.core.record import NamedTuple
from trackmd.io import atomic, files
from trackmd.io.project import project_settings

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from trackmd.core.derive import Counts
    from trackmd.core.model import Plan


T = TypeVar("T")


class Tracker(NamedTuple):
    path: Path
    data: bytes
    doc: Document
    stale: tuple[Edit, ...] = ()  # derived values that are out of date

    @property
    def name(self) -> str:
        return self.doc.path


def display_path(path: Path) -> str:
    """Relative to the current folder when the file is under it; else as an absolute path
    (never `../../../tmp/x.md`)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return os.path.normpath(Path.cwd() / path)
    return relative


class Analysis(NamedTuple):
    """What the disk cache keeps per file version: the model and its stale values."""

    doc: Document
    stale: tuple[Edit, ...]
    material: tuple[bytes, str, str, str]  # what the entry was made from, checked on reading


def load_text(
    path: Path, data: bytes, name: str | None = None, view: str = "", exact: bool = False
) -> Tracker:
    """The tracker `data` is a version of; `view` names a version kept in the cache beside
    the working file's (`staged`). `exact`: its blocks read by markdown-it-py (for a write),
    whatever the read path's setting."""
    from trackmd.core.parse import MARKDOWN_IT, block_reader
    from trackmd.io import cache

    name = name or display_path(path)
    settings = project_settings(path)
    keep = cache.folder(path) is not None  # with the cache off, no key is worked out
    material = (data, name, repr(settings), cache.code_fingerprint() if keep else "")
    key, head = (
        (cache.slot(path, view), cache.header(data, name, repr(settings))) if keep else ("", b"")
    )
    found = cache.get(path, key, Analysis, head) if keep else None
    if found is not None and found.material != material:
        found = None  # another version, setting or trackmd: never serve a stale model
    blocks = MARKDOWN_IT if exact else block_reader(settings.parser)
    if found is not None and found.doc.blocks != blocks and blocks == MARKDOWN_IT:
        found = None  # the scanner's reading, where markdown-it-py's is asked for
    if found is None:
        from trackmd.core.edit import out_of_date
        from trackmd.core.parse import parse

        text = files.decode(data, name)
        doc = parse(text, name, settings, blocks=MARKDOWN_IT if exact else None)
        found = Analysis(doc, tuple(out_of_date(doc)), material)
        if keep and not any(d.code == "config" for d in doc.diagnostics):
            cache.put(path, key, head, found)
    for diag in found.doc.diagnostics:
        if diag.code == "config":
            raise BadInput(f"{found.doc.path}: {diag.message}")
    return Tracker(path, data, found.doc, found.stale)


def load(path: Path, exact: bool = False) -> Tracker:
    # the bytes alone: the read's decoded text would stay alive beside the parse's own
    data = files.read(path, project_settings(path).max_size_mb).data
    return load_text(path, data, exact=exact)


def find(paths: list[Path], globs: tuple[str, ...] = ()) -> list[Path]:
    """The files named and the trackers in the folders named (or in the repository): what git
    lists there, where it can."""
    from trackmd.git.repository import listed_markdown

    return files.resolve_paths(paths, globs, listed_markdown)


def cached(path: Path) -> bool:
    """Whether `load(path)` would read the model from the cache (a look at a few bytes)."""
    from trackmd.io import cache

    if cache.folder(path) is None:
        return False  # the cache is off: not even a read
    try:
        data = files.read(path, project_settings(path).max_size_mb).data
    except (OSError, BadInput):
        return False  # `load` says why, in its turn
    head = cache.header(data, display_path(path), repr(project_settings(path)))
    return cache.peek(path, cache.slot(path)) == head


def trackers(paths: list[Path]) -> list[Tracker]:
    return list(each_tracker(paths))


def found_trackers(paths: list[Path]) -> list[Path]:
    """The files `each_tracker(paths)` reads, in its order."""
    globs = project_settings(Path.cwd()).files if not paths else ()
    return find(paths, globs)


def _view_head(path: Path, data: bytes, kind: str, params: str) -> bytes:
    from trackmd.io import cache

    return cache.header(data, display_path(path), repr(project_settings(path)), kind, params)


def cached_view(path: Path, kind: str, params: str, of: type[T]) -> T | None:
    """What a command made of this version of the tracker with these `params` (`status`'s
    rendering), kept beside its model by `keep_view`: a re-run reads a few hundred bytes,
    not the model. None when the file, its settings, trackmd or `params` changed."""
    from trackmd.io import cache

    if cache.folder(path) is None:
        return None  # the cache is off: not even a read
    try:
        data = files.read(path, project_settings(path).max_size_mb).data
    except (OSError, BadInput):
        return None  # loading it says why
    return cache.get(path, cache.slot(path, kind), of, _view_head(path, data, kind, params))


def keep_view(tracker: Tracker, kind: str, params: str, value: object) -> None:
    from trackmd.io import cache

    if cache.folder(tracker.path) is None:
        return  # the cache is off: no key worked out
    head = _view_head(tracker.path, tracker.data, kind, params)
    cache.put(tracker.path, cache.slot(tracker.path, kind), head, value)


POOL_MIN = 24  # trackers from which a cold run parses on every core (fork costs ~10 ms each)


def each_tracker(paths: list[Path]) -> Iterator[Tracker]:
    """The trackers named (or found), in order, one at a time so a caller can render and
    release each. Many of them load on every core: each worker reads, parses and caches
    whole files, so the results are the serial path's (`tests/test_scale.py`)."""
    yield from each_found(found_trackers(paths))


def each_found(found: list[Path]) -> Iterator[Tracker]:
    """`each_tracker` of files already found."""
    yield from each_made(found, _same)


def _same(tracker: Tracker) -> Tracker:
    return tracker


def each_made(found: list[Path], make: Callable[[Tracker], T]) -> Iterator[T]:
    """`make(load(path))` of each file, in order. Many cold files load on every core, and
    each worker makes what the caller needs of its trackers there: only that comes back
    (a rendering is a few hundred bytes, a model a few hundred KB to pickle and unpickle).
    `make` must pickle (a module's function, or a `functools.partial` of one); it runs in
    the worker, so what it writes to the cache is written there."""
    if _workers(len(found)) < 2:
        yield from (make(load(path)) for path in found)
        return
    warm = [cached(p) for p in found]  # warm trackers load here: sending one costs more
    cold = [p for p, hit in zip(found, warm, strict=True) if not hit]
    workers = _workers(len(cold))
    if workers < 2:
        yield from (make(load(path)) for path in found)
        return
    import functools
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(8, len(cold) // (workers * 4)))  # small: the last chunks end together
    context = multiprocessing.get_context("fork")  # the parent's imports, not re-done
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        made = pool.map(functools.partial(_load_and_make, make), cold, chunksize=chunk)
        for path, hit in zip(found, warm, strict=True):
            result = make(load(path)) if hit else next(made)
            if isinstance(result, _Failed):  # raised where one core raises it: every file
                raise TrackmdError(result.message, result.code)  # before it said its part
            yield result
    finally:  # a file that fails stops the run, as it does on one core: the rest are not read
        pool.shutdown(cancel_futures=True)


class _Failed(NamedTuple):
    """A worker's file that failed to load: sent back in its place in the order, not
    raised there (a raise loses the results of the files before it in the same chunk)."""

    message: str
    code: int


def _load_and_make(make: Callable[[Tracker], T], path: Path) -> T | _Failed:
    try:
        return make(load(path))
    except TrackmdError as error:
        return _Failed(error.message, error.code)


def _workers(count: int) -> int:
    if count < POOL_MIN or os.environ.get("TRACKMD_JOBS") == "1":
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    jobs = os.environ.get("TRACKMD_JOBS", "")
    if jobs.isdigit() and int(jobs) > 0:
        cores = int(jobs)
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # Windows: a spawned worker would import trackmd again; serial is faster
    return min(cores, 8, max(1, count // 8))


# -- check --------------------------------------------------------------------------------


def diagnostics(
    doc: Document, stale: list[Edit] | None = None, counts: Counts | None = None
) -> list[Diagnostic]:
    """Everything `trackmd check` reports for one document, in line order. `counts`: the
    document's, when the caller has them (the language server, at every change)."""
    from trackmd.core.derive import Counts, unresolved_labels
    from trackmd.core.edit import out_of_date
    from trackmd.core.source import Source

    counts = Counts(doc) if counts is None else counts
    found = _once_per_status(doc.diagnostics)
    stale = out_of_date(doc, counts) if stale is None else stale
    src = Source.of(doc.text) if stale else None
    for edit in stale:
        assert src is not None
        line, col = src.position(edit.span.start)
        message = stale_message(doc, edit)
        found.append(Diagnostic(line + 1, col + 1, Severity.ERROR, "out-of-date", message))
    found.extend(_consistency(doc, counts))
    found.extend(unresolved_labels(doc, counts))
    from trackmd.io.encoding import find_mojibake

    hits = find_mojibake(doc.text)
    if hits:
        first = hits[0]
        plural = "s" if len(hits) != 1 else ""
        found.append(Diagnostic(
            first.line, first.column, Severity.WARNING, "mojibake",
            f"likely mojibake ({len(hits)} sequence{plural}, first '{first.text}'); "
            f"run `trackmd fix-encoding {doc.path}`",
        ))  # fmt: skip
    found.sort(key=lambda d: (d.line, d.column))
    return found


def stale_message(doc: Document, edit: Edit) -> str:
    """What an out-of-date value says in `check` (and in the editor): old → new."""
    old = doc.text[edit.span.start : edit.span.end]
    return f"{edit.what}: '{old.strip()}' → '{edit.text.strip()}'"


def _once_per_status(diagnostics: tuple[Diagnostic, ...]) -> list[Diagnostic]:
    """One `unknown-status` line per unknown status, at its first use, with how many times it
    is used: the same unknown word on 52 rows is one thing to map, not 52."""
    counts: dict[str, int] = {}
    for d in diagnostics:
        if d.code == "unknown-status":
            counts[d.message] = counts.get(d.message, 0) + 1
    out: list[Diagnostic] = []
    seen: set[str] = set()
    for d in diagnostics:
        if d.code != "unknown-status":
            out.append(d)
        elif d.message not in seen:
            seen.add(d.message)
            n = counts[d.message]
            out.append(d._replace(message=f"{d.message}; {n} uses") if n > 1 else d)
    return out


def _consistency(doc: Document, counts: Counts) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    children: dict[int, list[Item]] = {}
    for item in doc.items:
        if item.parent is not None:
            children.setdefault(item.parent, []).append(item)
    by_id = {item.id: item for item in doc.items if item.id}
    by_id.update({item.task_id: item for item in doc.items if item.task_id})
    for item in doc.items:
        kids = [k for k in children.get(item.number, []) if k.state is not State.CANCELLED]
        if kids and item.state is State.DONE and any(k.state is not State.DONE for k in kids):
            out.append(Diagnostic(item.line + 1, 1, Severity.WARNING, "open-sub-items",
                                  f"#{item.number} is done but has open sub-items"))  # fmt: skip
        if kids and item.state is State.OPEN and all(k.state is State.DONE for k in kids):
            out.append(
                Diagnostic(
                    item.line + 1,
                    1,
                    Severity.WARNING,
                    "sub-items-done",
                    f"#{item.number}: every sub-item is done but it is open",
                )
            )
        if item.state is State.DONE:
            for dep in item.depends:
                target = by_id.get(dep)
                if target is not None and target.state not in (State.DONE, State.CANCELLED):
                    out.append(Diagnostic(
                        item.line + 1, 1, Severity.WARNING, "open-dependency",
                        f"#{item.number} is done but its dependency {dep} is {target.state.value}",
                    ))  # fmt: skip
    for section in doc.sections:
        marker_blocked = section.marker is not None and section.marker.state is State.BLOCKED
        if marker_blocked and counts.of(section.index).percent == 100:
            out.append(
                Diagnostic(
                    section.line + 1,
                    1,
                    Severity.WARNING,
                    "blocked-done",
                    f"{section.label} is marked blocked but all its items are done",
                )
            )
    return out


def failing(found: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in found)


# -- write --------------------------------------------------------------------------------


def plan_for(tracker: Tracker, today: dt.date, state_edits: list[Edit] | None = None) -> Plan:
    from trackmd.core.model import Plan

    if not state_edits and not tracker.stale:  # a no-op sync: nothing to compute or verify
        return Plan(tracker.doc, tracker.doc, tracker.doc.text, ())
    from trackmd.core.edit import plan
    from trackmd.io.clock import now_on

    return plan(tracker.doc, today, state_edits, now_on(today))


def write(tracker: Tracker, result: Plan) -> bool:
    """Write a verified plan; False when there was nothing to write (mtime unchanged)."""
    if not result.changed:
        return False
    atomic.write_atomic(tracker.path, result.text.encode("utf-8"), tracker.data)
    return True


def unified_diff(tracker: Tracker, new_text: str) -> str:
    old_lines = tracker.doc.text.splitlines(keepends=True)
    new_lines = new_text.splitlines(keepends=True)
    name = tracker.doc.path
    before, after = (name, name) if Path(name).is_absolute() else (f"a/{name}", f"b/{name}")
    if len(old_lines) == len(new_lines):
        return "".join(line_for_line_diff(old_lines, new_lines, before, after))
    import difflib

    return "".join(difflib.unified_diff(old_lines, new_lines, before, after))


def line_for_line_diff(
    old: list[str], new: list[str], before: str, after: str, context: int = 3
) -> Iterator[str]:
    """`difflib.unified_diff` of two texts of as many lines, where line i of one stands for
    line i of the other (edits within lines: every sync, every tick). Linear: difflib's
    matcher is quadratic on thousands of like lines (issue 15: a 20,000-heading sync)."""
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    if not changed:
        return
    yield f"--- {before}\n+++ {after}\n"
    groups: list[list[int]] = [[changed[0]]]
    for i in changed[1:]:
        if i - groups[-1][-1] - 1 > 2 * context:  # difflib splits on more than 2n equal lines
            groups.append([i])
        else:
            groups[-1].append(i)
    for group in groups:
        start, stop = max(0, group[0] - context), min(len(old), group[-1] + 1 + context)
        length = stop - start
        span = f"{start + 1}" if length == 1 else f"{start + 1},{length}"
        yield f"@@ -{span} +{span} @@\n"
        i = start
        while i < stop:
            if old[i] == new[i]:
                yield " " + old[i]
                i += 1
                continue
            run = i
            while run < stop and old[run] != new[run]:
                run += 1
            yield from ("-" + line for line in old[i:run])
            yield from ("+" + line for line in new[i:run])
            i = run
