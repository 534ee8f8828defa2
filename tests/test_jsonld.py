"""JSON-LD loads whole or not at all: nothing it states is dropped without a word."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from stsm_graph import InputError, Portfolio
from stsm_graph.cli.main import main
from stsm_graph.errors import ParseError

CONTEXT = {"stsm": "https://w3id.org/stsm#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
Unchanged = Callable[[], None]
Write = Callable[[str, str], Path]


def need(name: str, **more: object) -> dict[str, object]:
    return {
        "@id": f"https://example.org/p/{name}",
        "@type": "stsm:Need",
        "rdfs:label": name,
        **more,
    }


def document(*nodes: object) -> str:
    return json.dumps({"@context": CONTEXT, "@graph": list(nodes)})


NAMED_GRAPHS = {
    "plain": [need("a"), {"@id": "https://example.org/p/g", "@graph": [need("b"), need("c")]}],
    "blank node": [
        need("a"),
        {"@id": "https://example.org/p/g", "@graph": [need("b"), {"rdfs:label": "blank"}]},
    ],
    "owl:imports": [
        need("a"),
        {
            "@id": "https://example.org/p/g",
            "@graph": [
                need(
                    "b",
                    **{
                        "http://www.w3.org/2002/07/owl#imports": {
                            "@id": "https://example.org/other"
                        }
                    },
                )
            ],
        },
    ],
}


@pytest.mark.parametrize("case", sorted(NAMED_GRAPHS))
def test_a_named_graph_is_refused_not_dropped(
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    write: Write,
    tmp_path: Path,
    case: str,
) -> None:
    path = write("graphs.jsonld", document(*NAMED_GRAPHS[case]))
    with pytest.raises(InputError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert (err.file, err.entry, err.field) == (str(path), "https://example.org/p/g", "@graph")
    assert "the named graph <https://example.org/p/g> holds triples" in str(err)
    assert_unchanged()
    out, errors = io.StringIO(), io.StringIO()
    code = main(["convert", str(path), str(tmp_path / "out.nt")], out=out, err=errors)
    assert code == 2 and "named graph" in errors.getvalue()
    assert not (tmp_path / "out.nt").exists()


@pytest.mark.parametrize(
    ("nodes", "entry", "field", "iri"),
    [
        (
            [need("a"), need("b c"), need("d")],
            "https://example.org/p/b c",
            None,
            "https://example.org/p/b c",
        ),
        (
            [need("a", **{"stsm:alignsWith": {"@id": "https://example.org/p/x y"}})],
            "https://example.org/p/a",
            "stsm:alignsWith",
            "https://example.org/p/x y",
        ),
        ([need("a"), {"@id": "relative", "@type": "stsm:Need"}], "relative", None, "relative"),
    ],
)
def test_an_invalid_iri_is_an_error_not_a_lost_node(
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    write: Write,
    nodes: list[object],
    entry: str | None,
    field: str | None,
    iri: str,
) -> None:
    path = write("iris.jsonld", document(*nodes))
    with pytest.raises(InputError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert (err.file, err.entry, err.field) == (str(path), entry, field)
    assert f"{iri!r} is not a valid IRI" in str(err)
    assert_unchanged()


def test_a_key_the_context_does_not_name_is_an_error(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, write: Write
) -> None:
    path = write("keys.jsonld", document(need("a", label="A")))
    with pytest.raises(InputError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert (err.entry, err.field) == ("https://example.org/p/a", "label")
    assert "the key 'label' is neither a term of the @context nor an IRI" in str(err)
    assert_unchanged()


def test_valid_jsonld_still_loads_whole(write: Write) -> None:
    path = write("ok.jsonld", document(need("a"), need("b", **{"rdfs:comment": "x y"})))
    p = Portfolio.open(path)
    assert len(p) == 5 and p.summary() == {"Need": 2}


@pytest.mark.parametrize("name", ["deep.jsonld", "deep.json"])
@pytest.mark.parametrize(
    "text",
    [
        "[" * 900 + "]" * 900,
        '{"@id": "urn:x:a", "urn:x:p": ' + "[" * 900 + "]" * 900 + "}",
        '{"@id": "urn:x:a", "urn:x:p": ' + '{"urn:x:p": ' * 900 + "1" + "}" * 901,
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_deep_nesting_is_a_clean_error(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, write: Write, name: str, text: str
) -> None:
    path = write(name, text)
    with pytest.raises(ParseError, match="nests arrays and objects") as info:
        backup_portfolio.load(path, format="json-ld")
    assert info.value.file == str(path)
    assert "(expected at most 100 levels)" in str(info.value)
    assert_unchanged()
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", str(path), "--input-format", "json-ld"], out=out, err=err) == 2


def test_a_deep_json_file_is_a_clean_error_before_its_format_is_known(write: Write) -> None:
    path = write("deep.json", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(ParseError, match="nests lists and mappings more than 32 levels deep"):
        Portfolio.open(path)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
def test_a_lone_surrogate_in_text_is_a_clean_error(fmt: str) -> None:
    text = {
        "turtle": '<urn:x:a> <urn:x:p> "\ud800" .',
        "nt": '<urn:x:a> <urn:x:p> "\ud800" .',
        "json-ld": '{"@id": "urn:x:a", "urn:x:p": "\ud800"}',
    }[fmt]
    with pytest.raises(ParseError, match="lone surrogate U\\+D800"):
        Portfolio().parse(text, format=fmt)


def test_an_invalid_language_tag_is_an_error_not_a_lost_value(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, write: Write
) -> None:
    # the strict read drops such a value and keeps the rest of the node
    label = {"@value": "A", "@language": "not a tag!"}
    path = write("lang.jsonld", document(need("a", **{"rdfs:comment": label})))
    with pytest.raises(InputError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert (err.entry, err.field) == ("https://example.org/p/a", "rdfs:comment")
    assert "'not a tag!' is not a language tag" in str(err)
    assert_unchanged()
