"""Portfolio: build, load, save, query, project and name nodes, on every store."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD
from stores_under_test import STORES, make_portfolio
from strategies import portfolios

from stsm_graph import STSM, Portfolio, QueryError, Rows, UnknownNodeError, model
from stsm_graph.authoring.document_text import dump_document
from stsm_graph.errors import OutputError, UnknownReferenceError
from stsm_graph.ingest.reading import FORMATS

EX = "https://example.org/p/"
FIXTURES = Path(__file__).parent / "fixtures"
BASE = "https://example.org/portfolio/"


def ex(name: str) -> URIRef:
    return URIRef(EX + name)


# ---------------------------------------------------------------- building


def test_add_entities_with_links_between_them(portfolio_store: str) -> None:
    p = Portfolio(store=portfolio_store)
    p.add(
        model.Customer(id="acme", label="ACME", has_need=["n1"]),
        model.Need(id="n1", label="Restores", priority=1),
        model.StandardService(id="svc", label="Backup", addresses="n1", status="Planned"),
    )
    assert p.summary() == {"Customer": 1, "Need": 1, "StandardService": 1}
    assert len(p) == 10
    g = p.store.to_rdflib()
    assert (URIRef(BASE + "svc"), STSM.addresses, URIRef(BASE + "n1")) in g
    assert (URIRef(BASE + "svc"), STSM.status, STSM.Planned) in g


def test_add_resolves_ids_against_the_given_base(portfolio_store: str) -> None:
    p = Portfolio(store=portfolio_store)
    p.add(model.Need(id="n1", label="N"), base=EX)
    assert p.resolve("N") == ex("n1")


def test_add_with_a_broken_link_adds_nothing(
    backup_portfolio: Portfolio, assert_unchanged: Callable[[], None]
) -> None:
    with pytest.raises(UnknownReferenceError) as info:
        backup_portfolio.add(
            model.Need(id="n9", label="N9"),
            model.StandardService(id="svc9", label="S9", addresses=["n8"]),
        )
    assert info.value.file == "Portfolio.add"
    assert info.value.near == ["n9"]
    assert_unchanged()


def test_add_may_link_to_existing_nodes_by_iri(backup_portfolio: Portfolio) -> None:
    backup_portfolio.add(
        model.StandardService(
            id="svc-dr", label="Disaster recovery", addresses=[EX + "need-restore"]
        ),
        base=EX,
    )
    rows = backup_portfolio.select(
        "SELECT ?s ?n WHERE { ?s stsm:addresses ?n }", n=EX + "need-restore"
    )
    assert {r[0] for r in rows} == {ex("svc-backup"), ex("svc-dr")}


# ---------------------------------------------------------------- loading and saving


@pytest.mark.parametrize(
    "suffix", [".ttl", ".turtle", ".nt", ".jsonld", ".json-ld", ".yaml", ".yml", ".json"]
)
def test_save_and_load_by_suffix(backup_portfolio: Portfolio, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"portfolio{suffix}"
    backup_portfolio.save(path)
    again = Portfolio.open(path, store=backup_portfolio.store.kind)
    assert isomorphic(again.store.to_rdflib(), backup_portfolio.store.to_rdflib())


@pytest.mark.parametrize("fmt", FORMATS)
def test_save_and_load_by_format_name(
    backup_portfolio: Portfolio, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / "portfolio.data"
    backup_portfolio.save(path, format=fmt)
    again = Portfolio.open(path, store=backup_portfolio.store.kind, format=fmt)
    assert isomorphic(again.store.to_rdflib(), backup_portfolio.store.to_rdflib())


def test_turtle_output_uses_the_stsm_prefix(backup_portfolio: Portfolio) -> None:
    text = backup_portfolio.serialize("turtle")
    assert "@prefix stsm: <https://w3id.org/stsm#>" in text or "PREFIX stsm:" in text
    assert "stsm:StandardService" in text


def test_loading_with_append_adds_to_what_is_there(
    backup_portfolio: Portfolio, tmp_path: Path
) -> None:
    before = len(backup_portfolio)
    extra = tmp_path / "more.yaml"
    extra.write_text(f"base: {EX}\nneeds:\n- id: need-new\n  label: A new need\n", encoding="utf-8")
    backup_portfolio.load(extra, append=True)
    assert len(backup_portfolio) == before + 2
    backup_portfolio.load(extra, append=True)  # the same triples again change nothing
    assert len(backup_portfolio) == before + 2


STATUS_YAML = (
    f"base: {EX}\nprefixes:\n  mine: {EX}\nneeds:\n- id: n1\n  label: Restores\n"
    "services:\n- id: svc\n  label: Backup\n  status: {status}\n  addresses: [n1]\n"
)


@pytest.mark.parametrize("kind", STORES)
def test_loading_an_edited_file_again_replaces_the_portfolio(kind: str, tmp_path: Path) -> None:
    # issue 15 item 2: a service moved from Planned to Active held both statuses
    source = tmp_path / "p.yaml"
    source.write_text(STATUS_YAML.format(status="Planned"), encoding="utf-8")
    p = make_portfolio(kind)
    p.load(source)
    source.write_text(STATUS_YAML.format(status="Active"), encoding="utf-8")
    p.load(source)
    rows = p.select("SELECT ?s WHERE { ?svc stsm:status ?s }")
    assert [str(s) for (s,) in rows] == [str(STSM.Active)]
    fresh = Portfolio.open(source)
    assert isomorphic(p.store.to_rdflib(), fresh.store.to_rdflib())
    assert p.prefixes.get("mine") == EX
    # the prefixes and base are the new file's, not a mixture
    source.write_text(
        "<urn:x:a> a <https://w3id.org/stsm#Need> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> 'A' .",
        encoding="utf-8",
    )
    p.load(source, format="turtle")
    assert (len(p), p.base, p.prefixes) == (2, None, {})
    p.close()


@pytest.mark.parametrize("kind", STORES)
def test_a_bad_file_loaded_in_the_place_of_a_portfolio_changes_nothing(
    kind: str, tmp_path: Path
) -> None:
    p = make_portfolio(kind)
    p.load(FIXTURES / "valid_complete.ttl")
    before = sorted(map(str, p.store.to_rdflib()))
    bad = tmp_path / "bad.yaml"
    broken = STATUS_YAML.format(status="Planned") + "  depends_on: [nobody]\n"
    bad.write_text(broken, encoding="utf-8")
    with pytest.raises(UnknownReferenceError):
        p.load(bad)
    assert sorted(map(str, p.store.to_rdflib())) == before
    p.close()


def test_non_canonical_literals_read_the_same_on_both_stores(portfolio_store: str) -> None:
    p = Portfolio(store=portfolio_store)
    p.parse(
        f"<{EX}sl> <https://w3id.org/stsm#targetValue> 99.90 ; "
        f'<https://w3id.org/stsm#priority> "01"^^<{XSD.integer}> .',
        format="turtle",
    )
    rows = p.select("SELECT ?v WHERE { ?s stsm:targetValue ?v }")
    assert [str(r[0]) for r in rows] == ["99.9"]


def _leftovers(directory: Path, name: str) -> list[str]:
    return sorted(f for f in os.listdir(directory) if f != name)


def test_a_failing_serialisation_leaves_the_old_file(
    backup_portfolio: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "portfolio.ttl"
    path.write_text("old content\n", encoding="utf-8")

    def boom(format: str = "turtle") -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(backup_portfolio, "serialize", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        backup_portfolio.save(path)
    assert path.read_text(encoding="utf-8") == "old content\n"
    assert _leftovers(tmp_path, "portfolio.ttl") == []


def test_a_failing_rename_removes_the_temporary_file(
    backup_portfolio: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "portfolio.ttl"
    path.write_text("old content\n", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        assert Path(src).read_text(encoding="utf-8").strip()  # the new text was written in full
        raise OSError("rename refused")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="rename refused"):
        backup_portfolio.save(path)
    assert path.read_text(encoding="utf-8") == "old content\n"
    assert _leftovers(tmp_path, "portfolio.ttl") == []


def test_save_replaces_the_old_file_and_leaves_nothing_else(
    backup_portfolio: Portfolio, tmp_path: Path
) -> None:
    path = tmp_path / "portfolio.nt"
    path.write_text("old content\n", encoding="utf-8")
    backup_portfolio.save(path)
    assert len(path.read_text(encoding="utf-8").splitlines()) == len(backup_portfolio)
    assert _leftovers(tmp_path, "portfolio.nt") == []


def test_saved_files_get_the_umask_or_keep_their_old_mode(
    backup_portfolio: Portfolio, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.ttl"
        backup_portfolio.save(fresh)
        assert fresh.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600
        kept = tmp_path / "kept.ttl"
        kept.write_text("", encoding="utf-8")
        kept.chmod(0o640)
        backup_portfolio.save(kept)
        assert kept.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_save_where_no_file_can_be_written_says_why(
    backup_portfolio: Portfolio, tmp_path: Path
) -> None:
    missing = tmp_path / "missing" / "p.ttl"
    with pytest.raises(OutputError, match=f"cannot write {missing}: the directory .* does not"):
        backup_portfolio.save(missing)
    a_file = tmp_path / "f.ttl"
    a_file.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError, match=r"f\.ttl is not a directory"):
        backup_portfolio.save(a_file / "p.ttl")
    with pytest.raises(OutputError, match=f"cannot write {tmp_path}: it is a directory"):
        backup_portfolio.save(tmp_path, format="turtle")
    assert sorted(f.name for f in tmp_path.iterdir()) == ["f.ttl"]


def test_to_document_uses_the_portfolio_base(backup_portfolio: Portfolio) -> None:
    backup_portfolio.base = "https://elsewhere.org/"
    doc = backup_portfolio.to_document()
    assert doc.base == "https://elsewhere.org/"
    assert EX + "svc-backup" in [s.id for s in doc.services]
    backup_portfolio.base = None
    assert "svc-backup" in [s.id for s in backup_portfolio.to_document().services]


# ---------------------------------------------------------------- asking


def test_select_with_an_iri_binding(backup_portfolio: Portfolio) -> None:
    rows = backup_portfolio.query(
        "SELECT ?svc ?need WHERE { ?svc stsm:addresses ?need }", svc=EX + "svc-backup"
    )
    assert isinstance(rows, Rows)
    assert rows.variables == ("svc", "need")
    assert list(rows) == [(ex("svc-backup"), ex("need-restore"))]


def test_bindings_take_prefixed_names_literals_and_terms(backup_portfolio: Portfolio) -> None:
    q = "SELECT ?s ?c WHERE { ?s a ?c }"
    by_prefix = backup_portfolio.select(q, c="stsm:StandardService")
    by_term = backup_portfolio.select(q, c=STSM.StandardService)
    assert set(by_prefix) == set(by_term) == {(ex("svc-backup"), STSM.StandardService)}
    by_label = backup_portfolio.select(
        "SELECT ?s ?l WHERE { ?s rdfs:label ?l }", l="Managed backup"
    )
    assert [r[0] for r in by_label] == [ex("svc-backup")]
    tagged = backup_portfolio.select(
        "SELECT ?s ?l WHERE { ?s rdfs:label ?l }", l=Literal("Sauvegarde gérée", lang="fr")
    )
    assert [r[0] for r in tagged] == [ex("svc-backup")]


def test_a_bound_variable_must_be_projected_on_every_store(backup_portfolio: Portfolio) -> None:
    with pytest.raises(QueryError, match="must also appear in the SELECT clause"):
        backup_portfolio.query(
            "SELECT ?need WHERE { ?svc stsm:addresses ?need }", svc=EX + "svc-backup"
        )


def test_ask(backup_portfolio: Portfolio) -> None:
    q = "ASK { ?svc stsm:deliveredBy ?sys }"
    assert backup_portfolio.query(q, sys=EX + "sys-backup") is True
    assert backup_portfolio.query(q, sys=EX + "sys-other") is False


def test_construct(backup_portfolio: Portfolio) -> None:
    g = backup_portfolio.query(
        "CONSTRUCT { ?need stsm:addressedBy ?svc } WHERE { ?svc stsm:addresses ?need }"
    )
    assert isinstance(g, Graph)
    assert set(g) == {(ex("need-restore"), URIRef(str(STSM) + "addressedBy"), ex("svc-backup"))}


def test_a_bad_query_raises_query_error(backup_portfolio: Portfolio) -> None:
    with pytest.raises(QueryError):
        backup_portfolio.query("SELECT ?x WHERE { ?x stsm:addresses }")


def test_summary_counts_instances_per_class(backup_portfolio: Portfolio) -> None:
    summary = backup_portfolio.summary()
    assert summary["StandardService"] == 1
    assert summary["MarketTrend"] == 1
    assert "Evidence" not in summary  # no inference: only the stated class
    assert list(summary) == sorted(summary)


def test_validate_does_not_change_the_portfolio(
    backup_portfolio: Portfolio, assert_unchanged: Callable[[], None]
) -> None:
    report = backup_portfolio.validate()
    assert report.conforms and report.results == ()
    assert_unchanged()


# ---------------------------------------------------------------- networkx


def test_to_networkx_projects_link_triples_only(backup_portfolio: Portfolio) -> None:
    g = backup_portfolio.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    predicates = {k for _u, _v, k in g.edges(keys=True)}
    assert str(STSM.addresses) in predicates and str(STSM.hasNeed) in predicates
    # types, labels, concepts (status, comparator, audience) and values are not links
    assert not predicates & {
        str(STSM.status),
        str(STSM.comparator),
        str(STSM.audience),
        str(STSM.componentKind),
        str(RDFS.label),
    }
    assert str(STSM.Active) not in g and str(STSM.StandardService) not in g
    # the 14 link triples of the fixture, one edge each
    assert g.number_of_edges() == 14
    for _u, _v, key, data in g.edges(keys=True, data=True):
        assert data == {"predicate": key}
    svc = g.nodes[EX + "svc-backup"]
    assert svc == {"type": str(STSM.StandardService), "label": svc["label"]}
    assert svc["label"] in ("Managed backup", "Sauvegarde gérée")
    assert g.nodes[EX + "acme"] == {"type": str(STSM.Customer), "label": "ACME Ltd"}
    assert g.has_edge(EX + "agr-acme", EX + "acme", key=str(STSM.withCustomer))


def test_to_networkx_names_a_node_by_its_most_specific_class_and_smallest_label(
    portfolio_store: str,
) -> None:
    p = Portfolio(store=portfolio_store)
    p.parse(
        """@prefix stsm: <https://w3id.org/stsm#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix : <https://example.org/c/> .
        :t a stsm:MarketTrend, stsm:Evidence, owl:NamedIndividual ; rdfs:label "Zed", "Alpha" ;
            stsm:informs :n .
        :n a stsm:Need, owl:NamedIndividual ; rdfs:label "N" .""",
        format="turtle",
    )
    g = p.to_networkx()
    t, n = "https://example.org/c/t", "https://example.org/c/n"
    assert g.nodes[t] == {"type": str(STSM.MarketTrend), "label": "Alpha"}
    assert g.nodes[n] == {"type": str(STSM.Need), "label": "N"}
    assert p.label(t) == "Alpha"


def test_to_networkx_keeps_parallel_links_and_untyped_ends(portfolio_store: str) -> None:
    p = Portfolio(store=portfolio_store)
    p.parse(
        f"""@prefix stsm: <https://w3id.org/stsm#> . @prefix ex: <{EX}> .
