"""Every language of the lexicon, read and written (issue 14): status words and a status
header, a progress key, a last-updated key with a month name; the file's language decides
what trackmd writes; tracker file names in those languages are discovered."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import Result

from trackmd.core import lexicon
from trackmd.core.model import State

Run = Callable[..., Result]


class Case(NamedTuple):
    code: str
    header: str  # the status column
    done: str
    doing: str
    todo: str
    progress: str  # the progress field's key
    updated: str  # the last-updated field's key
    date: str  # a date with a month name, as the language writes it
    today: str  # the same date on 2026-11-22 (conftest.FIXED_DATE)


CASES = [
    Case("en", "Status", "Done", "In Progress", "Todo", "Progress", "Last Updated",
         "March 3, 2026", "November 22, 2026"),
    Case("fr", "Statut", "Terminé", "En cours", "À faire", "Avancement",
         "Dernière mise à jour", "3 mars 2026", "22 novembre 2026"),
    Case("es", "Estado", "Completado", "En progreso", "PLANIFICADO", "Progreso",
         "Última actualización", "3 de marzo de 2026", "22 de noviembre de 2026"),
    Case("de", "Zustand", "Abgeschlossen", "In Arbeit", "Nicht begonnen", "Fortschritt",
         "Zuletzt aktualisiert", "3. März 2026", "22. November 2026"),
    Case("pt", "Situação", "Concluída", "Em andamento", "Pendente", "Progresso",
         "Última atualização", "3 de março de 2026", "22 de novembro de 2026"),
    Case("it", "Stato", "Completato", "In corso", "Da fare", "Avanzamento",
         "Ultimo aggiornamento", "3 marzo 2026", "22 novembre 2026"),
    Case("nl", "Status", "Klaar", "Bezig", "Te doen", "Voortgang", "Laatst bijgewerkt",
         "3 maart 2026", "22 november 2026"),
    Case("pl", "Stan", "Zrobione", "W trakcie", "Do zrobienia", "Postęp",
         "Ostatnia aktualizacja", "3 marca 2026", "22 listopada 2026"),
    Case("ru", "Статус", "Завершено", "В работе", "Ожидает", "Прогресс",
         "Последнее обновление", "3 марта 2026", "22 ноября 2026"),
    Case("uk", "Стан", "Виконано", "В роботі", "Не розпочато", "Прогрес",
         "Останнє оновлення", "3 березня 2026", "22 листопада 2026"),
    Case("tr", "Durum", "Tamamlandı", "Devam ediyor", "Başlanmadı", "İlerleme",
         "Son güncelleme", "3 Mart 2026", "22 Kasım 2026"),
    Case("id", "Status", "Selesai", "Sedang dikerjakan", "Belum dimulai", "Kemajuan",
         "Terakhir diperbarui", "3 Maret 2026", "22 November 2026"),
    Case("vi", "Trạng thái", "Hoàn thành", "Đang làm", "Chưa bắt đầu", "Tiến độ",
         "Cập nhật lần cuối", "ngày 3 tháng 3 năm 2026", "ngày 22 tháng 11 năm 2026"),
    Case("ja", "ステータス", "完了", "進行中", "未着手", "進捗", "最終更新",
         "2026年3月3日", "2026年11月22日"),
    Case("ko", "상태", "완료", "진행 중", "미착수", "진행률", "최종 업데이트",
         "2026년 3월 3일", "2026년 11월 22일"),
    Case("zh", "状态", "已完成", "进行中", "待开始", "进度", "最后更新",
         "2026年3月3日", "2026年11月22日"),
    Case("zh-Hant", "狀態", "已完成", "進行中", "待處理", "進度", "最後更新",
         "2026年03月03日", "2026年11月22日"),
]  # fmt: skip


def tracker(case: Case) -> str:
    return (
        f"# Plan\n\n**{case.progress}**: 0/3 (0%)\n**{case.updated}**: {case.date}\n\n"
        f"## Tasks\n\n| Task | {case.header} |\n|---|---|\n"
        f"| a | {case.done} |\n| b | {case.doing} |\n| c | {case.todo} |\n"
    )


def test_every_language_has_a_case() -> None:
    assert sorted(c.code for c in CASES) == sorted(lang.code for lang in lexicon.LANGUAGES)


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_a_tracker_in_each_language_is_counted_and_synced(
    case: Case, tmp_path: Path, run: Run
) -> None:
    lang = next(lang for lang in lexicon.LANGUAGES if lang.code == case.code)
    assert len(lang.months) == 12 and lang.written and lang.tracker_names, case.code
    path = tmp_path / "plan.md"
    path.write_text(tracker(case), encoding="utf-8")
    result = run("status", "--json", str(path))
    assert result.exit_code == 0, result.output
    progress = json.loads(result.output)["files"][0]["progress"]
    assert (progress["done"], progress["in_progress"], progress["open"]) == (1, 1, 1)
    assert progress["total"] == 3
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert f"**{case.progress}**: 1/3 (33%)\n" in text
    assert f"**{case.updated}**: {case.today}\n" in text
    assert text.count("|") == tracker(case).count("|")  # the table is untouched


ISSUE_WORDS = {
    State.DONE: ["完了", "완료", "Завершено", "Abgeschlossen", "Tamamlandı", "Hoàn thành",
                 "Concluída", "Завершён"],
    State.IN_PROGRESS: ["進行中", "진행 중", "In Arbeit", "Đang làm"],
    State.OPEN: ["未着手", "Ожидает", "Nicht begonnen", "PLANIFICADO", "待开始", "待处理"],
}  # fmt: skip


def test_the_words_the_issue_lists_are_read() -> None:
    vocab = lexicon.Vocabulary()
    for state, words in ISSUE_WORDS.items():
        for word in words:
            assert vocab.read(f"✅ {word}").state is state, word
    for header in ("状態", "ステータス", "상태", "Durum", "Статус", "Trạng thái", "狀態"):
        assert header.lower() in lexicon.STATUS_HEADERS, header


@pytest.mark.parametrize(
    ("words", "code"),
    [
        (["Concluído", "pendente", "status"], "pt"),
        (["Завершено", "ожидает"], "ru"),
        (["Виконано", "в роботі"], "uk"),
        (["進行中", "未着手"], "ja"),
        (["进行中", "完成"], "zh"),
        (["進行中", "待處理"], "zh-Hant"),
        (["Selesai", "belum dimulai"], "id"),
        (["status"], "en"),
        ([], "en"),
    ],
)
def test_a_file_language_is_told_by_its_own_words(words: list[str], code: str) -> None:
    assert lexicon.file_language(words) == code


PORTUGUESE = """# Lista de verificação

