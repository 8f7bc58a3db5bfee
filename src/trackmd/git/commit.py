"""`--commit`: find the work tree before anything is written, then commit exactly the changed
trackers (GitPython's command wrapper; `GIT_DIR`/`GIT_WORK_TREE` are honoured as git does)."""

from __future__ import annotations

from pathlib import Path

from trackmd.core.errors import REFUSED, BadInput, TrackmdError


def work_tree(paths: list[Path]) -> Path:
    """The work tree holding every one of `paths`; a one-line BadInput when there is none,
    raised before the caller writes anything."""
    import git

    roots: set[Path] = set()
    for path in paths:
        folder = path.resolve().parent
        try:
            top = git.Git(str(folder)).rev_parse("--show-toplevel")
        except git.GitCommandError:
            raise BadInput(
                f"{path}: not in a git repository with a work tree; --commit needs one "
                "(nothing written; run without --commit)"
            ) from None
        except OSError as error:
            raise BadInput(f"git is not available ({error}); run without --commit") from None
        root = Path(top).resolve()
        try:
            path.resolve().relative_to(root)
        except ValueError:
            raise BadInput(
                f"{path}: outside the work tree {root}; --commit cannot commit it "
                "(nothing written; run without --commit)"
            ) from None
        roots.add(root)
    if len(roots) > 1:
        names = ", ".join(str(r) for r in sorted(roots))
        raise BadInput(f"--commit: the trackers are in {len(roots)} repositories ({names})")
    return roots.pop()


def commit_only(root: Path, paths: list[Path], message: str) -> str:
    """Commit exactly `paths` as they are in the work tree (`git commit --only`): other staged
    changes stay staged. When git refuses (a failing hook, no identity), the index is left as
    it was and the error says so; the files keep the change."""
    import git

    runner = git.Git(str(root))
    rels = [p.resolve().relative_to(root).as_posix() for p in paths]
    untracked = [r for r in rels if not runner.ls_files("--", r)]
    if untracked:
        runner.add("--", *untracked)
    try:
        runner.commit("-m", message, "--only", "--", *rels)
        return str(runner.rev_parse("--short=10", "HEAD"))
    except git.GitCommandError as error:
        if untracked:
            runner.rm("--cached", "-q", "--", *untracked)
        reason = _first_line(str(error.stderr)) or f"exit code {error.status}"
        names = ", ".join(rels)
        raise TrackmdError(
            f"git commit failed ({reason}); {names} keeps the change, uncommitted, and the "
            "index is as it was: fix that and commit it yourself",
            REFUSED,
        ) from None


def _first_line(stderr: str) -> str:
    text = stderr.strip().removeprefix("stderr:").strip().strip("'").strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:200] if lines else ""
