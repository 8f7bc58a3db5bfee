"""Deterministic generator of realistic tracker Markdown for the benchmarks.

`python benchmarks/generate.py` writes benchmarks/.data/tracker-{100k,1m,10m}-vN.md. The same
size always yields the same bytes (seeded), so timings from different runs compare.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / ".data"
VERSION = 1  # bump when the output changes, so stale cached files are not reused
SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}

# Drawn on to build names; the combinations, not the words, make the file large.
AREAS = (
    "Billing", "Search", "Onboarding", "Notifications", "Reporting", "Identity", "Storage",
    "Sync Engine", "Mobile Shell", "Admin Console", "Data Export", "Audit Trail", "Scheduler",
    "Payments", "Localization", "Telemetry", "Offline Mode", "Permissions", "Webhooks", "Import",
)  # fmt: skip
PHASE_KINDS = (
    "Foundations", "Core Workflows", "Hardening", "Integrations", "Polish", "Rollout",
    "Migration", "Performance", "Beta Feedback", "Launch Prep",
)  # fmt: skip
VERBS = (
    "Add", "Wire up", "Refactor", "Document", "Benchmark", "Validate", "Cache", "Paginate",
    "Retry", "Migrate", "Instrument", "Localize", "Harden", "Expose", "Deprecate", "Test",
)  # fmt: skip
OBJECTS = (
    "the invoice renderer", "session refresh", "the CSV exporter", "rate limits",
    "the settings page", "push tokens", "the audit log writer", "bulk import", "search facets",
    "webhook signatures", "the retry queue", "tenant isolation", "feature flags",
    "the onboarding checklist", "timezone handling", "the sync conflict dialog",
    "role-based access", "the metrics endpoint", "schema migrations", "error boundaries",
)  # fmt: skip
DETAILS = (
    "behind a flag", "with integration tests", "for EU tenants", "(see ADR-7)",
    "on Android and iOS", "with a dry-run mode", "including the edge cases from QA",
    "for accounts over 10k users", "without downtime", "per the security review",
)  # fmt: skip
OWNERS = ("@ana", "@bo", "@chen", "@dara", "@eli", "@femi", "@gus", "@hana")
HEADING_EMOJI = ("✅", "🔄", "⏳", "🚧", "🧪", "📦", "🔒", "🚀")
MARKERS = ("x", " ", "/", "!", "-")
# Marker weights by phase maturity: finished, untouched, and (mostly) under way.
FINISHED = (95, 0, 0, 0, 5)
UNTOUCHED = (0, 95, 0, 0, 5)
TABLE_STATES = ("Done", "In Progress", "Todo")
BAR_WIDTH = 20


@dataclass
class Phase:
    number: int
    name: str
    done: int
    total: int
    body: str

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 0


def status_word(percent: int) -> str:
    if percent >= 100:
        return "Complete"
    return "Not Started" if percent == 0 else "In Progress"


def rollup_status(percent: int) -> str:
    if percent >= 100:
        return "🟢 Complete"
    return "⚪ Not Started" if percent == 0 else "🟡 In Progress"


def bar(percent: int) -> str:
    filled = percent * BAR_WIDTH // 100
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def task_text(rng: random.Random) -> str:
    text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    roll = rng.random()
    if roll < 0.35:
        text += f" {rng.choice(DETAILS)}"
    if roll < 0.15:
        text = f"**{text}**"
    elif roll > 0.9:
        text += f" (`{rng.choice(AREAS).lower().replace(' ', '_')}.py`)"
    if rng.random() < 0.2:
        text += f" {rng.choice(OWNERS)}"
    return text


def checklist(rng: random.Random, lines: list[str], weights: tuple[int, ...]) -> tuple[int, int]:
    """Append a checkbox list with nested sub-items; return (done, total) of top-level items."""
    done = total = 0
    for _ in range(rng.randint(3, 10)):
        marker = rng.choices(MARKERS, weights)[0]
        lines.append(f"- [{marker}] {task_text(rng)}")
        if marker != "-":
            total += 1
            done += marker == "x"
        if rng.random() < 0.25:
            for _ in range(rng.randint(1, 3)):
                sub = "x" if marker == "x" else rng.choice("x /")
                lines.append(f"  - [{sub}] {task_text(rng)}")
                if rng.random() < 0.2:
                    lines.append(f"    - [{sub}] {task_text(rng)}")
            if rng.random() < 0.3:
                lines.append("  - Note: plain sub-bullet without a checkbox")
    return done, total


def status_table(rng: random.Random, lines: list[str]) -> None:
    lines += ["| Task | Status | Owner |", "|------|--------|-------|"]
    for _ in range(rng.randint(2, 6)):
        state = rng.choice(TABLE_STATES)
        lines.append(
            f"| {rng.choice(VERBS)} {rng.choice(OBJECTS)} | {state} | {rng.choice(OWNERS)} |"
        )
    lines.append("")


def code_fence(rng: random.Random, lines: list[str]) -> None:
    if rng.random() < 0.5:
        lines += [
            "```markdown",
            "<!-- example of the checklist format; not real tasks -->",
            "- [ ] an open item",
            "- [x] a finished item",
            "```",
            "",
        ]
    else:
        name = rng.choice(OBJECTS).split()[-1].replace("-", "_")
        lines += [
            "```python",
            f"def check_{name}(items: list[str]) -> bool:",
            '    # "- [x]" inside code is not a checkbox',
            "    return all(line.startswith('- [x]') for line in items)",
            "```",
            "",
        ]


def phase(rng: random.Random, number: int) -> Phase:
    name = f"{rng.choice(AREAS)} {rng.choice(PHASE_KINDS)}"
    lines: list[str] = []
    done = total = 0
    maturity = rng.random()
    if maturity < 0.25:
        weights = FINISHED
    elif maturity > 0.8:
        weights = UNTOUCHED
    else:
        share = rng.randint(10, 80)  # how far along this phase is
        weights = (share, 90 - share, 6, 2, 2)
    for story in range(1, rng.randint(3, 7) + 1):
        emoji = rng.choice(HEADING_EMOJI)
        lines += [f"### {emoji} Story {number}.{story}: {task_text(rng).strip('*')}", ""]
        if rng.random() < 0.5:
            lines += [
                f"**Owner**: {rng.choice(OWNERS)} · **Estimate**: {rng.randint(1, 13)} pts",
                "",
                f"Goal: {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)} so that "
                f"[{rng.choice(AREAS)}](docs/{number}.md) stops blocking release 🎯.",
                "",
            ]
        d, t = checklist(rng, lines, weights)
        done, total = done + d, total + t
        lines.append("")
        if rng.random() < 0.4:
            status_table(rng, lines)
        if rng.random() < 0.15:
            code_fence(rng, lines)
        if rng.random() < 0.1:
            lines += [
                f"> ⚠️ Blocked on {rng.choice(OBJECTS)} until {rng.choice(OWNERS)} signs off.",
                "",
            ]
    # Real trackers drift: about one phase in ten carries a stale hand-written percent.
    shown = done * 100 // total if total else 0
    if rng.random() < 0.1:
        shown = min(100, shown + rng.randint(1, 20))
    header = [
        f"## Phase {number}: {name}",
        "",
        f"**Status**: {status_word(shown)} ({shown}%)",
        f"**Progress**: {done}/{total} complete ({shown}%)",
        f"**Lead**: {rng.choice(OWNERS)}",
        "",
    ]
    return Phase(number, name, done, total, "\n".join(header + lines) + "\n")


def tracker(size: int, seed: str) -> str:
    """A tracker of at least `size` UTF-8 bytes: roll-up table, bars, then the phases."""
    rng = random.Random(seed)
    phases: list[Phase] = []
    used = 600  # title block and fixed lines
    while used < size:
        p = phase(rng, len(phases) + 1)
        phases.append(p)
        # Each phase also costs one roll-up row and one bar line at the top.
        used += len(p.body.encode()) + 2 * len(p.name) + 80
    done = sum(p.done for p in phases)
    total = sum(p.total for p in phases)
    percent = done * 100 // total if total else 0
    labels = [f"PH-{p.number} [{p.name}]" for p in phases]
    width = max(map(len, labels))
    head = [
        f"# 🚀 Project Atlas — Delivery Tracker ({seed})",
        "",
        f"**Status**: {status_word(percent)} ({percent}%)",
        f"**Progress**: {done}/{total} complete ({percent}%)",
        "**Last Updated**: 2026-03-02",
        "",
        "## 📋 Summary",
        "",
        "| Phase | Status | Progress |",
        "|-------|--------|----------|",
        *(f"| **Phase {p.number}**: {p.name} | {rollup_status(p.percent)} | {p.percent}% |"
          for p in phases),
        "",
        "```",
        *(f"{label:<{width}} {bar(p.percent)} {p.percent}%"
          for label, p in zip(labels, phases, strict=True)),
        "```",
        "",
        "**Legend**: 🟢 Complete | 🟡 In Progress | ⚪ Not Started | 🔴 Blocked",
        "",
        "---",
        "",
    ]  # fmt: skip
    return "\n".join(head) + "\n" + "\n".join(p.body for p in phases)


def headings(count: int) -> str:
    """A roadmap of `count` feature headings under phase headings, each with a status
    emoji and a `**Status**:` field, every other one with two checkboxes (issue 15's
    superlinear case: 16,000 such headings once took 49 s)."""
    emoji, words = ("✅", "🔄", "⏳"), ("Done", "In progress", "Not started", "Blocked")
    out = ["# Roadmap\n\n**Last Updated**: 2026-01-01\n"]
    for n in range(count):
        if n % 10 == 0:
            out.append(f"\n## {emoji[n % 3]} Phase {n // 10}\n\n**Status**: Done\n")
        out.append(f"\n### {emoji[n % 3]} Feature {n}\n\n**Status**: {words[n % 4]}\n")
        if n % 2:
            out.append(f"\n- [x] task {n}\n- [ ] task {n}b\n")
    return "".join(out)


def path_for(label: str) -> Path:
    return DATA_DIR / f"tracker-{label}-v{VERSION}.md"


def ensure(label: str) -> Path:
    """The generated file for a size label ("100k", "1m", "10m"), written on first use."""
    path = path_for(label)
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        text = tracker(SIZES[label], seed=f"bench-{label}")
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("sizes", nargs="*", metavar="SIZE", help=f"any of {', '.join(SIZES)}")
    args = parser.parse_args(argv)
    unknown = [s for s in args.sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; choose from {', '.join(SIZES)}")
    for label in args.sizes or SIZES:
        path = ensure(label)
        sys.stdout.write(f"{path} ({path.stat().st_size:,} bytes)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
