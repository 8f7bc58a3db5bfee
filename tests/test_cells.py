"""`ui.cells` measures and crops text as Rich does (`rich.cells`), from widths kept in the
start-up store, so that a run whose characters are known imports no Rich."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, set_cell_size

from trackmd.core import kept
from trackmd.ui import cells

CHARS = [*"aZ é中文한글ü░█■□✅🔄⏳⛔🟢🟡✔☑→—…", "\u200d", "\ufe0f", "\u0301", "\u3000"]
texts = st.lists(st.sampled_from(CHARS), max_size=24).map("".join)


@pytest.fixture(autouse=True)
def store() -> Iterator[None]:
    """Each test with an empty store in use, and no widths looked up yet."""
    kept.use({})
    cells._known.clear()
    yield
    kept.stop()
    cells._known.clear()


@given(texts)
@settings(max_examples=300)
def test_width_is_riches(text: str) -> None:
    assert cells.width(text) == cell_len(text)


@given(texts, st.integers(min_value=0, max_value=30))
@settings(max_examples=300)
def test_crop_is_riches(text: str, total: int) -> None:
    assert cells.crop(text, total) == set_cell_size(text, total)
    # below zero cells nothing fits (Rich slices a plain text as `text[:total]` there)
    assert cells.crop(text, total - 31) == ""


def test_widths_are_kept_against_riches_own_file() -> None:
    assert cells.width("✅ 完了") == cell_len("✅ 完了")
    cells.keep()
    learned = kept.learned()
    assert len(learned) == 1
    ((path, (_size, _time, tables)),) = learned.items()
    assert Path(path).name == "cells.py" and Path(path).parent.name == "rich"
    version = os.environ.get("UNICODE_VERSION", "")
    assert tables[version]["完"] == 2 and tables[version]["✅"] == 2
    kept.use(dict(learned))
    cells._known.clear()
    assert cells._widths()["完"] == 2, "read back from the store"


TRACKER = (
    "# Plan\n\n## 🚀 Lancement — très long intitulé de section\n\n- [x] 完了 ✅\n- [ ] à faire\n"
)


def test_a_run_whose_characters_are_known_imports_no_rich(tmp_path: Path) -> None:
    (tmp_path / "TODO.md").write_text(TRACKER, encoding="utf-8")
    probe = ("import sys; from trackmd import launch; code = launch.code(['status']); "
             "launch.startup.keep(); print('rich' in sys.modules, file=sys.stderr)")  # fmt: skip
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "TRACKMD_NO_CACHE": "1",
           "NO_COLOR": "1", "COLUMNS": "40", "TRACKMD_TODAY": "2026-11-22"}  # fmt: skip
    env.pop("TRACKMD_NO_PATTERN_CACHE", None)
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        for _ in range(2)
    ]
    assert [run.stderr.strip() for run in runs] == ["True", "False"]
    assert runs[0].stdout == runs[1].stdout
    assert "…" in runs[0].stdout, "the long label is cropped"


def test_rich_not_installed_as_files_costs_only_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where Rich's `cells.py` is no file (Rich in a zip), widths are measured each run and
    nothing is kept: no error at a width or at the run's end."""
    monkeypatch.setattr(cells, "_rich_cells", lambda: tmp_path / "absent" / "cells.py")
    assert cells.width("✅ 完了") == cell_len("✅ 完了")
    cells.keep()
    assert kept.learned() == {}
