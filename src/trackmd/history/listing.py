"""A tracker file's versions as git lists them (`git log --follow`), and their records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from trackmd.core.record import NamedTuple
from trackmd.git import blobs as cat_file
from trackmd.git import log
from trackmd.history.tally import Tally

_ZERO_SHA = "0" * 40


class _Commit:
    """What a version's commit id tells (shared by `Version` and `Snapshot`)."""

    __slots__ = ()
    sha: str

    @property
    def committed(self) -> bool:
        return bool(self.sha)

    @property
    def short(self) -> str:
        return self.sha[:7] if self.sha else "uncommitted"


class _VersionFields(NamedTuple):
    """One version of the tracker: a commit that touched it, or uncommitted changes."""

    sha: str  # commit id; "" for uncommitted changes in the working tree
    timestamp: int  # committer time (seconds since the epoch)
    date: dt.date  # committer date, in the committer's own time zone
    author: str
    email: str
    subject: str
    path: str  # repository-relative path of the file in this version
    blob: str  # git blob id of the file's bytes
    parent_blob: str  # the file in the commit's (first) parent; "" when it was added


class Version(_VersionFields, _Commit):
    """One version of the tracker: a commit that touched it, or uncommitted changes."""

    __slots__ = ()


class _SnapshotFields(NamedTuple):
    """A version's fields, in the same order, and its counts."""

    sha: str
    timestamp: int
    date: dt.date
    author: str
    email: str
    subject: str
    path: str
    blob: str
    parent_blob: str
    counts: Tally


class Snapshot(_SnapshotFields, _Commit):
    """A version (the same fields, in the same order) with its counts."""

    __slots__ = ()


V = TypeVar("V", Version, Snapshot)


def last_per_day(versions: Sequence[V]) -> list[V]:
    """The version that ends each day: the last by committer time (git's order on ties)."""
    ordered = sorted(enumerate(versions), key=lambda iv: (iv[1].timestamp, iv[0]))
    by_day: dict[dt.date, V] = {}
    for _, version in ordered:
        by_day[version.date] = version
    return [by_day[day] for day in sorted(by_day)]


def read_log(
    root: Path,
    rel: str,
    shown: str,
    first_parent: bool,
    meanwhile: Callable[[], object] | None = None,
) -> list[Version]:
    """`git log --follow` of the file `rel` (`shown` in messages), oldest first; `meanwhile`
    runs while git works."""
    out = log.file_log(root, rel, shown, first_parent, meanwhile)
    versions: list[Version] = []
    unresolved: list[int] = []  # merges: git log shows no blob for them
    current = rel
    for record in out.split("\x01")[1:]:
        fields = record.split("\0")
        if len(fields) < 6:
            continue
        sha, stamp, iso, author, email, subject = fields[:6]
        blob, parent, path, deleted = "", "", current, False
        tokens = iter(fields[6:])
        for token in tokens:
            raw = token.strip("\n")
            if not raw.startswith(":"):
                continue
            parts = raw.split()
            status = parts[4] if len(parts) > 4 else "M"
            names = [next(tokens, "")]
            if status[:1] in ("R", "C"):
                names.append(next(tokens, ""))
            parent, blob, path = parts[2], parts[3], names[-1]
            deleted = blob == _ZERO_SHA
            current = names[0]  # older commits know the file by its old name
        if deleted:
            continue
        versions.append(Version(
            sha, int(stamp), dt.datetime.fromisoformat(iso).date(), author, email, subject,
            path, blob, "" if parent == _ZERO_SHA else parent,
        ))  # fmt: skip
        if not blob:
            unresolved.append(len(versions) - 1)
    if unresolved:
        _resolve_blobs(root, versions, unresolved)
    versions = [v for v in versions if v.blob]
    versions.reverse()
    return versions


def _resolve_blobs(root: Path, versions: list[Version], indexes: list[int]) -> None:
    requests = [f"{versions[i].sha}:{versions[i].path}" for i in indexes]
    found = cat_file.batch(root, requests, check=True)
    for i, request in zip(indexes, requests, strict=True):
        blob = found.get(request)
        versions[i] = versions[i]._replace(blob=blob.decode() if blob else "")


def to_fields(version: Version) -> list[Any]:
    values: list[Any] = list(version)
    values[2] = version.date.isoformat()
    return values


def from_fields(fields: list[Any]) -> Version:
    values = list(fields)
    values[2] = dt.date.fromisoformat(values[2])
    return Version(*values)


def import_parser() -> None:
    """Import the parser and markdown-it now: the counting will need them."""
    import markdown_it  # noqa: F401

    import trackmd.core.parse  # noqa: F401
