"""A context floor for (a): the least a Typer CLI that reads trackers with markdown-it-py pays.

It parses each file's block structure exactly as trackmd configures markdown-it-py (CommonMark
with tables, inline rules off) and prints one plain line: no model, no counts, no Rich.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from markdown_it import MarkdownIt

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


def block_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": 4096}).enable("table")
    return md.disable(["inline", "text_join"])


@app.command()
def blocks(paths: Annotated[list[Path], typer.Argument(help="Files to parse.")]) -> None:
    """Parse each file's blocks; print how many tokens there were."""
    md = block_parser()
    tokens = sum(len(md.parse(p.read_text(encoding="utf-8"))) for p in paths)
    print(f"{tokens} tokens")


if __name__ == "__main__":
    app()
