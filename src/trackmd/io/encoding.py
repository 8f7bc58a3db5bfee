"""Find and repair double-encoded UTF-8 ("mojibake") without touching anything else.

Mojibake is UTF-8 that was decoded once more as a legacy 8-bit code page and saved again as
UTF-8: ✅ (E2 9C 85) becomes ``âœ…`` through Windows-1252, 🟡 becomes ``ğŸŸ¡`` through
Windows-1254 and ``\\uf8ffüü°`` through Mac Roman. Windows-125x have no character for a few
bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D, and 0x8E, 0x9E in 1254), so those bytes are often lost
on the way: ⏳ (E2 8F B3) comes back as ``â³``.

A multi-byte UTF-8 sequence never contains an ASCII byte, so mojibake only ever lives inside
runs of non-ASCII characters: line endings, spaces, tabs and all ASCII text are never touched,
and a repair only replaces runs that hold mojibake.

Detection is this module's own and needs no ftfy: a run is re-encoded with each code page and
read back as UTF-8, putting a lost byte back where one is missing, and a sequence counts as
mojibake only when it reads as a character that makes sense there (a Latin letter or symbol
for two bytes, a symbol, arrow, box glyph or emoji for more; other scripts only when two
such characters come together). Repair hands each run holding mojibake to ftfy (encoding
fixes only, and never the surrounding spaces, which ftfy would otherwise take for lost
non-breaking spaces) and, where ftfy gives up, restores the characters itself.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import product
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import ftfy

__all__ = ["Mojibake", "Repair", "find_mojibake", "repair"]


@dataclass(frozen=True)
class Mojibake:
    """One suspicious sequence.

    ``column`` counts characters from 1; a byte-order mark at the start of the text is not
    counted, as editors do not count it.
    """

    line: int
    column: int
    text: str


@dataclass(frozen=True)
class Repair:
    """What `repair` made of a text.

    ``unrepaired``: what still looks like mojibake, located in the repaired text.
    ``guessed``: characters restored from a lost byte where several characters were possible
    and nothing in the text decided between them (the chosen character, in the repaired
    text), for a human to check.
    """

    text: str
    changed: bool
    unrepaired: tuple[Mojibake, ...]
    guessed: tuple[Mojibake, ...] = ()


# --- code pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Codec:
    """A legacy code page, as seen from the mojibake it makes."""

    name: str
    byte_of: dict[str, int]  # character -> its byte, for bytes 0x80-0xFF
    lost: bytes  # bytes the code page has no character for


def _codec(name: str) -> _Codec:
    byte_of: dict[str, int] = {}
    lost: list[int] = []
    for byte in range(0x80, 0x100):
        try:
            byte_of[bytes([byte]).decode(name)] = byte
        except UnicodeDecodeError:
            lost.append(byte)
            byte_of[chr(byte)] = byte  # a C1 control: the byte went through as Latin-1
    return _Codec(name, byte_of, bytes(lost))


_CODECS: Final = tuple(_codec(name) for name in ("cp1252", "cp1254", "mac_roman"))
_MAC_ROMAN: Final = "mac_roman"
_MAC_MATH: Final = frozenset("π∞±≠≤≥∂∑∏∫Ωµ°")

# UTF-8 lead bytes read back (not EE: private use; not F1-F4: nothing people type).
_LEADS: Final = frozenset(range(0xC2, 0xEE)) | {0xEF, 0xF0}
_CONTINUATION: Final = range(0x80, 0xC0)


# Leads whose sequences can read as something believable on their own (see _kind); the
# others only count in pairs.
_STRONG_LEADS: Final = frozenset({0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xCC, 0xE1, 0xE2, 0xEF, 0xF0})


def _char_class(codec: _Codec, wanted: Collection[int]) -> str:
    chars = sorted(ch for ch, byte in codec.byte_of.items() if byte in wanted)
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


@cache
def _prefilters() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Where mojibake may start: a coarse and fast pattern, and the exact one.

    Exact: in one code page, a strong lead and a continuation, or two leads with their
    continuations in a row, or one beside a character of another script (`完æˆ`). The coarse
    one (any lead, any continuation) finds the few places worth the exact test in clean text.
    Built on first use: importing this module is cheap.
    """
    script = "[^\x00-\u036f]"
    exact = []
    for codec in _CODECS:
        strong = _char_class(codec, _STRONG_LEADS)
        lead = _char_class(codec, _LEADS)
        cont = _char_class(codec, _CONTINUATION)
        exact.append(
            f"{strong}{cont}|{lead}{cont}{{1,3}}{lead}{cont}"
            f"|(?<={script}){lead}{cont}|{lead}{cont}{{1,3}}(?={script})"
        )
    leads = "".join(_char_class(codec, _LEADS)[1:-1] for codec in _CODECS)
    conts = "".join(_char_class(codec, _CONTINUATION)[1:-1] for codec in _CODECS)
    return re.compile(f"[{leads}][{conts}]"), re.compile("|".join(exact))


