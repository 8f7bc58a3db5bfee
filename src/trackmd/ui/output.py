"""What the commands print besides the rendered trackers: error and warning lines, JSON, diffs
and GitHub workflow commands, every one with the file's control characters shown, not sent."""

from __future__ import annotations

import re
import sys

from trackmd.ui.render import visible


def error(message: str) -> None:
    """One line on stderr: `trackmd: message`."""
    sys.stderr.write(f"trackmd: {visible(message)}\n")


def warning(message: str) -> None:
    sys.stderr.write(f"warning: {visible(message)}\n")


def text(value: str) -> None:
    """Plain text on stdout (already escaped by its maker, or made by trackmd)."""
    sys.stdout.write(value)


def print_json(payload: object) -> None:
    """JSON on stdout: DEL and C1 controls as \\u escapes (json leaves them raw), and ASCII
    only where the stream cannot encode the text (so no data is lost to `?`)."""
    try:
        "█✔→é".encode(sys.stdout.encoding or "utf-8")
        ascii_only = False
    except (UnicodeEncodeError, LookupError):
        ascii_only = True
    import json

    dumped = json.dumps(payload, ensure_ascii=ascii_only, indent=2)
    dumped = re.sub("[\x7f-\x9f\u2028\u2029]", lambda m: f"\\u{ord(m.group()):04x}", dumped)
    sys.stdout.write(dumped + "\n")


def show_diff(diff: str) -> None:
    """A diff on stdout, with control characters from the file shown, not sent."""
    sys.stdout.write(visible(diff))


def diagnostic_line(where: str, severity: str, code: str, message: str) -> None:
    """`path:line:col: severity code message`, on one line whatever the message holds."""
    line = f"{where}: {severity} {code} {message}"
    sys.stdout.write(visible(line.replace("\r", "\\r").replace("\n", "\\n")) + "\n")


def github_annotation(
    level: str, file: str, line: int, column: int, title: str, message: str
) -> None:
    """A GitHub workflow command (`::error file=…::message`), escaped as the runner reads it."""
    sys.stdout.write(
        f"::{level} file={github_property(file)},line={line},col={column},"
        f"title={github_property(title)}::{github_data(message)}\n"
    )


def github_data(value: str) -> str:
    """A workflow command's message, escaped as GitHub's runner unescapes it."""
    return visible(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(value: str) -> str:
    """A workflow command's property value (`file=`, `title=`): data rules plus `:` and `,`."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")
