"""The merge driver on real temporary git repositories: merges, rebases, fallbacks, install."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import subprocess
import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import seed_files
from trackmd.cli import app
from trackmd.core.derive import Wording
from trackmd.core.edit import out_of_date, plan, state_edit
from trackmd.core.model import ItemKind, State
from trackmd.core.parse import parse
from trackmd.io.clock import now_on, today_from
from trackmd.merge import driver as merge
from trackmd.merge import threeway
from trackmd.merge.attributes import install

TODAY = "2026-11-22"
PHASES = ("Foundation", "Parser", "Derived values", "Commands", "Release")
PER_PHASE = 8
NAME = "TRACKER.md"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No inherited git state (inside a hook GIT_DIR would point elsewhere), today pinned."""
    for key in list(os.environ):
        if key.startswith("GIT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("TRACKMD_TODAY", TODAY)


def tracker_text(done: Collection[int] = (), newline: str = "\n") -> str:
    """~40 items in phases, progress and status fields, a roll-up table, bars in a fenced
    block, Last Updated: every kind of derived line two branches would both rewrite."""
    lines = [
        "# Project Tracker", "",
        "**Last Updated**: 2026-11-01",
        "**Overall Progress**: 0/40 complete (0%)", "",
        "| Phase | Status | Progress | Done |", "|---|---|---|---|",
    ]  # fmt: skip
    for n, name in enumerate(PHASES, start=1):
        lines.append(f"| Phase {n}: {name} | Not Started | 0% | 0/{PER_PHASE} |")
    lines += [f"| Total | | 0% | 0/{PER_PHASE * len(PHASES)} |", "", "```"]
    lines += [f"Phase {n}  ░░░░░░░░░░░░░░░░░░░░ 0%" for n in range(1, len(PHASES) + 1)]
    lines += ["Overall  ░░░░░░░░░░░░░░░░░░░░ 0%", "```", ""]
    for n, name in enumerate(PHASES, start=1):
        lines += [f"## Phase {n}: {name}", "", "**Status**: Not Started",
                  f"**Progress**: 0/{PER_PHASE} complete (0%)", ""]  # fmt: skip
        for i in range(PER_PHASE):
            number = (n - 1) * PER_PHASE + i + 1
            mark = "x" if number in done else " "
            lines.append(f"- [{mark}] T-{number} task {number} of phase {n}")
        lines.append("")
    text = newline.join(lines)
    return plan(parse(text, NAME), today_from("2026-11-01")).text


# -- real repositories ----------------------------------------------------------------------


@dataclass
class Repo:
    path: Path
    clock: int = 0
    runner: CliRunner = field(default_factory=CliRunner)

    @property
    def tracker(self) -> Path:
        return self.path / NAME

    def env(self) -> dict[str, str]:
        self.clock += 1  # a minute per git command: fixed, increasing dates
        date = (
            dt.datetime(2026, 11, 10, tzinfo=dt.UTC) + dt.timedelta(minutes=self.clock)
        ).isoformat()
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(
            GIT_AUTHOR_NAME="Ada Tester", GIT_AUTHOR_EMAIL="ada@example.com",
            GIT_COMMITTER_NAME="Ada Tester", GIT_COMMITTER_EMAIL="ada@example.com",
            GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_CONFIG_NOSYSTEM="1",
            TRACKMD_TODAY=TODAY,
        )  # fmt: skip
        return env

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        out = subprocess.run(["git", *args], cwd=self.path, env=self.env(), capture_output=True,
                             text=True, check=False)  # fmt: skip
        if check and out.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
        return out

    def trackmd(self, *args: str, date: str | None = TODAY) -> str:
        """The real CLI, in process (fast), on this repository's tracker."""
        dated = [*args, "--date", date] if date else list(args)
        result = self.runner.invoke(app, dated, env={"NO_COLOR": "1", "COLUMNS": "120"})
        assert result.exit_code == 0, result.output
        return result.output

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def write(self, text: str) -> None:
        self.tracker.write_bytes(text.encode("utf-8"))

    def text(self) -> str:
        return self.tracker.read_bytes().decode("utf-8")

    def check(self) -> None:
        self.trackmd("check", str(self.tracker))


def make_repo(tmp_path: Path, text: str) -> Repo:
    """A repository with the driver installed as `trackmd hook install --merge-driver` does,
    and the tracker committed."""
    repo = Repo(tmp_path / "repo")
    repo.path.mkdir()
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.name", "Ada Tester")
    repo.git("config", "user.email", "ada@example.com")
    repo.git("config", "commit.gpgsign", "false")
    assert install(repo.path)
    repo.write(text)
    repo.commit("tracker")
    return repo


def items(text: str) -> dict[str, tuple[State, str]]:
    """Explicit ID → (state, text); other items by their text."""
    doc = parse(text, NAME)
    return {(i.id or i.text): (i.state, i.text) for i in doc.items}


def edit_item(repo: Repo, ident: str, suffix: str) -> None:
    """A hand edit of an item's text (then `trackmd sync`, as a careful person would)."""
    text, count = re.subn(rf"(?m)^(- \[.\] {re.escape(ident)} [^\r\n]*)", rf"\1{suffix}",
                          repo.text())  # fmt: skip
    assert count == 1
    repo.write(text)
    repo.trackmd("sync", str(repo.tracker))


def markers(text: str) -> int:
    return len(re.findall(r"(?m)^<<<<<<< ", text))


# -- the simulation -------------------------------------------------------------------------


@dataclass
class Side:
    name: str
    date: str
    tick: list[str] = field(default_factory=list)
    untick: list[str] = field(default_factory=list)
    edit: list[str] = field(default_factory=list)
    added: list[tuple[str, int]] = field(default_factory=list)  # text, phase

    def apply(self, repo: Repo) -> None:
        path = str(repo.tracker)
        if self.tick:
            repo.trackmd("done", *self.tick, "-f", path, date=self.date)
        if self.untick:
            repo.trackmd("undo", *self.untick, "-f", path, date=self.date)
        for ident in self.edit:
            edit_item(repo, ident, f" (revised by {self.name})")
        for text, phase in self.added:
            repo.trackmd("add", text, "--to", f"phase-{phase}", "-f", path, date=self.date)
        repo.check()  # each branch's derived values are right before the merge
        repo.commit(f"{self.name}: tick, untick, edit, add")


def plan_pair(n: int, done: set[int]) -> tuple[Side, Side]:
    """Two sides changing different random items (seeded): tick, untick, edit, add."""
    rng = random.Random(n)
    ids = list(range(1, PER_PHASE * len(PHASES) + 1))
    rng.shuffle(ids)
    open_ids = [i for i in ids if i not in done]
    done_ids = [i for i in ids if i in done]
    sides = (Side("ours", "2026-11-20"), Side("theirs", "2026-11-21"))
    for side in sides:
        side.tick = [f"T-{open_ids.pop()}" for _ in range(rng.randint(1, 4))]
        side.untick = [f"T-{done_ids.pop()}" for _ in range(rng.randint(1, 2))]
    for side in sides:
        used = {int(t[2:]) for s in sides for t in (*s.tick, *s.untick, *s.edit)}
        side.edit = [f"T-{rng.choice([i for i in ids if i not in used])}"]
        side.added = [(f"{side.name} item {n}", rng.randint(1, len(PHASES)))]
    return sides


def expected(base: str, ours: Side, theirs: Side) -> dict[str, tuple[State, str]]:
    want = items(base)
    for side in (ours, theirs):
        for ident in side.tick:
            want[ident] = (State.DONE, want[ident][1])
        for ident in side.untick:
            want[ident] = (State.OPEN, want[ident][1])
        for ident in side.edit:
            want[ident] = (want[ident][0], f"{want[ident][1]} (revised by {side.name})")
        for text, _phase in side.added:
            want[text] = (State.OPEN, text)
    return want


def test_simulation_twenty_pairs_merge_clean_through_the_driver(tmp_path: Path) -> None:
    done = set(random.Random(99).sample(range(1, 41), 14))
    base = tracker_text(done)
    repo = make_repo(tmp_path, base)
    start = repo.git("rev-parse", "HEAD").stdout.strip()
    info = repo.path / ".git" / "info" / "attributes"
    plain_conflicts = on_counts = 0
    for n in range(20):
        ours, theirs = plan_pair(n, done)
        repo.git("checkout", "-q", "-b", f"theirs-{n}", start)
        theirs.apply(repo)
        repo.git("checkout", "-q", "-b", f"ours-{n}", start)
        ours.apply(repo)
        before_merge = repo.git("rev-parse", "HEAD").stdout.strip()

        merged = repo.git("merge", "--no-edit", f"theirs-{n}", check=False)
        assert merged.returncode == 0, f"pair {n}:\n{merged.stdout}{merged.stderr}"
        text = repo.text()
        assert markers(text) == 0
        assert items(text) == expected(base, ours, theirs), f"pair {n}"
        repo.check()  # every derived value right
        assert f"**Last Updated**: {TODAY}" in text  # the merge changed the file today
        assert repo.git("status", "--porcelain").stdout == ""

        # the same merge with git's own text merge: conflicts (the test can fail)
        repo.git("reset", "-q", "--hard", before_merge)
        info.write_text("* merge=text\n", encoding="utf-8")
        plain = repo.git("merge", "--no-edit", f"theirs-{n}", check=False)
        if plain.returncode != 0:
            plain_conflicts += 1
            hunks = re.findall(r"(?ms)^<<<<<<< .*?^>>>>>>> ", repo.text())
            # not only the Last Updated stamps: the counts, roll-up rows and bars too
            if any(re.search(r"Overall|\| Total|Progress\*\*: \d", h) for h in hunks):
                on_counts += 1
            repo.git("merge", "--abort")
        info.unlink()
    assert plain_conflicts == 20
    assert on_counts >= 15


# -- one scenario each ----------------------------------------------------------------------


def git_s_merge(repo: Repo, *style: str) -> bytes:
    """What `git merge-file` makes of the three versions git left in the index."""
    folder = repo.path.parent / "stages"
    folder.mkdir(exist_ok=True)
    for stage, name in ((1, "base"), (2, "ours"), (3, "theirs")):
        blob = subprocess.run(["git", "show", f":{stage}:{NAME}"], cwd=repo.path,
                              capture_output=True, check=True).stdout  # fmt: skip
        (folder / name).write_bytes(blob)
    out = subprocess.run(["git", "merge-file", "-p", *style, "-L", "ours", "-L", "base", "-L",
                          "theirs", "ours", "base", "theirs"], cwd=folder, capture_output=True,
                         check=False)  # fmt: skip
    assert out.returncode > 0
    return out.stdout


def branches(repo: Repo) -> str:
    start = repo.git("rev-parse", "HEAD").stdout.strip()
    repo.git("checkout", "-q", "-b", "other")
    return start


def test_a_real_text_conflict_keeps_markers_and_fails(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, tracker_text({1, 2}))
    start = branches(repo)
    edit_item(repo, "T-5", " with the new parser")
    repo.trackmd("done", "T-12", "-f", str(repo.tracker), date="2026-11-21")
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    assert repo.git("rev-parse", "HEAD").stdout.strip() == start
    edit_item(repo, "T-5", " with the old parser")
    repo.trackmd("done", "T-13", "-f", str(repo.tracker), date="2026-11-20")
    repo.commit("ours")
    merged = repo.git("merge", "--no-edit", "other", check=False)
    assert merged.returncode != 0
    assert "CONFLICT" in merged.stdout
    assert "resolve them, then run `trackmd sync TRACKER.md`" in merged.stderr
    text = repo.text()
    # a real conflict: exactly git's own merge, derived lines and all; nothing outside the
    # markers claims a count recomputed from a half-merged file
    assert repo.tracker.read_bytes() == git_s_merge(repo)
    hunks = re.findall(r"(?ms)^<<<<<<< ours\n(.*?)^=======\n(.*?)^>>>>>>> theirs\n", text)
    assert any(
        "- [ ] T-5 task 5 of phase 1 with the old parser\n" in mine
        and "- [ ] T-5 task 5 of phase 1 with the new parser\n" in yours
        for mine, yours in hunks
    )
    assert "- [x] T-12 " in text
    assert "- [x] T-13 " in text
    assert repo.git("ls-files", "-u").stdout.count(NAME) == 3  # unmerged in the index


def test_same_item_ticked_on_both_sides_is_clean(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, tracker_text())
    branches(repo)
    repo.trackmd("done", "T-3", "T-20", "-f", str(repo.tracker), date="2026-11-21")
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    repo.trackmd("done", "T-3", "T-4", "-f", str(repo.tracker), date="2026-11-20")
    repo.commit("ours")
    assert repo.git("merge", "--no-edit", "other", check=False).returncode == 0
    text = repo.text()
    assert {k for k, (s, _t) in items(text).items() if s is State.DONE} == {"T-3", "T-4", "T-20"}
    assert "**Overall Progress**: 3/40 complete (8%)" in text
    repo.check()


def test_same_item_to_different_states_is_a_conflict(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, tracker_text())
    branches(repo)
    repo.trackmd("block", "T-3", "-f", str(repo.tracker), date="2026-11-21")
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    repo.trackmd("done", "T-3", "-f", str(repo.tracker), date="2026-11-20")
    repo.commit("ours")
    assert repo.git("merge", "--no-edit", "other", check=False).returncode != 0
    text = repo.text()
    assert repo.tracker.read_bytes() == git_s_merge(repo)
    assert "<<<<<<< ours\n- [x] T-3 task 3 of phase 1\n=======\n- [!] T-3 " in text


def test_conflict_style_diff3_shows_the_ancestor(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, tracker_text())
    repo.git("config", "merge.conflictStyle", "diff3")
    branches(repo)
    edit_item(repo, "T-9", " in Rust")
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    edit_item(repo, "T-9", " in Go")
    repo.trackmd("done", "T-10", "-f", str(repo.tracker), date="2026-11-20")
    repo.commit("ours")
    assert repo.git("merge", "--no-edit", "other", check=False).returncode != 0
    assert repo.tracker.read_bytes() == git_s_merge(repo, "--diff3")
    assert (
        "<<<<<<< ours\n- [ ] T-9 task 9 of phase 2 in Go\n- [x] T-10 task 10 of phase 2\n"
        "||||||| base\n- [ ] T-9 task 9 of phase 2\n- [ ] T-10 task 10 of phase 2\n"
        "=======\n- [ ] T-9 task 9 of phase 2 in Rust\n- [ ] T-10 task 10 of phase 2\n"
        ">>>>>>> theirs\n"
    ) in repo.text()


def test_a_section_added_while_the_other_side_ticks_in_its_parent(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, tracker_text({9}))
    branches(repo)
    # theirs: a new subsection of Phase 2 (its items count toward Phase 2) and a new phase
    # with its roll-up row and bar, written by hand, then synced
    text = repo.text()
    sub = ("### Phase 2b: Tables\n\n**Progress**: 0/0 complete (0%)\n\n"
           "- [ ] T-41 parse tables\n- [x] T-42 parse rows\n\n")  # fmt: skip
    text = text.replace("## Phase 3: Derived values", sub + "## Phase 3: Derived values")
    text = text.replace("| Total |", "| Phase 6: Docs | Not Started | 0% | 0/1 |\n| Total |")
    text = text.replace("Overall  ", "Phase 6  ░░░░░░░░░░░░░░░░░░░░ 0%\nOverall  ")
    text += "\n## Phase 6: Docs\n\n**Status**: Not Started\n**Progress**: 0/1 complete (0%)\n\n- [ ] T-43 write the README\n"
    repo.write(text)
    repo.trackmd("sync", str(repo.tracker), date="2026-11-21")
    repo.check()
    repo.commit("theirs: new sections")
    repo.git("checkout", "-q", "main")
    repo.trackmd("done", "T-10", "T-16", "-f", str(repo.tracker), date="2026-11-20")
    repo.commit("ours: ticks in phase 2")
    assert repo.git("merge", "--no-edit", "other", check=False).returncode == 0
    merged = repo.text()
    repo.check()
    # Phase 2: T-9, T-10, T-16 and T-42 done of 8 + 2
    assert "**Progress**: 4/10 complete (40%)" in merged
    assert "| Phase 2: Parser | In Progress | 40% | 4/10 |" in merged
    assert "| Phase 6: Docs | Not Started | 0% | 0/1 |" in merged
    assert "| Total | | 9% | 4/43 |" in merged
    assert "Phase 2  ████████░░░░░░░░░░░░ 40%" in merged
    assert "- [ ] T-41 parse tables" in merged


def test_crlf_tracker_keeps_its_line_endings(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, tracker_text({1}, newline="\r\n"))
    branches(repo)
    repo.trackmd("done", "T-2", "T-30", "-f", str(repo.tracker), date="2026-11-21")
    repo.trackmd("add", "theirs extra", "--to", "phase-1", "-f", str(repo.tracker))
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    repo.trackmd("done", "T-3", "-f", str(repo.tracker), date="2026-11-20")
    repo.trackmd("add", "ours extra", "--to", "phase-1", "-f", str(repo.tracker))
    repo.commit("ours")
    assert repo.git("merge", "--no-edit", "other", check=False).returncode == 0
    data = repo.tracker.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") > 90
    text = data.decode("utf-8")
    assert "- [ ] ours extra\r\n- [ ] theirs extra\r\n" in text  # both appended to the list
    assert "**Progress**: 3/10 complete (30%)\r\n" in text
    repo.check()


def test_crlf_conflict_markers_use_crlf(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, tracker_text(newline="\r\n"))
    branches(repo)
    repo.trackmd("start", "T-3", "-f", str(repo.tracker), date="2026-11-21")
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    repo.trackmd("done", "T-3", "-f", str(repo.tracker), date="2026-11-20")
    repo.commit("ours")
    assert repo.git("merge", "--no-edit", "other", check=False).returncode != 0
    data = repo.tracker.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    assert data == git_s_merge(repo)
    assert b"\r\n<<<<<<< ours\r\n" in data and b"\r\n=======\r\n" in data
    assert b"\r\n- [x] T-3 task 3 of phase 1\r\n" in data and b"\r\n- [/] T-3 " in data


def test_rebase_of_three_tick_commits_onto_a_branch_that_ticked_too(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, tracker_text({1}))
    branches(repo)
    for ident in ("T-2", "T-10", "T-25"):
        repo.trackmd("done", ident, "-f", str(repo.tracker), date="2026-11-21")
        repo.commit(f"done {ident}")
    repo.git("checkout", "-q", "main")
    repo.trackmd("done", "T-3", "T-11", "-f", str(repo.tracker), date="2026-11-20")
    repo.commit("main ticks")
    repo.trackmd("undo", "T-1", "-f", str(repo.tracker), date="2026-11-20")
    repo.commit("main unticks")
    repo.git("checkout", "-q", "other")
    rebased = repo.git("rebase", "main", check=False)
    assert rebased.returncode == 0, rebased.stdout + rebased.stderr
    assert repo.git("rev-list", "--count", "main..other").stdout.strip() == "3"
    text = repo.text()
    done = {k for k, (s, _t) in items(text).items() if s is State.DONE}
    assert done == {"T-2", "T-3", "T-10", "T-11", "T-25"}
    repo.check()
    # each replayed commit is itself consistent
    for rev in ("other~1", "other~2"):
        shown = repo.git("show", f"{rev}:{NAME}").stdout
        assert out_of_date(parse(shown, NAME)) == []


def test_cherry_pick_uses_the_driver(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, tracker_text())
    branches(repo)
    repo.trackmd("done", "T-7", "-f", str(repo.tracker), date="2026-11-21")
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    repo.trackmd("done", "T-8", "-f", str(repo.tracker), date="2026-11-20")
    repo.commit("ours")
    assert repo.git("cherry-pick", "other", check=False).returncode == 0
    assert "**Progress**: 2/8 complete (25%)" in repo.text()
    repo.check()


def test_a_hand_edit_inside_a_derived_line_survives(tmp_path: Path) -> None:
    text = tracker_text().replace(
        "**Progress**: 0/8 complete (0%)\n\n- [ ] T-1 ",
        "**Progress**: 0/8 complete (0%) - waiting on review\n\n- [ ] T-1 ",
        1,
    )
    repo = make_repo(tmp_path, text)
    branches(repo)
    repo.write(repo.text().replace("waiting on review", "review done"))
    repo.trackmd("done", "T-1", "-f", str(repo.tracker), date="2026-11-21")
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    repo.trackmd("done", "T-2", "-f", str(repo.tracker), date="2026-11-20")
    repo.commit("ours")
    assert repo.git("merge", "--no-edit", "other", check=False).returncode == 0
    assert "**Progress**: 2/8 complete (25%) - review done\n" in repo.text()
    repo.check()


def flip(text: str, numbers: list[int]) -> str:
    """Tick the open items and untick the done ones, in one write (as `trackmd done A B`)."""
    doc = parse(text, NAME)
    wording = Wording(doc)
    edits = []
    for number in numbers:
        item = doc.items[number - 1]
        target = State.OPEN if item.state is State.DONE else State.DONE
        edit = state_edit(doc, item, target, wording)
        assert edit is not None
        edits.append(edit)
    return plan(doc, today_from(TODAY), edits, now_on(today_from(TODAY))).text


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_seeds_merge_like_making_both_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, newline: str
) -> None:
    """On the real seed trackers (tables, emoji, French, bars): merging two sides that flip
    different items gives byte for byte what flipping all of them on one branch gives."""
    monkeypatch.chdir(tmp_path)
    tried = 0
    for path in seed_files():
        text = path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\n", newline)
        base = plan(parse(text, NAME), today_from(TODAY), now=now_on(today_from(TODAY))).text
        numbers = [i.number for i in parse(base, NAME).items
                   if i.kind is ItemKind.CHECKBOX and i.state in (State.OPEN, State.DONE)]  # fmt: skip
        if len(numbers) < 6:
            continue
        for seed in range(2):
            picks = random.Random(seed).sample(numbers, 6)
            ours, theirs = flip(base, picks[:3]), flip(base, picks[3:])
            current, ancestor, other = versions(tmp_path, ours.encode(), base.encode(),
                                                theirs.encode())  # fmt: skip
            assert merge.merge_files(ancestor, current, other, NAME, today_from(TODAY)) == 0
            both = flip(ours, picks[3:])
            assert current.read_bytes().decode("utf-8") == both, (path.name, seed)
            tried += 1
    if not tried:
        pytest.skip("no seed with enough checkbox items")


