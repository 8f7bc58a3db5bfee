"""Kanban lanes: a board's cards take their state from the lane they sit in.

A board is a file whose front matter says `kanban-plugin:` (Obsidian Kanban), or whose
second-level headings name states (`## To Do`, `## In Progress`, `## Done`, `## Erledigt`):
at least two such lanes saying two different states. A lane that names a state gives it to
its cards: unticked checkbox cards (`[ ]`; a tick or another marker is the card's own),
heading cards below it (`### Card` with no status and no items of its own), and the rows of
its tables that have no status column. `## Archive` holds archived cards, which are done.
A `- [ ] # Heading` card is a sub-header of its lane, not a card. Other lanes (`## Bills`)
give nothing: their cards keep their own states."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from trackmd.core.lexicon import Vocabulary, strip_emoji_edges, strip_markup
from trackmd.core.model import Document, Item, ItemKind, Section, Span, State, StatusText
from trackmd.core.parse.context import _RawItem
from trackmd.core.parse.index import SectionIndex
from trackmd.core.parse.rollup import _Rollup
from trackmd.core.parse.syntax import TOTAL_LABELS, _without_bars, field_key, without_cookie

# Archived cards (Obsidian Kanban's `## Archive` lane) are done ones.
ARCHIVE_WORDS = frozenset(
    {"archive", "archived", "archives", "archiv", "archiviert", "archivé", "archivés",
     "archivado", "archivados", "arquivo", "arquivados", "archivio", "archiviati", "archief"}
)  # fmt: skip

LANE_LEVEL = 2


class _Lanes(_Rollup):
    """Kanban lanes: a board's cards take their state from the lane they sit in."""

    def _lanes(self, sections: list[Section]) -> None:
        lanes = lane_states(sections, self.front_matter, self._lane_state)
        if not lanes:
            return
        lane_of = _lane_of(sections, lanes)
        dropped: set[tuple[int, int]] = set()
        for item in self.raw_items:
            lane = lane_of.get(item.section)
            if lane is None or item.kind is not ItemKind.CHECKBOX:
                continue
            if item.parent_key is None and item.text.startswith("# "):
                dropped.add(item.key)  # `- [ ] # Domains`: a sub-header of its lane
            elif item.marker == " " and item.state is State.OPEN and item.parent_key is None:
                item.state = lanes[lane] or item.state
        if dropped:
            self.raw_items[:] = [
                r for r in self.raw_items if r.key not in dropped and r.parent_key not in dropped
            ]
        self._heading_cards(sections, lanes, lane_of)
        self._row_cards(sections, lanes, lane_of)

    def _lane_state(self, label: str) -> State | None:
        return read_lane(self.vocab, label)

    def _heading_cards(
        self, sections: list[Section], lanes: dict[int, State | None], lane_of: dict[int, int]
    ) -> None:
        with_items = self._sections_holding_items(sections)
        own_status = self._section_status_fields()
        for section in sections[1:]:
            parent = section.parent
            state = lanes.get(parent) if parent is not None else None
            if state is None or section.index in with_items or section.marker is not None:
                continue
            if section.index in own_status:
                continue  # a status section: its own state
            end = section.heading_span.end
            status = StatusText(Span(end, end), "", state, "", "")
            item = _RawItem((section.line, -1), ItemKind.SECTION, section.label, state,
                            section.line, section.index, status.span, status=status,
                            points=section.points)  # fmt: skip
            item.id = section.explicit_id
            self.raw_items.append(item)

    def _row_cards(
        self, sections: list[Section], lanes: dict[int, State | None], lane_of: dict[int, int]
    ) -> None:
        index = SectionIndex(sections)
        for table in self.tables:
            lane = lane_of.get(table.section)
            state = lanes.get(lane) if lane is not None else None
            if state is None or table.status_column is not None or index.is_rollup(table):
                continue
            for row in table.rows:
                if not row.cells or not row.cells[0].text:
                    continue
                first = row.cells[0]
                if field_key(first.text) in TOTAL_LABELS:
                    continue
                span = Span(first.span.start, first.span.start)
                status = StatusText(span, "", state, "", "")
                item = _RawItem((row.line, first.span.start), ItemKind.ROW,
                                strip_markup(first.text), state, row.line, table.section, span,
                                status=status)  # fmt: skip
                self._metadata(item, strip_markup(first.text), row.line, 0)
                self.raw_items.append(item)


