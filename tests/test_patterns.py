"""The compiled-pattern store (`core.patterns`, `io.patternstore`, `app.startup`): a pattern
built from stored code is `re`'s own pattern, a damaged or foreign store costs only time,
and a run's output is the same with the store and without it."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT
from trackmd.core import kept, patterns

TRACKMD = str(Path(sys.executable).with_name("trackmd"))
SOURCES = [
    r"^(?P<pre>[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[(?P<mark>.)\]",
    r"(?<![\w])(?:done|fait|erledigt|完了)(?![\w'])",
    r"[█▓▒░]{5,}|\[(?P<inner>[#=\-. ]{5,})\]",
    r"(\d{1,3})[ \t]*(days?|jours?)",
    r"^$",
]


@pytest.fixture
def store() -> Iterator[dict[patterns.Key, patterns.Entry]]:
    """An empty store in use for the test, none after it."""
    held: dict[patterns.Key, patterns.Entry] = {}
    patterns.use(held)
    yield held
    patterns.stop()


def test_a_pattern_built_from_stored_code_is_res_own(
    store: dict[patterns.Key, patterns.Entry],
) -> None:
    for flags in (0, re.I, re.M | re.S):
        for source in SOURCES:
            learned = patterns.compile(source, flags)
            assert learned == re.compile(source, flags)
    store.update(patterns.learned())
    assert len(store) == len(SOURCES) * 3
    patterns.use(store)
    for (source, flags), entry in store.items():
        built = patterns.compile(source, flags)
        assert built == re.compile(source, flags)  # source, flags and code all equal
        assert built.groupindex == re.compile(source, flags).groupindex
        assert patterns.learned() == {}, "a stored pattern is not compiled again"
        assert entry[0] == re.compile(source, flags).flags


def test_an_entry_sre_rejects_is_compiled_afresh(
    store: dict[patterns.Key, patterns.Entry],
) -> None:
    source = SOURCES[0]
    patterns.compile(source)
    final, code, groups, groupindex, indexgroup = patterns.learned()[(source, 0)]
    store[(source, 0)] = (final, [*code[:5], 999_999, *code[6:]], groups, groupindex, indexgroup)
    patterns.use(store)
    assert patterns.compile(source) == re.compile(source)
    assert (source, 0) in patterns.learned(), "the damaged entry is learned again"
    store[(source, 0)] = (final, code[:3], groups, groupindex, indexgroup)  # cut short
    patterns.use(store)
    assert patterns.compile(source) == re.compile(source)


def test_without_a_store_nothing_is_learned() -> None:
    patterns.stop()
    assert patterns.compile(SOURCES[1]) == re.compile(SOURCES[1])
    assert patterns.learned() == {}


def test_no_module_compiles_a_pattern_around_the_store() -> None:
    """Every pattern of trackmd's is compiled by `patterns.compile`, so the store holds them
    all: a plain `re.compile` would be compiled at every start."""
    package = ROOT / "src" / "trackmd"
    around = [
        f"{path.relative_to(package)}:{n}"
        for path in sorted(package.rglob("*.py"))
        if path.name != "patterns.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "re.compile(" in line and "patterns.compile(" not in line
    ]
    assert not around, around


def environment(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TRACKMD_NO_PATTERN_CACHE"}
    return {**env, "XDG_CACHE_HOME": str(cache), "TRACKMD_NO_CACHE": "1", "NO_COLOR": "1",
            "TRACKMD_TODAY": "2026-11-22", "COLUMNS": "100", **extra}  # fmt: skip


def trackmd(cache: Path, *argv: str, **extra: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [TRACKMD, *argv], cwd=EXAMPLES, env=environment(cache, **extra), capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    return done.returncode, done.stdout, done.stderr


def stored(cache: Path) -> Path:
    found = sorted((cache / "trackmd").glob("patterns-*.bin"))
    assert len(found) == 1, found
    return found[0]


def test_the_installed_command_keeps_its_patterns_and_reads_them_back(tmp_path: Path) -> None:
    first = trackmd(tmp_path, "status")
    path = stored(tmp_path)
    stamp, entries, files = marshal.loads(path.read_bytes())
    assert stamp == patterns.stamp()
    assert {Path(name).name for name in files} >= {"en.json", "de.json", "ja.json"}
    assert len(entries) > 50
    for (source, flags), entry in entries.items():
        patterns.use({(source, flags): entry})
        assert patterns.compile(source, flags) == re.compile(source, flags), source
        assert patterns.learned() == {}, source
    patterns.stop()
    before = path.stat().st_mtime_ns, path.read_bytes()
    again = trackmd(tmp_path, "status")
    assert again == first
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before, "nothing new to keep"
    without = trackmd(tmp_path / "off", "status", TRACKMD_NO_PATTERN_CACHE="1")
    assert without == first
    assert not (tmp_path / "off" / "trackmd").exists()


@pytest.mark.parametrize(
    "damage",
    [b"", b"\x00garbage\xff" * 50, marshal.dumps(("another python", {}, {})), marshal.dumps(42),
     marshal.dumps(("x", "y", "z")), marshal.dumps((patterns.stamp(), {}))],
    ids=["empty", "garbage", "foreign", "not-a-triple", "strings", "last-version"],
)  # fmt: skip
def test_a_damaged_store_is_an_empty_one(tmp_path: Path, damage: bytes) -> None:
    clean = trackmd(tmp_path / "clean", "check", "ROADMAP.md")
    path = stored(tmp_path / "clean")
    path.write_bytes(damage)
    assert trackmd(tmp_path / "clean", "check", "ROADMAP.md") == clean
    assert marshal.loads(path.read_bytes())[0] == patterns.stamp(), "written anew"


def test_a_data_file_is_read_again_when_it_changes(tmp_path: Path) -> None:
    """`kept.read`: the stored content while the file is the one it was read from (size,
    modification time); the file's new content once it changes."""
    data = tmp_path / "xx.json"
    data.write_text('{"code": "xx"}', encoding="utf-8")
    calls: list[bytes] = []

    def parse(raw: bytes) -> str:
        calls.append(raw)
        return raw.decode()

    kept.use({})
    try:
        assert kept.read(data, parse) == '{"code": "xx"}'
        store = dict(kept.learned())
        kept.use(store)
        assert kept.read(data, parse) == '{"code": "xx"}'
        assert len(calls) == 1, "read from the store"
        data.write_text('{"code": "yy", "name": "Y"}', encoding="utf-8")
        assert kept.read(data, parse) == '{"code": "yy", "name": "Y"}'
        assert len(calls) == 2
        assert kept.learned()[str(data)][2] == '{"code": "yy", "name": "Y"}'
    finally:
        kept.stop()
    assert kept.read(data, parse) == '{"code": "yy", "name": "Y"}'
    assert len(calls) == 3, "without a store, the file itself"


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")  # the cache folder's place is taken by a file
    assert trackmd(blocked, "status") == trackmd(tmp_path / "fine", "status")
