"""The D7 burndown block of a tracker: found, redrawn with the charts, written in place."""

from __future__ import annotations

from pathlib import Path

from trackmd.core.errors import BadInput
from trackmd.core.record import NamedTuple
from trackmd.history.charts import mermaid, mermaid_init, text_chart
from trackmd.history.series import Burndown

MARKER = "<!-- trackmd:burndown -->"


class Block(NamedTuple):
    """A fenced burndown block: content lines `[first, closing)` of the file."""

    first: int  # first content line (0-based)
    closing: int  # line of the closing fence
    info: str
    prefix: str  # what precedes the fence on its line (indent, `> `)


def blocks(text: str) -> list[Block]:
    """Fenced blocks under a heading containing "Burndown", or right after the marker."""
    from markdown_it import MarkdownIt

    from trackmd.core.source import Source

    source = Source.of(text)
    lines = source.lines()
    md_lines = list(lines)
    if md_lines and md_lines[0].rstrip() == "---":  # front matter is not Markdown
        end = next(
            (i for i in range(1, len(md_lines)) if md_lines[i].rstrip() in ("---", "...")), 0
        )
        for i in range(end + 1 if end else 0):
            md_lines[i] = ""
    tokens = MarkdownIt("commonmark").parse("\n".join(md_lines))
    found: list[Block] = []
    under_burndown = False
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            content = tokens[i + 1].content if i + 1 < len(tokens) else ""
            under_burndown = "burndown" in content.casefold()
            continue
        if tok.type != "fence" or tok.map is None:
            continue
        start, stop = tok.map
        marked = start > 0 and lines[start - 1].strip() == MARKER
        if not (under_burndown or marked):
            continue
        under_burndown = False  # the first fenced block under the heading
        opening = lines[start]
        closing = stop - 1
        fence = tok.markup
        if closing <= start or not lines[closing].lstrip(" \t>").startswith(fence):
            raise BadInput(
                f"the burndown block at line {start + 1} has no closing {fence}; close it first"
            )
        prefix = opening[: opening.index(fence)]
        found.append(Block(start + 1, closing, tok.info.strip(), prefix))
    return found


def regenerate(text: str, burndown: Burndown) -> str:
    """The text with every burndown block's content redrawn; nothing else changes."""
    from trackmd.core.source import Source

    source = Source.of(text)
    chart = text_chart(burndown)
    graph = mermaid(burndown)
    found = blocks(text)
    lines = source.lines()
    for block in reversed(found):
        content = chart
        if block.info.split()[:1] == ["mermaid"]:
            inits = [
                line[len(block.prefix) :] if line.startswith(block.prefix) else line.lstrip()
                for line in lines[block.first : block.closing]
                if line.strip(" \t>").startswith("%%{")
            ]  # the user's own `%%{init}%%` line is theirs: kept as written
            content = [inits[0] if inits else mermaid_init(burndown), *graph]
        start = source.line_starts[block.first]
        end = source.line_starts[block.closing]
        opening_end = source.line_ends[block.first - 1]
        newline = text[opening_end : source.line_starts[block.first]] or source.newline()
        body = "".join((block.prefix + line).rstrip() + newline for line in content)
        text = text[:start] + body + text[end:]
    return text


def write(path: Path, burndown: Burndown) -> bool:
    """Regenerate the file's burndown blocks in place (atomic); False when nothing changed."""
    from trackmd.io import atomic, files

    with files.locked(path):
        loaded = files.read(path)
        if not blocks(loaded.text):
            raise BadInput(
                f"{path}: no burndown block; add a fenced block under a heading containing "
                f"'Burndown', or put {MARKER} on the line before a fenced block"
            )
        text = regenerate(loaded.text, burndown)
        if text == loaded.text:
            return False
        atomic.write_atomic(path, text.encode("utf-8"), loaded.data)
    return True
