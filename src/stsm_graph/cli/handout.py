"""The hand-out commands: ``report`` (an offline report site) and ``matrix`` (one matrix).

``report PORTFOLIO -o DIR`` gathers the analysis results (``analyze``, the impact hubs, the
strategy, the matrices), renders ``index.html`` with :mod:`stsm_graph.report.site`, and
writes the folder whole (:func:`stsm_graph.common.folders.write_folder_atomically`) with
``report.json`` (exactly ``analyze --format json``), the matrices as CSV and as one XLSX
workbook (:mod:`stsm_graph.report.tables`), and the pictures as their own pages. A progress
bar goes to stderr when it is a terminal; stdout gets the summary and where the report is.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from stsm_graph.cli.opening import label, open_portfolio, warn_if_no_portfolio
from stsm_graph.cli.output import as_json
from stsm_graph.common.escaping import for_terminal
from stsm_graph.errors import UsageError

if TYPE_CHECKING:
    from stsm_graph.analysis import AnalysisReport, ImpactHub, NeedFacts, ServiceMatrix
    from stsm_graph.portfolio import Portfolio
    from stsm_graph.report.site import Picture

__all__ = [
    "STAGES",
    "cmd_matrix",
    "cmd_report",
    "is_report",
    "matrix_command",
    "report_command",
    "report_files",
    "whole_picture",
]

#: the hubs the page lists
HUBS_SHOWN = 10
#: the most cells a matrix of the report may have to be written as CSV and in the workbook
MATRIX_FILE_CELLS = 5_000_000
#: the stages of :func:`report_files`, in order
STAGES = (
    "analyse",
    "hubs",
    "strategy",
    "matrices",
    "report.json",
    "matrix files",
    "pictures",
    "labels",
    "page",
)


def cmd_matrix(args: argparse.Namespace, out: TextIO) -> int:
    """Write one matrix (``--rows`` x services) as CSV, Markdown or XLSX (``-o`` needed)."""
    from stsm_graph.analysis import service_matrix
    from stsm_graph.common.files import write_text_atomically
    from stsm_graph.common.folders import write_bytes_atomically
    from stsm_graph.report.tables import matrix_csv, matrix_markdown, matrix_xlsx

    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx writes a binary workbook: name the file with -o FILE.xlsx")
    p = open_portfolio(args)
    warn_if_no_portfolio(p, args)
    m = service_matrix(p, args.rows)
    if args.format == "xlsx":
        write_bytes_atomically(args.output, matrix_xlsx([m]))
    else:
        text = matrix_csv(m) if args.format == "csv" else matrix_markdown(m)
        if not args.output:
            out.write(text)
            return 0
        write_text_atomically(args.output, text)
    size = f"{len(m.rows)} rows x {len(m.columns)} services"
    out.write(for_terminal(f"wrote {args.output} ({m.title}: {size})") + "\n")
    return 0


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    """Write the report site to ``args.output``; say on stdout what it found and where it is."""
    from stsm_graph.common.folders import write_folder_atomically

    target = Path(args.output)
    _check_target(target, args.force)
    p = open_portfolio(args)
    warn_if_no_portfolio(p, args)
    with _progress(args) as bar:
        title = args.title or f"Portfolio report: {Path(label(args)).name}"
        report, files = report_files(
            p, title=title, source=label(args), shapes=args.shapes, on_step=_stepper(bar)
        )
        write_folder_atomically(target, files, replaceable=is_report, force=args.force)
        _step(bar)
    _summary(out, report, target)
    return 0


def report_files(
    p: Portfolio,
    *,
    title: str,
    source: str,
    shapes: bool = True,
    on_step: Callable[[str], None] | None = None,
) -> tuple[AnalysisReport, dict[str, str | bytes]]:
    """Gather the analysis results and render every file of the report site.

    Returns ``analyze``'s report and the files by name. The SHACL shapes are checked at any
    size unless ``shapes`` is false, so that the page's one list of findings holds what
    ``validate`` and ``analyze`` each find. ``on_step`` is called with the name
    of each stage (:data:`STAGES`) when it ends: the progress bar counts them, and
    ``bench/report_stages.py`` times them.
    """
    from stsm_graph.analysis import analyze, coverage_facts, impact_hubs, strategy
    from stsm_graph.common.version import __version__
    from stsm_graph.report.site import SiteContent, index_html

    done = on_step or (lambda _stage: None)
    facts = coverage_facts(p)  # read once: analyze, the strategy and the overview share them
    report = analyze(p, facts=facts, shapes=shapes)
    done("analyse")
    hubs = impact_hubs(p, limit=HUBS_SHOWN)
    done("hubs")
    plan = strategy(p, facts=facts)
    done("strategy")
    matrices = _matrices(p, report)
    done("matrices")
    files: dict[str, str | bytes] = {"report.json": as_json(report.to_json())}
    done("report.json")
    matrix_files, too_large = _matrix_files(matrices)
    files.update(matrix_files)
    done("matrix files")
    pictures, missing = _pictures(p, hubs, files, facts)
    done("pictures")
    labels = _labels(p, report, hubs, plan)
    done("labels")
    content = SiteContent(
        title=title,
        source=source,
        analysis=report,
        holds=p.summary(),
        triples=len(p),
        hubs=hubs,
        strategy=plan,
        matrices=matrices,
        pictures=pictures,
        missing_pictures=missing + too_large,
        files=tuple((f, about) for f, about in _FILES_ABOUT if f in files),
        labels=labels,
        version=__version__,
    )
    files["index.html"] = index_html(content)
    done("page")
    return report, files


def _check_target(target: Path, force: bool) -> None:
    """Refuse at once an output that cannot be a report folder (before the long work)."""
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        raise UsageError(f"-o {target}: {parent} {what}")
    if target.exists() and not target.is_dir():
        raise UsageError(f"-o {target}: it exists and is not a folder; name a folder")
    if target.is_dir() and any(target.iterdir()) and not force and not is_report(target):
        raise UsageError(
            f"-o {target}: the folder is not empty and holds no earlier report; "
            "name a new folder, or give --force to replace it"
        )


def is_report(folder: Path) -> bool:
    """Tell whether ``folder`` holds a report this command wrote (it may be replaced)."""
    from stsm_graph.report.site import REPORT_MARKER

    index = folder / "index.html"
    try:
        with index.open("r", encoding="utf-8", errors="replace") as fh:
            head = fh.read(2048)
    except OSError:
        return False
    return f'<meta name="generator" content="{REPORT_MARKER}">' in head and (
        (folder / "report.json").is_file()
    )


_FILES_ABOUT: tuple[tuple[str, str], ...] = (
    ("report.json", "every finding with full IRIs (the analyze --format json contract)"),
    ("matrices.xlsx", "the three matrices, one sheet each"),
    ("needs-x-services.csv", "needs x services"),
    ("objectives-x-services.csv", "objectives x services"),
    ("stakeholders-x-services.csv", "stakeholders x services"),
)


def _matrices(p: Portfolio, report: Any) -> tuple[ServiceMatrix, ...]:
    from stsm_graph.analysis import MATRIX_ROWS, service_matrix

    return tuple(service_matrix(p, kind, analysis=report) for kind in MATRIX_ROWS)


def _matrix_files(
    matrices: tuple[ServiceMatrix, ...],
) -> tuple[dict[str, str | bytes], tuple[str, ...]]:
    """Return the matrices' files, and a note for each matrix too large to be one."""
    from stsm_graph.report.tables import matrix_csv, matrix_xlsx

    fits = [m for m in matrices if len(m.rows) * len(m.columns) <= MATRIX_FILE_CELLS]
    files: dict[str, str | bytes] = {f"{m.kind}-x-services.csv": matrix_csv(m) for m in fits}
    if fits:
        files["matrices.xlsx"] = matrix_xlsx(fits)
    notes = tuple(
        f"{m.title}: {len(m.rows):,} rows by {len(m.columns):,} services is too large for a "
        f"spreadsheet; 'stsm-graph matrix --rows {m.kind}' writes it as CSV."
        for m in matrices
        if m not in fits
    )
    return files, notes


