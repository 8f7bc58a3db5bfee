"""Burndown series from a tracker's history (SPEC §5): days, ideal line, forecast, velocity.

Per day: the counts of the last version of that day (by committer time), carried forward
over days without commits; the ideal line across the sprint; a forecast from the last
week's rate when it converges; velocity per ISO week. `trackmd.history.charts` draws it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

from trackmd.core.errors import BadInput
from trackmd.core.record import NamedTuple
from trackmd.core.sprint import sprint_dates_of, sprint_facts
from trackmd.history.listing import Snapshot, last_per_day
from trackmd.history.tally import Tally
from trackmd.history.versions import History

SCHEMA = 1
FORMATS = ("chart", "text", "mermaid", "json", "csv")
FORECAST_WINDOW = 7  # days of recent history the forecast rate is fitted on
FORECAST_HORIZON = 3 * 366  # a forecast further than this is not a forecast
MAX_DAYS = 3660  # ten years: a longer range is a typo in the sprint dates, not a sprint


class Day(NamedTuple):
    date: dt.date
    remaining: float | None  # None: before the file existed, or after today
    done: float | None
    scope: float | None
    ideal: float | None  # None: outside the sprint, or no sprint dates known


class Forecast(NamedTuple):
    date: dt.date
    rate_per_day: float


class Burndown(NamedTuple):
    path: str
    unit: str  # "items" | "points"
    sprint_start: dt.date | None
    sprint_end: dt.date | None
    days: list[Day]
    forecast: Forecast | None
    velocity: list[tuple[str, float]]  # (ISO week "2026-W45", done that week)
    warnings: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "schema": SCHEMA,
            "path": self.path,
            "unit": self.unit,
            "sprint": {
                "start": iso(self.sprint_start),
                "end": iso(self.sprint_end),
            },
            "days": [
                {
                    "date": day.date.isoformat(),
                    "remaining": num(day.remaining),
                    "done": num(day.done),
                    "scope": num(day.scope),
                    "ideal": num(day.ideal),
                }
                for day in self.days
            ],
            "forecast": None
            if self.forecast is None
            else {
                "date": self.forecast.date.isoformat(),
                "rate_per_day": num(self.forecast.rate_per_day),
            },
            "velocity": [{"week": week, "done": num(done)} for week, done in self.velocity],
        }


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def num(value: float | None) -> int | float | None:
    """Integers stay integers in JSON and CSV; other values keep two decimals."""
    if value is None:
        return None
    if type(value) is int and -(2**53) < value < 2**53:
        return value  # what the rounding below gives back, sooner (counts are ints)
    rounded = round(float(value), 2)
    return int(rounded) if rounded.is_integer() else rounded


# -- series ---------------------------------------------------------------------------------


def _values(counts: Tally, points: bool) -> tuple[float, float, float]:
    """(remaining, done, scope) in the chosen unit."""
    if points:
        return counts.points_remaining, counts.points_done, counts.points_total
    return counts.remaining, counts.done, counts.total


def series(
    snapshots: Sequence[Snapshot],
    *,
    today: dt.date,
    points: bool = False,
    start: dt.date | None = None,
    end: dt.date | None = None,
    path: str = "",
) -> Burndown:
    """The burndown of a history: one `Day` per calendar day from `start` to `end`.

    `start`/`end` are the sprint's dates when known; without them the range runs from the
    first version to today (or the last version, when that is later).
    """
    daily = last_per_day(snapshots)
    by_date = [(s.date, _values(s.counts, points)) for s in daily]
    if not by_date:
        raise BadInput(f"{path}: no version of the file to draw a burndown from")
    last_actual = max(today, by_date[-1][0])
    first = start or by_date[0][0]
    last = end or last_actual
    if last < first:
        raise BadInput(
            f"{path}: the burndown would end ({last}) before it starts ({first}); "
            "check --since/--until and the sprint dates"
        )
    span = (last - first).days
    if span >= MAX_DAYS:
        raise BadInput(
            f"{path}: the burndown would span {span + 1} days ({first} to {last}); at most "
            f"{MAX_DAYS}: check the sprint dates, or pass --since/--until"
        )
    days: list[Day] = []
    values: tuple[float, float, float] | None = None
    k = 0
    for offset in range(span + 1):
        day = first + dt.timedelta(days=offset)  # never a day past `last` (9999-12-31)
        while k < len(by_date) and by_date[k][0] <= day:
            values = by_date[k][1]
            k += 1
        if values is not None and day <= last_actual:
            days.append(Day(day, *values, ideal=None))
        else:
            days.append(Day(day, None, None, None, None))
    if start is not None and end is not None and end > start:
        days = _with_ideal(days, start, end)
    return Burndown(
        path,
        "points" if points else "items",
        start,
        end,
        days,
        _forecast(days, today),
        _velocity(by_date, min(last, last_actual)),
    )


def _with_ideal(days: list[Day], start: dt.date, end: dt.date) -> list[Day]:
    """A straight line from the remaining work at the sprint's start to zero at its end."""
    initial = next((d.remaining for d in days if d.date >= start and d.remaining is not None), None)
    if initial is None:
        return days
    span = (end - start).days
    result = []
    for d in days:
        ideal = None
        if start <= d.date <= end:
            ideal = round(initial * (end - d.date).days / span, 2)
        result.append(Day(d.date, d.remaining, d.done, d.scope, ideal))
    return result


