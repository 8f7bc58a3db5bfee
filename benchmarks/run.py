"""trackmd benchmarks: each metric as a ratio against a floor measured in the same run.

Usage: `make bench` (or `.venv/bin/python benchmarks/run.py [--quick] [--strict]`).
Prints the environment and a Markdown table, and writes the table to benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

import generate

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
RESULTS = BENCH_DIR / "results.md"
FLOOR_APP = BENCH_DIR / "floor_app.py"
BLOCKS_APP = BENCH_DIR / "blocks_app.py"
PYTHON = sys.executable
PYCACHE = generate.DATA_DIR / "pycache"
MIB = 1024 * 1024
FAILED = "failed"  # a row's trackmd column when its benchmark could not run

# Peak memory of one parse, in a fresh interpreter. VmHWM is the peak of this process's own
# memory; ru_maxrss is not used on Linux because it inherits the parent's peak across fork.
PEAK_RSS_CHILD = """
import resource, sys
from pathlib import Path
text = Path(sys.argv[2]).read_text(encoding="utf-8")
if sys.argv[1] == "trackmd":
    from trackmd.core.derive import Counts
    from trackmd.core.parse import parse
    doc = parse(text)
    Counts(doc).document
    if not doc.items or any(d.code == "parse-error" for d in doc.diagnostics):
        sys.exit(3)
else:
    from markdown_it import MarkdownIt
    MarkdownIt("commonmark").enable("table").parse(text)
try:
    with open("/proc/self/status") as status:
        hwm = next(line for line in status if line.startswith("VmHWM:"))
    print(int(hwm.split()[1]) * 1024)
except OSError:  # no procfs: macOS reports ru_maxrss in bytes
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _has_cache() -> bool:
    """Whether the trackmd measured keeps parsed documents (before and after the core move)."""
    for name in ("trackmd.io.cache", "trackmd.cache"):
        try:
            if find_spec(name) is not None:
                return True
        except ModuleNotFoundError:
            continue
    return False


class BenchError(Exception):
    """A benchmarked command failed, so its timing would mean nothing."""


@dataclass(frozen=True)
class Reps:
    cold: int  # cold processes per side
    parse: int  # in-process parses of the 1 MB file per side
    big: int  # in-process parses of the 10 MB file (each beside one of 1 MB)


FULL = Reps(cold=11, parse=7, big=3)
QUICK = Reps(cold=5, parse=5, big=1)


@dataclass(frozen=True)
class Row:
    metric: str
    trackmd: str
    floor: str
    ratio: float | None  # None when the benchmark failed
    target: str
    ok: bool | None  # None: context, no target


def seconds(value: float) -> str:
    return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"


def cold(
    argv: Sequence[str | Path],
    cwd: Path,
    codes: tuple[int, ...] = (0,),
    cache: Path | None = None,
    terminal: bool = False,
) -> Callable[[], None]:
    """A callable running `argv` as a fresh process; a crash fails the benchmark.

    `cache` is where trackmd may keep its parse cache; None turns that cache off.
    `terminal` gives the process a pseudo-terminal for its output, as a person at a shell
    has (styles on); otherwise output goes to /dev/null, as in a hook or a pipe.
    """
    # Bytecode caches on, as an installed tool has them; kept in .data, away from src/.
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(PYCACHE), "TRACKMD_TODAY": "2026-03-02"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("TRACKMD_NO_CACHE", None)
    env.pop("TRACKMD_PARSER", None)  # trackmd's own read path: the block scanner
    if cache is None:
        env["TRACKMD_NO_CACHE"] = "1"
    else:
        env["XDG_CACHE_HOME"] = str(cache)  # where trackmd caches outside a git repository

    def run() -> None:
        if terminal:
            done = on_terminal([str(a) for a in argv], cwd, env)
        else:
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


