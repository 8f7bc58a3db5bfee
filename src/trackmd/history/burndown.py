"""Burndown series from a tracker's history (SPEC §5), its charts, and the D7 block.

Per day: the counts of the last version of that day (by committer time), carried forward
over days without commits; the ideal line across the sprint; a forecast from the last
week's rate when it converges; velocity per ISO week. Outputs: a Rich chart, a plain text
chart, Mermaid `xychart-beta`, JSON (schema 1) and CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from trackmd.core.errors import BadInput
from trackmd.core.sprint import sprint_dates_of, sprint_facts
from trackmd.history.listing import Snapshot, last_per_day
from trackmd.history.tally import Tally
from trackmd.history.versions import History

if TYPE_CHECKING:
    from rich.console import Console

SCHEMA = 1
FORMATS = ("chart", "text", "mermaid", "json", "csv")
FORECAST_WINDOW = 7  # days of recent history the forecast rate is fitted on
FORECAST_HORIZON = 3 * 366  # a forecast further than this is not a forecast
CHART_HEIGHT = 10  # rows above the zero line
MAX_DAYS = 3660  # ten years: a longer range is a typo in the sprint dates, not a sprint
CHART_COLUMNS = 60  # at most this many days are drawn; longer ranges are sampled
MARKER = "<!-- trackmd:burndown -->"


class Day(NamedTuple):
    date: dt.date
    remaining: float | None  # None: before the file existed, or after today
    done: float | None
    scope: float | None
    ideal: float | None  # None: outside the sprint, or no sprint dates known


class Forecast(NamedTuple):
    date: dt.date
    rate_per_day: float


class Burndown(NamedTuple):
    path: str
    unit: str  # "items" | "points"
    sprint_start: dt.date | None
    sprint_end: dt.date | None
    days: list[Day]
    forecast: Forecast | None
    velocity: list[tuple[str, float]]  # (ISO week "2026-W45", done that week)
    warnings: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "schema": SCHEMA,
            "path": self.path,
            "unit": self.unit,
            "sprint": {
                "start": _iso(self.sprint_start),
                "end": _iso(self.sprint_end),
            },
            "days": [
                {
                    "date": day.date.isoformat(),
                    "remaining": _num(day.remaining),
                    "done": _num(day.done),
                    "scope": _num(day.scope),
                    "ideal": _num(day.ideal),
                }
                for day in self.days
            ],
            "forecast": None
            if self.forecast is None
            else {
                "date": self.forecast.date.isoformat(),
                "rate_per_day": _num(self.forecast.rate_per_day),
            },
            "velocity": [{"week": week, "done": _num(done)} for week, done in self.velocity],
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _num(value: float | None) -> int | float | None:
    """Integers stay integers in JSON and CSV; other values keep two decimals."""
    if value is None:
        return None
    if type(value) is int and -(2**53) < value < 2**53:
        return value  # what the rounding below gives back, sooner (counts are ints)
    rounded = round(float(value), 2)
    return int(rounded) if rounded.is_integer() else rounded


# -- series ---------------------------------------------------------------------------------


def _values(counts: Tally, points: bool) -> tuple[float, float, float]:
    """(remaining, done, scope) in the chosen unit."""
    if points:
        return counts.points_remaining, counts.points_done, counts.points_total
    return counts.remaining, counts.done, counts.total


def series(
    snapshots: Sequence[Snapshot],
    *,
    today: dt.date,
    points: bool = False,
    start: dt.date | None = None,
    end: dt.date | None = None,
    path: str = "",
) -> Burndown:
    """The burndown of a history: one `Day` per calendar day from `start` to `end`.

    `start`/`end` are the sprint's dates when known; without them the range runs from the
    first version to today (or the last version, when that is later).
    """
    daily = last_per_day(snapshots)
    by_date = [(s.date, _values(s.counts, points)) for s in daily]
    if not by_date:
        raise BadInput(f"{path}: no version of the file to draw a burndown from")
    last_actual = max(today, by_date[-1][0])
    first = start or by_date[0][0]
    last = end or last_actual
    if last < first:
        raise BadInput(
            f"{path}: the burndown would end ({last}) before it starts ({first}); "
            "check --since/--until and the sprint dates"
        )
    span = (last - first).days
    if span >= MAX_DAYS:
        raise BadInput(
            f"{path}: the burndown would span {span + 1} days ({first} to {last}); at most "
            f"{MAX_DAYS}: check the sprint dates, or pass --since/--until"
        )
    days: list[Day] = []
    values: tuple[float, float, float] | None = None
    k = 0
    for offset in range(span + 1):
        day = first + dt.timedelta(days=offset)  # never a day past `last` (9999-12-31)
        while k < len(by_date) and by_date[k][0] <= day:
            values = by_date[k][1]
            k += 1
        if values is not None and day <= last_actual:
            days.append(Day(day, *values, ideal=None))
        else:
            days.append(Day(day, None, None, None, None))
    if start is not None and end is not None and end > start:
        days = _with_ideal(days, start, end)
    return Burndown(
        path,
        "points" if points else "items",
        start,
        end,
        days,
        _forecast(days, today),
        _velocity(by_date, min(last, last_actual)),
    )


def _with_ideal(days: list[Day], start: dt.date, end: dt.date) -> list[Day]:
    """A straight line from the remaining work at the sprint's start to zero at its end."""
    initial = next((d.remaining for d in days if d.date >= start and d.remaining is not None), None)
    if initial is None:
        return days
    span = (end - start).days
    result = []
    for d in days:
        ideal = None
        if start <= d.date <= end:
            ideal = round(initial * (end - d.date).days / span, 2)
        result.append(Day(d.date, d.remaining, d.done, d.scope, ideal))
    return result


