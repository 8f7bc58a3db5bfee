"""Terminal output, and the JSON contract (schema 1).

Output is built as styled segments and handed to `emit`: Rich draws them when the stream
will show styles (a terminal, or `FORCE_COLOR`); otherwise they are written as plain text,
which is what Rich would print there, without paying for Rich's import and layout.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

from trackmd.core import patterns
from trackmd.core.derive import Counts, Progress
from trackmd.core.model import Document, Item, Section, State
from trackmd.core.sprint import sprint_dates
from trackmd.ui import cells as _cells

if TYPE_CHECKING:
    from trackmd.core.urgency import Entry, Next

Segment = tuple[str, str]  # (text, Rich style; "" for none)

# Control characters a file's text could smuggle into a terminal: C0 (tab, newline and the
# \r of a \r\n stay), DEL and C1. Shown as visible escapes, never sent raw.
_CONTROL = patterns.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def visible(text: str) -> str:
    """`text` with every control character shown as `\\x1b` (one helper for every output)."""
    if text.isprintable() or _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


# What a glyph degrades to on a stream that cannot encode it (cp1252, legacy consoles).
_ASCII = {
    "█": "#", "░": "-", "▓": "#", "✔": "x", "✓": "ok", "◐": "~", "○": "o", "✖": "!",
    "–": "-", "—": "-", "→": "->", "…": "...", "·": "-", "⚠": "!", "●": "*", "┄": "-",
    "┤": "|", "│": "|", "└": "+", "─": "-", "┼": "+", "├": "|", "↑": "^", "↓": "v",
}  # fmt: skip
_HANDLER = "trackmd-ascii"


def _degrade(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_ASCII.get(c, "?") for c in bad), error.end


def degrade_streams(*streams: TextIO) -> None:
    """Streams whose encoding cannot show trackmd's glyphs print ASCII stand-ins (`#`, `x`,
    `->`) and `?` for the rest, instead of failing with UnicodeEncodeError."""
    import codecs
    import contextlib

    try:
        codecs.lookup_error(_HANDLER)
    except LookupError:
        codecs.register_error(_HANDLER, _degrade)
    for stream in streams:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        reconfigure = getattr(stream, "reconfigure", None)
        try:
            "█✔→".encode(encoding)
            continue  # UTF-8 or another encoding that has them: nothing to do
        except (UnicodeEncodeError, LookupError):
            pass
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # cannot be reconfigured: leave it
                reconfigure(errors=_HANDLER)


def styled(stream: TextIO) -> bool:
    """Whether Rich would show styles on `stream` (its own rules: TTY_COMPATIBLE,
    FORCE_COLOR, a terminal that is not dumb)."""
    env = os.environ
    compatible = env.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    if env.get("FORCE_COLOR") is not None:
        return env["FORCE_COLOR"] != ""
    if env.get("TERM", "").lower() in ("dumb", "unknown"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def emit(segments: list[Segment], *, stderr: bool = False) -> None:
    """Write styled segments to stdout (or stderr)."""
    stream = sys.stderr if stderr else sys.stdout
    write_segments(stream, segments, styles=styled(stream))


def write_segments(stream: TextIO, segments: list[Segment], *, styles: bool) -> None:
    """Through Rich when `styles` show on `stream`, else as plain text."""
    if not styles:
        stream.write(visible("".join(text for text, _ in segments).replace("\r\n", "\n")))
        return
    from rich.console import Console
    from rich.segment import Segment, Segments
    from rich.style import Style

    parsed: dict[str, Style | None] = {}
    parts: list[Segment] = []
    for text, name in segments:
        text = visible(text.replace("\r\n", "\n"))
        if name not in parsed:
            parsed[name] = Style.parse(name) if name else None
        style = parsed[name]
        if style is None or "\n" not in text:
            parts.append(Segment(text, style))
            continue
        for i, line in enumerate(text.split("\n")):  # styles end before a line break
            if i:
                parts.append(Segment("\n"))
            if line:
                parts.append(Segment(line, style))
    console = Console(file=stream, force_terminal=True, highlight=False, soft_wrap=False)
    console.print(Segments(parts), end="", soft_wrap=True, overflow="ignore", crop=False)


def width(text: str) -> int:
    """Terminal cells `text` takes (Rich's measure, for non-ASCII text: `ui.cells`)."""
    if text.isascii():
        return len(text)
    return _cells.width(text)


def clip(text: str, cells: int) -> str:
    """`text` cut to at most `cells` terminal cells, ending in `…` when cut."""
    if width(text) <= cells:
        return text
    if text.isascii():
        return text[: cells - 1] + "…"
    return _cells.crop(text, cells - 1) + "…"


SCHEMA = 1
STATE_STYLE = {
    State.DONE: ("✔", "green"),
    State.IN_PROGRESS: ("◐", "yellow"),
    State.OPEN: ("○", "default"),
    State.BLOCKED: ("✖", "red"),
    State.CANCELLED: ("–", "dim"),
}
STATE_LABEL = {
    State.DONE: "done",
    State.IN_PROGRESS: "in progress",
    State.OPEN: "open",
    State.BLOCKED: "blocked",
    State.CANCELLED: "cancelled",
}


def bar(percent: int | None, width: int = 20) -> str:
    if percent is None:
        return " " * width
    filled = (2 * width * percent + 100) // 200
    return "█" * filled + "░" * (width - filled)


def _bar_style(percent: int | None) -> str:
    if percent is None:
        return "dim"
    if percent >= 100:
        return "green"
    return "yellow" if percent > 0 else "red"


# -- JSON -------------------------------------------------------------------------------


def section_json(doc: Document, counts: Counts, section: Section) -> dict[str, Any]:
    state = counts.section_state(section.index)
    return {
        "id": section.id,
        "label": section.label,
        "level": section.level,
        "line": section.line + 1,
        "progress": counts.of(section.index).as_json(),
        "status": state.value if state is not None else None,
        "sections": [section_json(doc, counts, doc.sections[c]) for c in section.children],
    }


def item_json(doc: Document, item: Item) -> dict[str, Any]:
    return {
        "number": item.number,
        "id": item.id,
        "text": item.text,
        "state": item.state.value,
        "line": item.line + 1,
        "section": doc.sections[item.section].id,
        "points": item.points,
        "kind": item.kind.value,
        "parent": item.parent,
        "owner": item.owner,
        "priority": item.priority,
        "due": item.due,
        "tags": list(item.tags),
        "dates": dict(item.dates),
        "recurrence": item.recurrence,
        "task_id": item.task_id,
        "depends": list(item.depends),
    }


def document_json(doc: Document, counts: Counts, out_of_date: int) -> dict[str, Any]:
    root = doc.sections[0]
    return {
        "path": doc.path,
        "title": doc.title,
        "dialect": doc.dialect,
        "progress": counts.document.as_json(),
        "sections": [section_json(doc, counts, doc.sections[c]) for c in root.children],
        "items": [item_json(doc, item) for item in doc.items],
        "out_of_date": out_of_date,
    }


# -- status -----------------------------------------------------------------------------


def counts_line(progress: Progress) -> list[Segment]:
    parts: list[Segment] = [
        (f"{progress.done}/{progress.total}", "bold"),
        (" done · ", ""),
        (str(progress.in_progress), "yellow"),
        (" in progress · ", ""),
        (str(progress.blocked), "red"),
        (f" blocked · {progress.open} open", ""),
    ]
    if progress.cancelled:
        parts += [(" · ", ""), (f"{progress.cancelled} cancelled", "dim")]
    return parts


Cell = tuple[str, str]  # (plain text, Rich style)


def grid(
    rows: list[list[Cell]], right: set[int], widest: dict[int, int], indent: str = ""
) -> list[Segment]:
    """Aligned columns: far cheaper than a Rich Table for long trees."""
    widths: dict[int, int] = {}
    for row in rows:
        if len(row) == 1:
            continue  # a single cell spans the whole line
        for i, (plain, _) in enumerate(row):
            widths[i] = min(max(widths.get(i, 0), width(plain)), widest.get(i, 10_000))
    out: list[Segment] = []
    for row in rows:
        if indent:
            out.append((indent, ""))
        if len(row) == 1:
            out += [row[0], ("\n", "")]
            continue
        last = max((i for i, (plain, _) in enumerate(row) if plain), default=-1)
        for i, (plain, style) in enumerate(row):
            if i > last:
                break
            cells = widths[i]
            length = width(plain)
            if length > cells:
                plain = clip(plain, cells)
            elif i == last and i not in right:
                pass  # no trailing padding on the last cell
            elif i in right:
                plain = " " * (cells - length) + plain
            else:
                plain = plain + " " * (cells - length)
            out.append((plain, style))
            if i < last:
                out.append((" ", ""))
        out.append(("\n", ""))
    return out


def _fit(rows: list[list[Cell]], columns: int) -> list[list[Cell]]:
    """Section rows (label, bar, percent, count, mark) fitted to `columns`: the label column
    gets what is left; below 16 cells the bars give up width first (down to 4)."""
    tree = [row for row in rows if len(row) == 5]
    if not tree:
        return rows
    fixed = sum(max(width(row[i][0]) for row in tree) for i in (2, 3, 4)) + 4  # 4 gaps
    labels = max(width(row[0][0]) for row in tree)
    room = columns - 1 - fixed  # one cell spare: a full last column wraps some terminals
    bar_cells = 12
    if room - bar_cells < min(labels, 16):
        bar_cells = max(4, room - min(labels, 16))
    label_cells = max(room - bar_cells, 8)
    fitted: list[list[Cell]] = []
    for row in rows:
        if len(row) != 5:
            fitted.append(row)
            continue
        label, (cells, style), shown, *rest = row
        if bar_cells != len(cells):  # the percent cell says what the bar showed
            cells = bar(int(shown[0][:-1]) if shown[0].endswith("%") else None, bar_cells)
        fitted.append([(clip(label[0], label_cells), label[1]), (cells, style), shown, *rest])
    return fitted


def status(
    doc: Document,
    counts: Counts,
    out_of_date: int,
    *,
    depth: int | None,
    show_open: bool,
    today: dt.date,
    columns: int = 80,
) -> list[Segment]:
    """The status of one file, its section tree fitted to `columns` terminal cells: labels
    take what the bars and counts leave, and bars narrow before labels get too short."""
    progress = counts.document
    percent = progress.percent
    pct = f"{percent:>3}%" if percent is not None else "  –"
    out: list[Segment] = [
        (doc.path, "bold cyan"), ("  ", ""), (doc.title, "bold"),
        *([(f"  ({doc.dialect})", "dim")] if doc.dialect != "gfm" else []), ("\n  ", ""),
        (bar(percent), _bar_style(percent)), (f" {pct}\n  ", ""),
        *counts_line(progress), ("\n", ""),
    ]  # fmt: skip
    start, end = sprint_dates(doc, today)  # the same reader as burndown's (issue 13 B6)
    if start or end:
        span = f"{start or '?'} → {end or '?'}"
        left = ""
        if end is not None:
            days = (end - today).days
            left = f" · {days} day{'s' if days != 1 else ''} left" if days >= 0 else " · ended"
        out.append((f"  Sprint {span}{left}\n", "dim"))
    late = overdue(doc, today)
    if late:
        names = ", ".join(f"{i.id or '#' + str(i.number)} (due {i.due})" for i in late[:3])
        more = f" and {len(late) - 3} more" if len(late) > 3 else ""
        out.append((f"  ⚠ {len(late)} overdue: {names}{more}\n", "yellow"))
    open_by_section: dict[int, list[Item]] = {}
    if show_open:
        for item in doc.items:
            if item.state not in (State.DONE, State.CANCELLED):
                open_by_section.setdefault(item.section, []).append(item)
    rows: list[list[Cell]] = []

    def item_rows(section: int, level: int) -> None:
        for item in open_by_section.get(section, ()):
            mark, style = STATE_STYLE[item.state]
            ident = f"{item.id} " if item.id else ""
            text = f"{'  ' * level}{mark} #{item.number} {ident}{after_id(item)}"
            rows.append([(clip(text, max(columns - 1, 20)), style if style != "default" else "")])

    def row(section: Section, level: int) -> None:
        sub = counts.of(section.index)
        if sub.total or sub.cancelled:
            sp = sub.percent
            state = counts.section_state(section.index)
            mark, style = STATE_STYLE[state] if state is not None else ("", "")
            rows.append([
                ("  " * level + section.label, ""),
                (bar(sp, 12), _bar_style(sp)),
                (f"{sp}%" if sp is not None else "–", ""),
                (f"{sub.done}/{sub.total}", ""),
                (mark, style if style != "default" else ""),
            ])  # fmt: skip
            item_rows(section.index, level + 1)

    def walk(tops: tuple[int, ...]) -> None:
        # depth first, in document order, with a stack: a closure that called itself would
        # be a reference cycle holding the document (tests/test_cycles.py)
        stack = [(index, 0) for index in reversed(tops)]
        while stack:
            index, level = stack.pop()
            section = doc.sections[index]
            row(section, level)
            if depth is None or level + 1 < depth:
                stack += [(child, level + 1) for child in reversed(section.children)]

    root = doc.sections[0]
    item_rows(0, 0)
    top = list(root.children)
    # a single title heading holding everything: show its children as the tree
    if len(top) == 1 and doc.sections[top[0]].level == 1:
        walk(tuple(doc.sections[top[0]].children))
        item_rows(top[0], 0)
    else:
        walk(tuple(top))
    if rows:
        out.append(("\n", ""))
        out += grid(_fit(rows, columns), right={2, 3}, widest={})
    if out_of_date:
        noun = "value is" if out_of_date == 1 else "values are"
        out += [
            ("  ", ""), (f"⚠ {out_of_date} derived {noun} out of date", "yellow"),
            (" — run ", ""), (f"trackmd sync {doc.path}", "bold"), ("\n", ""),
        ]  # fmt: skip
    else:
        out.append(("  ✓ derived values up to date\n", "green"))
    out.append(("\n", ""))
    return out


def overdue(doc: Document, today: dt.date) -> list[Item]:
    """Unfinished items whose due date has passed, soonest first."""
    late = [
        i for i in doc.items
        if i.due and i.state not in (State.DONE, State.CANCELLED) and i.due < today.isoformat()
    ]  # fmt: skip
    return sorted(late, key=lambda i: i.due or "")


def total(progress: Progress, files: int) -> list[Segment]:
    """The repository at once: every tracker shown, summed."""
    percent = progress.percent
    pct = f"{percent:>3}%" if percent is not None else "  –"
    return [
        (f"All {files} trackers", "bold"), ("\n  ", ""),
        (bar(percent), _bar_style(percent)), (f" {pct}\n  ", ""),
        *counts_line(progress), ("\n", ""),
    ]  # fmt: skip


def item_table(rows: list[tuple[Document, Item]]) -> list[Segment]:
    multi = len({doc.path for doc, _ in rows}) > 1
    cells: list[list[Cell]] = [[("#", "bold"), ("ID", "bold"), ("State", "bold"),
                                ("Section", "bold"), ("Text", "bold")]]  # fmt: skip
    for doc, item in rows:
        mark, style = STATE_STYLE[item.state]
        number = f"{doc.path}:{item.number}" if multi else str(item.number)
        cells.append([
            (number, ""),
            (item.id or "", ""),
            (f"{mark} {STATE_LABEL[item.state]}", style if style != "default" else ""),
            (doc.sections[item.section].label, ""),
            (("  " if item.parent else "") + after_id(item), ""),
        ])  # fmt: skip
    return grid(cells, right={0}, widest={3: 28})


def after_id(item: Item) -> str:
    """The item's text without the explicit ID it starts with (`**API-1**: …`, `WEB-3 —`),
    where the ID has a column or a place of its own; else the whole text."""
    text = item.text
    if not item.id:
        return text
    for left, right in (("**", "**"), ("__", "__"), ("", "")):
        lead = f"{left}{item.id}{right}"
        if text.startswith(lead):
            rest = text[len(lead) :]
            if rest[:1] not in ("", " ", "\t", ":"):
                return text  # the ID runs on (`API-1x`, `API-1.2`): not this form
            rest = rest.lstrip(" \t")
            if rest[:1] in (":", "—", "–") or rest[:2] == "- ":
                rest = rest[1:].lstrip(" \t")
            return rest or text
    return text


def next_table(found: Next, limit: int) -> list[Segment]:
    """`next`: the ready items in order, each with why; then the blocked ones and on what."""
    ready = found.ready[:limit]
    multi = len({e.doc.path for e in [*found.ready, *found.blocked]}) > 1
    out: list[Segment] = []
    if not ready:
        out.append(("Nothing ready: every open item waits on another.\n" if found.blocked
                    else "Nothing to do: no open item.\n", "bold"))  # fmt: skip
    else:
        shown = f"{len(ready)} of {len(found.ready)}" if len(found.ready) > limit else "all"
        out.append((f"Next ({shown} ready)\n", "bold"))
        out += _entries(ready, multi, numbered=True)
    if found.blocked:
        out.append((f"Blocked ({len(found.blocked)})\n", "bold"))
        out += _entries(found.blocked, multi, numbered=False)
    return out


def _entries(entries: list[Entry], multi: bool, *, numbered: bool) -> list[Segment]:
    cells: list[list[Cell]] = []
    for n, e in enumerate(entries, start=1):
        mark, style = STATE_STYLE[e.item.state]
        where = f"{e.doc.path}:{e.item.line + 1}" if multi else f"line {e.item.line + 1}"
        name = e.item.id or f"#{e.item.number}"
        text = after_id(e.item)  # `WEB-1 API`: the ID is shown already
        cells.append([
            *([(f"{n}.", "")] if numbered else []),
            (mark, style if style != "default" else ""),
            (name, "bold"),
            (text, ""),
            (where, "dim"),
            (" · ".join(e.reasons), "yellow" if any("overdue" in r for r in e.reasons) else ""),
        ])  # fmt: skip
    return grid(cells, right={0}, widest={3: 48}, indent="  ")