ex:a stsm:dependsOn ex:b ; stsm:deliveredBy ex:b .""",
        format="turtle",
    )
    g = p.to_networkx()
    assert sorted(k for _u, _v, k in g.edges(keys=True)) == [
        str(STSM.deliveredBy),
        str(STSM.dependsOn),
    ]
    assert g.nodes[EX + "b"] == {"type": None, "label": EX + "b"}


def test_a_user_link_property_joins_the_projection(backup_portfolio: Portfolio) -> None:
    hosted = "https://example.org/ext#hostedIn"
    backup_portfolio.parse(
        f"""@prefix stsm: <https://w3id.org/stsm#> . @prefix ex: <{EX}> .
<{hosted}> stsm:changePropagation stsm:ObjectToSubject .
<https://example.org/ext#ownedBy> stsm:changePropagation ex:sideways .
ex:sys-backup <{hosted}> ex:dc-east ; <https://example.org/ext#ownedBy> ex:ops ;
    <https://example.org/ext#notALink> ex:thing .""",
        format="turtle",
    )
    assert backup_portfolio.link_directions()[URIRef(hosted)] == STSM.ObjectToSubject
    g = backup_portfolio.to_networkx()
    assert g.has_edge(EX + "sys-backup", EX + "dc-east", key=hosted)
    assert g.edges[EX + "sys-backup", EX + "dc-east", hosted] == {"predicate": hosted}
    assert EX + "ops" not in g  # an unknown direction does not make a link
    assert EX + "thing" not in g


