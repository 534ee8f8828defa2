"""Fuzz of the RDF loaders (Turtle, N-Triples, JSON-LD), through Python and the command line.

Whatever the input, loading either succeeds or raises one of the library's own errors
(:class:`~stsm_graph.errors.StsmGraphError`), and the command line exits 0, 1 or 2 with no
traceback; no input takes more than a few seconds. Inputs are valid pieces of the bundled
example with one part mutated (a literal, a datatype, an IRI, a triple term, nesting, a
named graph), or their text mutated byte by byte.
"""

from __future__ import annotations

import io
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from stsm_graph import Portfolio
from stsm_graph.cli import main
from stsm_graph.errors import StsmGraphError

EXAMPLE = Path(__file__).parents[1] / "examples" / "northwind-it-services.ttl"
XSD = "http://www.w3.org/2001/XMLSchema#"
STSM = "https://w3id.org/stsm#"
#: what one input may take, at most (the CI machine is small and shared)
SECONDS = 5.0
FORMATS = {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld"}
#: examples per test: a few seconds in CI; STSM_FUZZ_EXAMPLES=5000 for a long run
FUZZ = settings(
    max_examples=int(os.environ.get("STSM_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _seed_triples() -> list[tuple[str, str, str]]:
    """A small piece of the example, as N-Triples terms: a few nodes with every kind of value."""
    g = Graph()
    g.parse(EXAMPLE, format="turtle")
    wanted = (
        "svc-managed-backup",
        "sl-managed-backup-availability",
        "need-document-recovery",
        "lr-document-recovery-rpo",
        "cust-contoso-legal",
    )
    kept = [(s, p, o) for s, p, o in g if any(str(s).endswith("/" + name) for name in wanted)]
    # a value of every datatype property the vocabulary checks
    for prop in ("priority", "value", "date", "phase", "targetDate"):
        kept += list(g.triples((None, URIRef(STSM + prop), None)))[:1]
    return sorted({(s.n3(), p.n3(), o.n3()) for s, p, o in kept})


SEED = _seed_triples()

#: lexical forms that have broken a loader or an analysis, and ordinary ones
LEXICAL = st.sampled_from(
    [
        "NaN",
        "INF",
        "-INF",
        "+INF",
        "1e400",
        "-1e400",
        "1e-400",
        "abc",
        "",
        " 5",
        "5 ",
        "-5",
        "0",
        "99.9",
        "1.5",
        "9" * 500,
        "0." + "9" * 400,
        "2026-13-45",
        "2026-02-30",
        "2026-01-31",
        "2026-01-31Z",
        "true",
        "x",
        "\\u0000",
        "\\u0007",
        "\\u001b[2J",
        "\\r",
        "\\b",
        "\\f",
        "\\u0085",
        "\\uD800",
        "\\U0010FFFF",
        "\\U00110000",
        'a\\"b',
        "\\\\",
        "</script>",
        "a\\nb",
        "é" * 50,
    ]
)
DATATYPES = st.sampled_from(
    [
        f"<{XSD}{t}>"
        for t in (
            "decimal",
            "integer",
            "double",
            "float",
            "date",
            "dateTime",
            "boolean",
            "string",
            "int",
            "nonNegativeInteger",
            "gYear",
            "duration",
            "anyURI",
        )
    ]
    + ["<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString>", "<urn:x:type>", "<rel>"]
)
IRIS = st.sampled_from(
    [
        "<https://example.org/northwind/a b>",
        "<https://example.org/northwind/a\u00a0b>",
        "<relative>",
        "<>",
        "<urn:x>",
        "<https://w3id.org/stsm#Nede>",
        "<https://w3id.org/stsm#Need>",
        "<https://w3id.org/stsm#addresses>",
        "<https://w3id.org/stsm#Active>",
        "<https://w3id.org/stsm#>",
        "<http://[::1>",
        "<https://example.org/\\u0020x>",
        "<https://example.org/x\u2028y>",
        "<http://www.w3.org/2002/07/owl#imports>",
        "_:b0",
        "<https://example.org/%zz>",
    ]
)


@st.composite
def triple_terms(draw: st.DrawFn) -> str:
    s, p, o = draw(st.sampled_from(SEED))
    if draw(st.booleans()):
        return f"<<( {s} {p} {o} )>>"
    inner = f"<<( {s} {p} {o} )>>"
    for _ in range(draw(st.integers(0, 3))):
        inner = f"<<( {s} {p} {inner} )>>"
    return inner


@st.composite
def mutated_triples(draw: st.DrawFn) -> list[tuple[str, str, str]]:
    """The seed with up to three of its terms replaced by something hostile."""
    triples = list(draw(st.lists(st.sampled_from(SEED), min_size=1, max_size=12, unique=True)))
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(triples) - 1))
        s, p, o = triples[i]
        kind = draw(
            st.sampled_from(
                [
                    "literal",
                    "literal",
                    "datatype",
                    "datatype",
                    "lang",
                    "iri",
                    "iri",
                    "triple",
                    "status",
                ]
            )
        )
        if kind == "literal":
            o = f'"{draw(LEXICAL)}"' + (f"^^{draw(DATATYPES)}" if draw(st.booleans()) else "")
        elif kind == "datatype":
            lexical = re.match(r'"(.*)"', o)
            o = f'"{lexical[1] if lexical else draw(LEXICAL)}"^^{draw(DATATYPES)}'
        elif kind == "lang":
            o = f'"{draw(LEXICAL)}"@{draw(st.sampled_from(["en", "x-" + "a" * 9, "1", "en-"]))}'
        elif kind == "iri":
            position = draw(st.sampled_from(["s", "p", "o"]))
            iri = draw(IRIS)
            s, p, o = (
                iri if position == "s" else s,
                iri if position == "p" else p,
                iri if position == "o" else o,
            )
        elif kind == "triple":
            o = draw(triple_terms())
        else:
            triples.append((s, f"<{STSM}status>", draw(IRIS)))
        triples[i] = (s, p, o)
    return triples


def as_nt(triples: list[tuple[str, str, str]]) -> str:
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)


def as_turtle(triples: list[tuple[str, str, str]], nesting: int, reifier: bool) -> str:
    text = "@prefix stsm: <https://w3id.org/stsm#> .\n" + as_nt(triples)
    if nesting:
        s = triples[0][0]
        text += f"{s} <urn:x:p> " + "[ <urn:x:p> " * nesting + "1" + " ]" * nesting + " .\n"
    if reifier:
        s, p, o = triples[0]
        text += f"{s} {p} {o} ~ <urn:x:r> {{| <urn:x:p> 1 |}} .\n"
    return text


def _json_term(term: str) -> object:
    """An N-Triples term as a JSON-LD value (the lexical form kept as written)."""
    if term.startswith("<"):
        return {"@id": term[1:-1]}
    if term.startswith("_:"):
        return {"@id": term}
    m = re.fullmatch(r'"(.*)"(?:\^\^<(.*)>|@(.*))?', term, re.S)
    if m is None:
        return term  # a triple term: not JSON-LD, kept as a string
    value = m[1].encode().decode("unicode_escape", "replace") if "\\" in m[1] else m[1]
    if m[2]:
        return {"@value": value, "@type": m[2]}
    if m[3]:
        return {"@value": value, "@language": m[3]}
    return value


def as_jsonld(triples: list[tuple[str, str, str]], nesting: int, named_graph: bool) -> str:
    nodes: dict[str, dict[str, object]] = {}
    for s, p, o in triples:
        node = nodes.setdefault(s, {"@id": s[1:-1] if s.startswith("<") else s})
        node.setdefault(p[1:-1] if p.startswith("<") else p, []).append(_json_term(o))  # type: ignore[union-attr]
    graph: list[object] = list(nodes.values())
    if nesting:
        deep: object = 1
        for _ in range(nesting):
            deep = {"urn:x:p": deep} if nesting % 2 else [deep]
        graph.append({"@id": "urn:x:deep", "urn:x:p": deep})
    if named_graph:
        graph = [graph[0], {"@id": "urn:x:g", "@graph": graph[1:]}]
    return json.dumps({"@context": {"stsm": STSM}, "@graph": graph}, ensure_ascii=False)


@st.composite
def structured_inputs(draw: st.DrawFn) -> tuple[str, str]:
    """Text in one of the RDF formats, built from mutated example triples."""
    triples = draw(mutated_triples())
    fmt = draw(st.sampled_from(sorted(FORMATS)))
    nesting = draw(st.sampled_from([0, 0, 3, 150, 1200]))
    if fmt == "nt":
        return fmt, as_nt(triples)
    if fmt == "turtle":
        return fmt, as_turtle(triples, nesting, draw(st.booleans()))
    return fmt, as_jsonld(triples, nesting, draw(st.booleans()))


TOKENS = [
    "<<(",
    ")>>",
    "<<",
    ">>",
    "~",
    "[",
    "]",
    "(",
    ")",
    "{|",
    "|}",
    '"',
    '"""',
    "^^",
    "@",
    ".",
    ";",
    ",",
    "_:b",
    "@prefix x: <urn:x:> .",
    "@base <rel> .",
    "\\u0000",
    "\\uD800",
    "\x00",
    "\x1b",
    "\r",
    "\u0085",
    "\ud800",
    "{",
    "}",
    '{"@graph": [',
    '"@id": "a b"',
    '"@context"',
    '"@graph"',
    '"@list"',
    '"@reverse"',
    '"@included"',
    '"@nest"',
    '"@value"',
    "1e400",
    "NaN",
]


@st.composite
def raw_inputs(draw: st.DrawFn) -> tuple[str, str]:
    """Valid text of the seed, then cut, spliced and stuffed with syntax tokens."""
    fmt = draw(st.sampled_from(sorted(FORMATS)))
    triples = draw(st.lists(st.sampled_from(SEED), min_size=1, max_size=8, unique=True))
    text = {
        "nt": lambda: as_nt(triples),
        "turtle": lambda: as_turtle(triples, 0, False),
        "json-ld": lambda: as_jsonld(triples, 0, False),
    }[fmt]()
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["insert", "delete", "repeat", "text"]))
        if edit == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif edit == "repeat":
            text = text[:at] + text[at : at + 40] * draw(st.integers(2, 50)) + text[at:]
        else:
            text = text[:at] + draw(st.text(max_size=8)) + text[at:]
    return fmt, text


