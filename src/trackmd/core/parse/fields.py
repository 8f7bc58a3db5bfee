"""Fields (`**Key**: value`, fenced `key: value`), malformed checkboxes and table rows."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from trackmd.core import lexicon, patterns
from trackmd.core.lexicon import Vocabulary, leading_emoji, strip_emoji_edges, strip_markup
from trackmd.core.model import (
    Cell,
    Cookie,
    Field,
    ItemKind,
    Row,
    Severity,
    Span,
)
from trackmd.core.parse.context import _ItemCtx, _RawItem
from trackmd.core.parse.state import _State
from trackmd.core.parse.syntax import (
    _BAR,
    _BOLD_SPAN_FIELD,
    _COOKIE,
    _FENCE_FIELD,
    _FIELD,
    _ID_START,
    _MALFORMED,
    _PLAIN_FIELD,
    _POINTS,
    POINTS_KEYS,
    PROGRESS_KEYS,
    STATUS_HEADERS,
    STATUS_KEYS,
    field_key,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from trackmd.core.parse.scanner import BlockToken


# keys whose fields mean something of their own: never a work item's name
_NOT_WORK_KEYS = (
    STATUS_HEADERS | POINTS_KEYS | lexicon.PROGRESS_KEYS | lexicon.UPDATED_KEYS
    | lexicon.OWNER_KEYS | lexicon.LEGEND_KEYS | lexicon.TOTAL_LABELS
)  # fmt: skip


def _meta_kind(key: str) -> str | None:
    """`due`, `owner` or `priority` for a field key that names one (any language)."""
    if key in lexicon.DUE_KEYS:
        return "due"
    if key in lexicon.OWNER_KEYS:
        return "owner"
    if any(word in key for word in lexicon.PRIORITY_WORDS):
        return "priority"
    return None


def _item_field(
    owner: _ItemCtx, fld: Field, kind: str, into: dict[tuple[int, int], dict[str, str]]
) -> None:
    """`- [ ] Ship it` over `  - **Due**: 2026-12-10` (or the same on a line of its own
    below the checkbox): the checkbox's due date, owner or priority (issue 16)."""
    from trackmd.core.parse import metadata

    target = owner if owner.checkbox else owner.parent
    if target is None or not target.checkbox or target.key is None:
        return
    if kind == "due":
        value = metadata.due_date(fld.value)
    elif kind == "priority":
        value = metadata.level(fld.value)
    else:
        value = strip_markup(fld.value).strip().lstrip("@") or None
    if value:
        into.setdefault(target.key, {}).setdefault(kind, value)


_TAG_FIRST = patterns.compile(r"^\[(?P<tag>[^\[\]\n]{2,30})\](?![(\[:])[ \t]*")
_TAG_LAST = patterns.compile(r"[ \t]\[(?P<tag>[^\[\]\n]{2,30})\](?![(\[:])[ \t]*$")


