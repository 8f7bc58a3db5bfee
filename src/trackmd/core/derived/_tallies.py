"""Status-count lines, part of D1: `- Done: 5 (50%)`, `In Progress: 0 (0%)`, `**Todo**: 3`.

A line is a tally when its key is a status word and nothing else, and its value is a count
(with a total, a word and a percent in parentheses at most). Only a run of at least two such
lines, next to each other and naming different states, is read: a lone `Done: 3` is prose.
Counts are the section's (the whole document's before the first second-level heading).
"""

from __future__ import annotations

from trackmd.core import patterns
from trackmd.core.derive import Counts, Derived, Progress, Wording
from trackmd.core.derived._forms import lines_matching, put_fraction, put_percent
from trackmd.core.model import Document, Span, State

_LINE = patterns.compile(
    r"^[ \t>]*(?:[-*+][ \t]+)?(?P<key>[^:\r\n|`\d]{1,40}?)[ \t]*(?:\*\*|__)?:(?:\*\*|__)?[ \t]*"
    r"(?P<value>(?P<n>\d+)(?:[ \t]*/[ \t]*\d+)?(?:[ \t]+[^\W\d_]+)?"
    r"(?:[ \t]*\([ \t]*\d+(?:[.,]\d+)?[ \t]?%[ \t]*\))?)[ \t]*$"
)
_LETTER = patterns.compile(r"[^\W\d_]")
_DIGITS = patterns.compile(r"\d+")
_HINT = patterns.compile(r"\n[^\n:|`]{1,60}:[ \t*_]*\d")  # a line that may be one


def _count(progress: Progress, state: State) -> int:
    return {
        State.DONE: progress.done, State.IN_PROGRESS: progress.in_progress,
        State.OPEN: progress.open, State.BLOCKED: progress.blocked,
        State.CANCELLED: progress.cancelled,
    }[state]  # fmt: skip


def _candidates(doc: Document, wording: Wording) -> list[tuple[int, State, Span, str]]:
    """Every line that reads as a tally: (line, state, value span, value)."""
    taken = {item.line for item in doc.items}
    taken.update(row.line for table in doc.tables for row in table.rows)
    taken.update(table.line for table in doc.tables)
    found: list[tuple[int, State, Span, str]] = []
    for number, start, line in lines_matching(doc.text, _HINT):
        if number in taken:
            continue
        match = _LINE.match(line.rstrip("\r"))
        if match is None:
            continue
        raw = match.group("key")
        letter = _LETTER.search(raw)  # past the emoji and markup before the word
        key = raw[letter.start() :].rstrip(" \t*_") if letter else ""
        read = wording.vocab.word_at(key) if key else None
        if read is None or read[1] != len(key):
            continue
        s, e = match.span("value")
        found.append((number, read[0], Span(start + s, start + e), match.group("value")))
    return found


def values(doc: Document, counts: Counts, wording: Wording) -> list[Derived]:
    if ":" not in doc.text:
        return []
    lines = _candidates(doc, wording)
    runs: list[list[tuple[int, State, Span, str]]] = []
    for entry in lines:
        if runs and runs[-1][-1][0] == entry[0] - 1:
            runs[-1].append(entry)
        else:
            runs.append([entry])
    first_h2 = next((s.line for s in doc.sections if s.level == 2), None)
    out: list[Derived] = []
    for run in runs:
        if len(run) < 2 or len({state for _, state, _, _ in run}) < len(run):
            continue
        line = run[0][0]
        section = max(
            (s.index for s in doc.sections if 0 <= s.line <= line), default=0
        )  # the section the run is in
        whole = first_h2 is None or line < first_h2
        progress = counts.document if whole else counts.of(section)
        if not progress.total:
            continue
        label = "document" if whole else doc.sections[section].label
        for _, state, span, value in run:
            count = _count(progress, state)
            new = _DIGITS.sub(str(count), value, count=1)
            new = put_fraction(new, count, progress.total)
            if state is not State.CANCELLED:
                new = put_percent(new, count, progress.total)
            out.append(Derived(span, new, "progress", f"{label} {state.value} count"))
    return out
