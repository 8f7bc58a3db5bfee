"""Counts of sections, part of D1: `**Fases**: 0/5 - 0%`, `**Phases**: 2/4`, `**Módulos**:
3/8`. The key is a plural whose singular starts the labels of numbered sections (`Fase 1:
…`, `Módulo 8: …`); the value's count is of exactly that many sections (anything else is
about something other than the file's own sections). Done: the sections whose items are all
done."""

from __future__ import annotations

import re

from trackmd.core import patterns
from trackmd.core.derive import FRACTION, Counts, Derived
from trackmd.core.derived._forms import put_fraction, put_percent
from trackmd.core.model import Document, State
from trackmd.core.text import fold_accents


def values(doc: Document, counts: Counts) -> list[Derived]:
    from trackmd.core.lexicon import PROGRESS_KEYS, STATUS_KEYS

    out: list[Derived] = []
    labels: list[tuple[int, str]] | None = None
    seen: dict[str, list[int]] = {}
    for fld in doc.fields:
        if fld.owner_list_item is not None or fld.key[-1:] != "s" or len(fld.key) < 4:
            continue
        if fld.key in PROGRESS_KEYS or fld.key in STATUS_KEYS:  # `Progress` is no plural
            continue
        fraction = FRACTION.search(fld.value)
        if fraction is None:
            continue
        if labels is None:
            labels = [(s.index, fold_accents(s.label)) for s in doc.sections[1:]]
        if fld.key not in seen:
            seen[fld.key] = _named(fld.key, labels)
        groups = seen[fld.key]
        if len(groups) < 2 or int(fraction.group(2)) != len(groups):
            continue
        done = sum(1 for i in groups if counts.section_state(i) is State.DONE)
        new = put_percent(put_fraction(fld.value, done, len(groups)), done, len(groups))
        out.append(Derived(fld.value_span, new, "progress", f"document {fld.key_text.strip()}"))
    return out


def _named(key: str, labels: list[tuple[int, str]]) -> list[int]:
    """The sections numbered under the singular of `key` (`phases`, `fases`, `módulos`;
    `boxes`)."""
    for singular in (fold_accents(key[:-1]), fold_accents(key[:-2])):
        if not any(label.startswith(singular) for _, label in labels):
            continue
        named = patterns.compile(rf"{re.escape(singular)}[ \t]+[\w.-]*\d")
        groups = [i for i, label in labels if named.match(label)]
        if len(groups) >= 2:
            return groups
    return []
