"""A tracker's versions in a merge with their derived values, and `neutralize`: derived
values set back to the ancestor's text where they differ only in what trackmd derives."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trackmd.core import patterns
from trackmd.core.errors import BadInput, TrackmdError
from trackmd.core.model import Document, Settings, Span
from trackmd.core.source import Source
from trackmd.merge.threeway import Fallback

if TYPE_CHECKING:
    from trackmd.core.derive import Derived

_CONFLICT_MARKER = patterns.compile(r"(?:^|(?<=[\r\n]))(?:<{7}|>{7})")
_NEUTRAL = "\ue000"  # stands for a derived value in a line's skeleton
_FIXED_DAY = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Version:
    text: str
    doc: Document
    regions: tuple[Span, ...]  # derived values and Last Updated stamps, sorted, disjoint
    stamps: frozenset[Span]  # the regions that are Last Updated stamps
    lines: tuple[tuple[Span, ...], ...]  # per line: its regions
    skeletons: tuple[str, ...]  # per line: its text with each region replaced by _NEUTRAL


def merge_settings() -> Settings:
    from trackmd.io.project import project_settings

    try:
        return project_settings(Path.cwd())
    except TrackmdError as error:
        raise Fallback(f"configuration error ({error.message})") from None


def read_version(data: bytes, name: str, settings: Settings) -> Version:
    from trackmd.core.parse import MARKDOWN_IT, parse
    from trackmd.io.files import decode

    try:
        text = decode(data, name)
    except BadInput as error:
        reason = error.message.removeprefix(f"{name}: ")
        raise Fallback(f"a version cannot be read ({reason})") from None
    if _CONFLICT_MARKER.search(text):
        raise Fallback("a version already contains conflict markers")
    doc = parse(text, name, settings, blocks=MARKDOWN_IT)  # a merge writes: exact reading
    failed = next((d for d in doc.diagnostics if d.code == "parse-error"), None)
    if failed is not None:
        raise Fallback(f"a version cannot be parsed ({failed.message})")
    return _version(doc)


def _version(doc: Document) -> Version:
    from trackmd.core.derive import derived_values

    text = doc.text
    spans = sorted({value.span for value in derived_values(doc)})
    stamps = set(_stamp_spans(doc))
    regions: list[Span] = []
    for span in sorted({*spans, *stamps}):
        if regions and span.start < regions[-1].end:  # overlapping values: one region
            regions[-1] = Span(regions[-1].start, max(regions[-1].end, span.end))
        else:
            regions.append(span)
    source = Source.of(text)
    per_line: list[list[Span]] = [[] for _ in range(source.line_count)]
    for region in regions:
        per_line[source.position(region.start)[0]].append(region)
    skeletons = []
    for number, own in enumerate(per_line):
        start, end = source.line_starts[number], source.line_ends[number]
        pieces, cursor = [], start
        for region in own:
            pieces.append(text[cursor : region.start] + _NEUTRAL)
            cursor = region.end
        pieces.append(text[cursor:end])
        skeletons.append("".join(pieces))
    return Version(
        text,
        doc,
        tuple(regions),
        frozenset(r for r in regions if r in stamps),
        tuple(tuple(own) for own in per_line),
        tuple(skeletons),
    )


def _stamp_spans(doc: Document) -> list[Span]:
    """The Last Updated values trackmd stamps (D6): derived, even when already today's."""
    from trackmd.core.edit import stamps

    if not doc.settings.touch_last_updated:
        return []
    return [span for span, _, _ in stamps(doc)]


def holds_tracker(version: Version) -> bool:
    return bool(version.doc.items or version.regions)


def neutralize(version: Version, base: Version) -> str:
    """`version` with each derived value that differs from the ancestor's only in what trackmd
    derives set back to the ancestor's text; a value edited by hand keeps its text."""
    from trackmd.core.edit import restamp

    matcher = difflib.SequenceMatcher(None, base.skeletons, version.skeletons, autojunk=False)
    swaps: list[tuple[Span, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            continue
        for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
            if len(version.lines[j]) != len(base.lines[i]):
                continue  # the text itself holds the skeleton's placeholder character
            for mine, theirs in zip(version.lines[j], base.lines[i], strict=True):
                old = base.text[theirs.start : theirs.end]
                if version.text[mine.start : mine.end] != old:
                    swaps.append((mine, old))
    if not swaps:
        return version.text
    stamps = [(s, old) for s, old in swaps if s in version.stamps]
    values = [(s, old) for s, old in swaps if s not in version.stamps]
    kept = [
        (s, old)
        for s, old in stamps
        if restamp(old, _FIXED_DAY) == restamp(version.text[s.start : s.end], _FIXED_DAY)
    ]
    kept += _derived_only(version, values)
    return _replace(version.text, kept)


def _derived_only(version: Version, swaps: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """The swaps after which a sync gives the value back exactly as a sync of `version` would:
    the texts differ only in the numbers, glyphs and words that trackmd derives."""
    from trackmd.core.derive import derived_values
    from trackmd.core.parse import MARKDOWN_IT, parse

    if not swaps:
        return []
    swapped = _replace(version.text, swaps)
    doc = parse(swapped, version.doc.path, version.doc.settings, blocks=MARKDOWN_IT)
    after = derived_values(doc)
    before = derived_values(version.doc)
    kept = []
    shift = 0
    for span, old in sorted(swaps):
        moved = Span(span.start + shift, span.start + shift + len(old))
        shift += len(old) - (span.end - span.start)
        if _synced(version.text, span, before) == _synced(swapped, moved, after):
            kept.append((span, old))
    return kept


def _synced(text: str, region: Span, values: list[Derived]) -> str:
    """The region's text once every derived value inside it says what it should."""
    out = text[region.start : region.end]
    inside = sorted(
        {
            v.span: v
            for v in reversed(values)
            if region.start <= v.span.start and v.span.end <= region.end
        }.values(),
        key=lambda v: v.span,
        reverse=True,
    )
    limit = region.end
    for value in inside:  # last first, so earlier offsets stay valid
        if value.span.end > limit:
            continue  # overlaps a later value: keep the first of two
        start, end = value.span.start - region.start, value.span.end - region.start
        out = out[:start] + value.new + out[end:]
        limit = value.span.start
    return out


def _replace(text: str, swaps: list[tuple[Span, str]]) -> str:
    for span, new in sorted(swaps, reverse=True):
        text = text[: span.start] + new + text[span.end :]
    return text


def unstamped(doc: Document) -> str:
    return _replace(doc.text, [(span, "") for span in _stamp_spans(doc)])