def _hints(text: str) -> Iterator[int]:
    """Offsets where mojibake may start."""
    coarse, exact = _prefilters()
    for match in coarse.finditer(text):
        if exact.match(text, match.start()):
            yield match.start()


def _has_hint(text: str) -> bool:
    return next(_hints(text), None) is not None


_NON_ASCII_RUN: Final = re.compile(r"[^\x00-\x7f]+")
_NEWLINE: Final = re.compile(r"\r\n|\r|\n")
_BOM: Final = "\ufeff"

# --- what a read-back character may be -------------------------------------------------------

_REJECT, _WEAK, _STRONG = 0, 1, 2
_BAD_CATEGORIES: Final = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})
_INVISIBLE_OK: Final = frozenset("\u200b\u2060\ufeff")  # zero-width space, word joiner, BOM
_JOINERS: Final = frozenset("\u200c\u200d")
_ZWJ: Final = "\u200d"

# Tie-breakers for a lost byte: characters trackers use, most likely first within a collision
# (`ðŸ“` + a lost byte is one of 📁📍📎📏📐📝📞).
_PREFERRED: Final = (
    "\u201d\u2019\u201c\u2018\u201e\u2010\u2013\u2014\u2026\u2022\ufe0f"
    "⏳⏰⏱⏩⏸⏹⏺✅✔✓✗✘❌❎☑⚠⚡⚙✏✍❤❗❓⭐✨➡→←↑↓"
    "█▓▒░■□▪▫─│┌┐└┘├┤┬┴┼━┃═║"
    "👍👏📝📁📂📌📍📞📎📏📐📋📊📈📉📅📆📄📦📚🔍🔐🔁🔄🔗🔧🔨🔥"
    "🔴🟠🟡🟢🔵🟣🟤⚪⚫🚀🚧🚨🐛🐞🏁🏆🎯🎉💡👥👤"
)
_PREFERRED_RANK: Final = {ch: rank for rank, ch in enumerate(_PREFERRED)}
_BMP_EMOJI: Final = frozenset(
    "⌚⌛⏩⏪⏫⏬⏰⏱⏲⏳⏸⏹⏺◽◾☀☁☎☑☔☕♿⚓⚙⚠⚡⚪⚫⚽⚾⛄⛅⛔⛪⛲⛳⛵⛺⛽"
    "✅✂✈✉✊✋✏✒✔✖✨❌❎❓❔❕❗❤➕➖➗➡➰➿⬛⬜⭐⭕"
)


def _is_cjk(cp: int) -> bool:
    return 0x3000 <= cp <= 0x30FF or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF


def _is_emoji(ch: str) -> bool:
    return ch in _BMP_EMOJI or 0x1F000 <= ord(ch) <= 0x1FAFF


def _kind(ch: str, size: int, guessed: bool) -> int:
    """How believable ``ch`` is as what a ``size``-byte mojibake sequence stood for.

    Strong readings count on their own; weak ones (other scripts, joiners) only next to
    another weak reading or a real letter of such a script.
    """
    cp = ord(ch)
    category = unicodedata.category(ch)
    if size == 4:
        if not 0x1F000 <= cp <= 0x1FAFF or (guessed and category == "Cn"):
            return _REJECT
        return _STRONG  # unassigned here may be emoji newer than this Python's Unicode
    if category in _BAD_CATEGORIES:
        return _REJECT
    if category == "Cf":
        if ch in _JOINERS:
            return _WEAK
        return _STRONG if ch in _INVISIBLE_OK and not guessed else _REJECT
    if size == 2:
        # Latin-1, Latin Extended-A, Vietnamese ơ ư, accents (`può` as o + ̀, see _read_run)
        if 0xA0 <= cp <= 0x1BF or 0x300 <= cp <= 0x33F:
            return _STRONG
        return _WEAK if category[0] == "L" else _REJECT
    if 0x1E00 <= cp <= 0x1EFF and not guessed:  # Latin: Vietnamese ở, ế, độ
        return _STRONG
    if cp < 0x2000 or 0xAC00 <= cp <= 0xD7A3:  # Indic, Thai, Hangul...
        return _WEAK if category[0] in "LM" else _REJECT
    if _is_cjk(cp) or 0xFF01 <= cp <= 0xFFEF:
        return _WEAK
    if guessed:
        # Two characters are thin evidence (French `â\xa0;` is no mojibake): only restore
        # what people put in trackers.
        usual = ch in _PREFERRED_RANK or _is_emoji(ch)
        return _STRONG if usual or 0x2190 <= cp <= 0x21FF or 0x2500 <= cp <= 0x25FF else _REJECT
    if 0x2000 <= cp <= 0x27FF or 0x2900 <= cp <= 0x2BFF or 0xFE00 <= cp <= 0xFE0F:
        return _STRONG
    return _REJECT