# ---------------------------------------------------------------- nodes


@pytest.mark.parametrize(
    "name",
    [EX + "svc-backup", f"<{EX}svc-backup>", "Managed backup"],
    ids=["iri", "angle-brackets", "label"],
)
def test_resolve(backup_portfolio: Portfolio, name: str) -> None:
    assert backup_portfolio.resolve(name) == ex("svc-backup")


def test_resolve_a_prefixed_name(backup_portfolio: Portfolio) -> None:
    assert backup_portfolio.resolve("stsm:StandardService") == STSM.StandardService
    # the fixture declares @prefix ex: <https://example.org/p/>
    assert backup_portfolio.resolve("ex:svc-backup") == ex("svc-backup")


def test_resolve_a_local_name(backup_portfolio: Portfolio) -> None:
    assert backup_portfolio.resolve("svc-backup") == ex("svc-backup")


def test_resolve_an_id_of_a_loaded_yaml_document(portfolio_store: str) -> None:
    p = Portfolio(store=portfolio_store)
    p.parse(f"base: {EX}\nneeds:\n- id: n1\n  label: Restores\n", format="yaml")
    assert p.resolve("n1") == ex("n1")


def test_resolve_lists_near_matches(backup_portfolio: Portfolio) -> None:
    with pytest.raises(UnknownNodeError) as info:
        backup_portfolio.resolve("Managed bakup")
    err = info.value
    assert isinstance(err, KeyError)
    assert err.node == "Managed bakup"
    assert err.near[0] == "svc-backup (Managed backup)"  # a name resolve takes back
    assert str(err).startswith("Managed bakup is not a node of this portfolio; did you mean")


