"""State changes from the command line: done, undo, start, block, add (issue 4)."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import FIXED_DATE, GIT_ENV, git, seed
from trackmd.app import api
from trackmd.app.change import change_states
from trackmd.core.errors import Refused
from trackmd.core.model import State
from trackmd.io.clock import today_from

Run = Callable[..., Result]


def put(tmp_path: Path, text: str, name: str = "TODO.md") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def body(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


# -- the seeds: exact diffs ------------------------------------------------------------------


def changed_lines(before: str, after: str) -> dict[int, tuple[str, str]]:
    a, b = before.split("\n"), after.split("\n")
    assert len(a) == len(b)
    return {i + 1: (x, y) for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y}


def run_on_seed(run: Run, tmp_path: Path, number: str, ref: str) -> tuple[str, str, Path]:
    path = tmp_path / f"seed{number}.md"
    shutil.copyfile(seed(number), path)
    before = body(path)
    result = run("done", ref, "-f", str(path))
    assert result.exit_code == 0, result.output
    return before, body(path), path


def settle(run: Run, path: Path, ref: str) -> None:
    """Run twice: nothing the second time."""
    again = body(path)
    assert run("done", ref, "-f", str(path)).exit_code == 0
    assert body(path) == again


def test_seed_000_done_sets_the_columns_own_done_wording(run: Run, tmp_path: Path) -> None:
    before, after, path = run_on_seed(run, tmp_path, "000", "PLAN-500-02")
    lines = changed_lines(before, after)
    assert set(lines) == {3, 72}
    assert lines[3][1] == "**Last Updated**: 2026-11-22"
    done_cell = before.split("\n")[70].split("|")[2]  # PLAN-500-01's cell, as the file spells it
    assert lines[72][1].split("|")[2] == done_cell
    settle(run, path, "PLAN-500-02")
    assert run("sync", str(path)).exit_code == 0 and body(path) == after


def test_seed_002_done_updates_phase_and_overall(run: Run, tmp_path: Path) -> None:
    before, after, path = run_on_seed(run, tmp_path, "002", "/api/v1/providers/*")
    lines = changed_lines(before, after)
    news = {n: new for n, (_, new) in lines.items()}
    assert news[5].startswith("**Overall Progress**: 18% (")
    assert "| 84% |" in news[14] and "In Progress" in news[14]
    assert news[52] == "**Status**: In Progress (84%)"
    assert news[102].startswith("- [x] **API**: `/api/v1/providers/*`")
    assert news[105] == "**Progress**: 6/6 complete"
    stamps = [n for n, new in news.items() if new == "**Last Updated**: 2026-11-22"]
    assert len(stamps) == 2
    assert set(lines) == {5, 14, 52, 102, 105, *stamps}
    settle(run, path, "/api/v1/providers/*")
    assert run("sync", str(path)).exit_code == 0 and body(path) == after


def test_seed_004_done_changes_only_checkbox_and_date(run: Run, tmp_path: Path) -> None:
    before, after, path = run_on_seed(run, tmp_path, "004", "bug report template")
    lines = changed_lines(before, after)
    assert len(lines) == 2
    (_, (old_box, new_box)), (_, (_, new_date)) = sorted(lines.items())
    assert old_box.replace("[ ]", "[x]") == new_box and "bug report template" in new_box
    assert new_date.startswith("**Last Updated**: November 22, 2026")
    settle(run, path, "bug report template")


def test_seed_001_done_moves_bloc_2_in_progress(run: Run, tmp_path: Path) -> None:
    before, after, path = run_on_seed(run, tmp_path, "001", "Format JSON structuré")
    lines = changed_lines(before, after)
    news = [new for _, new in lines.values()]
    assert any(new.startswith("### 🔄 BLOC 2") for new in news)
    assert "**Status** : 🔄 IN PROGRESS" in news
    assert any(new.startswith("- [x] Format JSON structuré") for new in news)
    # the seed's "23:50" is not kept with today's date: the time is the clock's (issue 12)
    stamp = [new for new in news if new.startswith("**Dernière mise à jour** : ")]
    assert len(stamp) == 1 and re.fullmatch(r".* : 2026-11-22 \d\d:\d\d", stamp[0]), stamp
    assert len(lines) == 4
    settle(run, path, "Format JSON structuré")
    assert run("sync", str(path)).exit_code == 0 and body(path) == after


# -- every item kind x every command ---------------------------------------------------------

KINDS = (
    "# Board\n\n## Tasks\n- [ ] T-1 write the parser\n  - [ ] T-2 sub item\n\n"
    "## Stories\n| Story | Status |\n|---|---|\n| ST-1 | ✅ Done |\n| ST-2 | 🔄 In Progress |\n"
    "| ST-3 | ⏳ Todo |\n| ST-4 | ⛔ Blocked |\n\n"
    "## Crontab\n**Status**: Open\n\n## Backups\n**Status**: Fixed\n\n"
    "## Bugs\n1. **BUG-001: Login fails**\n   - **Status**: Open\n2. **BUG-002: Typo**\n   - **Status**: Fixed\n\n"
    "## Goals\n- ✅ CI green\n- 🔄 Docs site\n- ⏳ Release notes\n"
)
EXPECT = {
    ("done", "T-1"): "- [x] T-1 write the parser",
    ("start", "T-1"): "- [/] T-1 write the parser",
    ("block", "T-1"): "- [!] T-1 write the parser",
    ("done", "ST-3"): "| ST-3 | ✅ Done |",
    ("start", "ST-3"): "| ST-3 | 🔄 In Progress |",
    ("block", "ST-3"): "| ST-3 | ⛔ Blocked |",
    ("undo", "ST-1"): "| ST-1 | ⏳ Todo |",
    ("done", "crontab"): "**Status**: Fixed",
    ("start", "crontab"): "**Status**: In Progress",
    ("block", "crontab"): "**Status**: Blocked",
    ("undo", "backups"): "**Status**: Open",
    ("done", "BUG-001"): "   - **Status**: Fixed",
    ("undo", "BUG-002"): "   - **Status**: Open",
    ("start", "BUG-001"): "   - **Status**: In Progress",
    ("block", "BUG-001"): "   - **Status**: Blocked",
    ("done", "Release notes"): "- ✅ Release notes",
    ("start", "Release notes"): "- 🔄 Release notes",
    ("undo", "CI green"): "- ⏳ CI green",
    ("block", "Docs site"): "- ⛔ Docs site",
}


@pytest.mark.parametrize(("command", "ref"), list(EXPECT), ids=str)
def test_every_kind_and_command(run: Run, tmp_path: Path, command: str, ref: str) -> None:
    path = put(tmp_path, KINDS)
    result = run(command, ref, "-f", str(path), "--all")
    assert result.exit_code == 0, result.output
    lines = changed_lines(KINDS, body(path))
    assert EXPECT[(command, ref)] in [new for _, new in lines.values()], lines
    assert "→" in result.output
    again = body(path)
    assert run(command, ref, "-f", str(path), "--all").exit_code == 0
    assert body(path) == again


def test_undo_checkbox_and_capital_x_kept(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, "# T\n- [X] a\n- [X] b\n- [ ] c\n")
    assert run("done", "c", "-f", str(path)).exit_code == 0
    assert body(path) == "# T\n- [X] a\n- [X] b\n- [X] c\n"
    assert run("undo", "#1", "-f", str(path)).exit_code == 0
    assert body(path) == "# T\n- [ ] a\n- [X] b\n- [X] c\n"


def test_file_ref_by_another_spelling_of_the_path(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = put(tmp_path, "# A\n- [ ] shared text\n", "TODO.md")
    two = put(tmp_path, "# B\n- [ ] shared text\n", "TASKS.md")
    monkeypatch.chdir(tmp_path)  # the files are shown as `TODO.md`, `TASKS.md`
    for spelling in (str(two), "./TASKS.md"):
        dry = run("done", f"{spelling}:1", "-f", str(one), "-f", str(two), "--dry-run")
        assert dry.exit_code == 0, dry.stderr
        assert "+- [x] shared text" in dry.stdout and "TODO.md" not in dry.stdout


def test_file_ref_number_ref_and_dry_run(run: Run, tmp_path: Path) -> None:
    one = put(tmp_path, "# A\n- [ ] shared text\n", "TODO.md")
    two = put(tmp_path, "# B\n- [ ] shared text\n", "TASKS.md")
    ambiguous = run("done", "shared text", "-f", str(one), "-f", str(two))
    assert ambiguous.exit_code == 3
    assert (
        "#1" in ambiguous.stderr
        and "TODO.md:2" in ambiguous.stderr
        and "TASKS.md:2" in ambiguous.stderr
    )
    dry = run("done", f"{two}:1", "-f", str(one), "-f", str(two), "--dry-run")
    assert dry.exit_code == 0 and "+- [x] shared text" in dry.stdout
    assert body(two) == "# B\n- [ ] shared text\n"
    assert run("done", f"{two}:1", "-f", str(one), "-f", str(two)).exit_code == 0
    assert body(two) == "# B\n- [x] shared text\n" and body(one) == "# A\n- [ ] shared text\n"


def test_unknown_ref_suggests(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, "# T\n- [ ] write the parser\n- [ ] T-12 ship it\n")
    result = run("done", "write the parsre", "-f", str(path))
    assert (
        result.exit_code == 3
        and "did you mean" in result.stderr
        and "write the parser" in result.stderr
    )
    assert body(path) == "# T\n- [ ] write the parser\n- [ ] T-12 ship it\n"


def test_section_ref_needs_all(run: Run, tmp_path: Path) -> None:
    text = "# T\n## Backend\n- [ ] a\n- [x] b\n## Frontend\n- [ ] c\n"
    path = put(tmp_path, text)
    refused = run("done", "backend", "-f", str(path))
    assert refused.exit_code == 3 and "--all" in refused.stderr and body(path) == text
    assert run("done", "backend", "-f", str(path), "--all").exit_code == 0
    assert body(path) == "# T\n## Backend\n- [x] a\n- [x] b\n## Frontend\n- [ ] c\n"


def test_wording_reuse_per_state(run: Run, tmp_path: Path) -> None:
    text = (
        "# T\n| Task | Estado |\n|---|---|\n| a | hecho |\n| b | pendiente |\n| c | en progreso |\n"
    )
    path = put(tmp_path, text)
    assert run("done", "b", "-f", str(path)).exit_code == 0
    assert "| b | hecho |" in body(path)
    assert run("block", "b", "-f", str(path)).exit_code == 0
    assert "| b | bloqueado |" in body(path)  # none in the file: Spanish, in its case


def test_add_to_checklist_and_new_section(run: Run, tmp_path: Path) -> None:
    text = "# T\n## Backend\n1. [ ] T-7 a\n2. [x] T-8 b\n   - [ ] sub\n\n## Empty\nSome words.\n\n## Next\n"
    path = put(tmp_path, text)
    assert run("add", "write docs", "--to", "backend", "-f", str(path), "--id").exit_code == 0
    assert "2. [x] T-8 b\n   - [ ] sub\n3. [ ] T-9 write docs\n\n## Empty" in body(path)
    assert run("add", "first", "--to", "Empty", "-f", str(path)).exit_code == 0
    assert "## Empty\nSome words.\n\n- [ ] first\n\n## Next\n" in body(path)


def test_read_only_tracker_is_refused(run: Run, tmp_path: Path) -> None:
    text = "# T\n**Progress**: 0/2\n- [x] a\n- [ ] b\n"
    path = put(tmp_path, text)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    for args in (("done", "b", "-f", str(path)), ("sync", str(path))):
        result = run(*args)
        assert result.exit_code == 4 and "read-only" in result.stderr
        assert body(path) == text
    exe = str(Path(sys.executable).with_name("trackmd"))
    out = subprocess.run([exe, "done", "b", "-f", str(path)], capture_output=True, text=True,
                         check=False)  # fmt: skip
    assert out.returncode == 4 and out.stderr.count("\n") == 1


def test_changed_between_read_and_write_is_refused(tmp_path: Path) -> None:
    path = put(tmp_path, "# T\n- [ ] a\n- [ ] b\n")
    paths = [path]
    changes = change_states(paths, ["a"], State.DONE, every=False, today=today_from(FIXED_DATE))
    path.write_bytes(b"# T\n- [ ] a\n- [ ] b\n- [ ] c\n")  # someone else edits meanwhile
    with pytest.raises(Refused, match="changed on disk"):
        api.write(changes[0].tracker, changes[0].plan)
    assert body(path) == "# T\n- [ ] a\n- [ ] b\n- [ ] c\n"


def test_two_processes_25_times_each(tmp_path: Path) -> None:
    lines = "".join(f"- [ ] A-{n} task\n" for n in range(1, 26)) + "".join(
        f"- [ ] B-{n} task\n" for n in range(1, 26)
    )
    text = "# Race\n**Progress**: 0/50\n" + lines
    path = put(tmp_path, text)
    exe = str(Path(sys.executable).with_name("trackmd"))
    script = "for n in $(seq 1 25); do {exe} done {p}-$n -f {f} >/dev/null || exit 1; done"
    env = {**os.environ, "TRACKMD_TODAY": FIXED_DATE}
    procs = [
        subprocess.Popen(["bash", "-c", script.format(exe=exe, p=p, f=path)], env=env)
        for p in ("A", "B")
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    final = body(path)
    assert final == text.replace("- [ ]", "- [x]").replace("0/50", "50/50")


def test_commit_in_a_real_repository(run: Run, repo: Path) -> None:
    tracker = put(repo, "# T\n- [ ] PLAN-1 write it\n- [ ] PLAN-2 test it\n")
    other = put(repo, "notes\n", "notes.txt")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start")
    other.write_text("staged but not ours\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    cwd = Path.cwd()
    os.chdir(repo)
    try:
        result = run(
            "done", "PLAN-1", "--commit", env={"GIT_AUTHOR_DATE": "2026-11-03T10:00:00+00:00"}
        )
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    message = git(repo, "log", "-1", "--format=%s|%an|%ae")
    assert message.strip() == "Done: PLAN-1 write it|Ada Tester|ada@example.com"
    files = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert files == ["TODO.md"]
    assert "notes.txt" in git(repo, "diff", "--cached", "--name-only")
    assert tracker.read_text(encoding="utf-8").startswith("# T\n- [x] PLAN-1")


def test_commit_outside_a_repository(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, "# T\n- [ ] a\n")
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    result = run("done", "a", "-f", str(path), "--commit", env=env)
    assert result.exit_code == 3 and "not in a git repository" in result.stderr
    assert "nothing written" in result.stderr and len(result.stderr.splitlines()) == 1
    assert path.read_text(encoding="utf-8") == "# T\n- [ ] a\n"  # checked before writing


def test_commit_refused_by_a_failing_hook_says_what_state_things_are_in(
    run: Run, repo: Path
) -> None:
    # issue 12: a raw GitCommandError traceback, the file left staged
    tracker = put(repo, "# T\n- [ ] a\n- [ ] b\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start")
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'lint: trailing spaces' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    result = run("done", "a", "-f", str(tracker), "--commit")
    assert result.exit_code == 4, result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert "git commit failed (lint: trailing spaces)" in result.stderr
    assert "index is as it was" in result.stderr
    assert "- [x] a" in tracker.read_text(encoding="utf-8")  # the tick is kept
    assert git(repo, "diff", "--cached", "--name-only") == ""  # nothing left staged
    assert git(repo, "log", "--format=%s") == "start\n"


def test_commit_of_a_new_tracker_refused_leaves_it_untracked(run: Run, repo: Path) -> None:
    put(repo, "x\n", "README.md")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start")
    tracker = put(repo, "# T\n- [ ] a\n")
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    result = run("done", "a", "-f", str(tracker), "--commit")
    assert result.exit_code == 4 and "git commit failed (exit code 1)" in result.stderr
    assert git(repo, "status", "--porcelain") == "?? TODO.md\n"


def test_commit_with_git_dir_and_work_tree_set(run: Run, tmp_path: Path) -> None:
    # issue 12: with GIT_DIR/GIT_WORK_TREE, the tick was written, then exit 3
    work = tmp_path / "work"
    work.mkdir()
    bare = tmp_path / "store.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    tracker = put(work, "# T\n- [ ] a\n")
    env = {**GIT_ENV, "GIT_DIR": str(bare), "GIT_WORK_TREE": str(work)}
    subprocess.run(["git", "add", "TODO.md"], cwd=work, env={**os.environ, **env}, check=True)
    result = run("done", "a", "-f", str(tracker), "--commit", env=env)
    assert result.exit_code == 0, result.output
    log = subprocess.run(["git", "--git-dir", str(bare), "log", "--format=%s"],
                         capture_output=True, text=True, check=True)  # fmt: skip
    assert log.stdout == "Done: a\n"


def test_done_under_a_repeated_section_label_while_the_other_is_stale(
    run: Run, tmp_path: Path
) -> None:
    # issue 13 B2: two `### Backend` sections; the safety check named values by label
    text = (
        "# Plan\n\n## Phase 1\n\n### Backend\n\n**Progress**: 0/2 complete (0%)\n\n"
        "- [x] schema\n- [x] api\n\n## Phase 2\n\n### Backend\n\n"
        "**Progress**: 0/2 complete (0%)\n\n- [ ] queue\n- [ ] worker\n"
    )
    path = put(tmp_path, text, "PLAN.md")
    result = run("done", "queue", "-f", str(path))
    assert result.exit_code == 0, result.output
    after = body(path)
    assert "- [x] queue" in after
    # the tick's own section follows; the other, already stale, is left for sync
    assert after.count("**Progress**: 1/2 complete (50%)") == 1
    assert after.count("**Progress**: 0/2 complete (0%)") == 1


# -- issue 12: hostile item text, add's input, dry-run wording ---------------------------------

RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\x7f")


def no_raw_controls(text: str) -> bool:
    return not any(c in text for c in RAW_CONTROLS)


def test_markup_in_item_text_is_printed_as_written(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, "# T\n## Work\n- [ ] fix [/] and [bold]x[/bold] [x]\n- [ ] b\n")
    done = run("done", "fix", "-f", str(path))
    assert done.exit_code == 0, done.output
    assert "fix [/] and [bold]x[/bold] [x] → Done" in done.stdout
    added = run("add", "close [/x] now", "--to", "Work", "-f", str(path))
    assert added.exit_code == 0, added.output
    assert "close [/x] now" in added.stdout and "- [ ] close [/x] now\n" in body(path)


@pytest.mark.parametrize(
    "text",
    ["x\n## Injected\n- [x] fake", "x\r- [x] fake", "a\x1b[2Jb", "a\tb", "a\x00b", "a\u2028b"],
)
def test_add_refuses_newlines_and_control_characters(run: Run, tmp_path: Path, text: str) -> None:
    original = "# T\n## Work\n- [ ] a\n"
    path = put(tmp_path, original)
    result = run("add", text, "--to", "Work", "-f", str(path))
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "control character" in result.stderr
    assert no_raw_controls(result.stderr)
    assert body(path) == original


HOSTILE = "a \x1b[2J b \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 c\x9b1m"


def test_control_characters_from_item_text_are_shown_escaped(run: Run, tmp_path: Path) -> None:
    text = f"# T\n**Progress**: 1/2\n## Work\n- [ ] {HOSTILE}\n- [ ] b\n"
    path = put(tmp_path, text)
    for args in (
        ("done", "b", "-f", str(path), "--dry-run"),
        ("sync", str(path), "--diff", "--dry-run"),
        ("list", str(path)),
        ("status", "--open", str(path)),
    ):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
        assert no_raw_controls(result.output), args
        assert "\\x1b[2J" in result.output and "\\x07" in result.output, args
    assert body(path) == text
    done = run("done", "link", "-f", str(path))
    assert done.exit_code == 0 and no_raw_controls(done.output)
    assert "\\x1b]8;;https://evil.example\\x07link" in done.stdout


def test_fix_encoding_diff_escapes_control_characters(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, "# T\n- [ ] cafÃ© \x1b[2J\n")
    result = run("fix-encoding", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "café \\x1b[2J" in result.stdout and no_raw_controls(result.output)


def test_dry_run_says_what_it_would_do(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, "# T\n- [ ] PLAN-1 write it\n- [ ] b\n")
    result = run("done", "PLAN-1", "-f", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would mark PLAN-1 write it done" in result.stdout
    assert "✔" not in result.stdout and "→ Done" not in result.stdout
    started = run("start", "b", "-f", str(path), "--dry-run")
    assert "would mark b in progress" in started.stdout


def test_dry_run_diff_names_a_file_outside_the_cwd_by_its_absolute_path(
    run: Run, tmp_path: Path
) -> None:
    path = put(tmp_path, "# T\n- [ ] a\n")
    result = run("done", "a", "-f", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"--- {path}\n+++ {path}\n" in result.stdout
    assert "../" not in result.stdout


@pytest.mark.parametrize(
    ("field", "now", "stamped"),
    [
        ("2026-01-31 18:30 UTC", "2026-11-22T09:05:00+00:00", "2026-11-22 09:05 UTC"),
        ("Nov 10, 2025 at 2:26 PM UTC-08:00", "2026-11-22T20:05:00+00:00",
         "Nov 22, 2026 at 12:05 PM UTC-08:00"),
        ("2026-01-31T18:30:00Z", "2026-11-22T07:08:09+01:00", "2026-11-22T06:08:09Z"),
        ("31/01/2026 23:50 +01:00", "2026-11-22T23:30:00+00:00", "23/11/2026 00:30 +01:00"),
    ],
)  # fmt: skip
def test_last_updated_time_is_stamped_now_in_the_fields_zone(
    run: Run, tmp_path: Path, field: str, now: str, stamped: str
) -> None:
    path = put(tmp_path, f"# T\n**Last Updated**: {field}\n- [ ] a\n")
    result = run("done", "a", "-f", str(path), env={"TRACKMD_TODAY": "", "TRACKMD_NOW": now})
    assert result.exit_code == 0, result.output
    assert f"**Last Updated**: {stamped}\n" in body(path)


def test_last_updated_time_with_a_pinned_date_is_the_clocks(run: Run, tmp_path: Path) -> None:
    import datetime as dt

    path = put(tmp_path, "# T\n**Last Updated**: 2026-01-31 23:59 UTC\n- [ ] a\n")
    before = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    assert run("done", "a", "-f", str(path)).exit_code == 0
    after = dt.datetime.now(dt.UTC)
    line = body(path).split("\n")[1]
    assert line.startswith(f"**Last Updated**: {FIXED_DATE} "), line
    clock = dt.datetime.strptime(line.split()[-2], "%H:%M").time()
    assert before.time() <= clock <= after.time() or after.date() != before.date(), line
