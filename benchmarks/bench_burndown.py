"""Benchmark `trackmd burndown` on a generated history: 2,000 commits to a 500-item tracker.

Usage: `.venv/bin/python benchmarks/bench_burndown.py [--runs N] [--commits N] [--fresh]
[--wall]`.

The repository is generated once under `benchmarks/.data/` (gitignored) with
`git fast-import`. The commits look like real use: mostly `trackmd done`-style commits (one
item ticked, started or unticked, with its section's Progress field, the overall progress,
the progress bar and Last Updated rewritten), some items added (scope), a few reworded, and
one rename early on. Commit dates: 1 to 8 commits on each weekday.

Timings are medians of CPU time (user + sys of the process and its children, git included),
as in `run.py`, so other work on a shared machine slows neither side; `--wall` measures what a
user waits instead. The runs alternate trackmd and the floors after one warm-up each, with
bytecode caches kept in `benchmarks/.data/pycache` as an installed tool has them.

Floors, measured in the same run (medians):
- start: `benchmarks/floor_app.py`, a one-command Typer + Rich app, run with this Python;
- read: `git log --format=%H -- FILE | sed 's/$/:FILE/' | git cat-file --batch > /dev/null`.
Targets: cold `burndown --format json` (cache deleted) ≤ 3 × (start + read);
warm (second run) ≤ 1.5 × a no-op `trackmd status FILE`.
The JSON of the cold run is checked against counting every day's version with the full
parser (`History.snapshots(verify=True)` plus a direct `tally(parse(text))`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
DATA = BENCH_DIR / ".data"
FLOOR_APP = BENCH_DIR / "floor_app.py"
PYTHON = sys.executable
FILE = "TRACKER.md"
TODAY = "2026-11-20"
SECTIONS = 10

# Registers the command when the CLI does not have it yet (same app, same error handling).
INLINE_CLI = """
import sys
from trackmd import cli
from trackmd.cli_history import burndown
names = {c.name or (c.callback.__name__ if c.callback else "") for c in cli.app.registered_commands}
if "burndown" not in names:
    cli.app.command("burndown")(cli.guarded(burndown))
sys.argv[0] = "trackmd"
cli.main()
"""


# -- the repository -----------------------------------------------------------------------


class Tracker:
    """The tracker's lines, rewritten the way `trackmd done` + `sync` would."""

    def __init__(self, rng: random.Random, items: int) -> None:
        self.rng = rng
        self.sections: list[list[list[str]]] = [[] for _ in range(SECTIONS)]  # [mark, text]
        for n in range(items):
            self.add(n % SECTIONS, n)
        self.updated = "2025-01-01"

    def add(self, section: int, n: int) -> None:
        points = f" ({self.rng.choice([1, 2, 3, 5, 8])} pts)" if self.rng.random() < 0.4 else ""
        text = f"T-{n + 1} {self.rng.choice(WORDS)} the {self.rng.choice(NOUNS)}{points}"
        self.sections[section].append([" ", text])

    def render(self) -> str:
        total = sum(len(s) for s in self.sections)
        done = sum(1 for s in self.sections for mark, _ in s if mark in "xX")
        percent = (done * 200 + total) // (total * 2) if total else 0
        filled = (percent * 20 + 50) // 100
        lines = [
            "# Platform roadmap", "",
            f"**Last Updated**: {self.updated}",
            f"**Overall Progress**: {done}/{total} complete ({percent}%)", "",
            "```", f"Overall  {'█' * filled}{'░' * (20 - filled)} {percent}%", "```", "",
        ]  # fmt: skip
        for i, section in enumerate(self.sections):
            s_total = len(section)
            s_done = sum(1 for mark, _ in section if mark in "xX")
            s_pct = (s_done * 200 + s_total) // (s_total * 2) if s_total else 0
            status = "Done" if s_done == s_total else "Open" if s_done == 0 else "In Progress"
            lines += [
                f"## Phase {i + 1}: {NOUNS[i].title()}", "",
                f"**Status**: {status}",
                f"**Progress**: {s_done}/{s_total} complete ({s_pct}%)", "",
            ]  # fmt: skip
            lines += [f"- [{mark}] {text}" for mark, text in section]
            lines.append("")
        return "\n".join(lines)


WORDS = ["build", "test", "ship", "review", "document", "migrate", "refactor", "profile"]
NOUNS = ["api", "database", "frontend", "billing", "search", "auth", "reports", "exports",
         "alerts", "onboarding", "settings", "dashboard"]  # fmt: skip


def _blob(data: bytes) -> bytes:
    return b"data %d\n" % len(data) + data + b"\n"


