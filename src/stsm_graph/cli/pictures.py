"""The ``view`` command: an interactive traceability or impact picture, one offline HTML file."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from stsm_graph.cli.opening import label, open_portfolio, warn_if_no_portfolio
from stsm_graph.common.escaping import for_terminal
from stsm_graph.errors import UsageError

if TYPE_CHECKING:
    from pyvis.network import Network

    from stsm_graph.analysis import ImpactReport
    from stsm_graph.portfolio import Portfolio

__all__ = ["cmd_view"]


def _export(args: argparse.Namespace, output: str, out: TextIO) -> None:
    """Write the picture as an image beside its page, when ``--export`` asks for one."""
    if args.export == "png":
        from pathlib import Path

        from stsm_graph.viz.export import save_png

        image = Path(output).with_suffix(".png")
        save_png(output, image)
        out.write(for_terminal(f"wrote {image}") + "\n")


def cmd_view(args: argparse.Namespace, out: TextIO) -> int:
    """Write the picture around nodes, of the whole portfolio, or of an impact (``--impact``)."""
    from stsm_graph import viz
    from stsm_graph.errors import ViewTooLargeError
    from stsm_graph.report import counted

    if args.diff:  # the picture of a change between two versions
        from stsm_graph.cli.review import cmd_view_diff

        _export(args, cmd_view_diff(args, out), out)
        return 0
    _check_options(args)
    p = open_portfolio(args)  # with --endpoint, the first positional argument becomes a node here
    if args.impact and not args.nodes:
        raise UsageError("--impact needs the nodes that change: name one or more NODEs")
    if args.radius is not None and not args.nodes:
        raise UsageError("--radius needs the nodes to centre the picture on: name one or more")
    warn_if_no_portfolio(p, args)
    report = None
    try:
        if args.impact:
            report, net, title = _impact_picture(p, args)
        elif _as_overview(p, args):
            net = viz.overview_view(p)
            title = "Portfolio overview"
        else:
            net, title = _traceability_picture(p, args)
    except ViewTooLargeError as exc:
        raise UsageError(_too_large(args, exc.count)) from exc
    counts = f"{counted(len(net.nodes), 'node')}, {counted(len(net.edges), 'link')}"
    if net.overview is not None:
        clusters = [n for n in net.nodes if "members" in n]
        counts = (
            f"{counted(len(clusters), 'cluster')} of "
            f"{counted(sum(n['members'] for n in clusters), 'node')}"
        )
    output = args.output or ("impact.html" if args.impact else "traceability.html")
    viz.save_html(net, output, title=args.title or title, subtitle=f"{label(args)}: {counts}")
    out.write(for_terminal(f"wrote {output} ({counts}): open it in a browser") + "\n")
    _export(args, output, out)
    if report is not None and report.whatif is not None:
        w = report.whatif
        out.write(
            f"If retired: {len(w.taken_out_of_service)} services taken out of service "
            "(white, red border); "
            f"{len(w.newly_unmet_needs)} needs newly unmet, "
            f"{len(w.lost_full_level_needs)} no longer at their levels (coloured so)\n"
        )
    return 0


def _check_options(args: argparse.Namespace) -> None:
    """Refuse the options that do not go together (before anything is read)."""
    for option, value in (("--depth", args.depth), ("--radius", args.radius)):
        if value is not None and value < 1:
            raise UsageError(f"{option} takes a whole number of links, 1 or more")
    if args.max_nodes < 1:
        raise UsageError("--max-nodes takes a whole number, 1 or more")
    if not args.impact and args.depth is not None:
        raise UsageError("--depth goes with --impact (around nodes, use --radius)")
    if not args.impact and args.retire:
        raise UsageError("--retire goes with --impact: view NODE... --impact --retire")
    if args.impact and args.radius is not None:
        raise UsageError("--radius goes with a picture around nodes (with --impact, use --depth)")


def _as_overview(p: Portfolio, args: argparse.Namespace) -> bool:
    """Say whether the picture is the whole portfolio's overview (forced, or past the limit)."""
    from stsm_graph.analysis import graph_size

    if args.overview and (args.nodes or args.impact):
        raise UsageError("--overview draws the whole portfolio: name no NODE, give no --impact")
    if args.nodes or args.impact or args.overview is False:
        return False
    return bool(args.overview) or graph_size(p) > args.max_nodes


def _impact_picture(p: Portfolio, args: argparse.Namespace) -> tuple[ImpactReport, Network, str]:
    """Return the impact report of ``args.nodes``, its picture and the picture's title."""
    from stsm_graph import viz
    from stsm_graph.analysis import impact

    report = impact(p, args.nodes, retire=args.retire, max_depth=args.depth)
    net = viz.impact_view(p, report, max_nodes=args.max_nodes, layout=args.layout)
    verb = "retiring" if args.retire else "changing"
    stars = {n["id"]: n["label"] for n in net.nodes if n["id"] in report.changed}
    return report, net, f"Impact of {verb} " + ", ".join(stars[c] for c in report.changed)


def _traceability_picture(p: Portfolio, args: argparse.Namespace) -> tuple[Network, str]:
    """Return the picture around ``args.nodes`` (the whole portfolio without) and its title."""
    from stsm_graph import viz

    around = [str(p.resolve(n)) for n in args.nodes]
    net = viz.traceability_view(
        p, around=around, radius=args.radius or 2, max_nodes=args.max_nodes, layout=args.layout
    )
    title = "Traceability" + (" around " + ", ".join(p.label(n) for n in around) if around else "")
    return net, title


def _too_large(args: argparse.Namespace, count: int) -> str:
    """Say that the picture would hold ``count`` nodes, too many, and what to give instead."""
    fewer = (
        "a smaller --depth,"
        if args.impact
        else "a smaller --radius,"
        if args.nodes
        else "NODEs to centre it on, draw its --overview,"
    )
    return (
        f"the picture would hold {count:,} nodes, more than --max-nodes "
        f"{args.max_nodes:,}: give {fewer} or raise --max-nodes"
    )