def test_resolve_matches_ids_too(backup_portfolio: Portfolio) -> None:
    with pytest.raises(UnknownNodeError) as info:
        backup_portfolio.resolve("svc-backp")
    assert "svc-backup (Managed backup)" in info.value.near


def test_near_matches_are_shown_by_names_resolve_takes(portfolio_store: str) -> None:
    p = Portfolio(store=portfolio_store)
    p.parse(
        '<https://a.org/x/backup> <http://www.w3.org/2000/01/rdf-schema#label> "Backup A" .\n'
        '<https://b.org/y/backup> <http://www.w3.org/2000/01/rdf-schema#label> "Backup B" .\n'
        '<https://a.org/x/restore> <http://www.w3.org/2000/01/rdf-schema#label> "Restore" .\n',
        format="nt",
    )
    with pytest.raises(UnknownNodeError) as info:
        p.resolve("backupp")
    # two nodes share the local name "backup": each is shown by its IRI
    assert info.value.near[:2] == [
        "https://a.org/x/backup (Backup A)",
        "https://b.org/y/backup (Backup B)",
    ]
    with pytest.raises(UnknownNodeError) as info:
        p.resolve("restor")
    assert info.value.near == ["restore (Restore)"]
    for shown in ("restore", "https://a.org/x/backup"):
        assert str(p.resolve(shown))  # each name shown resolves