INPUTS = st.one_of(structured_inputs(), raw_inputs())


def _timed(call: Callable[[], object]) -> object:
    start = time.monotonic()
    try:
        return call()
    finally:
        assert time.monotonic() - start < SECONDS, "one input took too long"


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


@FUZZ
@given(case=INPUTS)
def test_the_python_api_raises_only_its_own_errors(
    case: tuple[str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    fmt, text = case
    path = _write(tmp_path_factory.mktemp("fuzz") / f"in{FORMATS[fmt]}", text)
    for load in (
        lambda: Portfolio.open(path),
        lambda: Portfolio.open(path, store="memory"),
        lambda: Portfolio().parse(text, format=fmt),
    ):
        try:
            p = _timed(load)
        except StsmGraphError:
            continue
        assert isinstance(p, Portfolio) or p is None
        if isinstance(p, Portfolio):
            _timed(lambda p=p: (p.serialize("nt"), p.serialize("json-ld"), p.summary()))


@FUZZ
@given(case=INPUTS, command=st.sampled_from(["validate", "convert", "analyze"]))
def test_the_command_line_exits_cleanly(
    case: tuple[str, str], command: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    fmt, text = case
    folder = tmp_path_factory.mktemp("fuzz")
    path = _write(folder / f"in{FORMATS[fmt]}", text)
    args = {
        "validate": ["validate", str(path)],
        "convert": ["convert", str(path), str(folder / "out.ttl")],
        "analyze": ["analyze", str(path), "--format", "json"],
    }[command]
    out, err = io.StringIO(), io.StringIO()
    code = _timed(lambda: main(args, out=out, err=err))
    assert code in (0, 1, 2)
    if code == 2:
        assert err.getvalue().startswith("stsm-graph: error: ")
        assert "Traceback" not in err.getvalue()
        if command == "convert":
            assert not (folder / "out.ttl").exists()  # nothing written half-way


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        # examples the fuzz found or that the issue names, kept as plain cases
        (
            "turtle",
            '<urn:x:a> <https://w3id.org/stsm#targetValue> "NaN"^^'
            "<http://www.w3.org/2001/XMLSchema#double> .",
        ),
        ("nt", "<urn:x:a> <urn:x:p> <<( <urn:x:a> <urn:x:p> <urn:x:b> )>> ."),
        ("json-ld", "[" * 900 + "]" * 900),
        ("json-ld", '{"@id": "urn:x:a", "urn:x:p": ' + '{"urn:x:p": ' * 900 + "1" + "}" * 901),
        ("turtle", "<urn:x:a> <urn:x:p> " + "[ <urn:x:p> " * 2000 + "1" + " ]" * 2000 + " ."),
        ("turtle", '<urn:x:a> <urn:x:p> "\\uD800" .'),
    ],
)
def test_hostile_inputs_found_before(fmt: str, text: str) -> None:
    with pytest.raises(StsmGraphError):
        _timed(lambda: Portfolio().parse(text, format=fmt))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_unmutated_seed_loads_in_every_format(fmt: str) -> None:
    # the fuzz starts from valid input: each format's rendering of the seed loads whole
    text = {
        "nt": as_nt(SEED),
        "turtle": as_turtle(SEED, 0, False),
        "json-ld": as_jsonld(SEED, 0, False),
    }[fmt]
    p = Portfolio()
    p.parse(text, format=fmt)
    assert len(SEED) > 20 and len(p) == len(SEED)
