"""Stories: numbered headings of one kind whose trailing status is their state, and the
checklists and tables that are views or material of them, not more work."""

from __future__ import annotations

import re

from trackmd.core import patterns
from trackmd.core.model import ItemKind, Section, StatusText
from trackmd.core.parse.context import _RawItem
from trackmd.core.parse.lanes import _Lanes


class _Stories(_Lanes):
    """Stories: numbered headings of one kind whose trailing status is their state."""

    def _story_family(self, markers: dict[int, StatusText], lone: dict[int, StatusText]) -> None:
        """Numbered headings of one kind at one level (`### Story 2.2 — … ✅`, `### A1 — …
        ✅ DONE`), none holding items: where some end in a status, that status is their
        state, and the unmarked ones are open (`unmarked`: made status sections)."""
        families: dict[tuple[int, str], list[int]] = {}
        for index, heading in enumerate(self.headings, start=1):
            kind = _family(heading.text)
            if kind is not None and index not in self._with_items:
                families.setdefault((heading.level, kind), []).append(index)
        self.unmarked, self.story_refs, self.stories = set(), set(), set()
        for members in families.values():
            ending = [
                i for i in members
                if (tail := self.headings[i - 1].tail) is not None and tail.state is not None
                and lone.get(i, markers.get(i)) == tail
            ]  # fmt: skip
            if len(members) < 2 or not ending:
                continue
            for index in members:
                match = _FAMILY.match(self.headings[index - 1].text)
                if match is not None and match.group(1):
                    self.story_refs.add((match.group(1).lower(), match.group(3)))
                    self.stories.add(index)
                if index in lone and index not in markers:
                    markers[index] = lone[index]
                elif index not in markers and self.headings[index - 1].lead[0] == "":
                    self.unmarked.add(index)

    def _story_views(self, sections: list[Section]) -> None:
        """Where the work is story headings, checklists and tables naming those stories are
        views or material of them, not more work: a checklist whose every item names a
        story (`- [x] Tokens documented (Story 1.1)`), and the status rows under a heading
        that names a story without being one (`## Overrides — audit of Story 2.1`)."""
        if not self.story_refs:
            return
        words = sorted({w for w, _ in self.story_refs}, key=len, reverse=True)
        pattern = patterns.compile(
            r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")[ \t]+#?(\d+(?:\.\d+)*[a-z]?)",
            re.IGNORECASE,
        )

        def names(text: str) -> bool:
            found = {(m.group(1).lower(), m.group(2)) for m in pattern.finditer(text)}
            return bool(found & self.story_refs)

        material: set[int] = set()
        for section in sections[1:]:
            parent = section.parent
            if (parent is not None and parent in material) or (
                section.index not in self.stories and names(section.label)
            ):
                material.add(section.index)
        boxes: dict[int, list[_RawItem]] = {}
        for r in self.raw_items:
            if r.kind is ItemKind.CHECKBOX and r.parent_key is None:
                boxes.setdefault(r.section, []).append(r)
        drop = {r.key for r in self.raw_items if r.kind is ItemKind.ROW and r.section in material}
        for found in boxes.values():
            if len(found) >= 2 and all(names(r.text) for r in found):
                drop.update(r.key for r in found)
        if drop:
            lines = {r.line + 1 for r in self.raw_items if r.key in drop}
            self.raw_items[:] = [
                r for r in self.raw_items if r.key not in drop and r.parent_key not in drop
            ]
            self.diagnostics[:] = [  # no item: its status word is no question either
                d for d in self.diagnostics if d.code != "unknown-status" or d.line not in lines
            ]


_FAMILY = patterns.compile(
    r"^[ \t*]*(?:([^\W\d_]+)[ \t]+#?)?([A-Z]{0,3})(\d+(?:\.\d+)*[a-z]?)\)?(?![\w.])"
)


def _family(text: str) -> str | None:
    """The kind of a numbered heading: `Story 2.2 — …` → `story`, `A1 — …` → `A`."""
    match = _FAMILY.match(text)
    if match is None or not (match.group(1) or match.group(2)):
        return None
    return (match.group(1) or "").lower() + "|" + match.group(2)