def test_resolve_refuses_an_ambiguous_label(portfolio_store: str) -> None:
    p = Portfolio(store=portfolio_store)
    p.add(model.Need(id="n1", label="Same"), model.Need(id="n2", label="Same"))
    with pytest.raises(UnknownNodeError) as info:
        p.resolve("Same")
    assert info.value.near
    assert set(info.value.near) <= {f"{BASE}n1 (Same)", f"{BASE}n2 (Same)"}


def test_resolve_a_label_with_a_language_tag(backup_portfolio: Portfolio) -> None:
    assert backup_portfolio.resolve("Sauvegarde gérée") == ex("svc-backup")


def test_resolve_lists_every_node_of_an_ambiguous_label(portfolio_store: str) -> None:
    p = Portfolio(store=portfolio_store)
    p.add(model.Need(id="n1", label="Same"), model.Need(id="n2", label="Same"))
    with pytest.raises(UnknownNodeError) as info:
        p.resolve("Same")
    assert sorted(info.value.near) == [f"{BASE}n1 (Same)", f"{BASE}n2 (Same)"]


def test_resolve_an_iri_that_is_not_in_the_portfolio(backup_portfolio: Portfolio) -> None:
    with pytest.raises(UnknownNodeError):
        backup_portfolio.resolve(EX + "nothing-here")


