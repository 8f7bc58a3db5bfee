"""A real editor as the client of `trackmd lsp`: Neovim, headless. Skipped, saying why, where
Neovim is not installed (`apt-get install neovim`; the Makefile does not install it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.lsp_client import ENV, STALE, TRACKMD, cli_result

SCRIPT = Path(__file__).with_name("editors") / "nvim_sync.lua"


def test_neovim_applies_update_derived_values_and_writes_what_sync_writes(
    tmp_path: Path,
) -> None:
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("nvim is not installed (apt-get install neovim): no real editor to drive")
    path, report = tmp_path / "TODO.md", tmp_path / "report.txt"
    path.write_text(STALE, encoding="utf-8")
    env = {**ENV, "E2E_FILE": str(path), "E2E_TRACKMD": str(TRACKMD), "E2E_REPORT": str(report),
           "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state")}  # fmt: skip
    done = subprocess.run(
        [nvim, "--headless", "--clean", "-i", "NONE", "-n", "-c", f"luafile {SCRIPT}"],
        env=env, cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    lines = report.read_text(encoding="utf-8").splitlines() if report.exists() else []
    assert done.returncode == 0, (lines, done.stderr[-2000:])
    assert "diagnostic 2:14 out-of-date" in lines and "diagnostic 7:12 out-of-date" in lines
    assert lines[-1] == "written"
    expected = cli_result(tmp_path, STALE, ["sync", "{file}"])
    assert path.read_bytes() == expected.encode("utf-8")
