"""The read path's block scanner against markdown-it-py, the parser of record (issue 15).

Wherever the scanner reads a document, its tokens are markdown-it-py's, attribute for
attribute; where it does not (it says so by returning None), the document holds something
it does not model. Over the project's own documents, ../shared, CommonMark-style cases
written here (the spec's examples are not shipped with markdown-it-py) and hypothesis
documents. Then the read path and the write path: which parser each uses."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES, ROOT, SHARED, shared
from tests.strategies import board, document, rollup_document, status_forms
from trackmd.core.parse import MARKDOWN_IT, SCANNER, _markdown, parse
from trackmd.core.parse.scanner import scan

FIELDS = ("type", "tag", "nesting", "map", "level", "content", "markup", "info", "hidden",
          "block", "attrs", "children")  # fmt: skip
NEWLINE = re.compile(r"\r\n|\r|\n")
# what the scanner leaves to markdown-it-py: tabs in indentation, reference definitions
UNMODELLED = re.compile(r"^[ >*+\-.)0-9]*\t|^[ >*+\-.)0-9]*\[[^\]\n]*(?:\]:|$)|\\", re.M)
FUZZ = int(os.environ.get("TRACKMD_FUZZ_EXAMPLES") or (3000 if os.environ.get("CI") else 1500))


def same_tokens(text: str) -> bool:
    """Whether the scanner read `text` (False: it left it to markdown-it-py); when it did,
    its tokens are markdown-it-py's."""
    scanned = scan(text)
    if scanned is None:
        return False
    ours = [tuple(getattr(t, f) for f in FIELDS) for t in scanned]
    theirs = [tuple(getattr(t, f) for f in FIELDS) for t in _markdown().parse(text)]
    if ours != theirs:
        pairs = enumerate(zip(ours, theirs, strict=False))  # the shorter one: a prefix
        at = next((i for i, (a, b) in pairs if a != b), min(len(ours), len(theirs)))
        mine = ours[at] if at < len(ours) else None
        want = theirs[at] if at < len(theirs) else None
        pytest.fail(f"token {at} differs in {text!r}:\nscanner {mine}\nmarkdown-it {want}")
    return True


def as_parsed(path: Path) -> str:
    """The text as the parser hands it over: lines split on any newline, joined by `\\n`."""
    return "\n".join(NEWLINE.split(path.read_text(encoding="utf-8", errors="replace")))


def markdown_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.md") if p.is_file())


def check_folder(folder: Path, every: bool) -> None:
    """Every file agrees; it falls back only for a reason named in UNMODELLED (or never)."""
    files = markdown_files(folder)
    assert files, f"no Markdown files under {folder}"
    for path in files:
        text = as_parsed(path)
        if not same_tokens(text):
            assert not every, f"{path} was left to markdown-it-py"
            assert UNMODELLED.search(text), f"{path} was left to markdown-it-py, no reason known"


@pytest.mark.parametrize("folder", ["examples", "tests/cases"])
def test_own_documents(folder: str) -> None:
    check_folder(ROOT / folder, every=folder == "examples")


def test_the_readmes() -> None:
    for path in (ROOT / "README.md", ROOT / "benchmarks" / "README.md"):
        assert same_tokens(as_parsed(path)), path


@pytest.mark.parametrize("folder", ["seeds", "corpus", "corpus2"])
def test_shared_documents(folder: str) -> None:
    check_folder(shared(folder), every=folder == "seeds")


def test_the_common_files_are_read_by_the_scanner() -> None:
    """Fallback is for the odd document: of the examples, seeds and corpora, at most 1 in 20."""
    files = markdown_files(EXAMPLES)
    for sub in ("seeds", "corpus", "corpus2"):
        if (SHARED / sub).is_dir():
            files += markdown_files(SHARED / sub)
    read = sum(scan(as_parsed(p)) is not None for p in files)
    assert read >= 0.95 * len(files), f"only {read} of {len(files)} read by the scanner"


