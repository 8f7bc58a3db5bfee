"""Plans as the editor applies them: the planned `Edit`s, verified as for the CLI, turned into
LSP text edits of one workspace edit. The server never writes the file."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from lsprotocol import types

from trackmd.lsp.positions import LineIndex

if TYPE_CHECKING:
    from trackmd.core.model import Document, Edit, Item, Plan, State
    from trackmd.lsp.documents import Analysis


def today() -> tuple[dt.date, dt.datetime]:
    from trackmd.io.clock import now_on, today_from

    day = today_from(None)  # TRACKMD_TODAY / TRACKMD_NOW pin it, as for the CLI
    return day, now_on(day)


def sync_plan(doc: Document) -> Plan:
    """`trackmd sync`'s plan: every stale value, Last updated, the safety check."""
    from trackmd.core.edit import plan

    day, now = today()
    return plan(doc, day, now=now)


def fix_plan(doc: Document, edit: Edit) -> Plan:
    """One stale value (and Last updated), through the CLI's safety check for a partial
    plan: the same structure after, and the planned value right after."""
    from trackmd.core.align import in_cells
    from trackmd.core.derive import derived_values
    from trackmd.core.edit import apply, exact, last_updated, verify
    from trackmd.core.model import Plan
    from trackmd.core.parse import MARKDOWN_IT, parse

    doc = exact(doc)  # an edit is planned on markdown-it-py's reading
    day, now = today()
    stamps = [s for s in last_updated(doc, day, now) if s.span != edit.span]
    edits = in_cells(doc.text, [edit, *stamps])  # aligned tables stay aligned
    text = apply(doc.text, edits)
    after = parse(text, doc.path, doc.settings, blocks=MARKDOWN_IT)
    values = derived_values(doc)
    planned = {i for i, value in enumerate(values) if value.span == edit.span}
    index = LineIndex(doc.text)
    stamped = frozenset(index.position(s.span.start)[0] for s in stamps)
    verify(doc, after, checked=(values, planned), stamped=stamped)
    return Plan(doc, after, text, tuple(edits))


def state_plan(doc: Document, item: Item, target: State) -> Plan:
    """`trackmd done/start/block/undo` on one item: its state, the roll-ups it moves."""
    from trackmd.app.change import plan_change

    day, _ = today()
    result, _items = plan_change(doc, [item], target, day)
    return result


def text_edits(analysis: Analysis, result: Plan) -> list[types.TextEdit]:
    """The plan's own edits when they apply to the editor's text as they are (sync, a fix);
    a plan in two passes (a state, then what it moves) as the lines it changes."""
    from trackmd.core.edit import apply
    from trackmd.core.errors import Refused

    before = result.before.text
    edits: list[tuple[int, int, str]] = []
    try:
        if apply(before, list(result.edits)) == result.text:
            edits = [(e.span.start, e.span.end, e.text) for e in result.edits]
    except Refused:
        edits = []
    if not edits:
        edits = _difference(before, result.text)
    lines = analysis.lines
    out = []
    for start, end, text in sorted(edits):
        a, b = lines.position(start), lines.position(end)
        out.append(types.TextEdit(types.Range(types.Position(*a), types.Position(*b)), text))
    return out


def _difference(old: str, new: str) -> list[tuple[int, int, str]]:
    """Edits turning `old` into `new`: per changed line when both have as many lines,
    else one edit from the first difference to the last."""
    a, b = LineIndex(old), LineIndex(new)
    if a.line_count != b.line_count:
        return [_trimmed(old, new, 0, len(old), 0, len(new))]
    out = []
    for n in range(a.line_count):
        stop_a = a.starts[n + 1] if n + 1 < a.line_count else len(old)
        stop_b = b.starts[n + 1] if n + 1 < b.line_count else len(new)
        if old[a.starts[n] : stop_a] != new[b.starts[n] : stop_b]:
            out.append(_trimmed(old, new, a.starts[n], stop_a, b.starts[n], stop_b))
    return out


def _trimmed(old: str, new: str, a0: int, a1: int, b0: int, b1: int) -> tuple[int, int, str]:
    while a0 < a1 and b0 < b1 and old[a0] == new[b0]:
        a0, b0 = a0 + 1, b0 + 1
    while a1 > a0 and b1 > b0 and old[a1 - 1] == new[b1 - 1]:
        a1, b1 = a1 - 1, b1 - 1
    return a0, a1, new[b0:b1]


def workspace_edit(
    analysis: Analysis, edits: list[types.TextEdit], versioned: bool
) -> types.WorkspaceEdit:
    """One edit of one document; versioned where the client takes document changes, so an
    editor refuses it once the text has moved on."""
    if versioned:
        document = types.OptionalVersionedTextDocumentIdentifier(analysis.uri, analysis.version)
        change = types.TextDocumentEdit(document, list(edits))
        return types.WorkspaceEdit(document_changes=[change])
    return types.WorkspaceEdit(changes={analysis.uri: list(edits)})
