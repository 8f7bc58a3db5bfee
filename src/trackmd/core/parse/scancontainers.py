"""markdown-it-py's container rules over a `ScanState`: lists, block quotes and GFM tables.
Like markdown-it, a container shifts its lines' begin, indent and column counts while its
content is read, and puts them back after."""

from __future__ import annotations

from bisect import bisect_left
from typing import cast

from trackmd.core import patterns
from trackmd.core.parse import scanrules as rules
from trackmd.core.parse.scanstate import TRIM, ScanState, Unmodelled
from trackmd.core.parse.scantokens import (
    CLOSING,
    NO_ATTRS,
    OPENING,
    Attrs,
    Block,
    Inline,
    Marked,
    Paragraph,
    WithAttrs,
)

_DELIMITER_CELL = patterns.compile(r"^:?-+:?$")
_DELIMITER_ROW = patterns.compile(r"[|\-: \t]*")
_MAX_AUTOCOMPLETED_CELLS = 0x10000


def _ordered_marker(text: str, pos: int) -> int:
    """Where an ordered list marker (`1.`, `12)`) at `pos` ends, or -1."""
    start = pos
    end = len(text)
    if pos + 1 >= end or not "0" <= text[pos] <= "9":
        return -1
    pos += 1
    while True:
        if pos >= end:
            return -1
        ch = text[pos]
        pos += 1
        if "0" <= ch <= "9":
            if pos - start >= 10:
                return -1
            continue
        if ch in ").":
            break
        return -1
    if pos < end and text[pos] != " " and text[pos] != "\t":
        return -1
    return pos


def _bullet_marker(text: str, pos: int) -> int:
    if pos >= len(text) or text[pos] not in "*-+":
        return -1
    pos += 1
    if pos < len(text) and text[pos] != " " and text[pos] != "\t":
        return -1
    return pos


def list_starts(st: ScanState, line: int, in_paragraph: bool) -> bool:
    """The list rule in silent mode."""
    count = st.s[line]
    if st.list_indent >= 0 and count - st.list_indent >= 4 and count < st.blk_indent:
        return False
    text = st.lines[line]
    pos = st.b[line] + st.t[line]
    interrupts = in_paragraph and count >= st.blk_indent
    after = _ordered_marker(text, pos)
    if after >= 0:
        if interrupts and int(text[pos : after - 1]) != 1:
            return False
    else:
        after = _bullet_marker(text, pos)
        if after < 0:
            return False
    return not (interrupts and not text[after:].strip(" \t"))


def list_block(st: ScanState, line: int, end: int) -> bool:
    lines, b, t, s = st.lines, st.b, st.t, st.s
    count = s[line]
    if st.list_indent >= 0 and count - st.list_indent >= 4 and count < st.blk_indent:
        return False
    text = lines[line]
    start = b[line] + t[line]
    after = _ordered_marker(text, start)
    ordered = after >= 0
    if not ordered:
        after = _bullet_marker(text, start)
        if after < 0:
            return False
    marker = text[after - 1]
    first_token = len(st.tokens)
    token: Marked
    if ordered:
        value = int(text[start : after - 1])
        if value != 1:
            token = st.push(WithAttrs, "ordered_list_open", "ol", 1)
            token.attrs = {"start": value}
        else:
            token = st.push(Marked, "ordered_list_open", "ol", 1)
    else:
        token = st.push(Marked, "bullet_list_open", "ul", 1)
    list_map = [line, 0]
    token.map = list_map
    token.markup = marker
    nxt = line
    prev_empty_end = False
    tight = True
    tokens = st.tokens
    level = st.level  # the items' level; each item's content is one deeper, and restores it
    if level + 1 > st.max_level:
        raise Unmodelled("nested too deep")
    blk, outer_list_indent = st.blk_indent, st.list_indent  # both restored by what nests
    while nxt < end:
        text = lines[line]
        limit = len(text)
        pos = after
        initial = offset = s[line] + after - (b[line] + t[line])
        while pos < limit and text[pos] == " ":
            offset += 1
            pos += 1
        content_start = pos
        gap = 1 if content_start >= limit else offset - initial
        token = Marked("list_item_open", "li", 1, level, marker)  # st.push, inlined
        tokens.append(token)
        item_map = [line, 0]
        token.map = item_map
        if ordered:
            token.info = text[start : after - 1]
        old_tight, old_t, old_s = st.tight, t[line], s[line]
        st.level = level + 1
        st.list_indent = blk
        st.blk_indent = initial + (1 if gap > 4 else gap)
        st.tight = True
        t[line] = content_start - b[line]
        s[line] = offset
        if content_start >= limit and st.is_empty(line + 1):
            st.line = min(st.line + 2, end)
        elif not _one_line_item(st, line, end, content_start):
            rules.tokenize(st, line, end)
        if not st.tight or prev_empty_end:
            tight = False
        nxt = line = st.line
        prev_empty_end = nxt - item_map[0] > 1 and st.is_empty(nxt - 1)
        st.blk_indent = blk
        st.list_indent = outer_list_indent
        t[item_map[0]], s[item_map[0]], st.tight = old_t, old_s, old_tight
        st.level = level
        tokens.append(Marked("list_item_close", "li", -1, level, marker))
        item_map[1] = nxt
        if nxt >= end or s[nxt] < blk or s[nxt] - blk >= 4:
            break
        if rules.ends_list(st, nxt):
            break
        text = lines[nxt]
        start = b[nxt] + t[nxt]
        after = _ordered_marker(text, start) if ordered else _bullet_marker(text, start)
        if after < 0 or text[after - 1] != marker:
            break
    kind = "ordered_list_close" if ordered else "bullet_list_close"
    st.push(Marked, kind, "ol" if ordered else "ul", -1).markup = marker
    list_map[1] = nxt
    st.line = nxt
    if tight:
        _mark_tight(st, first_token)
    return True


