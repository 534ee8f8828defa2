"""The engine's floor: each analysis asked directly of a SPARQL engine, in its best form.

Every analysis of :mod:`stsm_graph.analysis` is written here again as the fewest plain SPARQL
queries that return the same answer set, in several forms (``MINUS``, ``FILTER NOT EXISTS``,
``OPTIONAL`` + ``!BOUND``, ``GROUP BY``); ``bench/run.py`` times each form on pyoxigraph and on
rdflib's engine, keeps the fastest form that gives the library's answer, and reports the library's
time against it. Nothing here imports :mod:`stsm_graph`, so the floor does not share the code it
measures; only the rules of ``docs/analyses.md`` are shared.

Each floor is a list of :class:`Variant`; a variant is one or more queries whose rows a
``signature`` function turns into something comparable with the library's result (a set of IRIs,
or a tuple of counts). Rows are lists of plain Python values: an IRI or literal's text (its
``.value``), ``None`` when unbound.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

__all__ = ["FLOORS", "PREFIX", "Variant", "impact_distances", "impact_query", "impact_rows_query"]

PREFIX = (
    "PREFIX stsm: <https://w3id.org/stsm#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
STSM = "https://w3id.org/stsm#"

Rows = list[list[Any]]


@dataclass(frozen=True)
class Variant:
    """One way of asking an analysis's question: queries, and how to compare the answer.

    ``question`` is ``"full"`` when the variant returns what the library reports (every
    field of the findings, labels included), ``"set"`` when it returns only the answer set
    (or the counts): a smaller question, reported beside the full one.
    """

    name: str
    queries: tuple[str, ...]
    signature: Callable[[Sequence[Rows]], Any]
    question: str = "set"


# ---------------------------------------------------------------------- helpers
def _not(form: str, body: str) -> str:
    """``MINUS { body }`` or ``FILTER NOT EXISTS { body }``."""
    return f"MINUS {{ {body} }}" if form == "minus" else f"FILTER NOT EXISTS {{ {body} }}"


def _inactive(var: str, form: str, tag: str) -> str:
    """Exclude ``var`` when it carries a status other than ``stsm:Active`` (absent = active)."""
    return _not(form, f"{var} stsm:status ?_x{tag} FILTER(?_x{tag} != stsm:Active)")


def _retired(var: str, form: str) -> str:
    return _not(form, f"{var} stsm:status stsm:Retired")


def _first(rows: Sequence[Rows]) -> frozenset[str]:
    return frozenset(r[0] for r in rows[0] if r[0] is not None)


def _count(v: Any) -> int:
    return int(v) if v is not None else 0


# ---------------------------------------------------------------------- unmet needs
def _unmet(form: str) -> str:
    if form == "optional":
        return """SELECT ?need WHERE { ?need a stsm:Need .
  OPTIONAL { ?need stsm:status ?ns FILTER(?ns = stsm:Retired) } FILTER(!BOUND(?ns))
  OPTIONAL { ?s stsm:addresses ?need .
             OPTIONAL { ?s stsm:status ?st FILTER(?st != stsm:Active) } FILTER(!BOUND(?st)) }
  FILTER(!BOUND(?s)) }"""
    return (
        "SELECT ?need WHERE { ?need a stsm:Need . "
        + _retired("?need", form)
        + " "
        + _not(form, "?s stsm:addresses ?need . " + _inactive("?s", form, "a"))
        + " }"
    )


def _unmet_full(form: str) -> tuple[str, ...]:
    """The unmet needs with what the library reports: label, stakeholders and pipeline.

    ``one query``: the set and every detail as ``OPTIONAL`` columns; ``two queries``: the
    set, then the details of those needs only (a ``UNION`` per detail, client-side join).
    """
    negation = "minus" if form == "two" else form
    action = (
        """{ { ?action stsm:justifiedBy ?need }
    UNION { ?action stsm:targets ?t . ?t stsm:addresses ?need }
    ?action a stsm:PlanAction . """
        + _not(negation, "?action stsm:actionKind stsm:RetireService")
        + " }"
    )
    details = (
        "{ ?need rdfs:label ?label }",
        "{ ?who stsm:hasNeed ?need }",
        "{ ?planned stsm:addresses ?need ; stsm:status stsm:Planned }",
        action,
    )
    core = _unmet(negation)
    if form == "two":
        return (
            core,
            "SELECT ?need ?label ?who ?planned ?action WHERE { { "
            + core
            + " } "
            + " UNION ".join(details)
            + " }",
        )
    where = core[core.index("WHERE {") + len("WHERE {") : core.rindex("}")]
    return (
        "SELECT DISTINCT ?need ?label ?who ?planned ?action WHERE {"
        + where
        + " ".join("OPTIONAL " + d for d in details)
        + " }",
    )


def unmet_full_signature(rows: Sequence[Rows]) -> frozenset[Any]:
    """(need, label, stakeholders, planned services, plan actions) of every unmet need."""
    needs = {r[0] for r in rows[0]}
    got: dict[str, list[Any]] = {n: [None, set(), set(), set()] for n in needs}
    for need, label, who, planned, action in rows[-1]:
        g = got[need]
        if label is not None and (g[0] is None or label < g[0]):
            g[0] = label
        for i, v in ((1, who), (2, planned), (3, action)):
            if v is not None:
                g[i].add(v)
    return frozenset(
        (n, g[0] or n, frozenset(g[1]), frozenset(g[2]), frozenset(g[3])) for n, g in got.items()
    )


# ---------------------------------------------------------------------- partially met
def _meets(form: str) -> str:
    """The body: an active service addressing ?need offers a level meeting requirement ?r."""
    return (
        "?s stsm:addresses ?need ; stsm:hasServiceLevel ?l . "
        + _inactive("?s", form, "m")
        + """ ?l stsm:metric ?m ; stsm:targetValue ?o . OPTIONAL { ?l stsm:unit ?ou }
  FILTER(COALESCE(STR(?u), "") = COALESCE(STR(?ou), "")
         && IF(?c = stsm:AtLeast, ?o >= ?req, ?o <= ?req))"""
    )


def _partial_group(form: str, need: str = "?need") -> str:
    """Covered needs with a requirement no covering active service meets, by GROUP BY/HAVING."""
    return (
        f"SELECT DISTINCT ({need} AS ?pm) WHERE {{ {need} stsm:requiresLevel ?r . "
        + _retired(need, form)
        + """ ?r stsm:metric ?m ; stsm:targetValue ?req ; stsm:comparator ?c .
  OPTIONAL { ?r stsm:unit ?u }
  ?s stsm:addresses """
        + need
        + " . "
        + _inactive("?s", form, "g")
        + """
  OPTIONAL { ?s stsm:hasServiceLevel ?l . ?l stsm:metric ?m ; stsm:targetValue ?o .
             OPTIONAL { ?l stsm:unit ?ou } }
  BIND(IF(COALESCE(BOUND(?l) && COALESCE(STR(?u), "") = COALESCE(STR(?ou), "")
          && IF(?c = stsm:AtLeast, ?o >= ?req, ?o <= ?req), false), 1, 0) AS ?ok)
} GROUP BY """
        + need
        + " ?r HAVING(MAX(?ok) = 0)"
    )


def _partial_nested(form: str) -> str:
    """The same by nested negation: covered, with a requirement no covering service meets."""
    return (
        "SELECT DISTINCT ?need WHERE { ?need stsm:requiresLevel ?r . "
        + _retired("?need", form)
        + " ?s0 stsm:addresses ?need . "
        + _inactive("?s0", form, "c")
        + """ ?r stsm:metric ?m ; stsm:targetValue ?req ; stsm:comparator ?c .
  OPTIONAL { ?r stsm:unit ?u } """
        + (
            _not(
                "minus",
                "?need stsm:requiresLevel ?r . ?r stsm:metric ?m ; stsm:targetValue ?req ; "
                "stsm:comparator ?c . OPTIONAL { ?r stsm:unit ?u } " + _meets("minus"),
            )
            if form == "minus"
            else _not("notexists", _meets("notexists"))
        )
        + " }"
    )


def _partial_full() -> tuple[str, ...]:
    """The partially met needs with what the library reports, in one query.

    The failing (need, requirement) pairs by ``GROUP BY``/``HAVING`` in a sub-select; then,
    for those needs only, their labels, covering active services, and each failing
    requirement with the offers on its metric of active covering services. The client keeps
    the failing requirements, picks the best offer in the requirement's unit and lists the
    other units. (Joining the failing requirement directly, ``?r`` in the sub-select and in
    the branch, made Oxigraph take minutes at 100k; the sub-select's is renamed ``?fr`` and
    the client compares them.)
    """
    pairs = _partial_group("minus").replace("SELECT DISTINCT (?need AS ?pm)", "SELECT ?need ?r")
    details = (
        "SELECT ?need ?r ?label ?s ?m ?req ?c ?u ?o ?ou ?fr WHERE { "
        "{ SELECT ?need (?r AS ?fr) WHERE { { "
        + pairs
        + """ } } }
  { ?need rdfs:label ?label }
  UNION { ?s stsm:addresses ?need . """
        + _inactive("?s", "minus", "d")
        + """ }
  UNION { ?need stsm:requiresLevel ?r .
          ?r stsm:metric ?m ; stsm:targetValue ?req ; stsm:comparator ?c .
          OPTIONAL { ?r stsm:unit ?u }
          OPTIONAL { ?s stsm:addresses ?need ; stsm:hasServiceLevel ?l .
                     ?l stsm:metric ?m ; stsm:targetValue ?o . OPTIONAL { ?l stsm:unit ?ou } """
        + _inactive("?s", "minus", "e")
        + """ } } }"""
    )
    return (details,)


def partial_full_signature(rows: Sequence[Rows]) -> frozenset[Any]:
    """(need, label, services, gaps) of every partially met need; a gap is (requirement,
    metric, required, best offer in its unit, comparator, unit, other units offered)."""
    labels: dict[str, str] = {}
    services: dict[str, set[str]] = {}
    reqs: dict[tuple[str, str], list[Any]] = {}
    for need, r, label, s, m, req, c, u, o, ou, fr in rows[0]:
        services.setdefault(need, set())
        if label is not None:
            labels[need] = min(labels.get(need, label), label)
        elif m is None:
            services[need].add(s)
        elif r == fr:
            g = reqs.setdefault((need, r), [m, Decimal(req), c, u, [], set()])
            if o is not None:
                if ou == u:
                    g[4].append(Decimal(o))
                else:
                    g[5].add(ou or "")
    gaps: dict[str, set[Any]] = {}
    for (need, r), (m, req, c, u, same, other) in reqs.items():
        best = (max if c == STSM + "AtLeast" else min)(same) if same else None
        gaps.setdefault(need, set()).add((r, m, req, best, c, u, frozenset(other)))
    return frozenset(
        (n, labels.get(n, n), frozenset(services[n]), frozenset(gaps.get(n, ()))) for n in services
    )


# ---------------------------------------------------------------------- coverage
def _coverage(form: str) -> tuple[str, ...]:
    """Five queries giving the content of the coverage report (labels aside)."""
    full = (
        "SELECT DISTINCT ?need ?full WHERE { ?s2 stsm:addresses ?need . "
        + _inactive("?s2", form, "f")
        + " "
        # MINUS, never NOT EXISTS, over a sub-select: NOT EXISTS re-runs the GROUP BY for
        # every row (8 minutes at 10k triples on Oxigraph)
        + _not(
            "minus", "{ SELECT (?pm AS ?need) WHERE { { " + _partial_group(form, "?n2") + " } } }"
        )
        + " BIND(?need AS ?full) }"
    )
    stakeholders = (
        """SELECT ?st (COUNT(DISTINCT ?need) AS ?needs) (COUNT(DISTINCT ?cov) AS ?covered)
       (COUNT(DISTINCT ?full) AS ?fully) WHERE {
  VALUES ?type { stsm:Customer stsm:EndUser stsm:Stakeholder } ?st a ?type .
  OPTIONAL { ?st stsm:hasNeed ?need . ?need a stsm:Need . """
        + _retired("?need", form)
        + """
    OPTIONAL { SELECT DISTINCT ?need ?cov WHERE { ?s stsm:addresses ?need . """
        + _inactive("?s", form, "s")
        + """ BIND(?need AS ?cov) } }
    OPTIONAL { """
        + full
        + """ } }
} GROUP BY ?st"""
    )
    objectives = (
        "SELECT ?obj ?s WHERE { ?obj a stsm:StrategicObjective . "
        "OPTIONAL { ?s stsm:supports ?obj . " + _inactive("?s", form, "o") + " } }"
    )
    lines = (
        """SELECT ?line (COUNT(DISTINCT ?svc) AS ?services) (COUNT(DISTINCT ?act) AS ?active)
       (COUNT(DISTINCT ?need) AS ?needs) (COUNT(DISTINCT ?obj) AS ?objectives) WHERE {
  ?line a stsm:ServiceLine .
  OPTIONAL {
    { ?svc stsm:inServiceLine ?line . """
        + _retired("?svc", form)
        + """ }
    UNION { ?act stsm:inServiceLine ?line . """
        + _inactive("?act", form, "1")
        + """ }
    UNION { ?a stsm:inServiceLine ?line . """
        + _inactive("?a", form, "2")
        + """ ?a stsm:addresses ?need . ?need a stsm:Need . """
        + _retired("?need", form)
        + """ }
    UNION { ?b stsm:inServiceLine ?line . """
        + _inactive("?b", form, "3")
        + """ ?b stsm:supports ?obj . ?obj a stsm:StrategicObjective }
  }
} GROUP BY ?line"""
    )
    return (stakeholders, objectives, lines, *_matrix_links(form))


def _matrix_links(form: str) -> tuple[str, str]:
    """The two traceability matrices' links: need x service, objective x service."""
    need_links = (
        "SELECT ?n ?s WHERE { ?s stsm:addresses ?n . ?s a stsm:StandardService . "
        + _retired("?s", form)
        + " ?n a stsm:Need . "
        + _retired("?n", form)
        + " }"
    )
    objective_links = (
        "SELECT ?o ?s WHERE { ?s stsm:supports ?o . ?s a stsm:StandardService . "
        + _retired("?s", form)
        + " ?o a stsm:StrategicObjective }"
    )
    return need_links, objective_links