# -- fallbacks: exactly git's text merge ----------------------------------------------------


def git_merge_file(tmp_path: Path, ours: bytes, base: bytes, theirs: bytes) -> tuple[int, bytes]:
    folder = tmp_path / "expect"
    folder.mkdir()
    for name, data in (("o", ours), ("b", base), ("t", theirs)):
        (folder / name).write_bytes(data)
    out = subprocess.run(["git", "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs",
                          "o", "b", "t"], cwd=folder, capture_output=True, check=False)  # fmt: skip
    return min(out.returncode, 1), out.stdout


def versions(tmp_path: Path, ours: bytes, base: bytes, theirs: bytes) -> tuple[Path, Path, Path]:
    paths = (tmp_path / ".merge_file_a", tmp_path / ".merge_file_o", tmp_path / ".merge_file_b")
    for path, data in zip(paths, (ours, base, theirs), strict=True):
        path.write_bytes(data)
    return paths


def test_not_utf8_falls_back_to_git_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    base = tracker_text().encode()
    ours = tracker_text({1, 2}).encode()
    theirs = tracker_text({20}).encode().replace(b"task 20 ", b"caf\xe9 20 ")  # Latin-1
    want = git_merge_file(tmp_path, ours, base, theirs)
    current, ancestor, other = versions(tmp_path, ours, base, theirs)
    code = merge.merge_files(ancestor, current, other, NAME, today_from(TODAY))
    assert (code, current.read_bytes()) == want
    assert code == 1  # the derived lines conflict, as they would without trackmd
    err = capfd.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "not valid UTF-8" in err[0]
    assert "merged as plain text" in err[0]


