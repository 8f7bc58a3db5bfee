"""Pure counting: items per section, percents, and which sections are done (SPEC §3)."""

from __future__ import annotations

from dataclasses import dataclass

from trackmd.model import Document, Item, Section, State


def half_up(numerator: float, denominator: float) -> int:
    """Round `100 * numerator / denominator` half up, exactly (5/8 → 63)."""
    if denominator <= 0:
        return 0
    scaled = numerator * 100
    q, r = divmod(scaled * 2 + denominator, denominator * 2)
    return int(q)


@dataclass(frozen=True)
class Progress:
    done: int = 0
    in_progress: int = 0
    open: int = 0
    blocked: int = 0
    cancelled: int = 0
    points_done: float = 0.0
    points_total: float = 0.0

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
