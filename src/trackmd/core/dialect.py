"""Tracker dialects: what a kind of tracker means by its marks, as data plus small hooks.

A dialect is detected from the file's path and content (`detect`), or set with a `dialect`
key in configuration or front matter. What each one changes:

- `kiro` (Kiro / cc-sdd `.kiro/specs/*/tasks.md`): `- [ ] 1.` tasks with their `1.1`
  sub-tasks, written flat or nested; `[-]` and `[~]` mean in progress (not cancelled);
  `- [ ]* 1.3` is an optional task; `_Requirements: 1.2_` lines are metadata.
- `spec-kit` (`specs/*/tasks.md`): `T001` is a task's explicit ID, `[P]` and `[US1]` are
  tags; only `[ ]` and `[x]` are checkboxes (`- [P] tasks = …` is a legend).
- `obsidian-tasks`: the plugin's signifiers (`core.obsidian`); done dates and recurrence.
- `obsidian-kanban`: a board (`kanban-plugin: board` front matter), lanes as sections.
- `bmad`: story files (`Status: done`, `Tasks / Subtasks`, `(AC: #1)`).
- `openspec` (`openspec/changes/*/tasks.md`): numbered task groups `1.1`, like Kiro's.
- `gfm`: plain GitHub Markdown, trackmd's own reading (SPEC).
"""

from __future__ import annotations

import re

from trackmd.core import patterns
from trackmd.core.model import State
from trackmd.core.record import NamedTuple


class Dialect(NamedTuple):
    name: str
    markers: tuple[tuple[str, State], ...] = ()  # checkbox marks that mean something else
    only_markers: str = ""  # when set, other marks make no checkbox (a legend's `[P]`)
    numbered: bool = False  # `N.M` tasks are sub-tasks of `N.`, however they are indented
    optional_mark: bool = False  # `- [ ]* 1.3`: an optional task
    task_id: re.Pattern[str] | None = None  # explicit IDs beside SPEC's (`T001`)


DIALECTS: dict[str, Dialect] = {
    d.name: d
    for d in (
        Dialect("gfm"),
        Dialect(
            "kiro",
            markers=(("-", State.IN_PROGRESS), ("~", State.IN_PROGRESS)),
            numbered=True,
            optional_mark=True,
        ),
        Dialect("spec-kit", only_markers=" xX", task_id=patterns.compile(r"T\d{3,4}")),
        Dialect("openspec", numbered=True),
        Dialect("bmad"),
        Dialect("obsidian-tasks"),
        Dialect("obsidian-kanban"),
    )
}

_NUMBERED = patterns.compile(r"^[ \t]*[-*+][ \t]+\[.\]\*?[ \t]+\d+\.[ \t]", re.M)
_SUBNUMBERED = patterns.compile(r"^[ \t]*[-*+][ \t]+\[.\]\*?[ \t]+\d+\.\d+\.?[ \t]", re.M)
_REQUIREMENTS = patterns.compile(r"^[ \t]*(?:[-*+][ \t]+)?_[^_\n]{1,40}[:：][^\n]*_[ \t]*$", re.M)
_OPTIONAL = patterns.compile(r"^[ \t]*[-*+][ \t]+\[.\]\*[ \t]", re.M)
_SPEC_KIT = patterns.compile(r"^[ \t]*[-*+][ \t]+\[[ xX]\][ \t]+T\d{3,4}\b", re.M)
_OBSIDIAN = patterns.compile(
    r"^[ \t]*[-*+][ \t]+\[.\][^\n]*(?:[📅🛫⏳➕✅❌]\ufe0f?[ \t]*\d{4}-\d{2}-\d{2}|🔁)", re.M
)
_BMAD = patterns.compile(r"^Status:[ \t]*\w", re.M)
# what each of those needs somewhere, as a pattern starting with a literal (a fast scan)
_SPEC_KIT_HINT = patterns.compile(r"\][ \t]+T\d{3}")
_NUMBERED_HINT = patterns.compile(r"\]\*?[ \t]+\d+\.[ \t]")
_TASK_BOX = patterns.compile(r"[ \t]*[-*+][ \t]+\[.\]")
_SIGNS = "📅🛫⏳➕✅❌🔁"  # what `_OBSIDIAN` needs after a task's box: a dated sign, or 🔁
_DATED = patterns.compile(r"\ufe0f?[ \t]*\d{4}-\d{2}-\d{2}")
_BMAD_TASKS = patterns.compile(r"^#{2,3}[ \t]+Tasks[ \t]*/[ \t]*Subtasks", re.M | re.I)


# one way to match each line (a `.*\r?\n` would backtrack exponentially over `\r`s)
_KANBAN = patterns.compile(r"\A\ufeff?---[ \t]*\r?\n(?:[^\n]*\n){0,40}?kanban-plugin[ \t]*:")


def by_path(path: str) -> str:
    """The dialect a path alone names (`.kiro/specs/x/tasks.md`), or ""."""
    where = "/" + path.replace("\\", "/")
    if "/.kiro/specs/" in where and where.endswith("tasks.md"):
        return "kiro"
    if "/openspec/changes/" in where:
        return "openspec"
    return ""


def fast_countable(name: str) -> bool:
    """Whether history's line-by-line shortcut reads the dialect as the parser does: not
    where marks mean something else or numbering makes sub-tasks."""
    dialect = DIALECTS[name]
    return not (dialect.markers or dialect.only_markers or dialect.numbered or dialect.task_id)


def detect(path: str, text: str, chosen: str = "") -> Dialect:
    """The file's dialect: the one configured (`chosen`), else by path, else by content."""
    if chosen:
        return DIALECTS[chosen]
    if _KANBAN.match(text):
        return DIALECTS["obsidian-kanban"]
    named = by_path(path)
    if named:
        return DIALECTS[named]
    # Each line pattern runs only where a literal it needs occurs (a scan of the text for
    # `^…` patterns tries every position: a few milliseconds per file otherwise).
    if _SPEC_KIT_HINT.search(text) and len(_SPEC_KIT.findall(text)) >= 3:
        return DIALECTS["spec-kit"]
    numbered = (
        _NUMBERED_HINT.search(text) is not None
        and len(_NUMBERED.findall(text)) >= 2
        and _SUBNUMBERED.search(text) is not None
    )
    if numbered and (_REQUIREMENTS.search(text) or _OPTIONAL.search(text)):
        return DIALECTS["kiro"]
    if "Status:" in text and _BMAD.search(text) and _BMAD_TASKS.search(text):
        return DIALECTS["bmad"]
    if _obsidian_tasks(text):
        return DIALECTS["obsidian-tasks"]
    return DIALECTS["gfm"]


def _obsidian_tasks(text: str) -> bool:
    """`_OBSIDIAN.search(text)`, from the signs it needs: a task line (`- [ ] …`) with a
    dated sign or a recurrence after its box. Each sign is found by `str.find` (a scan for
    a class of emoji tries every position)."""
    for sign in _SIGNS:
        at = text.find(sign)
        while at >= 0:
            if sign == "🔁" or _DATED.match(text, at + 1):
                box = _TASK_BOX.match(text, text.rfind("\n", 0, at) + 1)
                if box is not None and box.end() <= at:
                    return True
            at = text.find(sign, at + 1)
    return False


_NUMBER = patterns.compile(r"^(?:\*\*)?(\d+(?:\.\d+)*)\.?(?=[ \t*]|$)")


def task_number(text: str) -> str | None:
    """`1.2` of `1.2 Write the tests`, `3` of `3. Set up`: a numbered dialect's own number."""
    match = _NUMBER.match(text)
    return match.group(1) if match else None
