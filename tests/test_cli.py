"""The real CLI: CliRunner in-process and the installed `trackmd` through a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from typer.testing import Result

from tests.conftest import EXAMPLES, ROOT, seed_files

SCHEMA = json.loads((ROOT / "src/trackmd/schema/status.schema.json").read_text(encoding="utf-8"))
Run = Callable[..., Result]


def trackmd_exe() -> str:
    exe = Path(sys.executable).with_name("trackmd")
    assert exe.exists(), "the package must be installed (make test installs it)"
    return str(exe)


def test_status_text_shows_title_bar_counts_and_tree(run: Run) -> None:
    result = run("status", str(EXAMPLES / "SPRINT_PLAN.md"))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Sprint 12 Plan" in out
    assert "24/40 done" in out and "1 in progress" in out and "15 open" in out
    assert "Epic 2: Payment Gateway Integration" in out
    assert "derived values up to date" in out


def test_status_depth_and_open(run: Run) -> None:
    shallow = run("status", "--depth", "1", str(EXAMPLES / "SPRINT_PLAN.md")).output
    assert "Epic 1" not in shallow and "Sprint Backlog" in shallow
    opened = run("status", "--open", str(EXAMPLES / "SPRINT_BOARD.md")).output
    assert "WEB-105" in opened and "#5" in opened


def test_status_sprint_days_left(run: Run) -> None:
    out = run("status", str(EXAMPLES / "SPRINT_BOARD.md")).output
    assert "2026-11-16 → 2026-11-27" in out and "5 days left" in out


def test_status_reads_sprint_dates_from_fields_as_burndown_does(run: Run, tmp_path: Path) -> None:
    # issue 13 B6: status read only front matter; burndown also reads the file's fields
    path = tmp_path / "SPRINT.md"
    path.write_text(
        "# Sprint 4\n\n**Début** : 16 nov. 2026\n**Durée** : 2 semaines\n\n## Work\n\n- [ ] a\n",
        encoding="utf-8",
    )
    out = run("status", str(path), env={"TRACKMD_TODAY": "2026-11-22"}).output
    assert "2026-11-16 → 2026-11-29" in out and "7 days left" in out, out


def test_status_reports_out_of_date_values(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_text("# T\n**Progress**: 0/2\n- [x] a\n- [ ] b\n", encoding="utf-8")
    out = run("status", str(path)).output
    assert "1 derived value is out of date" in out and "trackmd sync" in out


def test_status_json_validates_against_shipped_schema(run: Run) -> None:
    paths = [str(p) for p in sorted(EXAMPLES.glob("*.md")) if p.name != "README.md"]
    paths += [str(p) for p in seed_files()]
    result = run("status", "--json", *paths)
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    jsonschema.validate(payload, SCHEMA)
    assert payload["schema"] == 1
    board = next(f for f in payload["files"] if f["path"].endswith("SPRINT_BOARD.md"))
    assert board["progress"]["done"] == 4 and board["progress"]["total"] == 10
    assert board["items"][0]["id"] == "WEB-101"


def test_schema_rejects_a_broken_payload() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema": 1, "files": [{"path": "x"}]}, SCHEMA)


def test_list_filters(run: Run) -> None:
    board = str(EXAMPLES / "SPRINT_BOARD.md")
    result = run("list", "--json", "--state", "in_progress", board)
    items = json.loads(result.stdout)["items"]
    assert [i["id"] for i in items] == ["WEB-103", "WEB-104"]
    result = run("list", "--json", "--section", "definition", board)
    assert {i["section"] for i in json.loads(result.stdout)["items"]} == {"definition-of-done"}
    todo = str(EXAMPLES / "TODO.md")
    owned = json.loads(run("list", "--json", "--owner", "@alex", todo).stdout)["items"]
    assert owned and all(i["owner"] == "alex" for i in owned)
    text = run("list", board).output
    assert "WEB-101" in text and "done" in text


def test_list_bad_state_is_usage_error(run: Run) -> None:
    result = run("list", "--state", "finished-ish", str(EXAMPLES / "TODO.md"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "--state" in result.stderr


def test_discovery_from_a_directory(run: Run) -> None:
    payload = json.loads(run("status", "--json", str(EXAMPLES)).stdout)
    names = sorted(Path(f["path"]).name for f in payload["files"])
    assert names == ["PROGRES.md", "ROADMAP.md", "SPRINT_BOARD.md", "SPRINT_PLAN.md", "TODO.md"]


def test_discovery_by_front_matter_and_config(run: Run, tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("---\ntrackmd: {}\n---\n# N\n- [ ] a\n", encoding="utf-8")
    (tmp_path / "other.md").write_text("# Other\n- [ ] b\n", encoding="utf-8")
    payload = json.loads(run("status", "--json", str(tmp_path)).stdout)
    assert [Path(f["path"]).name for f in payload["files"]] == ["notes.md"]


# -- bad input: one line on stderr, SPEC exit code, no traceback ---------------------------


def one_line_error(result: Result, code: int, needle: str) -> None:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("trackmd: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert needle in result.stderr
    assert "Traceback" not in result.output


def test_missing_path(run: Run, tmp_path: Path) -> None:
    one_line_error(run("status", str(tmp_path / "nope.md")), 3, "no such file")


def test_directory_without_trackers(run: Run, tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_text("# hi\n", encoding="utf-8")
    one_line_error(run("status", str(tmp_path)), 3, "no tracker found")


def test_invalid_utf8(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_bytes(b"# T\n- [ ] caf\xe9\n")
    one_line_error(run("check", str(path)), 3, "not valid UTF-8")
    assert path.read_bytes() == b"# T\n- [ ] caf\xe9\n"


def test_binary_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    one_line_error(run("sync", str(path)), 3, "binary")


def test_utf16_is_refused_clearly(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_bytes("# T\n- [ ] a\n".encode("utf-16"))
    one_line_error(run("status", str(path)), 3, "UTF-16")


def test_unknown_config_key(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_text("---\ntrackmd:\n  colour: red\n---\n# T\n", encoding="utf-8")
    one_line_error(run("status", str(path)), 3, "colour")
    (tmp_path / ".trackmd.toml").write_text("bogus = 1\n", encoding="utf-8")
    (tmp_path / "TODO.md").write_text("# T\n", encoding="utf-8")
    one_line_error(run("status", str(path)), 3, "bogus")


def test_usage_error_exit_2_through_subprocess(tmp_path: Path) -> None:
    out = subprocess.run([trackmd_exe(), "status", "--no-such-flag"], capture_output=True, text=True,
                         check=False, cwd=tmp_path)  # fmt: skip
    assert out.returncode == 2
    assert out.stderr.startswith("trackmd: ") and out.stderr.count("\n") == 1


def test_installed_trackmd_status_and_errors(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "TRACKMD_TODAY": "2026-11-22"}
    shutil.copy(EXAMPLES / "ROADMAP.md", tmp_path / "ROADMAP.md")
    ok = subprocess.run([trackmd_exe(), "status"], capture_output=True, text=True, check=False,
                        cwd=tmp_path, env=env)  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert "Tidewater Data Platform" in ok.stdout and "15/33 done" in ok.stdout
    assert "\x1b[" not in ok.stdout  # not a terminal: no colour codes
    (tmp_path / "ROADMAP.md").unlink()
    empty = subprocess.run([trackmd_exe(), "status"], capture_output=True, text=True, check=False,
                           cwd=tmp_path, env=env)  # fmt: skip
    assert empty.returncode == 3 and "no tracker found" in empty.stderr
    assert "Traceback" not in empty.stderr


def test_check_formats(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_text("# T\n**Progress**: 0/2\n- [x] a\n- [ ] b\n", encoding="utf-8")
    from trackmd.app.api import display_path

    shown = display_path(path)  # relative to the working folder, wherever the suite runs
    text = run("check", str(path))
    assert text.exit_code == 1
    assert text.stdout.startswith(f"{shown}:2:15: error out-of-date")
    assert "'0/2' → '1/2'" in text.stdout
    github = run("check", "--format", "github", str(path))
    assert github.exit_code == 1
    assert github.stdout.startswith(
        f"::error file={shown},line=2,col=15,title=trackmd out-of-date::"
    )
    payload = json.loads(run("check", "--format", "json", str(path)).stdout)
    assert payload["files"][0]["diagnostics"][0]["code"] == "out-of-date"
    fixed = run("check", "--fix", str(path))
    assert fixed.exit_code == 0 and "**Progress**: 1/2" in path.read_text(encoding="utf-8")
    assert run("check", "--format", "xml", str(path)).exit_code == 2


def test_github_annotations_escape_properties_and_name_files_from_the_root(
    run: Run, repo: Path
) -> None:
    stale = "# T\n**Progress**: 5/1\n- [ ] a\n"
    (repo / "TODO.md").write_text(stale, encoding="utf-8")
    (repo / "sub").mkdir()
    (repo / "sub" / "TODO.md").write_text(stale, encoding="utf-8")
    (repo / "sub" / "Sprint 3, Q2.md").write_text(stale, encoding="utf-8")
    cwd = Path.cwd()
    os.chdir(repo / "sub")
    try:
        result = run("check", "--format", "github", "../TODO.md", "TODO.md", "Sprint 3, Q2.md")
    finally:
        os.chdir(cwd)
    files = [line.split(",line=")[0] for line in result.stdout.splitlines()]
    assert files == ["::error file=TODO.md", "::error file=sub/TODO.md",
                     "::error file=sub/Sprint 3%2C Q2.md"], result.stdout  # fmt: skip
    assert all(",title=trackmd out-of-date::" in line for line in result.stdout.splitlines())


def test_todo_state_is_open_items_only(run: Run) -> None:
    board = str(EXAMPLES / "SPRINT_BOARD.md")
    items = json.loads(run("list", "--json", "--state", "todo", board).stdout)["items"]
    assert items and {i["state"] for i in items} == {"open"}
