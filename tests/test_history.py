"""History from real temporary git repositories: versions, counts, cache, fast path, log."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import git_env, seed_files
from trackmd.core.errors import BadInput
from trackmd.core.model import Settings, State
from trackmd.core.parse import parse
from trackmd.git.blobs import stream
from trackmd.history.align import align, align_in_place, align_stepwise, split
from trackmd.history.counter import Counter
from trackmd.history.itemlog import log
from trackmd.history.tally import tally
from trackmd.history.versions import History

ALICE = ("Alice Martin", "alice@example.com")
BOB = ("Bob Nguyen", "bob@example.com")


@pytest.fixture(autouse=True)
def _clean_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside a git hook these would point the code under test at another repository."""
    for name in ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_COMMON_DIR"):
        monkeypatch.delenv(name, raising=False)


def git_in(
    repo: Path, *args: str, date: str = "2026-11-02T10:00:00+00:00", who: tuple[str, str] = ALICE
) -> str:
    env = git_env(date)
    env.update(
        GIT_AUTHOR_NAME=who[0], GIT_AUTHOR_EMAIL=who[1],
        GIT_COMMITTER_NAME=who[0], GIT_COMMITTER_EMAIL=who[1],
    )  # fmt: skip
    out = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, check=True)
    return out.stdout.decode()


def commit(
    repo: Path, name: str, text: str | bytes, date: str, who: tuple[str, str] = ALICE
) -> str:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    git_in(repo, "add", name, date=date, who=who)
    git_in(repo, "commit", "-q", "-m", f"edit {name} {date}", date=date, who=who)
    return git_in(repo, "rev-parse", "HEAD").strip()


def tracker(states: str, extra: str = "") -> str:
    """A small tracker; `states` gives one checkbox marker per item."""
    lines = ["# Tracker", "", "## Work", ""]
    lines += [f"- [{mark}] T-{n} task number {n}" for n, mark in enumerate(states, start=1)]
    return "\n".join(lines) + "\n" + extra


# -- versions -----------------------------------------------------------------------------


def test_versions_follow_renames_and_carry_committer_local_dates(repo: Path) -> None:
    commit(repo, "TODO.md", tracker("  "), "2026-11-02T09:00:00+00:00")
    git_in(repo, "mv", "TODO.md", "docs-PLAN.md", date="2026-11-03T09:00:00+00:00")
    git_in(repo, "commit", "-q", "-m", "rename", date="2026-11-03T09:00:00+00:00")
    last = commit(repo, "docs-PLAN.md", tracker("x "), "2026-11-03T23:30:00-05:00")
    history = History(repo / "docs-PLAN.md", dt.date(2026, 11, 4))
    assert [v.path for v in history.versions] == ["TODO.md", "docs-PLAN.md", "docs-PLAN.md"]
    assert [v.subject for v in history.versions][1] == "rename"
    assert history.versions[-1].sha == last
    # 23:30 at UTC-5 is the next day in UTC: the committer's own date counts
    assert history.versions[-1].date == dt.date(2026, 11, 3)
    counts = [s.counts for s in history.snapshots()]
    assert [(c.done, c.remaining, c.total) for c in counts] == [(0, 2, 2), (0, 2, 2), (1, 1, 2)]
    assert history.warnings == []


def test_uncommitted_change_is_a_version_dated_today(repo: Path) -> None:
    commit(repo, "TODO.md", tracker("   "), "2026-11-02T09:00:00+00:00")
    history = History(repo / "TODO.md", dt.date(2026, 11, 5))
    assert len(history.versions) == 1  # clean working tree: nothing uncommitted
    (repo / "TODO.md").write_text(tracker("x/-"))
    history = History(repo / "TODO.md", dt.date(2026, 11, 5))
    today = history.versions[-1]
    assert (today.sha, today.date, today.committed) == ("", dt.date(2026, 11, 5), False)
    counts = history.snapshots()[-1].counts
    assert (counts.done, counts.remaining, counts.total) == (1, 1, 2)