# CommonMark's block constructs, one case each, in the spirit of the spec's examples
CASES = [
    "# h1\n## h2 ##\n### h3 #not closing\n####### seven\n#hashtag\n#\n",
    "  ### indented\n    # code\n# trailing  ###   \n#\theading\n",
    "Title\n=====\nSub\n---\nnot\n  ===  \n\n    ===\n",
    "a\nb\n===\n\n- item\n---\n\n> quote\n---\n",
    "para\n---\n\n***\n * * *\n_ _ _\n--\n- - -\n",
    "- a\n- b\n\n- c\n",
    "- a\n\n  b\n- c\n",
    "1. one\n2. two\n10) ten\n3) three\n",
    "2. starts at two\n3. three\n",
    "- a\n  - b\n    - c\n      - d\n  - e\n- f\n",
    "* a\n+ b\n- c\n",
    "- [ ] open\n- [x] done\n  - [/] nested\n- [-] cancelled\n",
    "-\n  foo\n-\n\n  bar\n- \n",
    "- a\nlazy line\n- b\n\n      code in item\n",
    "1. a\n\n   para\n\n   ```\n   code\n   ```\n2. b\n",
    "10. ten\n    indented under\n11. eleven\n",
    "text\n1. one does interrupt\n\ntext\n2. two does not\n",
    "text\n- \n\ntext\n-\tx\n",
    "> a\n> b\nlazy\n\n> c\n>\n> d\n",
    "> # heading\n> - list\n>   more\n> ```\n> code\n> ```\n",
    ">> nested\n> > deeper\n>>> three\n",
    "> quote\n- list after\n\n> quote\n    code\n",
    "- > quote in item\n  > more\n- next\n",
    "```\ncode\n```\n~~~ python\nx\n~~~\n````\n```\n````\n",
    "```\nunclosed\n\n- not a list\n",
    "  ```\n  indented fence\n    more\n ```\n",
    "``` with `backtick`\nnot a fence\n",
    "- item\n  ```\n  fenced in item\n  ```\n- next\n",
    "    code\n      more\n\n    after blank\ntext\n",
    "text\n    not code\n",
    "| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 |\n| 4 | 5 | 6 |\n",
    "a | b\n--|--\nc | d\n\nno pipes\n---\n",
    "| x |\n|:--|\n| y \\| z |\n",
    "| a | b |\n| - | - |\n",
    "|a|b|\n|-|-|\n- list ends table\n",
    "text\n| a | b |\n|---|---|\n| c | d |\n",
    "- | a | b |\n  |---|---|\n  | c | d |\n",
    "| a |\n|---|---|\n",
    "<div>\nhtml\n</div>\n\n<!-- comment -->\ntext\n<!--\nmulti\n-->\n",
    "<details>\n<summary>x</summary>\n\n- [ ] inside\n\n</details>\n",
    "<pre>\n\ncode\n</pre>\n<script>\nx\n</script>\n<?php ?>\n<!DOCTYPE html>\n",
    "<span>inline</span> start\n<custom-tag>\n\ntext\n</custom-tag>\n",
    "para\n<div>interrupts</div>\npara\n<span>does not</span>\n",
    "<![CDATA[\nx\n]]>\n",
    "Line one\nline two  \nline three\\\n\n\n\nlast",
    "  \n \n\n# after blanks\n   \n",
    "# 🚀 Emoji\n- ✅ done\n- 🔄 doing\n\n**Status**: ✅\n",
    "café\u00a0\n\u3000full-width space\n- \u2003item\n",
    "- a\n - b\n  - c\n   - d\n    - e\n",
    "1. a\n 2. b\n  3. c\n",
    "- a\n\n\n- b\n",
    "- a\n-\n- c\n",
    "* a\n*\n\n* c\n",
    "- # heading in item\n- > quote in item\n- ---\n",
    "***\n---\n___\n",
    "Foo\n---\nbar\n\n---\n\nBaz\n",
    "> foo\n---\n",
    "- foo\n-----\n",
    "    code\n# heading\n",
    "\n\n\n",
    "a\r\nb\rc\n",
    "x\0y\n",
]


@pytest.mark.parametrize("text", CASES, ids=range(len(CASES)))
def test_commonmark_cases(text: str) -> None:
    assert same_tokens(text) or UNMODELLED.search(text)


def test_what_it_does_not_model_is_left_to_markdown_it() -> None:
    for text in ("[a]: /url\n\n[a]\n", "-\tlist with a tab\n", "\tcode\n", "> \tx\n",
                 "[multi\nline]: /url\n", "[a\\]]: /url\n", ">" * 80 + " deep\n"):  # fmt: skip
        assert scan(text) is None, text
    assert scan("- [ ] a checkbox, not a reference\n") is not None
    assert scan("[DONE] ran [Math]::Floor\n") is not None


# Block-level pieces in every order, inside every container: where the rules meet
PREFIXES = st.sampled_from(["", "", "", " ", "  ", "   ", "    ", "> ", ">", "- ", "1. ", "* ",
                            "+ ", "2) ", "  - ", "   > ", "- > ", "> - ", "10. ", "-   ", "> > ",
                            "- - ", "     ", "      ", "1. - ", "- 1. ", ">  ", "-    ", "\t",
                            "        ", "  * ", "    - ", "> 1. ", "-     "])  # fmt: skip
BODIES = st.sampled_from(
    ["text", "more text", "# h", "###### h6", "####### h7", "#x", "```", "~~~", "```py", "````",
     "---", "***", "___", "- - -", "===", "--", "<div>", "</div>", "<!-- c -->", "<!--", "-->",
     "<span>", "<pre>", "</pre>", "<custom-x>", "| a | b |", "|---|---|", ":-:|--", "a | b",
     "| c |", "- [ ] task", "[x] task", "[ ] task", "[DONE] x", "1. one", "1)", "-", "",
     "    code", "**Status**: ✅", "text  ", "\u00a0nbsp", "a\\|b", "🚀 emoji", "2. two", "* *",
     "[a]: /url", "[a]"]
)  # fmt: skip


@st.composite
def block_soup(draw: st.DrawFn) -> str:
    lines = [draw(PREFIXES) + draw(BODIES) for _ in range(draw(st.integers(1, 24)))]
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n", "\n  "]))


