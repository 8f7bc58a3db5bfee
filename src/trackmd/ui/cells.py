"""Terminal cells of non-ASCII text: Rich's measure, without importing Rich each run.

Importing `rich.cells` and its Unicode tables is about 3% of a cold `status`. The width of
each character Rich has measured is kept in the start-up store (`core.kept`, against
Rich's own `cells.py`: a new Rich measures afresh), so a run whose characters are all
known imports no Rich. Text with a zero-width joiner or a variation selector, whose width
is not the sum of its characters', is always measured by Rich.
"""

from __future__ import annotations

import contextlib
import os
from importlib.machinery import PathFinder
from pathlib import Path

_JOINERS = ("\u200d", "\ufe0f")
_known: list[dict[str, int]] = []  # the widths in use, once looked up
_learned: list[bool] = [False]


def _rich_cells() -> Path | None:
    """Rich's `cells.py`, found without importing Rich."""
    spec = PathFinder.find_spec("rich")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)), "cells.py")


def _widths() -> dict[str, int]:
    if not _known:
        from trackmd.core import kept

        source = _rich_cells()
        try:
            stored = kept.get(source) if source is not None else None
        except OSError:  # Rich not installed as files (a zip): measure each run
            stored = None
        version = os.environ.get("UNICODE_VERSION", "")  # Rich reads it to pick its table
        table = stored.get(version) if isinstance(stored, dict) else None
        _known.append(dict(table) if isinstance(table, dict) else {})
    return _known[0]


def _cells(char: str, widths: dict[str, int]) -> int:
    cells = widths.get(char)
    if cells is None:
        from rich.cells import cell_len

        cells = widths[char] = cell_len(char)
        _learned[0] = True
    return cells


def width(text: str) -> int:
    """`rich.cells.cell_len(text)`."""
    if any(joiner in text for joiner in _JOINERS):
        from rich.cells import cell_len

        return cell_len(text)
    widths = _widths()
    try:
        return sum(map(widths.__getitem__, text))  # every character measured before
    except KeyError:
        return sum(_cells(char, widths) for char in text)


def crop(text: str, total: int) -> str:
    """`rich.cells.set_cell_size(text, total)`: `text` cut (or padded with spaces) to
    exactly `total` cells; a wide character that would straddle the edge becomes a space.
    Text with a joiner or a zero-width character is left to Rich, which groups those."""
    if total <= 0:
        return ""
    widths = _widths()
    if any(joiner in text for joiner in _JOINERS) or any(
        _cells(char, widths) == 0 for char in text
    ):
        from rich.cells import set_cell_size

        return set_cell_size(text, total)
    size = 0
    for index, char in enumerate(text):
        cells = widths[char]
        if size + cells > total:
            return text[:index] + " " * (total - size)
        size += cells
    return text + " " * (total - size)


def keep() -> None:
    """Hand what was measured to the start-up store, to be written back."""
    if not _learned[0] or not _known:
        return
    from trackmd.core import kept

    source = _rich_cells()
    if source is None:
        return
    try:
        stored = kept.get(source)
    except OSError:
        return
    tables = dict(stored) if isinstance(stored, dict) else {}
    tables[os.environ.get("UNICODE_VERSION", "")] = dict(_known[0])
    with contextlib.suppress(OSError):  # the store only saves time
        kept.put(source, tables)
    _learned[0] = False
