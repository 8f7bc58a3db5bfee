"""A tracker's git history (SPEC §5): every version that touched it, counted like `status`.

Plain git processes read the repository: `git rev-parse` finds it, `git log --follow` lists
the versions and one `git cat-file --batch` reads their blobs (going through GitPython would
add its import, about a third of a Python CLI's start-up, to every run). Each version is
counted with `tally(parse(text))`, the numbers `status` shows, and the counts are cached per
blob under `.git/trackmd/`. Consecutive versions usually differ by a few ticks, derived values
and items added or removed; for those `Counter` re-uses the last full parse (its docstring
says why that gives the same numbers, and the tests check every shortcut against the full
parser).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from trackmd.core.errors import BadInput
from trackmd.core.model import Document, Settings
from trackmd.git import blobs as cat_file
from trackmd.git import log
from trackmd.git.repository import locate
from trackmd.history.align import as_text
from trackmd.history.cache import Cache
from trackmd.history.counter import Counter
from trackmd.history.listing import (
    Snapshot,
    Version,
    from_fields,
    import_parser,
    last_per_day,
    read_log,
    to_fields,
)


class History:
    """The versions of one tracker file, oldest first, and the means to read and count them.

    `first_parent` (the burndown's view): the file as the current branch knew it, a merge
    bringing a branch's changes in one version. Without it (`log`'s view), every commit that
    changed the file, each compared with its own parent; merges are left out.
    """

    def __init__(
        self,
        path: Path,
        today: dt.date | None = None,
        settings: Settings | None = None,
        *,
        first_parent: bool = True,
    ) -> None:
        self.path = path
        self.first_parent = first_parent
        self.today = today or dt.date.today()
        self.root, self.git_dir, head, shallow = locate(path)
        try:
            self.rel = path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            raise BadInput(f"{path}: not inside the repository at {self.root}") from None
        if settings is None:
            from trackmd.io.project import load_project_settings

            settings = load_project_settings(self.root)
        from trackmd.core.dialect import by_path

        if not settings.dialect and by_path(self.rel):  # counted as `status` reads the path
            settings = settings._replace(dialect=by_path(self.rel))
        self.settings = settings
        self.warnings: list[str] = []
        self._texts: dict[str, str] = {}
        self._counter: Counter | None = None
        versions = self._committed(head) if head else []
        if not versions and not (self.root / self.rel).exists():
            raise BadInput(f"{self.path}: no such file, now or in the git history")
        if not versions and not self._tracked():
            raise BadInput(
                f"{self.path}: not tracked by git; commit it first (git add {self.rel} && "
                "git commit), burndown needs history"
            )
        self.boundary: frozenset[str] = frozenset()  # shallow clone: commits without parents
        if shallow:
            since = f" before {versions[0].date.isoformat()}" if versions else ""
            self.warnings.append(
                f"{self.path}: shallow clone, history{since} is missing; run "
                "`git fetch --unshallow` for the full burndown"
            )
            with contextlib.suppress(OSError):
                text = (self.git_dir / "shallow").read_text(encoding="ascii", errors="replace")
                self.boundary = frozenset(text.split())
        last_blob = versions[-1].blob if versions else None
        if head and versions and not first_parent:
            # without --first-parent the newest commit listed need not be HEAD's version of
            # the file (a merge is not listed): compare the working tree with HEAD itself
            found = cat_file.batch(self.root, [f"{head}:{self.rel}"], check=True)
            blob = found.get(f"{head}:{self.rel}")
            last_blob = blob.decode() if blob else last_blob
        if versions and not (self.root / self.rel).exists():
            self.warnings.append(
                f"{self.path}: not in the working tree (deleted, or outside a sparse "
                f"checkout); read from its committed history up to {versions[-1].short}"
            )
        uncommitted = self._uncommitted(last_blob)
        if uncommitted is not None:
            versions.append(uncommitted)
        self.versions = versions
        self.latest_blob = uncommitted.blob if uncommitted is not None else last_blob or ""

    # listing ---------------------------------------------------------------------------

    def _committed(self, head: str) -> list[Version]:
        """The commits that touched the file, oldest first; `git log` once per HEAD."""
        key = f"{self.rel}|{int(self.first_parent)}"
        memo = self.cache.logs.get(key)
        if isinstance(memo, dict) and memo.get("head") == head:
            with contextlib.suppress(TypeError, ValueError, KeyError):
                return [from_fields(fields) for fields in memo["versions"]]
        versions = read_log(
            self.root, self.rel, str(self.path), self.first_parent,
            meanwhile=None if self.cache.counts else import_parser,
        )  # fmt: skip
        self.cache.logs[key] = {"head": head, "versions": [to_fields(v) for v in versions]}
        self.cache.dirty = True
        return versions

    def _tracked(self) -> bool:
        return log.tracked(self.root, self.rel)

    def _uncommitted(self, head_blob: str | None) -> Version | None:
        from trackmd.io.files import decode

        target = self.root / self.rel
        try:
            data = target.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise BadInput(f"{self.path}: cannot read ({error.strerror})") from None
        blob = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        if blob == head_blob:
            return None
        self._texts[blob] = decode(data, str(self.path))
        return Version(
            "", int(time.time()), self.today, "(uncommitted)", "", "uncommitted changes",
            self.rel, blob, head_blob or "",
        )  # fmt: skip

    # reading and counting --------------------------------------------------------------

    def texts(self, blobs: Iterable[str]) -> dict[str, str]:
        """The text of each blob, read through one `git cat-file --batch` process."""
        blobs = list(blobs)
        for _ in self._each_text(dict.fromkeys(blobs)):
            pass
        return {b: self._texts[b] for b in blobs if b in self._texts}

    def _each_text(
        self, blobs: Iterable[str], *, keep: bool = True
    ) -> Iterator[tuple[str, str | bytes]]:
        """Each blob's text in the order given (missing blobs left out). Those not read yet
        come from one `git cat-file --batch` process as it answers, so git reads the next
        versions while the caller counts this one; `keep=False` passes them on as the bytes
        read, undecoded and not kept."""
        order = list(dict.fromkeys(blobs))
        answers = cat_file.stream(self.root, [b for b in order if b not in self._texts])
        try:
            for blob in order:
                if blob in self._texts:
                    yield blob, self._texts[blob]
                    continue
                _, data = next(answers, (blob, None))
                if data is None:
                    continue
                if not keep:
                    yield blob, data
                    continue
                self._texts[blob] = data.decode("utf-8", "replace")
                yield blob, self._texts[blob]
        finally:
            answers.close()

    def latest_document(self) -> Document:
        """The latest version parsed (re-using the counting's parse when it got that far)."""
        text = self.latest_text()
        counter = self._counter
        if counter is not None and counter.counted_last(text):
            return counter.document(text)
        from trackmd.core.parse import parse

        return parse(text, str(self.path), self.settings)

    def latest_text(self) -> str:
        """The working-tree text (or the last committed one when the file is gone)."""
        if not self.versions:
            return ""
        blob = self.latest_blob or self.versions[-1].blob
        return self.texts([blob])[blob]

    def snapshots(
        self, *, per_day: bool = False, verify: bool = False, save: bool = True
    ) -> list[Snapshot]:
        """Each version with its counts; `per_day`: only the last version of each day.

        `save=False` leaves writing the cache to the caller (`cache.save()`), to write it once.
        """
        versions = last_per_day(self.versions) if per_day else list(self.versions)
        cache = self.cache
        known = {} if verify else cache.counts
        missing = [v.blob for v in versions if v.blob not in known]
        if missing:
            counter = self._counter = Counter(self.settings, verify=verify)
            latest = self.versions[-1].blob
            for blob, text in self._each_text(dict.fromkeys(missing), keep=False):
                known[blob] = cache.counts[blob] = counter.tally(text)
                if blob == latest:
                    self._texts[blob] = as_text(text)  # for latest_text()
            cache.dirty = True
        if save:
            cache.save()
        return [Snapshot(*v, known[v.blob]) for v in versions if v.blob in known]

    @functools.cached_property
    def cache(self) -> Cache:
        return Cache(self.git_dir, self.settings)

    def remember(self, name: str, blob: str, compute: Callable[[], Any]) -> Any:
        """A fact about a blob (JSON-serializable), computed once and kept in the cache."""
        cache = self.cache
        facts = cache.facts.setdefault(name, {})
        if blob not in facts:
            facts[blob] = compute()
            cache.dirty = True
            cache.save()
        return facts[blob]


def snapshots(path: Path, today: dt.date | None = None, *, per_day: bool = False) -> list[Snapshot]:
    """Every version of the tracker at `path` (oldest first), with its counts."""
    return History(path, today).snapshots(per_day=per_day)
