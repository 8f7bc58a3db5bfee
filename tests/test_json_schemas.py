"""Every JSON output against the schema shipped for it (issue 16): over documents written
here and the examples, over ../shared (seeds, corpus, corpus2) when it is beside the project,
and broken payloads, so that each schema is shown to reject what it should.

A new JSON output is one row of OUTPUTS (its command line and schema file) and one of BREAKS.
Every run happens in a git repository holding two versions of each file, so that commands
reading history (`burndown`) have one."""

from __future__ import annotations

import copy
import functools
import json
import shutil
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema
import pytest
from typer.testing import Result

from tests.conftest import EXAMPLES, ROOT, git, shared

Run = Callable[..., Result]
Payload = dict[str, Any]


class Output(NamedTuple):
    """How to get one command's JSON, and the schema it must meet."""

    args: tuple[str, ...]  # the command line before its paths
    schema: str  # a file of src/trackmd/schema
    codes: tuple[int, ...] = (0,)  # exit codes that still print the payload
    one_path: bool = False  # the command reads one tracker: one run per file
    also: tuple[str, ...] = ()  # paths beside the own document, in the own repository


OUTPUTS: dict[str, Output] = {
    "status": Output(("status", "--json"), "status.schema.json"),
    "list": Output(("list", "--json"), "list.schema.json"),
    "next": Output(("next", "--json", "--limit", "100000"), "next.schema.json"),
    "check": Output(("check", "--format", "json"), "check.schema.json", codes=(0, 1)),
    "burndown": Output(("burndown", "--format", "json"), "burndown.schema.json", one_path=True),
    "burndown-many": Output(
        ("burndown", "--format", "json", "--by-file"),
        "burndown.schema.json",
        also=("own/LANES.md",),
    ),
    "board": Output(("board", "--json"), "board.schema.json", also=("own/LANES.md",)),
}

# Files of ../shared/<folder> that are trackers (seeds/EXPECTED.md describes the seeds).
SHARED_FILES = {"seeds": "0*.md", "corpus": "*.md", "corpus2": "*.md"}

# Two versions of every file: the first with one box unticked (so the second did work).
FIRST, SECOND = "2026-11-19T10:00:00+00:00", "2026-11-21T10:00:00+00:00"  # today: 11-22

WORK = """---
trackmd:
  sprint: {start: 2026-11-16, end: 2026-11-27}
---
# Release 3

**Progress**: 0%

## Backend

- [x] API-1 Schema migration (3 pts) @ada #db ✅ 2026-11-18
- [/] API-2 Search endpoint (5 pts) @bob due 2026-11-20 ⏫
- [ ] API-3 Rate limits, depends on API-2 🔼
- [!] API-4 Billing hook (P0)
- [ ] Rotate keys 🔁 every month 📅 2026-11-30 ➕ 2026-11-01 🆔 keys
- [ ] Audit log ⛔ keys
- [-] API-5 Legacy export

## Frontend

| Task | Status | Points |
|------|--------|--------|
| Login page | ✅ Done | 2 |
| Dashboard | 🔄 In Progress | 3 |
| Settings | Not started | 1 |

## Docs

**Status**: Blocked

Waiting on the API.

## Bugs

- BUG-7 Crash on empty search
  - **Status**: Open
"""

# A kanban board: its lanes are the board's columns, one of them with no state.
LANES = """---
kanban-plugin: basic
---

## Backlog

- [ ] Draft the post

## Review

- [ ] Proofread

## Done

- [x] Outline
"""


def strict_json(text: str) -> Payload:
    """The payload, refusing what JSON has not (NaN, Infinity) as other parsers do."""

    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")

    payload = json.loads(text, parse_constant=refuse)
    assert isinstance(payload, dict), "a JSON output is an object"
    return payload


def schema_text(name: str) -> str:
    """A schema as the installed package holds it (the wheel ships src/trackmd/schema)."""
    return resources.files("trackmd").joinpath("schema", name).read_text(encoding="utf-8")


@functools.cache
def validator(command: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(schema_text(OUTPUTS[command].schema)))


def problems(command: str, payload: Payload) -> list[str]:
    found = validator(command).iter_errors(payload)
    return [f"{e.json_path} ({_file_of(payload, e)}): {e.message[:300]}" for e in found]


def _file_of(payload: Payload, error: jsonschema.ValidationError) -> object:
    """The file an error is about: the path beside the failing part, when there is one."""
    if isinstance(payload.get("path"), str):
        return payload["path"]
    where = list(error.absolute_path)
    if len(where) >= 2 and isinstance(where[1], int):
        entries = payload.get(str(where[0]))
        if isinstance(entries, list) and isinstance(entries[where[1]], dict):
            return entries[where[1]].get("path")
    return None


