"""Counting a tracker's versions with the last parse re-used (see `Counter`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from itertools import accumulate, chain, compress, count, islice
from operator import ne
from typing import Any

from trackmd.core.model import Document, Item, ItemKind, Settings, State
from trackmd.history.tally import REMAINING, Tally, tally

_NEWLINE = re.compile(r"(\r\n|\r|\n)")


class _Chunks:
    """A text's chunks between blank lines: each chunk, its lines (after the first chunk,
    led by the empty line that separates it from the one before) and where they start."""

    __slots__ = ("lines", "parts", "pieces", "starts")

    def __init__(
        self, pieces: list[Any], parts: list[list[str]], starts: list[int], lines: list[str]
    ) -> None:
        self.pieces = pieces  # str or bytes, as the text was given, with their separators
        self.parts = parts
        self.starts = starts
        self.lines = lines


Patch = list[tuple[int, int]]  # the line ranges [start, end) that may differ from the last text


def _split(
    text: str | bytes, known: _Chunks | None = None
) -> tuple[list[str], list[str], _Chunks, Patch | None]:
    """The text's lines, the terminator after each, its chunks between blank lines, and the
    line ranges that changed when every line kept its place (else None).

    A chunk equal to the one at its place in `known` (the last text's) re-uses that text's
    line objects: unchanged stretches are not split again, and they compare by identity when
    aligned. `text` may be the UTF-8 bytes git gives: unchanged chunks are then not even
    decoded (a chunk decodes as it does within the text: its ends are newlines).
    """
    if isinstance(text, bytes) and b"\r" in text:
        text = text.decode("utf-8", "replace")
    if isinstance(text, str) and "\r" in text:
        split = _NEWLINE.split(text)
        lines = split[0::2]
        return lines, split[1::2], _Chunks([], [], [], lines), None
    old = known if known is not None and known.pieces else None
    if old is not None and isinstance(old.pieces[0], bytes) != isinstance(text, bytes):
        old = None
    pieces, kept = _pieces(text, old.pieces if old is not None else [])
    changed = [n for n, same in enumerate(kept) if not same]
    parts: list[list[str]] = list(old.parts[: len(pieces)]) if old is not None else []
    parts += [[]] * (len(pieces) - len(parts))
    last = len(pieces) - 1
    for n in changed:
        part = as_text(pieces[n] if n == last else pieces[n][:-2]).split("\n")
        parts[n] = ["", *part] if n else part  # "X\n\nY": X's lines, "", Y's lines
    if old is not None and len(pieces) == len(old.pieces):
        starts = old.starts
        patch = [(starts[n], starts[n] + len(parts[n])) for n in changed]
        if all(len(parts[n]) == len(old.parts[n]) for n in changed):  # lines kept their place
            lines = list(old.lines)
            for (start, end), n in zip(patch, changed, strict=True):
                lines[start:end] = parts[n]
            return lines, ["\n"] * (len(lines) - 1), _Chunks(pieces, parts, starts, lines), patch
    lines = list(chain.from_iterable(parts))
    starts = [0, *accumulate(len(part) for part in parts)][:-1] if parts else []
    return lines, ["\n"] * (len(lines) - 1), _Chunks(pieces, parts, starts, lines), None


def _pieces(text: Any, old: Sequence[Any]) -> tuple[list[Any], list[bool]]:
    """The text (str or bytes) cut after each blank-line separator, as `split("\n\n")` cuts
    it but with each piece's separator kept, and for each piece whether it is `old`'s piece at
    its place. Old pieces are recognized in place, with no search: only changed ones are cut
    out with `find`. (A piece found followed by its separator is where the split would cut:
    it holds no separator and does not end with a newline, as the split would have cut there.)
    """
    sep = "\n\n" if isinstance(text, str) else b"\n\n"
    pieces: list[Any] = []
    kept: list[bool] = []
    at, size = 0, len(text)
    for piece in old[:-1]:  # each ends with its separator
        if text.startswith(piece, at):
            pieces.append(piece)
            kept.append(True)
            at += len(piece)
            continue
        end = text.find(sep, at)
        if end < 0:
            break
        pieces.append(text[at : end + 2])
        kept.append(False)
        at = end + 2
    else:
        if old and len(old[-1]) == size - at and text.endswith(old[-1]):
            pieces.append(old[-1])  # the last piece, unchanged
            kept.append(True)
            return pieces, kept
    while (end := text.find(sep, at)) >= 0:
        pieces.append(text[at : end + 2])
        kept.append(False)
        at = end + 2
    pieces.append(text[at:])
    kept.append(False)
    return pieces, kept


def as_text(text: str | bytes) -> str:
    return text if isinstance(text, str) else text.decode("utf-8", "replace")


_INERT = frozenset(" \t%/.,:;+-=#()█▓▒░■□\ufe0f\u200d")
_HTML_ENDS = ("-->", "<!--", "?>", "]]>")
_PLAIN_TAIL = _INERT | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_BULLET_BOX = re.compile(r"^( *[-*+] +)\[([^\]\n])\](?=[ \t]|$)")
_PLAIN, _MARK, _TAIL = 0, 1, 2
_FRESH_IDS = 1 << 40  # numbers of new items until the next renumbering


class _Line:
    """What the fast path knows about one line of the last counted text."""

    __slots__ = ("col", "item", "kind")

    def __init__(self, kind: int = _PLAIN, col: int = 0, item: Item | None = None) -> None:
        self.kind = kind  # _MARK: a checkbox item's line; _TAIL: ends in a derived value
        self.col = col  # _MARK: the marker's column; _TAIL: where the derived value starts
        self.item = item  # the item on this line (at most one per line)


class _Baseline:
    """The last full parse, brought up to date with the versions counted since.

    Items live on their lines (`info`). After insertions and removals their `number`,
    `line` and `parent` fields are stale but consistent with each other (new items get fresh
    numbers); `_fresh_items` renumbers them when a `Document` is needed.
    """

    __slots__ = ("by_delta", "children", "chunks", "doc", "fresh", "info", "labelled", "lines",
                 "newline", "structural", "tally")  # fmt: skip

    def __init__(
        self,
        doc: Document,
        lines: list[str],
        newline: str,
        info: list[_Line],
        labelled: list[tuple[int, str, set[int]]],
        children: dict[int, int],
        tally: Tally,
        by_delta: bool,
        structural: bool,
        chunks: _Chunks,
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
        self.chunks = chunks  # the text's chunks between blank lines with their lines (_split)
        self.fresh = True  # numbers and lines match positions


class _Step:
    """A candidate update of a baseline to the next text; discarded when an edit is unsafe."""

    __slots__ = ("added", "changed", "info", "removed", "sources")

    def __init__(self) -> None:
        self.info: list[_Line] = []
        self.added: list[tuple[Item, Item]] = []  # (new item, its sibling)
        self.removed: list[Item] = []
        self.changed: list[tuple[Item, Item]] = []
        self.sources: dict[int, int] = {}  # new line -> old line, kept lines


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
        self.base: _Baseline | None = None
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
        items = self._fresh_items(base)
        if base.doc.text == text:
            return base.doc
        return base.doc._replace(text=text, items=tuple(items), labelled_lists=_labelled(base))

    # ---------------------------------------------------------------------------------------

    def _step(self, text: str | bytes) -> _Baseline:
        self.last = text
        base = self.base
        if base is not None:
            lines, seps, chunks, patch = _split(text, base.chunks)
            newline = seps[0] if seps else base.newline
            uniform = seps.count(newline) == len(seps) and newline in (base.newline or newline,)
            step = self._plan(base, lines, patch) if uniform else None
            if step is not None:
                self._commit(base, lines, newline, step)
                base.chunks = chunks
                if self.verify:
                    self._check(base, as_text(text))
                return base
        self.base = self._parse(as_text(text))
        return self.base

    def _parse(self, text: str) -> _Baseline:
        from trackmd.core.parse import parse

        self.full_parses += 1
        doc = parse(text, "", self.settings)
        lines, seps, chunks, _ = _split(text)
        starts = [0]
        for line, sep in zip(lines, seps, strict=False):
            starts.append(starts[-1] + len(line) + len(sep))
        info = [_Line() for _ in lines]
        for number, col in _tails(doc, lines, starts).items():
            info[number] = _Line(_TAIL, col)
        structural = True
        children: dict[int, int] = {}
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
                and item.marker in self.markers
            )  # fmt: skip
            info[item.line] = _Line(_MARK if is_mark else _PLAIN, col if is_mark else 0, item)
        by_delta = all(s.points is None for s in doc.sections) and all(
            _whole(i.points) for i in doc.items
        )
        newline = next(iter(seps), "")
        if seps.count(newline) != len(seps):
            structural = False
        labelled = [
            (section, label, set(numbers)) for section, label, numbers in doc.labelled_lists
        ]
        return _Baseline(
            doc, lines, newline, info, labelled, children, tally(doc), by_delta, structural,
            chunks,
        )  # fmt: skip

    # planning: every difference must be a safe edit -----------------------------------------

    def _plan(self, base: _Baseline, new: list[str], patch: Patch | None = None) -> _Step | None:
        ops = _align(base.lines, new, patch)
        step = _Step()
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

    def _modified(self, base: _Baseline, a: str, b: str, info: _Line, step: _Step) -> _Line | None:
        if info.kind == _TAIL:
            return info if _inert_edit(a, b, info.col) else None
        if info.kind != _MARK or info.item is None:
            return None
        col = info.col
        mark = b[col : col + 1]
        if mark not in self.markers or a[:col] != b[:col] or b[col + 1 : col + 2] != "]":
            return None
        before = info.item
        if a[col + 1 :] == b[col + 1 :]:
            after = before._replace(state=self.markers[mark], marker=mark)
        else:
            if not base.structural or _BULLET_BOX.match(b) is None or not _inert_text(a, b):
                return None
            read = _read_item(b)
            if read is None:
                return None
            after = before._replace(
                state=read.state, marker=read.marker, text=read.text, id=read.id,
                points=read.points, owner=read.owner, due=read.due, depends=read.depends,
                cookie=read.cookie,
            )  # fmt: skip
        if after != before:
            step.changed.append((before, after))
        return _Line(_MARK, col, after)

    def _inserted(self, base: _Baseline, new: list[str], j: int, step: _Step) -> _Line | None:
        """A new bullet checkbox line at `new[j]`, next to a sibling item."""
        line = new[j]
        match = _BULLET_BOX.match(line)
        if match is None or "|" in line or not _colours().isdisjoint(line):
            return None
        prefix = match.group(1)
        previous = step.info[j - 1] if j > 0 else None
        sibling: Item | None = None
        if previous is not None and previous.kind == _MARK and new[j - 1].startswith(prefix + "["):
            if not _ends_item(new, j + 1, prefix):
                return None
            sibling = previous.item
        elif (j == 0 or not new[j - 1].strip()) and _sibling_at(base, new, j + 1, prefix, step):
            sibling = base.info[step.sources[j + 1]].item  # it opens the list
        if sibling is None:
            return None
        read = _read_item(line)
        if read is None:
            return None
        self._next_number += 1
        item = read._replace(
            number=self._next_number, line=j, parent=sibling.parent,
            section=sibling.section, list_indent=prefix[: len(prefix) - len(prefix.lstrip(" "))],
        )  # fmt: skip
        step.added.append((item, sibling))
        return _Line(_MARK, match.end(1) + 1, item)

    def _removable(self, base: _Baseline, i: int, new: list[str], j: int, step: _Step) -> bool:
        """Whether the item line `base.lines[i]` can go: a leaf whose list keeps a sibling."""
        info = base.info[i]
        item = info.item
        match = _BULLET_BOX.match(base.lines[i])
        if info.kind != _MARK or item is None or match is None or base.children.get(item.number):
            return False
        prefix = match.group(1)
        if not _ends_item(base.lines, i + 1, prefix):
            return False  # continuation lines would move to another item
        before = step.info[j - 1] if j > 0 else None
        kept_before = (
            before is not None and before.kind == _MARK and new[j - 1].startswith(prefix + "[")
        )
        if not kept_before and not _sibling_at(base, new, j, prefix, step):
            return False
        step.removed.append(item)
        return True

    # committing -----------------------------------------------------------------------------

    def _commit(self, base: _Baseline, lines: list[str], newline: str, step: _Step) -> None:
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
        whole = all(_whole(item.points) for item in added) and all(
            _whole(after.points) for _, after in changed
        )
        base.by_delta = base.by_delta and whole
        if base.by_delta:
            count_all = base.doc.settings.count == "all"
            base.tally = _delta(base.tally, changed, added, removed, count_all)
        else:
            items = self._fresh_items(base)
            base.tally = tally(
                base.doc._replace(items=tuple(items), labelled_lists=_labelled(base))
            )

    def _fresh_items(self, base: _Baseline) -> list[Item]:
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

    def _check(self, base: _Baseline, text: str) -> None:
        from trackmd.core.parse import parse

        full = parse(text, "", self.settings)

        def view(items: Sequence[Item]) -> list[tuple[object, ...]]:
            return [
                (i.number, i.kind, i.id, i.text, i.state, i.marker, i.line, i.section, i.parent,
                 i.points, i.owner, i.due, i.depends, i.list_indent, i.list_marker)
                for i in items
            ]  # fmt: skip

        if view(self._fresh_items(base)) != view(full.items) or base.tally != tally(full):
            raise AssertionError(
                f"history fast path disagrees with the parser: {base.tally} != {tally(full)}"
            )
        if _labelled(base) != full.labelled_lists:
            raise AssertionError("history fast path: labelled lists differ from the parser's")


def _labelled(base: _Baseline) -> tuple[tuple[int, str, tuple[int, ...]], ...]:
    return tuple((s, label, tuple(sorted(members))) for s, label, members in base.labelled)


@functools.cache
def _colours() -> frozenset[str]:
    from trackmd.core.lexicon import COLOURS

    return COLOURS


def _whole(points: float | None) -> bool:
    return points is None or (float(points).is_integer() and abs(points) < 2**50)


def _same_run(old: list[str], new: list[str], i: int, j: int) -> int:
    """How many lines from old[i] and new[j] on are equal (compared at C speed)."""
    limit = min(len(old) - i, len(new) - j)
    unequal = compress(count(), map(ne, islice(old, i, i + limit), islice(new, j, j + limit)))
    return next(unequal, limit)


_RESYNC = 16  # how far the alignment looks for the lines after an insertion or removal


def _align(
    old: list[str], new: list[str], patch: Patch | None = None
) -> list[tuple[str, int, int, int]]:
    """A line alignment as (op, old line, new line, count): runs of equal lines, and single
    lines modified, inserted or removed (a resync needs two equal lines in a row)."""
    if len(old) == len(new):
        ops = _align_in_place(old, new, patch)
        if ops is not None:
            return ops
    return _align_stepwise(old, new)


def _align_stepwise(old: list[str], new: list[str]) -> list[tuple[str, int, int, int]]:
    """`_align` line by line: equal runs, else a modified line unless a shift resyncs."""
    ops: list[tuple[str, int, int, int]] = []
    i = j = 0
    na, nb = len(old), len(new)
    while i < na and j < nb:
        run = _same_run(old, new, i, j)
        if run:
            ops.append(("same", i, j, run))
            i += run
            j += run
            continue
        if i + 1 < na and j + 1 < nb and old[i + 1] == new[j + 1]:
            ops.append(("mod", i, j, 1))
            i += 1
            j += 1
            continue
        shift = _resync(old, new, i, j)
        if shift > 0:
            ops.extend(("ins", -1, j + n, 1) for n in range(shift))
            j += shift
        elif shift < 0:
            ops.extend(("del", i + n, j, 1) for n in range(-shift))
            i -= shift
        else:
            ops.append(("mod", i, j, 1))
            i += 1
            j += 1
    ops.extend(("ins", -1, k, 1) for k in range(j, nb))
    ops.extend(("del", k, nb, 1) for k in range(i, na))
    return ops


def _align_in_place(
    old: list[str], new: list[str], patch: Patch | None = None
) -> list[tuple[str, int, int, int]] | None:
    """`_align` of two texts with as many lines, when it finds no insertion or removal: the
    same operations, from one pass over both (over the `patch` ranges only, when the lines
    elsewhere are known to be equal). None when a difference looks like a shift."""
    ops: list[tuple[str, int, int, int]] = []
    n = len(old)
    at = 0
    if patch is None:
        changed: Iterable[int] = compress(count(), map(ne, old, new))
    else:
        changed = chain.from_iterable(
            compress(range(start, end), map(ne, old[start:end], new[start:end]))
            for start, end in patch
        )
    for k in changed:
        if k + 1 < n and old[k + 1] != new[k + 1] and _resync(old, new, k, k):
            return None  # `_align`'s look-ahead would see lines inserted or removed here
        if k > at:
            ops.append(("same", at, at, k - at))
        ops.append(("mod", k, k, 1))
        at = k + 1
    if at < n:
        ops.append(("same", at, at, n - at))
    return ops


def _resync(old: list[str], new: list[str], i: int, j: int) -> int:
    """After differing lines at old[i] and new[j]: k > 0 when new[j : j+k] was inserted
    before old[i], -k when old[i : i+k] was removed, 0 for neither (two equal lines in a row
    must follow, at most `_RESYNC` lines ahead)."""
    na, nb = len(old), len(new)
    if old[i] not in new[j + 1 : j + _RESYNC + 1] and new[j] not in old[i + 1 : i + _RESYNC + 1]:
        return 0  # the look-ahead below needs one of these

    def same_at(a: int, b: int) -> bool:
        return old[a] == new[b] and (a + 1 >= na or b + 1 >= nb or old[a + 1] == new[b + 1])

    for k in range(1, _RESYNC + 1):
        if j + k < nb and same_at(i, j + k):
            return k
        if i + k < na and same_at(i + k, j):
            return -k
    return 0


def _sibling_at(base: _Baseline, new: list[str], j: int, prefix: str, step: _Step) -> bool:
    """Whether `new[j]` is a kept checkbox item line with the same indent and bullet."""
    i = step.sources.get(j)
    if i is None or j >= len(new) or base.info[i].kind != _MARK:
        return False
    match = _BULLET_BOX.match(new[j])
    return match is not None and match.group(1) == prefix


def _ends_item(lines: list[str], k: int, prefix: str) -> bool:
    """Whether an item of `prefix` on line k-1 has nothing of its own from line k on."""
    if k >= len(lines):
        return True
    following = _BULLET_BOX.match(lines[k])
    if following is not None and following.group(1) == prefix:
        return True
    if lines[k].strip():
        return False  # a continuation, a lazy line or a sub-item
    for line in lines[k + 1 :]:
        if line.strip():
            indent = len(line) - len(line.lstrip(" "))
            return "\t" not in line[: indent + 1] and indent < len(prefix)
    return True


def _read_item(line: str) -> Item | None:
    """The checkbox item on a bullet line, read by parsing the line alone."""
    from trackmd.core.parse import parse

    match = _BULLET_BOX.match(line)
    if match is None:
        return None
    doc = parse("- " + line[match.end(1) :])
    if len(doc.items) != 1 or doc.items[0].kind is not ItemKind.CHECKBOX:
        return None
    return doc.items[0]._replace(list_marker=match.group(1).strip())


def _inert_text(a: str, b: str) -> bool:
    """A reworded item line: same table pipes, no colour emoji (they define the legend)."""
    colours = _colours()
    return a.count("|") == b.count("|") and colours.isdisjoint(a) and colours.isdisjoint(b)


def _contribution(item: Item) -> tuple[int, int, int, float, float]:
    state, points = item.state, item.points or 0.0
    kept = state is not State.CANCELLED
    return (
        int(state is State.DONE), int(state in REMAINING), int(kept),
        points if state is State.DONE else 0.0, points if kept else 0.0,
    )  # fmt: skip


def _delta(
    current: Tally,
    changed: list[tuple[Item, Item]],
    added: list[Item],
    removed: list[Item],
    count_all: bool,
) -> Tally:
    """The counts after item changes, exact while points are whole numbers."""
    totals = [current.done, current.remaining, current.total, current.points_done,
              current.points_total]  # fmt: skip
    signed = [(-1, before) for before, _ in changed] + [(1, after) for _, after in changed]
    signed += [(1, item) for item in added] + [(-1, item) for item in removed]
    for sign, item in signed:
        if count_all or item.parent is None:
            for k, value in enumerate(_contribution(item)):
                totals[k] += sign * value
    done, remaining, total, points_done, points_total = totals
    return Tally(int(done), int(remaining), int(total), float(points_done), float(points_total))


def _tails(doc: Document, lines: list[str], starts: list[int]) -> dict[int, int]:
    """Lines ending in a derived value, and the column where that value starts."""
    from trackmd.core.parse import PROGRESS_KEYS, STATUS_KEYS, UPDATED_KEYS

    if "]:" in doc.text:  # a reference definition could reach into a field's line
        return {}
    front_end = -1
    if lines and lines[0].lstrip("\ufeff").rstrip() == "---":
        front_end = next(
            (i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), -1
        )
    fixed = {item.line for item in doc.items}
    fixed.update(s.line for s in doc.sections[1:])
    for table in doc.tables:
        fixed.update((table.line, table.line + 1))
        fixed.update(row.line for row in table.rows)
    # a Status field is derived only in a section with items that is not a status section
    status_sections = {item.section for item in doc.items if item.kind is ItemKind.SECTION}
    with_items: set[int] = set()
    for item in doc.items:
        s: int | None = item.section if item.kind is not ItemKind.SECTION else None
        while s is not None and s not in with_items:
            with_items.add(s)
            s = doc.sections[s].parent
    with_items -= status_sections
    starts_at: list[tuple[int, int]] = []
    for fld in doc.fields:
        derived = fld.key in PROGRESS_KEYS or fld.key in UPDATED_KEYS
        rollup = (
            fld.key in STATUS_KEYS and fld.owner_list_item is None and fld.section in with_items
        )
        if derived or rollup:
            starts_at.append((fld.line, fld.value_span.start))
    starts_at.extend((bar.line, bar.glyph_span.start) for bar in doc.bars)
    tails: dict[int, int] = {}
    for line, offset in starts_at:
        if line in fixed or line <= front_end or line >= len(lines):
            continue
        col = offset - starts[line]
        if 0 < col <= len(lines[line]) and lines[line][:col].strip():
            tails[line] = min(col, tails.get(line, col))
    return tails


def _inert_edit(a: str, b: str, col: int) -> bool:
    """Whether changing line `a` into `b` after `col` leaves every block rule's answer alone."""
    if a[:col] != b[:col]:
        return False
    tail_a, tail_b = a[col:], b[col:]
    if not tail_a.strip() or not tail_b.strip():
        return False
    colours = _colours()
    if not (colours.isdisjoint(a) and colours.isdisjoint(b)) or "]:" in b:
        return False
    # the tails differ only in their middles: the counts compare those
    if tail_a.count("(") != tail_b.count("(") or tail_a.count(")") != tail_b.count(")"):
        return False
    plain = _PLAIN_TAIL.issuperset(tail_a) and _PLAIN_TAIL.issuperset(tail_b)
    if not plain and not _inert_middle(tail_a, tail_b):
        return False
    if "<" not in a and ">" not in a and "<" not in b and ">" not in b:
        return True  # every HTML block end has one of them
    return all(a.count(end) == b.count(end) for end in _HTML_ENDS)


def _inert_middle(a: str, b: str) -> bool:
    """Whether what differs between `a` and `b` (past their common start and end) is only
    letters, digits, emoji and inert punctuation."""
    from trackmd.core.lexicon import is_emoji_char

    p = 0
    limit = min(len(a), len(b))
    while p < limit and a[p] == b[p]:
        p += 1
    s = 0
    while s < limit - p and a[-1 - s] == b[-1 - s]:
        s += 1
    for ch in set(a[p : len(a) - s] + b[p : len(b) - s]) - _INERT:
        if not (ch.isalnum() or is_emoji_char(ch)):
            return False
    return True
