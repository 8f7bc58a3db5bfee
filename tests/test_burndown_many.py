"""`burndown` over several trackers (issue 16): the series is the per-day sum of each
file's own series, on generated histories in real git repositories."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import git
from trackmd.cli import app
from trackmd.history import burndown as bd
from trackmd.history.combined import build_many

TODAY = dt.date(2026, 11, 20)
NAMES = ("TODO.md", "docs/ROADMAP.md", "team/SPRINT.md")


def tracker(done: int, total: int, sprint: tuple[str, str] | None) -> str:
    head = ""
    if sprint is not None:
        head = f"---\ntrackmd:\n  sprint:\n    start: {sprint[0]}\n    end: {sprint[1]}\n---\n"
    rows = "".join(f"- [{'x' if n < done else ' '}] task {n}\n" for n in range(total))
    return f"{head}# Work\n\n{rows}"


def generated_history(repo: Path, seed: int) -> list[Path]:
    """Three trackers committed on random days (some start later than others), each commit
    ticking boxes or adding scope; one file without sprint dates."""
    rng = random.Random(seed)
    state = {name: [0, rng.randint(3, 8)] for name in NAMES}
    sprints = {NAMES[0]: ("2026-11-03", "2026-11-14"), NAMES[1]: ("2026-11-05", "2026-11-18"),
               NAMES[2]: None}  # fmt: skip
    born = {name: rng.randint(2, 8) for name in NAMES}
    for day in range(2, 20):
        for name in NAMES:
            if day < born[name] or rng.random() < 0.4:
                continue
            done, total = state[name]
            if rng.random() < 0.2:
                total += rng.randint(1, 3)  # scope added
            done = min(total, done + rng.randint(0, 2))
            state[name] = [done, total]
            path = repo / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(tracker(done, total, sprints[name]), encoding="utf-8")
            hour = rng.randint(8, 20)
            when = f"2026-11-{day:02d}T{hour:02d}:00:00+00:00"
            git(repo, "add", name, date=when)
            git(repo, "commit", "-q", "--allow-empty", "-m", f"{name} on {day}", date=when)
    return [repo / name for name in NAMES if (repo / name).exists()]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_sum_equals_the_sum_of_single_file_series(repo: Path, seed: int) -> None:
    paths = generated_history(repo, seed)
    since, until = dt.date(2026, 11, 1), dt.date(2026, 11, 22)
    combined = build_many(paths, [p.name for p in paths], today=TODAY, since=since, until=until)
    singles = [bd.build(p, today=TODAY, since=since, until=until) for p in paths]
    assert [d.date for d in combined.total.days] == [d.date for d in singles[0].days]
    for n, day in enumerate(combined.total.days):
        known = [s.days[n] for s in singles if s.days[n].remaining is not None]
        if not known:
            assert day.remaining is None
            continue
        assert day.remaining == sum(d.remaining or 0 for d in known)
        assert day.done == sum(d.done or 0 for d in known)
        assert day.scope == sum(d.scope or 0 for d in known)
    for mine, single in zip(combined.files, singles, strict=True):
        assert [d.remaining for d in mine.days] == [d.remaining for d in single.days]
    weeks: dict[str, float] = {}
    for single in singles:
        for week, done in single.velocity:
            weeks[week] = weeks.get(week, 0) + done
    assert dict(combined.total.velocity) == weeks


def test_own_range_is_the_union_of_the_files_ranges(repo: Path) -> None:
    paths = generated_history(repo, 7)
    combined = build_many(paths, [p.name for p in paths], today=TODAY)
    first = min(d.date for f in combined.files for d in f.days)
    assert combined.total.days[0].date == first
    assert combined.total.sprint_start is None  # one file names no sprint: no ideal line
    assert all(d.ideal is None for d in combined.total.days)
    sprint_file = next(f for f in combined.files if f.path == "TODO.md")
    assert sprint_file.sprint_start == dt.date(2026, 11, 3)
    assert any(d.ideal is not None for d in sprint_file.days)  # its own ideal line


def test_cli_json_by_file_and_every_tracker(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generated_history(repo, 5)
    monkeypatch.chdir(repo)
    runner = CliRunner()
    env = {"NO_COLOR": "1", "COLUMNS": "100", "TRACKMD_TODAY": TODAY.isoformat()}
    every = runner.invoke(app, ["burndown", "--format", "json"], env=env)
    assert every.exit_code == 0, every.output
    payload = json.loads(every.output)
    assert payload["schema"] == 1 and len(payload["paths"]) == 3 and "files" not in payload
    named = runner.invoke(app, ["burndown", *NAMES[:2], "--format", "json", "--by-file"], env=env)
    by_file = json.loads(named.output)
    assert [f["path"] for f in by_file["files"]] == list(NAMES[:2])
    last = [f["days"][-1]["remaining"] for f in by_file["files"]]
    assert by_file["days"][-1]["remaining"] == sum(v for v in last if v is not None)
    text = runner.invoke(app, ["burndown", *NAMES, "--format", "text", "--by-file"], env=env)
    assert text.exit_code == 0 and text.output.count("Burndown") >= 4, text.output
    table = runner.invoke(app, ["burndown", *NAMES, "--format", "csv", "--by-file"], env=env)
    rows = table.output.splitlines()
    assert rows[0] == "path,date,remaining,done,scope,ideal"
    assert {row.split(",")[0] for row in rows[1:]} == {*NAMES, "3 trackers"}


def test_several_files_refuse_write(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generated_history(repo, 5)
    monkeypatch.chdir(repo)
    before = {n: (repo / n).read_bytes() for n in NAMES}
    result = CliRunner().invoke(app, ["burndown", *NAMES, "--write"], env={"NO_COLOR": "1"})
    assert result.exit_code == 2 and "name one file" in result.output
    assert {n: (repo / n).read_bytes() for n in NAMES} == before