def whole_picture(
    p: Portfolio, facts: Mapping[str, NeedFacts] | None = None
) -> tuple[str, str, str]:
    """Return the whole portfolio's picture page, its title and what it shows.

    The one place the report draws the whole portfolio: the traceability picture, or past
    the picture's node limit the overview of clusters (service lines, service systems,
    stakeholder groups) that open on a click, as ``stsm-graph view`` draws it. ``facts``:
    the need facts of every need, if already read (the overview's need states).
    """
    from stsm_graph import viz
    from stsm_graph.analysis import graph_size, overview

    # the instances of stsm: classes are drawn, so more of them than the limit is too many
    if sum(p.summary().values()) > viz.MAX_NODES or graph_size(p) > viz.MAX_NODES:
        title = "Overview of the whole portfolio"
        what = "service lines, service systems and stakeholder groups; a click opens one"
        picture = viz.overview_view(p, title=title, result=overview(p, facts=facts))
        return viz.to_html(picture, title=title), title, what
    title = "Traceability of the whole portfolio"
    what = "needs, objectives, services, systems"
    return viz.to_html(viz.traceability_view(p), title=title), title, what


def _pictures(
    p: Portfolio,
    hubs: tuple[ImpactHub, ...],
    files: dict[str, str | bytes],
    facts: Mapping[str, NeedFacts],
) -> tuple[tuple[Picture, ...], tuple[str, ...]]:
    """Add the pictures' pages to ``files``; return what they are, and what is missing."""
    from stsm_graph import viz
    from stsm_graph.analysis import reaches_more_than
    from stsm_graph.report.site import Picture

    page, title, what = whole_picture(p, facts)
    files["traceability.html"] = page
    pictures = [Picture("traceability.html", title, what)]
    top = next((h for h in hubs if h.customers), None)
    # a hub reaching more than a picture holds is not drawn: the walk stops at the limit
    if top is not None and not reaches_more_than(p, top.node, viz.MAX_NODES):
        net = viz.impact_view(p, top.node)
        title = f"Impact of changing {top.label}"
        files["impact-hub.html"] = viz.to_html(net, title=title)
        pictures.append(Picture("impact-hub.html", title, "what the top impact hub reaches"))
    return tuple(pictures), ()