def outputs(run: Run, command: str, paths: list[Path]) -> Iterator[tuple[list[Path], Payload]]:
    """The command's payloads over `paths`: one run, or one per file where it takes one."""
    output = OUTPUTS[command]
    for group in [[p] for p in paths] if output.one_path else [paths]:
        result = run(*output.args, *(str(p) for p in group))
        names = [p.name for p in group] if len(group) < 4 else f"{len(group)} files"
        assert result.exit_code in output.codes, (
            f"{command} {names}: exit {result.exit_code}\n{result.output[-2000:]}"
        )
        yield group, strict_json(result.stdout)


def first_version(data: bytes) -> bytes:
    """The file as it was before one box was ticked (or before one was unticked)."""
    for old, new in ((b"- [x]", b"- [ ]"), (b"- [X]", b"- [ ]"), (b"- [ ]", b"- [x]")):
        if old in data:
            return data.replace(old, new, 1)
    return data + b"\n"


def repository(folder: Path, sources: list[Path]) -> list[Path]:
    """`sources` copied into a new git repository at `folder`, each committed twice (the
    second time as it is); their paths there, relative to the repository."""
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "commit.gpgsign", "false")
    names = []
    for source in sources:
        name = Path(source.parent.name) / source.name
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes(first_version(source.read_bytes()))
        names.append(name)
    git(folder, "add", "-A", date=FIRST)
    git(folder, "commit", "-q", "-m", "first", date=FIRST)
    for source, name in zip(sources, names, strict=True):
        shutil.copyfile(source, folder / name)
    git(folder, "add", "-A", date=SECOND)
    git(folder, "commit", "-q", "-m", "second", date=SECOND)
    return names


@pytest.fixture(autouse=True)
def _no_outer_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run inside a git hook (pre-commit) must not lead the CLI to the outer repository."""
    for name in ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_COMMON_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def repositories(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., tuple[Path, list[Path]]]:
    """Build a repository once per module for each set of files (the corpus is read-only)."""
    built: dict[str, tuple[Path, list[Path]]] = {}

    def build(key: str, sources: list[Path]) -> tuple[Path, list[Path]]:
        if key not in built:
            folder = tmp_path_factory.mktemp(f"repo-{key}")
            built[key] = (folder, repository(folder, sources))
        return built[key]

    return build


@pytest.fixture
def own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The document above and the examples, in a repository that is the current folder."""
    work = tmp_path / "own" / "WORK.md"
    work.parent.mkdir()
    work.write_text(WORK, encoding="utf-8")
    lanes = work.with_name("LANES.md")
    lanes.write_text(LANES, encoding="utf-8")
    examples = [p for p in sorted(EXAMPLES.glob("*.md")) if p.name != "README.md"]
    paths = repository(tmp_path / "repo", [work, lanes, *examples])
    monkeypatch.chdir(tmp_path / "repo")
    return paths


# -- (a) documents of the project --------------------------------------------------------------


@pytest.mark.parametrize("command", OUTPUTS)
def test_output_over_own_documents_meets_its_schema(
    run: Run, own: list[Path], command: str
) -> None:
    for group, payload in outputs(run, command, own):
        assert payload["schema"] == 1
        assert problems(command, payload) == [], group


def one(run: Run, command: str, *extra: str) -> Payload:
    output = OUTPUTS[command]
    result = run(*output.args, *extra, "own/WORK.md", *output.also)
    assert result.exit_code in output.codes, result.output
    return strict_json(result.stdout)


