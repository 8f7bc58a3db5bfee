"""List items: checkboxes, their IDs, owners, points, dependencies and nesting; status lists."""

from __future__ import annotations

import re

from trackmd.core import patterns
from trackmd.core.lexicon import (
    leading_emoji,
)
from trackmd.core.model import (
    ItemKind,
    Settings,
    Severity,
    State,
)
from trackmd.core.parse.context import _ItemCtx, _ListCtx, _RawItem
from trackmd.core.parse.notwork import _NotWork
from trackmd.core.parse.syntax import (
    _CHECKBOX,
    _LIST_MARKER,
    MARKERS,
)

# a summary line's value: a percent after a colon (`: 95%`, Turkish `: %95`)
_SUMMARY = patterns.compile(r"[:：][ \t]*(?:%[ \t]?\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?[ \t]?%)")


class _Lists(_NotWork):
    """List items: checkboxes, their IDs, owners, points, dependencies and nesting; lists
    whose entries say a state (emoji, `**Status**:` sub-entries, `[DONE]` tags)."""

    def _list_paragraph(self, owner: _ItemCtx, lmap: list[int], content: str, section: int) -> None:
        line = lmap[0]
        source_line = self.lines[line]
        if line != owner.line:
            return
        marker = _LIST_MARKER.match(source_line)
        if marker:
            owner.indent = marker.group("pre")[: marker.start("marker")]
            owner.marker = marker.group("marker")
        match = _CHECKBOX.match(source_line)
        if match is not None:
            self._checkbox(owner, match, line, section, content)
            if lmap[1] > line + 1:  # the paragraph's further lines may hold fields
                self._paragraph_fields([line + 1, lmap[1]], section, owner)
            return
        if content.startswith("[]"):
            self.diag(line, 0, Severity.WARNING, "malformed-checkbox",
                      "checkbox without a space inside the brackets: write `[ ]`")  # fmt: skip
        # first paragraph of a plain list item: a field, an emoji status, or plain text
        self._paragraph_fields(lmap, section, owner)
        self._field_status(owner, source_line, line)
        if marker is not None:
            body_col = marker.end()
            body = source_line[body_col:]
            emoji, after = leading_emoji(body)
            if emoji and self.vocab.emoji_state(emoji) is not None:
                status = self.status_at(
                    self.src.span(line, body_col + after - len(emoji), body_col + after), emoji
                )
                owner.emoji_reading = (status, body[after:].strip())
            self._tag_status(owner, body, body_col, line)
        owner.text = content.split("\n", 1)[0].strip()

    def _checkbox(
        self, owner: _ItemCtx, match: re.Match[str], line: int, section: int, content: str = ""
    ) -> None:
        mark = match.group("mark")
        dialect = self.dialect
        if match.group("optional") and not dialect.optional_mark:
            return  # `[ ]*` is a checkbox in Kiro only (GitHub shows the text)
        if dialect.only_markers and mark not in dialect.only_markers:
            return  # spec-kit's `- [P] tasks = …`: a legend of its tags
        state = (dict(dialect.markers).get(mark) if dialect.markers else None) or MARKERS.get(mark)
        state = state or own_markers(self.settings).get(mark)
        if state is State.OPEN and "~~" in content and _struck(content):
            state = State.CANCELLED  # `- [ ] ~~dropped idea~~`: struck through, not to do
        if state is None:
            state = State.OPEN
            message = f"checkbox marker [{mark}] is not a known state; counted as open"
            self.diag(line, match.start("mark"), Severity.INFO, "unknown-marker", message)
        text_col = match.end()
        text = self.lines[line][text_col:].strip()
        parent = owner.parent
        while parent is not None and parent.key is None:
            parent = parent.parent
        parent_key = parent.key if parent is not None and parent.checkbox else None
        if parent_key is None:
            parent_key = self._criteria_task(owner)
        key = (line, match.start("mark"))
        owner.checkbox = True
        owner.key = key
        owner.text = text
        item = _RawItem(
            key, ItemKind.CHECKBOX, text, state, line, section,
            self.src.span(line, match.start("mark"), match.end("mark")), marker=mark,
            parent_key=parent_key,
            list_indent=match.group("pre")[: match.start("marker")],
            list_marker=match.group("marker"),
        )  # fmt: skip
        self._metadata(item, text, line, text_col)
        self.raw_items.append(item)

    def _close_list(self, ctx: _ListCtx) -> None:
        entries = ctx.entries
        if self._checkbox_legend(entries):
            self._drop_items({e.key for e in entries if e.key is not None})
            entries = []
        # status list items: a plain list item whose nested list has a **Status** entry
        for entry in entries:
            if entry.checkbox or entry.status_field is None:
                continue
            status = entry.status_field
            st = self.status_at(status.value_span, status.value)
            state = self._state_or_open(st, status.line, status.value_span)
            key = (entry.line, 0)
            entry.key = key
            item = _RawItem(key, ItemKind.LIST_STATUS, entry.text, state, entry.line, ctx.section,
                            status.value_span, status=st)  # fmt: skip
            self._metadata(item, entry.text, entry.line, 0)
            item.parent_key = self._checkbox_ancestor(entry)
            self.raw_items.append(item)
        # `- [DONE] text`, `- text [IN PROGRESS]`: a tag saying a state
        for entry in entries:
            if entry.key is None and entry.tag_reading is not None:
                st, text = entry.tag_reading
                assert st.state is not None
                entry.key = (entry.line, 3)
                item = _RawItem(entry.key, ItemKind.LIST_STATUS, text, st.state, entry.line,
                                ctx.section, st.span, status=st)  # fmt: skip
                self._metadata(item, text, entry.line, 0)
                item.parent_key = self._checkbox_ancestor(entry)
                self.raw_items.append(item)
        # emoji lists: every item starts with a status emoji and two states occur
        # (`- **✅ Stage**: 🔄 Doing` is a field list's entry: its value says the state)
        readings = [None if e.field_reading else e.emoji_reading for e in entries]
        if (
            entries
            and all(r is not None for r in readings)
            and not any(e.checkbox for e in entries)
            and not self._summary_list(ctx.label, [r[1] for r in readings if r is not None])
            # `- ✅ Backend: %100`, `- ⏳ Docs: 40%` on every line: a roll-up, not work
            and not all(r is not None and _SUMMARY.search(r[1]) for r in readings)
        ):
            states = {r[0].state for r in readings if r is not None}
            if len(states) >= 2:
                for entry in entries:
                    if entry.key is not None or entry.emoji_reading is None:
                        continue
                    st, text = entry.emoji_reading
                    key = (entry.line, 1)
                    entry.key = key
                    assert st.state is not None
                    item = _RawItem(key, ItemKind.EMOJI, text, st.state, entry.line, ctx.section,
                                    st.span, status=st)  # fmt: skip
                    self._metadata(item, text, entry.line, 0)
                    item.parent_key = self._checkbox_ancestor(entry)
                    self.raw_items.append(item)
        if (
            entries
            and ctx.parent_item is None
            and all(e.key in (None, (e.line, 1)) and e.marker[:1].isdigit() for e in entries)
        ):
            self.numbered_lists.append((ctx.section, entries))  # `_numbered_groups` decides
        fielded = [e for e in entries if e.key is None and e.field_reading is not None]
        if entries and len(fielded) == len(entries):
            self.field_lists.append((ctx.section, fielded))
        if ctx.label is not None and ctx.parent_item is None:
            keys = [e.key for e in entries if e.key is not None]
            if keys:
                self.labelled.append((ctx.section, ctx.label, keys))
        ctx.entries = []  # no entry ↔ list cycles: the parse runs with the collector off