def _forecast(days: list[Day], today: dt.date) -> Forecast | None:
    """The date the remaining work reaches zero at the rate of the last week, when it would.

    The rate is the least-squares slope of the remaining work over the last
    `FORECAST_WINDOW` days up to today. No forecast when nothing remains, when the work is
    not going down, or when the date would be in the past or years away.
    """
    known = [(d.date, d.remaining) for d in days if d.remaining is not None and d.date <= today]
    if not known or known[-1][0] != today:
        return None
    window = [(date, value) for date, value in known if (today - date).days < FORECAST_WINDOW]
    if len(window) < 2:
        return None
    xs = [float((date - today).days) for date, _ in window]
    ys = [float(value) for _, value in window]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    rate = -slope
    remaining = ys[-1]
    if rate <= 0 or remaining <= 0:
        return None
    days_left = math.ceil(remaining / rate - 1e-9)
    if days_left < 1 or days_left > FORECAST_HORIZON:
        return None
    try:
        return Forecast(today + dt.timedelta(days=days_left), round(rate, 2))
    except OverflowError:
        return None  # past 9999-12-31


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _velocity(
    by_date: list[tuple[dt.date, tuple[float, float, float]]], last: dt.date
) -> list[tuple[str, float]]:
    """Work done per ISO week: done at the week's end minus done at the previous week's end.

    The first version is the baseline (what was already done when the file was committed
    is not velocity). Weeks without commits are listed with 0.
    """
    points = [(date, values[1]) for date, values in by_date if date <= last]
    if not points:
        return []
    result: list[tuple[str, float]] = []
    previous = points[0][1]
    monday = points[0][0] - dt.timedelta(days=points[0][0].weekday())
    k = 0
    done = previous
    for week in range((last - monday).days // 7 + 1):
        start = monday + dt.timedelta(days=7 * week)
        while k < len(points) and (points[k][0] - start).days <= 6:  # no date past 9999
            done = points[k][1]
            k += 1
        result.append((_week(start), done - previous))
        previous = done
    return result


# -- the whole command ----------------------------------------------------------------------


def build(
    path: Path,
    *,
    today: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    points: bool = False,
    name: str | None = None,
) -> Burndown:
    """The burndown of the tracker at `path` from its git history."""
    history = History(path, today)
    snaps = history.snapshots(per_day=True, save=False)
    if not snaps:
        raise BadInput(f"{path}: no version of the file in git history")
    facts = history.remember(
        "sprint", history.versions[-1].blob, lambda: sprint_facts(history.latest_document())
    )
    history.cache.save()  # once, with the counts and the sprint facts
    start, end = sprint_dates_of(facts, snaps[0].date)
    start, end = since or start, until or end
    if points and not any(s.counts.points_total for s in snaps):
        raise BadInput(
            f"{path}: no story points found (`(3 pts)`, `**Story Points**: 5`); drop --points"
        )
    result = series(snaps, today=today, points=points, start=start, end=end, path=name or str(path))
    return result._replace(warnings=tuple(history.warnings))


# -- plain outputs --------------------------------------------------------------------------


def to_json(burndown: Burndown) -> str:
    """`json.dumps(as_json(), ensure_ascii=False, indent=2)`, the days laid out here: with an
    indent json's encoder is pure Python, and on long histories it wrote days for 10 ms."""
    data = burndown.as_json()
    days = data["days"]
    data["days"] = _DAYS_SLOT
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # Compact, then indented by replacing separators: a day holds numbers, nulls and an ISO
    # date, none of which has a brace, comma or quote of its own.
    compact = json.dumps(days, ensure_ascii=False, separators=(",", ": "))
    laid_out = (
        compact.replace("},{", "\n    },\n    {")
        .replace('{"', '{\n      "')
        .replace(',"', ',\n      "')
        .replace("[{", "[\n    {")
        .replace("}]", "\n    }\n  ]")
    )
    return text.replace(json.dumps(_DAYS_SLOT), laid_out, 1) + "\n"


_DAYS_SLOT = "\0days\0"  # no path holds a NUL


def to_csv(burndown: Burndown) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "remaining", "done", "scope", "ideal"])
    for day in burndown.days:
        row = [_num(day.remaining), _num(day.done), _num(day.scope), _num(day.ideal)]
        writer.writerow([day.date.isoformat(), *("" if v is None else v for v in row)])
    return out.getvalue()


