"""`trackmd lsp`: a language server over stdio (pygls), for trackers open in an editor.

Nothing here is imported by the other commands: `serve` loads pygls when the server starts.
"""

from __future__ import annotations


def serve() -> int:
    """Run the server on stdin/stdout until the client says exit."""
    from trackmd.lsp.server import build

    build().start_io()
    return 0
