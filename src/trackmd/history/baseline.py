"""The last full parse of a tracker, kept up to date by `Counter` with each version's edits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from trackmd.core.model import Document, Item, ItemKind, Settings, State
from trackmd.history.align import Chunks, split
from trackmd.history.inert import derived_tails
from trackmd.history.tally import Tally, delta, is_whole, tally

PLAIN, MARK, TAIL = 0, 1, 2  # what a line is to the fast path (`Line.kind`)


class Line:
    """What the fast path knows about one line of the last counted text."""

    __slots__ = ("col", "item", "kind")

    def __init__(self, kind: int = PLAIN, col: int = 0, item: Item | None = None) -> None:
        self.kind = kind  # MARK: a checkbox item's line; TAIL: ends in a derived value
        self.col = col  # MARK: the marker's column; TAIL: where the derived value starts
        self.item = item  # the item on this line (at most one per line)


class Baseline:
    """The last full parse, brought up to date with the versions counted since.

    Items live on their lines (`info`). After insertions and removals their `number`,
    `line` and `parent` fields are stale but consistent with each other (new items get fresh
    numbers); `fresh_items` renumbers them when a `Document` is needed.
    """

    __slots__ = ("by_delta", "children", "chunks", "doc", "fresh", "info", "labelled", "lines",
                 "newline", "structural", "tally")  # fmt: skip

    def __init__(
        self,
        doc: Document,
        lines: list[str],
        newline: str,
        info: list[Line],
        labelled: list[tuple[int, str, set[int]]],
        children: dict[int, int],
        tally: Tally,
        by_delta: bool,
        structural: bool,
        chunks: Chunks,
    ) -> None:
        self.doc = doc
        self.lines = lines
        self.newline = newline  # the text's one line terminator ("" while it has a single line)
        self.info = info
        self.labelled = labelled  # by item number
        self.children = children  # item number -> how many items have it as parent
        self.tally = tally
        self.by_delta = by_delta  # counts follow from item changes (no section points, whole)
        self.structural = structural  # items may be inserted, removed or reworded
        self.chunks = chunks  # the text's chunks between blank lines with their lines (split)
        self.fresh = True  # numbers and lines match positions


class Step:
    """A candidate update of a baseline to the next text; discarded when an edit is unsafe."""

    __slots__ = ("added", "changed", "info", "removed", "sources")

    def __init__(self) -> None:
        self.info: list[Line] = []
        self.added: list[tuple[Item, Item]] = []  # (new item, its sibling)
        self.removed: list[Item] = []
        self.changed: list[tuple[Item, Item]] = []
        self.sources: dict[int, int] = {}  # new line -> old line, kept lines


def parse_baseline(text: str, settings: Settings, markers: Mapping[str, State]) -> Baseline:
    """The baseline of a full parse of `text`."""
    from trackmd.core.parse import parse
    from trackmd.core.parse.lanes import lane_bound

    doc = parse(text, "", settings)
    lines, seps, chunks, _ = split(text)
    starts = [0]
    for line, sep in zip(lines, seps, strict=False):
        starts.append(starts[-1] + len(line) + len(sep))
    info = [Line() for _ in lines]
    for number, col in derived_tails(doc, lines, starts).items():
        info[number] = Line(TAIL, col)
    from trackmd.core.dialect import fast_countable

    fast = fast_countable(doc.dialect)
    structural = fast
    children: dict[int, int] = {}
    bound = lane_bound(doc)  # cards whose `[ ]` says their lane's state
    for item in doc.items:
        if item.parent is not None:
            children[item.parent] = children.get(item.parent, 0) + 1
        if item.line >= len(info) or info[item.line].item is not None:
            structural = False  # two items on a line: keep to marker edits
            continue
        span = item.state_span
        col = span.start - starts[item.line]
        is_mark = (
            item.kind is ItemKind.CHECKBOX
            and span.end - span.start == 1
            and lines[item.line][col : col + 1] == item.marker
            and item.marker in markers
            and fast
            and not item.text.startswith("~~")  # `[ ] ~~struck~~` is cancelled, not open
            and item.line not in bound
        )  # fmt: skip
        info[item.line] = Line(MARK if is_mark else PLAIN, col if is_mark else 0, item)
    by_delta = all(s.points is None for s in doc.sections) and all(
        is_whole(i.points) for i in doc.items
    )
    newline = next(iter(seps), "")
    if seps.count(newline) != len(seps):
        structural = False
    labelled = [(section, label, set(numbers)) for section, label, numbers in doc.labelled_lists]
    return Baseline(
        doc, lines, newline, info, labelled, children, tally(doc), by_delta, structural,
        chunks,
    )  # fmt: skip


def commit(base: Baseline, lines: list[str], newline: str, step: Step) -> None:
    base.lines, base.newline, base.info = lines, newline, step.info
    changed, removed = step.changed, step.removed
    added = [item for item, _ in step.added]
    if added or removed:
        base.fresh = False
        for item in removed:
            if item.parent is not None:
                base.children[item.parent] -= 1
            for _, _, members in base.labelled:
                members.discard(item.number)
        for item, sibling in step.added:
            if item.parent is not None:
                base.children[item.parent] = base.children.get(item.parent, 0) + 1
            for _, _, members in base.labelled:
                if sibling.number in members:
                    members.add(item.number)  # a new item joins its sibling's list
    if not (changed or added or removed):
        return
    whole = all(is_whole(item.points) for item in added) and all(
        is_whole(after.points) for _, after in changed
    )
    base.by_delta = base.by_delta and whole
    if base.by_delta:
        count_all = base.doc.settings.count == "all"
        base.tally = delta(base.tally, changed, added, removed, count_all)
    else:
        items = fresh_items(base)
        base.tally = tally(
            base.doc._replace(items=tuple(items), labelled_lists=labelled_lists(base))
        )


def fresh_items(base: Baseline) -> list[Item]:
    """The items in line order, numbered from 1 with parents and labelled lists mapped."""
    ordered = [(j, line) for j, line in enumerate(base.info) if line.item is not None]
    if base.fresh:
        return [line.item for _, line in ordered if line.item is not None]
    numbers = {line.item.number: n for n, (_, line) in enumerate(ordered, 1) if line.item}
    items: list[Item] = []
    for n, (j, line) in enumerate(ordered, start=1):
        item = line.item
        assert item is not None
        parent = numbers.get(item.parent) if item.parent is not None else None
        if (item.number, item.line, item.parent) != (n, j, parent):
            item = item._replace(number=n, line=j, parent=parent)
            line.item = item
        items.append(item)
    base.labelled = [
        (section, label, {numbers[m] for m in members if m in numbers})
        for section, label, members in base.labelled
    ]
    base.children = {numbers[k]: v for k, v in base.children.items() if v and k in numbers}
    base.fresh = True
    return items


def check(base: Baseline, text: str, settings: Settings) -> None:
    """Raise unless `base` agrees with a full parse of `text` (`Counter(verify=True)`)."""
    from trackmd.core.parse import parse

    full = parse(text, "", settings)

    def view(items: Sequence[Item]) -> list[tuple[object, ...]]:
        return [
            (i.number, i.kind, i.id, i.text, i.state, i.marker, i.line, i.section, i.parent,
             i.points, i.owner, i.due, i.depends, i.list_indent, i.list_marker, i.priority,
             i.dates, i.recurrence, i.task_id)
            for i in items
        ]  # fmt: skip

    if view(fresh_items(base)) != view(full.items) or base.tally != tally(full):
        raise AssertionError(
            f"history fast path disagrees with the parser: {base.tally} != {tally(full)}"
        )
    if labelled_lists(base) != full.labelled_lists:
        raise AssertionError("history fast path: labelled lists differ from the parser's")


def labelled_lists(base: Baseline) -> tuple[tuple[int, str, tuple[int, ...]], ...]:
    return tuple((s, label, tuple(sorted(members))) for s, label, members in base.labelled)
