"""`board`: the items as cards in columns, by state or by the file's own lanes (issue 16).

Columns by state are To do, In progress and Done, with Blocked and Cancelled when an
item is.
A single file that is a kanban board (`core.parse.lanes`: lanes that name states, or
Obsidian Kanban front matter) keeps its own lanes, in file order, with the cards that sit
in each. Cards are top-level items (sub-items belong to their card): the ID or number,
the text, then owner, due date and priority. The columns share the terminal's width;
a column narrower than a card's text clips it with `…`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial

from trackmd.core import patterns
from trackmd.core.model import Document, Item, State
from trackmd.core.record import NamedTuple
from trackmd.ui.render import STATE_STYLE, Segment, clip, width

BY_STATE = (
    ("To do", State.OPEN),
    ("In progress", State.IN_PROGRESS),
    ("Blocked", State.BLOCKED),
    ("Done", State.DONE),
    ("Cancelled", State.CANCELLED),
)
GAP = " │ "
NARROWEST = 10  # a column's cells, below which columns wrap onto another band


class Card(NamedTuple):
    doc: Document
    item: Item


class Column(NamedTuple):
    name: str
    state: State | None  # what the column says of its cards; None: a lane naming no state
    cards: list[Card]


def columns(docs: list[Document], by: str = "auto") -> list[Column]:
    """The board's columns: one file's own lanes (`auto`, `lane`), else the states."""
    if by not in ("auto", "lane", "state"):
        raise ValueError(by)
    if by != "state" and len(docs) == 1:
        lanes = _lanes(docs[0])
        if lanes:
            return lanes
    cards = [Card(doc, item) for doc in docs for item in doc.items if item.parent is None]
    out = [Column(name, state, [c for c in cards if c.item.state is state])
           for name, state in BY_STATE]  # fmt: skip
    return [c for c in out if c.cards or c.state not in (State.BLOCKED, State.CANCELLED)]


def _lanes(doc: Document) -> list[Column]:
    from trackmd.core.lexicon import Vocabulary
    from trackmd.core.parse.lanes import lane_states, read_lane

    vocab = Vocabulary(dict(doc.settings.statuses), doc.colours)
    lanes = lane_states(doc.sections, doc.front_matter, partial(read_lane, vocab))
    if not lanes:
        return []
    lane_of: dict[int, int] = {}
    for section in doc.sections:
        s: int | None = section.index
        while s is not None and s not in lanes:
            s = doc.sections[s].parent
        if s is not None:
            lane_of[section.index] = s
    held: dict[int, list[Card]] = {lane: [] for lane in lanes}
    for item in doc.items:
        lane = lane_of.get(item.section)
        if lane is not None and item.parent is None:
            held[lane].append(Card(doc, item))
    return [Column(doc.sections[lane].label, state, held[lane]) for lane, state in lanes.items()]


def card_lines(card: Card, today: dt.date, multi: bool) -> list[str]:
    """A card's text: its name and text, then what there is of owner, due and priority."""
    item = card.item
    name = item.id or f"#{item.number}"
    text = item.text
    if item.id and text.startswith(item.id):  # `WEB-1 API`: the ID is shown already
        text = text[len(item.id) :].lstrip(" :—-–") or text
    text = _without_facts(text, item)
    facts = []
    if item.owner:
        facts.append(f"@{item.owner.lstrip('@')}")
    if item.due:
        late = item.state not in (State.DONE, State.CANCELLED) and item.due < today.isoformat()
        facts.append(("overdue " if late else "due ") + item.due)
    if item.priority:
        facts.append(item.priority)
    if multi:
        facts.append(card.doc.path.rsplit("/", 1)[-1])
    return [f"{name} {text}", *([" · ".join(facts)] if facts else [])]


# What the card's second line says already: Obsidian Tasks dates and priority signifiers
_SIGNIFIERS = patterns.compile(
    r"[ \t]*(?:[📅🛫⏳➕✅❌]\ufe0f?[ \t]*\d{4}-\d{2}-\d{2}|[🔺⏫🔼🔽⏬]\ufe0f?(?=[ \t]|$))"
)


