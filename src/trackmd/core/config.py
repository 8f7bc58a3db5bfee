"""Settings: front matter and configuration values checked into `Settings`.

Pure: the configuration files are read by `trackmd.io.project`."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

from trackmd.core.errors import BadInput
from trackmd.core.model import Settings, State

KEYS = (
    "files", "statuses", "count", "done_when", "touch_last_updated", "done_marker", "sprint",
    "max_size_mb", "dialect", "parser",
)  # fmt: skip


MESSAGE_VALUE_CHARS = 80  # a value quoted in a message is cut here, with "…"


def shown(value: object, limit: int = MESSAGE_VALUE_CHARS) -> str:
    """`repr(value)` for a message: bounded in depth and length however big the value is."""
    import reprlib

    short = reprlib.Repr()
    short.maxlevel, short.maxstring, short.maxother = 3, 2 * limit, 2 * limit
    short.maxlist = short.maxtuple = short.maxdict = short.maxset = 8
    text = short.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AliasInFrontMatter(BadInput):
    """Front matter with a YAML alias: refused, an alias can expand without bound."""


def load_front_matter(block: str) -> dict[str, object]:
    """The metadata of a `---` front-matter block, read with YAML's safe loader, refusing
    aliases (`*name`): a few hundred bytes of nested aliases expand to billions of values.

    Raises `AliasInFrontMatter` for an alias, YAML's own errors for invalid YAML.
    """
    import frontmatter

    post = frontmatter.loads(block, handler=_handler())
    return dict(post.metadata)


@functools.cache
def _handler() -> Any:
    """The YAML handler, made once (classes made per call would be reference cycles)."""
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()  # type: ignore[no-untyped-call]
                line = event.start_mark.line + 1 if event.start_mark is not None else 0
                raise AliasInFrontMatter(
                    f"front matter line {line}: YAML aliases (*{shown(event.anchor, 40)[1:-1]}) "
                    "are refused; write the value out"
                )
            return super().compose_node(parent, index)

    class Handler(YAMLHandler):
        def load(self, fm: str, **kwargs: object) -> Any:
            return yaml.load(fm, Loader=NoAliasLoader)

    return Handler()


def settings_from(data: object, origin: str, base: Settings | None = None) -> Settings:
    """Validate a configuration mapping; raise BadInput naming the first bad key."""
    base = base or Settings()
    if data is None:
        return base
    if not isinstance(data, Mapping):
        raise BadInput(f"{origin}: trackmd settings must be a table of keys, not {shown(data)}")
    changes: dict[str, object] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise BadInput(
                f"{origin}: unknown trackmd setting {shown(key)} (known: {', '.join(KEYS)})"
            )
        if key == "files":
            globs = [value] if isinstance(value, str) else value
            if not isinstance(globs, list) or not all(isinstance(g, str) for g in globs):
                raise BadInput(f"{origin}: 'files' must be a list of glob patterns")
            changes["files"] = tuple(globs)
        elif key == "statuses":
            changes["statuses"] = _statuses(value, origin)
        elif key == "count":
            if value not in ("top", "all"):
                raise BadInput(f'{origin}: \'count\' must be "top" or "all", not {shown(value)}')
            changes["count"] = value
        elif key == "done_when":
            if value is not None and not isinstance(value, str):
                raise BadInput(
                    f"{origin}: 'done_when' must be a label such as \"Acceptance Criteria\""
                )
            changes["done_when"] = value
        elif key == "touch_last_updated":
            if not isinstance(value, bool):
                raise BadInput(f"{origin}: 'touch_last_updated' must be true or false")
            changes["touch_last_updated"] = value
        elif key == "dialect":
            from trackmd.core.dialect import DIALECTS

            if value not in DIALECTS:
                raise BadInput(
                    f"{origin}: 'dialect' must be one of {', '.join(DIALECTS)}, not {shown(value)}"
                )
            changes["dialect"] = value
        elif key == "parser":
            if value not in ("scanner", "markdown-it"):
                raise BadInput(
                    f'{origin}: \'parser\' must be "scanner" or "markdown-it", not {shown(value)}'
                )
            changes["parser"] = value
        elif key == "done_marker":
            if value not in ("x", "X"):
                raise BadInput(f'{origin}: \'done_marker\' must be "x" or "X", not {shown(value)}')
            changes["done_marker"] = value
        elif key == "max_size_mb":
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise BadInput(f"{origin}: 'max_size_mb' must be a positive number of megabytes")
            changes["max_size_mb"] = float(value)
        elif key == "sprint":
            if not isinstance(value, Mapping):
                raise BadInput(f"{origin}: 'sprint' must have 'start' and 'end' dates")
            for part in value:
                if part not in ("start", "end"):
                    raise BadInput(f"{origin}: unknown sprint setting {shown(part)} (start, end)")
            for part in ("start", "end"):
                if part in value:
                    changes[f"sprint_{part}"] = _date(value[part], f"{origin}: sprint.{part}")
    return base._replace(**changes)  # type: ignore[arg-type]


def _statuses(value: object, origin: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, Mapping):
        raise BadInput(f"{origin}: 'statuses' maps a state to a list of words")
    result = []
    states = [s.value for s in State]
    for state, words in value.items():
        if state not in states:
            raise BadInput(
                f"{origin}: unknown state {shown(state)} in 'statuses' ({', '.join(states)})"
            )
        listed = [words] if isinstance(words, str) else words
        if not isinstance(listed, list) or not all(isinstance(w, str) for w in listed):
            raise BadInput(f"{origin}: statuses.{state} must be a list of words")
        result.append((state, tuple(listed)))
    return tuple(result)


def _date(value: object, origin: str) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise BadInput(f"{origin} must be a date like 2026-11-02, not {shown(value)}")