_NOT_PLAIN = frozenset("#>`~<*-+_|=:\\0123456789")


def _one_line_item(st: ScanState, line: int, end: int, start: int) -> bool:
    """What `tokenize` would make of the most common item, in one step: a paragraph of one
    line (not a reference, table or other block) whose next line is blank, past the end, or
    outdented and starting a block; False (nothing done) for every other item."""
    lines, b, t, s = st.lines, st.b, st.t, st.s
    text = lines[line]
    if start >= len(text):
        return False
    ch = text[start]
    if ch in _NOT_PLAIN or end != st.line_max or s[line] - st.blk_indent >= 4:
        return False
    if ch == "[" and rules.reference_at(text, start):
        return False
    nxt = line + 1
    row, pos = lines[nxt], b[nxt] + t[nxt]  # (the fake last line past the end: "")
    if nxt < end and pos < len(row):
        if not 0 <= s[nxt] < st.blk_indent:
            return False
        sibling = row[pos] in "*-+" and row[pos + 1 : pos + 2] in (" ", "")
        if sibling and st.list_indent >= 0 and s[nxt] - st.list_indent >= 4:
            sibling = False
        if not sibling and not rules.ends_paragraph(st, nxt, end):
            return False  # (a bullet item starts a list, which ends the paragraph)
        after = nxt
    elif nxt + 1 < end:
        after = st.skip_empty(nxt + 1)
        if after < end and s[after] >= st.blk_indent:
            return False  # the item goes on after the blank line
    else:
        after = nxt + 1 if nxt < end else nxt
    if nxt + 2 <= end and pos + 1 < len(row) and row[pos] in "|-:" and row[pos : pos + 2] != "- ":
        return False  # the table rule: a delimiter row after the line
    st.paragraph([line, nxt], text[b[line] + min(t[line], st.blk_indent) :].strip(TRIM))
    st.line = after  # (the paragraph's content: `st.get_lines` of its one line)
    st.tight = True
    return True


def _mark_tight(st: ScanState, first: int) -> None:
    """markdown-it's markTightParagraphs: a tight list's own paragraphs (two levels below
    it, after its opening) are hidden, with their closing tokens."""
    level = st.level + 2
    tokens = st.tokens
    paragraphs = st.paragraphs
    for at in paragraphs[bisect_left(paragraphs, first + 2) :]:
        token = cast("Paragraph", tokens[at])  # `paragraphs` are where paragraph_open tokens are
        if token.level == level:
            token.hidden = cast("Paragraph", tokens[at + 2]).hidden = True


def _quote_line(st: ScanState, line: int) -> bool:
    """Move line `line`'s begin past its `>` and the space after; whether it is then
    empty (the shifted values are saved by the caller)."""
    text = st.lines[line]
    pos = st.b[line] + st.t[line] + 1
    limit = len(text)
    initial = offset = st.s[line] + 1
    if pos < limit and text[pos] == " ":
        pos += 1
        initial += 1
        offset += 1
    st.b[line] = pos
    while pos < limit and text[pos] == " ":
        offset += 1
        pos += 1
    st.s[line] = offset - initial
    st.t[line] = pos - st.b[line]
    return pos >= limit


def blockquote(st: ScanState, line: int, end: int) -> None:
    lines, b, t, s = st.lines, st.b, st.t, st.s
    old_line_max = st.line_max
    saved = [(b[line], t[line], s[line])]
    last_empty = _quote_line(st, line)
    nxt = line + 1
    while nxt < end:
        outdented = s[nxt] < st.blk_indent
        text = lines[nxt]
        pos = b[nxt] + t[nxt]
        if pos >= len(text):
            break
        if text[pos] == ">" and not outdented:
            saved.append((b[nxt], t[nxt], s[nxt]))
            last_empty = _quote_line(st, nxt)
            nxt += 1
            continue
        if last_empty:
            break
        if rules.ends_container(st, nxt):
            st.line_max = nxt
            if st.blk_indent != 0:
                saved.append((b[nxt], t[nxt], s[nxt]))
                s[nxt] -= st.blk_indent
            break
        saved.append((b[nxt], t[nxt], s[nxt]))
        s[nxt] = -1  # a lazy line
        nxt += 1
    old_indent = st.blk_indent
    st.blk_indent = 0
    token = st.push(Marked, "blockquote_open", "blockquote", 1)
    token.markup = ">"
    quote_map = [line, 0]
    token.map = quote_map
    rules.tokenize(st, line, nxt)
    st.push(Marked, "blockquote_close", "blockquote", -1).markup = ">"
    st.line_max = old_line_max
    quote_map[1] = st.line
    for i, (begin, shift, count) in enumerate(saved, start=line):
        b[i], t[i], s[i] = begin, shift, count
    st.blk_indent = old_indent