# --- reading runs back -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    """One UTF-8 sequence read back through a code page: text[start:end] stands for options."""

    start: int
    end: int
    size: int
    options: tuple[str, ...]  # what it may stand for, in order of discovery
    guessed: bool  # a lost byte was put back
    weak: bool  # only weak readings
    repairable: bool  # weak readings are restored only when sure and in an undamaged run


@dataclass(frozen=True)
class _Group:
    """Adjacent pieces read back through one code page: one finding."""

    start: int
    end: int
    codec: str
    pieces: tuple[_Piece, ...]

    def needs_support(self, text: str) -> bool:
        """Whether this could be maths: Mac Roman `√π` is ù, or the square root of pi."""
        return self.codec == _MAC_ROMAN and all(
            piece.size == 2 and text[piece.end - 1] in _MAC_MATH for piece in self.pieces
        )


def _sequences(lead: int, conts: tuple[int, ...], missing: int, lost: bytes) -> Iterator[bytes]:
    if missing == 0:
        yield bytes([lead, *conts])
    elif missing == 1 and conts:
        for slot in range(len(conts) + 1):
            for byte in lost:
                yield bytes([lead, *conts[:slot], byte, *conts[slot:]])
    elif missing == 2 and lead == 0xF0 and conts == (0x9F,):
        for first, second in product(lost, repeat=2):
            yield bytes([lead, 0x9F, first, second])


@lru_cache(maxsize=4096)
def _readings(
    lead: int, conts: tuple[int, ...], lost: bytes
) -> tuple[tuple[str, ...], bool] | None:
    """What a lead and its continuations may stand for, and whether any reading is strong.

    None: not UTF-8 even with lost bytes put back. No readings: valid UTF-8 that means
    nothing here (a bidi control), which still counts as read when choosing the code page.
    """
    size = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    missing = size - 1 - len(conts)
    found: dict[str, int] = {}
    for raw in _sequences(lead, conts, missing, lost):
        try:
            ch = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        found.setdefault(ch, _kind(ch, size, guessed=missing > 0))
    if not found:
        return None
    strong = tuple(ch for ch, kind in found.items() if kind == _STRONG)
    weak = tuple(ch for ch, kind in found.items() if kind == _WEAK)
    # A joiner stays a candidate beside strong readings: `â€` is ” or a lost ZWJ.
    options = (strong + tuple(ch for ch in weak if ch in _JOINERS)) if strong else weak
    if not options and missing:
        return None
    return options, bool(strong)


def _piece(start: int, codes: list[int], at: int, codec: _Codec) -> _Piece | None:
    lead = codes[at]
    size = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    end = at + 1
    while end < len(codes) and end - at < size and codes[end] in _CONTINUATION:
        end += 1
    read = _readings(lead, tuple(codes[at + 1 : end]), codec.lost)
    if read is None:
        return None
    options, strong = read
    guessed = end - at < size
    return _Piece(
        start + at, start + end, size, options, guessed, not strong, strong or not guessed
    )


