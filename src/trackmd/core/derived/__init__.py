"""Every derived value trackmd owns (SPEC §3 D1–D5): one module per kind, one registry.

A kind is a function `(doc, counts, wording) -> list[Derived]`; adding one is a module here
and a line in `KINDS`. D6 (Last updated) is planned with the clock in `core.edit`, and D7
(burndown blocks) from git history in `history.burndown`.
"""

from __future__ import annotations

from collections.abc import Callable

from trackmd.core.derive import Counts, Derived, Wording, counts_of
from trackmd.core.derived import bars, cookies, progress, rollups, statuses
from trackmd.core.model import Document
from trackmd.core.record import NamedTuple


class Kind(NamedTuple):
    code: str  # as SPEC §3 numbers it
    name: str
    values: Callable[[Document, Counts, Wording], list[Derived]]


KINDS: tuple[Kind, ...] = (
    Kind("D1", "progress fields", progress.values),
    Kind("D2", "roll-up statuses", statuses.values),
    Kind("D3", "roll-up tables", rollups.values),
    Kind("D4", "progress bars", bars.values),
    Kind("D5", "statistics cookies", cookies.values),
)


def derived_values(doc: Document, counts: Counts | None = None) -> list[Derived]:
    """Every derived value of the document, with what it should say, kind by kind."""
    counts = counts or counts_of(doc)
    wording = Wording(doc)
    return [value for kind in KINDS for value in kind.values(doc, counts, wording)]
