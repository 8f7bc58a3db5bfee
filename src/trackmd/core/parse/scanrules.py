"""markdown-it-py's block rules over a `ScanState`: the token loop, the choice of a rule by a
line's first character, the leaf blocks and the checks that end a paragraph. The container
rules (lists, block quotes, tables) are in `scancontainers`."""

from __future__ import annotations

import re
from functools import cache

from trackmd.core import patterns
from trackmd.core.parse import scancontainers as containers
from trackmd.core.parse.scanstate import TRIM, ScanState, Unmodelled
from trackmd.core.parse.scantokens import Code, Marked


def tokenize(st: ScanState, start: int, end: int) -> None:
    """markdown-it's `ParserBlock.tokenize`: blocks from line `start` until `end` or a line
    indented less than the current container's content."""
    lines, b, t, s = st.lines, st.b, st.t, st.s
    line = start
    has_empty = False
    while line < end:
        top = st.line_max
        while line < top and b[line] + t[line] >= len(lines[line]):  # blank lines
            line += 1
        st.line = line
        if line >= end or s[line] < st.blk_indent:
            break
        block(st, line, end)
        st.tight = not has_empty
        line = st.line
        if line - 1 < end and b[line - 1] + t[line - 1] >= len(lines[line - 1]):
            has_empty = True
        if line < end and b[line] + t[line] >= len(lines[line]):
            has_empty = True
            line += 1
            st.line = line


def block(st: ScanState, line: int, end: int) -> None:
    """The first of markdown-it's rules (table, code, fence, blockquote, hr, list, reference,
    html_block, heading, lheading, paragraph) that takes the line."""
    lines, b, t = st.lines, st.b, st.t
    if line + 2 <= end:  # the cheap part of the table rule: the next line may be a delimiter
        text, pos = lines[line + 1], b[line + 1] + t[line + 1]
        if (
            pos + 1 < len(text) and text[pos] in "|-:" and text[pos : pos + 2] != "- "
        ) and containers.table(st, line, end):
            return
    text = lines[line]
    pos = b[line] + t[line]
    if st.s[line] - st.blk_indent >= 4:
        _code(st, line, end)
        return
    ch = text[pos]
    if ch in "`~":
        if _fence(st, line, end):
            return
    elif ch == ">":
        containers.blockquote(st, line, end)
        return
    elif ch == "#":
        if _heading(st, line):
            return
    elif ch == "<":
        if _html_block(st, line, end):
            return
    elif ch == "[" and reference_at(text, pos):
        raise Unmodelled("a link reference definition")
    else:
        if ch in "*-_" and text[-1] in " \t*-_" and _hr(st, line):
            return
        if (ch in "*-+" or "0" <= ch <= "9") and containers.list_block(st, line, end):
            return
    _paragraph(st, line, end)


_BRACKET = patterns.compile(r"[\[\]]")


def reference_at(text: str, pos: int) -> bool:
    """`may_be_reference` of the block starting at `pos` (a `[`), at once for a checkbox
    (`[x] …`: a one-character label, not followed by `:`)."""
    if text[pos + 2 : pos + 4] == "] " and text[pos + 1] not in "[]\\" and "\\" not in text:
        return False
    return may_be_reference(text[pos:])


def may_be_reference(rest: str) -> bool:
    """Whether a block starting `[` may be a link reference definition: its label (up to the
    first `]`, with no `[` or escape before it) is followed by `:` or runs onto the next line."""
    if "\\" in rest:
        return True
    bracket = _BRACKET.search(rest, 1)
    if bracket is None:
        return True
    return bracket.group() == "]" and rest[bracket.end() : bracket.end() + 1] == ":"


def _code(st: ScanState, line: int, end: int) -> None:
    last = nxt = line + 1
    s, blk = st.s, st.blk_indent
    while nxt < end:
        if st.is_empty(nxt):
            nxt += 1
            continue
        if s[nxt] - blk >= 4:
            nxt += 1
            last = nxt
            continue
        break
    st.line = last
    token = st.push(Code, "code_block", "code", 0)
    token.content = st.get_lines(line, last, 4 + blk, False) + "\n"
    token.map = [line, last]


def _fence_open(text: str, pos: int) -> tuple[str, str] | None:
    """An opening code fence at `pos`: its markup and info string."""
    if pos + 3 > len(text):
        return None
    marker = text[pos]
    if marker not in "`~":
        return None
    run = len(text) - pos - len(text[pos:].lstrip(marker))
    if run < 3:
        return None
    params = text[pos + run :]
    if marker == "`" and "`" in params:
        return None
    return text[pos : pos + run], params


