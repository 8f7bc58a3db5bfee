"""A tracker's git history (SPEC §5): every version that touched it, counted like `status`.

Plain git processes read the repository: `git rev-parse` finds it, `git log --follow` lists
the versions and one `git cat-file --batch` reads their blobs (going through GitPython would
add its import, about a third of a Python CLI's start-up, to every run). Each version is
counted with `tally(parse(text))`, the numbers `status` shows, and the counts are cached per
blob under `.git/trackmd/`. Consecutive versions usually differ by a few ticks, derived values
and items added or removed; for those `_Counter` re-uses the last full parse (its docstring
says why that gives the same numbers, and the tests check every shortcut against the full
parser).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import re
import subprocess
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from itertools import accumulate, chain, compress, count, islice
from operator import ne
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from trackmd import __version__
from trackmd.core.config import shown
from trackmd.core.derive import Counts
from trackmd.core.errors import BadInput
from trackmd.core.model import Document, Item, ItemKind, Settings, State

CACHE_SCHEMA = 1
_ZERO_SHA = "0" * 40
_NEWLINE = re.compile(r"(\r\n|\r|\n)")
_REMAINING = frozenset({State.OPEN, State.IN_PROGRESS, State.BLOCKED})


# -- counts ---------------------------------------------------------------------------------


class Tally(NamedTuple):
    """The numbers a burndown needs from one version of a tracker."""

    done: int
    remaining: int  # open + in progress + blocked
    total: int  # scope: cancelled items excluded
    points_done: float
    points_total: float

    @property
    def points_remaining(self) -> float:
        return self.points_total - self.points_done

    def as_list(self) -> list[float]:
        return [self.done, self.remaining, self.total, self.points_done, self.points_total]

    @classmethod
    def from_list(cls, values: list[Any]) -> Tally:
        done, remaining, total, points_done, points_total = values
        return cls(int(done), int(remaining), int(total), float(points_done), float(points_total))


def tally(doc: Document) -> Tally:
    """The one definition of a version's numbers: `Counts(doc).document`, as `status` shows.

    Story points are the sections' own points where sections carry them (`**Story Points**:`
    on user stories, as roll-up tables count them), else the sum of the items' points.
    """
    counts = Counts(doc)
    progress = counts.document
    points_done, points_total = progress.points_done, progress.points_total
    if any(section.points is not None for section in doc.sections):
        points_done, points_total = counts.points(0) or (0.0, 0.0)
    return Tally(progress.done, progress.remaining, progress.total, points_done, points_total)


# -- versions -------------------------------------------------------------------------------


class Version(NamedTuple):
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

    @property
    def committed(self) -> bool:
        return bool(self.sha)

    @property
    def short(self) -> str:
        return self.sha[:7] if self.sha else "uncommitted"


class Snapshot(NamedTuple):
    """A version (the same fields, in the same order) with its counts."""

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

    @property
    def committed(self) -> bool:
        return bool(self.sha)

    @property
    def short(self) -> str:
        return self.sha[:7] if self.sha else "uncommitted"


V = TypeVar("V", Version, Snapshot)


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
        self.root, self.git_dir, head, shallow = _locate(path)
        try:
            self.rel = path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            raise BadInput(f"{path}: not inside the repository at {self.root}") from None
        if settings is None:
            from trackmd.io.project import load_project_settings

            settings = load_project_settings(self.root)
        self.settings = settings
        self.warnings: list[str] = []
        self._texts: dict[str, str] = {}
        self._counter: _Counter | None = None
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
            found = _cat_file(self.root, [f"{head}:{self.rel}"], check=True)
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
                return [_version(fields) for fields in memo["versions"]]
        versions = self._log(meanwhile=None if self.cache.counts else _import_parser)
        self.cache.logs[key] = {"head": head, "versions": [_fields(v) for v in versions]}
        self.cache.dirty = True
        return versions

    def _log(self, meanwhile: Callable[[], object] | None = None) -> list[Version]:
        """`git log --follow` of the file; `meanwhile` runs while git works."""
        fmt = "--format=%x01%H%x00%ct%x00%cI%x00%an%x00%ae%x00%s"
        args = ["git", "log", "--no-color", "--follow", "--raw", "--no-abbrev", "-z", fmt]
        if self.first_parent:
            args += ["--first-parent", "-m"]
        try:
            proc = subprocess.Popen(
                [*args, "--", self.rel], cwd=self.root, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )  # fmt: skip
        except OSError as error:
            raise BadInput(f"git is not available ({error}); burndown needs git history") from None
        if meanwhile is None:
            stdout, stderr = proc.communicate()
        else:  # a thread drains git's output, or git would wait for room in the pipe
            import threading

            answer: list[tuple[bytes, bytes]] = []
            reader = threading.Thread(target=lambda: answer.append(proc.communicate()))
            reader.start()
            try:
                meanwhile()
            finally:
                reader.join()
            stdout, stderr = answer[0] if answer else (b"", b"reading its output failed")
        if proc.returncode != 0:
            problem = stderr.decode("utf-8", "replace").strip().splitlines()
            reason = problem[-1] if problem else f"exit status {proc.returncode}"
            raise BadInput(f"{self.path}: git log failed: {reason}")
        out = stdout.decode("utf-8", "replace")
        versions: list[Version] = []
        unresolved: list[int] = []  # merges: git log shows no blob for them
        current = self.rel
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
            self._resolve_blobs(versions, unresolved)
        versions = [v for v in versions if v.blob]
        versions.reverse()
        return versions

    def _resolve_blobs(self, versions: list[Version], indexes: list[int]) -> None:
        requests = [f"{versions[i].sha}:{versions[i].path}" for i in indexes]
        found = _cat_file(self.root, requests, check=True)
        for i, request in zip(indexes, requests, strict=True):
            blob = found.get(request)
            versions[i] = versions[i]._replace(blob=blob.decode() if blob else "")

    def _tracked(self) -> bool:
        result = subprocess.run(
            ["git", "ls-files", "--error-unmatch", "--", self.rel],
            cwd=self.root, capture_output=True, check=False,
        )  # fmt: skip
        return result.returncode == 0

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
        stream = _cat_file_stream(self.root, [b for b in order if b not in self._texts])
        try:
            for blob in order:
                if blob in self._texts:
                    yield blob, self._texts[blob]
                    continue
                _, data = next(stream, (blob, None))
                if data is None:
                    continue
                if not keep:
                    yield blob, data
                    continue
                self._texts[blob] = data.decode("utf-8", "replace")
                yield blob, self._texts[blob]
        finally:
            stream.close()

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
            counter = self._counter = _Counter(self.settings, verify=verify)
            latest = self.versions[-1].blob
            for blob, text in self._each_text(dict.fromkeys(missing), keep=False):
                known[blob] = cache.counts[blob] = counter.tally(text)
                if blob == latest:
                    self._texts[blob] = _as_text(text)  # for latest_text()
            cache.dirty = True
        if save:
            cache.save()
        return [Snapshot(*v, known[v.blob]) for v in versions if v.blob in known]

    @functools.cached_property
    def cache(self) -> _Cache:
        return _Cache(self.git_dir, self.settings)

    def remember(self, name: str, blob: str, compute: Callable[[], Any]) -> Any:
        """A fact about a blob (JSON-serializable), computed once and kept in the cache."""
        cache = self.cache
        facts = cache.facts.setdefault(name, {})
        if blob not in facts:
            facts[blob] = compute()
            cache.dirty = True
            cache.save()
        return facts[blob]


def last_per_day(versions: Sequence[V]) -> list[V]:
    """The version that ends each day: the last by committer time (git's order on ties)."""
    ordered = sorted(enumerate(versions), key=lambda iv: (iv[1].timestamp, iv[0]))
    by_day: dict[dt.date, V] = {}
    for _, version in ordered:
        by_day[version.date] = version
    return [by_day[day] for day in sorted(by_day)]


def snapshots(path: Path, today: dt.date | None = None, *, per_day: bool = False) -> list[Snapshot]:
    """Every version of the tracker at `path` (oldest first), with its counts."""
    return History(path, today).snapshots(per_day=per_day)


def _locate(path: Path) -> tuple[Path, Path, str | None, bool]:
    """The work tree, the common git folder, HEAD (None before the first commit) and whether
    the clone is shallow, for the repository holding `path` (searched from its folder up)."""
    folder = path if path.is_dir() else path.parent
    folder = folder.absolute()
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent  # a file outside a sparse checkout: its folder is absent too
    folder = folder.resolve()
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--show-toplevel", "--git-common-dir",
             "--is-shallow-repository", "HEAD"],
            cwd=folder, capture_output=True, text=True, check=False,
        )  # fmt: skip
    except OSError as error:
        raise BadInput(f"git is not available ({error}); burndown needs git history") from None
    lines = result.stdout.splitlines()
    if len(lines) < 3:
        problem = result.stderr.strip().splitlines()[:1]
        if problem and "work tree" in problem[0]:
            raise BadInput(f"{folder}: a bare repository; burndown needs a working tree")
        raise BadInput(
            f"not a git repository: {folder}; burndown needs history (run it inside a git clone)"
        )
    head = lines[3] if result.returncode == 0 and len(lines) > 3 else None
    return Path(lines[0]).resolve(), (folder / lines[1]).resolve(), head, lines[2] == "true"