def test_works_from_a_subfolder_and_through_relative_paths(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commit(repo, "plans/ROADMAP.md", tracker("x "), "2026-11-02T09:00:00+00:00")
    monkeypatch.chdir(repo / "plans")
    history = History(Path("ROADMAP.md"), dt.date(2026, 11, 2))
    assert history.rel == "plans/ROADMAP.md"
    assert history.snapshots()[0].counts.done == 1


def test_blobs_stream_in_order_and_a_reader_may_stop_early(repo: Path) -> None:
    commit(repo, "TODO.md", tracker(" "), "2026-11-02T09:00:00+00:00")
    commit(repo, "TODO.md", tracker("x"), "2026-11-03T09:00:00+00:00")
    history = History(repo / "TODO.md", dt.date(2026, 11, 3))
    first, second = (v.blob for v in history.versions)
    tree = git_in(repo, "rev-parse", "HEAD^{tree}").strip()
    asked = [second, "0" * 40, tree, first, "no-such-name"]
    answers = list(stream(repo, asked))
    assert [request for request, _ in answers] == asked
    assert [data is None for _, data in answers] == [False, True, True, False, True]
    assert answers[0][1] == tracker("x").encode() and answers[3][1] == tracker(" ").encode()
    many = stream(repo, [first] * 5000)  # more answers than a pipe holds
    assert next(many) == (first, tracker(" ").encode())
    many.close()  # stops git without reading the rest, and does not hang
    assert history.texts([first, "0" * 40]) == {first: tracker(" ")}


def test_not_a_repository_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_text(tracker(" "))
    with pytest.raises(BadInput, match=r"not a git repository: .*burndown needs history"):
        History(path)


def test_untracked_file_is_bad_input(repo: Path) -> None:
    commit(repo, "README.md", "# readme\n", "2026-11-02T09:00:00+00:00")
    (repo / "TODO.md").write_text(tracker(" "))
    with pytest.raises(BadInput, match="not tracked by git"):
        History(repo / "TODO.md")


def test_missing_file_is_bad_input(repo: Path) -> None:
    commit(repo, "README.md", "# readme\n", "2026-11-02T09:00:00+00:00")
    with pytest.raises(BadInput, match="no such file"):
        History(repo / "NOPE.md")


def test_shallow_clone_gives_a_warning(repo: Path, tmp_path: Path) -> None:
    for day in range(2, 6):
        commit(
            repo, "TODO.md", tracker("x" * (day - 2) + " " * 4), f"2026-11-0{day}T09:00:00+00:00"
        )
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)],
        check=True, env=git_env(), capture_output=True,
    )  # fmt: skip
    history = History(clone / "TODO.md", dt.date(2026, 11, 6))
    assert len(history.versions) == 2
    assert len(history.warnings) == 1
    assert "shallow clone" in history.warnings[0]
    assert "git fetch --unshallow" in history.warnings[0]


def test_merge_commits_with_the_file_resolve_their_blob(repo: Path) -> None:
    commit(repo, "TODO.md", tracker("    "), "2026-11-02T09:00:00+00:00")
    git_in(repo, "checkout", "-q", "-b", "side")
    commit(repo, "TODO.md", tracker("x   "), "2026-11-03T09:00:00+00:00")
    git_in(repo, "checkout", "-q", "main")
    commit(repo, "TODO.md", tracker("   x"), "2026-11-03T10:00:00+00:00")
    git_in(repo, "merge", "-q", "--no-ff", "--no-commit", "side", date="2026-11-04T09:00:00+00:00")
    (repo / "TODO.md").write_text(tracker("x  x"))
    git_in(repo, "add", "TODO.md", date="2026-11-04T09:00:00+00:00")
    git_in(repo, "commit", "-q", "-m", "merge side", date="2026-11-04T09:00:00+00:00")
    history = History(repo / "TODO.md", dt.date(2026, 11, 4))
    merged = [s for s in history.snapshots() if s.subject == "merge side"]
    assert merged and merged[0].counts.done == 2


# -- counting: the same numbers as status -------------------------------------------------


EDITS = ("tick", "tick", "tick", "untick", "progress", "updated", "bar", "add", "remove",
         "retext", "heading", "cancel")  # fmt: skip


def _derived_tracker(rng: random.Random, items: int) -> list[str]:
    lines = ["# Big plan", "", "**Last Updated**: 2026-11-01", "**Overall Progress**: 0%", ""]
    lines += ["```", "Overall  ░░░░░░░░░░ 0%", "```", ""]
    for section in range(1, 4):
        lines += [f"## Phase {section}", "", "**Status**: Open", f"**Progress**: 0/{items}", ""]
        for n in range(items):
            points = f" ({rng.randint(1, 5)} pts)" if rng.random() < 0.5 else ""
            lines.append(f"- [ ] P{section}-{n} do thing {n}{points}")
        lines.append("")
    return lines