def _fence(st: ScanState, line: int, end: int) -> bool:
    lines, b, t, s, blk = st.lines, st.b, st.t, st.s, st.blk_indent
    opened = _fence_open(lines[line], b[line] + t[line])
    if opened is None:
        return False
    markup, params = opened
    marker, length = markup[0], len(markup)
    nxt = line
    closed = False
    while True:
        nxt += 1
        if nxt >= end:
            break
        text = lines[nxt]
        pos = b[nxt] + t[nxt]
        if pos < len(text) and s[nxt] < blk:
            break
        if pos >= len(text):
            if nxt == st.line_count - 1 and not st.newline_at_end:
                break  # markdown-it reads past the end of its text here, and stops
            continue
        if text[pos] != marker or s[nxt] - blk >= 4:
            continue
        rest = text[pos:].lstrip(marker)
        if len(text) - pos - len(rest) < length or rest.strip(" \t"):
            continue
        closed = True
        break
    indent = s[line]
    st.line = nxt + (1 if closed else 0)
    token = st.push(Code, "fence", "code", 0)
    token.info = params
    token.content = st.get_lines(line + 1, nxt, indent, True)
    token.markup = markup
    token.map = [line, st.line]
    return True


def _hr_markup(text: str, pos: int) -> str | None:
    marker = text[pos]
    rest = text[pos + 1 :]
    if rest.replace(marker, "").replace(" ", "").replace("\t", ""):
        return None
    count = 1 + rest.count(marker)
    return marker * (count + 1) if count >= 3 else None  # markdown-it's markup: one too many


def _hr(st: ScanState, line: int) -> bool:
    markup = _hr_markup(st.lines[line], st.b[line] + st.t[line])
    if markup is None:
        return False
    st.line = line + 1
    token = st.push(Marked, "hr", "hr", 0)
    token.map = [line, line + 1]
    token.markup = markup
    return True


def _heading_level(text: str, pos: int) -> int:
    """The level of an ATX heading opening at `pos` (a `#`), or 0."""
    run = len(text) - pos - len(text[pos:].lstrip("#"))
    after = pos + run
    if run > 6 or (after < len(text) and text[after] != " " and text[after] != "\t"):
        return 0
    return run


_HASHES = tuple("#" * level for level in range(7))  # an ATX heading's markup, by level


def _heading(st: ScanState, line: int) -> bool:
    text = st.lines[line]
    pos = st.b[line] + st.t[line]
    level = _heading_level(text, pos)
    if not level:
        return False
    pos += level
    stop = max(pos, len(text.rstrip(" \t")))
    hashes = stop
    while hashes > pos and text[hashes - 1] == "#":
        hashes -= 1
    if hashes > pos and text[hashes - 1] in " \t":
        stop = hashes
    st.line = line + 1
    st.heading(level, [line, line + 1], text[pos:stop].strip(TRIM), _HASHES[level])
    return True


@cache
def _html_sequences() -> tuple[tuple[re.Pattern[str], re.Pattern[str], bool, bool], ...]:
    """markdown-it's HTML block kinds: start, end, whether it can end a paragraph, and
    whether it ends at a blank line."""
    names = (
        "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
        "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
        "h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|"
        "noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|"
        "thead|title|tr|track|ul"
    )
    value = "(?:[^\"'=<>`\\x00-\\x20]+|'[^']*'|\"[^\"]*\")"
    attribute = "(?:\\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\\s*=\\s*" + value + ")?)"
    open_tag = "<[A-Za-z][A-Za-z0-9\\-]*" + attribute + "*\\s*\\/?>"
    close_tag = "<\\/[A-Za-z][A-Za-z0-9\\-]*\\s*>"
    blank = patterns.compile(r"^$")
    raw = r"(?a:(script|pre|style|textarea))"
    return (
        (patterns.compile(r"^<" + raw + r"(?=(\s|>|$))", re.I),
         patterns.compile(r"<\/" + raw + ">", re.I), True, False),
        (patterns.compile(r"^<!--"), patterns.compile(r"-->"), True, False),
        (patterns.compile(r"^<\?"), patterns.compile(r"\?>"), True, False),
        (patterns.compile(r"^<![A-Za-z]"), patterns.compile(r">"), True, False),
        (patterns.compile(r"^<!\[CDATA\["), patterns.compile(r"\]\]>"), True, False),
        (patterns.compile("^</?(?a:(" + names + "))(?=(\\s|/?>|$))", re.I), blank, True, True),
        (patterns.compile("^(?:" + open_tag + "|" + close_tag + ")\\s*$"), blank, False, True),
    )  # fmt: skip


