"""Texts split into lines chunk by chunk, and two versions' lines aligned (for `Counter`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import accumulate, chain, compress, count, islice
from operator import ne
from typing import Any

from trackmd.core import patterns

_NEWLINE = patterns.compile(r"(\r\n|\r|\n)")


class Chunks:
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


def split(
    text: str | bytes, known: Chunks | None = None
) -> tuple[list[str], list[str], Chunks, Patch | None]:
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
        cut = _NEWLINE.split(text)
        lines = cut[0::2]
        return lines, cut[1::2], Chunks([], [], [], lines), None
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
            return lines, ["\n"] * (len(lines) - 1), Chunks(pieces, parts, starts, lines), patch
    lines = list(chain.from_iterable(parts))
    starts = [0, *accumulate(len(part) for part in parts)][:-1] if parts else []
    return lines, ["\n"] * (len(lines) - 1), Chunks(pieces, parts, starts, lines), None


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


def _same_run(old: list[str], new: list[str], i: int, j: int) -> int:
    """How many lines from old[i] and new[j] on are equal (compared at C speed)."""
    limit = min(len(old) - i, len(new) - j)
    unequal = compress(count(), map(ne, islice(old, i, i + limit), islice(new, j, j + limit)))
    return next(unequal, limit)


_RESYNC = 16  # how far the alignment looks for the lines after an insertion or removal


def align(
    old: list[str], new: list[str], patch: Patch | None = None
) -> list[tuple[str, int, int, int]]:
    """A line alignment as (op, old line, new line, count): runs of equal lines, and single
    lines modified, inserted or removed (a resync needs two equal lines in a row)."""
    if len(old) == len(new):
        ops = align_in_place(old, new, patch)
        if ops is not None:
            return ops
    return align_stepwise(old, new)


def align_stepwise(old: list[str], new: list[str]) -> list[tuple[str, int, int, int]]:
    """`align` line by line: equal runs, else a modified line unless a shift resyncs."""
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


def align_in_place(
    old: list[str], new: list[str], patch: Patch | None = None
) -> list[tuple[str, int, int, int]] | None:
    """`align` of two texts with as many lines, when it finds no insertion or removal: the
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
            return None  # `align`'s look-ahead would see lines inserted or removed here
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
