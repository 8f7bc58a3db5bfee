"""What to do next (issue 16): the open and in-progress items whose dependencies are all
done, in one documented order, each with why it stands where it does; blocked items apart.

The order follows the factors of Taskwarrior's urgency (started, due, priority, blocking
others, age) but as a fixed order of keys rather than a weighted sum, so that every place
can be explained in a few words: in progress first; then overdue, then due within a week
(sooner first); then priority (highest first; none between medium and low, as Obsidian
Tasks sorts); then the number of items waiting on it; then place in the file (the earlier
an item was written, the older it is). An item that still has open sub-items is not
itself a next step: its sub-items are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from trackmd.core.model import Document, Item, State
from trackmd.core.parse.metadata import PRIORITY_RANK
from trackmd.core.record import NamedTuple

SOON = 7  # days: "due soon"
_FINISHED = (State.DONE, State.CANCELLED)


class Entry(NamedTuple):
    doc: Document
    item: Item
    reasons: tuple[str, ...]  # why it is here (ready) or what it waits on (blocked)


class Next(NamedTuple):
    ready: list[Entry]
    blocked: list[Entry]


def _index(docs: Sequence[Document]) -> dict[str, tuple[Document, Item]]:
    """Items by what a dependency names: an explicit ID (`WEB-1`) or Obsidian's `🆔 abc`."""
    named: dict[str, tuple[Document, Item]] = {}
    for doc in docs:
        for item in doc.items:
            for name in (item.id, item.task_id):
                if name:
                    named.setdefault(name.lower(), (doc, item))
    return named


def _days(due: str | None, today: dt.date) -> int | None:
    if due is None:
        return None
    try:
        return (dt.date.fromisoformat(due) - today).days
    except ValueError:
        return None


def due_words(days: int) -> str:
    if days < 0:
        return f"overdue {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "due today"
    return f"due in {days} day{'s' if days != 1 else ''}"


def plan_next(docs: Sequence[Document], today: dt.date, owner: str | None = None) -> Next:
    named = _index(docs)
    waiting: dict[tuple[str, int], int] = {}  # (path, number) -> items waiting on it
    for doc in docs:
        for item in doc.items:
            if item.state in _FINISHED:
                continue
            for dep in item.depends:
                target = named.get(dep.lower())
                if target is not None:
                    held = (target[0].path, target[1].number)
                    waiting[held] = waiting.get(held, 0) + 1
    keyed: list[tuple[tuple[int, ...], Entry]] = []
    blocked: list[Entry] = []
    for order, doc in enumerate(docs):
        open_parents = {i.parent for i in doc.items if i.parent and i.state not in _FINISHED}
        for item in doc.items:
            if owner is not None and (item.owner or "").lower() != owner.lstrip("@").lower():
                continue
            if item.state in _FINISHED or item.number in open_parents:
                continue
            unmet = []
            for dep in item.depends:
                target = named.get(dep.lower())
                if target is not None and target[1].state not in _FINISHED:
                    unmet.append(f"waits on {dep} ({target[1].state.value.replace('_', ' ')})")
            if item.state is State.BLOCKED:
                unmet.insert(0, "marked blocked")
            if unmet:
                blocked.append(Entry(doc, item, tuple(unmet)))
                continue
            days = _days(item.due, today)
            blocks = waiting.get((doc.path, item.number), 0)
            reasons = []
            if item.state is State.IN_PROGRESS:
                reasons.append("in progress")
            if days is not None and days <= SOON:
                reasons.append(due_words(days))
            if item.priority is not None:
                reasons.append(f"priority {item.priority}")
            if blocks:
                reasons.append(f"{blocks} item{'s wait' if blocks != 1 else ' waits'} on it")
            bucket = 2 if days is None or days > SOON else (0 if days < 0 else 1)
            rank = (
                0 if item.state is State.IN_PROGRESS else 1,
                bucket,
                days if bucket < 2 and days is not None else 0,
                PRIORITY_RANK.get(item.priority, 3),
                -blocks,
                order,
                item.line,
            )
            keyed.append((rank, Entry(doc, item, tuple(reasons) or ("next in the file",))))
    keyed.sort(key=lambda pair: pair[0])
    return Next([entry for _, entry in keyed], blocked)


# -- `list` filters and orders --------------------------------------------------------------

SORTS = ("line", "file", "due", "priority", "state")
_STATE_ORDER = {State.IN_PROGRESS: 0, State.OPEN: 1, State.BLOCKED: 2, State.DONE: 3,
                State.CANCELLED: 4}  # fmt: skip


def due_filter(spec: str, today: dt.date) -> Callable[[Item], bool]:
    """`--due overdue|today|week|before:YYYY-MM-DD`; ValueError for anything else."""
    if spec == "overdue":
        return lambda i: i.state not in _FINISHED and _below(i.due, today)
    if spec == "today":
        return lambda i: _days(i.due, today) == 0
    if spec == "week":
        return lambda i: (days := _days(i.due, today)) is not None and 0 <= days <= SOON
    if spec.startswith("before:"):
        limit = dt.date.fromisoformat(spec[7:])  # ValueError on a bad date
        return lambda i: _below(i.due, limit)
    raise ValueError(spec)


def _below(due: str | None, limit: dt.date) -> bool:
    days = _days(due, limit)
    return days is not None and days < 0


def sort_key(name: str) -> Callable[[tuple[Document, Item]], tuple[object, ...]]:
    """`--sort`: each order keeps file order among equals (files in the order given)."""
    if name == "due":
        return lambda row: (row[1].due is None, row[1].due or "")
    if name == "priority":
        return lambda row: (PRIORITY_RANK.get(row[1].priority, 3),)
    if name == "state":
        return lambda row: (_STATE_ORDER[row[1].state],)
    if name == "file":
        return lambda row: (row[0].path, row[1].line)
    return lambda row: ()