def _edit(rng: random.Random, lines: list[str], kind: str) -> None:
    boxes = [i for i, line in enumerate(lines) if line.startswith("- [")]
    if kind in ("tick", "untick", "cancel") and boxes:
        i = rng.choice(boxes)
        mark = {"tick": rng.choice("xX/!"), "untick": " ", "cancel": "-"}[kind]
        lines[i] = lines[i][:3] + mark + lines[i][4:]
    elif kind == "progress":
        i = rng.choice([i for i, line in enumerate(lines) if "Progress**:" in line])
        key, value = lines[i].split(": ", 1)
        a, b = rng.randint(0, 99), rng.randint(1, 99)
        lines[i] = f"{key}: {a}/{b}" if "/" in value else f"{key}: {a}%"
    elif kind == "updated":
        lines[2] = f"**Last Updated**: 2026-11-{rng.randint(10, 28)} {rng.choice(['', '10:15'])}"
    elif kind == "bar":
        fill = rng.randint(0, 10)
        lines[6] = f"Overall  {'█' * fill}{'░' * (10 - fill)} {fill * 10}%"
    elif kind == "add" and boxes:
        i = rng.choice(boxes)
        lines.insert(i + 1, f"- [ ] new task {rng.randint(0, 999)}")
    elif kind == "remove" and len(boxes) > 2:
        del lines[rng.choice(boxes)]
    elif kind == "retext" and boxes:
        i = rng.choice(boxes)
        lines[i] = lines[i] + " (reworded)"
    elif kind == "heading":
        i = rng.choice([i for i, line in enumerate(lines) if line.startswith("## ")])
        lines[i] = lines[i] + rng.choice([" ✅", " 🚧", ""])
    statuses = [i for i, line in enumerate(lines) if line.startswith("**Status**")]
    if statuses and rng.random() < 0.3:
        lines[rng.choice(statuses)] = (
            f"**Status**: {rng.choice(['Open', 'In Progress', 'Done ✅'])}"
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_history_counts_equal_a_full_parse_of_every_version(repo: Path, seed: int) -> None:
    rng = random.Random(seed)
    lines = _derived_tracker(rng, 6)
    shas = []
    for n in range(40):
        before = list(lines)
        while n and lines == before:  # every commit changes the file
            _edit(rng, lines, rng.choice(EDITS))
        day = dt.date(2026, 11, 1) + dt.timedelta(days=n // 3)
        shas.append(commit(repo, "PLAN.md", "\n".join(lines), f"{day}T{10 + n % 3}:00:00+00:00"))
    history = History(repo / "PLAN.md", dt.date(2026, 12, 31))
    snaps = history.snapshots(verify=True)  # every shortcut checked against the parser
    assert [s.sha for s in snaps] == shas
    for snap in snaps:
        text = git_in(repo, "show", f"{snap.sha}:PLAN.md")
        assert snap.counts == tally(parse(text, "", history.settings))
    # the cache serves the next run, with the same numbers
    again = History(repo / "PLAN.md", dt.date(2026, 12, 31)).snapshots()
    assert [s.counts for s in again] == [s.counts for s in snaps]
    assert list((repo / ".git" / "trackmd").glob("counts-*.json"))


def test_per_day_snapshots_keep_the_last_commit_of_each_day(repo: Path) -> None:
    commit(repo, "TODO.md", tracker("   "), "2026-11-02T09:00:00+00:00")
    commit(repo, "TODO.md", tracker("x  "), "2026-11-02T18:00:00+00:00")
    commit(repo, "TODO.md", tracker("xx "), "2026-11-02T12:00:00+00:00")  # committed out of order
    commit(repo, "TODO.md", tracker("xxx"), "2026-11-04T09:00:00+00:00")
    snaps = History(repo / "TODO.md", dt.date(2026, 11, 4)).snapshots(per_day=True)
    assert [(s.date.day, s.counts.done) for s in snaps] == [(2, 1), (4, 3)]


def test_cache_is_keyed_by_settings_and_survives_damage(repo: Path) -> None:
    commit(repo, "TODO.md", tracker("x "), "2026-11-02T09:00:00+00:00")
    first = History(repo / "TODO.md").snapshots()
    caches = list((repo / ".git" / "trackmd").glob("counts-*.json"))
    assert len(caches) == 1
    caches[0].write_text("{not json")
    assert History(repo / "TODO.md").snapshots() == first
    other = History(repo / "TODO.md", settings=Settings(count="all")).snapshots()
    assert [s.counts for s in other] == [s.counts for s in first]
    assert len(list((repo / ".git" / "trackmd").glob("counts-*.json"))) == 2


def test_the_log_is_read_again_when_head_moves(repo: Path) -> None:
    commit(repo, "TODO.md", tracker("  "), "2026-11-02T09:00:00+00:00")
    assert len(History(repo / "TODO.md").versions) == 1
    assert len(History(repo / "TODO.md").versions) == 1  # from the cache this time
    sha = commit(repo, "TODO.md", tracker("x "), "2026-11-03T09:00:00+00:00")
    again = History(repo / "TODO.md")
    assert [v.sha for v in again.versions][-1] == sha
    assert again.snapshots()[-1].counts.done == 1


def test_history_counts_equal_a_full_parse_on_the_seeds(repo: Path) -> None:
    seeds = seed_files()
    if not seeds:
        pytest.skip("../shared/seeds is absent")
    for number, path in enumerate(seeds):
        name = f"seed{number}-TRACKER.md"
        lines = path.read_bytes().decode("utf-8").split("\n")
        rng = random.Random(number)
        for n in range(8):
            boxes = [i for i, line in enumerate(lines) if line.lstrip().startswith(("- [", "* ["))]
            if boxes and n:
                i = rng.choice(boxes)
                at = lines[i].index("[") + 1
                mark = rng.choice([m for m in " x/" if m != lines[i][at]])
                lines[i] = lines[i][:at] + mark + lines[i][at + 1 :]
            elif n:
                lines.append(f"Note {n}.")
            commit(repo, name, "\n".join(lines).encode(), f"2026-11-{2 + n:02d}T09:00:00+00:00")
        history = History(repo / name, dt.date(2026, 12, 1))
        for snap in history.snapshots(verify=True):
            text = git_in(repo, "show", f"{snap.sha}:{name}")
            assert snap.counts == tally(parse(text, "", history.settings)), name


# -- the fast path, without git -----------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32), st.lists(st.sampled_from(EDITS), max_size=25))
def test_fast_path_agrees_with_the_parser(seed: int, kinds: list[str]) -> None:
    rng = random.Random(seed)
    lines = _derived_tracker(rng, 4)
    counter = Counter(Settings(), verify=True)
    counter.tally("\n".join(lines))
    for kind in kinds:
        _edit(rng, lines, kind)
        text = "\n".join(lines)
        assert counter.tally(text) == tally(parse(text))
        assert [i.state for i in counter.document(text).items] == [
            i.state for i in parse(text).items
        ]


def _cut(pieces: list[Any]) -> list[str]:
    """The chunks as split("\\n\\n") gives them: text, without their separators."""
    texts = [p.decode() if isinstance(p, bytes) else p for p in pieces]
    assert all(t.endswith("\n\n") for t in texts[:-1])
    return [t[:-2] for t in texts[:-1]] + texts[-1:]


WORDS = ["a", "b", "", "\n", "- [ ] c", "é █", "x\n"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=12),
    st.lists(st.tuples(st.integers(0, 12), st.sampled_from([*WORDS, None])), max_size=3),
    st.booleans(),
    st.booleans(),
)
def test_split_re_using_the_last_texts_chunks_gives_its_lines(
    words: list[str], edits: list[tuple[int, str | None]], before_bytes: bool, as_bytes: bool
) -> None:
    before = "\n".join(words)
    for at, word in edits:  # the next version: a few lines replaced, inserted or removed
        if word is None:
            if words:
                del words[at % len(words)]
        elif at % 2 and words:
            words[at % len(words)] = word
        else:
            words.insert(at % (len(words) + 1), word)
    text = "\n".join(words)
    old_lines, _, known, _ = split(before.encode() if before_bytes else before)
    lines, seps, chunks, patch = split(text.encode() if as_bytes else text, known)
    assert lines == text.split("\n") and seps == ["\n"] * (len(lines) - 1)
    assert chunks.lines is lines
    assert _cut(chunks.pieces) == text.split("\n\n")
    assert [part[1:] if n else part for n, part in enumerate(chunks.parts)] == [
        p.split("\n") for p in text.split("\n\n")
    ]
    assert chunks.starts == [
        sum(len(part) for part in chunks.parts[:n]) for n in range(len(chunks.parts))
    ]
    if patch is not None:  # the lines outside the patch are the last text's, in place
        outside = set(range(len(lines))) - {k for start, end in patch for k in range(start, end)}
        assert len(lines) == len(old_lines)
        assert all(lines[k] is old_lines[k] for k in outside)


@pytest.mark.parametrize(
    ("before", "text"),
    [
        ("a\n\nb\n", "a\n\nb\n\n\nc"),  # the last chunk ended in a newline: now it is cut there
        ("a\n\nb", "x\n\nb"),
        ("a\n\nb", "a\n\n\nb"),
        ("a\n\nb\n\n", "a\n\nb\n\nc"),
    ],
)
def test_split_re_uses_chunks_only_where_the_text_is_cut_there(before: str, text: str) -> None:
    for kind in (str, bytes):
        _, _, known, _ = split(before.encode() if kind is bytes else before)
        lines, _, chunks, _ = split(text.encode() if kind is bytes else text, known)
        assert lines == text.split("\n")
        assert _cut(chunks.pieces) == text.split("\n\n")


@given(
    st.lists(st.sampled_from("abcd"), max_size=30),
    st.lists(st.tuples(st.sampled_from(["mod", "ins", "del"]), st.integers(0, 30)), max_size=6),
)
def test_align_in_place_finds_what_the_stepwise_alignment_finds(
    old: list[str], edits: list[tuple[str, int]]
) -> None:
    new = list(old)
    for kind, at in edits:
        if kind == "mod" and new:
            new[at % len(new)] = "x"
        elif kind == "ins":
            new.insert(at % (len(new) + 1), "y")
        elif kind == "del" and new:
            del new[at % len(new)]
    assert align(old, new) == align_stepwise(old, new)
    if len(old) == len(new):
        in_place = align_in_place(old, new)
        assert in_place is None or in_place == align_stepwise(old, new)
        patch = [(k, k + 1) for k in range(len(old)) if old[k] != new[k]]  # what differs
        assert align(old, new, patch) == align(old, new)


MESSY = """---
trackmd: {done_when: "Acceptance Criteria"}
---
# Messy

**Last Updated**: 2026-11-01
**Progress**: 1/9 (11%)

## Story 1 (5 pts)

**Status**: In Progress

**Acceptance Criteria:**
- [x] criterion one
- [ ] criterion two (0.5 pts)

### Tasks

- [ ] parent task
  - [x] sub one
  - [ ] sub two
- [/] loose item

  a continuation paragraph
- [!] blocked item (1.3 pts)

> - [ ] quoted item
> - [x] quoted done

1. [ ] first numbered
2. [x] second numbered

```
- [ ] not an item, in a fence
```

| Task | Status |
|------|--------|
| Row one | Done |
| Row two | Todo |

## Story 2

- [ ] lonely
"""

LINES_TO_INSERT = ["- [ ] inserted", "  - [x] inserted sub", "- [x] T-99 inserted with id (2 pts)",
                   "", "plain text", "- [ ] 🟢 Done colour", "* [ ] other bullet", "> - [ ] q",
                   "- [-] cancelled new", "**Progress**: 9/9 (100%)"]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fast_path_agrees_with_the_parser_on_arbitrary_line_edits(data: st.DataObject) -> None:
    lines = MESSY.split("\n")
    counter = Counter(Settings(), verify=True)  # raises when a shortcut disagrees
    counter.tally("\n".join(lines))
    for _ in range(data.draw(st.integers(1, 6))):
        for _ in range(data.draw(st.integers(1, 3))):
            at = data.draw(st.integers(0, len(lines) - 1))
            kind = data.draw(st.sampled_from(["insert", "delete", "mark", "append", "digits"]))
            if kind == "insert":
                lines.insert(at, data.draw(st.sampled_from(LINES_TO_INSERT)))
            elif kind == "delete" and len(lines) > 1:
                del lines[at]
            elif kind == "mark" and "[" in lines[at]:
                k = lines[at].index("[") + 1
                if k < len(lines[at]):
                    lines[at] = (
                        lines[at][:k] + data.draw(st.sampled_from(" xX/!-?")) + lines[at][k + 1 :]
                    )
            elif kind == "append":
                lines[at] += data.draw(
                    st.sampled_from([" more", " | pipe", " (3 pts)", " 🟡 x", "**"])
                )
            elif kind == "digits":
                lines[at] = "".join(str((int(c) + 1) % 10) if c.isdigit() else c for c in lines[at])
        text = "\n".join(lines)
        as_read = text.encode() if data.draw(st.booleans()) else text  # git's bytes, or text
        assert counter.tally(as_read) == tally(parse(text))


def test_fast_path_skips_the_parser_for_ticks_and_derived_values() -> None:
    rng = random.Random(7)
    lines = _derived_tracker(rng, 5)
    counter = Counter(Settings())
    counter.tally("\n".join(lines))
    kinds = ("tick", "progress", "updated", "bar", "untick", "cancel", "add", "remove", "retext")
    for kind in kinds * 3:
        _edit(rng, lines, kind)
        counter.tally("\n".join(lines))
    assert counter.full_parses == 1
    at = lines.index("## Phase 2") - 1  # two items at the end of a list, in one version
    lines[at:at] = ["- [ ] first of two (2 pts)", "- [x] second of two"]
    counter.tally("\n".join(lines))
    assert counter.full_parses == 1
    lines.insert(lines.index("## Phase 2"), "## A new section")
    counter.tally("\n".join(lines))
    assert counter.full_parses == 2


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # a field value that grows a table pipe, a reference definition or a colour legend
        ("**Progress**: 1/2\n", "**Progress**: 1/2 | x\n"),
        ("[a]: /url\n**Progress**: 1/2\n", "[a]: /url\n**Progress**: 1/3\n"),
        ("**Progress**: 🟡 In Progress\n", "**Progress**: 🟡 Done\n"),
        # a Status field of a section without items is that section's state
        ("## A\n\n**Status**: Open\n", "## A\n\n**Status**: Done\n"),
        # front matter
        (
            "---\ntrackmd: {count: top}\n---\n- [ ] a\n",
            "---\ntrackmd: {count: all}\n---\n- [ ] a\n",
        ),
    ],
)
def test_fast_path_refuses_edits_that_may_change_structure(before: str, after: str) -> None:
    counter = Counter(Settings(), verify=True)
    counter.tally(before)
    counter.tally(after)
    assert counter.full_parses == 2


