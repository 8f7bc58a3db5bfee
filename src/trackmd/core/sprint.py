"""A tracker's sprint dates (SPEC §5): settings first, else the file's own fields.

One reader for `status` (dates and days left) and `burndown` (the ideal line). Pure: no I/O.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from functools import lru_cache
from typing import Any

from trackmd.core.model import Document
from trackmd.core.record import NamedTuple
from trackmd.core.text import fold_accents as _fold
from trackmd.core.text import lazy_pattern

_MONTH = r"(?P<{0}>[^\W\d_]{{3,9}})\.?"
_DATE = lazy_pattern(
    r"(?P<iso>\d{4}-\d{2}-\d{2})"
    rf"|(?P<d1>\d{{1,2}})(?:er|st|nd|rd|th)?[ \t]+{_MONTH.format('m1')}(?:[ \t]+(?P<y1>\d{{4}}))?"
    rf"|{_MONTH.format('m2')}[ \t]+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?[ \t]+(?P<y2>\d{{4}}))?",
    re.IGNORECASE,
)
_LENGTH = lazy_pattern(
    r"(\d{1,3})[ \t]*(days?|jours?|d[ií]as?|tage?n?|weeks?|semaines?|semanas?|wochen?)\b",
    re.IGNORECASE,
)


class _Words(NamedTuple):
    start: frozenset[str]  # the sprint's first day, folded
    end: frozenset[str]
    range: frozenset[str]
    months: dict[str, int]  # month names and abbreviations, folded → 1..12


@lru_cache(maxsize=1)
def _words() -> _Words:
    """The lexicon's sprint keys and months, loaded when a file is first asked for dates."""
    from trackmd.core import lexicon

    def folded(keys: frozenset[str]) -> frozenset[str]:
        return frozenset(map(_fold, keys))

    return _Words(folded(lexicon.START_KEYS), folded(lexicon.END_KEYS),
                  folded(lexicon.RANGE_KEYS), lexicon.month_numbers())  # fmt: skip


def _dated(day: int, month: int, year: int | None, reference: dt.date) -> dt.date | None:
    """A date; without a year, the one nearest to `reference`."""
    years = [year] if year else [reference.year - 1, reference.year, reference.year + 1]
    found = []
    for y in years:
        try:
            found.append(dt.date(y, month, day))
        except ValueError:
            continue
    return min(found, key=lambda d: abs((d - reference).days)) if found else None


def dates_in(text: str, reference: dt.date) -> list[dt.date]:
    """Every date written in `text`: `2025-07-29`, `29 Jul`, `July 29, 2025`, `1er août`."""
    found: list[dt.date] = []
    for match in _DATE.finditer(text):
        if match.group("iso"):
            try:
                found.append(dt.date.fromisoformat(match.group("iso")))
            except ValueError:
                continue
            continue
        day, name, year = (
            (match.group("d1"), match.group("m1"), match.group("y1"))
            if match.group("d1")
            else (match.group("d2"), match.group("m2"), match.group("y2"))
        )
        month = _words().months.get(_fold(name))
        if month is None:
            continue
        date = _dated(int(day), month, int(year) if year else None, reference)
        if date is not None:
            found.append(date)
    return found


SprintFacts = list[Any]  # [settings start, settings end, [[field key, value], ...]]


def sprint_facts(doc: Document) -> SprintFacts:
    """What a file says about its sprint: its settings and its date-bearing fields."""
    words = _words()
    keys = words.start | words.end | words.range
    fields = [[fld.key, fld.value] for fld in doc.fields if _fold(fld.key) in keys]
    return [doc.settings.sprint_start, doc.settings.sprint_end, fields]


def sprint_dates(doc: Document, reference: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The sprint's dates: settings (front matter, config), else the file's own fields.

    Fields: `Sprint Start Date` / `Début` / `Start` and `Sprint End Date` / `Fin`, or a range
    in `Duration: 13 jours (29 Jul - 12 Aug)`, or a start and a length (`Durée : 5 jours`).
    Dates without a year take the year nearest to `reference` (the file's first commit).
    """
    return sprint_dates_of(sprint_facts(doc), reference)


def sprint_dates_of(
    facts: SprintFacts, reference: dt.date
) -> tuple[dt.date | None, dt.date | None]:
    setting_start, setting_end, fields = facts
    start = dt.date.fromisoformat(setting_start) if setting_start else None
    end = dt.date.fromisoformat(setting_end) if setting_end else None
    if start and end:
        return start, end
    words = _words()
    length: int | None = None
    field_start = field_end = None
    for raw_key, value in fields:
        key = _fold(raw_key)
        found = dates_in(value, reference)
        if key in words.start and found and field_start is None:
            field_start = found[0]
        elif key in words.end and found and field_end is None:
            field_end = found[0]
        elif key in words.range:
            if len(found) >= 2 and field_start is None and field_end is None:
                first, second = found[0], found[1]
                if second < first and second.year < dt.MAXYEAR:
                    later = _dated(second.day, second.month, second.year + 1, second)
                    if later is not None and later > first:
                        second = later  # Dec 28 - Jan 8
                field_start, field_end = first, second
            elif length is None and (match := _LENGTH.search(value)):
                weeks = _fold(match.group(2)).startswith(("week", "semain", "seman", "woch"))
                length = int(match.group(1)) * (7 if weeks else 1)
    start = start or field_start
    end = end or field_end
    if start and not end and length:
        with contextlib.suppress(OverflowError):  # past 9999-12-31: no end
            end = start + dt.timedelta(days=length - 1)
    return start, end
