"""Summary values in more forms (issue 14): status-count lines, heading progress."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import Result

Run = Callable[..., Result]

TALLIES = """# Sprint board

Summary:
- ✅ Done: 5 (50%)
- In Progress: 0 (0%)
- **Todo**: 5 (50%)
- Blocked: 0

Done: 3 of them were hard.

## A

- [x] login
- [x] logout
- [/] reset
- [ ] audit

```
Done: 1
Todo: 2
```
"""


def test_status_count_lines_are_derived_and_prose_is_not(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "TODO.md"
    path.write_text(TALLIES, encoding="utf-8")
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    expected = (
        TALLIES.replace("Done: 5 (50%)", "Done: 2 (50%)")
        .replace("In Progress: 0 (0%)", "In Progress: 1 (25%)")
        .replace("**Todo**: 5 (50%)", "**Todo**: 1 (25%)")
    )
    assert path.read_text(encoding="utf-8") == expected  # prose and the fence untouched
    result = run("done", "reset", "-f", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "- ✅ Done: 3 (75%)\n- In Progress: 0 (0%)\n" in text


def test_a_lone_count_line_is_prose(tmp_path: Path, run: Run) -> None:
    text = "# T\n\nDone: 7 (100%)\n\n- [x] a\n- [ ] b\n"
    path = tmp_path / "TODO.md"
    path.write_text(text, encoding="utf-8")
    assert run("sync", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8") == text


HEADINGS = """# Kế hoạch

## Tiến độ Tổng thể: 33.3% (1/3 việc)

### Genel İlerleme: %85

## Progress: 10% (3/99 files)

## Việc

- [x] a
- [x] b
- [ ] c
"""


def test_a_heading_that_is_a_progress_field_is_derived_when_about_the_items(
    tmp_path: Path, run: Run
) -> None:
    path = tmp_path / "TODO.md"
    path.write_text(HEADINGS, encoding="utf-8")
    before = _ids(run("status", "--json", str(path)).output)
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "## Tiến độ Tổng thể: 66.7% (2/3 việc)\n" in text  # its decimal kept
    assert "### Genel İlerleme: %67\n" in text  # the Turkish prefix sign kept
    assert "## Progress: 10% (3/99 files)\n" in text  # 99 files: not this file's items
    # the headings keep their IDs: a derived number is no part of a section's name
    assert _ids(run("status", "--json", str(path)).output) == before
    assert "genel-ilerleme" in before


HEADLINE = """# Görev listesi

## DURUM: %85 TAMAMLANDI

**Son Güncelleme:** 2026-11-01

## İş

- [x] a
- [ ] b

### Status: 100% complete