def _coverage_facts(form: str) -> tuple[str, ...]:
    """The same content from need-level facts, counted by the client (no GROUP BY joins)."""
    pairs = (
        "SELECT ?st ?need WHERE { VALUES ?type { stsm:Customer stsm:EndUser stsm:Stakeholder } "
        "?st a ?type . OPTIONAL { ?st stsm:hasNeed ?need . ?need a stsm:Need . "
        + _retired("?need", form)
        + " } }"
    )
    covered = (
        "SELECT DISTINCT ?need WHERE { ?s stsm:addresses ?need . "
        + _inactive("?s", form, "v")
        + " }"
    )
    partial = _partial_group(form)
    objectives = (
        "SELECT ?obj ?s WHERE { ?obj a stsm:StrategicObjective . "
        "OPTIONAL { ?s stsm:supports ?obj . " + _inactive("?s", form, "o") + " } }"
    )
    members = (
        "SELECT ?line ?svc ?st WHERE { ?line a stsm:ServiceLine . "
        "OPTIONAL { ?svc stsm:inServiceLine ?line OPTIONAL { ?svc stsm:status ?st } } }"
    )
    return (pairs, covered, partial, objectives, members, *_matrix_links(form))


def coverage_facts_signature(rows: Sequence[Rows]) -> tuple[int, ...]:
    """The signature of :func:`coverage_signature`, counted from need-level facts."""
    pairs, covered_rows, partial_rows, obj, members, nl, ol = rows
    covered = {r[0] for r in covered_rows}
    partial = {r[0] for r in partial_rows}
    by_st: dict[str, set[str]] = {}
    for st, need in pairs:
        by_st.setdefault(st, set())
        if need is not None:
            by_st[st].add(need)
    need_links = {(r[0], r[1]) for r in nl}
    objectives = {r[0] for r in obj}
    objectives_of: dict[str, set[str]] = {}  # active service -> objectives it supports
    for o, s in obj:
        if s is not None:
            objectives_of.setdefault(s, set()).add(o)
    lines: dict[str, dict[str, str | None]] = {}
    for line, svc, status in members:
        lines.setdefault(line, {})
        if svc is not None:
            lines[line][svc] = status
    active = STSM + "Active"
    retired = STSM + "Retired"
    # needs covered per active service: the needs it addresses that are covered and in scope
    needs_of: dict[str, set[str]] = {}
    for n, s in need_links:
        needs_of.setdefault(s, set()).add(n)
    line_services = line_active = line_needs = line_objectives = 0
    for members_ in lines.values():
        line_services += sum(1 for st in members_.values() if st != retired)
        act = [s for s, st in members_.items() if st in (None, active)]
        line_active += len(act)
        line_needs += len(set().union(*(needs_of.get(s, set()) for s in act)) & covered)
        line_objectives += len(set().union(*(objectives_of.get(s, set()) for s in act)))
    return (
        len(by_st),
        sum(len(v) for v in by_st.values()),
        sum(len(v & covered) for v in by_st.values()),
        sum(len((v & covered) - partial) for v in by_st.values()),
        len(objectives),
        len({o for os_ in objectives_of.values() for o in os_}),
        len(lines),
        line_services,
        line_active,
        line_needs,
        line_objectives,
        len(need_links),
        len({(r[0], r[1]) for r in ol}),
    )


