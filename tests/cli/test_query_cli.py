"""``stsm-graph query``: packaged queries take the parameters their headers name, on any
portfolio; a query's errors name the query and point into its own text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_runner import run

from stsm_graph.vocabulary.resources import query_names, query_parameters, query_text

FIXTURES = Path(__file__).parent.parent / "fixtures"
VALID = str(FIXTURES / "valid_complete.ttl")
EX = "https://example.org/p/"
#: the rows one a line, a tab between cells, IRIs whole
TSV = ("--format", "tsv")

#: the packaged queries that ask about nodes given to them
NODE_LISTS = [
    "impact_reach",
    "impact_step",
    "need_details",
    "node_info",
    "node_status",
    "view_step",
]


def test_the_queries_with_a_node_list_are_those_whose_list_is_required() -> None:
    required = [
        n for n in query_names() if any(q.required for q in query_parameters(query_text(n)))
    ]
    assert required == NODE_LISTS


@pytest.mark.parametrize("name", NODE_LISTS)
def test_a_required_list_left_out_is_a_usage_error_naming_it(name: str) -> None:
    (param,) = [q.name for q in query_parameters(query_text(name)) if q.required]
    code, out, err = run("query", VALID, name)
    assert (code, out) == (2, "")
    assert f"needs ?{param}" in err and f"--node {param}=NODE" in err


@pytest.mark.parametrize("name", NODE_LISTS)
def test_no_packaged_query_holds_an_example_node(name: str) -> None:
    assert "northwind" not in query_text(name)


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_node_info_answers_about_the_nodes_given_on_another_portfolio(store: str) -> None:
    code, out, err = run(
        "query", VALID, "node_info", "--store", store, "--node", "node=svc-backup", *TSV
    )
    assert (code, err) == (0, "")
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    assert {r[0] for r in rows} == {EX + "svc-backup"}
    assert "Managed backup" in {r[2] for r in rows}


def test_a_node_list_takes_the_option_once_per_node() -> None:
    code, out, err = run(
        "query",
        VALID,
        "node_info",
        "--node",
        "node=svc-backup",
        "--node",
        "node=need-restore",
        *TSV,
    )
    assert (code, err) == (0, "")
    assert {line.split("\t")[0] for line in out.splitlines()[1:]} == {
        EX + "svc-backup",
        EX + "need-restore",
    }


def test_need_details_reads_the_need_given() -> None:
    code, out, err = run("query", VALID, "need_details", "--node", "need=need-restore", *TSV)
    assert (code, err) == (0, "")
    assert {line.split("\t")[0] for line in out.splitlines()[1:]} == {EX + "need-restore"}
    assert "Restores that work" in out


def test_a_variable_the_query_does_not_have_is_named_with_its_parameters() -> None:
    code, out, err = run("query", VALID, "need_details", "--node", "node=need-restore")
    assert (code, out) == (2, "")
    assert "need_details has no variable ?node" in err and "?need" in err
    assert "SELECT projection" not in err


def test_an_optional_parameter_may_be_left_out_or_bound() -> None:
    code, out, _err = run("query", VALID, "link_pairs", *TSV)
    assert code == 0 and f"{EX}svc-backup" in out
    code, out, _err = run("query", VALID, "link_pairs", "--bind", "p=stsm:addresses", *TSV)
    assert code == 0
    assert {line.split("\t")[1] for line in out.splitlines()[1:]} == {
        "https://w3id.org/stsm#addresses"
    }


def test_a_query_file_names_its_list_in_its_own_header(tmp_path: Path) -> None:
    mine = tmp_path / "mine.rq"
    mine.write_text(
        "# Parameters: VALUES ?who (the nodes)\n"
        "SELECT ?who ?label WHERE { VALUES ?who { } ?who rdfs:label ?label }\n",
        encoding="utf-8",
    )
    code, _out, err = run("query", VALID, str(mine))
    assert code == 2 and "needs ?who" in err
    code, out, err = run("query", VALID, str(mine), "--node", "who=acme")
    assert (code, err) == (0, "")
    assert out.splitlines()[2:] == ["ex:acme  ACME Ltd"]


@pytest.mark.parametrize("name", ["x) } DROP ALL #", "1x", "a-b", "?x"])
def test_a_bind_to_no_variable_name_is_a_usage_error_naming_it(name: str) -> None:
    code, out, err = run("query", VALID, "services", "--bind", f"{name}=1")
    assert (code, out) == (2, "")
    assert f"{name!r} is not a variable name" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("store", "where"), [("oxigraph", "line 2, column 1"), ("memory", "(line 1, column")]
)
def test_a_syntax_error_names_the_file_and_points_into_its_text(
    tmp_path: Path, store: str, where: str
) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?p }\n", encoding="utf-8")
    code, out, err = run("query", VALID, str(bad), "--store", store)
    assert (code, out) == (2, "")
    assert err.startswith(f"stsm-graph: error: {bad}: SPARQL syntax error")
    assert where in err
    assert "line 9" not in err and "9:1" not in err and "line:8" not in err


def test_a_query_file_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "q.rq"
    os.mkfifo(fifo)
    code, out, err = run("query", VALID, str(fifo))
    assert (code, out) == (2, "")
    assert "not a regular file: it is a FIFO" in err
