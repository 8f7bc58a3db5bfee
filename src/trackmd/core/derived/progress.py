"""D1: `**Progress**: 4/6 complete (67%)` fields, of their section or of the whole document,
and status-count lines (`In Progress: 0 (0%)`, `_tallies`)."""

from __future__ import annotations

from trackmd.core.derive import Counts, Derived, Wording
from trackmd.core.derived import _groups, _tallies
from trackmd.core.derived._forms import any_fraction, put_fraction, put_percent
from trackmd.core.lexicon import OVERALL_LABELS, PROGRESS_KEYS
from trackmd.core.model import Document, Span


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
    out += _headings(doc, counts) + _groups.values(doc, counts)
    return out + _tallies.values(doc, counts, wording)


def _headings(doc: Document, counts: Counts) -> list[Derived]:
    """`## Tiến độ Tổng thể: 75.6% (34/45)`, `### Genel İlerleme: %85`: a heading that is a
    progress field. Its own section's, or the document's for an overall key, a first-level
    heading, or a headline holding no work above all the work (`## DURUM: %85`). A count
    in it that is not of the same total (`34/45 files` in a file of 30 items) is about
    something else: the heading is left as it is."""
    from trackmd.core.parse.syntax import field_key, heading_progress

    out: list[Derived] = []
    first_item = min((item.line for item in doc.items), default=None)
    for section in doc.sections[1:]:
        found = heading_progress(section.heading_text)
        if found is None:
            continue
        key_end, start, end = found
        key = field_key(section.heading_text[:key_end])
        whole = key in OVERALL_LABELS or section.level == 1
        if not whole and not counts.of(section.index).total:
            whole = first_item is not None and section.line < first_item  # `## DURUM: %85`
        progress = counts.document if whole else counts.of(section.index)
        if not progress.total:
            continue
        value = section.heading_text[start:end]
        fraction = any_fraction(value)
        if fraction and int(fraction.group(2)) != progress.total:
            continue
        new = put_percent(put_fraction(value, progress.done, progress.total), progress.done,
                          progress.total)  # fmt: skip
        span = Span(section.heading_span.start + start, section.heading_span.start + end)
        cookie = section.cookie
        if cookie is not None and cookie.span.start < span.end and span.start < cookie.span.end:
            continue  # `Progress: 1/[/]2`: the heading's cookie says it, the value is no count
        label = "document" if whole else section.label
        out.append(Derived(span, new, "progress", f"{label} heading progress"))
    return out
