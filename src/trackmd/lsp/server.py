"""The language server: pygls features over the modules beside this one. Diagnostics on open
and, debounced, on every change; every request answers from the document's latest model and
never fails the editor: an error is logged to the client and the answer is empty."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from trackmd import __version__
from trackmd.lsp import actions, lookup, outline
from trackmd.lsp.diagnostics import diagnose
from trackmd.lsp.documents import Analysis

DEBOUNCE = 0.25  # seconds of quiet after a change before diagnostics (initializationOptions)
T = TypeVar("T")


class Session:
    """The open documents, the pending diagnostics, and what the client can take."""

    def __init__(self, server: LanguageServer) -> None:
        self.server = server
        self.documents: dict[str, Analysis] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.debounce = DEBOUNCE

    def encoding(self) -> str:
        try:
            return str(self.server.workspace.position_encoding or "utf-16")
        except RuntimeError:  # not initialized yet
            return "utf-16"

    def client(self) -> actions.Client:
        caps = self.server.client_capabilities
        action = caps.text_document.code_action if caps.text_document else None
        resolve = action.resolve_support if action else None
        edit = caps.workspace.workspace_edit if caps.workspace else None
        return actions.Client(
            resolves=resolve is not None and "edit" in resolve.properties,
            versioned=bool(edit and edit.document_changes),
        )

    def update(self, uri: str, text: str, version: int | None) -> None:
        current = self.documents.get(uri)
        if current is None:
            self.documents[uri] = Analysis(uri, text, version, self.encoding())
        else:  # the last read is kept, so a change re-reads only what it reaches
            self.documents[uri] = current.then(text, version, self.encoding())

    def schedule(self, uri: str, delay: float) -> None:
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        if delay <= 0:
            self.publish(uri)
            return
        self.pending[uri] = asyncio.get_running_loop().call_later(delay, self.publish, uri)

    def publish(self, uri: str) -> None:
        self.pending.pop(uri, None)
        analysis = self.documents.get(uri)
        if analysis is None:
            return
        nothing: list[types.Diagnostic] = []
        found = self.safely(lambda: diagnose(analysis), nothing)
        params = types.PublishDiagnosticsParams(uri, found, analysis.version)
        self.server.text_document_publish_diagnostics(params)

    def safely(self, answer: Callable[[], T], default: T) -> T:
        """The answer, or `default` and the reason in the client's log: a bad document or
        a bug in one feature never takes the server down."""
        from trackmd.core.errors import TrackmdError

        try:
            return answer()
        except TrackmdError as error:
            self.log(types.MessageType.Warning, error.message)
        except Exception as error:
            self.log(types.MessageType.Error, f"trackmd: internal error: {error!r}")
        return default

    def log(self, kind: types.MessageType, message: str) -> None:
        self.server.window_log_message(types.LogMessageParams(kind, message))


def build() -> LanguageServer:
    server = LanguageServer("trackmd", __version__,
                            text_document_sync_kind=types.TextDocumentSyncKind.Full)  # fmt: skip
    session = Session(server)

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounce"), int | float):
            session.debounce = float(options["debounce"])

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        from trackmd.io.project import forget_settings

        forget_settings()  # the configuration may have changed since the last open
        item = params.text_document
        session.update(item.uri, item.text, item.version)
        session.schedule(item.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        current = session.documents.get(uri)
        text = current.text if current is not None else ""
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangeWholeDocument):
                text = change.text
            else:  # a client that sends ranges anyway: apply them
                lines = Analysis(uri, text, None, session.encoding()).lines
                start = lines.offset(change.range.start.line, change.range.start.character)
                end = lines.offset(change.range.end.line, change.range.end.character)
                text = text[:start] + change.text + text[end:]
        session.update(uri, text, params.text_document.version)
        session.schedule(uri, session.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        session.documents.pop(uri, None)
        waiting = session.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    def analysis(uri: str) -> Analysis | None:
        return session.documents.get(uri)

    kinds = [types.CodeActionKind.SourceFixAll, types.CodeActionKind.QuickFix,
             actions.STATE_KIND]  # fmt: skip

    options = types.CodeActionOptions(code_action_kinds=kinds, resolve_provider=True)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        found = analysis(params.text_document.uri)
        if found is None:
            return None
        nothing: list[types.CodeAction] = []
        return session.safely(lambda: actions.offered(found, params, session.client()), nothing)

    @server.feature(types.CODE_ACTION_RESOLVE)
    def code_action_resolve(action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        found = analysis(str(data.get("uri", "")))
        if found is None:
            return action
        return session.safely(lambda: actions.resolved(found, action, session.client()), action)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        found = analysis(params.text_document.uri)
        at = params.position
        return session.safely(lambda: lookup.hover(found, at.line, at.character), None) \
            if found else None  # fmt: skip

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=[" ", ","]))  # fmt: skip
    def completion(params: types.CompletionParams) -> types.CompletionList | None:
        found = analysis(params.text_document.uri)
        at = params.position
        return session.safely(lambda: lookup.complete(found, at.line, at.character), None) \
            if found else None  # fmt: skip

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        found = analysis(params.text_document.uri)
        return session.safely(lambda: outline.symbols(found), []) if found else []

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    def inlay_hint(params: types.InlayHintParams) -> list[types.InlayHint]:
        found = analysis(params.text_document.uri)
        first, last = params.range.start.line, params.range.end.line
        return session.safely(lambda: outline.inlay_hints(found, first, last), []) \
            if found else []  # fmt: skip

    return server
