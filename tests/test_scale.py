"""Work linear in the size of a tracker (issue 15): the pieces that were quadratic on
thousands of headings, each held to the slow code it replaced on small inputs."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from trackmd.app import api
from trackmd.app.api import line_for_line_diff
from trackmd.core.edit import apply
from trackmd.core.model import Edit, Span

LINES = st.lists(st.sampled_from(["a\n", "b\n", "- [ ] x\n", "\n", "## H\n", "c"]), max_size=40)


def patched(old: list[str], diff: str) -> list[str]:
    """Apply a unified diff to `old` (the few rules `line_for_line_diff` writes)."""
    out, at = [], 0
    for line in diff.splitlines(keepends=True)[2:]:
        if line.startswith("@@"):
            start = int(line.split()[1][1:].split(",")[0]) - 1  # `@@ -s,l +s,l @@`, l > 0
            out += old[at:start]
            at = start
        elif line.startswith(" "):
            out.append(old[at])
            at += 1
        elif line.startswith("-"):
            at += 1
        else:
            out.append(line[1:])
    return out + old[at:]


@given(LINES, st.data())
def test_the_line_for_line_diff_takes_the_old_text_to_the_new(
    old: list[str], data: st.DataObject
) -> None:
    old = [line if line.endswith("\n") else line + "\n" for line in old]
    new = [data.draw(st.sampled_from([line, "changed\n", line.upper()])) for line in old]
    diff = "".join(line_for_line_diff(old, new, "a/T.md", "b/T.md"))
    assert patched(old, diff) == new
    removed = sum(1 for line in diff.splitlines()[2:] if line.startswith("-"))
    assert removed == sum(1 for a, b in zip(old, new, strict=True) if a != b)
    assert (diff == "") == (old == new)


def test_the_line_for_line_diff_is_difflibs_on_unique_lines() -> None:
    old = [f"line {n}\n" for n in range(40)]
    new = list(old)
    for n in (0, 5, 6, 14, 22, 39):
        new[n] = f"LINE {n}\n"
    ours = "".join(line_for_line_diff(old, new, "a/T.md", "b/T.md"))
    assert ours == "".join(difflib.unified_diff(old, new, "a/T.md", "b/T.md"))


@given(st.text(max_size=60), st.data())
def test_apply_puts_each_edit_at_its_offsets(text: str, data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    spans = [Span(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False)]
    edits = [Edit(span, data.draw(st.text(max_size=4)), "t", "t") for span in spans]
    expected = text
    for edit in reversed(edits):  # the slow way: last first, so earlier offsets hold
        expected = expected[: edit.span.start] + edit.text + expected[edit.span.end :]
    assert apply(text, edits) == expected


def monorepo(root: Path, count: int) -> None:
    for n in range(count):
        folder = root / f"pkg{n:02}"
        folder.mkdir()
        stale = "0/3" if n % 3 else "2/3"
        body = (
            f"# Package {n}\n\n**Progress**: {stale}\n\n- [x] build\n- [x] test {n}\n- [ ] ship\n"
        )
        (folder / "TODO.md").write_text(body, encoding="utf-8")


def test_many_trackers_load_on_every_core_as_they_do_on_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15: past `POOL_MIN` trackers a cold run parses in worker processes; what comes
    back, and in which order, is the serial path's, cold, warm and half warm."""
    count = 2 * api.POOL_MIN + 2
    monorepo(tmp_path, count)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRACKMD_JOBS", "1")
    monkeypatch.setenv("TRACKMD_NO_CACHE", "1")
    serial = api.trackers([tmp_path])
    assert len(serial) == count
    monkeypatch.setenv("TRACKMD_JOBS", "2")
    assert api._workers(count) == 2
    assert api.trackers([tmp_path]) == serial  # cold, in workers
    monkeypatch.delenv("TRACKMD_NO_CACHE")
    assert api.trackers([tmp_path]) == serial  # cold, the workers fill the cache
    assert all(api.cached(t.path) for t in serial)
    for tracker in serial[::2]:  # half the files change: those are parsed again
        tracker.path.write_text(tracker.doc.text + "- [ ] more\n", encoding="utf-8")
    assert sum(api.cached(t.path) for t in serial) == count // 2 >= api.POOL_MIN
    mixed = api.trackers([tmp_path])  # half from the cache here, half from the workers
    monkeypatch.setenv("TRACKMD_JOBS", "1")
    monkeypatch.setenv("TRACKMD_NO_CACHE", "1")
    assert mixed == api.trackers([tmp_path])
    assert [len(t.doc.items) for t in mixed[:2]] == [4, 3]