def generate(repo: Path, commits: int, seed: int = 45, *, per_day: int = 8) -> None:
    """A repository of `commits` commits to a 500-item tracker, through `git fast-import`.

    Each weekday gets 1 to `per_day` commits (`per_day=1`: one commit every day, the worst
    case for the burndown, which counts the last version of each day).
    """
    rng = random.Random(seed)
    tracker = Tracker(rng, 440)
    added = 440
    day = __import__("datetime").date(2026, 11, 20)
    # dates: walk back over weekdays, 1-8 commits per day, newest last
    stamps: list[int] = []
    while len(stamps) < commits:
        if day.weekday() < 5 or per_day == 1:
            base = int(time.mktime(day.timetuple())) + 9 * 3600
            for k in range(rng.randint(1, per_day)):
                stamps.append(base + k * 3600 + rng.randint(0, 3000))
        day -= __import__("datetime").timedelta(days=1)
    stamps = sorted(stamps[:commits])
    path = FILE
    out = bytearray()
    for n, stamp in enumerate(stamps):
        message = "update"
        rename = None
        if n == 0:
            message = "Roadmap"
        elif n == 20:
            rename, path = path, FILE  # renamed from an old name early on
        else:
            roll = rng.random()
            flat = [
                (s, i) for s, section in enumerate(tracker.sections) for i in range(len(section))
            ]
            if roll < 0.03 and added < 500:
                tracker.add(rng.randrange(SECTIONS), added)
                added += 1
                message = "add item"
            elif roll < 0.04:
                s, i = rng.choice(flat)
                tracker.sections[s][i][1] += " (reworded)"
                message = "reword"
            else:
                open_items = [(s, i) for s, i in flat if tracker.sections[s][i][0] != "x"]
                s, i = rng.choice(open_items or flat)
                mark = "x" if rng.random() < 0.8 else "/"
                if rng.random() < 0.05:  # an untick now and then
                    done = [(s, i) for s, i in flat if tracker.sections[s][i][0] == "x"]
                    if done:
                        s, i = rng.choice(done)
                        mark = " "
                tracker.sections[s][i][0] = mark
                message = f"trackmd done T-{i}"
            tracker.updated = time.strftime("%Y-%m-%d", time.gmtime(stamp))
        name = "ROADMAP-old.md" if n < 20 else path
        out += b"commit refs/heads/main\n"
        out += b"mark :%d\n" % (n + 1)
        who = rng.choice([b"Ada Tester <ada@example.com>", b"Bob Nguyen <bob@example.com>"])
        out += b"author " + who + b" %d +0000\n" % stamp
        out += b"committer " + who + b" %d +0000\n" % stamp
        out += _blob(message.encode())
        if n:
            out += b"from :%d\n" % n
        if rename is not None:
            out += b"R ROADMAP-old.md " + name.encode() + b"\n"
        else:
            out += b"M 100644 inline " + name.encode() + b"\n" + _blob(tracker.render().encode())
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir(parents=True)
    env = _git_env()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True, env=env)
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=repo, input=bytes(out), check=True, env=env
    )
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "gc", "-q"], cwd=repo, check=True, env=env)


def _git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    return env


# -- measuring ----------------------------------------------------------------------------