**Última Atualização**: 2026-01-31 18:30 UTC

## Módulo 1

**Status**: ⏳ PENDENTE
**Progresso**: 0%

- [x] criar tabela
- [ ] migrar dados

## Módulo 2

| Tarefa | Situação |
|---|---|
| login | ⏳ Pendente |
| logout | ✅ Concluído |
"""


def test_a_portuguese_file_gets_portuguese_words_and_the_current_time(
    tmp_path: Path, run: Run
) -> None:
    # issue 14: a Portuguese checklist got `🚧 IN PROGRESS`, and `18:30 UTC` kept its time
    path = tmp_path / "CHECKLIST.md"
    path.write_text(PORTUGUESE, encoding="utf-8")
    now = {"TRACKMD_TODAY": "", "TRACKMD_NOW": "2026-11-22T20:05:00+01:00"}
    result = run("sync", str(path), env=now)
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "**Status**: 🔄 EM ANDAMENTO\n**Progresso**: 50%\n" in text
    assert "**Última Atualização**: 2026-11-22 19:05 UTC\n" in text  # now, in UTC
    result = run("start", "login", "-f", str(path), env=now)
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "| login | 🔄 Em andamento |" in text  # the file's own wording, cased as the cell
    assert "PROGRESS" not in text


def test_an_emoji_is_not_changed_alone_under_a_word_it_does_not_know(
    tmp_path: Path, run: Run
) -> None:
    # issue 14: `⏳ EM DESENVOLVIMENTO` became `🚧 EM DESENVOLVIMENTO`, and `✅ Завершён`
    # (done, in a form not read) `🔄 Завершён`: a word the lexicon does not know is the
    # author's, and only the emoji beside it would change
    path = tmp_path / "TODO.md"
    text = (
        "# T\n\n## A\n\n**Status**: ⏳ Em revisão final\n\n- [x] a\n- [ ] b\n\n"
        "## B\n\n**Status**: ✅ Zzyzx\n\n- [ ] c\n"
    )
    path.write_text(text, encoding="utf-8")
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == text


SUMMARIES = """# Board

**Progress**: 13 / 13 tasks (100.0%)
**İlerleme**: %85
**Current Progress**: 91/128 total tasks (71%) ✅

## 🎉 SPRINT 1 COMPLETE - 100%

