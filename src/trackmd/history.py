"""A tracker's git history (SPEC §5): every version that touched it, counted like `status`.

GitPython finds the repository and runs `git log --follow`; one `git cat-file --batch`
process reads the blobs. Each version is counted with `tally(parse(text))`, the numbers
`status` shows, and the counts are cached per blob under `.git/trackmd/`. Between two
versions that differ only in checkbox markers and derived values (what ticking a box and
`trackmd sync` change), the last full parse is re-used with the new states: `_Counter`
documents why that gives the same result, and the tests check it against the full parser.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from trackmd import __version__
from trackmd.derive import Counts, counted
from trackmd.errors import BadInput
from trackmd.model import Document, Item, ItemKind, Settings, State

if TYPE_CHECKING:
    from git import Repo

CACHE_SCHEMA = 1
_ZERO_SHA = "0" * 40
_NEWLINE = re.compile(r"(\r\n|\r|\n)")
_REMAINING = frozenset({State.OPEN, State.IN_PROGRESS, State.BLOCKED})


# -- counts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
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


@dataclass(frozen=True)
class Version:
    """One version of the tracker: a commit that touched it, or uncommitted changes."""

    sha: str  # commit id; "" for uncommitted changes in the working tree
    timestamp: int  # committer time (seconds since the epoch)
    date: dt.date  # committer date, in the committer's own time zone
    author: str
    email: str
    subject: str
    path: str  # repository-relative path of the file in this version
    blob: str  # git blob id of the file's bytes

    @property
    def committed(self) -> bool:
        return bool(self.sha)

    @property
    def short(self) -> str:
        return self.sha[:7] if self.sha else "uncommitted"


@dataclass(frozen=True)
class Snapshot(Version):
    counts: Tally


V = TypeVar("V", bound=Version)


class History:
    """The versions of one tracker file, oldest first, and the means to read and count them."""

    def __init__(
        self, path: Path, today: dt.date | None = None, settings: Settings | None = None
    ) -> None:
        self.path = path
        self.today = today or dt.date.today()
        self.repo = _open_repo(path)
        worktree = self.repo.working_tree_dir
        if worktree is None:
            raise BadInput(f"{path}: the repository is bare; burndown needs a working tree")
        self.root = Path(worktree).resolve()
        try:
            self.rel = path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            raise BadInput(f"{path}: not inside the repository at {self.root}") from None
        if settings is None:
            from trackmd.config import load_project_settings

            settings = load_project_settings(self.root)
        self.settings = settings
        self.git_dir = Path(self.repo.common_dir)
        self.warnings: list[str] = []
        self._texts: dict[str, str] = {}
        self.versions = self._list_versions()

    # listing ---------------------------------------------------------------------------

    def _list_versions(self) -> list[Version]:
        import git

        fmt = "--format=%x01%H%x00%ct%x00%cI%x00%an%x00%ae%x00%s"
        try:
            out = str(
                self.repo.git.log("--follow", "--raw", "--no-abbrev", "-z", fmt, "--", self.rel)
            )
        except git.GitCommandError as error:
            if "does not have any commits" in str(error.stderr):
                out = ""
            else:
                raise BadInput(f"{self.path}: git log failed: {_stderr(error)}") from None
        versions: list[Version] = []
        unresolved: list[int] = []  # merges: git log shows no blob for them
        current = self.rel
        for record in out.split("\x01")[1:]:
            fields = record.split("\0")
            if len(fields) < 6:
                continue
            sha, stamp, iso, author, email, subject = fields[:6]
            blob, path, deleted = "", current, False
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
                blob, path = parts[3], names[-1]
                deleted = blob == _ZERO_SHA
                current = names[0]  # older commits know the file by its old name
            if deleted:
                continue
            versions.append(Version(
                sha, int(stamp), dt.datetime.fromisoformat(iso).date(), author, email, subject,
                path, blob,
            ))  # fmt: skip
            if not blob:
                unresolved.append(len(versions) - 1)
        if unresolved:
            self._resolve_blobs(versions, unresolved)
        versions = [v for v in versions if v.blob]
        versions.reverse()
        if not versions and not (self.root / self.rel).exists():
            raise BadInput(f"{self.path}: no such file, now or in the git history")
        if not versions and not self._tracked():
            raise BadInput(
                f"{self.path}: not tracked by git; commit it first (git add {self.rel} && "
                "git commit), burndown needs history"
            )
        if (self.git_dir / "shallow").exists():
            since = f" before {versions[0].date.isoformat()}" if versions else ""
            self.warnings.append(
                f"{self.path}: shallow clone, history{since} is missing; run "
                "`git fetch --unshallow` for the full burndown"
            )
        uncommitted = self._uncommitted(versions[-1].blob if versions else None)
        if uncommitted is not None:
            versions.append(uncommitted)
        return versions

    def _resolve_blobs(self, versions: list[Version], indexes: list[int]) -> None:
        requests = [f"{versions[i].sha}:{versions[i].path}" for i in indexes]
        found = _cat_file(self.root, requests, check=True)
        for i, request in zip(indexes, requests, strict=True):
            blob = found.get(request)
            versions[i] = dataclasses.replace(versions[i], blob=blob.decode() if blob else "")

    def _tracked(self) -> bool:
        result = subprocess.run(
            ["git", "ls-files", "--error-unmatch", "--", self.rel],
            cwd=self.root, capture_output=True, check=False,
        )  # fmt: skip
        return result.returncode == 0

    def _uncommitted(self, head_blob: str | None) -> Version | None:
        from trackmd.files import decode

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
            self.rel, blob,
        )  # fmt: skip

    # reading and counting --------------------------------------------------------------

    def texts(self, blobs: Iterable[str]) -> dict[str, str]:
        """The text of each blob, read through one `git cat-file --batch` process."""
        blobs = list(blobs)
        wanted = [b for b in dict.fromkeys(blobs) if b not in self._texts]
        if wanted:
            for blob, data in _cat_file(self.root, wanted).items():
                self._texts[blob] = data.decode("utf-8", "replace")
        return {b: self._texts[b] for b in blobs if b in self._texts}

    def latest_text(self) -> str:
        """The working-tree text (or the last committed one when the file is gone)."""
        if not self.versions:
            return ""
        blob = self.versions[-1].blob
        return self.texts([blob])[blob]

    def snapshots(self, *, per_day: bool = False, verify: bool = False) -> list[Snapshot]:
        """Each version with its counts; `per_day`: only the last version of each day."""
        versions = last_per_day(self.versions) if per_day else list(self.versions)
        cache = _Cache(self.git_dir, self.settings)
        known = cache.load()
        missing = [v.blob for v in versions if v.blob not in known or verify]
        if missing:
            texts = self.texts(missing)
            counter = _Counter(self.settings, verify=verify)
            for blob in dict.fromkeys(missing):
                if blob in texts:
                    known[blob] = counter.tally(texts[blob])
            cache.save(known)
        return [
            Snapshot(**{f.name: getattr(v, f.name) for f in dataclasses.fields(v)},
                     counts=known[v.blob])
            for v in versions
            if v.blob in known
        ]  # fmt: skip

    def documents(self) -> Iterator[tuple[Version, Document]]:
        """Every version with its items, oldest first (for `log`)."""
        texts = self.texts(v.blob for v in self.versions)
        counter = _Counter(self.settings)
        for version in self.versions:
            if version.blob in texts:
                yield version, counter.document(texts[version.blob])


def last_per_day(versions: Sequence[V]) -> list[V]:
    """The version that ends each day: the last by committer time (git's order on ties)."""
    ordered = sorted(enumerate(versions), key=lambda iv: (iv[1].timestamp, iv[0]))
    by_day: dict[dt.date, V] = {}
    for _, version in ordered:
        by_day[version.date] = version
    return [by_day[day] for day in sorted(by_day)]


def open_history(path: Path, today: dt.date | None = None) -> History:
    return History(path, today)


def snapshots(path: Path, today: dt.date | None = None, *, per_day: bool = False) -> list[Snapshot]:
    """Every version of the tracker at `path` (oldest first), with its counts."""
    return History(path, today).snapshots(per_day=per_day)


def _open_repo(path: Path) -> Repo:
    try:
        import git
    except ImportError as error:  # GitPython imports fail when no git executable exists
        raise BadInput(f"git is not available ({error}); burndown needs git history") from None
    folder = path if path.is_dir() else path.parent
    folder = folder.resolve() if folder.exists() else folder
    try:
        return git.Repo(folder, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise BadInput(
            f"not a git repository: {folder}; burndown needs history (run it inside a git clone)"
        ) from None


def _stderr(error: Any) -> str:
    text = str(getattr(error, "stderr", "") or error).strip()
    return text.splitlines()[-1] if text else "unknown error"


def _cat_file(root: Path, requests: list[str], *, check: bool = False) -> dict[str, bytes]:
    """Answer many object requests through one `git cat-file --batch` process.

    `check`: `--batch-check`, mapping each request to its object id instead of its content.
    """
    if not requests:
        return {}
    process = subprocess.Popen(
        ["git", "cat-file", "--batch-check" if check else "--batch"],
        cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    assert process.stdin is not None and process.stdout is not None
    stdin = process.stdin
    payload = "".join(f"{r}\n" for r in requests).encode()

    def feed() -> None:  # a thread, so that a full output pipe never blocks our writes
        with contextlib.suppress(BrokenPipeError):
            stdin.write(payload)
        with contextlib.suppress(BrokenPipeError):
            stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    result: dict[str, bytes] = {}
    stdout = process.stdout
    for request in requests:
        header = stdout.readline()
        if not header:
            break
        parts = header.split()
        if len(parts) < 3 or parts[1] == b"missing":
            continue
        if check:
            result[request] = parts[0]
            continue
        size = int(parts[2])
        data = stdout.read(size)
        stdout.read(1)  # the newline after the content
        if parts[1] == b"blob":
            result[request] = data
    writer.join()
    stdout.close()
    process.wait()
    return result


# -- cache ----------------------------------------------------------------------------------


def _fingerprint() -> str:
    """A digest of the code that decides counts: a change of it (or of the version) is a miss."""
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in ("model", "source", "vocab", "config", "parse", "derive", "history"):
        with contextlib.suppress(OSError):
            digest.update((here / f"{name}.py").read_bytes())
    return digest.hexdigest()


class _Cache:
    """Counts per blob id in `.git/trackmd/`; deleting it only costs time."""

    def __init__(self, git_dir: Path, settings: Settings) -> None:
        key = f"{CACHE_SCHEMA}|{__version__}|{settings!r}|{_fingerprint()}"
        self.key = hashlib.sha256(key.encode()).hexdigest()
        self.path = git_dir / "trackmd" / f"counts-{self.key[:16]}.json"
        self.loaded: dict[str, Tally] = {}

    def load(self) -> dict[str, Tally]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("key") == self.key:
                self.loaded = {b: Tally.from_list(v) for b, v in data["counts"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.loaded = {}  # missing or damaged: recount
        return dict(self.loaded)

    def save(self, counts: dict[str, Tally]) -> None:
        if counts.keys() <= self.loaded.keys():
            return
        payload = {"key": self.key, "counts": {b: t.as_list() for b, t in counts.items()}}
        with contextlib.suppress(OSError):  # a read-only .git only costs time on the next run
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".counts-", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(payload, handle, separators=(",", ":"))
                Path(tmp).replace(self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    Path(tmp).unlink()
                raise


# -- counting with the last parse re-used ---------------------------------------------------


def _split(text: str) -> tuple[list[str], list[str]]:
    parts = _NEWLINE.split(text)
    return parts[0::2], parts[1::2]


_INERT = frozenset(" \t%/.,:;+-=#()█▓▒░■□\ufe0f\u200d")
_HTML_ENDS = ("-->", "<!--", "?>", "]]>")


@dataclass
class _Baseline:
    """A fully parsed version, and the lines whose edits cannot change its structure."""

    doc: Document
    lines: list[str]  # of the version last counted from this parse
    seps: list[str]
    items: list[Item]  # with the states of the version last counted
    markers: dict[int, list[tuple[int, int]]]  # line -> (column, item index) of checkboxes
    tails: dict[int, int]  # line -> column from which the rest of the line is a derived value
    counted: frozenset[int]  # indexes of the items that count
    tally: Tally
    by_delta: bool  # counts follow exactly from the state changes (integral points)


class _Counter:
    """Counts a sequence of texts, parsing fully only when the structure may have changed.

    A text whose lines all equal the last parsed text's but for (a) checkbox markers of its
    checkbox items, changed to another known marker, or (b) the rest of a line after the start
    of a derived value (a Progress / Last updated field, a roll-up Status field of a section
    that has items, a progress bar) parses to the same sections, items, tables and settings
    with only those items' states changed, because:

    - markdown-it's block structure depends on a line's start, on blank lines, and on a few
      characters anywhere in a line (`|` for tables, `]:` reference definitions, HTML block
      ends, fence characters); (a) changes one character inside `[ ]` of a list item and (b)
      only changes characters outside those sets, after a non-blank start that stays;
    - the lines that decide items (list item starts, headings, table rows), the front matter,
      and colour legends (`🟡 In Progress`) never take a (b) edit;
    - counts read items, sections, settings and labelled lists only (`derive.Counts`).

    `verify=True` checks every shortcut against the full parser (the tests use it).
    """

    def __init__(self, settings: Settings, *, verify: bool = False) -> None:
        from trackmd.parse import MARKERS

        self.settings = settings
        self.verify = verify
        self.markers = MARKERS
        self.base: _Baseline | None = None
        self.full_parses = 0

    def tally(self, text: str) -> Tally:
        base = self._step(text)
        return base.tally

    def document(self, text: str) -> Document:
        base = self._step(text)
        return dataclasses.replace(base.doc, text=text, items=tuple(base.items))

    # ---------------------------------------------------------------------------------------

    def _step(self, text: str) -> _Baseline:
        base = self.base
        if base is not None:
            lines, seps = _split(text)
            changes = self._changes(base, lines, seps)
            if changes is not None:
                self._apply(base, lines, seps, changes)
                if self.verify:
                    self._check(base, text)
                return base
        self.base = self._parse(text)
        return self.base

    def _parse(self, text: str) -> _Baseline:
        from trackmd.parse import parse

        self.full_parses += 1
        doc = parse(text, "", self.settings)
        lines, seps = _split(text)
        starts = [0]
        for line, sep in zip(lines, seps, strict=False):
            starts.append(starts[-1] + len(line) + len(sep))
        markers: dict[int, list[tuple[int, int]]] = {}
        for index, item in enumerate(doc.items):
            span = item.state_span
            if item.kind is ItemKind.CHECKBOX and span.end - span.start == 1:
                col = span.start - starts[item.line]
                if lines[item.line][col : col + 1] == item.marker and item.marker in self.markers:
                    markers.setdefault(item.line, []).append((col, index))
        numbers = {item.number: i for i, item in enumerate(doc.items)}
        counted_items = frozenset(numbers[item.number] for item in counted(doc))
        by_delta = all(s.points is None for s in doc.sections) and all(
            doc.items[i].points is None or float(doc.items[i].points or 0).is_integer()
            for i in counted_items
        )
        return _Baseline(
            doc, lines, seps, list(doc.items), markers, _tails(doc, lines, starts),
            counted_items, tally(doc), by_delta,
        )  # fmt: skip

    def _changes(self, base: _Baseline, lines: list[str], seps: list[str]) -> dict[int, str] | None:
        """New checkbox markers by item index when `lines` differ from the base only in safe
        ways; None when the text needs a full parse."""
        old = base.lines
        if len(lines) != len(old) or seps != base.seps:
            return None
        states: dict[int, str] = {}
        for i in [i for i in range(len(old)) if old[i] != lines[i]]:
            a, b = old[i], lines[i]
            marks = base.markers.get(i)
            if marks is not None and len(a) == len(b):
                cols = dict(marks)
                for k in range(len(a)):
                    if a[k] == b[k]:
                        continue
                    index = cols.get(k)
                    if index is None or b[k] not in self.markers:
                        return None
                    states[index] = b[k]
                continue
            col = base.tails.get(i)
            if col is None or not _inert_edit(a, b, col):
                return None
        return states

    def _apply(
        self, base: _Baseline, lines: list[str], seps: list[str], marks: dict[int, str]
    ) -> None:
        base.lines, base.seps = lines, seps
        changes: list[tuple[Item, Item]] = []
        for index, mark in marks.items():
            before = base.items[index]
            if before.marker != mark:
                after = dataclasses.replace(before, state=self.markers[mark], marker=mark)
                base.items[index] = after
                if after.state is not before.state and index in base.counted:
                    changes.append((before, after))
        if not changes:
            return
        if base.by_delta:
            base.tally = _delta(base.tally, changes)
        else:
            base.tally = tally(dataclasses.replace(base.doc, items=tuple(base.items)))

    def _check(self, base: _Baseline, text: str) -> None:
        from trackmd.parse import parse

        full = parse(text, "", self.settings)
        fast = [
            (i.number, i.id, i.text, i.state, i.section, i.parent, i.points) for i in base.items
        ]
        slow = [
            (i.number, i.id, i.text, i.state, i.section, i.parent, i.points) for i in full.items
        ]
        if fast != slow or base.tally != tally(full):
            raise AssertionError(f"history fast path disagrees with the parser: {base.tally} "
                                 f"!= {tally(full)}")  # fmt: skip


def _delta(current: Tally, changes: list[tuple[Item, Item]]) -> Tally:
    done, remaining, total = current.done, current.remaining, current.total
    points_done, points_total = current.points_done, current.points_total
    for before, after in changes:
        points = after.points or 0.0
        d = (after.state is State.DONE) - (before.state is State.DONE)
        t = (after.state is not State.CANCELLED) - (before.state is not State.CANCELLED)
        done += d
        remaining += (after.state in _REMAINING) - (before.state in _REMAINING)
        total += t
        points_done += points * d
        points_total += points * t
    return Tally(done, remaining, total, points_done, points_total)


def _tails(doc: Document, lines: list[str], starts: list[int]) -> dict[int, int]:
    """Lines ending in a derived value, and the column where that value starts."""
    from trackmd.parse import PROGRESS_KEYS, STATUS_KEYS, UPDATED_KEYS

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
    from trackmd.vocab import COLOURS, is_emoji_char

    if a[:col] != b[:col] or not a[col:].strip() or not b[col:].strip():
        return False
    if any(c in COLOURS for c in a) or any(c in COLOURS for c in b) or "]:" in b:
        return False
    p = 0
    limit = min(len(a), len(b))
    while p < limit and a[p] == b[p]:
        p += 1
    s = 0
    while s < limit - p and a[-1 - s] == b[-1 - s]:
        s += 1
    mid_a, mid_b = a[p : len(a) - s], b[p : len(b) - s]
    for ch in mid_a + mid_b:
        if not (ch.isalnum() or ch in _INERT or is_emoji_char(ch)):
            return False
    if mid_a.count("(") != mid_b.count("(") or mid_a.count(")") != mid_b.count(")"):
        return False
    return all(a.count(end) == b.count(end) for end in _HTML_ENDS)


# -- log ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """An item's state changing in one version."""

    version: Version
    before: State | None  # None: the item did not exist
    after: State | None  # None: the item was removed
    text: str


def _norm(text: str) -> str:
    from trackmd.vocab import strip_emoji_edges, strip_markup

    return " ".join(strip_emoji_edges(strip_markup(text)).casefold().split())


def _key(item: Item) -> str:
    return f"id:{item.id.casefold()}" if item.id else f"text:{_norm(item.text)}"


def resolve(doc: Document, ref: str) -> Item:
    """An item of `doc` by explicit ID, `#N`/`N`, or a unique case-insensitive text match."""
    ref = ref.strip()
    by_id = [i for i in doc.items if i.id and i.id.casefold() == ref.casefold()]
    if by_id:
        return by_id[0]
    number = ref.removeprefix("#")
    if number.isdigit():
        matches = [i for i in doc.items if i.number == int(number)]
        if matches:
            return matches[0]
    wanted = _norm(ref)
    exact = [i for i in doc.items if _norm(i.text) == wanted]
    found = exact or [i for i in doc.items if wanted and wanted in _norm(i.text)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise BadInput(f"{doc.path}: no item matches {ref!r} (use an ID, #N, or part of its text)")
    listed = "; ".join(f"#{i.number} {i.text[:40]}" for i in found[:5])
    raise BadInput(f"{doc.path}: {ref!r} matches {len(found)} items ({listed}); be more precise")


def log(path: Path, ref: str, today: dt.date | None = None) -> tuple[Item, list[Change]]:
    """When the item named by `ref` changed state, in which commit, by whom (oldest first).

    The item is resolved in the latest version and followed back by its explicit ID, else by
    its normalized text.
    """
    history = History(path, today)
    versions = list(history.documents())
    if not versions:
        raise BadInput(f"{path}: no history to read")
    latest = dataclasses.replace(versions[-1][1], path=str(path))
    item = resolve(latest, ref)
    key = _key(item)
    changes: list[Change] = []
    previous: State | None = None
    for version, doc in versions:
        matches = [i for i in doc.items if _key(i) == key]
        state = matches[0].state if matches else None
        if state is not previous:
            text = matches[0].text if matches else item.text
            changes.append(Change(version, previous, state, text))
        previous = state
    return item, changes
