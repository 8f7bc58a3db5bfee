"""Markdown text → `Document`. Block structure from markdown-it-py line maps, exact columns
from anchored regexes on the source lines. Never raises: odd input becomes diagnostics."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from trackmd.core import lexicon
from trackmd.core.lexicon import (
    COLOURS,
    Vocabulary,
    is_emoji_char,
    leading_emoji,
    strip_emoji_edges,
    strip_markup,
)
from trackmd.core.model import (
    Bar,
    Cell,
    Cookie,
    Diagnostic,
    Document,
    Field,
    Item,
    ItemKind,
    Row,
    Section,
    Settings,
    Severity,
    Span,
    State,
    StatusText,
    Table,
)
from trackmd.core.source import Source

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

ID_PATTERN = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9]+"
_ID_START = re.compile(rf"^(?:\*\*|__)?[ \t]*({ID_PATTERN})(?![\w-])")
_ID_ANY = re.compile(rf"(?<![\w-])({ID_PATTERN})(?![\w-])")
_CHECKBOX = re.compile(
    r"^(?P<pre>[ \t>]*?(?P<marker>[-*+]|\d{1,9}[.)]))(?P<gap>[ \t]+)"
    r"\[(?P<mark>[^\]\n])\](?=[ \t]|$)"
)
_LIST_MARKER = re.compile(r"^(?P<pre>[ \t>]*?(?P<marker>[-*+]|\d{1,9}[.)]))(?P<gap>[ \t]+)")
_MALFORMED = re.compile(r"^[ \t>]*(?:[-*+]\[[^\]\n]?\]|[-*+][ \t]+\[\])")
_FIELD = re.compile(
    r"^(?P<pre>[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)"
    r"(?:\*\*(?P<k1>[^*\n:]{1,60}?)[ \t]*:[ \t]*\*\*|\*\*(?P<k2>[^*\n:]{1,60}?)\*\*[ \t]*:)"
    r"[ \t]*(?P<value>.*?)[ \t]*$"
)
_FENCE_FIELD = re.compile(
    r"^(?P<pre>[ \t]*)(?P<k1>[A-Za-zÀ-ÿ][\w \t]{0,40}?)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$"
)
_BAR = re.compile(
    r"(?P<glyphs>[█▓▒░■□]{5,}|\[(?P<inner>[#=\-. ]{5,})\])"
    r"(?:(?P<gap>[ \t]*)(?P<pct>\d{1,3}(?:[.,]\d+)?[ \t]?%))?(?P<pad>[ \t]*)"
)
# `[2/5]`, `[40%]`, and the empty `[/]` and `[%]` an Org user writes to start one
_COOKIE = re.compile(r"\[(?:\d+/\d+|\d{1,3}%|/|%)\]")
_NUMBERED = re.compile(
    r"^(phase|epic|user story|story|sprint|bloc|block|week|milestone|étape|etape|stage|step|"
    r"part|release|iteration|semaine|fase|semana|woche|meilenstein|jalon|lot|module|chapter)"
    r"[ \t]+#?(\d+(?:\.\d+)*[a-z]?)(?![\w.])",
    re.IGNORECASE,
)
_POINTS = re.compile(
    r"[(\[][ \t]*(\d+(?:\.\d+)?)[ \t]*(?:pts?|points?|sp|story points?)[ \t]*[)\]]", re.IGNORECASE
)
_OWNER = re.compile(r"(?<![\w.@])@([A-Za-z][\w.-]*[\w])")
_DUE = re.compile(r"📅\ufe0f?[ \t]*(\d{4}-\d{2}-\d{2})")
_DEPENDS = re.compile(
    r"(?:⛔\ufe0f?[ \t]*([\w,-]+)|(?:depends on|blocked by|dépend de|after)[ \t]+"
    r"(?:#|story[ \t]+)?([\w-]+))",
    re.IGNORECASE,
)
_BOLD_LABEL = re.compile(
    r"^[ \t>]*(?:\*\*|__)(?P<label>[^*_\n]{1,60}?)[ \t]*:?[ \t]*(?:\*\*|__)[ \t]*:?[ \t]*$"
)

# The words of every language (core/lexicon, one file per language).
STATUS_KEYS = lexicon.STATUS_KEYS
PROGRESS_KEYS = lexicon.PROGRESS_KEYS
UPDATED_KEYS = lexicon.UPDATED_KEYS
POINTS_KEYS = lexicon.POINTS_KEYS
OWNER_KEYS = lexicon.OWNER_KEYS
STATUS_HEADERS = lexicon.STATUS_HEADERS
TOTAL_LABELS = lexicon.TOTAL_LABELS
# A bare "Progress" label is not an overall label: cards carry their own `Progression` bars.
OVERALL_LABELS = lexicon.OVERALL_LABELS

MARKERS = {
    " ": State.OPEN, "x": State.DONE, "X": State.DONE, "/": State.IN_PROGRESS,
    "!": State.BLOCKED, "-": State.CANCELLED,
}  # fmt: skip


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"maxNesting": 4096}).enable("table")
    # Block structure is all trackmd reads; inline parsing is where markdown-it spends its time.
    md.disable(["inline", "text_join"])
    return md


def normalize_label(text: str) -> str:
    """Label for matching: no markup, emoji, parenthetical tail or `Epic 1:` prefix."""
    s = strip_emoji_edges(text)
    s = re.sub(r"[ \t]*\([^()]*\)[ \t]*$", "", s)
    numbered = _NUMBERED.match(s)
    if numbered:
        rest = s[numbered.end() :].lstrip(" \t:-–—.")
        if rest:
            s = rest
    s = unicodedata.normalize("NFC", s).lower()
    return re.sub(r"[\s*_`]+", " ", s).strip(" :-–—.")


def without_cookie(text: str) -> str:
    """`text` without its statistics cookies (`[1/2]`, `[50%]`)."""
    return _COOKIE.sub("", text)


def numbered_id(text: str) -> str | None:
    match = _NUMBERED.match(strip_emoji_edges(text))
    if match is None:
        return None
    return f"{match.group(1).lower().replace(' ', '-')}-{match.group(2).lower()}"


def slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", strip_emoji_edges(text).lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^\w\s-]", "", s)
    s = re.sub(r"[\s_-]+", "-", s).strip("-")
    return s or "section"


def field_key(text: str) -> str:
    return re.sub(r"\s+", " ", strip_emoji_edges(text)).strip(" :").lower()


@dataclass
class _ListCtx:
    depth: int
    parent_item: _ItemCtx | None
    entries: list[_ItemCtx] = field(default_factory=list)
    label: str | None = None
    section: int = 0
    start_line: int = 0


@dataclass
class _ItemCtx:
    line: int
    level: int
    list: _ListCtx
    parent: _ItemCtx | None
    checkbox: bool = False
    key: tuple[int, int] | None = None  # set when this list item is an item
    first_para: bool = True
    status_field: Field | None = None
    emoji_reading: tuple[StatusText, str] | None = None  # (status, text)
    text: str = ""
    indent: str = ""
    marker: str = ""


@dataclass
class _RawItem:
    key: tuple[int, int]
    kind: ItemKind
    text: str
    state: State
    line: int
    section: int
    state_span: Span
    status: StatusText | None = None
    marker: str = ""
    parent_key: tuple[int, int] | None = None
    points: float | None = None
    id: str | None = None
    cookie: Cookie | None = None
    list_indent: str = ""
    list_marker: str = ""


@dataclass
class _Heading:
    level: int
    line: int
    text: str
    span: Span
    lead: tuple[str, int]  # leading emoji and its column in the text
    tail: StatusText | None  # trailing emoji + status word


class _Parser:
    def __init__(
        self, text: str, path: str, settings: Settings, keep_markers: frozenset[int] = frozenset()
    ) -> None:
        self.text = text
        self.keep_markers = keep_markers
        self.path = path
        self.settings = settings
        self.src = Source.of(text)
        self.lines = self.src.lines()
        self.diagnostics: list[Diagnostic] = []
        self.front_matter: dict[str, object] = {}
        self.headings: list[_Heading] = []
        self.section_of_line: list[int] = []
        self.raw_items: list[_RawItem] = []
        self.fields: list[Field] = []
        self.raw_tables: list[tuple[int, list[Row], int]] = []  # header line, rows, section
        self.labelled: list[tuple[int, str, list[tuple[int, int]]]] = []
        self.code_lines: set[int] = set()
        self.fence_lines: set[int] = set()
        self.block_of_line: dict[int, int] = {}

    # -- helpers -------------------------------------------------------------------------

    def diag(self, line: int, column: int, severity: Severity, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(line + 1, column + 1, severity, code, message))

    def status_text(self, line: int, col: int, text: str) -> StatusText:
        text = text.rstrip()
        return self.status_at(self.src.span(line, col, col + len(text)), text)

    def status_at(self, span: Span, text: str) -> StatusText:
        reading = self.vocab.read(text)
        return StatusText(
            span, text, reading.state, reading.word, reading.emoji, reading.word_start,
            reading.emoji_start,
        )  # fmt: skip

    # -- entry ---------------------------------------------------------------------------

    def run(self) -> Document:
        md_lines = list(self.lines)
        self._front_matter(md_lines)
        extra = dict(self.settings.statuses)
        self.vocab = Vocabulary(extra)
        self.vocab.learn_colours(self.text)
        tokens = self._tokens(md_lines)
        self._walk(tokens)
        sections = self._sections(self._heading_markers())
        kept = (len(self.raw_items), len(self.diagnostics))
        self._tables(sections)
        if len(self.raw_items) > kept[0]:
            # Table rows are items too, known only now: when they change which lone heading
            # emoji are status markers, read the headings and tables again with them counted,
            # so that rewriting a marker to its roll-up never changes the decision.
            markers = self._heading_markers()
            if markers != {s.index: s.marker for s in sections if s.marker is not None}:
                del self.raw_items[kept[0] :], self.diagnostics[kept[1] :]
                sections = self._sections(markers)
                self._tables(sections)
        self._status_sections(sections)
        bars = self._bars(sections)
        items = self._number(sections)
        return self._document(sections, items, bars)

    def _tokens(self, md_lines: list[str]) -> list[Token]:
        """markdown-it's tokens. Its block parser recurses once per nesting level: lines
        nested deeper than a few hundred levels (`>>>>…`, lists in lists) exhaust the stack.
        Then those lines are read as blank, with a warning each, and the rest is read."""
        try:
            return _markdown().parse("\n".join(md_lines))
        except RecursionError:
            pass
        except Exception as error:  # markdown-it on hostile input: keep totality
            self.diag(0, 0, Severity.ERROR, "parse-error", f"markdown parser failed: {error}")
            return []
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

    def _front_matter(self, md_lines: list[str]) -> None:
        if not md_lines or md_lines[0].rstrip() != "---":
            return
        end = next(
            (i for i in range(1, len(md_lines)) if md_lines[i].rstrip() in ("---", "...")), None
        )
        if end is None:
            return
        block = "\n".join(self.lines[: end + 1])
        for i in range(end + 1):
            md_lines[i] = ""
        from trackmd.core.config import AliasInFrontMatter, load_front_matter

        try:
            metadata = load_front_matter(block + "\n")
        except AliasInFrontMatter as error:
            self.diag(0, 0, Severity.ERROR, "config", error.message)
            return
        except Exception as error:
            mark = getattr(error, "problem_mark", None)
            line = (mark.line if mark is not None else 0) + 1
            self.diag(
                min(line, end), 0, Severity.WARNING, "front-matter",
                f"front matter is not valid YAML ({str(error).splitlines()[0]}); it is ignored",
            )  # fmt: skip
            return
        self.front_matter = metadata
        if "trackmd" in metadata:
            from trackmd.core.config import settings_from
            from trackmd.core.errors import BadInput

            try:
                self.settings = settings_from(metadata["trackmd"], "front matter", self.settings)
            except BadInput as error:
                self.diag(0, 0, Severity.ERROR, "config", error.message)

    # -- token walk ----------------------------------------------------------------------

    def _walk(self, tokens: list[Token]) -> None:
        current_section = 0
        section_starts: list[tuple[int, int]] = []  # (line, section index)
        lists: list[_ListCtx] = []
        items: list[_ItemCtx] = []
        pending_label: tuple[str, int] | None = None  # label, line after which a list follows
        heading_count = 0
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            ttype = tok.type
            if tok.map is not None and tok.level == 0:
                for line in range(tok.map[0], tok.map[1]):
                    self.block_of_line[line] = tok.map[0]
            if ttype == "heading_open" and tok.map is not None:
                content = tokens[i + 1].content if i + 1 < n else ""
                self._heading(tok, content)
                heading_count += 1
                current_section = heading_count
                section_starts.append((tok.map[0], current_section))
                pending_label = (strip_markup(content), tok.map[1])
                i += 3
                continue
            if ttype in ("bullet_list_open", "ordered_list_open"):
                parent = items[-1] if items else None
                ctx = _ListCtx(len(lists) + 1, parent, section=current_section)
                ctx.start_line = tok.map[0] if tok.map else 0
                if pending_label is not None and parent is None:
                    ctx.label = pending_label[0]
                lists.append(ctx)
                pending_label = None
            elif ttype in ("bullet_list_close", "ordered_list_close"):
                ctx = lists.pop()
                self._close_list(ctx)
            elif ttype == "list_item_open" and tok.map is not None and lists:
                parent = items[-1] if items else None
                items.append(_ItemCtx(tok.map[0], tok.level, lists[-1], parent))
                lists[-1].entries.append(items[-1])
            elif ttype == "list_item_close" and items:
                items.pop()
            elif ttype == "paragraph_open" and tok.map is not None:
                inline = tokens[i + 1] if i + 1 < n else None
                content = inline.content if inline is not None else ""
                owner = items[-1] if items and tok.level == items[-1].level + 1 else None
                in_list = bool(items)
                if owner is not None and owner.first_para:
                    owner.first_para = False
                    self._list_paragraph(owner, tok.map, content, current_section)
                else:
                    if owner is not None:
                        owner.first_para = False
                    self._paragraph_fields(tok.map, current_section, items[-1] if in_list else None)
                    label = _BOLD_LABEL.match(self.lines[tok.map[0]]) if not in_list else None
                    pending_label = (label.group("label"), tok.map[1]) if label else None
                    if not in_list:
                        self._malformed(tok.map)
                i += 3
                continue
            elif ttype == "table_open" and tok.map is not None:
                i = self._table(tokens, i, current_section)
                pending_label = None
                continue
            elif ttype in ("fence", "code_block") and tok.map is not None:
                lines = range(tok.map[0], tok.map[1])
                self.code_lines.update(lines)
                if ttype == "fence":
                    self.fence_lines.update(range(tok.map[0] + 1, tok.map[1] - 1))
                    self._fence_fields(tok, current_section)
            elif ttype == "html_block" and tok.map is not None:
                self.code_lines.update(range(tok.map[0], tok.map[1]))
            elif ttype == "hr":
                pending_label = None
            i += 1
        self.section_starts = section_starts

    def _heading(self, tok: Token, content: str) -> None:
        assert tok.map is not None
        line = tok.map[0]
        level = int(tok.tag[1]) if len(tok.tag) == 2 and tok.tag[1].isdigit() else 1
        source_line = self.lines[line]
        col = source_line.find(content) if content else -1
        if col < 0:
            col, content = 0, source_line
        span = self.src.span(line, col, col + len(content))
        lead = leading_emoji(content)
        lead_emoji = lead[0]
        lead_col = lead[1] - len(lead_emoji)
        tail = self._heading_tail(line, col, content)
        self.headings.append(_Heading(level, line, content, span, (lead_emoji, lead_col), tail))

    def _heading_tail(self, line: int, col: int, content: str) -> StatusText | None:
        """`… 🟡 In Progress` or `… ✅` at the end of a heading."""
        stripped = content.rstrip(" \t*")
        # emoji followed by a status word at the very end
        for match in re.finditer(
            r"(?:\*\*)?([^\w\s*()\[\]:,.;!?'\"-]+)[ \t]*(?:\*\*)?[ \t]*", stripped
        ):
            emoji = match.group(1)
            if not all(is_emoji_char(c) for c in emoji):
                continue
            rest = stripped[match.end() :]
            found = self.vocab.word_at(rest.replace("**", "")) if rest else None
            if rest and found is not None and found[1] >= len(rest.replace("**", "").rstrip()):
                start = match.start(1)
                return self.status_text(line, col + start, stripped[start:])
            if not rest and match.start() > 0:
                start = match.start(1)
                state = self.vocab.emoji_state(emoji)
                if state is not None:
                    return self.status_text(line, col + start, stripped[start:])
        return None

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
            self._checkbox(owner, match, line, section)
            self._paragraph_fields([line + 1, lmap[1]], section, owner)
            return
        if content.startswith("[]"):
            self.diag(line, 0, Severity.WARNING, "malformed-checkbox",
                      "checkbox without a space inside the brackets: write `[ ]`")  # fmt: skip
        # first paragraph of a plain list item: a field, an emoji status, or plain text
        self._paragraph_fields(lmap, section, owner)
        if marker is not None:
            body_col = marker.end()
            body = source_line[body_col:]
            emoji, after = leading_emoji(body)
            if emoji and self.vocab.emoji_state(emoji) is not None:
                status = self.status_at(
                    self.src.span(line, body_col + after - len(emoji), body_col + after), emoji
                )
                owner.emoji_reading = (status, body[after:].strip())
        owner.text = content.split("\n", 1)[0].strip()

    def _checkbox(self, owner: _ItemCtx, match: re.Match[str], line: int, section: int) -> None:
        mark = match.group("mark")
        state = MARKERS.get(mark)
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

    def _metadata(self, item: _RawItem, text: str, line: int, text_col: int) -> None:
        id_match = _ID_START.match(text)
        if id_match:
            item.id = id_match.group(1)
        points = _POINTS.search(text)
        if points:
            item.points = float(points.group(1))
        cookie = _COOKIE.search(text)
        if cookie:
            col = self.lines[line].find(cookie.group(), text_col)
            item.cookie = Cookie(
                self.src.span(line, col, col + len(cookie.group())), cookie.group().endswith("%]")
            )

    def _close_list(self, ctx: _ListCtx) -> None:
        entries = ctx.entries
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
        # emoji lists: every item starts with a status emoji and two states occur
        readings = [e.emoji_reading for e in entries]
        if (
            entries
            and all(r is not None for r in readings)
            and not any(e.checkbox for e in entries)
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
        if ctx.label is not None and ctx.parent_item is None:
            keys = [e.key for e in entries if e.key is not None]
            if keys:
                self.labelled.append((ctx.section, ctx.label, keys))
        ctx.entries = []  # no entry ↔ list cycles: the parse runs with the collector off

    def _checkbox_ancestor(self, entry: _ItemCtx) -> tuple[int, int] | None:
        parent = entry.parent
        while parent is not None:
            if parent.checkbox:
                return parent.key
            parent = parent.parent
        return None

    def _state_or_open(self, status: StatusText, line: int, span: Span) -> State:
        if status.state is not None:
            return status.state
        col = span.start - self.src.line_starts[line]
        self.diag(line, col, Severity.INFO, "unknown-status",
                  f"status {status.text!r} is not recognized; counted as open "
                  f"(map it with the `statuses` setting)")  # fmt: skip
        return State.OPEN

    def _paragraph_fields(self, lmap: list[int], section: int, owner: _ItemCtx | None) -> None:
        for line in range(lmap[0], lmap[1]):
            source_line = self.lines[line]
            if "**" not in source_line and "__" not in source_line:
                continue
            match = _FIELD.match(source_line)
            if match is None:
                continue
            key_text = match.group("k1") or match.group("k2") or ""
            value_col = match.start("value")
            value = match.group("value")
            list_owner = None
            is_list_line = bool(re.match(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]", source_line))
            if owner is not None and (owner.list.depth > 1 or not is_list_line):
                list_owner = owner.line
            fld = Field(
                field_key(key_text), key_text, value,
                self.src.span(line, value_col, value_col + len(value)), line, section, list_owner,
            )  # fmt: skip
            self.fields.append(fld)
            if owner is not None and fld.key in STATUS_KEYS and is_list_line:
                target = owner.parent
                if target is not None and not target.checkbox and target.status_field is None:
                    target.status_field = fld

    def _fence_fields(self, tok: Token, section: int) -> None:
        assert tok.map is not None
        if tok.info.strip() not in ("", "text", "txt", "plain", "plaintext"):
            return
        for line in range(tok.map[0] + 1, tok.map[1] - 1):
            match = _FENCE_FIELD.match(self.lines[line])
            if match is None:
                continue
            key = field_key(match.group("k1"))
            if key not in PROGRESS_KEYS:
                continue
            value = match.group("value")
            if not re.match(r"\**\d", value) or _BAR.search(value):
                continue  # not a number (a bar line is handled as a bar)
            col = match.start("value")
            self.fields.append(
                Field(
                    key,
                    match.group("k1"),
                    value,
                    self.src.span(line, col, col + len(value)),
                    line,
                    section,
                )
            )

    def _malformed(self, lmap: list[int]) -> None:
        line = lmap[0]
        if _MALFORMED.match(self.lines[line]):
            self.diag(
                line,
                0,
                Severity.WARNING,
                "malformed-checkbox",
                "not a checkbox: write `- [ ] text` with spaces around the brackets",
            )

    def _table(self, tokens: list[Token], i: int, section: int) -> int:
        start_map = tokens[i].map
        assert start_map is not None
        rows: list[Row] = []
        n = len(tokens)
        i += 1
        while i < n and tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "tr_open" and tok.map is not None:
                rows.append(self._row(tok.map[0]))
            i += 1
        self.raw_tables.append((start_map[0], rows, section))
        return i + 1

    def _row(self, line: int) -> Row:
        source_line = self.lines[line]
        start = 0
        prefix = re.match(r"^[ \t]*(?:>[ \t]?)*[ \t]*", source_line)
        if prefix:
            start = prefix.end()
        cells: list[Cell] = []
        body_end = len(source_line.rstrip())
        if start < body_end and source_line[start] == "|":
            start += 1
        pos = start
        segment_start = start
        length = body_end
        in_code = False
        while pos <= length:
            ch = source_line[pos] if pos < length else "|"
            if ch == "`":
                in_code = not in_code
            if (
                ch == "|" and not in_code and (pos == 0 or source_line[pos - 1] != "\\")
            ) or pos == length:
                raw = source_line[segment_start:pos]
                lead = len(raw) - len(raw.lstrip())
                content = raw.strip()
                if pos < length or content:
                    cs = segment_start + lead
                    cells.append(Cell(self.src.span(line, cs, cs + len(content)), content))
                segment_start = pos + 1
            pos += 1
        return Row(line, tuple(cells))

    # -- sections ------------------------------------------------------------------------

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
            label_text = _without_bars(_COOKIE.sub("", label_text))
            label = re.sub(r"\s+", " ", strip_emoji_edges(label_text.replace("**", "")))
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
                num = re.match(r"\s*\**\s*(\d+(?:\.\d+)?)", fld.value)
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
            elif tail is not None and colour_known(index, tail.emoji):
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
        for index, st in lone.items():
            key = (parents[index], self.headings[index - 1].level)
            state = rolled.get(index, st.state)
            if st.state is not None:
                written.setdefault(key, set()).add(st.state)
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
            agreeing = (
                size[key] >= 2 and key in itemful and (key not in disagree or key in itemless)
            )
            if len(written.get(key, ())) >= 2 or agreeing or key in kept:
                markers[index] = st
        return markers

    def _section_status_fields(self) -> dict[int, Field]:
        """Each section's own `Status` field (the first not inside a list item)."""
        found: dict[int, Field] = {}
        for fld in self.fields:
            if fld.key in STATUS_KEYS and fld.owner_list_item is None:
                found.setdefault(fld.section, fld)
        return found

    def _rolled_up_states(self, markers: dict[int, StatusText]) -> dict[int, State]:
        """What each heading's marker will say after a sync: for a heading with items known
        so far (checkbox, emoji, list), their roll-up, counting the status sections below it
        that are sure to be items (`_status_sections`: a heading without items, with a
        `Status` field or a marker with a word). A heading without items is absent: it is a
        status section itself, whose marker is its own state and never rewritten."""
        from bisect import bisect_left

        ends = [len(self.lines)] * len(self.headings)
        open_headings: list[int] = []  # a stack: each heading ends at the next one not deeper
        for index, heading in enumerate(self.headings):
            while open_headings and self.headings[open_headings[-1]].level >= heading.level:
                ends[open_headings.pop()] = heading.line
            open_headings.append(index)
        counted = [
            r for r in self.raw_items if r.parent_key is None or self.settings.count == "all"
        ]
        entries = [(r.line, r.state) for r in counted]
        item_lines = sorted(r.line for r in self.raw_items)
        status_field = self._section_status_fields()
        has_items: set[int] = set()
        for index, heading in enumerate(self.headings, start=1):
            if bisect_left(item_lines, heading.line) < bisect_left(item_lines, ends[index - 1]):
                has_items.add(index)
                continue  # not a status section
            status = status_field.get(index)
            if status is not None:
                entries.append((heading.line, self.vocab.read(status.value).state or State.OPEN))
            elif index in markers:
                entries.append((heading.line, markers[index].state or State.OPEN))
        self._with_items = has_items
        lines = sorted(entries)
        keys = [line for line, _ in lines]
        states: dict[int, State] = {}
        for index, heading in enumerate(self.headings, start=1):
            if index not in has_items:
                continue
            lo = bisect_left(keys, heading.line)
            hi = bisect_left(keys, ends[index - 1])
            chosen = [state for _, state in lines[lo:hi] if state is not State.CANCELLED]
            if not chosen:
                continue
            if all(state is State.DONE for state in chosen):
                states[index] = State.DONE
            elif any(state in (State.DONE, State.IN_PROGRESS) for state in chosen):
                states[index] = State.IN_PROGRESS
            else:
                states[index] = State.OPEN
        return states

    def _section_at(self, line: int) -> int:
        from bisect import bisect_right

        if not hasattr(self, "_starts"):
            self._starts = [s for s, _ in self.section_starts]
        pos = bisect_right(self._starts, line) - 1
        return self.section_starts[pos][1] if pos >= 0 else 0

    # -- tables --------------------------------------------------------------------------

    def _tables(self, sections: list[Section]) -> None:
        index = SectionIndex(sections)
        tables: list[Table] = []
        for header_line, rows, section in self.raw_tables:
            if not rows:
                continue
            header = rows[0].cells
            body = rows[1:]
            status_col = next(
                (c for c, cell in enumerate(header) if field_key(cell.text) in STATUS_HEADERS),
                None,
            )
            table = Table(header_line, section, header, tuple(body), status_col)
            tables.append(table)
            if status_col is None or not body:
                continue
            if index.is_rollup(table):
                continue
            points_col = next(
                (c for c, cell in enumerate(header) if field_key(cell.text) in POINTS_KEYS), None
            )
            for row in body:
                if status_col >= len(row.cells) or not row.cells:
                    continue
                first = row.cells[0].text
                if field_key(first) in TOTAL_LABELS:
                    continue
                cell = row.cells[status_col]
                st = self.status_text(
                    row.line, cell.span.start - self.src.line_starts[row.line], cell.text
                )
                state = self._state_or_open(st, row.line, cell.span)
                text = strip_markup(" ".join(c.text for c in row.cells[:1]))
                if status_col == 0 and len(row.cells) > 1:
                    text = strip_markup(row.cells[1].text)
                item = _RawItem((row.line, cell.span.start), ItemKind.ROW, text, state, row.line,
                                section, cell.span, status=st)  # fmt: skip
                self._metadata(item, strip_markup(first), row.line, 0)
                if points_col is not None and points_col < len(row.cells):
                    num = re.match(r"\s*\**\s*(\d+(?:\.\d+)?)", row.cells[points_col].text)
                    if num:
                        item.points = float(num.group(1))
                if len(row.cells) > 1 and status_col != 1:
                    item.text = (
                        " — ".join(
                            strip_markup(c.text) for c in row.cells[:2] if strip_markup(c.text)
                        )
                        if item.id is None
                        else strip_markup(first)
                    )
                self.raw_items.append(item)
        self.tables = tables

    # -- status sections -----------------------------------------------------------------

    def _status_sections(self, sections: list[Section]) -> None:
        has_items: set[int] = set()
        for item in self.raw_items:
            s: int | None = item.section
            while s is not None and s not in has_items:
                has_items.add(s)
                s = sections[s].parent
        status_field = self._section_status_fields()
        for section in sections[1:]:
            if section.index in has_items:
                continue
            status = status_field.get(section.index)
            if status is not None:
                st = self.status_at(status.value_span, status.value)
                line = status.line
            elif section.marker is not None:
                st = section.marker
                line = section.line
            else:
                continue
            state = self._state_or_open(st, line, st.span)
            item = _RawItem((section.line, -1), ItemKind.SECTION, section.label, state,
                            section.line, section.index, st.span, status=st,
                            points=section.points)  # fmt: skip
            item.id = section.explicit_id
            self.raw_items.append(item)

    # -- bars ----------------------------------------------------------------------------

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
            label = re.sub(r"^[-*+][ \t]+", "", label)
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
                line, self._section_at(line), self.block_of_line.get(line, line), label,
                self.src.span(line, g_start, g_start + len(run)), fill, empty or "",
                pct_span, self.src.line_starts[line] + field_end, emoji_span,
            ))  # fmt: skip
        return bars

    # -- numbering -----------------------------------------------------------------------

    def _number(self, sections: list[Section]) -> list[Item]:
        raw = sorted(self.raw_items, key=lambda r: r.key)
        numbers = {r.key: i for i, r in enumerate(raw, start=1)}
        items: list[Item] = []
        for i, r in enumerate(raw, start=1):
            text = r.text
            owner = _OWNER.search(text)
            due = _DUE.search(text)
            deps = tuple(d for m in _DEPENDS.finditer(text) for d in m.groups() if d)
            items.append(Item(
                i, r.kind, r.id, text, r.state, r.line, r.section, r.state_span, r.status,
                r.marker, numbers.get(r.parent_key) if r.parent_key else None, r.points,
                owner.group(1) if owner else None, due.group(1) if due else None, deps,
                r.cookie, r.list_indent, r.list_marker,
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
            colours=dict(self.vocab.colours),
        )  # fmt: skip


_MAX_NESTING = 128  # block-quote and list levels of one line that markdown-it is given
_CONTAINER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))")


