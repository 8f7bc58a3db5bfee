"""Hypothesis strategies: generated tracker documents with every structure trackmd reads."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = st.sampled_from(
    ["setup", "CI", "deploy", "API", "docs", "café", "naïve", "测试", "tests", "auth", "cache",
     "🚀", "✅", "🔄", "⏳", "🟢", "🟡", "Done", "Todo", "In Progress", "`[ ]`", "**bold**", "\t",
     "T-1", "BUG-002", "(3 pts)", "@ana", "📅 2026-12-01", "[1/2]", "[50%]", "50%", "1/3"]
)  # fmt: skip
STATUS = st.sampled_from(
    ["✅ Done", "🔄 In Progress", "⏳ Todo", "Blocked", "terminé", "🟢 Complete", "⚪ Pending",
     "To Verify", "🔴 NOT STARTED", "Cancelled", "", "Concluído", "⏳ EM REVISÃO", "完了",
     "✅ Завершено", "Em andamento", "⚪ Nicht begonnen"]
)  # fmt: skip
MARKERS = st.sampled_from([" ", "x", "X", "/", "!", "-", "?"])
BULLETS = st.sampled_from(["-", "*", "+", "1.", "2)"])


@st.composite
def phrase(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(WORDS, min_size=1, max_size=4)))


@st.composite
def checklist(draw: st.DrawFn) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        depth = draw(st.integers(0, 2))
        bullet = draw(BULLETS)
        lines.append(f"{'  ' * depth * 2}{bullet} [{draw(MARKERS)}] {draw(phrase())}")
    return lines


@st.composite
def table(draw: st.DrawFn, labels: list[str]) -> list[str]:
    header = draw(st.sampled_from(["| Task | Status |", "| Phase | Status | Progress |",
                                   "| Phase | Tasks | Progress |",
                                   "| Epic | Planned Points | Completed Points | % Complete |"]))  # fmt: skip
    columns = header.count("|") - 1
    lines = [header, "|" + "---|" * columns]
    use_labels: bool = bool(labels) and draw(st.booleans())
    rows = labels if use_labels else [draw(phrase()) for _ in range(3)]
    for label in rows:
        cells = [label] + [draw(st.sampled_from([draw(STATUS), "3", "40%", "**2**", "1/2", "1/3 (10%)"]))
                           for _ in range(columns - 1)]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    if draw(st.booleans()):
        lines.append("| **Total** | " + " | ".join("**0**" for _ in range(columns - 1)) + " |")
    return lines


@st.composite
def bars(draw: st.DrawFn, labels: list[str]) -> list[str]:
    lines = ["```"]
    for label in ["Overall Progress:", *labels[:3], draw(phrase())]:
        width = draw(st.integers(5, 20))
        filled = draw(st.integers(0, width))
        fill, empty = draw(st.sampled_from([("█", "░"), ("▓", "▒"), ("#", "-")]))
        glyphs = fill * filled + empty * (width - filled)
        if fill == "#":
            glyphs = f"[{glyphs}]"
        tail = draw(st.sampled_from(["", " 40%", " 100% ✅", " 0%   ⏳", " 7%"]))
        lines.append(f"{label} {glyphs}{tail}")
    lines.append("```")
    return lines


@st.composite
def field(draw: st.DrawFn) -> str:
    key = draw(st.sampled_from(["Status", "Progress", "Statut", "Avancement", "Last Updated",
                                "Overall Progress", "Owner", "Story Points", "Legend",
                                "İlerleme", "Fases", "Current Progress", "Статус", "Durum",
                                "Última atualização"]))  # fmt: skip
    value = draw(st.sampled_from(["Complete (100%)", "2/5 complete (40%)", "0/3", "45%",
                                  "2025-07-28", "December 30, 2024", "🔴 NOT STARTED", "5",
                                  "🔵 Not Started | 🟡 In Progress | 🟢 Complete", "Ana",
                                  "13 / 13 tasks (100.0%)", "%85", "0/2 - 0%",
                                  "2026-01-31 18:30 UTC", "3 de março de 2026",
                                  "2026年3月5日", "1 of 3 (33%)", "2 sur 5"]))  # fmt: skip
    form = draw(st.sampled_from(["**{k}**: {v}", "**{k} :** {v}", "**{k}** : {v}", "**{k}:** {v}",
                                 "{k}: {v}"]))  # fmt: skip
    return form.format(k=key, v=value)


@st.composite
def not_work(draw: st.DrawFn) -> list[str]:
    """What reads like work and is not (core/parse/notwork): legends, group and placeholder
    rows, condition tables, roll-up and dated lists, acceptance criteria under a task."""
    form = draw(st.sampled_from(["boxes", "legend", "rows", "condition", "rollup", "dated",
                                 "criteria", "key"]))  # fmt: skip
    if form == "boxes":
        return [
            f"- [{m}] **{w}:** {draw(phrase())}"
            for m, w in [(" ", "Todo"), ("/", "In progress"), ("x", "Done")][
                : draw(st.integers(2, 3))
            ]
        ]
    if form == "legend":
        return ["| Status | Meaning |", "|---|---|", "| `TODO` | free |", "| `BLOCKED` | waits |",
                f"| `DONE` | {draw(phrase())} |"]  # fmt: skip
    if form == "rows":
        return [
            "| Module | Feature | Status |",
            "|---|---|---|",
            "| **Group** | | |",
            f"| {draw(phrase())} | x | {draw(STATUS)} |",
            "| (and so on...) | | |",
        ]
    if form == "condition":
        head = draw(st.sampled_from(["Dependency", "Service", "Platform"]))
        return [f"| {head} | Status |", "|---|---|", "| libfoo | ✅ Running |",
                f"| {draw(phrase())} | {draw(STATUS)} |"]  # fmt: skip
    if form == "rollup":
        return ["- ✅ Parser: 100%", f"- ⏳ {draw(phrase())}: 40%"]
    if form == "dated":
        return ["- ✅ 2026-01-04: plan written", f"- 🚧 2026-01-09: {draw(phrase())}"]
    if form == "criteria":
        return [
            f"- [{draw(MARKERS)}] **Description:** {draw(phrase())}",
            "- **Acceptance criteria:**",
            f"  - [{draw(MARKERS)}] {draw(phrase())}",
        ]
    return ["### Status Key", "", f"- [{draw(MARKERS)}] {draw(phrase())}"]


@st.composite
def document(draw: st.DrawFn) -> str:
    """A tracker document, then line endings, BOM and final newline varied."""
    lines: list[str] = []
    if draw(st.booleans()):
        lines += ["---", "title: generated", "trackmd:", "  count: top", "---"]
    lines.append(f"# {draw(phrase())}")
    labels: list[str] = []
    for n in range(draw(st.integers(0, 4))):
        level = draw(st.integers(2, 4))
        prefix = draw(st.sampled_from(["Phase", "Epic", "BLOC", "Story", "Fase", ""]))
        label = f"{prefix} {n + 1}: {draw(phrase())}".strip() if prefix else draw(phrase())
        labels.append(label.split(":")[0])
        marker = draw(st.sampled_from(["", " ✅", " 🟡 In Progress", " [0/0]", " ⏳"]))
        lines.append(f"{'#' * level} {label}{marker}")
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["checklist", "field", "table", "bars", "fence", "text",
                                         "emoji", "bug", "quote", "tally", "heading",
                                         "not_work"]))  # fmt: skip
            if kind == "checklist":
                lines += draw(checklist())
            elif kind == "field":
                lines.append(draw(field()))
            elif kind == "table":
                lines += draw(table(labels))
            elif kind == "bars":
                lines += draw(bars(labels))
            elif kind == "fence":
                lines += ["```python", "- [ ] not an item", "```"]
            elif kind == "emoji":
                lines += [f"- {draw(st.sampled_from(['✅', '🔄', '⏳']))} {draw(phrase())}"
                          for _ in range(3)]  # fmt: skip
            elif kind == "bug":
                lines += [
                    f"1. **BUG-{n:03d}: {draw(phrase())}**",
                    f"   - **Status**: {draw(STATUS)}",
                ]
            elif kind == "tally":  # status-count lines (issue 14)
                states = draw(st.lists(st.sampled_from(["Done", "In Progress", "**Todo**",
                                                        "✅ Completed", "Blocked"]),
                                       min_size=1, max_size=3, unique=True))  # fmt: skip
                lines += [f"- {k}: {draw(st.integers(0, 9))} ({draw(st.integers(0, 100))}%)"
                          for k in states]  # fmt: skip
            elif kind == "heading":  # a heading that is a progress field (issue 14)
                key = draw(st.sampled_from(["Tiến độ Tổng thể", "Genel İlerleme", "Progress",
                                            "DURUM", "Status"]))  # fmt: skip
                value = draw(st.sampled_from(["75.6% (3/4)", "%85", "40%", "10% (3/99 files)",
                                              "%85 TAMAMLANDI", "85% complete"]))  # fmt: skip
                lines.append(f"{'#' * draw(st.integers(2, 4))} {key}: {value}")
            elif kind == "not_work":
                lines += draw(not_work())
            elif kind == "quote":
                lines.append(f"> - [{draw(MARKERS)}] {draw(phrase())}")
            else:
                lines.append(draw(phrase()) + draw(st.sampled_from(["", "  ", "\t"])))
            if draw(st.booleans()):
                lines.append("")
    endings = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    if endings == "mixed":
        text = "".join(line + draw(st.sampled_from(["\n", "\r\n", "\r"])) for line in lines)
    else:
        text = endings.join(lines) + endings
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


@st.composite
def rollup_document(draw: st.DrawFn) -> str:
    """Sections whose labels the bars and tables name: the cross-references (bar ↔ item ↔
    section, Overall lines, markers) that the general strategy reaches only rarely."""
    lines = [f"# {draw(phrase())}"]
    labels: list[str] = []
    for n in range(draw(st.integers(1, 4))):
        prefix = draw(st.sampled_from(["Phase", "Epic", ""]))
        label = f"{prefix} {n + 1}: {draw(phrase())}".strip()
        labels.append(label.split(":")[0])
        marker = draw(st.sampled_from(["", " ✅", " ⏳", " 🔄 Done", " 🟡 In Progress", " 🟢"]))
        lead = draw(st.sampled_from(["", "", "✅ ", "🔴 ", "⏳ "]))
        lines.append(f"{'#' * draw(st.integers(2, 3))} {lead}{label}{marker}")
        if draw(st.booleans()):
            lines.append(f"**Status**: {draw(STATUS)}")
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["checklist", "bars", "table"]))
            if kind == "checklist":
                lines += draw(checklist())
            elif kind == "bars":
                lines += draw(bars(labels))
            else:
                lines += draw(table(labels))
    if draw(st.booleans()):
        lines[1:1] = draw(bars(labels))
    if draw(st.booleans()):
        lines.insert(1, "**Legend**: 🟢 Done | 🟡 In Progress | 🔴 Todo")
    return "\n".join(lines) + "\n"


@st.composite
def marked_headings(draw: st.DrawFn) -> str:
    """Headings with status markers (lone emoji, emoji and word, at either end) over items
    that a tick may finish or reopen: markers must stay markers under every state."""
    lines = [f"# {draw(phrase())}"]
    for n in range(draw(st.integers(1, 4))):
        marker = draw(st.sampled_from(["✅", "⏳", "🔄", "🚧", "✅ Done", "🔄 In Progress"]))
        label = f"Phase {n + 1}: {draw(phrase())}"
        at_start = draw(st.booleans())
        lines.append(f"## {marker} {label}" if at_start else f"## {label} {marker}")
        lines += [f"- [{draw(MARKERS)}] {draw(phrase())} {n}.{k}"
                  for k in range(draw(st.integers(0, 3)))]  # fmt: skip
        if draw(st.booleans()):
            lines.append("")
    return "\n".join(lines) + "\n"


@st.composite
def setext_below_bars(draw: st.DrawFn) -> str:
    """Bar lines followed by `---` or `===` underlines, which make them setext headings."""
    lines = [f"# {draw(phrase())}", "", "- [x] one", "- [ ] two", ""]
    for _ in range(draw(st.integers(1, 3))):
        label = draw(st.sampled_from(["Overall Progress:", "Phase 1", "Progress", ""]))
        lines.append(
            f"{label} {'█' * draw(st.integers(0, 5))}{'░' * 5} {draw(st.integers(0, 100))}%"
        )
        lines.append(draw(st.sampled_from(["---", "----------", "===", "-"])))
        if draw(st.booleans()):
            lines += ["", f"- [{draw(MARKERS)}] {draw(phrase())}"]
    return "\n".join(lines) + "\n"


@st.composite
def deep_quotes(draw: st.DrawFn) -> str:
    """Block quotes nested past markdown-it's limit, amid ordinary items and fields."""
    depth = draw(st.sampled_from([5, 120, 300, 600]))
    prefix = "> " * depth if draw(st.booleans()) else ">" * depth
    lines = [
        f"# {draw(phrase())}", "**Progress**: 0/0 (0%)", "- [x] before",
        f"{prefix}- [ ] {draw(phrase())}", "- [ ] after",
    ]  # fmt: skip
    if draw(st.booleans()):
        lines.insert(3, f"{prefix}{draw(phrase())}")
    return "\n".join(lines) + "\n"


