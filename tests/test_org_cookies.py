"""Issue 12: an empty Org statistics cookie, `[/]` or `[%]` (how Org users start one), is
filled in like a `[2/5]` or `[40%]` cookie."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from trackmd.core.parse import parse

Run = Callable[..., Result]

EMPTY = "# P\n\n## Setup [/]\n\n- [x] a [%]\n  - [x] a1\n  - [ ] a2\n- [ ] b\n\n## Docs [%]\n\n- [x] c\n"


def test_empty_org_cookie_is_filled_by_sync(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_text(EMPTY, encoding="utf-8")
    check = run("check", str(path))
    assert check.exit_code == 1
    assert "Setup cookie: '[/]' → '[1/2]'" in check.output
    assert run("sync", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8") == EMPTY.replace("Setup [/]", "Setup [1/2]").replace(
        "a [%]", "a [50%]"
    ).replace("Docs [%]", "Docs [100%]")
    assert run("check", str(path)).exit_code == 0


def test_empty_org_cookie_is_filled_by_a_tick(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "TODO.md"
    path.write_text("# P\n\n## Setup [/]\n\n- [x] a\n- [ ] b\n", encoding="utf-8")
    result = run("done", "b", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == "# P\n\n## Setup [2/2]\n\n- [x] a\n- [x] b\n"


def test_empty_org_cookie_is_not_part_of_the_label() -> None:
    doc = parse("# P\n## Setup [/]\n- [ ] a [%]\n## Docs [%]\nNo items: left alone.\n")
    assert [s.label for s in doc.sections[1:]] == ["P", "Setup", "Docs"]
    assert [(s.cookie is not None, s.cookie and s.cookie.percent) for s in doc.sections[2:]] == [
        (True, False),
        (True, True),
    ]
    assert doc.items[0].cookie is not None and doc.items[0].cookie.percent
