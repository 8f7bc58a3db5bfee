"""Whole-document behaviour held byte for byte to the golden cases in tests/cases/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.goldens import case_dirs, expected, run_case

CASES = case_dirs()
pytestmark = pytest.mark.usefixtures("either_parser")  # goldens hold with either parser


def test_there_are_enough_cases() -> None:
    # every item kind, derived kind, vocabulary rule, line-ending form and seed style
    assert len(CASES) >= 60, f"only {len(CASES)} golden cases under tests/cases"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path) -> None:
    fresh = run_case(case)
    stored = expected(case)
    assert sorted(stored) == sorted(fresh), "expected files differ in name: run `make goldens`"
    for name, data in fresh.items():
        assert stored[name] == data, f"{case.name}/{name} differs: run `make goldens` and review"
