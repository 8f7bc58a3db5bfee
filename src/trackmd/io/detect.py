"""Mojibake detection: where it may start (the prefilters), and every group found in a text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Final

from trackmd.core import patterns
from trackmd.io.readback import (
    CODECS,
    CONTINUATION,
    LEADS,
    MAC_ROMAN,
    STRONG_LEADS,
    Group,
    char_class,
    read_run,
)

NON_ASCII_RUN: Final = patterns.compile(r"[^\x00-\x7f]+")


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
    for codec in CODECS:
        strong = char_class(codec, STRONG_LEADS)
        lead = char_class(codec, LEADS)
        cont = char_class(codec, CONTINUATION)
        exact.append(
            f"{strong}{cont}|{lead}{cont}{{1,3}}{lead}{cont}"
            f"|(?<={script}){lead}{cont}|{lead}{cont}{{1,3}}(?={script})"
        )
    leads = "".join(char_class(codec, LEADS)[1:-1] for codec in CODECS)
    conts = "".join(char_class(codec, CONTINUATION)[1:-1] for codec in CODECS)
    return patterns.compile(f"[{leads}][{conts}]"), patterns.compile("|".join(exact))


def _hints(text: str) -> Iterator[int]:
    """Offsets where mojibake may start."""
    coarse, exact = _prefilters()
    for match in coarse.finditer(text):
        if exact.match(text, match.start()):
            yield match.start()


def has_hint(text: str) -> bool:
    return next(_hints(text), None) is not None


def _runs(text: str) -> Iterator[tuple[int, int]]:
    """The non-ASCII runs of ``text`` that the prefilter flags."""
    done_until = 0
    for hint in _hints(text):
        if hint < done_until:
            continue
        start = hint
        while start > 0 and not text[start - 1].isascii():
            start -= 1
        run = NON_ASCII_RUN.match(text, start)
        assert run is not None  # the hint itself is non-ASCII
        done_until = run.end()
        yield run.start(), run.end()


def scan(text: str) -> list[Group]:
    """Every mojibake group in ``text``, in order, each read with its run's best code page."""
    # The code page that reads most of a run wins (`„Å®` is Mac Roman と, not „Ů); on a tie
    # (`â€` reads alike in 1252 and 1254), the one that won most other runs in the text.
    readings: list[list[tuple[list[Group], str]]] = []
    votes = dict.fromkeys((codec.name for codec in CODECS), 0)
    for start, end in _runs(text):
        scored = [(*read_run(text, start, end, codec), codec.name) for codec in CODECS]
        top = max(score for _, score, _ in scored)
        if top == 0:
            continue
        best = [(found, name) for found, score, name in scored if score == top]
        if len(best) == 1:
            votes[best[0][1]] += 1
        readings.append(best)
    groups: list[Group] = []
    for best in readings:
        groups.extend(max(best, key=lambda reading: votes[reading[1]])[0])
    # Maths-like Mac Roman counts inside a word or in a text with other Mac Roman mojibake.
    supported = any(group.codec == MAC_ROMAN and not group.needs_support(text) for group in groups)
    return [
        group
        for group in groups
        if supported or not group.needs_support(text) or _inside_word(text, group)
    ]


def _inside_word(text: str, group: Group) -> bool:
    neighbours = text[group.start - 1 : group.start] + text[group.end : group.end + 1]
    return any(ch.isalpha() for ch in neighbours)
