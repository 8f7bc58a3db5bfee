"""To-do lists by priority: numbered lists under sibling headings, some entries marked with
a status emoji and some not (`### High` `1. **Deploy**` beside `### Medium` `1. ✅ Toasts`)."""

from __future__ import annotations

from trackmd.core import patterns
from trackmd.core.lexicon import PRIORITY_WORDS
from trackmd.core.model import ItemKind, Span, State, StatusText
from trackmd.core.parse.context import _ItemCtx, _RawItem
from trackmd.core.parse.lists import _SUMMARY
from trackmd.core.parse.syntax import _LIST_MARKER
from trackmd.core.parse.tables import _Tables


class _Numbered(_Tables):
    """Numbered lists whose emoji say one state each read as decoration on their own
    (`_close_list`). Beside each other in two sibling sections or more, with a status emoji
    on one entry at least and a plain entry at least, they are one list of work: an entry
    with an emoji is in that state, an entry without is open. Under headings that name a
    priority (`### High priority`) a plain entry is not needed, so ticking every entry keeps
    them; elsewhere lists of emoji only are a summary (`### Completed This Sprint`) and the
    last tick is refused as for any emoji list (`edit._refuse_decoration`). A list of two
    states or more is one of the group too (its items are read already)."""

    def _numbered_groups(self) -> None:
        lists, self.numbered_lists = self.numbered_lists, []
        if len(lists) < 2:
            return
        parents = _parents([h.level for h in self.headings])
        listed = {e.key for _, entries in lists for e in entries}
        busy = {r.section for r in self.raw_items if r.key not in listed}
        groups: dict[int, list[tuple[int, list[_ItemCtx]]]] = {}
        for section, entries in lists:
            if section == 0 or section in busy or section in self.not_work_sections:
                continue
            groups.setdefault(parents[section], []).append((section, entries))
        for group in groups.values():
            readings = [e.emoji_reading for _, entries in group for e in entries]
            marked = [r for r in readings if r is not None]
            sections = {section for section, _ in group}
            if len(sections) < 2 or not marked or any(_SUMMARY.search(text) for _, text in marked):
                continue
            by_priority = all(_names_a_priority(self.headings[s - 1].text) for s in sections)
            if len(marked) == len(readings) and not by_priority:
                continue  # `### Completed This Sprint` `1. ✅ …`: a summary of a sprint
            for section, entries in group:
                for entry in entries:
                    if entry.key is None:  # not an item of a two-state emoji list already
                        self._numbered_item(section, entry)

    def _numbered_item(self, section: int, entry: _ItemCtx) -> None:
        line = entry.line
        if entry.emoji_reading is not None:
            status, text = entry.emoji_reading
        else:
            marker = _LIST_MARKER.match(self.lines[line])
            assert marker is not None  # a numbered list entry
            at = self.src.span(line, marker.end(), marker.end()).start
            status, text = StatusText(Span(at, at), "", State.OPEN, "", ""), entry.text
        assert status.state is not None
        entry.key = (line, 1)
        item = _RawItem(entry.key, ItemKind.EMOJI, text, status.state, line, section,
                        status.span, status=status)  # fmt: skip
        self._metadata(item, text, line, 0)
        self.raw_items.append(item)


_PRIORITY_LEVEL = patterns.compile(r"(?<![^\W_])P[0-4](?![^\W_])")


def _names_a_priority(heading: str) -> bool:
    """`High priority`, `P1`, `高优先级`, `Priorität: hoch`."""
    folded = heading.lower()
    return bool(_PRIORITY_LEVEL.search(heading)) or any(w in folded for w in PRIORITY_WORDS)


def _parents(levels: list[int]) -> list[int]:
    """Each section's parent section (section i is heading i - 1; 0 is the preamble)."""
    parents = [0] * (len(levels) + 1)
    stack: list[int] = []
    for index, level in enumerate(levels, start=1):
        while stack and levels[stack[-1] - 1] >= level:
            stack.pop()
        parents[index] = stack[-1] if stack else 0
        stack.append(index)
    return parents
