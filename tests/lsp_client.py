"""What the LSP tests share: a stale tracker, the CLI's results to compare with, and a
client-side applier of text edits (written apart from the server's position code)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from lsprotocol import types

TRACKMD = Path(sys.executable).with_name("trackmd")
TODAY = "2026-12-07"
ENV = {**os.environ, "TRACKMD_TODAY": TODAY, "TRACKMD_NO_CACHE": "1", "NO_COLOR": "1"}

STALE = """\
# Release plan 🚀

**Progress**: 0/4 complete (0%)
**Last updated**: 2026-01-01

## Phase 1: Build 🏗️

**Status**: Open

- [x] REL-1 Set up CI — naïve «quotes»
- [ ] REL-2 Write the parser
  - [x] tokens
  - [ ] spans
- [ ] REL-3 Ship it (Depends on REL-2)

## Phase 2: Launch [0/2]

- [ ] REL-4 Announce the release ⛔ prep1
- [ ] Prepare the notes 🆔 prep1
"""


def cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TRACKMD), *args], cwd=cwd, env=ENV, capture_output=True,
                          text=True, check=False)  # fmt: skip


def cli_result(tmp: Path, text: str, args: list[str], name: str = "TODO.md") -> str:
    """What the CLI writes for `args` on a copy of `text` (newlines kept as they are)."""
    folder = tmp / f"cli-{len(list(tmp.glob('cli-*')))}"
    folder.mkdir()
    (folder / name).write_bytes(text.encode("utf-8"))
    done = cli([a.replace("{file}", name) for a in args], folder)
    assert done.returncode == 0, done.stderr
    return (folder / name).read_bytes().decode("utf-8")


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]


def _offset(text: str, starts: list[int], position: types.Position) -> int:
    at = starts[position.line]
    units = 0
    while units < position.character:
        units += 2 if ord(text[at]) > 0xFFFF else 1
        at += 1
    return at


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Text edits as an editor applies them: all ranges in the original text (UTF-16)."""
    starts = _line_starts(text)
    spans = sorted(
        ((_offset(text, starts, e.range.start), _offset(text, starts, e.range.end), e.new_text)
         for e in edits), reverse=True,
    )  # fmt: skip
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_of(edit: types.WorkspaceEdit | None, uri: str) -> list[types.TextEdit]:
    assert edit is not None
    if edit.document_changes:
        out: list[types.TextEdit] = []
        for change in edit.document_changes:
            assert isinstance(change, types.TextDocumentEdit)
            assert change.text_document.uri == uri
            out += [e for e in change.edits if isinstance(e, types.TextEdit)]
        return out
    assert edit.changes is not None
    return list(edit.changes[uri])
