"""Sections from headings: their status markers and Status fields."""

from __future__ import annotations

from trackmd.core import patterns
from trackmd.core.lexicon import (
    COLOURS,
    strip_emoji_edges,
)
from trackmd.core.model import (
    Cookie,
    Section,
    Span,
    State,
    StatusText,
)
from trackmd.core.parse.stories import _Stories
from trackmd.core.parse.syntax import (
    _COOKIE,
    _ID_ANY,
    _POINTS,
    POINTS_KEYS,
    _without_bars,
    heading_progress,
    numbered_id,
    slug,
    unlinked,
)

_SPACES = patterns.compile(r"\s+")
_POINTS_VALUE = patterns.compile(r"\s*\**\s*(\d+(?:\.\d+)?)")


class _Sections(_Stories):
    """Sections from headings: their status markers and Status fields."""

    def _sections(self, markers: dict[int, StatusText]) -> list[Section]:
        title = ""
        for heading in self.headings:
            if heading.level == 1:
                title = strip_emoji_edges(heading.text)
                break
        if not title:
            title = self.path.rsplit("/", 1)[-1] if self.path else "document"
        sections = [
            Section(0, "document", title, 0, -1, None, "", Span(0, 0), None),
        ]
        used: dict[str, int] = {"document": 1}
        stack = [0]
        for index, heading in enumerate(self.headings, start=1):
            while len(stack) > 1 and sections[stack[-1]].level >= heading.level:
                stack.pop()
            marker = markers.get(index)
            label_text = heading.text
            if marker is not None:
                s, e = (
                    marker.span.start - heading.span.start,
                    marker.span.end - heading.span.start,
                )
                label_text = label_text[:s] + label_text[e:]
            field = heading_progress(label_text)
            if field is not None:  # `Overall Progress: 40%`: the value is derived, not a name
                label_text = label_text[: field[0]]
            label_text = _without_bars(_COOKIE.sub("", unlinked(label_text)))
            label = _SPACES.sub(" ", strip_emoji_edges(label_text.replace("**", "")))
            label = label.rstrip(" -–—:|")
            explicit = _ID_ANY.search(heading.text)
            base = explicit.group(1) if explicit else (numbered_id(label) or slug(label))
            count = used.get(base, 0) + 1
            used[base] = count
            ident = base if count == 1 else f"{base}-{count}"
            cookie = None
            cm = _COOKIE.search(heading.text)
            if cm:
                cs = heading.span.start + cm.start()
                cookie = Cookie(Span(cs, cs + len(cm.group())), cm.group().endswith("%]"))
            points = _POINTS.search(heading.text)
            sections.append(Section(
                index, ident, label, heading.level, heading.line, stack[-1], heading.text,
                heading.span, marker, explicit.group(1) if explicit else None,
                float(points.group(1)) if points else None, cookie,
            ))  # fmt: skip
            stack.append(index)
        children: dict[int, list[int]] = {}
        for sec in sections[1:]:
            assert sec.parent is not None
            children.setdefault(sec.parent, []).append(sec.index)
        # points from `**Story Points**: 5` fields
        points_of: dict[int, float] = {}
        for fld in self.fields:
            if fld.key in POINTS_KEYS and fld.owner_list_item is None:
                num = _POINTS_VALUE.match(fld.value)
                if num and fld.section not in points_of:
                    points_of[fld.section] = float(num.group(1))
        return [
            s._replace(children=tuple(children.get(s.index, ())),
                       points=points_of.get(s.index, s.points))
            for s in sections
        ]  # fmt: skip

    def _heading_markers(self) -> dict[int, StatusText]:
        """Status markers: a trailing `emoji word`, or a lone status emoji at the start or
        end when sibling headings show at least two different states (else decoration)."""
        markers: dict[int, StatusText] = {}
        lone: dict[int, StatusText] = {}
        parents: dict[int, int] = {}
        stack: list[tuple[int, int]] = []  # (level, index)
        own_status = self._section_status_fields()

        def colour_known(index: int, emoji: str) -> bool:
            """A lone colour emoji's meaning is learned from words elsewhere, often markers
            trackmd rewrites (hypothesis and the fuzzer found the instability). It counts
            where a legend defines it, or where the section's own `Status` says it with a
            word (`### 🔴 BLOC 2` over `**Status** : 🔴 NOT STARTED`): the two change
            together."""
            if emoji[:1] not in COLOURS or emoji[:1] in self.vocab.legend_colours:
                return True
            status = own_status.get(index)
            reading = self.vocab.read(status.value) if status is not None else None
            return reading is not None and bool(reading.word) and reading.emoji[:1] == emoji[:1]

        for index, heading in enumerate(self.headings, start=1):
            while stack and stack[-1][0] >= heading.level:
                stack.pop()
            parents[index] = stack[-1][1] if stack else 0
            stack.append((heading.level, index))
            tail = heading.tail
            if tail is not None and tail.word:
                rest = heading.text[: tail.span.start - heading.span.start]
                if strip_emoji_edges(rest).strip(" -–—:|"):
                    markers[index] = tail
                continue
            emoji, col = heading.lead
            if (
                emoji
                and self.vocab.emoji_state(emoji) is not None
                and colour_known(index, emoji)  # else as if it were no status: the tail counts
            ):
                rest = heading.text[col + len(emoji) :]
                word = self.vocab.word_at(rest.strip(" *"))
                if word is None or strip_emoji_edges(rest).strip(" -–—:|"):
                    st = self.status_text(
                        heading.line,
                        heading.span.start - self.src.line_starts[heading.line] + col,
                        emoji,
                    )
                    lone[index] = st
            elif (
                tail is not None
                and colour_known(index, tail.emoji)
                # a colour in front whose meaning came and goes with the section's own
                # `Status` word (rewritten by a sync) must not hand the marker to the tail
                and not (emoji[:1] in COLOURS and index in own_status)
            ):
                lone[index] = tail
        # Judge agreement by what each marker should say (its items' roll-up), so that
        # rewriting markers to their derived states never changes this decision. One state
        # written over different progress stays decoration (two `✅` over open and done).
        rolled = self._rolled_up_states(markers)
        written: dict[tuple[int, int], set[State]] = {}
        disagree: set[tuple[int, int]] = set()
        size: dict[tuple[int, int], int] = {}
        kept: set[tuple[int, int]] = set()
        itemless: set[tuple[int, int]] = set()
        itemful: set[tuple[int, int]] = set()
        unstated: set[tuple[int, int]] = set()  # a lone emoji that is no state
        for index, st in lone.items():
            key = (parents[index], self.headings[index - 1].level)
            state = rolled.get(index, st.state)
            if st.state is not None:
                written.setdefault(key, set()).add(st.state)
            else:
                unstated.add(key)
            if index not in self._with_items:
                itemless.add(key)  # a status section: its emoji is its state
            else:
                itemful.add(key)
                if state != st.state:
                    disagree.add(key)
            size[key] = size.get(key, 0) + 1
            if self.headings[index - 1].line in self.keep_markers:
                kept.add(key)
        for index, st in lone.items():
            key = (parents[index], self.headings[index - 1].level)
            # Markers when siblings say different states, or when every one already says what
            # its section rolls up to: a sync rewrites varied markers to their roll-ups, and
            # those stay markers (a marker must not stop being one when its state changes).
            # Beside a status section (no items: its emoji is its state), always.
            agreeing = size[key] >= 2 and (
                (key in itemful and (key not in disagree or key in itemless))
                or (key not in itemful and key not in unstated)
            )
            if len(written.get(key, ())) >= 2 or agreeing or key in kept:
                markers[index] = st
        self._story_family(markers, lone)
        return markers
