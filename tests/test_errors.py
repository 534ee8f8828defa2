"""One exception hierarchy: each error is also the builtin a caller would catch."""

from __future__ import annotations

import pytest

from stsm_graph import errors


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (errors.InputError, ValueError),
        (errors.ParseError, ValueError),
        (errors.UnknownTermError, ValueError),
        (errors.UnknownReferenceError, ValueError),
        (errors.DuplicateIdError, ValueError),
        (errors.DatatypeError, ValueError),
        (errors.BlankNodeError, ValueError),
        (errors.NetworkAccessError, ValueError),
        (errors.PortfolioFileNotFoundError, FileNotFoundError),
        (errors.UnsupportedFormatError, ValueError),
        (errors.UnknownNodeError, KeyError),
        (errors.QueryError, ValueError),
        (errors.StoreError, RuntimeError),
    ],
)
def test_each_error_is_a_stsm_graph_error_and_a_builtin(cls: type, builtin: type) -> None:
    assert issubclass(cls, errors.StsmGraphError)
    assert issubclass(cls, builtin)


def test_every_input_error_subclass_is_an_input_error() -> None:
    for cls in (
        errors.ParseError,
        errors.UnknownTermError,
        errors.UnknownReferenceError,
        errors.DuplicateIdError,
        errors.DatatypeError,
        errors.BlankNodeError,
        errors.NetworkAccessError,
    ):
        assert issubclass(cls, errors.InputError)


def test_input_error_says_where_what_and_what_next() -> None:
    err = errors.InputError(
        "must be a number",
        file="p.yaml",
        entry="sl-1",
        field="target_value",
        expected="a decimal",
        hint="Fix the value",
    )
    assert str(err) == (
        "p.yaml: entry 'sl-1', field 'target_value': must be a number (expected a decimal). "
        "Fix the value"
    )
    assert (err.file, err.entry, err.field, err.expected, err.hint) == (
        "p.yaml",
        "sl-1",
        "target_value",
        "a decimal",
        "Fix the value",
    )
    assert str(errors.InputError("bare")) == "bare"


def test_parse_error_names_the_line() -> None:
    err = errors.ParseError("unexpected end", line=7, file="p.ttl")
    assert err.line == 7
    assert str(err).startswith("p.ttl") and "line 7" in str(err) and "unexpected end" in str(err)


def test_unknown_reference_suggests_its_near_matches() -> None:
    err = errors.UnknownReferenceError("'n' is unknown", near=["n1", "n2"], file="p.yaml")
    assert err.near == ["n1", "n2"]
    assert str(err).endswith("Did you mean 'n1', 'n2'?")


def test_unknown_node_error_reads_as_a_sentence() -> None:
    err = errors.UnknownNodeError("Backup", ["https://ex.org/backup (Backups)"])
    # KeyError would quote its message; this one does not
    assert (
        str(err)
        == "Backup is not a node of this portfolio; did you mean https://ex.org/backup (Backups)?"
    )
    assert err.node == "Backup" and err.near == ["https://ex.org/backup (Backups)"]


def test_file_not_found_names_the_path() -> None:
    err = errors.PortfolioFileNotFoundError("missing.ttl")
    assert err.path == "missing.ttl"
    assert str(err).startswith("missing.ttl: no such file")


@pytest.mark.parametrize("in_flight", [0, 500])
def test_a_write_error_after_a_question_reads_as_sentences(in_flight: int) -> None:
    err = errors.WriteError(
        "cannot reach the SPARQL endpoint http://x/update: refused; is the server running?",
        acknowledged=1_000,
        in_flight=in_flight,
        total=3_000,
        known=True,
    )
    err.explain("the graph urn:g was not changed", "")
    text = str(err)
    assert "?." not in text and "running? " in text
    assert text.endswith("The graph urn:g was not changed")
