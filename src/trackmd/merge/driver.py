"""The git merge driver: trackers merge without conflicts on derived values (SPEC §4).

Two branches that tick different items both rewrite the same derived lines (progress fields,
roll-up rows, bars, "Last Updated"), so git's text merge reports conflicts on lines nobody
wrote by hand. The driver sets every derived value that differs from the common ancestor
*only in what trackmd derives* back to the ancestor's text, merges the three texts with
`git merge-file`, resolves what git calls a conflict only because the changes touch
(adjacent lines, items appended to the same list), then recomputes every derived value.
When a real conflict is left, the result is exactly git's own text merge of the three
versions: nothing is recomputed from a half-merged document.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trackmd.core.errors import BadInput, TrackmdError
from trackmd.core.model import Document, Settings, Span
from trackmd.core.source import Source

if TYPE_CHECKING:
    from trackmd.core.derive import Derived

DRIVER = "trackmd"
DRIVER_NAME = "trackmd: merge trackers, then recompute derived values"
LABELS = ("ours", "base", "theirs")
ATTRIBUTES_COMMENT = "# trackmd: trackers merge without conflicts on derived values"

_CONFLICT_MARKER = re.compile(r"(?:^|(?<=[\r\n]))(?:<{7}|>{7})")
_LIST_LINE = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")
_NEUTRAL = "\ue000"  # stands for a derived value in a line's skeleton
_INTERNAL_MARKER = 41  # merge-file's own markers: long, so that no content line is one
_FIXED_DAY = dt.date(2000, 1, 1)


class _Fallback(Exception):
    """This merge is git's to do: the reason is printed as a one-line warning."""


_SEP = "[-_.[:space:]]"  # what may stand beside a tracker word in a name, as discovery reads it
_SUFFIX = ".[Mm]*[DdNn]"  # .md and .markdown in any case (a little wider: the driver re-checks)
# the patterns an earlier trackmd wrote (`*[Tt][Oo][Dd][Oo]*.md`): they matched substrings
_SUBSTRING_LINE = re.compile(r"\*(?:\[[A-Z][a-z]\])+\*\.md merge=trackmd")


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in word)


def globs_for(word: str) -> tuple[str, ...]:
    """gitattributes globs for the names discovery takes by `word` (files.TRACKER_WORDS):
    the word alone, or beside `-`, `_`, `.` or a space, in any letter case."""
    if word.endswith("*"):  # any word characters may follow: `sprint`, `sprints`, `sprint_3`
        core = _any_case(word[:-1]) + "*"
        return (f"{core}{_SUFFIX}", f"*{_SEP}{core}{_SUFFIX}")
    core = _any_case(word)
    return (f"{core}{_SUFFIX}", f"{core}{_SEP}*{_SUFFIX}", f"*{_SEP}{core}{_SUFFIX}",
            f"*{_SEP}{core}{_SEP}*{_SUFFIX}")  # fmt: skip


def _words() -> dict[str, str]:
    from trackmd.io.files import TRACKER_WORDS

    return {glob: word.rstrip("*") for word in TRACKER_WORDS for glob in globs_for(word)}


# -- the driver ----------------------------------------------------------------------------


def merge_files(ancestor: Path, current: Path, other: Path, path: str, today: dt.date) -> int:
    """Merge `other` into `current` (written in place); 0 when clean, 1 with conflict markers."""
    name = path or current.name
    try:
        datas = (ancestor.read_bytes(), current.read_bytes(), other.read_bytes())
    except OSError as error:
        raise BadInput(f"{name}: cannot read a version to merge ({error.strerror})") from None
    try:
        if path and not _tracked(path, datas):
            return git_text_merge(ancestor, current, other)  # not a tracker: git's merge
        result = _merge(datas, name, today)
    except _Fallback as why:
        _warn(f"{name}: {why}; merged as plain text, as git's default merge does")
        return git_text_merge(ancestor, current, other)
    except Exception as error:  # a merge driver must always leave git a merge result
        _warn(f"{name}: internal error ({type(error).__name__}: {error}); merged as plain text")
        return git_text_merge(ancestor, current, other)
    if result is None:  # not a tracker at all: exactly git's merge, nothing to say
        return git_text_merge(ancestor, current, other)
    text, conflicts = result
    if conflicts:
        # a real conflict: exactly git's text merge of the three versions, derived lines
        # included, so that nothing outside the markers claims a result nobody has yet
        code = git_text_merge(ancestor, current, other)
        plural = "s" if conflicts != 1 else ""
        _warn(f"{name}: {conflicts} real conflict{plural}, so merged exactly as git's text "
              "merge does (derived lines may conflict too); resolve them, then run "
              f"`trackmd sync {shlex.quote(name)}`")  # fmt: skip
        return code
    data = text.encode("utf-8")
    if data != datas[1]:
        current.write_bytes(data)
    return 0


