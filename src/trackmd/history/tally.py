"""The numbers a version of a tracker is counted as: what `status` shows."""

from __future__ import annotations

from typing import Any

from trackmd.core.derive import Counts
from trackmd.core.model import Document, Item, State
from trackmd.core.record import NamedTuple

REMAINING = frozenset({State.OPEN, State.IN_PROGRESS, State.BLOCKED})


class Tally(NamedTuple):
    """The numbers a burndown needs from one version of a tracker."""

    done: int
    remaining: int  # open + in progress + blocked
    total: int  # scope: cancelled items excluded
    points_done: float
    points_total: float

    @property
    def points_remaining(self) -> float:
        return self.points_total - self.points_done

    def as_list(self) -> list[float]:
        return [self.done, self.remaining, self.total, self.points_done, self.points_total]

    @classmethod
    def from_list(cls, values: list[Any]) -> Tally:
        done, remaining, total, points_done, points_total = values
        return cls(int(done), int(remaining), int(total), float(points_done), float(points_total))


def tally(doc: Document) -> Tally:
    """The one definition of a version's numbers: `Counts(doc).document`, as `status` shows.

    Story points are the sections' own points where sections carry them (`**Story Points**:`
    on user stories, as roll-up tables count them), else the sum of the items' points.
    """
    counts = Counts(doc)
    progress = counts.document
    points_done, points_total = progress.points_done, progress.points_total
    if any(section.points is not None for section in doc.sections):
        points_done, points_total = counts.points(0) or (0.0, 0.0)
    return Tally(progress.done, progress.remaining, progress.total, points_done, points_total)


def is_whole(points: float | None) -> bool:
    return points is None or (float(points).is_integer() and abs(points) < 2**50)


def _contribution(item: Item) -> tuple[int, int, int, float, float]:
    state, points = item.state, item.points or 0.0
    kept = state is not State.CANCELLED
    return (
        int(state is State.DONE), int(state in REMAINING), int(kept),
        points if state is State.DONE else 0.0, points if kept else 0.0,
    )  # fmt: skip


def delta(
    current: Tally,
    changed: list[tuple[Item, Item]],
    added: list[Item],
    removed: list[Item],
    count_all: bool,
) -> Tally:
    """The counts after item changes, exact while points are whole numbers."""
    totals = [current.done, current.remaining, current.total, current.points_done,
              current.points_total]  # fmt: skip
    signed = [(-1, before) for before, _ in changed] + [(1, after) for _, after in changed]
    signed += [(1, item) for item in added] + [(-1, item) for item in removed]
    for sign, item in signed:
        if count_all or item.parent is None:
            for k, value in enumerate(_contribution(item)):
                totals[k] += sign * value
    done, remaining, total, points_done, points_total = totals
    return Tally(int(done), int(remaining), int(total), float(points_done), float(points_total))
