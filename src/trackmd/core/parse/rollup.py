"""Sections' states rolled up from their items, and sections that are items themselves."""

from __future__ import annotations

from trackmd.core import patterns
from trackmd.core.model import (
    Field,
    ItemKind,
    Section,
    Span,
    State,
    StatusText,
)
from trackmd.core.parse.blocks import _Blocks
from trackmd.core.parse.context import _RawItem
from trackmd.core.parse.syntax import _BOLD_SPAN_FIELD, _FIELD, _ID_ANY, STATUS_KEYS


class _Rollup(_Blocks):
    """Sections' states rolled up from their items, and sections that are items themselves."""

    def _section_status_fields(self) -> dict[int, Field]:
        """Each section's own `Status` field (the first not inside a list item)."""
        found: dict[int, Field] = {}
        for fld in self.fields:
            if fld.key in STATUS_KEYS and fld.owner_list_item is None:
                found.setdefault(fld.section, fld)
        return found

    def _sections_holding_items(self, sections: list[Section]) -> set[int]:
        """Every section that holds an item, directly or in a subsection."""
        held: set[int] = set()
        for item in self.raw_items:
            s: int | None = item.section
            while s is not None and s not in held:
                held.add(s)
                s = sections[s].parent
        return held

    def _rolled_up_states(self, markers: dict[int, StatusText]) -> dict[int, State]:
        """What each heading's marker will say after a sync: for a heading with items known
        so far (checkbox, emoji, list), their roll-up, counting the status sections below it
        that are sure to be items (`_status_sections`: a heading without items, with a
        `Status` field or a marker with a word). A heading without items is absent: it is a
        status section itself, whose marker is its own state and never rewritten."""
        from bisect import bisect_left
        from itertools import accumulate

        ends = [len(self.lines)] * len(self.headings)
        open_headings: list[int] = []  # a stack: each heading ends at the next one not deeper
        for index, heading in enumerate(self.headings):
            while open_headings and self.headings[open_headings[-1]].level >= heading.level:
                ends[open_headings.pop()] = heading.line
            open_headings.append(index)
        later = self._later_views()
        counted = [
            r
            for r in self.raw_items
            if (r.parent_key is None or self.settings.count == "all") and r.key not in later
        ]
        entries = [(r.line, r.state) for r in counted]
        item_lines = sorted(r.line for r in self.raw_items)
        status_field = self._section_status_fields()
        ids = {r.id for r in self.raw_items if r.id is not None}
        has_items: set[int] = set()
        for index, heading in enumerate(self.headings, start=1):
            if bisect_left(item_lines, heading.line) < bisect_left(item_lines, ends[index - 1]):
                has_items.add(index)
                continue  # not a status section
            explicit = _ID_ANY.search(heading.text)
            if index in self.not_work_sections or (explicit and explicit.group(1) in ids):
                continue
            if self._header_section(index, item_lines[0] if item_lines else len(self.lines)):
                continue
            status = status_field.get(index)
            if status is not None:
                entries.append((heading.line, self.vocab.read(status.value).state or State.OPEN))
            elif index in markers:
                entries.append((heading.line, markers[index].state or State.OPEN))
        self._with_items = has_items
        lines = sorted(entries)
        keys = [line for line, _ in lines]
        # running counts over the entries in line order: any heading's range is a difference
        kept = [0, *accumulate(state is not State.CANCELLED for _, state in lines)]
        done = [0, *accumulate(state is State.DONE for _, state in lines)]
        begun = [0, *accumulate(state is State.IN_PROGRESS for _, state in lines)]
        states: dict[int, State] = {}
        for index, heading in enumerate(self.headings, start=1):
            if index not in has_items:
                continue
            lo = bisect_left(keys, heading.line)
            hi = bisect_left(keys, ends[index - 1])
            counted_here = kept[hi] - kept[lo]  # its entries, the cancelled left out
            if not counted_here:
                continue
            if done[hi] - done[lo] == counted_here:
                states[index] = State.DONE
            elif done[hi] - done[lo] or begun[hi] - begun[lo]:
                states[index] = State.IN_PROGRESS
            else:
                states[index] = State.OPEN
        return states

    def _one_view(self) -> None:
        """The same work in two views counts once: a `- M2: … [IN PROGRESS]` tag list beside
        a status table whose rows name the same `M2` keeps the table's rows."""
        named = {t for r in self.raw_items if r.kind is ItemKind.ROW if (t := _lead(r.text))}
        if not named:
            return
        self.raw_items[:] = [
            r for r in self.raw_items
            if not (r.kind is ItemKind.LIST_STATUS and r.key[1] == 3 and _lead(r.text) in named)
        ]  # fmt: skip

    def _status_sections(self, sections: list[Section]) -> None:
        has_items = self._sections_holding_items(sections)
        status_field = self._section_status_fields()
        kept = self._hand_kept(sections, status_field, has_items)
        first_item = min((item.line for item in self.raw_items), default=len(self.lines))
        ids = {item.id for item in self.raw_items if item.id is not None}
        for section in sections[1:]:
            if section.index in has_items and section.index not in kept:
                continue
            if section.index in self.not_work_sections:
                continue
            if section.explicit_id is not None and section.explicit_id in ids:
                continue  # another view of an item listed elsewhere
            if self._header_section(section.index, first_item):
                continue
            status = status_field.get(section.index)
            if status is not None:
                st = self.status_at(status.value_span, status.value)
                line = status.line
            elif section.marker is not None:
                st = section.marker
                line = section.line
            elif section.index in self.unmarked:
                end = section.heading_span.end  # an unmarked story among marked ones: open
                st = StatusText(Span(end, end), "", State.OPEN, "", "")
                line = section.line
            else:
                continue
            state = self._state_or_open(st, line, st.span)
            item = _RawItem((section.line, -1), ItemKind.SECTION, section.label, state,
                            section.line, section.index, st.span, status=st,
                            points=section.points)  # fmt: skip
            item.id = section.explicit_id
            self.raw_items.append(item)
            if section.index in kept:
                self._adopt(sections, section, item.key)

    def _hand_kept(
        self, sections: list[Section], status_field: dict[int, Field], has_items: set[int]
    ) -> set[int]:
        """Sections whose own `Status` is kept by hand over their checklists: work items
        written `**Status: ✅ COMPLETED** (2026-01-05)`, key and value in one bold span (agent
        protocols: claim, complete, release by hand), over `**Tasks**` left unticked. A roll-up
        reading would rewrite the author's state; their items become their sub-items. Only
        over a section's own items: over subsections' items the Status is a roll-up."""
        kept: set[int] = set()
        for index in has_items:
            fld = status_field.get(index)
            line = self.lines[fld.line] if fld is not None else ""
            if fld is None or _FIELD.match(line) or not _BOLD_SPAN_FIELD.match(line):
                continue
            if any(c in has_items for c in sections[index].children):
                continue
            kept.add(index)
        return kept

    def _adopt(self, sections: list[Section], section: Section, key: tuple[int, int]) -> None:
        """The top-level items of a hand-kept section become its sub-items."""
        for item in self.raw_items:
            if item.section == section.index and item.parent_key is None and item.key != key:
                item.parent_key = key


_LEAD = patterns.compile(r"^([A-Z]{1,4}[0-9]+(?:\.[0-9]+)*)(?![\w.])")


def _lead(text: str) -> str | None:
    """A short name first in an item's text (`M2: …`, `M2 Context`), or None."""
    match = _LEAD.match(text)
    return match.group(1) if match else None
