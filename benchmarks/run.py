"""trackmd benchmarks: each metric as a ratio against a floor measured in the same run.

Usage: `make bench` (or `.venv/bin/python benchmarks/run.py [--quick] [--strict]`).
Prints the environment and a Markdown table, and writes the table to benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import generate

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
RESULTS = BENCH_DIR / "results.md"
FLOOR_APP = BENCH_DIR / "floor_app.py"
PYTHON = sys.executable
MIB = 1024 * 1024

# Peak memory of one parse, measured in a fresh interpreter so earlier work does not count.
PEAK_RSS_CHILD = """
import resource, sys
from pathlib import Path
text = Path(sys.argv[2]).read_text(encoding="utf-8")
if sys.argv[1] == "trackmd":
    from trackmd.derive import Counts
    from trackmd.parse import parse
    doc = parse(text)
    Counts(doc).document
    if not doc.items or any(d.code == "parse-error" for d in doc.diagnostics):
        sys.exit(3)
else:
    from markdown_it import MarkdownIt
    MarkdownIt("commonmark").enable("table").parse(text)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(peak if sys.platform == "darwin" else peak * 1024)  # Linux reports KiB, macOS bytes
"""


class BenchError(Exception):
    """A benchmarked command failed, so its timing would mean nothing."""


@dataclass(frozen=True)
class Reps:
    cold: int  # cold processes per side
    parse: int  # in-process parses of the 1 MB file per side
    big: int  # in-process parses of the 10 MB file


FULL = Reps(cold=15, parse=7, big=3)
QUICK = Reps(cold=5, parse=5, big=1)


@dataclass(frozen=True)
class Row:
    metric: str
    trackmd: str
    floor: str
    ratio: float
    target: str
    ok: bool


def seconds(value: float) -> str:
    return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"


def cold(
    argv: Sequence[str | Path], cwd: Path, codes: tuple[int, ...] = (0,)
) -> Callable[[], None]:
    """A callable running `argv` as a fresh process; a crash fails the benchmark."""
    env = {**os.environ, "TRACKMD_TODAY": "2026-03-02", "NO_COLOR": "1"}

    def run() -> None:
        done = subprocess.run(
            [str(a) for a in argv], cwd=cwd, env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            check=False,
        )  # fmt: skip
        if done.returncode not in codes:
            stderr = done.stderr.decode(errors="replace").strip().splitlines()
            tail = stderr[-1] if stderr else ""
            raise BenchError(f"{' '.join(map(str, argv))} exited {done.returncode}: {tail}")

    return run


def paired(a: Callable[[], object], b: Callable[[], object], reps: int) -> tuple[float, float]:
    """Median seconds of `a` and of `b`: one warm-up each, then alternated so drift hits both."""
    a()
    b()
    times_a: list[float] = []
    times_b: list[float] = []
    for _ in range(reps):
        for fn, times in ((a, times_a), (b, times_b)):
            gc.collect()
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(times_a), statistics.median(times_b)


def timed(fn: Callable[[], object], reps: int) -> float:
    """Median seconds of `fn` over `reps` runs (no warm-up: the caller has warmed it)."""
    times = []
    for _ in range(reps):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ratio_row(
    metric: str, ours: float, floor: float, limit: float, floor_text: str | None = None
) -> Row:
    ratio = ours / floor
    return Row(
        metric, seconds(ours), floor_text or seconds(floor), ratio, f"≤ {limit}×", ratio <= limit
    )


def trackmd_bin() -> Path:
    beside = Path(PYTHON).with_name("trackmd")
    if beside.exists():
        return beside
    found = shutil.which("trackmd")
    if found is None:
        raise BenchError("no trackmd executable beside this Python or on PATH")
    return Path(found)


def seed_files() -> tuple[list[Path], str]:
    seeds = sorted(SHARED_SEEDS.glob("0*.md"))
    if seeds:
        return seeds, f"{len(seeds)} seeds ({SHARED_SEEDS})"
    examples = sorted((ROOT / "examples").glob("*.md"))
    return examples, f"{len(examples)} files of examples/"


def parse_and_count(text: str) -> Callable[[], object]:
    from trackmd.derive import Counts
    from trackmd.parse import parse

    def run() -> object:
        return Counts(parse(text)).document

    return run


def markdown_it_parse(text: str) -> Callable[[], object]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")  # built once: trackmd caches its parser too
    return lambda: md.parse(text)


def assert_parsed(text: str, name: str) -> None:
    """Refuse to time the fallback path: the benchmark file must parse cleanly."""
    from trackmd.parse import parse

    doc = parse(text)
    if not doc.items or any(d.code == "parse-error" for d in doc.diagnostics):
        raise BenchError(f"{name} did not parse to items; the timing would be of the error path")


def peak_rss(kind: str, path: Path) -> int:
    done = subprocess.run(
        [PYTHON, "-c", PEAK_RSS_CHILD, kind, str(path)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BenchError(
            f"peak-memory child ({kind}) exited {done.returncode}: {done.stderr[-300:]}"
        )
    return int(done.stdout.strip())


def digest(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()


def environment(seeds_note: str) -> list[str]:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 0
    packages = ", ".join(
        f"{name} {version(name)}" for name in ("trackmd", "markdown-it-py", "typer", "rich")
    )
    return [
        f"- Python {platform.python_version()} ({platform.python_implementation()}) "
        f"on {platform.system()} {platform.machine()}, {cpus} CPUs",
        f"- {packages}",
        f"- seeds: {seeds_note}",
    ]


def measure(reps: Reps, log: Callable[[str], None]) -> tuple[list[Row], list[str]]:
    """Run every benchmark; return the rows and one line per floor saying what it is."""
    rows: list[Row] = []
    floors: list[str] = []
    trackmd = trackmd_bin()
    floor_app = cold([PYTHON, FLOOR_APP, "x"], BENCH_DIR)
    seeds, _ = seed_files()
    paths = {label: generate.ensure(label) for label in ("1m", "10m")}
    text_1m = paths["1m"].read_text(encoding="utf-8")
    size_1m = len(text_1m.encode())

    with tempfile.TemporaryDirectory(prefix="trackmd-bench-") as tmp:
        work = Path(tmp)

        log("(a) trackmd status on the seeds vs the floor app, cold processes")
        ours, floor = paired(cold([trackmd, "status", *seeds], work), floor_app, reps.cold)
        startup_floor = floor
        rows.append(ratio_row(f"(a) `status` of {len(seeds)} seeds, cold", ours, floor, 1.3))
        floors.append(
            "(a), (f): `benchmarks/floor_app.py`, a one-command Typer app printing one Rich line"
        )

        log("(b) parse + count of the 1 MB tracker vs markdown-it-py's parse, in process")
        assert_parsed(text_1m, paths["1m"].name)
        ours_1m, parse_floor = paired(
            parse_and_count(text_1m), markdown_it_parse(text_1m), reps.parse
        )
        rows.append(
            ratio_row(f"(b) parse + count, {size_1m / 1e6:.1f} MB", ours_1m, parse_floor, 1.2)
        )
        floors.append(
            '(b): `MarkdownIt("commonmark").enable("table").parse(text)` on the same text, '
            "in the same process (parser built once, like trackmd's cached one)"
        )

        log("(c) parse + count of the 10 MB tracker vs 10 × the 1 MB time")
        text_10m = paths["10m"].read_text(encoding="utf-8")
        size_10m = len(text_10m.encode())
        assert_parsed(text_10m, paths["10m"].name)
        big = timed(parse_and_count(text_10m), reps.big)
        del text_10m
        scaled = ours_1m * size_10m / size_1m
        rows.append(ratio_row(f"(c) parse + count, {size_10m / 1e6:.1f} MB", big, scaled, 1.1))
        floors.append(
            f"(c): the 1 MB time from (b) scaled by size (× {size_10m / size_1m:.2f}); "
            "a ratio above 1 means worse than linear"
        )

        log("(d) peak memory of parse + count of the 10 MB tracker, in a fresh process")
        ours_rss = peak_rss("trackmd", paths["10m"])
        floor_rss = peak_rss("markdown-it", paths["10m"])
        rows.append(
            Row(
                f"(d) peak RSS, parse + count {size_10m / 1e6:.1f} MB",
                f"{ours_rss / MIB:,.0f} MiB",
                f"{floor_rss / MIB:,.0f} MiB",
                ours_rss / floor_rss,
                "≤ 1 GiB",
                ours_rss <= 1024 * MIB,
            )
        )
        floors.append(
            "(d): peak RSS (getrusage ru_maxrss) of a fresh interpreter running markdown-it-py's "
            "parse of the same file; the target is the absolute 1 GiB, the ratio is context"
        )

        log("(e) trackmd check of the 1 MB tracker vs the floor app + markdown-it-py's parse")
        # check exits 1 when it finds stale values, which the generated tracker has on purpose
        ours = paired(
            cold([trackmd, "check", paths["1m"]], work, codes=(0, 1)), floor_app, reps.cold
        )[0]
        floor = startup_floor + parse_floor
        rows.append(
            ratio_row(
                f"(e) `check` of {size_1m / 1e6:.1f} MB, cold",
                ours,
                floor,
                1.3,
                f"{seconds(floor)} = {seconds(startup_floor)} + {seconds(parse_floor)}",
            )
        )
        floors.append(
            "(e): floor-app start-up from (a) + markdown-it-py's parse from (b): what any "
            "Python CLI that parses the file must pay"
        )

        log("(f) no-op trackmd sync of copies of the seeds vs the floor app")
        copies = work / "sync"
        copies.mkdir()
        names = []
        for seed in seeds:
            shutil.copy2(seed, copies / seed.name)
            names.append(seed.name)
        sync = cold([trackmd, "sync", *names], copies)
        sync()  # settles the copies: the first run may rewrite stale values
        settled = digest([copies / n for n in names])
        ours, floor = paired(sync, floor_app, reps.cold)
        row = ratio_row(f"(f) no-op `sync` of {len(seeds)} seeds, cold", ours, floor, 1.4)
        if digest([copies / n for n in names]) != settled:
            row = Row(row.metric + " — **not a no-op: files kept changing**", row.trackmd,
                      row.floor, row.ratio, row.target, False)  # fmt: skip
        rows.append(row)
    return rows, floors


def table(rows: Sequence[Row]) -> list[str]:
    lines = [
        "| metric | trackmd | floor | ratio | target | ok |",
        "|---|---:|---:|---:|---|:---:|",
    ]
    for r in rows:
        mark = "✅" if r.ok else "❌"
        lines.append(
            f"| {r.metric} | {r.trackmd} | {r.floor} | {r.ratio:.2f}× | {r.target} | {mark} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark trackmd against same-run floors.")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the table")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        sys.stderr.write(f"… {message}\n")
        sys.stderr.flush()

    reps = QUICK if args.quick else FULL
    _, seeds_note = seed_files()
    env = environment(seeds_note)
    sys.stdout.write("\n".join(["Environment:", *env, ""]) + "\n")
    started = time.perf_counter()
    try:
        rows, floors = measure(reps, log)
    except BenchError as error:
        sys.stderr.write(f"benchmark failed: {error}\n")
        return 2
    medians = (
        f"Medians of {reps.cold} cold runs per side, {reps.parse} in-process parses (after a "
        f"warm-up), {reps.big} of the 10 MB file."
    )
    body = [
        *table(rows),
        "",
        medians,
        "Floors:",
        *(f"- {f}" for f in floors),
    ]
    sys.stdout.write("\n" + "\n".join(body) + "\n")
    log(f"done in {time.perf_counter() - started:.0f} s")
    args.output.write_text(
        "\n".join(["# trackmd benchmarks", "", *env, "", *body]) + "\n", encoding="utf-8"
    )
    missed = [r.metric for r in rows if not r.ok]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