def _read_run(text: str, start: int, end: int, codec: _Codec) -> tuple[list[_Group], int]:
    """The mojibake groups of one run read through ``codec``, and how much of it reads."""
    codes = [codec.byte_of.get(ch, -1) for ch in text[start:end]]
    pieces: list[_Piece] = []
    covered: set[int] = set()
    at = 0
    while at < len(codes):
        piece = _piece(start, codes, at, codec) if codes[at] in _LEADS else None
        if piece is None:
            at += 1
            continue
        covered.update(range(at, piece.end - start))
        at = piece.end - start
        if not piece.options:
            continue
        accent = "\u0300" <= piece.options[0] <= "\u033f"
        if accent and not text[piece.start - 1 : piece.start].isalpha():
            continue  # an accent only counts after a letter (`PŘEHRÁVÁNÍ…` is no mojibake)
        pieces.append(piece)
    if any(code >= 0x80 and at not in covered for at, code in enumerate(codes)):
        # Bytes were lost in a way that cannot be put back: a reading in another script here
        # may be misaligned (Japanese `ã®ã` is not `の` + `ã`), so only flag it.
        pieces = [replace(piece, repairable=False) if piece.weak else piece for piece in pieces]
    groups: list[_Group] = []
    for index, piece in enumerate(pieces):
        if piece.weak and not _has_company(text, pieces, index, codec):
            continue
        if groups and groups[-1].end == piece.start:
            last = groups[-1]
            groups[-1] = _Group(last.start, piece.end, codec.name, (*last.pieces, piece))
        else:
            groups.append(_Group(piece.start, piece.end, codec.name, (piece,)))
    return groups, len(covered)


def _has_company(text: str, pieces: list[_Piece], index: int, codec: _Codec) -> bool:
    """A weak piece counts next to another weak piece or a real letter of another script.

    A Latin reading (Vietnamese ư in `Ä‘Æ°á»£c`) or a joiner counts next to any piece.
    """
    piece = pieces[index]
    joiner = any(ch in _JOINERS for ch in piece.options)
    latin = all(0x180 <= ord(ch) <= 0x2AF for ch in piece.options)
    for neighbour in _adjacent_pieces(pieces, index):
        if neighbour is not None and (neighbour.weak or joiner or latin):
            return True
    for ch in text[piece.start - 1 : piece.start] + text[piece.end : piece.end + 1]:
        if ch in codec.byte_of:
            continue
        if (_is_emoji(ch) or _joins_letters(ch)) if joiner else _is_script_letter(ch):
            return True
    return False


def _joins_letters(ch: str) -> bool:
    """Whether ``ch`` is of a script written with zero-width joiners (Arabic, Indic)."""
    return 0x600 <= ord(ch) <= 0x6FF or 0x900 <= ord(ch) <= 0xDFF


def _is_script_letter(ch: str) -> bool:
    return ord(ch) >= 0x370 and unicodedata.category(ch)[0] in "LM"


def _adjacent_pieces(pieces: Sequence[_Piece], index: int) -> tuple[_Piece | None, _Piece | None]:
    piece = pieces[index]
    before = pieces[index - 1] if index > 0 and pieces[index - 1].end == piece.start else None
    after = (
        pieces[index + 1]
        if index + 1 < len(pieces) and pieces[index + 1].start == piece.end
        else None
    )
    return before, after


def _runs(text: str) -> Iterator[tuple[int, int]]:
    """The non-ASCII runs of ``text`` that the prefilter flags."""
    done_until = 0
    for hint in _hints(text):
        if hint < done_until:
            continue
        start = hint
        while start > 0 and not text[start - 1].isascii():
            start -= 1
        run = _NON_ASCII_RUN.match(text, start)
        assert run is not None  # the hint itself is non-ASCII
        done_until = run.end()
        yield run.start(), run.end()


def _scan(text: str) -> list[_Group]:
    """Every mojibake group in ``text``, in order, each read with its run's best code page."""
    # The code page that reads most of a run wins (`„Å®` is Mac Roman と, not „Ů); on a tie
    # (`â€` reads alike in 1252 and 1254), the one that won most other runs in the text.
    readings: list[list[tuple[list[_Group], str]]] = []
    votes = dict.fromkeys((codec.name for codec in _CODECS), 0)
    for start, end in _runs(text):
        scored = [(*_read_run(text, start, end, codec), codec.name) for codec in _CODECS]
        top = max(score for _, score, _ in scored)
        if top == 0:
            continue
        best = [(found, name) for found, score, name in scored if score == top]
        if len(best) == 1:
            votes[best[0][1]] += 1
        readings.append(best)
    groups: list[_Group] = []
    for best in readings:
        groups.extend(max(best, key=lambda reading: votes[reading[1]])[0])
    # Maths-like Mac Roman counts inside a word or in a text with other Mac Roman mojibake.
    supported = any(group.codec == _MAC_ROMAN and not group.needs_support(text) for group in groups)
    return [
        group
        for group in groups
        if supported or not group.needs_support(text) or _inside_word(text, group)
    ]


