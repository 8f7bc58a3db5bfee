"""What reads like work and is not (issue 14): legends and keys, placeholder and group rows,
summaries of the file, dated logs, and tables whose status column is about something else.
One recognizer per rule, each saying its rule; the passes that make items (`lists`, `rollup`)
ask them first. Where a rule and a person's reading of a real tracker disagree, the reading
won (README, "Decisions where the contract is silent")."""

from __future__ import annotations

import re

from trackmd.core import patterns
from trackmd.core.lexicon import (
    COUNT_HEADERS,
    LEGEND_KEYS,
    LEGEND_WORDS,
    strip_emoji_edges,
    strip_markup,
)
from trackmd.core.model import ItemKind, Row, Severity, State
from trackmd.core.parse.context import _ItemCtx, _RawItem
from trackmd.core.parse.fields import _Fields
from trackmd.core.parse.syntax import (
    PROGRESS_KEYS,
    STATUS_KEYS,
    UPDATED_KEYS,
    field_key,
)
from trackmd.core.text import fold_case

# First-column headers of tables whose status says how a thing stands, not how work goes:
# dependencies, platforms, environments, rules a codebase must keep.
CONDITION_SUBJECTS = frozenset({
    "dependency", "dependencies", "prerequisite", "prerequisites", "platform", "platforms",
    "browser", "browsers", "os", "operating system", "environment", "environments",
    "compatibility", "constraint", "constraints", "forbidden", "prohibited", "rule", "rules",
    "abhängigkeit", "abhängigkeiten", "voraussetzung", "voraussetzungen", "plattform",
    "umgebung", "dépendance", "dépendances", "prérequis", "plateforme", "navigateur",
    "environnement", "dependencia", "dependencias", "plataforma", "entorno", "navegador",
    "dependência", "dependências", "ambiente", "dipendenza", "dipendenze", "piattaforma",
    "依赖", "依赖项", "前置条件", "平台", "环境", "浏览器", "禁止项", "规则", "约束",
    "依存関係", "前提条件", "プラットフォーム", "環境", "의존성", "플랫폼", "환경",
    "зависимость", "зависимости", "платформа", "окружение", "bağımlılık", "bağımlılıklar",
    "ortam", "phụ thuộc", "nền tảng", "môi trường",
})  # fmt: skip

# Headers of a column that explains or names each status of a legend.
MEANING_HEADERS = frozenset({
    "meaning", "means", "definition", "bedeutung", "signification", "sens", "significado",
    "significato", "betekenis", "znaczenie", "значение", "значення", "anlamı", "anlam",
    "ý nghĩa", "含义", "含義", "意思", "意味", "의미", "arti",
})  # fmt: skip
SYMBOLS = frozenset({
    "symbol", "symbols", "emoji", "icon", "mark", "marker", "sign", "zeichen", "symbole",
    "símbolo", "simbolo", "icône", "icono", "ícone", "符号", "图标", "記号", "アイコン", "기호",
    "아이콘", "символ", "значок", "sembol", "simge", "biểu tượng", "ikon", "simbol",
})  # fmt: skip

# Status values that state a condition (a service runs, a library is there, a rule holds).
CONDITION_WORDS = (
    "running", "stopped", "healthy", "unhealthy", "available", "unavailable", "present",
    "missing", "installed", "supported", "unsupported", "compatible", "incompatible",
    "passing", "failing", "compliant", "non-compliant", "not violated", "violated", "online",
    "offline", "vorhanden", "verfügbar", "fehlt", "läuft", "installiert", "unterstützt",
    "kompatibel", "disponible", "présent", "installé", "supporté", "en ligne", "instalado",
    "soportado", "disponível", "suportado", "compatível", "运行中", "可用", "已安装", "兼容",
    "未违反", "合规", "在线", "稼働中", "利用可能", "실행 중", "사용 가능", "работает",
    "доступен", "установлен", "поддерживается", "совместим", "çalışıyor", "kurulu",
    "destekleniyor", "uyumlu", "đang chạy", "tương thích",
)  # fmt: skip
_CONDITION = patterns.compile(
    "^(?:"
    + "|".join(re.escape(w) for w in sorted(CONDITION_WORDS, key=len, reverse=True))
    + r")(?![\w])"
)

