"""Status forms the first SPEC did not read (issue 14): a status in one bold span with its
key, a plain `Status:` line or bullet, `**Stage**: ✅ …` bullets, hand-kept work-item
statuses over their checklists, a status at the end of story headings, struck and `[✓]`
checkboxes, `[DONE]` tags. Every fixture here is written for the test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from trackmd.core.derive import Counts
from trackmd.core.edit import out_of_date
from trackmd.core.model import Document, ItemKind, State
from trackmd.core.parse import parse

Run = Callable[..., Result]


def put(tmp_path: Path, text: str, name: str = "TODO.md") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def body(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def counted(doc: Document) -> tuple[int, int]:
    progress = Counts(doc).document
    return progress.done, progress.total


# -- `**Status: ✅ COMPLETED** (date)`: work items kept by hand over their checklists ---------

WORK_ITEMS = """\
# Cleanup plan

## 1) Drop the old importer

**Status: ✅ COMPLETED** (2026-02-01)

**Tasks**
- [ ] remove the module
- [ ] remove its flags

## 2) Merge the two caches

**Status: IN PROGRESS** (@bot-2, started: 2026-02-03 09:00)

**Tasks**
- [ ] pick one layout

## 3) Rename the CLI

**Status: NOT STARTED**

**Tasks**
- [ ] choose a name
- [ ] alias the old one
"""


def test_a_status_in_one_bold_span_is_the_sections_and_kept_by_hand() -> None:
    doc = parse(WORK_ITEMS, "TODO.md")
    sections = [i for i in doc.items if i.kind is ItemKind.SECTION]
    assert [(i.text, i.state) for i in sections] == [
        ("1) Drop the old importer", State.DONE),
        ("2) Merge the two caches", State.IN_PROGRESS),
        ("3) Rename the CLI", State.OPEN),
    ]
    # the checklists are the work items' own sub-items, not counted beside them
    assert all(i.parent is not None for i in doc.items if i.kind is ItemKind.CHECKBOX)
    assert counted(doc) == (1, 3)
    assert out_of_date(doc) == []  # the author's COMPLETED is not rewritten to open


def test_done_on_a_bold_span_status_writes_inside_the_bold(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, WORK_ITEMS)
    result = run("done", "Rename the CLI", "-f", str(path))
    assert result.exit_code == 0, result.output
    # the file's own word for done, inside the bold span; the date and the tasks stay
    assert body(path) == WORK_ITEMS.replace("**Status: NOT STARTED**", "**Status: COMPLETED**")
    assert counted(parse(body(path), "TODO.md")) == (2, 3)


def test_a_status_field_with_its_own_bold_key_stays_a_roll_up() -> None:
    text = (
        "# P\n\n## A\n\n**Status**: ✅ Done\n\n- [x] one\n- [x] two\n\n"
        "## B\n\n**Status**: Done\n\n- [x] three\n- [ ] four\n"
    )
    doc = parse(text, "TODO.md")
    assert not [i for i in doc.items if i.kind is ItemKind.SECTION]
    assert counted(doc) == (3, 4)
    assert [e.text for e in out_of_date(doc)] == ["In Progress"]  # B's roll-up
    kept = parse(text.replace("**Status**: Done", "**Status: Done**"), "TODO.md")
    assert [(i.text, i.state) for i in kept.items if i.kind is ItemKind.SECTION] == [
        ("B", State.DONE)
    ]
    assert counted(kept) == (3, 3) and out_of_date(kept) == []


# -- a plain `Status:` bullet or line ---------------------------------------------------------

MILESTONES = """\
# Milestones

## M0

- Repository, CI and docs.
- Status: Complete.

## M1

- The editor shell.
- Status: In progress (the split view works).

## M2

- Plugins.
- Status: Pending design.

## Notes