def _without_facts(text: str, item: Item) -> str:
    """The card's text without the owner, dates and priority shown below it."""
    short = _SIGNIFIERS.sub("", text)
    if item.owner:
        short = re.sub(rf"[ \t]*@{re.escape(item.owner.lstrip('@'))}\b", "", short)
    return short.strip() or text


def board_json(cols: list[Column], today: dt.date) -> dict[str, object]:
    from trackmd.ui.render import SCHEMA, item_json

    return {
        "schema": SCHEMA,
        "today": today.isoformat(),
        "columns": [
            {
                "name": col.name,
                "state": col.state.value if col.state is not None else None,
                "cards": [{"path": c.doc.path, **item_json(c.doc, c.item)} for c in col.cards],
            }
            for col in cols
        ],
    }


def render(cols: list[Column], today: dt.date, columns: int, limit: int | None) -> list[Segment]:
    """The columns side by side in bands that fit `columns` cells: as many columns to a
    band as leave each at least NARROWEST cells; every line fits the width."""
    if not cols:
        return [("No items.\n", "bold")]
    multi = len({c.doc.path for col in cols for c in col.cards}) > 1
    room = max(columns - 1, NARROWEST)  # one cell spare: a full last column wraps some terminals
    per_band = max(1, min(len(cols), (room + len(GAP)) // (NARROWEST + len(GAP))))
    out: list[Segment] = []
    for start in range(0, len(cols), per_band):
        band = cols[start : start + per_band]
        cells = (room - len(GAP) * (len(band) - 1)) // len(band)
        if start:
            out.append(("\n", ""))
        out += _band(band, cells, today, multi, limit)
    return out


def wrap(text: str, cells: int, most: int) -> list[str]:
    """`text` in lines of at most `cells` (the second and later two cells narrower, for
    their indent), broken at spaces; at most `most` lines, the last clipped with `…`."""
    lines: list[str] = []
    rest = text
    while rest and len(lines) < most:
        room = cells - (2 if lines else 0)
        if width(rest) <= room or len(lines) == most - 1:
            lines.append(clip(rest, room))
            break
        fits = len(clip(rest, room + 1)) - 1  # the characters that fit in `room` cells
        cut = rest.rfind(" ", 0, fits + 1)
        if cut <= 0:
            cut = fits
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return lines or [""]


def _band(
    band: list[Column], cells: int, today: dt.date, multi: bool, limit: int | None
) -> list[Segment]:
    stacks: list[list[Segment]] = []
    for col in band:
        lines: list[Segment] = [(f"{col.name} ({len(col.cards)})", "bold"), ("─" * cells, "dim")]
        shown = col.cards if limit is None else col.cards[:limit]
        for n, card in enumerate(shown):
            if n:
                lines.append(("", ""))
            mark, style = STATE_STYLE[card.item.state]
            head, *rest = card_lines(card, today, multi)
            shown_style = style if col.state is None and style != "default" else ""
            first, *more = wrap(f"{mark} {head}", cells, 2)
            lines.append((first, shown_style))
            lines += [(f"  {line}", shown_style) for line in more]
            lines += [(f"  {line}", "dim") for fact in rest for line in wrap(fact, cells - 2, 2)]
        if len(shown) < len(col.cards):
            lines.append((f"+{len(col.cards) - len(shown)} more", "dim"))
        stacks.append(lines)
    out: list[Segment] = []
    for row in range(max(len(s) for s in stacks)):
        last = max((i for i, s in enumerate(stacks) if row < len(s) and s[row][0]), default=-1)
        for i, stack in enumerate(stacks[: last + 1]):
            text, style = stack[row] if row < len(stack) else ("", "")
            text = clip(text, cells)
            if i:
                out.append((GAP, "dim"))
            out.append((text, style))
            if i < last:
                out.append((" " * (cells - width(text)), ""))
        out.append(("\n", ""))
    return out
