"""Document symbols (the section tree, progress in each name) and inlay hints (a section's
`done/total` at the end of its heading line)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from trackmd.lsp.lookup import progress_text

if TYPE_CHECKING:
    from trackmd.core.model import Section
    from trackmd.lsp.documents import Analysis


def _last_lines(analysis: Analysis) -> dict[int, int]:
    """Each section's last line: before the next heading of its level or higher."""
    doc = analysis.doc
    assert doc is not None
    last = analysis.lines.line_count - 1
    ends: dict[int, int] = {}
    open_sections: list[Section] = []
    for section in doc.sections[1:]:
        while open_sections and open_sections[-1].level >= section.level:
            ends[open_sections.pop().index] = max(section.line - 1, 0)
        open_sections.append(section)
    for section in open_sections:
        ends[section.index] = last
    return ends


def symbols(analysis: Analysis) -> list[types.DocumentSymbol]:
    doc = analysis.doc
    if doc is None:
        return []
    ends = _last_lines(analysis)
    lines = analysis.lines
    made: dict[int, types.DocumentSymbol] = {}
    children: dict[int, list[types.DocumentSymbol]] = {}
    top: list[types.DocumentSymbol] = []
    for section in doc.sections[1:]:
        progress = analysis.counts.of(section.index)
        name = section.label.strip() or section.heading_text.strip() or "(untitled)"
        if progress.total:
            name = f"{name} — {progress_text(progress)}"
        heading = min(section.line, lines.line_count - 1)
        end = ends[section.index]
        whole = types.Range(
            types.Position(heading, 0), types.Position(*lines.position(lines.ends[end]))
        )
        title = types.Range(
            types.Position(heading, 0), types.Position(*lines.position(lines.ends[heading]))
        )
        own = children.setdefault(section.index, [])
        symbol = types.DocumentSymbol(name=name, kind=types.SymbolKind.Namespace, range=whole,
                                      selection_range=title, children=own)  # fmt: skip
        made[section.index] = symbol
        if section.parent and section.parent in made:
            children[section.parent].append(symbol)
        else:
            top.append(symbol)
    return top


def inlay_hints(analysis: Analysis, first: int, last: int) -> list[types.InlayHint]:
    doc = analysis.doc
    if doc is None:
        return []
    lines = analysis.lines
    hints = []
    for section in doc.sections[1:]:
        if not first <= section.line <= last or section.line >= lines.line_count:
            continue
        progress = analysis.counts.of(section.index)
        if progress.total:
            at = types.Position(*lines.position(lines.ends[section.line]))
            label = f"{progress.done}/{progress.total}"
            hints.append(types.InlayHint(position=at, label=label, padding_left=True))
    return hints
