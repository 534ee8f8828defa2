"""The command line: exit codes 0 / 1 / 2, results on ``out`` and errors on ``err``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from cli_runner import run
from rdflib.compare import isomorphic

from stsm_graph import Portfolio, __version__
from stsm_graph.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
VALID = str(FIXTURES / "valid_complete.ttl")
INVALID = str(FIXTURES / "invalid_agreement_without_customer.ttl")
EX = "https://example.org/p/"
#: the rows one a line, a tab between cells, IRIs whole
TSV = ("--format", "tsv")


def test_validate_a_conforming_portfolio(portfolio_store: str) -> None:
    code, out, err = run("validate", VALID, "--store", portfolio_store)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"{VALID}: 53 triples"
    assert lines[1].split() == ["Customer", "1"]  # classes in the order of the design
    assert "SHACL: conforms (0 violations, 0 warnings)" in out


def test_validate_a_portfolio_with_violations() -> None:
    code, out, err = run("validate", INVALID)
    assert (code, err) == (1, "")
    assert "SHACL: does NOT conform (1 violation, 3 warnings)" in out
    # nodes by label and id, properties by prefixed name: what the reader wrote
    assert "  violation 'Agreement' (ex:agr) stsm:withCustomer: A service agreement" in out


def test_validate_as_json(portfolio_store: str) -> None:
    code, out, _ = run("validate", INVALID, "--format", "json", "--store", portfolio_store)
    assert code == 1
    data = json.loads(out)
    assert data["portfolio"] == INVALID
    assert data["conforms"] is False
    assert data["triples"] == 5
    assert data["summary"] == {"ServiceAgreement": 1, "StandardService": 1}
    first = data["results"][0]
    assert (first["severity"], first["focus_node"]) == ("violation", EX + "agr")


def test_validate_json_is_the_same_on_both_stores() -> None:
    outputs = [
        run("validate", VALID, "--format", "json", "--store", s)[1] for s in ("memory", "oxigraph")
    ]
    assert json.loads(outputs[0]) == json.loads(outputs[1])


def test_validate_with_a_named_input_format(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.txt"
    path.write_text(Path(VALID).read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run("validate", str(path), "--input-format", "turtle")
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    ("name", "to"), [("out.yaml", None), ("out.jsonld", None), ("out.txt", "nt")]
)
def test_convert(tmp_path: Path, name: str, to: str | None) -> None:
    target = tmp_path / name
    code, out, err = run("convert", VALID, str(target), *(["--to", to] if to else []))
    assert (code, err) == (0, "")
    assert out == f"wrote {target} (53 triples)\n"
    again = Portfolio.open(target, format=to)
    assert isomorphic(again.store.to_rdflib(), Portfolio.open(VALID).store.to_rdflib())


@pytest.fixture
def query_file(tmp_path: Path) -> str:
    path = tmp_path / "services.rq"
    path.write_text(
        "# Purpose: the services that address a need\n"
        "SELECT ?need ?service ?label WHERE {\n"
        "  ?service stsm:addresses ?need ; rdfs:label ?label FILTER(lang(?label) = '') }\n",
        encoding="utf-8",
    )
    return str(path)


def test_query_a_file_with_a_binding(query_file: str) -> None:
    code, out, err = run("query", VALID, query_file, "--bind", "need=" + EX + "need-restore", *TSV)
    assert (code, err) == (0, "")
    assert out == f"need\tservice\tlabel\n{EX}need-restore\t{EX}svc-backup\tManaged backup\n"


@pytest.mark.parametrize(
    "name", ["need-restore", "ex:need-restore", "Restores that work", EX + "need-restore"]
)
def test_query_with_a_node_named_as_for_impact(query_file: str, name: str) -> None:
    code, out, err = run("query", VALID, query_file, "--node", "need=" + name, *TSV)
    assert (code, err) == (0, "")
    assert out == f"need\tservice\tlabel\n{EX}need-restore\t{EX}svc-backup\tManaged backup\n"
    # --bind reads a short name as text, which names no node
    code, out, _ = run("query", VALID, query_file, "--bind", "need=need-restore", *TSV)
    assert (code, out) == (0, "need\tservice\tlabel\n")


def test_query_with_an_unknown_node_lists_near_matches(query_file: str) -> None:
    code, out, err = run("query", VALID, query_file, "--node", "need=need-restor")
    assert (code, out) == (2, "")
    assert "need-restor is not a node" in err and "did you mean need-restore (Restores" in err


def test_query_as_json(query_file: str) -> None:
    code, out, _ = run("query", VALID, query_file, "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {"need": EX + "need-restore", "service": EX + "svc-backup", "label": "Managed backup"}
    ]


def test_query_with_a_binding_that_matches_nothing(query_file: str) -> None:
    code, out, _ = run("query", VALID, query_file, "--bind", "need=" + EX + "nothing", *TSV)
    assert (code, out) == (0, "need\tservice\tlabel\n")


def test_ask_and_construct_queries(tmp_path: Path) -> None:
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?s stsm:deliveredBy ?sys }", encoding="utf-8")
    assert run("query", VALID, str(ask)) == (0, "true\n", "")
    construct = tmp_path / "construct.rq"
    construct.write_text(
        "CONSTRUCT { ?n <https://example.org/ext#by> ?s } WHERE { ?s stsm:addresses ?n }",
        encoding="utf-8",
    )
    code, out, _ = run("query", VALID, str(construct))
    assert code == 0
    assert "<https://example.org/ext#>" in out and "<https://example.org/p/svc-backup>" in out


def test_a_packaged_query_by_name() -> None:
    code, out, err = run("query", VALID, "services", *TSV)
    assert (code, err) == (0, "")
    assert out.splitlines()[0].split("\t")[:2] == ["service", "label"]
    assert f"{EX}svc-backup\tManaged backup" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", "/no/such/portfolio.ttl"], "/no/such/portfolio.ttl: no such file"),
        (
            ["validate", str(FIXTURES / "invalid_unknown_status.ttl"), "--input-format", "yaml"],
            "not valid YAML",
        ),
        (
            ["convert", VALID, "/no/such/dir/out.ttl"],
            "cannot write /no/such/dir/out.ttl: the directory /no/such/dir does not exist",
        ),
        (
            ["convert", VALID, "/", "--to", "turtle"],
            "cannot write /: it is a directory; name a file in it",
        ),
        (
            ["convert", VALID, "out.docx"],
            "cannot tell the format from the suffix '.docx'; use one of .json, .json-ld, .jsonld, "
            ".nt, .ttl, .turtle, .yaml, .yml, or name the format (--to on the command line",
        ),
        (
            ["validate", str(Path(__file__).parents[1] / "README.md")],
            "or name the format (--input-format on the command line",
        ),
        (["query", VALID, "no_such_query"], "'no_such_query' is neither a packaged query"),
    ],
    ids=[
        "missing-file",
        "wrong-format",
        "missing-directory",
        "directory-as-output",
        "unknown-suffix",
        "unknown-input-suffix",
        "unknown-query",
    ],
)
def test_bad_input_exits_2_with_the_error_on_err(argv: list[str], message: str) -> None:
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert err.startswith("stsm-graph: error: ")
    assert message in err


def test_malformed_input_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://example.org/a> a\n", encoding="utf-8")
    code, out, err = run("validate", str(bad))
    assert (code, out) == (2, "")
    assert err.startswith(f"stsm-graph: error: {bad}")
    assert "line 2" in err and "not valid turtle" in err


def test_a_bad_query_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x }", encoding="utf-8")
    code, out, err = run("query", VALID, str(bad))
    assert (code, out) == (2, "")
    assert "SPARQL syntax error" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["validate"], "give a portfolio file"),
        (["validate", VALID, "--store", "fuseki"], "invalid choice: 'fuseki'"),
        (["query", VALID, "services", "--bind", "need"], "--bind takes NAME=VALUE, got 'need'"),
        (["query", VALID, "services", "--node", "=x"], "--node takes NAME=NODE, got '=x'"),
        (
            ["query", VALID, "services", "--bind", "service=1", "--node", "service=need-restore"],
            "the variable 'service' is bound twice",
        ),
    ],
    ids=[
        "unknown-command",
        "missing-argument",
        "unknown-store",
        "bad-binding",
        "bad-node",
        "bound-twice",
    ],
)
def test_usage_errors_exit_2_with_the_message_on_err(argv: list[str], message: str) -> None:
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert message in err


@pytest.mark.parametrize(
    ("argv", "usage", "message"),
    [
        (
            ["view", VALID, "--radiuss", "1", "svc"],
            "usage: stsm-graph view ",
            "unrecognized arguments: --radiuss 1 svc; --radiuss: did you mean --radius?",
        ),
        (
            ["analyze", VALID, "--formt=json"],
            "usage: stsm-graph analyze ",
            "unrecognized arguments: --formt=json; --formt: did you mean --format?",
        ),
        (
            ["validate", VALID, "extra"],
            "usage: stsm-graph validate ",
            "unrecognized arguments: extra\n",
        ),
    ],
    ids=["misspelt-option", "misspelt-option-with-value", "extra-argument"],
)
def test_an_unknown_argument_shows_the_commands_own_usage(
    argv: list[str], usage: str, message: str
) -> None:
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert err.startswith(usage)
    assert f"stsm-graph {argv[0]}: error: {message}" in err


def test_options_may_come_between_the_file_and_the_nodes(tmp_path: Path) -> None:
    example = str(Path(VALID).parents[2] / "examples" / "northwind-it-services.ttl")
    target = str(tmp_path / "v.html")
    code, out, err = run("view", example, "--radius", "1", "svc-managed-backup", "-o", target)
    assert (code, err) == (0, "") and out.startswith(f"wrote {target} (27 nodes")
    first = run("impact", example, "--depth", "1", "svc-managed-backup", "--format", "json")
    second = run("impact", example, "svc-managed-backup", "--depth", "1", "--format", "json")
    assert first == second and first[0] == 0
    # and the British spelling of analyze is the same command
    assert run("analyse", example, "--format", "json") == run(
        "analyze", example, "--format", "json"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["impact", VALID], "impact needs the portfolio and the nodes that change"),
        (["query", VALID], "query needs the portfolio and a query: query FILE QUERY"),
        (["convert", VALID], "convert needs the portfolio and the file to write"),
    ],
)
def test_a_missing_second_argument_is_named(argv: list[str], message: str) -> None:
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert err == f"stsm-graph: error: {message}" + err.split(message, 1)[1]


def test_an_option_before_the_command_is_the_top_levels_to_refuse() -> None:
    code, _, err = run("--quiet", "analyze", VALID)
    assert code == 2
    assert err.startswith("usage: stsm-graph [-h] [--version]")
    assert "unrecognized arguments: --quiet" in err


def test_a_reader_that_goes_away_ends_the_command_quietly() -> None:
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    err = io.StringIO()
    assert main(["validate", VALID], out=Closed(), err=err) == 141  # as a broken pipe stops
    assert err.getvalue() == ""
    assert main(["query", "-h"], out=Closed(), err=err) == 141  # help is written while parsing
    assert err.getvalue() == ""


def test_a_double_dash_ends_the_options(tmp_path: Path) -> None:
    # everything after "--" is a value, even where it looks like an option
    code, _, err = run("impact", "--", VALID, "--retire")
    assert code == 2 and "--retire is not a node of this portfolio" in err


def test_version() -> None:
    assert run("--version") == (0, f"stsm-graph {__version__}\n", "")
