"""Hover (a heading's or an item's progress and state; a dependency's state and place) and
completion of explicit IDs after `Depends on`, `Blocked by` and `⛔`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from trackmd.core import patterns
from trackmd.core.model import State

if TYPE_CHECKING:
    from trackmd.core.derive import Progress
    from trackmd.core.model import Document, Item, Section
    from trackmd.lsp.documents import Analysis

NAMES = {State.DONE: "done", State.IN_PROGRESS: "in progress", State.OPEN: "open",
         State.BLOCKED: "blocked", State.CANCELLED: "cancelled"}  # fmt: skip
_TOKEN = patterns.compile(r"[\w.-]+")
_AFTER = patterns.compile(
    r"(?i)(?:depends[ \t]+on|blocked[ \t]+by|⛔)[*_]*[ \t]*:?[*_]*[ \t]*"
    r"(?:[\w.-]+[ \t]*,[ \t]*)*(?P<word>[\w.-]*)$"
)


def progress_text(progress: Progress) -> str:
    """`2/5 (40%)`, the numbers a heading's inlay hint, symbol and hover show."""
    percent = f" ({progress.percent}%)" if progress.percent is not None else ""
    return f"{progress.done}/{progress.total}{percent}"


def by_id(doc: Document) -> dict[str, Item]:
    found = {item.task_id: item for item in doc.items if item.task_id}
    found.update({item.id: item for item in doc.items if item.id})
    return found


def hover(analysis: Analysis, line: int, character: int) -> types.Hover | None:
    doc = analysis.doc
    if doc is None or line >= analysis.lines.line_count:
        return None
    column = analysis.lines.offset(line, character) - analysis.lines.starts[line]
    here = [item for item in doc.items if item.line == line]
    token = _token_at(analysis.lines.line(line), column)
    target = by_id(doc).get(token) if token else None
    if target is not None and all(target.number != item.number for item in here):
        return _markdown(_dependency(doc, token, target))
    if here:
        return _markdown(_item(analysis, here[0]))
    section = next((s for s in doc.sections[1:] if s.line == line), None)
    if section is not None:
        return _markdown(_section(analysis, section))
    return None


def _markdown(text: str) -> types.Hover:
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text))


def _token_at(text: str, column: int) -> str:
    for match in _TOKEN.finditer(text):
        if match.start() <= column <= match.end():
            return match.group().strip(".")
    return ""


def _dependency(doc: Document, name: str, item: Item) -> str:
    section = doc.sections[item.section]
    return (f"**{name}** — {NAMES[item.state]}\n\n{item.text}\n\n"
            f"line {item.line + 1}, in *{section.label or doc.title}* ({doc.path})")  # fmt: skip


def _item(analysis: Analysis, item: Item) -> str:
    doc, counts = analysis.doc, analysis.counts
    assert doc is not None
    ident = f" {item.id}" if item.id else ""
    out = [f"**#{item.number}{ident}** — {NAMES[item.state]}", item.text]
    kids = counts.children_of_item(item)
    if kids.total:
        out.append(f"sub-items: {progress_text(kids)}")
    if item.depends:
        known = by_id(doc)
        deps = [f"{d} ({NAMES[known[d].state]})" if d in known else d for d in item.depends]
        out.append("depends on " + ", ".join(deps))
    section = doc.sections[item.section]
    out.append(f"in *{section.label or doc.title}*: {progress_text(counts.of(section.index))}")
    return "\n\n".join(out)


def _section(analysis: Analysis, section: Section) -> str:
    progress = analysis.counts.of(section.index)
    if not progress.total:
        return f"**{section.label}** — no items"
    state = analysis.counts.section_state(section.index)
    head = f"**{section.label}** — {progress_text(progress)}"
    head += f", {NAMES[state]}" if state is not None else ""
    parts = [f"{progress.done} done", f"{progress.in_progress} in progress",
             f"{progress.blocked} blocked", f"{progress.open} open"]  # fmt: skip
    if progress.cancelled:
        parts.append(f"{progress.cancelled} cancelled")
    points = analysis.counts.points(section.index)
    tail = f"\n\npoints: {points[0]:g}/{points[1]:g}" if points else ""
    return f"{head}\n\n{' · '.join(parts)}{tail}"


def complete(analysis: Analysis, line: int, character: int) -> types.CompletionList | None:
    doc = analysis.doc
    if doc is None or line >= analysis.lines.line_count:
        return None
    offset = analysis.lines.offset(line, character)
    before = analysis.text[analysis.lines.starts[line] : offset]
    match = _AFTER.search(before)
    if match is None:
        return None
    word = match.group("word")
    start = analysis.lines.position(offset - len(word))
    where = types.Range(types.Position(*start), types.Position(line, character))
    own = {item.id for item in doc.items if item.line == line} | {
        item.task_id for item in doc.items if item.line == line
    }
    offers = []
    for name, item in sorted(by_id(doc).items(), key=lambda pair: pair[1].number):
        if name in own or not name.lower().startswith(word.lower()):
            continue
        section = doc.sections[item.section].label or doc.title
        offers.append(types.CompletionItem(
            label=name, kind=types.CompletionItemKind.Reference,
            detail=f"{NAMES[item.state]} — {section}", documentation=item.text,
            text_edit=types.TextEdit(where, name), sort_text=f"{item.number:06d}",
        ))  # fmt: skip
    return types.CompletionList(is_incomplete=False, items=offers)