class _Fields(_State):
    """Fields (`**Key**: value`, fenced `key: value`), malformed checkboxes and table rows."""

    def _paragraph_fields(self, lmap: list[int], section: int, owner: _ItemCtx | None) -> None:
        after_field = True  # a plain `Progress:` line opens its paragraph or follows a field
        for line in range(lmap[0], lmap[1]):
            source_line = self.lines[line]
            bold = "**" in source_line or "__" in source_line
            match = _FIELD.match(source_line) if bold else None
            if match is None and ":" in source_line:
                match = _status_field(source_line, bold, after_field)
                if match is not None and not self._plain_status_kept(match, owner):
                    match = None
            after_field = match is not None
            if match is None:
                continue
            key_text = match.group("k1") or match.group("k2") or ""
            value_col = match.start("value")
            value = match.group("value")
            list_owner = None
            is_list_line = bool(_LIST_LINE.match(source_line))
            if owner is not None and (owner.list.depth > 1 or not is_list_line):
                list_owner = owner.line
            fld = Field(
                field_key(key_text), key_text, value,
                self.src.span(line, value_col, value_col + len(value)), line, section, list_owner,
            )  # fmt: skip
            self.fields.append(fld)
            kind = _meta_kind(fld.key) if owner is not None else None
            if owner is not None and kind is not None:
                _item_field(owner, fld, kind, self.item_fields)
            if owner is not None and fld.key in STATUS_KEYS and is_list_line:
                target = owner.parent
                if target is not None and not target.checkbox and target.status_field is None:
                    target.status_field = fld

    def _plain_status_kept(self, match: re.Match[str], owner: _ItemCtx | None) -> bool:
        """A plain `- Status: …` bullet is the section's when its list follows the heading
        (or a bold label) directly, and its parent item's when nested (`1. BUG-001: …` /
        `   - Status: Open`); in a list of its own under a bold paragraph (`**v1.2
        Release**: …` / `- Status: Production Ready`) it is prose. Not by what the value
        says: an edit of the value never changes what is a field."""
        if match.re is not _PLAIN_FIELD or owner is None:
            return True
        return owner.list.depth > 1 or owner.list.label is not None

    def _field_status(self, owner: _ItemCtx, source_line: str, line: int) -> None:
        """`- **Frontend (Stage 1)**: ⏳ Waiting`: a bullet whose bold key names the work and
        whose value starts with a status emoji (the status keys are fields of their own)."""
        if "**" not in source_line:
            return
        match = _FIELD.match(source_line)
        if match is None or not match.group("pre").strip():
            return
        key_text = match.group("k1") or match.group("k2") or ""
        if field_key(key_text) in _NOT_WORK_KEYS:
            return
        value = match.group("value")
        emoji, _after = leading_emoji(value)
        if not emoji or self.vocab.emoji_state(emoji) is None:
            return
        col = match.start("value")
        status = self.status_at(self.src.span(line, col, col + len(value)), value)
        if status.state is not None:
            owner.field_reading = (status, strip_markup(key_text))

    def _tag_status(self, owner: _ItemCtx, body: str, body_col: int, line: int) -> None:
        """`- [DONE] Set up CI`, `- Set up CI [IN PROGRESS]`: a bracketed tag that is a
        status word, first or last on the item's line, makes the list item an item."""
        if "[" not in body:
            return
        match = _TAG_FIRST.match(body) or _TAG_LAST.search(body)
        if match is None:
            return
        tag = match.group("tag")
        found = self.vocab.word_at(tag)
        if found is None or found[1] < len(tag):
            return
        col = body_col + match.start("tag")
        status = self.status_at(self.src.span(line, col, col + len(tag)), tag)
        text = (body[: match.start()] + body[match.end() :]).strip()
        owner.tag_reading = (status, strip_markup(text))

    def _field_lists(self) -> None:
        """Lists of `**Key**: ✅ …` bullets are items when the file holds two such lists or
        more (a board by stage, one list per block); one list alone is a summary. Not by the
        states they show: a state change must never change what is an item."""
        if len(self.field_lists) < 2:
            self.field_lists = []
            return
        for section, entries in self.field_lists:
            for entry in entries:
                assert entry.field_reading is not None
                st, text = entry.field_reading
                assert st.state is not None
                key = (entry.line, 2)
                entry.key = key
                item = _RawItem(key, ItemKind.LIST_STATUS, text, st.state, entry.line, section,
                                st.span, status=st)  # fmt: skip
                self._metadata(item, text, entry.line, 0)
                item.parent_key = self._checkbox_ancestor(entry)
                self.raw_items.append(item)
        self.field_lists = []

    def _metadata(self, item: _RawItem, text: str, line: int, text_col: int) -> None:
        id_match = _ID_START.match(text)
        if id_match:
            item.id = id_match.group(1)
        elif self.dialect.task_id is not None:
            own = self.dialect.task_id.match(text)
            if own and not text[own.end() : own.end() + 1].isalnum():
                item.id = own.group()
        bracket = "[" in text
        points = _POINTS.search(text) if bracket or "(" in text else None
        if points:
            item.points = float(points.group(1))
        cookie = _COOKIE.search(text) if bracket else None
        if cookie:
            col = self.lines[line].find(cookie.group(), text_col)
            item.cookie = Cookie(
                self.src.span(line, col, col + len(cookie.group())), cookie.group().endswith("%]")
            )

    def _fence_fields(self, tok: BlockToken, section: int) -> None:
        assert tok.map is not None
        if tok.info.strip() not in ("", "text", "txt", "plain", "plaintext"):
            return
        for line in range(tok.map[0] + 1, tok.map[1] - 1):
            match = _FENCE_FIELD.match(self.lines[line])
            if match is None:
                continue
            key = field_key(match.group("k1"))
            if key not in PROGRESS_KEYS:
                continue
            value = match.group("value")
            if not _BOLD_DIGIT.match(value) or _BAR.search(value):
                continue  # not a number (a bar line is handled as a bar)
            col = match.start("value")
            self.fields.append(
                Field(
                    key,
                    match.group("k1"),
                    value,
                    self.src.span(line, col, col + len(value)),
                    line,
                    section,
                )
            )

    def _malformed(self, lmap: list[int]) -> None:
        line = lmap[0]
        if _MALFORMED.match(self.lines[line]):
            self.diag(
                line,
                0,
                Severity.WARNING,
                "malformed-checkbox",
                "not a checkbox: write `- [ ] text` with spaces around the brackets",
            )

    def _table(self, tokens: Sequence[BlockToken], i: int, section: int) -> int:
        start_map = tokens[i].map
        assert start_map is not None
        rows: list[Row] = []
        n = len(tokens)
        i += 1
        while i < n and tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "tr_open" and tok.map is not None:
                rows.append(self._row(tok.map[0]))
            i += 1
        self.raw_tables.append((start_map[0], rows, section))
        return i + 1

    def _row(self, line: int) -> Row:
        source_line = self.lines[line]
        start = 0
        prefix = _QUOTE_PREFIX.match(source_line)
        if prefix:
            start = prefix.end()
        body_end = len(source_line.rstrip())
        if start < body_end and source_line[start] == "|":
            start += 1
        base = self.src.line_starts[line]
        cells = tuple(
            Cell(Span(base + at, base + at + len(content)), content)
            for at, content in cell_texts(source_line, start, body_end)
        )
        return Row(line, cells)