def _tracked(path: str, datas: tuple[bytes, bytes, bytes]) -> bool:
    """Whether trackmd's discovery takes the file at `path` (%P) for a tracker: by the `files`
    globs, else by its name or a `trackmd:` key in any version's front matter."""
    from trackmd.io.files import is_tracker

    globs = _settings().files
    return any(is_tracker(path, data, globs) for data in datas)


def git_text_merge(ancestor: Path, current: Path, other: Path) -> int:
    """Exactly git's default text merge, in place: 0 clean, 1 conflicts (or unmergeable)."""
    out = subprocess.run(
        ["git", "merge-file", *_style_args(), "-L", LABELS[0], "-L", LABELS[1], "-L", LABELS[2],
         str(current), str(ancestor), str(other)],
        check=False,
    )  # fmt: skip
    return 0 if out.returncode == 0 else 1


def _warn(message: str) -> None:
    sys.stderr.write(f"trackmd: {message}\n")


def _conflict_style() -> str:
    """`merge.conflictStyle` of the repository being merged: merge, diff3 or zdiff3."""
    try:
        out = subprocess.run(
            ["git", "config", "--get", "merge.conflictStyle"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    except OSError:
        return "merge"
    value = out.stdout.strip().lower()
    return value if value in ("diff3", "zdiff3") else "merge"


def _style_args() -> list[str]:
    style = _conflict_style()
    return [f"--{style}"] if style != "merge" else []


# -- versions and their derived values ----------------------------------------------------


@dataclass(frozen=True)
class _Version:
    text: str
    doc: Document
    regions: tuple[Span, ...]  # derived values and Last Updated stamps, sorted, disjoint
    stamps: frozenset[Span]  # the regions that are Last Updated stamps
    lines: tuple[tuple[Span, ...], ...]  # per line: its regions
    skeletons: tuple[str, ...]  # per line: its text with each region replaced by _NEUTRAL


def _settings() -> Settings:
    from trackmd.io.project import project_settings

    try:
        return project_settings(Path.cwd())
    except TrackmdError as error:
        raise _Fallback(f"configuration error ({error.message})") from None


def _read(data: bytes, name: str, settings: Settings) -> _Version:
    from trackmd.core.parse import parse
    from trackmd.io.files import decode

    try:
        text = decode(data, name)
    except BadInput as error:
        reason = error.message.removeprefix(f"{name}: ")
        raise _Fallback(f"a version cannot be read ({reason})") from None
    if _CONFLICT_MARKER.search(text):
        raise _Fallback("a version already contains conflict markers")
    doc = parse(text, name, settings)
    failed = next((d for d in doc.diagnostics if d.code == "parse-error"), None)
    if failed is not None:
        raise _Fallback(f"a version cannot be parsed ({failed.message})")
    return _version(doc)


def _version(doc: Document) -> _Version:
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
    return _Version(
        text,
        doc,
        tuple(regions),
        frozenset(r for r in regions if r in stamps),
        tuple(tuple(own) for own in per_line),
        tuple(skeletons),
    )


def _stamp_spans(doc: Document) -> list[Span]:
    """The Last Updated values trackmd stamps (D6): derived, even when already today's."""
    from trackmd.core.parse import UPDATED_KEYS

    if not doc.settings.touch_last_updated:
        return []
    return [f.value_span for f in doc.fields if f.key in UPDATED_KEYS and f.owner_list_item is None]


def _is_tracker(version: _Version) -> bool:
    return bool(version.doc.items or version.regions)


# -- neutralize: derived values back to the ancestor's text -------------------------------


def neutralize(version: _Version, base: _Version) -> str:
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


def _derived_only(version: _Version, swaps: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """The swaps after which a sync gives the value back exactly as a sync of `version` would:
    the texts differ only in the numbers, glyphs and words that trackmd derives."""
    from trackmd.core.derive import derived_values
    from trackmd.core.parse import parse

    if not swaps:
        return []
    swapped = _replace(version.text, swaps)
    doc = parse(swapped, version.doc.path, version.doc.settings)
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


# -- three-way merge ------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """What git left as a conflict: the lines of each side and of the ancestor."""

    ours: list[str]
    base: list[str]
    theirs: list[str]


_Segment = list[str] | Conflict


def split_lines(text: str) -> list[str]:
    """Lines as git merges them: split after each `\\n`, terminators kept."""
    return re.findall(r"[^\n]*\n|[^\n]+", text)


def merge_texts(ours: str, base: str, theirs: str) -> list[_Segment]:
    """`git merge-file --diff3` of three texts, as clean runs of lines and conflicts."""
    with tempfile.TemporaryDirectory(prefix="trackmd-merge-") as folder:
        names = []
        for label, text in zip(LABELS, (ours, base, theirs), strict=True):
            path = Path(folder) / label
            path.write_bytes(text.encode("utf-8"))
            names.append(str(path))
        out = subprocess.run(
            ["git", "merge-file", "-p", "--diff3", f"--marker-size={_INTERNAL_MARKER}",
             "-L", LABELS[0], "-L", LABELS[1], "-L", LABELS[2], *names],
            capture_output=True, check=False,
        )  # fmt: skip
    if out.returncode < 0 or out.returncode > 127:
        message = out.stderr.decode("utf-8", "replace").strip()
        raise _Fallback(f"git merge-file failed ({message or out.returncode})")
    return _segments(out.stdout.decode("utf-8"))


def _segments(merged: str) -> list[_Segment]:
    start, middle, split, end = ("<", "|", "=", ">")
    size = _INTERNAL_MARKER
    segments: list[_Segment] = []
    clean: list[str] = []
    sides: list[list[str]] = []
    for line in split_lines(merged):
        bare = line.rstrip("\r\n")
        head, rest = bare[:size], bare[size:]
        marker = head[0] if head and head == head[0] * size and rest[:1] in ("", " ") else ""
        if not sides and marker == start:
            if clean:
                segments.append(clean)
            clean = []
            sides = [[]]
        elif sides and marker in (middle, split) and len(sides) < 3:
            sides.append([])
        elif sides and marker == end and len(sides) == 3:
            segments.append(Conflict(sides[0], sides[1], sides[2]))
            sides = []
        elif sides:
            sides[-1].append(line)
        else:
            clean.append(line)
    if sides:
        raise _Fallback("could not read git merge-file's output")
    if clean:
        segments.append(clean)
    return segments


def _changes(base: list[str], side: list[str]) -> list[tuple[int, int, list[str]]]:
    """(start, end, new lines) per change of `side`; a run of lines rewritten one for one is
    one change per line, so that a line both sides changed alike is not a clash."""
    matcher = difflib.SequenceMatcher(None, base, side, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            out += [(i1 + k, i1 + k + 1, [side[j1 + k]]) for k in range(i2 - i1)
                    if base[i1 + k] != side[j1 + k]]  # fmt: skip
        elif tag != "equal":
            out.append((i1, i2, side[j1:j2]))
    return out


_Change = tuple[int, int, list[str]]  # base lines [start, end) become these lines
_CHECKBOX = re.compile(r"([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[)[^\]\r\n]{0,2}(\])")


def _ambiguous(conflict: Conflict) -> bool:
    """A line of the ancestor repeats in the ancestor or in a side: diffs may pair it with
    either copy."""
    base = conflict.base
    return any(
        base.count(line) > 1 or conflict.ours.count(line) > 1 or conflict.theirs.count(line) > 1
        for line in set(base)
    )


def _in_place(base: list[str], side: list[str]) -> bool:
    """`side` is `base` with only checkbox marks changed, line for line."""
    if len(base) != len(side):
        return False
    return all(
        a == b or (_CHECKBOX.match(a) is not None and _CHECKBOX.sub(r"\1\2", a, count=1)
                   == _CHECKBOX.sub(r"\1\2", b, count=1))
        for a, b in zip(base, side, strict=True)
    )  # fmt: skip


def _line_for_line(base: list[str], side: list[str]) -> list[_Change]:
    return [(k, k + 1, [b]) for k, (a, b) in enumerate(zip(base, side, strict=True)) if a != b]


def _clash(a: _Change, b: _Change) -> bool:
    """Changes of the two sides that touch the same base lines, or insert at one place."""
    (a_start, a_end, _), (b_start, b_end, _) = a, b
    overlap = a_start < b_end and b_start < a_end
    same_point = a_start == a_end == b_start == b_end
    inside = (a_start == a_end and b_start < a_start < b_end) or (
        b_start == b_end and a_start < b_start < a_end
    )
    return overlap or same_point or inside


def resolve(conflict: Conflict) -> list[_Segment]:
    """What git calls a conflict, resolved where the two sides changed different lines (even
    adjacent ones), made the same change, or both appended list items at the same place;
    the rest stays a conflict, narrowed to the lines that really clash.

    Where a line repeats (two `- [ ] TBD`), a diff cannot tell which copy a side changed:
    only ticks and other state changes in place (each side keeps the ancestor's line count
    and changes only checkboxes) are taken line for line; anything else stays git's conflict.
    """
    if _ambiguous(conflict):
        if not (_in_place(conflict.base, conflict.ours)
                and _in_place(conflict.base, conflict.theirs)):  # fmt: skip
            return [conflict]
        ours = [(c, 0) for c in _line_for_line(conflict.base, conflict.ours)]
        theirs = [(c, 1) for c in _line_for_line(conflict.base, conflict.theirs)]
    else:
        ours = [(c, 0) for c in _changes(conflict.base, conflict.ours)]
        theirs = [(c, 1) for c in _changes(conflict.base, conflict.theirs)]
    changes = sorted(ours + theirs, key=lambda c: (c[0][0], c[0][1], c[1]))
    clusters: list[list[tuple[_Change, int]]] = []
    for change in changes:
        joined = [
            cluster for cluster in clusters
            if any(side != change[1] and _clash(other, change[0]) for other, side in cluster)
        ]  # fmt: skip
        if not joined:
            clusters.append([change])
            continue
        merged = [change]
        for cluster in joined:
            merged += cluster
            clusters.remove(cluster)
        clusters.append(merged)
    base = conflict.base
    out: list[_Segment] = []
    cursor = 0
    for cluster in sorted(clusters, key=lambda c: min(x[0][0] for x in c)):
        first = min(c[0][0] for c in cluster)
        last = max(c[0][1] for c in cluster)
        lines = _agreed(cluster)
        if lines is None:
            _clean(out, base[cursor:first])
            mine = _applied(base, first, last, [c for c, side in cluster if side == 0])
            other = _applied(base, first, last, [c for c, side in cluster if side == 1])
            out.append(Conflict(mine, base[first:last], other))
        else:
            _clean(out, base[cursor:first] + lines)
        cursor = last
    _clean(out, base[cursor:])
    return out


def _agreed(cluster: list[tuple[_Change, int]]) -> list[str] | None:
    """The lines that replace a cluster's base lines, when the two sides do not disagree."""
    sides = {side for _change, side in cluster}
    if len(sides) == 1:  # one side only (several changes of one side never clash)
        (change, _side), *_rest = cluster
        if _rest:
            return None
        return change[2]
    if len(cluster) != 2:
        return None
    (a, _), (b, _) = cluster
    if a == b:
        return a[2]  # the same change on both sides
    if a[0] == a[1] == b[0] == b[1]:
        mine, other = (a, b) if cluster[0][1] == 0 else (b, a)
        return _union(mine[2], other[2])
    return None


def _applied(base: list[str], first: int, last: int, changes: list[_Change]) -> list[str]:
    out: list[str] = []
    cursor = first
    for start, end, lines in sorted(changes, key=lambda c: (c[0], c[1])):
        out += base[cursor:start] + lines
        cursor = end
    return out + base[cursor:last]


def _clean(out: list[_Segment], lines: list[str]) -> None:
    if not lines:
        return
    if out and not isinstance(out[-1], Conflict):
        out[-1] = out[-1] + lines
    else:
        out.append(list(lines))


def _union(ours: list[str], theirs: list[str]) -> list[str] | None:
    """Both sides inserted lines at the same place: keep both when they are list items."""
    prefix = 0
    while prefix < min(len(ours), len(theirs)) and ours[prefix] == theirs[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(ours), len(theirs)) - prefix
        and ours[len(ours) - 1 - suffix] == theirs[len(theirs) - 1 - suffix]
    ):
        suffix += 1
    mine = ours[prefix : len(ours) - suffix]
    other = theirs[prefix : len(theirs) - suffix]
    if not all(_LIST_LINE.match(line) for line in (*mine, *other)):
        return None
    if any(not line.endswith("\n") for line in mine):
        return None  # the last line of the file: no terminator to put theirs after
    return ours[:prefix] + mine + other + ours[len(ours) - suffix :]


# -- the whole merge ------------------------------------------------------------------------


def _merge(datas: tuple[bytes, bytes, bytes], name: str, today: dt.date) -> tuple[str, int] | None:
    """The merged text and its number of conflicts; None when no version is a tracker."""
    settings = _settings()
    base, ours, theirs = (_read(data, name, settings) for data in datas)
    if not any(_is_tracker(v) for v in (base, ours, theirs)):
        return None
    texts = [neutralize(ours, base), base.text, neutralize(theirs, base)]
    cr_only = all("\r" in t and "\n" not in t for t in texts if t)
    if cr_only:  # git merges lines ended by `\n`: give old Mac files lines it can see
        texts = [t.replace("\r", "\n") for t in texts]
    segments = merge_texts(texts[0], texts[1], texts[2])
    resolved: list[_Segment] = []
    for segment in segments:
        for piece in resolve(segment) if isinstance(segment, Conflict) else [segment]:
            if isinstance(piece, Conflict):
                resolved.append(piece)
            else:
                _clean(resolved, piece)
    conflicts = sum(1 for s in resolved if isinstance(s, Conflict))
    if conflicts:
        return "", conflicts
    ending = _final_newline(texts[0], texts[1], texts[2], segments)
    clean = [line for s in resolved if not isinstance(s, Conflict) for line in s]
    merged = _trim_end("".join(clean), ending)
    if cr_only:
        merged = merged.replace("\n", "\r")
    return _recompute(merged, ours, today), 0


def _final_newline(ours: str, base: str, theirs: str, segments: list[_Segment]) -> bool | None:
    """Whether the result ends with a line terminator, when a conflict at the very end left
    git unable to say (it terminates every line inside a conflict); None: keep what git gave."""
    if not segments or not isinstance(segments[-1], Conflict):
        return None
    o, b, t = (text.endswith(("\n", "\r")) or not text for text in (ours, base, theirs))
    if o == t:
        return o
    return t if o == b else o


def _trim_end(text: str, ending: bool | None) -> str:
    if ending is False:
        return text.removesuffix("\n").removesuffix("\r")
    return text


def _recompute(merged: str, ours: _Version, today: dt.date) -> str:
    """Every derived value recomputed; Last Updated is today when the merge changed our file."""
    from trackmd.core.edit import apply, last_updated, plan
    from trackmd.core.parse import parse
    from trackmd.io.clock import now_on

    now = now_on(today)
    doc = parse(merged, ours.doc.path, ours.doc.settings)
    if any(d.code == "parse-error" for d in doc.diagnostics):
        raise _Fallback("the merged text cannot be parsed")
    try:
        synced = plan(doc, today, now=now)
    except TrackmdError as error:
        raise _Fallback(f"derived values cannot be recomputed ({error.message})") from None
    after = synced.after
    if _unstamped(after) == _unstamped(ours.doc):
        return ours.text  # nothing new from their side: our file as it was
    return apply(synced.text, last_updated(after, today, now))


def _unstamped(doc: Document) -> str:
    return _replace(doc.text, [(span, "") for span in _stamp_spans(doc)])


# -- installation ---------------------------------------------------------------------------


def driver_command() -> str:
    return f"{shlex.quote(sys.executable)} -m trackmd merge-driver %O %A %B %P"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)


def install(root: Path) -> list[str]:
    """Set the merge driver in the repository's git config and the tracker patterns in
    `.gitattributes`; return what changed ([] when everything was already there)."""
    from trackmd.io.project import project_settings

    changes: list[str] = []
    for key, value in ((f"merge.{DRIVER}.name", DRIVER_NAME),
                       (f"merge.{DRIVER}.driver", driver_command())):  # fmt: skip
        if _git(root, "config", "--local", "--get", key).stdout.rstrip("\n") == value:
            continue
        done = _git(root, "config", "--local", key, value)
        if done.returncode != 0:
            message = done.stderr.strip().splitlines()
            raise BadInput(
                f"git config {key} failed: {message[-1] if message else done.returncode}"
            )
        changes.append(f"set {key} in the repository's git config")
    words = _words()
    wanted = [*words, *(g for g in project_settings(root).files if g.split() == [g])]
    added, dropped = _add_attributes(root / ".gitattributes", wanted, words)
    if dropped:
        changes.append(
            f"removed from .gitattributes: {dropped} pattern{'s' if dropped != 1 else ''} of an "
            "earlier trackmd that matched any name containing a word"
        )
    if added:
        # the bracketed any-case globs are shown as the words they match
        named = list(dict.fromkeys(words[p] for p in added if p in words))
        shown = [f"Markdown names with the word {', '.join(named)} (any case)"] if named else []
        shown += [p for p in added if p not in words]
        changes.append(f"added to .gitattributes: merge={DRIVER} for {'; '.join(shown)}")
    return changes


def _fold(pattern: str) -> str:
    """`*[Tt][Oo][Dd][Oo]*.md` and `*TODO*.md` alike: the file's own choice for it wins."""
    return re.sub(r"\[([A-Za-z])([A-Za-z])\]", lambda m: m.group(1), pattern).lower()


def _add_attributes(
    path: Path, patterns: list[str], words: dict[str, str]
) -> tuple[list[str], int]:
    """Append `PATTERN merge=trackmd` for patterns that have no merge attribute yet, keeping
    the file's content and newline style, and drop the substring patterns an earlier trackmd
    wrote; return the patterns added and the number dropped. A word whose name the file
    already gives a merge attribute of its own (`*TODO*.md merge=union`) is left to it."""
    data = path.read_bytes() if path.exists() else b""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not valid UTF-8; add `TODO.md merge={DRIVER}` yourself") from None
    lines = re.split(r"(?<=\r\n)|(?<=\r)(?!\n)|(?<=\n)", text)
    kept = [line for line in lines if not _SUBSTRING_LINE.fullmatch(line.rstrip("\r\n"))]
    dropped = len(lines) - len(kept)
    text = "".join(kept)
    handled = set()
    for line in kept:
        fields = line.split()
        if not fields or fields[0].startswith(("#", "[attr]")):
            continue
        attributes = [w.lstrip("-!").split("=", 1)[0] for w in fields[1:]]
        if "merge" in attributes or "binary" in attributes:
            handled.add(fields[0])
    folded = {_fold(p) for p in handled}
    import fnmatch

    theirs = [p for p in folded if not any(_fold(g) == p for g in words)]
    own = {w for w in set(words.values()) if any(fnmatch.fnmatchcase(f"{w}.md", p) for p in theirs)}
    missing = [
        p for p in dict.fromkeys(patterns) if _fold(p) not in folded and words.get(p) not in own
    ]
    if not missing and not dropped:
        return [], 0
    newline = Source.of(text).newline() if text else "\n"
    addition = ""
    if text and not text.endswith(("\n", "\r")):
        addition += newline
    if missing and ATTRIBUTES_COMMENT not in text:
        addition += ATTRIBUTES_COMMENT + newline
    addition += "".join(f"{p} merge={DRIVER}{newline}" for p in missing)
    path.write_bytes((text + addition).encode("utf-8"))
    return missing, dropped
