"""State changes (`done`, `undo`, `start`, `block`) and `add`: plan, verify, write per file."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from trackmd.app import api
from trackmd.core import obsidian, patterns
from trackmd.core.derive import Counts, Wording
from trackmd.core.edit import Edit, Plan, state_edit
from trackmd.core.errors import USAGE, BadInput, Refused, TrackmdError
from trackmd.core.model import Document, Item, State
from trackmd.core.parse.lanes import fixed_state
from trackmd.core.refs import resolve
from trackmd.core.source import Source
from trackmd.io import atomic, files
from trackmd.io.project import project_settings

# Which items a section REF with --all changes, per target state.
ELIGIBLE = {
    State.DONE: {State.OPEN, State.IN_PROGRESS, State.BLOCKED},
    State.OPEN: {State.DONE, State.IN_PROGRESS, State.BLOCKED},
    State.IN_PROGRESS: {State.OPEN},
    State.BLOCKED: {State.OPEN, State.IN_PROGRESS},
}
VERB = {State.DONE: "Done", State.OPEN: "Undo", State.IN_PROGRESS: "Start", State.BLOCKED: "Block"}
LABEL = {State.DONE: "Done", State.OPEN: "Open", State.IN_PROGRESS: "In progress",
         State.BLOCKED: "Blocked", State.CANCELLED: "Cancelled"}  # fmt: skip


class FileChange:
    """One file's planned change and the items it changes (a plain class: a state
    command imports no dataclasses)."""

    __slots__ = ("items", "plan", "tracker")

    def __init__(self, tracker: api.Tracker, plan: Plan, items: list[Item] | None = None) -> None:
        self.tracker = tracker
        self.plan = plan
        self.items: list[Item] = [] if items is None else items


@contextlib.contextmanager
def locked_all(paths: list[Path]) -> Iterator[None]:
    """Lock every folder involved, in a fixed order (no deadlock between two runs)."""
    with contextlib.ExitStack() as stack:
        for folder in sorted({p.resolve().parent for p in paths}):
            stack.enter_context(files.locked(folder / "_"))
        yield


def candidate_paths(named: list[Path]) -> list[Path]:
    globs = project_settings(Path.cwd()).files if not named else ()
    return api.find(named, globs)


def change_states(
    paths: list[Path],
    refs: list[str],
    target: State,
    *,
    every: bool,
    today: dt.date,
) -> list[FileChange]:
    """Resolve REFs, set their states, recompute what that affects. Caller holds the lock."""
    trackers = [api.load(p, exact=True) for p in paths]  # read as the write will verify
    docs = [t.doc for t in trackers]
    chosen: dict[str, dict[int, Item]] = {}
    for ref in refs:
        try:
            found = resolve(docs, ref)
        except BadInput:
            unless_changed(trackers)  # a REF missing from a half-written save is not unknown
            raise
        items = list(found.items)
        if found.section is not None:
            if not every:
                raise BadInput(
                    f"REF {ref!r} names the section {found.section.label!r} "
                    f"({len(items)} items); nothing changed — add --all to change its items"
                )
            items = [i for i in items if i.state in ELIGIBLE[target]]
        for item in items:
            chosen.setdefault(found.doc.path, {})[item.number] = item
    changes: list[FileChange] = []
    for tracker in trackers:
        picked = chosen.get(tracker.doc.path)
        if not picked:
            continue
        result, changed_items = plan_change(tracker.doc, list(picked.values()), target, today)
        changes.append(FileChange(tracker, result, changed_items))
    return changes


def plan_change(
    original: Document, picked: list[Item], target: State, today: dt.date
) -> tuple[Plan, list[Item]]:
    """The verified plan setting `picked` to `target` in one document, and the items it
    changes (the CLI's state commands and the editor's "Mark …" actions)."""
    doc, items = original, [i for i in picked if i.state is not target]
    if target is State.DONE:  # a recurring task's next instance first, as the plugin does
        doc, items = obsidian.with_next_instances(doc, items, today)
        _say_unrecurring(original.path, items)
    wording = Wording(doc)
    edits: list[Edit] = []
    changed_items: list[Item] = []
    for item in items:
        fixed = fixed_state(doc, item, target)
        if fixed is not None:
            raise Refused(f"{original.path}: {fixed}; nothing written")
        edit = state_edit(doc, item, target, wording)
        if edit is not None:
            edits.append(edit)
            changed_items.append(item)
            dated = obsidian.date_edit(doc, item, target, today)
            if dated is not None:
                edits.append(dated)
    if not edits:  # already in that state: nothing to write, not even stale values
        return Plan(original, original, original.text, ()), []
    from trackmd.core.edit import plan
    from trackmd.io.clock import now_on

    result = plan(doc, today, edits, now_on(today))
    return result._replace(before=original), changed_items


def _say_unrecurring(name: str, items: list[Item]) -> None:
    from trackmd.ui import output

    for item in items:
        if item.recurrence is not None and not obsidian.understood(item.recurrence):
            output.warning(
                f"{name}:{item.line + 1}: recurrence {item.recurrence!r} is not a rule "
                "trackmd reads (every N days/weeks/months/years, on a weekday or the Nth); "
                "no next instance written"
            )


def unless_changed(trackers: list[api.Tracker]) -> None:
    """Refuse (exit 4) when a file is no longer what was read: an editor saving in place
    while trackmd read it leaves a half-written file, whose missing REF says nothing."""
    for tracker in trackers:
        try:
            current = tracker.path.read_bytes()
        except OSError:
            continue
        if current != tracker.data:
            raise Refused(
                f"{tracker.name}: changed while trackmd read it (an editor saving?); "
                "nothing written: run the command again"
            )


def section_progress(doc: Document, item: Item) -> str:
    counts = Counts(doc)
    section = doc.sections[item.section]
    progress = counts.of(section.index)
    percent = f" ({progress.percent}%)" if progress.percent is not None else ""
    return f"{section.label}: {progress.done}/{progress.total}{percent}"


def commit_message(target: State, items: list[Item]) -> str:
    names = ", ".join(f"{i.id} {i.text}" if i.id and not i.text.startswith(i.id) else i.text
                      for i in items)  # fmt: skip
    return f"{VERB[target]}: {names}"[:200]


def commit_root(paths: list[Path]) -> Path:
    """The work tree `--commit` will commit in, found before anything is written."""
    from trackmd.git.commit import work_tree

    return work_tree(paths)


def commit_to(root: Path, paths: list[Path], message: str) -> str:
    """Commit exactly these files (other staged changes stay staged)."""
    from trackmd.git.commit import commit_only

    return commit_only(root, paths, message)


# -- add --------------------------------------------------------------------------------


def check_item_text(text: str) -> None:
    """An item is one line of text: a newline or control character could write a heading or
    a pre-ticked item of its own, or reach a terminal (usage error, exit 2)."""
    import unicodedata

    for char in text:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            raise TrackmdError(
                f"the item text holds a newline or control character (U+{ord(char):04X}); "
                "give one line of plain text",
                USAGE,
            )


def add_item(doc: Document, text: str, section_ref: str, with_id: bool) -> tuple[str, int]:
    """New text with a checkbox item appended to the section's first checklist, and its line."""
    from trackmd.core.refs import fold

    key = fold(section_ref)
    matches = [
        s for s in doc.sections[1:]
        if s.id.lower() == section_ref.lower() or fold(s.label) == key
    ] or [s for s in doc.sections[1:] if key and key in fold(s.label)]  # fmt: skip
    if not matches:
        raise BadInput(f"no section matches {section_ref!r} in {doc.path}")
    if len(matches) > 1:
        names = "; ".join(f"{s.id} ({s.label})" for s in matches[:6])
        raise BadInput(f"section {section_ref!r} is ambiguous in {doc.path}: {names}")
    section = matches[0]
    src = Source.of(doc.text)
    newline = src.newline()
    if with_id:
        text = f"{next_id(doc, section.index)} {text}"
    own = [i for i in doc.items if i.section == section.index and i.kind.value == "checkbox"]
    top = [i for i in own if i.parent is None]
    if top:
        last = top[-1]
        end_line = max(i.line for i in own if i.line >= last.line and _under(doc, i, last))
        marker = last.list_marker
        if marker[:-1].isdigit():
            marker = f"{int(marker[:-1]) + 1}{marker[-1]}"
        new_line = f"{last.list_indent}{marker} [ ] {text}"
        insert_at = src.line_ends[end_line]
        return doc.text[:insert_at] + newline + new_line + doc.text[insert_at:], end_line + 1
    # no checklist yet: start one at the end of the section's own text
    next_heading = min(
        (s.line for s in doc.sections if s.line > section.line and s.level <= section.level),
        default=src.line_count,
    )
    child_heading = min((s.line for s in doc.sections if s.parent == section.index),
                        default=next_heading)  # fmt: skip
    stop = min(next_heading, child_heading)
    end_line = stop - 1
    while end_line > section.line and not src.line(end_line).strip():
        end_line -= 1
    insert_at = src.line_ends[end_line]
    block = newline + newline + f"- [ ] {text}"
    return doc.text[:insert_at] + block + doc.text[insert_at:], end_line + 2


