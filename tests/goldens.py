"""Golden cases: one folder per behaviour under tests/cases/, run through the real CLI.

A case folder holds `case.toml` (title, the tracker's file name, an optional config and
state commands), `input.md` (the exact bytes) and the expected outputs the harness writes:
`status.json`, `check.txt`, `synced.md` and, per command, `after-N.md` plus `after-N.txt`.
`python -m tests.goldens` (or `make goldens`) rewrites the expected files for review;
`tests/test_goldens.py` holds the code to them byte for byte.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CASES = Path(__file__).resolve().parent / "cases"
INPUT = "input.md"
SPEC = "case.toml"
TODAY = "2026-11-22"
ENV = {
    "NO_COLOR": "1",
    "COLUMNS": "100",
    "TRACKMD_TODAY": TODAY,
    "TRACKMD_NOW": f"{TODAY}T09:30:00+00:00",
    "TRACKMD_NO_CACHE": "1",
    "TZ": "UTC",
}


def case_dirs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / SPEC).is_file()) if CASES.is_dir() else []


@contextmanager
def _workspace(case: Path, spec: dict[str, Any]) -> Iterator[Path]:
    """A fresh folder outside any repository holding the tracker (and its config)."""
    old = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="trackmd-golden-") as tmp:
        folder = Path(tmp)
        config = spec.get("config")
        if config:
            (folder / ".trackmd.toml").write_text(config, encoding="utf-8")
        os.chdir(folder)
        try:
            yield folder
        finally:
            os.chdir(old)


def _invoke(args: list[str]) -> tuple[int, str]:
    from typer.testing import CliRunner

    from trackmd.cli import app

    result = CliRunner().invoke(app, args, env=ENV)
    text = result.stdout + result.stderr
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        # a crash is today's behaviour too: record it (by type) instead of failing the run
        text += f"uncaught {type(error).__name__}\n"
    return result.exit_code, text


def _status(name: str) -> str:
    code, out = _invoke(["status", name, "--json"])
    if code != 0:
        return f"exit: {code}\n{out}"
    files = [_file_view(f) for f in json.loads(out)["files"]]
    return json.dumps(files, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


FILE_KEYS = ("path", "title", "dialect", "progress")
SECTION_KEYS = ("id", "label", "level", "line", "progress", "status")
ITEM_KEYS = ("number", "id", "kind", "state", "line", "section", "parent", "points", "text")
TASK_KEYS = ("priority", "dates", "recurrence", "task_id", "depends")  # shown where set


def _file_view(data: dict[str, Any]) -> dict[str, Any]:
    """The counts, sections and items of `status --json`: fields added later stay out."""
    view = {k: data[k] for k in FILE_KEYS if k in data}
    view["sections"] = [_section_view(s) for s in data.get("sections", [])]
    view["items"] = [
        {k: i.get(k) for k in ITEM_KEYS} | {k: i[k] for k in TASK_KEYS if i.get(k)}
        for i in data.get("items", [])
    ]
    return view


def _section_view(data: dict[str, Any]) -> dict[str, Any]:
    view = {k: data[k] for k in SECTION_KEYS if k in data}
    view["sections"] = [_section_view(s) for s in data.get("sections", [])]
    return view


def run_case(case: Path) -> dict[str, bytes]:
    """Every expected file of a case, computed afresh from its input."""
    spec = tomllib.loads((case / SPEC).read_text(encoding="utf-8"))
    name = str(spec.get("file", "TRACKER.md"))
    source = (case / INPUT).read_bytes()
    out: dict[str, bytes] = {}
    with _workspace(case, spec) as folder:
        tracker = folder / name
        tracker.parent.mkdir(parents=True, exist_ok=True)  # a dialect's path (`openspec/…`)
        tracker.write_bytes(source)
        out["status.json"] = _status(name).encode()
        code, text = _invoke(["check", name])
        out["check.txt"] = f"exit: {code}\n{text}".encode()
        code, text = _invoke(["sync", name])
        out["synced.md"] = tracker.read_bytes()
        out["synced.txt"] = f"exit: {code}\n{text}".encode()
        for number, args in enumerate(spec.get("commands", []), start=1):
            tracker.write_bytes(source)
            argv = [str(a) for a in args]
            code, text = _invoke([*argv, "-f", name])
            after = tracker.read_bytes()
            out[f"after-{number}.md"] = after
            out[f"after-{number}.txt"] = (
                f"$ trackmd {' '.join(argv)}\nexit: {code}\n{text}".encode()
            )
        # messages that name the config file carry the temporary folder's path
        for key in [k for k in out if not k.endswith(".md")]:
            for spelling in {str(folder.resolve()), str(folder)}:
                out[key] = out[key].replace(spelling.encode(), b"<tmp>")
    return out


def expected(case: Path) -> dict[str, bytes]:
    spec_names = {SPEC, INPUT}
    return {
        p.name: p.read_bytes() for p in case.iterdir() if p.is_file() and p.name not in spec_names
    }


def regenerate(case: Path) -> bool:
    """Write a case's expected files; True when any of them changed."""
    fresh = run_case(case)
    old = expected(case)
    for name in set(old) - set(fresh):
        (case / name).unlink()
    for name, data in fresh.items():
        (case / name).write_bytes(data)
    return fresh != old


def main(argv: list[str]) -> int:
    chosen = [CASES / a for a in argv] if argv else case_dirs()
    changed = [case.name for case in chosen if regenerate(case)]
    for name in changed:
        print(f"updated tests/cases/{name}")
    print(f"{len(chosen)} case(s), {len(changed)} changed; review with `git diff tests/cases`")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(CASES.parents[1] / "src"))
    shutil.rmtree(CASES / "__pycache__", ignore_errors=True)
    raise SystemExit(main(sys.argv[1:]))