def _label(value: float) -> str:
    number = _num(value)
    return str(number)


def _sampled(days: list[Day]) -> list[Day]:
    """At most `CHART_COLUMNS` days, first and last included."""
    if len(days) <= CHART_COLUMNS:
        return days
    n = len(days)
    picks = sorted({round(k * (n - 1) / (CHART_COLUMNS - 1)) for k in range(CHART_COLUMNS)})
    return [days[i] for i in picks]


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1.0
    scale = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * scale >= value - 1e-9:
            return float(step * scale)
    return float(10 * scale)


IDEAL_COLOUR, ACTUAL_COLOUR = "#2563eb", "#dc2626"  # 3:1 or more on white and on #0d1117
MERMAID_LABELS = 14  # dates under the x-axis: 14 fit its default 700 px; 30 overlap


def _mermaid_series(burndown: Burndown) -> tuple[list[Day], list[float], list[float] | None]:
    days = _sampled(burndown.days)
    while days and days[0].remaining is None:
        days = days[1:]  # Mermaid has no gaps: start at the first version
    actual = [d.remaining for d in days if d.remaining is not None]
    ideal = [d.ideal for d in days]
    if ideal and all(v is not None for v in ideal):
        return days, actual, [v or 0 for v in ideal]
    return days, actual, None


def mermaid_init(burndown: Burndown) -> str:
    """The `%%{init}%%` line giving the lines colours that read on light and dark themes
    (GitHub's light default draws the ideal line at 1.17:1); a user's own line is kept."""
    _, _, ideal = _mermaid_series(burndown)
    palette = f"{IDEAL_COLOUR}, {ACTUAL_COLOUR}" if ideal is not None else ACTUAL_COLOUR
    theme = {"themeVariables": {"xyChart": {"plotColorPalette": palette}}}
    return f"%%{{init: {json.dumps(theme)}}}%%"


