"""Text with exact line offsets. Lines split on `\\r\\n`, `\\r` or `\\n` only."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from trackmd.core import patterns
from trackmd.core.model import Span
from trackmd.core.record import NamedTuple

_NEWLINE = patterns.compile(r"\r\n|\r|\n")
BOM = "\ufeff"
_new = tuple.__new__


class Source(NamedTuple):
    text: str
    line_starts: tuple[int, ...]  # offset of each line's first character
    line_ends: tuple[int, ...]  # offset of each line's terminator (or end of text)

    @classmethod
    def of(cls, text: str) -> Source:
        if "\r" not in text:  # `\n` alone ends lines: where each starts, from their lengths
            after = list(accumulate(len(line) + 1 for line in text.split("\n")))
            starts = [1 if text.startswith(BOM) else 0, *after[:-1]]
            return cls(text, tuple(starts), tuple(end - 1 for end in after))
        starts = [1 if text.startswith(BOM) else 0]
        ends: list[int] = []
        for match in _NEWLINE.finditer(text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(text))
        return cls(text, tuple(starts), tuple(ends))

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line(self, number: int) -> str:
        """Content of a 0-based line, without its terminator."""
        return self.text[self.line_starts[number] : self.line_ends[number]]

    def lines(self) -> list[str]:
        text = self.text
        return [text[s:e] for s, e in zip(self.line_starts, self.line_ends, strict=True)]

    def span(self, line: int, start_col: int, end_col: int) -> Span:
        base = self.line_starts[line]
        # the `Span` its constructor makes, without the constructor's Python frame (the
        # parser makes one per item, field and cell)
        return _new(Span, (base + start_col, base + end_col))

    def position(self, offset: int) -> tuple[int, int]:
        """0-based line and column of an offset."""
        line = max(bisect_right(self.line_starts, offset) - 1, 0)
        return line, offset - self.line_starts[line]

    def newline(self) -> str:
        """The file's dominant line terminator, for inserted lines."""
        counts = {"\r\n": 0, "\n": 0, "\r": 0}
        for match in _NEWLINE.finditer(self.text, 0, min(len(self.text), 65536)):
            counts[match.group()] += 1
        best = max(counts, key=lambda k: counts[k])
        return best if counts[best] else "\n"
