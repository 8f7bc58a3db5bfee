"""Dialects (issue 14): Kiro / cc-sdd numbering and marks, spec-kit IDs and tags, the
`dialect` key, and what `status` shows. Fixtures written for these tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from trackmd.core.model import State
from trackmd.core.parse import parse

Run = Callable[..., Result]

KIRO = (
    "# Implementation Plan\n\n"
    "- [x] 1. Set up the project\n"
    "  - _Requirements: 1.1_\n\n"
    "- [x] 1.1 Create the package\n"
    "- [x] 1.2 Add the linter\n"
    "- [ ]* 1.3 Write a property test\n\n"
    "- [-] 2. Build the parser\n"
    "- [x] 2.1 Read headings\n"
    "- [ ] 2.2 Read lists\n\n"
    "- [ ] 3. Ship it\n"
)
SPEC_KIT = (
    "# Tasks: Feature\n\n## Phase 1: Setup\n\n"
    "- [x] T001 Create project structure\n"
    "- [x] T002 [P] Configure linting\n"
    "- [ ] T003 [P] [US1] Add the model in src/model.py\n\n"
    "## Notes\n\n- [P] tasks = different files, no dependencies\n"
)


def write(tmp_path: Path, text: str, name: str = "tasks.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_kiro_tasks_and_their_flat_sub_tasks() -> None:
    doc = parse(KIRO, "tasks.md")
    assert doc.dialect == "kiro"
    by_text = {i.text.split(" ", 1)[0]: i for i in doc.items}
    assert by_text["2."].state is State.IN_PROGRESS  # `[-]` is in progress in Kiro
    assert by_text["1.3"].parent == by_text["1."].number  # `[ ]*`: an optional sub-task
    assert by_text["2.2"].parent == by_text["2."].number
    assert [i.text[:2] for i in doc.items if i.parent is None] == ["1.", "2.", "3."]


def test_kiro_is_counted_by_its_tasks(run: Run, tmp_path: Path) -> None:
    result = run("status", str(write(tmp_path, KIRO)), "--json")
    data = json.loads(result.output)["files"][0]
    assert data["dialect"] == "kiro"
    assert (data["progress"]["done"], data["progress"]["total"]) == (1, 3)
    assert "(kiro)" in run("status", str(write(tmp_path, KIRO))).output


def test_the_same_marks_outside_kiro_mean_what_spec_says() -> None:
    plain = "# Plan\n\n- [-] 2. Dropped\n- [x] 2.1 Read headings\n- [ ]* 1.3 not a box\n"
    doc = parse(plain, "TODO.md")
    assert doc.dialect == "gfm"
    assert [(i.text, i.state) for i in doc.items] == [
        ("2. Dropped", State.CANCELLED),
        ("2.1 Read headings", State.DONE),
    ]
    configured = "---\ntrackmd:\n  dialect: kiro\n---\n" + plain
    assert parse(configured, "TODO.md").items[0].state is State.IN_PROGRESS


def test_a_bare_number_is_ambiguous_in_a_numbered_file(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, KIRO)
    before = path.read_bytes()
    result = run("start", "3", "-f", str(path))  # item #3 is task 1.2; task 3. is item #8
    assert result.exit_code == 3
    assert "#3" in result.output and "task 3." in result.output
    assert path.read_bytes() == before
    assert run("start", "3.", "-f", str(path)).exit_code == 0
    assert "- [/] 3. Ship it\n" in path.read_text(encoding="utf-8")
    assert run("done", "#3", "-f", str(path)).exit_code == 0
    assert "- [x] 1.2 Add the linter" in path.read_text(encoding="utf-8")
    assert run("done", "2.2", "-f", str(path)).exit_code == 0
    assert "- [x] 2.2 Read lists" in path.read_text(encoding="utf-8")


def test_spec_kit_ids_tags_and_legend(run: Run, tmp_path: Path) -> None:
    doc = parse(SPEC_KIT, "specs/001-feature/tasks.md")
    assert doc.dialect == "spec-kit"
    assert [i.id for i in doc.items] == ["T001", "T002", "T003"]  # the legend is no task
    assert doc.items[2].text.startswith("T003 [P] [US1]")
    path = write(tmp_path, SPEC_KIT)
    assert run("done", "T003", "-f", str(path)).exit_code == 0
    assert "- [x] T003 [P] [US1] Add" in path.read_text(encoding="utf-8")


def test_an_unknown_dialect_is_a_config_error(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntrackmd:\n  dialect: jira\n---\n- [ ] a\n", "TODO.md")
    result = run("check", str(path))
    assert result.exit_code == 3  # bad input, as every configuration error
    assert "'dialect' must be one of" in result.output and "kiro" in result.output


@pytest.mark.parametrize(
    ("path", "text", "dialect"),
    [
        (".kiro/specs/login/tasks.md", "- [ ] 1. a\n", "kiro"),
        ("openspec/changes/add-login/tasks.md", "- [ ] 1.1 a\n", "openspec"),
        ("story.md", "# Story\n\nStatus: done\n\n## Tasks / Subtasks\n\n- [x] a\n", "bmad"),
        ("Board.md", "---\nkanban-plugin: board\n---\n## Todo\n- [ ] a\n", "obsidian-kanban"),
        ("Tasks.md", "- [ ] water 📅 2026-12-01\n", "obsidian-tasks"),
        ("TODO.md", "- [ ] a\n", "gfm"),
    ],
)
def test_dialects_are_detected_by_path_and_content(path: str, text: str, dialect: str) -> None:
    assert parse(text, path).dialect == dialect


def test_history_counts_dialects_as_the_parser_does() -> None:
    """History's line-by-line shortcut must not read a Kiro `[-]` as cancelled, nor miss the
    edit that makes a file a dialect (a third `T001` task)."""
    from trackmd.core.model import Settings
    from trackmd.history.counter import Counter

    versions = [
        KIRO,
        KIRO.replace("- [-] 2.", "- [x] 2."),
        KIRO.replace("- [-] 2.", "- [~] 2."),
        KIRO.replace("  - _Requirements: 1.1_\n", "").replace(
            "- [ ]* 1.3 Write a property test\n", ""
        ),
        "# Tasks\n\n- [x] T001 a\n- [ ] T002 b\n- [P] tasks = files\n",
        "# Tasks\n\n- [x] T001 a\n- [ ] T002 b\n- [ ] T003 c\n- [P] tasks = files\n",
        "# Tasks\n\n- [x] T001 a\n- [x] T002 b\n- [ ] T003 c\n- [P] tasks = files\n",
    ]
    counter = Counter(Settings(), verify=True)  # raises where the shortcut disagrees
    for text in versions:
        counted = counter.document(text)
        assert [i.state for i in counted.items] == [i.state for i in parse(text).items]


def test_front_matter_of_carriage_returns_is_read_in_one_pass() -> None:
    """The kanban check once backtracked exponentially over `\\r`-only lines (hypothesis
    hung on such a document): it must answer on every text."""
    text = "---\n" + "\r" * 40 + "\n" + "\r\r\n" * 45 + "- [ ] a\n"
    assert parse(text).dialect == "gfm"
    assert parse("---\r\nkanban-plugin: board\r\n---\r\n## Todo\r\n- [ ] a\r\n").dialect == (
        "obsidian-kanban"
    )


_BOXES = ["- [ ] ", "- [x] ", "* [/] ", "  - [ ]* ", "- [✅] ", "1. ", "", "  "]
_BODIES = ["1. ", "1.2 ", "T001 ", "T12 ", "text ", "", "_Requirements: 1.2_", "Status: done",
           "## Tasks / Subtasks", "---", "kanban-plugin: board"]  # fmt: skip
_TAILS = ["", "📅 2026-12-07", "✅\ufe0f 2026-12-07", "⏳2026-12-07", "🔁 every week", "✅", "]"]
_LINES = st.tuples(st.sampled_from(_BOXES), st.sampled_from(_BODIES), st.sampled_from(_TAILS))


def _detect_by_full_scans(text: str) -> str:
    """What `dialect.detect` decides with each of its line patterns run over the whole
    text: the reference for its quicker checks (literal hints, signs found by `find`)."""
    from trackmd.core import dialect as d

    if d._KANBAN.match(text):
        return "obsidian-kanban"
    if len(d._SPEC_KIT.findall(text)) >= 3:
        return "spec-kit"
    numbered = len(d._NUMBERED.findall(text)) >= 2 and d._SUBNUMBERED.search(text) is not None
    if numbered and (d._REQUIREMENTS.search(text) or d._OPTIONAL.search(text)):
        return "kiro"
    if d._BMAD.search(text) and d._BMAD_TASKS.search(text):
        return "bmad"
    return "obsidian-tasks" if d._OBSIDIAN.search(text) else "gfm"


@given(st.lists(_LINES.map("".join), max_size=12).map("\n".join))
@example("- [ ] T001 a\n- [x] T002 b\n- [ ] T003 c\n")
@example("- [🔁] a sign inside the box\n")
@example("- [ ] 1. a\n- [ ] 1.1 b\n- [ ] 2. c\n_Requirements: 1.2_\n")
@settings(max_examples=600)
def test_quick_detection_decides_as_the_full_scans_do(text: str) -> None:
    from trackmd.core import dialect

    assert dialect.detect("", text).name == _detect_by_full_scans(text)
    assert dialect._obsidian_tasks(text) == bool(dialect._OBSIDIAN.search(text))