def test_conflict_markers_in_a_version_fall_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    base = tracker_text().encode()
    ours = tracker_text({1}).encode() + b"<<<<<<< HEAD\nleft over\n=======\n>>>>>>> b\n"
    theirs = tracker_text({2}).encode()
    want = git_merge_file(tmp_path, ours, base, theirs)
    current, ancestor, other = versions(tmp_path, ours, base, theirs)
    assert merge.merge_files(ancestor, current, other, NAME, today_from(TODAY)) == want[0] == 1
    assert current.read_bytes() == want[1]
    assert "conflict markers" in capfd.readouterr().err


def test_binary_version_keeps_ours_and_conflicts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    ours = tracker_text({1}).encode()
    current, ancestor, other = versions(tmp_path, ours, tracker_text().encode(), b"\0\1\2")
    assert merge.merge_files(ancestor, current, other, NAME, today_from(TODAY)) == 1
    assert current.read_bytes() == ours  # what git does with a binary file
    assert "binary" in capfd.readouterr().err


def test_a_file_without_items_is_git_s_merge_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    base, ours, theirs = b"# Plan\n\na\nb\n", b"# Plan\n\nA\nb\n", b"# Plan\n\na\nB\n"
    want = git_merge_file(tmp_path, ours, base, theirs)
    current, ancestor, other = versions(tmp_path, ours, base, theirs)
    assert merge.merge_files(ancestor, current, other, "PLAN.md", today_from(TODAY)) == want[0]
    assert current.read_bytes() == want[1]
    assert capfd.readouterr().err == ""


