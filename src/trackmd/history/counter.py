"""Counting a tracker's versions with the last parse re-used (see `Counter`)."""

from __future__ import annotations

from trackmd.core.model import Document, Item, Settings
from trackmd.history.align import Patch, align, as_text, split
from trackmd.history.baseline import (
    MARK,
    TAIL,
    Baseline,
    Line,
    Step,
    check,
    commit,
    fresh_items,
    labelled_lists,
    parse_baseline,
)
from trackmd.history.inert import (
    BULLET_BOX,
    colour_emoji,
    ends_item,
    inert_edit,
    inert_text,
    read_item,
)
from trackmd.history.tally import Tally

_FRESH_IDS = 1 << 40  # numbers of new items until the next renumbering


class Counter:
    """Counts a sequence of texts, parsing fully only when the structure may have changed.

    The next text is aligned line by line with the last counted one. Every difference must be
    one of these edits, each leaving markdown-it's block structure and trackmd's sections,
    tables and settings as they were:

    - a checkbox item's marker changed to another known marker;
    - the rest of a line after the start of a derived value changed (a Progress or Last
      updated field, the Status field of a section that has items, a progress bar), with
      characters that no block rule reads mid-line: no `|`, `<`, `>`, `[`, `]`, `*`, `_`,
      backticks or quotes, and no colour emoji (they teach the file's legend);
    - a bullet checkbox item's text reworded (`|` count kept, no colour emoji);
    - a one-line bullet checkbox item inserted next to a sibling with the same indent and
      bullet, or removed when it has no sub-items and a sibling remains.

    The new and reworded items are read by parsing their line alone (an item's ID, points,
    owner, dates and dependencies come from its own text). The front matter, headings, table
    rows and other items' lines never take an edit. Counts read items, sections, settings and
    labelled lists only. `verify=True` checks every shortcut against the full parser; the
    tests run it on generated histories.
    """

    def __init__(self, settings: Settings, *, verify: bool = False) -> None:
        from trackmd.core.parse import MARKERS

        self.settings = settings
        self.verify = verify
        self.markers = MARKERS
        self.base: Baseline | None = None
        self.last: str | bytes | None = None  # the text counted last
        self.full_parses = 0
        self._next_number = _FRESH_IDS

    def tally(self, text: str | bytes) -> Tally:
        """The counts of `text` (or of its UTF-8 bytes, as git stores it)."""
        return self._step(text).tally

    def counted_last(self, text: str) -> bool:
        """Whether `text` is what was counted last."""
        last = self.last
        return last == text if isinstance(last, str) else last == text.encode("utf-8")

    def document(self, text: str) -> Document:
        base = self._step(text)
        items = fresh_items(base)
        if base.doc.text == text:
            return base.doc
        return base.doc._replace(text=text, items=tuple(items), labelled_lists=labelled_lists(base))

    # ---------------------------------------------------------------------------------------

    def _step(self, text: str | bytes) -> Baseline:
        self.last = text
        base = self.base
        if base is not None:
            lines, seps, chunks, patch = split(text, base.chunks)
            newline = seps[0] if seps else base.newline
            uniform = seps.count(newline) == len(seps) and newline in (base.newline or newline,)
            from trackmd.core.dialect import detect

            # a shortcut never crosses a change of dialect (a third `T001` task, a path's)
            same = detect("", as_text(text), self.settings.dialect).name == base.doc.dialect
            step = self._plan(base, lines, patch) if uniform and same else None
            if step is not None:
                commit(base, lines, newline, step)
                base.chunks = chunks
                if self.verify:
                    check(base, as_text(text), self.settings)
                return base
        self.full_parses += 1
        self.base = parse_baseline(as_text(text), self.settings, self.markers)
        return self.base

    # planning: every difference must be a safe edit -----------------------------------------

    def _plan(self, base: Baseline, new: list[str], patch: Patch | None = None) -> Step | None:
        ops = align(base.lines, new, patch)
        step = Step()
        if any(op in ("ins", "del") for op, _, _, _ in ops):
            if not base.structural:
                return None
            for op, i, j, n in ops:
                if op in ("same", "mod"):
                    step.sources.update(zip(range(j, j + n), range(i, i + n), strict=True))
        old = base.lines
        for op, i, j, n in ops:
            if op == "same":
                step.info.extend(base.info[i : i + n])
            elif op == "mod":
                line = self._modified(base, old[i], new[j], base.info[i], step)
                if line is None:
                    return None
                step.info.append(line)
            elif op == "ins":
                line = self._inserted(base, new, j, step)
                if line is None:
                    return None
                step.info.append(line)
            elif not self._removable(base, i, new, j, step):
                return None  # a removed line
        return step

    def _modified(self, base: Baseline, a: str, b: str, info: Line, step: Step) -> Line | None:
        if info.kind == TAIL:
            return info if inert_edit(a, b, info.col) else None
        if info.kind != MARK or info.item is None:
            return None
        col = info.col
        mark = b[col : col + 1]
        if mark not in self.markers or a[:col] != b[:col] or b[col + 1 : col + 2] != "]":
            return None
        before = info.item
        if a[col + 1 :] == b[col + 1 :]:
            after = before._replace(state=self.markers[mark], marker=mark)
        else:
            if not base.structural or BULLET_BOX.match(b) is None or not inert_text(a, b):
                return None
            read = read_item(b)
            if read is None:
                return None
            after = before._replace(
                state=read.state, marker=read.marker, text=read.text, id=read.id,
                points=read.points, owner=read.owner, due=read.due, depends=read.depends,
                cookie=read.cookie, priority=read.priority, dates=read.dates,
                recurrence=read.recurrence, task_id=read.task_id,
            )  # fmt: skip
        if after != before:
            step.changed.append((before, after))
        return Line(MARK, col, after)

    def _inserted(self, base: Baseline, new: list[str], j: int, step: Step) -> Line | None:
        """A new bullet checkbox line at `new[j]`, next to a sibling item."""
        line = new[j]
        match = BULLET_BOX.match(line)
        if match is None or "|" in line or not colour_emoji().isdisjoint(line):
            return None
        prefix = match.group(1)
        previous = step.info[j - 1] if j > 0 else None
        sibling: Item | None = None
        if previous is not None and previous.kind == MARK and new[j - 1].startswith(prefix + "["):
            if not ends_item(new, j + 1, prefix):
                return None
            sibling = previous.item
        elif (j == 0 or not new[j - 1].strip()) and _sibling_at(base, new, j + 1, prefix, step):
            sibling = base.info[step.sources[j + 1]].item  # it opens the list
        if sibling is None:
            return None
        read = read_item(line)
        if read is None:
            return None
        self._next_number += 1
        item = read._replace(
            number=self._next_number, line=j, parent=sibling.parent,
            section=sibling.section, list_indent=prefix[: len(prefix) - len(prefix.lstrip(" "))],
        )  # fmt: skip
        step.added.append((item, sibling))
        return Line(MARK, match.end(1) + 1, item)

    def _removable(self, base: Baseline, i: int, new: list[str], j: int, step: Step) -> bool:
        """Whether the item line `base.lines[i]` can go: a leaf whose list keeps a sibling."""
        info = base.info[i]
        item = info.item
        match = BULLET_BOX.match(base.lines[i])
        if info.kind != MARK or item is None or match is None or base.children.get(item.number):
            return False
        prefix = match.group(1)
        if not ends_item(base.lines, i + 1, prefix):
            return False  # continuation lines would move to another item
        before = step.info[j - 1] if j > 0 else None
        kept_before = (
            before is not None and before.kind == MARK and new[j - 1].startswith(prefix + "[")
        )
        if not kept_before and not _sibling_at(base, new, j, prefix, step):
            return False
        step.removed.append(item)
        return True


def _sibling_at(base: Baseline, new: list[str], j: int, prefix: str, step: Step) -> bool:
    """Whether `new[j]` is a kept checkbox item line with the same indent and bullet."""
    i = step.sources.get(j)
    if i is None or j >= len(new) or base.info[i].kind != MARK:
        return False
    match = BULLET_BOX.match(new[j])
    return match is not None and match.group(1) == prefix