# -- log ----------------------------------------------------------------------------------


@pytest.fixture
def ticked(repo: Path) -> Iterator[tuple[Path, list[str]]]:
    shas = [
        commit(repo, "TODO.md", tracker("   "), "2026-11-02T09:00:00+00:00", ALICE),
        commit(repo, "TODO.md", tracker(" x "), "2026-11-03T09:00:00+00:00", ALICE),
        commit(repo, "TODO.md", tracker("xx "), "2026-11-04T09:00:00+00:00", BOB),
        commit(repo, "TODO.md", tracker("x  "), "2026-11-05T09:00:00+00:00", BOB),
    ]
    yield repo / "TODO.md", shas


def test_log_names_the_commit_and_author_of_a_tick_and_an_untick(
    ticked: tuple[Path, list[str]],
) -> None:
    path, shas = ticked
    item, changes = log(path, "T-2")
    assert item.id == "T-2"
    assert [(c.version.sha, c.version.author, c.before, c.after) for c in changes] == [
        (shas[0], ALICE[0], None, State.OPEN),
        (shas[1], ALICE[0], State.OPEN, State.DONE),
        (shas[3], BOB[0], State.DONE, State.OPEN),
    ]
    _, first = log(path, "task number 1")
    assert [(c.version.sha, c.version.email, c.after) for c in first][1:] == [
        (shas[2], BOB[1], State.DONE)
    ]