def test_status_renders_in_the_workers_as_it_does_on_one_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result]
) -> None:
    """Issue 15: past `POOL_MIN` cold trackers each worker renders its files' `status` and
    keeps the views; the output, its order, the exit code and the diagnostics are one
    process's, with the cache off, filled by the workers, warm, half warm, and on a bad file."""
    count = 2 * api.POOL_MIN + 2
    monorepo(tmp_path, count)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)

    def status(jobs: str, *args: str, cache: bool = False) -> tuple[int, str, str]:
        env = {"TRACKMD_JOBS": jobs, "TRACKMD_NO_CACHE": "" if cache else "1"}
        done = run("status", str(tmp_path), *args, env=env)
        return done.exit_code, done.stdout, done.stderr

    serial = status("1")
    assert serial[0] == 0 and serial[1].count("Package") == count
    assert status("2") == serial  # cold, rendered in the workers
    assert status("2", "--json") == status("1", "--json")
    assert status("2", cache=True) == serial  # cold: the workers fill the cache
    assert all(api.cached(tmp_path / f"pkg{n:02}" / "TODO.md") for n in range(count))
    assert status("2", cache=True) == serial  # every view from the cache
    assert status("2", "--open", cache=True) == status("1", "--open")  # models cached
    for n in range(0, count, 2):  # half the files change: those render in the workers
        path = tmp_path / f"pkg{n:02}" / "TODO.md"
        path.write_text(path.read_text(encoding="utf-8") + "- [ ] more\n", encoding="utf-8")
    changed = status("1")
    assert changed != serial
    assert status("2", cache=True) == changed
    (tmp_path / f"pkg{count // 2:02}" / "TODO.md").write_bytes(b"# Bad\n\n- [ ] \xff\n")
    failed = status("1")
    assert failed[0] == 3 and "not valid UTF-8" in failed[2]
    assert status("2") == failed
    assert status("2", "--json") == status("1", "--json") == failed
    assert status("2", cache=True) == failed


def test_check_reports_in_the_workers_as_it_does_on_one_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result]
) -> None:
    """`check` says each tracker's diagnostics as it reads it, in workers past `POOL_MIN`:
    every format's output, its order and the exit code are one process's, on a bad file too."""
    count = 2 * api.POOL_MIN + 2
    monorepo(tmp_path, count)
    monkeypatch.chdir(tmp_path)

    def check(jobs: str, fmt: str) -> tuple[int, str, str]:
        env = {"TRACKMD_JOBS": jobs, "TRACKMD_NO_CACHE": "1", "GITHUB_STEP_SUMMARY": ""}
        done = run("check", "--format", fmt, str(tmp_path), env=env)
        return done.exit_code, done.stdout, done.stderr

    for fmt in ("text", "json", "github"):
        serial = check("1", fmt)
        assert serial[0] == 1 and serial[1].count("out-of-date") >= count // 2, fmt
        assert check("2", fmt) == serial, fmt
    (tmp_path / f"pkg{count // 2:02}" / "TODO.md").write_bytes(b"# Bad\n\n- [ ] \xff\n")
    for fmt in ("text", "json"):
        failed = check("1", fmt)
        assert failed[0] == 3 and "not valid UTF-8" in failed[2]
        assert check("2", fmt) == failed


@pytest.mark.parametrize(
    "command", [("status",), ("status", "--json"), ("check",), ("check", "--format", "json")]
)
def test_a_read_over_many_trackers_holds_one_model_at_a_time(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run: Callable[..., Result],
    command: tuple[str, ...],
) -> None:
    """Issue 15: `status` and `check` render and release file by file, so a monorepo's run
    holds a model or two, not all of them. Counted as each file starts to load, one core."""
    import gc

    from trackmd.core.model import Document

    count = 12
    monorepo(tmp_path, count)
    monkeypatch.chdir(tmp_path)
    live: list[int] = []
    real_load = api.load

    def load(path: Path, exact: bool = False) -> api.Tracker:
        live.append(sum(isinstance(o, Document) for o in gc.get_objects()))
        return real_load(path, exact)

    monkeypatch.setattr(api, "load", load)
    done = run(*command, str(tmp_path), env={"TRACKMD_JOBS": "1", "TRACKMD_NO_CACHE": "1"})
    assert done.exit_code in (0, 1), done.output
    assert len(live) == count
    assert max(live) - live[0] <= 2, f"{' '.join(command)} held {live}"


def test_a_bad_file_stops_check_where_one_core_stops_it(tmp_path: Path) -> None:
    """Through the installed `trackmd`, in workers: the files before a bad one say their
    diagnostics, as on one core, even those in the bad file's chunk (a worker's raise lost
    them), then exit 3."""
    import os
    import shutil
    import subprocess
    import sys

    exe = shutil.which("trackmd", path=str(Path(sys.executable).parent))
    assert exe is not None
    for n in range(40):
        body = f"# T{n}\n\n**Progress**: 0/2\n\n- [x] a\n- [ ] b\n"
        (tmp_path / f"t{n:02}.md").write_text(body, encoding="utf-8")
    (tmp_path / "t19.md").write_bytes(b"# bad\n\xff\xfe\x00 zz\n")
    files = sorted(p.name for p in tmp_path.glob("*.md"))

    def check(jobs: str) -> tuple[int, str, str]:
        env = {**os.environ, "TRACKMD_JOBS": jobs, "TRACKMD_NO_CACHE": "1"}
        done = subprocess.run([exe, "check", *files], cwd=tmp_path, env=env,
                              capture_output=True, text=True, check=False)  # fmt: skip
        return done.returncode, done.stdout, done.stderr

    serial = check("1")
    assert serial[0] == 3 and serial[1].count("out-of-date") == 19
    assert check("2") == serial
