"""Burndown series, sprint dates, outputs and the D7 block, on real temporary git repositories."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest
import typer
from typer.testing import CliRunner, Result

from tests.conftest import git_env
from trackmd.cli_history import burndown as burndown_command
from trackmd.cli_history import log as log_command
from trackmd.core import sprint as sp
from trackmd.core.errors import BadInput, TrackmdError
from trackmd.core.parse import parse
from trackmd.history import burndown as bd
from trackmd.history.series import Burndown, Day, Forecast, _forecast

TODAY = dt.date(2026, 11, 11)


@pytest.fixture(autouse=True)
def _clean_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_COMMON_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("TRACKMD_TODAY", raising=False)


def git_in(repo: Path, *args: str, date: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=git_env(date), capture_output=True, check=True)


HEAD = """---
trackmd:
  sprint:
    start: 2026-11-02
    end: 2026-11-13
---
# Sprint 12

## Burndown

```mermaid
```

<!-- trackmd:burndown -->
```
old chart
```

## Backend

"""


def sprint_file(marks: str, extra: int = 0) -> str:
    """T-1..T-10 with the given markers (T-10 cancelled from the start), plus `extra` items."""
    names = ["Set up CI", "Database schema", "REST API", "Auth", "Logging", "Login page",
             "Dashboard", "Settings page", "Charts", "Dark mode", "Export", "Import", "Search"]  # fmt: skip
    lines = [f"- [{m}] T-{n + 1} {names[n]}" for n, m in enumerate(marks[: 10 + extra])]
    return HEAD + "\n".join(lines[:5]) + "\n\n## Frontend\n\n" + "\n".join(lines[5:]) + "\n"


def commit(repo: Path, name: str, text: str, date: str) -> None:
    (repo / name).parent.mkdir(parents=True, exist_ok=True)
    (repo / name).write_text(text)
    git_in(repo, "add", name, date=date)
    git_in(repo, "commit", "-q", "-m", f"update {date}", date=date)


@pytest.fixture
def sprint(repo: Path) -> Path:
    """A known history: two commits in a day, an idle day, scope added, a rename, a commit
    late in the evening at UTC-5, a cancelled item, and an uncommitted tick (today 11-11)."""
    commit(repo, "TRACKER.md", sprint_file("         -"), "2026-11-02T09:00:00+00:00")
    commit(repo, "TRACKER.md", sprint_file("xx       -"), "2026-11-03T10:00:00+00:00")
    commit(repo, "TRACKER.md", sprint_file("xxx      -"), "2026-11-04T10:00:00+00:00")
    commit(repo, "TRACKER.md", sprint_file("xxxx/    -"), "2026-11-04T16:00:00+00:00")
    commit(repo, "TRACKER.md", sprint_file("xxxx/    -   ", 3), "2026-11-06T11:00:00+00:00")
    git_in(repo, "mv", "TRACKER.md", "SPRINT.md", date="2026-11-09T10:00:00+00:00")
    git_in(repo, "commit", "-q", "-m", "rename", date="2026-11-09T10:00:00+00:00")
    commit(repo, "SPRINT.md", sprint_file("xxxxxx   -   ", 3), "2026-11-09T23:30:00-05:00")
    commit(repo, "SPRINT.md", sprint_file("xxxxxx   -  -", 3), "2026-11-10T09:00:00+00:00")
    (repo / "SPRINT.md").write_text(sprint_file("xxxxxxx  -  -", 3))
    return repo / "SPRINT.md"


EXPECTED_DAYS = [
    # date, remaining, done, scope, ideal
    ("2026-11-02", 9, 0, 9, 9),
    ("2026-11-03", 7, 2, 9, 8.18),
    ("2026-11-04", 5, 4, 9, 7.36),  # two commits: the later one counts
    ("2026-11-05", 5, 4, 9, 6.55),  # no commit: carried forward
    ("2026-11-06", 8, 4, 12, 5.73),  # three items added: a step up
    ("2026-11-07", 8, 4, 12, 4.91),
    ("2026-11-08", 8, 4, 12, 4.09),
    ("2026-11-09", 6, 6, 12, 3.27),  # renamed, then 23:30 at UTC-5 (11-10 in UTC)
    ("2026-11-10", 5, 6, 11, 2.45),  # one item cancelled
    ("2026-11-11", 4, 7, 11, 1.64),  # uncommitted tick, today
    ("2026-11-12", None, None, None, 0.82),
    ("2026-11-13", None, None, None, 0),
]


def test_known_history_gives_the_exact_series(sprint: Path) -> None:
    result = bd.build(sprint, today=TODAY, name="SPRINT.md").as_json()
    assert result["schema"] == 1
    assert result["path"] == "SPRINT.md"
    assert result["unit"] == "items"
    assert result["sprint"] == {"start": "2026-11-02", "end": "2026-11-13"}
    listed = cast(list[dict[str, object]], result["days"])
    days = [(d["date"], d["remaining"], d["done"], d["scope"], d["ideal"]) for d in listed]
    assert days == EXPECTED_DAYS
    # the last week's rate: least squares over 11-05..11-11 = 11/28 a day; 4 left → 11 days
    assert result["forecast"] == {"date": "2026-11-22", "rate_per_day": 0.39}
    assert result["velocity"] == [{"week": "2026-W45", "done": 4}, {"week": "2026-W46", "done": 3}]


def test_history_counts_match_status_counts_for_the_current_file(sprint: Path) -> None:
    from trackmd.core.derive import Counts

    doc = parse(sprint.read_text())
    last = bd.build(sprint, today=TODAY).days[9]
    progress = Counts(doc).document
    assert (last.remaining, last.done, last.scope) == (
        progress.remaining, progress.done, progress.total
    )  # fmt: skip


def test_since_and_until_override_the_sprint(sprint: Path) -> None:
    result = bd.build(sprint, today=TODAY, since=dt.date(2026, 11, 6), until=dt.date(2026, 11, 10))
    assert [d.date.day for d in result.days] == [6, 7, 8, 9, 10]
    assert [d.ideal for d in result.days] == [8, 6, 4, 2, 0]
    assert result.forecast is None  # the range ends before today: no forecast from the past


def test_points(repo: Path) -> None:
    text = "# Plan\n\n- [x] a (3 pts)\n- [ ] b (5 pts)\n- [-] c (8 pts)\n- [/] d (2 pts)\n"
    commit(repo, "PLAN.md", text, "2026-11-02T09:00:00+00:00")
    result = bd.build(repo / "PLAN.md", today=dt.date(2026, 11, 2), points=True)
    assert result.unit == "points"
    assert (result.days[0].remaining, result.days[0].done, result.days[0].scope) == (7, 3, 10)
    commit(repo, "TODO.md", "- [ ] a\n", "2026-11-02T09:00:00+00:00")
    with pytest.raises(BadInput, match="no story points"):
        bd.build(repo / "TODO.md", today=dt.date(2026, 11, 2), points=True)


# -- series rules, without git ------------------------------------------------------------


def _days(values: list[float | None], start: dt.date = dt.date(2026, 1, 1)) -> list[Day]:
    return [
        Day(start + dt.timedelta(days=i), v, None if v is None else 10 - v, 10, None)
        for i, v in enumerate(values)
    ]


def test_forecast_only_when_the_rate_converges() -> None:
    today = dt.date(2026, 1, 7)
    assert _forecast(_days([10, 9, 8, 7, 6, 5, 4]), today) == Forecast(dt.date(2026, 1, 11), 1)
    assert _forecast(_days([4, 5, 6, 7, 8, 9, 10]), today) is None  # growing
    assert _forecast(_days([5] * 7), today) is None  # flat
    assert _forecast(_days([1, 1, 1, 1, 1, 1, 0]), today) is None  # nothing left
    slow = _days([1000.01, 1000.01, 1000.01, 1000.01, 1000.01, 1000.01, 1000])
    assert _forecast(slow, today) is None  # decades away: not a forecast
    assert _forecast(_days([9, 8]), dt.date(2026, 1, 9)) is None  # no data for today


def test_sprint_dates_from_fields() -> None:
    reference = dt.date(2025, 7, 20)
    doc = parse("# S\n\n**Duration**: 13 jours (29 Jul - 12 Aug)\n")
    assert sp.sprint_dates(doc, reference) == (dt.date(2025, 7, 29), dt.date(2025, 8, 12))
    doc = parse("# S\n\n**Début** : 2025-10-01 (après Sprint 0)\n**Durée** : 5 jours\n")
    assert sp.sprint_dates(doc, reference) == (dt.date(2025, 10, 1), dt.date(2025, 10, 5))
    doc = parse("# S\n\n**Sprint Start Date**: July 28, 2025\n**Sprint Duration**: 2 weeks\n")
    assert sp.sprint_dates(doc, reference) == (dt.date(2025, 7, 28), dt.date(2025, 8, 10))
    doc = parse("# S\n\n**Sprint Start Date**: Week 1, 2025\n")
    assert sp.sprint_dates(doc, reference) == (None, None)
    doc = parse("# S\n\n**Timeline**: 28 déc. - 8 janv.\n")
    assert sp.sprint_dates(doc, dt.date(2025, 12, 1)) == (
        dt.date(2025, 12, 28),
        dt.date(2026, 1, 8),
    )


def test_sprint_dates_of_seed_000() -> None:
    from tests.conftest import seed

    doc = parse(seed("000").read_text(encoding="utf-8"))
    assert sp.sprint_dates(doc, dt.date(2025, 7, 28)) == (
        dt.date(2025, 7, 29),
        dt.date(2025, 8, 12),
    )


# -- outputs ------------------------------------------------------------------------------


@pytest.fixture
def result(sprint: Path) -> Burndown:
    return bd.build(sprint, today=TODAY, name="SPRINT.md")


def test_csv_has_one_row_per_day_with_the_json_columns(result: Burndown) -> None:
    rows = list(csv.reader(io.StringIO(bd.to_csv(result))))
    assert rows[0] == ["date", "remaining", "done", "scope", "ideal"]
    assert rows[2] == ["2026-11-03", "7", "2", "9", "8.18"]
    assert rows[-1] == ["2026-11-13", "", "", "", "0"]
    assert len(rows) == 1 + len(EXPECTED_DAYS)


def test_json_is_what_json_dumps_writes(result: Burndown) -> None:
    def reference(burndown: Burndown) -> str:
        return json.dumps(burndown.as_json(), ensure_ascii=False, indent=2) + "\n"

    assert bd.to_json(result) == reference(result)
    odd = result._replace(
        path='dir "é"/T.md', days=[Day(dt.date(2026, 1, 1), 2.5, 0.125, 1e20, float("inf"))]
    )
    assert bd.to_json(odd) == reference(odd)
    assert bd.to_json(result._replace(days=[])) == reference(result._replace(days=[]))


def test_mermaid_is_an_xychart(result: Burndown) -> None:
    lines = bd.mermaid(result)
    assert lines[0] == "xychart-beta"
    assert lines[2].startswith('    x-axis ["11-02", "11-03"')
    assert lines[3] == '    y-axis "Remaining items" 0 --> 10'
    assert lines[4] == "    line [9, 8.18, 7.36, 6.55, 5.73, 4.91, 4.09, 3.27, 2.45, 1.64, 0.82, 0]"
    assert lines[5] == "    line [9, 7, 5, 5, 8, 8, 8, 6, 5, 4]"


def test_text_chart_has_axes_legend_forecast_and_velocity(result: Burndown) -> None:
    lines = bd.text_chart(result)
    text = "\n".join(lines)
    assert lines[0] == "Burndown of SPRINT.md (items, sprint 2026-11-02 → 2026-11-13)"
    assert lines[2].startswith("12 ┤")
    assert any(line.startswith(" 0 ┤") for line in lines)
    assert "11-02" in text and "11-13" in text
    assert "● remaining items" in text and "· ideal" in text
    assert "forecast  done by 2026-11-22 at 0.39 items/day" in text
    assert "velocity  (items done per week)  2026-W45 4 · 2026-W46 3" in text
    # nothing in it that trackmd would read as a derived value or a status
    doc = parse("```\n" + text + "\n```\n")
    assert doc.bars == () and doc.items == ()


def test_rich_chart_prints_chart_legend_and_velocity(result: Burndown) -> None:
    from rich.console import Console

    console = Console(record=True, width=100, color_system=None)
    bd.rich_chart(result, console)
    out = console.export_text()
    assert "Burndown of SPRINT.md" in out
    assert "● remaining items" in out
    assert "Velocity (items done per ISO week)" in out
    assert "2026-W46" in out


# -- --write (D7) -------------------------------------------------------------------------


def _outside_blocks(text: str) -> list[str]:
    lines = text.split("\n")
    found = bd.blocks(text)
    keep = set(range(len(lines)))
    for block in found:
        keep -= set(range(block.first, block.closing))
    return [lines[i] for i in sorted(keep)]


def test_write_changes_only_the_blocks_and_a_second_write_nothing(sprint: Path) -> None:
    before = sprint.read_bytes()
    result = bd.build(sprint, today=TODAY, name="SPRINT.md")
    assert bd.write(sprint, result) is True
    after = sprint.read_bytes()
    assert _outside_blocks(after.decode()) == _outside_blocks(before.decode())
    text = after.decode()
    assert "```mermaid\n%%{init: " in text and "}%%\nxychart-beta\n" in text
    assert "<!-- trackmd:burndown -->\n```\nBurndown of SPRINT.md" in text
    assert "old chart" not in text
    # the write made the file differ from HEAD again: same counts, same chart
    mtime = sprint.stat().st_mtime_ns
    again = bd.build(sprint, today=TODAY, name="SPRINT.md")
    assert again.days == result.days
    assert bd.write(sprint, again) is False
    assert sprint.read_bytes() == after and sprint.stat().st_mtime_ns == mtime


def test_sync_after_write_changes_nothing(sprint: Path, run: object) -> None:
    bd.write(sprint, bd.build(sprint, today=TODAY))
    written = sprint.read_bytes()
    result = run("sync", str(sprint))  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    assert sprint.read_bytes() == written


def test_regenerate_keeps_crlf_bom_and_blockquote_prefix() -> None:
    days = [Day(dt.date(2026, 1, 1), 3, 0, 3, 3), Day(dt.date(2026, 1, 2), 1, 2, 3, 0)]
    result = Burndown("T.md", "items", dt.date(2026, 1, 1), dt.date(2026, 1, 2), days, None, [])
    text = "\ufeff# T\r\n\r\n## Burndown chart\r\n\r\n> ```\r\n> x\r\n> ```\r\ntail\r\n"
    new = bd.regenerate(text, result)
    assert new.startswith("\ufeff# T\r\n\r\n## Burndown chart\r\n\r\n> ```\r\n> Burndown of T.md")
    assert new.endswith("\r\n> ```\r\ntail\r\n")
    body = new.split("> ```\r\n")[1]
    assert "\n" not in body.replace("\r\n", "")
    assert all(line.startswith(">") for line in body.split("\r\n")[:-1])
    assert bd.regenerate(new, result) == new


def test_write_without_a_block_is_bad_input(repo: Path) -> None:
    commit(repo, "TODO.md", "# T\n\n- [ ] a\n", "2026-11-02T09:00:00+00:00")
    result = bd.build(repo / "TODO.md", today=dt.date(2026, 11, 2))
    with pytest.raises(BadInput, match="no burndown block"):
        bd.write(repo / "TODO.md", result)


# -- the commands -------------------------------------------------------------------------


def _cli(*args: str, env: dict[str, str] | None = None) -> Result:
    app = typer.Typer()
    app.command("burndown")(burndown_command)
    app.command("log")(log_command)
    return CliRunner().invoke(
        app, list(args), env={"NO_COLOR": "1", "COLUMNS": "100", **(env or {})}
    )


def test_command_json_csv_mermaid_and_text(sprint: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sprint.parent)
    out = _cli("burndown", "SPRINT.md", "--format", "json", "--date", "2026-11-11")
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["forecast"]["date"] == "2026-11-22"
    out = _cli("burndown", "--format", "csv", env={"TRACKMD_TODAY": "2026-11-11"})
    assert out.exit_code == 0, out.output  # the one tracker of the repository
    assert out.stdout.splitlines()[10] == "2026-11-11,4,7,11,1.64"
    out = _cli("burndown", "SPRINT.md", "--format", "mermaid", "--date", "2026-11-11")
    assert out.stdout.startswith("```mermaid\n%%{init: ")
    assert out.stdout.splitlines()[2] == "xychart-beta"
    out = _cli("burndown", "SPRINT.md", "--date", "2026-11-11")
    assert "remaining items" in out.stdout and "Velocity" in out.stdout


def test_json_imports_neither_gitpython_nor_rich(sprint: Path) -> None:
    """Their imports would be a third of the cold run's budget; only the chart needs Rich."""
    code = (
        "import sys\n"
        "from trackmd import cli\n"
        "code = cli.command_code(['burndown', 'SPRINT.md', '--format', 'json'])\n"
        # `main` leaves with os._exit: no assert after it
        "assert code == 0, code\n"
        "assert 'git' not in sys.modules and 'rich.console' not in sys.modules\n"
    )
    env = {**os.environ, "TRACKMD_TODAY": "2026-11-11"}
    subprocess.run(
        [sys.executable, "-c", code], cwd=sprint.parent, env=env, capture_output=True, check=True
    )


