"""Kanban lanes (issue 14): a board's cards take their state from their lane. Obsidian Kanban
boards (`kanban-plugin: board` front matter) and plain `## To Do` / `## Done` files, in any
language the lexicon reads. Every fixture here is written for the test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from trackmd.core.derive import Counts
from trackmd.core.edit import out_of_date
from trackmd.core.model import Document, ItemKind, State
from trackmd.core.parse import parse

Run = Callable[..., Result]

OBSIDIAN = """\
---

kanban-plugin: board

---

## Chores

- [ ] water the plants
- [ ] # Garden
- [ ] mow the lawn
\t- [x] oil the mower
- [ ] ## [fix the gate](https://example.org/gate)

## Completed

- [ ] paint the fence


## Archive

- [ ] 2025-04-02 10:00 ✅  sweep the yard

%% kanban:settings
```
{"kanban-plugin":"board","list-collapse":[null,true]}
```
%%
"""

PLAIN = """\
# Sprint board

## Offen

- [ ] Export als CSV
- [x] Login-Seite

### Suche verbessern

## In Arbeit

| Karte | Wer |
|-------|-----|
| Caching | @jo |
| Logging | @al |

## Erledigt

- [ ] Build-Skript
"""


def put(tmp_path: Path, text: str, name: str = "BOARD.md") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def body(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def counted(doc: Document) -> tuple[int, int]:
    progress = Counts(doc).document
    return progress.done, progress.total


def test_an_obsidian_board_gives_its_cards_their_lanes_state() -> None:
    doc = parse(OBSIDIAN, "Home.md")
    top = [(i.text[:20], i.state) for i in doc.items if i.parent is None]
    assert top == [
        ("water the plants", State.OPEN),  # `## Chores` names no state: the card's own
        ("mow the lawn", State.OPEN),
        ("## [fix the gate](ht", State.OPEN),
        ("paint the fence", State.DONE),  # `[ ]` in the Completed lane
        ("2025-04-02 10:00 ✅  ", State.DONE),  # archived cards are done
    ]
    assert "# Garden" not in [i.text for i in doc.items]  # a sub-header of its lane
    assert counted(doc) == (2, 5)
    assert out_of_date(doc) == []
    # the settings block is no content: nothing read from it
    assert all(i.line < OBSIDIAN.count("\n") - 6 for i in doc.items)
    assert not [f for f in doc.fields if "kanban" in f.key]


def test_plain_lanes_in_german_cards_headings_and_rows() -> None:
    doc = parse(PLAIN, "BOARD.md")
    got = [(i.kind, i.text, i.state) for i in doc.items]
    assert got == [
        (ItemKind.CHECKBOX, "Export als CSV", State.OPEN),
        (ItemKind.CHECKBOX, "Login-Seite", State.DONE),
        (ItemKind.SECTION, "Suche verbessern", State.OPEN),  # a heading card
        (ItemKind.ROW, "Caching", State.IN_PROGRESS),  # rows of a table with no status
        (ItemKind.ROW, "Logging", State.IN_PROGRESS),
        (ItemKind.CHECKBOX, "Build-Skript", State.DONE),
    ]
    assert counted(doc) == (2, 6)
    assert out_of_date(doc) == []


def test_sections_named_by_one_state_are_no_board() -> None:
    text = "# Notes\n\n## Done\n\n- [ ] really?\n\n## Ideas\n\n- [ ] more\n"
    assert [i.state for i in parse(text, "NOTES.md").items] == [State.OPEN, State.OPEN]


def test_done_ticks_a_card_and_start_marks_it(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, PLAIN)
    result = run("done", "Export als CSV", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert body(path) == PLAIN.replace("- [ ] Export", "- [x] Export")
    assert run("start", "Build-Skript", "-f", str(path)).exit_code == 0
    assert body(path) == PLAIN.replace("- [ ] Export", "- [x] Export").replace(
        "- [ ] Build", "- [/] Build"
    )


def test_a_card_whose_state_is_its_lane_is_refused(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, PLAIN)
    for command, ref in (("undo", "Build-Skript"), ("done", "Suche verbessern"), ("done", "#5")):
        result = run(command, ref, "-f", str(path), "--all")
        assert result.exit_code == 4, (command, ref, result.output)
        assert "takes its state from its lane" in result.stderr
        assert "Traceback" not in result.output
        assert body(path) == PLAIN


def test_sync_leaves_a_board_byte_identical(run: Run, tmp_path: Path) -> None:
    path = put(tmp_path, OBSIDIAN, "Home.md")
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    assert body(path) == OBSIDIAN


def test_the_history_fast_path_reads_lane_cards_as_the_parser_does() -> None:
    from trackmd.core.model import Settings
    from trackmd.history.counter import Counter
    from trackmd.history.tally import Tally

    versions = [
        PLAIN,
        PLAIN.replace("- [ ] Build-Skript", "- [x] Build-Skript"),
        PLAIN,  # unticked again in the Erledigt lane: still done
        PLAIN.replace("- [x] Login-Seite", "- [ ] Login-Seite"),
    ]
    counter = Counter(Settings(), verify=True)  # raises when a shortcut disagrees
    for text in versions:
        progress = Counts(parse(text)).document
        got: Tally = counter.tally(text)
        assert (got.done, got.total) == (progress.done, progress.total)
