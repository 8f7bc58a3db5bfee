"""Terminal output with Rich, and the JSON contract (schema 1). Given a Console; no globals."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from trackmd.derive import Counts, Progress
from trackmd.model import Document, Item, Section, State

if TYPE_CHECKING:
    from rich.console import Console

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
    }


def document_json(doc: Document, counts: Counts, out_of_date: int) -> dict[str, Any]:
    root = doc.sections[0]
    return {
        "path": doc.path,
        "title": doc.title,
        "progress": counts.document.as_json(),
        "sections": [section_json(doc, counts, doc.sections[c]) for c in root.children],
        "items": [item_json(doc, item) for item in doc.items],
        "out_of_date": out_of_date,
    }


# -- status -----------------------------------------------------------------------------


def sprint_dates(doc: Document) -> tuple[dt.date | None, dt.date | None]:
    start = dt.date.fromisoformat(doc.settings.sprint_start) if doc.settings.sprint_start else None
    end = dt.date.fromisoformat(doc.settings.sprint_end) if doc.settings.sprint_end else None
    return start, end


def counts_line(progress: Progress) -> str:
    parts = [
        f"[bold]{progress.done}/{progress.total}[/] done",
        f"[yellow]{progress.in_progress}[/] in progress",
        f"[red]{progress.blocked}[/] blocked",
        f"{progress.open} open",
    ]
    if progress.cancelled:
        parts.append(f"[dim]{progress.cancelled} cancelled[/]")
    return " · ".join(parts)


def status(
    console: Console,
    doc: Document,
    counts: Counts,
    out_of_date: int,
    *,
    depth: int | None,
    show_open: bool,
    today: dt.date,
) -> None:
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    progress = counts.document
    percent = progress.percent
    console.print(Text.assemble((doc.path, "bold cyan"), "  ", (doc.title, "bold")))
    pct = f"{percent:>3}%" if percent is not None else "  –"
    console.print(f"  [{_bar_style(percent)}]{bar(percent)}[/] {pct}")
    console.print(f"  {counts_line(progress)}")
    start, end = sprint_dates(doc)
    if start or end:
        span = f"{start or '?'} → {end or '?'}"
        left = ""
        if end is not None:
            days = (end - today).days
            left = f" · {days} day{'s' if days != 1 else ''} left" if days >= 0 else " · ended"
        console.print(f"  [dim]Sprint {span}{left}[/]")
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    table.add_column("section", overflow="ellipsis", no_wrap=True, max_width=48)
    table.add_column("bar", no_wrap=True)
    table.add_column("pct", justify="right", no_wrap=True)
    table.add_column("count", justify="right", no_wrap=True)
    table.add_column("state", no_wrap=True)
    open_by_section: dict[int, list[Item]] = {}
    if show_open:
        for item in doc.items:
            if item.state not in (State.DONE, State.CANCELLED):
                open_by_section.setdefault(item.section, []).append(item)
    rows = 0

    def walk(section: Section, level: int) -> None:
        nonlocal rows
        sub = counts.of(section.index)
        if sub.total or sub.cancelled:
            sp = sub.percent
            state = counts.section_state(section.index)
            mark, style = STATE_STYLE[state] if state is not None else ("", "")
            table.add_row(
                "  " * level + escape(section.label),
                f"[{_bar_style(sp)}]{bar(sp, 12)}[/]",
                f"{sp}%" if sp is not None else "–",
                f"{sub.done}/{sub.total}",
                f"[{style}]{mark}[/]" if mark else "",
            )
            rows += 1
            for item in open_by_section.get(section.index, ()):
                imark, istyle = STATE_STYLE[item.state]
                ident = f"{item.id} " if item.id else ""
                table.add_row(
                    "  " * (level + 1) + f"[{istyle}]{imark}[/] [dim]#{item.number}[/] "
                    + escape(ident + item.text[:60]),
                    "", "", "", "",
                )  # fmt: skip
        if depth is not None and level + 1 >= depth:
            return
        for child in section.children:
            walk(doc.sections[child], level + 1)

    root = doc.sections[0]
    for item in open_by_section.get(0, ()):
        imark, istyle = STATE_STYLE[item.state]
        table.add_row(f"[{istyle}]{imark}[/] [dim]#{item.number}[/] {escape(item.text[:60])}",
                      "", "", "", "")  # fmt: skip
    top = list(root.children)
    # a single title heading holding everything: show its children as the tree
    if len(top) == 1 and doc.sections[top[0]].level == 1:
        for child in doc.sections[top[0]].children:
            walk(doc.sections[child], 0)
        for item in open_by_section.get(top[0], ()):
            imark, istyle = STATE_STYLE[item.state]
            table.add_row(f"[{istyle}]{imark}[/] [dim]#{item.number}[/] {escape(item.text[:60])}",
                          "", "", "", "")  # fmt: skip
    else:
        for child in top:
            walk(doc.sections[child], 0)
    if rows or show_open:
        console.print()
        console.print(table)
    if out_of_date:
        noun = "value is" if out_of_date == 1 else "values are"
        console.print(
            f"  [yellow]⚠ {out_of_date} derived {noun} out of date[/] — run "
            f"[bold]trackmd sync {escape(doc.path)}[/]"
        )
    else:
        console.print("  [green]✓ derived values up to date[/]")
    console.print()


def item_table(console: Console, rows: list[tuple[Document, Item]]) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(box=None, pad_edge=False, padding=(0, 1), header_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("ID", no_wrap=True)
    table.add_column("State", no_wrap=True)
    table.add_column("Section", overflow="ellipsis", max_width=28, no_wrap=True)
    table.add_column("Text", overflow="fold")
    multi = len({doc.path for doc, _ in rows}) > 1
    for doc, item in rows:
        mark, style = STATE_STYLE[item.state]
        number = f"{doc.path}:{item.number}" if multi else str(item.number)
        table.add_row(
            number,
            item.id or "",
            f"[{style}]{mark} {STATE_LABEL[item.state]}[/]",
            escape(doc.sections[item.section].label),
            ("  " if item.parent else "") + escape(item.text),
        )
    console.print(table)
