"""The start-up floor: the least a Typer + Rich CLI can do. Prints one line and exits 0."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command()
def hello(
    paths: Annotated[list[str] | None, typer.Argument(help="Ignored; mirrors trackmd.")] = None,
) -> None:
    """Print one styled line."""
    Console(highlight=False).print(f"[bold]floor[/]: {len(paths or [])} path(s)")


if __name__ == "__main__":
    app()
