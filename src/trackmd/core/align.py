"""Table cells keep their column's alignment when a write changes their text.

Many teams keep their tables aligned (an editor or a formatter pads every cell to its
column's width). A derived value or a state written into such a cell takes the change in
width from the cell's own padding, so `| 9%       |` becomes `| 10%      |` and
`| Not started |` becomes `| Done        |`, not `| 10%       |` and `| Done |` (a
right-aligned column pads on the left, a centred one on both sides). Only where
the row is aligned with its table's delimiter row (its pipes stand in the same columns)
and the edit replaces the cell's whole text; a value wider than its cell still widens it,
with one space, as it would without this. Other bytes of the line are never touched.
"""

from __future__ import annotations

import unicodedata

from trackmd.core import patterns
from trackmd.core.model import Edit, Span

_DELIMITER = patterns.compile(
    r"(?:[ \t]*>)*[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*"
)  # (in a block quote too: `> |---|---|`)
_ZERO = frozenset({"Mn", "Me", "Cf"})


def width(text: str) -> int:
    """Columns `text` takes in a monospaced editor: wide and full-width characters (CJK,
    most emoji) two, marks and joiners none, a character made emoji by U+FE0F two."""
    if text.isascii():
        return len(text)
    total = 0
    last = 0
    for ch in text:
        if ch == "\ufe0f":
            total += 1 if last == 1 else 0
            last = 2
            continue
        if unicodedata.category(ch) in _ZERO:
            continue
        last = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        total += last
    return total


def _pipes(line: str) -> list[int]:
    """The display columns of the line's cell pipes (not escaped, not in code spans)."""
    found: list[int] = []
    column, in_code, escaped = 0, False, False
    for ch in line:
        if ch == "|" and not in_code and not escaped:
            found.append(column)
        in_code = not in_code if ch == "`" and not escaped else in_code
        escaped = ch == "\\" and not escaped
        column += width(ch)
    return found


def _delimiter_row(text: str, line_start: int, memo: dict[int, str | None]) -> str | None:
    """The delimiter row of the table whose row starts at `line_start`: the lines above
    it, nearest first, up to the first that is no table row (`memo`: what rows found)."""
    found: str | None = None
    end = line_start - 1
    while end >= 0:  # each line once for a table's edits taken in order (`memo`)
        start = text.rfind("\n", 0, end) + 1
        if start in memo:
            found = memo[start]
            break
        line = text[start:end].rstrip("\r")
        if "|" not in line:
            break  # the table ended above
        if "-" in line and _DELIMITER.fullmatch(line):
            found = line
            break
        end = start - 1
    memo[line_start] = found
    return found


def in_cells(text: str, edits: list[Edit]) -> list[Edit]:
    """`edits`, each that replaces a whole cell of an aligned table widened to its padding
    and its text padded to keep the cell's width."""
    memo: dict[int, str | None] = {}
    fitted = {id(edit): _fitted(text, edit, memo) for edit in sorted(edits, key=_start)}
    return [fitted[id(edit)] for edit in edits]


def _start(edit: Edit) -> int:
    return edit.span.start


def _fitted(text: str, edit: Edit, memo: dict[int, str | None]) -> Edit:
    start, end = edit.span.start, edit.span.end
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end].rstrip("\r")
    if "\n" in edit.text or "\n" in text[start:end] or end - line_start > len(line):
        return edit
    before, after = line[: start - line_start], line[end - line_start :]
    left = len(before) - len(before.rstrip(" "))
    right = len(after) - len(after.lstrip(" "))
    if not before[: len(before) - left].endswith("|") or not after[right:].startswith("|"):
        return edit  # not a whole cell
    if left < 1 or right < 1:
        return edit
    delimiter = _delimiter_row(text, line_start, memo)
    if delimiter is None:
        return edit
    row_pipes, rule_pipes = _pipes(line), _pipes(delimiter)
    if row_pipes != rule_pipes:
        return edit  # not aligned: keep the padding as it is
    column = len(_pipes(before[: len(before) - left])) - 1  # the cell's left pipe
    rule = delimiter.lstrip(" \t>")
    cells = [c.strip() for c in rule.strip().strip("|").split("|")]
    column += 0 if rule.startswith("|") else 1  # the cell's place in the row
    spec = cells[column] if column < len(cells) else ""
    room = width(text[start:end]) + left + right  # the cell's inside, in columns
    new_width = width(edit.text)
    if spec.endswith(":") and not spec.startswith(":"):  # right-aligned: padding on the left
        if right != 1:
            return edit
        pad = max(room - new_width - 1, 1)
        span = Span(start - left, end)
        return edit._replace(span=span, text=" " * pad + edit.text)
    if spec.startswith(":") and spec.endswith(":"):  # centred: the padding shared out
        pad = max(room - new_width, 2)
        span = Span(start - left, end + right)
        return edit._replace(span=span, text=" " * (pad // 2) + edit.text + " " * (pad - pad // 2))
    if left != 1:
        return edit
    pad = max(room - new_width - 1, 1)
    return edit._replace(span=Span(start, end + right), text=edit.text + " " * pad)
