"""Obsidian Tasks (issue 14): signifiers read into the model and the JSON, done dates written
and removed, the next instance of a recurring task, `🆔`/`⛔` dependencies."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from tests.conftest import FIXED_DATE
from trackmd.core import obsidian
from trackmd.core.model import ItemKind, State
from trackmd.core.parse import parse

Run = Callable[..., Result]
TODAY = dt.date.fromisoformat(FIXED_DATE)

VAULT = (
    "# Garden\n\n"
    "- [x] Buy seeds ✅ 2026-11-20\n"
    "- [ ] Water the plants 🔁 every week ⏫ 📅 2026-11-23 🆔 water\n"
    "- [ ] Repot ⛔ water,seeds 📅 2026-11-30 ^repot\n"
)


def vault(tmp_path: Path, text: str = VAULT) -> Path:
    path = tmp_path / "Tasks.md"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_signifiers_are_read_into_the_json(run: Run, tmp_path: Path) -> None:
    result = run("list", str(vault(tmp_path)), "--json")
    assert result.exit_code == 0, result.output
    items = {i["number"]: i for i in json.loads(result.output)["items"]}
    assert items[2]["priority"] == "high"
    assert items[2]["recurrence"] == "every week"
    assert items[2]["dates"] == {"due": "2026-11-23"}
    assert items[2]["task_id"] == "water"
    assert items[3]["depends"] == ["water", "seeds"]
    assert items[1]["dates"] == {"done": "2026-11-20"}


def test_done_appends_the_done_date_before_a_block_id(run: Run, tmp_path: Path) -> None:
    path = vault(tmp_path)
    assert run("done", "Repot", "-f", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert f"- [x] Repot ⛔ water,seeds 📅 2026-11-30 ✅ {FIXED_DATE} ^repot\n" in text
    assert run("undo", "Repot", "-f", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8") == VAULT


def test_no_done_date_where_the_file_keeps_none(run: Run, tmp_path: Path) -> None:
    path = vault(tmp_path, "# Plain\n\n- [ ] a 📅 2026-11-30\n- [ ] b\n")
    assert run("done", "a", "-f", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8") == "# Plain\n\n- [x] a 📅 2026-11-30\n- [ ] b\n"


def test_a_recurring_task_gets_its_next_instance_above(run: Run, tmp_path: Path) -> None:
    path = vault(tmp_path)
    result = run("done", "water", "-f", str(path))  # the 🆔 names the task
    assert result.exit_code == 0, result.output
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[3] == "- [ ] Water the plants 🔁 every week ⏫ 📅 2026-11-30"
    assert (
        lines[4]
        == f"- [x] Water the plants 🔁 every week ⏫ 📅 2026-11-23 🆔 water ✅ {FIXED_DATE}"
    )
    assert run("check", str(path)).exit_code == 0


def test_when_done_moves_from_today_and_keeps_the_distance() -> None:
    line = "  - [ ] Gym 🔁 every 2 days when done ⏳ 2026-11-01 📅 2026-11-03\n"
    assert obsidian.next_instance(line, TODAY) == (
        "  - [ ] Gym 🔁 every 2 days when done ⏳ 2026-11-22 📅 2026-11-24\n"
    )


def test_month_rules() -> None:
    rent = "- [ ] Rent 🔁 every month on the last 📅 2026-01-31"
    assert (
        obsidian.next_instance(rent, TODAY) == "- [ ] Rent 🔁 every month on the last 📅 2026-02-28"
    )
    review = "- [x] Review 🔁 every week on Monday 📅 2026-11-25 ✅ 2026-11-24"
    assert (
        obsidian.next_instance(review, TODAY)
        == "- [ ] Review 🔁 every week on Monday 📅 2026-11-30"
    )


def test_an_unknown_rule_is_said_and_no_instance_written(run: Run, tmp_path: Path) -> None:
    text = "- [ ] Hoover 🔁 every fortnight 📅 2026-11-23\n"
    path = vault(tmp_path, text)
    result = run("done", "Hoover", "-f", str(path))
    assert result.exit_code == 0
    assert "every fortnight" in result.output and "no next instance" in result.output
    assert path.read_text(encoding="utf-8") == (
        f"- [x] Hoover 🔁 every fortnight 📅 2026-11-23 ✅ {FIXED_DATE}\n"
    )


def test_a_done_task_whose_dependency_is_open_is_warned(run: Run, tmp_path: Path) -> None:
    path = vault(tmp_path, VAULT.replace("- [ ] Repot", "- [x] Repot"))
    result = run("check", str(path))
    assert "open-dependency" in result.output and "water is open" in result.output
    assert "seeds" not in result.output.split("open-dependency")[1]  # seeds is done


def test_a_scheduled_date_is_no_status() -> None:
    doc = parse("# T\n\n- [ ] a ⏳ 2026-11-30\n- [x] b\n")
    assert [(i.kind, i.state) for i in doc.items] == [
        (ItemKind.CHECKBOX, State.OPEN),
        (ItemKind.CHECKBOX, State.DONE),
    ]
    assert doc.items[0].dates == (("scheduled", "2026-11-30"),)


RULES = st.sampled_from(
    ["every day", "every 3 days", "every week", "every 2 weeks", "every month", "every year",
     "every week on Friday", "every month on the 31st", "every 2 months when done"]
)  # fmt: skip
DAYS = st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31))


@given(RULES, DAYS, st.sampled_from(["📅", "⏳", "🛫"]), st.sampled_from([" ", "x"]))
def test_the_next_instance_is_one_open_task_later_than_the_last(
    rule: str, day: dt.date, sign: str, mark: str
) -> None:
    line = f"- [{mark}] task 🔁 {rule} {sign} {day.isoformat()} 🆔 t1 ^b1"
    new = obsidian.next_instance(line, TODAY)
    assert new is not None
    doc = parse(new)
    assert [i.state for i in doc.items] == [State.OPEN]
    ((kind, moved),) = doc.items[0].dates
    assert kind == obsidian.DATE_KINDS[sign]
    base = TODAY if "when done" in rule else day
    assert dt.date.fromisoformat(moved) > base
    assert "🆔" not in new and "^b1" not in new


def test_a_custom_status_marker_is_configured(run: Run, tmp_path: Path) -> None:
    text = "- [?] maybe\n- [x] done\n- [ ] todo\n"
    plain = vault(tmp_path, text)
    result = run("check", str(plain))
    assert "unknown-marker" in result.output
    configured = tmp_path / "Configured.md"
    configured.write_text('---\ntrackmd:\n  statuses:\n    cancelled: ["[?]"]\n---\n' + text)
    result = run("check", str(configured))
    assert "unknown-marker" not in result.output, result.output
    status = json.loads(run("status", str(configured), "--json").output)
    assert status["files"][0]["progress"]["cancelled"] == 1


SIGNIFIER = st.sampled_from(
    ["", " ⏫", " 🔽", " 📅 2026-11-30", " ⏳ 2026-11-25", " 🛫 2026-11-01", " 🆔 t9",
     " ⛔ t9", " ⛔ t9,t8", " 🔁 every week", " 🔁 every 2 days when done", " 🔁 every fortnight",
     " ✅ 2026-11-01", " ^blk", " #tag"]
)  # fmt: skip
TASK = st.builds(
    lambda mark, words, signs: f"- [{mark}] {words}{''.join(signs)}",
    st.sampled_from([" ", "x", "/", "-"]),
    st.sampled_from(["water", "repot", "buy seeds"]),
    st.lists(SIGNIFIER, max_size=4),
)
VAULTS = st.builds(
    lambda tasks, progress: "# Garden\n" + progress + "\n".join(tasks) + "\n",
    st.lists(TASK, min_size=1, max_size=6),
    st.sampled_from(["", "**Progress**: 0/0 (0%)\n"]),
)


@given(VAULTS, st.data())
def test_done_and_undo_on_tasks_plan_cleanly(text: str, data: st.DataObject) -> None:
    """What `done` writes on an Obsidian task (its done date, a recurring task's next
    instance) passes the safety check; `undo` of a non-recurring task gives the bytes back."""
    from trackmd.core.derive import Wording
    from trackmd.core.edit import plan, state_edit

    doc = parse(plan(parse(text), TODAY).text)
    item = data.draw(st.sampled_from(doc.items))
    if item.state is State.DONE:
        return
    work, (picked,) = obsidian.with_next_instances(doc, [item], TODAY)
    edits = [state_edit(work, picked, State.DONE, Wording(work))]
    edits.append(obsidian.date_edit(work, picked, State.DONE, TODAY))
    done = plan(work, TODAY, [e for e in edits if e is not None])  # raises Refused if wrong
    assert not plan(done.after, TODAY).changed
    if work is not doc or item.state is not State.OPEN:
        return
    after = done.after
    again = after.items[picked.number - 1]
    back = [state_edit(after, again, item.state, Wording(after))]
    back.append(obsidian.date_edit(after, again, item.state, TODAY))
    undone = plan(after, TODAY, [e for e in back if e is not None])
    if "✅" not in item.text:
        assert undone.text == doc.text
