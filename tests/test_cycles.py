"""Nothing a command builds around a document keeps it in a reference cycle.

Each parse hands its model to the oldest generation (`core.parse._run`), and the cyclic
collector visits that generation rarely. A cycle that holds a document (a recursive closure
over it, say) is freed only by such a visit, so a `status` of 1,000 trackers kept every one
of them: 60 MiB became 240 MiB. Each read command runs here with the collector off and
saving what it finds; no document, section or item may be among it."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import EXAMPLES
from trackmd.core.model import Document, Item, Section

Run = Callable[..., Result]

COMMANDS = [
    ("status",),
    ("status", "--open"),
    ("status", "--depth", "1"),
    ("status", "--json"),
    ("list",),
    ("next",),
    ("check",),
    ("board",),
    ("sync", "--dry-run"),
    ("sync",),
]


def _held_in_cycles(action: Callable[[], object]) -> list[str]:
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        action()
        gc.collect()
        found = [type(o).__name__ for o in gc.garbage if isinstance(o, (Document, Section, Item))]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    return found


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_read_command_leaves_no_document_in_a_cycle(
    run: Run, tmp_path: Path, command: tuple[str, ...]
) -> None:
    for path in EXAMPLES.glob("*.md"):
        shutil.copy(path, tmp_path / path.name)
    paths = [str(p) for p in sorted(tmp_path.glob("*.md")) if p.name != "README.md"]
    results: list[Result] = []
    found = _held_in_cycles(lambda: results.append(run(*command, *paths)))
    assert results[0].exit_code in (0, 1), results[0].output
    assert found == [], f"{' '.join(command)}: {len(found)} objects of the model in cycles"