def coverage_signature(rows: Sequence[Rows]) -> tuple[int, ...]:
    """(stakeholders, needs, covered, fully met, objectives, supported, lines, line services,
    line active services, line needs, line objectives, need links, objective links)."""
    st, obj, lines, nl, ol = rows
    objectives = {r[0] for r in obj}
    supported = {r[0] for r in obj if r[1] is not None}
    return (
        len(st),
        sum(_count(r[1]) for r in st),
        sum(_count(r[2]) for r in st),
        sum(_count(r[3]) for r in st),
        len(objectives),
        len(supported),
        len(lines),
        sum(_count(r[1]) for r in lines),
        sum(_count(r[2]) for r in lines),
        sum(_count(r[3]) for r in lines),
        sum(_count(r[4]) for r in lines),
        len({(r[0], r[1]) for r in nl}),
        len({(r[0], r[1]) for r in ol}),
    )


def _coverage_full() -> tuple[str, ...]:
    """What the coverage report holds, labels and lists included, in six queries.

    Stakeholders with their type, label and needs in scope; every need in scope with its label
    and the nodes addressing it with their statuses; the partially met needs (``GROUP BY``);
    objectives, service lines and services with their labels and the statuses of the services
    linked to them. The client counts, decides "active" and builds both matrices.
    """
    stakeholders = """SELECT ?st ?type ?label ?need WHERE {
  VALUES ?type { stsm:Customer stsm:EndUser stsm:Stakeholder } ?st a ?type .
  OPTIONAL { ?st rdfs:label ?label }
  OPTIONAL { ?st stsm:hasNeed ?need . MINUS { ?need stsm:status stsm:Retired } } }"""
    needs = """SELECT ?need ?label ?s ?status WHERE {
  ?need a stsm:Need . MINUS { ?need stsm:status stsm:Retired }
  OPTIONAL { ?need rdfs:label ?label }
  OPTIONAL { ?s stsm:addresses ?need . OPTIONAL { ?s stsm:status ?status } } }"""
    objectives = """SELECT ?obj ?label ?s ?status WHERE {
  ?obj a stsm:StrategicObjective . OPTIONAL { ?obj rdfs:label ?label }
  OPTIONAL { ?s stsm:supports ?obj . OPTIONAL { ?s stsm:status ?status } } }"""
    lines = """SELECT ?line ?label ?s ?status WHERE {
  ?line a stsm:ServiceLine . OPTIONAL { ?line rdfs:label ?label }
  OPTIONAL { ?s stsm:inServiceLine ?line . OPTIONAL { ?s stsm:status ?status } } }"""
    services = """SELECT ?s ?label ?status WHERE {
  ?s a stsm:StandardService . OPTIONAL { ?s rdfs:label ?label }
  OPTIONAL { ?s stsm:status ?status } }"""
    return (stakeholders, needs, _partial_group("minus"), objectives, lines, services)