**Release v1**: shipped
- Status: Ready to ship
"""


def test_a_plain_status_bullet_under_a_heading_is_the_sections_status() -> None:
    doc = parse(MILESTONES, "ROADMAP.md")
    sections = [(i.text, i.state) for i in doc.items if i.kind is ItemKind.SECTION]
    assert sections == [("M0", State.DONE), ("M1", State.IN_PROGRESS), ("M2", State.OPEN)]
    assert counted(doc) == (1, 3)  # `- Status: Ready to ship` under a bold line is prose


def test_a_nested_plain_status_bullet_is_its_parent_items() -> None:
    text = "# Bugs\n\n1. BUG-001: crash\n   - Status: Open\n2. BUG-002: leak\n   - Status: Fixed\n"
    doc = parse(text, "BUGS.md")
    assert [(i.kind, i.id, i.state) for i in doc.items] == [
        (ItemKind.LIST_STATUS, "BUG-001", State.OPEN),
        (ItemKind.LIST_STATUS, "BUG-002", State.DONE),
    ]


def test_start_on_a_plain_status_bullet(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, MILESTONES, "ROADMAP.md")
    assert run("start", "#3", "-f", str(path)).exit_code == 0
    after = body(path)
    assert "- Status: In progress design.\n" in after
    assert after.replace("- Status: In progress design.", "- Status: Pending design.") == MILESTONES


def test_a_plain_status_line_of_a_story_file() -> None:
    story = "# Story 2.4: Pick the genre\n\nStatus: done\n\n## Tasks\n\n- [x] form\n- [x] save\n"
    doc = parse(story, "2-4-pick-the-genre.md")
    status = [f for f in doc.fields if f.key == "status"]
    assert [f.value for f in status] == ["done"]
    assert counted(doc) == (2, 2) and out_of_date(doc) == []
    reopened = parse(story.replace("- [x] save", "- [ ] save"), "story.md")
    assert [e.text for e in out_of_date(reopened)] == ["in progress"]


def test_done_on_a_story_files_plain_status_line(run: Run, tmp_path: Path) -> None:
    story = "# Story 1.3: Pick the theme\n\nStatus: in-progress\n\n## Story\n\nAs a user.\n"
    path = put(tmp_path, story, "1-3-pick-the-theme.md")
    assert run("done", "#1", "-f", str(path)).exit_code == 0
    assert body(path) == story.replace("Status: in-progress", "Status: done")


# -- `- **Stage**: ✅ …` bullets ---------------------------------------------------------------

STAGES = """\
# Stages

### Block A: import

- **Backend (stage 1)**: ⏳ Waiting to start
- **Frontend (stage 2)**: 🔄 In progress

### Block B: export

- **Backend (stage 1)**: ✅ Done
- **QA (stage 2)**: ✅ Done
"""


def test_bold_key_bullets_with_a_status_emoji_are_items() -> None:
    doc = parse(STAGES, "STATUS.md")
    rows = [(i.text, i.state) for i in doc.items]
    assert rows == [
        ("Backend (stage 1)", State.OPEN),
        ("Frontend (stage 2)", State.IN_PROGRESS),
        ("Backend (stage 1)", State.DONE),
        ("QA (stage 2)", State.DONE),
    ]
    assert counted(doc) == (2, 4)


def test_one_list_of_bold_key_bullets_is_a_summary() -> None:
    text = "# Release\n\n- **Tests**: ✅ green\n- **Docs**: 🔄 writing\n\nThe end.\n"
    assert parse(text, "NOTES.md").items == ()
    # two lists, all done: still items (a state change never changes what is an item)
    two = parse(text + "\n- **Build**: ✅ green\n- **Ship**: ✅ done\n", "NOTES.md")
    assert counted(two) == (3, 4)


def test_done_on_a_bold_key_bullet(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, STAGES, "STATUS.md")
    assert run("done", "#2", "-f", str(path)).exit_code == 0
    after = body(path)
    assert "- **Frontend (stage 2)**: ✅ Done\n" in after
    assert after.replace("✅ Done\n\n###", "🔄 In progress\n\n###") == STAGES


# -- `[ ] ~~struck~~` and `[✓]` -----------------------------------------------------------------

STRUCK = """\
# Features