def _forecast(days: list[Day], today: dt.date) -> Forecast | None:
    """The date the remaining work reaches zero at the rate of the last week, when it would.

    The rate is the least-squares slope of the remaining work over the last
    `FORECAST_WINDOW` days up to today. No forecast when nothing remains, when the work is
    not going down, or when the date would be in the past or years away.
    """
    known = [(d.date, d.remaining) for d in days if d.remaining is not None and d.date <= today]
    if not known or known[-1][0] != today:
        return None
    window = [(date, value) for date, value in known if (today - date).days < FORECAST_WINDOW]
    if len(window) < 2:
        return None
    xs = [float((date - today).days) for date, _ in window]
    ys = [float(value) for _, value in window]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    rate = -slope
    remaining = ys[-1]
    if rate <= 0 or remaining <= 0:
        return None
    days_left = math.ceil(remaining / rate - 1e-9)
    if days_left < 1 or days_left > FORECAST_HORIZON:
        return None
    try:
        return Forecast(today + dt.timedelta(days=days_left), round(rate, 2))
    except OverflowError:
        return None  # past 9999-12-31


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _velocity(
    by_date: list[tuple[dt.date, tuple[float, float, float]]], last: dt.date
) -> list[tuple[str, float]]:
    """Work done per ISO week: done at the week's end minus done at the previous week's end.

    The first version is the baseline (what was already done when the file was committed
    is not velocity). Weeks without commits are listed with 0.
    """
    points = [(date, values[1]) for date, values in by_date if date <= last]
    if not points:
        return []
    result: list[tuple[str, float]] = []
    previous = points[0][1]
    monday = points[0][0] - dt.timedelta(days=points[0][0].weekday())
    k = 0
    done = previous
    for week in range((last - monday).days // 7 + 1):
        start = monday + dt.timedelta(days=7 * week)
        while k < len(points) and (points[k][0] - start).days <= 6:  # no date past 9999
            done = points[k][1]
            k += 1
        result.append((_week(start), done - previous))
        previous = done
    return result


# -- the whole command ----------------------------------------------------------------------


class Prepared(NamedTuple):
    """A tracker's daily snapshots and its sprint dates (or `--since`/`--until`)."""

    name: str
    snaps: list[Snapshot]
    start: dt.date | None
    end: dt.date | None
    warnings: tuple[str, ...]


def prepare(
    path: Path, today: dt.date, name: str, since: dt.date | None, until: dt.date | None
) -> Prepared:
    """A tracker's daily snapshots and sprint dates from its git history."""
    history = History(path, today)
    snaps = history.snapshots(per_day=True, save=False)
    if not snaps:
        raise BadInput(f"{name}: no version of the file in git history")
    facts = history.remember(
        "sprint", history.versions[-1].blob, lambda: sprint_facts(history.latest_document())
    )
    history.cache.save()  # once, with the counts and the sprint facts
    start, end = sprint_dates_of(facts, snaps[0].date)
    return Prepared(name, snaps, since or start, until or end, tuple(history.warnings))


def build(
    path: Path,
    *,
    today: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    points: bool = False,
    name: str | None = None,
) -> Burndown:
    """The burndown of the tracker at `path` from its git history."""
    part = prepare(path, today, name or str(path), since, until)
    if points and not any(s.counts.points_total for s in part.snaps):
        raise BadInput(
            f"{part.name}: no story points found (`(3 pts)`, `**Story Points**: 5`); drop --points"
        )
    result = series(part.snaps, today=today, points=points, start=part.start, end=part.end,
                    path=part.name)  # fmt: skip
    return result._replace(warnings=part.warnings)