def test_log_follows_an_item_by_text_when_it_has_no_id(repo: Path) -> None:
    commit(repo, "TODO.md", "- [ ] Write the docs\n- [ ] Ship\n", "2026-11-02T09:00:00+00:00")
    commit(repo, "TODO.md", "- [ ] New first\n- [x] Write the docs\n- [ ] Ship\n",
           "2026-11-03T09:00:00+00:00", BOB)  # fmt: skip
    (repo / "TODO.md").write_text("- [ ] New first\n- [/] Write the docs\n- [ ] Ship\n")
    _, changes = log(repo / "TODO.md", "write the DOCS", dt.date(2026, 11, 4))
    assert [(c.version.short, c.after) for c in changes][1:] == [
        (changes[1].version.sha[:7], State.DONE),
        ("uncommitted", State.IN_PROGRESS),
    ]
    assert changes[1].version.author == BOB[0]


def test_log_refuses_ambiguous_unknown_and_section_refs(ticked: tuple[Path, list[str]]) -> None:
    path, _ = ticked
    with pytest.raises(BadInput, match="matches 3 items"):
        log(path, "task number")
    with pytest.raises(BadInput):
        log(path, "deploy the moon")
    with pytest.raises(BadInput, match="names a section"):
        log(path, "Work")
    assert log(path, "#3")[0].text == "T-3 task number 3"
