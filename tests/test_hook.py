"""pre-commit integration on real repositories: the plain hook and the pre-commit framework."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, git, git_env

STALE = "# Sprint\n**Progress**: 0/2 complete\n- [x] write\n- [ ] test\n"
FRESH = "# Sprint\n**Progress**: 1/2 complete\n- [x] write\n- [ ] test\n"


def trackmd(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = str(Path(sys.executable).with_name("trackmd"))
    return subprocess.run([exe, *args], cwd=repo, env=git_env(), capture_output=True, text=True,
                          check=False)  # fmt: skip


def commit(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "commit", "-m", "update tracker"], cwd=repo, env=git_env(),
                          capture_output=True, text=True, check=False)  # fmt: skip


def test_hook_install_checks_the_staged_blob(repo: Path) -> None:
    installed = trackmd(repo, "hook", "install")
    assert installed.returncode == 0, installed.stderr
    assert "pre-commit" in installed.stdout
    again = trackmd(repo, "hook", "install")
    assert again.returncode == 0 and "nothing changed" in again.stdout
    tracker = repo / "SPRINT.md"
    tracker.write_text(STALE, encoding="utf-8")
    git(repo, "add", "SPRINT.md")
    blocked = commit(repo)
    assert blocked.returncode != 0
    assert "SPRINT.md:2:15: error out-of-date" in blocked.stdout + blocked.stderr
    assert (
        "trackmd: SPRINT.md is out of date: run `trackmd sync SPRINT.md && git add SPRINT.md`\n"
        in blocked.stderr
    )
    # fix only the working tree: the staged blob is still stale, so the commit still fails
    tracker.write_text(FRESH, encoding="utf-8")
    unstaged = commit(repo)
    assert unstaged.returncode != 0
    assert (
        "trackmd: SPRINT.md is fixed in the working tree but not staged: git add SPRINT.md\n"
        in unstaged.stderr
    )
    assert "trackmd sync" not in unstaged.stderr
    # stage the fix, then break the working tree: the staged blob is what is checked
    git(repo, "add", "SPRINT.md")
    tracker.write_text(STALE, encoding="utf-8")
    passed = commit(repo)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert git(repo, "show", "HEAD:SPRINT.md") == FRESH


def test_hook_install_refuses_a_foreign_hook(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\necho mine\n", encoding="utf-8")
    result = trackmd(repo, "hook", "install")
    assert result.returncode == 3 and "not written by trackmd" in result.stderr
    assert hook.read_text(encoding="utf-8") == "#!/bin/sh\necho mine\n"


def test_hook_outside_a_repository(tmp_path: Path) -> None:
    env = {**git_env(), "GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    exe = str(Path(sys.executable).with_name("trackmd"))
    out = subprocess.run([exe, "hook", "install"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, check=False)  # fmt: skip
    assert out.returncode == 3 and "not a git repository" in out.stderr


def pre_commit_exe() -> str:
    exe = Path(sys.executable).with_name("pre-commit")
    if not exe.exists():
        pytest.fail("pre-commit is a dev dependency; `make test` installs it")
    return str(exe)


def test_pre_commit_try_repo(repo: Path, tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("try-repo needs this project as a git checkout")
    env = {**git_env(), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    (repo / "TODO.md").write_text(STALE, encoding="utf-8")
    git(repo, "add", "TODO.md")
    check = subprocess.run(
        [pre_commit_exe(), "try-repo", str(ROOT), "trackmd-check", "--files", "TODO.md"],
        cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    assert check.returncode == 1, check.stdout + check.stderr
    assert "TODO.md:2:15: error out-of-date" in check.stdout
    fix = subprocess.run(
        [pre_commit_exe(), "try-repo", str(ROOT), "trackmd-sync", "--files", "TODO.md"],
        cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    assert fix.returncode == 1  # pre-commit fails a hook that modified files
    assert (repo / "TODO.md").read_text(encoding="utf-8") == FRESH
    # a tracker known only by its front matter is checked; a stale-looking non-tracker is not
    (repo / "board.md").write_text(FRONT_MATTER + STALE, encoding="utf-8")
    (repo / "docs").mkdir()
    (repo / "docs" / "explanation.md").write_text(STALE, encoding="utf-8")
    git(repo, "add", "-A")
    both = subprocess.run(
        [pre_commit_exe(), "try-repo", str(ROOT), "trackmd-check", "--files", "board.md",
         "docs/explanation.md"],
        cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    assert both.returncode == 1, both.stdout + both.stderr
    assert "board.md:7:15: error out-of-date" in both.stdout
    assert "explanation.md:" not in both.stdout


# -- which files are trackers: discovery, .gitattributes and pre-commit agree (issue 12) ----

TRACKERS = ["PROGRES.md", "KANBAN.md", "burndown.md", "TODO.markdown", "sprint-plan.md",
            "SPRINT_BOARD.md", "my todo list.md", "notes.todo.md", "Todos.md", "docs/ROADMAP.md",
            "Sprints.md"]  # fmt: skip
NOT_TRACKERS = ["docs/explanation.md", "photodoc.md", "statusquo.md", "README.md", "planet.md",
                "todo.txt"]  # fmt: skip
FRONT_MATTER = "---\ntitle: Board\ntrackmd:\n  count: all\n---\n"


def pre_commit_regex() -> re.Pattern[str]:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    patterns = {hook["files"] for hook in hooks}
    assert len(patterns) == 1  # check and sync take the same files
    return re.compile(patterns.pop())


def test_discovery_gitattributes_and_pre_commit_agree_on_names(repo: Path) -> None:
    from trackmd.git.repository import listed_markdown
    from trackmd.io import files

    for name in [*TRACKERS, *NOT_TRACKERS, "board.md"]:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        head = FRONT_MATTER if name == "board.md" else ""
        (repo / name).write_text(head + STALE, encoding="utf-8")
    installed = trackmd(repo, "hook", "install", "--merge-driver")
    assert installed.returncode == 0, installed.stderr
    found = {p.relative_to(repo).as_posix() for p in files.discover(repo, (), listed_markdown)}
    assert found == {*TRACKERS, "board.md"}
    by_attributes = {
        name for name in [*TRACKERS, *NOT_TRACKERS, "board.md"]
        if git(repo, "check-attr", "merge", "--", name).strip().endswith("merge: trackmd")
    }  # fmt: skip
    assert by_attributes == set(TRACKERS)  # front matter is not a name: board.md needs a glob
    # pre-commit: its `files` regex, then trackmd's own filter, on the real CLI
    regex = pre_commit_regex()
    passed = [n for n in [*TRACKERS, *NOT_TRACKERS, "board.md"] if regex.search(n)]
    assert "todo.txt" not in passed
    checked = trackmd(repo, "check", "--trackers-only", *passed)
    assert checked.returncode == 1
    reported = {line.split(":", 1)[0] for line in checked.stdout.splitlines() if line}
    assert reported == {*TRACKERS, "board.md"}


def test_pre_commit_skips_a_non_tracker_and_checks_a_front_matter_tracker(repo: Path) -> None:
    (repo / "docs").mkdir()
    (repo / "docs" / "explanation.md").write_text(STALE, encoding="utf-8")
    nothing = trackmd(repo, "check", "--trackers-only", "docs/explanation.md")
    assert nothing.returncode == 0 and nothing.stdout == ""
    synced = trackmd(repo, "sync", "--trackers-only", "docs/explanation.md")
    assert synced.returncode == 0
    assert (repo / "docs" / "explanation.md").read_text(encoding="utf-8") == STALE  # untouched
    (repo / "board.md").write_text(FRONT_MATTER + STALE, encoding="utf-8")
    assert pre_commit_regex().search("board.md")
    stale = trackmd(repo, "check", "--trackers-only", "board.md")
    assert stale.returncode == 1 and "board.md:7:15: error out-of-date" in stale.stdout


# -- a bare repository with GIT_DIR and GIT_WORK_TREE (dotfiles-style, issue 12) -----------


def test_bare_repository_with_git_dir_and_work_tree(tmp_path: Path) -> None:
    bare, home = tmp_path / "dotfiles.git", tmp_path / "home"
    home.mkdir()
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], env=git_env(), check=True)
    env = {**git_env(), "GIT_DIR": str(bare), "GIT_WORK_TREE": str(home)}
    exe = str(Path(sys.executable).with_name("trackmd"))

    def run(*args: str, cwd: Path = home) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True,
                              check=False)  # fmt: skip

    installed = run(exe, "hook", "install", "--merge-driver")
    assert installed.returncode == 0, installed.stderr
    assert (bare / "hooks" / "pre-commit").exists()
    assert "merge-driver" in run("git", "config", "merge.trackmd.driver").stdout
    assert (home / ".gitattributes").exists()
    (home / "SPRINT.md").write_text(STALE, encoding="utf-8")
    assert run("git", "add", "SPRINT.md").returncode == 0
    checked = run(exe, "check", "--staged")
    assert checked.returncode == 1, checked.stderr
    assert "SPRINT.md:2:15: error out-of-date" in checked.stdout
    blocked = run("git", "commit", "-m", "stale")
    assert blocked.returncode != 0
    assert "trackmd sync SPRINT.md && git add SPRINT.md" in blocked.stderr
    (home / "SPRINT.md").write_text(FRESH, encoding="utf-8")
    run("git", "add", "SPRINT.md")
    assert run(exe, "check", "--staged").returncode == 0
    passed = run("git", "commit", "-m", "fresh")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    # a relative GIT_DIR, run from a folder of the work tree
    (home / "sub").mkdir()
    env["GIT_DIR"] = "../../dotfiles.git"
    env["GIT_WORK_TREE"] = ".."
    again = run(exe, "hook", "install", cwd=home / "sub")
    assert again.returncode == 0 and "nothing changed" in again.stdout, again.stderr
    # GIT_DIR without a work tree: one clear line, exit 3
    del env["GIT_WORK_TREE"]
    env["GIT_DIR"] = str(bare)
    lost = run(exe, "check", "--staged", cwd=tmp_path)
    assert lost.returncode == 3 and "GIT_WORK_TREE" in lost.stderr
    assert len(lost.stderr.strip().splitlines()) == 1
