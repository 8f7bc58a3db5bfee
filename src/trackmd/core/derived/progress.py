"""D1: `**Progress**: 4/6 complete (67%)` fields, of their section or of the whole document,
and status-count lines (`In Progress: 0 (0%)`, `_tallies`)."""

from __future__ import annotations

from trackmd.core.derive import Counts, Derived, Wording
from trackmd.core.derived import _tallies
from trackmd.core.derived._forms import put_fraction, put_percent
from trackmd.core.lexicon import OVERALL_LABELS, PROGRESS_KEYS
from trackmd.core.model import Document


def values(doc: Document, counts: Counts, wording: Wording) -> list[Derived]:
    out: list[Derived] = []
    first_h2 = next((s.line for s in doc.sections if s.level == 2), None)
    for fld in doc.fields:
        if fld.key not in PROGRESS_KEYS or fld.owner_list_item is not None:
            continue
        # `Overall Progress`, `Genel İlerleme`, `Tiến độ tổng thể`: the whole document's
        whole = fld.key in OVERALL_LABELS or first_h2 is None or fld.line < first_h2
        progress = counts.document if whole else counts.of(fld.section)
        if progress.percent is None:
            continue
        new = put_fraction(fld.value, progress.done, progress.total)
        new = put_percent(new, progress.done, progress.total)
        label = "document" if whole else doc.sections[fld.section].label
        out.append(Derived(fld.value_span, new, "progress", f"{label} {fld.key_text.strip()}"))
    return out + _tallies.values(doc, counts, wording)
