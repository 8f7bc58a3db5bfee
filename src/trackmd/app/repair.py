"""`fix-encoding`: find and repair double-encoded UTF-8, showing the diff first."""

from __future__ import annotations

from pathlib import Path

from trackmd.app import api
from trackmd.core.errors import CHECK_FAILED
from trackmd.ui import output, render


def fix_encoding(paths: list[Path], *, check_only: bool, dry_run: bool) -> int:
    from trackmd.io import atomic, files
    from trackmd.io.encoding import find_mojibake, repair

    found_any = False
    for path in api.find(paths):
        with files.locked(path):
            loaded = files.read(path)
            name = api.display_path(path)
            if check_only:
                hits = find_mojibake(loaded.text)
                lines = [f"{name}:{h.line}:{h.column}: warning mojibake '{h.text}'\n" for h in hits]
                render.emit([(line, "") for line in lines])
                found_any = found_any or bool(hits)
                continue
            result = repair(loaded.text)
            if result.changed:
                found_any = True
                from trackmd.core.parse import parse

                tracker = api.Tracker(path, loaded.data, parse(loaded.text, name))
                output.show_diff(api.unified_diff(tracker, result.text))
                if not dry_run:
                    atomic.write_atomic(path, result.text.encode("utf-8"), loaded.data)
                verb = "would repair" if dry_run else "repaired"
                render.emit([(f"{name}: {verb} mojibake\n", "")])
            else:
                render.emit([(f"{name}: no mojibake found\n", "dim")])
            notes = [
                f"{name}:{left.line}:{left.column}: could not repair '{left.text}'\n"
                for left in result.unrepaired
            ] + [
                f"{name}:{guess.line}:{guess.column}: a byte was lost here; restored as "
                f"'{guess.text}' (check it)\n"
                for guess in result.guessed
            ]
            render.emit([(note, "") for note in notes], stderr=True)
    return CHECK_FAILED if check_only and found_any else 0
