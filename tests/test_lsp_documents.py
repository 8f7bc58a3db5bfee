"""The server's documents stay warm (each version re-reads only the Markdown blocks a change
reaches) and say exactly what a cold analysis of the same text says: seeded random
one-character edits, the warm diagnostics compared with a fresh document's each time."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.lsp_client import STALE
from tests.test_warm import typed
from trackmd.lsp.diagnostics import diagnose
from trackmd.lsp.documents import Analysis

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {
    "stale": STALE,
    **{p.name: p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("examples/*.md"))},
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_warm_diagnostics_equal_a_cold_analysis_over_random_edits(
    name: str, tmp_path: Path
) -> None:
    rng = random.Random(name)
    uri = (tmp_path / "TODO.md").as_uri()
    text = SOURCES[name]
    current = Analysis(uri, text, 1)
    assert diagnose(current) == diagnose(Analysis(uri, text, 1))
    warmed = 0
    for version in range(2, 62):
        text = typed(rng, text)
        current = current.then(text, version, "utf-16")
        warmed += current.previous is not None
        found = diagnose(current)
        assert found == diagnose(Analysis(uri, text, version)), f"version {version}: {text!r}"
        assert current.blocks is not None  # kept for the next version
    assert warmed == 60


def test_a_version_never_parsed_hands_its_read_on(tmp_path: Path) -> None:
    """Debounced away, a version is never parsed: the next uses the read before it."""
    uri = (tmp_path / "TODO.md").as_uri()
    first = Analysis(uri, STALE, 1)
    diagnose(first)
    skipped = first.then(STALE.replace("REL-2 Write", "REL-2 Wrote"), 2, "utf-16")
    last = skipped.then(STALE.replace("REL-2 Write", "REL-2 Writes"), 3, "utf-16")
    assert last.previous is first.blocks is not None
    assert diagnose(last) == diagnose(Analysis(uri, last.text, 3))


def test_an_edited_configuration_is_read_at_the_next_version(tmp_path: Path) -> None:
    """The server runs for hours: a `.trackmd.toml` changed while a tracker is open applies
    from the document's next version, without reopening it (the settings are keyed on the
    configuration files as they are on disk)."""
    uri = (tmp_path / "TODO.md").as_uri()
    text = "# Plan\n\n| Task | Status |\n|---|---|\n| a | Frobbed |\n| b | Todo |\n"
    first = Analysis(uri, text, 1)
    assert first.doc is not None
    assert [i.state.value for i in first.doc.items] == ["open", "open"]  # `Frobbed`: unknown
    (tmp_path / ".trackmd.toml").write_text('[statuses]\ndone = ["Frobbed"]\n', "utf-8")
    later = first.then(text + "\n", 2, "utf-16")
    assert later.doc is not None
    assert [i.state.value for i in later.doc.items] == ["done", "open"]
