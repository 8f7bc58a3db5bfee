"""What the server knows of one open document: whether it is a tracker, and its model.

The text is the editor's (never read from disk); settings and discovery rules are the
project's, as for the CLI, so the editor's trackers are those `trackmd check` takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from trackmd.lsp.positions import LineIndex

if TYPE_CHECKING:
    from trackmd.core.derive import Counts
    from trackmd.core.model import Diagnostic, Document, Edit
    from trackmd.core.parse.warm import Blocks


@dataclass
class Analysis:
    """One version of one document. The model is parsed on first use, once per version,
    reading again only the Markdown blocks changed since the last version parsed."""

    uri: str
    text: str
    version: int | None
    encoding: str = "utf-16"
    problems: list[Diagnostic] = field(default_factory=list)  # config errors, unreadable
    previous: Blocks | None = None  # the read of the last version parsed, used up by this one
    blocks: Blocks | None = None  # this version's read, once parsed

    def then(self, text: str, version: int | None, encoding: str) -> Analysis:
        """The document's next version, given what this one read (or was to read)."""
        parsed = "doc" in self.__dict__
        kept = self.blocks if parsed else self.previous
        return Analysis(self.uri, text, version, encoding, previous=kept)

    @cached_property
    def path(self) -> Path | None:
        from pygls.uris import to_fs_path

        if not self.uri.startswith("file:"):
            return None
        found = to_fs_path(self.uri)
        return Path(found) if found else None

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text, self.encoding)

    @cached_property
    def tracker(self) -> bool:
        """Discovery's rule: the configured globs, else the name or `trackmd:` front matter."""
        from trackmd.core.errors import TrackmdError
        from trackmd.io import files
        from trackmd.io.project import project_settings

        path = self.path
        if path is None:
            return False
        try:
            globs = project_settings(path).files
        except TrackmdError:
            return files.is_tracker(path.name, self.text[:4096].encode("utf-8", "replace"))
        root = files.repo_root(path.parent) or path.parent
        try:
            rel = path.resolve().relative_to(root).as_posix()
        except ValueError:
            rel = path.name
        head = self.text[:4096].encode("utf-8", "replace")
        return files.is_tracker(rel, head, globs)

    @cached_property
    def doc(self) -> Document | None:
        """The parsed tracker; None for other documents. A bad configuration is a problem
        on the first line (as `trackmd check` would exit 3 with it), not a crash."""
        if not self.tracker or self.path is None:
            return None
        from trackmd.app.api import display_path
        from trackmd.core.errors import TrackmdError
        from trackmd.core.model import Diagnostic, Severity
        from trackmd.core.parse import parse_warm
        from trackmd.io.project import project_settings

        try:
            settings = project_settings(self.path)
        except TrackmdError as error:
            self.problems.append(Diagnostic(1, 1, Severity.ERROR, "config", error.message))
            return None
        previous, self.previous = self.previous, None
        doc, self.blocks = parse_warm(self.text, display_path(self.path), settings, previous)
        for diag in doc.diagnostics:
            if diag.code == "config":
                self.problems.append(diag)
        return doc

    @cached_property
    def stale(self) -> list[Edit]:
        from trackmd.core.edit import out_of_date

        return out_of_date(self.doc, self.counts) if self.doc is not None else []

    @cached_property
    def counts(self) -> Counts:
        from trackmd.core.derive import Counts

        assert self.doc is not None
        return Counts(self.doc)
