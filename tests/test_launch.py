"""`launch` reads the hot commands' lines without Typer (issue 15): held to Typer here.

Three holds: the option table is Typer's own parameters, option for option; every line
`launch.read` takes is read by Typer's parser to the very same arguments (hypothesis over
lines of known and unknown options, values and paths); and running a line both ways gives
the same output, exit code and files."""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from trackmd import cli, launch

KINDS = {"BoolParamType": launch.FLAG, "StringParamType": launch.TEXT,
         "IntRange": launch.COUNT, "TyperPath": launch.PATHS}  # fmt: skip


def typer_command(name: str) -> Any:
    import typer.main

    return typer.main.get_command(cli.app).commands[name]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(launch.OPTIONS))
def test_the_table_is_typers_own(name: str) -> None:
    """Each option `launch` reads is a Typer option of that command with the same parameter
    and kind, and every Typer option of it is read here; the positional arguments are the
    same, and the function's defaults are Typer's."""
    function, takes, options = launch.OPTIONS[name]
    command = typer_command(name)
    theirs: dict[str, tuple[str, str]] = {}
    for param in command.params:
        kind = KINDS[type(param.type).__name__]
        if param.param_type_name == "argument":
            assert (param.name, param.nargs, param.required) == (takes, -1, takes == "refs")
            continue
        if kind == launch.COUNT:
            assert (param.type.min, param.type.max) == (1, None), param.name
        assert param.multiple == (kind == launch.PATHS), param.name
        assert not param.secondary_opts, param.name  # no --no-flag forms to read
        theirs |= dict.fromkeys(param.opts, (param.name, kind))
        signature = inspect.signature(function).parameters[param.name]
        assert signature.default == param.default, param.name
    assert options == theirs


JUNK = ["--nope", "-x", "-h", "--help", "--", "-", "-f", "--json=1", "--depth=2", "--date="]
VALUE = st.sampled_from(["0", "1", "12", "-1", "+3", "007", "１", "1_0", " 2", "abc", "",
                         "a b", "x=y", "2026-01-02", "TODO.md", "--json", "-f", "NOTES.md"])  # fmt: skip


@st.composite
def lines(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A command and a line for it: its own options (as `--name value`, `--name=value` or
    bare), stray values and paths, and now and then an option it does not have."""
    name = draw(st.sampled_from(sorted(launch.OPTIONS)))
    own = sorted(launch.OPTIONS[name][2])
    args: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 9))
        if kind < 6:
            option = draw(st.sampled_from(own))
            if draw(st.booleans()):
                args.append(f"{option}={draw(VALUE)}")
            else:
                args += [option, draw(VALUE)] if draw(st.booleans()) else [option]
        elif kind < 9:
            args.append(draw(VALUE))
        else:
            args.append(draw(st.sampled_from(JUNK)))
    return name, args


def typer_reads(name: str, args: list[str]) -> dict[str, object] | None:
    """What Typer's parser makes of the line (its converted parameters), None if it refuses."""
    command = typer_command(name)
    try:
        context = command.make_context(name, list(args))
    except Exception:  # Typer's usage errors and --help (its Exit): not read
        return None
    return dict(context.params)


def normal(values: dict[str, object]) -> dict[str, object]:
    """Arguments with lists and tuples as lists of strings, empty ones as absent."""
    out: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, list | tuple):
            value = [str(v) for v in value] or None
        out[key] = value
    return out


@settings(max_examples=1500, deadline=None)
@given(line_for=lines())
def test_every_line_read_here_typer_reads_the_same(line_for: tuple[str, list[str]]) -> None:
    name, args = line_for
    line = launch.read([name, *args])
    if line is None:
        return  # Typer reads it (or refuses it): nothing here to hold
    function = launch.OPTIONS[name][0]
    defaults = {
        k: p.default
        for k, p in inspect.signature(function).parameters.items()
        if p.default is not inspect.Parameter.empty
    }
    theirs = typer_reads(name, args)
    assert theirs is not None, f"read here, refused by Typer: {[name, *args]}"
    assert normal({**defaults, **line[1]}) == normal(theirs), [name, *args]


