"""Item metadata (issue 16): due dates, priorities, tags and owners in the forms people
write them, from the item's text and from a status table's columns. Fixtures written here."""

from __future__ import annotations

import pytest

from trackmd.core.parse import parse
from trackmd.core.parse.metadata import level, read


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Water the plants 📅 2026-12-07", "2026-12-07"),
        ("Ship the release due 2026-12-01", "2026-12-01"),
        ("Ship the release (due: 2026-12-01)", "2026-12-01"),
        ("Ship it, deadline 2026-12-24", "2026-12-24"),
        ("Due by 2027-01-02: taxes", "2027-01-02"),
        ("Released 2026-12-01 to production", None),  # a date, not a due date
        ("overdue-report 2026-12-01", None),
    ],
)
def test_due_dates(text: str, due: str | None) -> None:
    assert read(text).due == due


@pytest.mark.parametrize(
    ("text", "priority"),
    [
        ("Fix the login (P0)", "highest"),
        ("Fix the login [P1]", "high"),
        ("[high] Fix the login", "high"),
        ("Fix the login (Medium)", "medium"),
        ("Fix the login priority: low", "low"),
        ("Fix the login **Priority**: P3", "low"),
        ("Fix the login (critical)", "highest"),
        ("Fix the login (see the notes)", None),
        ("- [x] done", None),
    ],
)
def test_priorities_in_text(text: str, priority: str | None) -> None:
    assert read(text).priority == priority


@pytest.mark.parametrize(
    ("cell", "priority"),
    [("High", "high"), ("**P2**", "medium"), ("🔴 Cao", "high"), ("高", "high"),
     ("niedrig", "low"), ("Média", "medium"), ("Trivial", "lowest"), ("soon", None)],
)  # fmt: skip
def test_priority_words_of_every_lexicon(cell: str, priority: str | None) -> None:
    assert level(cell) == priority


def test_tags_are_hash_words_not_numbers_or_fragments() -> None:
    assert read("Write docs #docs #ui/forms, see #12 and page.html#top").tags == (
        "docs",
        "ui/forms",
    )
    assert read("#docs again #docs").tags == ("docs",)


BOARD = """\
# Sprint

| Task | Owner | Priority | Due | Status |
|------|-------|----------|-----|--------|
| API | @ana | High | 2026-12-01 | In progress |
| UI | bo | 低 | — | Todo |

- [ ] Write the docs #docs (P0) 📅 2026-11-30 @cy
- [ ] Later [low] due: 2027-01-10
"""


def test_table_columns_and_item_text_fill_the_model_and_json() -> None:
    from trackmd.core.derive import Counts
    from trackmd.ui.render import document_json

    doc = parse(BOARD, "SPRINT.md")
    got = [(i.owner, i.priority, i.due, i.tags) for i in doc.items]
    assert got == [
        ("ana", "high", "2026-12-01", ()),
        ("bo", "low", None, ()),
        ("cy", "highest", "2026-11-30", ("docs",)),
        (None, "low", "2027-01-10", ()),
    ]
    first = document_json(doc, Counts(doc), 0)["items"][0]
    assert (first["priority"], first["due"], first["tags"]) == ("high", "2026-12-01", [])


def test_metadata_is_never_rewritten_by_sync() -> None:
    import datetime as dt

    from trackmd.core.edit import plan

    assert plan(parse(BOARD, "SPRINT.md"), dt.date(2026, 12, 7)).text == BOARD


NESTED = """# Plan

- [ ] Ship the export
  - **Due**: 2026-12-10
  - **Owner**: @ana
  - **Priority**: High
- [ ] Second task
  **Due:** 2026-12-20
- [ ] Third task due 2026-12-01
  - **Due**: 2026-12-30
- [ ] Parent
  - [ ] Child
    - **Due**: 2027-01-05
- Not a task
  - **Due**: 2026-12-11
"""


def test_fields_below_a_checkbox_are_its_metadata() -> None:
    doc = parse(NESTED, "PLAN.md")
    got = {i.text: (i.due, i.owner, i.priority) for i in doc.items}
    assert got == {
        "Ship the export": ("2026-12-10", "ana", "high"),
        "Second task": ("2026-12-20", None, None),
        "Third task due 2026-12-01": ("2026-12-01", None, None),  # its own text says first
        "Parent": (None, None, None),
        "Child": ("2027-01-05", None, None),  # the nearest checkbox above
    }


def test_fields_below_a_checkbox_are_never_rewritten() -> None:
    import datetime as dt

    from trackmd.core.edit import plan

    assert plan(parse(NESTED, "PLAN.md"), dt.date(2026, 12, 7)).text == NESTED


@pytest.mark.parametrize(
    ("header", "cell", "depends"),
    [("Depends on", "T-2", ("T-2",)), ("Dependencies", "**T-2**, T-3", ("T-2", "T-3")),
     ("Dépend de", "#2", ("2",)), ("依赖", "T-2", ("T-2",)), ("Depends on", "—", ()),
     ("Notes", "T-2", ())],
)  # fmt: skip
def test_a_dependency_column_gives_each_row_its_dependencies(
    header: str, cell: str, depends: tuple[str, ...]
) -> None:
    """A status table's `Depends on` column (in any lexicon's words) is what its row waits
    for, read into the model as `Depends on T-2` in an item's text is (test_next: `check`
    warns of a done row whose dependency is open). Another column's IDs are not."""
    doc = parse(
        f"# Plan\n\n| ID | Task | Status | {header} |\n|---|---|---|---|\n"
        f"| T-1 | build | Done | {cell} |\n| T-2 | design | Todo | |\n| T-3 | test | Todo | |\n"
    )
    first = next(item for item in doc.items if item.id == "T-1")
    assert first.depends == depends