def on_terminal(
    argv: list[str], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[bytes]:
    """Run `argv` with its stdout on a pseudo-terminal, drained as it writes."""
    import pty
    import threading

    main_fd, child_fd = pty.openpty()
    env = {**env, "TERM": "xterm-256color", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)

    def drain() -> None:
        with contextlib.suppress(OSError):  # EIO once the child side is closed
            while os.read(main_fd, 65536):
                pass

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        done = subprocess.run(
            argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=child_fd,
            stderr=subprocess.PIPE, check=False,
        )  # fmt: skip
    finally:
        os.close(child_fd)
        reader.join()
        os.close(main_fd)
    return done


Clock = Callable[[], float]


def children_cpu() -> float:
    """CPU seconds of all waited-for child processes (and theirs, like trackmd's git)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Clocks:
    name: str
    in_process: Clock
    cold: Clock


# CPU time by default: other work on a shared 2-core machine then slows neither side.
CPU = Clocks("CPU time (process_time; children's user + sys)", time.process_time, children_cpu)
WALL = Clocks("wall time (perf_counter)", time.perf_counter, time.perf_counter)


def sample(fn: Callable[[], object], clock: Clock) -> float:
    gc.collect()
    start = clock()
    fn()
    return clock() - start


def paired(
    a: Callable[[], object],
    b: Callable[[], object],
    reps: int,
    clock: Clock,
    warm_up: bool = True,
) -> tuple[float, float]:
    """Median seconds of `a` and of `b`, alternated so drift hits both; one warm-up each."""
    if warm_up:
        a()
        b()
    times_a: list[float] = []
    times_b: list[float] = []
    for _ in range(reps):
        times_a.append(sample(a, clock))
        times_b.append(sample(b, clock))
    return statistics.median(times_a), statistics.median(times_b)


def ratio_row(
    metric: str, ours: float, floor: float, limit: float, floor_text: str | None = None
) -> Row:
    ratio = ours / floor
    return Row(
        metric, seconds(ours), floor_text or seconds(floor), ratio, f"≤ {limit}×", ratio <= limit
    )


def context_row(metric: str, ours: float, floor: float, floor_text: str | None = None) -> Row:
    return Row(metric, seconds(ours), floor_text or seconds(floor), ours / floor, "context", None)


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
        return seeds, f"{len(seeds)} seeds of ../shared/seeds"
    examples = sorted((ROOT / "examples").glob("*.md"))
    return examples, f"{len(examples)} files of examples/"


def parse_and_count(text: str) -> Callable[[], object]:
    from trackmd.core.derive import Counts
    from trackmd.core.parse import parse

    def run() -> object:
        return Counts(parse(text)).document

    return run


def markdown_it_parse(text: str) -> Callable[[], object]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")  # built once: trackmd caches its parser too
    return lambda: md.parse(text)


def markdown_it_blocks(text: str) -> Callable[[], object]:
    from blocks_app import block_parser  # trackmd's own markdown-it-py configuration

    md = block_parser()
    return lambda: md.parse(text)


def without_gc(fn: Callable[[], object]) -> Callable[[], object]:
    """`fn` with the cyclic collector paused, as `parse` pauses it while it reads."""

    def run() -> object:
        gc.disable()
        try:
            return fn()
        finally:
            gc.enable()

    return run


def read_path_blocks(text: str) -> Callable[[], object]:
    """The read path's block parse: the scanner's tokens, as `parse` hands them to its walk."""
    from trackmd.core.parse.scanner import scan

    return lambda: scan(text)


def read_path_child(path: str, reps: str, clock: str) -> int:
    """(j)'s two sides, paired, in this fresh interpreter; prints their medians (JSON)."""
    import re

    lines = re.split(r"\r\n|\r|\n", Path(path).read_text(encoding="utf-8"))
    text = "\n".join(lines)  # as `parse` hands it over
    ours, floor = paired(
        without_gc(read_path_blocks(text)),
        without_gc(markdown_it_blocks(text)),
        int(reps),
        (WALL if clock == "wall" else CPU).in_process,
    )
    print(json.dumps([ours, floor]))
    return 0


def assert_scanned(paths: Sequence[Path]) -> None:
    """Refuse to time the fallback: the read path must read these files with the scanner."""
    import re

    from trackmd.core.parse.scanner import scan

    for path in paths:
        lines = re.split(r"\r\n|\r|\n", path.read_text(encoding="utf-8"))
        if scan("\n".join(lines)) is None:
            raise BenchError(f"{path.name} is read by markdown-it-py, not the block scanner")


def assert_parsed(text: str, name: str) -> None:
    """Refuse to time the fallback path: the benchmark file must parse cleanly."""
    from trackmd.core.parse import parse

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
        f"- run on {time.strftime('%Y-%m-%d')} by `benchmarks/run.py`",
    ]


