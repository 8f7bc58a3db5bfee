"""The parse cache: used when the file is unchanged, never when it changed, robust to damage."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from tests.conftest import git
from trackmd.app import api
from trackmd.io import cache


def test_cache_lives_under_git_and_follows_content(repo: Path) -> None:
    path = repo / "TODO.md"
    path.write_text("# T\n**Progress**: 0/2\n- [x] a\n- [ ] b\n", encoding="utf-8")
    git(repo, "add", "TODO.md")
    first = api.load(path)
    folder = repo / ".git" / "trackmd" / "docs"
    entries = list(folder.iterdir())
    assert len(entries) == 1
    again = api.load(path)
    assert again.doc == first.doc and len(again.stale) == 1
    path.write_text("# T\n**Progress**: 1/2\n- [x] a\n- [ ] b\n", encoding="utf-8")
    changed = api.load(path)
    assert changed.stale == ()  # a changed file is parsed afresh
    assert list(folder.iterdir()) == entries  # its one entry now holds the new version
    path.write_text("# T\n**Progress**: 0/2\n- [x] a\n- [ ] b\n", encoding="utf-8")
    assert len(api.load(path).stale) == 1  # back to the first version: never the second's


def test_a_repository_of_many_trackers_runs_warm(repo: Path) -> None:
    """Issue 15: with more trackers than an entry count allowed (512), every run was cold.
    One entry per tracker: a second run over 600 trackers reads each from the cache."""
    paths = []
    for n in range(600):
        path = repo / "docs" / f"t{n}" / "TODO.md"
        path.parent.mkdir(parents=True)
        path.write_text(f"# T{n}\n**Progress**: 0/2\n- [x] a\n- [ ] b {n}\n", encoding="utf-8")
        paths.append(path)
    assert all(len(api.load(path).stale) == 1 for path in paths)
    folder = repo / ".git" / "trackmd" / "docs"
    assert len(list(folder.iterdir())) == 600
    for entry in folder.iterdir():  # mark every entry: a warm run reads them, parses none
        with entry.open("rb") as handle:  # a header, then the model
            head, value = pickle.load(handle), pickle.load(handle)
        entry.write_bytes(pickle.dumps(head) + pickle.dumps(value._replace(stale=())))
    assert all(api.load(path).stale == () for path in paths)


def test_damaged_cache_entries_are_ignored(repo: Path) -> None:
    path = repo / "TODO.md"
    path.write_text("# T\n- [x] a\n", encoding="utf-8")
    api.load(path)
    for entry in (repo / ".git" / "trackmd" / "docs").iterdir():
        entry.write_bytes(b"not a pickle")
    assert api.load(path).doc.items[0].text == "a"


def test_cache_is_bounded_in_bytes(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past its bound the cache drops the entries used least lately (trackers deleted or
    renamed), down to three quarters of the bound, once per run."""
    folder = repo / ".git" / "trackmd" / "docs"
    for n in range(10):
        path = repo / f"T{n}.md"
        path.write_text(f"# T\n- [ ] item {n}\n", encoding="utf-8")
        api.load(path)
    sizes = sorted(entry.stat().st_size for entry in folder.iterdir())
    assert len(sizes) == 10
    monkeypatch.setattr(cache, "BYTES", sum(sizes[:4]))
    monkeypatch.setattr(cache, "_pruned", set())
    newest = repo / "NEW.md"
    newest.write_text("# New\n- [ ] one\n", encoding="utf-8")
    api.load(newest)
    kept = list(folder.iterdir())
    assert 0 < sum(entry.stat().st_size for entry in kept) <= sum(sizes[:4]) * 3 // 4 + 1
    assert cache.slot(newest) in {entry.name for entry in kept}


def test_no_cache_setting(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKMD_NO_CACHE", "1")
    path = repo / "TODO.md"
    path.write_text("# T\n- [x] a\n", encoding="utf-8")
    api.load(path)
    assert not (repo / ".git" / "trackmd").exists()


STATUS_FILES = {
    "TODO.md": "# Todo\n\n**Progress**: 0/3\n\n- [x] a\n- [ ] b 📅 2026-11-20\n- [/] c\n",
    "docs/ROADMAP.md": "# Roadmap\n\n## One\n\n- [x] x\n\n## Two\n\n- [ ] y\n",
}


def test_a_rerun_of_status_reads_each_files_rendering_back(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15: an unchanged file's `status` is read back, its model not even loaded; a
    changed file, day or width renders afresh, as a run without the cache does."""
    from typer.testing import CliRunner

    from trackmd.cli import app

    for name, text in STATUS_FILES.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    monkeypatch.chdir(repo)

    def status(*args: str, cache: str = "", **env: str) -> str:
        full = {"NO_COLOR": "1", "COLUMNS": "100", "TRACKMD_TODAY": "2026-11-22", **env}
        full["TRACKMD_NO_CACHE"] = cache  # "1": off
        result = CliRunner().invoke(app, ["status", *args], env=full)
        assert result.exit_code == 0, result.output
        return result.output

    first = status()
    assert "overdue" in first and "All 2 trackers" in first
    with monkeypatch.context() as patched:

        def no_model(*args: object, **kwargs: object) -> None:
            raise AssertionError("a warm status loaded a model")

        patched.setattr(api, "load_text", no_model)
        assert status() == first
    (repo / "TODO.md").write_text(STATUS_FILES["TODO.md"].replace("[/] c", "[x] c"), "utf-8")
    changed = status()
    assert changed != first and changed == status(cache="1")
    assert "2/3 done" in changed
    for args, env in (((), {"TRACKMD_TODAY": "2026-11-10"}), ((), {"COLUMNS": "60"}),
                      (("--depth", "1"), {}), (("--open",), {})):  # fmt: skip
        assert status(*args, **env) == status(*args, cache="1", **env)
    assert status(TRACKMD_TODAY="2026-11-10") != changed  # no longer overdue