def children_cpu() -> float:
    """CPU seconds of all waited-for child processes (and theirs, like trackmd's git)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    cmd: Sequence[str],
    cwd: Path,
    *,
    shell: bool = False,
    before: str | None = None,
    clock: Callable[[], float] = children_cpu,
) -> float:
    if before == "drop-cache":
        shutil.rmtree(cwd / ".git" / "trackmd", ignore_errors=True)
    start = clock()
    result = subprocess.run(
        cmd if not shell else cmd[0], cwd=cwd, shell=shell, env=_run_env(),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False,
    )  # fmt: skip
    elapsed = clock() - start
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {cmd}\n{result.stderr.decode()}")
    return elapsed


def _run_env() -> dict[str, str]:
    """Bytecode caches on and kept in .data (as an installed tool has them), today pinned."""
    env = _git_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(DATA / "pycache")
    env["TRACKMD_TODAY"] = TODAY
    env["NO_COLOR"] = "1"
    return env


Job = tuple[Sequence[str], dict[str, Any]]


def medians(runs: int, clock: Callable[[], float], *jobs: Job) -> list[float]:
    """Median time of each job, the jobs alternated so drift hits all; one warm-up each."""
    for cmd, kw in jobs:
        timed(cmd, **kw)
    samples: list[list[float]] = [[] for _ in jobs]
    for _ in range(runs):
        for times, (cmd, kw) in zip(samples, jobs, strict=True):
            times.append(timed(cmd, clock=clock, **kw))
    return [statistics.median(times) for times in samples]


def trackmd_command(cwd: Path) -> list[str]:
    """`python -m trackmd` when it has `burndown`, else the CLI with the command registered."""
    probe = subprocess.run(
        [PYTHON, "-m", "trackmd", "burndown", "--help"], cwd=cwd, env=_run_env(),
        capture_output=True, check=False,
    )  # fmt: skip
    if probe.returncode == 0:
        return [PYTHON, "-m", "trackmd"]
    return [PYTHON, "-c", INLINE_CLI]


def check_results(repo: Path, cold_json: dict[str, object]) -> str:
    """The cold run's days equal counting every day's version with the full parser."""
    import datetime as dt

    from trackmd.core.parse import parse
    from trackmd.history.tally import tally
    from trackmd.history.versions import History

    history = History(repo / FILE, dt.date.fromisoformat(TODAY))
    snaps = history.snapshots(per_day=True, verify=True)
    texts = history.texts(s.blob for s in snaps)
    for snap in snaps:
        if snap.counts != tally(parse(texts[snap.blob], "", history.settings)):
            return f"MISMATCH at {snap.sha}"
    last = {d["date"]: d for d in cold_json["days"]}  # type: ignore[attr-defined]
    for snap in snaps:
        day = last.get(snap.date.isoformat())
        if day is not None and day["remaining"] != snap.counts.remaining:
            return f"MISMATCH on {snap.date}"
    return f"identical ({len(snaps)} days, every shortcut checked against the full parser)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--fresh", action="store_true", help="regenerate the repository")
    parser.add_argument(
        "--per-day", type=int, default=8, help="at most this many commits a day (1: every day)"
    )
    parser.add_argument(
        "--wall", action="store_true", help="wall-clock time instead of CPU time (user + sys)"
    )
    args = parser.parse_args()
    clock = time.perf_counter if args.wall else children_cpu
    repo = DATA / f"burndown-{args.commits}-{args.per_day}"
    if args.fresh or not (repo / FILE).exists():
        start = time.perf_counter()
        generate(repo, args.commits, per_day=args.per_day)
        print(f"generated {repo} in {time.perf_counter() - start:.1f} s")
    count = subprocess.run(
        ["git", "rev-list", "--count", "HEAD"], cwd=repo, capture_output=True, text=True,
        check=True, env=_git_env(),
    ).stdout.strip()  # fmt: skip
    items = (repo / FILE).read_text().count("\n- [")
    print(f"{count} commits, {items} items in {FILE}, {(repo / FILE).stat().st_size:,} bytes")

    base = trackmd_command(repo)
    inline = base[1] == "-c"
    burndown = [*base, "burndown", FILE, "--format", "json"]
    status = [*base, "status", FILE]
    runs = args.runs
    read_cmd = (
        f"git log --format=%H -- {FILE} | sed 's/$/:{FILE}/' | git cat-file --batch > /dev/null"
    )
    floor_start, floor_read, cold = medians(
        runs,
        clock,
        ([PYTHON, str(FLOOR_APP), FILE], {"cwd": repo}),
        ([read_cmd], {"cwd": repo, "shell": True}),
        (burndown, {"cwd": repo, "before": "drop-cache"}),
    )
    floor = floor_start + floor_read
    timed(burndown, repo)  # fill the cache
    warm, noop_status = medians(runs, clock, (burndown, {"cwd": repo}), (status, {"cwd": repo}))
    with tempfile.TemporaryFile() as out:
        shutil.rmtree(repo / ".git" / "trackmd", ignore_errors=True)
        subprocess.run(burndown, cwd=repo, env=_run_env(), stdout=out, check=True)
        out.seek(0)
        cold_json = json.loads(out.read())
    verdict = check_results(repo, cold_json)

    def row(name: str, value: float, ref: float, ref_name: str, target: float) -> str:
        ratio = value / ref
        ok = "ok" if ratio <= target else "MISSED"
        return (f"| {name} | {value * 1000:,.0f} ms | {ref_name} {ref * 1000:,.0f} ms "
                f"| {ratio:.2f}x | <= {target}x | {ok} |")  # fmt: skip

    print()
    clock_name = "wall time" if args.wall else "CPU time (user + sys of the processes)"
    print(f"medians of {runs} runs, {clock_name}; python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    if inline:
        print("note: `python -m trackmd` has no `burndown` command yet; the CLI app is run with "
              "the command registered inline (same imports, same code path)")  # fmt: skip
    print(f"floor = start {floor_start * 1000:,.0f} ms + read {floor_read * 1000:,.0f} ms")
    print()
    print("| metric | trackmd | reference | ratio | target | |")
    print("|---|---:|---:|---:|---|---|")
    print(row("cold `burndown --format json` (no cache)", cold, floor, "floor", 3.0))
    print(row("warm `burndown --format json`", warm, noop_status, "`status`", 1.5))
    print(f"| (warm vs floor) | {warm * 1000:,.0f} ms | floor {floor * 1000:,.0f} ms "
          f"| {warm / floor:.2f}x | | |")  # fmt: skip
    print()
    print(f"results: {verdict}")


if __name__ == "__main__":
    main()