def cell_texts(line: str, start: int, end: int) -> list[tuple[int, str]]:
    """The cells of a table row `line[start:end]` (after its leading pipe): where each
    one's text starts, and the text, stripped. A pipe inside backticks or after a backslash
    is text; the last cell counts only when it holds something."""
    found: list[tuple[int, str]] = []
    segment_start = start
    if "`" not in line and "\\" not in line:  # every pipe splits: found by `find`
        while True:
            pos = line.find("|", segment_start, end)
            if pos < 0:
                pos = end
            raw = line[segment_start:pos]
            content = raw.strip()
            if pos < end or content:
                found.append((segment_start + len(raw) - len(raw.lstrip()), content))
            if pos >= end:
                return found
            segment_start = pos + 1
    pos = start
    in_code = False
    while pos <= end:
        ch = line[pos] if pos < end else "|"
        if ch == "`":
            in_code = not in_code
        if (ch == "|" and not in_code and (pos == 0 or line[pos - 1] != "\\")) or pos == end:
            raw = line[segment_start:pos]
            content = raw.strip()
            if pos < end or content:
                found.append((segment_start + len(raw) - len(raw.lstrip()), content))
            segment_start = pos + 1
        pos += 1
    return found


def _status_field(source_line: str, bold: bool, after_field: bool = True) -> re.Match[str] | None:
    """The status forms beside `**Key**: value`: `**Status: ✅ COMPLETED** (2026-01-05)`
    (key and value in one bold span) and a plain `Status: done` line or `- Status: Complete.`
    bullet; and a plain `Progress: 2/5 (40%)` line (not a bullet, opening its paragraph or
    after a field) whose value is its number and a few words. Only these keys: a plain
    `Key: value` is prose in any other case."""
    match = _BOLD_SPAN_FIELD.match(source_line) if bold else None
    if match is None:
        match = _PLAIN_FIELD.match(source_line)
    if match is None:
        return None
    key = field_key(match.group("k1"))
    if key in STATUS_KEYS:
        return match
    if (
        key in lexicon.PROGRESS_KEYS
        and match.re is _PLAIN_FIELD
        and after_field  # not a line in the middle of prose
        and not match.group("pre").strip()
        and _NUMBER_FIRST.fullmatch(match.group("value"))
    ):
        return match
    return None


# A plain progress value: its number first, then at most three words around counts and
# percents (`2/5 complete (40%)`, `1 of 3 tasks`), no sentence (`… approved the RFC; …`)
_NUMBER_FIRST = patterns.compile(r"%?[ \t]?\d[\d.,/ \t%()]*(?:[^\W\d_]+[\d.,/ \t%()]*){0,3}")


_LEGEND_LINE = patterns.compile(
    r"^[ \t>*_-]*(?:\*\*|__)?(?P<key>[^\W\d_][^:*_\n]{0,30}?)(?:\*\*|__)?[ \t]*:[ \t]*"
    r"(?:\*\*|__)?[ \t]*(?P<body>.+)$"
)
_LEGEND_PAIR = patterns.compile(r"(?P<left>[^=|·,;→]+?)[ \t]*(?:=|→)[ \t]*(?P<right>[^=|·,;→]+)")
_LIST_LINE = patterns.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]")
_BOLD_DIGIT = patterns.compile(r"\**\d")
_QUOTE_PREFIX = patterns.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*")


def legend_words(text: str, vocab: Vocabulary) -> dict[str, list[str]]:
    """Words a legend defines (`**Legend**: ✅ = shipped · Implemented = shipped ·
    Planned = todo`): each unknown word on the left of a `=` whose right side is a known
    status word means that state in this file (state value → words)."""
    if "=" not in text and "→" not in text:
        return {}
    learned: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" not in line and "→" not in line:
            continue
        match = _LEGEND_LINE.match(line)
        if match is None or field_key(match.group("key")) not in lexicon.LEGEND_KEYS:
            continue
        for pair in _LEGEND_PAIR.finditer(match.group("body")):
            left = strip_emoji_edges(pair.group("left")).strip(" `")
            right = strip_emoji_edges(pair.group("right")).strip(" `.")
            if not left or len(left) > 30 or not any(c.isalpha() for c in left):
                continue
            if vocab.word_at(left) is not None:
                continue  # a word the lexicon reads keeps its meaning
            found = vocab.word_at(right)
            if found is None or found[1] < len(right):
                continue
            learned.setdefault(found[0].value, []).append(left)
    return learned
