"""What "today" is: `--date`, else TRACKMD_TODAY, else the date of TRACKMD_NOW, else the
local date (tests pin it). TRACKMD_NOW (an ISO date and time) pins the time of day too."""

from __future__ import annotations

import datetime as dt


def today_from(value: str | None) -> dt.date:
    """`--date`, else TRACKMD_TODAY, else the local date."""
    import os

    from trackmd.core.errors import BadInput

    raw = value or os.environ.get("TRACKMD_TODAY") or os.environ.get("TRACKMD_NOW")
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        raise BadInput(
            f"--date/TRACKMD_TODAY must be a date like 2026-11-22, not {raw!r}"
        ) from None


def now_on(today: dt.date) -> dt.datetime:
    """The moment a `Last Updated` time is stamped with (timezone-aware): TRACKMD_NOW when
    set, else the clock; a date pinned to another day keeps the clock's time of day."""
    import os

    from trackmd.core.errors import BadInput

    raw = os.environ.get("TRACKMD_NOW")
    if raw:
        try:
            pinned = dt.datetime.fromisoformat(raw.strip())
        except ValueError:
            raise BadInput(
                f"TRACKMD_NOW must be a date and time like 2026-11-22T18:30+00:00, not {raw!r}"
            ) from None
        return pinned.astimezone()  # naive means local time
    now = dt.datetime.now().astimezone()
    if now.date() != today:
        now = dt.datetime.combine(today, now.time(), now.tzinfo)
    return now
