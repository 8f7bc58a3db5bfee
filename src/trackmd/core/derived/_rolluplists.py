"""Roll-up list lines, part of D3: `- Phase 8 (Backend): ✅ 18/24 complete (75%)`.

A list line (not an item) whose label, before a colon, resolves to a section with items and
whose value holds a `done/total` count is that section's roll-up, as a roll-up table row
is: its count and a percent in it are derived. An emoji and words in it (`✅ 18/24
complete`, `started`) are the author's: a ✅ beside 18/24 may mean the part that counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trackmd.core import patterns
from trackmd.core.derive import FRACTION, Counts, Derived
from trackmd.core.derived._forms import find_percent, lines_matching, put_fraction, put_percent
from trackmd.core.model import Document, Span

if TYPE_CHECKING:
    from trackmd.core.parse import SectionIndex

_LINE = patterns.compile(
    r"^(?P<pre>[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+)(?P<label>[^:\r\n|`]{1,80}?)(?:\*\*|__)?"
    r"[ \t]*:(?:\*\*|__)?[ \t]*(?P<value>[^\r\n]*?)[ \t]*$"
)


# a list line with a colon and a count after it
_HINT = patterns.compile(r"\n[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t][^\n:/]{1,80}:[^\n/]*/")


def values(doc: Document, counts: Counts, index: SectionIndex) -> list[Derived]:
    from trackmd.core.lexicon import strip_markup

    if "/" not in doc.text:
        return []
    taken = {item.line for item in doc.items} | {f.line for f in doc.fields}
    out: list[Derived] = []
    for number, start, line in lines_matching(doc.text, _HINT):
        if number in taken:
            continue
        match = _LINE.match(line.rstrip("\r"))
        if match is None or FRACTION.search(match.group("value")) is None:
            continue
        target = index.resolve(strip_markup(match.group("label")))
        if target is None or target == 0:
            continue
        progress = counts.of(target)
        if not progress.total:
            continue
        value = match.group("value")
        new = put_fraction(value, progress.done, progress.total)
        if find_percent(new):
            new = put_percent(new, progress.done, progress.total)
        s, e = match.span("value")
        label = doc.sections[target].label
        out.append(Derived(Span(start + s, start + e), new, "table", f"{label} roll-up line"))
    return out