def coverage_full_signature(rows: Sequence[Rows]) -> tuple[Any, ...]:
    """The coverage report's content: see ``run.library_answers``."""
    st_rows, need_rows, partial_rows, obj_rows, line_rows, svc_rows = rows
    active, retired = STSM + "Active", STSM + "Retired"

    def label_of(labels: dict[str, str], node: str, label: str | None) -> None:
        if label is not None and (node not in labels or label < labels[node]):
            labels[node] = label

    svc_labels: dict[str, str] = {}
    svc_status: dict[str, str] = {}
    for s, label, status in svc_rows:
        label_of(svc_labels, s, label)
        svc_status.setdefault(s, status or active)
    columns = {s: svc_labels.get(s, s) for s, st in svc_status.items() if st != retired}
    need_labels: dict[str, str] = {}
    covering: dict[str, set[str]] = {}
    addressing: dict[str, set[str]] = {}
    for need, label, s, status in need_rows:
        label_of(need_labels, need, label)
        covering.setdefault(need, set())
        addressing.setdefault(need, set())
        if s is not None:
            addressing[need].add(s)
            if status in (None, active):
                covering[need].add(s)
    partial = {r[0] for r in partial_rows}
    covered = {n for n, c in covering.items() if c}
    fully = covered - partial
    rank = {STSM + "Customer": 0, STSM + "EndUser": 1, STSM + "Stakeholder": 2}
    st_info: dict[str, list[Any]] = {}
    st_needs: dict[str, set[str]] = {}
    for st, kind, label, need in st_rows:
        info = st_info.setdefault(st, [None, kind])
        if rank[kind] < rank[info[1]]:
            info[1] = kind
        if label is not None and (info[0] is None or label < info[0]):
            info[0] = label
        st_needs.setdefault(st, set())
        if need is not None and need in covering:
            st_needs[st].add(need)
    stakeholders = frozenset(
        (
            st,
            info[0] or st,
            info[1],
            len(st_needs[st]),
            len(st_needs[st] & covered),
            len(st_needs[st] & fully),
        )
        for st, info in st_info.items()
    )
    obj_labels: dict[str, str] = {}
    supporters: dict[str, set[str]] = {}
    obj_links: set[tuple[str, str]] = set()
    for obj, label, s, status in obj_rows:
        label_of(obj_labels, obj, label)
        supporters.setdefault(obj, set())
        if s is not None:
            obj_links.add((obj, s))
            if status in (None, active):
                supporters[obj].add(s)
    objectives = frozenset(
        (o, obj_labels.get(o, o), frozenset(sup)) for o, sup in supporters.items()
    )
    needs_of: dict[str, set[str]] = {}
    for n, c in covering.items():
        for s in c:
            needs_of.setdefault(s, set()).add(n)
    objectives_of: dict[str, set[str]] = {}
    for o, sup in supporters.items():
        for s in sup:
            objectives_of.setdefault(s, set()).add(o)
    line_labels: dict[str, str] = {}
    members: dict[str, dict[str, str]] = {}
    for line, label, s, status in line_rows:
        label_of(line_labels, line, label)
        members.setdefault(line, {})
        if s is not None:
            members[line].setdefault(s, status or active)
    lines = frozenset(
        (
            line,
            line_labels.get(line, line),
            frozenset(s for s, st in m.items() if st != retired),
            frozenset(s for s, st in m.items() if st == active),
            frozenset(n for s, st in m.items() if st == active for n in needs_of.get(s, ())),
            frozenset(o for s, st in m.items() if st == active for o in objectives_of.get(s, ())),
        )
        for line, m in members.items()
    )
    totals = (
        len(covering),
        len(covered),
        len(fully),
        len(supporters),
        sum(1 for sup in supporters.values() if sup),
    )
    needs_matrix = (
        frozenset((n, need_labels.get(n, n)) for n in covering),
        frozenset(columns.items()),
        frozenset((n, s) for n, a in addressing.items() for s in a if s in columns),
    )
    objectives_matrix = (
        frozenset((o, obj_labels.get(o, o)) for o in supporters),
        frozenset(columns.items()),
        frozenset((o, s) for o, s in obj_links if s in columns),
    )
    return (stakeholders, objectives, lines, totals, needs_matrix, objectives_matrix)