FLOORS = (
    "(a), (f): `benchmarks/floor_app.py`, a one-command Typer app printing one Rich line, "
    "as a cold process (all cold processes run with bytecode caches, as an installed tool)",
    '(b): `MarkdownIt("commonmark").enable("table").parse(text)` of the same text in the same '
    "process (parser built once, as trackmd caches its own)",
    "(c): trackmd's 1 MB time, measured beside each 10 MB parse, scaled by the size ratio; "
    "above 1 is worse than linear",
    "(a°), (c°): context rows, no target. (a°) times `benchmarks/blocks_app.py`, a Typer app "
    "that only parses the seeds' blocks with markdown-it-py as trackmd configures it: the least "
    "(a) can cost. (c°) is (c) for that block parse alone: markdown-it-py's own scaling",
    "(d): peak RSS (VmHWM) of a fresh interpreter running markdown-it-py's parse of the same "
    "file; the target is the absolute 1 GiB, the ratio is context",
    "(e): floor-app start-up + markdown-it-py's parse of the file from (b): what any Python CLI "
    "that parses the file must pay",
    "(a″): both sides print to a pseudo-terminal (styles on, drawn by Rich); every other "
    "cold row prints to /dev/null, as in a hook or a pipe, where trackmd writes plain text",
    "(j): markdown-it-py's block parse of the same text as trackmd configures it (inline "
    "rules off), in the same process, a fresh interpreter of their own (as a command parses in "
    "one); both sides with the cyclic collector paused, as `parse` pauses it",
    "(a), (e), (f) run with trackmd's parse cache off (`TRACKMD_NO_CACHE=1`), as after an edit; "
    "the primed rows, when trackmd has that cache, run with it warm, as on a re-run",
)


