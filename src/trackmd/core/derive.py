"""Pure counting: items per section, percents, and which sections are done (SPEC §3)."""

from __future__ import annotations

import re
from typing import NamedTuple

from trackmd.core import lexicon
from trackmd.core.model import (
    Bar,
    Cookie,
    Diagnostic,
    Document,
    Item,
    Row,
    Section,
    Severity,
    Span,
    State,
    StatusText,
)


def half_up(numerator: int, denominator: int) -> int:
    """Percent `100 * numerator / denominator`, rounded half up exactly (5/8 → 63)."""
    return ratio_half_up(100 * numerator, denominator)


class Progress:
    """Items by state, and story points: a value (compares and hashes by its counts)."""

    __slots__ = (
        "blocked",
        "cancelled",
        "done",
        "in_progress",
        "open",
        "points_done",
        "points_total",
    )  # fmt: skip

    def __init__(
        self,
        done: int = 0,
        in_progress: int = 0,
        open: int = 0,
        blocked: int = 0,
        cancelled: int = 0,
        points_done: float = 0.0,
        points_total: float = 0.0,
    ) -> None:
        self.done = done
        self.in_progress = in_progress
        self.open = open
        self.blocked = blocked
        self.cancelled = cancelled
        self.points_done = points_done
        self.points_total = points_total

    def _key(self) -> tuple[int, int, int, int, int, float, float]:
        return (self.done, self.in_progress, self.open, self.blocked, self.cancelled,
                self.points_done, self.points_total)  # fmt: skip

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Progress) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        names = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"Progress({names})"

    @property
    def total(self) -> int:
        """Items that count: cancelled ones leave numerator and denominator."""
        return self.done + self.in_progress + self.open + self.blocked

    @property
    def percent(self) -> int | None:
        return half_up(self.done, self.total) if self.total else None

    @property
    def remaining(self) -> int:
        return self.in_progress + self.open + self.blocked

    def __add__(self, other: Progress) -> Progress:
        return Progress(
            self.done + other.done,
            self.in_progress + other.in_progress,
            self.open + other.open,
            self.blocked + other.blocked,
            self.cancelled + other.cancelled,
            self.points_done + other.points_done,
            self.points_total + other.points_total,
        )

    @property
    def state(self) -> State | None:
        """Roll-up: all done → done; nothing done or in progress → open; else in progress."""
        if not self.total:
            return None
        if self.done == self.total:
            return State.DONE
        if self.done == 0 and self.in_progress == 0:
            return State.OPEN
        return State.IN_PROGRESS

    def as_json(self) -> dict[str, int | None]:
        return {
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "open": self.open,
            "in_progress": self.in_progress,
            "blocked": self.blocked,
            "cancelled": self.cancelled,
        }


def of_item(item: Item) -> Progress:
    points = item.points or 0.0
    state = item.state
    return Progress(
        done=state is State.DONE,
        in_progress=state is State.IN_PROGRESS,
        open=state is State.OPEN,
        blocked=state is State.BLOCKED,
        cancelled=state is State.CANCELLED,
        points_done=points if state is State.DONE else 0.0,
        points_total=points if state is not State.CANCELLED else 0.0,
    )


def counted(doc: Document) -> list[Item]:
    """The items that count toward sections: top-level ones, or all with `count: all`."""
    if doc.settings.count == "all":
        return list(doc.items)
    return [item for item in doc.items if item.parent is None]


