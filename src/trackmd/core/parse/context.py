"""The parser's scratch records: open lists, list entries, raw items, headings.

Plain classes with slots, not dataclasses: the dataclasses module (and the `inspect` it
imports) is a tenth of a cold run's imports, and these records are compared by identity."""

from __future__ import annotations

from trackmd.core.model import (
    Cookie,
    Field,
    ItemKind,
    Span,
    State,
    StatusText,
)


class _ListCtx:
    __slots__ = ("depth", "entries", "label", "parent_item", "section", "start_line")

    def __init__(
        self,
        depth: int,
        parent_item: _ItemCtx | None,
        entries: list[_ItemCtx] | None = None,
        label: str | None = None,
        section: int = 0,
        start_line: int = 0,
    ) -> None:
        self.depth = depth
        self.parent_item = parent_item
        self.entries: list[_ItemCtx] = [] if entries is None else entries
        self.label = label
        self.section = section
        self.start_line = start_line


class _ItemCtx:
    __slots__ = (
        "checkbox",
        "emoji_reading",
        "field_reading",
        "first_para",
        "indent",
        "key",
        "level",
        "line",
        "list",
        "marker",
        "parent",
        "status_field",
        "tag_reading",
        "text",
    )  # fmt: skip

    def __init__(
        self,
        line: int,
        level: int,
        list: _ListCtx,
        parent: _ItemCtx | None,
        checkbox: bool = False,
        key: tuple[int, int] | None = None,
        first_para: bool = True,
        status_field: Field | None = None,
        emoji_reading: tuple[StatusText, str] | None = None,
        field_reading: tuple[StatusText, str] | None = None,
        tag_reading: tuple[StatusText, str] | None = None,
        text: str = "",
        indent: str = "",
        marker: str = "",
    ) -> None:
        self.line = line
        self.level = level
        self.list = list
        self.parent = parent
        self.checkbox = checkbox
        self.key = key  # set when this list item is an item
        self.first_para = first_para
        self.status_field = status_field
        self.emoji_reading = emoji_reading  # (status, text)
        self.field_reading = field_reading  # `**Stage**: ✅ …` (status, key)
        self.tag_reading = tag_reading  # `[DONE] …` (status, text)
        self.text = text
        self.indent = indent
        self.marker = marker


class _RawItem:
    __slots__ = (
        "cookie",
        "id",
        "key",
        "kind",
        "line",
        "list_indent",
        "list_marker",
        "marker",
        "meta",
        "parent_key",
        "points",
        "section",
        "state",
        "state_span",
        "status",
        "text",
    )  # fmt: skip

    def __init__(
        self,
        key: tuple[int, int],
        kind: ItemKind,
        text: str,
        state: State,
        line: int,
        section: int,
        state_span: Span,
        status: StatusText | None = None,
        marker: str = "",
        parent_key: tuple[int, int] | None = None,
        points: float | None = None,
        id: str | None = None,
        cookie: Cookie | None = None,
        list_indent: str = "",
        list_marker: str = "",
        meta: dict[str, str] | None = None,
    ) -> None:
        self.key = key
        self.kind = kind
        self.text = text
        self.state = state
        self.line = line
        self.section = section
        self.state_span = state_span
        self.status = status
        self.marker = marker
        self.parent_key = parent_key
        self.points = points
        self.id = id
        self.cookie = cookie
        self.list_indent = list_indent
        self.list_marker = list_marker
        self.meta: dict[str, str] = {} if meta is None else meta  # due/priority/owner


class _Heading:
    __slots__ = ("lead", "level", "line", "span", "tail", "text")

    def __init__(
        self,
        level: int,
        line: int,
        text: str,
        span: Span,
        lead: tuple[str, int],  # leading emoji and its column in the text
        tail: StatusText | None,  # trailing emoji + status word
    ) -> None:
        self.level = level
        self.line = line
        self.text = text
        self.span = span
        self.lead = lead
        self.tail = tail
