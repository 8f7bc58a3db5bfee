"""The trackers of ../shared/corpus2 against a person's counts (EXPECTED.tsv): a ratchet.
The files trackmd already counts as the person does must stay so (issue 14 raises the bar)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import shared
from trackmd.app import api
from trackmd.core.derive import Counts

# Files counted as the person counts them today; a file leaves this list only by a decision.
AGREED = {"01", "13", "14", "17", "21", "24", "28", "29", "30", "33", "34"}


def readings() -> list[tuple[str, Path, set[tuple[int, int]]]]:
    folder = shared("corpus2")
    rows = list(csv.DictReader((folder / "EXPECTED.tsv").open(encoding="utf-8"), delimiter="\t"))
    out = []
    for row in rows:
        path = next(folder.glob(f"{row['file_nn']}_*.md"))
        wanted = {(int(row["human_done"]), int(row["human_total"]))}
        for key, value in row.items():
            if key and key.startswith("alt_") and key.endswith("done") and value:
                total = row.get(key.replace("done", "total")) or ""
                if total:
                    wanted.add((int(value), int(total)))
        out.append((row["file_nn"], path, wanted))
    return out


def test_the_files_counted_as_a_person_does_stay_so() -> None:
    agreed = set()
    for number, path, wanted in readings():
        progress = Counts(api.load(path).doc).document
        if (progress.done, progress.total) in wanted:
            agreed.add(number)
    assert agreed >= AGREED, f"no longer as a person counts: {sorted(AGREED - agreed)}"
    if agreed - AGREED:
        pytest.fail(f"newly agreeing, add them to AGREED: {sorted(agreed - AGREED)}")