- [x] login
- [x] logout
- [ ] reset password
"""


def test_summary_values_keep_their_form_and_precision(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "TODO.md"
    path.write_text(SUMMARIES, encoding="utf-8")
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "**Progress**: 2 / 3 tasks (66.7%)\n" in text
    assert "**İlerleme**: %67\n" in text
    assert "**Current Progress**: 2/3 total tasks (67%) ✅\n" in text
    assert "## 🎉 SPRINT 1 COMPLETE - 100%\n" in text  # prose, not a value of the items


TRACKER_NAMES = ["AVANCEMENT.md", "FORTSCHRITT.md", "進捗.md", "任务清单.md", "진행상황.md",
                 "ПРОГРЕСС.md", "YAPILACAKLAR.md", "Yapılacaklar.md", "TAREAS.md", "STATO.md",
                 "VOORTGANG.md", "ZADANIA.md", "ЗАВДАННЯ.md", "TUGAS.md", "進度.md"]  # fmt: skip


def test_trackers_named_in_other_languages_are_discovered(tmp_path: Path, run: Run) -> None:
    # issue 14: these names were never found by `status DIR`
    for name in [*TRACKER_NAMES, "NOTES.md", "README.md"]:
        (tmp_path / name).write_text("# T\n\n- [x] a\n- [ ] b\n", encoding="utf-8")
    result = run("status", "--json", str(tmp_path))
    assert result.exit_code == 0, result.output
    found = {Path(f["path"]).name for f in json.loads(result.output)["files"]}
    assert found == set(TRACKER_NAMES)


def test_words_seen_in_real_trackers_are_read() -> None:
    # each was an unknown-status line, dozens of times in one file
    vocab = lexicon.Vocabulary()
    expected = {"RESUELTO": State.DONE, "**ABIERTO**": State.OPEN, "🔲": State.OPEN,
                "Resolvido": State.DONE, "Завершён": State.DONE}  # fmt: skip
    for text, state in expected.items():
        assert vocab.read(text).state is state, text


def test_cjk_fields_with_a_full_width_colon_are_read(tmp_path: Path, run: Run) -> None:
    text = (
        "# 计划\n\n**进度**：0/3（0%）\n**最后更新**：2026年3月3日\n\n## 任务\n\n"
        "| 任务 | 状态 |\n|---|---|\n| a | 已完成 |\n| b | 进行中 |\n| c | 待开始 |\n"
    )
    path = tmp_path / "进度.md"
    path.write_text(text, encoding="utf-8")
    assert run("sync", str(path)).exit_code == 0
    out = path.read_text(encoding="utf-8")
    assert "**进度**：1/3（33%）\n**最后更新**：2026年11月22日\n" in out


def test_tracker_names_hold_no_space() -> None:
    # they are .gitattributes patterns too (`trackmd hook install`), where a space splits one
    assert not [w for w in lexicon.TRACKER_WORDS if " " in w]


PLAIN_STAMPS = """---
updated: 2025-05-21
---
# P

*Last updated: 2025-08-09*
*Last Updated*: May 8, 2026 (Post Sprint 22)
Last Updated: 2026-01-31 18:30 UTC
Updated: soon

```
Last updated: 2020-01-01
```

**Progress**: 0/2

- [x] a
- [ ] b
"""


def test_last_updated_lines_without_a_bold_key_are_stamped_with_the_current_time(
    tmp_path: Path, run: Run
) -> None:
    # issue 14: `Last Updated: 2026-01-31 18:30 UTC` must say now, in the zone it shows
    path = tmp_path / "TODO.md"
    path.write_text(PLAIN_STAMPS, encoding="utf-8")
    result = run("sync", str(path), env={"TRACKMD_TODAY": "",
                                         "TRACKMD_NOW": "2026-11-22T20:05:00+01:00"})  # fmt: skip
    assert result.exit_code == 0, result.output
    expected = (
        PLAIN_STAMPS.replace("*Last updated: 2025-08-09*", "*Last updated: 2026-11-22*")
        .replace("May 8, 2026 (Post", "November 22, 2026 (Post")
        .replace("2026-01-31 18:30 UTC", "2026-11-22 19:05 UTC")
        .replace("**Progress**: 0/2", "**Progress**: 1/2")
    )
    assert path.read_text(encoding="utf-8") == expected  # front matter and fence untouched


def test_stamps_and_tallies_count_lines_as_the_parser_does(tmp_path: Path, run: Run) -> None:
    # hypothesis (test_fuzz) found it: with a lone `\r` line end before it, a bold
    # `**Last Updated:**` field was also read as a plain stamp line: two overlapping edits
    text = (
        "# T\r\r- [x] a\n- [ ] b\n\nDone: 0\rTodo: 0\n\n**Progress**: 0/2\n"
        "**Last Updated:** Nov 10, 2025\n"
    )
    path = tmp_path / "TODO.md"
    path.write_bytes(text.encode())
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_bytes().decode() == (
        text.replace("Done: 0\rTodo: 0", "Done: 1\rTodo: 1")
        .replace("0/2", "1/2")
        .replace("Nov 10, 2025", "Nov 22, 2026")
    )
