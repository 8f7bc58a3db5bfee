"""Issue 12, parsing: everyday ticks never trip the safety check, heading markers stay
markers when their sections change, deep block quotes, empty Org cookies."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from trackmd.core.parse import parse

Run = Callable[..., Result]


def tracker(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "TODO.md"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_done_beside_a_status_section_without_items(run: Run, tmp_path: Path) -> None:
    path = tracker(
        tmp_path, "# P\n\n## Setup 🔄\n\n- [x] a\n- [ ] b\n\n## Docs ✅\n\nNothing yet.\n"
    )
    result = run("done", "b", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == (
        "# P\n\n## Setup ✅\n\n- [x] a\n- [x] b\n\n## Docs ✅\n\nNothing yet.\n"
    )
    assert run("check", str(path)).exit_code == 0
    # and back: the markers are still markers once both say done
    result = run("undo", "b", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert "## Setup 🔄\n" in path.read_text(encoding="utf-8")
    assert run("check", str(path)).exit_code == 0


@pytest.mark.parametrize(
    ("text", "verb", "after"),
    [
        ("### ✅ BLOC 1 : A\n### 🔄 BLOC 2 : B\n- [ ] c\n", "done", "### ✅ BLOC 2 : B\n"),
        ("### ✅ BLOC 1 : A\n- [x] c\n### 🔄 BLOC 2 : B\n", "start", "### 🔄 BLOC 1 : A\n"),
        ("### BLOC 1 : A ✅\n### BLOC 2 : B ✅\n- [x] c\n", "start", "### BLOC 2 : B 🔄\n"),
        ("### ✅ BLOC 1 : A\n- [/] c\n### 🔄 BLOC 2 : B\n", "undo", "### ⏳ BLOC 1 : A\n"),
    ],
)
def test_ticks_under_seed_style_headings(
    run: Run, tmp_path: Path, text: str, verb: str, after: str
) -> None:
    path = tracker(tmp_path, text)
    result = run(verb, "c", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert after in path.read_text(encoding="utf-8")
    assert run("check", str(path)).exit_code == 0, run("check", str(path)).output


@pytest.mark.parametrize("underline", ["----", "===="])
def test_bar_underlined_into_a_setext_heading_syncs(
    run: Run, tmp_path: Path, underline: str
) -> None:
    path = tracker(
        tmp_path, f"# T\n\n- [x] a\n- [ ] b\n\nOverall Progress ██████████ 0%\n{underline}\n"
    )
    assert run("check", str(path)).exit_code == 1
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    assert "Overall Progress █████░░░░░ 50%\n" in path.read_text(encoding="utf-8")
    assert run("check", str(path)).exit_code == 0


def test_a_merged_marker_over_finished_items_is_out_of_date(run: Run, tmp_path: Path) -> None:
    path = tracker(tmp_path, "# P\n\n## Setup ⏳\n\n- [x] a\n- [x] b\n\n## Build ✅\n\n- [x] c\n")
    result = run("check", str(path))
    assert result.exit_code == 1
    assert "Setup heading status" in result.output
    assert run("sync", str(path)).exit_code == 0
    assert "## Setup ✅\n" in path.read_text(encoding="utf-8")
    assert run("check", str(path)).exit_code == 0


def test_finishing_a_phase_rewrites_its_marker(run: Run, tmp_path: Path) -> None:
    path = tracker(
        tmp_path, "# P\n\n## Phase 1 ✅\n\n- [x] a\n\n## Phase 3 🔄\n\n- [x] b\n- [ ] c\n"
    )
    result = run("done", "c", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert "## Phase 3 ✅\n" in path.read_text(encoding="utf-8")
    assert run("check", str(path)).exit_code == 0


def test_decorative_heading_emoji_stay_decoration() -> None:
    for text in (
        "# T\n## 🚀 Launch\n- [ ] a\n## 🚀 Later\n- [x] b\n",
        "# T\n## ✅ Definition of Ready\n- [ ] a\n## ✅ Definition of Done\n- [x] b\n",
    ):
        doc = parse(text)
        assert all(s.marker is None for s in doc.sections), text


@pytest.mark.parametrize(
    ("deep", "line"),
    [
        (">" * 500 + " deep\n", 6),
        ("> - " * 400 + "deep\n", 6),
        ("".join("  " * i + "- deep\n" for i in range(600)), 134),  # lines 134–605
    ],
)
def test_deep_nesting_is_a_warning_and_the_rest_is_read(
    run: Run, tmp_path: Path, deep: str, line: int
) -> None:
    path = tracker(tmp_path, "# T\n\n- [x] a\n- [ ] b\n\n" + deep + "\n- [ ] c\n")
    result = run("check", str(path))
    assert result.exit_code == 0, result.output
    assert "warning too-deep" in result.output
    assert f"{path.name}:{line}:1: warning too-deep" in result.output
    status = run("status", str(path))
    assert "1/3 done" in status.output, status.output
    result = run("done", "c", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").endswith("- [x] c\n")


def test_reopening_one_of_two_status_sections_keeps_both_markers(run: Run, tmp_path: Path) -> None:
    # found by the marked_headings strategy: `undo` on `## Phase 1 ✅` beside `## Phase 2 ⏳`
    # (sections without items) was refused by the safety check, since two agreeing lone
    # emoji were no longer read as markers
    path = tmp_path / "PLAN.md"
    path.write_text("# setup\n## Phase 1: setup ✅\n## Phase 2: setup ⏳\n", encoding="utf-8")
    result = run("undo", "Phase 1", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert (
        path.read_text(encoding="utf-8") == "# setup\n## Phase 1: setup ⏳\n## Phase 2: setup ⏳\n"
    )
    listed = run("list", str(path), "--json")
    assert [i["state"] for i in json.loads(listed.stdout)["items"]] == ["open", "open"]


@pytest.mark.parametrize(
    ("text", "verb", "ref", "after"),
    [
        ("- [ ] x\n### ✅ BLOC 1 : A\n### TASK-002: H 🔄\n", "start", "x", "- [/] x\n"),
        ("- [ ] x\n### ✅ BLOC 1 : A\n### TASK-002: H 🔄\n", "done", "x", "- [x] x\n"),
        ("### ⏳ BLOC 3 : C\n### ⏳ BLOC 3 : C\n### ✅ BLOC 1 : A\n", "undo", "BLOC 1",
         "### ⏳ BLOC 1 : A\n"),
    ],
)  # fmt: skip
def test_ticks_in_three_line_seed_style_files(
    run: Run, tmp_path: Path, text: str, verb: str, ref: str, after: str
) -> None:
    path = tracker(tmp_path, text)
    result = run(verb, ref, "-f", str(path))
    assert result.exit_code == 0, result.output
    assert after in path.read_text(encoding="utf-8")
    assert run("check", str(path)).exit_code == 0, run("check", str(path)).output


def test_finishing_an_emoji_list_is_refused_with_the_reason(run: Run, tmp_path: Path) -> None:
    """A list of one state is decoration (SPEC §2): the tick that would make it so says why
    in one line, not "safety check failed … please report"."""
    text = "## Phase 1: setup\n- ✅ a\n- ✅ b\n- 🔄 c\n"
    path = tracker(tmp_path, text)
    result = run("done", "c", "-f", str(path))
    assert result.exit_code == 4
    assert "decoration" in result.output and "please report" not in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert path.read_text(encoding="utf-8") == text
    assert run("start", "a", "-f", str(path)).exit_code == 0  # two states remain: fine


def test_a_checklist_indented_into_code_is_warned(run: Run, tmp_path: Path) -> None:
    """Four spaces under a heading make a code block on GitHub: the author meant a list."""
    path = tracker(tmp_path, "## Tasks\n\n    - [ ] a\n    - [x] b\n\n- [ ] c\n\n  continued\n")
    result = run("check", str(path))
    assert result.exit_code == 0
    assert result.output.count("indented-list") == 1 and ":3:1:" in result.output
    nested = tracker(tmp_path, "- [ ] c\n\n    - [ ] a sub-item, not code\n")
    assert "indented-list" not in run("check", str(nested)).output


def test_a_bold_last_updated_after_a_lone_carriage_return_is_stamped_once(
    run: Run, tmp_path: Path
) -> None:
    """A lone `\\r` ends a line for the parser: the plain-line stamp once counted lines
    otherwise, read the bold field's line again and refused the sync (the fuzzer found it)."""
    text = "# T\r\rx\n\n**Last Updated:** Nov 10, 2025\n\n**Progress**: 0/2\n\n- [ ] a\n- [x] b\n"
    path = tracker(tmp_path, text)
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_bytes().count(b"Nov 22, 2026") == 1
