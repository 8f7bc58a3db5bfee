"""The three-way line merge: `git merge-file` read into segments, and the conflicts resolved
that git reports only because two changes touch (adjacent lines, items added to one list)."""

from __future__ import annotations

import difflib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from trackmd.core import patterns
from trackmd.git.merging import merge_file_diff3

LABELS = ("ours", "base", "theirs")
_LIST_LINE = patterns.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")
_INTERNAL_MARKER = 41  # merge-file's own markers: long, so that no content line is one


class Fallback(Exception):
    """This merge is git's to do: the reason is printed as a one-line warning."""


@dataclass(frozen=True)
class Conflict:
    """What git left as a conflict: the lines of each side and of the ancestor."""

    ours: list[str]
    base: list[str]
    theirs: list[str]


Segment = list[str] | Conflict


def split_lines(text: str) -> list[str]:
    """Lines as git merges them: split after each `\\n`, terminators kept."""
    return re.findall(r"[^\n]*\n|[^\n]+", text)


def merge_texts(ours: str, base: str, theirs: str) -> list[Segment]:
    """`git merge-file --diff3` of three texts, as clean runs of lines and conflicts."""
    with tempfile.TemporaryDirectory(prefix="trackmd-merge-") as folder:
        names = []
        for label, text in zip(LABELS, (ours, base, theirs), strict=True):
            path = Path(folder) / label
            path.write_bytes(text.encode("utf-8"))
            names.append(str(path))
        try:
            merged = merge_file_diff3(names, LABELS, _INTERNAL_MARKER)
        except OSError as error:
            raise Fallback(str(error)) from None
    return _segments(merged.decode("utf-8"))


def _segments(merged: str) -> list[Segment]:
    start, middle, split, end = ("<", "|", "=", ">")
    size = _INTERNAL_MARKER
    segments: list[Segment] = []
    clean: list[str] = []
    sides: list[list[str]] = []
    for line in split_lines(merged):
        bare = line.rstrip("\r\n")
        head, rest = bare[:size], bare[size:]
        marker = head[0] if head and head == head[0] * size and rest[:1] in ("", " ") else ""
        if not sides and marker == start:
            if clean:
                segments.append(clean)
            clean = []
            sides = [[]]
        elif sides and marker in (middle, split) and len(sides) < 3:
            sides.append([])
        elif sides and marker == end and len(sides) == 3:
            segments.append(Conflict(sides[0], sides[1], sides[2]))
            sides = []
        elif sides:
            sides[-1].append(line)
        else:
            clean.append(line)
    if sides:
        raise Fallback("could not read git merge-file's output")
    if clean:
        segments.append(clean)
    return segments


