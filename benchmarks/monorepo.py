"""Monorepo benchmarks (issue 15): `status` over 1,000 generated trackers of 20 KB each.

Three rows, all in wall time (the pool's workers are the point, and their CPU time is not all
seen by the parent's clock):

- warm `status` (parse cache filled by the run before) against the same run cold;
- cold `status` on all cores against cold with one process (`TRACKMD_JOBS=1`);
- the peak resident memory of the largest process of a cold `status` (trackmd, or one of
  its workers): documents are rendered and released file by file, not held to the end.

`python benchmarks/monorepo.py [COUNT]` prints the three rows alone; `run.py` runs them
as rows (k)–(m). The trackers are written once to benchmarks/.data and reused.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import generate

SIZE = 20_000
COUNT = 1_000
VERSION = 1

# Runs argv, waits, prints the largest resident set of any process it waited for, in bytes
# (Linux: ru_maxrss in KiB, the high-water mark of the largest child, grandchildren
# included once their parent has waited for them).
MAX_RSS_CHILD = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                      stderr=subprocess.PIPE, check=False)
if done.returncode:
    sys.stderr.write(done.stderr.decode(errors="replace")[-300:])
    sys.exit(done.returncode)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(peak if sys.platform == "darwin" else peak * 1024)
"""


def trackers(count: int = COUNT) -> Path:
    """A git repository of `count` packages, each with one generated 20 KB tracker, all
    committed (written once). Its parse cache lives in its .git, as in any repository."""
    root = generate.DATA_DIR / f"monorepo-{count}x{SIZE // 1000}k-v{VERSION}"
    done = root / ".git" / "complete"
    if done.exists():
        return root
    for n in range(count):
        path = root / f"pkg-{n:04d}" / "TRACKER.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate.tracker(SIZE, seed=f"mono-{n}"), encoding="utf-8", newline="\n")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-03-01T10:00:00+00:00",
           "GIT_COMMITTER_DATE": "2026-03-01T10:00:00+00:00"}  # fmt: skip
    for args in (
        ("init", "-q", "-b", "main"),
        ("add", "-A"),
        ("-c", "user.name=bench", "-c", "user.email=bench@example.invalid",
         "-c", "commit.gpgsign=false", "commit", "-q", "-m", "trackers"),
    ):  # fmt: skip
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    done.touch()
    return root


def environment(cache: Path | None, jobs: str | None) -> dict[str, str]:
    env = {**os.environ, "TRACKMD_TODAY": "2026-03-02"}
    for name in ("TRACKMD_NO_CACHE", "TRACKMD_JOBS", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    env["PYTHONPYCACHEPREFIX"] = str(generate.DATA_DIR / "pycache")
    if cache is None:
        env["TRACKMD_NO_CACHE"] = "1"
    else:
        env["XDG_CACHE_HOME"] = str(cache)
    if jobs is not None:
        env["TRACKMD_JOBS"] = jobs
    return env


def status_run(
    trackmd: Path, root: Path, cache: Path | None = None, jobs: str | None = None
) -> Callable[[], None]:
    # `cache` turns the parse cache on (in the repository's .git; XDG_CACHE_HOME is set
    # too, so nothing lands in the user's own cache).
    """`trackmd status ROOT` as a fresh process, output to /dev/null; a failure raises."""
    env = environment(cache, jobs)

    def run() -> None:
        done = subprocess.run(
            [str(trackmd), "status", str(root)], env=env, cwd=root,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            check=False,
        )  # fmt: skip
        if done.returncode != 0:
            tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
            raise RuntimeError(f"trackmd status {root} exited {done.returncode}: {tail}")

    return run


def peak_rss(trackmd: Path, target: Path) -> int:
    """Bytes: the largest process of one cold `status` of `target` (a folder or a file)."""
    folder = target if target.is_dir() else target.parent
    done = subprocess.run(
        [sys.executable, "-c", MAX_RSS_CHILD, str(trackmd), "status", str(target)],
        env=environment(None, None), cwd=folder, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"peak-memory run exited {done.returncode}: {done.stderr[-300:]}")
    return int(done.stdout.strip())


def timings(trackmd: Path, root: Path, cache: Path, reps: int = 3) -> dict[str, float]:
    """Median wall seconds of cold, serial-cold and warm `status` over `root`, taken in turn
    so that drift hits all three; the warm side's cache is filled first."""
    import statistics
    import time

    runs = {
        "cold": status_run(trackmd, root),
        "serial": status_run(trackmd, root, jobs="1"),
        "warm": status_run(trackmd, root, cache=cache),
    }
    runs["warm"]()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(reps):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    count = int(args[0]) if args else COUNT
    trackmd = Path(sys.executable).with_name("trackmd")
    root = trackers(count)
    with tempfile.TemporaryDirectory(prefix="trackmd-mono-") as tmp:
        found = timings(trackmd, root, Path(tmp), reps=1)
    for name, value in found.items():
        print(f"{name}: {value:.2f} s")
    print(f"peak RSS: {peak_rss(trackmd, root) / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