@settings(max_examples=FUZZ, deadline=None, suppress_health_check=list(HealthCheck))
@given(block_soup())
def test_generated_block_soup(text: str) -> None:
    same_tokens(text)


@settings(max_examples=max(100, FUZZ // 5), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(document(), rollup_document(), board(), status_forms()))
def test_generated_trackers(text: str) -> None:
    same_tokens("\n".join(NEWLINE.split(text)))


def test_the_invariants_hold_with_markdown_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """SPEC §1 over the real trackers and hostile texts with markdown-it-py throughout (the
    invariant tests themselves run with the scanner as the read path)."""
    from tests.test_invariants import HOSTILE, check_invariants, real_files

    monkeypatch.setenv("TRACKMD_PARSER", "markdown-it")
    for path in [*real_files(), *markdown_files(EXAMPLES)]:
        check_invariants(path.read_text(encoding="utf-8"))
    for text in HOSTILE:
        check_invariants(text)


@settings(max_examples=max(50, FUZZ // 15), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(document(), rollup_document(), board(), status_forms()))
def test_generated_invariants_with_markdown_it(text: str) -> None:
    from tests.test_invariants import check_invariants

    with mock.patch.dict(os.environ, {"TRACKMD_PARSER": "markdown-it"}):
        check_invariants(text)


def test_both_parsers_read_the_same_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model is the same whichever reader read the blocks; each says which it was."""
    monkeypatch.delenv("TRACKMD_PARSER", raising=False)
    files = markdown_files(EXAMPLES)
    if (SHARED / "seeds").is_dir():
        files += markdown_files(SHARED / "seeds")
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast, exact = parse(text, path.name), parse(text, path.name, blocks=MARKDOWN_IT)
        assert (fast.blocks, exact.blocks) == (SCANNER, MARKDOWN_IT)
        assert fast._replace(blocks=MARKDOWN_IT) == exact, path


def test_the_environment_and_the_setting_choose_markdown_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TRACKMD_PARSER", raising=False)
    text = "# T\n\n- [ ] a\n"
    assert parse(text).blocks == SCANNER
    with mock.patch.dict(os.environ, {"TRACKMD_PARSER": "markdown-it"}):
        assert parse(text).blocks == MARKDOWN_IT
    front = "---\ntrackmd:\n  parser: markdown-it\n---\n" + text
    with mock.patch.dict(os.environ, {"TRACKMD_PARSER": ""}):
        assert parse(front).blocks == MARKDOWN_IT
    assert parse("[a]: /url\n" + text).blocks == MARKDOWN_IT  # the scanner's fallback


IMPORTS = """\
import sys
from trackmd import launch
code = launch.code(sys.argv[1:])
print(code, "markdown_it" in sys.modules)
"""


@pytest.mark.parametrize(
    ("args", "parser", "imported"),
    [(("status",), "", False), (("list",), "", False), (("check",), "", False),
     (("next",), "", False), (("sync",), "", False), (("status",), "markdown-it", True),
     (("done", "a", "-f"), "", True), (("sync",), "stale", True)],
)  # fmt: skip
def test_reads_use_the_scanner_and_writes_markdown_it(
    tmp_path: Path, args: tuple[str, ...], parser: str, imported: bool
) -> None:
    """Reads never import markdown-it-py's parser, unless asked to; a write always does: the
    document it changes is read, and the result verified, by markdown-it-py."""
    progress = "1/2" if parser == "stale" else "0/2"
    tracker = tmp_path / "TODO.md"
    tracker.write_text(f"# T\n\n**Progress**: {progress}\n\n- [ ] a\n- [ ] b\n", "utf-8")
    env = {**os.environ, "TRACKMD_NO_CACHE": "1", "TRACKMD_TODAY": "2026-11-22"}
    env["TRACKMD_PARSER"] = "markdown-it" if parser == "markdown-it" else ""
    done = subprocess.run([sys.executable, "-c", IMPORTS, *args, str(tracker)], cwd=tmp_path,
                          env=env, capture_output=True, text=True, check=True)  # fmt: skip
    code, _, loaded = done.stdout.strip().splitlines()[-1].partition(" ")
    assert code in {"0", "1"}, done.stderr
    assert loaded == str(imported), (args, parser)


def test_a_write_refuses_when_the_scanner_disagrees(monkeypatch: pytest.MonkeyPatch) -> None:
    """A scanner disagreement can refuse a write but never cause a wrong one."""
    import datetime as dt

    from trackmd.core.edit import plan
    from trackmd.core.errors import Refused
    from trackmd.core.parse import scanrules

    text = "# T\n\n**Progress**: 1/2\n\n- [ ] a\n- [ ] b\n"
    wrong = scanrules.block

    def miss_the_first_item(state: object, line: int, end: int) -> None:
        wrong(state, line + 1 if line == 4 else line, end)  # type: ignore[arg-type]

    monkeypatch.delenv("TRACKMD_PARSER", raising=False)
    monkeypatch.setattr(scanrules, "block", miss_the_first_item)
    doc = parse(text)
    assert doc.blocks == SCANNER
    with pytest.raises(Refused, match="read this file differently"):
        plan(doc, dt.date(2026, 11, 22))
