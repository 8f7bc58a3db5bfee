"""Obsidian Tasks: the plugin's signifiers on a task line, and what a state change also
writes where a file keeps them (a done date, the next instance of a recurring task).

`- [ ] Water the plants 🔁 every week ⏫ 📅 2026-12-07 🆔 plants ⛔ seeds,pots`: priority
`🔺⏫🔼🔽⏬`, dates due `📅`, start `🛫`, scheduled `⏳`, created `➕`, done `✅`, cancelled
`❌`, recurrence `🔁`, id `🆔`, dependencies `⛔` (a comma list of ids).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from trackmd.core import patterns
from trackmd.core.record import NamedTuple
from trackmd.core.text import lazy_pattern

if TYPE_CHECKING:
    from trackmd.core.model import Document, Edit, Item, State

PRIORITIES = {"🔺": "highest", "⏫": "high", "🔼": "medium", "🔽": "low", "⏬": "lowest"}
DATE_KINDS = {"📅": "due", "🛫": "start", "⏳": "scheduled", "➕": "created", "✅": "done",
              "❌": "cancelled"}  # fmt: skip
_SIGNS = "".join(PRIORITIES) + "".join(DATE_KINDS) + "🔁🆔⛔"
_SIGN_SET = frozenset(_SIGNS)
_DATE = patterns.compile(r"(📅|🛫|⏳|➕|✅|❌)\ufe0f?[ \t]*(\d{4}-\d{2}-\d{2})")
_PRIORITY = patterns.compile(r"(?:^|(?<=[ \t]))([🔺⏫🔼🔽⏬])\ufe0f?(?=[ \t]|$)")
_RECURRENCE = patterns.compile(rf"🔁\ufe0f?[ \t]*([^{_SIGNS}\n^#]*[^{_SIGNS}\n^# \t])")
TASK_ID = patterns.compile(r"🆔\ufe0f?[ \t]*([A-Za-z0-9_-]+)")
DEPENDS = patterns.compile(r"⛔\ufe0f?[ \t]*([A-Za-z0-9_-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+)*)")
_BLOCK_ID = patterns.compile(r"[ \t]+\^[A-Za-z0-9-]+[ \t]*$")
_DONE_DATE = patterns.compile(r"[ \t]*✅\ufe0f?[ \t]*\d{4}-\d{2}-\d{2}")


class Signifiers(NamedTuple):
    """What a task line says besides its text."""

    priority: str | None = None
    dates: tuple[tuple[str, str], ...] = ()  # (kind, YYYY-MM-DD), in line order
    recurrence: str | None = None
    task_id: str | None = None
    depends: tuple[str, ...] = ()


def read(text: str) -> Signifiers:
    if _SIGN_SET.isdisjoint(text):
        return Signifiers()
    priority = _PRIORITY.search(text)
    recurrence = _RECURRENCE.search(text)
    task_id = TASK_ID.search(text)
    depends = tuple(part.strip() for m in DEPENDS.finditer(text) for part in m.group(1).split(","))
    return Signifiers(
        PRIORITIES[priority.group(1)] if priority else None,
        tuple((DATE_KINDS[m.group(1)], m.group(2)) for m in _DATE.finditer(text)),
        recurrence.group(1) if recurrence else None,
        task_id.group(1) if task_id else None,
        depends,
    )


def keeps_done_dates(texts: list[str]) -> bool:
    """A file keeps done dates when one of its tasks has one (`✅ 2026-12-01`)."""
    return any(_DONE_DATE.search(text) for text in texts)


def with_done_date(line: str, today: dt.date) -> str:
    """The task line with `✅ today` appended (before a block id `^abc`), as Tasks writes."""
    if _DONE_DATE.search(line):
        return line
    body, end = _split_end(line)
    block = _BLOCK_ID.search(body)
    cut = block.start() if block else len(body)
    head = body[:cut].rstrip(" \t")
    return f"{head} ✅ {today.isoformat()}{body[cut:]}{end}"


def without_done_date(line: str) -> str:
    return _DONE_DATE.sub("", line, count=1)


def _split_end(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body) :]


# -- recurrence ---------------------------------------------------------------------------

_EVERY = lazy_pattern(
    r"every[ \t]+(?:(\d+)[ \t]+)?(day|week|month|year)s?"
    r"(?:[ \t]+on[ \t]+(?P<weekday>[a-z]+))?(?P<when_done>[ \t]+when[ \t]+done)?$",
    re.IGNORECASE,
)
_WEEKDAYS = {
    name: i
    for i, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}  # the plugin's English names (calendar's follow the locale)
_EVERY_WEEKDAY = lazy_pattern(r"every[ \t]+([a-z]+)(?P<when_done>[ \t]+when[ \t]+done)?$", re.I)


def _days_in(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1]


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, _days_in(year, month)))


class _Rule(NamedTuple):
    unit: str  # day, week, month, year
    times: int
    weekday: int | None  # Monday = 0, for `every week on Monday`
    monthday: int | None = None  # for `every month on the 15th`; 0 for `on the last`


_EVERY_MONTHDAY = lazy_pattern(
    r"every[ \t]+(?:(\d+)[ \t]+)?months?[ \t]+on[ \t]+the[ \t]+(?:(\d{1,2})(?:st|nd|rd|th)|(last))"
    r"(?P<when_done>[ \t]+when[ \t]+done)?$",
    re.IGNORECASE,
)


def _stepper(rule: str) -> tuple[_Rule, bool] | None:
    """How one date moves to the next instance, and whether from the done date."""
    rule = rule.strip()
    match = _EVERY.match(rule)
    if match:
        count = int(match.group(1) or 1)
        unit = match.group(2).lower()
        weekday = match.group("weekday")
        if weekday is not None and weekday.lower() not in _WEEKDAYS:
            return None
        day = _WEEKDAYS.get((weekday or "").lower())
        return _Rule(unit, count, day), bool(match.group("when_done"))
    match = _EVERY_MONTHDAY.match(rule)
    if match and (match.group(3) or 1 <= int(match.group(2)) <= 31):
        monthday = 0 if match.group(3) else int(match.group(2))
        return _Rule("month", int(match.group(1) or 1), None, monthday), bool(
            match.group("when_done")
        )
    match = _EVERY_WEEKDAY.match(rule)
    if match and match.group(1).lower() in _WEEKDAYS:
        return _Rule("week", 1, _WEEKDAYS[match.group(1).lower()]), bool(match.group("when_done"))
    return None


def _step(day: dt.date, how: _Rule) -> dt.date:
    unit, count, weekday = how.unit, how.times, how.weekday
    if unit == "day":
        return day + dt.timedelta(days=count)
    if unit == "week":
        nxt = day + dt.timedelta(weeks=count)
        if weekday is not None:  # the first such weekday after the date
            nxt = day + dt.timedelta(days=(weekday - day.weekday() - 1) % 7 + 1)
            nxt += dt.timedelta(weeks=count - 1)
        return nxt
    if unit == "month":
        nxt = _add_months(day, count)
        if how.monthday is not None:  # that day of the month (or its last day), clamped
            last = _days_in(nxt.year, nxt.month)
            nxt = nxt.replace(day=last if how.monthday == 0 else min(how.monthday, last))
        return nxt
    return _add_months(day, 12 * count)


def understood(rule: str) -> bool:
    return _stepper(rule) is not None


def next_instance(line: str, today: dt.date) -> str | None:
    """The line of the next instance of a recurring task being done, as the plugin makes
    it: open, no done or cancelled date, no block id, id or dependencies; its reference
    date (due, else scheduled, else start) moved by the rule, from itself or from today
    with `when done`, and its other dates keeping their distance to it."""
    body, end = _split_end(line)
    found = _RECURRENCE.search(body)
    if found is None:
        return None
    stepper = _stepper(found.group(1))
    if stepper is None:
        return None
    how, when_done = stepper
    dates = [(m, dt.date.fromisoformat(m.group(2))) for m in _DATE.finditer(body)
             if m.group(1) in "📅🛫⏳"]  # fmt: skip
    if not dates:
        return None  # the plugin needs a date to move; a rule alone makes no next instance
    order = {"📅": 0, "⏳": 1, "🛫": 2}
    anchor = min(dates, key=lambda d: order[d[0].group(1)])[1]
    base = _step(today if when_done else anchor, how)
    out = body
    for match, day in sorted(dates, key=lambda d: -d[0].start()):
        moved = base + (day - anchor)
        out = out[: match.start(2)] + moved.isoformat() + out[match.end(2) :]
    out = _DONE_DATE.sub("", out)
    out = re.sub(r"[ \t]*❌\ufe0f?[ \t]*\d{4}-\d{2}-\d{2}", "", out)
    box = re.match(r"^([ \t>]*(?:[-*+]|\d+[.)])[ \t]+\[).(\])", out)
    if box is None:
        return None
    out = out[: box.end(1)] + " " + out[box.end(1) + 1 :]
    out = _BLOCK_ID.sub("", out)  # a block id names one line: the new one has none
    # nor an id or dependencies (as the plugin does: they would name two tasks at once)
    out = re.sub(r"[ \t]*(?:" + TASK_ID.pattern + "|" + DEPENDS.pattern + ")", "", out)
    return out + end


# -- what a state change also writes ------------------------------------------------------


def date_edit(doc: Document, item: Item, target: State, today: dt.date) -> Edit | None:
    """Done: `✅ today` where the file keeps done dates (or the task recurs); leaving done:
    the done date goes. A checkbox task only; the text after its box is rewritten."""
    from trackmd.core.model import Edit, ItemKind, Span, State
    from trackmd.core.source import Source

    if item.kind is not ItemKind.CHECKBOX:
        return None
    src = Source.of(doc.text)
    span = Span(item.state_span.end + 1, src.line_ends[item.line])  # after the `]`
    if span.start > span.end:
        return None
    old = doc.text[span.start : span.end]
    if target is State.DONE:
        keeps = item.recurrence is not None or keeps_done_dates([i.text for i in doc.items])
        new = with_done_date(old, today) if keeps else old
    elif item.state is State.DONE:
        new = without_done_date(old)
    else:
        new = old
    return Edit(span, new, item.text[:30], "state") if new != old else None


def with_next_instances(
    doc: Document, items: list[Item], today: dt.date
) -> tuple[Document, list[Item]]:
    """Before `done` on recurring tasks: the document with each one's next instance written
    on the line above it (where the plugin puts it), and the same tasks in that document."""
    from trackmd.core.parse import MARKDOWN_IT, parse
    from trackmd.core.source import Source

    src = Source.of(doc.text)
    inserts: list[tuple[int, str]] = []
    for item in items:
        if item.recurrence is None:
            continue
        new = next_instance(src.line(item.line), today)
        if new is not None:
            inserts.append((item.line, new))
    if not inserts:
        return doc, items
    text = doc.text
    newline = src.newline()
    for line, new in sorted(inserts, reverse=True):
        at = src.line_starts[line]
        text = text[:at] + new + newline + text[at:]
    after = parse(text, doc.path, doc.settings, blocks=MARKDOWN_IT)  # a write: exact
    shifted = {line for line, _ in inserts}
    by_line = {i.line: i for i in after.items}
    moved = []
    for item in items:
        above = sum(1 for line in shifted if line <= item.line)
        found = by_line.get(item.line + above)
        if found is None or found.text != item.text:
            from trackmd.core.errors import Refused

            raise Refused(
                f"{doc.path or 'document'}:{item.line + 1}: the next instance of this "
                "recurring task would change how the file reads; nothing written"
            )
        moved.append(found)
    return after, moved
