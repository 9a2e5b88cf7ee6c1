"""Publishing an edition: check everything, build without drafts, deploy with mike.

A published edition is a record and never changes: publishing refuses an edition name that
exists unless ``replace`` is given for a deliberate correction. Any failure (a check, the
build, git) leaves the ``gh-pages`` branch exactly as it was, because mike only commits after
a successful build.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from clausebook.cli import guards
from clausebook.cli.project import Project
from clausebook.core import editions
from clausebook.core.editions import BRANCH_ENV, PUBLISH_ENV, UNCOMMITTED_ENV, UNIT_ENV
from clausebook.core.manual import Manual, load
from clausebook.core.problems import Problem, Severity
from clausebook.core.settings import resolve_as_of


class PublishError(Exception):
    """Publishing stopped; ``deployed`` says whether the edition reached the branch first."""

    def __init__(self, problems: list[Problem], *, deployed: bool = False) -> None:
        super().__init__("; ".join(p.render() for p in problems))
        self.problems = problems
        self.deployed = deployed


@dataclass
class Published:
    edition: str
    alias: str
    branch: str
    commit: str
    replaced: bool
    notes: list[str] = field(default_factory=list)
    #: The warnings the edition was published with (an overdue review, say): not blocking,
    #: but on the record of who published it.
    warnings: list[Problem] = field(default_factory=list)


def _run(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args),
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )


def _fail(message: str, code: str = "CB705") -> PublishError:
    return PublishError([Problem.of(code, message)])


def _as_error(problem: Problem) -> Problem:
    return Problem.of(
        problem.code,
        problem.message.replace("it is left out of the comparison", "nothing was published"),
        file=problem.file,
        severity=Severity.ERROR,
    )


def check_for_publish(
    project: Project, edition: str, *, replace: bool, branch: str = "gh-pages"
) -> Manual:
    """Everything that must hold before a deploy: clean check, change control, new name,
    all judged against the editions already on ``branch``."""
    settings = project.settings.model_copy(update={"drafts": "exclude"})
    try:
        as_of = resolve_as_of(None, settings)
    except ValueError as error:
        raise PublishError([Problem.of("CB505", str(error))]) from None
    manual = load(project.root, settings, as_of=as_of)
    if manual.errors:
        raise PublishError(manual.errors)
    versions, unreadable = editions.read_editions(project.root, branch)
    previous, found = editions.previous_snapshot(
        project.root, settings.reports_dir, edition, branch
    )
    unreadable += found
    if unreadable:
        # A record that cannot be read cannot say whether the name is taken or what the
        # last edition published: a build goes on with a warning, a publish does not.
        raise PublishError([_as_error(p) for p in unreadable])
    published = [v["version"] for v in versions]
    if edition in published and not replace:
        raise _fail(
            f"edition {edition} is already published; a published edition is a record and is "
            "not overwritten (choose a new name, or pass --replace for a deliberate "
            "correction)",
            "CB704",
        )
    if previous is not None:
        changes = editions.compare(previous, editions.snapshot(manual, edition), manual)
        if changes.problems:
            raise PublishError(changes.problems)
    return manual


def publish(
    project: Project,
    edition: str,
    *,
    title: str | None = None,
    alias: str = "latest",
    push: bool = False,
    replace: bool = False,
    alias_type: str = "symlink",
    branch: str = "gh-pages",
    allow_dirty: bool = False,
) -> Published:
    root = project.root
    if _run(root, "git", "rev-parse", "--show-toplevel").returncode != 0:
        raise _fail(f"{root} is not a git repository: editions are published to a git branch")
    if _run(root, "git", "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        raise _fail(
            f"{root} has no commit yet: an edition records the commit it was built from. "
            "Commit the manual first (git add -A && git commit -m 'First edition'), then "
            "publish"
        )
    names = guards.name_problems(root, edition, alias, branch)
    if names:
        raise PublishError(names)
    for key in ("user.name", "user.email"):
        if not _run(root, "git", "config", key).stdout.strip():
            raise _fail(
                f"git has no {key}: mike records each edition as a commit and needs an "
                f"identity. Set it with: git config {key} "
                + ("'Jane Doe'" if key == "user.name" else "jane@example.com")
            )
    changed = guards.uncommitted(root, [project.site_dir, root / ".cache"])
    if changed and not allow_dirty:
        shown = ", ".join(changed[:5]) + (
            f" and {len(changed) - 5} more" if len(changed) > 5 else ""
        )
        raise _fail(
            f"the work tree has uncommitted changes ({shown}): an edition records the commit "
            "it was built from; commit them first, or pass --allow-dirty to publish them "
            "as they are (the edition then lists them)",
            "CB712",
        )
    try:
        with guards.publish_lock(root):
            return _publish(
                project, edition, title, alias, push, replace, alias_type, branch, changed
            )
    except guards.Busy as holder:
        raise _fail(
            f"another publish of this repository is running ({holder}); nothing was "
            "published: run this one again when it has finished",
            "CB711",
        ) from None


def _publish(
    project: Project,
    edition: str,
    title: str | None,
    alias: str,
    push: bool,
    replace: bool,
    alias_type: str,
    branch: str,
    changed: list[str],
) -> Published:
    """Read the branch, check, build and commit: one sequence, under the publish lock."""
    root = project.root
    notes = []
    if changed:
        notes.append(f"published with {len(changed)} uncommitted file(s), listed in the edition")
    already = {v["version"]: v for v in editions.read_editions(root, branch)[0]}
    manual = check_for_publish(project, edition, replace=replace, branch=branch)
    if edition in already:
        old = already[edition]
        notes.append(
            f"replacing edition {edition} (title {old.get('title')!r}, aliases "
            f"{old.get('aliases') or []}) as a deliberate correction"
        )
    bindir = str(Path(sys.executable).parent)
    env = dict(os.environ)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env[PUBLISH_ENV] = "1"
    env[BRANCH_ENV] = branch  # the build's "What changed" compares with this branch's editions
    if project.settings.unit:
        env[UNIT_ENV] = project.settings.unit  # `publish --unit`: the unit's own edition
    if changed:
        env[UNCOMMITTED_ENV] = json.dumps(changed)
    mike = [sys.executable, "-c", "import sys; from mike.driver import main; sys.exit(main())"]
    config = str(project.config_file)
    deploy = [
        *mike,
        "deploy",
        "--config-file",
        config,
        "--branch",
        branch,
        "--update-aliases",
        "--alias-type",
        alias_type,
    ]
    if title:
        deploy += ["--title", title]
    if changed:
        head = _run(root, "git", "rev-parse", "--short", "HEAD").stdout.strip() or "no commit"
        deploy += [
            "--message",
            f"Deployed {head} with {len(changed)} uncommitted file(s) to {edition} "
            "(--allow-dirty; listed in its edition.json)",
        ]
    deploy += [edition, alias]
    if push:
        deploy.append("--push")
    result = _run(root, *deploy, env=env)
    if result.returncode != 0:
        raise _fail(
            "the build or deploy failed; nothing was published:\n"
            + (result.stderr or result.stdout).strip()[-3000:]
        )
    default = [*mike, "set-default", "--config-file", config, "--branch", branch, alias]
    if push:
        default.append("--push")
    result = _run(root, *default, env=env)
    if result.returncode != 0:
        raise PublishError(
            [
                Problem.of(
                    "CB705",
                    f"edition {edition} was deployed to {branch}, but making '{alias}' the "
                    "default edition failed (run `mike set-default` again):\n"
                    + result.stderr.strip()[-3000:],
                )
            ],
            deployed=True,
        )
    commit = _run(root, "git", "rev-parse", "--short", branch).stdout.strip()
    warnings = [p for p in manual.problems if p.severity is Severity.WARNING]
    return Published(edition, alias, branch, commit, edition in already, notes, warnings)