def test_command_errors(sprint: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sprint.parent)
    with pytest.raises(TrackmdError) as error:
        burndown_command([Path("SPRINT.md")], format="svg")
    assert error.value.code == 2
    with pytest.raises(TrackmdError) as error:
        burndown_command([Path("SPRINT.md")], since="2026-11-10", until="2026-11-01")
    assert error.value.code == 2
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "TODO.md").write_text("- [ ] a\n")
    with pytest.raises(BadInput, match="not a git repository"):
        burndown_command([outside / "TODO.md"])
    monkeypatch.chdir(outside)
    with pytest.raises(BadInput, match="not a git repository"):
        burndown_command(None)


def test_command_write_and_log(sprint: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sprint.parent)
    out = _cli("burndown", "SPRINT.md", "--write", "--date", "2026-11-11")
    assert out.stdout == "SPRINT.md: burndown block regenerated\n"
    out = _cli("burndown", "SPRINT.md", "--write", "--date", "2026-11-11")
    assert out.stdout == "SPRINT.md: burndown block already up to date\n"
    out = _cli("log", "T-7")
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    assert lines[0] == "SPRINT.md: #7 T-7 Dashboard  (now done)"
    assert "uncommitted  open → done" in lines[-1]


def test_no_tracker_or_several(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    commit(repo, "README.md", "# hi\n", "2026-11-02T09:00:00+00:00")
    monkeypatch.chdir(repo)
    with pytest.raises(BadInput, match="no tracker committed"):
        burndown_command(None)
    commit(repo, "TODO.md", "- [ ] a\n", "2026-11-02T09:00:00+00:00")
    commit(repo, "docs/ROADMAP.md", "- [ ] b\n", "2026-11-02T09:00:00+00:00")
    capsys.readouterr()
    burndown_command(None, format="json", date="2026-11-03")  # several: their sum (issue 16)
    payload = json.loads(capsys.readouterr().out)
    assert sorted(payload["paths"]) == ["TODO.md", str(Path("docs") / "ROADMAP.md")]
    assert payload["days"][-1]["remaining"] == 2
    with pytest.raises(TrackmdError, match="--write regenerates one tracker"):
        burndown_command(None, write=True)
    assert os.environ.get("GIT_DIR") is None
