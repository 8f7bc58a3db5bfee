"""SPEC §4's info for bar labels and roll-up rows that resolve to nothing."""

from __future__ import annotations

from trackmd.core.derive import Counts, shown
from trackmd.core.derived.bars import bar_targets
from trackmd.core.model import Diagnostic, Document, Severity


def unresolved_labels(doc: Document, counts: Counts) -> list[Diagnostic]:
    """Info for bars whose label names nothing, and for the rows that keep a table that is
    mostly a roll-up from being one (SPEC §4: "unresolvable table row or bar label")."""
    from trackmd.core.parse import TOTAL_LABELS, SectionIndex, field_key

    found: list[Diagnostic] = []
    for bar in bar_targets(doc, counts)[1]:
        label = bar.label.strip()
        if not any(c.isalpha() for c in label):
            continue  # a chart's axis (`12 ████`), not a name
        message = f"bar '{shown(label)}' names no item or section; left as written"
        found.append(Diagnostic(bar.line + 1, 1, Severity.INFO, "unresolved-label", message))
    index = SectionIndex(doc.sections)
    for table in doc.tables:
        rows = [r for r in table.rows if r.cells and field_key(r.cells[0].text) not in TOTAL_LABELS]
        if not rows or index.is_rollup(table):
            continue
        missing = [r for r in rows if index.resolve(r.cells[0].text) in (None, table.section)]
        if not missing or len(missing) > len(rows) - len(missing):
            continue  # mostly rows of their own (a status table), not a roll-up with a gap
        for row in missing:
            message = (
                f"row '{shown(row.cells[0].text)}' names no section, so this table is not "
                "a roll-up and nothing in it is derived"
            )
            found.append(Diagnostic(row.line + 1, 1, Severity.INFO, "unresolved-label", message))
    return found
