"""`trackmd check`'s diagnostics as LSP diagnostics: the same checks, with exact ranges."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

if TYPE_CHECKING:
    from trackmd.core.model import Diagnostic, Edit
    from trackmd.lsp.documents import Analysis

SOURCE = "trackmd"
STALE = "out-of-date"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def span_range(analysis: Analysis, start: int, end: int) -> types.Range:
    a, b = analysis.lines.position(start), analysis.lines.position(end)
    return types.Range(types.Position(*a), types.Position(*b))


def line_range(analysis: Analysis, line: int, column: int = 0) -> types.Range:
    """From a 0-based line and character offset to the end of that line."""
    lines = analysis.lines
    line = min(max(line, 0), lines.line_count - 1)
    start = min(lines.starts[line] + max(column, 0), lines.ends[line])
    return span_range(analysis, start, lines.ends[line])


def stale_diagnostic(analysis: Analysis, edit: Edit) -> types.Diagnostic:
    from trackmd.app.api import stale_message

    assert analysis.doc is not None
    return types.Diagnostic(
        range=span_range(analysis, edit.span.start, edit.span.end),
        message=stale_message(analysis.doc, edit),
        severity=types.DiagnosticSeverity.Error,
        code=STALE,
        source=SOURCE,
        data={"start": edit.span.start, "end": edit.span.end, "text": edit.text},
    )


def _converted(analysis: Analysis, diag: Diagnostic) -> types.Diagnostic:
    return types.Diagnostic(
        range=line_range(analysis, diag.line - 1, diag.column - 1),
        message=diag.message,
        severity=SEVERITY.get(diag.severity.value, types.DiagnosticSeverity.Information),
        code=diag.code,
        source=SOURCE,
    )


def diagnose(analysis: Analysis) -> list[types.Diagnostic]:
    """Everything `trackmd check` says of the document; nothing for a non-tracker."""
    from trackmd.app.api import diagnostics

    doc = analysis.doc
    out = [_converted(analysis, d) for d in analysis.problems]
    if doc is None:
        return out
    out += [stale_diagnostic(analysis, edit) for edit in analysis.stale]
    found = diagnostics(doc, [], analysis.counts)
    out += [_converted(analysis, d) for d in found if d.code != "config"]
    out.sort(key=lambda d: (d.range.start.line, d.range.start.character))
    return out
