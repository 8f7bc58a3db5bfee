"""The parser's scratch records: open lists, list entries, raw items, headings."""

from __future__ import annotations

from dataclasses import dataclass, field

from trackmd.core.model import (
    Cookie,
    Field,
    ItemKind,
    Span,
    State,
    StatusText,
)


@dataclass
class _ListCtx:
    depth: int
    parent_item: _ItemCtx | None
    entries: list[_ItemCtx] = field(default_factory=list)
    label: str | None = None
    section: int = 0
    start_line: int = 0


@dataclass
class _ItemCtx:
    line: int
    level: int
    list: _ListCtx
    parent: _ItemCtx | None
    checkbox: bool = False
    key: tuple[int, int] | None = None  # set when this list item is an item
    first_para: bool = True
    status_field: Field | None = None
    emoji_reading: tuple[StatusText, str] | None = None  # (status, text)
    field_reading: tuple[StatusText, str] | None = None  # `**Stage**: ✅ …` (status, key)
    tag_reading: tuple[StatusText, str] | None = None  # `[DONE] …` (status, text)
    text: str = ""
    indent: str = ""
    marker: str = ""


@dataclass
class _RawItem:
    key: tuple[int, int]
    kind: ItemKind
    text: str
    state: State
    line: int
    section: int
    state_span: Span
    status: StatusText | None = None
    marker: str = ""
    parent_key: tuple[int, int] | None = None
    points: float | None = None
    id: str | None = None
    cookie: Cookie | None = None
    list_indent: str = ""
    list_marker: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # due/priority/owner from a column


@dataclass
class _Heading:
    level: int
    line: int
    text: str
    span: Span
    lead: tuple[str, int]  # leading emoji and its column in the text
    tail: StatusText | None  # trailing emoji + status word
