"""What trackmd knows of one language: one record, read from one `<code>.json` file."""

from collections.abc import Mapping
from typing import Any

from trackmd.core.model import State
from trackmd.core.record import NamedTuple

PRIORITY_LEVELS = ("highest", "high", "medium", "low", "lowest")  # Obsidian Tasks' five


class Language(NamedTuple):
    """The words of one language a tracker may use. Every field is optional but `code`: a
    language adds what it has. Keys and headers are matched case-insensitively."""

    code: str  # ISO 639-1
    name: str
    words: Mapping[State, tuple[str, ...]] = {}  # statuses read
    written: Mapping[State, str] = {}  # what trackmd writes
    signature: tuple[str, ...] = ()  # status words that tell a file is in this language
    status_keys: tuple[str, ...] = ()  # `**Status**:` fields and status columns
    status_headers: tuple[str, ...] = ()  # further status column headers
    progress_keys: tuple[str, ...] = ()  # `**Progress**:` fields
    percent_headers: tuple[str, ...] = ()  # columns holding a percentage
    count_headers: tuple[str, ...] = ()  # columns holding `done/total`
    planned_headers: tuple[str, ...] = ()  # columns of planned story points
    completed_headers: tuple[str, ...] = ()  # columns of completed story points
    updated_keys: tuple[str, ...] = ()  # `Last Updated` fields
    points_keys: tuple[str, ...] = ()  # story points of an item
    owner_keys: tuple[str, ...] = ()  # who owns an item
    total_labels: tuple[str, ...] = ()  # a roll-up table's total row
    overall_labels: tuple[str, ...] = ()  # the bar line of the whole document
    legend: tuple[str, ...] = ()  # a line holding one of these explains colours
    legend_keys: tuple[str, ...] = ()  # further field keys that start a legend
    start_keys: tuple[str, ...] = ()  # the sprint's first day
    end_keys: tuple[str, ...] = ()  # the sprint's last day
    range_keys: tuple[str, ...] = ()  # the sprint's dates as one range
    months: tuple[str, ...] = ()  # the twelve month names, as written in dates
    standalone_months: tuple[str, ...] = ()  # as written alone (`Luty 2026`), where different
    month_abbreviations: Mapping[str, int] = {}  # read, not written
    tracker_names: tuple[str, ...] = ()  # words in file names of trackers (`*`: any suffix)
    priority_words: tuple[str, ...] = ()  # a heading naming a priority (`### High priority`)
    due_keys: tuple[str, ...] = ()  # an item's due date: `**Due**:` fields, due columns
    depends_keys: tuple[str, ...] = ()  # a status table's column of what a row waits for
    priority_levels: Mapping[str, tuple[str, ...]] = {}  # highest…lowest -> words (`hoch`)

    @classmethod
    def from_table(cls, table: dict[str, Any], source: str) -> "Language":
        """The record a language file holds; a `ValueError` naming the file and the key for a
        key or a state that does not exist (a typo would otherwise go unnoticed)."""
        known = set(cls._fields)
        unknown = sorted(set(table) - known)
        if unknown or "code" not in table:
            raise ValueError(f"lexicon {source}: unknown keys {unknown} or no code")
        try:
            words = {State(k): tuple(v) for k, v in table.pop("words", {}).items()}
            written = {State(k): str(v) for k, v in table.pop("written", {}).items()}
        except ValueError as error:
            raise ValueError(f"lexicon {source}: {error}") from None
        abbreviations = {str(k): int(n) for k, n in table.pop("month_abbreviations", {}).items()}
        levels = {str(k): tuple(v) for k, v in table.pop("priority_levels", {}).items()}
        if set(levels) - set(PRIORITY_LEVELS):
            raise ValueError(f"lexicon {source}: priority levels are {', '.join(PRIORITY_LEVELS)}")
        lists = {k: tuple(str(w) for w in v) for k, v in table.items() if isinstance(v, list)}
        return cls(code=str(table["code"]), name=str(table.get("name", table["code"])),
                   words=words, written=written, month_abbreviations=abbreviations,
                   priority_levels=levels,
                   **lists)  # fmt: skip