def _fields(version: Version) -> list[Any]:
    values: list[Any] = list(version)
    values[2] = version.date.isoformat()
    return values


def _version(fields: list[Any]) -> Version:
    values = list(fields)
    values[2] = dt.date.fromisoformat(values[2])
    return Version(*values)


def _import_parser() -> None:
    """Import the parser and markdown-it now: the counting will need them."""
    import markdown_it  # noqa: F401

    import trackmd.core.parse  # noqa: F401


_Answers = Generator[tuple[str, bytes | None], None, None]


def _cat_file_stream(root: Path, requests: list[str]) -> _Answers:
    """Each request with its blob's bytes (None when missing or not a blob), in order, from
    one `git cat-file --batch` process read as it answers. A thread writes the requests (git
    stops reading them while its answers wait to be read)."""
    if not requests:
        return
    import threading

    try:
        proc = subprocess.Popen(
            ["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=1 << 16,
        )  # fmt: skip
    except OSError as error:
        raise BadInput(f"git is not available ({error}); burndown needs git history") from None
    assert proc.stdin is not None and proc.stdout is not None
    payload = "".join(f"{r}\n" for r in requests).encode()
    ask, out = proc.stdin, proc.stdout

    def write() -> None:
        try:
            ask.write(payload)
        except OSError:
            pass  # git is gone (failed, or killed below): the reading says so
        finally:
            with contextlib.suppress(OSError):
                ask.close()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    answered = 0
    try:
        for request in requests:
            header = out.readline()
            if not header:
                break  # git stopped: the rest are missing
            parts = header.split()
            answered += 1
            if len(parts) < 3 or parts[1] == b"missing":
                yield request, None
                continue
            data = out.read(int(parts[2]))
            out.read(1)  # the newline after the content
            yield request, data if parts[1] == b"blob" else None
    finally:
        if answered < len(requests) and proc.poll() is None:
            proc.kill()  # the caller stopped early
        out.close()
        proc.wait()
        writer.join()


def _cat_file(root: Path, requests: list[str], *, check: bool = False) -> dict[str, bytes]:
    """Answer many object requests through one `git cat-file --batch` process.

    `check`: `--batch-check`, mapping each request to its object id instead of its content.
    """
    if not requests:
        return {}
    payload = "".join(f"{r}\n" for r in requests).encode()
    out = subprocess.run(
        ["git", "cat-file", "--batch-check" if check else "--batch"],
        cwd=root, input=payload, capture_output=True, check=False,
    ).stdout  # fmt: skip
    result: dict[str, bytes] = {}
    at = 0
    for request in requests:
        end = out.find(b"\n", at)
        if end < 0:
            break
        parts = out[at:end].split()
        at = end + 1
        if len(parts) < 3 or parts[1] == b"missing":
            continue
        if check:
            result[request] = parts[0]
            continue
        size = int(parts[2])
        if parts[1] == b"blob":
            result[request] = out[at : at + size]
        at += size + 1  # the content and the newline after it
    return result


# -- cache ----------------------------------------------------------------------------------


def _fingerprint() -> str:
    """A digest of the code that decides counts: a change of it (or of the version) is a miss."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent.parent
    for folder in ("core", "history"):
        for module in sorted((package / folder).glob("*.py")):
            with contextlib.suppress(OSError):
                digest.update(module.read_bytes())
    return digest.hexdigest()


class _Cache:
    """Counts (and other facts) per blob id in `.git/trackmd/`; deleting it only costs time."""

    def __init__(self, git_dir: Path, settings: Settings) -> None:
        key = f"{CACHE_SCHEMA}|{__version__}|{settings!r}|{_fingerprint()}"
        self.key = hashlib.sha256(key.encode()).hexdigest()
        self.path = git_dir / "trackmd" / f"counts-{self.key[:16]}.json"
        self.counts: dict[str, Tally] = {}
        self.facts: dict[str, dict[str, Any]] = {}
        self.logs: dict[str, Any] = {}  # file|first-parent -> {"head", "versions"}
        self.dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("key") == self.key:
                self.counts = {b: Tally.from_list(v) for b, v in data["counts"].items()}
                self.facts = {name: dict(values) for name, values in data["facts"].items()}
                self.logs = dict(data["logs"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.counts, self.facts, self.logs = {}, {}, {}  # missing or damaged: start again

    def save(self) -> None:
        if not self.dirty:
            return
        payload = {
            "key": self.key,
            "counts": {b: t.as_list() for b, t in self.counts.items()},
            "facts": self.facts,
            "logs": self.logs,
        }
        import tempfile

        data = json.dumps(payload, separators=(",", ":")).encode()  # dumps: the C encoder
        with contextlib.suppress(OSError):  # a read-only .git only costs time on the next run
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".counts-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                Path(tmp).replace(self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    Path(tmp).unlink()
                raise
        self.dirty = False


# -- counting with the last parse re-used ---------------------------------------------------


class _Chunks:
    """A text's chunks between blank lines: each chunk, its lines (after the first chunk,
    led by the empty line that separates it from the one before) and where they start."""

    __slots__ = ("lines", "parts", "pieces", "starts")

    def __init__(
        self, pieces: list[Any], parts: list[list[str]], starts: list[int], lines: list[str]
    ) -> None:
        self.pieces = pieces  # str or bytes, as the text was given, with their separators
        self.parts = parts
        self.starts = starts
        self.lines = lines


Patch = list[tuple[int, int]]  # the line ranges [start, end) that may differ from the last text


def _split(
    text: str | bytes, known: _Chunks | None = None
) -> tuple[list[str], list[str], _Chunks, Patch | None]:
    """The text's lines, the terminator after each, its chunks between blank lines, and the
    line ranges that changed when every line kept its place (else None).

    A chunk equal to the one at its place in `known` (the last text's) re-uses that text's
    line objects: unchanged stretches are not split again, and they compare by identity when
    aligned. `text` may be the UTF-8 bytes git gives: unchanged chunks are then not even
    decoded (a chunk decodes as it does within the text: its ends are newlines).
    """
    if isinstance(text, bytes) and b"\r" in text:
        text = text.decode("utf-8", "replace")
    if isinstance(text, str) and "\r" in text:
        split = _NEWLINE.split(text)
        lines = split[0::2]
        return lines, split[1::2], _Chunks([], [], [], lines), None
    old = known if known is not None and known.pieces else None
    if old is not None and isinstance(old.pieces[0], bytes) != isinstance(text, bytes):
        old = None
    pieces, kept = _pieces(text, old.pieces if old is not None else [])
    changed = [n for n, same in enumerate(kept) if not same]
    parts: list[list[str]] = list(old.parts[: len(pieces)]) if old is not None else []
    parts += [[]] * (len(pieces) - len(parts))
    last = len(pieces) - 1
    for n in changed:
        part = _as_text(pieces[n] if n == last else pieces[n][:-2]).split("\n")
        parts[n] = ["", *part] if n else part  # "X\n\nY": X's lines, "", Y's lines
    if old is not None and len(pieces) == len(old.pieces):
        starts = old.starts
        patch = [(starts[n], starts[n] + len(parts[n])) for n in changed]
        if all(len(parts[n]) == len(old.parts[n]) for n in changed):  # lines kept their place
            lines = list(old.lines)
            for (start, end), n in zip(patch, changed, strict=True):
                lines[start:end] = parts[n]
            return lines, ["\n"] * (len(lines) - 1), _Chunks(pieces, parts, starts, lines), patch
    lines = list(chain.from_iterable(parts))
    starts = [0, *accumulate(len(part) for part in parts)][:-1] if parts else []
    return lines, ["\n"] * (len(lines) - 1), _Chunks(pieces, parts, starts, lines), None


def _pieces(text: Any, old: Sequence[Any]) -> tuple[list[Any], list[bool]]:
    """The text (str or bytes) cut after each blank-line separator, as `split("\n\n")` cuts
    it but with each piece's separator kept, and for each piece whether it is `old`'s piece at
    its place. Old pieces are recognized in place, with no search: only changed ones are cut
    out with `find`. (A piece found followed by its separator is where the split would cut:
    it holds no separator and does not end with a newline, as the split would have cut there.)
    """
    sep = "\n\n" if isinstance(text, str) else b"\n\n"
    pieces: list[Any] = []
    kept: list[bool] = []
    at, size = 0, len(text)
    for piece in old[:-1]:  # each ends with its separator
        if text.startswith(piece, at):
            pieces.append(piece)
            kept.append(True)
            at += len(piece)
            continue
        end = text.find(sep, at)
        if end < 0:
            break
        pieces.append(text[at : end + 2])
        kept.append(False)
        at = end + 2
    else:
        if old and len(old[-1]) == size - at and text.endswith(old[-1]):
            pieces.append(old[-1])  # the last piece, unchanged
            kept.append(True)
            return pieces, kept
    while (end := text.find(sep, at)) >= 0:
        pieces.append(text[at : end + 2])
        kept.append(False)
        at = end + 2
    pieces.append(text[at:])
    kept.append(False)
    return pieces, kept


def _as_text(text: str | bytes) -> str:
    return text if isinstance(text, str) else text.decode("utf-8", "replace")


_INERT = frozenset(" \t%/.,:;+-=#()█▓▒░■□\ufe0f\u200d")
_HTML_ENDS = ("-->", "<!--", "?>", "]]>")
_PLAIN_TAIL = _INERT | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_BULLET_BOX = re.compile(r"^( *[-*+] +)\[([^\]\n])\](?=[ \t]|$)")
_PLAIN, _MARK, _TAIL = 0, 1, 2
_FRESH_IDS = 1 << 40  # numbers of new items until the next renumbering


class _Line:
    """What the fast path knows about one line of the last counted text."""

    __slots__ = ("col", "item", "kind")

    def __init__(self, kind: int = _PLAIN, col: int = 0, item: Item | None = None) -> None:
        self.kind = kind  # _MARK: a checkbox item's line; _TAIL: ends in a derived value
        self.col = col  # _MARK: the marker's column; _TAIL: where the derived value starts
        self.item = item  # the item on this line (at most one per line)


class _Baseline:
    """The last full parse, brought up to date with the versions counted since.

    Items live on their lines (`info`). After insertions and removals their `number`,
    `line` and `parent` fields are stale but consistent with each other (new items get fresh
    numbers); `_fresh_items` renumbers them when a `Document` is needed.
    """

    __slots__ = ("by_delta", "children", "chunks", "doc", "fresh", "info", "labelled", "lines",
                 "newline", "structural", "tally")  # fmt: skip

    def __init__(
        self,
        doc: Document,
        lines: list[str],
        newline: str,
        info: list[_Line],
        labelled: list[tuple[int, str, set[int]]],
        children: dict[int, int],
        tally: Tally,
        by_delta: bool,
        structural: bool,
        chunks: _Chunks,
    ) -> None:
        self.doc = doc
        self.lines = lines
        self.newline = newline  # the text's one line terminator ("" while it has a single line)
        self.info = info
        self.labelled = labelled  # by item number
        self.children = children  # item number -> how many items have it as parent
        self.tally = tally
        self.by_delta = by_delta  # counts follow from item changes (no section points, whole)
        self.structural = structural  # items may be inserted, removed or reworded
        self.chunks = chunks  # the text's chunks between blank lines with their lines (_split)
        self.fresh = True  # numbers and lines match positions


class _Step:
    """A candidate update of a baseline to the next text; discarded when an edit is unsafe."""

    __slots__ = ("added", "changed", "info", "removed", "sources")

    def __init__(self) -> None:
        self.info: list[_Line] = []
        self.added: list[tuple[Item, Item]] = []  # (new item, its sibling)
        self.removed: list[Item] = []
        self.changed: list[tuple[Item, Item]] = []
        self.sources: dict[int, int] = {}  # new line -> old line, kept lines


class _Counter:
    """Counts a sequence of texts, parsing fully only when the structure may have changed.

    The next text is aligned line by line with the last counted one. Every difference must be
    one of these edits, each leaving markdown-it's block structure and trackmd's sections,
    tables and settings as they were:

    - a checkbox item's marker changed to another known marker;
    - the rest of a line after the start of a derived value changed (a Progress or Last
      updated field, the Status field of a section that has items, a progress bar), with
      characters that no block rule reads mid-line: no `|`, `<`, `>`, `[`, `]`, `*`, `_`,
      backticks or quotes, and no colour emoji (they teach the file's legend);
    - a bullet checkbox item's text reworded (`|` count kept, no colour emoji);
    - a one-line bullet checkbox item inserted next to a sibling with the same indent and
      bullet, or removed when it has no sub-items and a sibling remains.

    The new and reworded items are read by parsing their line alone (an item's ID, points,
    owner, dates and dependencies come from its own text). The front matter, headings, table
    rows and other items' lines never take an edit. Counts read items, sections, settings and
    labelled lists only. `verify=True` checks every shortcut against the full parser; the
    tests run it on generated histories.
    """

    def __init__(self, settings: Settings, *, verify: bool = False) -> None:
        from trackmd.core.parse import MARKERS

        self.settings = settings
        self.verify = verify
        self.markers = MARKERS
        self.base: _Baseline | None = None
        self.last: str | bytes | None = None  # the text counted last
        self.full_parses = 0
        self._next_number = _FRESH_IDS

    def tally(self, text: str | bytes) -> Tally:
        """The counts of `text` (or of its UTF-8 bytes, as git stores it)."""
        return self._step(text).tally

    def counted_last(self, text: str) -> bool:
        """Whether `text` is what was counted last."""
        last = self.last
        return last == text if isinstance(last, str) else last == text.encode("utf-8")

    def document(self, text: str) -> Document:
        base = self._step(text)
        items = self._fresh_items(base)
        if base.doc.text == text:
            return base.doc
        return base.doc._replace(text=text, items=tuple(items), labelled_lists=_labelled(base))

    # ---------------------------------------------------------------------------------------

    def _step(self, text: str | bytes) -> _Baseline:
        self.last = text
        base = self.base
        if base is not None:
            lines, seps, chunks, patch = _split(text, base.chunks)
            newline = seps[0] if seps else base.newline
            uniform = seps.count(newline) == len(seps) and newline in (base.newline or newline,)
            step = self._plan(base, lines, patch) if uniform else None
            if step is not None:
                self._commit(base, lines, newline, step)
                base.chunks = chunks
                if self.verify:
                    self._check(base, _as_text(text))
                return base
        self.base = self._parse(_as_text(text))
        return self.base

    def _parse(self, text: str) -> _Baseline:
        from trackmd.core.parse import parse

        self.full_parses += 1
        doc = parse(text, "", self.settings)
        lines, seps, chunks, _ = _split(text)
        starts = [0]
        for line, sep in zip(lines, seps, strict=False):
            starts.append(starts[-1] + len(line) + len(sep))
        info = [_Line() for _ in lines]
        for number, col in _tails(doc, lines, starts).items():
            info[number] = _Line(_TAIL, col)
        structural = True
        children: dict[int, int] = {}
        for item in doc.items:
            if item.parent is not None:
                children[item.parent] = children.get(item.parent, 0) + 1
            if item.line >= len(info) or info[item.line].item is not None:
                structural = False  # two items on a line: keep to marker edits
                continue
            span = item.state_span
            col = span.start - starts[item.line]
            is_mark = (
                item.kind is ItemKind.CHECKBOX
                and span.end - span.start == 1
                and lines[item.line][col : col + 1] == item.marker
                and item.marker in self.markers
            )  # fmt: skip
            info[item.line] = _Line(_MARK if is_mark else _PLAIN, col if is_mark else 0, item)
        by_delta = all(s.points is None for s in doc.sections) and all(
            _whole(i.points) for i in doc.items
        )
        newline = next(iter(seps), "")
        if seps.count(newline) != len(seps):
            structural = False
        labelled = [
            (section, label, set(numbers)) for section, label, numbers in doc.labelled_lists
        ]
        return _Baseline(
            doc, lines, newline, info, labelled, children, tally(doc), by_delta, structural,
            chunks,
        )  # fmt: skip

    # planning: every difference must be a safe edit -----------------------------------------

    def _plan(self, base: _Baseline, new: list[str], patch: Patch | None = None) -> _Step | None:
        ops = _align(base.lines, new, patch)
        step = _Step()
        if any(op in ("ins", "del") for op, _, _, _ in ops):
            if not base.structural:
                return None
            for op, i, j, n in ops:
                if op in ("same", "mod"):
                    step.sources.update(zip(range(j, j + n), range(i, i + n), strict=True))
        old = base.lines
        for op, i, j, n in ops:
            if op == "same":
                step.info.extend(base.info[i : i + n])
            elif op == "mod":
                line = self._modified(base, old[i], new[j], base.info[i], step)
                if line is None:
                    return None
                step.info.append(line)
            elif op == "ins":
                line = self._inserted(base, new, j, step)
                if line is None:
                    return None
                step.info.append(line)
            elif not self._removable(base, i, new, j, step):
                return None  # a removed line
        return step

    def _modified(self, base: _Baseline, a: str, b: str, info: _Line, step: _Step) -> _Line | None:
        if info.kind == _TAIL:
            return info if _inert_edit(a, b, info.col) else None
        if info.kind != _MARK or info.item is None:
            return None
        col = info.col
        mark = b[col : col + 1]
        if mark not in self.markers or a[:col] != b[:col] or b[col + 1 : col + 2] != "]":
            return None
        before = info.item
        if a[col + 1 :] == b[col + 1 :]:
            after = before._replace(state=self.markers[mark], marker=mark)
        else:
            if not base.structural or _BULLET_BOX.match(b) is None or not _inert_text(a, b):
                return None
            read = _read_item(b)
            if read is None:
                return None
            after = before._replace(
                state=read.state, marker=read.marker, text=read.text, id=read.id,
                points=read.points, owner=read.owner, due=read.due, depends=read.depends,
                cookie=read.cookie,
            )  # fmt: skip
        if after != before:
            step.changed.append((before, after))
        return _Line(_MARK, col, after)

    def _inserted(self, base: _Baseline, new: list[str], j: int, step: _Step) -> _Line | None:
        """A new bullet checkbox line at `new[j]`, next to a sibling item."""
        line = new[j]
        match = _BULLET_BOX.match(line)
        if match is None or "|" in line or not _colours().isdisjoint(line):
            return None
        prefix = match.group(1)
        previous = step.info[j - 1] if j > 0 else None
        sibling: Item | None = None
        if previous is not None and previous.kind == _MARK and new[j - 1].startswith(prefix + "["):
            if not _ends_item(new, j + 1, prefix):
                return None
            sibling = previous.item
        elif (j == 0 or not new[j - 1].strip()) and _sibling_at(base, new, j + 1, prefix, step):
            sibling = base.info[step.sources[j + 1]].item  # it opens the list
        if sibling is None:
            return None
        read = _read_item(line)
        if read is None:
            return None
        self._next_number += 1
        item = read._replace(
            number=self._next_number, line=j, parent=sibling.parent,
            section=sibling.section, list_indent=prefix[: len(prefix) - len(prefix.lstrip(" "))],
        )  # fmt: skip
        step.added.append((item, sibling))
        return _Line(_MARK, match.end(1) + 1, item)

    def _removable(self, base: _Baseline, i: int, new: list[str], j: int, step: _Step) -> bool:
        """Whether the item line `base.lines[i]` can go: a leaf whose list keeps a sibling."""
        info = base.info[i]
        item = info.item
        match = _BULLET_BOX.match(base.lines[i])
        if info.kind != _MARK or item is None or match is None or base.children.get(item.number):
            return False
        prefix = match.group(1)
        if not _ends_item(base.lines, i + 1, prefix):
            return False  # continuation lines would move to another item
        before = step.info[j - 1] if j > 0 else None
        kept_before = (
            before is not None and before.kind == _MARK and new[j - 1].startswith(prefix + "[")
        )
        if not kept_before and not _sibling_at(base, new, j, prefix, step):
            return False
        step.removed.append(item)
        return True

    # committing -----------------------------------------------------------------------------

    def _commit(self, base: _Baseline, lines: list[str], newline: str, step: _Step) -> None:
        base.lines, base.newline, base.info = lines, newline, step.info
        changed, removed = step.changed, step.removed
        added = [item for item, _ in step.added]
        if added or removed:
            base.fresh = False
            for item in removed:
                if item.parent is not None:
                    base.children[item.parent] -= 1
                for _, _, members in base.labelled:
                    members.discard(item.number)
            for item, sibling in step.added:
                if item.parent is not None:
                    base.children[item.parent] = base.children.get(item.parent, 0) + 1
                for _, _, members in base.labelled:
                    if sibling.number in members:
                        members.add(item.number)  # a new item joins its sibling's list
        if not (changed or added or removed):
            return
        whole = all(_whole(item.points) for item in added) and all(
            _whole(after.points) for _, after in changed
        )
        base.by_delta = base.by_delta and whole
        if base.by_delta:
            count_all = base.doc.settings.count == "all"
            base.tally = _delta(base.tally, changed, added, removed, count_all)
        else:
            items = self._fresh_items(base)
            base.tally = tally(
                base.doc._replace(items=tuple(items), labelled_lists=_labelled(base))
            )

    def _fresh_items(self, base: _Baseline) -> list[Item]:
        """The items in line order, numbered from 1 with parents and labelled lists mapped."""
        ordered = [(j, line) for j, line in enumerate(base.info) if line.item is not None]
        if base.fresh:
            return [line.item for _, line in ordered if line.item is not None]
        numbers = {line.item.number: n for n, (_, line) in enumerate(ordered, 1) if line.item}
        items: list[Item] = []
        for n, (j, line) in enumerate(ordered, start=1):
            item = line.item
            assert item is not None
            parent = numbers.get(item.parent) if item.parent is not None else None
            if (item.number, item.line, item.parent) != (n, j, parent):
                item = item._replace(number=n, line=j, parent=parent)
                line.item = item
            items.append(item)
        base.labelled = [
            (section, label, {numbers[m] for m in members if m in numbers})
            for section, label, members in base.labelled
        ]
        base.children = {numbers[k]: v for k, v in base.children.items() if v and k in numbers}
        base.fresh = True
        return items

    def _check(self, base: _Baseline, text: str) -> None:
        from trackmd.core.parse import parse

        full = parse(text, "", self.settings)

        def view(items: Sequence[Item]) -> list[tuple[object, ...]]:
            return [
                (i.number, i.kind, i.id, i.text, i.state, i.marker, i.line, i.section, i.parent,
                 i.points, i.owner, i.due, i.depends, i.list_indent, i.list_marker)
                for i in items
            ]  # fmt: skip

        if view(self._fresh_items(base)) != view(full.items) or base.tally != tally(full):
            raise AssertionError(
                f"history fast path disagrees with the parser: {base.tally} != {tally(full)}"
            )
        if _labelled(base) != full.labelled_lists:
            raise AssertionError("history fast path: labelled lists differ from the parser's")


def _labelled(base: _Baseline) -> tuple[tuple[int, str, tuple[int, ...]], ...]:
    return tuple((s, label, tuple(sorted(members))) for s, label, members in base.labelled)


@functools.cache
def _colours() -> frozenset[str]:
    from trackmd.core.lexicon import COLOURS

    return COLOURS


def _whole(points: float | None) -> bool:
    return points is None or (float(points).is_integer() and abs(points) < 2**50)


def _same_run(old: list[str], new: list[str], i: int, j: int) -> int:
    """How many lines from old[i] and new[j] on are equal (compared at C speed)."""
    limit = min(len(old) - i, len(new) - j)
    unequal = compress(count(), map(ne, islice(old, i, i + limit), islice(new, j, j + limit)))
    return next(unequal, limit)


_RESYNC = 16  # how far the alignment looks for the lines after an insertion or removal


def _align(
    old: list[str], new: list[str], patch: Patch | None = None
) -> list[tuple[str, int, int, int]]:
    """A line alignment as (op, old line, new line, count): runs of equal lines, and single
    lines modified, inserted or removed (a resync needs two equal lines in a row)."""
    if len(old) == len(new):
        ops = _align_in_place(old, new, patch)
        if ops is not None:
            return ops
    return _align_stepwise(old, new)


def _align_stepwise(old: list[str], new: list[str]) -> list[tuple[str, int, int, int]]:
    """`_align` line by line: equal runs, else a modified line unless a shift resyncs."""
    ops: list[tuple[str, int, int, int]] = []
    i = j = 0
    na, nb = len(old), len(new)
    while i < na and j < nb:
        run = _same_run(old, new, i, j)
        if run:
            ops.append(("same", i, j, run))
            i += run
            j += run
            continue
        if i + 1 < na and j + 1 < nb and old[i + 1] == new[j + 1]:
            ops.append(("mod", i, j, 1))
            i += 1
            j += 1
            continue
        shift = _resync(old, new, i, j)
        if shift > 0:
            ops.extend(("ins", -1, j + n, 1) for n in range(shift))
            j += shift
        elif shift < 0:
            ops.extend(("del", i + n, j, 1) for n in range(-shift))
            i -= shift
        else:
            ops.append(("mod", i, j, 1))
            i += 1
            j += 1
    ops.extend(("ins", -1, k, 1) for k in range(j, nb))
    ops.extend(("del", k, nb, 1) for k in range(i, na))
    return ops


def _align_in_place(
    old: list[str], new: list[str], patch: Patch | None = None
) -> list[tuple[str, int, int, int]] | None:
    """`_align` of two texts with as many lines, when it finds no insertion or removal: the
    same operations, from one pass over both (over the `patch` ranges only, when the lines
    elsewhere are known to be equal). None when a difference looks like a shift."""
    ops: list[tuple[str, int, int, int]] = []
    n = len(old)
    at = 0
    if patch is None:
        changed: Iterable[int] = compress(count(), map(ne, old, new))
    else:
        changed = chain.from_iterable(
            compress(range(start, end), map(ne, old[start:end], new[start:end]))
            for start, end in patch
        )
    for k in changed:
        if k + 1 < n and old[k + 1] != new[k + 1] and _resync(old, new, k, k):
            return None  # `_align`'s look-ahead would see lines inserted or removed here
        if k > at:
            ops.append(("same", at, at, k - at))
        ops.append(("mod", k, k, 1))
        at = k + 1
    if at < n:
        ops.append(("same", at, at, n - at))
    return ops


def _resync(old: list[str], new: list[str], i: int, j: int) -> int:
    """After differing lines at old[i] and new[j]: k > 0 when new[j : j+k] was inserted
    before old[i], -k when old[i : i+k] was removed, 0 for neither (two equal lines in a row
    must follow, at most `_RESYNC` lines ahead)."""
    na, nb = len(old), len(new)
    if old[i] not in new[j + 1 : j + _RESYNC + 1] and new[j] not in old[i + 1 : i + _RESYNC + 1]:
        return 0  # the look-ahead below needs one of these

    def same_at(a: int, b: int) -> bool:
        return old[a] == new[b] and (a + 1 >= na or b + 1 >= nb or old[a + 1] == new[b + 1])

    for k in range(1, _RESYNC + 1):
        if j + k < nb and same_at(i, j + k):
            return k
        if i + k < na and same_at(i + k, j):
            return -k
    return 0


def _sibling_at(base: _Baseline, new: list[str], j: int, prefix: str, step: _Step) -> bool:
    """Whether `new[j]` is a kept checkbox item line with the same indent and bullet."""
    i = step.sources.get(j)
    if i is None or j >= len(new) or base.info[i].kind != _MARK:
        return False
    match = _BULLET_BOX.match(new[j])
    return match is not None and match.group(1) == prefix


def _ends_item(lines: list[str], k: int, prefix: str) -> bool:
    """Whether an item of `prefix` on line k-1 has nothing of its own from line k on."""
    if k >= len(lines):
        return True
    following = _BULLET_BOX.match(lines[k])
    if following is not None and following.group(1) == prefix:
        return True
    if lines[k].strip():
        return False  # a continuation, a lazy line or a sub-item
    for line in lines[k + 1 :]:
        if line.strip():
            indent = len(line) - len(line.lstrip(" "))
            return "\t" not in line[: indent + 1] and indent < len(prefix)
    return True


def _read_item(line: str) -> Item | None:
    """The checkbox item on a bullet line, read by parsing the line alone."""
    from trackmd.core.parse import parse

    match = _BULLET_BOX.match(line)
    if match is None:
        return None
    doc = parse("- " + line[match.end(1) :])
    if len(doc.items) != 1 or doc.items[0].kind is not ItemKind.CHECKBOX:
        return None
    return doc.items[0]._replace(list_marker=match.group(1).strip())


def _inert_text(a: str, b: str) -> bool:
    """A reworded item line: same table pipes, no colour emoji (they define the legend)."""
    colours = _colours()
    return a.count("|") == b.count("|") and colours.isdisjoint(a) and colours.isdisjoint(b)


def _contribution(item: Item) -> tuple[int, int, int, float, float]:
    state, points = item.state, item.points or 0.0
    kept = state is not State.CANCELLED
    return (
        int(state is State.DONE), int(state in _REMAINING), int(kept),
        points if state is State.DONE else 0.0, points if kept else 0.0,
    )  # fmt: skip


def _delta(
    current: Tally,
    changed: list[tuple[Item, Item]],
    added: list[Item],
    removed: list[Item],
    count_all: bool,
) -> Tally:
    """The counts after item changes, exact while points are whole numbers."""
    totals = [current.done, current.remaining, current.total, current.points_done,
              current.points_total]  # fmt: skip
    signed = [(-1, before) for before, _ in changed] + [(1, after) for _, after in changed]
    signed += [(1, item) for item in added] + [(-1, item) for item in removed]
    for sign, item in signed:
        if count_all or item.parent is None:
            for k, value in enumerate(_contribution(item)):
                totals[k] += sign * value
    done, remaining, total, points_done, points_total = totals
    return Tally(int(done), int(remaining), int(total), float(points_done), float(points_total))


def _tails(doc: Document, lines: list[str], starts: list[int]) -> dict[int, int]:
    """Lines ending in a derived value, and the column where that value starts."""
    from trackmd.core.parse import PROGRESS_KEYS, STATUS_KEYS, UPDATED_KEYS

    if "]:" in doc.text:  # a reference definition could reach into a field's line
        return {}
    front_end = -1
    if lines and lines[0].lstrip("\ufeff").rstrip() == "---":
        front_end = next(
            (i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), -1
        )
    fixed = {item.line for item in doc.items}
    fixed.update(s.line for s in doc.sections[1:])
    for table in doc.tables:
        fixed.update((table.line, table.line + 1))
        fixed.update(row.line for row in table.rows)
    # a Status field is derived only in a section with items that is not a status section
    status_sections = {item.section for item in doc.items if item.kind is ItemKind.SECTION}
    with_items: set[int] = set()
    for item in doc.items:
        s: int | None = item.section if item.kind is not ItemKind.SECTION else None
        while s is not None and s not in with_items:
            with_items.add(s)
            s = doc.sections[s].parent
    with_items -= status_sections
    starts_at: list[tuple[int, int]] = []
    for fld in doc.fields:
        derived = fld.key in PROGRESS_KEYS or fld.key in UPDATED_KEYS
        rollup = (
            fld.key in STATUS_KEYS and fld.owner_list_item is None and fld.section in with_items
        )
        if derived or rollup:
            starts_at.append((fld.line, fld.value_span.start))
    starts_at.extend((bar.line, bar.glyph_span.start) for bar in doc.bars)
    tails: dict[int, int] = {}
    for line, offset in starts_at:
        if line in fixed or line <= front_end or line >= len(lines):
            continue
        col = offset - starts[line]
        if 0 < col <= len(lines[line]) and lines[line][:col].strip():
            tails[line] = min(col, tails.get(line, col))
    return tails


def _inert_edit(a: str, b: str, col: int) -> bool:
    """Whether changing line `a` into `b` after `col` leaves every block rule's answer alone."""
    if a[:col] != b[:col]:
        return False
    tail_a, tail_b = a[col:], b[col:]
    if not tail_a.strip() or not tail_b.strip():
        return False
    colours = _colours()
    if not (colours.isdisjoint(a) and colours.isdisjoint(b)) or "]:" in b:
        return False
    # the tails differ only in their middles: the counts compare those
    if tail_a.count("(") != tail_b.count("(") or tail_a.count(")") != tail_b.count(")"):
        return False
    plain = _PLAIN_TAIL.issuperset(tail_a) and _PLAIN_TAIL.issuperset(tail_b)
    if not plain and not _inert_middle(tail_a, tail_b):
        return False
    if "<" not in a and ">" not in a and "<" not in b and ">" not in b:
        return True  # every HTML block end has one of them
    return all(a.count(end) == b.count(end) for end in _HTML_ENDS)


def _inert_middle(a: str, b: str) -> bool:
    """Whether what differs between `a` and `b` (past their common start and end) is only
    letters, digits, emoji and inert punctuation."""
    from trackmd.core.lexicon import is_emoji_char

    p = 0
    limit = min(len(a), len(b))
    while p < limit and a[p] == b[p]:
        p += 1
    s = 0
    while s < limit - p and a[-1 - s] == b[-1 - s]:
        s += 1
    for ch in set(a[p : len(a) - s] + b[p : len(b) - s]) - _INERT:
        if not (ch.isalnum() or is_emoji_char(ch)):
            return False
    return True


# -- log ------------------------------------------------------------------------------------


class Change(NamedTuple):
    """An item's state changing in one version."""

    version: Version
    before: State | None  # None: the item did not exist
    after: State | None  # None: the item was removed
    text: str


def _key(item: Item) -> str:
    """How an item is recognized across versions: its explicit ID, else its folded text."""
    from trackmd.core.refs import fold

    return f"id:{item.id.casefold()}" if item.id else f"text:{fold(item.text)}"


class ItemLog(NamedTuple):
    item: Item
    changes: list[Change]
    warnings: list[str]


def log(path: Path, ref: str, today: dt.date | None = None) -> tuple[Item, list[Change]]:
    """`item_log` without its warnings."""
    found = item_log(path, ref, today)
    return found.item, found.changes


def item_log(path: Path, ref: str | Item, today: dt.date | None = None) -> ItemLog:
    """When the item named by `ref` changed state, in which commit, by whom (oldest first).

    The item is resolved in the latest version (or given, as found in the working tree) and
    followed by its explicit ID, else by its normalized text. Each commit is compared with
    its own parent, so a tick made on a branch is credited to the commit (and author) that
    made it, not to the merge. In a shallow clone the boundary commits have no parent to
    compare with: they are not credited with the states they hold, and a warning says so.
    """
    history = History(path, today, first_parent=False)
    if not history.versions:
        raise BadInput(f"{path}: no history to read")
    if isinstance(ref, str):
        from trackmd.core.parse import parse
        from trackmd.core.refs import resolve

        latest = parse(history.latest_text(), str(path), history.settings)
        found = resolve([latest], ref)
        if found.section is not None or len(found.items) != 1:
            raise BadInput(
                f"{path}: {shown(ref)} names a section; `log` follows one item (use its ID)"
            )
        item = found.items[0]
    else:
        item = ref
    key = _key(item)
    warnings = [w for w in history.warnings if "shallow clone" not in w]
    boundary = [v for v in history.versions if v.sha in history.boundary]
    if history.boundary:
        first = boundary[0].short if boundary else sorted(history.boundary)[0][:7]
        warnings.append(
            f"{path}: history starts at the shallow boundary {first}; items there are not "
            "credited to it (git fetch --unshallow for the full history)"
        )
    versions = sorted(enumerate(history.versions), key=lambda iv: (iv[1].timestamp, iv[0]))
    texts = history.texts(b for _, v in versions for b in (v.parent_blob, v.blob) if b)
    counter = _Counter(history.settings)
    states: dict[str, tuple[State | None, str]] = {}

    def state_in(blob: str) -> tuple[State | None, str]:
        if blob not in states:
            if blob not in texts:
                states[blob] = (None, "")
            else:
                doc = counter.document(texts[blob])
                found = next((i for i in doc.items if _key(i) == key), None)
                states[blob] = (found.state, found.text) if found else (None, "")
        return states[blob]

    changes: list[Change] = []
    for _, version in versions:
        if version.sha in history.boundary and not version.parent_blob:
            continue  # its parent is not in the clone: what it holds is not its doing
        before = state_in(version.parent_blob)[0] if version.parent_blob else None
        after, text = state_in(version.blob)
        if before is not after:
            changes.append(Change(version, before, after, text or item.text))
    return ItemLog(item, changes, warnings)