def _html_kind(text: str) -> tuple[re.Pattern[str], re.Pattern[str], bool, bool] | None:
    for kind in _html_sequences():
        if kind[0].search(text):
            return kind
    return None


def _html_block(st: ScanState, line: int, end: int) -> bool:
    first = st.trimmed(line)
    kind = _html_kind(first)
    if kind is None:
        return False
    closing, at_blank = kind[1], kind[3]
    nxt = line + 1
    if not closing.search(first):
        s, blk = st.s, st.blk_indent
        while nxt < end:
            if s[nxt] < blk and (at_blank or not st.is_empty(nxt)):
                break
            text = st.trimmed(nxt)
            if closing.search(text):
                if text:
                    nxt += 1
                break
            nxt += 1
    st.line = nxt
    token = st.push(Code, "html_block", "", 0)
    token.map = [line, nxt]
    token.content = st.get_lines(line, nxt, st.blk_indent, True)
    return True


def _paragraph(st: ScanState, line: int, end: int) -> None:
    """markdown-it's lheading, then its paragraph: the lines up to a blank line or one that
    starts another block (or, first, the setext underline that makes them a heading)."""
    lines, b, t, s, blk = st.lines, st.b, st.t, st.s, st.blk_indent
    nxt = line + 1
    level = 0
    marker = ""
    while nxt < end and not st.is_empty(nxt):
        count = s[nxt]
        if count - blk > 3:
            nxt += 1
            continue
        if count >= blk:
            text = lines[nxt]
            pos = b[nxt] + t[nxt]
            marker = text[pos]
            if marker in "-=" and not text[pos:].lstrip(marker).strip(" \t"):
                level = 1 if marker == "=" else 2
                break
        if count < 0:
            nxt += 1
            continue
        if ends_paragraph(st, nxt, end):
            break
        nxt += 1
    if level:
        st.line = nxt + 1
        content = st.get_lines(line, nxt, blk, False).strip(TRIM)
        st.heading(level, [line, nxt], content, marker).map = [line, nxt + 1]
        return
    top = st.line_max
    if end < top:  # a paragraph runs on past its container's end (lazy lines): read again
        nxt = line + 1
        while nxt < top and not st.is_empty(nxt):
            count = s[nxt]
            if count - blk > 3 or count < 0:
                nxt += 1
                continue
            if ends_paragraph(st, nxt, top):
                break
            nxt += 1
    st.line = nxt
    content = st.get_lines(line, nxt, blk, False).strip(TRIM)
    st.paragraph([line, nxt], content)


def ends_paragraph(st: ScanState, line: int, end: int) -> bool:
    """Whether a rule that may interrupt a paragraph (table, fence, blockquote, hr, list,
    html_block, heading) takes the line."""
    if line + 2 <= end:
        text, pos = st.lines[line + 1], st.b[line + 1] + st.t[line + 1]
        if (
            pos + 1 < len(text) and text[pos] in "|-:" and text[pos : pos + 2] != "- "
        ) and containers.table_head(st, line, end):
            return True
    return ends_container(st, line, True)


def _lead(st: ScanState, line: int) -> tuple[str, int] | None:
    """The line and where its content starts, when it could start a block (no code indent)."""
    if st.s[line] - st.blk_indent >= 4:
        return None
    text = st.lines[line]
    pos = st.b[line] + st.t[line]
    return (text, pos) if pos < len(text) else None


def _ends_list_at(text: str, pos: int) -> bool:
    """A fence, a block quote or a thematic break starts at `pos`."""
    ch = text[pos]
    if ch in "`~":
        return _fence_open(text, pos) is not None
    if ch == ">":
        return True
    return ch in "*-_" and text[-1] in " \t*-_" and bool(_hr_markup(text, pos))


def ends_container(st: ScanState, line: int, in_paragraph: bool = False) -> bool:
    """markdown-it's terminators of a block quote or table (fence, blockquote, hr, list,
    html_block, heading) in silent mode; `in_paragraph`: a list must then start with 1
    and hold text."""
    lead = _lead(st, line)
    if lead is None:
        return False
    text, pos = lead
    if _ends_list_at(text, pos):
        return True
    ch = text[pos]
    if ch == "#":
        return _heading_level(text, pos) > 0
    if ch == "<":
        kind = _html_kind(text[pos:])
        return kind is not None and kind[2]
    if ch in "*-+" or "0" <= ch <= "9":
        return containers.list_starts(st, line, in_paragraph)
    return False


def ends_list(st: ScanState, line: int) -> bool:
    """markdown-it's terminators of a list (fence, blockquote, hr) in silent mode."""
    lead = _lead(st, line)
    return lead is not None and _ends_list_at(*lead)