def test_the_own_document_reaches_every_part_of_the_schemas(run: Run, own: list[Path]) -> None:
    """So that validating it is not vacuous: each optional or nullable part has a value."""
    items = one(run, "list")["items"]
    assert {i["kind"] for i in items} == {"checkbox", "row", "section", "list_status"}
    assert {i["state"] for i in items} == {"open", "in_progress", "done", "blocked", "cancelled"}
    rotate = next(i for i in items if i["text"].startswith("Rotate keys"))
    assert rotate["recurrence"] == "every month" and rotate["task_id"] == "keys"
    assert rotate["dates"] == {"due": "2026-11-30", "created": "2026-11-01"}
    api2 = next(i for i in items if i["id"] == "API-2")
    assert (api2["points"], api2["owner"], api2["due"]) == (5, "bob", "2026-11-20")
    assert api2["priority"] == "high"
    assert next(i for i in items if i["id"] == "API-1")["tags"] == ["db"]
    found = one(run, "next")
    assert found["ready"][0]["id"] == "API-2" and found["ready"][0]["why"][0] == "in progress"
    assert {tuple(e["why"]) for e in found["blocked"]} >= {("waits on keys (open)",)}
    status = one(run, "status")["files"][0]
    assert status["dialect"] == "obsidian-tasks" and status["overdue"] == 1
    diagnostics = one(run, "check")["files"][0]["diagnostics"]
    assert {d["code"] for d in diagnostics} >= {"out-of-date"}
    burndown = one(run, "burndown")
    assert burndown["sprint"] == {"start": "2026-11-16", "end": "2026-11-27"}
    assert burndown["forecast"] is not None and burndown["velocity"]
    known = [d for d in burndown["days"] if d["remaining"] is not None]
    assert known and burndown["days"][0]["remaining"] is None  # before the first commit
    points = one(run, "burndown", "--points")
    assert points["unit"] == "points" and problems("burndown", points) == []
    many = one(run, "burndown-many")
    assert many["paths"] == ["own/WORK.md", "own/LANES.md"]
    assert [f["path"] for f in many["files"]] == many["paths"]
    board = one(run, "board")["columns"]
    assert {card["path"] for c in board for card in c["cards"]} == set(many["paths"])
    lanes = strict_json(run("board", "--json", "own/LANES.md").stdout)
    assert [c["state"] for c in lanes["columns"]] == ["open", None, "done"]
    assert problems("board", lanes) == []


# -- (b) ../shared ------------------------------------------------------------------------


@pytest.mark.parametrize("folder", SHARED_FILES)
@pytest.mark.parametrize("command", OUTPUTS)
def test_output_over_shared_trackers_meets_its_schema(
    run: Run,
    command: str,
    folder: str,
    monkeypatch: pytest.MonkeyPatch,
    repositories: Callable[..., tuple[Path, list[Path]]],
) -> None:
    sources = sorted(shared(folder).glob(SHARED_FILES[folder]))  # skips without ../shared
    assert sources, f"../shared/{folder} holds no tracker"
    root, paths = repositories(folder, sources)
    monkeypatch.chdir(root)
    failures = []
    seen = 0
    for group, payload in outputs(run, command, paths):
        failures += [
            f"{group[0] if len(group) == 1 else ''} {p}" for p in problems(command, payload)
        ]
        seen += 1
    assert failures == [], "\n".join(failures[:20])
    assert seen == (len(paths) if OUTPUTS[command].one_path else 1)


# -- (c) the schemas reject what they should ----------------------------------------------------

Break = Callable[[Payload], object]

BREAKS: dict[str, list[tuple[str, Break]]] = {
    "status": [
        ("a state no one knows", lambda p: p["files"][0]["items"][0].update(state="finished")),
        ("a section without progress", lambda p: p["files"][0]["sections"][0].pop("progress")),
        ("a percent over 100", lambda p: p["files"][0]["progress"].update(percent=101)),
        ("an unknown dialect", lambda p: p["files"][0].update(dialect="jira")),
    ],
    "list": [
        ("an item without its path", lambda p: p["items"][0].pop("path")),
        ("a due date not ISO", lambda p: p["items"][0].update(due="22/11/2026")),
        ("an unknown priority", lambda p: p["items"][0].update(priority="urgent")),
        ("a key the schema does not name", lambda p: p["items"][0].update(colour="red")),
        ("a date of an unknown kind", lambda p: p["items"][0]["dates"].update(when="2026-11-01")),
    ],
    "next": [
        ("a done item as ready", lambda p: p["ready"][0].update(state="done")),
        ("a ready item without why", lambda p: p["ready"][0].update(why=[])),
        ("no ready_total", lambda p: p.pop("ready_total")),
        ("a cancelled item as blocked", lambda p: p["blocked"][0].update(state="cancelled")),
    ],
    "check": [
        ("an unknown severity", lambda p: p["files"][0]["diagnostics"][0].update(severity="fatal")),
        ("line 0", lambda p: p["files"][0]["diagnostics"][0].update(line=0)),
        ("a file without diagnostics", lambda p: p["files"][0].pop("diagnostics")),
        ("a code with a space", lambda p: p["files"][0]["diagnostics"][0].update(code="out of")),
    ],
    "burndown": [
        ("a unit of hours", lambda p: p.update(unit="hours")),
        ("a negative ideal", lambda p: p["days"][-1].update(ideal=-1)),
        ("a forecast without its rate", lambda p: p["forecast"].pop("rate_per_day")),
        ("a week not ISO", lambda p: p["velocity"][0].update(week="2026-45")),
        ("a day without scope", lambda p: p["days"][0].pop("scope")),
    ],
    "burndown-many": [
        ("files without paths", lambda p: p.pop("paths")),
        ("a file's payload with paths", lambda p: p["files"][0].update(paths=["x.md"])),
        ("a file's payload without days", lambda p: p["files"][1].pop("days")),
        ("no file summed", lambda p: p.update(paths=[])),
        ("a key the schema does not name", lambda p: p.update(trackers=2)),
    ],
    "board": [
        ("a column without cards", lambda p: p["columns"][0].pop("cards")),
        ("a card without its path", lambda p: p["columns"][0]["cards"][0].pop("path")),
        ("an unknown column state", lambda p: p["columns"][0].update(state="later")),
        ("a card in an unknown state", lambda p: p["columns"][0]["cards"][0].update(state="x")),
        ("today not ISO", lambda p: p.update(today="7 Dec 2026")),
    ],
}


