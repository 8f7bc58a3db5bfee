"""One burndown for several trackers (issue 16): their series summed per day.

Every file's series is drawn over the same days: from the earliest first day to the latest
last day of any of them (each file's own default is its sprint, else its history; `--since`
and `--until` set both for all). A day sums the files that have a value then; a file not
yet committed adds nothing, and a day no file has a value for has none. The ideal line
runs from the summed remaining work at the earliest sprint start to zero at the latest
sprint end, when every file names its sprint (or `--since`/`--until` say the range); the
forecast is fitted on the summed series; velocity is summed per ISO week. Each file's own
series keeps its own ideal line (`--by-file`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from trackmd.core.errors import BadInput
from trackmd.core.record import NamedTuple
from trackmd.history.series import Burndown, Day, _forecast, _with_ideal, prepare, series


class Combined(NamedTuple):
    total: Burndown
    files: list[Burndown]


def build_many(
    paths: list[Path],
    names: list[str],
    *,
    today: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    points: bool = False,
) -> Combined:
    """The summed burndown of `paths`, and each file's over the same days."""
    parts = [prepare(p, today, n, since, until) for p, n in zip(paths, names, strict=True)]
    if points and not any(s.counts.points_total for part in parts for s in part.snaps):
        raise BadInput("no story points found in any of the trackers; drop --points")
    first = min(part.start or part.snaps[0].date for part in parts)
    last = max(part.end or max(today, part.snaps[-1].date) for part in parts)
    files: list[Burndown] = []
    for part in parts:
        drawn = series(part.snaps, today=today, points=points, start=first, end=last,
                       path=part.name)  # fmt: skip
        days = [d._replace(ideal=None) for d in drawn.days]
        if part.start is not None and part.end is not None and part.end > part.start:
            days = _with_ideal(days, part.start, part.end)
        files.append(drawn._replace(sprint_start=part.start, sprint_end=part.end, days=days,
                                    warnings=part.warnings))  # fmt: skip
    return Combined(total(files, today, [p.start for p in parts], [p.end for p in parts]), files)


def total(
    files: list[Burndown],
    today: dt.date,
    starts: list[dt.date | None],
    ends: list[dt.date | None],
) -> Burndown:
    """The files' series (over the same days) summed per day."""
    days: list[Day] = []
    for column in zip(*(f.days for f in files), strict=True):
        known = [d for d in column if d.remaining is not None]
        if not known:
            days.append(Day(column[0].date, None, None, None, None))
            continue
        days.append(Day(column[0].date, sum(d.remaining or 0 for d in known),
                        sum(d.done or 0 for d in known), sum(d.scope or 0 for d in known),
                        None))  # fmt: skip
    named_starts = [s for s in starts if s is not None]
    named_ends = [e for e in ends if e is not None]
    start = min(named_starts) if len(named_starts) == len(starts) else None
    end = max(named_ends) if len(named_ends) == len(ends) else None
    if start is not None and end is not None and end > start:
        days = _with_ideal(days, start, end)
    weeks: dict[str, float] = {}
    for f in files:
        for week, done in f.velocity:
            weeks[week] = weeks.get(week, 0) + done
    name = f"{len(files)} trackers"
    warnings = tuple(w for f in files for w in f.warnings)
    return Burndown(name, files[0].unit, start, end, days, _forecast(days, today),
                    sorted(weeks.items()), warnings)  # fmt: skip


def as_json(combined: Combined, by_file: bool) -> dict[str, object]:
    """The summed burndown in `burndown --json`'s shape, with the files it sums (`paths`)
    and, `--by-file`, each file's own payload (`files`)."""
    payload = combined.total.as_json()
    payload["paths"] = [f.path for f in combined.files]
    if by_file:
        payload["files"] = [f.as_json() for f in combined.files]
    return payload