- [x] c
- [ ] d
"""


def test_a_status_heading_stated_as_a_percent_is_derived(tmp_path: Path, run: Run) -> None:
    """Above all the work and holding none, it is the document's headline; over its own
    items, its section's. Its key alone names the section."""
    path = tmp_path / "TODO.md"
    path.write_text(HEADLINE, encoding="utf-8")
    before = _ids(run("status", "--json", str(path)).output)
    assert run("check", str(path)).exit_code == 1
    assert run("sync", "--date", "2026-11-22", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "## DURUM: %50 TAMAMLANDI\n" in text  # 2 of 4: the document's
    assert "### Status: 50% complete\n" in text  # 1 of 2: its own section's
    assert _ids(run("status", "--json", str(path)).output) == before
    assert {"durum", "status"} <= set(before)
    assert run("check", str(path)).exit_code == 0


def _ids(output: str) -> list[str]:
    def walk(sections: list[dict[str, Any]]) -> list[str]:
        return [i for s in sections for i in [s["id"], *walk(s["sections"])]]

    return walk(json.loads(output)["files"][0]["sections"])


PHASES = """# Plano

**Fases**: 0/3 - 0%
**Phases**: 0/9

## Fase 1: Base

- [x] a

## Fase 2: Meio

- [x] b
- [ ] c

## Fase 3: Fim

- [ ] d
"""


def test_a_count_of_sections_is_derived_when_it_counts_those_sections(
    tmp_path: Path, run: Run
) -> None:
    # issue 14: `**Fases**: 0/5 - 0%` counts the file's `Fase N` sections, not its items
    path = tmp_path / "TODO.md"
    path.write_text(PHASES, encoding="utf-8")
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "**Fases**: 1/3 - 33%\n" in text
    assert "**Phases**: 0/9\n" in text  # nine of something else


def test_a_rollup_count_cell_keeps_its_spaces_and_a_percent_its_decimals(
    tmp_path: Path, run: Run
) -> None:
    text = (
        "# P\n\n| Phase | Done | % |\n|---|---|---|\n| Phase 1 | 0 / 3 | 0.0% |\n"
        "| Phase 2 | 13 / 13 | 100% |\n\n## Phase 1\n\n- [x] a\n- [ ] b\n- [ ] c\n\n"
        "## Phase 2\n\n- [x] d\n"
    )
    path = tmp_path / "TODO.md"
    path.write_text(text, encoding="utf-8")
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    out = path.read_text(encoding="utf-8")
    assert "| Phase 1 | 1 / 3 | 33.3% |\n| Phase 2 | 1 / 1 | 100% |\n" in out


def test_a_bar_percent_keeps_its_decimals(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "TODO.md"
    path.write_text("# P\n\nOverall: ██████░░░░ 33.3%\n\n- [x] a\n- [x] b\n- [ ] c\n", "utf-8")
    assert run("sync", str(path)).exit_code == 0
    assert "Overall: ███████░░░ 66.7%\n" in path.read_text(encoding="utf-8")


def test_an_emoji_list_of_percents_is_a_rollup_not_work(tmp_path: Path, run: Run) -> None:
    # issue 14: a Turkish per-priority roll-up (`- ✅ Ayarlar: %95 ✅`) was counted as items
    text = (
        "# Görevler\n\n## İş\n\n- [x] a\n- [ ] b\n\n### Genel İlerleme: %85\n"
        "- ✅ Arayüz: %100 ✅\n- ⏳ Vergi: %70\n- ⏳ Bildirim: 40%\n"
    )
    path = tmp_path / "TODO.md"
    path.write_text(text, encoding="utf-8")
    result = run("status", "--json", str(path))
    progress = json.loads(result.output)["files"][0]["progress"]
    assert (progress["done"], progress["total"]) == (1, 2)


def test_a_header_section_with_the_files_stamp_is_not_an_item(tmp_path: Path, run: Run) -> None:
    # issue 14: the Portuguese checklist's header (version, status, last update) was an item
    text = (
        "# Lista\n## Projeto X\n\n**Versão**: 2.0\n**Status**: 🚧 Em desenvolvimento\n"
        "**Última Atualização**: Janeiro 2025\n\n## Fase 1\n\n- [x] a\n- [ ] b\n"
    )
    path = tmp_path / "CHECKLIST.md"
    path.write_text(text, encoding="utf-8")
    result = run("status", "--json", str(path))
    progress = json.loads(result.output)["files"][0]["progress"]
    assert (progress["done"], progress["total"]) == (1, 2)


PHASE_LINES = """# Tasks

**Current Progress**: 1/5 total tasks (20%)
- Phase 1 (Setup): ✅ 1/1 complete
- Phase 2 (Core): 🔄 0/2 started (0%)
- Phase 7 (Later): 0/3 complete
- Note: read 2/3 of the docs

## Phase 1: Setup

- [x] T001 a

## Phase 2: Core

- [x] T002 b
- [ ] T003 c
"""


def test_per_phase_lines_are_rollups_of_their_phase(tmp_path: Path, run: Run) -> None:
    # issue 14 (spec-kit): `- Phase 8: ✅ 18/24 complete (75%)` lines are derived values
    path = tmp_path / "tasks.md"
    path.write_text(PHASE_LINES, encoding="utf-8")
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    expected = PHASE_LINES.replace("1/5 total tasks (20%)", "2/3 total tasks (67%)").replace(
        "🔄 0/2 started (0%)", "🔄 1/2 started (50%)"
    )
    assert path.read_text(encoding="utf-8") == expected  # no Phase 7, and a note is prose
    result = run("done", "T003", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert "- Phase 2 (Core): 🔄 2/2 started (100%)\n" in path.read_text(encoding="utf-8")