# -- resolving what git calls a conflict ----------------------------------------------------


def conflict(base: str, ours: str, theirs: str) -> list[str] | None:
    """The resolved lines, or None when a conflict is left."""
    split = threeway.split_lines
    pieces = threeway.resolve(threeway.Conflict(split(ours), split(base), split(theirs)))
    if any(isinstance(p, threeway.Conflict) for p in pieces):
        return None
    return [line for p in pieces if not isinstance(p, threeway.Conflict) for line in p]


def test_resolve_adjacent_changes() -> None:
    assert conflict("a\nb\n", "A\nb\n", "a\nB\n") == ["A\n", "B\n"]


def test_resolve_same_line_changed_differently_is_a_conflict() -> None:
    assert conflict("a\nb\n", "A\nb\n", "a2\nb\n") is None


def test_resolve_list_items_appended_at_the_same_place_keeps_both() -> None:
    assert conflict("- [ ] a\n\n", "- [ ] a\n- [ ] b\n\n", "- [ ] a\n- [ ] c\n\n") == [
        "- [ ] a\n", "- [ ] b\n", "- [ ] c\n", "\n",
    ]  # fmt: skip


def test_resolve_narrows_a_conflict_to_the_lines_that_clash() -> None:
    split = threeway.split_lines
    pieces = threeway.resolve(
        threeway.Conflict(split("A\nb\nX\n"), split("a\nb\nc\n"), split("a\nB\nY\n"))
    )
    assert pieces == [["A\n", "B\n"], threeway.Conflict(["X\n"], ["c\n"], ["Y\n"])]


