"""Conformance on the five real seed trackers (../shared/seeds/EXPECTED.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import seed
from trackmd.app.api import diagnostics, failing
from trackmd.core.derive import Counts
from trackmd.core.edit import out_of_date
from trackmd.core.model import Document, ItemKind, Severity, State
from trackmd.core.parse import parse


def load(number: str, prefix: str = "") -> Document:
    path = seed(number)
    return parse(prefix + path.read_text(encoding="utf-8"), str(path))


def section(doc: Document, label_start: str) -> int:
    for s in doc.sections:
        if s.label.startswith(label_start):
            return s.index
    raise AssertionError(f"no section starting {label_start!r}")


@pytest.mark.parametrize(
    ("number", "total", "done", "percent"),
    [("000", 18, 1, 6), ("001", 31, 7, 23), ("002", 192, 33, 17), ("003", 48, 0, 0),
     ("004", 121, 94, 78)],
)  # fmt: skip
def test_whole_document_counts(number: str, total: int, done: int, percent: int) -> None:
    progress = Counts(load(number)).document
    assert (progress.total, progress.done, progress.percent) == (total, done, percent)


def test_item_kinds_per_seed() -> None:
    doc = load("000")
    top = [i for i in doc.items if i.parent is None]
    assert sum(i.kind is ItemKind.ROW for i in top) == 6
    assert sum(i.kind is ItemKind.CHECKBOX for i in top) == 12
    doc = load("001")
    assert sum(i.kind is ItemKind.ROW for i in doc.items) == 6
    assert sum(i.kind is ItemKind.CHECKBOX for i in doc.items) == 25
    doc = load("002")
    top = [i for i in doc.items if i.parent is None]
    assert sum(i.kind is ItemKind.CHECKBOX for i in top) == 188
    bugs = [i for i in doc.items if i.kind is ItemKind.LIST_STATUS]
    assert [b.id for b in bugs] == ["BUG-001", "BUG-002", "BUG-003", "BUG-004"]
    doc = load("003")
    blocked = [i for i in doc.items if i.state is State.BLOCKED]
    assert len(blocked) == 1
    assert blocked[0].kind is ItemKind.SECTION


@pytest.mark.parametrize(
    ("number", "label", "done", "total"),
    [("001", "BLOC 1", 7, 7), ("001", "BLOC 3", 0, 4), ("002", "Phase 1", 25, 31),
     ("002", "Infrastructure & DevOps", 4, 6), ("002", "Provider Management Service", 5, 6),
     ("004", "Epic 2: Documentation", 11, 20), ("004", "User Story 5.2", 8, 10)],
)  # fmt: skip
def test_section_counts(number: str, label: str, done: int, total: int) -> None:
    doc = load(number)
    progress = Counts(doc).of(section(doc, label))
    assert (progress.done, progress.total) == (done, total)


def test_phase_1_percent() -> None:
    doc = load("002")
    assert Counts(doc).of(section(doc, "Phase 1")).percent == 81


def test_unrecognized_status_is_open_with_info() -> None:
    doc = load("002")
    bug3 = next(i for i in doc.items if i.id == "BUG-003")
    assert bug3.state is State.OPEN
    infos = [d for d in doc.diagnostics if d.code == "unknown-status" and "To Verify" in d.message]
    assert infos and infos[0].severity is Severity.INFO


def codes(doc: Document) -> list[tuple[str, str]]:
    return [(d.severity.value, d.code) for d in diagnostics(doc) if d.severity is not Severity.INFO]


def test_check_000_mojibake_only() -> None:
    doc = load("000")
    assert codes(doc) == [("warning", "mojibake")]
    assert not failing(diagnostics(doc))


def test_check_001_consistent_with_colour_infos() -> None:
    doc = load("001")
    found = diagnostics(doc)
    assert not failing(found)
    assert [d for d in found if d.severity is not Severity.INFO] == []
    assert any(d.code == "unknown-status" and "🟡" in d.message for d in found)


def test_check_002_four_out_of_date_values() -> None:
    doc = load("002")
    stale = {(e.what.split(" ")[0], doc.text[e.span.start : e.span.end], e.text)
             for e in out_of_date(doc)}  # fmt: skip
    olds = {(old, new) for _, old, new in stale}
    assert ("20% (24 weeks total, ~1.2 weeks completed)",
            "17% (24 weeks total, ~1.2 weeks completed)") in olds  # fmt: skip
    assert ("0/6 complete", "5/6 complete") in olds
    assert ("Complete (100%)", "In Progress (81%)") in olds
    assert ("100%", "81%") in olds
    legend_in_progress = "\uf8ffüü° In Progress"  # the file's own spelling of its legend entry
    assert any(new == legend_in_progress for _, _, new in stale)
    assert len(stale) == 5  # four values; the Quick Status row has two cells
    assert ("warning", "mojibake") in codes(doc)


def test_check_003_mojibake_only() -> None:
    doc = load("003")
    assert codes(doc) == [("warning", "mojibake")]


def test_check_004_velocity_table() -> None:
    doc = load("004")
    changes = {(e.what, doc.text[e.span.start : e.span.end], e.text) for e in out_of_date(doc)}
    assert {(old, new) for _, old, new in changes} == {
        ("5", "0"), ("63%", "0%"), ("**41**", "**36**"), ("**87%**", "**77%**"),
    }  # fmt: skip
    assert all("Monitoring" in what or "Total" in what for what, _, _ in changes)


def test_check_004_done_when_acceptance_criteria_is_consistent() -> None:
    doc = load("004", '---\ntrackmd:\n  done_when: "Acceptance Criteria"\n---\n')
    assert out_of_date(doc) == []
    assert not failing(diagnostics(doc))


def test_seed_paths_exist() -> None:
    assert isinstance(seed("000"), Path)


def repaired(tmp_path: Path, number: str) -> Path:
    import shutil

    from typer.testing import CliRunner

    from trackmd.cli import app

    path = tmp_path / f"seed{number}.md"
    shutil.copyfile(seed(number), path)
    result = CliRunner().invoke(app, ["fix-encoding", str(path)], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return path


def test_seed_004_after_fix_encoding_has_128_items(tmp_path: Path) -> None:
    path = repaired(tmp_path, "004")
    doc = parse(path.read_text(encoding="utf-8"), str(path))
    progress = Counts(doc).document
    assert (progress.total, progress.done) == (128, 99)
    emoji_items = [i for i in doc.items if i.kind is ItemKind.EMOJI]
    assert len(emoji_items) >= 7


def test_seed_000_after_fix_encoding_reports_its_bars(tmp_path: Path) -> None:
    path = repaired(tmp_path, "000")
    doc = parse(path.read_text(encoding="utf-8"), str(path))
    assert len(doc.bars) >= 7
    stale = out_of_date(doc)
    bars = {(e.what, doc.text[e.span.start : e.span.end].strip(), e.text.strip())
            for e in stale if e.what.endswith("percent")}  # fmt: skip
    assert bars == {
        ("Overall Progress percent", "67%", "17%"),
        ("PLAN-500-02 percent", "100%", "0%"),
        ("PLAN-500-03 percent", "100%", "0%"),
        ("PLAN-500-04 percent", "100%", "0%"),
    }
    assert {e.what.split(" ")[0] for e in stale} == {
        "Overall",
        "PLAN-500-02",
        "PLAN-500-03",
        "PLAN-500-04",
    }
    assert failing(diagnostics(doc))
    assert [d for d in diagnostics(doc) if d.code == "mojibake"] == []
