"""Terminal output: plain text when styles would not show, Rich's rendering when they do."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from trackmd.ui import render

STYLES = st.sampled_from(["", "bold", "dim", "green", "yellow", "red", "bold cyan"])
# Text Rich passes through unchanged: no control characters (those are tested separately).
PLAIN = st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t"))
SEGMENTS = st.lists(st.tuples(PLAIN, STYLES), max_size=12)


def rich_plain(segments: list[render.Segment]) -> str:
    """What Rich prints for the segments on a stream that is not a terminal."""
    buffer = io.StringIO()
    text = Text()
    for part, style in segments:
        text.append(part, style or None)
    console = Console(file=buffer, highlight=False, soft_wrap=False, tab_size=1)
    console.print(text, end="", soft_wrap=True, overflow="ignore", crop=False)
    return buffer.getvalue()


@settings(max_examples=300, deadline=None)
@given(SEGMENTS)
def test_plain_output_is_what_rich_prints_off_a_terminal(
    segments: list[render.Segment],
) -> None:
    segments = [(part.replace("\t", " "), style) for part, style in segments]
    out = io.StringIO()
    render.write_segments(out, segments, styles=False)
    assert out.getvalue() == rich_plain(segments)


def rich_styled(segments: list[render.Segment]) -> str:
    """What Rich prints for the segments as a Text on a terminal."""
    buffer = io.StringIO()
    text = Text()
    for part, style in segments:
        text.append(part, style or None)
    console = Console(file=buffer, force_terminal=True, color_system="standard", highlight=False)
    console.print(text, end="", soft_wrap=True, overflow="ignore", crop=False)
    return buffer.getvalue()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)  # the same environment serves every example
@given(SEGMENTS)
def test_styled_output_is_what_rich_prints_for_the_text(
    monkeypatch: pytest.MonkeyPatch, segments: list[render.Segment]
) -> None:
    monkeypatch.setenv("TERM", "xterm")  # the standard 16 colours, as `rich_styled` uses
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    segments = [(part.replace("\t", " "), style) for part, style in segments]
    out = io.StringIO()
    render.write_segments(out, segments, styles=True)
    assert out.getvalue() == rich_styled(segments)


def test_plain_output_shows_control_characters_escaped() -> None:
    out = io.StringIO()
    segments = [("a\x1b[31mb\x07c\r\n", ""), ("\td\x7f\x9b\re", "bold")]
    render.write_segments(out, segments, styles=False)
    assert out.getvalue() == "a\\x1b[31mb\\x07c\n\td\\x7f\\x9b\\x0de"
    styled = io.StringIO()
    render.write_segments(styled, segments, styles=True)
    assert "\x1b[31m" not in styled.getvalue() and "\\x1b[31m" in styled.getvalue()
    assert not any(c in styled.getvalue() for c in "\x07\x7f\x9b\r")


def test_styles_go_through_rich_on_a_terminal() -> None:
    out = io.StringIO()
    render.write_segments(out, [("done", "green"), (" · ", "")], styles=True)
    assert out.getvalue() == "\x1b[32mdone\x1b[0m · "


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        ({}, False, False),
        ({}, True, True),
        ({"TERM": "dumb"}, True, False),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": ""}, True, False),
        ({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, True, False),
        ({"TTY_COMPATIBLE": "1"}, False, True),
    ],
)
def test_styles_show_where_rich_would_show_them(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool, expected: bool
) -> None:
    for name in ("TERM", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return tty

    assert render.styled(Stream()) is expected
    assert Console(file=Stream()).is_terminal is expected or env.get("TERM") == "dumb"


def test_clip_and_width_count_terminal_cells() -> None:
    assert render.width("abc") == 3
    assert render.width("日本") == 4
    assert render.clip("abcdef", 4) == "abc…"
    assert render.clip("日本語", 5) == "日本…"
    assert render.clip("short", 10) == "short"


@pytest.mark.parametrize(
    ("line", "shown"),
    [("**API-1** build the api", "build the api"), ("**API-1**: ship docs", "ship docs"),
     ("API-1 — plain", "plain"), ("API-1: write tests", "write tests"),
     ("**API-1** - fix it", "fix it"), ("API-1x odd", "API-1x odd"), ("no id here", "no id here"),
     ("**API-1**", "**API-1**")],
)  # fmt: skip
def test_an_item_listed_shows_its_id_once(line: str, shown: str) -> None:
    """`list` and `status --open` give the explicit ID its own place; the text after it is
    shown without it (an ID that runs on, or nothing after it, leaves the text whole)."""
    from trackmd.core.parse import parse

    item = parse(f"# Plan\n\n- [ ] {line}\n").items[0]
    assert render.after_id(item) == shown, item.id
    table = "".join(
        cell[0] for cell in render.item_table([(parse(f"# P\n\n- [ ] {line}\n"), item)])
    )
    assert table.count("API-1") == (item.id is not None) + shown.count("API-1"), table
