"""Recognition rules of SPEC §2 on the project's own small fixtures."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trackmd.core.derive import Counts, half_up
from trackmd.core.model import Document, ItemKind, Settings, Severity, State
from trackmd.core.parse import normalize_label, parse


def states(doc: Document) -> list[tuple[str, State]]:
    return [(i.text, i.state) for i in doc.items]


def test_checkbox_markers() -> None:
    doc = parse(
        "# T\n- [ ] a\n- [x] b\n- [X] c\n- [/] d\n- [!] e\n- [-] f\n- [?] g\n"
        "* [ ] h\n+ [x] i\n1. [ ] j\n2) [x] k\n> - [x] l\n- [ ]\n"
    )
    assert states(doc) == [
        ("a", State.OPEN), ("b", State.DONE), ("c", State.DONE), ("d", State.IN_PROGRESS),
        ("e", State.BLOCKED), ("f", State.CANCELLED), ("g", State.OPEN), ("h", State.OPEN),
        ("i", State.DONE), ("j", State.OPEN), ("k", State.DONE), ("l", State.DONE), ("", State.OPEN),
    ]  # fmt: skip
    info = [d for d in doc.diagnostics if d.code == "unknown-marker"]
    assert len(info) == 1 and info[0].severity is Severity.INFO and info[0].line == 8


def test_not_checkboxes() -> None:
    text = (
        "# T\n- `[ ]` in code span\n\n```\n- [ ] fenced\n```\n\n    - [ ] indented code\n\n"
        "<div>\n- [ ] html\n</div>\n\n| a | b |\n|---|---|\n| [ ] cell | x |\n\n"
        "- []  no space\n\n-[ ] glued\n\n- [x]no space after\n"
    )
    doc = parse(text)
    assert doc.items == ()
    warnings = [d for d in doc.diagnostics if d.code == "malformed-checkbox"]
    assert {d.line for d in warnings} == {18, 20}


def test_sub_items_and_count_all() -> None:
    text = "# T\n## S\n- [x] parent\n  - [ ] child 1\n  - [x] child 2\n    - [x] grandchild\n- [ ] other\n"
    doc = parse(text)
    parent = doc.items[0]
    assert [i.parent for i in doc.items] == [None, 1, 1, 3, None]
    counts = Counts(doc)
    assert (counts.document.done, counts.document.total) == (1, 2)
    assert Counts(doc).children_of_item(parent).total == 2
    everything = parse(text, settings=Settings(count="all"))
    assert (Counts(everything).document.done, Counts(everything).document.total) == (3, 5)


def test_status_rows_in_every_language() -> None:
    rows = "".join(
        f"| T{i} | {word} |\n"
        for i, word in enumerate(["Done", "terminé", "hecho", "erledigt", "concluído", "已完成",
                                  "in progress", "en cours", "进行中", "todo", "à faire",
                                  "offen", "blocked", "bloqué", "won't do", "annulé"])
    )  # fmt: skip
    for header in ("Status", "Statut", "Estado", "État", "Stato", "状态"):
        doc = parse(f"# T\n\n| Task | {header} |\n|---|---|\n{rows}")
        got = [i.state for i in doc.items]
        assert (
            got
            == [State.DONE] * 6
            + [State.IN_PROGRESS] * 3
            + [State.OPEN] * 3
            + [State.BLOCKED] * 2
            + [State.CANCELLED] * 2
        ), header


def test_status_column_must_be_a_status_header() -> None:
    doc = parse("# T\n\n| Risk | Mitigation Status |\n|---|---|\n| x | Done |\n")
    assert doc.items == ()


def test_word_wins_over_emoji_and_unrecognized_is_open() -> None:
    doc = parse(
        "# T\n\n| Task | Status |\n|---|---|\n| a | ✅ Blocked |\n| b | To Verify |\n| c | 🔄 |\n"
    )
    assert [i.state for i in doc.items] == [State.BLOCKED, State.OPEN, State.IN_PROGRESS]
    info = [d for d in doc.diagnostics if d.code == "unknown-status"]
    assert len(info) == 1 and "statuses" in info[0].message


def test_colour_emoji_from_legend_beside_word_or_nothing() -> None:
    legend = "**Legend**: 🔵 Not Started | 🟡 In Progress | 🟢 Complete | 🔴 Blocked\n\n"
    table = "| Task | Status |\n|---|---|\n| a | 🟢 |\n| b | 🔴 |\n| c | 🟡 |\n"
    doc = parse("# T\n\n" + legend + table)
    assert [i.state for i in doc.items] == [State.DONE, State.BLOCKED, State.IN_PROGRESS]
    beside = parse("# T\n\n**Status**: 🔴 NOT STARTED\n\n## S\n\n" + table)
    assert [i.state for i in beside.items if i.kind is ItemKind.ROW][1] is State.OPEN
    bare = parse("# T\n\n" + table)
    assert all(i.state is State.OPEN for i in bare.items)
    assert sum(d.code == "unknown-status" for d in bare.diagnostics) == 3


def test_extra_status_words_from_settings() -> None:
    settings = Settings(statuses=(("done", ("shipped to prod",)),))
    doc = parse("# T\n\n| Task | Status |\n|---|---|\n| a | Shipped to prod |\n", settings=settings)
    assert doc.items[0].state is State.DONE


def test_status_section_and_status_list_items() -> None:
    text = (
        "# Plan\n\n## Crontab\n**Status :** 🔴 **BLOQUANT** - cron never runs\n\n"
        "## Bugs\n1. **BUG-001: Login fails** (HIGH)\n   - **Status**: Open\n"
        "   - **Severity**: High\n2. **BUG-002: Typo**\n   - **Status**: Fixed\n"
        "3. **GAP-001: No tests**\n   - **Impact**: none\n"
    )
    doc = parse(text)
    kinds = [(i.kind, i.id, i.state) for i in doc.items]
    assert kinds == [
        (ItemKind.SECTION, None, State.BLOCKED),
        (ItemKind.LIST_STATUS, "BUG-001", State.OPEN),
        (ItemKind.LIST_STATUS, "BUG-002", State.DONE),
    ]
    assert Counts(doc).document.total == 3


def test_emoji_lists_need_two_states() -> None:
    text = (
        "# T\n\n## Goals\n1. ✅ CI\n2. ✅ Deploy\n3. 🔄 Auth\n\n## Criteria\n- ✅ fast\n- ✅ safe\n"
    )
    doc = parse(text)
    assert [(i.kind, i.text, i.state) for i in doc.items] == [
        (ItemKind.EMOJI, "CI", State.DONE), (ItemKind.EMOJI, "Deploy", State.DONE),
        (ItemKind.EMOJI, "Auth", State.IN_PROGRESS),
    ]  # fmt: skip


def test_explicit_ids_and_numbers() -> None:
    text = "# T\n- [ ] **PLAN-500-01** analyse\n- [x] T-12 write\n- [ ] no id here BUG-9\n"
    doc = parse(text)
    assert [(i.number, i.id) for i in doc.items] == [(1, "PLAN-500-01"), (2, "T-12"), (3, None)]


def test_duplicate_ids_are_errors() -> None:
    doc = parse("# T\n- [ ] T-1 a\n- [ ] T-1 b\n")
    assert [d.code for d in doc.diagnostics if d.severity is Severity.ERROR] == ["duplicate-id"]


def test_section_ids_labels_and_markers() -> None:
    text = (
        "# 📊 Board\n## Phase 1: Foundation (Weeks 1-4) 🟡 In Progress\n- [ ] a\n"
        "## **Epic 2**: Docs\n- [ ] b\n## User Story 1.1: Login\n- [ ] c\n## Étape 3 — fin\n- [ ] d\n"
        "## Notes\n## Notes\n### ✅ BLOC 1 : x\n- [x] e\n### 🔄 BLOC 2 : y\n- [ ] f\n"
        "## PLAN-7 things\n"
    )
    doc = parse(text)
    ids = [s.id for s in doc.sections[1:]]
    assert ids == ["board", "phase-1", "epic-2", "user-story-1.1", "étape-3", "notes", "notes-2",
                   "bloc-1", "bloc-2", "PLAN-7"]  # fmt: skip
    assert doc.sections[2].label == "Phase 1: Foundation (Weeks 1-4)"
    assert doc.sections[2].marker is not None
    assert doc.sections[2].marker.state is State.IN_PROGRESS
    assert doc.sections[8].marker is not None  # ✅ and 🔄 among siblings: markers
    assert doc.title == "Board"


def test_lone_heading_emoji_of_one_state_is_decoration() -> None:
    doc = parse("# T\n## ✅ Definition of Ready\n- [ ] a\n## ✅ Definition of Done\n- [ ] b\n")
    assert all(s.marker is None for s in doc.sections)


def test_fields_in_three_spellings() -> None:
    doc = parse(
        "# T\n**Progress**: 1/2\n**Avancement :** 50%\n**Owner** : Ada\n> **Stand:** 2026\n"
    )
    assert [(f.key, f.value) for f in doc.fields] == [
        ("progress", "1/2"), ("avancement", "50%"), ("owner", "Ada"), ("stand", "2026"),
    ]  # fmt: skip
    for f in doc.fields:
        assert doc.text[f.value_span.start : f.value_span.end] == f.value


def test_metadata() -> None:
    text = "# T\n- [ ] ship (5 pts) @alex 📅 2026-12-01 depends on T-3\n- [x] T-3 base [3sp]\n"
    first, second = parse(text).items
    assert (first.points, first.owner, first.due, first.depends) == (
        5.0,
        "alex",
        "2026-12-01",
        ("T-3",),
    )
    assert second.points == 3.0


def test_front_matter_settings_and_malformed_yaml() -> None:
    doc = parse(
        "---\ntrackmd:\n  count: all\n  sprint: {start: 2026-11-02, end: 2026-11-13}\n---\n# T\n"
    )
    assert doc.settings.count == "all" and doc.settings.sprint_end == "2026-11-13"
    assert doc.front_matter["trackmd"] is not None
    bad = parse("---\ntitle: [unclosed\n---\n# T\n- [ ] a\n")
    assert [d.code for d in bad.diagnostics] == ["front-matter"]
    assert len(bad.items) == 1
    unknown = parse("---\ntrackmd:\n  colour: red\n---\n# T\n")
    assert [d.code for d in unknown.diagnostics] == ["config"]
    assert "colour" in unknown.diagnostics[0].message


def test_rollup_table_only_when_every_row_resolves() -> None:
    sections = "## Phase 1: Build\n- [x] a\n## Phase 2: Ship\n- [ ] b\n"
    full = "| Phase | Status |\n|---|---|\n| **Phase 1**: Build | Done |\n| Phase 2 | Todo |\n| Total | |\n"
    partial = "| Phase | Status |\n|---|---|\n| Phase 1 | Done |\n| Marketing | Todo |\n"
    assert [i.kind for i in parse("# T\n" + full + sections).items] == [ItemKind.CHECKBOX] * 2
    doc = parse("# T\n" + partial + sections)
    assert [i.kind for i in doc.items].count(ItemKind.ROW) == 2


def test_labels_match_across_prefixes() -> None:
    assert normalize_label("Epic 1: Infrastructure & DevOps") == normalize_label(
        "**Infrastructure & DevOps**"
    )
    assert normalize_label("Phase 1: Foundation (Weeks 1-4)") == "foundation"


@pytest.mark.parametrize(
    ("done", "total", "percent"), [(5, 8, 63), (4, 6, 67), (1, 6, 17), (1, 8, 13), (0, 3, 0)]
)
def test_half_up(done: int, total: int, percent: int) -> None:
    assert half_up(done, total) == percent


def test_cancelled_leaves_numerator_and_denominator() -> None:
    doc = parse("# T\n- [x] a\n- [-] b\n- [ ] c\n")
    progress = Counts(doc).document
    assert (progress.done, progress.total, progress.cancelled, progress.percent) == (1, 2, 1, 50)


def test_line_numbers_ignore_unicode_line_separators() -> None:
    doc = parse("# T\u2028x\n\x0c\n- [ ] a\r- [x] b\r\n- [ ] c")
    assert [i.line for i in doc.items] == [2, 3, 4]


def test_same_decorative_emoji_over_different_progress_is_decoration() -> None:
    doc = parse("# T\n## ✅ Done so far\n- [x] a\n## ✅ Go-live checklist\n- [ ] b\n")
    assert all(s.marker is None for s in doc.sections)


def test_parse_leaves_no_reference_cycles() -> None:
    """parse runs with the cyclic collector off; a cycle it built would stay in memory until
    the next full collection, in every process that parses many files."""
    import gc

    from tests.conftest import EXAMPLES

    for path in sorted(EXAMPLES.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        gc.collect()
        gc.disable()
        try:
            doc = parse(text)
            left = gc.collect()
        finally:
            gc.enable()
        assert doc.items or path.name == "README.md"
        assert left == 0, f"{path.name}: {left} objects in cycles"


def test_a_legend_makes_trailing_colour_emoji_heading_markers() -> None:
    legend = "**Legend**: 🟢 Done | 🟡 In Progress | 🔴 Todo\n\n"
    body = "## Login page 🟢\nShipped.\n## Payments 🟡\nWIP.\n## Search 🔴\nLater.\n"
    with_legend = parse("# Roadmap\n" + legend + body)
    assert [(i.text, i.state) for i in with_legend.items] == [
        ("Login page", State.DONE),
        ("Payments", State.IN_PROGRESS),
        ("Search", State.OPEN),
    ]
    # learned only beside words that trackmd may rewrite: decoration
    beside = parse("# Roadmap\n## Auth 🟢 Done\n## Login page 🟢\n## Payments 🟡\n")
    assert [i.text for i in beside.items] == ["Auth"]


def test_a_table_row_with_an_explicit_id_keeps_its_task_text() -> None:
    """`| T-1 | build | Done |` is the item `T-1 — build`, as `- [x] T-1 build` reads: its
    task is text to match a REF against and to show (`list` shows the ID in its column)."""
    doc = parse("# Plan\n\n| ID | Task | Status |\n|---|---|---|\n| T-1 | build | Done |\n")
    (item,) = doc.items
    assert (item.id, item.text) == ("T-1", "T-1 — build")


def _cells_by_walking(line: str, start: int, end: int) -> list[tuple[int, str]]:
    """The row's cells, character by character (the reference for `cell_texts`' `find`)."""
    found, segment_start, in_code = [], start, False
    for pos in range(start, end + 1):
        ch = line[pos] if pos < end else "|"
        in_code = not in_code if ch == "`" else in_code
        if (ch == "|" and not in_code and (pos == 0 or line[pos - 1] != "\\")) or pos == end:
            raw = line[segment_start:pos]
            if pos < end or raw.strip():
                found.append((segment_start + len(raw) - len(raw.lstrip()), raw.strip()))
            segment_start = pos + 1
    return found


@given(st.lists(st.sampled_from(["|", " ", "a", "✅ done", "`", "\\", "\t", "||"])).map("".join))
@settings(max_examples=500)
def test_row_cells_split_as_a_walk_over_the_characters_does(line: str) -> None:
    from trackmd.core.parse.fields import cell_texts

    start = 1 if line.startswith("|") else 0
    end = len(line.rstrip())
    assert cell_texts(line, start, end) == _cells_by_walking(line, start, end)


def test_a_heading_that_is_a_link_is_labelled_by_the_text_it_shows() -> None:
    doc = parse("# T\n## [Phase 2](docs/phase2.md) 🔄\n- [x] a\n## [[Backend]]\n- [ ] b\n")
    assert [(s.id, s.label) for s in doc.sections[2:]] == [
        ("phase-2", "Phase 2"),
        ("backend", "Backend"),
    ]
    assert doc.sections[2].heading_text.startswith("[Phase 2](docs/phase2.md)")