def test_label(backup_portfolio: Portfolio) -> None:
    assert backup_portfolio.label(EX + "acme") == "ACME Ltd"
    assert backup_portfolio.label(ex("nothing")) == EX + "nothing"


def test_copy_is_independent(backup_portfolio: Portfolio) -> None:
    twin = backup_portfolio.copy()
    assert twin.store.kind == backup_portfolio.store.kind
    assert twin.store is not backup_portfolio.store
    n = len(backup_portfolio)
    twin.add(model.Need(id="only-in-copy", label="X"))
    backup_portfolio.add(model.Need(id="only-in-original", label="Y"))
    assert len(twin) == len(backup_portfolio) == n + 2
    assert twin.select("SELECT ?n ?l WHERE { ?n rdfs:label ?l }", l="Y").rows == []
    assert backup_portfolio.select("SELECT ?n ?l WHERE { ?n rdfs:label ?l }", l="X").rows == []


def test_repr_and_context_manager(portfolio_store: str) -> None:
    with Portfolio(store=portfolio_store) as p:
        p.add(model.Need(id="n", label="N"))
        assert repr(p) == f"<Portfolio store={portfolio_store} triples=2>"


def test_the_default_store_is_oxigraph() -> None:
    assert Portfolio().store.kind == "oxigraph"


# ---------------------------------------------------------------- same answers on both stores


@given(doc=portfolios())
def test_both_stores_give_the_same_answers(doc: model.PortfolioDocument) -> None:
    text = dump_document(doc)
    mem, oxi = Portfolio(store="memory"), Portfolio(store="oxigraph")
    mem.parse(text, format="yaml")
    oxi.parse(text, format="yaml")
    assert isomorphic(mem.store.to_rdflib(), oxi.store.to_rdflib())
    assert mem.summary() == oxi.summary()
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(?p != rdf:type) }"
    assert set(mem.select(q)) == set(oxi.select(q))
    gm, go = mem.to_networkx(), oxi.to_networkx()
    assert set(gm.edges(keys=True)) == set(go.edges(keys=True))
    assert {n: d["label"] for n, d in gm.nodes(data=True)} == {
        n: d["label"] for n, d in go.nodes(data=True)
    }
    for entity in doc.entities():
        assert _resolved(mem, entity.label) == _resolved(oxi, entity.label)
    assert mem.validate() == oxi.validate()


