"""The block scanner's state: the lines with their begin, indent and column counts (as
markdown-it's `StateBlock` keeps them, per line instead of per document offset), and the
tokens it pushes."""

from __future__ import annotations

from typing import TypeAlias

# markdown-it's trim set (`mdTrim`): CommonMark's Unicode whitespace, U+2028 and U+2029
TRIM = (
    "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

Attrs: TypeAlias = dict[str, str | int | float]
NO_ATTRS: Attrs = {}  # shared by every token without attrs: read only
NO_CHILDREN: list[Block] = []  # shared by every inline token (inline parsing is off): read only

# The token types of the leaf blocks, made once: a token's type is then a shared string,
# not one more object per token (a 10 MB file has hundreds of thousands of paragraphs).
OPENING = {kind: kind + "_open" for kind in ("paragraph", "heading", "th", "td")}
CLOSING = {kind: kind + "_close" for kind in ("paragraph", "heading", "th", "td")}


class Unmodelled(Exception):  # a signal, not an error: parse with markdown-it
    """The document holds a construct the scanner does not model."""


class Block:
    """A block token with markdown-it `Token`'s attributes (importing markdown-it's own
    token module imports its whole parser). Slots, not a dict per token: a 10 MB file has
    over a million. The attributes no block sets (`meta`, `block`) and `attrs` read their
    class defaults; a token with attrs (ordered lists, aligned table cells) is a `WithAttrs`.
    Tokens that markdown-it gives equal line maps may share one list: nothing changes a
    token's map in place once the scanner is done."""

    __slots__ = ("children", "content", "hidden", "info", "level", "map", "markup",
                 "nesting", "tag", "type")  # fmt: skip

    attrs: Attrs = NO_ATTRS
    meta: dict[str, object] = {}  # noqa: RUF012  # read only, like attrs
    block = True

    def __init__(self, type_: str, tag: str, nesting: int, level: int) -> None:
        self.type = type_
        self.tag = tag
        self.nesting = nesting
        self.level = level
        self.map: list[int] | None = None
        self.children: list[Block] | None = None
        self.content = ""
        self.markup = ""
        self.info = ""
        self.hidden = False

    def __repr__(self) -> str:
        return f"Block({self.type!r}, map={self.map}, level={self.level})"


class WithAttrs(Block):
    """A block token with attrs of its own (`start` of an ordered list, a cell's style)."""

    __slots__ = ("attrs",)

    def __init__(self, type_: str, tag: str, nesting: int, level: int, attrs: Attrs) -> None:
        super().__init__(type_, tag, nesting, level)
        self.attrs = attrs


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

    def push(self, type_: str, tag: str, nesting: int, attrs: Attrs | None = None) -> Block:
        if nesting < 0:
            self.level -= 1
        if attrs is None:
            token = Block(type_, tag, nesting, self.level)
        else:
            token = WithAttrs(type_, tag, nesting, self.level, attrs)
        if nesting > 0:
            self.level += 1
            if self.level > self.max_level:
                raise Unmodelled("nested too deep")
        self.tokens.append(token)
        return token

    def leaf(self, kind: str, tag: str, lines: list[int], content: str) -> Block:
        """`kind`_open, an inline token holding `content` on `lines`, `kind`_close: a
        paragraph, heading or table cell in one call (the opening token is returned, its
        map `lines` too)."""
        level = self.level
        if kind == "paragraph":
            self.paragraphs.append(len(self.tokens))
        opening = Block(OPENING[kind], tag, 1, level)
        opening.map = lines
        inline = Block("inline", "", 0, level + 1)
        inline.map = lines
        inline.content = content
        inline.children = NO_CHILDREN
        self.tokens += (opening, inline, Block(CLOSING[kind], tag, -1, level))
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