1. [x] read the files
1. [ ] ~~rename headings as they are
       renamed elsewhere~~
1. [ ] ~~ship a GUI~~
1. [ ] write the index
   - [ ] ~~a nested idea~~
1. [ ] keep ~~some~~ of it
"""


def test_a_struck_open_checkbox_is_cancelled() -> None:
    doc = parse(STRUCK, "README.md")
    states = [(i.line, i.state) for i in doc.items]
    assert states == [
        (2, State.DONE),
        (3, State.CANCELLED),  # struck across two lines of its paragraph
        (5, State.CANCELLED),
        (6, State.OPEN),
        (7, State.CANCELLED),
        (8, State.OPEN),  # only a word struck: still to do
    ]
    assert counted(doc) == (1, 3)  # cancelled items leave both sides


def test_done_on_a_struck_checkbox_ticks_it(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, STRUCK, "README.md")
    assert run("done", "#3", "-f", str(path)).exit_code == 0
    assert body(path) == STRUCK.replace("1. [ ] ~~ship", "1. [x] ~~ship")
    assert counted(parse(body(path), "README.md")) == (2, 4)


def test_a_tick_mark_checkbox_is_done_and_undo_clears_it(run: Run, tmp_path: Path) -> None:
    text = "# Plans\n\n* [✓] put assets on a CDN\n* [ ] faster search\n"
    doc = parse(text, "TODO.md")
    assert [i.state for i in doc.items] == [State.DONE, State.OPEN]
    assert not [d for d in doc.diagnostics if d.code == "unknown-marker"]
    path = put(tmp_path, text)
    assert run("undo", "#1", "-f", str(path)).exit_code == 0
    assert body(path) == text.replace("[✓]", "[ ]")
    assert run("done", "#1", "-f", str(path)).exit_code == 0
    assert body(path) == text.replace("[✓]", "[x]")


# -- a status at the end of story headings ------------------------------------------------------

STORIES = """\
# Sprint

## Epic 1 — Tokens

### Story 1.1 — Write the token doc ✅

- **Deliverable:** a page of sizes.

### Story 1.2 — Button variants

- **Deliverable:** one place for heights.

## Epic 2 — Audit

### Story 2.1 — List the overrides 🔄

### Story 2.2 — Replace the overrides

### A1 — Check the dialogs ✅ DONE

### A2 — Check the sidebar
"""


def test_stories_ending_in_a_status_and_their_unmarked_siblings() -> None:
    doc = parse(STORIES, "SPRINT.md")
    got = [(i.text, i.state) for i in doc.items]
    assert got == [
        ("Story 1.1 — Write the token doc", State.DONE),
        ("Story 1.2 — Button variants", State.OPEN),  # unmarked among marked: open
        ("Story 2.1 — List the overrides", State.IN_PROGRESS),
        ("Story 2.2 — Replace the overrides", State.OPEN),
        ("A1 — Check the dialogs", State.DONE),
        ("A2 — Check the sidebar", State.OPEN),
    ]
    assert out_of_date(doc) == []


def test_one_numbered_heading_with_a_check_is_decoration() -> None:
    text = "# Notes\n\n### Step 1 — install ✅\n\nRun it.\n\n### Tips\n\nNone.\n"
    assert parse(text, "NOTES.md").items == ()


def test_done_on_an_unmarked_story_marks_its_heading(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, STORIES, "SPRINT.md")
    result = run("done", "#2", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert body(path) == STORIES.replace("Button variants\n", "Button variants ✅\n")
    assert run("start", "A2", "-f", str(path), "--all").exit_code == 0
    assert body(path).endswith("### A2 — Check the sidebar 🔄\n")
    assert run("undo", "Story 1.1", "-f", str(path), "--all").exit_code == 0
    assert "### Story 1.1 — Write the token doc ⏳\n" in body(path)


# -- `[DONE]` / `[IN PROGRESS]` tags ------------------------------------------------------------

TAGS = """\
# Backlog

