"""What the parser matches: the line patterns, field keys (from the lexicon), checkbox
markers, and the small text helpers shared by the passes and by derive."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from trackmd.core import lexicon, patterns
from trackmd.core.lexicon import (
    LABELS,
    strip_emoji_edges,
)
from trackmd.core.model import (
    State,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


ID_PATTERN = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9]+"


_ID_START = patterns.compile(rf"^(?:\*\*|__)?[ \t]*({ID_PATTERN})(?![\w-])")


_ID_ANY = patterns.compile(rf"(?<![\w-])({ID_PATTERN})(?![\w-])")


_CHECKBOX = patterns.compile(
    r"^(?P<pre>[ \t>]*?(?P<marker>[-*+]|\d{1,9}[.)]))(?P<gap>[ \t]+)"
    r"\[(?P<mark>[^\]\n])\](?P<optional>\*)?(?=[ \t]|$)"
)


_LIST_MARKER = patterns.compile(r"^(?P<pre>[ \t>]*?(?P<marker>[-*+]|\d{1,9}[.)]))(?P<gap>[ \t]+)")


_MALFORMED = patterns.compile(r"^[ \t>]*(?:[-*+]\[[^\]\n]?\]|[-*+][ \t]+\[\])")


_FIELD = patterns.compile(
    r"^(?P<pre>[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)"
    r"(?:\*\*(?P<k1>[^*\n:：]{1,60}?)[ \t]*[:：][ \t]*\*\*"
    r"|\*\*(?P<k2>[^*\n:：]{1,60}?)\*\*[ \t]*[:：])"  # `：`, the CJK full-width colon
    r"[ \t]*(?P<value>.*?)[ \t]*$"
)


# `**Status: ✅ COMPLETED** (2026-01-05)`: key and value in one bold span (status keys only)
_BOLD_SPAN_FIELD = patterns.compile(
    r"^(?P<pre>[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)"
    r"\*\*(?P<k1>[^*\n:]{1,30}?)[ \t]*:[ \t]*(?P<value>[^*\n]*?[^*\s])[ \t]*\*\*"
)


# `- Status: Complete.` under a milestone heading, BMAD's `Status: done`: a plain key
_PLAIN_FIELD = patterns.compile(
    r"^(?P<pre>[ \t>]*(?:[-*+][ \t]+)?)(?P<k1>[^\W\d_][^\W_]*(?:[ \t][^\W\d_][^\W_]*)?)"
    r"[ \t]*:[ \t]+(?P<value>\S.*?)[ \t]*$"
)


_FENCE_FIELD = patterns.compile(
    r"^(?P<pre>[ \t]*)(?P<k1>[A-Za-zÀ-ÿ][\w \t]{0,40}?)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$"
)


_BAR = patterns.compile(
    r"(?P<glyphs>[█▓▒░■□]{5,}|\[(?P<inner>[#=\-. ]{5,})\])"
    r"(?:(?P<gap>[ \t]*)(?P<pct>\d{1,3}(?:[.,]\d+)?[ \t]?%))?(?P<pad>[ \t]*)"
)


# `[2/5]`, `[40%]`, and the empty `[/]` and `[%]` an Org user writes to start one
_COOKIE = patterns.compile(r"\[(?:\d+/\d+|\d{1,3}%|/|%)\]")


_NUMBERED = patterns.compile(
    r"^(phase|epic|user story|story|sprint|bloc|block|week|milestone|étape|etape|stage|step|"
    r"part|release|iteration|semaine|fase|semana|woche|meilenstein|jalon|lot|module|chapter)"
    r"[ \t]+#?(\d+(?:\.\d+)*[a-z]?)(?![\w.])",
    re.IGNORECASE,
)


_POINTS = patterns.compile(
    r"[(\[][ \t]*(\d+(?:\.\d+)?)[ \t]*(?:pts?|points?|sp|story points?)[ \t]*[)\]]", re.IGNORECASE
)


_OWNER = patterns.compile(r"(?<![\w.@])@([A-Za-z][\w.-]*[\w])")


_DUE = patterns.compile(r"📅\ufe0f?[ \t]*(\d{4}-\d{2}-\d{2})")


DEPENDS_WORDS = ("depends on", "blocked by", "dépend de", "after")  # as `casefold` gives them
_DEPENDS = patterns.compile(  # `⛔ a,b` lists are read by core.obsidian
    rf"(?:{'|'.join(DEPENDS_WORDS)})[ \t]+(?:#|story[ \t]+)?([\w-]+)",
    re.IGNORECASE,
)


_BOLD_LABEL = patterns.compile(
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
    "!": State.BLOCKED, "-": State.CANCELLED, "✓": State.DONE, "✔": State.DONE,
}  # fmt: skip


SCANNER = "scanner"  # the read path's block scanner (core/parse/scanner.py)
MARKDOWN_IT = "markdown-it"  # markdown-it-py, the parser of record: every write is read by it


def block_reader(settings_parser: str) -> str:
    """What reads block structure: `TRACKMD_PARSER` when set (any value but `scanner` means
    markdown-it-py), else the `parser` setting."""
    import os

    chosen = os.environ.get("TRACKMD_PARSER")
    if chosen:
        return SCANNER if chosen.strip().lower() == SCANNER else MARKDOWN_IT
    return MARKDOWN_IT if settings_parser == MARKDOWN_IT else SCANNER


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"maxNesting": 4096}).enable("table")
    # Block structure is all trackmd reads; inline parsing is where markdown-it spends its time.
    md.disable(["inline", "text_join"])
    return md


def unlinked(text: str) -> str:
    """`text` with each link as the text it shows: `[Backend](#backend)` and
    `[Backend][b]` are `Backend`, Obsidian's `[[backend|Backend]]` is `Backend` and
    `[[Backend]]` (or `[[Backend#Goals]]`) is `Backend`."""
    if "[" not in text:
        return text
    return _LINK.sub(lambda m: m.group("alias") or m.group("note") or m.group("text"), text)


def github_anchor(heading: str) -> str:
    """The anchor GitHub makes of a heading: its shown text in lower case, without
    punctuation and symbols (emoji too), each space a hyphen."""
    shown = unlinked(heading).replace("**", "").replace("__", "").replace("`", "").lower()
    kept = (c for c in shown if c.isalnum() or c in " -_" or unicodedata.category(c)[0] == "M")
    return "".join(kept).replace(" ", "-")


def link_anchors(text: str) -> list[str]:
    """The in-page anchors the text links to: `[…](#backend)` → `backend`."""
    return (
        [m.group("anchor") for m in _LINK.finditer(text) if m.group("anchor")]
        if "](#" in text
        else []
    )


@lru_cache(maxsize=LABELS)
def normalize_label(text: str) -> str:
    """Label for matching: no links (their text), markup, emoji, parenthetical tail or
    `Epic 1:` prefix."""
    s = strip_emoji_edges(unlinked(text))
    s = _PAREN_TAIL.sub("", s)
    numbered = _NUMBERED.match(s)
    if numbered:
        rest = s[numbered.end() :].lstrip(" \t:-–—.")
        if rest:
            s = rest
    s = unicodedata.normalize("NFC", s).lower()
    return _MARKUP_RUN.sub(" ", s).strip(" :-–—.")


def without_cookie(text: str) -> str:
    """`text` without its statistics cookies (`[1/2]`, `[50%]`)."""
    return _COOKIE.sub("", text)


@lru_cache(maxsize=LABELS)
def numbered_id(text: str) -> str | None:
    match = _NUMBERED.match(strip_emoji_edges(text))
    if match is None:
        return None
    return f"{match.group(1).lower().replace(' ', '-')}-{match.group(2).lower()}"


def slug(text: str) -> str:
    s = strip_emoji_edges(text).lower()
    if not s.isascii():  # (ASCII has nothing to decompose)
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    s = _NOT_SLUG.sub("", s)
    s = _SLUG_GAP.sub("-", s).strip("-")
    return s or "section"


@lru_cache(maxsize=LABELS)
def field_key(text: str) -> str:
    # `İ` lowers to `i` + a combining dot: Turkish `İlerleme` is the key `ilerleme`
    key = _SPACES.sub(" ", strip_emoji_edges(text)).strip(" :").lower()
    return key.replace("i\u0307", "i") if "\u0307" in key else key


_HEADING_FIELD = patterns.compile(
    r"^(?P<key>[^:：\n]{1,60}?)[ \t]*[:：][ \t]*(?P<value>.*?)[ \t]*$"
)
_ANY_PERCENT = patterns.compile(r"\d[ \t]?%|(?<![\w%])%[ \t]?\d")


def heading_progress(text: str) -> tuple[int, int, int] | None:
    """A heading that is a progress field (`Tiến độ Tổng thể: 75.6% (34/45 files)`,
    `Genel İlerleme: %85`), or a status field stated as a percent (`DURUM: %85 TAMAMLANDI`,
    `Status: 85% complete`): where its key ends and its value starts and ends in `text`.
    Its value is derived (D1), so it is no part of the section's label or ID."""
    match = _HEADING_FIELD.match(text)
    if match is None:
        return None
    key = field_key(match.group("key"))
    if key not in PROGRESS_KEYS and key not in STATUS_KEYS:
        return None
    value = match.group("value")
    if not _ANY_PERCENT.search(value) or _BAR.search(value):  # a bar is D4's
        return None
    return match.end("key"), match.start("value"), match.end("value")


