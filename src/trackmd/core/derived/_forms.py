"""How summary numbers are written, kept as the author wrote them: `13 / 13` keeps its
spaces, `75.6%` its one decimal, `%85` (Turkish) its prefix sign. Shared by D1-D3."""

from __future__ import annotations

import re

from trackmd.core import patterns
from trackmd.core.derive import FRACTION, PERCENT, half_up

# `%85`, `% 85`: the sign before the number (Turkish), not the end of another percent
PREFIX_PERCENT = patterns.compile(r"(?<![\w%])%[ \t]?(\d+(?:[.,]\d+)?)(?![\d%])")


def percent_like(number: str, done: float, total: float) -> str:
    """`done / total` as a percent written as `number` is: as many decimals, the same
    decimal sign; rounded half up (5/8 → 63, 34/45 at one decimal → 75.6)."""
    sign = "," if "," in number else "."
    decimals = len(number.partition(sign)[2])
    if not decimals and float(done).is_integer() and float(total).is_integer():
        return str(half_up(int(done), int(total)))
    from decimal import ROUND_HALF_UP, Decimal  # costly to import, and rarely needed

    ratio = Decimal(str(done)) * 100 / Decimal(str(total))
    value = ratio.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{value:.{decimals}f}".replace(".", sign)


def find_percent(text: str) -> re.Match[str] | None:
    """The first percent in `text`: `67%`, `67 %`, or with the sign first, `%67`."""
    return PERCENT.search(text) or PREFIX_PERCENT.search(text)


def put_percent(text: str, done: float, total: float) -> str:
    """`text` with its first percent saying `done / total`, in the precision it has."""
    match = find_percent(text)
    if match is None or not total:
        return text
    new = percent_like(match.group(1), done, total)
    return text[: match.start(1)] + new + text[match.end(1) :]


# `3 of 5`, `3 von 5`, `3 sur 5`, `3 de 5`, `3 di 5`, `3 van 5`, `3 из 5`: a count in
# words, only first in a value (after markup): in prose `2 de 3 de 2025` is a date
OF_FRACTION = patterns.compile(
    r"^[ \t*_]*(\d+)[ \t]+(?:of|von|sur|de|di|van|из)[ \t]+(\d+)"
    r"(?![\d/]|[.,]\d|[ \t]*%|[ \t]+(?:of|von|sur|de|di|van|из)[ \t]+\d)"
)


_OF_ANYWHERE = patterns.compile(
    r"(?<![\d/.,])(\d+)[ \t]+(?:of|von|sur|de|di|van|из)[ \t]+(\d+)(?![\d/]|[.,]\d)"
)


def any_fraction(text: str) -> re.Match[str] | None:
    """Any count in `text`, in words too wherever it stands (`40% (34 of 45 files)`): to
    tell a value about something else, never to rewrite."""
    return FRACTION.search(text) or _OF_ANYWHERE.search(text)


def find_fraction(text: str) -> re.Match[str] | None:
    """The first count in `text`: `3/5`, `3 / 5`, or in words first in it, `3 of 5`."""
    return FRACTION.search(text) or OF_FRACTION.search(text)


def leading_fraction(text: str) -> re.Match[str] | None:
    """A count the text starts with (after markup): `1/3 (33%)`, `**2 of 4**`; not the
    `12/05` of `50% (ETA 12/05)`."""
    match = find_fraction(text)
    if match is None or text[: match.start(1)].strip(" \t*_"):
        return None
    return match


def put_fraction(text: str, done: int, total: int) -> str:
    """`text` with its first `done/total` (`13 / 13`, `3 of 5`: the spacing and the word
    kept) saying these."""
    match = find_fraction(text)
    if match is None:
        return text
    return (
        text[: match.start(1)] + str(done) + text[match.end(1) : match.start(2)] + str(total)
        + text[match.end(2) :]
    )  # fmt: skip


_FENCE_LINE = patterns.compile(r"\n[ \t>]*(?:```|~~~)")


def lines_matching(text: str, hint: re.Pattern[str]) -> list[tuple[int, int, str]]:
    """The lines `hint` finds, outside fences: (0-based number, offset of the line, the
    line without its end). `hint` matches from the line break before a line (`\n…`; the
    text is searched with one put before it), which the regex engine finds far faster than
    `(?m)^`; the lines it does not find cost nothing."""
    from bisect import bisect_right

    if "\r" in text:
        return _lines_matching_any_ending(text, hint)
    padded = "\n" + text
    found: list[tuple[int, int, str]] = []
    fences: list[int] | None = None
    number, counted = 0, 0
    for match in hint.finditer(padded):
        start = match.start()  # the line starts here in `text` (one after the `\n` put first)
        number += text.count("\n", counted, start)
        counted = start
        if fences is None:
            fences = _fence_lines(padded)
        if bisect_right(fences, number) % 2:  # an odd number of fence lines before: inside
            continue
        end = text.find("\n", start)
        found.append((number, start, text[start : end if end >= 0 else len(text)]))
    return found


def _fence_lines(padded: str) -> list[int]:
    """The numbers of the lines that open or close a fence, in order (`padded`: the text
    after one `\n`)."""
    out: list[int] = []
    number, counted = 0, 0
    for match in _FENCE_LINE.finditer(padded):
        number += padded.count("\n", counted, match.start())
        counted = match.start()
        out.append(number)
    return out


def _lines_matching_any_ending(text: str, hint: re.Pattern[str]) -> list[tuple[int, int, str]]:
    """`lines_matching` for a text with `\r` or `\r\n` line ends, line by line as the
    parser counts lines."""
    from trackmd.core.source import Source

    source = Source.of(text)
    found: list[tuple[int, int, str]] = []
    fenced = False
    for number, line in enumerate(source.lines()):
        if _FENCE_LINE.match("\n" + line):
            fenced = not fenced
        elif not fenced and hint.match("\n" + line):
            found.append((number, source.line_starts[number], line))
    return found
