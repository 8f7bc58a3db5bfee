"""Summary values in more forms (issue 14): status-count lines, heading progress."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

Run = Callable[..., Result]

TALLIES = """# Sprint board

Summary:
- ✅ Done: 5 (50%)
- In Progress: 0 (0%)
- **Todo**: 5 (50%)
- Blocked: 0

Done: 3 of them were hard.

## A

- [x] login
- [x] logout
- [/] reset
- [ ] audit

```
Done: 1
Todo: 2
```
"""


def test_status_count_lines_are_derived_and_prose_is_not(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "TODO.md"
    path.write_text(TALLIES, encoding="utf-8")
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    expected = (
        TALLIES.replace("Done: 5 (50%)", "Done: 2 (50%)")
        .replace("In Progress: 0 (0%)", "In Progress: 1 (25%)")
        .replace("**Todo**: 5 (50%)", "**Todo**: 1 (25%)")
    )
    assert path.read_text(encoding="utf-8") == expected  # prose and the fence untouched
    result = run("done", "reset", "-f", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "- ✅ Done: 3 (75%)\n- In Progress: 0 (0%)\n" in text


def test_a_lone_count_line_is_prose(tmp_path: Path, run: Run) -> None:
    text = "# T\n\nDone: 7 (100%)\n\n- [x] a\n- [ ] b\n"
    path = tmp_path / "TODO.md"
    path.write_text(text, encoding="utf-8")
    assert run("sync", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8") == text