# ---------------------------------------------------------------------- orphans
def _orphans(form: str) -> str:
    if form == "minus":
        # the justified services, then everything they depend on (any number of steps)
        return (
            "SELECT ?s WHERE { ?s a stsm:StandardService . "
            + _retired("?s", form)
            + " MINUS { { ?d stsm:addresses ?n . "
            + _retired("?n", form)
            + " } UNION { ?d stsm:supports ?o } "
            + _retired("?d", form)
            + " ?d stsm:dependsOn* ?s } }"
        )
    return (
        "SELECT ?s WHERE { ?s a stsm:StandardService . "
        + _retired("?s", form)
        + " FILTER NOT EXISTS { ?d stsm:dependsOn* ?s . "
        + _retired("?d", form)
        + " { ?d stsm:addresses ?n . "
        + _retired("?n", form)
        + " } UNION { ?d stsm:supports ?o } } }"
    )


def _orphans_full(form: str) -> tuple[str, ...]:
    """The orphaned services with their labels and statuses: the set query, two ``OPTIONAL``s."""
    core = _orphans(form)
    return (
        "SELECT ?s ?label ?status WHERE { { "
        + core
        + " } OPTIONAL { ?s rdfs:label ?label } OPTIONAL { ?s stsm:status ?status } }",
    )


