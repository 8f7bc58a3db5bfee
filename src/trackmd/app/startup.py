"""What a run does first and last besides its command: the start-up store (compiled
patterns, decoded data files) is read before the parser's modules are imported, and what
they learned is written back."""

from __future__ import annotations

import marshal

from trackmd.core import kept, patterns
from trackmd.io import patternstore


def load() -> None:
    """Use the stored compiled patterns and data files (none when the store is absent,
    unreadable, or another interpreter's)."""
    data = patternstore.read()
    compiled: dict[patterns.Key, patterns.Entry] = {}
    files: dict[str, kept.Entry] = {}
    if data:
        try:
            stamp, stored_patterns, stored_files = marshal.loads(data)
            if stamp == patterns.stamp() and isinstance(stored_patterns, dict) \
                    and isinstance(stored_files, dict):  # fmt: skip
                compiled, files = stored_patterns, stored_files
        except Exception:  # a damaged store is an empty one
            pass
    patterns.use(compiled)
    kept.use(files)


def keep() -> None:
    """Write the store back when this run compiled a pattern, read a file or measured a
    character it lacked."""
    from trackmd.ui import cells

    cells.keep()
    if not patterns.learned() and not kept.learned():
        return
    try:
        data = marshal.dumps((
            patterns.stamp(),
            {**patterns.stored(), **patterns.learned()},
            {**kept.stored(), **kept.learned()},
        ))  # fmt: skip
    except ValueError:  # an entry marshal cannot keep: keep none
        return
    patternstore.write(data)
