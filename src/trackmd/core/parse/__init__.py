"""Markdown text → `Document`. Block structure from markdown-it-py's tokens (on the read path,
the same tokens from `scanner`, or markdown-it-py where the scanner does not model the
text), exact columns from anchored regexes on the source lines. Never raises: odd input
becomes diagnostics.

The parser is one class made of a chain of mixins, one module per concern: `syntax` (the
patterns and keys), `state`, `fields`, `notwork` (what reads like work and is not), `lists`,
`blocks` (the token walk), `rollup`, `sections`, `parser` (the order of the passes and the
`Document`); `parse` runs it and never raises."""

from __future__ import annotations

from trackmd.core.model import Diagnostic, Document, Section, Settings, Severity, Span
from trackmd.core.parse.index import SectionIndex
from trackmd.core.parse.parser import Parser
from trackmd.core.parse.syntax import (
    _BAR,
    _BOLD_LABEL,
    _CHECKBOX,
    _CONTAINER,
    _COOKIE,
    _DEPENDS,
    _DUE,
    _FENCE_FIELD,
    _FIELD,
    _ID_ANY,
    _ID_START,
    _LIST_MARKER,
    _MALFORMED,
    _MAX_NESTING,
    _NUMBERED,
    _OWNER,
    _POINTS,
    ID_PATTERN,
    MARKDOWN_IT,
    MARKERS,
    OVERALL_LABELS,
    OWNER_KEYS,
    POINTS_KEYS,
    PROGRESS_KEYS,
    SCANNER,
    STATUS_HEADERS,
    STATUS_KEYS,
    TOTAL_LABELS,
    UPDATED_KEYS,
    _bar_glyphs,
    _markdown,
    _nesting,
    _runs,
    _without_bars,
    block_reader,
    field_key,
    normalize_label,
    numbered_id,
    slug,
    without_cookie,
)
from trackmd.core.parse.warm import Blocks

__all__ = [
    "ID_PATTERN",
    "MARKDOWN_IT",
    "MARKERS",
    "OVERALL_LABELS",
    "OWNER_KEYS",
    "POINTS_KEYS",
    "PROGRESS_KEYS",
    "SCANNER",
    "STATUS_HEADERS",
    "STATUS_KEYS",
    "TOTAL_LABELS",
    "UPDATED_KEYS",
    "_BAR",
    "_BOLD_LABEL",
    "_CHECKBOX",
    "_CONTAINER",
    "_COOKIE",
    "_DEPENDS",
    "_DUE",
    "_FENCE_FIELD",
    "_FIELD",
    "_ID_ANY",
    "_ID_START",
    "_LIST_MARKER",
    "_MALFORMED",
    "_MAX_NESTING",
    "_NUMBERED",
    "_OWNER",
    "_POINTS",
    "SectionIndex",
    "_bar_glyphs",
    "_markdown",
    "_nesting",
    "_runs",
    "_without_bars",
    "block_reader",
    "field_key",
    "normalize_label",
    "numbered_id",
    "parse",
    "parse_warm",
    "slug",
    "without_cookie",
]


def parse(
    text: str,
    path: str = "",
    settings: Settings | None = None,
    keep_markers: frozenset[int] = frozenset(),
    blocks: str | None = None,
) -> Document:
    """Parse tracker text. Never raises on any text. `keep_markers`: lines of headings whose
    lone status emoji were markers before an edit (the planner's reading of its own edit: an
    edit changes states, never which headings carry markers). `blocks`: `MARKDOWN_IT` to
    read block structure with markdown-it-py whatever the settings say (writes do)."""
    return _run(Parser(text, path, settings or Settings(), keep_markers, blocks))


def parse_warm(
    text: str, path: str, settings: Settings, previous: Blocks | None
) -> tuple[Document, Blocks | None]:
    """`parse`, reading again only the Markdown blocks a change from the version `previous`
    was read from reaches (the same document, `core/parse/warm.py` says why); and this
    version's read, for the next. `previous` is used up. Blocks are markdown-it-py's."""
    parser = Parser(text, path, settings)
    parser.keep, parser.previous = True, previous
    doc = _run(parser)
    failed = any(d.code == "parse-error" for d in doc.diagnostics)
    return doc, None if failed else parser.kept_read


def _run(parser: Parser) -> Document:
    import gc

    text, path, settings = parser.text, parser.path, parser.settings
    # Parsing allocates millions of short-lived, acyclic objects on big files; the cyclic
    # collector's full passes over them made parse time grow faster than the file.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return parser.run()
    except RecursionError:
        return _failed(text, path, settings, "document too deeply nested to parse")
    except Exception as error:  # totality: an internal fault becomes a diagnostic
        return _failed(
            text, path, settings, f"internal parser error: {type(error).__name__}: {error}"
        )
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                # The model outlives the parse: hand it straight to the oldest generation,
                # or each young-generation pass would rescan all of it (0.8 s after a 10 MB
                # parse; a tenth of the editor's work after each keystroke on 100 KB). The
                # model holds no cycles, so an old version is freed by its last reference.
                # Only when nobody froze objects on purpose: unfreeze thaws all.
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _failed(text: str, path: str, settings: Settings | None, message: str) -> Document:
    root = Section(0, "document", path or "document", 0, -1, None, "", Span(0, 0), None)
    diag = Diagnostic(1, 1, Severity.ERROR, "parse-error", message)
    return Document(path, text, root.label, (root,), (), (), (), (), (diag,), {},
                    settings=settings or Settings())  # fmt: skip