def orphans_full_signature(rows: Sequence[Rows]) -> frozenset[Any]:
    """(service, label, status) of every orphan; no status is stsm:Active."""
    got: dict[str, list[Any]] = {}
    for s, label, status in rows[0]:
        g = got.setdefault(s, [None, status])
        if label is not None and (g[0] is None or label < g[0]):
            g[0] = label
    return frozenset((s, g[0] or s, g[1] or STSM + "Active") for s, g in got.items())


# ---------------------------------------------------------------------- integrity
def _integrity(form: str, cycles: str) -> str:
    """Every (rule, node) in one query: one ``UNION`` branch per rule.

    Each service rule's branch binds the service itself before its ``MINUS``/``NOT EXISTS``:
    a group holding only ``FILTER NOT EXISTS { ?node ... }`` is evaluated before the join,
    with ``?node`` unbound, and so removes every row whenever any service has the link.
    """
    cycle = (
        "?node stsm:dependsOn+ ?node"
        if cycles == "plus"
        else "?node stsm:dependsOn ?_y . ?_y stsm:dependsOn* ?node"
    )
    missing = [
        ("no-service-level", "?node stsm:hasServiceLevel ?_l"),
        ("no-service-system", "?node stsm:deliveredBy ?_y2"),
        (
            "no-customer-description",
            "?_d stsm:describes ?node ; stsm:audience stsm:CustomerAudience",
        ),
        ("not-in-catalog", "?_c stsm:lists ?node"),
    ]
    branches = " UNION ".join(
        f'{{ ?node a stsm:StandardService . {_not(form, body)} BIND("{rule}" AS ?rule) }}'
        for rule, body in missing
    )
    return (
        "SELECT DISTINCT ?rule ?node WHERE { { { "
        + branches
        + " } "
        + _retired("?node", form)
        + " } UNION { ?node stsm:commitsTo ?lvl . "
        + _not(form, "?node stsm:forService ?sv . ?sv stsm:hasServiceLevel ?lvl")
        + ' BIND("agreement-level-mismatch" AS ?rule) } UNION { '
        + cycle
        + ' BIND("dependency-cycle" AS ?rule) } }'
    )


