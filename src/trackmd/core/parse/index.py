"""Section labels as rows and bars name them: the one resolver of a label to a section."""

from __future__ import annotations

from trackmd.core.lexicon import (
    strip_emoji_edges,
    strip_markup,
)
from trackmd.core.model import (
    Section,
    Table,
)
from trackmd.core.parse.syntax import (
    _ID_START,
    TOTAL_LABELS,
    field_key,
    github_anchor,
    link_anchors,
    normalize_label,
    numbered_id,
    unlinked,
)


class SectionIndex:
    """Resolve a label, ID or numbered label to a section."""

    def __init__(self, sections: list[Section] | tuple[Section, ...]) -> None:
        self.sections = sections
        self._by: tuple[dict[str, int], dict[str, int]] | None = None
        self._anchors: dict[str, int] | None = None

    @property
    def by_id(self) -> dict[str, int]:
        return self._index()[0]

    @property
    def by_label(self) -> dict[str, int]:
        return self._index()[1]

    def _index(self) -> tuple[dict[str, int], dict[str, int]]:
        """Built on the first lookup: a file without tables or bars never needs it."""
        if self._by is not None:
            return self._by
        by_id: dict[str, int] = {}
        by_label: dict[str, int] = {}
        for s in self.sections[1:]:
            by_id.setdefault(s.id.lower(), s.index)
            if s.explicit_id:
                by_id.setdefault(s.explicit_id.lower(), s.index)
            numbered = numbered_id(s.label)
            if numbered:
                by_id.setdefault(numbered, s.index)
            for key in {normalize_label(s.label), strip_emoji_edges(s.label).lower()}:
                if key:
                    by_label.setdefault(key, s.index)
        self._by = by_id, by_label
        return self._by

    def resolve(self, text: str) -> int | None:
        """The section `text` names: by explicit or numbered ID, by label, or by the
        in-page anchor it links to (`[Backend](#backend)`)."""
        found = self._resolve(strip_markup(unlinked(text)))
        if found is None and "](#" in text:
            for anchor in link_anchors(text):
                found = self.by_id.get(anchor.lower())
                if found is None:
                    found = self.anchors().get(anchor.lower())
                if found is not None:
                    break
        return found

    def anchors(self) -> dict[str, int]:
        """Each section by the anchor GitHub gives its heading (`## 🚀 Launch` → `-launch`,
        `Performance & Speed` → `performance--speed`, a second `Security` → `security-1`)."""
        if self._anchors is None:
            self._anchors = {}
            used: dict[str, int] = {}
            for s in self.sections[1:]:
                base = github_anchor(s.heading_text)
                count = used.get(base, 0)
                used[base] = count + 1
                self._anchors.setdefault(base if not count else f"{base}-{count}", s.index)
        return self._anchors

    def _resolve(self, clean: str) -> int | None:
        explicit = _ID_START.match(clean)
        if explicit and explicit.group(1).lower() in self.by_id:
            return self.by_id[explicit.group(1).lower()]
        numbered = numbered_id(clean)
        if numbered and numbered in self.by_id:
            return self.by_id[numbered]
        key = normalize_label(clean)
        if key and key in self.by_label:
            return self.by_label[key]
        return None

    def is_rollup(self, table: Table) -> bool:
        resolved = 0
        for row in table.rows:
            if not row.cells:
                return False
            first = row.cells[0].text
            if field_key(first) in TOTAL_LABELS:
                continue
            target = self.resolve(first)
            if target is None or target == table.section:
                return False
            resolved += 1
        return resolved > 0
