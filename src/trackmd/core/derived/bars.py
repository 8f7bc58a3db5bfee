"""D4: progress bars (`████░░ 67%`), of an item, a section, their block or the document."""

from __future__ import annotations

from trackmd.core import patterns
from trackmd.core.derive import Counts, Derived, Progress, Wording, of_item, ratio_half_up
from trackmd.core.derived._forms import percent_like
from trackmd.core.model import Bar, Document, Item, Span, State


def values(doc: Document, counts: Counts, wording: Wording) -> list[Derived]:
    targets, _unresolved = bar_targets(doc, counts)
    return _bars_of(doc, counts, wording, targets)


BarTarget = tuple[Bar, "Progress | None", "Item | None", "int | None"]


def bar_targets(doc: Document, counts: Counts) -> tuple[list[BarTarget], list[Bar]]:
    """What each bar's label resolves to; the bars whose label resolves to nothing."""
    from trackmd.core.parse import OVERALL_LABELS, SectionIndex, normalize_label, without_cookie

    index = SectionIndex(doc.sections)
    by_id: dict[str, Item] = {}
    by_text: dict[str, Item] = {}
    parents = {item.parent for item in doc.items if item.parent is not None}
    for candidate in doc.items:
        if candidate.id:
            by_id.setdefault(candidate.id.lower(), candidate)
        text = candidate.text
        if candidate.cookie is not None and candidate.number in parents:
            text = without_cookie(text)  # a derived cookie: rewriting it must not change matches
        by_text.setdefault(normalize_label(text), candidate)
    targets: list[BarTarget] = []
    unresolved: list[Bar] = []
    for bar in doc.bars:
        label = bar.label
        lowered = label.lower().strip(" :")
        if lowered in OVERALL_LABELS or normalize_label(label) in OVERALL_LABELS:
            targets.append((bar, None, None, None))
            continue
        from trackmd.core.parse import _ID_START

        explicit = _ID_START.match(label)
        found = by_id.get(explicit.group(1).lower()) if explicit else None
        if found is None and explicit is None and label:
            found = by_text.get(normalize_label(label)) or by_text.get(
                normalize_label(without_cookie(label))
            )
        if found is not None and found.kind.value != "section":
            written = _own_percent(doc, bar) if found.line == bar.line else None
            progress = of_item(found) if written is None else Progress(written, 0, 100 - written)
            targets.append((bar, progress, found, None))
            continue
        section = index.resolve(label) if label else None
        if section is None and found is not None:
            section = found.section
        if section is not None:
            targets.append((bar, counts.of(section), None, section))
        else:
            unresolved.append(bar)
    return targets, unresolved


_PERCENT_CELL = patterns.compile(r"(\d{1,3})(?:[.,]\d+)?\s?%")
_DECIMAL = patterns.compile(r"\d+[.,]\d+")


def _own_percent(doc: Document, bar: Bar) -> int | None:
    """The percent a status row writes in a cell of its own beside its bar
    (`| M2 | 🟡 In Progress | 45% | ████░░ |`): the author's estimate, which the bar
    draws (an in-progress row is 0/1 by its state alone, and would wipe the bar)."""
    for table in doc.tables:
        for row in table.rows:
            if row.line != bar.line:
                continue
            found = [
                int(m.group(1))
                for cell in row.cells
                if not (cell.span.start <= bar.glyph_span.start < cell.span.end)
                and (m := _PERCENT_CELL.fullmatch(cell.text.strip())) is not None
            ]
            return found[0] if len(found) == 1 and found[0] <= 100 else None
    return None


def _bars_of(
    doc: Document, counts: Counts, wording: Wording, targets: list[BarTarget]
) -> list[Derived]:
    out: list[Derived] = []
    blocks: dict[int, Progress] = {}
    resolved_in_block: dict[int, int] = {}
    for bar, progress, item_of, _section in targets:
        if progress is not None:
            part = of_item(item_of) if item_of is not None else progress  # not a row's estimate
            blocks[bar.block] = blocks.get(bar.block, Progress()) + part
            resolved_in_block[bar.block] = resolved_in_block.get(bar.block, 0) + 1
    for bar, own, item, section in targets:
        progress = own
        if progress is None:
            progress = blocks.get(bar.block, counts.document)
        percent = progress.percent
        if percent is None:
            continue
        state = (
            item.state
            if item is not None
            else (counts.section_state(section) if section is not None else progress.state)
        )
        what = (
            item.id or item.text[:30]
            if item is not None
            else (doc.sections[section].label if section is not None else bar.label or "Overall")
        )
        estimate = item is not None and item.line == bar.line and _own_percent(doc, bar) is not None
        out.extend(_bar_values(doc, bar, percent, state, wording, what, progress, drawn=estimate))
    return out


def _bar_values(
    doc: Document,
    bar: Bar,
    percent: int,
    state: State | None,
    wording: Wording,
    what: str,
    progress: Progress | None = None,
    *,
    drawn: bool = False,
) -> list[Derived]:
    """`drawn`: the bar draws the author's own estimate by hand (a row's percent cell), so
    within a glyph and a half of it it is right as drawn (`45%` as 16 of 33 glyphs)."""
    out: list[Derived] = []
    width = bar.glyph_span.end - bar.glyph_span.start
    filled = ratio_half_up(width * percent, 100)
    glyphs = bar.fill * filled + bar.empty * (width - filled)
    if drawn:
        old = doc.text[bar.glyph_span.start : bar.glyph_span.end]
        now = old.count(bar.fill)
        if now + old.count(bar.empty) == width and abs(now * 100 - width * percent) <= 150:
            glyphs = old
    out.append(Derived(bar.glyph_span, glyphs, "bar", f"{what} bar"))
    if bar.percent_span is not None:
        text = doc.text
        pct = bar.percent_span
        old_pct = text[pct.start : pct.end]
        shown = str(percent)
        decimals = _DECIMAL.match(old_pct)
        if decimals and progress is not None and progress.total:  # `75.6%` keeps its decimal
            shown = percent_like(decimals.group(), progress.done, progress.total)
        new_pct = f"{shown}{' ' if ' ' in old_pct else ''}%"
        gap = pct.start
        while gap > bar.glyph_span.end and text[gap - 1] in " \t":
            gap -= 1
        if pct.start - gap >= 2:
            # right-aligned (`░░░   0%`): keep one space, pad on the left within the old width
            span = Span(gap + 1, pct.end)
            new_field = new_pct.rjust(span.end - span.start)
        elif bar.emoji_span is not None:
            # left-aligned before an emoji (`0%   ⏳`): pad on the right, keeping at least one
            # space where there was one (`0%⏳` stays unspaced, as a right-aligned rewrite is)
            span = Span(pct.start, bar.percent_field_end)
            new_field = new_pct.ljust(span.end - span.start)
            if len(new_field) == len(new_pct) and text[span.end - 1 : span.end] in (" ", "\t"):
                new_field = new_pct + " "
        else:
            span, new_field = pct, new_pct
        out.append(Derived(span, new_field, "bar", f"{what} percent"))
    if bar.emoji_span is not None and state is not None:
        old_emoji = doc.text[bar.emoji_span.start : bar.emoji_span.end]
        if wording.vocab.emoji_state(old_emoji) is not None:
            out.append(
                Derived(
                    bar.emoji_span,
                    wording.emoji(state, old_emoji, alone=True),
                    "bar",
                    f"{what} emoji",
                )
            )
    return out