LANES = st.sampled_from(
    ["To Do", "In Progress", "Done", "Backlog", "Erledigt", "Offen", "In Arbeit", "Archive",
     "Completed", "Ideas", "Bills", "✅ Done", "Doing (3)"]
)  # fmt: skip


@st.composite
def board(draw: st.DrawFn) -> str:
    """Kanban boards: lanes named by states or not, with checkbox cards (ticked, unticked,
    struck, `# sub-header` cards), heading cards, tables without a status column, and the
    derived values a board may carry (a progress field, a bar)."""
    lines = ["---", "kanban-plugin: board", "---", ""] if draw(st.booleans()) else []
    if draw(st.booleans()):
        lines += [f"# {draw(phrase())}", "", f"**Progress**: 0/{draw(st.integers(1, 9))}", ""]
    for _ in range(draw(st.integers(1, 4))):
        lines += [f"## {draw(LANES)}", ""]
        for n in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from(["box", "box", "sub", "struck", "heading", "table"]))
            mark = draw(MARKERS)
            if kind == "box":
                lines.append(f"- [{mark}] {draw(phrase())} {n}")
            elif kind == "sub":
                lines.append(f"- [ ] # {draw(phrase())}")
            elif kind == "struck":
                lines.append(f"- [{mark}] ~~{draw(phrase())} {n}~~")
            elif kind == "heading":
                lines += ["", f"### {draw(phrase())} {n}", ""]
            else:
                lines += ["", "| Card | Who |", "|---|---|", f"| {draw(phrase())} {n} | @a |", ""]
        lines.append("")
    if draw(st.booleans()):
        lines += ["```", f"Overall  {'█' * draw(st.integers(0, 5))}{'░' * 5} 0%", "```", ""]
    if draw(st.booleans()):
        lines += ["%% kanban:settings", "```", '{"kanban-plugin":"board"}', "```", "%%"]
    return "\n".join(lines) + "\n"


