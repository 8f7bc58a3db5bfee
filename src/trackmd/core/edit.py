"""Edits as (span, text): plan them, apply them last-first, verify by re-parsing (SPEC §1)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from functools import lru_cache

from trackmd.core import lexicon, patterns
from trackmd.core.align import in_cells
from trackmd.core.derive import Counts, Derived, Wording, derived_values
from trackmd.core.errors import Refused
from trackmd.core.model import Document, Edit, Item, ItemKind, Plan, Span, State, StatusText

__all__ = ["Edit", "Plan", "apply", "exact", "out_of_date", "plan"]
from trackmd.core.parse import MARKDOWN_IT, STATUS_KEYS, UPDATED_KEYS, parse
from trackmd.core.source import Source
from trackmd.core.text import lazy_pattern


def apply(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits, each at its offsets in `text`."""
    ordered = sorted(edits, key=lambda e: (e.span.start, e.span.end))
    for before, after in itertools.pairwise(ordered):
        if after.span.start < before.span.end:
            raise Refused(
                f"internal error: overlapping edits ({before.what!r} and {after.what!r}); "
                "nothing written"
            )
    pieces: list[str] = []
    at = 0  # one pass: slicing the whole text per edit is quadratic
    for edit in ordered:
        pieces += (text[at : edit.span.start], edit.text)
        at = edit.span.end
    pieces.append(text[at:])
    return "".join(pieces)


def out_of_date(doc: Document, counts: Counts | None = None) -> list[Edit]:
    """Derived values whose text differs from what they should say."""
    text = doc.text
    seen: set[Span] = set()
    edits = []
    for value in derived_values(doc, counts):
        if value.span in seen:
            continue
        seen.add(value.span)
        if value.old(text) != value.new:
            edits.append(Edit(value.span, value.new, value.what, value.kind))
    return edits


# -- D6: Last updated -------------------------------------------------------------------

_MONTHS = lexicon.MONTHS  # per language, as written in dates
_ISO = patterns.compile(r"\d{4}-\d{2}-\d{2}")
_SLASH = patterns.compile(r"\b(\d{1,2})([/.])(\d{1,2})\2(\d{4})\b")


@lru_cache(maxsize=1)
def _cjk() -> re.Pattern[str]:
    """`2026年3月5日`, `2026년 3월 5일` (the day optional): numbers around CJK year, month and
    day signs (compiled on first use, as `_named`)."""
    return patterns.compile(
        r"(?P<y>\d{4})[ \t]*[年년][ \t]*(?P<m>\d{1,2})[ \t]*[月월]"
        r"(?:[ \t]*(?P<d>\d{1,2})[ \t]*[日일])?"
    )


def _month_lists(language: str | None = None) -> list[tuple[str, ...]]:
    """Every language's month names (as in dates, then as written alone), the file's
    language first: `marzo` is Spanish and Italian, and November is `noviembre` or
    `novembre` by the file."""
    tables = [(code, names) for table in (_MONTHS, lexicon.STANDALONE_MONTHS)
              for code, names in table.items()]  # fmt: skip
    tables.sort(key=lambda pair: pair[0] != language)
    return [names for _, names in tables]


@lru_cache(maxsize=1)
def _named() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Dates with month names (`March 2, 2026`, `2 mars 2026`, `3. März 2026`, `Mar 2026`,
    `ngày 3 tháng 3 năm 2026`), compiled on first use: the alternation of every month name
    is costly to compile and rarely needed. CJK months (`3月`) are `_cjk`'s."""
    words = {m for names in _month_lists() for m in names if not m[:1].isdigit()}
    names = "|".join(
        sorted(words | {m[:3] for m in _MONTHS["en"]}, key=len, reverse=True)
    )  # fmt: skip
    joint = r"(?:(?:de|năm)[ \t]+)?"  # `3 de março de 2026`, `tháng 3 năm 2026`
    mdy = patterns.compile(rf"(?i)\b({names})\.?[ \t]+(\d{{1,2}}),[ \t]*(\d{{4}})")
    dmy = patterns.compile(
        rf"(?i)\b(\d{{1,2}})(?:er|\.)?[ \t]+{joint}({names})\.?[ \t]+{joint}(\d{{4}})"
    )
    my = patterns.compile(rf"(?i)(?<!\w)({names})[ \t]+{joint}(\d{{4}})")
    return mdy, dmy, my