# Headings of legends beyond the lexicon's legend words, and of history logs.
LEGEND_HEADINGS = frozenset({
    "legenda", "zeichenerklärung", "图例", "圖例", "凡例", "범례", "легенда",
    "условные обозначения", "chú thích", "keterangan",
})  # fmt: skip
HISTORY_WORDS = (
    "history", "changelog", "change log", "revision history", "historique",
    "journal des modifications", "historial", "registro de cambios", "verlauf",
    "änderungsverlauf", "änderungsprotokoll", "historie", "histórico", "cronologia", "storico",
    "历史", "更新历史", "变更记录", "更新日志", "修订记录", "履歴", "이력", "변경 내역",
    "история", "журнал изменений", "geçmiş", "geçmişi", "lịch sử", "nhật ký", "riwayat",
)  # fmt: skip
_HISTORY = patterns.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(w) for w in HISTORY_WORDS) + r")(?![\w])"
)
AUDIT_WORDS = (
    "audit", "auditoria", "auditoría", "findings", "constats", "hallazgos", "achados",
    "befunde", "审计", "审核结果", "監査", "감사", "аудит", "denetim", "kiểm toán",
)  # fmt: skip
_AUDIT = patterns.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(w) for w in AUDIT_WORDS) + r")(?![\w])"
)
_FILE = patterns.compile(r"^`?[\w./@-]+\.[A-Za-z]{1,5}`?(?:[ \t]*[,/][ \t]*`?[\w./@-]+`?)*$")
_DATE = patterns.compile(
    r"^[ \t*_`\[(]*(?:\d{4}[-/.](?:\d{1,2}|xx)[-/.](?:\d{1,2}|xx)|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"(?![\d])",
    re.IGNORECASE,
)
_AMOUNT = patterns.compile(
    r"(?<![\w/])(?:\d{1,3}(?:[.,]\d+)?[ \t]?%|%[ \t]?\d{1,3}|\d{1,4}[ \t]?/[ \t]?\d{1,4}(?![\w/]))"
)
_BOLD_LEAD = patterns.compile(
    r"""^(?:\*\*|__)(?P<label>[^*_\n]{1,60}?)  # a bold label at the line's start,
    (?:[ \t]*:[ \t]*(?:\*\*|__)              # its colon inside the bold: **Label:**
      |[ \t]*(?:\*\*|__)[ \t]*:)             # or after it: **Label**:
    """,
    re.VERBOSE,
)
_LABEL_LEAD = patterns.compile(r"^(?P<label>[^:=\n]{1,40}?)[ \t]*(?:[:=]|[ \t][-–—][ \t])")
_ALL_BOLD = patterns.compile(r"(\*\*|__)[^*_]+\1")
_AFTER_COLON = patterns.compile(r"[ \t]*:.*$")
# Labels of a task's acceptance criteria (`- **Acceptance criteria:**` under a task).
CRITERIA_LABELS = frozenset({
    "acceptance criteria", "acceptance", "definition of done", "dod", "kabul kriterleri",
    "akzeptanzkriterien", "abnahmekriterien", "critères d'acceptation", "criterios de aceptación",
    "critérios de aceitação", "criteri di accettazione", "acceptatiecriteria",
    "kryteria akceptacji", "критерии приёмки", "критерии приемки", "验收标准", "验收条件",
    "受け入れ基準", "受入基準", "인수 기준", "인수 조건", "tiêu chí chấp nhận",
    "kriteria penerimaan",
})  # fmt: skip
_EMPTY = frozenset({"", "-", "–", "—"})
VERSION_KEYS = frozenset({"version", "versão", "versión", "versione", "版本", "バージョン", "버전"})


def empty_cell(text: str) -> bool:
    """An empty status cell (or a dash) says nothing: the row is open, without an info line."""
    return strip_markup(text).strip() in _EMPTY


