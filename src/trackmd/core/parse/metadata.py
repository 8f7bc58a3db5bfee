"""What an item says besides its state (issue 16): a due date, a priority, tags and an
owner, in the forms people write them. Read leniently and never rewritten.

- due: Obsidian's `📅 2026-12-07`, `due 2026-12-07`, `due: 2026-12-07`, `(deadline 2026-12-07)`;
  a due column of a status table; a section item's `**Due**:` field (`DUE_KEYS`, per language);
- priority: Obsidian's `🔺⏫🔼🔽⏬`, `(P1)` / `[P1]`, `[high]`, `priority: high`; a priority
  column (`Priority`, `优先级`, `Priorität`) with a level word of any lexicon (`高`, `hoch`);
- tags: `#tag` (not `#1`, not a heading, not a URL fragment);
- owner: `@name`; an owner column; a section item's `**Owner**:` field.
"""

from __future__ import annotations

import re

from trackmd.core import patterns
from trackmd.core.lexicon import PRIORITY_NAMES, strip_emoji_edges, strip_markup
from trackmd.core.record import NamedTuple

# Highest first; items without a priority sort between medium and low, as Obsidian does.
PRIORITY_RANK = {"highest": 0, "high": 1, "medium": 2, None: 3, "low": 4, "lowest": 5}

_DATE = r"(\d{4}-\d{2}-\d{2})"
_DUE = patterns.compile(
    rf"(?:📅\ufe0f?|(?<![\w-])(?:due|deadline)(?:[ \t]+(?:on|by))?[ \t]*[:=]?)[ \t]*{_DATE}",
    re.IGNORECASE,
)
_LEVEL = patterns.compile(r"[(\[](P[0-4]|[^\W\d_]+)[)\]]")
_PRIORITY_KEY = patterns.compile(
    r"(?<![\w-])priority\**[ \t]*[:=][ \t]*\**[ \t]*(P[0-4]|\w+)", re.I
)
_TAG = patterns.compile(r"(?<![\w&/#\]\)])#([^\W\d][\w/-]*)")
_P_LEVEL = {"p0": "highest", "p1": "high", "p2": "medium", "p3": "low", "p4": "lowest"}


class Meta(NamedTuple):
    due: str | None = None
    priority: str | None = None
    tags: tuple[str, ...] = ()


def level(word: str) -> str | None:
    """The priority a word or cell names (`P1`, `High`, `🔴 高`), or None."""
    clean = strip_emoji_edges(strip_markup(word)).strip().lower()
    return _P_LEVEL.get(clean) or PRIORITY_NAMES.get(clean)


def due_date(text: str) -> str | None:
    """A date cell or field value: the first `YYYY-MM-DD` in it."""
    found = re.search(_DATE, text)
    return found.group(1) if found else None


def read(text: str) -> Meta:
    due = _DUE.search(text) if "-" in text else None  # (each pattern's own characters first)
    priority = None
    keyed = _PRIORITY_KEY.search(text) if ":" in text or "=" in text else None
    if keyed is not None:
        priority = level(keyed.group(1))
    if priority is None and ("(" in text or "[" in text):
        for match in _LEVEL.finditer(text):
            priority = level(match.group(1))
            if priority is not None:
                break
    tags = tuple(dict.fromkeys(m.group(1) for m in _TAG.finditer(text))) if "#" in text else ()
    return Meta(due.group(1) if due else None, priority, tags)
