"""Derived values D1–D6: what sync writes, in the file's own words, and nothing else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from trackmd.core.edit import out_of_date, plan, restamp
from trackmd.core.parse import parse

TODAY = dt.date(2026, 11, 22)


def synced(text: str) -> str:
    return plan(parse(text), TODAY).text


def test_progress_fields_change_only_numbers() -> None:
    text = (
        "# P\n**Overall Progress**: 10% (of the year)\n\n## A\n- [x] a\n- [ ] b\n- [ ] c\n\n"
        "**Progress**: 0/3 complete - keep this ✅\n\n## B\n- [x] d\n\n**Avancement** : 0%\n"
        "**Progress**: 0/1 complete\n"
    )
    out = synced(text)
    assert "**Overall Progress**: 50% (of the year)" in out
    assert "**Progress**: 1/3 complete - keep this ✅" in out
    assert "**Avancement** : 100%" in out
    assert "**Progress**: 1/1 complete\n" in out  # no percent added


def test_rollup_status_fields_and_heading_markers() -> None:
    text = (
        "# P\n## Phase 1: Build 🟢 Complete\n**Status**: Complete (100%)\n- [x] a\n- [ ] b\n"
        "## Phase 2: Ship ⏳ Todo\n**Status**: Blocked\n- [x] c\n"
    )
    out = synced(text)
    assert "## Phase 1: Build 🔄 In Progress\n" in out
    assert "**Status**: In Progress (50%)\n" in out
    assert "**Status**: Blocked\n" in out  # blocked is never derived away
    assert "## Phase 2: Ship ✅ Complete\n" in out  # own word; a colour emoji only for a colour


def test_status_wording_reuses_the_files_own_words_and_case() -> None:
    text = (
        "# P\n**Legend**: 🔵 Not Started | 🟡 In Progress | 🟢 Complete\n\n"
        "## BLOC 1\n**Statut** : 🟢 TERMINÉ\n- [x] a\n- [ ] b\n"
        "## BLOC 2\n**Statut** : 🔵 NOT STARTED\n- [ ] c\n"
    )
    edits = out_of_date(parse(text))
    assert [e.text for e in edits] == ["🟡 IN PROGRESS"]


def test_status_wording_defaults_to_the_files_language() -> None:
    text = (
        "# P\n## BLOC 1\n**Statut** : ✅ TERMINÉ\n- [x] a\n- [ ] b\n## BLOC 2\n**Statut** : fait\n"
    )
    edits = out_of_date(parse(text))
    assert [e.text for e in edits] == ["🔄 EN COURS"]


def test_rollup_table_with_total_and_points() -> None:
    text = (
        "# S\n| Epic | Planned Points | Completed Points | % Complete |\n|---|---|---|---|\n"
        "| Core | 1 | 1 | 10% |\n| Docs | 9 | 9 | 99% |\n| **Total** | **0** | **0** | **0%** |\n\n"
        "## Epic 1: Core\n### Story 1.1\n**Story Points**: 5\n- [x] a\n### Story 1.2\n"
        "**Story Points**: 3\n- [ ] b\n## Epic 2: Docs\n### Story 2.1\n**Story Points**: 2\n- [x] c\n"
    )
    out = synced(text)
    assert "| Core | 8 | 5 | 63% |" in out
    assert "| Docs | 2 | 2 | 100% |" in out
    assert "| **Total** | **10** | **7** | **70%** |" in out


def test_rollup_table_status_and_count_columns() -> None:
    text = (
        "# S\n| Phase | Status | Done | Progress |\n|---|---|---|---|\n"
        "| **Phase 1**: Build | ✅ Done | 0/0 | 0% |\n| Phase 2 | ⏳ Todo | 0/0 | 0% |\n\n"
        "## Phase 1: Build\n- [x] a\n- [ ] b\n## Phase 2: Ship\n- [x] c\n"
    )
    out = synced(text)
    assert "| **Phase 1**: Build | 🔄 In Progress | 1/2 | 50% |" in out
    assert "| Phase 2 | ✅ Done | 1/1 | 100% |" in out


@pytest.mark.parametrize("column", ["Progress", "Complete", "Tasks", "Done"])
def test_a_rollup_cell_with_a_count_and_a_percent_gets_both(column: str) -> None:
    """`1/3 (10%)` says two derived numbers: whichever column it stands in (a percent
    column or a count column), both follow the section, and a lone count in a percent
    column is derived too. One edit per cell, and a second sync changes nothing."""
    text = (
        f"# R\n| Phase | {column} | Status |\n|---|---|---|\n| Alpha | 0/2 | Todo |\n"
        "| Beta | 1/3 (10%) | Todo |\n| Total | 1/5 (20%) | |\n\n"
        "## Alpha\n- [x] a\n- [x] b\n## Beta\n- [x] c\n- [ ] d\n"
    )
    doc = parse(text)
    stale = out_of_date(doc)
    assert len({(e.span.start, e.span.end) for e in stale}) == len(stale)
    out = synced(text)
    assert "| Alpha | 2/2 | Done |" in out
    assert "| Beta | 1/2 (50%) | In Progress |" in out
    assert "| Total | 3/4 (75%) | |" in out
    assert synced(out) == out


def test_a_points_table_leaves_a_count_beside_its_percent() -> None:
    """In a points-based roll-up the percent is points; a count beside it may be points
    too, so it is left as written."""
    text = (
        "# R\n| Epic | Planned Points | Completed Points | Progress |\n|---|---|---|---|\n"
        "| Core | 8 | 0 | 3/9 (0%) |\n\n## Epic 1: Core\n### Story 1.1\n**Story Points**: 5\n"
        "- [x] a\n### Story 1.2\n**Story Points**: 3\n- [ ] b\n"
    )
    assert "| Core | 8 | 5 | 3/9 (63%) |" in synced(text)


def test_progress_bars_keep_width_and_alignment() -> None:
    text = (
        "# S\n\n| Story | Status |\n|---|---|\n| ST-1 | ✅ Done |\n| ST-2 | 🔄 In Progress |\n"
        "| ST-3 | ⏳ Todo |\n\n```\nOverall: ██████████ 100%\n\n"
        "ST-1 [a]   ░░░░░░░░░░ 0%   ⏳\nST-2 [b]   ██████████ 100% ✅\nST-3 [c]   [#####-----] 50%\n```\n"
    )
    out = synced(text)
    assert "Overall: ███░░░░░░░ 33%\n" in out
    assert "ST-1 [a]   ██████████ 100% ✅\n" in out
    assert "ST-2 [b]   ░░░░░░░░░░ 0%   🔄\n" in out
    assert "ST-3 [c]   [----------] 0%\n" in out


def test_a_full_shaded_bar_empties_with_light_shade() -> None:
    """`▓▓▓▓` with nothing empty yet: progress bars pair ▓ with ░ (▓▒ is shading art)."""
    text = "# S\n\nOverall: ▓▓▓▓▓▓▓▓▓▓ 100%\n\n- [x] a\n- [ ] b\n"
    assert "Overall: ▓▓▓▓▓░░░░░ 50%\n" in synced(text)
    assert "Overall: ▓▓▓▓▓▒▒▒▒▒ 50%\n" in synced(text.replace("▓▓ 100%", "▒▒ 100%"))


def test_section_bars_and_document_bar() -> None:
    text = "# S\nOverall ████░░░░░░ 40%\n\n## Build\nBuild ░░░░░ 0% \n- [x] a\n- [x] b\n- [ ] c\n- [ ] d\n"
    out = synced(text)
    assert "Overall █████░░░░░ 50%\n" in out
    assert "Build ███░░ 50% \n" in out


def test_statistics_cookies() -> None:
    text = "# S\n## Backend [0/0]\n- [x] a [0%]\n  - [x] a1\n  - [ ] a2\n- [ ] b\n"
    out = synced(text)
    assert "## Backend [1/2]\n" in out
    assert "- [x] a [50%]\n" in out


def test_last_updated_only_when_something_else_changes() -> None:
    stale = "# S\n**Last Updated**: 2025-07-28\n**Progress**: 0/1\n- [x] a\n"
    out = synced(stale)
    assert "**Last Updated**: 2026-11-22\n" in out and "**Progress**: 1/1\n" in out
    fresh = "# S\n**Last Updated**: 2025-07-28\n**Progress**: 1/1\n- [x] a\n"
    assert synced(fresh) == fresh


@pytest.mark.parametrize(
    ("before", "after"),
    [("2025-07-28", "2026-11-22"), ("2025-10-01 23:50", "2026-11-22 23:50"),
     ("December 30, 2024", "November 22, 2026"), ("Août 2025", "Novembre 2026"),
     ("30 décembre 2024", "22 novembre 2026"), ("12/30/2024", "11/22/2026"),
     ("30/12/2024", "22/11/2026"), ("Dec 30, 2024 (weekly)", "Nov 22, 2026 (weekly)")],
)  # fmt: skip
def test_restamp_keeps_format(before: str, after: str) -> None:
    assert restamp(before, TODAY) == after


def test_historical_logs_are_text() -> None:
    text = "# S\n## Day 1\n**Tasks completed**: 20/30\n- [ ] a\n"
    assert synced(text) == text


def test_right_aligned_percent_keeps_its_column() -> None:
    text = (
        "# S\n\n| Story | Status |\n|---|---|\n| ST-1 | ✅ Done |\n| ST-2 | ⏳ Todo |\n\n"
        "```\nST-1 [a] ░░░░░   0% ⏳\nST-2 [b] █████ 100% ✅\n```\n"
    )
    out = synced(text)
    assert "ST-1 [a] █████ 100% ✅\n" in out
    assert "ST-2 [b] ░░░░░ 0%   ⏳\n" in out  # written left-aligned: the emoji keeps its column


def test_a_cards_own_progression_bar_is_not_the_documents() -> None:
    text = "# Board\n- [ ] **Card**\n  - 📊 _Progression : ███░░░░░░░ 30%_\n- [x] other\n"
    assert synced(text) == text


def test_bars_match_leaf_items_with_their_cookies() -> None:
    """A leaf item's cookie is its own text (nothing derives it), so it tells items apart."""
    text = (
        "# P\n## Migration\n- [x] Migrate DB [1/2]\n- [ ] Migrate DB [2/2]\n\n```\n"
        "Migrate DB [1/2] ░░░░░░░░░░ 0%\nMigrate DB [2/2] ░░░░░░░░░░ 0%\n```\n"
    )
    lines = plan(parse(text), TODAY).text.splitlines()
    assert lines[6] == "Migrate DB [1/2] ██████████ 100%"
    assert lines[7] == "Migrate DB [2/2] ░░░░░░░░░░ 0%"