def group_row(row: Row, status_col: int) -> bool:
    """A row with only its first cell filled, that cell all bold (`| **Storage** | | |`) or a
    placeholder (`| (and so on…) | | |`): a group header or an ellipsis, not an item."""
    if status_col == 0 or not row.cells or any(c.text.strip() for c in row.cells[1:]):
        return False
    first = row.cells[0].text.strip()
    if _ALL_BOLD.fullmatch(first):
        return True
    inner = strip_markup(first)
    if inner.startswith("(") and inner.endswith(")"):
        return True
    return inner.endswith(("...", "…")) or fold_case(inner).rstrip(".").endswith(" etc")


def legend_heading(label: str) -> bool:
    """`## Legend`, `## Status Key`, `### Légende`: a section that explains the marks."""
    key = field_key(strip_markup(label))
    words = key.split()
    if key in LEGEND_KEYS or key in LEGEND_HEADINGS or any(w in LEGEND_WORDS for w in words):
        return True
    return len(words) == 2 and words[0] in STATUS_KEYS and words[1] in LEGEND_KEYS


def history_heading(label: str) -> bool:
    """`## Change history`, `## История изменений`: a dated log of what happened."""
    return _HISTORY.search(field_key(strip_markup(label))) is not None


def audit_heading(label: str) -> bool:
    """`## Audit`, `## Lista de overrides — auditoria`: a heading that names an audit."""
    return _AUDIT.search(field_key(strip_markup(label))) is not None


def dated(text: str) -> bool:
    """Text that starts with a date (`2026-01-04`, `2025-01-XX`, `04.01.2026`)."""
    return _DATE.match(strip_emoji_edges(text)) is not None


def summary_heading(label: str) -> bool:
    """`Current Status`, `Status Atual`, `Overall Progress: 85%`: a heading that is a progress
    key, or a status or progress key with one more word, whose list sums the file up (a bare
    `Status` heading may head a list of work)."""
    key = _AFTER_COLON.sub("", field_key(strip_markup(label)))
    if key in PROGRESS_KEYS:
        return True
    for known in STATUS_KEYS | PROGRESS_KEYS:
        pattern = rf"(?<![\w]){re.escape(known)}(?![\w])"
        if re.search(pattern, key) and len(re.sub(pattern, " ", key, count=1).split()) == 1:
            return True
    return False


