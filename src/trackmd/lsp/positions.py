"""Offsets in the text ↔ LSP positions (line, character in the client's units).

Lines split on `\\r\\n`, `\\r` or `\\n` only, as the LSP spec and trackmd's parser count them.
A character is a UTF-16 code unit unless the client negotiated UTF-8 or UTF-32.
"""

from __future__ import annotations

from bisect import bisect_right

from trackmd.core import patterns

_NEWLINE = patterns.compile(r"\r\n|\r|\n")


class LineIndex:
    """Where each line of one text starts and ends, and the client's position encoding."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        starts, ends = [0], []
        for match in _NEWLINE.finditer(text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(text))
        self.starts, self.ends = starts, ends

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line(self, number: int) -> str:
        return self.text[self.starts[number] : self.ends[number]]

    def _units(self, chars: str) -> int:
        if chars.isascii() or self.encoding == "utf-32":
            return len(chars)
        if self.encoding == "utf-8":
            return len(chars.encode("utf-8", "surrogatepass"))
        return len(chars.encode("utf-16-le", "surrogatepass")) // 2

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of a character offset."""
        line = max(bisect_right(self.starts, offset) - 1, 0)
        offset = min(offset, self.ends[line])  # never inside a line terminator
        return line, self._units(self.text[self.starts[line] : offset])

    def offset(self, line: int, character: int) -> int:
        """The character offset of a position; past the end of a line is its end."""
        if line >= self.line_count:
            return len(self.text)
        start, end = self.starts[max(line, 0)], self.ends[max(line, 0)]
        if self.encoding == "utf-32" or self.text[start:end].isascii():
            return min(start + max(character, 0), end)
        units = 0
        for at in range(start, end):
            if units >= character:
                return at
            units += self._units(self.text[at])
        return end
