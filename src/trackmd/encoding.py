"""Find and repair double-encoded UTF-8 ("mojibake") without touching anything else.

Mojibake is UTF-8 that was decoded once more as a legacy 8-bit code page and saved again as
UTF-8: ✅ (E2 9C 85) becomes ``âœ…`` through Windows-1252, 🟡 becomes ``ğŸŸ¡`` through
Windows-1254 and ``\\uf8ffüü°`` through Mac Roman. Windows-125x have no character for a
few bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D; 0x8E and 0x9E too in 1254), so those bytes are
often lost on the way: ⏳ (E2 8F B3) comes back as ``â³``.

Only runs of non-ASCII characters can be mojibake (a multi-byte UTF-8 sequence never contains
an ASCII byte), so line endings, spaces, tabs and every ASCII byte are never touched, and a
repair replaces each suspicious run by the characters it decodes to, and nothing else.

Detection is this module's own: a run is re-encoded with each code page and decoded as UTF-8,
guessing a lost byte among the bytes that code page cannot represent, and a sequence counts as
mojibake only when it decodes to a character that makes sense there (a letter for a two-byte
sequence, a symbol, box glyph or emoji for a longer one; CJK only when two come together).
Repair first asks ftfy (encoding fixes only, one suspicious run at a time, so it cannot eat a
neighbouring space) and falls back to the decoder above for what ftfy leaves behind.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
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

    ``unrepaired`` lists what still looks like mojibake (positions in the repaired text);
    ``guessed`` lists characters restored from a lost byte where several characters were
    possible and nothing in the text decided between them (the chosen character, in the
    repaired text), for a human to check.
    """

    text: str
    changed: bool
    unrepaired: tuple[Mojibake, ...]
    guessed: tuple[Mojibake, ...] = ()


# --- code pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Codec:
    name: str
    byte_of: dict[str, int]  # character -> its byte, for bytes 0x80-0xFF
    lost: tuple[int, ...]  # bytes the code page has no character for


def _codec(name: str) -> _Codec:
    byte_of: dict[str, int] = {}
    lost: list[int] = []
    for byte in range(0x80, 0x100):
        try:
            byte_of[bytes([byte]).decode(name)] = byte
        except UnicodeDecodeError:
            lost.append(byte)
            byte_of[chr(byte)] = byte  # a C1 control: the byte went through as Latin-1
    return _Codec(name, byte_of, tuple(lost))


_CODECS: Final = tuple(_codec(name) for name in ("cp1252", "cp1254", "mac_roman"))
_MAC_ROMAN: Final = "mac_roman"

# UTF-8 lead bytes whose sequences can decode to something this module accepts (see _kind).
_LEADS: Final = frozenset({0xC2, 0xC3, 0xC4, 0xC5, 0xCE, 0xCF, 0xD0, 0xD1, *range(0xE2, 0xEA)})
_LEADS_ALL: Final = _LEADS | {0xEF, 0xF0}


def _char_class(codec: _Codec, wanted: Sequence[int] | frozenset[int]) -> str:
    chars = sorted(ch for ch, byte in codec.byte_of.items() if byte in wanted)
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


# Cheap prefilter: a lead character followed by a continuation character, in one code page.
_HINT: Final = re.compile(
    "|".join(
        _char_class(codec, _LEADS_ALL) + _char_class(codec, range(0x80, 0xC0)) for codec in _CODECS
    )
)
_NON_ASCII_RUN: Final = re.compile(r"[^\x00-\x7f]+")
_NEWLINE: Final = re.compile(r"\r\n|\r|\n")
_BOM: Final = "\ufeff"

# --- what a decoded character may be ---------------------------------------------------------

_REJECT, _WEAK, _STRONG = 0, 1, 2
_FORMAT_OK: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_ZWJ: Final = "\u200d"