class _NotWorkSections(_Fields):
    """Which sections, items and views are not work: legend and history sections, the
    document's header, the later views of one explicit ID."""

    not_work_sections: frozenset[int] = frozenset()

    def _header_section(self, index: int, first_item_line: int) -> bool:
        """The document's header: the title heading or the one right below it, before any
        item, with a last-updated or version field beside its `Status` that no later section
        has. Its status is the document's, not an item."""
        if index > 2 or index > len(self.headings):
            return False
        heading = self.headings[index - 1]
        if heading.line > first_item_line or (index == 2 and self.headings[0].level != 1):
            return False
        header_keys = UPDATED_KEYS | VERSION_KEYS
        keys = {fld.key for fld in self.fields if fld.section == index} & header_keys
        stated = {fld.section for fld in self.fields if fld.key in STATUS_KEYS}
        elsewhere = {f.key for f in self.fields if f.section > index and f.section in stated}
        return bool(keys) and not keys & elsewhere  # status sections dated alike: items

    def _find_not_work_sections(self) -> tuple[frozenset[int], frozenset[int]]:
        """Sections under a legend heading (`## Status Key`: nothing in them is work) and under
        a history heading (`## Change history`: its dated entries, rows and statuses are a log;
        a checkbox there is still an open point), each with its subsections."""
        legend: set[int] = set()
        history: set[int] = set()
        within: tuple[int, set[int]] | None = None  # the heading's level, where it goes
        for index, heading in enumerate(self.headings, start=1):
            if within is not None and heading.level <= within[0]:
                within = None
            if within is None and legend_heading(heading.text):
                within = (heading.level, legend)
            elif within is None and history_heading(heading.text):
                within = (heading.level, history)
            if within is not None:
                within[1].add(index)
        return frozenset(legend), frozenset(history)

    def _drop_items(
        self,
        keys: set[tuple[int, int]],
        sections: frozenset[int] = frozenset(),
        logs: frozenset[int] = frozenset(),
    ) -> None:
        """Forget raw items by key, by section, or all but checkboxes by section, and the
        sub-items under them."""
        dropped = set(keys)
        kept = []
        for item in self.raw_items:
            logged = item.section in logs and item.kind is not ItemKind.CHECKBOX
            if (
                item.key in dropped
                or item.section in sections
                or logged
                or (item.parent_key in dropped)
            ):
                dropped.add(item.key)
            else:
                kept.append(item)
        self.raw_items[:] = kept

    def _later_views(self) -> dict[tuple[int, int], _RawItem]:
        """The same explicit ID listed again in another view (a summary table row and the
        checkbox it sums up) is one item: the first listed counts, and a later view of another
        kind, with no sub-items of its own, is not a further item. Maps each later view to the
        item it repeats. Two of one kind stay two (a `duplicate-id` error)."""
        first: dict[str, _RawItem] = {}
        parents = {item.parent_key for item in self.raw_items if item.parent_key is not None}
        later: dict[tuple[int, int], _RawItem] = {}
        for item in sorted(self.raw_items, key=lambda r: r.key):
            if item.id is None or item.kind is ItemKind.SECTION:
                continue
            seen = first.setdefault(item.id, item)
            if seen is not item and seen.kind is not item.kind and item.key not in parents:
                later[item.key] = seen
        return later

    def _one_view_per_id(self) -> None:
        """Drop the later views (`_later_views`), with a warning where two views disagree."""
        later = self._later_views()
        for item in self.raw_items:
            seen = later.get(item.key)
            if seen is not None and seen.state is not item.state:
                self.diag(
                    item.line, 0, Severity.WARNING, "two-views",
                    f"{item.id} is {item.state.value.replace('_', ' ')} here and "
                    f"{seen.state.value.replace('_', ' ')} on line {seen.line + 1}; "
                    f"counted once, as line {seen.line + 1} says",
                )  # fmt: skip
        self._drop_items(set(later))