def _changes(base: list[str], side: list[str]) -> list[tuple[int, int, list[str]]]:
    """(start, end, new lines) per change of `side`; a run of lines rewritten one for one is
    one change per line, so that a line both sides changed alike is not a clash."""
    matcher = difflib.SequenceMatcher(None, base, side, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            out += [(i1 + k, i1 + k + 1, [side[j1 + k]]) for k in range(i2 - i1)
                    if base[i1 + k] != side[j1 + k]]  # fmt: skip
        elif tag != "equal":
            out.append((i1, i2, side[j1:j2]))
    return out


_Change = tuple[int, int, list[str]]  # base lines [start, end) become these lines
_CHECKBOX = patterns.compile(r"([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[)[^\]\r\n]{0,2}(\])")


def _ambiguous(conflict: Conflict) -> bool:
    """A line of the ancestor repeats in the ancestor or in a side: diffs may pair it with
    either copy."""
    base = conflict.base
    return any(
        base.count(line) > 1 or conflict.ours.count(line) > 1 or conflict.theirs.count(line) > 1
        for line in set(base)
    )


def _in_place(base: list[str], side: list[str]) -> bool:
    """`side` is `base` with only checkbox marks changed, line for line."""
    if len(base) != len(side):
        return False
    return all(
        a == b or (_CHECKBOX.match(a) is not None and _CHECKBOX.sub(r"\1\2", a, count=1)
                   == _CHECKBOX.sub(r"\1\2", b, count=1))
        for a, b in zip(base, side, strict=True)
    )  # fmt: skip


def _line_for_line(base: list[str], side: list[str]) -> list[_Change]:
    return [(k, k + 1, [b]) for k, (a, b) in enumerate(zip(base, side, strict=True)) if a != b]


def _clash(a: _Change, b: _Change) -> bool:
    """Changes of the two sides that touch the same base lines, or insert at one place."""
    (a_start, a_end, _), (b_start, b_end, _) = a, b
    overlap = a_start < b_end and b_start < a_end
    same_point = a_start == a_end == b_start == b_end
    inside = (a_start == a_end and b_start < a_start < b_end) or (
        b_start == b_end and a_start < b_start < a_end
    )
    return overlap or same_point or inside


def resolve(conflict: Conflict) -> list[Segment]:
    """What git calls a conflict, resolved where the two sides changed different lines (even
    adjacent ones), made the same change, or both appended list items at the same place;
    the rest stays a conflict, narrowed to the lines that really clash.

    Where a line repeats (two `- [ ] TBD`), a diff cannot tell which copy a side changed:
    only ticks and other state changes in place (each side keeps the ancestor's line count
    and changes only checkboxes) are taken line for line; anything else stays git's conflict.
    """
    if _ambiguous(conflict):
        if not (_in_place(conflict.base, conflict.ours)
                and _in_place(conflict.base, conflict.theirs)):  # fmt: skip
            return [conflict]
        ours = [(c, 0) for c in _line_for_line(conflict.base, conflict.ours)]
        theirs = [(c, 1) for c in _line_for_line(conflict.base, conflict.theirs)]
    else:
        ours = [(c, 0) for c in _changes(conflict.base, conflict.ours)]
        theirs = [(c, 1) for c in _changes(conflict.base, conflict.theirs)]
    changes = sorted(ours + theirs, key=lambda c: (c[0][0], c[0][1], c[1]))
    clusters: list[list[tuple[_Change, int]]] = []
    for change in changes:
        joined = [
            cluster for cluster in clusters
            if any(side != change[1] and _clash(other, change[0]) for other, side in cluster)
        ]  # fmt: skip
        if not joined:
            clusters.append([change])
            continue
        merged = [change]
        for cluster in joined:
            merged += cluster
            clusters.remove(cluster)
        clusters.append(merged)
    base = conflict.base
    out: list[Segment] = []
    cursor = 0
    for cluster in sorted(clusters, key=lambda c: min(x[0][0] for x in c)):
        first = min(c[0][0] for c in cluster)
        last = max(c[0][1] for c in cluster)
        lines = _agreed(cluster)
        if lines is None:
            clean_into(out, base[cursor:first])
            mine = _applied(base, first, last, [c for c, side in cluster if side == 0])
            other = _applied(base, first, last, [c for c, side in cluster if side == 1])
            out.append(Conflict(mine, base[first:last], other))
        else:
            clean_into(out, base[cursor:first] + lines)
        cursor = last
    clean_into(out, base[cursor:])
    return out


def _agreed(cluster: list[tuple[_Change, int]]) -> list[str] | None:
    """The lines that replace a cluster's base lines, when the two sides do not disagree."""
    sides = {side for _change, side in cluster}
    if len(sides) == 1:  # one side only (several changes of one side never clash)
        (change, _side), *_rest = cluster
        if _rest:
            return None
        return change[2]
    if len(cluster) != 2:
        return None
    (a, _), (b, _) = cluster
    if a == b:
        return a[2]  # the same change on both sides
    if a[0] == a[1] == b[0] == b[1]:
        mine, other = (a, b) if cluster[0][1] == 0 else (b, a)
        return _union(mine[2], other[2])
    return None


def _applied(base: list[str], first: int, last: int, changes: list[_Change]) -> list[str]:
    out: list[str] = []
    cursor = first
    for start, end, lines in sorted(changes, key=lambda c: (c[0], c[1])):
        out += base[cursor:start] + lines
        cursor = end
    return out + base[cursor:last]


def clean_into(out: list[Segment], lines: list[str]) -> None:
    if not lines:
        return
    if out and not isinstance(out[-1], Conflict):
        out[-1] = out[-1] + lines
    else:
        out.append(list(lines))


def _union(ours: list[str], theirs: list[str]) -> list[str] | None:
    """Both sides inserted lines at the same place: keep both when they are list items."""
    prefix = 0
    while prefix < min(len(ours), len(theirs)) and ours[prefix] == theirs[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(ours), len(theirs)) - prefix
        and ours[len(ours) - 1 - suffix] == theirs[len(theirs) - 1 - suffix]
    ):
        suffix += 1
    mine = ours[prefix : len(ours) - suffix]
    other = theirs[prefix : len(theirs) - suffix]
    if not all(_LIST_LINE.match(line) for line in (*mine, *other)):
        return None
    if any(not line.endswith("\n") for line in mine):
        return None  # the last line of the file: no terminator to put theirs after
    return ours[:prefix] + mine + other + ours[len(ours) - suffix :]