def integrity_signature(rows: Sequence[Rows]) -> frozenset[tuple[str, str]]:
    """The set of (rule, node); for cycles every node on one (the library's ``related``)."""
    return frozenset((r[0], r[1]) for r in rows[0])


# ---------------------------------------------------------------------- impact
def impact_query(start: str, backward: Sequence[str], forward: Sequence[str]) -> str:
    """Count what a change to ``start`` reaches along the declared directions."""
    steps = [f"^<{p}>" for p in backward] + [f"<{p}>" for p in forward]
    return (
        f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ <{start}> ({'|'.join(steps)})+ ?x "
        f"FILTER(?x != <{start}>) }}"
    )


def impact_rows_query(start: str, backward: Sequence[str], forward: Sequence[str]) -> str:
    """What answering the impact question needs, in one query: from every node reachable
    from ``start``, its links onwards (``?from ?p ?to``), its classes and its labels."""
    steps = [f"^<{p}>" for p in backward] + [f"<{p}>" for p in forward]
    back = ", ".join(f"<{p}>" for p in backward) or "<urn:none>"
    fwd = ", ".join(f"<{p}>" for p in forward) or "<urn:none>"
    return (
        f"SELECT ?from ?p ?to ?c ?l WHERE {{ <{start}> ({'|'.join(steps)})* ?from . "
        f"{{ ?to ?p ?from FILTER(?p IN ({back})) }} "
        f"UNION {{ ?from ?p ?to FILTER(?p IN ({fwd}) && isIRI(?to)) }} "
        "UNION { ?from a ?c } UNION { ?from rdfs:label ?l } }"
    )