class _NotWork(_NotWorkSections):
    """The recognizers that need the file's vocabulary."""

    def _bare_status(self, text: str) -> State | None:
        """The state of a cell that holds a status and nothing else (`✅`, `` `TODO` ``)."""
        reading = self.vocab.read(text)
        if reading.state is None:
            return None
        rest = strip_markup(text)
        for part in (reading.word, reading.emoji):
            if part:
                rest = rest.replace(part, "", 1)
        return reading.state if not strip_emoji_edges(rest).strip(" \t`") else None

    def _findings(self, section: int, body: list[Row]) -> bool:
        """An audit's findings, not work: a table keyed by files (`button.tsx`), directly
        under a heading that names an audit (`audit_heading`). Keyed by tasks, it is work
        (a story that hardens an audit log writer)."""
        if not 0 < section <= len(self.headings) or not audit_heading(
            self.headings[section - 1].text
        ):
            return False
        files = sum(bool(row.cells) and _FILE.match(row.cells[0].text) is not None for row in body)
        return files * 2 > len(body)

    def _not_work_table(self, header: tuple[str, ...], body: list[Row], status_col: int) -> bool:
        """A table that is no list of work. Each rule reads only what changing a state leaves
        alone (an edit must never turn items into a legend):
        - a legend or a count per status: the status column first, beside a column that
          explains or counts (`| Status | Meaning |`, `| Status | Count |`);
        - a symbol legend: two columns, or a first column named for symbols, whose first
          cells are each only a status, each a different one (`| ✅ | Done |`);
        - a table of conditions: its first column names dependencies, platforms or rules and
          no status is a work word, or most statuses state a condition (`✅ Running`,
          `✅ Vorhanden`, `✅ 未违反`)."""
        cells = [row.cells[status_col].text for row in body if status_col < len(row.cells)]
        if not cells:
            return False
        if status_col == 0 and any(h in MEANING_HEADERS or h in COUNT_HEADERS for h in header):
            return True
        if status_col > 0 and len(body) >= 2 and (len(header) == 2 or header[0] in SYMBOLS):
            firsts = [self._bare_status(row.cells[0].text) for row in body if row.cells]
            if all(s is not None for s in firsts) and len(set(firsts)) == len(firsts):
                return True
        if header[0] in CONDITION_SUBJECTS and not any(self.vocab.read(t).word for t in cells):
            return True
        texts = [fold_case(strip_emoji_edges(strip_markup(t))) for t in cells]
        return sum(_CONDITION.match(t) is not None for t in texts) * 2 > len(cells)

    def _checkbox_legend(self, entries: list[_ItemCtx]) -> bool:
        """A list of checkboxes, each explaining a different status word (`- [x] **Done:**
        finished and tested`, `- [/] In progress = someone is on it`): a legend of the marks,
        not work. Read from the words alone: ticking a box never makes it a legend."""
        if not 2 <= len(entries) <= len(State) or not all(e.checkbox for e in entries):
            return False  # (each line a different state: at most one line per state)
        states: list[State] = []
        for entry in entries:
            text = entry.text.strip()
            lead = _BOLD_LEAD.match(text) or _LABEL_LEAD.match(strip_markup(text))
            if lead is None:
                return False
            label = strip_emoji_edges(lead.group("label"))
            found = self.vocab.word_at(label)
            if found is None or found[1] < len(fold_case(label).rstrip()):
                return False
            states.append(found[0])
        return len(set(states)) == len(states)

    def _criteria_task(self, owner: _ItemCtx) -> tuple[int, int] | None:
        """A task's acceptance criteria are its parts, not further tasks: a checkbox nested
        under a `- **Acceptance criteria:**` bullet that follows a task checkbox in the same
        list (`- [ ] **Description:** …`, `- **Module:** …`) is a sub-item of that task."""
        holder = owner.parent
        while holder is not None:
            if holder.line in self._criteria:
                return self._criteria[holder.line]
            lead = _BOLD_LEAD.match(holder.text)
            if not holder.checkbox and lead and field_key(lead.group("label")) in CRITERIA_LABELS:
                siblings = holder.list.entries
                at = next((i for i, e in enumerate(siblings) if e is holder), 0)
                task = next((e for e in reversed(siblings[:at]) if e.checkbox and e.key), None)
                self._criteria[holder.line] = task.key if task is not None else None
                return self._criteria[holder.line]
            holder = holder.parent
        return None

    def _summary_list(self, label: str | None, texts: list[str]) -> bool:
        """An emoji list that sums the file up rather than listing work: every entry gives a
        percent or a count (`✅ Parser: 100%`, `⏳ Writer: %40`), or the list sits under a
        summary heading (`Current Status`) in `**Label**: value` entries; or a dated log
        (every entry starts with a date); or a legend of the emoji (`_emoji_legend`)."""
        if not texts:
            return False
        if all(_AMOUNT.search(t) for t in texts) or all(dated(t) for t in texts):
            return True
        if self._emoji_legend(texts):
            return True
        return (
            label is not None
            and summary_heading(label)
            and all(_BOLD_LEAD.match(t.strip()) for t in texts)
        )

    def _emoji_legend(self, texts: list[str]) -> bool:
        """`- ✅ Done`, `- 🚧 = In progress – someone is on it`: each entry names a different
        status after its emoji (and may explain it), a legend of the emoji. Read from the
        words, which a state change (it rewrites the emoji) leaves alone."""
        states: list[State] = []
        for text in texts:
            body = strip_markup(text).lstrip(" \t=:–—-")
            found = self.vocab.word_at(body)
            if found is None:
                return False
            rest = fold_case(body)[found[1] :].strip()
            if rest and not rest.startswith((":", "=", "-", "–", "—", "(")):
                return False
            states.append(found[0])
        return len(states) >= 2 and len(set(states)) == len(states)
