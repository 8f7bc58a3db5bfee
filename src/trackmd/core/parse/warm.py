"""markdown-it's tokens of a new version of a text, from the previous version's: only the
top-level blocks a change can reach are read again (the language server, on every change).

Why this equals a full read. markdown-it reads the top level one block after another, each
from its first line with nothing carried over from the blocks before it: the per-line state
is each line's own, and what a block leaves behind (reference definitions) is for inline
parsing, which trackmd turns off. Deciding where a block ends reads no further than the line
after its last (a paragraph asks whether the next line opens a table: the delimiter row).
So reading starts again at the last block that starts `MARGIN` or more lines before the
first changed line (the blocks before it read only unchanged lines); and once a block read
again starts on a line an old block started on after the change (shifted by the lines
added), with `MARGIN` more lines read past it, everything from there on is the old tokens,
shifted. With a margin of one line instead, tests/test_warm.py finds differences; with
two, none over its random edits.
tests/test_warm.py compares with full reads over random edits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trackmd.core.parse.syntax import _markdown, _nesting

if TYPE_CHECKING:
    from markdown_it.token import Token

MARGIN = 2  # lines: the last line a block's end depends on, and the one after it
DEEP = 32  # nesting levels: a slice this deep is left to the full read and its fallbacks
TRIES = 3  # slices grown before reading the rest of the document instead


class Blocks:
    """One read: the lines markdown-it was given, its tokens, where each top-level block's
    tokens start. A read is used once: the next one may shift the tokens it keeps."""

    __slots__ = ("lines", "spent", "starts", "tokens")

    def __init__(self, lines: list[str], tokens: list[Token], starts: list[int]) -> None:
        self.lines = lines
        self.tokens = tokens
        self.starts = starts  # token index of each top-level block, in order
        self.spent = False

    @classmethod
    def of(cls, lines: list[str], tokens: list[Token]) -> Blocks | None:
        starts = []
        for i, tok in enumerate(tokens):
            if _opens(tok):
                if tok.map is None:
                    return None  # no line to start again from: never reused
                starts.append(i)
        return cls(lines, tokens, starts)

    def line_of(self, block: int) -> int:
        found = self.tokens[self.starts[block]].map
        assert found is not None
        return found[0]


def read(previous: Blocks, lines: list[str]) -> Blocks | None:
    """The read of `lines`, re-reading only the blocks the change reaches; None when it
    cannot (then the caller reads in full, with its diagnostics for hostile input)."""
    if previous.spent:
        return None
    previous.spent = True
    old = previous.lines
    if old == lines:
        return Blocks(lines, previous.tokens, previous.starts)
    first = 0  # the first changed line
    limit = min(len(old), len(lines))
    while first < limit and old[first] == lines[first]:
        first += 1
    same = 0  # unchanged lines at the end
    while same < limit - first and old[-1 - same] == lines[-1 - same]:
        same += 1
    delta = len(lines) - len(old)
    count = len(previous.starts)
    block = 0  # the first block read again: the last starting MARGIN lines before the change
    while block + 1 < count and previous.line_of(block + 1) + MARGIN <= first:
        block += 1
    begin = previous.line_of(block) if count and block else 0
    after = next(
        (j for j in range(count) if previous.line_of(j) >= len(old) - same), count
    )  # the first old block wholly in the unchanged end
    head = previous.tokens[: previous.starts[block]] if block else []
    for attempt in range(TRIES + 1):
        reach = after + 2**attempt  # old blocks to read past the change, doubling
        last = attempt == TRIES or reach >= count
        end = len(lines) if last else previous.line_of(reach) + delta + MARGIN
        fresh = _slice(lines, begin, end)
        if fresh is None:
            return None
        if end >= len(lines):  # the rest of the document was read
            return Blocks.of(lines, [*head, *fresh])
        found = _rejoin(previous, fresh, end, after, delta)
        if found is not None:
            i, j = found
            kept = previous.tokens[previous.starts[j] :]
            if delta:
                for tok in kept:
                    if tok.map is not None:
                        tok.map = [tok.map[0] + delta, tok.map[1] + delta]
            starts = previous.starts[:block]
            starts += [len(head) + n for n, tok in enumerate(fresh[:i]) if _opens(tok)]
            moved = len(head) + i - previous.starts[j]
            starts += [n + moved for n in previous.starts[j:]]
            return Blocks(lines, [*head, *fresh[:i], *kept], starts)
    return None


def _opens(tok: Token) -> bool:
    """Whether `tok` is the first of a top-level block."""
    return tok.level == 0 and tok.nesting >= 0


def _slice(lines: list[str], begin: int, end: int) -> list[Token] | None:
    """Tokens of lines [begin, end), their line maps in the whole text's numbering."""
    part = lines[begin:end]
    if any(_nesting(line) > DEEP for line in part):
        return None
    try:
        tokens = _markdown().parse("\n".join(part))
    except Exception:  # RecursionError, hostile input: the full read says why
        return None
    if begin:
        for tok in tokens:
            if tok.map is not None:
                tok.map = [tok.map[0] + begin, tok.map[1] + begin]
    return tokens


def _rejoin(
    previous: Blocks, fresh: list[Token], end: int, after: int, delta: int
) -> tuple[int, int] | None:
    """(i, j): fresh token i starts a top-level block on the line old block j started on
    (j past the change, shifted), with MARGIN lines read past it; None when there is none."""
    olds = {previous.line_of(j) + delta: j for j in range(after, len(previous.starts))}
    for i, tok in enumerate(fresh):
        if not _opens(tok) or tok.map is None:
            continue
        line = tok.map[0]
        if line + MARGIN > end:
            return None
        j = olds.get(line)
        if j is not None:
            return i, j
    return None
