"""The walk over markdown-it's block tokens: front matter, headings and what they hold."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trackmd.core import patterns
from trackmd.core.lexicon import (
    is_emoji_char,
    leading_emoji,
    strip_markup,
)
from trackmd.core.model import (
    Severity,
    StatusText,
)
from trackmd.core.parse.context import _Heading, _ItemCtx, _ListCtx
from trackmd.core.parse.numbered import _Numbered
from trackmd.core.parse.syntax import _BOLD_LABEL

if TYPE_CHECKING:
    from collections.abc import Sequence

    from trackmd.core.parse.scanner import BlockToken

_INDENTED_BOX = patterns.compile(
    r"^(?: {4,}|\t)[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[ xX/!-]\](?:[ \t]|$)"
)
# a run of symbols (emoji) at a heading's end, in optional bold: `… **✅** Done`
_EMOJI_RUN = patterns.compile(r"(?:\*\*)?([^\w\s*()\[\]:,.;!?'\"-]+)[ \t]*(?:\*\*)?[ \t]*")


class _Blocks(_Numbered):
    """The walk over markdown-it's block tokens: front matter, headings and what they hold."""

    def _front_matter(self, md_lines: list[str]) -> None:
        if not md_lines or md_lines[0].rstrip() != "---":
            return
        end = next(
            (i for i in range(1, len(md_lines)) if md_lines[i].rstrip() in ("---", "...")), None
        )
        if end is None:
            return
        block = "\n".join(self.lines[: end + 1])
        for i in range(end + 1):
            md_lines[i] = ""
        from trackmd.core.config import AliasInFrontMatter, load_front_matter

        try:
            metadata = load_front_matter(block + "\n")
        except AliasInFrontMatter as error:
            self.diag(0, 0, Severity.ERROR, "config", error.message)
            return
        except Exception as error:
            mark = getattr(error, "problem_mark", None)
            line = (mark.line if mark is not None else 0) + 1
            self.diag(
                min(line, end), 0, Severity.WARNING, "front-matter",
                f"front matter is not valid YAML ({str(error).splitlines()[0]}); it is ignored",
            )  # fmt: skip
            return
        self.front_matter = metadata
        if "trackmd" in metadata:
            from trackmd.core.config import settings_from
            from trackmd.core.errors import BadInput

            try:
                self.settings = settings_from(metadata["trackmd"], "front matter", self.settings)
                if self.settings.dialect:
                    from trackmd.core.dialect import DIALECTS

                    self.dialect = DIALECTS[self.settings.dialect]
            except BadInput as error:
                self.diag(0, 0, Severity.ERROR, "config", error.message)

    def _walk(self, tokens: Sequence[BlockToken]) -> None:
        current_section = 0
        section_starts: list[tuple[int, int]] = []  # (line, section index)
        lists: list[_ListCtx] = []
        items: list[_ItemCtx] = []
        pending_label: tuple[str, int] | None = None  # label, line after which a list follows
        heading_count = 0
        starts, ends = self.block_starts, self.block_ends
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            ttype = tok.type
            if tok.map is not None and tok.level == 0:
                starts.append(tok.map[0])
                ends.append(tok.map[1])
            if ttype == "heading_open" and tok.map is not None:
                content = tokens[i + 1].content if i + 1 < n else ""
                self._heading(tok, content)
                heading_count += 1
                current_section = heading_count
                section_starts.append((tok.map[0], current_section))
                pending_label = (strip_markup(content), tok.map[1])
                i += 3
                continue
            if ttype in ("bullet_list_open", "ordered_list_open"):
                parent = items[-1] if items else None
                ctx = _ListCtx(len(lists) + 1, parent, section=current_section)
                ctx.start_line = tok.map[0] if tok.map else 0
                if pending_label is not None and parent is None:
                    ctx.label = pending_label[0]
                lists.append(ctx)
                pending_label = None
            elif ttype in ("bullet_list_close", "ordered_list_close"):
                ctx = lists.pop()
                self._close_list(ctx)
            elif ttype == "list_item_open" and tok.map is not None and lists:
                parent = items[-1] if items else None
                items.append(_ItemCtx(tok.map[0], tok.level, lists[-1], parent))
                lists[-1].entries.append(items[-1])
            elif ttype == "list_item_close" and items:
                items.pop()
            elif ttype == "paragraph_open" and tok.map is not None:
                inline = tokens[i + 1] if i + 1 < n else None
                content = inline.content if inline is not None else ""
                owner = items[-1] if items and tok.level == items[-1].level + 1 else None
                in_list = bool(items)
                if owner is not None and owner.first_para:
                    owner.first_para = False
                    self._list_paragraph(owner, tok.map, content, current_section)
                else:
                    if owner is not None:
                        owner.first_para = False
                    self._paragraph_fields(tok.map, current_section, items[-1] if in_list else None)
                    label = _BOLD_LABEL.match(self.lines[tok.map[0]]) if not in_list else None
                    pending_label = (label.group("label"), tok.map[1]) if label else None
                    if not in_list:
                        self._malformed(tok.map)
                i += 3
                continue
            elif ttype == "table_open" and tok.map is not None:
                i = self._table(tokens, i, current_section)
                pending_label = None
                continue
            elif ttype in ("fence", "code_block") and tok.map is not None:
                lines = range(tok.map[0], tok.map[1])
                self.code_lines.update(lines)
                if ttype == "fence":
                    self.fence_lines.update(range(tok.map[0] + 1, tok.map[1] - 1))
                    self._fence_fields(tok, current_section)
                else:
                    self._indented_checklist(tok.map)
            elif ttype == "html_block" and tok.map is not None:
                self.code_lines.update(range(tok.map[0], tok.map[1]))
            elif ttype == "hr":
                pending_label = None
            i += 1
        self.section_starts = section_starts
        self._field_lists()

    def _indented_checklist(self, span: list[int]) -> None:
        """A checklist indented four spaces (not under a list) is code on GitHub: its
        checkboxes are not items. The author meant a list: say so once, at its first box."""
        for line in range(span[0], span[1]):
            if _INDENTED_BOX.match(self.lines[line]):
                self.diag(line, 0, Severity.WARNING, "indented-list",
                          "checkboxes indented 4 spaces or more read as code, not a "
                          "list (GitHub shows code); not counted: remove the indent")  # fmt: skip
                return

    def _heading(self, tok: BlockToken, content: str) -> None:
        assert tok.map is not None
        line = tok.map[0]
        level = int(tok.tag[1]) if len(tok.tag) == 2 and tok.tag[1].isdigit() else 1
        source_line = self.lines[line]
        col = source_line.find(content) if content else -1
        if col < 0:
            col, content = 0, source_line
        span = self.src.span(line, col, col + len(content))
        lead = leading_emoji(content)
        lead_emoji = lead[0]
        lead_col = lead[1] - len(lead_emoji)
        tail = self._heading_tail(line, col, content)
        self.headings.append(_Heading(level, line, content, span, (lead_emoji, lead_col), tail))

    def _heading_tail(self, line: int, col: int, content: str) -> StatusText | None:
        """`… 🟡 In Progress` or `… ✅` at the end of a heading."""
        stripped = content.rstrip(" \t*")
        # emoji followed by a status word at the very end
        for match in _EMOJI_RUN.finditer(stripped):
            emoji = match.group(1)
            if not all(is_emoji_char(c) for c in emoji):
                continue
            rest = stripped[match.end() :]
            found = self.vocab.word_at(rest.replace("**", "")) if rest else None
            if rest and found is not None and found[1] >= len(rest.replace("**", "").rstrip()):
                start = match.start(1)
                return self.status_text(line, col + start, stripped[start:])
            if not rest and match.start() > 0:
                start = match.start(1)
                state = self.vocab.emoji_state(emoji)
                if state is not None:
                    return self.status_text(line, col + start, stripped[start:])
        return None
