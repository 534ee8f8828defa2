"""The commands that load and save: ``load`` into a store or a server, ``convert`` to a file."""

from __future__ import annotations

import argparse
import os
from typing import TextIO

from stsm_graph.cli.opening import connect, no_server_options, open_portfolio
from stsm_graph.common.escaping import for_terminal
from stsm_graph.errors import UsageError
from stsm_graph.portfolio import Portfolio

__all__ = ["cmd_convert", "cmd_load"]


def cmd_load(args: argparse.Namespace, out: TextIO) -> int:
    """Load a portfolio file into a store directory or a server, in the place of what it holds.

    The whole file is read and checked before the store is made or anything is sent; a
    store folder the load made (or filled, if it was empty) is removed again if it fails.
    """
    from stsm_graph.ingest.reading import read_file
    from stsm_graph.portfolio import check_store_folder
    from stsm_graph.stores.oxigraph import is_store_directory
    from stsm_graph.stores.remote import WriteError

    if args.portfolio is None:
        raise UsageError("load needs the portfolio file to load")
    if args.endpoint and not args.update_endpoint:
        raise UsageError("loading into a server needs --update-endpoint")
    if not args.endpoint and not args.store:
        raise UsageError("load needs --store DIR or --endpoint URL --update-endpoint URL")
    folder = None
    if not args.endpoint:
        no_server_options(args)
        folder = check_store_folder(args.store)
    # the connection's options are checked (connecting sends nothing), then the whole file is
    # read and checked, before the store is made or anything is sent
    server = connect(args) if args.endpoint else None
    staging, _prefixes = read_file(args.portfolio, args.input_format)
    # a store folder this load makes (or fills, if it was empty) is removed again if it fails
    made = folder is not None and not folder.exists()
    fresh = folder is not None and not is_store_directory(folder)
    where = (args.graph or args.endpoint) if server is not None else args.store
    err = args.err
    shown = False

    def progress(done: int, total: int) -> None:
        nonlocal shown
        shown = True
        err.write(f"\r  {done}/{total} triples written")
        err.flush()

    try:
        target = server if server is not None else Portfolio.create(args.store)
        store = target.store
        if hasattr(store, "progress"):
            store.progress = progress
        with target:
            if args.append:
                store.add_from(staging)
            else:
                store.replace_from(staging)  # one transaction: the old content, or the new
    except BaseException as exc:
        if shown:
            err.write("\n")  # the error goes on a line of its own
        if fresh and folder is not None:
            _remove_new_store(folder, made=made)
        if isinstance(exc, KeyboardInterrupt) and folder is not None:
            _say_what_an_interrupted_load_left(folder, fresh=fresh, err=err)
        if isinstance(exc, WriteError):
            exc.again = f"load it again: {_load_command(args)}"
        raise
    if shown:
        err.write("\n")
    if args.append:
        out.write(f"added the {len(staging)} triples of {args.portfolio} to {where}\n")
    else:
        out.write(f"loaded {len(staging)} triples from {args.portfolio} into {where}\n")
    return 0


def _say_what_an_interrupted_load_left(
    folder: os.PathLike[str], *, fresh: bool, err: TextIO
) -> None:
    """Tell what a store holds after Ctrl-C: the signal is seen only between its steps.

    Replacing a store's content is one transaction, which runs to its end once begun: the
    store holds its old content or the whole new file, never a mixture.
    """
    where = for_terminal(os.fspath(folder))
    if fresh:
        err.write(f"stsm-graph: {where}: the load was stopped; the store it made was removed\n")
        return
    err.write(
        f"stsm-graph: {where}: the load was stopped; the store holds either its old content or "
        "the whole new file (a load is one transaction, and it may have finished): "
        f"stsm-graph validate {where} shows which\n"
    )


def _remove_new_store(path: os.PathLike[str], *, made: bool) -> None:
    """Remove what a failed load wrote into a folder that held no store: the folder it made."""
    import shutil
    from pathlib import Path

    folder = Path(path)
    if made:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for child in list(folder.iterdir()):  # a folder that was empty is emptied again
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _load_command(args: argparse.Namespace) -> str:
    """Return the command line that loads the same file into the same server again."""
    import shlex

    argv = ["stsm-graph", "load", args.portfolio]
    options = ("input_format", "endpoint", "update_endpoint", "graph", "user", "auth_scheme")
    for option in (*options, "timeout"):
        value = getattr(args, option, None)
        if value is not None:
            argv += [
                "--" + option.replace("_", "-"),
                f"{value:g}" if option == "timeout" else value,
            ]
    if args.append:
        argv.append("--append")
    return shlex.join(argv)


def cmd_convert(args: argparse.Namespace, out: TextIO) -> int:
    """Write the portfolio in another format (from the output's suffix, or ``--to``)."""
    p = open_portfolio(args)
    p.save(args.output, format=args.to)
    out.write(for_terminal(f"wrote {args.output} ({len(p)} triples)") + "\n")
    return 0
