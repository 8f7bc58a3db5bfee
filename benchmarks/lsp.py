"""Row (i): `trackmd lsp` diagnostics after a one-character change, against a cold
`trackmd check` of the same file in the same run (run.py). The client here is a minimal
JSON-RPC speaker over the server's pipes, so the timing is the server's, not a library's."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any


class Server:
    """`trackmd lsp` with one document open; `change()` types one character and waits for
    that version's diagnostics. Debounce 0: the editor's quiet time is not work."""

    def __init__(self, trackmd: Path, path: Path, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([str(trackmd), "lsp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env)  # fmt: skip
        self.next_id = 0
        self.uri = path.as_uri()
        self.text = path.read_text(encoding="utf-8")
        self.version = 1
        self.request("initialize", {"processId": None, "rootUri": None, "capabilities": {},
                                    "initializationOptions": {"debounce": 0}})  # fmt: skip
        self.notify("initialized", {})
        item = {"uri": self.uri, "languageId": "markdown", "version": 1, "text": self.text}
        self.notify("textDocument/didOpen", {"textDocument": item})
        count = self.diagnostics(1)
        if count == 0:
            raise RuntimeError(f"{path}: the server found nothing to say (not a tracker?)")
        line = next(i for i, text in enumerate(self.text.split("\n")) if "- [ ] " in text)
        self.at = sum(len(text) + 1 for text in self.text.split("\n")[:line]) + 6

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        length = 0
        while (header := self.proc.stdout.readline()) not in (b"\r\n", b""):
            name, _, value = header.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        if not length:
            raise RuntimeError("the server closed its output")
        message: dict[str, Any] = json.loads(self.proc.stdout.read(length))
        return message

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                return message.get("result")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def diagnostics(self, version: int) -> int:
        while True:
            message = self.receive()
            params = message.get("params") or {}
            if message.get("method") == "textDocument/publishDiagnostics" and params.get(
                "version"
            ) == version:  # fmt: skip
                return len(params["diagnostics"])

    def change(self) -> None:
        """Type a character into an item's text, or take it out again (alternately)."""
        self.version += 1
        if self.version % 2 == 0:
            self.text = self.text[: self.at] + "x" + self.text[self.at :]
        else:
            self.text = self.text[: self.at] + self.text[self.at + 1 :]
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": self.uri, "version": self.version},
            "contentChanges": [{"text": self.text}],
        })  # fmt: skip
        self.diagnostics(self.version)

    def close(self) -> None:
        self.request("shutdown", {})
        self.notify("exit", {})
        self.proc.wait(timeout=30)


def latency(
    trackmd: Path, path: Path, env: dict[str, str]
) -> tuple[Callable[[], None], Callable[[], None]]:
    """One change's round trip (a callable to time), and how to stop the server."""
    server = Server(trackmd, path, env)
    return server.change, server.close