class Counts:
    """Per-section progress (recursive), computed once per document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        own = [Progress() for _ in doc.sections]
        for item in counted(doc):
            own[item.section] = own[item.section] + of_item(item)
        total = list(own)
        for section in reversed(doc.sections):
            if section.parent is not None:
                total[section.parent] = total[section.parent] + total[section.index]
        self.own = own
        self.sections = total
        self._labelled = {
            section: items
            for section, label, items in doc.labelled_lists
            if doc.settings.done_when and _same_label(label, doc.settings.done_when)
        }

    @property
    def document(self) -> Progress:
        return self.sections[0]

    def of(self, section: Section | int) -> Progress:
        index = section if isinstance(section, int) else section.index
        return self.sections[index]

    def children_of_item(self, item: Item) -> Progress:
        result = Progress()
        for child in self.doc.items:
            if child.parent == item.number:
                result = result + of_item(child)
        return result

    def section_done(self, index: int) -> bool:
        """Story done rule, with `done_when` looking at a labelled checklist."""
        if index in self._labelled:
            numbers = set(self._labelled[index])
            chosen = [i for i in self.doc.items if i.number in numbers]
            states = [i.state for i in chosen if i.state is not State.CANCELLED]
            return bool(states) and all(s is State.DONE for s in states)
        if self.doc.settings.done_when:
            for child in self.doc.sections[index].children:
                if _same_label(self.doc.sections[child].label, self.doc.settings.done_when):
                    return self.sections[child].state is State.DONE
        return self.sections[index].state is State.DONE

    def section_state(self, index: int) -> State | None:
        if self.section_done(index):
            return State.DONE
        state = self.sections[index].state
        if state is State.DONE:
            return State.IN_PROGRESS  # all items done but its done_when checklist is not
        return state

    def points(self, index: int) -> tuple[float, float] | None:
        """(completed, planned) story points under a section, or None without points."""
        section = self.doc.sections[index]
        if section.points is not None:
            return (section.points if self.section_done(index) else 0.0, section.points)
        planned = completed = 0.0
        found = False
        for child in section.children:
            sub = self.points(child)
            if sub is not None:
                found = True
                completed += sub[0]
                planned += sub[1]
        if not found:
            progress = self.sections[index]
            if progress.points_total:
                return progress.points_done, progress.points_total
            return None
        return completed, planned


def _same_label(a: str, b: str) -> bool:
    return a.strip(" :*").lower() == b.strip(" :*").lower()


# -- derived values (D1–D6) ------------------------------------------------------------


def ratio_half_up(numerator: int, denominator: int) -> int:
    """`numerator / denominator` rounded half up, in integers."""
    return (2 * numerator + denominator) // (2 * denominator) if denominator > 0 else 0


class Derived(NamedTuple):
    """What one derived span should hold."""

    span: Span
    new: str
    kind: str  # progress | status | table | bar | cookie | updated
    what: str  # what a person calls it: "Phase 1 status"

    def old(self, text: str) -> str:
        return text[self.span.start : self.span.end]


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_FRACTION = re.compile(r"(?<![\d/])(\d+)[ \t]*/[ \t]*(\d+)(?![\d/])")
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)[ \t]?%")
_PERCENT_HEADERS = lexicon.PERCENT_HEADERS
_PLANNED_HEADERS = lexicon.PLANNED_HEADERS
_COMPLETED_HEADERS = lexicon.COMPLETED_HEADERS
_COUNT_HEADERS = lexicon.COUNT_HEADERS
_LEGEND_KEYS = lexicon.LEGEND_KEYS


def _fmt_points(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class Wording:
    """The file's own words and emoji for each state, with defaults in its language."""

    def __init__(self, doc: Document) -> None:
        from trackmd.core.lexicon import Vocabulary

        extra = dict(doc.settings.statuses)
        self.vocab = Vocabulary(extra, doc.colours)
        pairs: list[StatusText] = []
        for item in doc.items:
            if item.status is not None:
                pairs.append(item.status)
        for section in doc.sections:
            if section.marker is not None:
                pairs.append(section.marker)
        from trackmd.core.parse import STATUS_KEYS

        for fld in doc.fields:
            if fld.key in STATUS_KEYS:
                pairs.append(self.read(fld.value_span, fld.value))
        self.legend: list[StatusText] = []
        for fld in doc.fields:
            if fld.key in _LEGEND_KEYS:
                offset = fld.value_span.start
                for part in re.finditer(r"[^|,]+", fld.value):
                    text = part.group().strip()
                    if text:
                        start = offset + part.start() + part.group().find(text)
                        self.legend.append(self.read(Span(start, start + len(text)), text))
        self.pairs = pairs
        self.language = self._language()

    def read(self, span: Span, text: str) -> StatusText:
        r = self.vocab.read(text)
        return StatusText(span, text, r.state, r.word, r.emoji, r.word_start, r.emoji_start)

    def _language(self) -> str:
        from trackmd.core.lexicon import language_of

        votes: dict[str, int] = {}
        for st in self.pairs:
            if st.word:
                lang = language_of(st.word) or "en"
                votes[lang] = votes.get(lang, 0) + 1
        return max(votes, key=lambda k: votes[k]) if votes else "en"

    def word(self, state: State, column: list[StatusText] | None = None) -> str:
        from trackmd.core.lexicon import DEFAULT_WORDS

        for group in (column or [], self.pairs, self.legend):
            for st in group:
                if st.state is state and st.word:
                    return st.word
        return DEFAULT_WORDS.get(self.language, DEFAULT_WORDS["en"])[state]

    def emoji(
        self,
        state: State,
        like: str = "",
        column: list[StatusText] | None = None,
        *,
        alone: bool = False,
    ) -> str:
        """The file's emoji for `state`. `alone`: it stands without a word (an emoji list
        item, a bar's emoji), so it must say `state` by itself."""
        from trackmd.core.lexicon import COLOURS, DEFAULT_EMOJI

        colour = bool(like) and like[0] in COLOURS
        groups = (column or [], self.pairs, self.legend)
        # Not an emoji that means another state on its own: `🔄 Done` does not make 🔄 mean
        # done, or rewriting that marker would change which emoji means done (hypothesis).
        # Beside a word, the file's own symbols (a legend's mojibake `\uf8ffüü°`, ⭐) serve.
        allowed = (state,) if alone else (None, state)
        beside = [
            st
            for group in groups
            for st in group
            if st.state is state and st.emoji and self.vocab.emoji_state(st.emoji) in allowed
        ]
        for st in beside:
            if (st.emoji[0] in COLOURS) == colour:
                return st.emoji
        for st in beside:
            # a colour's meaning is learned from the file and can shift: not for plain emoji
            readable = self.vocab.emoji_state(st.emoji) is state
            if readable and (colour or st.emoji[0] not in COLOURS):
                return st.emoji
        if colour:
            for emoji, st_state in self.vocab.colours.items():
                if st_state is state:
                    return emoji
        return DEFAULT_EMOJI[state]

    def rewrite(
        self, current: StatusText, state: State, column: list[StatusText] | None = None
    ) -> str:
        """`current` rewritten to say `state`, keeping its shape (emoji, word, case, tail)."""
        text = current.text
        if current.state is state:
            return text
        out = text
        if current.word and current.word_at >= 0:
            new_word = self.word(state, column)
            if current.word.isupper():
                new_word = new_word.upper()
            elif current.word.islower():
                new_word = new_word.lower()
            w = current.word_at
            out = out[:w] + new_word + out[w + len(current.word) :]
        if current.emoji and current.emoji_at >= 0:
            new_emoji = self.emoji(state, current.emoji, column, alone=not current.word)
            e = current.emoji_at  # an emoji-only status stays emoji-only
            out = out[:e] + new_emoji + out[e + len(current.emoji) :]
        elif not current.word:
            out = self.word(state, column)
        return out


