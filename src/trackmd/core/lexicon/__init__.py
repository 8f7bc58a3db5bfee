"""The lexicon: status words and emoji, field keys, column headers, month names and tracker
file names, gathered from one data file per language in this folder (`en.json`, `fr.json`,
…: the fields of `Language`; adding a language is adding a file), and the colour emoji a
tracker defines for itself."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from trackmd.core import kept, patterns
from trackmd.core.lexicon._language import Language
from trackmd.core.model import State
from trackmd.core.record import NamedTuple
from trackmd.core.text import fold_accents
from trackmd.core.text import fold_case as _fold

_TOKEN = patterns.compile(r"[^\s]+[ \t]+")
_ASCII_ALNUM = patterns.compile(r"[A-Za-z0-9]")


def _discover() -> tuple[Language, ...]:
    """Every language file of this folder (`*.json`), English first; each decoded once
    per change to it (`kept`)."""
    found = [
        Language.from_table(dict(kept.read(path, _decoded)), path.name)
        for folder in __path__
        for path in Path(folder).iterdir()
        if path.suffix == ".json"
    ]
    found.sort(key=lambda lang: (lang.code != "en", lang.code))
    return tuple(found)


def _decoded(data: bytes) -> dict[str, Any]:
    import json

    table: dict[str, Any] = json.loads(data.decode("utf-8"))
    return table


LANGUAGES = _discover()
ENGLISH = next(lang for lang in LANGUAGES if lang.code == "en")


def _every(field: str) -> frozenset[str]:
    """One field's words in every language, lower case."""
    return frozenset(w.lower() for lang in LANGUAGES for w in getattr(lang, field))


WORDS: dict[State, tuple[str, ...]] = {
    state: tuple(w for lang in LANGUAGES for w in lang.words.get(state, ())) for state in State
}
# What trackmd writes when the file offers nothing of its own, per language.
DEFAULT_WORDS: dict[str, dict[State, str]] = {
    lang.code: dict(lang.written) for lang in LANGUAGES if lang.written
}


@lru_cache(maxsize=1)
def _languages_of() -> dict[str, tuple[str, ...]]:
    """Which languages a status word or key belongs to, folded. A language's `signature`
    words are its own even where another language uses them too."""
    found: dict[str, dict[str, None]] = {}
    for lang in LANGUAGES:
        for word in (*lang.signature, *(w for ws in lang.words.values() for w in ws),
                     *lang.status_keys, *lang.progress_keys, *lang.updated_keys):  # fmt: skip
            found.setdefault(_fold(word), {})[lang.code] = None
    own = {_fold(w): (lang.code,) for lang in LANGUAGES for w in lang.signature}
    return {**{w: tuple(codes) for w, codes in found.items()}, **own}


# Fields whose words, in every language, are a constant of the field's name in capitals.
WORD_FIELDS = (
    "status_keys", "progress_keys", "percent_headers", "count_headers", "planned_headers",
    "completed_headers", "updated_keys", "points_keys", "owner_keys", "total_labels",
    "overall_labels", "priority_words", "due_keys", "depends_keys",
)  # fmt: skip
(
    STATUS_KEYS, PROGRESS_KEYS, PERCENT_HEADERS, COUNT_HEADERS, PLANNED_HEADERS,
    COMPLETED_HEADERS, UPDATED_KEYS, POINTS_KEYS, OWNER_KEYS, TOTAL_LABELS, OVERALL_LABELS,
    PRIORITY_WORDS, DUE_KEYS, DEPENDS_KEYS,
) = map(_every, WORD_FIELDS)  # fmt: skip
STATUS_HEADERS = STATUS_KEYS | _every("status_headers")
PRIORITY_NAMES: dict[str, str] = {  # a word for a priority (`hoch`, `高`) -> its level
    word.lower(): level
    for lang in LANGUAGES
    for level, words in lang.priority_levels.items()
    for word in words
}
LEGEND_WORDS = _every("legend")
LEGEND_KEYS = LEGEND_WORDS | _every("legend_keys")
START_KEYS = _every("start_keys")
END_KEYS = _every("end_keys")
RANGE_KEYS = _every("range_keys")
MONTHS: dict[str, tuple[str, ...]] = {lang.code: lang.months for lang in LANGUAGES if lang.months}
# the same, as written without a day (`Luty 2026` beside `3 lutego 2026`), where it differs
STANDALONE_MONTHS: dict[str, tuple[str, ...]] = {
    lang.code: lang.standalone_months for lang in LANGUAGES if lang.standalone_months
}
TRACKER_WORDS: tuple[str, ...] = tuple(
    dict.fromkeys(w for lang in LANGUAGES for w in lang.tracker_names)
)


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    """Month names read in dates, folded: every language's names and abbreviations (made
    when a file first has a date to read)."""
    return {
        **{fold_accents(name): n for lang in LANGUAGES for n, name in enumerate(lang.months, 1)},
        **{
            fold_accents(name): n
            for lang in LANGUAGES
            for n, name in enumerate(lang.standalone_months, 1)
        },
        **{
            fold_accents(name): n
            for lang in LANGUAGES
            for name, n in lang.month_abbreviations.items()
        },
    }