1. [DONE] [Owner:ops] set up CI
2. [IN PROGRESS] cache the builds
3. write the docs [PLANNED]
4. see [the guide](guide.md)
"""


def test_status_tags_first_or_last_make_items() -> None:
    doc = parse(TAGS, "BACKLOG.md")
    assert [(i.text, i.state) for i in doc.items] == [
        ("[Owner:ops] set up CI", State.DONE),
        ("cache the builds", State.IN_PROGRESS),
        ("write the docs", State.OPEN),
    ]


def test_done_on_a_tag_rewrites_the_tag_word(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, TAGS, "BACKLOG.md")
    assert run("done", "#2", "-f", str(path)).exit_code == 0
    assert body(path) == TAGS.replace("[IN PROGRESS] cache", "[DONE] cache")


def test_a_tag_list_beside_a_status_table_of_the_same_work_counts_once() -> None:
    text = (
        "# Roadmap\n\n- M1: the parser. [DONE]\n- M2: the writer. [IN PROGRESS]\n\n## Board\n\n"
        "| Milestone | Status |\n|---|---|\n| M1 Parser | Done |\n| M2 Writer | In Progress |\n"
    )
    doc = parse(text, "ROADMAP.md")
    assert [i.kind for i in doc.items] == [ItemKind.ROW, ItemKind.ROW]
    assert counted(doc) == (1, 2)


# -- a legend that defines words ----------------------------------------------------------------

LEGEND = """\
# Features

**Legend**: ✅ = shipped · Implemented = shipped · Drafted = in progress

| Feature | Status |
|---|---|
| Login | Implemented |
| Search | Drafted |
| Export | Planned |
"""


def test_a_legend_defines_words_for_the_file() -> None:
    doc = parse(LEGEND, "FEATURES.md")
    assert [(i.text, i.state) for i in doc.items] == [
        ("Login", State.DONE),
        ("Search", State.IN_PROGRESS),
        ("Export", State.OPEN),
    ]
    assert not [d for d in doc.diagnostics if d.code == "unknown-status"]
    assert parse(LEGEND.replace("Implemented = shipped · ", ""), "F.md").items[0].state is (
        State.OPEN  # without the legend's word: unknown, counted open
    )


def test_done_writes_the_word_the_legend_defines(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, LEGEND, "FEATURES.md")
    assert run("done", "Search", "-f", str(path)).exit_code == 0
    assert body(path) == LEGEND.replace("| Search | Drafted |", "| Search | Implemented |")
    assert out_of_date(parse(body(path), "FEATURES.md")) == []


def test_a_checklist_and_an_audit_naming_the_stories_are_views_of_them() -> None:
    text = STORIES + (
        "\n## Quick checklist\n\n- [x] token doc written (Story 1.1)\n"
        "- [ ] variants in place (Story 1.2) — pending\n"
        "\n## Overrides — audit of Story 2.1\n\n| File | Status |\n|---|---|\n"
        "| button.tsx | ✅ Fixed |\n| card.tsx | Pending |\n| menu.tsx | 📌 kept as is |\n"
        "\n## Other work\n\n- [ ] release notes\n- [x] changelog (Story 1.1)\n"
    )
    doc = parse(text, "SPRINT.md")
    kinds = [(i.kind, i.text) for i in doc.items if i.kind is not ItemKind.SECTION]
    # the checklist naming stories and the story's audit rows are not more work; a list
    # where only some items name a story is
    assert kinds == [
        (ItemKind.CHECKBOX, "release notes"),
        (ItemKind.CHECKBOX, "changelog (Story 1.1)"),
    ]
    assert counted(doc) == (3, 8)
    assert out_of_date(doc) == []
    assert not [d for d in doc.diagnostics if d.code == "unknown-status"]