def _under(doc: Document, item: Item, top: Item) -> bool:
    current: Item | None = item
    while current is not None:
        if current.number == top.number:
            return True
        current = doc.items[current.parent - 1] if current.parent else None
    return False


def next_id(doc: Document, section: int) -> str:
    ids = [i.id for i in doc.items if i.id and i.section == section] or [
        i.id for i in doc.items if i.id
    ]
    if not ids:
        raise BadInput(f"--id: no explicit IDs in {doc.path} to continue from; write one yourself")
    last = ids[-1]
    match = re.match(r"^(.*-)(\d+)$", last)
    assert match is not None
    prefix, digits = match.groups()
    # numbered after every ID of that prefix in the file, not only the section's own: an ID
    # used in another section is never given out again
    same = patterns.compile(re.escape(prefix) + r"(\d+)$", re.IGNORECASE)
    taken = [i.id for i in doc.items if i.id]
    numbers = [int(m.group(1)) for i in taken if (m := same.match(i))]
    return f"{prefix}{max(numbers) + 1:0{len(digits)}d}"


# -- the commands -----------------------------------------------------------------------


def run_state(
    target_name: str,
    refs: list[str],
    named: list[Path],
    *,
    every: bool,
    dry_run: bool,
    commit: bool,
    date: str | None,
) -> int:
    """`done`, `undo`, `start`, `block`: change, write (or show), say what changed."""
    from trackmd.io.clock import today_from
    from trackmd.ui import output, render

    target = State(target_name)
    today = today_from(date)
    paths = candidate_paths(named)
    root = commit_root(paths) if commit and not dry_run else None
    with locked_all(paths):
        results = change_states(paths, refs, target, every=every, today=today)
        for result in results:
            if dry_run:
                output.show_diff(api.unified_diff(result.tracker, result.plan.text))
            else:
                api.write(result.tracker, result.plan)
    changed_paths = []
    all_items = []
    label = LABEL[target]
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
            lines.append((f"  {section_progress(doc, now)}\n", "dim"))
            all_items.append(item)
        if result.items and result.plan.changed:
            changed_paths.append(result.tracker.path)
    if not all_items:
        lines.append((f"nothing to change: already {label.lower()}\n", "dim"))
    render.emit(lines)
    if root is not None and changed_paths:
        sha = commit_to(root, changed_paths, commit_message(target, all_items))
        render.emit([(f"committed {sha}\n", "dim")])
    return 0


