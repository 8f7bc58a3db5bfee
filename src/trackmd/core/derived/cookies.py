"""D5: org-mode statistics cookies, `[2/5]` or `[40%]`, in headings and checkbox items."""

from __future__ import annotations

from trackmd.core.derive import Counts, Derived, Progress, Wording
from trackmd.core.model import Cookie, Document


def values(doc: Document, counts: Counts, wording: Wording) -> list[Derived]:
    out: list[Derived] = []
    for section in doc.sections:
        if section.cookie is not None:
            said = _cookie(section.cookie, counts.of(section.index))
            if said is not None:
                out.append(Derived(section.cookie.span, said, "cookie", f"{section.label} cookie"))
    for item in doc.items:
        if item.cookie is not None:
            said = _cookie(item.cookie, counts.children_of_item(item))
            if said is not None:
                out.append(Derived(item.cookie.span, said, "cookie", f"#{item.number} cookie"))
    return out


def _cookie(cookie: Cookie, progress: Progress) -> str | None:
    if not progress.total and not progress.cancelled:
        return None
    if cookie.percent:
        return f"[{progress.percent or 0}%]"
    return f"[{progress.done}/{progress.total}]"
