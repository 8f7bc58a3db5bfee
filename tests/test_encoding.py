"""Mojibake detection and repair (trackmd.encoding): seeds, inline fixtures, invariants."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trackmd.io.encoding import Mojibake, find_mojibake, repair

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
MOJIBAKE_SEEDS = ["000", "002", "003", "004"]
# What a reader recognises as mojibake in the seeds (Windows-1252/1254, Mac Roman).
SIGNATURES = ["Ã", "Â", "â€", "â–", "âœ", "ðŸ", "ğŸ", "üö", "üì", "üü", "‚ö", "‚ú", "√", "\uf8ff"]
NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def seed_text(number: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent (fresh clone without the shared folder)")
    matches = sorted(SEEDS.glob(f"{number}_*.md"))
    if not matches:
        pytest.skip(f"seed {number} is absent from ../shared/seeds")
    return matches[0].read_text(encoding="utf-8")


def mangle(text: str, codec: str = "cp1252") -> str:
    """Double-encode ``text`` the way it happens: bytes the code page lacks are dropped."""
    return text.encode("utf-8").decode(codec, errors="ignore")


def skeleton(text: str) -> str:
    """Everything but non-ASCII runs: what a repair must never change."""
    return NON_ASCII.sub("\x00", text)


# --- the seeds -------------------------------------------------------------------------------


@pytest.mark.parametrize("number", MOJIBAKE_SEEDS)
def test_seed_mojibake_is_found(number: str) -> None:
    assert find_mojibake(seed_text(number))


@pytest.mark.parametrize("number", MOJIBAKE_SEEDS)
def test_seed_repair_leaves_no_mojibake(number: str) -> None:
    text = seed_text(number)
    result = repair(text)
    assert result.changed
    assert result.unrepaired == ()
    assert find_mojibake(result.text) == []
    for signature in SIGNATURES:
        assert signature not in result.text, signature


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_seed_repair_touches_only_mojibake(number: str) -> None:
    text = seed_text(number)
    result = repair(text)
    assert skeleton(result.text) == skeleton(text)  # every ASCII byte and line ending kept
    assert repair(result.text).text == result.text


def test_clean_seed_is_left_alone() -> None:
    text = seed_text("001")
    assert find_mojibake(text) == []
    result = repair(text)
    assert result.text == text
    assert not result.changed
    assert result.unrepaired == result.guessed == ()


def test_seed_000_bar_block_comes_back() -> None:
    lines = repair(seed_text("000")).text.split("\n")
    bars = [line for line in lines if re.search(r"[█░]{20} \d+%", line)]
    assert len(bars) == 7  # Overall and six stories, each 20 glyphs wide
    assert any("█" in bar and "░" in bar for bar in bars)
    assert sum(bar.endswith("✅") for bar in bars) == 4
    assert sum(bar.endswith("⏳") for bar in bars) == 2  # ⏳ had lost its 0x8F byte


def test_seed_000_guesses_are_reported() -> None:
    result = repair(seed_text("000"))
    # `ğŸ“` lost its last byte: 📁📍📎📏📐📝📞 are all possible, nothing in the file decides.
    assert result.guessed
    assert all(guess.text == "📝" for guess in result.guessed)
    lines = result.text.split("\n")
    assert all(lines[g.line - 1][g.column - 1] == g.text for g in result.guessed)
    assert any(line.startswith("## 🐛 B") for line in lines)  # a lost 0x90; the space kept


@pytest.mark.parametrize(
    ("number", "expected"),
    [("002", ["🟢", "⚪", "✅", "🟡 In Progress", "🎯"]), ("003", ["🔴", "é", "├──", "🗺️"]),
     ("004", ["✅", "🔄", "│", "╲"])],
)  # fmt: skip
def test_seed_spot_checks(number: str, expected: list[str]) -> None:
    text = repair(seed_text(number)).text
    for wanted in expected:
        assert wanted in text, wanted


def test_seed_004_objectives_become_an_emoji_list() -> None:
    text = repair(seed_text("004")).text
    objectives = re.findall(r"^[1-7]\. (✅|🔄) ", text, re.MULTILINE)[:7]  # the first list
    assert objectives == ["✅"] * 5 + ["🔄"] * 2


# --- inline fixtures -------------------------------------------------------------------------

REPAIRABLE = [
    ("✅ Done", "cp1252"),
    ("🔄 In progress, 🟡 review", "cp1252"),
    ("📊 Stats: 4/6 (67%)", "cp1252"),
    ("█████░░░░░ 50%", "cp1252"),
    ("├── src\n└── tests", "cp1252"),
    ("Café, déjà vu, naïve, Œuvre", "cp1252"),
    ("⏳ Todo", "cp1252"),  # E2 8F B3: 0x8F is lost
    ("“quoted”", "cp1252"),  # ” is E2 80 9D: 0x9D is lost
    ("👨‍💻 dev", "cp1252"),  # the joiner E2 80 8D loses 0x8D
    ("ASCII‐Zeichen", "cp1252"),  # U+2010 loses 0x90
    ("Tiếng Việt: được, sơ bộ", "cp1252"),
    ("può, è, già", "mac_roman"),
    ("🟡 In Progress | 🟢 Complete", "cp1254"),
    ("İş güncellendi ✅, ağaç", "cp1254"),
    ("„Übung“ heute 🟡", "cp1254"),  # „ is E2 80 9E: 0x9E is lost in 1254, which 🟡 shows
    ("⚪ Pending, 🔴 Bloqué", "mac_roman"),
    ("Système → État → 📝", "mac_roman"),
    ("✔️ ok", "cp1252"),  # the variation selector EF B8 8F loses 0x8F
    ("完成了", "mac_roman"),
    ("Привет, мир", "cp1252"),
]


@pytest.mark.parametrize(("original", "codec"), REPAIRABLE)
def test_repairs_what_a_person_would(original: str, codec: str) -> None:
    broken = mangle(original, codec)
    assert broken != original
    assert find_mojibake(broken)
    result = repair(broken)
    assert result.text == original
    assert result.changed
    assert result.unrepaired == ()


def test_text_encoded_twice_comes_back() -> None:
    original = "✅ Terminé — 🟢"
    assert repair(mangle(mangle(original))).text == original


def test_lost_byte_decided_by_the_rest_of_the_text() -> None:
    # 📞 is F0 9F 93 9E: Windows-1254 has no 0x9E. 📞 elsewhere decides among 📁📍…📝📞.
    result = repair("Phone 📞\n" + mangle("📞 Contacts", "cp1254"))
    assert result.text == "Phone 📞\n📞 Contacts"
    assert result.guessed == ()
    alone = repair(mangle("📞 Contacts", "cp1254"))
    assert alone.text == "📝 Contacts"
    assert alone.guessed == (Mojibake(1, 1, "📝"),)


def test_positions_count_lines_and_characters() -> None:
    text = "ok\r\nx âœ… y\rÃ©t\u2028é\n"
    assert find_mojibake(text) == [Mojibake(2, 3, "âœ…"), Mojibake(3, 1, "Ã©")]
    assert find_mojibake("\ufeffâœ… x") == [Mojibake(1, 1, "âœ…")]  # the BOM is not counted


def test_line_endings_bom_and_spaces_are_kept() -> None:
    broken = "\ufeff# âœ… Done  \r\n- Ã©tÃ©\r- ğŸ› bug\t\n\n" + mangle("⏳ x") + "\r\n"
    result = repair(broken)
    assert result.text == "\ufeff# ✅ Done  \r\n- été\r- 🐛 bug\t\n\n⏳ x\r\n"
    assert repair(mangle("\ufeff✅ Done\r\n")).text == "\ufeff✅ Done\r\n"  # mangled BOM too


def test_space_after_lost_byte_is_not_eaten() -> None:
    # ftfy alone reads `ğŸ› ` as 🛠 (F0 9F 9B A0), taking the space for a lost 0xA0.
    assert repair("## ğŸ› Blockers").text == "## 🐛 Blockers"


def test_cannot_repair_is_reported() -> None:
    # 成 is E6 88 90: without its 0x90 the character cannot be known.
    result = repair(mangle("完成 ok"))
    assert result.unrepaired == (Mojibake(1, 2, "æˆ"),)
    assert result.text == "完æˆ ok"


def test_ftfy_is_imported_only_to_repair() -> None:
    code = (
        "import sys\n"
        "from trackmd.io.encoding import find_mojibake, repair\n"
        "assert find_mojibake('\\u00e2\\u0153\\u2026 x')\n"
        "assert 'ftfy' not in sys.modules\n"
        "repair('\\u00e2\\u0153\\u2026 x')\n"
        "assert 'ftfy' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


CLEAN = [
    "Les élèves « déjà » à l’école ; c’est l’été — naïve, Œuvre, cœur",
    "«\u00a0Très\u00a0bien\u00a0»\u202f! nepâlbhâshâ\u00a0; CAFÉ… PŘEHRÁVÁNÍ… PROHLÍŽEČ",
    "¿Qué tal? ¡Hola! año, niño, acción, ÁREA, GARANTÍA",
    "„Übung“ macht Fuß“ Straße, Größe, ÄRGER, Öl",
    "İstanbul'da güzel bir gün; ağaç, şeker, ılık, Çalışma, ÖĞRENCİ",
    "NÃO, São Paulo, informação, AÇÕES",
    "完成 进行中 待办 已完成，阻塞。「测试」",
    "日本語のテキスト、ひらがな、カタカナ",
    "한국어 텍스트",
    "Привет, мир — «ёлка»; Ελληνικά γράμματα",
    "Tiếng Việt có dấu: được, sơ bộ, thư mục",
    "√π ≈ 1.77, x ≤ √2, ∞ ± ∂, 20°C, µs, Ω",
    "✅ ⏳ 🔄 🚧 ⛔ 🟢 🟡 🔴 ⚪ ✔️ ☑️ 👨‍💻 📝 🗺️",
    "┌──┬──┐\n│ █▓▒░ │ ■□ ═ ║ ╲\n└──┴──┘",
    "€ 5, ™, ©, ®, •, …, –, —, ‰, ‹ › “ ” ‘ ’",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_has_no_findings(text: str) -> None:
    assert find_mojibake(text) == []
    assert repair(text).text == text


# --- invariants ------------------------------------------------------------------------------

WORDS = st.sampled_from(
    ["été", "déjà", "Œuvre", "cœur", "l’école", "«\u00a0oui\u00a0»", "año", "¿Qué?", "Straße",
     "„Übung“", "Größe", "İstanbul", "ağaç", "ılık", "şeker", "完成", "进行中", "テスト", "한국어",
     "Привет", "được", "✅", "⏳", "🔄", "🟡", "🔴", "⚪", "📝", "👨‍💻", "✔️", "█████░░░", "├──",
     "│", "→", "—", "…", "€", "50%", "[x]", "**Status**:", "\t"]
)  # fmt: skip
LETTERS = "abcdefghijklmnopqrstuvwxyzéèêëàâäçùûüôöîïñáíóúßğşı"
CAPITALS = "ABCDEÉÈÀÇÖÜİĞŞÑ"
SEPARATORS = st.sampled_from([" ", " ", " ", "\n", "\r\n", "\r", "\t", ", ", ". "])


@st.composite
def word(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(WORDS)
    first = draw(st.sampled_from(CAPITALS + LETTERS))
    return first + draw(st.text(alphabet=LETTERS, max_size=8))


@st.composite
def clean_text(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(word(), SEPARATORS), max_size=30))
    bom = "\ufeff" if draw(st.booleans()) else ""
    return bom + "".join(w + s for w, s in parts)


@given(clean_text())
@settings(max_examples=300, deadline=None)
def test_clean_text_comes_back_unchanged(text: str) -> None:
    assert find_mojibake(text) == []
    result = repair(text)
    assert result.text == text
    assert not result.changed


@given(clean_text(), st.sampled_from(["cp1252", "cp1254", "mac_roman"]))
@settings(max_examples=200, deadline=None)
def test_mangled_clean_text_repairs_without_touching_ascii(text: str, codec: str) -> None:
    broken = mangle(text, codec)
    result = repair(broken)
    assert skeleton(result.text) == skeleton(broken)
    assert repair(result.text).text == result.text


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_repair_never_raises_and_is_idempotent(text: str) -> None:
    result = repair(text)
    assert skeleton(result.text) == skeleton(text)
    assert repair(result.text).text == result.text
    assert list(result.unrepaired) == find_mojibake(result.text)
    assert result.changed == (result.text != text)


SOUP = "✅⏳🔄🟡🔴⚪📝█░├─│→éàçü—”‘"
MOJIBAKE_ALPHABET = "".join(sorted({ch for c in ("cp1252", "cp1254") for ch in mangle(SOUP, c)}))


@given(st.text(alphabet=MOJIBAKE_ALPHABET + "ab \n\r\u00a0", max_size=60))
@settings(max_examples=300, deadline=None)
def test_mojibake_soup_is_handled(text: str) -> None:
    result = repair(text)
    assert skeleton(result.text) == skeleton(text)
    assert repair(result.text).text == result.text