_MAX_NESTING = 128  # block-quote and list levels of one line that markdown-it is given


_CONTAINER = patterns.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))")
_PAREN_TAIL = patterns.compile(r"[ \t]*\([^()]*\)[ \t]*$")
# A wiki link (`[[note#heading|alias]]`), an inline link or image (`[text](#anchor "t")`),
# or a reference link (`[text][ref]`, `[text][]`).
_LINK = patterns.compile(
    r"\[\[(?P<note>[^\]|#]*)(?:#[^\]|]*)?(?:\|(?P<alias>[^\]]*))?\]\]"
    r"|!?\[(?P<text>[^\[\]]*)\](?:\((?:#(?P<anchor>[^\s()]+)|[^()\s]*)(?:[ \t]+\"[^\"]*\")?\)"
    r"|\[[^\[\]]*\])"
)
_MARKUP_RUN = patterns.compile(r"[\s*_`]+")
_NOT_SLUG = patterns.compile(r"[^\w\s-]")
_SLUG_GAP = patterns.compile(r"[\s_-]+")
_SPACES = patterns.compile(r"\s+")


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
    # ▓ pairs with ░ in progress bars; ▓▒ is shading art
    empty = empties[0] if empties else {"█": "░", "▓": "░", "■": "□", "#": "-", "=": " "}[fills[0]]
    return fill, empty