def _struck(content: str) -> bool:
    """The whole text of a checkbox's first paragraph struck through: `[ ] ~~text~~`."""
    text = content.split("]", 1)[1].strip() if "]" in content else ""
    return (
        len(text) > 4 and text.startswith("~~") and text.endswith("~~") and (text.count("~~") == 2)
    )


def own_markers(settings: Settings) -> dict[str, State]:
    """Markers the configuration gives a state: `statuses = {open = ["[?]"]}` (an
    Obsidian user's custom statuses)."""
    return {
        word[1]: State(state)
        for state, words in settings.statuses
        for word in words
        if len(word) == 3 and word[0] == "[" and word[2] == "]"
    }


def numbered_tasks(raw_items: list[_RawItem]) -> None:
    """A numbered dialect's `1.2` task is a sub-task of its `1.` task, written flat
    (`- [x] 1.2` at the left margin, as Kiro writes them) or nested."""
    from trackmd.core.dialect import task_number

    by_number: dict[str, _RawItem] = {}
    for item in sorted(raw_items, key=lambda r: r.key):
        if item.kind is not ItemKind.CHECKBOX:
            continue
        number = task_number(item.text)
        if number is None:
            continue
        by_number[number] = item
        parent = by_number.get(number.rsplit(".", 1)[0]) if "." in number else None
        if parent is not None and item.parent_key is None and parent.line < item.line:
            item.parent_key = parent.key