class Bench:
    """The benchmarks in order; later ones reuse timings measured by earlier ones.

    Cold processes work on copies in a temporary folder outside any git repository, so
    trackmd's parse cache (when it has one) lands there too and nothing else is touched.
    """

    def __init__(self, reps: Reps, clocks: Clocks, work: Path) -> None:
        self.reps = reps
        self.clocks = clocks
        self.work = work
        self.trackmd = trackmd_bin()
        self.floor_app = cold([PYTHON, FLOOR_APP, "x"], BENCH_DIR)
        self.paths = {label: generate.ensure(label) for label in ("1m", "10m")}
        self.mb = {label: path.stat().st_size / 1e6 for label, path in self.paths.items()}
        seeds, note = seed_files()
        self.seeds = copy_into(work / "seeds", seeds)
        self.noun = "seeds" if "seeds" in note else "example files"
        self.tracker_1m = copy_into(work, [self.paths["1m"]])[0]
        self.cache = work / "cache"
        self.parse_1m: tuple[float, float] | None = None  # (trackmd, markdown-it-py) seconds
        self.status_ratio: float | None = None  # (a)'s ratio, which (h) is held to
        self.mono: dict[str, float] | None = None  # (j), (k): wall seconds of the monorepo

    def steps(self) -> list[tuple[str, Callable[[], Row]]]:
        steps = [
            ("(a) `status` of the seeds, cold", lambda: self.status(cached=False)),
            ("(a°) Typer + markdown-it-py blocks of the seeds, cold", self.blocks_only),
            ("(b) parse + count of 1 MB, in process", self.parse),
            ("(c) parse + count of 10 MB vs 10 × 1 MB", self.scaling),
            ("(c°) markdown-it-py blocks of 10 MB vs 10 × 1 MB", self.block_scaling),
            ("(d) peak RSS of parse + count of 10 MB", self.memory),
            ("(e) `check` of 1 MB, cold", lambda: self.check(cached=False)),
            ("(f) no-op `sync` of the seeds, cold", lambda: self.sync(cached=False)),
            ("(g) `sync --dry-run` of 20,000 vs 2,000 headings, cold", self.heading_scaling),
            ("(h) `next` of the seeds, cold", self.next_items),
            ("(n) `done` on one seed, cold", self.done),
            ("(i) `lsp` diagnostics after a one-character change", self.lsp_change),
            ("(j) block parse of 1 MB by the read path", self.read_path),
            ("(k) `status` of 1,000 × 20 KB trackers, warm vs cold", self.monorepo_warm),
            ("(l) `status` of 1,000 × 20 KB trackers, cold: all cores vs one", self.monorepo_pool),
            ("(m) peak RSS, `status` of 1,000 × 20 KB trackers, cold", self.monorepo_memory),
            ("(o) peak RSS, `status` of 10 MB, cold", self.status_memory),
        ]
        if _has_cache():  # this trackmd keeps parsed documents
            steps += [
                ("(a′) `status`, parse cache warm", lambda: self.status(cached=True)),
                ("(a″) `status` on a terminal, cache warm", self.status_on_terminal),
                ("(e′) `check`, parse cache warm", lambda: self.check(cached=True)),
                ("(f′) no-op `sync`, parse cache warm", lambda: self.sync(cached=True)),
            ]
        return steps

    def status(self, cached: bool) -> Row:
        assert_scanned(self.seeds)
        cache = self.cache if cached else None
        run = cold([self.trackmd, "status", *self.seeds], self.work, cache=cache)
        ours, floor = paired(run, self.floor_app, self.reps.cold, self.clocks.cold)
        metric = f"{mark('(a)', cached)} `status` of {len(self.seeds)} {self.noun}, cold"
        if not cached:
            self.status_ratio = ours / floor
        # issue 15: cold ≤ 1.0× (a hook and CI always run cold), warm ≤ 0.7×
        return ratio_row(metric + warm(cached), ours, floor, 0.7 if cached else 1.0)

    def next_items(self) -> Row:
        """(h) `next` over the seeds, against the floor app; held to 1.1 × (a)'s ratio."""
        run = cold([self.trackmd, "next", *self.seeds], self.work)
        ours, floor = paired(run, self.floor_app, self.reps.cold, self.clocks.cold)
        metric = f"(h) `next` of {len(self.seeds)} {self.noun}, cold"
        if self.status_ratio is None:
            return context_row(metric, ours, floor)
        limit = round(1.1 * self.status_ratio, 2)
        row = ratio_row(metric, ours, floor, limit)
        return dataclasses.replace(row, target=f"≤ {limit}× (1.1 × (a))")

    def done(self) -> Row:
        """(n) `done` ticking one open item of the first seed: each run on a fresh copy (the
        copy is made by this process, whose own time the CPU clock does not count)."""
        source = self.seeds[0]
        folder = self.work / "done"
        target = copy_into(folder, [source])[0]
        listed = subprocess.run(
            [self.trackmd, "list", "--json", "--state", "open", target.name], cwd=folder,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        items = json.loads(listed.stdout or "{}").get("items") or []
        if not items:
            raise BenchError(f"{source.name} has no open item to tick")
        ref = f"#{items[0]['number']}"
        tick = cold([self.trackmd, "done", ref, "-f", target.name], folder)

        def run() -> None:
            shutil.copyfile(source, target)
            tick()

        ours, floor = paired(run, self.floor_app, self.reps.cold, self.clocks.cold)
        return ratio_row(f"(n) `done {ref}` on {source.name}, cold", ours, floor, 1.6)

    def status_on_terminal(self) -> Row:
        """(a′) as a person sees it: both sides print to a pseudo-terminal, styles on."""
        run = cold([self.trackmd, "status", *self.seeds], self.work, cache=self.cache,
                   terminal=True)  # fmt: skip
        floor_app = cold([PYTHON, FLOOR_APP, "x"], BENCH_DIR, terminal=True)
        ours, floor = paired(run, floor_app, self.reps.cold, self.clocks.cold)
        metric = f"(a″) `status` of {len(self.seeds)} {self.noun} on a terminal, cold"
        return ratio_row(metric + warm(True), ours, floor, 1.3)

    def parse(self) -> Row:
        text = self.paths["1m"].read_text(encoding="utf-8")
        assert_parsed(text, self.paths["1m"].name)
        ours, floor = paired(
            parse_and_count(text), markdown_it_parse(text), self.reps.parse, self.clocks.in_process
        )
        self.parse_1m = ours, floor
        return ratio_row(f"(b) parse + count, {self.mb['1m']:.1f} MB", ours, floor, 1.2)

    def read_path(self) -> Row:
        """(j) the read path's block parse (the scanner) of the 1 MB tracker against
        markdown-it-py's block parse as trackmd configures it, both with the collector
        paused as `parse` pauses it, in a fresh interpreter of their own (`read_path_child`):
        a command parses in a fresh process, and in this one, after (c)'s 10 MB parses, the
        scanner's side alone measured 10-20% slower (0.34-0.37x against 0.31x)."""
        assert_scanned([self.paths["1m"]])
        wall = self.clocks is WALL
        args = [str(self.paths["1m"]), str(self.reps.parse), "wall" if wall else "cpu"]
        done = subprocess.run(
            [PYTHON, str(Path(__file__).resolve()), "--read-path-child", *args],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise BenchError(f"(j)'s child exited {done.returncode}: {done.stderr[-300:]}")
        ours, floor = json.loads(done.stdout)
        metric = f"(j) block parse of {self.mb['1m']:.1f} MB by the read path (scanner)"
        return ratio_row(metric, ours, floor, 0.35)

    def blocks_only(self) -> Row:
        run = cold([PYTHON, BLOCKS_APP, *self.seeds], self.work)
        ours, floor = paired(run, self.floor_app, self.reps.cold, self.clocks.cold)
        metric = f"(a°) Typer + markdown-it-py blocks of {len(self.seeds)} {self.noun}, cold"
        return context_row(metric, ours, floor)

    def block_scaling(self) -> Row:
        small = markdown_it_blocks(self.paths["1m"].read_text(encoding="utf-8"))
        large = markdown_it_blocks(self.paths["10m"].read_text(encoding="utf-8"))
        one, big = paired(small, large, self.reps.big, self.clocks.in_process, warm_up=False)
        scaled = one * self.mb["10m"] / self.mb["1m"]
        return context_row(f"(c°) markdown-it-py blocks, {self.mb['10m']:.1f} MB", big, scaled)

    def scaling(self) -> Row:
        # The 1 MB parse again, beside each 10 MB one, so both see the same machine state;
        # both were warmed by (b). No sanity parse: (d) checks the 10 MB file parses to items.
        small = parse_and_count(self.paths["1m"].read_text(encoding="utf-8"))
        large = parse_and_count(self.paths["10m"].read_text(encoding="utf-8"))
        one, big = paired(small, large, self.reps.big, self.clocks.in_process, warm_up=False)
        scaled = one * self.mb["10m"] / self.mb["1m"]
        return ratio_row(f"(c) parse + count, {self.mb['10m']:.1f} MB", big, scaled, 1.1)

    def memory(self) -> Row:
        ours = peak_rss("trackmd", self.paths["10m"])
        floor = peak_rss("markdown-it", self.paths["10m"])
        return Row(
            f"(d) peak RSS, parse + count {self.mb['10m']:.1f} MB",
            f"{ours / MIB:,.0f} MiB",
            f"{floor / MIB:,.0f} MiB",
            ours / floor,
            "≤ 1 GiB",
            ours <= 1024 * MIB,
        )

    def check(self, cached: bool) -> Row:
        if self.parse_1m is None:
            raise BenchError("needs markdown-it-py's 1 MB time from (b)")
        cache = self.cache if cached else None
        # check exits 1 on stale values, which the generated tracker has on purpose
        run = cold([self.trackmd, "check", self.tracker_1m], self.work, codes=(0, 1), cache=cache)
        ours, startup = paired(run, self.floor_app, self.reps.cold, self.clocks.cold)
        floor = startup + self.parse_1m[1]
        metric = f"{mark('(e)', cached)} `check` of {self.mb['1m']:.1f} MB, cold"
        return ratio_row(
            metric + warm(cached),
            ours,
            floor,
            1.3,
            f"{seconds(floor)} = {seconds(startup)} + {seconds(self.parse_1m[1])}",
        )

    def sync(self, cached: bool) -> Row:
        assert_scanned(self.seeds)
        folder = self.work / ("sync-cached" if cached else "sync")
        targets = copy_into(folder, self.seeds)
        cache = self.cache if cached else None
        run = cold([self.trackmd, "sync", *(t.name for t in targets)], folder, cache=cache)
        run()  # settles the copies: the first run may rewrite stale values
        settled = digest(targets)
        ours, floor = paired(run, self.floor_app, self.reps.cold, self.clocks.cold)
        metric = f"{mark('(f)', cached)} no-op `sync` of {len(targets)} {self.noun}, cold"
        metric += warm(cached)
        if digest(targets) != settled:
            metric += ": **not a no-op, the files kept changing**"
            return Row(metric, seconds(ours), seconds(floor), ours / floor, "≤ 1.4×", False)
        return ratio_row(metric, ours, floor, 1.4)

    def heading_scaling(self) -> Row:
        """(g) time grows with size: 20,000 headings with markers, Status fields and a
        stale date against 2,000, both planned and diffed in full (the diff is printed)."""
        runs = []
        for count in (2_000, 20_000):
            path = self.work / f"headings-{count}.md"
            path.write_text(generate.headings(count), encoding="utf-8", newline="\n")
            runs.append(cold([self.trackmd, "sync", "--dry-run", path.name], self.work))
        small, large = paired(runs[0], runs[1], max(3, self.reps.big), self.clocks.cold)
        return ratio_row("(g) `sync --dry-run`, 20,000 headings vs 2,000", large, small, 12.0)

    def monorepo_times(self) -> dict[str, float]:
        """Cold, serial-cold and warm `status` of the generated monorepo (wall, medians of 3;
        `benchmarks/monorepo.py`), measured once for (k) and (l)."""
        if self.mono is None:
            import monorepo

            root = monorepo.trackers()
            self.mono = monorepo.timings(self.trackmd, root, self.work / "mono-cache")
        return self.mono

    def monorepo_warm(self) -> Row:
        times = self.monorepo_times()
        metric = "(k) `status` of 1,000 × 20 KB trackers, parse cache warm, vs cold (wall)"
        return ratio_row(metric, times["warm"], times["cold"], 0.15)

    def monorepo_pool(self) -> Row:
        times = self.monorepo_times()
        metric = "(l) `status` of 1,000 × 20 KB trackers, cold, all cores vs one (wall)"
        return ratio_row(metric, times["cold"], times["serial"], 0.65)

    def monorepo_memory(self) -> Row:
        import monorepo

        peak = monorepo.peak_rss(self.trackmd, monorepo.trackers())
        metric = "(m) peak RSS, `status` of 1,000 × 20 KB trackers, cold (largest process)"
        return Row(metric, f"{peak / MIB:,.0f} MiB", "", None, "≤ 150 MiB", peak <= 150 * MIB)

    def status_memory(self) -> Row:
        import monorepo

        tracker = copy_into(self.work / "rss", [self.paths["10m"]])[0]
        peak = monorepo.peak_rss(self.trackmd, tracker)
        metric = f"(o) peak RSS, `status` of {self.mb['10m']:.1f} MB, cold"
        return Row(metric, f"{peak / MIB:,.0f} MiB", "", None, "≤ 600 MiB", peak <= 600 * MIB)

    def lsp_change(self) -> Row:
        """(i) the editor's wait: diagnostics of a 100 KB tracker after typing one character
        (`benchmarks/lsp.py`), against a cold `trackmd check` of it. Wall time on both
        sides: the server is another process, waited for on a pipe."""
        import lsp

        tracker = copy_into(self.work / "lsp", [generate.ensure("100k")])[0]
        env = {**os.environ, "TRACKMD_NO_CACHE": "1", "TRACKMD_TODAY": "2026-03-02"}
        change, close = lsp.latency(self.trackmd, tracker, env)
        check = cold([self.trackmd, "check", tracker], self.work, codes=(0, 1))
        try:
            ours, floor = paired(change, check, self.reps.cold, WALL.cold)
        finally:
            close()
        size = tracker.stat().st_size / 1000
        metric = f"(i) `lsp` diagnostics after one character, {size:.0f} KB, vs cold `check`"
        return ratio_row(metric, ours, floor, 0.5)


def mark(label: str, cached: bool) -> str:
    return label.replace(")", "′)") if cached else label


def warm(cached: bool) -> str:
    return ", parse cache warm" if cached else ""


def copy_into(folder: Path, sources: Sequence[Path]) -> list[Path]:
    """Copies of `sources` in `folder`, content only (the seeds may be read-only)."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for source in sources:
        target = folder / source.name
        target.write_bytes(source.read_bytes())
        copies.append(target)
    return copies


def measure(
    bench: Bench, log: Callable[[str], None], only: frozenset[str] = frozenset()
) -> list[Row]:
    """Every benchmark (or the rows `only` names: `a,h`); one that fails becomes a failed
    row, and the rest still run."""
    rows = []
    for title, step in bench.steps():
        if only and title[1 : title.index(")")] not in only:
            continue
        log(title)
        try:
            rows.append(step())
        except (BenchError, RuntimeError, subprocess.SubprocessError) as error:
            log(f"{title} failed: {error}")
            rows.append(Row(title, FAILED, "", None, "", False))
    return rows


def table(rows: Sequence[Row]) -> list[str]:
    lines = [
        "| metric | trackmd | floor | ratio | target | ok |",
        "|---|---:|---:|---:|---|:---:|",
    ]
    for r in rows:
        mark = "—" if r.ok is None and r.ratio is not None else "✅" if r.ok else "❌"
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}×"
        lines.append(f"| {r.metric} | {r.trackmd} | {r.floor} | {ratio} | {r.target} | {mark} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark trackmd against same-run floors.")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--wall", action="store_true", help="wall time instead of CPU time")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the table")
    parser.add_argument("--only", default="", help="rows to run, by letter: a,h (default all)")
    parser.add_argument("--read-path-child", nargs=3, help=argparse.SUPPRESS)  # (j)'s process
    args = parser.parse_args(argv)
    if args.read_path_child:
        return read_path_child(*args.read_path_child)
    only = frozenset(filter(None, args.only.split(",")))

    def log(message: str) -> None:
        sys.stderr.write(f"… {message}\n")
        sys.stderr.flush()

    reps = QUICK if args.quick else FULL
    clocks = WALL if args.wall else CPU
    _, seeds_note = seed_files()
    env = environment(seeds_note)
    sys.stdout.write("\n".join(["Environment:", *env, ""]) + "\n")
    sys.stdout.flush()  # before the progress lines on stderr
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="trackmd-bench-") as tmp:
            rows = measure(Bench(reps, clocks, Path(tmp)), log, only)
    except BenchError as error:
        sys.stderr.write(f"benchmark failed: {error}\n")
        return 2
    medians = (
        f"Times are {clocks.name}. Medians of {reps.cold} cold runs per side and "
        f"{reps.parse} in-process parses of 1 MB (each after one warm-up), and of {reps.big} "
        "parses of 10 MB (each beside one of 1 MB)."
    )
    body = [
        *table(rows),
        "",
        medians,
        "",
        "Floors:",
        "",
        *(f"- {f}" for f in FLOORS),
    ]
    sys.stdout.write("\n" + "\n".join(body) + "\n")
    log(f"done in {time.perf_counter() - started:.0f} s")
    args.output.write_text(
        "\n".join(["# trackmd benchmarks", "", *env, "", *body]) + "\n", encoding="utf-8"
    )
    if any(r.trackmd == FAILED for r in rows):
        return 2
    return 1 if args.strict and any(r.ok is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