def _split_row(row: str) -> list[str]:
    """markdown-it's escapedSplit: cells at `|`, not at `\\|`; a leading and a trailing
    empty cell dropped."""
    if "\\" not in row:
        cells = row.split("|")
    else:
        cells = []
        current = ""
        last = 0
        escaped = False
        for pos, ch in enumerate(row):
            if ch == "|":
                if not escaped:
                    cells.append(current + row[last:pos])
                    current = ""
                    last = pos + 1
                else:
                    current += row[last : pos - 1]
                    last = pos
            escaped = ch == "\\"
        cells.append(current + row[last:])
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def table_head(st: ScanState, line: int, end: int) -> tuple[list[str], list[str]] | None:
    """The table rule's checks: the header cells and column alignments, or None."""
    if line + 2 > end:
        return None
    nxt = line + 1
    blk = st.blk_indent
    if st.s[nxt] < blk or st.s[nxt] - blk >= 4:
        return None
    delimiter = st.trimmed(nxt)
    if len(delimiter) < 2:
        return None
    first, second = delimiter[0], delimiter[1]
    if first not in "|-:" or second not in "|-: \t" or (first == "-" and second in " \t"):
        return None
    if not _DELIMITER_ROW.fullmatch(delimiter):
        return None
    columns = delimiter.split("|")
    aligns = []
    for i, column in enumerate(columns):
        cell = column.strip(TRIM)
        if not cell:
            if i == 0 or i == len(columns) - 1:
                continue
            return None
        if not _DELIMITER_CELL.search(cell):
            return None
        if cell[-1] == ":":
            aligns.append("center" if cell[0] == ":" else "right")
        elif cell[0] == ":":
            aligns.append("left")
        else:
            aligns.append("")
    header = st.trimmed(line).strip(TRIM)
    if "|" not in header or st.s[line] - blk >= 4:
        return None
    cells = _split_row(header)
    if not cells or len(cells) != len(aligns):
        return None
    return cells, aligns


def _row(
    st: ScanState,
    line: int,
    cells: list[str],
    styles: list[dict[str, str | int | float]],
    tag: str,
) -> None:
    """A table row's tokens: tr, then per column th/td, inline, close (made here, not
    pushed one by one: rows are most of a tracker's tokens). The row's tokens share one
    line map, and a column's cells their style."""
    level = st.level
    span = [line, line + 1]
    start = Block("tr_open", "tr", 1, level)
    start.map = span
    row = [start]
    opening, closing = OPENING[tag], CLOSING[tag]
    count = len(cells)
    for i, style in enumerate(styles):
        if style:
            aligned = WithAttrs(opening, tag, 1, level + 1)
            aligned.attrs = style
            cell: Block = aligned
        else:
            cell = Block(opening, tag, 1, level + 1)
        inline = Inline(level + 2, span, cells[i].strip(TRIM) if i < count else "")
        row += (cell, inline, Block(closing, tag, -1, level + 1))
    row.append(Block("tr_close", "tr", -1, level))
    st.tokens += row


def table(st: ScanState, line: int, end: int) -> bool:
    head = table_head(st, line, end)
    if head is None:
        return False
    cells, aligns = head
    styles: list[Attrs] = [{"style": "text-align:" + a} if a else NO_ATTRS for a in aligns]
    token = st.push(Block, "table_open", "table", 1)
    table_map = [line, 0]
    token.map = table_map
    st.push(Block, "thead_open", "thead", 1).map = [line, line + 1]
    _row(st, line, cells, styles, "th")
    st.push(Block, "thead_close", "thead", -1)
    body_map: list[int] | None = None
    autocompleted = 0
    nxt = line + 2
    while nxt < end:
        text = st.trimmed(nxt)
        if st.s[nxt] < st.blk_indent or (text[:1] != "|" and rules.ends_container(st, nxt)):
            break  # (no block that ends a table starts with `|`)
        row = text.strip(TRIM)
        if not row or st.s[nxt] - st.blk_indent >= 4:
            break
        cells = _split_row(row)
        autocompleted += len(aligns) - len(cells)
        if autocompleted > _MAX_AUTOCOMPLETED_CELLS:
            break
        if body_map is None:
            body_map = [line + 2, 0]
            st.push(Block, "tbody_open", "tbody", 1).map = body_map
        _row(st, nxt, cells, styles, "td")
        nxt += 1
    if body_map is not None:
        st.push(Block, "tbody_close", "tbody", -1)
        body_map[1] = nxt
    st.push(Block, "table_close", "table", -1)
    table_map[1] = nxt
    st.line = nxt
    return True
