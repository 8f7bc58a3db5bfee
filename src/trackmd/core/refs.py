"""Resolve a REF (`PLAN-500-02`, `#12`, `12`, `FILE:REF`, or text) or explain why not."""

from __future__ import annotations

import difflib
import os
import re
from typing import NoReturn

from trackmd.core.errors import BadInput
from trackmd.core.model import Document, Item, Section
from trackmd.core.record import NamedTuple
from trackmd.core.text import fold_for_match


class Found(NamedTuple):
    doc: Document
    items: tuple[Item, ...]  # one item, or the items under a section
    section: Section | None = None  # set when the REF named a section


fold = fold_for_match  # the REF matching form (core.text)


def _describe(doc: Document, item: Item) -> str:
    ident = f"{item.id} " if item.id else ""
    return f"#{item.number} {ident}{doc.path}:{item.line + 1} {item.text[:70]}"


def _names(doc: Document, head: str) -> bool:
    """Whether `head` of `FILE:REF` names the document: as shown, by a trailing part of its
    path (`TASKS.md`), or as another spelling of the same file (`/abs/TASKS.md`)."""
    if doc.path == head or doc.path.endswith("/" + head.lstrip("./")):
        return True
    return os.path.realpath(doc.path) == os.path.realpath(head)


def resolve(docs: list[Document], ref: str) -> Found:
    """Exactly one match, else BadInput listing candidates or suggestions."""
    scope = docs
    needle = ref.strip()
    if ":" in needle:
        head, _, tail = needle.rpartition(":")
        chosen = [d for d in docs if _names(d, head)]
        if chosen and tail:
            scope, needle = chosen, tail
    if not needle:
        raise BadInput("empty REF: give an ID, #N, or text of the item")
    own = _own_numbers(scope, needle)
    number = re.fullmatch(r"#?(\d+)", needle)
    if number:
        n = int(number.group(1))
        hits = [(d, i) for d in scope for i in d.items if i.number == n]
        if own and not needle.startswith("#") and [i for _, i in own] != [i for _, i in hits]:
            both = "; ".join(_describe(d, i) for d, i in hits[:1])
            task = "; ".join(f"task {needle}. {d.path}:{i.line + 1} {i.text[:70]}" for d, i in own)
            raise BadInput(
                f"REF {ref!r} is ambiguous in a file with its own numbering: {both}, or "
                f"{task}; write #{n} for the item number, or {n}. for the task"
            )
        if len(hits) == 1:
            return Found(hits[0][0], (hits[0][1],))
        if len(hits) > 1:
            _ambiguous(ref, hits)
    if own and len(own) == 1:
        return Found(own[0][0], (own[0][1],))
    lowered = needle.lower()
    by_id = [
        (d, i)
        for d in scope
        for i in d.items
        if (i.id and i.id.lower() == lowered) or (i.task_id and i.task_id.lower() == lowered)
    ]  # an explicit ID, or an Obsidian Tasks `🆔 id`
    if len(by_id) == 1:
        return Found(by_id[0][0], (by_id[0][1],))
    if len(by_id) > 1:
        _ambiguous(ref, by_id)
    sections = [
        (d, s)
        for d in scope
        for s in d.sections[1:]
        if s.id.lower() == lowered or (s.explicit_id or "").lower() == lowered
    ]
    key = fold(needle)
    if not sections and key:
        sections = [(d, s) for d in scope for s in d.sections[1:] if fold(s.label) == key]
    if len(sections) == 1:
        doc, section = sections[0]
        return Found(doc, tuple(under(doc, section.index)), section)
    hits = [(d, i) for d in scope for i in d.items if key and key in fold(i.text)]
    if len(hits) == 1:
        return Found(hits[0][0], (hits[0][1],))
    if len(hits) > 1:
        exact = [(d, i) for d, i in hits if fold(i.text) == key]
        if len(exact) == 1:
            return Found(exact[0][0], (exact[0][1],))
        _ambiguous(ref, hits)
    if len(sections) > 1:
        names = "; ".join(f"{d.path}:{s.line + 1} {s.label}" for d, s in sections[:8])
        raise BadInput(f"REF {ref!r} names {len(sections)} sections: {names}")
    return _unknown(ref, scope)


def _own_numbers(docs: list[Document], needle: str) -> list[tuple[Document, Item]]:
    """Items numbered `needle` by a numbered dialect's own numbering (`20.`, `1.2`)."""
    from trackmd.core.dialect import DIALECTS, task_number

    wanted = needle.rstrip(".")
    if not re.fullmatch(r"\d+(?:\.\d+)*", wanted):
        return []
    return [
        (d, i)
        for d in docs
        if DIALECTS[d.dialect].numbered
        for i in d.items
        if i.kind.value == "checkbox" and task_number(i.text) == wanted
    ]


def under(doc: Document, index: int) -> list[Item]:
    """Items of a section and its subsections."""
    inside = {index}
    for section in doc.sections:
        if section.parent in inside:
            inside.add(section.index)
    return [item for item in doc.items if item.section in inside]


def _ambiguous(ref: str, hits: list[tuple[Document, Item]]) -> NoReturn:
    shown = "; ".join(_describe(d, i) for d, i in hits[:10])
    more = f" and {len(hits) - 10} more" if len(hits) > 10 else ""
    raise BadInput(f"REF {ref!r} matches {len(hits)} items: {shown}{more}; be more specific")


def _unknown(ref: str, docs: list[Document]) -> NoReturn:
    names: dict[str, str] = {}
    for doc in docs:
        for item in doc.items:
            if item.id:
                names.setdefault(item.id, item.id)
            names.setdefault(fold(item.text)[:60], item.text[:60])
    close = difflib.get_close_matches(fold(ref), list(names), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(repr(names[c]) for c in close)}?" if close else ""
    raise BadInput(f"no item matches REF {ref!r} in {searched(docs)}{hint}")


def searched(docs: list[Document], shown: int = 3) -> str:
    """The files searched, cut short only with a count of the rest: `TODO.md`, or
    `6 trackers (A.md, B.md, C.md and 3 more)`."""
    names = [d.path for d in docs]
    if len(names) <= 1:
        return names[0] if names else "no tracker"
    if len(names) <= shown:
        return f"{len(names)} trackers ({', '.join(names)})"
    more = len(names) - shown
    return f"{len(names)} trackers ({', '.join(names[:shown])} and {more} more)"
