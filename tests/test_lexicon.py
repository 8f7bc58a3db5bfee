"""The lexicon: one file per language (README "Changing trackmd")."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from trackmd.core import lexicon
from trackmd.core.lexicon import Vocabulary
from trackmd.core.model import State
from trackmd.core.text import fold_case

TOY = ROOT / "tests" / "fixtures" / "toy_language.json"
DOCUMENT = (
    "# Ghotlh\n\n**Ghoch**: 0/3\n\n## Part A\n\n| Task | Pat |\n|---|---|\n"
    "| one | Qapla |\n| two | Ghobe |\n| three | Vumlu |\n| four | Qapla |\n"
)


def test_every_language_file_is_read_and_english_comes_first() -> None:
    files = sorted(p.stem for p in (ROOT / "src/trackmd/core/lexicon").glob("*.json"))
    assert sorted(lang.code for lang in lexicon.LANGUAGES) == files
    assert lexicon.LANGUAGES[0] is lexicon.ENGLISH
    for lang in lexicon.LANGUAGES:
        assert len(lang.months) in (0, 12), lang.code
        for state, words in lang.words.items():
            assert set(words) <= set(lexicon.WORDS[state])
        assert set(lang.status_keys) <= lexicon.STATUS_KEYS


def test_each_word_constant_holds_its_own_field_in_every_language() -> None:
    """The constants are unpacked from a list of field names: each must be its own field's."""
    for field in lexicon.WORD_FIELDS:
        want = {w.lower() for lang in lexicon.LANGUAGES for w in getattr(lang, field)}
        assert getattr(lexicon, field.upper()) == want, field
    assert lexicon.STATUS_HEADERS >= lexicon.STATUS_KEYS
    assert lexicon.DUE_KEYS and lexicon.PROGRESS_KEYS != lexicon.UPDATED_KEYS


def test_no_word_means_two_states() -> None:
    seen: dict[str, State] = {}
    for state, words in lexicon.WORDS.items():
        for word in words:
            assert seen.setdefault(word, state) == state, word


def _run(package: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package), "TRACKMD_TODAY": "2026-11-22",
           "NO_COLOR": "1", "XDG_CACHE_HOME": str(cwd / ".cache")}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "trackmd", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip


def test_a_language_is_one_file(tmp_path: Path) -> None:
    """A copy of the package reads a toy language once its one file is dropped in."""
    package = tmp_path / "pkg"
    shutil.copytree(ROOT / "src" / "trackmd", package / "trackmd",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    work = tmp_path / "work"
    work.mkdir()
    (work / "ghotlh.md").write_text(DOCUMENT, encoding="utf-8")

    before = _run(package, work, "status", "--json")
    assert before.returncode == 3, before.stdout + before.stderr  # no tracker by that name
    before = _run(package, work, "status", "--json", "ghotlh.md")
    assert json.loads(before.stdout)["files"][0]["progress"]["total"] == 0

    shutil.copy(TOY, package / "trackmd" / "core" / "lexicon" / "tq.json")
    after = _run(package, work, "status", "--json")  # found by its name now
    assert after.returncode == 0, after.stderr
    progress = json.loads(after.stdout)["files"][0]["progress"]
    assert (progress["done"], progress["in_progress"], progress["open"]) == (2, 1, 1)
    synced = _run(package, work, "sync", "ghotlh.md")
    assert synced.returncode == 0, synced.stderr
    assert "**Ghoch**: 2/4" in (work / "ghotlh.md").read_text(encoding="utf-8")
    done = _run(package, work, "done", "two")
    assert done.returncode == 0, done.stderr
    assert "| two | Qapla |" in (work / "ghotlh.md").read_text(encoding="utf-8")


def test_a_typo_in_a_language_file_names_the_file_and_key() -> None:
    import pytest

    from trackmd.core.lexicon._language import Language

    with pytest.raises(ValueError, match=r"xx.json: unknown keys \['status_key'\]"):
        Language.from_table({"code": "xx", "status_key": ["s"]}, "xx.json")
    with pytest.raises(ValueError, match=r"xx\.json: 'finished' is not a valid State"):
        Language.from_table({"code": "xx", "words": {"finished": ["f"]}}, "xx.json")


def test_white_square_and_pause_are_states() -> None:
    # issue 14: `⬜` (to do) and `⏸️` (paused, on hold) were never read
    vocab = lexicon.Vocabulary()
    assert vocab.read("⬜ Setup").state is State.OPEN
    assert vocab.read("⏸️ waiting on legal").state is State.BLOCKED


def test_an_unknown_status_is_one_check_line_with_its_count(tmp_path: Path) -> None:
    # issue 14: each use of an unknown word was a line of its own (52 in one file)
    from typer.testing import CliRunner

    from trackmd.cli import app

    rows = "".join(f"| task {n} | Gemacht |\n" for n in range(5)) + "| last | Zzz |\n"
    path = tmp_path / "TODO.md"
    path.write_text(f"# T\n\n| Task | Status |\n|---|---|\n{rows}", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)], env={"NO_COLOR": "1"})
    lines = [line for line in result.output.splitlines() if "unknown-status" in line]
    assert len(lines) == 2, result.output
    assert "'Gemacht'" in lines[0] and lines[0].endswith("; 5 uses") and ":5:" in lines[0]
    assert "'Zzz'" in lines[1] and not lines[1].endswith(" uses")


def test_french_bug_statuses_are_read() -> None:
    """`Corrigé` and `Ouvert` in a French bug table were unknown (golden-case notes)."""
    from trackmd.core.model import State
    from trackmd.core.parse import parse

    doc = parse("# Bogues\n\n| Bogue | Statut |\n|---|---|\n| a | Corrigé |\n| b | Ouvert |\n")
    assert [i.state for i in doc.items] == [State.DONE, State.OPEN]
    assert not [d for d in doc.diagnostics if d.code == "unknown-status"]


def _alternation(vocab: Vocabulary) -> re.Pattern[str]:
    """What `word_at` once compiled: every phrase, longest first, ending at a boundary."""
    ordered = sorted(vocab.phrases, key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w'])")


AFTER = st.sampled_from(["", " ", "'", "’", "s", "_", "1", ".", ":", "é", "ß", " done", "-"])


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_word_at_finds_what_the_alternation_found(data: st.DataObject) -> None:
    """The lookup by first character and length gives the regex's longest match."""
    extra = {"done": ["Shipped", "shipped it"], "blocked": ["Attente"]}
    vocab = Vocabulary(data.draw(st.sampled_from([None, extra])))
    pattern = _alternation(vocab)
    phrase = data.draw(st.sampled_from(sorted(vocab.phrases)))
    head = data.draw(st.sampled_from(["", "  ", "x"]))
    text = head + data.draw(st.sampled_from([phrase, phrase.upper(), phrase[:-1]]))
    text += data.draw(AFTER) + data.draw(st.text(max_size=8))
    start = len(head)
    found = pattern.match(fold_case(text[start : start + 40]))
    expected = (vocab.phrases[found.group()], found.end()) if found else None
    assert vocab.word_at(text, start) == expected, text
