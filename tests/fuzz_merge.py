"""Random three-way merges of trackers with identical adjacent items, through the merge driver.

`make fuzz` runs it after the parser fuzzer (`python -m tests.fuzz_merge --seconds 60`). Each
round builds an ancestor with repeated lines (`- [ ] TBD`, blank lines, a repeated heading),
changes it on two sides (ticks, blocks, text edits, lines dropped or added) and merges with
`merge.merge_files`. A clean merge must leave every derived value right and no markers; a
conflict must be exactly `git merge-file` of the three versions.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-22"


def ancestor(rng: random.Random) -> list[str]:
    lines = ["# Plan\n", "\n", "**Progress**: 0/0 complete\n", "\n"]
    for section in range(rng.randint(1, 3)):
        lines += ["## Work\n" if rng.random() < 0.5 else f"## Part {section}\n", "\n"]
        for _ in range(rng.randint(1, 5)):
            lines.append(
                "- [ ] TBD\n" if rng.random() < 0.7 else f"- [ ] item {rng.randint(1, 3)}\n"
            )
        lines.append("\n")
    return lines


def change(rng: random.Random, lines: list[str]) -> list[str]:
    out = list(lines)
    for _ in range(rng.randint(1, 4)):
        items = [n for n, line in enumerate(out) if line.startswith("- [")]
        if not items:
            break
        n = rng.choice(items)
        op = rng.random()
        if op < 0.5:
            out[n] = "- [x]" + out[n][5:]
        elif op < 0.6:
            out[n] = "- [!]" + out[n][5:]
        elif op < 0.7:
            out[n] = out[n].rstrip("\n") + " (edited)\n"
        elif op < 0.85:
            del out[n]
        else:
            out.insert(n + rng.randint(0, 1), "- [ ] TBD\n")
    return out


def synced(lines: list[str]) -> str:
    from trackmd.core.edit import plan
    from trackmd.core.parse import parse
    from trackmd.io.clock import today_from

    return plan(parse("".join(lines), "TODO.md"), today_from(TODAY)).text


def git_merge_file(folder: Path, ours: str, base: str, theirs: str) -> tuple[int, bytes]:
    for name, text in (("o", ours), ("b", base), ("t", theirs)):
        (folder / name).write_bytes(text.encode("utf-8"))
    out = subprocess.run(["git", "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs",
                          "o", "b", "t"], cwd=folder, capture_output=True, check=False)  # fmt: skip
    return min(out.returncode, 1), out.stdout


def check(rng: random.Random, folder: Path) -> None:
    from trackmd.core.edit import out_of_date
    from trackmd.core.parse import parse
    from trackmd.io.clock import today_from
    from trackmd.merge import driver as merge

    lines = ancestor(rng)
    base, ours, theirs = synced(lines), synced(change(rng, lines)), synced(change(rng, lines))
    paths = [folder / ".merge_file_a", folder / ".merge_file_o", folder / ".merge_file_b"]
    for path, text in zip(paths, (ours, base, theirs), strict=True):
        path.write_bytes(text.encode("utf-8"))
    code = merge.merge_files(paths[1], paths[0], paths[2], "TODO.md", today_from(TODAY))
    result = paths[0].read_bytes()
    if code == 0:
        doc = parse(result.decode("utf-8"), "TODO.md")
        assert b"<<<<<<<" not in result, "markers in a clean merge"
        assert out_of_date(doc) == [], "a clean merge with a stale derived value"
    else:
        assert (code, result) == git_merge_file(folder, ours, base, theirs), "not git's conflict"


def fuzz(seconds: float, seed: int) -> int:
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    count = 0
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="trackmd-fuzz-merge-") as name:
        folder = Path(name)
        os.chdir(folder)
        try:
            while time.monotonic() < deadline:
                state = rng.getstate()
                try:
                    check(rng, folder)
                except Exception:
                    rng.setstate(state)
                    sys.stderr.write(f"failure in round {count} (seed {seed})\n")
                    raise
                count += 1
        finally:
            os.chdir(here)
    return count


def main() -> int:
    from tests.fuzz import run_for

    os.environ.setdefault("TRACKMD_TODAY", TODAY)
    return run_for(__doc__, 60, fuzz, "fuzz-merge")


if __name__ == "__main__":
    sys.exit(main())