def mermaid(burndown: Burndown) -> list[str]:
    """An `xychart-beta` (GitHub renders it): the ideal line, then the actual one.

    At most `MERMAID_LABELS` dates are written under the axis; the other days' labels are
    runs of zero-width spaces, each of its own length (Mermaid merges equal labels)."""
    days, actual, ideal = _mermaid_series(burndown)
    peak = max([0.0, *actual, *(ideal or ())])
    step = max(1, math.ceil(len(days) / MERMAID_LABELS))
    names = [
        d.date.strftime("%m-%d") if k % step == 0 else "\u200b" * (k - k // step)
        for k, d in enumerate(days)
    ]
    labels = ", ".join(f'"{name}"' for name in names)
    unit = burndown.unit
    title = (
        f"Burndown: remaining {unit} (ideal, then actual)"
        if ideal
        else (f"Burndown: remaining {unit}")
    )
    lines = [
        "xychart-beta",
        f'    title "{title}"',
        f"    x-axis [{labels}]",
        f'    y-axis "Remaining {unit}" 0 --> {_label(_nice_top(peak))}',
    ]
    if ideal is not None:
        lines.append(f"    line [{', '.join(_label(v) for v in ideal)}]")
    lines.append(f"    line [{', '.join(_label(v) for v in actual)}]")
    return lines


Cell = tuple[str, str]  # a character and its Rich style

_ACTUAL, _IDEAL, _SCOPE = "●", "·", "┄"


def _grid(burndown: Burndown) -> list[list[Cell]]:
    """The chart's lines as styled characters, shared by the text and the Rich chart."""
    days = _sampled(burndown.days)
    peak = max(
        [0.0]
        + [v for d in days for v in (d.remaining, d.scope, d.ideal) if v is not None]
    )  # fmt: skip
    top = _nice_top(peak)
    width = 3 if len(days) <= 20 else 2 if len(days) <= 30 else 1
    rows = [[(" ", "")] * (len(days) * width) for _ in range(CHART_HEIGHT + 1)]

    def put(column: int, value: float | None, char: str, style: str) -> None:
        if value is None:
            return
        level = min(CHART_HEIGHT, max(0, math.floor(value / top * CHART_HEIGHT + 0.5)))
        cell = column * width + width // 2
        current = rows[CHART_HEIGHT - level][cell][0]
        rank = {_ACTUAL: 3, _IDEAL: 2, _SCOPE: 1, " ": 0}
        if rank[char] > rank.get(current, 0):
            rows[CHART_HEIGHT - level][cell] = (char, style)

    for column, day in enumerate(days):
        put(column, day.scope, _SCOPE, "magenta")
        put(column, day.ideal, _IDEAL, "yellow")
        put(column, day.remaining, _ACTUAL, "bold cyan")
    labels = {0: _label(top), CHART_HEIGHT // 2: _label(top / 2), CHART_HEIGHT: "0"}
    pad = max(len(v) for v in labels.values())
    lines: list[list[Cell]] = []
    for r, row in enumerate(rows):
        label = labels.get(r)
        axis = f"{label:>{pad}} ┤" if label is not None else f"{'':>{pad}} │"
        lines.append([(c, "dim") for c in axis] + row)
    lines.append([(c, "dim") for c in f"{'':>{pad}} └{'─' * (len(days) * width)}"])
    first, last = days[0].date.strftime("%m-%d"), days[-1].date.strftime("%m-%d")
    span = len(days) * width
    axis_labels = (
        first if span < len(first) + len(last) + 1 else first + last.rjust(span - len(first))
    )
    lines.append([(c, "dim") for c in f"{'':>{pad}}  {axis_labels}"])
    legend = [(c, "dim") for c in f"{'':>{pad}}  "]
    for char, style, name in (
        (_ACTUAL, "bold cyan", f"remaining {burndown.unit}"),
        (_IDEAL, "yellow", "ideal"),
        (_SCOPE, "magenta", "scope"),
    ):
        legend += [(char, style)] + [(c, "") for c in f" {name}   "]
    lines.append(legend)
    return lines


def _last_remaining(burndown: Burndown) -> float | None:
    known = [d.remaining for d in burndown.days if d.remaining is not None]
    return known[-1] if known else None


def _title(burndown: Burndown) -> str:
    sprint = ""
    if burndown.sprint_start or burndown.sprint_end:
        sprint = (
            f", sprint {_iso(burndown.sprint_start) or '?'} → {_iso(burndown.sprint_end) or '?'}"
        )
    return f"Burndown of {burndown.path} ({burndown.unit}{sprint})"


def _summary(burndown: Burndown, weeks: int = 8) -> list[str]:
    lines = []
    if burndown.forecast is not None:
        f = burndown.forecast
        lines.append(f"forecast  done by {f.date.isoformat()} at {_label(f.rate_per_day)} "
                     f"{burndown.unit}/day")  # fmt: skip
    elif _last_remaining(burndown) == 0:
        lines.append("forecast  none needed (nothing remains)")
    else:
        lines.append("forecast  none (the recent rate does not reach zero)")
    if burndown.velocity:
        shown = burndown.velocity[-weeks:]
        lines.append(
            f"velocity  ({burndown.unit} done per week)  "
            + " · ".join(f"{week} {_label(done)}" for week, done in shown)
        )
    return lines


def text_chart(burndown: Burndown) -> list[str]:
    """A plain chart for files and pipes: no colour, no bar glyphs trackmd would read."""
    lines = [_title(burndown), ""]
    lines += ["".join(c for c, _ in row).rstrip() for row in _grid(burndown)]
    lines += ["", *_summary(burndown)]
    return lines


def rich_chart(burndown: Burndown, console: Console) -> None:
    """The terminal chart: ideal vs actual, axis labels, legend, velocity under it."""
    from rich.table import Table
    from rich.text import Text

    console.print(Text(_title(burndown), style="bold"))
    for row in _grid(burndown):
        text = Text()
        for char, style in row:
            text.append(char, style=style or None)
        text.rstrip()
        console.print(text, no_wrap=True, overflow="crop")
    summary = _summary(burndown)
    console.print(Text(summary[0], style="green" if burndown.forecast else "dim"))
    if burndown.velocity:
        table = Table(title=f"Velocity ({burndown.unit} done per ISO week)", title_justify="left",
                      show_edge=False, box=None, pad_edge=False)  # fmt: skip
        table.add_column("week", style="dim")
        table.add_column("done", justify="right")
        table.add_column("")
        shown = burndown.velocity[-8:]
        most = max([abs(v) for _, v in shown] + [1.0])
        for week, done in shown:
            table.add_row(week, _label(done), "■" * round(max(done, 0) / most * 20))
        console.print(table)


# -- the D7 block ---------------------------------------------------------------------------


class Block(NamedTuple):
    """A fenced burndown block: content lines `[first, closing)` of the file."""

    first: int  # first content line (0-based)
    closing: int  # line of the closing fence
    info: str
    prefix: str  # what precedes the fence on its line (indent, `> `)


def blocks(text: str) -> list[Block]:
    """Fenced blocks under a heading containing "Burndown", or right after the marker."""
    from markdown_it import MarkdownIt

    from trackmd.core.source import Source

    source = Source.of(text)
    lines = source.lines()
    md_lines = list(lines)
    if md_lines and md_lines[0].rstrip() == "---":  # front matter is not Markdown
        end = next(
            (i for i in range(1, len(md_lines)) if md_lines[i].rstrip() in ("---", "...")), 0
        )
        for i in range(end + 1 if end else 0):
            md_lines[i] = ""
    tokens = MarkdownIt("commonmark").parse("\n".join(md_lines))
    found: list[Block] = []
    under_burndown = False
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            content = tokens[i + 1].content if i + 1 < len(tokens) else ""
            under_burndown = "burndown" in content.casefold()
            continue
        if tok.type != "fence" or tok.map is None:
            continue
        start, stop = tok.map
        marked = start > 0 and lines[start - 1].strip() == MARKER
        if not (under_burndown or marked):
            continue
        under_burndown = False  # the first fenced block under the heading
        opening = lines[start]
        closing = stop - 1
        fence = tok.markup
        if closing <= start or not lines[closing].lstrip(" \t>").startswith(fence):
            raise BadInput(
                f"the burndown block at line {start + 1} has no closing {fence}; close it first"
            )
        prefix = opening[: opening.index(fence)]
        found.append(Block(start + 1, closing, tok.info.strip(), prefix))
    return found


def regenerate(text: str, burndown: Burndown) -> str:
    """The text with every burndown block's content redrawn; nothing else changes."""
    from trackmd.core.source import Source

    source = Source.of(text)
    chart = text_chart(burndown)
    graph = mermaid(burndown)
    found = blocks(text)
    lines = source.lines()
    for block in reversed(found):
        content = chart
        if block.info.split()[:1] == ["mermaid"]:
            inits = [
                line[len(block.prefix) :] if line.startswith(block.prefix) else line.lstrip()
                for line in lines[block.first : block.closing]
                if line.strip(" \t>").startswith("%%{")
            ]  # the user's own `%%{init}%%` line is theirs: kept as written
            content = [inits[0] if inits else mermaid_init(burndown), *graph]
        start = source.line_starts[block.first]
        end = source.line_starts[block.closing]
        opening_end = source.line_ends[block.first - 1]
        newline = text[opening_end : source.line_starts[block.first]] or source.newline()
        body = "".join((block.prefix + line).rstrip() + newline for line in content)
        text = text[:start] + body + text[end:]
    return text


def write(path: Path, burndown: Burndown) -> bool:
    """Regenerate the file's burndown blocks in place (atomic); False when nothing changed."""
    from trackmd.io import files

    with files.locked(path):
        loaded = files.read(path)
        if not blocks(loaded.text):
            raise BadInput(
                f"{path}: no burndown block; add a fenced block under a heading containing "
                f"'Burndown', or put {MARKER} on the line before a fenced block"
            )
        text = regenerate(loaded.text, burndown)
        if text == loaded.text:
            return False
        files.write_atomic(path, text.encode("utf-8"), loaded.data)
    return True