def _inside_word(text: str, group: _Group) -> bool:
    neighbours = text[group.start - 1 : group.start] + text[group.end : group.end + 1]
    return any(ch.isalpha() for ch in neighbours)


def _locate(text: str, offsets: Sequence[int], spans: Sequence[str]) -> list[Mojibake]:
    starts = [0, *(match.end() for match in _NEWLINE.finditer(text))]
    bom = 1 if text.startswith(_BOM) else 0
    found: list[Mojibake] = []
    for offset, span in zip(offsets, spans, strict=True):
        line = bisect_right(starts, offset)
        column = offset - starts[line - 1] + 1 - (bom if line == 1 else 0)
        found.append(Mojibake(line, column, span))
    return found


# --- public API ------------------------------------------------------------------------------


def find_mojibake(text: str) -> list[Mojibake]:
    """Every suspicious sequence in ``text``; one regex search when there is none."""
    if not _has_hint(text):
        return []
    groups = _scan(text)
    return _locate(text, [g.start for g in groups], [text[g.start : g.end] for g in groups])


def repair(text: str) -> Repair:
    """Repair every mojibake sequence that can be read back; leave every other byte alone.

    Repeats until nothing more can be repaired (text encoded twice over comes back whole), so
    ``repair(repair(x).text).text == repair(x).text``.
    """
    current = text
    guessed: list[int] = []
    while _has_hint(current):
        repaired, edits, new_guesses = _repair_pass(current)
        if repaired == current:
            break
        guessed = [_shift(offset, edits) for offset in guessed] + new_guesses
        current = repaired
    guessed = sorted(set(guessed))
    return Repair(
        text=current,
        changed=current != text,
        unrepaired=tuple(find_mojibake(current)),
        guessed=tuple(_locate(current, guessed, [current[offset] for offset in guessed])),
    )


# --- repairing -------------------------------------------------------------------------------

_Edit = tuple[int, int, int]  # old start, old end, new length
_Replacement = tuple[int, int, str, bool]  # start, end, new text, whether it was a coin toss


def _repair_pass(text: str) -> tuple[str, list[_Edit], list[int]]:
    """One round: every run holding mojibake, fixed by ftfy or else read back here."""
    groups = _scan(text)
    # Unambiguous readings vote for ambiguous ones (a 📞 elsewhere decides `ðŸ“`).
    evidence = set(text)
    evidence.update(
        piece.options[0]
        for group in groups
        for piece in group.pieces
        if len(piece.options) == 1 and piece.repairable
    )
    replacements: list[_Replacement] = []
    index = 0
    while index < len(groups):
        run = _NON_ASCII_RUN.match(text, _run_start(text, groups[index].start))
        assert run is not None  # a group is non-ASCII
        in_run: list[_Group] = []
        while index < len(groups) and groups[index].start < run.end():
            in_run.append(groups[index])
            index += 1
        readings = {ch for group in in_run for piece in group.pieces for ch in piece.options}
        fixed = _ftfy_fix(run.group(), readings)
        if fixed is not None:
            replacements.append((run.start(), run.end(), fixed, False))
            continue
        for group in in_run:
            for at, piece in enumerate(group.pieces):
                choice = _choose(text, group.pieces, at, evidence) if piece.repairable else None
                if choice is not None:
                    chosen, ambiguous = choice
                    replacements.append((piece.start, piece.end, chosen, ambiguous))
    while True:
        repaired, edits = _apply(text, replacements)
        outputs = _outputs(edits)
        spoiled = _spoiled(repaired, outputs)
        if not spoiled:
            break
        replacements = [r for at, r in enumerate(replacements) if at not in spoiled]
    guesses = [start for (start, _), r in zip(outputs, replacements, strict=True) if r[3]]
    return repaired, edits, guesses


def _apply(text: str, replacements: Sequence[_Replacement]) -> tuple[str, list[_Edit]]:
    out: list[str] = []
    edits: list[_Edit] = []
    position = 0
    for start, end, new, _ in replacements:
        out.append(text[position:start])
        out.append(new)
        edits.append((start, end, len(new)))
        position = end
    out.append(text[position:])
    return "".join(out), edits


def _outputs(edits: Sequence[_Edit]) -> list[tuple[int, int]]:
    """Where each edit's new text lies in the edited text."""
    spans: list[tuple[int, int]] = []
    delta = 0
    for start, end, new_length in edits:
        spans.append((start + delta, start + delta + new_length))
        delta += new_length - (end - start)
    return spans