def _resolved(p: Portfolio, name: str) -> URIRef | None:
    try:
        return p.resolve(name)
    except UnknownNodeError:  # e.g. a label two entries share
        return None


def test_add_links_to_an_entity_added_earlier(portfolio_store: str) -> None:
    p = Portfolio(store=portfolio_store)
    p.add(model.Need(id="n1", label="Restores"))
    p.add(model.StandardService(id="s1", label="Backup", addresses=["n1"]))
    rows = p.select("SELECT ?s ?n WHERE { ?s stsm:addresses ?n }")
    assert [(str(s), str(n)) for s, n in rows] == [
        ("https://example.org/portfolio/s1", "https://example.org/portfolio/n1")
    ]
    with pytest.raises(UnknownReferenceError):
        p.add(model.StandardService(id="s2", label="Other", addresses=["n9"]))


def test_a_string_binding_with_a_colon_is_a_literal(portfolio_store: str) -> None:
    p = Portfolio(store=portfolio_store)
    p.add(model.StandardService(id="s1", label="Backup:Gold"))
    rows = p.select("SELECT ?s ?l WHERE { ?s rdfs:label ?l }", l="Backup:Gold")
    assert [str(s) for s, _l in rows] == ["https://example.org/portfolio/s1"]


def _near_nodes(p: Portfolio, name: str) -> list[tuple[str, str]]:
    """(name shown, label shown) of each near match ``resolve(name)`` offers."""
    with pytest.raises(UnknownNodeError) as info:
        p.resolve(name)
    return [tuple(near[:-1].rsplit(" (", 1)) for near in info.value.near]  # type: ignore[misc]


def test_a_near_match_is_never_shown_by_a_name_of_another_node() -> None:
    p = Portfolio()
    p.parse(
        """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <http://ex.org/a/foo> rdfs:label "Alpha" .
        <http://ex.org/a/bar> rdfs:label "foo" .
        <http://ex.org/svc/> rdfs:label "Service root" .
        <http://ex.org/x/stsm:Need> rdfs:label "Weird" .
        <http://ex.org/n> a <https://w3id.org/stsm#Need> .
        <http://base.org/zed> <http://ex.org/p> <http://ex.org/a/bar> .
        <http://other.org/zed> rdfs:label "Zeta" .""",
        format="turtle",
    )
    p.prefixes[""] = "http://base.org/"  # as a loaded YAML document's base
    shown = dict((label, name) for name, label in _near_nodes(p, "fooo"))
    assert shown["Alpha"] == "http://ex.org/a/foo"  # "foo" is another node's label
    assert dict((lbl, n) for n, lbl in _near_nodes(p, "Service rot"))["Service root"] == (
        "http://ex.org/svc/"  # no local name
    )
    assert dict((lbl, n) for n, lbl in _near_nodes(p, "Weirdd"))["Weird"] == (
        "http://ex.org/x/stsm:Need"  # "stsm:Need" is the vocabulary's class
    )
    assert dict((lbl, n) for n, lbl in _near_nodes(p, "Zetaa"))["Zeta"] == (
        "http://other.org/zed"  # "zed" is the id of a node under the base
    )


_local_names = st.sampled_from(["a", "b", "ab", "Alpha", "beta", "x:y", ""])


@settings(max_examples=60, deadline=None)
@given(
    nodes=st.lists(
        st.tuples(st.sampled_from(["http://p.org/", "http://q.org/r/"]), _local_names),
        min_size=1,
        max_size=6,
        unique=True,
    ),
    labels=st.lists(_local_names.filter(bool), min_size=6, max_size=6, unique=True),
    name=st.sampled_from(["aa", "Alph", "bet", "x:yy", "ab "]),
)
def test_every_near_match_resolves_back_to_its_node(
    nodes: list[tuple[str, str]], labels: list[str], name: str
) -> None:
    p = Portfolio()
    iris = [base + local for base, local in nodes]
    p.parse(
        "".join(
            f'<{iri}> <http://www.w3.org/2000/01/rdf-schema#label> "{label}" .\n'
            for iri, label in zip(iris, labels, strict=False)
        ),
        format="nt",
    )
    try:
        p.resolve(name)
        return  # the name resolved (an exact label or a local name): nothing to offer
    except UnknownNodeError:
        near = _near_nodes(p, name)
    label_of = dict(zip(iris, labels, strict=False))
    for shown, label in near:
        assert label_of[str(p.resolve(shown))] == label, (shown, label)


