"""The burndown command's library (SPEC §5): the series, its formats and the D7 block.

`series` computes the days, `charts` draws them, `chartblock` rewrites a tracker's burndown
block; this module names what the `burndown` use case calls.
"""

from __future__ import annotations

from trackmd.history.chartblock import MARKER, Block, blocks, regenerate, write
from trackmd.history.charts import (
    ACTUAL_COLOUR,
    IDEAL_COLOUR,
    mermaid,
    mermaid_init,
    rich_chart,
    text_chart,
    to_csv,
    to_json,
)
from trackmd.history.series import FORMATS, SCHEMA, Burndown, Day, Forecast, build, series

__all__ = [
    "ACTUAL_COLOUR",
    "FORMATS",
    "IDEAL_COLOUR",
    "MARKER",
    "SCHEMA",
    "Block",
    "Burndown",
    "Day",
    "Forecast",
    "blocks",
    "build",
    "mermaid",
    "mermaid_init",
    "regenerate",
    "rich_chart",
    "series",
    "text_chart",
    "to_csv",
    "to_json",
    "write",
]