# Unambiguous status emoji (with and without the emoji variation selector).
EMOJI: dict[str, State] = {
    "✅": State.DONE, "✔": State.DONE, "☑": State.DONE, "✓": State.DONE, "✔️": State.DONE,
    "☑️": State.DONE, "🔄": State.IN_PROGRESS, "🚧": State.IN_PROGRESS, "⏳": State.OPEN,
    "⛔": State.BLOCKED, "🛑": State.BLOCKED, "🚫": State.CANCELLED, "⬜": State.OPEN,
    "⏸": State.BLOCKED, "🔲": State.OPEN,
}  # fmt: skip

COLOURS = frozenset("🟢🟡🔴🔵⚪🟠🟣⚫🟤")

DEFAULT_EMOJI: dict[State, str] = {
    State.DONE: "✅", State.IN_PROGRESS: "🔄", State.OPEN: "⏳", State.BLOCKED: "⛔",
    State.CANCELLED: "🚫",
}  # fmt: skip

_MARKUP = "*_~`"
# Labels and keys are read many times per parse (rows, bars, headings match each other) and
# again at every change in the editor: the pure functions of one short text remember it.
LABELS = 1 << 14


def is_emoji_char(ch: str) -> bool:
    code = ord(ch)
    if code in (0xFE0F, 0x200D, 0x20E3) or 0x1F3FB <= code <= 0x1F3FF:
        return True
    if code < 0x2190 or 0x2580 <= code <= 0x25A1:  # block elements and ■□: a bar's glyphs
        return False
    if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF:
        return True
    return unicodedata.category(ch) == "So" and code >= 0x2300


def leading_emoji(text: str) -> tuple[str, int]:
    """The emoji cluster at the start of `text` (after markup) and where it ends."""
    i = 0
    n = len(text)
    while i < n and text[i] in _MARKUP + " \t":
        i += 1
    start = i
    while i < n and is_emoji_char(text[i]):
        i += 1
    return text[start:i], i


def strip_markup(text: str) -> str:
    return text.replace("**", "").replace("__", "").strip(" \t*_~`")


@lru_cache(maxsize=LABELS)
def strip_emoji_edges(text: str) -> str:
    """Text without decorative emoji and markup at either end."""
    s = strip_markup(text)
    while True:
        before = s
        s = s.strip(" \t")
        while s and (is_emoji_char(s[0]) or s[0] in _MARKUP):
            s = s[1:]
        while s and (is_emoji_char(s[-1]) or s[-1] in _MARKUP):
            s = s[:-1]
        if s == before:
            return s


class Reading(NamedTuple):
    state: State | None
    word: str  # as written
    word_start: int  # offset of the word within the text read (-1 when none)
    emoji: str
    emoji_start: int


