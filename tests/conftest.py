"""Shared test helpers: the CLI through CliRunner, real git repositories, ../shared."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from trackmd.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
FIXED_DATE = "2026-11-22"


def shared(sub: str) -> Path:
    """A folder of ../shared, or skip: a fresh clone has no ../shared beside it."""
    path = SHARED / sub
    if not path.is_dir():
        pytest.skip(f"../shared/{sub} is absent (fresh clone without the shared folder)")
    return path


def seed(number: str) -> Path:
    matches = sorted(shared("seeds").glob(f"{number}_*.md"))
    if not matches:
        pytest.skip(f"seed {number} is absent from ../shared/seeds")
    return matches[0]


def corpus_files() -> list[Path]:
    folder = SHARED / "corpus"
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def seed_files() -> list[Path]:
    folder = SHARED / "seeds"
    return sorted(p for p in folder.glob("0*.md")) if folder.is_dir() else []


@pytest.fixture(params=["scanner", "markdown-it"])
def either_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The test once with each block reader (`TRACKMD_PARSER`): it must pass with both."""
    parser: str = request.param
    monkeypatch.setenv("TRACKMD_PARSER", parser)
    return parser


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the real CLI in-process, colour off, fixed width, today pinned."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        full_env = {"NO_COLOR": "1", "COLUMNS": "120", "TRACKMD_TODAY": FIXED_DATE}
        full_env.update(env or {})
        return runner.invoke(app, list(args), env=full_env)

    return invoke


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ada Tester",
    "GIT_AUTHOR_EMAIL": "ada@example.com",
    "GIT_COMMITTER_NAME": "Ada Tester",
    "GIT_COMMITTER_EMAIL": "ada@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git_env(date: str = "2026-11-02T10:00:00+00:00") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV)
    env["GIT_AUTHOR_DATE"] = date
    env["GIT_COMMITTER_DATE"] = date
    env["HOME"] = env.get("HOME", "/tmp")
    return env


def git(repo: Path, *args: str, date: str = "2026-11-02T10:00:00+00:00") -> str:
    out = subprocess.run(
        ["git", *args], cwd=repo, env=git_env(date), capture_output=True, text=True, check=True
    )
    return out.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    """A real, empty git repository with a fixed identity."""
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "Ada Tester")
    git(path, "config", "user.email", "ada@example.com")
    git(path, "config", "commit.gpgsign", "false")
    yield path


# Keep the parse cache of in-process and subprocess runs out of the real home folder.
os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="trackmd-test-cache-"))


@pytest.fixture
def interruptible() -> Iterator[None]:
    """Ctrl-C reaches the processes a test starts even when the tests run as a background job
    (`make test &`): there SIGINT starts ignored, children inherit that and Python leaves it
    so; a handler is not inherited, so with one here a child starts with the default."""
    ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    if ignored:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
