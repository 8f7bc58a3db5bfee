"""The one error type, carrying the exit code of SPEC §4."""

from __future__ import annotations

OK = 0
CHECK_FAILED = 1
USAGE = 2
BAD_INPUT = 3
REFUSED = 4
INTERNAL = 4  # the safety check failing is a refusal to write
INTERRUPTED = 130


class TrackmdError(Exception):
    """A failure with a one-line message for the user and an exit code."""

    def __init__(self, message: str, code: int = BAD_INPUT) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class BadInput(TrackmdError):
    def __init__(self, message: str) -> None:
        super().__init__(message, BAD_INPUT)


class Refused(TrackmdError):
    def __init__(self, message: str) -> None:
        super().__init__(message, REFUSED)
