"""Installing the merge driver: its git config and the tracker patterns in `.gitattributes`."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from trackmd.core import patterns
from trackmd.core.errors import BadInput
from trackmd.core.source import Source
from trackmd.git.merging import local_config, set_local_config

DRIVER = "trackmd"
DRIVER_NAME = "trackmd: merge trackers, then recompute derived values"
ATTRIBUTES_COMMENT = "# trackmd: trackers merge without conflicts on derived values"

_SEP = "[-_.[:space:]]"  # what may stand beside a tracker word in a name, as discovery reads it
_SUFFIX = ".[Mm]*[DdNn]"  # .md and .markdown in any case (a little wider: the driver re-checks)
# the patterns an earlier trackmd wrote (`*[Tt][Oo][Dd][Oo]*.md`): they matched substrings
_SUBSTRING_LINE = patterns.compile(r"\*(?:\[[A-Z][a-z]\])+\*\.md merge=trackmd")


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in word)


def globs_for(word: str) -> tuple[str, ...]:
    """gitattributes globs for the names discovery takes by `word` (files.tracker_words()):
    the word alone, or beside `-`, `_`, `.` or a space, in any letter case."""
    if word.endswith("*"):  # any word characters may follow: `sprint`, `sprints`, `sprint_3`
        core = _any_case(word[:-1]) + "*"
        return (f"{core}{_SUFFIX}", f"*{_SEP}{core}{_SUFFIX}")
    core = _any_case(word)
    return (f"{core}{_SUFFIX}", f"{core}{_SEP}*{_SUFFIX}", f"*{_SEP}{core}{_SUFFIX}",
            f"*{_SEP}{core}{_SEP}*{_SUFFIX}")  # fmt: skip


def _words() -> dict[str, str]:
    from trackmd.io.files import tracker_words

    return {glob: word.rstrip("*") for word in tracker_words() for glob in globs_for(word)}


def driver_command() -> str:
    return f"{shlex.quote(sys.executable)} -m trackmd merge-driver %O %A %B %P"


def install(root: Path) -> list[str]:
    """Set the merge driver in the repository's git config and the tracker patterns in
    `.gitattributes`; return what changed ([] when everything was already there)."""
    from trackmd.io.project import project_settings

    changes: list[str] = []
    for key, value in ((f"merge.{DRIVER}.name", DRIVER_NAME),
                       (f"merge.{DRIVER}.driver", driver_command())):  # fmt: skip
        if local_config(root, key) == value:
            continue
        failed = set_local_config(root, key, value)
        if failed is not None:
            raise BadInput(f"git config {key} failed: {failed}")
        changes.append(f"set {key} in the repository's git config")
    words = _words()
    wanted = [*words, *(g for g in project_settings(root).files if g.split() == [g])]
    added, dropped = _add_attributes(root / ".gitattributes", wanted, words)
    if dropped:
        changes.append(
            f"removed from .gitattributes: {dropped} pattern{'s' if dropped != 1 else ''} of an "
            "earlier trackmd that matched any name containing a word"
        )
    if added:
        # the bracketed any-case globs are shown as the words they match
        named = list(dict.fromkeys(words[p] for p in added if p in words))
        shown = [f"Markdown names with the word {', '.join(named)} (any case)"] if named else []
        shown += [p for p in added if p not in words]
        changes.append(f"added to .gitattributes: merge={DRIVER} for {'; '.join(shown)}")
    return changes


def _fold(pattern: str) -> str:
    """`*[Tt][Oo][Dd][Oo]*.md` and `*TODO*.md` alike: the file's own choice for it wins."""
    return re.sub(r"\[([A-Za-z])([A-Za-z])\]", lambda m: m.group(1), pattern).lower()


def _add_attributes(
    path: Path, patterns: list[str], words: dict[str, str]
) -> tuple[list[str], int]:
    """Append `PATTERN merge=trackmd` for patterns that have no merge attribute yet, keeping
    the file's content and newline style, and drop the substring patterns an earlier trackmd
    wrote; return the patterns added and the number dropped. A word whose name the file
    already gives a merge attribute of its own (`*TODO*.md merge=union`) is left to it."""
    data = path.read_bytes() if path.exists() else b""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not valid UTF-8; add `TODO.md merge={DRIVER}` yourself") from None
    lines = re.split(r"(?<=\r\n)|(?<=\r)(?!\n)|(?<=\n)", text)
    kept = [line for line in lines if not _SUBSTRING_LINE.fullmatch(line.rstrip("\r\n"))]
    dropped = len(lines) - len(kept)
    text = "".join(kept)
    handled = set()
    for line in kept:
        fields = line.split()
        if not fields or fields[0].startswith(("#", "[attr]")):
            continue
        attributes = [w.lstrip("-!").split("=", 1)[0] for w in fields[1:]]
        if "merge" in attributes or "binary" in attributes:
            handled.add(fields[0])
    folded = {_fold(p) for p in handled}
    import fnmatch

    theirs = [p for p in folded if not any(_fold(g) == p for g in words)]
    own = {w for w in set(words.values()) if any(fnmatch.fnmatchcase(f"{w}.md", p) for p in theirs)}
    missing = [
        p for p in dict.fromkeys(patterns) if _fold(p) not in folded and words.get(p) not in own
    ]
    if not missing and not dropped:
        return [], 0
    newline = Source.of(text).newline() if text else "\n"
    addition = ""
    if text and not text.endswith(("\n", "\r")):
        addition += newline
    if missing and ATTRIBUTES_COMMENT not in text:
        addition += ATTRIBUTES_COMMENT + newline
    addition += "".join(f"{p} merge={DRIVER}{newline}" for p in missing)
    path.write_bytes((text + addition).encode("utf-8"))
    return missing, dropped
