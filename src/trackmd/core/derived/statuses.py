"""D2: roll-up statuses, in `Status` fields and in heading markers of sections with items."""

from __future__ import annotations

from trackmd.core import patterns
from trackmd.core.derive import Counts, Derived, Wording
from trackmd.core.derived._forms import find_percent, put_percent
from trackmd.core.lexicon import STATUS_KEYS
from trackmd.core.model import Document, State, StatusText

_LETTER = patterns.compile(r"[^\W\d_]")


def values(doc: Document, counts: Counts, wording: Wording) -> list[Derived]:
    out: list[Derived] = []
    status_sections = {i.section for i in doc.items if i.kind.value == "section"}
    for fld in doc.fields:
        if fld.key not in STATUS_KEYS or fld.owner_list_item is not None:
            continue
        index = fld.section
        if index in status_sections:
            continue
        state = counts.section_state(index)
        if state is None:
            continue
        current = wording.read(fld.value_span, fld.value)
        if current.state is None or current.state is State.BLOCKED or unknown_word(current):
            continue
        new = wording.rewrite(current, state)
        progress = counts.of(index)
        # the tail after the status word keeps its text; only a percent in it is derived
        kept = len(current.text) - (current.word_at + len(current.word)) if current.word else 0
        cut = len(new) - kept if current.word else 0
        tail = new[cut:]
        if progress.total and find_percent(tail):
            new = new[:cut] + put_percent(tail, progress.done, progress.total)
        label = doc.sections[index].label
        out.append(Derived(fld.value_span, new, "status", f"{label} status"))
    for section in doc.sections:
        marker = section.marker
        if marker is None or section.index in status_sections:
            continue
        state = counts.section_state(section.index)
        if state is None or marker.state is None or marker.state is State.BLOCKED:
            continue
        out.append(Derived(marker.span, wording.rewrite(marker, state, heading=True), "status",
                           f"{section.label} heading status"))  # fmt: skip
    return out


def unknown_word(status: StatusText) -> bool:
    """An emoji read beside words the lexicon does not know (`⏳ Em revisão`): the words
    are the author's, and rewriting the emoji alone would make it contradict them."""
    if status.word or not status.emoji or status.emoji_at < 0:
        return False
    rest = status.text[status.emoji_at + len(status.emoji) :]
    return _LETTER.search(rest) is not None
