"""The folds text is compared in: one home for each, named for what it ignores."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, cast

from trackmd.core import patterns

_SPACES = patterns.compile(r"\s+")


def fold_case(text: str) -> str:
    """Lower case, with a typographic apostrophe as `'`: how status words are matched."""
    return text.lower().replace("’", "'")


def fold_accents(text: str) -> str:
    """Case and accents folded away (`Début` → `debut`, `März` → `marz`): field keys and
    month names."""
    if text.isascii():  # nothing to decompose (most keys and months)
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_for_match(text: str) -> str:
    """Case-, accent-, markup- and emoji-insensitive form: how a REF matches item text."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = "".join(c for c in s if c.isalnum() or c in " /*.-_:#@&'+")
    s = s.replace("*", " ").replace("`", "")
    return _SPACES.sub(" ", s).strip().lower()


class _Lazy:
    """A pattern compiled at its first use: rare forms (Obsidian's recurrence rules, a time
    in a Last Updated stamp) cost a cold run nothing until a file has them. After the first
    use its methods are the compiled pattern's own, stored on it (no lookup per call)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = patterns.compile(*self._source)
        for method in ("match", "search", "fullmatch", "finditer", "findall", "sub", "split"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def lazy_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`patterns.compile(pattern, flags)`, compiled when first used."""
    return cast("re.Pattern[str]", _Lazy(pattern, flags))