def _nesting(line: str) -> int:
    """How many container blocks (quotes, list items, indentation) a line opens or is in:
    an upper bound of the nesting markdown-it will recurse into for it."""
    depth = 0
    pos = 0
    while match := _CONTAINER.match(line, pos):
        depth += 1
        pos = match.end()
    indent = len(line) - len(line.lstrip(" \t"))
    return depth + indent // 2


def _runs(lines: list[int]) -> list[tuple[int, int]]:
    """Sorted line numbers as (first, last) runs of consecutive lines."""
    runs: list[tuple[int, int]] = []
    for line in lines:
        if runs and runs[-1][1] == line - 1:
            runs[-1] = (runs[-1][0], line)
        else:
            runs.append((line, line))
    return runs


def _without_bars(text: str) -> str:
    """`text` without its progress bars and their percents: a bar in a heading (a bar line
    underlined into a setext heading) is a derived value, not part of the heading's name."""

    def drop(match: re.Match[str]) -> str:
        run = match.group("inner") if match.group("inner") is not None else match.group("glyphs")
        return " " if _bar_glyphs(run)[0] is not None else match.group()

    return _BAR.sub(drop, text) if _BAR.search(text) else text


def _bar_glyphs(run: str) -> tuple[str | None, str | None]:
    fills = [c for c in run if c in "█▓■#="]
    empties = [c for c in run if c in "░▒□-. "]
    if len(fills) + len(empties) != len(run):
        return None, None
    if not fills and not empties:
        return None, None
    if fills and empties and run.index(empties[0]) < run.rindex(fills[-1]):
        # not a single filled-then-empty run (e.g. `▓▒▓▒▓`): not a bar
        return None, None
    fill = (
        fills[0]
        if fills
        else {"░": "█", "▒": "▓", "□": "■", "-": "#", ".": "#", " ": "="}[empties[0]]
    )
    empty = empties[0] if empties else {"█": "░", "▓": "▒", "■": "□", "#": "-", "=": " "}[fills[0]]
    return fill, empty