@pytest.mark.parametrize(
    "argv",
    [["status", "--help"], ["status", "-h"], ["--version"], ["status", "--json", "--json"],
     ["status", "--depth", "0"], ["status", "--depth", "x"], ["done"], ["done", "--", "-3"],
     ["status", "--nope"], ["stat"], ["burndown"], ["done", "a", "--all=yes"],
     ["status", "--date"], ["list", "--limit", "+3"], ["status", ""]],
)  # fmt: skip
def test_lines_left_to_typer(argv: list[str]) -> None:
    """Help, typos, repeats and odd values are Typer's to read or refuse."""
    assert launch.read(argv) is None


def test_a_bare_trackmd_is_status() -> None:
    assert launch.read([]) == ("status", {})
    assert launch.read(["done", "A-1", "-f", "a.md", "--file=b.md", "x"]) == (
        "done",
        {"file": [Path("a.md"), Path("b.md")], "refs": ["A-1", "x"]},
    )


TRACKER = """\
# Sprint

**Progress**: 0/3 (0%)
**Last Updated**: 2026-11-01

## Build

- [ ] A-1 write the parser
- [x] A-2 write the model
- [ ] A-3 ship it
"""

LINES = [
    [], ["status"], ["status", "--json"], ["status", "--open", "--depth", "1"],
    ["status", "--format", "markdown", "TODO.md"], ["list"], ["list", "--state", "open"],
    ["list", "--json", "--limit", "2"], ["next"], ["next", "--limit=1"], ["board"],
    ["check"], ["check", "--format", "github"], ["sync", "--dry-run"], ["sync"],
    ["done", "A-1"], ["done", "A-1", "--dry-run"], ["undo", "A-2", "-f", "TODO.md"],
    ["start", "A-3"], ["block", "A-3"], ["done", "nothing"], ["status", "missing.md"],
    ["list", "--state", "bogus"], ["status", "--date", "2026-13-40"],
]  # fmt: skip


def run_both(tmp_path: Path, argv: list[str], capfd: pytest.CaptureFixture[str]) -> None:
    results = []
    for way, run in (("launch", launch.code), ("typer", cli.command_code)):
        folder = tmp_path / way
        folder.mkdir()
        (folder / "TODO.md").write_text(TRACKER, encoding="utf-8")
        os.chdir(folder)
        code = run(list(argv))
        out, err = capfd.readouterr()
        results.append((code, out, err, (folder / "TODO.md").read_bytes()))
    assert results[0] == results[1], argv


