"""The short fuzzing pass CI runs; `make fuzz` runs the long one."""

from __future__ import annotations

import os

from tests.fuzz import fuzz, mutate
from tests.test_invariants import check_invariants


def test_short_fuzz_pass_finds_no_failure() -> None:
    seconds = float(os.environ.get("TRACKMD_FUZZ_SECONDS", "20"))
    count = fuzz(seconds, seed=20261122, check=check_invariants)
    assert count > 20  # it really ran inputs through parse → plan → apply


def test_mutations_change_the_input() -> None:
    import random

    rng = random.Random(1)
    data = b"# T\n- [ ] a\n- [x] b\n"
    assert any(mutate(rng, data) != data for _ in range(10))
