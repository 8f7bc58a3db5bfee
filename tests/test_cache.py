"""The parse cache: used when the file is unchanged, never when it changed, robust to damage."""

from __future__ import annotations

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
    assert len(list(folder.iterdir())) == 2


def test_damaged_cache_entries_are_ignored(repo: Path) -> None:
    path = repo / "TODO.md"
    path.write_text("# T\n- [x] a\n", encoding="utf-8")
    api.load(path)
    for entry in (repo / ".git" / "trackmd" / "docs").iterdir():
        entry.write_bytes(b"not a pickle")
    assert api.load(path).doc.items[0].text == "a"


def test_cache_is_bounded(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "LIMIT", 4)
    path = repo / "TODO.md"
    for n in range(10):
        path.write_text(f"# T\n- [ ] item {n}\n", encoding="utf-8")
        api.load(path)
    assert len(list((repo / ".git" / "trackmd" / "docs").iterdir())) <= 4


def test_no_cache_setting(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKMD_NO_CACHE", "1")
    path = repo / "TODO.md"
    path.write_text("# T\n- [x] a\n", encoding="utf-8")
    api.load(path)
    assert not (repo / ".git" / "trackmd").exists()
