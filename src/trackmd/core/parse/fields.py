"""Fields (`**Key**: value`, fenced `key: value`), malformed checkboxes and table rows."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from trackmd.core.model import (
    Cell,
    Field,
    Row,
    Severity,
)
from trackmd.core.parse.context import _ItemCtx
from trackmd.core.parse.state import _State
from trackmd.core.parse.syntax import (
    _BAR,
    _FENCE_FIELD,
    _FIELD,
    _MALFORMED,
    PROGRESS_KEYS,
    STATUS_KEYS,
    field_key,
)

if TYPE_CHECKING:
    from markdown_it.token import Token


class _Fields(_State):
    """Fields (`**Key**: value`, fenced `key: value`), malformed checkboxes and table rows."""

    def _paragraph_fields(self, lmap: list[int], section: int, owner: _ItemCtx | None) -> None:
        for line in range(lmap[0], lmap[1]):
            source_line = self.lines[line]
            if "**" not in source_line and "__" not in source_line:
                continue
            match = _FIELD.match(source_line)
            if match is None:
                continue
            key_text = match.group("k1") or match.group("k2") or ""
            value_col = match.start("value")
            value = match.group("value")
            list_owner = None
            is_list_line = bool(re.match(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]", source_line))
            if owner is not None and (owner.list.depth > 1 or not is_list_line):
                list_owner = owner.line
            fld = Field(
                field_key(key_text), key_text, value,
                self.src.span(line, value_col, value_col + len(value)), line, section, list_owner,
            )  # fmt: skip
            self.fields.append(fld)
            if owner is not None and fld.key in STATUS_KEYS and is_list_line:
                target = owner.parent
                if target is not None and not target.checkbox and target.status_field is None:
                    target.status_field = fld

    def _fence_fields(self, tok: Token, section: int) -> None:
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
            if not re.match(r"\**\d", value) or _BAR.search(value):
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

    def _table(self, tokens: list[Token], i: int, section: int) -> int:
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
        prefix = re.match(r"^[ \t]*(?:>[ \t]?)*[ \t]*", source_line)
        if prefix:
            start = prefix.end()
        cells: list[Cell] = []
        body_end = len(source_line.rstrip())
        if start < body_end and source_line[start] == "|":
            start += 1
        pos = start
        segment_start = start
        length = body_end
        in_code = False
        while pos <= length:
            ch = source_line[pos] if pos < length else "|"
            if ch == "`":
                in_code = not in_code
            if (
                ch == "|" and not in_code and (pos == 0 or source_line[pos - 1] != "\\")
            ) or pos == length:
                raw = source_line[segment_start:pos]
                lead = len(raw) - len(raw.lstrip())
                content = raw.strip()
                if pos < length or content:
                    cs = segment_start + lead
                    cells.append(Cell(self.src.span(line, cs, cs + len(content)), content))
                segment_start = pos + 1
            pos += 1
        return Row(line, tuple(cells))
