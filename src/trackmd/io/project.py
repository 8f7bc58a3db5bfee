"""The project's configuration files: `.trackmd.toml`, else `[tool.trackmd]` in pyproject.toml."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from trackmd.core.config import settings_from
from trackmd.core.errors import BadInput
from trackmd.core.model import Settings


def load_project_settings(root: Path) -> Settings:
    """`.trackmd.toml` wins over `[tool.trackmd]` in pyproject.toml; neither: defaults."""
    dotfile = root / ".trackmd.toml"
    if dotfile.is_file():
        data = _toml(dotfile)
        tool = data.get("tool")
        if isinstance(tool, Mapping) and "trackmd" in tool:
            return settings_from(tool["trackmd"], str(dotfile))
        return settings_from(data, str(dotfile))
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        data = _toml(pyproject)
        tool = data.get("tool", {})
        if isinstance(tool, Mapping) and "trackmd" in tool:
            return settings_from(tool["trackmd"], f"{pyproject} [tool.trackmd]")
    return Settings()


def _toml(path: Path) -> dict[str, object]:
    import tomllib

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise BadInput(f"{path}: cannot read configuration: {error}") from error


@lru_cache(maxsize=4096)  # a monorepo's trackers sit in as many folders
def _root_of(folder: Path) -> Path:
    from trackmd.io.files import repo_root

    return repo_root(folder) or folder


Signature = tuple[tuple[int, int] | None, ...]


def _signature(root: Path) -> Signature:
    """What the configuration files look like on disk (mtime, size), or None where absent:
    a long-running process (the language server, `--watch`) sees an edited file at once."""
    seen: list[tuple[int, int] | None] = []
    for name in (".trackmd.toml", "pyproject.toml"):
        try:
            info = (root / name).stat()
        except OSError:
            seen.append(None)
        else:
            seen.append((info.st_mtime_ns, info.st_size))
    return tuple(seen)


@lru_cache(maxsize=64)
def _settings_of(root: Path, signature: Signature) -> Settings:
    return load_project_settings(root)


def forget_settings() -> None:
    """Read the configuration afresh (each CLI invocation; tests run many in one process)."""
    _root_of.cache_clear()
    _settings_of.cache_clear()


def project_settings(path: Path) -> Settings:
    """Settings of the repository (or, outside one, the folder) holding `path`, read again
    whenever a configuration file there changes."""
    folder = path if path.is_dir() else path.parent
    root = _root_of(folder.resolve())
    return _settings_of(root, _signature(root))
