"""The parser's shortcuts, held to the slower way each replaces: a re-read of the tables
takes a table's earlier reading where its roll-up decision is unchanged (`reuse_tables`),
and a bar's block is found by bisection over the top-level blocks."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED
from tests.strategies import document, marked_headings, rollup_document
from trackmd.core.model import Document, Settings, Table
from trackmd.core.parse import MARKDOWN_IT, _markdown, _run
from trackmd.core.parse.parser import Parser

ROOT = Path(__file__).resolve().parent.parent

# Two headings with the same lone emoji: status sections (markers) while their tables'
# rows are unknown, decoration once Phase A's rows say it is in progress. So the headings
# and tables are read twice.
REREAD = """# Plan

## ✅ Phase A

| Task | Status |
|---|---|
| a | ✅ Done |
| b | ⏳ Todo |

## ✅ Phase B

| Task | Status |
|---|---|
| c | ✅ Done |

## Roll-up

| Phase | Status |
|---|---|
| Phase A | 🔄 In progress |
| Phase B | ✅ Done |
"""


class Counting(Parser):
    """The parser, noting each table whose rows it reads."""

    def __init__(self, text: str, blocks: str | None = None) -> None:
        super().__init__(text, "t.md", Settings(), blocks=blocks)
        self.read_tables: list[int] = []

    def _table_rows(self, table: Table, *rest: object) -> None:
        self.read_tables.append(table.line)
        super()._table_rows(table, *rest)  # type: ignore[arg-type]


class Fresh(Counting):
    reuse_tables = False


def both(text: str, blocks: str | None = None) -> tuple[Document, Document]:
    return _run(Counting(text, blocks)), _run(Fresh(text, blocks))


def test_a_reread_reads_each_table_once_and_gives_what_reading_again_gives() -> None:
    reusing, fresh = Counting(REREAD), Fresh(REREAD)
    assert _run(reusing) == _run(fresh)
    assert fresh.read_tables == [4, 11, 17, 4, 11, 17]  # the tables were read twice
    assert reusing.read_tables == [4, 11, 17]


@given(st.one_of(document(), rollup_document(), marked_headings()))
@settings(max_examples=300, deadline=None)
def test_reusing_table_reads_changes_no_document(text: str) -> None:
    reusing, fresh = both(text)
    assert reusing == fresh


def _trackers() -> list[Path]:
    own = [
        *ROOT.glob("examples/**/*.md"), *ROOT.glob("tests/fixtures/**/*.md"),
        *ROOT.glob("tests/cases/*/input.md"),
    ]  # fmt: skip
    theirs = [*SHARED.glob("seeds/*.md"), *SHARED.glob("corpus*/**/*.md")]
    return sorted(own + [p for p in theirs if p.name != "EXPECTED.md"])


@pytest.mark.parametrize("path", _trackers(), ids=lambda p: p.parent.name + "/" + p.name)
def test_reusing_table_reads_changes_no_real_document(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    for blocks in (None, MARKDOWN_IT):
        reusing, fresh = both(text, blocks)
        assert reusing == fresh


@given(st.one_of(document(), rollup_document()))
@settings(max_examples=200, deadline=None)
def test_a_bars_block_is_the_top_level_block_that_holds_it(text: str) -> None:
    doc = _run(Parser(text, "t.md", Settings(), blocks=MARKDOWN_IT))
    block_of_line: dict[int, int] = {}  # the reference: every line of every top-level block
    for tok in _markdown().parse(text.replace("\r\n", "\n").replace("\r", "\n")):
        if tok.map is not None and tok.level == 0:
            block_of_line.update(dict.fromkeys(range(*tok.map), tok.map[0]))
    for bar in doc.bars:
        assert bar.block == block_of_line.get(bar.line, bar.line)


def test_a_parsed_model_starts_in_the_oldest_generation() -> None:
    """Young-generation passes never rescan a model that outlives its parse, whatever its
    size (the editor parses a small file on every keystroke)."""
    import gc

    from trackmd.core.parse import parse

    was = gc.isenabled()
    gc.enable()
    try:
        doc = parse(REREAD, "t.md")
        young = gc.get_objects(generation=0) + gc.get_objects(generation=1)
        assert not any(obj is doc for obj in young)
        assert any(obj is doc for obj in gc.get_objects(generation=2))
    finally:
        if not was:
            gc.disable()
