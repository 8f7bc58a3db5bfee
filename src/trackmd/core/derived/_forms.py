"""How summary numbers are written, kept as the author wrote them: `13 / 13` keeps its
spaces, `75.6%` its one decimal, `%85` (Turkish) its prefix sign. Shared by D1-D3."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from trackmd.core.derive import FRACTION, PERCENT

# `%85`, `% 85`: the sign before the number (Turkish), not the end of another percent
PREFIX_PERCENT = re.compile(r"(?<![\w%])%[ \t]?(\d+(?:[.,]\d+)?)(?![\d%])")


def percent_like(number: str, done: float, total: float) -> str:
    """`done / total` as a percent written as `number` is: as many decimals, the same
    decimal sign; rounded half up (5/8 → 63, 34/45 at one decimal → 75.6)."""
    sign = "," if "," in number else "."
    decimals = len(number.partition(sign)[2])
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


def put_fraction(text: str, done: int, total: int) -> str:
    """`text` with its first `done/total` (`13 / 13`: the spacing kept) saying these."""
    match = FRACTION.search(text)
    if match is None:
        return text
    return (
        text[: match.start(1)] + str(done) + text[match.end(1) : match.start(2)] + str(total)
        + text[match.end(2) :]
    )  # fmt: skip