def _month(name: str, month: int, language: str | None = None) -> str:
    for names in _month_lists(language):
        for full in names:
            if name.lower() == full.lower():
                return _case_like(names[month - 1], name)
    for full in _MONTHS["en"]:
        if name.lower() == full[:3].lower():
            return _case_like(_MONTHS["en"][month - 1][:3], name)
    return _MONTHS["en"][month - 1]


def _case_like(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    if like.islower():
        return word.lower()
    return word


# A time of day after the date, and the zone it is written in (UTC, GMT, Z, UTC-08:00, +01:00).
_TIME = lazy_pattern(
    r"(?<![\d:])(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?![\d:])(?P<ampm>\s*[AaPp]\.?[Mm]\.?)?"
)
_ZONE = lazy_pattern(
    r"\s*(?:(?P<name>UTC|GMT|Z)?\s*(?P<sign>[+-])(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?(?!\d)"
    r"|(?P<utc>UTC|GMT|Z)\b|(?P<other>[A-Z]{2,5}T?)\b)"
)


def restamp(
    value: str, today: dt.date, now: dt.datetime | None = None, language: str | None = None
) -> str:
    """`value` with its date replaced by `today` in the format it already uses; a time of
    day after it becomes `now`'s, in the zone the value names (none: local time). Month
    names are written in `language` where a name is in several (`marzo`)."""
    match = _TIME.search(value) if now is not None else None
    if match is None or now is None or _restamp_date(value, today + dt.timedelta(1)) == value:
        return _restamp_date(value, today, language)
    zone = _ZONE.match(value, match.end())
    tz: dt.tzinfo | None = None
    if zone is not None and zone.group("other"):
        return _restamp_date(value, today, language)  # a zone we cannot convert to: the date
    if zone is not None and zone.group("sign"):
        minutes = int(zone.group("oh")) * 60 + int(zone.group("om") or 0)
        tz = dt.timezone(dt.timedelta(minutes=-minutes if zone.group("sign") == "-" else minutes))
    elif zone is not None and zone.group("utc"):
        tz = dt.UTC
    moment = now.astimezone(tz)  # tz None: the local zone
    hour, width = moment.hour, len(match.group("h"))
    ampm = match.group("ampm")
    if ampm:
        hour = hour % 12 or 12
        letter = "P" if moment.hour >= 12 else "A"
        ampm = re.sub("[AaPp]", letter if ampm.strip()[0].isupper() else letter.lower(), ampm)
    new = f"{hour:0{width}d}:{moment.minute:02d}"
    if match.group("s") is not None:
        new += f":{moment.second:02d}"
    value = value[: match.start()] + new + (ampm or "") + value[match.end() :]
    return _restamp_date(value, moment.date() if now.date() == today else today, language)


def _restamp_date(value: str, today: dt.date, language: str | None = None) -> str:
    """`value` with its date replaced by `today`, in the format it already uses."""
    match = _ISO.search(value)
    if match:
        return value[: match.start()] + today.isoformat() + value[match.end() :]
    match = _cjk().search(value)
    if match:
        out = value
        for group, number in (("d", today.day), ("m", today.month), ("y", today.year)):
            if match.group(group) is not None:  # last first: the offsets before stay valid
                s, e = match.span(group)
                out = out[:s] + f"{number:0{e - s if group != 'y' else 4}d}" + out[e:]
        return out
    mdy, dmy, month_year = _named()
    match = mdy.search(value)
    if match:
        new = f"{_month(match.group(1), today.month, language)} {today.day}, {today.year}"
        return value[: match.start()] + new + value[match.end() :]
    match = dmy.search(value)
    if match:
        s, e = match.span(1)
        value = value[:s] + str(today.day) + value[e:]
        match = dmy.search(value)
        assert match is not None
        s, e = match.span(2)
        value = value[:s] + _month(match.group(2), today.month, language) + value[e:]
        match = dmy.search(value)
        assert match is not None
        s, e = match.span(3)
        return value[:s] + str(today.year) + value[e:]
    match = _SLASH.search(value)
    if match:
        first, sep, second, _ = match.groups()
        month_first = int(second) > 12 and int(first) <= 12
        a, b = (today.month, today.day) if month_first else (today.day, today.month)
        new = f"{a:0{len(first)}d}{sep}{b:0{len(second)}d}{sep}{today.year}"
        return value[: match.start()] + new + value[match.end() :]
    match = month_year.search(value)
    if match:
        new = f"{_month(match.group(1), today.month, language)} {today.year}"
        return value[: match.start()] + new + value[match.end() :]
    return value


def last_updated(doc: Document, today: dt.date, now: dt.datetime | None = None) -> list[Edit]:
    """Last updated fields stamped with `today` (and `now`'s time where they show one;
    without `now`, a time shown is kept)."""
    if not doc.settings.touch_last_updated:
        return []
    edits = []
    language: str | None = None
    for span, value, what in stamps(doc):
        language = language or Wording(doc).language
        new = restamp(value, today, now, language)
        if new != value:
            edits.append(Edit(span, new, what, "updated"))
    return edits


def stamps(doc: Document) -> list[tuple[Span, str, str]]:
    """Every Last Updated value trackmd stamps (D6): (span, value, key as written). Fields,
    and lines without a bold key (`_plain_stamps`)."""
    fields = [
        (fld.value_span, fld.value, fld.key_text.strip())
        for fld in doc.fields
        if fld.key in UPDATED_KEYS and fld.owner_list_item is None
    ]
    plain = [
        stamp
        for stamp in _plain_stamps(doc)
        if not any(stamp[0].start < f[0].end and f[0].start < stamp[0].end for f in fields)
    ]  # a field's own line is never read twice
    return fields + plain


@lru_cache(maxsize=1)
def _plain_stamp() -> re.Pattern[str]:
    """`Last updated: 2025-08-09`, `*Last updated: 2025-08-09*`, `*Last Updated*: May 8, 2026`
    (compiled on first use: stamps are planned only for a write)."""
    return patterns.compile(
        r"^[ \t>]*(?P<open>[*_]{1,2})?(?P<key>[^*_:\r\n|`]{2,40}?)(?:[*_]{1,2})?[ \t]*:[ \t]*"
        r"(?P<value>\S[^\r\n]*?)[ \t]*(?:[*_]{1,2})?[ \t]*$"
    )


def _plain_stamps(doc: Document) -> list[tuple[Span, str, str]]:
    """Last-updated lines without a bold key: (value span, value, key). Not in front matter,
    fences, list items or tables, and only where the value holds a date."""
    from trackmd.core.parse.syntax import field_key

    source = Source.of(doc.text)  # lines as the parser counts them (`\r`, `\r\n`, `\n`)
    taken = {source.position(f.value_span.start)[0] for f in doc.fields}
    taken.update(i.line for i in doc.items)
    taken.update(row.line for table in doc.tables for row in table.rows)
    found: list[tuple[Span, str, str]] = []
    lines = source.lines()
    first = 0
    if lines and lines[0].lstrip("\ufeff") == "---":  # front matter
        first = next((n + 1 for n, line in enumerate(lines[1:], 1) if line in ("---", "...")), 0)
    fenced = False
    for number, line in enumerate(lines[first:], first):
        start = source.line_starts[number]
        if line.lstrip(" \t").startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or number in taken or ":" not in line:
            continue
        match = _plain_stamp().match(line)
        if match is None or field_key(match.group("key")) not in UPDATED_KEYS:
            continue
        value = match.group("value")
        if _restamp_date(value, dt.date(1999, 1, 1)) == value:
            continue  # no date in it
        s, e = match.span("value")
        found.append((Span(start + s, start + e), value, match.group("key").strip()))
    return found


# -- plan and verify --------------------------------------------------------------------


def structure(doc: Document, stamped: frozenset[int] = frozenset()) -> tuple[object, ...]:
    """What an edit may never change: headings, items (not their states), tables. A heading
    on a `stamped` line holds a Last updated date (`Updated: May 8` over `---` is a setext
    heading), so its id changes with the date: its level and line still may not."""
    return (
        tuple((s.level, s.line, None if s.line in stamped else s.id) for s in doc.sections),
        tuple((i.kind, i.line, i.id, i.parent) for i in doc.items),
        tuple((t.line, len(t.rows), len(t.header)) for t in doc.tables),
        len(doc.bars),
    )


MARKER_FOR = {
    State.OPEN: " ", State.IN_PROGRESS: "/", State.BLOCKED: "!", State.CANCELLED: "-",
}  # fmt: skip


def done_marker(doc: Document) -> str:
    """`x` or `X`: the setting, else whichever the file already uses most."""
    if doc.settings.done_marker:
        return doc.settings.done_marker
    upper = sum(1 for i in doc.items if i.marker == "X")
    lower = sum(1 for i in doc.items if i.marker == "x")
    return "X" if upper > lower else "x"


def state_edit(doc: Document, item: Item, target: State, wording: Wording) -> Edit | None:
    """The edit that makes `item` say `target`, in the file's own wording."""
    if item.state is target:
        return None
    what = f"#{item.number} state"
    if item.kind is ItemKind.CHECKBOX:
        marker = done_marker(doc) if target is State.DONE else MARKER_FOR[target]
        return Edit(item.state_span, marker, what, "state")
    status = item.status
    if status is None:
        return None
    column: list[StatusText] | None = None
    if item.kind is ItemKind.ROW:
        column = [
            other.status
            for other in doc.items
            if other.kind is ItemKind.ROW and other.status is not None
            and _same_table(doc, other.line, item.line)
        ]  # fmt: skip
    elif item.kind in (ItemKind.SECTION, ItemKind.LIST_STATUS):
        # the same field elsewhere: other `**Status**:` values
        column = [wording.read(f.value_span, f.value) for f in doc.fields if f.key in STATUS_KEYS]
    if item.kind is ItemKind.EMOJI and not status.text:  # `1. Deploy` beside `1. ✅ …`
        return Edit(status.span, wording.emoji(target, alone=True) + " ", what, "state")
    if item.kind is ItemKind.EMOJI:
        return Edit(status.span, wording.emoji(target, status.emoji, alone=True), what, "state")
    if item.kind is ItemKind.SECTION and not status.text:  # an unmarked story: mark it
        return Edit(status.span, " " + wording.emoji(target, alone=True, heading=True), what,
                    "state")  # fmt: skip
    own = doc.sections[item.section].marker if item.kind is ItemKind.SECTION else None
    on_heading = own is not None and own.span == status.span
    new = wording.rewrite(status, target, column, heading=on_heading)
    if status.state is None:  # an unrecognized status is replaced outright
        new = wording.word(target, column)
    if (
        status.span.start == status.span.end
        and doc.text[status.span.end : status.span.end + 1] == "|"
    ):
        new += " "  # an empty cell: `|  Done |`, not `|  Done|`
    return Edit(status.span, new, what, "state")


def _same_table(doc: Document, a: int, b: int) -> bool:
    for table in doc.tables:
        lines = {row.line for row in table.rows}
        if a in lines:
            return b in lines
    return False


def plan(
    doc: Document,
    today: dt.date,
    state_edits: list[Edit] | None = None,
    now: dt.datetime | None = None,
) -> Plan:
    """Without state edits: every out-of-date derived value (sync). With them: the states,
    then the derived values those changes affect (stale values elsewhere are sync's job).
    Then Last updated when anything changed; then the safety check. Every document read
    here is markdown-it-py's (`exact`)."""
    if not state_edits:
        derived = out_of_date(doc)
        if not derived:
            return Plan(doc, doc, doc.text, ())
        doc = exact(doc)  # equal to the scanner's reading, or refused: `derived` holds
        # Last updated fields are never derived values themselves: stamp them in the same pass
        owned = {e.span for e in derived}
        stamps = [s for s in last_updated(doc, today, now) if s.span not in owned]
        all_edits = in_cells(doc.text, derived + stamps)  # aligned tables stay aligned
        text = apply(doc.text, all_edits)
        after = parse(text, doc.path, doc.settings, blocks=MARKDOWN_IT)
        verify(doc, after, stamped=_lines(doc.text, stamps))
        return Plan(doc, after, text, tuple(all_edits))
    doc = exact(doc)
    state_edits = in_cells(doc.text, state_edits)
    text = apply(doc.text, state_edits)
    # a state edit never changes which headings carry markers, though their states may now
    # agree or differ in a way that alone would not show it
    markers = frozenset(s.line for s in doc.sections if s.marker is not None)
    middle = parse(text, doc.path, doc.settings, markers, blocks=MARKDOWN_IT)
    _refuse_decoration(doc, middle)
    before_values = derived_values(doc)
    middle_values = derived_values(middle)
    affected: list[Edit] = []
    planned: set[int] = set()  # positions in middle_values: labels can repeat (two Backends)
    if _aligned(before_values, middle_values):
        # a line whose derived values move with the change is recomputed whole (a roll-up
        # row's status with its percent); other lines keep even stale values: sync's job
        src = Source.of(text)
        moved = {
            src.position(new.span.start)[0]
            for old, new in zip(before_values, middle_values, strict=True)
            if old.new != new.new
        }
        for i, new in enumerate(middle_values):
            if src.position(new.span.start)[0] in moved and new.old(text) != new.new:
                affected.append(Edit(new.span, new.new, new.what, new.kind))
                planned.add(i)
    else:  # the derived values themselves changed shape: recompute them all
        affected = out_of_date(middle)
        planned = {i for i, v in enumerate(middle_values) if v.old(text) != v.new}
    affected = _dedupe(affected)
    owned = {e.span for e in affected}
    stamps = [s for s in last_updated(middle, today, now) if s.span not in owned]
    stamped = _lines(text, stamps)
    fitted = in_cells(text, affected + stamps)
    text = apply(text, fitted)
    after = parse(text, doc.path, doc.settings, blocks=MARKDOWN_IT)
    verify(doc, after, checked=(middle_values, planned), stamped=stamped)
    return Plan(doc, after, text, tuple(state_edits + fitted))


def exact(doc: Document) -> Document:
    """`doc` as markdown-it-py, the parser of record, reads it: a write is planned and
    verified on that reading only. When the read path's scanner read it otherwise, refuse:
    the edits were chosen on the scanner's reading."""
    if doc.blocks == MARKDOWN_IT:
        return doc
    again = parse(doc.text, doc.path, doc.settings, blocks=MARKDOWN_IT)
    if again._replace(blocks=doc.blocks) != doc:
        raise Refused(
            f"{doc.path or 'document'}: safety check failed (trackmd's block scanner and "
            "markdown-it-py read this file differently); nothing written — please report "
            "this file; TRACKMD_PARSER=markdown-it reads with markdown-it-py only"
        )
    return again


def _refuse_decoration(before: Document, after: Document) -> None:
    """An emoji list whose items would all say one state reads as decoration, not work
    (SPEC §2, emoji lists): the edit would take its items out of the tracker. Say so."""
    kept = {i.line for i in after.items if i.kind is ItemKind.EMOJI}
    gone = [i for i in before.items if i.kind is ItemKind.EMOJI and i.line not in kept]
    if gone:
        raise Refused(
            f"{before.path or 'document'}:{gone[0].line + 1}: after this edit every item of "
            "that emoji list would say the same state, and a list of one state reads as "
            "decoration, not work; nothing written — edit the line by hand, or use "
            "checkboxes (`- [x]`)"
        )


def _lines(text: str, edits: list[Edit]) -> frozenset[int]:
    src = Source.of(text)
    return frozenset(src.position(e.span.start)[0] for e in edits)


def _aligned(a: list[Derived], b: list[Derived]) -> bool:
    return len(a) == len(b) and all(
        x.what == y.what and x.kind == y.kind for x, y in zip(a, b, strict=True)
    )


def _dedupe(edits: list[Edit]) -> list[Edit]:
    seen: set[Span] = set()
    out = []
    for edit in edits:
        if edit.span not in seen:
            seen.add(edit.span)
            out.append(edit)
    return out


def verify(
    before: Document,
    after: Document,
    checked: tuple[list[Derived], set[int]] | None = None,
    stamped: frozenset[int] = frozenset(),
) -> None:
    """The safety check: same structure, and nothing (of what was planned) left to derive.
    `checked` names the planned values by position among the derived values they came from."""
    if structure(before, stamped) != structure(after, stamped):
        raise Refused(
            f"{before.path or 'document'}: safety check failed (the edit would change the "
            "document's structure); nothing written — please report this file"
        )
    leftover = out_of_date(after)
    if checked is not None:
        planned_from, planned = checked
        now = derived_values(after)
        if _aligned(planned_from, now):
            leftover = [
                Edit(now[i].span, now[i].new, now[i].what, now[i].kind)
                for i in sorted(planned)
                if now[i].old(after.text) != now[i].new
            ]
        else:  # the values moved: fall back to naming them by label and kind
            names = {(planned_from[i].what, planned_from[i].kind) for i in planned}
            leftover = [e for e in leftover if (e.what, e.kind) in names]
    if leftover:
        raise Refused(
            f"{before.path or 'document'}: safety check failed ({leftover[0].what!r} still out "
            "of date after the edit); nothing written — please report this file"
        )
