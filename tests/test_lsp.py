"""`trackmd lsp` over stdio, driven by a real LSP client (pytest-lsp): diagnostics, the
update and state actions equal to the CLI's writes, hover, completion, outline, garbage."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.lsp_client import ENV, STALE, TRACKMD, apply_edits, cli_result, edits_of

pytestmark = pytest.mark.asyncio
WAIT = 30.0  # generous: a loaded 2-core machine; a missing answer still fails


SERVER = ClientServerConfig(server_command=[str(TRACKMD), "lsp"], server_env=ENV)


@pytest_lsp.fixture(config=SERVER)  # type: ignore[untyped-decorator]  # pytest-lsp: untyped
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        initialization_options={"debounce": 0.05},
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def opened(client: LanguageClient, path: Path, text: str) -> str:
    """Open `text` as the document at `path` (written there too); its diagnostics arrive."""
    path.write_bytes(text.encode("utf-8"))
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
    ))  # fmt: skip
    await diagnostics_for(client, uri, 1)
    return uri


async def diagnostics_for(client: LanguageClient, uri: str, version: int) -> None:
    """Wait for the diagnostics of that version (called right after the notification that
    makes them, before the client reads the server's answer)."""

    async def wait() -> None:
        while True:
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == uri and params.version == version:
                return

    await asyncio.wait_for(wait(), WAIT)


def changed(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [types.TextDocumentContentChangeWholeDocument(text=text)],
    ))  # fmt: skip


async def actions_at(client: LanguageClient, uri: str, line: int) -> list[types.CodeAction]:
    where = types.Range(types.Position(line, 0), types.Position(line, 0))
    context = types.CodeActionContext(diagnostics=client.diagnostics.get(uri, []))
    found = await client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(uri), where, context)
    )
    out = []
    for action in found or []:
        assert isinstance(action, types.CodeAction)
        if action.edit is None and action.disabled is None:
            action = await client.code_action_resolve_async(action)
        out.append(action)
    return out


async def test_a_stale_tracker_gets_diagnostics_with_the_values_ranges(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = await opened(client, tmp_path / "TODO.md", STALE)
    found = [d for d in client.diagnostics[uri] if d.code == "out-of-date"]
    assert [(d.range.start.line, d.range.start.character, d.range.end.character)
            for d in found] == [(2, 14, 31), (7, 12, 16)]  # fmt: skip
    assert "'0/4 complete (0%)' → '1/5 complete (20%)'" in found[0].message
    assert found[1].severity is types.DiagnosticSeverity.Error and found[1].source == "trackmd"


async def test_update_derived_values_equals_trackmd_sync_byte_for_byte(
    client: LanguageClient, tmp_path: Path
) -> None:
    text = STALE.replace("\n", "\r\n")  # the file's own newlines come back as they were
    uri = await opened(client, tmp_path / "TODO.md", text)
    actions = await actions_at(client, uri, 0)
    update = next(a for a in actions if a.title == "Update derived values")
    assert update.kind == types.CodeActionKind.SourceFixAll
    after = apply_edits(text, edits_of(update.edit, uri))
    assert after == cli_result(tmp_path, text, ["sync", "{file}"])
    assert after != text and "2026-12-07" in after


async def test_a_quick_fix_updates_one_value_and_the_stamp(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = await opened(client, tmp_path / "TODO.md", STALE)
    actions = await actions_at(client, uri, 2)
    fixes = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert len(fixes) == 1 and fixes[0].title.startswith("Update document Progress:")
    after = apply_edits(STALE, edits_of(fixes[0].edit, uri))
    expected = STALE.replace("0/4 complete (0%)", "1/5 complete (20%)").replace(
        "2026-01-01", "2026-12-07")  # fmt: skip
    assert after == expected  # the Status roll-up is left for its own fix


async def test_mark_done_on_an_item_line_equals_trackmd_done(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = await opened(client, tmp_path / "TODO.md", STALE)
    actions = await actions_at(client, uri, 12)  # `  - [ ] spans`
    titles = [a.title for a in actions if a.kind == "refactor.rewrite.trackmd"]
    assert titles == ["Mark done", "Mark in progress", "Mark blocked"]
    done = next(a for a in actions if a.title == "Mark done")
    after = apply_edits(STALE, edits_of(done.edit, uri))
    assert after == cli_result(tmp_path, STALE, ["done", "spans", "-f", "{file}"])
    assert "  - [x] spans" in after


async def test_hover_on_a_heading_an_item_and_a_dependency(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = await opened(client, tmp_path / "TODO.md", STALE)

    async def hover(line: int, character: int) -> str:
        found = await client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(uri), types.Position(line, character)))  # fmt: skip
        assert found is not None and isinstance(found.contents, types.MarkupContent)
        return found.contents.value

    assert hover_line(await hover(5, 3)) == "**Phase 1: Build** — 1/3 (33%), in progress"
    item = await hover(10, 8)
    assert hover_line(item) == "**#2 REL-2** — open" and "sub-items: 1/2 (50%)" in item
    dependency = await hover(13, STALE.splitlines()[13].index("REL-2") + 2)
    assert hover_line(dependency) == "**REL-2** — open" and "line 11" in dependency


def hover_line(text: str) -> str:
    return text.split("\n\n", maxsplit=1)[0]


async def test_completion_offers_explicit_ids_after_depends_on(
    client: LanguageClient, tmp_path: Path
) -> None:
    text = STALE.replace("(Depends on REL-2)", "(Depends on RE")
    uri = await opened(client, tmp_path / "TODO.md", text)
    line = 13
    character = len(text.splitlines()[line])
    found = await client.text_document_completion_async(types.CompletionParams(
        types.TextDocumentIdentifier(uri), types.Position(line, character)))  # fmt: skip
    assert isinstance(found, types.CompletionList)
    assert [i.label for i in found.items] == ["REL-1", "REL-2", "REL-4"]
    assert found.items[1].detail == "open — Phase 1: Build"
    nothing = await client.text_document_completion_async(types.CompletionParams(
        types.TextDocumentIdentifier(uri), types.Position(10, 5)))  # fmt: skip
    assert nothing is None


async def test_symbols_and_inlay_hints_show_each_sections_progress(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = await opened(client, tmp_path / "TODO.md", STALE)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(uri)))  # fmt: skip
    assert symbols is not None
    top = symbols[0]
    assert isinstance(top, types.DocumentSymbol) and top.name == "Release plan — 1/5 (20%)"
    assert [c.name for c in top.children or []] == ["Phase 1: Build — 1/3 (33%)",
                                                    "Phase 2: Launch — 0/2 (0%)"]  # fmt: skip
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
        types.TextDocumentIdentifier(uri), types.Range(types.Position(0, 0), types.Position(99, 0))
    ))  # fmt: skip
    assert [(h.position.line, h.position.character, h.label) for h in hints or []] == [
        (0, 17, "1/5"), (5, 21, "1/3"), (15, 24, "0/2")]  # UTF-16: 🚀 is two units  # fmt: skip


