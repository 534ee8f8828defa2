"""Any ArchiMate model, 2.1 or 3.x: every element and relationship is mapped or reported, and
what is mapped follows the issue's table (written out here again, apart from the CSV)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from hypothesis import given
from hypothesis import strategies as st

from stsm_graph.interop import archimate
from stsm_graph.interop.mapping import archimate_types

SERVICES = {"BusinessService", "ApplicationService", "TechnologyService", "InfrastructureService"}
#: the issue's table, element rows
CLASSES = {
    **dict.fromkeys(SERVICES, "StandardService"),
    "Goal": "StrategicObjective",
    "Outcome": "StrategicObjective",
    "Requirement": "Need",
    "Stakeholder": "Stakeholder",
    "Capability": "Capability",
    "Driver": "Evidence",
    "Assessment": "Evidence",
}
NAMESPACES = {
    "2.1": "http://www.opengroup.org/xsd/archimate",
    "3.x": "http://www.opengroup.org/xsd/archimate/3.0/",
}
texts = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff\r"),
    min_size=1,
    max_size=12,
)


@st.composite
def models(
    draw: st.DrawFn,
) -> tuple[str, list[tuple[str, str, str | None]], list[tuple[str, int, int]]]:
    version = draw(st.sampled_from(["2.1", "3.x"]))
    types = archimate_types(version)
    elements = draw(
        st.lists(
            st.tuples(
                st.sampled_from(sorted(types.elements)),
                texts,
                st.sampled_from([None, "en", "de-CH"]),
            ),
            min_size=1,
            max_size=10,
        )
    )
    n = len(elements)
    rels = draw(
        st.lists(
            st.tuples(
                st.sampled_from(sorted(types.relationships)),
                st.integers(0, n - 1),
                st.integers(0, n - 1),
            ),
            max_size=16,
        )
    )
    return version, elements, rels


def _xml(
    version: str, elements: list[tuple[str, str, str | None]], rels: list[tuple[str, int, int]]
) -> str:
    name = "label" if version == "2.1" else "name"
    out = [
        f'<model xmlns="{NAMESPACES[version]}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m"><elements>'
    ]
    for i, (kind, text, lang) in enumerate(elements):
        at = f" xml:lang={quoteattr(lang)}" if lang else ""
        out.append(
            f'<element identifier="e{i}" xsi:type="{kind}"><{name}{at}>{escape(text)}</{name}>'
            "</element>"
        )
    out.append("</elements><relationships>")
    for j, (kind, s, t) in enumerate(rels):
        out.append(
            f'<relationship identifier="r{j}" xsi:type="{kind}" source="e{s}" target="e{t}"/>'
        )
    out.append("</relationships></model>")
    return "".join(out)


@given(model=models())
def test_every_element_and_relationship_is_mapped_or_reported(
    model: tuple[str, list[tuple[str, str, str | None]], list[tuple[str, int, int]]],
) -> None:
    version, elements, rels = model
    with tempfile.TemporaryDirectory() as d:
        path = Path(d, "m.xml")
        path.write_text(_xml(version, elements, rels), encoding="utf-8")
        r = archimate.read_with_report(path, base="urn:x:")
    assert (r.version, r.elements, r.relationships) == (version, len(elements), len(rels))
    assert sum(r.mapped.values()) + sum(r.unmapped_elements.values()) == len(elements)
    assert r.used_relationships + sum(r.unmapped_relationships.values()) == len(rels)
    p = r.portfolio
    classes = {
        str(n)[len("urn:x:") :]: str(c).rsplit("#", 1)[-1]
        for n, c in p.select("SELECT ?n ?c WHERE { ?n a ?c }")
    }
    # the element rows: each element of a named type is a node of its class, with its name
    for i, (kind, _, _) in enumerate(elements):
        if kind in CLASSES:
            assert classes[f"e{i}"] == CLASSES[kind]
    # the last row: an element of another type realising a service is one of its components
    realisations = {"Realization", "RealisationRelationship"}
    parts = {
        (f"e{t}", f"e{s}")
        for kind, s, t in rels
        if kind in realisations and elements[t][0] in SERVICES and elements[s][0] not in CLASSES
    }
    found = {
        (str(s)[len("urn:x:") :], str(c)[len("urn:x:") :])
        for s, c in p.select("SELECT ?s ?c WHERE { ?s stsm:deliveredBy/stsm:hasComponent ?c }")
    }
    assert found == parts
    # a service realising a requirement addresses it
    addresses = {
        (f"e{s}", f"e{t}")
        for kind, s, t in rels
        if kind in realisations and elements[s][0] in SERVICES and elements[t][0] == "Requirement"
    }
    found = {
        (str(s)[len("urn:x:") :], str(n)[len("urn:x:") :])
        for s, n in p.select("SELECT ?s ?n WHERE { ?s stsm:addresses ?n }")
    }
    assert found == addresses
    # nothing else became a node
    assert set(classes) <= {f"e{i}" for i in range(len(elements))} | {
        f"{s}/system" for s, _ in parts
    }
