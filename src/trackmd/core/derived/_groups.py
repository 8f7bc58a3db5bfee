"""Counts of sections, part of D1: `**Fases**: 0/5 - 0%`, `**Phases**: 2/4`, `**Módulos**:
3/8`. The key is a plural whose singular starts the labels of numbered sections (`Fase 1:
…`, `Módulo 8: …`); the value's count is of exactly that many sections (anything else is
about something other than the file's own sections). Done: the sections whose items are all
done."""

from __future__ import annotations

import re

from trackmd.core.derive import FRACTION, Counts, Derived
from trackmd.core.derived._forms import put_fraction, put_percent
from trackmd.core.model import Document, State
from trackmd.core.text import fold_accents


def values(doc: Document, counts: Counts) -> list[Derived]:
    out: list[Derived] = []
    for fld in doc.fields:
        if fld.owner_list_item is not None or fld.key[-1:] != "s":
            continue
        fraction = FRACTION.search(fld.value)
        if fraction is None or len(fld.key) < 4:
            continue
        groups = []
        for singular in (fld.key[:-1], fld.key[:-2]):  # `phases`, `fases`, `módulos`; `boxes`
            named = re.compile(rf"{re.escape(fold_accents(singular))}[ \t]+[\w.-]*\d")
            groups = [s for s in doc.sections[1:] if named.match(fold_accents(s.label))]
            if len(groups) >= 2:
                break
        if len(groups) < 2 or int(fraction.group(2)) != len(groups):
            continue
        done = sum(1 for s in groups if counts.section_state(s.index) is State.DONE)
        new = put_percent(put_fraction(fld.value, done, len(groups)), done, len(groups))
        out.append(Derived(fld.value_span, new, "progress", f"document {fld.key_text.strip()}"))
    return out