def _labels(p: Portfolio, report: Any, hubs: Any, plan: Any) -> dict[str, str]:
    """Return the label of every node the page names, from the results and one lookup."""
    from stsm_graph.analysis import node_names
    from stsm_graph.report.phrases import known_labels

    known = known_labels(report)
    found: set[str] = set()
    for result in (report, hubs, plan):
        _collect(result, found)
    looked_up = node_names(p, sorted(found - set(known)))
    known.update((n, name) for n, (_cls, name) in looked_up.items())
    return {n: name for n, name in known.items() if name != n}


def _collect(value: Any, found: set[str]) -> None:
    """Gather every IRI-looking string of a result, in the rows the page shows.

    A list's first :data:`~stsm_graph.report.site.LIST_MAX` items only (the page shows no
    more); the coverage matrices are skipped (their labels are known).
    """
    from pydantic import BaseModel

    from stsm_graph.analysis import TraceabilityMatrix
    from stsm_graph.report.site import LIST_MAX

    def walk(v: Any) -> None:
        if isinstance(v, TraceabilityMatrix):
            return
        if isinstance(v, BaseModel):
            for name in type(v).model_fields:
                walk(getattr(v, name))
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list | tuple):
            for x in v[:LIST_MAX]:
                walk(x)
        elif isinstance(v, str) and v.startswith(("http://", "https://", "urn:")):
            found.add(v)

    walk(value)


def _progress(args: argparse.Namespace) -> AbstractContextManager[Any]:
    """Return a progress bar on stderr when it is a terminal, else nothing."""
    err = args.err  # the entry point's line-aware wrapper of stderr
    terminal = getattr(err, "stream", err)
    if not (hasattr(terminal, "isatty") and terminal.isatty()):
        return nullcontext(None)
    from tqdm import tqdm

    bar: AbstractContextManager[Any] = tqdm(
        total=len(STAGES) + 1, file=err, desc="report", unit="step", leave=False
    )
    return bar


def _step(bar: Any) -> None:
    if bar is not None:
        bar.update(1)


def _stepper(bar: Any) -> Callable[[str], None]:
    """Return the stage callback that moves ``bar`` one step (the write is the last)."""
    return lambda _stage: _step(bar)


def _summary(out: TextIO, report: Any, target: Path) -> None:
    from stsm_graph.report import counted

    cov = report.coverage.portfolio
    out.write(
        for_terminal(
            f"{cov.covered} of {counted(cov.needs, 'need')} covered ({cov.fully_met} fully met), "
            f"{len(report.unmet_needs)} unmet, {len(report.partially_met_needs)} partially met, "
            f"{counted(len(report.orphaned_services), 'orphaned service')}, "
            f"{counted(len(report.integrity), 'finding')}"
        )
        + "\n"
    )
    out.write(for_terminal(f"wrote the report to {target / 'index.html'}") + "\n")


def report_command(sub: Any) -> None:
    """Add ``report``: the offline report site of a portfolio."""
    from stsm_graph.cli.options import portfolio_options

    cmd = sub.add_parser("report", help="an offline report site: findings, matrices, pictures")
    portfolio_options(cmd)
    cmd.add_argument("-o", "--output", metavar="DIR", required=True, help="the folder to write")
    cmd.add_argument("--title", metavar="TEXT", help="the report's heading")
    cmd.add_argument(
        "--shapes",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="check the SHACL shapes, at any size, and list their violations with the "
        "integrity findings (default: yes)",
    )
    cmd.add_argument(
        "--force", action="store_true", help="replace DIR even if it holds something else"
    )
    cmd.set_defaults(func=cmd_report)


def matrix_command(sub: Any) -> None:
    """Add ``matrix``: one traceability matrix with labels, for pipelines and spreadsheets."""
    from stsm_graph.analysis import MATRIX_ROWS
    from stsm_graph.cli.options import portfolio_options

    cmd = sub.add_parser("matrix", help="needs, objectives or stakeholders x services")
    portfolio_options(cmd)
    cmd.add_argument("--rows", choices=tuple(MATRIX_ROWS), default="needs")
    cmd.add_argument("--format", choices=("csv", "xlsx", "markdown"), default="csv")
    cmd.add_argument("-o", "--output", metavar="FILE", help="the file to write (else stdout)")
    cmd.set_defaults(func=cmd_matrix)