def _replace_number(text: str, pattern: re.Pattern[str], value: str, group: int = 1) -> str:
    match = pattern.search(text)
    if match is None:
        return text
    return text[: match.start(group)] + value + text[match.end(group) :]


def derived_values(doc: Document, counts: Counts | None = None) -> list[Derived]:
    """Every derived value trackmd owns in the document, with what it should say (D1–D5)."""
    from trackmd.core.parse import PROGRESS_KEYS, STATUS_KEYS

    counts = counts or Counts(doc)
    wording = Wording(doc)
    out: list[Derived] = []
    first_h2 = next((s.line for s in doc.sections if s.level == 2), None)
    status_sections = {i.section for i in doc.items if i.kind.value == "section"}

    # D1 progress fields
    for fld in doc.fields:
        if fld.key not in PROGRESS_KEYS or fld.owner_list_item is not None:
            continue
        whole = fld.key == "overall progress" or first_h2 is None or fld.line < first_h2
        progress = counts.document if whole else counts.of(fld.section)
        if progress.percent is None:
            continue
        value = fld.value
        new = value
        fraction = _FRACTION.search(new)
        if fraction:
            new = (
                new[: fraction.start()]
                + f"{progress.done}/{progress.total}"
                + new[fraction.end() :]
            )
        pct = _PERCENT.search(new)
        if pct:
            new = new[: pct.start(1)] + str(progress.percent) + new[pct.end(1) :]
        label = "document" if whole else doc.sections[fld.section].label
        out.append(Derived(fld.value_span, new, "progress", f"{label} {fld.key_text.strip()}"))

    # D2 roll-up statuses: Status fields and heading markers of sections with items
    for fld in doc.fields:
        if fld.key not in STATUS_KEYS or fld.owner_list_item is not None:
            continue
        index = fld.section
        if index in status_sections:
            continue
        state = counts.section_state(index)
        if state is None:
            continue
        current = wording.read(fld.value_span, fld.value)
        if current.state is None or current.state is State.BLOCKED:
            continue
        new = wording.rewrite(current, state)
        percent = counts.of(index).percent
        # the tail after the status word keeps its text; only a percent in it is derived
        kept = len(current.text) - (current.word_at + len(current.word)) if current.word else 0
        cut = len(new) - kept if current.word else 0
        tail = new[cut:]
        if percent is not None and _PERCENT.search(tail):
            new = new[:cut] + _replace_number(tail, _PERCENT, str(percent))
        label = doc.sections[index].label
        out.append(Derived(fld.value_span, new, "status", f"{label} status"))
    for section in doc.sections:
        marker = section.marker
        if marker is None or section.index in status_sections:
            continue
        state = counts.section_state(section.index)
        if state is None or marker.state is None or marker.state is State.BLOCKED:
            continue
        out.append(Derived(marker.span, wording.rewrite(marker, state), "status",
                           f"{section.label} heading status"))  # fmt: skip

    out.extend(_rollup_tables(doc, counts, wording))
    out.extend(_bars(doc, counts, wording))

    # D5 statistics cookies
    for section in doc.sections:
        if section.cookie is not None:
            said = _cookie(section.cookie, counts.of(section.index))
            if said is not None:
                out.append(Derived(section.cookie.span, said, "cookie", f"{section.label} cookie"))
    for item in doc.items:
        if item.cookie is not None:
            said = _cookie(item.cookie, counts.children_of_item(item))
            if said is not None:
                out.append(Derived(item.cookie.span, said, "cookie", f"#{item.number} cookie"))
    return out


