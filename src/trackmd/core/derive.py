"""Pure counting: items per section, percents, and which sections are done (SPEC §3)."""

from __future__ import annotations

import re

from trackmd.core import patterns
from trackmd.core.model import (
    Diagnostic,
    Document,
    Item,
    Section,
    Span,
    State,
    StatusText,
)
from trackmd.core.record import NamedTuple

_PART = patterns.compile(r"[^|,]+")


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


# the last document counted and its counts (one read of the pair: safe across threads)
_LAST: list[tuple[Document, Counts] | None] = [None]


def counts_of(doc: Document) -> Counts:
    """`Counts(doc)`, made once for the document in hand: a read finds the stale values
    and then renders the same document (a one-entry memo, by identity)."""
    last = _LAST[0]
    if last is not None and last[0] is doc:
        return last[1]
    counts = Counts(doc)
    _LAST[0] = (doc, counts)
    return counts


class Derived(NamedTuple):
    """What one derived span should hold."""

    span: Span
    new: str
    kind: str  # progress | status | table | bar | cookie | updated
    what: str  # what a person calls it: "Phase 1 status"

    def old(self, text: str) -> str:
        return text[self.span.start : self.span.end]


NUMBER = patterns.compile(r"\d+(?:[.,]\d+)?")
FRACTION = patterns.compile(r"(?<![\d/])(\d+)[ \t]*/[ \t]*(\d+)(?![\d/])")
PERCENT = patterns.compile(r"(\d+(?:[.,]\d+)?)[ \t]?%")


def fmt_points(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class Wording:
    """The file's own words and emoji for each state, with defaults in its language."""

    def __init__(self, doc: Document) -> None:
        from trackmd.core.lexicon import LEGEND_KEYS, Vocabulary

        extra = dict(doc.settings.statuses)
        self.vocab = Vocabulary(extra, doc.colours)
        self.vocab.legend_colours.update(doc.legend_colours)
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
            if fld.key in LEGEND_KEYS:
                offset = fld.value_span.start
                for part in _PART.finditer(fld.value):
                    text = part.group().strip()
                    if text:
                        start = offset + part.start() + part.group().find(text)
                        self.legend.append(self.read(Span(start, start + len(text)), text))
        self.pairs = pairs
        self.fields = doc.fields
        self._emojis: dict[tuple[State, bool, bool, bool], str] = {}
        self._words: dict[State, str] = {}
        self._language: str | None = None

    def read(self, span: Span, text: str) -> StatusText:
        r = self.vocab.read(text)
        return StatusText(span, text, r.state, r.word, r.emoji, r.word_start, r.emoji_start)

    @property
    def language(self) -> str:
        """The file's language, from its own status words and field keys (`lexicon`): only
        a write needs it, so it is worked out when first asked for."""
        if self._language is None:
            from trackmd.core.lexicon import file_language

            words = [st.word for st in self.pairs if st.word]
            self._language = file_language(words + [fld.key for fld in self.fields])
        return self._language

    def word(self, state: State, column: list[StatusText] | None = None) -> str:
        from trackmd.core.lexicon import DEFAULT_WORDS

        for st in column or ():
            if st.state is state and st.word:
                return st.word
        found = self._words.get(state)
        if found is None:  # the same answer for every value of the file: looked up once
            found = next(
                (st.word for group in (self.pairs, self.legend) for st in group
                 if st.state is state and st.word),
                DEFAULT_WORDS.get(self.language, DEFAULT_WORDS["en"])[state],
            )  # fmt: skip
            self._words[state] = found
        return found

    def emoji(
        self,
        state: State,
        like: str = "",
        column: list[StatusText] | None = None,
        *,
        alone: bool = False,
        heading: bool = False,
    ) -> str:
        """The file's emoji for `state`. `alone`: it stands without a word (an emoji list
        item, a bar's emoji), so it must say `state` by itself. `heading`: a lone heading
        marker, read back only when a legend defines its colour (`parse.sections`), so
        a colour learned beside a word elsewhere (`**Status**: ⚪ Pending`) will not do."""
        from trackmd.core.lexicon import COLOURS

        colour = bool(like) and like[0] in COLOURS
        if column:
            return self._emoji(state, colour, column, alone, heading)
        key = (state, colour, alone, heading)  # the same answer for every marker of a file
        found = self._emojis.get(key)
        if found is None:
            found = self._emojis[key] = self._emoji(state, colour, [], alone, heading)
        return found

    def _emoji(
        self, state: State, colour: bool, column: list[StatusText], alone: bool, heading: bool
    ) -> str:
        from trackmd.core.lexicon import COLOURS, DEFAULT_EMOJI

        def usable(emoji: str) -> bool:
            return (
                not (heading and alone)
                or emoji[:1] not in COLOURS
                or (emoji[:1] in self.vocab.legend_colours)
            )

        groups = (column, self.pairs, self.legend)
        # Not an emoji that means another state on its own: `🔄 Done` does not make 🔄 mean
        # done, or rewriting that marker would change which emoji means done (hypothesis).
        # Beside a word, the file's own symbols (a legend's mojibake `\uf8ffüü°`, ⭐) serve.
        allowed = (state,) if alone else (None, state)
        beside = [
            st
            for group in groups
            for st in group
            if st.state is state and st.emoji and self.vocab.emoji_state(st.emoji) in allowed
            and usable(st.emoji)
        ]  # fmt: skip
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
                if st_state is state and usable(emoji):
                    return emoji
        return DEFAULT_EMOJI[state]

    def rewrite(
        self,
        current: StatusText,
        state: State,
        column: list[StatusText] | None = None,
        *,
        heading: bool = False,
    ) -> str:
        """`current` rewritten to say `state`, keeping its shape (emoji, word, case, tail).
        `heading`: it is a heading's marker (see `emoji`)."""
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
            elif new_word.isupper() and len(new_word) > 3:  # not an acronym (`WIP`)
                # `EM ANDAMENTO` from a heading, written over `Pendente`: as the word it replaces
                title = current.word.istitle() and " " in current.word
                new_word = new_word.title() if title else new_word.capitalize()
            w = current.word_at
            out = out[:w] + new_word + out[w + len(current.word) :]
        if current.emoji and current.emoji_at >= 0:
            new_emoji = self.emoji(
                state, current.emoji, column, alone=not current.word, heading=heading
            )
            e = current.emoji_at  # an emoji-only status stays emoji-only
            out = out[:e] + new_emoji + out[e + len(current.emoji) :]
        elif not current.word:
            out = self.word(state, column)
        return out


def replace_number(text: str, pattern: re.Pattern[str], value: str, group: int = 1) -> str:
    match = pattern.search(text)
    if match is None:
        return text
    return text[: match.start(group)] + value + text[match.end(group) :]


def derived_values(doc: Document, counts: Counts | None = None) -> list[Derived]:
    """Every derived value trackmd owns in the document, with what it should say (D1–D5):
    the kinds of `core.derived`, in the order of its registry."""
    from trackmd.core.derived import derived_values as values

    return values(doc, counts)


def unresolved_labels(doc: Document, counts: Counts) -> list[Diagnostic]:
    """Info for bars and roll-up rows whose label names nothing (SPEC §4)."""
    from trackmd.core.derived.unresolved import unresolved_labels as found

    return found(doc, counts)


def shown(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