async def test_a_markdown_file_that_is_not_a_tracker_gets_nothing(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = await opened(client, tmp_path / "notes.md", STALE)
    assert list(client.diagnostics[uri]) == []
    assert await actions_at(client, uri, 10) == []


async def test_a_document_edited_into_garbage_still_gets_answers(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = await opened(client, tmp_path / "TODO.md", STALE)
    garbage = [
        STALE[: len(STALE) // 2] + "| Task | Status |\n|---|---\n| a | ✅ |\n| b",
        "\x00\x01\x02\ufffd\udcff" * 50 + "\n- [x\n# \n|||\n" + "\u2028\x0c\r" * 10,
        "",
    ]
    for version, text in enumerate(garbage, start=2):
        changed(client, uri, version, text)
        await diagnostics_for(client, uri, version)
        await actions_at(client, uri, 1)
        await client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(uri), types.Position(1, 1)))  # fmt: skip
        await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(types.TextDocumentIdentifier(uri)))  # fmt: skip
    changed(client, uri, 9, STALE)  # and it recovers
    await diagnostics_for(client, uri, 9)
    assert sum(d.code == "out-of-date" for d in client.diagnostics[uri]) == 2
    errors = [m.message for m in client.log_messages if m.type == types.MessageType.Error]
    assert errors == []


async def test_diagnostics_after_typing_equal_a_fresh_opens(
    client: LanguageClient, tmp_path: Path
) -> None:
    """The server keeps each document's read warm between changes: after every typed
    character its diagnostics are those of the same text opened cold beside it."""
    from tests.test_warm import typed

    (tmp_path / "warm").mkdir()
    text = STALE
    uri = await opened(client, tmp_path / "warm" / "TODO.md", text)
    assert seen(client, uri)  # something to compare
    rng = random.Random(17)
    for version in range(2, 14):
        text = typed(rng, text)
        changed(client, uri, version, text)
        await diagnostics_for(client, uri, version)
        (tmp_path / f"cold-{version}").mkdir()
        cold = await opened(client, tmp_path / f"cold-{version}" / "TODO.md", text)
        assert seen(client, uri) == seen(client, cold), f"version {version}: {text!r}"


def seen(client: LanguageClient, uri: str) -> list[tuple[object, ...]]:
    return [(d.range, d.code, d.message, d.severity) for d in client.diagnostics[uri]]