def _cookie(cookie: Cookie, progress: Progress) -> str | None:
    if not progress.total and not progress.cancelled:
        return None
    if cookie.percent:
        return f"[{progress.percent or 0}%]"
    return f"[{progress.done}/{progress.total}]"


def _rollup_tables(doc: Document, counts: Counts, wording: Wording) -> list[Derived]:
    from trackmd.core.parse import TOTAL_LABELS, SectionIndex, field_key

    index = SectionIndex(doc.sections)
    out: list[Derived] = []
    for table in doc.tables:
        if not table.rows or not index.is_rollup(table):
            continue
        headers = [field_key(c.text) for c in table.header]
        planned_col = next((i for i, h in enumerate(headers) if h in _PLANNED_HEADERS), None)
        completed_col = next((i for i, h in enumerate(headers) if h in _COMPLETED_HEADERS), None)
        points_based = planned_col is not None and completed_col is not None
        percent_col = next((i for i, h in enumerate(headers) if h in _PERCENT_HEADERS), None)
        count_col = next((i for i, h in enumerate(headers) if h in _COUNT_HEADERS), None)
        column = [
            wording.read(row.cells[table.status_column].span, row.cells[table.status_column].text)
            for row in table.rows
            if table.status_column is not None and table.status_column < len(row.cells)
        ]
        sums = [0.0, 0.0]  # completed, planned
        total_progress = Progress()
        total_row = None
        for row in table.rows:
            first = row.cells[0].text
            if field_key(first) in TOTAL_LABELS:
                total_row = row
                continue
            target = index.resolve(first)
            if target is None:
                continue
            progress = counts.of(target)
            total_progress = total_progress + progress
            label = doc.sections[target].label
            cells = row.cells
            points = counts.points(target) if points_based else None
            if points is not None:
                sums[0] += points[0]
                sums[1] += points[1]
            if table.status_column is not None and table.status_column < len(cells):
                cell = cells[table.status_column]
                current = wording.read(cell.span, cell.text)
                state = counts.section_state(target)
                if (
                    state is not None
                    and current.state is not None
                    and current.state is not State.BLOCKED
                ):
                    out.append(Derived(cell.span, wording.rewrite(current, state, column), "table",
                                       f"{label} status"))  # fmt: skip
            percent = None
            if points_based and points is not None:
                percent = _points_percent(points)
            elif not points_based:
                percent = progress.percent
            out.extend(_table_numbers(row, planned_col, completed_col, percent_col, count_col,
                                      points, percent, progress, label))  # fmt: skip
        if total_row is not None:
            points = (sums[0], sums[1]) if points_based else None
            percent = None
            if points is not None and points[1]:
                percent = _points_percent(points)
            elif not points_based:
                percent = total_progress.percent
            columns = (planned_col, completed_col, percent_col, count_col)
            out.extend(
                _table_numbers(total_row, *columns, points, percent, total_progress, "Total")
            )
    return out