def _spoiled(text: str, outputs: Sequence[tuple[int, int]]) -> set[int]:
    """Replacements whose output forms new mojibake with untouched neighbours.

    Mojibake made only of repaired characters is text that was encoded twice and is read
    again next round; a repaired character that completes a damaged neighbour (`à³` + a
    guessed `”`) was a wrong guess and is undone.
    """
    if not outputs:
        return set()
    starts = [start for start, _ in outputs]
    spoiled: set[int] = set()
    for group in _scan(text):
        touching: list[int] = []
        for at in range(max(bisect_right(starts, group.start) - 1, 0), len(outputs)):
            if outputs[at][0] >= group.end:
                break
            if group.start < outputs[at][1]:
                touching.append(at)
        if not touching:
            continue
        inside = sum(
            min(group.end, outputs[at][1]) - max(group.start, outputs[at][0]) for at in touching
        )
        if inside < group.end - group.start:
            spoiled.update(touching)
    return spoiled


def _run_start(text: str, at: int) -> int:
    while at > 0 and not text[at - 1].isascii():
        at -= 1
    return at


def _choose(
    text: str, pieces: Sequence[_Piece], index: int, evidence: set[str]
) -> tuple[str, bool] | None:
    """The likeliest reading of a piece and whether it was a coin toss; None: no good one."""
    piece = pieces[index]
    options = list(piece.options)
    if len(options) == 1 and not (piece.guessed and options[0] == _ZWJ):
        return options[0], False
    # What the piece will sit between once repaired.
    before, after = _adjacent_pieces(pieces, index)
    left = before.options[0] if before else text[piece.start - 1 : piece.start]
    right = after.options[0] if after else text[piece.end : piece.end + 1]
    if _ZWJ in options:
        if (left and right and _is_emoji(left) and _is_emoji(right)) or any(
            _joins_letters(ch) for ch in left + right
        ):
            return _ZWJ, False  # 👨‍💻, or between Indic or Arabic letters (ന്‍)
        options.remove(_ZWJ)
    if len(options) <= 1:
        return (options[0], False) if options else None
    if "\u201d" in options:  # `â€` and a lost byte: ”, or „ or ‐ (also lost in 1254, 1252)
        if "\u2010" in options and all(ch.isascii() and ch.isalnum() for ch in (left, right)):
            return "\u2010", False
        if "\u201e" in options and (not left or left.isspace()) and right and not right.isspace():
            return "\u201e", False
        return "\u201d", False

    def tier(ch: str) -> int:
        if ch in evidence:
            return 0
        if ch in _PREFERRED_RANK:
            return 1
        return 2 if _is_emoji(ch) or unicodedata.category(ch) == "So" else 3

    ranked = sorted(options, key=lambda ch: (tier(ch), _PREFERRED_RANK.get(ch, 0), ord(ch)))
    best = tier(ranked[0])
    return ranked[0], sum(1 for ch in options if tier(ch) == best) > 1


def _shift(offset: int, edits: Sequence[_Edit]) -> int:
    """Where ``offset`` lands once ``edits`` (in order, not overlapping) are applied."""
    delta = 0
    for start, end, new_length in edits:
        if end <= offset:
            delta += new_length - (end - start)
        elif start <= offset:
            return start + delta
        else:
            break
    return offset + delta


@cache
def _ftfy_config() -> ftfy.TextFixerConfig:
    import ftfy

    # Encoding fixes only: no HTML, quotes, widths, ligatures, line breaks or normalization,
    # no turning C1 controls into punctuation, no marking losses with U+FFFD.
    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=False,
        replace_lossy_sequences=False,
        decode_inconsistent_utf8=True,
        fix_c1_controls=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def _ftfy_fix(run: str, readings: set[str]) -> str | None:
    """ftfy's repair of one non-ASCII run, if it only restores readings found here."""
    import ftfy

    fixed: str = ftfy.fix_encoding(run, _ftfy_config())
    if fixed == run or len(fixed) >= len(run) or _scan(fixed):
        return None  # no change, or only part of the job (the rest is read back here)
    if any(ch not in readings and ch not in run for ch in fixed):
        return None  # ftfy read something this module finds unlikely (䏿 for ä¸æ)
    # Characters no code page here can produce were sound: they must all still be there.
    sound = iter(fixed)
    if not all(ch in sound for ch in run if not any(ch in c.byte_of for c in _CODECS)):
        return None
    return fixed
