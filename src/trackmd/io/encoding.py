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

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Final

from trackmd.core import patterns
from trackmd.core.record import NamedTuple
from trackmd.io.detect import NON_ASCII_RUN, has_hint, scan
from trackmd.io.readback import (
    CODECS,
    PREFERRED_RANK,
    ZWJ,
    Group,
    Piece,
    adjacent_pieces,
    is_emoji,
    joins_letters,
)

if TYPE_CHECKING:
    import ftfy

__all__ = ["Mojibake", "Repair", "find_mojibake", "repair"]


class Mojibake(NamedTuple):
    """One suspicious sequence.

    ``column`` counts characters from 1; a byte-order mark at the start of the text is not
    counted, as editors do not count it.
    """

    line: int
    column: int
    text: str


class Repair(NamedTuple):
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


_NEWLINE: Final = patterns.compile(r"\r\n|\r|\n")
_BOM: Final = "\ufeff"


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
    if not has_hint(text):
        return []
    groups = scan(text)
    return _locate(text, [g.start for g in groups], [text[g.start : g.end] for g in groups])


def repair(text: str) -> Repair:
    """Repair every mojibake sequence that can be read back; leave every other byte alone.

    Repeats until nothing more can be repaired (text encoded twice over comes back whole), so
    ``repair(repair(x).text).text == repair(x).text``.
    """
    current = text
    guessed: list[int] = []
    while has_hint(current):
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
    groups = scan(text)
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
        run = NON_ASCII_RUN.match(text, _run_start(text, groups[index].start))
        assert run is not None  # a group is non-ASCII
        in_run: list[Group] = []
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
    for group in scan(text):
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
    text: str, pieces: Sequence[Piece], index: int, evidence: set[str]
) -> tuple[str, bool] | None:
    """The likeliest reading of a piece and whether it was a coin toss; None: no good one."""
    piece = pieces[index]
    options = list(piece.options)
    if len(options) == 1 and not (piece.guessed and options[0] == ZWJ):
        return options[0], False
    # What the piece will sit between once repaired.
    before, after = adjacent_pieces(pieces, index)
    left = before.options[0] if before else text[piece.start - 1 : piece.start]
    right = after.options[0] if after else text[piece.end : piece.end + 1]
    if ZWJ in options:
        if (left and right and is_emoji(left) and is_emoji(right)) or any(
            joins_letters(ch) for ch in left + right
        ):
            return ZWJ, False  # 👨‍💻, or between Indic or Arabic letters (ന്‍)
        options.remove(ZWJ)
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
        if ch in PREFERRED_RANK:
            return 1
        return 2 if is_emoji(ch) or unicodedata.category(ch) == "So" else 3

    ranked = sorted(options, key=lambda ch: (tier(ch), PREFERRED_RANK.get(ch, 0), ord(ch)))
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
    if fixed == run or len(fixed) >= len(run) or scan(fixed):
        return None  # no change, or only part of the job (the rest is read back here)
    if any(ch not in readings and ch not in run for ch in fixed):
        return None  # ftfy read something this module finds unlikely (䏿 for ä¸æ)
    # Characters no code page here can produce were sound: they must all still be there.
    sound = iter(fixed)
    if not all(ch in sound for ch in run if not any(ch in c.byte_of for c in CODECS)):
        return None
    return fixed
