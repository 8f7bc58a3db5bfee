"""What reads like work and is not (issue 14): legends, keys, placeholders, group rows, summaries
of the file, logs, and tables whose status is about something else. Each rule on its own small
fixture, counted through the real CLI as `status --json` reports it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

Run = Callable[..., Result]


def progress(run: Run, tmp_path: Path, text: str) -> tuple[int, int]:
    path = tmp_path / "TRACKER.md"
    path.write_text(text, encoding="utf-8")
    result = run("status", "--json", str(path))
    assert result.exit_code == 0, result.output
    counted = json.loads(result.stdout)["files"][0]["progress"]
    return counted["done"], counted["total"]


def check_lines(run: Run, tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "TRACKER.md"
    path.write_text(text, encoding="utf-8")
    result = run("check", str(path))
    return [line for line in result.output.splitlines() if "TRACKER.md:" in line]


TASKS = "# Plan\n\n## Work\n\n- [ ] write the parser\n- [x] sketch the model\n- [ ] ship it\n\n"


def test_a_checkbox_legend_is_not_work(run: Run, tmp_path: Path) -> None:
    legend = (
        "## What the boxes mean\n\n"
        "- [ ] **Todo:** nobody has begun\n"
        "- [/] **In progress:** someone is on it\n"
        "- [x] **Done:** finished and checked\n"
    )
    assert progress(run, tmp_path, TASKS + legend) == (1, 3)


def test_boxes_with_bold_labels_that_are_not_states_stay_work(run: Run, tmp_path: Path) -> None:
    text = "# Plan\n\n- [ ] **Backend:** the API\n- [x] **Frontend:** the pages\n"
    assert progress(run, tmp_path, text) == (1, 2)


def test_a_status_legend_table_is_not_work(run: Run, tmp_path: Path) -> None:
    legend = (
        "## How to mark items\n\n"
        "| Status | Meaning | Write |\n|---|---|---|\n"
        "| `TODO` | free to take | `Status: TODO` |\n"
        "| `IN PROGRESS` | taken | `Status: IN PROGRESS` |\n"
        "| `BLOCKED` | waits on another item | `Status: BLOCKED` |\n\n"
    )
    assert progress(run, tmp_path, legend + TASKS) == (1, 3)


def test_a_symbol_legend_table_is_not_work(run: Run, tmp_path: Path) -> None:
    legend = "| Symbol | Status |\n|---|---|\n| ✅ | Done |\n| 🚧 | In progress |\n\n"
    assert progress(run, tmp_path, TASKS + legend) == (1, 3)


def test_a_tracker_table_keyed_by_repeated_states_stays_work(run: Run, tmp_path: Path) -> None:
    text = (
        "# Plan\n\n| Status | Task |\n|---|---|\n| Done | one |\n| Done | two |\n| Todo | three |\n"
    )
    assert progress(run, tmp_path, text) == (2, 3)


def test_a_status_key_section_is_not_work(run: Run, tmp_path: Path) -> None:
    key = "## Status Key\n\n- [x] ticked: finished\n- [ ] empty: still to do\n- [ ] more\n"
    assert progress(run, tmp_path, TASKS + key) == (1, 3)


def test_a_legend_heading_with_a_table_is_not_work(run: Run, tmp_path: Path) -> None:
    key = "## Legend\n\n| Mark | Status |\n|---|---|\n| a | Done |\n| b | Done |\n"
    assert progress(run, tmp_path, TASKS + key) == (1, 3)


def test_a_placeholder_row_is_not_an_item(run: Run, tmp_path: Path) -> None:
    text = (
        "# Board\n\n| Story | Task | Status |\n|---|---|---|\n"
        "| Login | form | Done |\n|  | tests | Todo |\n| (more stories later...) |  |  |\n"
    )
    assert progress(run, tmp_path, text) == (1, 2)


def test_bold_group_rows_with_empty_cells_are_not_items(run: Run, tmp_path: Path) -> None:
    text = (
        "# Modules\n\n| Module | Feature | Status |\n|---|---|---|\n"
        "| **Storage** | | |\n| disks | mount | Done |\n| **Network** |  |  |\n"
        "| sockets | open | Todo |\n"
    )
    assert progress(run, tmp_path, text) == (1, 2)


def test_an_empty_status_cell_is_open_without_an_info_line(run: Run, tmp_path: Path) -> None:
    rows = "".join(f"| task {n} | note {n} |  |\n" for n in range(6))
    text = "# Plan\n\n| Task | Note | Status |\n|---|---|---|\n| first | x | Done |\n" + rows
    assert progress(run, tmp_path, text) == (1, 7)
    assert not [line for line in check_lines(run, tmp_path, text) if "unknown-status" in line]


def test_a_dependency_table_is_not_work(run: Run, tmp_path: Path) -> None:
    deps = (
        "## Needs\n\n| Dependency | Status | Note |\n|---|---|---|\n"
        "| libfoo | ✅ Present | linked |\n| a mail relay | ❓ Ask ops | for resets |\n\n"
    )
    assert progress(run, tmp_path, TASKS + deps) == (1, 3)


def test_a_services_table_is_not_work(run: Run, tmp_path: Path) -> None:
    services = (
        "## Services\n\n| Name | Status |\n|---|---|\n| api | ✅ Running |\n"
        "| worker | ✅ Running |\n| cache | 🛑 Stopped |\n\n"
    )
    assert progress(run, tmp_path, TASKS + services) == (1, 3)


def test_a_platform_compatibility_table_is_not_work(run: Run, tmp_path: Path) -> None:
    platforms = (
        "## Platforms\n\n| Platform | Status |\n|---|---|\n| Linux | ✅ |\n| macOS | ✅ |\n"
        "| Windows | ⏳ |\n\n"
    )
    assert progress(run, tmp_path, TASKS + platforms) == (1, 3)


def test_a_compliance_table_is_not_work(run: Run, tmp_path: Path) -> None:
    rules = (
        "## Rules\n\n| Forbidden | Status |\n|---|---|\n| raw SQL in views | ✅ not violated |\n"
        "| secrets in the client | ✅ not violated |\n| god objects | ✅ split up |\n\n"
    )
    assert progress(run, tmp_path, TASKS + rules) == (1, 3)


def test_a_component_table_with_work_words_stays_work(run: Run, tmp_path: Path) -> None:
    text = "# Plan\n\n| Service | Status |\n|---|---|\n| auth | Done |\n| billing | Todo |\n"
    assert progress(run, tmp_path, text) == (1, 2)


def test_a_partial_completion_is_in_progress(run: Run, tmp_path: Path) -> None:
    text = "# 计划\n\n| 功能 | 状态 |\n|---|---|\n| 抽帧 | ✅ 部分完成 |\n| 检测 | ✅ 已完成 |\n"
    assert progress(run, tmp_path, text) == (1, 2)


def test_a_per_area_percent_list_is_a_roll_up(run: Run, tmp_path: Path) -> None:
    rollup = "## Overview\n\n- ✅ Parser: 100% ✅\n- ⏳ Writer: 40%\n- ✅ Docs: 100%\n"
    assert progress(run, tmp_path, TASKS + rollup) == (1, 3)


def test_a_current_status_summary_list_is_not_work(run: Run, tmp_path: Path) -> None:
    summary = "## Current Status\n\n- ✅ **Parser**: being written\n- ⏳ **Writer**: waiting\n"
    assert progress(run, tmp_path, TASKS + summary) == (1, 3)


def test_an_emoji_work_list_under_a_plain_heading_stays_work(run: Run, tmp_path: Path) -> None:
    text = "# Plan\n\n## Features\n\n- ✅ **Login**: shipped\n- ⏳ **Search**: waiting\n"
    assert progress(run, tmp_path, text) == (1, 2)


def test_the_document_header_status_is_not_an_item(run: Run, tmp_path: Path) -> None:
    text = (
        "# Handbook\n## Release two\n\n**Status**: 🚧 In progress\n**Last updated**: May 2026\n\n"
        "## Work\n\n- [x] one\n- [ ] two\n"
    )
    assert progress(run, tmp_path, text) == (1, 2)


def test_status_sections_below_the_header_stay_items(run: Run, tmp_path: Path) -> None:
    text = "# Plan\n\n## Task one\n\n**Status**: Done\n\n## Task two\n\n**Status**: Todo\n"
    assert progress(run, tmp_path, text) == (1, 2)


def test_a_dated_history_log_is_not_work(run: Run, tmp_path: Path) -> None:
    log = (
        "## Change history\n\n| Date | Change | Status |\n|---|---|---|\n"
        "| 2026-01-04 | plan written | ✅ Done |\n| 2026-01-09 | review | 🚧 In progress |\n\n"
    )
    assert progress(run, tmp_path, TASKS + log) == (1, 3)


def test_date_led_emoji_entries_are_a_log(run: Run, tmp_path: Path) -> None:
    log = "## Notes\n\n- ✅ 2026-01-04: plan written\n- 🚧 2026-01-09: review begun\n"
    assert progress(run, tmp_path, TASKS + log) == (1, 3)


def test_an_open_point_in_a_changelog_stays_work(run: Run, tmp_path: Path) -> None:
    log = (
        "## Changelog\n\n### 2026-01-21 - first cut\n\n- ✅ parser\n- 🚧 writer\n\n"
        "#### Open points\n\n- [ ] migrations\n"
    )
    assert progress(run, tmp_path, TASKS + log) == (1, 4)


def test_one_id_in_two_views_counts_once(run: Run, tmp_path: Path) -> None:
    text = (
        "# Plan\n\n## Summary\n\n| ID | Task | Status |\n|---|---|---|\n"
        "| APP-1 | login | Done |\n| APP-2 | search | Todo |\n| misc | tidy | Todo |\n\n"
        "## Checklist\n\n- [x] APP-1 login\n- [ ] APP-2 search\n- [ ] APP-3 export\n"
    )
    assert progress(run, tmp_path, text) == (1, 4)


def test_a_status_section_repeating_a_row_counts_once(run: Run, tmp_path: Path) -> None:
    text = (
        "# Plan\n\n## Summary\n\n| ID | Task | Status |\n|---|---|---|\n"
        "| APP-1 | login | Done |\n| misc | tidy | Todo |\n\n"
        "## Details\n\n### APP-1: Login\n\n**Status**: Done\n"
    )
    assert progress(run, tmp_path, text) == (1, 2)


def test_two_views_that_disagree_are_named(run: Run, tmp_path: Path) -> None:
    text = (
        "# Plan\n\n| ID | Task | Status |\n|---|---|---|\n| APP-1 | login | Done |\n"
        "| misc | tidy | Todo |\n\n## Checklist\n\n- [ ] APP-1 login\n"
    )
    assert progress(run, tmp_path, text) == (1, 2)
    (warning,) = [line for line in check_lines(run, tmp_path, text) if "two-views" in line]
    assert "TRACKER.md:10:" in warning and "line 5" in warning


def test_status_sections_dated_alike_stay_items(run: Run, tmp_path: Path) -> None:
    text = (
        "# Tasks\n## Task one\n\n**Status**: Done\n**Last updated**: 2026-01-02\n\n"
        "## Task two\n\n**Status**: Todo\n**Last updated**: 2026-01-03\n"
    )
    assert progress(run, tmp_path, text) == (1, 2)


def test_a_platform_being_ported_is_work(run: Run, tmp_path: Path) -> None:
    text = "# Port\n\n| Platform | Status |\n|---|---|\n| Linux | Done |\n| Windows | WIP |\n"
    assert progress(run, tmp_path, text) == (1, 2)
    assert run("done", "Windows", "-f", str(tmp_path / "TRACKER.md")).exit_code == 0
    assert progress(run, tmp_path, (tmp_path / "TRACKER.md").read_text()) == (2, 2)


def test_a_placeholder_row_ending_in_an_ellipsis_is_not_an_item(run: Run, tmp_path: Path) -> None:
    text = (
        "# Board\n\n| Task | Owner | Status |\n|---|---|---|\n| a | me | Done |\n| more... | | |\n"
    )
    assert progress(run, tmp_path, text) == (1, 1)


def test_dated_counts_are_no_roll_up(run: Run, tmp_path: Path) -> None:
    text = "# Plan\n\n- ✅ shipped on 2026/01/05\n- 🚧 second round since 2026/02/01\n"
    assert progress(run, tmp_path, text) == (1, 2)


def test_a_bare_status_heading_may_head_work(run: Run, tmp_path: Path) -> None:
    text = "# Plan\n\n## Status\n\n- ✅ **Login**: shipped\n- ⏳ **Search**: waiting\n"
    assert progress(run, tmp_path, text) == (1, 2)


def test_acceptance_criteria_under_a_task_are_its_parts(run: Run, tmp_path: Path) -> None:
    text = (
        "# Tasks\n\n### REP-1: Ageing report\n- [ ] **Description:** buckets by age\n"
        "- **Module:** reports\n- **Acceptance criteria:**\n  - [x] per customer\n"
        "  - [ ] CSV export\n\n### REP-2: Tax report\n- [x] **Description:** by rate\n"
        "- **Acceptance criteria:**\n  - [x] totals\n"
    )
    assert progress(run, tmp_path, text) == (1, 2)


def test_group_bullets_after_a_checkbox_keep_their_work(run: Run, tmp_path: Path) -> None:
    text = (
        "# Plan\n\n- [x] set up\n- **Backend:**\n  - [ ] API\n  - [ ] database\n"
        "- **Frontend:**\n  - [x] pages\n"
    )
    assert progress(run, tmp_path, text) == (2, 4)


def test_the_rows_of_an_audit_are_findings(run: Run, tmp_path: Path) -> None:
    audit = (
        "## Audit of the buttons\n\n| File | Finding | Status |\n|---|---|---|\n"
        "| `a.tsx` | own height | ✅ Fixed |\n| `b.tsx` | own padding | Todo |\n"
        "\n### Follow-up\n\n| Step | Status |\n|---|---|\n| re-check | Todo |\n"
    )
    assert progress(run, tmp_path, TASKS + audit) == (1, 4)


def test_a_state_change_never_turns_rows_into_a_legend(run: Run, tmp_path: Path) -> None:
    text = (
        "# Plan\n\n| Status | Task |\n|---|---|\n| Done | one |\n| Done | two |\n"
        "| Todo | three |\n| Blocked | four |\n"
    )
    progress(run, tmp_path, text)
    result = run("start", "two", "-f", str(tmp_path / "TRACKER.md"))
    assert result.exit_code == 0, result.output
    assert progress(run, tmp_path, (tmp_path / "TRACKER.md").read_text()) == (1, 4)


def test_ticking_a_box_never_turns_a_list_into_a_legend(run: Run, tmp_path: Path) -> None:
    text = "# Plan\n\n- [ ] **Backend:** the API\n- [ ] **Docs:** the guide\n"
    progress(run, tmp_path, text)
    assert run("done", "Docs", "-f", str(tmp_path / "TRACKER.md")).exit_code == 0
    assert progress(run, tmp_path, (tmp_path / "TRACKER.md").read_text()) == (1, 2)


def test_a_story_about_an_audit_log_keeps_its_task_rows(run: Run, tmp_path: Path) -> None:
    text = (
        "# Plan\n\n### Story 3: Harden the audit log writer\n\n| Task | Status |\n|---|---|\n"
        "| retry writes | Done |\n| add tests | Todo |\n"
    )
    assert progress(run, tmp_path, text) == (1, 2)


def test_a_state_written_into_an_empty_cell_keeps_the_cell_apart(run: Run, tmp_path: Path) -> None:
    text = "# Plan\n\n| Task | Status |\n|---|---|\n| one | Done |\n| two | |\n"
    progress(run, tmp_path, text)
    assert run("done", "two", "-f", str(tmp_path / "TRACKER.md")).exit_code == 0
    assert (tmp_path / "TRACKER.md").read_text().endswith("| two | Done |\n")


def test_an_emoji_legend_list_is_not_work(run: Run, tmp_path: Path) -> None:
    legend = "## Marks\n\n- ✅ Done\n- 🚧 = In progress – someone is on it\n- ⏳ Todo (free)\n"
    assert progress(run, tmp_path, TASKS + legend) == (1, 3)


def test_emoji_items_named_with_a_status_word_first_stay_work(run: Run, tmp_path: Path) -> None:
    text = "# Plan\n\n- ✅ Done the parser\n- 🚧 Started the writer\n"
    assert progress(run, tmp_path, text) == (1, 2)
