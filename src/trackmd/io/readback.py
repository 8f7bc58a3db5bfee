"""Byte guessing under mojibake: non-ASCII runs re-encoded through legacy code pages, read
back as UTF-8."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from functools import lru_cache
from itertools import product
from typing import Final

from trackmd.core.record import NamedTuple

# --- code pages ------------------------------------------------------------------------------


class Codec(NamedTuple):
    """A legacy code page, as seen from the mojibake it makes."""

    name: str
    byte_of: dict[str, int]  # character -> its byte, for bytes 0x80-0xFF
    lost: bytes  # bytes the code page has no character for


def _codec(name: str) -> Codec:
    byte_of: dict[str, int] = {}
    lost: list[int] = []
    for byte in range(0x80, 0x100):
        try:
            byte_of[bytes([byte]).decode(name)] = byte
        except UnicodeDecodeError:
            lost.append(byte)
            byte_of[chr(byte)] = byte  # a C1 control: the byte went through as Latin-1
    return Codec(name, byte_of, bytes(lost))


CODECS: Final = tuple(_codec(name) for name in ("cp1252", "cp1254", "mac_roman"))
MAC_ROMAN: Final = "mac_roman"
_MAC_MATH: Final = frozenset("π∞±≠≤≥∂∑∏∫Ωµ°")

# UTF-8 lead bytes read back (not EE: private use; not F1-F4: nothing people type).
LEADS: Final = frozenset(range(0xC2, 0xEE)) | {0xEF, 0xF0}
CONTINUATION: Final = range(0x80, 0xC0)


# Leads whose sequences can read as something believable on their own (see _kind); the
# others only count in pairs.
STRONG_LEADS: Final = frozenset({0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xCC, 0xE1, 0xE2, 0xEF, 0xF0})


def char_class(codec: Codec, wanted: Collection[int]) -> str:
    chars = sorted(ch for ch, byte in codec.byte_of.items() if byte in wanted)
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


# --- what a read-back character may be -------------------------------------------------------

_REJECT, _WEAK, _STRONG = 0, 1, 2
_BAD_CATEGORIES: Final = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})
_INVISIBLE_OK: Final = frozenset("\u200b\u2060\ufeff")  # zero-width space, word joiner, BOM
_JOINERS: Final = frozenset("\u200c\u200d")
ZWJ: Final = "\u200d"

# Tie-breakers for a lost byte: characters trackers use, most likely first within a collision
# (`ðŸ“` + a lost byte is one of 📁📍📎📏📐📝📞).
_PREFERRED: Final = (
    "\u201d\u2019\u201c\u2018\u201e\u2010\u2013\u2014\u2026\u2022\ufe0f"
    "⏳⏰⏱⏩⏸⏹⏺✅✔✓✗✘❌❎☑⚠⚡⚙✏✍❤❗❓⭐✨➡→←↑↓"
    "█▓▒░■□▪▫─│┌┐└┘├┤┬┴┼━┃═║"
    "👍👏📝📁📂📌📍📞📎📏📐📋📊📈📉📅📆📄📦📚🔍🔐🔁🔄🔗🔧🔨🔥"
    "🔴🟠🟡🟢🔵🟣🟤⚪⚫🚀🚧🚨🐛🐞🏁🏆🎯🎉💡👥👤"
)
PREFERRED_RANK: Final = {ch: rank for rank, ch in enumerate(_PREFERRED)}
_BMP_EMOJI: Final = frozenset(
    "⌚⌛⏩⏪⏫⏬⏰⏱⏲⏳⏸⏹⏺◽◾☀☁☎☑☔☕♿⚓⚙⚠⚡⚪⚫⚽⚾⛄⛅⛔⛪⛲⛳⛵⛺⛽"
    "✅✂✈✉✊✋✏✒✔✖✨❌❎❓❔❕❗❤➕➖➗➡➰➿⬛⬜⭐⭕"
)


def _is_cjk(cp: int) -> bool:
    return 0x3000 <= cp <= 0x30FF or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF


def is_emoji(ch: str) -> bool:
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
        # Latin-1, Latin Extended-A, Vietnamese ơ ư, accents (`può` as o + ̀, see read_run)
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
        usual = ch in PREFERRED_RANK or is_emoji(ch)
        return _STRONG if usual or 0x2190 <= cp <= 0x21FF or 0x2500 <= cp <= 0x25FF else _REJECT
    if 0x2000 <= cp <= 0x27FF or 0x2900 <= cp <= 0x2BFF or 0xFE00 <= cp <= 0xFE0F:
        return _STRONG
    return _REJECT


# --- reading runs back -----------------------------------------------------------------------


class Piece(NamedTuple):
    """One UTF-8 sequence read back through a code page: text[start:end] stands for options."""

    start: int
    end: int
    size: int
    options: tuple[str, ...]  # what it may stand for, in order of discovery
    guessed: bool  # a lost byte was put back
    weak: bool  # only weak readings
    repairable: bool  # weak readings are restored only when sure and in an undamaged run


class Group(NamedTuple):
    """Adjacent pieces read back through one code page: one finding."""

    start: int
    end: int
    codec: str
    pieces: tuple[Piece, ...]

    def needs_support(self, text: str) -> bool:
        """Whether this could be maths: Mac Roman `√π` is ù, or the square root of pi."""
        return self.codec == MAC_ROMAN and all(
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


def _piece(start: int, codes: list[int], at: int, codec: Codec) -> Piece | None:
    lead = codes[at]
    size = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    end = at + 1
    while end < len(codes) and end - at < size and codes[end] in CONTINUATION:
        end += 1
    read = _readings(lead, tuple(codes[at + 1 : end]), codec.lost)
    if read is None:
        return None
    options, strong = read
    guessed = end - at < size
    return Piece(start + at, start + end, size, options, guessed, not strong, strong or not guessed)


def read_run(text: str, start: int, end: int, codec: Codec) -> tuple[list[Group], int]:
    """The mojibake groups of one run read through ``codec``, and how much of it reads."""
    codes = [codec.byte_of.get(ch, -1) for ch in text[start:end]]
    pieces: list[Piece] = []
    covered: set[int] = set()
    at = 0
    while at < len(codes):
        piece = _piece(start, codes, at, codec) if codes[at] in LEADS else None
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
        pieces = [piece._replace(repairable=False) if piece.weak else piece for piece in pieces]
    groups: list[Group] = []
    for index, piece in enumerate(pieces):
        if piece.weak and not _has_company(text, pieces, index, codec):
            continue
        if groups and groups[-1].end == piece.start:
            last = groups[-1]
            groups[-1] = Group(last.start, piece.end, codec.name, (*last.pieces, piece))
        else:
            groups.append(Group(piece.start, piece.end, codec.name, (piece,)))
    return groups, len(covered)


def _has_company(text: str, pieces: list[Piece], index: int, codec: Codec) -> bool:
    """A weak piece counts next to another weak piece or a real letter of another script.

    A Latin reading (Vietnamese ư in `Ä‘Æ°á»£c`) or a joiner counts next to any piece.
    """
    piece = pieces[index]
    joiner = any(ch in _JOINERS for ch in piece.options)
    latin = all(0x180 <= ord(ch) <= 0x2AF for ch in piece.options)
    for neighbour in adjacent_pieces(pieces, index):
        if neighbour is not None and (neighbour.weak or joiner or latin):
            return True
    for ch in text[piece.start - 1 : piece.start] + text[piece.end : piece.end + 1]:
        if ch in codec.byte_of:
            continue
        if (is_emoji(ch) or joins_letters(ch)) if joiner else _is_script_letter(ch):
            return True
    return False


def joins_letters(ch: str) -> bool:
    """Whether ``ch`` is of a script written with zero-width joiners (Arabic, Indic)."""
    return 0x600 <= ord(ch) <= 0x6FF or 0x900 <= ord(ch) <= 0xDFF


def _is_script_letter(ch: str) -> bool:
    return ord(ch) >= 0x370 and unicodedata.category(ch)[0] in "LM"


def adjacent_pieces(pieces: Sequence[Piece], index: int) -> tuple[Piece | None, Piece | None]:
    piece = pieces[index]
    before = pieces[index - 1] if index > 0 and pieces[index - 1].end == piece.start else None
    after = (
        pieces[index + 1]
        if index + 1 < len(pieces) and pieces[index + 1].start == piece.end
        else None
    )
    return before, after