def _points_percent(points: tuple[float, float]) -> int | None:
    """Completed / planned points as a percent; fractional points are scaled to integers."""
    completed, planned = (round(p * 1000) for p in points)
    return half_up(completed, planned) if planned else None


def _table_numbers(
    row: Row,
    planned_col: int | None,
    completed_col: int | None,
    percent_col: int | None,
    count_col: int | None,
    points: tuple[float, float] | None,
    percent: int | None,
    progress: Progress,
    label: str,
) -> list[Derived]:
    out: list[Derived] = []
    cells = row.cells

    def put(col: int | None, pattern: re.Pattern[str], value: str, what: str) -> None:
        if col is None or col >= len(cells):
            return
        cell = cells[col]
        if pattern.search(cell.text) is None:
            return
        group = 0 if pattern is _NUMBER else 1
        new = _replace_number(cell.text, pattern, value, group)
        out.append(Derived(cell.span, new, "table", f"{label} {what}"))

    if points is not None:
        put(planned_col, _NUMBER, _fmt_points(points[1]), "planned points")
        put(completed_col, _NUMBER, _fmt_points(points[0]), "completed points")
    if percent is not None and percent_col is not None and percent_col < len(cells):
        cell_text = cells[percent_col].text
        if not any(g in cell_text for g in "█░▓▒■□"):
            put(percent_col, _PERCENT, str(percent), "percent")
    if count_col is not None and count_col < len(cells) and progress.total:
        cell = cells[count_col]
        match = _FRACTION.search(cell.text)
        if match:
            new = (
                cell.text[: match.start()]
                + f"{progress.done}/{progress.total}"
                + cell.text[match.end() :]
            )
            out.append(Derived(cell.span, new, "table", f"{label} done/total"))
    return out


BarTarget = tuple[Bar, "Progress | None", "Item | None", "int | None"]


def _bars(doc: Document, counts: Counts, wording: Wording) -> list[Derived]:
    targets, _unresolved = _bar_targets(doc, counts)
    return _bars_of(doc, counts, wording, targets)


def _bar_targets(doc: Document, counts: Counts) -> tuple[list[BarTarget], list[Bar]]:
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
            targets.append((bar, of_item(found), found, None))
            continue
        section = index.resolve(label) if label else None
        if section is None and found is not None:
            section = found.section
        if section is not None:
            targets.append((bar, counts.of(section), None, section))
        else:
            unresolved.append(bar)
    return targets, unresolved


def _bars_of(
    doc: Document, counts: Counts, wording: Wording, targets: list[BarTarget]
) -> list[Derived]:
    out: list[Derived] = []
    blocks: dict[int, Progress] = {}
    resolved_in_block: dict[int, int] = {}
    for bar, progress, _item, _section in targets:
        if progress is not None:
            blocks[bar.block] = blocks.get(bar.block, Progress()) + progress
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
        out.extend(_bar_values(doc, bar, percent, state, wording, what))
    return out


def _bar_values(
    doc: Document, bar: Bar, percent: int, state: State | None, wording: Wording, what: str
) -> list[Derived]:
    out: list[Derived] = []
    width = bar.glyph_span.end - bar.glyph_span.start
    filled = ratio_half_up(width * percent, 100)
    glyphs = bar.fill * filled + bar.empty * (width - filled)
    out.append(Derived(bar.glyph_span, glyphs, "bar", f"{what} bar"))
    if bar.percent_span is not None:
        text = doc.text
        pct = bar.percent_span
        new_pct = f"{percent}{' ' if ' ' in text[pct.start : pct.end] else ''}%"
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


def unresolved_labels(doc: Document, counts: Counts) -> list[Diagnostic]:
    """Info for bars whose label names nothing, and for the rows that keep a table that is
    mostly a roll-up from being one (SPEC §4: "unresolvable table row or bar label")."""
    from trackmd.core.parse import TOTAL_LABELS, SectionIndex, field_key

    found: list[Diagnostic] = []
    for bar in _bar_targets(doc, counts)[1]:
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


def shown(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
