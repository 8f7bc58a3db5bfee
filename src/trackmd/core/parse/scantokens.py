"""The block scanner's tokens: markdown-it `Token`'s attributes, in as few slots as each kind
of token needs (a 10 MB tracker has over a million tokens; importing markdown-it's own
token module imports its whole parser)."""

from __future__ import annotations

from typing import TypeAlias

Attrs: TypeAlias = dict[str, str | int | float]
NO_ATTRS: Attrs = {}  # shared by every token without attrs: read only
NO_CHILDREN: list[Block] = []  # shared by every inline token (inline parsing is off): read only

# The token types of the leaf blocks, made once: a token's type is then a shared string,
# not one more object per token (a 10 MB file has hundreds of thousands of paragraphs).
OPENING = {kind: kind + "_open" for kind in ("paragraph", "heading", "th", "td")}
CLOSING = {kind: kind + "_close" for kind in ("paragraph", "heading", "th", "td")}


class Block:
    """A block token with markdown-it `Token`'s attributes. This one has slots for what
    every token sets (type, tag, nesting, level, map: table parts, paragraph-less closing
    tokens); what a token does not set reads the class defaults below, and the kinds of
    token that set more have slots for it (`Marked`, `Code`, `Paragraph`, `Inline`,
    `WithAttrs`). Tokens that markdown-it gives equal line maps may share one list: nothing
    changes a token's map in place once the scanner is done."""

    __slots__ = ("level", "map", "nesting", "tag", "type")

    attrs: Attrs = NO_ATTRS
    meta: dict[str, object] = {}  # noqa: RUF012  # read only, like attrs
    block = True
    children: list[Block] | None = None
    content = ""
    markup = ""
    info = ""
    hidden = False

    def __init__(self, type_: str, tag: str, nesting: int, level: int) -> None:
        self.type = type_
        self.tag = tag
        self.nesting = nesting
        self.level = level
        self.map: list[int] | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.type!r}, map={self.map}, level={self.level})"


class Marked(Block):
    """A token with markup (and info): lists, their items, headings, block quotes, hr."""

    __slots__ = ("info", "markup")

    def __init__(self, type_: str, tag: str, nesting: int, level: int, markup: str = "") -> None:
        self.type = type_
        self.tag = tag
        self.nesting = nesting
        self.level = level
        self.map = None
        self.markup = markup
        self.info = ""


class Code(Marked):
    """A token with content too: fences, indented code, HTML blocks."""

    __slots__ = ("content",)

    def __init__(self, type_: str, tag: str, nesting: int, level: int) -> None:
        super().__init__(type_, tag, nesting, level)
        self.content = ""


class WithAttrs(Marked):
    """A token with attrs of its own: an ordered list's `start`, an aligned cell's style."""

    __slots__ = ("attrs",)

    def __init__(self, type_: str, tag: str, nesting: int, level: int) -> None:
        super().__init__(type_, tag, nesting, level)
        self.attrs = NO_ATTRS


class Paragraph(Block):
    """A paragraph's opening or closing token: hidden in a tight list."""

    __slots__ = ("hidden",)

    def __init__(
        self, type_: str, tag: str, nesting: int, level: int, lines: list[int] | None = None
    ) -> None:
        self.type = type_
        self.tag = tag
        self.nesting = nesting
        self.level = level
        self.map = lines
        self.hidden = False


class Inline(Block):
    """The inline token of a paragraph, heading or cell: its content, and no children
    (inline parsing is off)."""

    __slots__ = ("content",)

    children = NO_CHILDREN

    def __init__(self, level: int, lines: list[int], content: str) -> None:
        self.type = "inline"
        self.tag = ""
        self.nesting = 0
        self.level = level
        self.map = lines
        self.content = content
