"""The tracker model: frozen records with exact source spans.

Every object that trackmd may rewrite carries the `Span` of the characters it owns, as
offsets into the decoded text of the file (BOM included), so edits stay local.
"""

from enum import StrEnum

from trackmd.core.record import NamedTuple


class State(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"


class ItemKind(StrEnum):
    CHECKBOX = "checkbox"
    ROW = "row"
    SECTION = "section"
    EMOJI = "emoji"
    LIST_STATUS = "list_status"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Settings(NamedTuple):
    """Effective configuration for one file (SPEC §6)."""

    files: tuple[str, ...] = ()
    statuses: tuple[tuple[str, tuple[str, ...]], ...] = ()  # state -> extra words
    count: str = "top"  # type: ignore[assignment]  # "top" | "all"; shadows tuple.count
    done_when: str | None = None
    touch_last_updated: bool = True
    done_marker: str | None = None  # "x" | "X"; None: what the file uses most
    sprint_start: str | None = None  # ISO dates
    sprint_end: str | None = None
    max_size_mb: float = 20.0  # larger files are refused with a clear message
    dialect: str = ""  # a name of core.dialect.DIALECTS; empty: detected per file
    parser: str = "scanner"  # what reads block structure: "scanner" | "markdown-it"


class Span(NamedTuple):
    """Half-open character range `[start, end)` in the document text."""

    start: int
    end: int

    def text(self, source: str) -> str:
        return source[self.start : self.end]


class Edit(NamedTuple):
    """Replace the text of `span` with `text`."""

    span: Span
    text: str
    what: str = ""
    kind: str = ""


class Diagnostic(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based
    severity: Severity
    code: str
    message: str


class StatusText(NamedTuple):
    """A written status: the characters that say it and what they mean."""

    span: Span
    text: str
    state: State | None  # None: not a recognized status
    word: str  # the status word as written ("" when only an emoji)
    emoji: str  # the status emoji as written ("" when only a word)
    word_at: int = -1  # offset of the word within `text`
    emoji_at: int = -1  # offset of the emoji within `text`


class Field(NamedTuple):
    """A `**Key**: value` line."""

    key: str  # normalized: lower case, no markup
    key_text: str
    value: str
    value_span: Span
    line: int  # 0-based
    section: int  # index into Document.sections
    owner_list_item: int | None = None  # set when the field is nested under a list item


class Cell(NamedTuple):
    span: Span  # content, trimmed
    text: str


class Row(NamedTuple):
    line: int  # 0-based
    cells: tuple[Cell, ...]


class Table(NamedTuple):
    line: int  # 0-based line of the header
    section: int
    header: tuple[Cell, ...]
    rows: tuple[Row, ...]
    status_column: int | None


class Bar(NamedTuple):
    """A progress bar line: `Label  ████░░░░ 40% ✅`."""

    line: int  # 0-based
    section: int
    block: int  # bars sharing a block (fence or paragraph) aggregate together
    label: str
    glyph_span: Span
    fill: str  # the filled glyph as written
    empty: str  # the empty glyph as written
    percent_span: Span | None  # the `40%` text, padding excluded
    percent_field_end: int  # end of the padding that follows the percent (alignment)
    emoji_span: Span | None


class Cookie(NamedTuple):
    """An org-mode statistics cookie: `[2/5]` or `[40%]`."""

    span: Span
    percent: bool


class Item(NamedTuple):
    number: int  # 1-based position among the file's items
    kind: ItemKind
    id: str | None  # explicit ID
    text: str
    state: State
    line: int  # 0-based
    section: int
    state_span: Span  # what a state change rewrites
    status: StatusText | None  # for rows, status sections, list items, emoji items
    marker: str = ""  # checkbox marker character
    parent: int | None = None  # item number of the checkbox item this one is nested under
    points: float | None = None
    owner: str | None = None
    due: str | None = None
    depends: tuple[str, ...] = ()
    cookie: Cookie | None = None
    list_indent: str = ""  # text before the list marker, for `add`
    list_marker: str = ""
    priority: str | None = None  # Obsidian Tasks signifiers (core.obsidian)
    dates: tuple[tuple[str, str], ...] = ()  # (due|start|scheduled|created|done|cancelled, date)
    recurrence: str | None = None
    task_id: str | None = None  # `🆔 abc`, what `⛔ abc` names
    tags: tuple[str, ...] = ()  # `#tag` (core.parse.metadata)


class Section(NamedTuple):
    index: int  # type: ignore[assignment]  # shadows tuple.index, never called on a Section
    id: str
    label: str
    level: int  # 0 for the document root
    line: int  # 0-based heading line; -1 for the root
    parent: int | None
    heading_text: str
    heading_span: Span  # the heading's text on its line
    marker: StatusText | None  # status marker at the start or end of the heading
    explicit_id: str | None = None
    points: float | None = None
    cookie: Cookie | None = None
    children: tuple[int, ...] = ()


class Document(NamedTuple):
    path: str
    text: str
    title: str
    sections: tuple[Section, ...]
    items: tuple[Item, ...]
    fields: tuple[Field, ...]
    tables: tuple[Table, ...]
    bars: tuple[Bar, ...]
    diagnostics: tuple[Diagnostic, ...]
    front_matter: dict[str, object]
    settings: Settings = Settings()
    labelled_lists: tuple[tuple[int, str, tuple[int, ...]], ...] = ()  # section, label, items
    colours: dict[str, State] | None = None  # colour emoji the file defines
    legend_colours: frozenset[str] = frozenset()  # of those, the ones a legend defines
    dialect: str = "gfm"  # core.dialect: what kind of tracker the file is
    blocks: str = "markdown-it"  # what read its block structure: "scanner" | "markdown-it"


class Plan(NamedTuple):
    """A verified rewrite of one document: `before` becomes `text` (parsed as `after`)."""

    before: Document
    after: Document
    text: str
    edits: tuple[Edit, ...]

    @property
    def changed(self) -> bool:
        return self.text != self.before.text
