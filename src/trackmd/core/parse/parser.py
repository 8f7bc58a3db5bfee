"""The passes in order, then the numbering of items and the finished `Document`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trackmd.core import obsidian, patterns
from trackmd.core.lexicon import (
    Vocabulary,
    leading_emoji,
    strip_emoji_edges,
)
from trackmd.core.model import (
    Bar,
    Document,
    Item,
    Section,
    Severity,
)
from trackmd.core.parse import metadata, warm
from trackmd.core.parse.fields import legend_words
from trackmd.core.parse.lists import numbered_tasks
from trackmd.core.parse.sections import _Sections
from trackmd.core.parse.syntax import (
    _BAR,
    _DEPENDS,
    _MAX_NESTING,
    _OWNER,
    DEPENDS_WORDS,
    MARKDOWN_IT,
    SCANNER,
    _bar_glyphs,
    _markdown,
    _nesting,
    _runs,
    block_reader,
)

_BULLET = patterns.compile(r"^[-*+][ \t]+")

if TYPE_CHECKING:
    from collections.abc import Sequence

    from trackmd.core.parse.scanner import BlockToken


class Parser(_Sections):
    """The passes in order, then the numbering of items and the finished `Document`."""

    def run(self) -> Document:
        md_lines = list(self.lines)
        self._front_matter(md_lines)
        extra = dict(self.settings.statuses)
        self.vocab = Vocabulary(extra)
        learned = legend_words(self.text, self.vocab)
        if learned:  # the file's legend defines words: they are its settings from now on
            merged = dict(self.settings.statuses)
            for state, words in learned.items():
                merged[state] = tuple(dict.fromkeys((*merged.get(state, ()), *words)))
            self.settings = self.settings._replace(statuses=tuple(merged.items()))
            self.vocab = Vocabulary(merged)
        self.vocab.learn_colours(self.text)
        tokens = self._tokens(md_lines)
        del md_lines
        self._walk(tokens)
        del tokens  # a 10 MB file's tokens outweigh its model: let them go before it is built
        legends, logs = self._find_not_work_sections()
        self.not_work_sections = legends | logs
        self._drop_items(set(), legends, logs)
        self._numbered_groups()
        sections = self._sections(self._heading_markers())
        kept = (len(self.raw_items), len(self.diagnostics))
        reads = self._tables(sections)
        if len(self.raw_items) > kept[0]:
            # Table rows are items too, known only now: when they change which lone heading
            # emoji are status markers, read the headings and tables again with them counted,
            # so that rewriting a marker to its roll-up never changes the decision. (A table
            # the new sections leave a roll-up table or not adds what it added before.)
            markers = self._heading_markers()
            if markers != {s.index: s.marker for s in sections if s.marker is not None}:
                del self.raw_items[kept[0] :], self.diagnostics[kept[1] :]
                sections = self._sections(markers)
                self._tables(sections, reads if self.reuse_tables else None)
        self._one_view()
        self._story_views(sections)
        self._lanes(sections)
        self._status_sections(sections)
        if self.dialect.numbered:
            numbered_tasks(self.raw_items)
        self._one_view_per_id()
        bars = self._bars(sections)
        items = self._number(sections)
        return self._document(sections, items, bars)

    def _tokens(self, md_lines: list[str]) -> Sequence[BlockToken]:
        """The block tokens: the scanner's when it reads (and models) the document, else
        markdown-it's. Its block parser recurses once per nesting level: lines nested deeper
        than a few hundred levels (`>>>>…`, lists in lists) exhaust the stack. Then those
        lines are read as blank, with a warning each, and the rest is read. With the last
        version's read kept (the editor's), markdown-it reads only the blocks the change
        reaches."""
        if self.keep:  # warm reads are markdown-it's: the editor's quick-fixes write
            self.blocks = MARKDOWN_IT
            if self.previous is not None:
                found = warm.read(self.previous, md_lines)
                if found is not None:
                    self.kept_read = found
                    return found.tokens
        text = "\n".join(md_lines)
        if (self.blocks or block_reader(self.settings.parser)) == SCANNER:
            from trackmd.core.parse.scanner import scan

            scanned = scan(text)
            if scanned is not None:
                self.blocks = SCANNER
                return scanned
        self.blocks = MARKDOWN_IT
        try:
            tokens = _markdown().parse(text)
        except RecursionError:
            pass
        except Exception as error:  # markdown-it on hostile input: keep totality
            self.diag(0, 0, Severity.ERROR, "parse-error", f"markdown parser failed: {error}")
            return []
        else:
            if self.keep:  # a read that fell back (too deep) is not kept
                self.kept_read = warm.Blocks.of(md_lines, tokens)
            return tokens
        depths = [_nesting(line) for line in md_lines]
        for limit in (_MAX_NESTING, _MAX_NESTING // 4, _MAX_NESTING // 16):
            lines = [line if d <= limit else "" for line, d in zip(md_lines, depths, strict=True)]
            try:
                tokens = _markdown().parse("\n".join(lines))
            except RecursionError:
                continue
            except Exception as error:
                self.diag(0, 0, Severity.ERROR, "parse-error", f"markdown parser failed: {error}")
                return []
            deep = [line for line, depth in enumerate(depths) if depth > limit]
            for first, last in _runs(deep):
                where = "this line is" if first == last else f"lines {first + 1}–{last + 1} are"
                self.diag(
                    first, 0, Severity.WARNING, "too-deep",
                    f"nested {depths[first]} levels deep (more than {limit}); {where} not read",
                )  # fmt: skip
            return tokens
        self.diag(0, 0, Severity.ERROR, "parse-error", "document too deeply nested to parse")
        return []

    def _bars(self, sections: list[Section]) -> list[Bar]:
        bars: list[Bar] = []
        for line, source_line in enumerate(self.lines):
            if "█" not in source_line and "░" not in source_line and "▓" not in source_line \
                    and "■" not in source_line and "□" not in source_line \
                    and "▒" not in source_line and "[" not in source_line:  # fmt: skip
                continue
            match = _BAR.search(source_line)
            if match is None:
                continue
            glyphs = match.group("glyphs")
            inner = match.group("inner")
            run = inner if inner is not None else glyphs
            g_start = match.start("inner") if inner is not None else match.start("glyphs")
            fill, empty = _bar_glyphs(run)
            if fill is None:
                continue
            label_part = source_line[: match.start()]
            if "|" in label_part:
                parts = [p for p in label_part.split("|") if p.strip()]
                label_part = parts[0] if parts else ""
            label = strip_emoji_edges(label_part).strip(" \t:-|>").strip()
            label = _BULLET.sub("", label)
            pct_span = None
            field_end = match.end()
            if match.group("pct"):
                pct_span = self.src.span(line, match.start("pct"), match.end("pct"))
            emoji, after = leading_emoji(source_line[match.end() :])
            emoji_span = None
            if emoji and not source_line[match.end() : match.end() + after - len(emoji)].strip():
                es = match.end() + after - len(emoji)
                emoji_span = self.src.span(line, es, es + len(emoji))
            else:
                field_end = (
                    match.end("pct")
                    if match.group("pct")
                    else match.end("glyphs" if inner is None else "inner")
                )
            if emoji_span is None and match.group("pct"):
                field_end = match.end("pct")
            bars.append(Bar(
                line, self._section_at(line), self._block_of(line), label,
                self.src.span(line, g_start, g_start + len(run)), fill, empty or "",
                pct_span, self.src.line_starts[line] + field_end, emoji_span,
            ))  # fmt: skip
        return bars

    def _number(self, sections: list[Section]) -> list[Item]:
        raw = sorted(self.raw_items, key=lambda r: r.key)
        numbers = {r.key: i for i, r in enumerate(raw, start=1)}
        items: list[Item] = []
        for i, r in enumerate(raw, start=1):
            text = r.text
            owner = _OWNER.search(text) if "@" in text else None
            tasks = obsidian.read(text)
            meta = metadata.read(text)
            deps = _depends(text) + tasks.depends
            if r.key in self.item_fields:  # `  - **Due**: …` below the checkbox
                r.meta = {**self.item_fields[r.key], **r.meta}
            if "depends" in r.meta:  # a status table's dependency column
                deps += tuple(r.meta["depends"].split())
            items.append(Item(
                i, r.kind, r.id, text, r.state, r.line, r.section, r.state_span, r.status,
                r.marker, numbers.get(r.parent_key) if r.parent_key else None, r.points,
                r.meta.get("owner") or (owner.group(1) if owner else None),
                meta.due or r.meta.get("due"), deps, r.cookie, r.list_indent, r.list_marker,
                tasks.priority or meta.priority or r.meta.get("priority"), tasks.dates,
                tasks.recurrence, tasks.task_id, meta.tags,
            ))  # fmt: skip
        ids: dict[str, Item] = {}
        for item in items:
            if item.id is None:
                continue
            if item.id in ids and item.kind == ids[item.id].kind:
                self.diag(
                    item.line,
                    0,
                    Severity.ERROR,
                    "duplicate-id",
                    f"explicit ID {item.id} is also used on line {ids[item.id].line + 1}",
                )
            ids.setdefault(item.id, item)
        self.labelled_numbers = [
            (section, label, tuple(numbers[k] for k in keys if k in numbers))
            for section, label, keys in self.labelled
        ]  # fmt: skip
        return items

    def _document(self, sections: list[Section], items: list[Item], bars: list[Bar]) -> Document:
        self.diagnostics.sort(key=lambda d: (d.line, d.column))
        return Document(
            self.path, self.text, sections[0].label, tuple(sections), tuple(items),
            tuple(self.fields), tuple(self.tables), tuple(bars), tuple(self.diagnostics),
            self.front_matter, self.settings, tuple(self.labelled_numbers),
            colours=dict(self.vocab.colours), legend_colours=frozenset(self.vocab.legend_colours),
            dialect=self.dialect.name, blocks=self.blocks or MARKDOWN_IT,
        )  # fmt: skip


def _depends(text: str) -> tuple[str, ...]:
    """`depends on #3`, `blocked by T-2`: what an item's text says it waits for."""
    folded = text.casefold()  # each letter `_DEPENDS` matches folds to itself
    if not any(word in folded for word in DEPENDS_WORDS):
        return ()
    return tuple(m.group(1) for m in _DEPENDS.finditer(text))