@pytest.mark.parametrize("argv", LINES, ids=" ".join)
def test_both_ways_give_the_same_run(
    tmp_path: Path, argv: list[str], capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("TRACKMD_TODAY", "2026-11-22")
    monkeypatch.setenv("TRACKMD_NO_CACHE", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    assert launch.read(argv) is not None, argv  # the line is read without Typer
    run_both(tmp_path, argv, capfd)


@pytest.mark.skipif(shutil.which("trackmd", path=str(Path(sys.executable).parent)) is None,
                    reason="trackmd is not installed beside this Python")  # fmt: skip
def test_the_installed_command_starts_without_typer(tmp_path: Path) -> None:
    """The console script is `launch.main`: `status` on a pipe imports no Typer, and its
    output is the Typer path's (`python -m trackmd.cli`-style: `cli.main`)."""
    (tmp_path / "TODO.md").write_text(TRACKER, encoding="utf-8")
    env = {**os.environ, "TRACKMD_TODAY": "2026-11-22", "TRACKMD_NO_CACHE": "1",
           "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src")}  # fmt: skip
    trackmd = str(Path(sys.executable).parent / "trackmd")
    fast = subprocess.run([trackmd, "status"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, check=False)  # fmt: skip
    typer_way = subprocess.run(
        [sys.executable, "-c", "import sys; from trackmd.cli import main; sys.argv[1:] = "
         "['status']; main()"], cwd=tmp_path, env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        typer_way.returncode,
        typer_way.stdout,
        typer_way.stderr,
    )
    assert "0/3 done" not in fast.stdout and "1/3 done" in fast.stdout
    probe = ("import sys; from trackmd import launch; code = launch.code(['status']); "
             "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'click'}))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert done.stdout.strip().splitlines()[-1] == "0 []", done.stdout


@pytest.mark.parametrize("columns", [None, "100", "abc", "0", "-3", " 90"])
def test_the_width_is_shutils(columns: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """`commands` reads the width as `shutil.get_terminal_size` does, without its imports."""
    from trackmd import commands

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert commands._columns() == shutil.get_terminal_size((80, 24)).columns


def test_a_lazy_pattern_is_compiled_at_its_first_use() -> None:
    """Rare forms' patterns cost a cold run nothing until used, then act as compiled."""
    from trackmd.core import obsidian
    from trackmd.core.parse import parse
    from trackmd.core.text import lazy_pattern

    pattern = lazy_pattern(r"every[ \t]+(\d+)?", 2)
    assert "match" not in vars(pattern)
    found = pattern.match("EVERY 3 days")
    assert found is not None and found.group(1) == "3"
    assert "match" in vars(pattern) and pattern.flags & 2
    assert [m.group(1) for m in pattern.finditer("every 1 every 2")] == ["1", "2"]
    fresh = (
        "from trackmd.core import obsidian\n"
        "from trackmd.core.parse import parse\n"
        "parse('# T\\n\\n- [ ] plain item 📅 2026-01-02\\n')\n"
        "print('match' in vars(obsidian._EVERY))\n"
    )  # a fresh interpreter: other tests here have read rules already
    done = subprocess.run([sys.executable, "-c", fresh], capture_output=True, text=True,
                          check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})  # fmt: skip
    assert done.stdout.strip() == "False", "compiled without a 🔁 rule to read"
    doc = parse("# T\n\n- [ ] water 🔁 every week 📅 2026-01-02\n")
    assert doc.items[0].recurrence == "every week"
    assert obsidian._stepper("every week") is not None  # what `done` asks of the rule
    assert "match" in vars(obsidian._EVERY)


@pytest.mark.parametrize("args", [["status"], ["list"], ["next"], ["board"], ["sync"], ["check"]])
def test_a_reading_command_imports_no_dataclasses(tmp_path: Path, args: list[str]) -> None:
    """The dataclasses module and the `inspect` it imports were a tenth of a cold run's
    imports: the commands that only read (and `check`, the pre-commit hook, and a `sync`
    with nothing to write) never load them. A write loads markdown-it-py to verify it,
    and markdown-it-py imports dataclasses itself."""
    up_to_date = "# T\n\n**Progress**: 1/2 (50%)\n\n- [x] a\n- [ ] b\n"
    (tmp_path / "TODO.md").write_text(up_to_date, encoding="utf-8")
    probe = ("import sys, io; from trackmd import launch; sys.stdout = io.StringIO(); "
             f"code = launch.code({args!r}); sys.stdout = sys.__stdout__; "
             "print(code, sorted({'dataclasses', 'inspect'} & set(sys.modules)))")  # fmt: skip
    env = {**os.environ, "TRACKMD_NO_CACHE": "1", "TRACKMD_TODAY": "2026-11-22",
           "PYTHONPATH": str(ROOT / "src")}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=True)  # fmt: skip
    code, _, modules = done.stdout.strip().rpartition("\n")[2].partition(" ")
    assert code == "0" and modules == "[]", done.stdout + done.stderr


def test_the_collector_is_set_before_the_imports_and_typer_gets_it_back() -> None:
    """A dozen young collections ran while `launch` imported the package (about 1.5% of
    a cold `status`): it sets the collector's thresholds first. A line Typer runs (`lsp`
    among them, which runs for hours) gets Python's own back."""
    probe = (
        "import gc, sys, io\n"
        "usual = gc.get_threshold()\n"
        "ran = []\n"
        "gc.callbacks.append(lambda phase, info: ran.append(phase == 'start'))\n"
        "from trackmd import launch\n"
        "hot = gc.get_threshold()\n"
        "young = sum(ran)\n"
        "sys.stdout = io.StringIO()\n"
        "code = launch.code(['--version'])\n"
        "sys.stdout = sys.__stdout__\n"
        "print(young, hot, gc.get_threshold() == usual, code, sep='|')\n"
    )  # a fresh interpreter: this one imported launch long ago
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})  # fmt: skip
    young, hot, restored, code = done.stdout.strip().split("|")
    assert int(young) <= 2, "young collections while the package was imported"
    assert hot == "(100000, 50, 50)"
    assert (restored, code) == ("True", "0")
