"""What a run does first and last besides its command: the compiled-pattern store is read
before the parser's modules compile their patterns, and what they learned written back."""

from __future__ import annotations

import gc
import marshal

from trackmd.core import patterns
from trackmd.io import patternstore


def load() -> None:
    """Use the stored compiled patterns (none when the store is absent, unreadable, or
    another interpreter's)."""
    data = patternstore.read()
    store: dict[patterns.Key, patterns.Entry] = {}
    if data:
        try:
            stamp, entries = marshal.loads(data)
            if stamp == patterns.stamp() and isinstance(entries, dict):
                store = entries
        except Exception:
            pass
    patterns.use(store)


def keep() -> None:
    """Write the store back when this run compiled patterns it lacked."""
    learned = patterns.learned()
    if not learned:
        return
    try:
        data = marshal.dumps((patterns.stamp(), {**patterns.stored(), **learned}))
    except ValueError:  # an entry marshal cannot keep: keep none
        return
    patternstore.write(data)


_USUAL = gc.get_threshold()
# Collect the youngest objects every 100,000 allocations, not 700 (as mypy does): a command
# builds a model that lives until it exits, and each young collection walks what is new.
_RARELY = (100_000, 50, 50)


def collect_rarely() -> None:
    gc.set_threshold(*_RARELY)


def collect_as_usual() -> None:
    gc.set_threshold(*_USUAL)