def impact_step_query(nodes: Sequence[str], backward: Sequence[str], forward: Sequence[str]) -> str:
    """One level of the walk: for each frontier node, its links onwards, classes and labels."""
    back = ", ".join(f"<{p}>" for p in backward) or "<urn:none>"
    fwd = ", ".join(f"<{p}>" for p in forward) or "<urn:none>"
    values = " ".join(f"<{n}>" for n in nodes)
    return (
        f"SELECT ?from ?p ?to ?c ?l WHERE {{ VALUES ?from {{ {values} }} "
        f"{{ ?to ?p ?from FILTER(?p IN ({back}) && isIRI(?to)) }} "
        f"UNION {{ ?from ?p ?to FILTER(?p IN ({fwd}) && isIRI(?to)) }} "
        "UNION { ?from a ?c } UNION { ?from rdfs:label ?l } }"
    )


def impact_walk_rows(
    run: Callable[[str], Rows],
    start: str,
    backward: Sequence[str],
    forward: Sequence[str],
    batch: int = 2000,
) -> Rows:
    """:func:`impact_rows_query`'s rows, level by level: one :func:`impact_step_query` per
    level and batch of frontier nodes, each node asked about once."""
    seen, frontier, rows = {start}, [start], []
    while frontier:
        fresh = set()
        for i in range(0, len(frontier), batch):
            for row in run(PREFIX + impact_step_query(frontier[i : i + batch], backward, forward)):
                rows.append(row)
                if row[1] is not None and row[2] not in seen:
                    fresh.add(row[2])
        seen |= fresh
        frontier = sorted(fresh)
    return rows


def impact_distances(rows: Rows, start: str) -> tuple[int, int]:
    """The impact answer from :func:`impact_rows_query`'s rows, by a plain breadth-first walk:
    every affected node's distance, one parent each (a shortest path), its classes and label.
    Returns (affected nodes, sum of distances) to compare with the library."""
    onward: dict[str, list[str]] = {}
    classes: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for a, p, b, c, lbl in rows:
        if p is not None:
            onward.setdefault(a, []).append(b)
        elif c is not None:
            classes.setdefault(a, []).append(c)
        elif lbl is not None:
            labels[a] = min(labels.get(a, lbl), lbl)
    distance, parent = {start: 0}, {}
    frontier = [start]
    while frontier:
        nxt = []
        for a in frontier:
            for b in onward.get(a, ()):
                if b not in distance:
                    distance[b] = distance[a] + 1
                    parent[b] = a
                    nxt.append(b)
        frontier = nxt
    return len(distance) - 1, sum(distance.values())


# ---------------------------------------------------------------------- the table
FLOORS: dict[str, list[Variant]] = {
    "coverage": [
        *(
            Variant(f"group-by/{form} (5 queries)", _coverage(form), coverage_signature)
            for form in ("minus", "notexists")
        ),
        *(
            Variant(f"facts/{form} (7 queries)", _coverage_facts(form), coverage_facts_signature)
            for form in ("minus", "notexists")
        ),
        Variant("6 queries, labels and lists", _coverage_full(), coverage_full_signature, "full"),
    ],
    "unmet_needs": [
        *(Variant(form, (_unmet(form),), _first) for form in ("minus", "notexists", "optional")),
        Variant("one query, minus", _unmet_full("minus"), unmet_full_signature, "full"),
        Variant("one query, not-exists", _unmet_full("notexists"), unmet_full_signature, "full"),
        Variant("set, then details", _unmet_full("two"), unmet_full_signature, "full"),
    ],
    "partially_met_needs": [
        Variant("group-by/minus", (_partial_group("minus"),), _first),
        Variant("group-by/not-exists", (_partial_group("notexists"),), _first),
        Variant("nested minus", (_partial_nested("minus"),), _first),
        Variant("nested not-exists", (_partial_nested("notexists"),), _first),
        Variant("group-by, then details", _partial_full(), partial_full_signature, "full"),
    ],
    "orphaned_services": [
        Variant("minus + path", (_orphans("minus"),), _first),
        Variant("not-exists + path", (_orphans("notexists"),), _first),
        Variant("minus + path, labels", _orphans_full("minus"), orphans_full_signature, "full"),
    ],
    "integrity_findings": [
        Variant(f"{form}, cycles {c}", (_integrity(form, c),), integrity_signature)
        for form in ("minus", "notexists")
        for c in ("plus", "star")
    ],
}
