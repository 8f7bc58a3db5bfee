"""Which line edits leave a tracker's block structure alone, for `Counter`'s fast path."""

from __future__ import annotations

import functools

from trackmd.core import patterns
from trackmd.core.model import Document, Item, ItemKind

_INERT = frozenset(" \t%/.,:;+-=#()█▓▒░■□\ufe0f\u200d")

_HTML_ENDS = ("-->", "<!--", "?>", "]]>")

_PLAIN_TAIL = _INERT | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

BULLET_BOX = patterns.compile(r"^( *[-*+] +)\[([^\]\n])\](?=[ \t]|$)")


@functools.cache
def colour_emoji() -> frozenset[str]:
    from trackmd.core.lexicon import COLOURS

    return COLOURS


def ends_item(lines: list[str], k: int, prefix: str) -> bool:
    """Whether an item of `prefix` on line k-1 has nothing of its own from line k on."""
    if k >= len(lines):
        return True
    following = BULLET_BOX.match(lines[k])
    if following is not None and following.group(1) == prefix:
        return True
    if lines[k].strip():
        return False  # a continuation, a lazy line or a sub-item
    for line in lines[k + 1 :]:
        if line.strip():
            indent = len(line) - len(line.lstrip(" "))
            return "\t" not in line[: indent + 1] and indent < len(prefix)
    return True


def read_item(line: str) -> Item | None:
    """The checkbox item on a bullet line, read by parsing the line alone."""
    from trackmd.core.parse import parse

    match = BULLET_BOX.match(line)
    if match is None:
        return None
    doc = parse("- " + line[match.end(1) :])
    if len(doc.items) != 1 or doc.items[0].kind is not ItemKind.CHECKBOX:
        return None
    return doc.items[0]._replace(list_marker=match.group(1).strip())


def inert_text(a: str, b: str) -> bool:
    """A reworded item line: same table pipes, no colour emoji (they define the legend)."""
    colours = colour_emoji()
    if "~~" in a or "~~" in b:  # struck text may span lines: `[ ] ~~…~~` is cancelled
        return False
    return a.count("|") == b.count("|") and colours.isdisjoint(a) and colours.isdisjoint(b)


def derived_tails(doc: Document, lines: list[str], starts: list[int]) -> dict[int, int]:
    """Lines ending in a derived value, and the column where that value starts."""
    from trackmd.core.parse import PROGRESS_KEYS, STATUS_KEYS, UPDATED_KEYS

    if "]:" in doc.text:  # a reference definition could reach into a field's line
        return {}
    front_end = -1
    if lines and lines[0].lstrip("\ufeff").rstrip() == "---":
        front_end = next(
            (i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), -1
        )
    fixed = {item.line for item in doc.items}
    fixed.update(s.line for s in doc.sections[1:])
    for table in doc.tables:
        fixed.update((table.line, table.line + 1))
        fixed.update(row.line for row in table.rows)
    # a Status field is derived only in a section with items that is not a status section
    status_sections = {item.section for item in doc.items if item.kind is ItemKind.SECTION}
    with_items: set[int] = set()
    for item in doc.items:
        s: int | None = item.section if item.kind is not ItemKind.SECTION else None
        while s is not None and s not in with_items:
            with_items.add(s)
            s = doc.sections[s].parent
    with_items -= status_sections
    starts_at: list[tuple[int, int]] = []
    for fld in doc.fields:
        derived = fld.key in PROGRESS_KEYS or fld.key in UPDATED_KEYS
        rollup = (
            fld.key in STATUS_KEYS and fld.owner_list_item is None and fld.section in with_items
        )
        if derived or rollup:
            starts_at.append((fld.line, fld.value_span.start))
    starts_at.extend((bar.line, bar.glyph_span.start) for bar in doc.bars)
    tails: dict[int, int] = {}
    for line, offset in starts_at:
        if line in fixed or line <= front_end or line >= len(lines):
            continue
        col = offset - starts[line]
        if 0 < col <= len(lines[line]) and lines[line][:col].strip():
            tails[line] = min(col, tails.get(line, col))
    return tails


def inert_edit(a: str, b: str, col: int) -> bool:
    """Whether changing line `a` into `b` after `col` leaves every block rule's answer alone."""
    if a[:col] != b[:col]:
        return False
    tail_a, tail_b = a[col:], b[col:]
    if not tail_a.strip() or not tail_b.strip():
        return False
    colours = colour_emoji()
    if not (colours.isdisjoint(a) and colours.isdisjoint(b)) or "]:" in b:
        return False
    # the tails differ only in their middles: the counts compare those
    if tail_a.count("(") != tail_b.count("(") or tail_a.count(")") != tail_b.count(")"):
        return False
    plain = _PLAIN_TAIL.issuperset(tail_a) and _PLAIN_TAIL.issuperset(tail_b)
    if not plain and not _inert_middle(tail_a, tail_b):
        return False
    if "<" not in a and ">" not in a and "<" not in b and ">" not in b:
        return True  # every HTML block end has one of them
    return all(a.count(end) == b.count(end) for end in _HTML_ENDS)


def _inert_middle(a: str, b: str) -> bool:
    """Whether what differs between `a` and `b` (past their common start and end) is only
    letters, digits, emoji and inert punctuation."""
    from trackmd.core.lexicon import is_emoji_char

    p = 0
    limit = min(len(a), len(b))
    while p < limit and a[p] == b[p]:
        p += 1
    s = 0
    while s < limit - p and a[-1 - s] == b[-1 - s]:
        s += 1
    for ch in set(a[p : len(a) - s] + b[p : len(b) - s]) - _INERT:
        if not (ch.isalnum() or is_emoji_char(ch)):
            return False
    return True
