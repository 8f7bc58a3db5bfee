"""The repository holding a path: its work tree, git folder, HEAD, and whether it is shallow."""

from __future__ import annotations

from pathlib import Path

from trackmd.core.errors import BadInput


def locate(path: Path) -> tuple[Path, Path, str | None, bool]:
    """The work tree, the common git folder, HEAD (None before the first commit) and whether
    the clone is shallow, for the repository holding `path` (searched from its folder up)."""
    import subprocess  # lazily: commands naming files never start git

    folder = path if path.is_dir() else path.parent
    folder = folder.absolute()
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent  # a file outside a sparse checkout: its folder is absent too
    folder = folder.resolve()
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--show-toplevel", "--git-common-dir",
             "--is-shallow-repository", "HEAD"],
            cwd=folder, capture_output=True, text=True, check=False,
        )  # fmt: skip
    except OSError as error:
        raise BadInput(f"git is not available ({error}); burndown needs git history") from None
    lines = result.stdout.splitlines()
    if len(lines) < 3:
        problem = result.stderr.strip().splitlines()[:1]
        if problem and "work tree" in problem[0]:
            raise BadInput(f"{folder}: a bare repository; burndown needs a working tree")
        raise BadInput(
            f"not a git repository: {folder}; burndown needs history (run it inside a git clone)"
        )
    head = lines[3] if result.returncode == 0 and len(lines) > 3 else None
    return Path(lines[0]).resolve(), (folder / lines[1]).resolve(), head, lines[2] == "true"


def tracked_markdown(folder: Path) -> tuple[Path, list[str]]:
    """The work tree holding `folder` and the Markdown files git tracks there (paths from the
    root, each once even when in conflict)."""
    import subprocess  # lazily: commands naming files never start git

    top = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    root = top.stdout.strip()
    if top.returncode != 0 or not root:
        raise BadInput(
            f"not a git repository: {folder}; history needs git (run it inside a git clone)"
        )
    result = subprocess.run(
        ["git", "ls-files", "-z", "--full-name", "--", "*.md", "*.markdown"],
        cwd=root, capture_output=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise BadInput(f"{root}: git ls-files failed; history needs a readable repository")
    # a file in conflict is listed once per stage
    names = dict.fromkeys(n for n in result.stdout.decode("utf-8", "replace").split("\0") if n)
    return Path(root), list(names)


def listed_markdown(directory: Path) -> list[str] | None:
    """The Markdown files git lists under `directory` (tracked, or untracked and not ignored),
    relative to it; None when git cannot list them (not a repository, git missing)."""
    import subprocess  # lazily: commands naming files never start git

    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--",
             "*.md", "*.markdown"],
            cwd=directory, capture_output=True, check=False,
        )  # fmt: skip
    except OSError:
        return None
    if out.returncode != 0:
        return None
    return [n for n in out.stdout.decode("utf-8", "replace").split("\0") if n]