class Vocabulary:
    """The words and emoji one file uses for states."""

    def __init__(
        self,
        extra: Mapping[str, Iterable[str]] | None = None,
        colours: Mapping[str, State] | None = None,
    ) -> None:
        phrases = _words_read()
        if any(extra_words for extra_words in (extra or {}).values()):
            phrases = dict(phrases)
            for key, extra_words in (extra or {}).items():
                state = State(key)
                for word in extra_words:
                    phrases[_fold(word)] = state
        self.phrases: Mapping[str, State] = phrases
        self._lengths = _lengths_by_first(tuple(phrases))
        self.colours: dict[str, State] = dict(colours or {})
        self.legend_colours: set[str] = set()  # colours a legend defines (never rewritten)

    def word_at(self, text: str, start: int = 0) -> tuple[State, int] | None:
        """The longest status phrase at `text[start:]` ending at a word boundary."""
        rest = _fold(text[start : start + 40])
        for length in self._lengths.get(rest[:1], ()):
            phrase = rest[:length]
            if len(phrase) == length and phrase in self.phrases and not _word_goes_on(rest, length):
                return self.phrases[phrase], length
        return None

    def emoji_state(self, emoji: str) -> State | None:
        if not emoji:
            return None
        if emoji in EMOJI:
            return EMOJI[emoji]
        base = emoji.replace("\ufe0f", "")
        if base in EMOJI:
            return EMOJI[base]
        if base and base[0] in self.colours:
            return self.colours[base[0]]
        return EMOJI.get(base[:1])

    def read(self, text: str) -> Reading:
        """Read a status cell or field value: a word wins over an emoji."""
        emoji, after = leading_emoji(text)
        i = after
        n = len(text)
        while i < n and text[i] in _MARKUP + " \t":
            i += 1
        match = self.word_at(text, i)
        if match is None and not emoji:
            # a leading token that is not a word (mojibake such as `âœ…`) does not hide the word
            token = _TOKEN.match(text[i:])
            if token and not _ASCII_ALNUM.search(token.group()):
                j = i + token.end()
                while j < n and text[j] in _MARKUP + " \t":
                    j += 1
                match = self.word_at(text, j)
                if match is not None:
                    # the token stands where an emoji would: keep it as the file's symbol
                    symbol = token.group().rstrip()
                    state, length = match
                    return Reading(state, text[j : j + length], j, symbol, i)
        emoji_start = after - len(emoji) if emoji else -1
        if match is not None:
            state, length = match
            return Reading(state, text[i : i + length], i, emoji, emoji_start)
        if not emoji:
            stripped = text.rstrip(" \t*_~`")
            j = len(stripped)
            while j > 0 and is_emoji_char(stripped[j - 1]):
                j -= 1
            if j < len(stripped):
                emoji, emoji_start = stripped[j:], j
        return Reading(self.emoji_state(emoji), "", -1, emoji, emoji_start)

    def learn_colours(self, text: str) -> None:
        """Learn what colour emoji mean: the legend first, then `🔴 NOT STARTED` elsewhere."""
        if not any(c in text for c in COLOURS):
            return
        legend: dict[str, State] = {}
        beside: dict[str, State] = {}
        for match in _COLOUR_WORD.finditer(text):
            found = self.word_at(match.group(2))
            if found is None:
                continue
            line_start = text.rfind("\n", 0, match.start()) + 1
            line = _fold(text[line_start : match.start()])
            target = legend if any(word in line for word in LEGEND_WORDS) else beside
            target.setdefault(match.group(1), found[0])
        for colour, state in {**beside, **legend}.items():
            self.colours.setdefault(colour, state)
        self.legend_colours.update(legend)


_COLOUR_WORD = patterns.compile(
    r"([🟢🟡🔴🔵⚪🟠🟣⚫🟤])\ufe0f?[ \t]*(?:\*\*|__)?[ \t]*([^\W\d_][^|\n]{0,30})"
)


@lru_cache(maxsize=1)
def _words_read() -> Mapping[str, State]:
    """Every language's status words, folded (a file's own words are added to a copy)."""
    return {_fold(word): state for state, words in WORDS.items() for word in words}


@lru_cache(maxsize=16)
def _lengths_by_first(phrases: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    r"""For each first character, the lengths of the phrases starting with it, longest
    first: `word_at` tries each, as the alternation `(?:longest|…|shortest)(?![\w'])`
    would, without compiling an alternation of every language's words at each start."""
    lengths: dict[str, set[int]] = {}
    for phrase in phrases:
        if phrase:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
    return {first: tuple(sorted(found, reverse=True)) for first, found in lengths.items()}


def _word_goes_on(text: str, at: int) -> bool:
    r"""Whether `text[at]` continues a word (regex `[\w']`)."""
    return at < len(text) and (text[at].isalnum() or text[at] in "_'")


def languages_of(word: str) -> tuple[str, ...]:
    """The languages whose status words or keys hold `word` (one, when it is a signature)."""
    return _languages_of().get(_fold(word), ())


def language_of(word: str) -> str | None:
    """The one language `word` tells, or None when it is no language's or several's."""
    codes = languages_of(word)
    return codes[0] if len(codes) == 1 else None


def file_language(words: Iterable[str]) -> str:
    """The language of a file from the status words and keys it uses: each word is a vote,
    shared among the languages it belongs to; English when nothing tells (a tie goes to
    the language listed first: English, then by code)."""
    votes: dict[str, float] = {}
    for word in words:
        codes = languages_of(word)
        for code in codes:
            votes[code] = votes.get(code, 0.0) + 1.0 / len(codes)
    order = {lang.code: n for n, lang in enumerate(LANGUAGES)}
    return min(votes, key=lambda c: (-votes[c], order.get(c, 0))) if votes else "en"
