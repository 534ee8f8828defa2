"""The ``diff`` command: what changed between two versions of a portfolio, and what it risks.

Each version is a portfolio file, a store directory made by ``stsm-graph load``, or a git
revision of a file (``HEAD~1:portfolio.yaml``, as ``git show`` names it: the path from the
repository's root, or ``./`` for one relative to the current directory), read by running
``git show`` with an argument list (no shell) into a temporary directory, under the file's
own name so that its format is known by its suffix.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TextIO

from stsm_graph.cli.output import as_json, failing
from stsm_graph.common.escaping import for_terminal
from stsm_graph.errors import InputError, UsageError
from stsm_graph.portfolio import Portfolio

__all__ = ["cmd_diff", "cmd_view_diff", "open_version"]


def cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    """Write the review of the change from OLD to NEW; exit 1 on the ``--fail-on`` kinds."""
    from stsm_graph.analysis import REVIEW_KINDS, review
    from stsm_graph.report.review import REVIEW_FORMATTERS

    fail_on = [k.strip() for k in (args.fail_on or "").split(",") if k.strip()]
    unknown = [k for k in fail_on if k not in REVIEW_KINDS]
    if unknown:
        raise UsageError(
            f"--fail-on: unknown kind {', '.join(unknown)}; choose from {', '.join(REVIEW_KINDS)}"
        )
    old = open_version(args.old, store=args.store, format=args.input_format)
    new = open_version(args.new, store=args.store, format=args.input_format)
    result = review(old, new, shapes=args.shapes)
    if args.format == "json":
        out.write(as_json({"old": args.old, "new": args.new, **result.to_json()}))
    else:
        title = f"{args.old} -> {args.new}"
        out.write(REVIEW_FORMATTERS[args.format](result, title=title))
    return failing(args.err, [k for k in fail_on if result.has(k)])


def cmd_view_diff(args: argparse.Namespace, out: TextIO) -> str:
    """Write the picture of the change from ``--diff OLD NEW`` (``view --diff``); its path."""
    from stsm_graph.analysis import review
    from stsm_graph.errors import ViewTooLargeError
    from stsm_graph.report import counted
    from stsm_graph.viz import save_html
    from stsm_graph.viz.change import change_view

    others = [o for o, given in (("a portfolio", args.portfolio), ("NODEs", args.nodes)) if given]
    others += [f"--{o}" for o in ("impact", "retire", "radius", "depth") if getattr(args, o)]
    if others or args.endpoint:
        raise UsageError(f"--diff OLD NEW draws the change alone: leave out {', '.join(others)}")
    old_name, new_name = args.diff
    old = open_version(old_name, store=args.store, format=args.input_format)
    new = open_version(new_name, store=args.store, format=args.input_format)
    try:
        net = change_view(review(old, new), max_nodes=args.max_nodes, layout=args.layout)
    except ViewTooLargeError as exc:
        raise UsageError(str(exc)) from exc
    counts = f"{counted(len(net.nodes), 'node')}, {counted(len(net.edges), 'link')}"
    output = args.output or "change.html"
    title = args.title or f"Change from {old_name} to {new_name}"
    save_html(net, output, title=title, subtitle=counts)
    out.write(for_terminal(f"wrote {output} ({counts}): open it in a browser") + "\n")
    return str(output)


def open_version(name: str, *, store: str = "oxigraph", format: str | None = None) -> Portfolio:
    """Open one version: a file or store directory, else a git revision ``REV:PATH``.

    Raises
    ------
    UsageError
        If ``name`` is neither an existing path nor ``REV:PATH``, git is not installed, or
        git cannot show the revision (its own message is quoted).
    """
    if os.path.exists(name):
        return Portfolio.open(name, store=store, format=format)
    revision, colon, path = name.partition(":")
    if not colon or not revision or not path or revision.startswith("-"):
        raise UsageError(
            f"{for_terminal(name)}: no such file or store directory (a git revision of a file "
            "is written REV:PATH, e.g. HEAD~1:portfolio.yaml)"
        )
    git = shutil.which("git")
    if git is None:
        raise UsageError(f"{for_terminal(name)} names a git revision, but git is not installed")
    done = subprocess.run(  # an argument list, no shell: the name is one argument
        [git, "show", "--no-textconv", name], capture_output=True, check=False
    )
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(
            f"{for_terminal(name)}: git cannot show this revision of the file: "
            + for_terminal(said[0] if said else f"git exited with {done.returncode}")
        )
    with tempfile.TemporaryDirectory(prefix="stsm-diff-") as folder:
        copy = Path(folder) / Path(path).name
        copy.write_bytes(done.stdout)
        try:
            return Portfolio.open(copy, store=store, format=format)
        except InputError as err:
            raise renamed(err, str(copy), name) from None


def renamed(err: InputError, temporary: str, name: str) -> InputError:
    """Return ``err`` naming ``name`` (``REV:PATH``) wherever it named the temporary copy.

    Examples
    --------
    >>> e = InputError("bad", file="/tmp/x/p.yaml", entry="s", hint="fix /tmp/x/p.yaml")
    >>> str(renamed(e, "/tmp/x/p.yaml", "HEAD~1:p.yaml"))
    "HEAD~1:p.yaml: entry 's': bad. fix HEAD~1:p.yaml"
    """
    for attribute in ("file", "message", "entry", "field", "expected", "hint"):
        value = getattr(err, attribute, None)
        if isinstance(value, str) and temporary in value:
            setattr(err, attribute, value.replace(temporary, name))
    err.args = (str(err),)
    return err
