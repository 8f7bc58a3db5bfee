"""The burndown's formats: a Rich chart, a plain text chart, Mermaid, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import TYPE_CHECKING

from trackmd.history.series import Burndown, Day, iso, num

if TYPE_CHECKING:
    from rich.console import Console

CHART_HEIGHT = 10  # rows above the zero line
CHART_COLUMNS = 60  # at most this many days are drawn; longer ranges are sampled


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
        row = [num(day.remaining), num(day.done), num(day.scope), num(day.ideal)]
        writer.writerow([day.date.isoformat(), *("" if v is None else v for v in row)])
    return out.getvalue()


def _label(value: float) -> str:
    number = num(value)
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
        sprint = f", sprint {iso(burndown.sprint_start) or '?'} → {iso(burndown.sprint_end) or '?'}"
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
