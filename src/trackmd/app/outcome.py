"""The one error handler: a use case's exit code, or its error as one line and a code."""

from __future__ import annotations

import sys
from collections.abc import Callable

from trackmd.core.errors import INTERRUPTED, TrackmdError
from trackmd.ui import output


def run(call: Callable[[], int | None]) -> int:
    """Run a use case afresh (configuration read again) and map trackmd's errors and Ctrl-C
    to one line on stderr and an exit code: never a traceback."""
    project = sys.modules.get("trackmd.io.project")  # not imported by every command
    if project is not None:
        project.forget_settings()
    try:
        return call() or 0
    except TrackmdError as error:
        output.error(error.message)
        return error.code
    except KeyboardInterrupt:
        output.error("interrupted; nothing half-written (writes are atomic)")
        return INTERRUPTED
    except BrokenPipeError:
        return 0


def reported(error: BaseException) -> int | None:
    """The exit code for an error raised outside a use case, its line written; None when it
    is not trackmd's."""
    if isinstance(error, TrackmdError):
        output.error(error.message)
        return error.code
    return None


def version() -> str:
    from trackmd import __version__

    return f"trackmd {__version__}"