def test_resolve_paragraphs_appended_at_the_same_place_conflict() -> None:
    assert conflict("a\n", "a\nours\n", "a\ntheirs\n") is None


def test_resolve_identical_changes_once() -> None:
    assert conflict("a\nb\nc\n", "A\nb\nC\n", "A\nB\nc\n") == ["A\n", "B\n", "C\n"]


# -- installation ---------------------------------------------------------------------------


def test_install_is_idempotent_and_keeps_gitattributes(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.path.mkdir()
    repo.git("init", "-q", "-b", "main")
    attributes = repo.path / ".gitattributes"
    attributes.write_bytes(b"*.png binary\r\n*TODO*.md merge=union")  # no final newline
    (repo.path / ".trackmd.toml").write_text('files = ["docs/board.md"]\n', encoding="utf-8")
    changes = install(repo.path)
    assert len(changes) == 3
    config = repo.git("config", "--get", "merge.trackmd.driver").stdout.strip()
    assert config == f"{sys.executable} -m trackmd merge-driver %O %A %B %P"
    assert repo.git("config", "--get", "merge.trackmd.name").stdout.strip()
    data = attributes.read_bytes()
    assert data.startswith(b"*.png binary\r\n*TODO*.md merge=union\r\n# trackmd:")
    assert b"\r\n[Rr][Oo][Aa][Dd][Mm][Aa][Pp].[Mm]*[DdNn] merge=trackmd\r\n" in data
    assert b"*[Rr][Oo][Aa][Dd][Mm][Aa][Pp]*" not in data  # no substring patterns
    assert b"[Tt][Oo][Dd][Oo]" not in data  # the file's own merge choice for TODOs stays
    assert data.endswith(b"docs/board.md merge=trackmd\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    git_config = (repo.path / ".git" / "config").read_bytes()
    assert install(repo.path) == []
    assert attributes.read_bytes() == data
    assert (repo.path / ".git" / "config").read_bytes() == git_config
    for name in ("docs/Roadmap.md", "sprint-plan.md", "STATUS.md", "docs/board.md"):
        seen = repo.git("check-attr", "merge", "--", name).stdout
        assert seen.strip().endswith("merge: trackmd"), seen
    for name in ("docs/explanation.md", "photodoc.md", "statusquo.md"):
        assert "unspecified" in repo.git("check-attr", "merge", "--", name).stdout, name
    assert "merge: union" in repo.git("check-attr", "merge", "--", "TODO.md").stdout
    assert "unspecified" in repo.git("check-attr", "merge", "--", "README.md").stdout


def test_hook_install_merge_driver_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Repo(tmp_path / "repo")
    repo.path.mkdir()
    repo.git("init", "-q", "-b", "main")
    monkeypatch.chdir(repo.path)
    first = repo.trackmd("hook", "install", "--merge-driver", date=None)
    assert "merge.trackmd.driver" in first
    said = " ".join(first.split())
    assert (
        "added to .gitattributes: merge=trackmd for Markdown names with the word tracker, "
        "tracking, progress" in said
    )
    again = repo.runner.invoke(app, ["hook", "install", "--merge-driver"])
    assert again.exit_code == 0
    assert "nothing changed" in again.output


# -- identical adjacent items (issue 12) ----------------------------------------------------

TBD_BASE = "# Plan\n\n**Progress**: 0/2 complete\n\n- [ ] TBD\n- [ ] TBD\n"


def tbd(*ticked: int, count: int = 2) -> str:
    lines = [f"- [{'x' if n in ticked else ' '}] TBD\n" for n in range(count)]
    return f"# Plan\n\n**Progress**: {len(ticked)}/{count} complete\n\n" + "".join(lines)


def installed_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Repo:
    """A repository whose driver `trackmd hook install --merge-driver` installed."""
    repo = Repo(tmp_path / "repo")
    repo.path.mkdir()
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "commit.gpgsign", "false")
    monkeypatch.chdir(repo.path)
    repo.trackmd("hook", "install", "--merge-driver", date=None)
    (repo.path / "TODO.md").write_text(text, encoding="utf-8")
    repo.commit("base")
    return repo


@pytest.mark.parametrize(("mine", "yours"), [(0, 1), (1, 0)])
def test_identical_adjacent_items_ticked_on_each_side_keep_both_ticks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mine: int, yours: int
) -> None:
    repo = installed_repo(tmp_path, monkeypatch, TBD_BASE)
    todo = repo.path / "TODO.md"
    branches(repo)
    todo.write_text(tbd(yours), encoding="utf-8")
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    todo.write_text(tbd(mine), encoding="utf-8")
    repo.commit("ours")
    merged = repo.git("merge", "--no-edit", "other", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert todo.read_text(encoding="utf-8") == tbd(0, 1)  # two items, both ticked, 2/2
    repo.trackmd("check", "TODO.md")


def test_identical_items_changed_in_ways_a_diff_cannot_pair_are_git_s_conflict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One side ticks the first TBD, the other deletes a TBD: which one is not knowable, so
    the result is git's own merge, and no Progress line outside the markers claims a count."""
    repo = installed_repo(tmp_path, monkeypatch, TBD_BASE)
    todo = repo.path / "TODO.md"
    branches(repo)
    theirs = "# Plan\n\n**Progress**: 0/1 complete\n\n- [ ] TBD\n"
    todo.write_text(theirs, encoding="utf-8")
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    todo.write_text(tbd(0), encoding="utf-8")
    repo.commit("ours")
    merged = repo.git("merge", "--no-edit", "other", check=False)
    assert merged.returncode != 0
    want = git_merge_file(tmp_path, tbd(0).encode(), TBD_BASE.encode(), theirs.encode())
    assert want[0] == 1
    assert todo.read_bytes() == want[1]
    outside = re.sub(r"(?ms)^<<<<<<< .*?^>>>>>>> [^\n]*\n", "", todo.read_text("utf-8"))
    assert "Progress" not in outside  # git's merge keeps both sides' counts inside the markers


def tbd_doc(marks: list[str], extra: list[str]) -> str:
    body = "".join(f"- [{m}] TBD\n" for m in marks) + "".join(f"- [ ] {e}\n" for e in extra)
    return plan(parse(f"# Plan\n\n**Progress**: 0/0 complete\n\n{body}", "TODO.md"),
                today_from(TODAY)).text  # fmt: skip


side_change = st.tuples(
    st.sets(st.integers(0, 3)),  # items ticked ([x]) or, with the flag, blocked ([!])
    st.booleans(),  # block instead of tick
    st.sampled_from(["", "drop-first", "drop-last", "append"]),  # and a change of length
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(count=st.integers(2, 4), ours=side_change, theirs=side_change)
def test_identical_adjacent_items_merge_honestly(
    tmp_path_factory: pytest.TempPathFactory,
    count: int,
    ours: tuple[set[int], bool, str],
    theirs: tuple[set[int], bool, str],
) -> None:
    """Either a clean merge that keeps every tick (and counts right), or exactly git's merge:
    never a count over the wrong number of items."""
    folder = tmp_path_factory.mktemp("tbd")
    here = Path.cwd()
    os.chdir(folder)  # the driver reads the project's settings from where git runs it
    try:
        _merge_tbd(folder, count, ours, theirs)
    finally:
        os.chdir(here)


def _merge_tbd(
    folder: Path, count: int, ours: tuple[set[int], bool, str], theirs: tuple[set[int], bool, str]
) -> None:
    base = tbd_doc([" "] * count, [])

    def side(change: tuple[set[int], bool, str]) -> tuple[str, list[str]]:
        picked, block, shape = change
        marks = ["!" if block else "x" if n in picked else " " for n in range(count)]
        marks = [m if n in picked else " " for n, m in enumerate(marks)]
        if shape == "drop-first":
            marks = marks[1:]
        elif shape == "drop-last":
            marks = marks[:-1]
        extra = ["TBD"] if shape == "append" else []
        return tbd_doc(marks, extra), marks

    (mine, my_marks), (yours, your_marks) = side(ours), side(theirs)
    current, ancestor, other = versions(folder, mine.encode(), base.encode(), yours.encode())
    code = merge.merge_files(ancestor, current, other, "TODO.md", today_from(TODAY))
    result = current.read_bytes()
    if code == 0:
        doc = parse(result.decode("utf-8"), "TODO.md")
        assert out_of_date(doc) == []  # every count is over the items really there
        states = [i.state for i in doc.items]
        if ours[2] == theirs[2] == "":  # same length on both sides: position by position
            want = [a if a != " " else b for a, b in zip(my_marks, your_marks, strict=True)]
            assert [
                {"x": State.DONE, "!": State.BLOCKED, " ": State.OPEN}[m] for m in want
            ] == states
        else:
            ticked = max(sum(m != " " for m in my_marks), sum(m != " " for m in your_marks))
            assert sum(s is not State.OPEN for s in states) >= ticked
    else:
        assert (code, result) == git_merge_file(folder, mine.encode(), base.encode(),
                                                yours.encode())  # fmt: skip


def sections_doc(sections: list[list[str]]) -> str:
    body = "".join(
        f"## {name}\n\n**Progress**: 0/0\n\n" + "".join(f"{line}\n" for line in lines) + "\n"
        for name, lines in zip("AB", sections, strict=True)
    )
    return plan(parse(f"# Plan\n\n**Progress**: 0/0 complete\n\n{body}", "TODO.md"),
                today_from(TODAY)).text  # fmt: skip


item_line = st.sampled_from(["- [ ] TBD", "- [ ] TBD", "- [ ] TBD", "- [ ] one", "- [ ] two"])
edit = st.tuples(
    st.sampled_from(["mark", "mark", "mark", "insert", "delete", "rewrite"]),
    st.integers(0, 1),  # section
    st.integers(0, 5),  # position (modulo the section's length)
    st.sampled_from("x !/"),  # the new mark, for "mark"
    item_line,  # the new line, for "insert"
)


def _edited(sections: list[list[str]], edits: list[tuple[str, int, int, str, str]]) -> str:
    out = [list(lines) for lines in sections]
    for kind, section, position, mark, line in edits:
        lines = out[section]
        if kind == "insert" or not lines:
            lines.insert(position % (len(lines) + 1), line)
            continue
        at = position % len(lines)
        if kind == "mark":
            lines[at] = lines[at][:3] + mark + lines[at][4:]
        elif kind == "delete":
            del lines[at]
        else:
            lines[at] += " (rewritten)"
    return sections_doc(out)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sections=st.lists(st.lists(item_line, min_size=1, max_size=4), min_size=2, max_size=2),
    ours=st.lists(edit, min_size=1, max_size=3),
    theirs=st.lists(edit, min_size=1, max_size=3),
)
def test_repeated_items_among_others_merge_honestly(
    tmp_path_factory: pytest.TempPathFactory,
    sections: list[list[str]],
    ours: list[tuple[str, int, int, str, str]],
    theirs: list[tuple[str, int, int, str, str]],
) -> None:
    """Repeated and unique items in two sections, each side ticking, inserting, deleting or
    rewriting: a conflict is exactly git's merge; a clean merge counts right, and where git's
    own merge is clean the driver keeps the same items (only derived lines differ)."""
    folder = tmp_path_factory.mktemp("repeated")
    base, mine, yours = sections_doc(sections), _edited(sections, ours), _edited(sections, theirs)
    here = Path.cwd()
    os.chdir(folder)
    try:
        current, ancestor, other = versions(folder, mine.encode(), base.encode(), yours.encode())
        code = merge.merge_files(ancestor, current, other, "TODO.md", today_from(TODAY))
    finally:
        os.chdir(here)
    result = current.read_bytes()
    git_code, git_result = git_merge_file(folder, mine.encode(), base.encode(), yours.encode())
    if code != 0:
        assert (code, result) == (git_code, git_result)
        return
    assert out_of_date(parse(result.decode("utf-8"), "TODO.md")) == []
    if git_code == 0:

        def written(data: bytes) -> list[str]:
            return [line for line in data.decode("utf-8").splitlines() if "Progress" not in line]

        assert written(result) == written(git_result)


# -- non-trackers are git's to merge (issue 12) ---------------------------------------------


def test_a_file_discovery_does_not_take_is_git_s_merge_even_under_the_driver(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`docs/explanation.md` holds "plan" but is not a tracker: no restamped Last Updated."""
    repo = installed_repo(tmp_path, monkeypatch, TBD_BASE)
    (repo.path / ".gitattributes").write_text("*.md merge=trackmd\n", encoding="utf-8")
    doc = repo.path / "docs" / "explanation.md"
    doc.parent.mkdir()
    base = ("# Explanation\n\n**Last Updated**: 2026-11-01\n**Progress**: 0/2 complete\n\n"
            "- [ ] one\n\ntext\n\n- [ ] two\n")  # fmt: skip
    doc.write_text(base, encoding="utf-8")
    repo.commit("docs")
    branches(repo)
    theirs = base.replace("- [ ] two", "- [x] two")
    doc.write_text(theirs, encoding="utf-8")
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    ours = base.replace("- [ ] one", "- [x] one")
    doc.write_text(ours, encoding="utf-8")
    repo.commit("ours")
    status = repo.runner.invoke(app, ["status", "docs"])
    assert status.exit_code == 3 and "no tracker found" in status.output  # not a tracker
    merged = repo.git("merge", "--no-edit", "other", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    want = git_merge_file(tmp_path, ours.encode(), base.encode(), theirs.encode())
    assert (0, doc.read_bytes()) == want
    assert "**Last Updated**: 2026-11-01\n**Progress**: 0/2 complete\n" in doc.read_text("utf-8")


def test_install_replaces_the_substring_patterns_of_an_earlier_trackmd(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.path.mkdir()
    repo.git("init", "-q", "-b", "main")
    attributes = repo.path / ".gitattributes"
    attributes.write_text(
        "*.png binary\n# trackmd: trackers merge without conflicts on derived values\n"
        "*[Pp][Ll][Aa][Nn]*.md merge=trackmd\n*[Tt][Oo][Dd][Oo]*.md merge=trackmd\n",
        encoding="utf-8",
    )
    changes = install(repo.path)
    assert any("removed from .gitattributes: 2 patterns" in c for c in changes)
    text = attributes.read_text(encoding="utf-8")
    assert "*[Pp][Ll][Aa][Nn]*" not in text and text.startswith("*.png binary\n# trackmd:")
    assert text.count("# trackmd:") == 1
    assert "unspecified" in repo.git("check-attr", "merge", "--", "docs/explanation.md").stdout
    assert "merge: trackmd" in repo.git("check-attr", "merge", "--", "TODO.md").stdout
    assert install(repo.path) == []
