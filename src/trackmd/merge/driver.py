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
import shlex
import sys
from pathlib import Path

from trackmd.core.errors import BadInput, TrackmdError
from trackmd.merge.derived import (
    Version,
    holds_tracker,
    merge_settings,
    neutralize,
    read_version,
    unstamped,
)
from trackmd.merge.threeway import (
    LABELS,
    Conflict,
    Fallback,
    Segment,
    clean_into,
    merge_texts,
    resolve,
)

__all__ = ["git_text_merge", "merge_files"]


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
    except Fallback as why:
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

    globs = merge_settings().files
    return any(is_tracker(path, data, globs) for data in datas)


def git_text_merge(ancestor: Path, current: Path, other: Path) -> int:
    """Exactly git's default text merge, in place: 0 clean, 1 conflicts (or unmergeable)."""
    from trackmd.git.merging import merge_file_in_place

    return merge_file_in_place(current, ancestor, other, LABELS)


def _warn(message: str) -> None:
    sys.stderr.write(f"trackmd: {message}\n")


def _merge(datas: tuple[bytes, bytes, bytes], name: str, today: dt.date) -> tuple[str, int] | None:
    """The merged text and its number of conflicts; None when no version is a tracker."""
    settings = merge_settings()
    base, ours, theirs = (read_version(data, name, settings) for data in datas)
    if not any(holds_tracker(v) for v in (base, ours, theirs)):
        return None
    texts = [neutralize(ours, base), base.text, neutralize(theirs, base)]
    cr_only = all("\r" in t and "\n" not in t for t in texts if t)
    if cr_only:  # git merges lines ended by `\n`: give old Mac files lines it can see
        texts = [t.replace("\r", "\n") for t in texts]
    segments = merge_texts(texts[0], texts[1], texts[2])
    resolved: list[Segment] = []
    for segment in segments:
        for piece in resolve(segment) if isinstance(segment, Conflict) else [segment]:
            if isinstance(piece, Conflict):
                resolved.append(piece)
            else:
                clean_into(resolved, piece)
    conflicts = sum(1 for s in resolved if isinstance(s, Conflict))
    if conflicts:
        return "", conflicts
    ending = _final_newline(texts[0], texts[1], texts[2], segments)
    clean = [line for s in resolved if not isinstance(s, Conflict) for line in s]
    merged = _trim_end("".join(clean), ending)
    if cr_only:
        merged = merged.replace("\n", "\r")
    return _recompute(merged, ours, today), 0


def _final_newline(ours: str, base: str, theirs: str, segments: list[Segment]) -> bool | None:
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


def _recompute(merged: str, ours: Version, today: dt.date) -> str:
    """Every derived value recomputed; Last Updated is today when the merge changed our file."""
    from trackmd.core.edit import apply, last_updated, plan
    from trackmd.core.parse import MARKDOWN_IT, parse
    from trackmd.io.clock import now_on

    now = now_on(today)
    doc = parse(merged, ours.doc.path, ours.doc.settings, blocks=MARKDOWN_IT)
    if any(d.code == "parse-error" for d in doc.diagnostics):
        raise Fallback("the merged text cannot be parsed")
    try:
        synced = plan(doc, today, now=now)
    except TrackmdError as error:
        raise Fallback(f"derived values cannot be recomputed ({error.message})") from None
    after = synced.after
    if unstamped(after) == unstamped(ours.doc):
        return ours.text  # nothing new from their side: our file as it was
    return apply(synced.text, last_updated(after, today, now))
