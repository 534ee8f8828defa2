"""The one curated public surface: a change to ``stsm_graph.__all__`` must be deliberate."""

from __future__ import annotations

from importlib.metadata import version

import stsm_graph

PUBLIC = [
    "STSM",
    "BlankNodeError",
    "DatatypeError",
    "DuplicateIdError",
    "InputError",
    "NetworkAccessError",
    "OutputError",
    "ParseError",
    "PortfolioFileNotFoundError",
    "StoreKindError",
    "UnknownReferenceError",
    "UnknownTermError",
    "UnsupportedFormatError",
    "UsageError",
    "ViewTooLargeError",
    "WriteError",
    "analysis",
    "report",
    "viz",
    "MemoryStore",
    "OxigraphStore",
    "Portfolio",
    "QueryError",
    "RemoteStore",
    "Rows",
    "Store",
    "StoreError",
    "StsmGraphError",
    "UnknownNodeError",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "model",
]


def test_all_is_pinned() -> None:
    assert sorted(stsm_graph.__all__) == sorted(PUBLIC)
    assert len(stsm_graph.__all__) == len(set(stsm_graph.__all__))


def test_every_public_name_exists() -> None:
    for name in stsm_graph.__all__:
        assert getattr(stsm_graph, name) is not None, name


def test_the_version_comes_from_the_package_metadata() -> None:
    assert stsm_graph.__version__ == version("stsm-graph")


def test_every_public_error_is_at_the_top_level() -> None:
    from stsm_graph import errors

    assert sorted(errors.__all__) == sorted(n for n in PUBLIC if n.endswith("Error"))


def test_the_analyses_and_presenters_are_reached_from_the_top_level() -> None:
    from stsm_graph import analysis, report, viz

    assert (stsm_graph.analysis, stsm_graph.report, stsm_graph.viz) == (
        analysis,
        report,
        viz,
    )
