"""Warm reads (core/parse/warm.py) equal full reads: markdown-it's tokens over random edits
of documents made of the lines where block boundaries are decided (tables, setext
underlines, fences, lazy continuations, HTML), and whole documents over random
one-character edits of real trackers. Seeded loops: a failure names its seed and edit."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from trackmd.core.model import Settings
from trackmd.core.parse import MARKDOWN_IT, parse, parse_warm, warm
from trackmd.core.parse.syntax import _markdown
from trackmd.core.parse.warm import Blocks

ROOT = Path(__file__).resolve().parent.parent
TRACKERS = sorted([*ROOT.glob("examples/*.md"), *ROOT.glob("tests/cases/*/input.md")])
LINES = [
    "", "", "", "text", "more text", "# Head", "## Sub", "---", "===", "| a | b |", "|---|---|",
    "| 1 | 2 |", "- [ ] item", "- [x] done", "  - [ ] nested", "1. one", "2) two", "```", "~~~",
    "    code", "> quote", "> - [ ] q", "<div>", "</div>", "<!-- c", "-->", "[ref]: /url",
    "   - x", "* star", "+ plus", "***", "\t- tab", "- ", "1.", "a | b", "-|-", "**Status**: ✅",
]  # fmt: skip
CHARS = "x -|#>`=*1.[]\t<~:"  # typed into a line
TYPED: list[str] = [*CHARS, "\n", "\n\n", "- [ ] ", "```\n", "|---|\n", "✅"]  # typed anywhere


def tokens(found: list[Any]) -> list[tuple[object, ...]]:
    return [(t.type, t.tag, t.nesting, t.level, t.map, t.content, t.markup, t.info, t.block,
             t.hidden, t.attrs) for t in found]  # fmt: skip


def full(lines: list[str]) -> Blocks:
    read = Blocks.of(lines, _markdown().parse("\n".join(lines)))
    assert read is not None
    return read


def edited_lines(rng: random.Random, lines: list[str]) -> list[str]:
    """One line added, taken out, or typed into."""
    at = rng.randrange(len(lines) + 1)
    roll = rng.random()
    if roll < 0.3 or not lines:
        return [*lines[:at], rng.choice(LINES), *lines[at:]]
    at = min(at, len(lines) - 1)
    if roll < 0.6:
        return [*lines[:at], *lines[at + 1 :]]
    line = lines[at]
    column = rng.randrange(len(line) + 1)
    typed = line[:column] + rng.choice(CHARS) + line[column:]
    return [*lines[:at], typed, *lines[at + 1 :]]


@pytest.mark.parametrize("seed", range(4))
def test_a_warm_read_equals_a_full_read_over_random_edits(seed: int) -> None:
    rng = random.Random(seed)
    warmed = 0
    for document in range(400):
        lines = [rng.choice(LINES) for _ in range(rng.randint(3, 30))]
        previous = full(lines)
        for edit in range(10):
            lines = edited_lines(rng, lines)
            expected = full(lines)
            found = warm.read(previous, lines)
            if found is not None:
                warmed += 1
                where = f"seed {seed}, document {document}, edit {edit}: {lines!r}"
                assert tokens(found.tokens) == tokens(expected.tokens), where
                assert found.starts == expected.starts, where
            previous = found or expected
    assert warmed == 4000  # every edit was read warm: the test compared something


def test_a_read_is_used_once() -> None:
    lines = ["# A", "", "- [ ] one", "", "## B", "", "text"]
    previous = full(lines)
    assert warm.read(previous, [*lines[:-1], "text!"]) is not None
    assert warm.read(previous, lines) is None  # its tokens may have moved since


def typed(rng: random.Random, text: str) -> str:
    """One character typed or deleted somewhere, or a short stretch cut."""
    at = rng.randrange(len(text) + 1)
    roll = rng.random()
    if roll < 0.5:
        return text[:at] + rng.choice(TYPED) + text[at:]
    if roll < 0.9:
        return text[:at] + text[at + 1 :]
    return text[:at] + text[at + rng.randint(2, 200) :]


@pytest.mark.parametrize("path", TRACKERS, ids=lambda p: p.parent.name if p.name == "input.md"
                         else p.name)  # fmt: skip
def test_parse_warm_equals_parse_over_random_one_character_edits(path: Path) -> None:
    rng = random.Random(path.name + path.parent.name)
    text = path.read_bytes().decode("utf-8", "replace")  # a case may be in another encoding
    settings = Settings()
    doc, kept = parse_warm(text, "TODO.md", settings, None)
    assert doc == parse(text, "TODO.md", settings, blocks=MARKDOWN_IT)
    for edit in range(25):
        text = typed(rng, text)
        doc, kept = parse_warm(text, "TODO.md", settings, kept)
        assert doc == parse(text, "TODO.md", settings, blocks=MARKDOWN_IT), f"edit {edit}: {text!r}"
