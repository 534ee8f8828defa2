"""Fuzz of the authoring-format loaders (YAML and JSON), through Python and the command line.

Whatever the text, reading it either succeeds or raises one of the library's own errors
(:class:`~stsm_graph.errors.StsmGraphError`), within a few seconds; the command line exits 0
or 2 with one line of error. Documents are drawn two ways: structured (the real sections and
fields, with hostile values) and as raw text (a valid document, mutated). The number of
examples is bounded so that the file runs in seconds in CI (``STSM_FUZZ_EXAMPLES`` raises it).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import portfolios

from stsm_graph import Portfolio, model
from stsm_graph.authoring.document_text import dump_document
from stsm_graph.cli import main
from stsm_graph.errors import StsmGraphError

EXAMPLES = int(os.environ.get("STSM_FUZZ_EXAMPLES", "30"))
#: the most one input may take, in seconds (a hang or an explosion shows far above it)
BUDGET = 5.0
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SECTION_NAMES = list(model.SECTIONS)
FIELD_NAMES = sorted({f for m in model.SECTIONS.values() for f in m.model_fields})

#: scalars an author, a broken tool or an attacker might write
hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**18, max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=2),
    st.sampled_from(
        [
            "Active",
            "Retired",
            "AtLeast",
            "MarketTrend",
            "market_trend",
            "2026-13-45",
            "2026-01-31",
            "1e999999999999",
            "NaN",
            "-0",
            "9" * 500,
            "https://ex.org/a b",
            "https://ex.org/a\u2028b",
            "ex:x",
            "<bad>",
            "_:b0",
        ]
    ),
)
values = st.recursive(
    hostile_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def structured_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A mapping with the real sections and fields, holding hostile values."""
    doc: dict[str, Any] = {}
    if draw(st.booleans()):
        doc["stsm_graph"] = draw(st.sampled_from([1, 2, 0, -1, "1", 1.0, 10**30]))
    if draw(st.booleans()):
        doc["base"] = draw(st.sampled_from(["https://ex.org/p/", "not an iri", "", "urn:x:"]))
    for section in draw(st.lists(st.sampled_from(SECTION_NAMES), max_size=3)):
        entries = []
        for _ in range(draw(st.integers(0, 3))):
            entry: dict[str, Any] = {
                "id": draw(st.sampled_from(["a", "b", "a b", "x" * 300]) | st.text(max_size=6)),
                "label": draw(st.text(max_size=8) | hostile_scalars),
            }
            for field in draw(st.lists(st.sampled_from(FIELD_NAMES), max_size=4)):
                entry[field] = draw(values)
            entries.append(entry)
        doc[section] = entries if draw(st.integers(0, 9)) else draw(values)
    if draw(st.integers(0, 4)) == 0:
        doc["extra_triples"] = draw(
            st.lists(
                st.sampled_from(["<urn:x:a> <urn:x:p> <urn:x:b> .", "junk", "_:b <urn:p> 1 ."])
            )
        )
    return doc


def as_text(doc: dict[str, Any], syntax: str) -> str:
    if syntax == "json":
        return json.dumps(doc, ensure_ascii=True, default=str)
    return yaml.safe_dump(doc, allow_unicode=False)


#: pieces of YAML and JSON syntax that a raw mutation splices in
SNIPPETS = [
    "&a ",
    "*a",
    "*zz",
    "<<: *a\n",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!timestamp ",
    "!!binary ",
    "!!python/object:os.system ",
    "!!set ",
    "? ",
    "- ",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "\t",
    "\n",
    "  ",
    "#",
    "|\n",
    ">-\n",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "\\ud800",
    "\x00",
    "\x85",
    "\u2028",
    "\ufeff",
    ".nan",
    ".inf",
    "1e400",
    "9" * 400,
    "2026-13-45",
    "needs:\n",
    "label: x\n",
    "id: a\n",
    "priority: ",
    "target_value: ",
    "kind: ",
    "stsm_graph: 2\n",
    "[" * 60,
    "{" * 60,
]


@st.composite
def mutated_texts(draw: st.DrawFn) -> tuple[str, str]:
    """A valid document's text, written as YAML or JSON, then spliced, cut and repeated."""
    syntax = draw(st.sampled_from(["yaml", "json"]))
    text = dump_document(draw(portfolios(max_entries=4)), fmt=syntax)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        how = draw(st.integers(0, 3))
        if how == 0:
            text = text[:at] + draw(st.sampled_from(SNIPPETS)) + text[at:]
        elif how == 1:
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif how == 2:
            text = text[:at] + draw(st.text(max_size=5)) + text[at:]
        else:
            lines = text.splitlines(keepends=True)
            if lines:
                i = draw(st.integers(0, len(lines) - 1))
                lines.insert(i, lines[i])
            text = "".join(lines)
    return text, syntax


def read_in_python(text: str, syntax: str) -> None:
    """Read ``text``; only the library's errors may come out, within the budget."""
    started = time.perf_counter()
    try:
        Portfolio(store="memory").parse(text, format=syntax)
    except StsmGraphError as exc:
        assert len(str(exc)) < 2000, "a message quotes more than an excerpt"
    assert time.perf_counter() - started < BUDGET


def read_on_the_command_line(text: str, syntax: str) -> None:
    """Convert the text as a file; exit 0 or 2 with one short line, within the budget."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"doc.{syntax}"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        out, err = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        code = main(["convert", str(path), str(Path(tmp) / "out.nt")], out=out, err=err)
        assert time.perf_counter() - started < BUDGET
        assert code in (0, 2), err.getvalue()
        if code == 2:
            message = err.getvalue()
            assert message.startswith("stsm-graph: error: ") and message.count("\n") == 1
            assert len(message) < 2000
            assert not (Path(tmp) / "out.nt").exists()


@FUZZ
@given(doc=structured_documents(), syntax=st.sampled_from(["yaml", "json"]))
def test_structured_documents_load_or_raise_a_library_error(
    doc: dict[str, Any], syntax: str
) -> None:
    read_in_python(as_text(doc, syntax), syntax)


@FUZZ
@given(case=mutated_texts())
def test_mutated_texts_load_or_raise_a_library_error(case: tuple[str, str]) -> None:
    read_in_python(*case)


@settings(FUZZ, max_examples=max(10, EXAMPLES // 2))
@given(doc=structured_documents(), syntax=st.sampled_from(["yaml", "json"]))
def test_the_command_line_exits_cleanly_on_structured_documents(
    doc: dict[str, Any], syntax: str
) -> None:
    read_on_the_command_line(as_text(doc, syntax), syntax)


@settings(FUZZ, max_examples=max(10, EXAMPLES // 2))
@given(case=mutated_texts())
def test_the_command_line_exits_cleanly_on_mutated_texts(case: tuple[str, str]) -> None:
    read_on_the_command_line(*case)
