"""Regular expressions compiled once per machine, as Python keeps bytecode (issue 15).

Compiling trackmd's patterns is a tenth of a cold run: `re` parses and compiles each one in
Python at every start. `compile` is `re.compile`, except that when a store of compiled code
is in use (`use`, filled by `trackmd.app.startup` from the user's cache folder) a pattern it
holds is built straight from that code by `_sre.compile`, the constructor `re` itself ends
with. A pattern the store does not hold is compiled by `re` as always, and its code is
learned (`learned`) only when the pattern rebuilt from it equals `re`'s own: `Pattern`
equality compares the source, the flags and the compiled code itself.

Code differs between Python versions, so a store is only ever used by the interpreter that
wrote it (`stamp`); one that does not load, or an entry `_sre` rejects (it checks the code
it is given), costs a normal compile and nothing else.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any

from trackmd.core.kept import Held

Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
Key = tuple[str, int]

_sre: Any = importlib.import_module("_sre")
PATTERNS: Held[Key, Entry] = Held()
use, stop, stored, learned = PATTERNS.use, PATTERNS.stop, PATTERNS.stored, PATTERNS.learned


def stamp() -> str:
    """What a store must have been written by: this interpreter and its `_sre`."""
    return f"{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.version}"


def compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, from stored code where there is some."""
    store = PATTERNS.in_use()
    if store is None:
        return re.compile(source, flags)
    key = (source, int(flags))  # a plain int: `re.I` is an enum, which marshal does not keep
    entry = store.get(key)
    if entry is not None:
        try:
            built: re.Pattern[str] = _sre.compile(source, *entry)
            return built
        except Exception:
            del store[key]
    compiled = re.compile(source, flags)
    entry = _entry(source, flags)
    if entry is not None and _rebuilt(source, entry) == compiled:
        PATTERNS.learned()[key] = entry
    return compiled


def _entry(source: str, flags: int) -> Entry | None:
    """The arguments `re` hands `_sre.compile` for `source` (re/_compiler.py `compile`)."""
    try:
        parser: Any = importlib.import_module("re._parser")
        compiler: Any = importlib.import_module("re._compiler")
        parsed = parser.parse(source, flags)
        code = [int(op) for op in compiler._code(parsed, flags)]  # plain ints, for marshal
        state = parsed.state
        groupindex = dict(state.groupdict)
        indexgroup: list[str | None] = [None] * state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return (int(flags | state.flags), code, state.groups - 1, groupindex, tuple(indexgroup))
    except Exception:
        return None


def _rebuilt(source: str, entry: Entry) -> re.Pattern[str] | None:
    try:
        built: re.Pattern[str] = _sre.compile(source, *entry)
        return built
    except Exception:
        return None