class SectionIndex:
    """Resolve a label, ID or numbered label to a section."""

    def __init__(self, sections: list[Section] | tuple[Section, ...]) -> None:
        self.sections = sections
        self.by_id: dict[str, int] = {}
        self.by_label: dict[str, int] = {}
        for s in sections[1:]:
            self.by_id.setdefault(s.id.lower(), s.index)
            if s.explicit_id:
                self.by_id.setdefault(s.explicit_id.lower(), s.index)
            numbered = numbered_id(s.label)
            if numbered:
                self.by_id.setdefault(numbered, s.index)
            for key in {normalize_label(s.label), strip_emoji_edges(s.label).lower()}:
                if key:
                    self.by_label.setdefault(key, s.index)

    def resolve(self, text: str) -> int | None:
        clean = strip_markup(text)
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


_BIG = 256 * 1024  # characters


def parse(
    text: str,
    path: str = "",
    settings: Settings | None = None,
    keep_markers: frozenset[int] = frozenset(),
) -> Document:
    """Parse tracker text. Never raises on any text. `keep_markers`: lines of headings whose
    lone status emoji were markers before an edit (the planner's reading of its own edit: an
    edit changes states, never which headings carry markers)."""
    import gc

    # Parsing allocates millions of short-lived, acyclic objects on big files; the cyclic
    # collector's full passes over them made parse time grow faster than the file.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _Parser(text, path, settings or Settings(), keep_markers).run()
    except RecursionError:
        return _failed(text, path, settings, "document too deeply nested to parse")
    except Exception as error:  # totality: an internal fault becomes a diagnostic
        return _failed(
            text, path, settings, f"internal parser error: {type(error).__name__}: {error}"
        )
    finally:
        if enabled:
            if len(text) >= _BIG and gc.get_freeze_count() == 0:
                # A big model outlives the parse: hand it straight to the oldest generation,
                # or each young-generation pass would rescan all of it (0.8 s after a 10 MB
                # parse). Only when nobody froze objects on purpose: unfreeze thaws all.
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _failed(text: str, path: str, settings: Settings | None, message: str) -> Document:
    root = Section(0, "document", path or "document", 0, -1, None, "", Span(0, 0), None)
    diag = Diagnostic(1, 1, Severity.ERROR, "parse-error", message)
    return Document(path, text, root.label, (root,), (), (), (), (), (diag,), {},
                    settings=settings or Settings())  # fmt: skip
