"""The parser's state over one text, and the lookups every pass uses."""

from __future__ import annotations

from trackmd.core.lexicon import (
    Vocabulary,
)
from trackmd.core.model import (
    Diagnostic,
    Field,
    Row,
    Settings,
    Severity,
    Span,
    State,
    StatusText,
    Table,
)
from trackmd.core.parse.context import _Heading, _ItemCtx, _RawItem
from trackmd.core.parse.warm import Blocks
from trackmd.core.source import Source


class _State:
    """The parser's state over one text, and the lookups every pass uses."""

    # a re-read of the tables (`Parser.run`) takes a table's earlier reading where its
    # roll-up decision is unchanged; False reads every table again (the tests' reference)
    reuse_tables = True
    vocab: Vocabulary
    section_starts: list[tuple[int, int]]
    _with_items: set[int]
    _starts: list[int]
    tables: list[Table]
    labelled_numbers: list[tuple[int, str, tuple[int, ...]]]

    def __init__(
        self,
        text: str,
        path: str,
        settings: Settings,
        keep_markers: frozenset[int] = frozenset(),
        blocks: str | None = None,
    ) -> None:
        self.text = text
        self.blocks = blocks  # what reads block structure; None: as the settings say
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
        self.item_fields: dict[tuple[int, int], dict[str, str]] = {}  # `- **Due**: …` under one
        self.raw_tables: list[tuple[int, list[Row], int]] = []  # header line, rows, section
        self.labelled: list[tuple[int, str, list[tuple[int, int]]]] = []
        self.code_lines: set[int] = set()
        self.fence_lines: set[int] = set()
        self.block_starts: list[int] = []  # the top-level blocks' first lines, in order
        self.block_ends: list[int] = []  # and the lines after their last
        self.unmarked: set[int] = set()  # unmarked stories beside marked ones (open)
        self.stories: set[int] = set()  # headings of story families (`### Story 2.2 … ✅`)
        self.story_refs: set[tuple[str, str]] = set()  # their names: ("story", "2.2")
        self.field_lists: list[tuple[int, list[_ItemCtx]]] = []  # `**Key**: ✅ …` lists
        self.numbered_lists: list[tuple[int, list[_ItemCtx]]] = []  # `1. ✅ …` / `1. …`
        self._criteria: dict[int, tuple[int, int] | None] = {}  # criteria bullet line → task
        self.previous: Blocks | None = None  # the last version's read, to re-read less of
        self.keep = False  # whether to keep this read for the next version (`parse_warm`)
        self.kept_read: Blocks | None = None  # this read, when kept
        from trackmd.core.dialect import detect

        self.dialect = detect(path, text, settings.dialect)

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

    def _block_of(self, line: int) -> int:
        """The first line of the top-level block that holds `line`; `line` when none does."""
        from bisect import bisect_right

        at = bisect_right(self.block_starts, line) - 1
        return self.block_starts[at] if at >= 0 and line < self.block_ends[at] else line

    def _section_at(self, line: int) -> int:
        from bisect import bisect_right

        if not hasattr(self, "_starts"):
            self._starts = [s for s, _ in self.section_starts]
        pos = bisect_right(self._starts, line) - 1
        return self.section_starts[pos][1] if pos >= 0 else 0

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
