"""ArchiMate exchange files that cannot be read: a clear error naming file and element, and
nothing written (the command's exit 2 is the library's InputError, see tests/cli)."""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from stsm_graph.cli.interop import add_parsers
from stsm_graph.errors import (
    DuplicateIdError,
    InputError,
    ParseError,
    PortfolioFileNotFoundError,
    StsmGraphError,
    UnknownReferenceError,
)
from stsm_graph.interop import archimate

Write = Callable[[str, str], Path]

V3 = (
    '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m"><name>M</name>'
)
V2 = (
    '<model xmlns="http://www.opengroup.org/xsd/archimate" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m"><name>M</name>'
)
SERVICE = '<element identifier="s1" xsi:type="BusinessService"><name>S</name></element>'


def _model(elements: str, relationships: str = "", head: str = V3) -> str:
    rels = f"<relationships>{relationships}</relationships>" if relationships else ""
    return f"{head}<elements>{elements}</elements>{rels}</model>"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE model [
  <!ENTITY a "lol">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m"><name>&f;</name></model>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE model [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m">
<name>&secret;</name></model>
"""

CASES = [
    ("not XML", "this is not XML at all", ParseError, ["not well-formed XML", "line 1"]),
    ("empty", "", ParseError, ["not well-formed XML"]),
    ("HTML", "<html><body/></html>", InputError, ["not an ArchiMate exchange model", "<html>"]),
    (
        "Archi's own file",
        '<archimate:model xmlns:archimate="http://www.archimatetool.com/archimate" name="X"/>',
        InputError,
        ["not an ArchiMate exchange model", "Export"],
    ),
    ("no namespace", "<model identifier='m'/>", InputError, ["with no namespace"]),
    ("billion laughs", BILLION_LAUGHS, InputError, ["DOCTYPE", "refused"]),
    ("external entity", EXTERNAL_ENTITY, InputError, ["DOCTYPE", "refused"]),
    (
        "missing element",
        _model(
            SERVICE, '<relationship identifier="r1" xsi:type="Serving" source="s1" target="s9"/>'
        ),
        UnknownReferenceError,
        ["entry 'r1'", "field 'target'", "'s9'", "no element nor relationship"],
    ),
    (
        "unknown element type",
        _model('<element identifier="w1" xsi:type="BusinessWidget"><name>W</name></element>'),
        InputError,
        ["entry 'w1'", "'BusinessWidget'", "xsi:type"],
    ),
    (
        "a 3.x type in a 2.1 file",
        _model(
            '<element identifier="t1" xsi:type="TechnologyService"><label>T</label></element>',
            head=V2,
        ),
        InputError,
        ["entry 't1'", "'TechnologyService'", "2.1"],
    ),
    (
        "a 3.x relationship in a 2.1 file",
        _model(
            SERVICE.replace("name>", "label>"),
            '<relationship identifier="r1" xsi:type="Serving" source="s1" target="s1"/>',
            head=V2,
        ),
        InputError,
        ["entry 'r1'", "'Serving'", "UsedByRelationship"],
    ),
    (
        "an undeclared entity",
        _model('<element identifier="s1" xsi:type="BusinessService"><name>&x;</name></element>'),
        ParseError,
        ["undefined entity", "line 1"],
    ),
    ("an identifier twice", _model(SERVICE + SERVICE), DuplicateIdError, ["entry 's1'", "twice"]),
    (
        "a bad language tag",
        _model(
            '<element identifier="s1" xsi:type="BusinessService">'
            '<name xml:lang="not a tag">S</name></element>'
        ),
        InputError,
        ["entry 's1'", "xml:lang", "not a tag"],
    ),
]


@pytest.mark.parametrize(
    ("text", "error", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_refused_with_a_clear_error(
    text: str, error: type[Exception], words: list[str], write: Write
) -> None:
    path = write("model.xml", text)
    with pytest.raises(error) as caught:
        archimate.read(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    for word in words:
        assert word in message, message


def test_a_missing_file_is_named() -> None:
    with pytest.raises(PortfolioFileNotFoundError, match=r"nowhere\.xml"):
        archimate.read("nowhere.xml")


def _import(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="stsm-graph")
    add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args, io.StringIO()))


@pytest.mark.parametrize(
    ("text", "error", "words"), [c[1:] for c in CASES[:8]], ids=[c[0] for c in CASES[:8]]
)
def test_the_command_writes_nothing_on_bad_input(
    text: str, error: type[Exception], words: list[str], write: Write, tmp_path: Path
) -> None:
    path = write("model.xml", text)
    new, old = tmp_path / "new.ttl", write("old.ttl", "# kept\n")
    for out in (new, old):
        with pytest.raises(StsmGraphError):  # the command line says it and exits 2
            _import(["import", "archimate", str(path), "-o", str(out)])
    assert not new.exists()
    assert old.read_text() == "# kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.xml", "old.ttl"]


def test_an_invalid_base_is_refused(write: Write) -> None:
    path = write("model.xml", _model(SERVICE))
    with pytest.raises(InputError, match="base"):
        archimate.read(path, base="not an iri ")


def test_an_element_s_error_names_its_line_as_every_input_error_does(write: Write) -> None:
    text = _model("\n" + SERVICE + "\n" + SERVICE + "\n")
    path = write("model.xml", text)
    with pytest.raises(DuplicateIdError) as caught:
        archimate.read(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}, line 3: entry 's1', field 'identifier': ")