def read_lane(vocab: Vocabulary, label: str) -> State | None:
    """The state a lane's label names (`Done`, `In Arbeit`, `Archive`), or None."""
    text = strip_emoji_edges(_without_bars(without_cookie(label))).strip(" :-–—")
    text = text.split("(", 1)[0].strip() if text.endswith(")") else text
    if text.lower() in ARCHIVE_WORDS:
        return State.DONE
    found = vocab.word_at(text)
    if found is None or found[1] < len(text):
        return None
    return found[0]


def lane_states(
    sections: list[Section] | tuple[Section, ...],
    front_matter: dict[str, object],
    read: Callable[[str], State | None],
) -> dict[int, State | None]:
    """The lanes of a board, each with the state it gives its cards (None: its cards keep
    their own); empty when the file is no board. `read` reads a lane's label."""
    lanes = [s for s in sections[1:] if s.level == LANE_LEVEL]
    states: dict[int, State | None] = {s.index: read(s.label) for s in lanes}
    board = "kanban-plugin" in front_matter
    named = {state for state in states.values() if state is not None}
    if not board and (len(named) < 2 or sum(1 for s in states.values() if s) < 2):
        return {}
    return states


def _lane_of(sections: list[Section], lanes: dict[int, State | None]) -> dict[int, int]:
    """Each section inside a lane (the lane too) → that lane."""
    out: dict[int, int] = {}
    for section in sections:
        s: int | None = section.index
        while s is not None and s not in lanes:
            s = sections[s].parent
        if s is not None:
            out[section.index] = s
    return out


def fixed_state(doc: Document, item: Item, target: State) -> str | None:
    """Why `item` cannot be set to `target` by rewriting its own text (a card whose state
    is its lane's, a struck checkbox), or None. The caller refuses with this reason."""
    if item.state is target:
        return None
    name = f"#{item.number} {item.text[:60]!r}"
    s: int | None = item.section
    while s is not None and doc.sections[s].level > LANE_LEVEL:
        s = doc.sections[s].parent
    lane = doc.sections[s].label if s is not None else ""
    vocab = Vocabulary(dict(doc.settings.statuses))
    states = lane_states(doc.sections, doc.front_matter, partial(read_lane, vocab))
    in_lane = s is not None and states.get(s) is not None
    moved = f"{name} takes its state from its lane {lane!r}: move the card to another lane"
    if item.kind is not ItemKind.CHECKBOX and item.status is not None and not item.status.text:
        return moved if in_lane else None
    if item.kind is not ItemKind.CHECKBOX or target is not State.OPEN:
        return None
    text = item.text
    if text.startswith("~~") and (
        "~~" not in text[2:] or (text.endswith("~~") and text.count("~~") == 2)
    ):
        return f"{name} is struck through (cancelled): remove the `~~` to reopen it"
    if s is not None and in_lane and states.get(s) is not State.OPEN and item.parent is None:
        return moved
    return None


def lane_bound(doc: Document) -> set[int]:
    """Lines of the top-level checkbox cards in lanes that name a state: unticking one
    gives it its lane's state, not open (the history's fast path parses them again)."""
    vocab = Vocabulary(dict(doc.settings.statuses))
    states = lane_states(doc.sections, doc.front_matter, partial(read_lane, vocab))
    if not states:
        return set()
    lane_of = _lane_of(list(doc.sections), states)
    return {
        item.line for item in doc.items
        if item.kind is ItemKind.CHECKBOX and item.parent is None
        and states.get(lane_of.get(item.section, -1)) is not None
    }  # fmt: skip
