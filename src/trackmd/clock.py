"""What "today" is: `--date`, else TRACKMD_TODAY, else the local date (tests pin it)."""

from __future__ import annotations

import datetime as dt


def today_from(value: str | None) -> dt.date:
    """`--date`, else TRACKMD_TODAY, else the local date."""
    import os

    from trackmd.errors import BadInput

    raw = value or os.environ.get("TRACKMD_TODAY")
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        raise BadInput(
            f"--date/TRACKMD_TODAY must be a date like 2026-11-22, not {raw!r}"
        ) from None
