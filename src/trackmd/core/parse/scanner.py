"""The read path's block scanner: markdown-it-py's block token stream, line by line.

It follows markdown-it-py's block rules under trackmd's configuration (CommonMark plus GFM
tables, inline parsing off) and gives the same tokens: types, tags, nesting, levels, line
maps, markup, info, content, attrs and the hidden paragraphs of tight lists. It dispatches
on a line's first character instead of trying every rule in turn, and never imports
markdown-it. What it does not model (link reference definitions, tabs in indentation, deep
nesting) makes `scan` return None: the caller then parses the document with markdown-it-py,
the parser of record (`tests/test_scanner.py` compares the two)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypeAlias

from trackmd.core import patterns
from trackmd.core.parse import scanrules as rules
from trackmd.core.parse.scanstate import ScanState, Unmodelled
from trackmd.core.parse.scantokens import Block

if TYPE_CHECKING:
    from collections.abc import Sequence

    from markdown_it.token import Token

    # What the parser reads: markdown-it's tokens or the scanner's look-alikes.
    BlockToken: TypeAlias = Token | Block

__all__ = ["Block", "BlockToken", "Unmodelled", "scan"]


# A tab where it sets indentation (before or between container markers): markdown-it counts
# it to the next multiple of four columns, relative to where each container began.
_TAB_INDENT = patterns.compile(r"^[ >*+\-.)0-9]*\t", re.MULTILINE)

MAX_LEVEL = 64  # token nesting past which the document goes to markdown-it


def scan(text: str) -> Sequence[BlockToken] | None:
    """The block tokens markdown-it-py would give for `text`, or None when the text holds
    something the scanner does not model."""
    if not text:
        return []
    if "\r" in text:  # (looking for a character is quicker than replacing none)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    if "\t" in text and _TAB_INDENT.search(text):
        return None
    state = ScanState(text, MAX_LEVEL)
    try:
        rules.tokenize(state, 0, state.line_max)
    except (Unmodelled, RecursionError):
        return None
    return state.tokens