# Tie-breakers for a lost byte: characters trackers use, most likely first within a collision.
_PREFERRED: Final = (
    "\u201d\u2019\u201c\u2018\u2013\u2014\u2026\u2022\ufe0f"
    "⏳⏰⏱⏩⏸⏹⏺✅✔✓✗✘❌❎☑⚠⚡⚙✏✍❤❗❓⭐✨➡→←↑↓"
    "█▓▒░■□▪▫─│┌┐└┘├┤┬┴┼━┃"
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
    """How plausible ``ch`` is as the character a ``size``-byte mojibake sequence stood for."""
    cp = ord(ch)
    category = unicodedata.category(ch)
    if size == 4:
        if not 0x1F000 <= cp <= 0x1FAFF or (guessed and category == "Cn"):
            return _REJECT
        return _STRONG  # unassigned here may be newer emoji than this Python knows
    if guessed and size == 3 and not _is_cjk(cp):
        # Two characters are thin evidence (French `â\xa0;` is not mojibake): only restore
        # what people put in trackers.
        usual = ch in _PREFERRED_RANK or _is_emoji(ch) or 0x2190 <= cp <= 0x21FF
        return _STRONG if usual or 0x2500 <= cp <= 0x25FF else _REJECT
    if category in {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"} or (
        category == "Cf" and ch not in _FORMAT_OK
    ):
        return _REJECT
    if size == 2:
        if 0xA0 <= cp <= 0x17F:
            return _STRONG
        return _WEAK if 0x386 <= cp <= 0x45F and category.startswith("L") else _REJECT
    if (0x2000 <= cp <= 0x27FF or 0x2900 <= cp <= 0x2BFF) or 0xFE00 <= cp <= 0xFE0F or cp == 0xFEFF:
        return _STRONG
    return _WEAK if _is_cjk(cp) or 0xFF01 <= cp <= 0xFFEF else _REJECT


# --- decoding runs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    """One UTF-8 sequence read back from the code page: text[start:end] stands for options."""

    start: int
    end: int
    size: int
    options: tuple[str, ...]  # what it may stand for, in order of discovery
    guessed: bool  # a lost byte was put back
    weak: bool  # only CJK or Greek/Cyrillic readings: needs company to count

    @property
    def repairable(self) -> bool:
        return not (self.weak and self.guessed)


@dataclass(frozen=True)
class _Group:
    """Adjacent pieces, decoded with one code page: one finding."""

    start: int
    end: int
    codec: str
    pieces: tuple[_Piece, ...]

    @property
    def needs_support(self) -> bool:
        # Mac Roman two-byte mojibake (`√π` for ù) looks like maths unless inside a word.
        return self.codec == _MAC_ROMAN and all(piece.size == 2 for piece in self.pieces)


def _sequences(lead: int, conts: list[int], missing: int, codec: _Codec) -> Iterator[bytes]:
    if missing == 0:
        yield bytes([lead, *conts])
    elif missing == 1 and conts:
        for slot in range(len(conts) + 1):
            for byte in codec.lost:
                yield bytes([lead, *conts[:slot], byte, *conts[slot:]])
    elif missing == 2 and lead == 0xF0 and conts == [0x9F]:
        for first, second in product(codec.lost, repeat=2):
            yield bytes([lead, 0x9F, first, second])


def _piece(text: str, start: int, codes: list[int], at: int, codec: _Codec) -> _Piece | None:
    lead = codes[at]
    size = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    end = at + 1
    while end < len(codes) and end - at < size and 0x80 <= codes[end] <= 0xBF:
        end += 1
    conts = codes[at + 1 : end]
    missing = size - 1 - len(conts)
    found: dict[str, int] = {}
    for raw in _sequences(lead, conts, missing, codec):
        try:
            ch = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        kind = _kind(ch, size, guessed=missing > 0)
        if kind != _REJECT:
            found.setdefault(ch, kind)
    strong = tuple(ch for ch, kind in found.items() if kind == _STRONG)
    options = strong or tuple(found)
    if not options:
        return None
    return _Piece(start + at, start + end, size, options, missing > 0, not strong)


def _decode_run(text: str, start: int, end: int, codec: _Codec) -> list[_Group]:
    codes = [codec.byte_of.get(ch, -1) for ch in text[start:end]]
    pieces: list[_Piece] = []
    at = 0
    while at < len(codes):
        piece = _piece(text, start, codes, at, codec) if codes[at] in _LEADS_ALL else None
        if piece is None:
            at += 1
        else:
            pieces.append(piece)
            at = piece.end - start
    kept = [
        piece
        for index, piece in enumerate(pieces)
        if not piece.weak or _has_company(text, pieces, index)
    ]
    groups: list[_Group] = []
    for piece in kept:
        if groups and groups[-1].end == piece.start:
            last = groups[-1]
            groups[-1] = _Group(last.start, piece.end, codec.name, (*last.pieces, piece))
        else:
            groups.append(_Group(piece.start, piece.end, codec.name, (piece,)))
    return groups


def _has_company(text: str, pieces: list[_Piece], index: int) -> bool:
    """A weak piece counts next to another weak piece or a real CJK character."""
    piece = pieces[index]
    before = pieces[index - 1] if index > 0 else None
    after = pieces[index + 1] if index + 1 < len(pieces) else None
    if (before and before.end == piece.start and before.weak) or (
        after and after.start == piece.end and after.weak
    ):
        return True
    neighbours = text[piece.start - 1 : piece.start] + text[piece.end : piece.end + 1]
    return any(_is_cjk(ord(ch)) for ch in neighbours)


def _scan(text: str) -> list[_Group]:
    """Every mojibake group in ``text``, in order."""
    groups: list[_Group] = []
    done_until = 0
    for hint in _HINT.finditer(text):
        if hint.start() < done_until:
            continue
        run = _NON_ASCII_RUN.match(text, _run_start(text, hint.start()))
        assert run is not None  # the hint itself is non-ASCII
        done_until = run.end()
        best: list[_Group] = []
        best_score = 0
        for codec in _CODECS:
            found = _decode_run(text, run.start(), run.end(), codec)
            score = sum(group.end - group.start for group in found)
            if score > best_score:
                best, best_score = found, score
        groups.extend(best)
    supported = any(group.codec == _MAC_ROMAN and not group.needs_support for group in groups)
    return [
        group
        for group in groups
        if supported or not group.needs_support or _inside_word(text, group)
    ]


def _run_start(text: str, at: int) -> int:
    while at > 0 and ord(text[at - 1]) > 0x7F:
        at -= 1
    return at


def _inside_word(text: str, group: _Group) -> bool:
    neighbours = text[group.start - 1 : group.start] + text[group.end : group.end + 1]
    return any(ch.isalpha() for ch in neighbours)


# --- positions -------------------------------------------------------------------------------


def _locate(text: str, offsets: Sequence[int], spans: Sequence[str]) -> list[Mojibake]:
    from bisect import bisect_right

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
    """Every suspicious sequence in ``text``; cheap (one regex search) when there is none."""
    if _HINT.search(text) is None:
        return []
    groups = _scan(text)
    return _locate(text, [g.start for g in groups], [text[g.start : g.end] for g in groups])


def repair(text: str) -> Repair:
    """Repair every mojibake sequence that can be read back; leave every other byte alone."""
    current = text
    guessed: list[int] = []
    while True:
        if _HINT.search(current) is None:
            break
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


def _repair_pass(text: str) -> tuple[str, list[_Edit], list[int]]:
    groups = _scan(text)
    evidence = set(text)
    # Unambiguous readings are evidence for the ambiguous ones (📞 elsewhere decides `ðŸ“`).
    evidence.update(
        piece.options[0]
        for group in groups
        for piece in group.pieces
        if len(piece.options) == 1 and piece.repairable
    )
    out: list[str] = []
    edits: list[_Edit] = []
    guesses: list[int] = []
    length = 0
    position = 0
    for group in groups:
        out.append(text[position : group.start])
        length += group.start - position
        segment = text[group.start : group.end]
        fixed = _ftfy_fix(segment)
        local_guesses: list[int] = []
        if fixed is None:
            fixed, local_guesses = _decode_group(text, group, evidence)
        guesses.extend(length + offset for offset in local_guesses)
        out.append(fixed)
        edits.append((group.start, group.end, len(fixed)))
        length += len(fixed)
        position = group.end
    out.append(text[position:])
    return "".join(out), edits, guesses


def _decode_group(text: str, group: _Group, evidence: set[str]) -> tuple[str, list[int]]:
    out: list[str] = []
    guesses: list[int] = []
    length = 0
    pieces = group.pieces
    for index, piece in enumerate(pieces):
        if not piece.repairable:
            chosen, ambiguous = text[piece.start : piece.end], False
        else:
            chosen, ambiguous = _choose(piece, pieces, index, evidence)
        if ambiguous:
            guesses.append(length)
        out.append(chosen)
        length += len(chosen)
    return "".join(out), guesses


def _choose(
    piece: _Piece, pieces: Sequence[_Piece], index: int, evidence: set[str]
) -> tuple[str, bool]:
    """The most likely reading of ``piece``, and whether that was a coin toss."""
    options = list(piece.options)
    if _ZWJ in options:
        # A joiner only makes sense between two emoji (👨‍💻), and then it is the reading.
        before = pieces[index - 1] if index > 0 else None
        after = pieces[index + 1] if index + 1 < len(pieces) else None
        if before and after and _is_emoji(before.options[0]) and _is_emoji(after.options[0]):
            return _ZWJ, False
        options.remove(_ZWJ)
    if len(options) == 1:
        return options[0], False

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
    """Where ``offset`` lands after ``edits`` (sorted, non-overlapping) are applied."""
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
    # and no guessing that a space was a non-breaking space or marking losses with U+FFFD.
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


def _ftfy_fix(segment: str) -> str | None:
    """ftfy's reading of one mojibake segment, when it is complete and believable."""
    import ftfy

    fixed: str = ftfy.fix_encoding(segment, _ftfy_config())
    if fixed == segment or len(fixed) >= len(segment) or _scan(fixed):
        return None
    for ch in fixed:
        if ch.isascii() or unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"}:
            return None
        if ch == "\ufffd" or (unicodedata.category(ch) == "Cf" and ch not in _FORMAT_OK):
            return None
    return fixed