@pytest.mark.parametrize("kind", STORES)
@pytest.mark.parametrize(
    ("sparql", "form"),
    [
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <urn:a>", "DESCRIBE"),
    ],
)
def test_select_of_another_form_is_the_same_query_error_on_every_store(
    kind: str, sparql: str, form: str
) -> None:
    p = make_portfolio(kind)
    p.parse("<urn:a> <urn:p> <urn:b> .", format="turtle")
    with pytest.raises(QueryError, match=rf"this one is {form}: use query\(\)"):
        p.select(sparql)
    assert p.query(sparql) is not None  # query() answers every form


@pytest.mark.parametrize("kind", STORES)
def test_select_takes_a_select_whose_prologue_names_other_forms(kind: str) -> None:
    p = make_portfolio(kind)
    p.parse("<urn:a> <urn:p> <urn:b> .", format="turtle")
    for sparql in (
        "PREFIX ex: <urn:x#>  # ask the server\nSELECT ?s WHERE { ?s ?p ?o }",
        "PREFIX describe: <urn:d#>\nSELECT ?s WHERE { ?s ?p ?o }",
        "PREFIX ex: <urn:x#> # Bob's prefix\nSELECT ?s WHERE { ?s ?p ?o }",
    ):
        assert [str(s) for (s,) in p.select(sparql)] == ["urn:a"]


@pytest.mark.parametrize(
    ("store", "where"),
    [("oxigraph", "at line 3, column 1: "), ("memory", "(line 2, column ")],
)
@pytest.mark.parametrize("method", ["query", "select"])
def test_a_syntax_error_points_into_the_callers_text(store: str, where: str, method: str) -> None:
    p = Portfolio(store=store)
    with pytest.raises(QueryError) as info:
        getattr(p, method)("SELECT ?x WHERE {\n  ?x ?p }\n")
    assert where in str(info.value)
    assert "line 9" not in str(info.value) and "8:" not in str(info.value)


@pytest.mark.parametrize("name", ["x) } DROP ALL #", "1x", "a b", ""])
def test_a_binding_to_no_variable_name_is_a_query_error(name: str) -> None:
    p = Portfolio(store="oxigraph")
    with pytest.raises(QueryError, match="is not a SPARQL variable name"):
        p.select("SELECT ?x WHERE { ?x ?p ?o }", **{name: "1"})


def test_a_store_holding_a_triple_term_is_a_store_error_not_a_crash(tmp_path: Path) -> None:
    """Loading refuses RDF 1.2 triple terms; a store another tool wrote may still hold one."""
    import pyoxigraph as ox

    from stsm_graph import analysis
    from stsm_graph.errors import StoreError

    folder = tmp_path / "s.oxigraph"
    with Portfolio.create(folder) as p:
        p.add(model.Need(id="n", label="N"))
        quoted = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o"))
        p.store.store.add(ox.Quad(ox.NamedNode("urn:r"), ox.NamedNode("urn:reifies"), quoted))
    with Portfolio.open(folder) as p:
        # pyshacl needs the whole graph in rdflib, which has no triple terms
        with pytest.raises(StoreError, match=r"RDF 1\.2 triple term"):
            p.validate(engine="pyshacl")
        # the compiled shapes ask the store about stsm: terms only: the triple term is not read
        assert p.validate().conforms
        assert not analysis.analyze(p, shapes=True).integrity


def test_a_store_folder_whose_name_is_too_long_is_an_output_error(tmp_path: Path) -> None:
    from stsm_graph.errors import OutputError

    with pytest.raises(OutputError, match="cannot use the folder"):
        Portfolio.create(tmp_path / ("q" * 300))