@st.composite
def status_forms(draw: st.DrawFn) -> str:
    """Work items kept by hand (`**Status: ✅ COMPLETED**` over unticked tasks), plain
    `- Status: …` bullets, `**Stage**: ✅ …` bullets, beside roll-up fields and progress."""
    lines = [f"# {draw(phrase())}", "", "**Overall Progress**: 0%", ""]
    for n in range(draw(st.integers(1, 4))):
        lines += [f"## {n + 1}) {draw(phrase())}", ""]
        form = draw(st.sampled_from(["bold-span", "plain", "stages", "rollup", "tags"]))
        status = draw(STATUS)
        if form == "bold-span" and status:
            lines += [f"**Status: {status}** (2026-01-0{n + 1})", ""]
        elif form == "plain":
            lines += [f"- {draw(phrase())}", f"- Status: {status or 'Pending'}.", ""]
        elif form == "tags":
            tags = ["[DONE]", "[IN PROGRESS]", "[PLANNED]", "[Owner:x]"]
            lines += [f"- M{k}: {draw(phrase())} {draw(st.sampled_from(tags))}" for k in range(3)]
            lines += ["", "| Milestone | Status |", "|---|---|", f"| M1 x | {draw(STATUS)} |", ""]
        elif form == "stages":
            lines += [f"- **{draw(phrase())} (stage {k})**: {draw(STATUS)}" for k in range(3)]
            lines.append("")
        else:
            lines += [f"**Status**: {status}", ""]
        lines += [f"- [{draw(MARKERS)}] {draw(phrase())} {n}.{k}"
                  for k in range(draw(st.integers(0, 3)))]  # fmt: skip
        lines.append("")
        for k in range(draw(st.integers(0, 3))):  # stories ending in a status, or unmarked
            end = draw(st.sampled_from(["", "", " ✅", " 🔄", " ✅ DONE", " ⏳"]))
            lines += [f"### Story {n}.{k} — {draw(phrase())}{end}", "", "Notes.", ""]
    return "\n".join(lines) + "\n"