def test_every_output_has_its_breaks() -> None:
    assert set(BREAKS) == set(OUTPUTS)


@pytest.mark.parametrize(
    ("command", "what", "breaks"),
    [(c, what, b) for c, rows in BREAKS.items() for what, b in rows],
    ids=[f"{c}-{what}" for c, rows in BREAKS.items() for what, _ in rows],
)
def test_a_broken_payload_is_rejected(
    run: Run, own: list[Path], command: str, what: str, breaks: Break
) -> None:
    payload = one(run, command)
    assert problems(command, payload) == []
    broken = copy.deepcopy(payload)
    breaks(broken)
    assert broken != payload, what
    with pytest.raises(jsonschema.ValidationError):
        validator(command).validate(broken)


@pytest.mark.parametrize("command", OUTPUTS)
def test_a_payload_of_another_version_or_with_another_key_is_rejected(
    run: Run, own: list[Path], command: str
) -> None:
    payload = one(run, command)
    for broken in ({**payload, "schema": 2}, {**payload, "extra": 1}, {"schema": 1}):
        with pytest.raises(jsonschema.ValidationError):
            validator(command).validate(broken)


# -- the schema files ---------------------------------------------------------------------


def test_every_shipped_schema_is_a_valid_versioned_schema_of_one_output() -> None:
    shipped = sorted(p.name for p in (ROOT / "src/trackmd/schema").glob("*.json"))
    assert shipped == sorted({o.schema for o in OUTPUTS.values()})
    for command, output in OUTPUTS.items():
        schema = json.loads(schema_text(output.schema))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        name = output.schema.removesuffix(".schema.json")
        assert schema["$id"] == f"https://trackmd.invalid/schema/{name}-1.json", command
        assert schema["properties"]["schema"] == {"const": 1}
        assert "schema" in schema["required"]


def test_the_schemas_enums_are_the_codes() -> None:
    from trackmd.core.dialect import DIALECTS
    from trackmd.core.model import ItemKind, Severity, State
    from trackmd.core.obsidian import DATE_KINDS
    from trackmd.core.parse.metadata import PRIORITY_RANK

    status = json.loads(schema_text("status.schema.json"))["$defs"]
    assert status["state"]["enum"] == [s.value for s in State]
    item = status["item"]["properties"]
    assert item["kind"]["enum"] == [k.value for k in ItemKind]
    assert set(item["priority"]["enum"]) == set(PRIORITY_RANK)
    assert item["dates"]["propertyNames"]["enum"] == list(DATE_KINDS.values())
    assert status["file"]["properties"]["dialect"]["enum"] == list(DIALECTS)
    check = json.loads(schema_text("check.schema.json"))["$defs"]
    assert check["diagnostic"]["properties"]["severity"]["enum"] == [s.value for s in Severity]


def test_status_list_next_and_board_describe_an_item_alike() -> None:
    """One item shape in four files: list and board add its path, next its path and why."""
    status = json.loads(schema_text("status.schema.json"))["$defs"]
    listed = json.loads(schema_text("list.schema.json"))["$defs"]
    entry = json.loads(schema_text("next.schema.json"))["$defs"]
    card = json.loads(schema_text("board.schema.json"))["$defs"]
    for defs, added in (
        (listed["item"], ["path"]),
        (entry["entry"], ["path", "why"]),
        (card["card"], ["path"]),
    ):
        props = {k: v for k, v in defs["properties"].items() if k not in added}
        assert props == status["item"]["properties"]
        assert [k for k in defs["required"] if k not in added] == status["item"]["required"]
        assert set(added) <= set(defs["required"])
    for defs in (listed, entry, card):
        assert defs["state"] == status["state"] and defs["date"] == status["date"]
