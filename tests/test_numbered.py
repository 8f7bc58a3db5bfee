"""To-do lists by priority (issue 14, corpus2 37): numbered lists in sibling sections, some
entries marked with a status emoji, some plain. Every fixture here is written for the test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from trackmd.core.derive import Counts
from trackmd.core.model import State
from trackmd.core.parse import parse

Run = Callable[..., Result]

BY_PRIORITY = """\
# Project status

## Still to do

### High priority
1. **Deploy the edge functions** - needs the CLI and keys
2. **Run the cron migration** - in the SQL editor

### Medium priority
1. ✅ Token usage - shipped
2. ✅ Error toasts - shipped

### Low priority
1. ✅ Animations - shipped
"""


def counted(text: str) -> tuple[int, int]:
    progress = Counts(parse(text, "STATUS.md")).document
    return progress.done, progress.total


def test_plain_and_ticked_numbered_lists_side_by_side_are_work() -> None:
    doc = parse(BY_PRIORITY, "STATUS.md")
    assert [(i.text.split(" -")[0], i.state) for i in doc.items] == [
        ("**Deploy the edge functions**", State.OPEN),
        ("**Run the cron migration**", State.OPEN),
        ("Token usage", State.DONE),
        ("Error toasts", State.DONE),
        ("Animations", State.DONE),
    ]


def test_done_on_a_plain_entry_writes_the_files_emoji(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "STATUS.md"
    path.write_text(BY_PRIORITY, encoding="utf-8")
    assert run("done", "#1", "-f", str(path)).exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert after == BY_PRIORITY.replace("1. **Deploy", "1. ✅ **Deploy")
    assert counted(after) == (4, 5)


def test_every_state_change_keeps_the_group_of_lists(run: Run, tmp_path: Path) -> None:
    """Ticks, starts and undos never take items out: the group does not hang on the states."""
    path = tmp_path / "STATUS.md"
    path.write_text(BY_PRIORITY, encoding="utf-8")
    for command, ref in [("done", "#1"), ("done", "#2"), ("start", "#3"), ("undo", "#1"),
                         ("block", "#5"), ("done", "#1"), ("done", "#3"), ("done", "#5")]:  # fmt: skip
        result = run(command, ref, "-f", str(path))
        assert result.exit_code == 0, (command, ref, result.output)
        assert counted(path.read_text(encoding="utf-8"))[1] == 5, (command, ref)
    assert counted(path.read_text(encoding="utf-8")) == (5, 5)


def test_one_numbered_list_alone_is_not_work() -> None:
    alone = "# Notes\n\n## Steps\n\n1. ✅ install\n2. run the tests\n3. ✅ publish\n"
    assert counted(alone) == (0, 0)


def test_plain_numbered_lists_without_an_emoji_are_not_work() -> None:
    plain = BY_PRIORITY.replace("✅ ", "")
    assert counted(plain) == (0, 0)


def test_bullet_lists_of_a_changelog_stay_decoration() -> None:
    """`- ✅ …` under one dated heading and `- none` under the next: a log, not a to-do."""
    log = "# Status\n\n## 2026-03-16\n\n### Done\n- ✅ build\n- ✅ tests\n\n### Blockers\n- none\n"
    assert counted(log) == (0, 0)


def test_a_numbered_list_beside_a_checklist_section_stays_out() -> None:
    """A section that holds checkboxes is counted by its checkboxes only."""
    mixed = BY_PRIORITY.replace("1. **Deploy", "- [ ] **Deploy").replace("2. **Run", "- [x] **Run")
    doc = parse(mixed, "STATUS.md")
    assert [i.kind.value for i in doc.items] == ["checkbox", "checkbox", "emoji", "emoji", "emoji"]


def test_a_sprint_reviews_summary_lists_stay_decoration() -> None:
    """`### Completed This Sprint` `1. ✅ …` beside `### Carried Over` `1. 🔄 …`: every entry
    marked, under headings that name no priority: a summary of items listed elsewhere."""
    review = (
        "# Sprint 1\n\n## Review\n\n### Completed This Sprint\n\n1. ✅ CI pipeline\n"
        "2. ✅ Deployment\n\n### Carried Over\n\n1. 🔄 Monitoring\n2. 🔄 Backups\n"
    )
    assert counted(review) == (0, 0)


NEXT_UP = "# Plan\n\n## Work\n\n### Shipped\n1. ✅ login\n\n### Next\n1. signup\n"


def test_lists_side_by_side_without_priorities_need_a_plain_entry(run: Run, tmp_path: Path) -> None:
    """Without priority headings the plain entry is what makes the lists work: the tick that
    would leave only emoji is refused, as the last tick of any emoji list is."""
    assert counted(NEXT_UP) == (1, 2)
    path = tmp_path / "PLAN.md"
    path.write_text(NEXT_UP, encoding="utf-8")
    result = run("done", "signup", "-f", str(path))
    assert result.exit_code == 4, result.output
    assert "decoration" in result.output
    assert path.read_text(encoding="utf-8") == NEXT_UP
