"""Counts and facts per blob id under `.git/trackmd/`; deleting them only costs time."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from trackmd import __version__
from trackmd.core.model import Settings
from trackmd.history.tally import Tally

CACHE_SCHEMA = 1


def fingerprint() -> str:
    """A digest of the code that decides counts: a change of it (or of the version) is a miss."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent.parent
    for folder in ("core", "history"):
        for module in sorted((package / folder).glob("*.py")):
            with contextlib.suppress(OSError):
                digest.update(module.read_bytes())
    return digest.hexdigest()


class Cache:
    """Counts (and other facts) per blob id in `.git/trackmd/`; deleting it only costs time."""

    def __init__(self, git_dir: Path, settings: Settings) -> None:
        key = f"{CACHE_SCHEMA}|{__version__}|{settings!r}|{fingerprint()}"
        self.key = hashlib.sha256(key.encode()).hexdigest()
        self.path = git_dir / "trackmd" / f"counts-{self.key[:16]}.json"
        self.counts: dict[str, Tally] = {}
        self.facts: dict[str, dict[str, Any]] = {}
        self.logs: dict[str, Any] = {}  # file|first-parent -> {"head", "versions"}
        self.dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("key") == self.key:
                self.counts = {b: Tally.from_list(v) for b, v in data["counts"].items()}
                self.facts = {name: dict(values) for name, values in data["facts"].items()}
                self.logs = dict(data["logs"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.counts, self.facts, self.logs = {}, {}, {}  # missing or damaged: start again

    def save(self) -> None:
        if not self.dirty:
            return
        payload = {
            "key": self.key,
            "counts": {b: t.as_list() for b, t in self.counts.items()},
            "facts": self.facts,
            "logs": self.logs,
        }
        import tempfile

        data = json.dumps(payload, separators=(",", ":")).encode()  # dumps: the C encoder
        with contextlib.suppress(OSError):  # a read-only .git only costs time on the next run
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".counts-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                Path(tmp).replace(self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    Path(tmp).unlink()
                raise
        self.dirty = False
