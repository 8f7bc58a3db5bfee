"""The block scanner's state: the lines with their begin, indent and column counts (as
markdown-it's `StateBlock` keeps them, per line instead of per document offset), and the
tokens it pushes."""

from __future__ import annotations

from typing import TypeVar

from trackmd.core.parse.scantokens import Block, Inline, Marked, Paragraph

# markdown-it's trim set (`mdTrim`): CommonMark's Unicode whitespace, U+2028 and U+2029
TRIM = (
    "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

T = TypeVar("T", bound=Block)

_H = ("", "h1", "h2", "h3", "h4", "h5", "h6")  # a heading's tag, by level


class Unmodelled(Exception):  # a signal, not an error: parse with markdown-it
    """The document holds a construct the scanner does not model."""


class ScanState:
    """`lines[i][b[i] + t[i]:]` is what line i holds inside its containers; `s[i]` is the
    column where that starts (markdown-it's sCount, -1 for a lazy line of a quote)."""

    __slots__ = (
        "b", "blk_indent", "level", "line", "line_count", "line_max", "lines", "list_indent",
        "max_level", "newline_at_end", "paragraphs", "s", "t", "tight", "tokens",
    )  # fmt: skip

    def __init__(self, text: str, max_level: int) -> None:
        lines = text.split("\n")
        parts = len(lines)
        if not lines[-1].strip(" \t"):
            lines.pop()  # markdown-it drops a last line of only spaces
        self.lines = lines
        indents = [len(line) - len(line.lstrip(" ")) for line in lines]
        self.line_max = len(lines)  # a block quote lowers it while it reads its lines
        self.line_count = len(lines)
        lines.append("")  # markdown-it's fake last line
        indents.append(0)
        self.b = [0] * len(lines)
        self.t = indents
        self.s = indents[:]
        self.newline_at_end = parts > self.line_max  # a newline ends the last line
        self.blk_indent = 0
        self.list_indent = -1
        self.line = 0
        self.level = 0
        self.tight = False
        self.tokens: list[Block] = []
        self.paragraphs: list[int] = []  # where each paragraph_open is in tokens, in order
        self.max_level = max_level

    def push(self, kind: type[T], type_: str, tag: str, nesting: int) -> T:
        """A token of class `kind` (the slots it needs) at the current level."""
        if nesting < 0:
            self.level -= 1
        token = kind(type_, tag, nesting, self.level)
        if nesting > 0:
            self.level += 1
            if self.level > self.max_level:
                raise Unmodelled("nested too deep")
        self.tokens.append(token)
        return token

    def paragraph(self, lines: list[int], content: str) -> None:
        """paragraph_open, an inline token holding `content` on `lines`, paragraph_close."""
        level = self.level
        self.paragraphs.append(len(self.tokens))
        self.tokens += (
            Paragraph("paragraph_open", "p", 1, level, lines),
            Inline(level + 1, lines, content),
            Paragraph("paragraph_close", "p", -1, level),
        )

    def heading(self, level: int, lines: list[int], content: str, markup: str) -> Marked:
        """A heading's three tokens (`lines` the inline token's map and the opening's, which
        is returned)."""
        tag = _H[level]
        opening = Marked("heading_open", tag, 1, self.level, markup)
        opening.map = lines
        closing = Marked("heading_close", tag, -1, self.level, markup)
        self.tokens += (opening, Inline(self.level + 1, lines, content), closing)
        return opening

    def is_empty(self, line: int) -> bool:
        return self.b[line] + self.t[line] >= len(self.lines[line])

    def skip_empty(self, line: int) -> int:
        b, t, lines, end = self.b, self.t, self.lines, self.line_max
        while line < end and b[line] + t[line] >= len(lines[line]):
            line += 1
        return line

    def get_lines(self, begin: int, end: int, indent: int, keep_last_lf: bool) -> str:
        """markdown-it's `getLines`: lines `begin`–`end`, each less up to `indent` columns of
        its prefix. Without tabs a line's prefix `t` is all it may lose: the character after
        it is never a space."""
        if begin >= end:
            return ""
        lines, b, t = self.lines, self.b, self.t
        if begin + 1 == end:
            joined = lines[begin][b[begin] + min(t[begin], indent) :]
        else:
            joined = "\n".join([lines[i][b[i] + min(t[i], indent) :] for i in range(begin, end)])
        if keep_last_lf and (end < self.line_count or self.newline_at_end):
            joined += "\n"
        return joined

    def trimmed(self, line: int) -> str:
        """The line's text inside its containers, from its first non-space character."""
        return self.lines[line][self.b[line] + self.t[line] :]
