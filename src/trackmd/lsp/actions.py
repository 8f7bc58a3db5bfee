"""Code actions: "Update derived values" (sync), a quick fix per stale value, and "Mark …"
on an item line. Each is a planned, verified edit; computed when offered, or when resolved
where the client resolves actions (an editor asks for actions at every cursor move)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

from trackmd.core.model import State
from trackmd.lsp import edits

if TYPE_CHECKING:
    from trackmd.core.model import Item, Plan
    from trackmd.lsp.documents import Analysis

UPDATE = "Update derived values"
MARKS = (
    (State.DONE, "Mark done"),
    (State.IN_PROGRESS, "Mark in progress"),
    (State.BLOCKED, "Mark blocked"),
    (State.OPEN, "Mark open"),
)
STATE_KIND = "refactor.rewrite.trackmd"


class Client:
    """What the client can take: lazy edits (resolve), versioned document changes."""

    def __init__(self, resolves: bool, versioned: bool) -> None:
        self.resolves = resolves
        self.versioned = versioned


def offered(
    analysis: Analysis, params: types.CodeActionParams, client: Client
) -> list[types.CodeAction]:
    doc = analysis.doc
    if doc is None:
        return []
    wanted: list[tuple[str, str, dict[str, Any]]] = []  # title, kind, what to plan
    if analysis.stale:
        wanted.append((UPDATE, types.CodeActionKind.SourceFixAll, {"plan": "sync"}))
    first, last = params.range.start.line, params.range.end.line
    for diag in params.context.diagnostics:
        if diag.range.end.line < first or diag.range.start.line > last:
            continue  # an editor sends those under the cursor; some send all
        data = diag.data if isinstance(diag.data, dict) else None
        if diag.source == "trackmd" and diag.code == "out-of-date" and data:
            title = f"Update {diag.message}"
            wanted.append((title, types.CodeActionKind.QuickFix, {"plan": "fix", **data}))
    for item in doc.items:
        if first <= item.line <= last:
            for target, title in MARKS:
                if item.state is not target:
                    data = {"plan": "state", "item": item.number, "target": target.value}
                    wanted.append((_titled(title, item, doc.items), STATE_KIND, data))
    only = params.context.only
    actions = []
    for title, kind, data in wanted:
        if only and not any(kind == o or kind.startswith(f"{o}.") for o in only):
            continue
        action = types.CodeAction(title=title, kind=kind)
        action.data = {**data, "uri": analysis.uri, "version": analysis.version}
        if data["plan"] == "fix":
            action.diagnostics = [
                d for d in params.context.diagnostics
                if isinstance(d.data, dict) and d.data.get("start") == data["start"]
            ]  # fmt: skip
        if not client.resolves:
            action = resolved(analysis, action, client)
            if action.edit is None:
                continue  # refused: an editor without resolve shows no disabled actions
        actions.append(action)
    return actions


def _titled(title: str, item: Item, items: tuple[Item, ...]) -> str:
    """`Mark done`, naming the item when the line holds more than one (a table row)."""
    if sum(1 for other in items if other.line == item.line) < 2:
        return title
    return f"{title}: {item.id or '#' + str(item.number)}"


def resolved(analysis: Analysis, action: types.CodeAction, client: Client) -> types.CodeAction:
    """The action with its workspace edit; without one (and why, in `disabled`) when the
    document moved on or the plan was refused (the safety check, a fixed state)."""
    from trackmd.core.errors import TrackmdError

    data = action.data if isinstance(action.data, dict) else {}
    if data.get("version") != analysis.version or analysis.doc is None:
        action.disabled = types.CodeActionDisabled("the document changed; ask again")
        return action
    try:
        result = _plan(analysis, data)
    except TrackmdError as error:
        action.disabled = types.CodeActionDisabled(error.message)
        return action
    if result is None or not result.changed:
        action.disabled = types.CodeActionDisabled("nothing to change")
        return action
    text_edits = edits.text_edits(analysis, result)
    action.edit = edits.workspace_edit(analysis, text_edits, client.versioned)
    return action


def _plan(analysis: Analysis, data: dict[str, Any]) -> Plan | None:
    from trackmd.core.model import Edit, Span

    doc = analysis.doc
    assert doc is not None
    kind = data.get("plan")
    if kind == "sync":
        return edits.sync_plan(doc)
    if kind == "fix":
        span = Span(int(data["start"]), int(data["end"]))
        stale = next((e for e in analysis.stale if e.span == span), None)
        if stale is None or stale.text != data.get("text"):
            return None
        return edits.fix_plan(doc, Edit(span, stale.text, stale.what, stale.kind))
    if kind == "state":
        number = int(data["item"])
        if not 1 <= number <= len(doc.items):
            return None
        return edits.state_plan(doc, doc.items[number - 1], State(data["target"]))
    return None