def test_an_emoji_standing_alone_says_its_state_by_itself() -> None:
    """⭐ beside `Done` is the file's symbol there, but alone on a heading it says nothing."""
    text = (
        "# P\n## Phase 1 ✅\n- [ ] a\n## Phase 2 ⏳\n- [x] b\n\n"
        "| Task | Status |\n|---|---|\n| x | ⭐ Done |\n"
    )
    lines = plan(parse(text), TODAY).text.splitlines()
    assert lines[1] == "## Phase 1 ⏳" and lines[3] == "## Phase 2 ✅"


def test_unresolvable_bar_labels_and_roll_up_rows_are_reported_as_info(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    # SPEC §4: "unresolvable table row or bar label (info)"; axis numbers are not names
    text = (
        "# Plan\n\n```\nFrontend ░░░░░░░░░░ 0%\nMystery  ░░░░░░░░░░ 0%\n12       ░░░░░░░░░░\n```\n\n"
        "| Area | Status |\n|---|---|\n| Frontend | Todo |\n| Espresso | Todo |\n\n"
        "## Frontend\n\n- [x] header\n- [ ] footer\n"
    )
    path = tmp_path / "PLAN.md"
    path.write_text(text, encoding="utf-8")
    result = run("check", str(path))
    lines = [line for line in result.stdout.splitlines() if "unresolved-label" in line]
    assert len(lines) == 2, result.stdout
    assert ":5:1: info unresolved-label bar 'Mystery'" in lines[0]
    assert ":12:1: info unresolved-label row 'Espresso'" in lines[1]


def test_every_derived_kind_module_is_in_the_registry_once() -> None:
    """A derived kind is one module of core/derived and one line of its registry."""
    from pathlib import Path

    from trackmd.core import derived

    folder = Path(derived.__file__).parent
    # `_forms` and other private modules are helpers shared by the kinds
    modules = {p.stem for p in folder.glob("*.py") if not p.stem.startswith("_")} - {"unresolved"}
    registered = [kind.values.__module__.rsplit(".", 1)[-1] for kind in derived.KINDS]
    assert sorted(registered) == sorted(modules)
    assert [kind.code for kind in derived.KINDS] == ["D1", "D2", "D3", "D4", "D5"]


def test_counts_of_counts_each_document_once() -> None:
    """`counts_of` keeps the last document's counts: the stale values and the view of one
    read share them, and another document (even an equal one) is counted afresh."""
    from trackmd.core.derive import Counts, counts_of

    first = parse("# T\n## A\n- [x] a\n- [ ] b\n")
    again = parse("# T\n## A\n- [x] a\n- [ ] b\n")
    other = parse("# T\n## A\n- [x] a\n- [x] b\n")
    counts = counts_of(first)
    assert counts_of(first) is counts
    assert counts_of(again) is not counts
    assert counts_of(other).document != counts.document
    assert counts_of(first) is not counts, "only the last document is kept"
    assert counts_of(first).document == Counts(first).document


@pytest.mark.parametrize(
    "label",
    ["[Backend](#backend)", "[[Backend]]", "[[backend\\|Backend]]", "[Backend](docs/backend.md)",
     "[Backend][b]", "[API](#backend)"],
)  # fmt: skip
def test_a_rollup_row_that_links_to_its_section_names_it(label: str) -> None:
    """A row naming its section by a link (to the heading's anchor, an Obsidian wiki link,
    a reference link) names that section: the table is a roll-up and its rows are not
    counted as more work. The link stays as written."""
    text = (
        "# S\n**Progress**: 0/3 (0%)\n\n| Area | Tasks | Status |\n|---|---|---|\n"
        f"| {label} | 0/2 | Todo |\n| Frontend | 0/1 | Todo |\n\n"
        "## Backend\n- [x] a\n- [x] b\n## Frontend\n- [ ] c\n"
    )
    out = synced(text)
    assert f"| {label} | 2/2 | Done |" in out
    assert "**Progress**: 2/3 (67%)" in out
    assert len(parse(text).items) == 3


@pytest.mark.parametrize(
    ("line", "after"),
    [
        ("Progress: 1/3 (33%)", "Progress: 2/3 (67%)"),
        ("Progress: 40%", "Progress: 67%"),
        ("**Progress**: 1 of 3 (33%)", "**Progress**: 2 of 3 (67%)"),
        ("**Avancement** : 1 sur 3 (33 %)", "**Avancement** : 2 sur 3 (67 %)"),
        ("**Progress**: 1 de 3 tareas", "**Progress**: 2 de 3 tareas"),
    ],
)
def test_progress_lines_plain_or_counted_in_words_are_derived(line: str, after: str) -> None:
    """A plain `Progress:` line whose value starts with its number is the progress field a
    person reads (in a list it stays prose), and `1 of 3` is a count as `1/3` is: a sync
    never leaves `1 of 3 (67%)`."""
    text = f"# T\n\n{line}\n\n## A\n- [x] a\n- [x] b\n- [ ] c\n"
    out = synced(text)
    assert f"\n{after}\n" in out
    assert synced(out) == out


@pytest.mark.parametrize(
    "line", ["Progress: we are halfway", "- Progress: 1/3", "Notes: 1/3 (33%)", "See: 1 of 3"]
)
def test_prose_that_says_progress_is_left_alone(line: str) -> None:
    text = f"# T\n\n{line}\n\n## A\n- [x] a\n- [x] b\n- [ ] c\n"
    assert synced(text) == text


@pytest.mark.parametrize(
    ("text", "kept", "now"),
    [
        # a heading's count of something else (in words too) leaves the heading alone
        ("# M\n\n## Progress: 40% (34 of 45 files)\n\n- [x] a\n- [ ] b\n- [ ] c\n",
         "## Progress: 40% (34 of 45 files)", None),
        # a date in a percent cell is no count
        ("# R\n\n| Phase | Progress |\n|---|---|\n| Backend | 50% (ETA 12/05) |\n\n"
         "## Backend\n- [x] a\n- [x] b\n- [ ] c\n", "(ETA 12/05)", "| Backend | 67% (ETA 12/05) |"),
        # a count in words in prose, or a date, is not the value's count
        ("# P\n\nProgresso: 50% — revisão em 2 de 3 de 2025\n\n## A\n- [x] a\n- [ ] b\n- [ ] c\n",
         "revisão em 2 de 3 de 2025", None),
        ("# P\n\n**Progresso**: 50% — revisão em 2 de 3 de 2025\n\n## A\n- [x] a\n- [ ] b\n"
         "- [ ] c\n", "revisão em 2 de 3 de 2025", "**Progresso**: 33% —"),
        ("# P\n\nProgress: 3 of 4 reviewers approved the RFC; the rest is below.\n\n## A\n- [x] a\n",
         "Progress: 3 of 4 reviewers approved the RFC; the rest is below.", None),
        ("# P\n\nYesterday we met and noted\nProgress: 1/5 (20%) for the vendor.\n\n## A\n- [x] a\n",
         "Progress: 1/5 (20%) for the vendor.", None),
        # a count in words before a comma is a count
        ("# P\n\n**Progress**: 2 of 5, 40%\n\n## A\n- [x] a\n- [x] b\n- [ ] c\n", "**Progress**:",
         "**Progress**: 2 of 3, 67%"),
    ],
)  # fmt: skip
def test_counts_in_words_and_plain_lines_only_where_a_person_reads_them(
    text: str, kept: str, now: str | None
) -> None:
    out = synced(text)
    assert kept in out
    if now is None:
        assert out == text
    else:
        assert now in out
        assert synced(out) == out


@pytest.mark.parametrize("anchor", ["-launch", "performance--speed", "security-1", "launch"])
def test_a_row_linking_to_the_anchor_github_gives_a_heading_names_that_section(
    anchor: str,
) -> None:
    text = (
        "# R\n\n| Area | Progress |\n|---|---|\n| UI work | 0% |\n"
        f"| [Link](#{anchor}) | 0% |\n\n## UI work\n- [x] d\n## 🚀 Launch\n- [x] f\n"
        "## Performance & Speed\n- [x] g\n## Security\n- [ ] h\n## Security\n- [x] i\n"
    )
    assert f"| [Link](#{anchor}) | 100% |" in synced(text)
