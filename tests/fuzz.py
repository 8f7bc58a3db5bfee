"""Mutation fuzzing of parse → plan → apply, checking totality and the SPEC §1 invariants.

`make fuzz` runs it for ten minutes (`python -m tests.fuzz --seconds 600`); the test suite runs
a short pass. Inputs: arbitrary bytes decoded with replacement, and byte-level mutations of the
examples, the seeds and the corpus (when ../shared is present).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = [
    b"- [ ] ", b"- [x] ", b"[/]", b"\r\n", b"\r", b"\n", b"## ", b"# ", b"| Status |", b"|---|",
    b"**Progress**: 1/2 (50%)", b"**Status**: Done", b"\xe2\x96\x88\xe2\x96\x91", b"```",
    b"\xef\xbb\xbf", b"\xf0\x9f\x9f\xa2 ", b"\xe2\x9c\x85 ", b"---\ntrackmd:\n  count: all\n---\n",
    b"  ", b"\t", b"> ", b"1. ", b"[2/5]", b"\x00", b"\xe2\x80\xa8", b"<!-- -->", b"<div>",
]  # fmt: skip


def corpus() -> list[bytes]:
    files = sorted((ROOT / "examples").glob("*.md"))
    shared = ROOT.parent / "shared"
    for sub in ("seeds", "corpus"):
        files += sorted((shared / sub).glob("*.md")) if (shared / sub).is_dir() else []
    return [p.read_bytes() for p in files]


def mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.random()
        pos = rng.randint(0, len(out)) if out else 0
        if op < 0.3:
            out[pos:pos] = rng.choice(SNIPPETS)
        elif op < 0.5 and out:
            end = min(len(out), pos + rng.randint(1, 64))
            del out[pos:end]
        elif op < 0.65 and out:
            out[min(pos, len(out) - 1)] = rng.randrange(256)
        elif op < 0.8 and out:
            start = rng.randint(0, len(out) - 1)
            chunk = out[start : start + rng.randint(1, 200)]
            out[pos:pos] = chunk
        else:
            lines = bytes(out).split(b"\n")
            rng.shuffle(lines[: rng.randint(0, len(lines))])
            out = bytearray(b"\n".join(lines))
    return bytes(out)


def one(rng: random.Random, seeds: list[bytes]) -> bytes:
    if not seeds or rng.random() < 0.2:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))
    return mutate(rng, rng.choice(seeds))


def fuzz(seconds: float, seed: int, check: Callable[[str], None]) -> int:
    """Run until time is up; return how many inputs were checked. Raises on a failure."""
    rng = random.Random(seed)
    seeds = corpus()
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() < deadline:
        data = one(rng, seeds)
        text = data.decode("utf-8", "replace")
        try:
            check(text)
        except Exception:
            crash = ROOT / "benchmarks" / ".data" / f"fuzz-crash-{seed}-{count}.md"
            crash.parent.mkdir(parents=True, exist_ok=True)
            crash.write_bytes(data)
            sys.stderr.write(f"failure on input saved to {crash}\n")
            raise
        count += 1
    return count


def run_for(
    description: str | None, seconds: float, fuzzer: Callable[[float, int], int], what: str
) -> int:
    """The command line of a fuzzer (`--seconds`, `--seed`): 0 when it found nothing, 1 with
    the failure's traceback. Shared by this module and tests.fuzz_merge."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seconds", type=float, default=seconds)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    try:
        count = fuzzer(args.seconds, args.seed)
    except Exception:
        traceback.print_exc()
        return 1
    print(f"{what}: {count} runs, seed {args.seed}, no failure")
    return 0


def main() -> int:
    from tests.test_invariants import check_invariants

    return run_for(__doc__, 600, lambda s, seed: fuzz(s, seed, check_invariants), "fuzz")


if __name__ == "__main__":
    sys.exit(main())
