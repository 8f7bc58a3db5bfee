"""The folds text is compared in: one home for each, named for what it ignores."""

from __future__ import annotations

import re
import unicodedata


def fold_case(text: str) -> str:
    """Lower case, with a typographic apostrophe as `'`: how status words are matched."""
    return text.lower().replace("’", "'")


def fold_accents(text: str) -> str:
    """Case and accents folded away (`Début` → `debut`, `März` → `marz`): field keys and
    month names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_for_match(text: str) -> str:
    """Case-, accent-, markup- and emoji-insensitive form: how a REF matches item text."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = "".join(c for c in s if c.isalnum() or c in " /*.-_:#@&'+")
    s = s.replace("*", " ").replace("`", "")
    return re.sub(r"\s+", " ", s).strip().lower()
