"""`trackmd log`: when an item changed state, in which commit, by whom."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from trackmd.core.config import shown
from trackmd.core.errors import BadInput
from trackmd.core.model import Item, State
from trackmd.core.record import NamedTuple
from trackmd.history.counter import Counter
from trackmd.history.listing import Version
from trackmd.history.versions import History


class Change(NamedTuple):
    """An item's state changing in one version."""

    version: Version
    before: State | None  # None: the item did not exist
    after: State | None  # None: the item was removed
    text: str


def _key(item: Item) -> str:
    """How an item is recognized across versions: its explicit ID, else its folded text."""
    from trackmd.core.refs import fold

    return f"id:{item.id.casefold()}" if item.id else f"text:{fold(item.text)}"


class ItemLog(NamedTuple):
    item: Item
    changes: list[Change]
    warnings: list[str]


def log(path: Path, ref: str, today: dt.date | None = None) -> tuple[Item, list[Change]]:
    """`item_log` without its warnings."""
    found = item_log(path, ref, today)
    return found.item, found.changes


def item_log(path: Path, ref: str | Item, today: dt.date | None = None) -> ItemLog:
    """When the item named by `ref` changed state, in which commit, by whom (oldest first).

    The item is resolved in the latest version (or given, as found in the working tree) and
    followed by its explicit ID, else by its normalized text. Each commit is compared with
    its own parent, so a tick made on a branch is credited to the commit (and author) that
    made it, not to the merge. In a shallow clone the boundary commits have no parent to
    compare with: they are not credited with the states they hold, and a warning says so.
    """
    history = History(path, today, first_parent=False)
    if not history.versions:
        raise BadInput(f"{path}: no history to read")
    if isinstance(ref, str):
        from trackmd.core.parse import parse
        from trackmd.core.refs import resolve

        latest = parse(history.latest_text(), str(path), history.settings)
        found = resolve([latest], ref)
        if found.section is not None or len(found.items) != 1:
            raise BadInput(
                f"{path}: {shown(ref)} names a section; `log` follows one item (use its ID)"
            )
        item = found.items[0]
    else:
        item = ref
    key = _key(item)
    warnings = [w for w in history.warnings if "shallow clone" not in w]
    boundary = [v for v in history.versions if v.sha in history.boundary]
    if history.boundary:
        first = boundary[0].short if boundary else sorted(history.boundary)[0][:7]
        warnings.append(
            f"{path}: history starts at the shallow boundary {first}; items there are not "
            "credited to it (git fetch --unshallow for the full history)"
        )
    versions = sorted(enumerate(history.versions), key=lambda iv: (iv[1].timestamp, iv[0]))
    texts = history.texts(b for _, v in versions for b in (v.parent_blob, v.blob) if b)
    counter = Counter(history.settings)
    states: dict[str, tuple[State | None, str]] = {}

    def state_in(blob: str) -> tuple[State | None, str]:
        if blob not in states:
            if blob not in texts:
                states[blob] = (None, "")
            else:
                doc = counter.document(texts[blob])
                found = next((i for i in doc.items if _key(i) == key), None)
                states[blob] = (found.state, found.text) if found else (None, "")
        return states[blob]

    changes: list[Change] = []
    for _, version in versions:
        if version.sha in history.boundary and not version.parent_blob:
            continue  # its parent is not in the clone: what it holds is not its doing
        before = state_in(version.parent_blob)[0] if version.parent_blob else None
        after, text = state_in(version.blob)
        if before is not after:
            changes.append(Change(version, before, after, text or item.text))
    return ItemLog(item, changes, warnings)