def run_add(
    text: str, to: str, named: list[Path], *, with_id: bool, dry_run: bool, date: str | None
) -> int:
    """`add`: append a checkbox item to a section's checklist, then recompute."""
    from trackmd.core.edit import plan
    from trackmd.core.parse import MARKDOWN_IT, parse
    from trackmd.io.clock import now_on, today_from
    from trackmd.ui import output, render

    check_item_text(text)
    paths = candidate_paths(named)
    if len(paths) != 1:
        names = ", ".join(str(p) for p in paths[:5])
        more = f" and {len(paths) - 5} more" if len(paths) > 5 else ""
        raise TrackmdError(f"add needs one tracker; name it with -f (found: {names}{more})", USAGE)
    with locked_all(paths):
        tracker = api.load(paths[0], exact=True)
        try:
            text_after, line = add_item(tracker.doc, text, to, with_id)
        except BadInput:
            unless_changed([tracker])
            raise
        added = parse(text_after, tracker.doc.path, tracker.doc.settings, blocks=MARKDOWN_IT)
        today = today_from(date)
        final = plan(added, today, now=now_on(today)).text
        if dry_run:
            output.show_diff(api.unified_diff(tracker, final))
            return 0
        atomic.write_atomic(tracker.path, final.encode("utf-8"), tracker.data)
    render.emit([("+", "green"), (f" {tracker.doc.path}:{line + 1} {text}\n", "")])
    return 0
