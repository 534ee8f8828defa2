"""Need-level facts shared by coverage and the unmet / partially met analyses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import URIRef

from stsm_graph.analysis._common import (
    ACTIVE,
    PLANNED,  # noqa: F401  (the doctests name it)
    RETIRED,  # noqa: F401  (the doctests name it)
    Row,
    bulk,
    in_unit,
    iri,
    keep_smallest,
    number,
    run,
    text,
    truth,
)
from stsm_graph.common.terms import valid_iri
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.resources import query_text
from stsm_graph.vocabulary.tables import CONCEPT_VALUES, STATUS_PRECEDENCE, VALUE_SCHEMES

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = [
    "NeedFacts",
    "RequirementFacts",
    "coverage_facts",
    "effective_status",
    "gap_candidate_facts",
    "labels_and_statuses",
    "need_facts",
    "node_statuses",
    "stated_status",
    "status_of",
]


@dataclass
class RequirementFacts:
    """One level requirement of a need and what active covering services offer for it."""

    requirement: str
    metric: str
    required: Decimal
    unit: str | None
    comparator: str
    met: bool = False
    #: (service, offered target, offered unit, the target in the requirement's unit or None
    #: when the units cannot be compared) on the same metric, as ``level_checks.rq`` answers
    offers: list[tuple[str, Decimal, str | None, Decimal | None]] = field(default_factory=list)

    def best_offer(self) -> Decimal | None:
        """Return the best offered target, in the requirement's unit, of a requirement not met.

        No offer in a comparable unit meets the requirement (``met`` is false), so by the
        query's rule of what meets (``ontology/rules.sparql``) each falls short on the same
        side of the required target: the best is the nearest to it, and the comparator is not
        read again here.

        Examples
        --------
        >>> r = RequirementFacts("urn:r", "rto", Decimal(4), "h", "urn:AtMost",
        ...                      offers=[("urn:a", Decimal(8), "h", Decimal(8)),
        ...                              ("urn:b", Decimal(360), "min", Decimal(6)),
        ...                              ("urn:c", Decimal(1), "points", None)])
        >>> r.best_offer(), r.mismatched_units()
        (Decimal('6'), ['points'])
        """
        same = [o for _s, _o, _u, o in self.offers if o is not None]
        if not same:
            return None
        return min(same, key=lambda o: abs(o - self.required))

    def mismatched_units(self) -> list[str]:
        """Return the offered units on this metric that cannot be compared with the required."""
        return sorted({u or "" for _s, _o, u, o in self.offers if o is None})


@dataclass
class NeedFacts:
    """A need that is not retired: its label, covering active services and requirements."""

    need: str
    label: str
    #: the active services addressing it
    services: set[str] = field(default_factory=set)
    requirements: dict[str, RequirementFacts] = field(default_factory=dict)
    #: every node addressing it, whatever its status (the traceability matrix's links)
    addressed_by: set[str] = field(default_factory=set)

    @property
    def covered(self) -> bool:
        """Return whether at least one active service addresses the need."""
        return bool(self.services)

    @property
    def fully_met(self) -> bool:
        """Return whether the need is covered and every level requirement is met."""
        return self.covered and all(r.met for r in self.requirements.values())


def labels_and_statuses(
    rows: Iterable[tuple[str | None, ...]], assume: Mapping[str, str]
) -> dict[str, tuple[str, str]]:
    """Return node -> (its smallest label, else its IRI; its effective status).

    From rows of (node, label, status), as ``services.rq`` returns them. Of several stated
    statuses (a SHACL violation) the first of retired, planned, any other, active counts,
    so that every analysis reads a node's status alike; ``assume`` overrides it.
    """
    labels: dict[str, str] = {}
    stated: dict[str, set[str | None]] = {}
    for service, label, status in rows:
        if service is None:
            continue
        keep_smallest(labels, service, label)
        stated.setdefault(service, set()).add(status)
    return {
        s: (labels.get(s, s), effective_status(s, stated_status(found), assume))
        for s, found in stated.items()
    }


def stated_status(statuses: Iterable[str | None]) -> str | None:
    """Return the status that counts of a node's stated ones (``None``: none stated).

    Several (a SHACL violation) are settled alike everywhere, by the precedence the vocabulary
    gives each status (``stsm:statusPrecedence``): retired, then planned, then any other, then
    active.

    Examples
    --------
    >>> stated_status([ACTIVE, RETIRED, PLANNED]) == RETIRED
    True
    >>> stated_status([]) is None
    True
    """
    return min(statuses, key=_precedence, default=None)


#: each status of the scheme -> its precedence (``stsm:statusPrecedence``), the lowest counts
_PRECEDENCE = {str(STSM) + s: STATUS_PRECEDENCE[s] for s in CONCEPT_VALUES["status"]}
#: the precedence of a status that is not in the scheme
_OTHER_STATUS = STATUS_PRECEDENCE[VALUE_SCHEMES["status"]]


def _precedence(status: str | None) -> tuple[int, str]:
    """Order stated statuses by the vocabulary's precedence; none stated is active."""
    if status is None or status == ACTIVE:
        return (_PRECEDENCE[ACTIVE], "")
    return (_PRECEDENCE.get(status, _OTHER_STATUS), status)


def effective_status(service: str, status: str | None, assume: Mapping[str, str]) -> str:
    """Return a service's status IRI: the assumed one, else the stated one, else active.

    ``status`` is the one status that counts of the node's stated ones
    (:func:`stated_status`), never the status of one row of several.
    """
    return assume.get(service) or iri(status) or ACTIVE


def node_statuses(
    rows: Iterable[Row], node: int, status: int, into: dict[str, set[str | None]] | None = None
) -> dict[str, set[str | None]]:
    """Gather every status stated of each node, from rows with the node and a status column.

    A node with several statuses comes in several rows (one per status); its status is then
    decided once, for the node, by :func:`status_of`, never row by row. ``into`` adds to
    statuses already gathered.

    Examples
    --------
    >>> found = node_statuses([("s", PLANNED), ("s", ACTIVE), ("t", None)], 0, 1)
    >>> status_of(found, "s", {}) == PLANNED, status_of(found, "t", {}) == ACTIVE
    (True, True)
    """
    found: dict[str, set[str | None]] = {} if into is None else into
    for row in rows:
        key = row[node]
        if key is not None:
            found.setdefault(key, set()).add(row[status])
    return found


def status_of(
    statuses: Mapping[str, Iterable[str | None]], node: str, assume: Mapping[str, str]
) -> str:
    """Return ``node``'s one status: the assumed one, else the one that wins, else active."""
    return effective_status(node, stated_status(statuses.get(node, ())), assume)


@bulk
def need_facts(
    portfolio: Portfolio, *, assume: Mapping[str, str] | None = None
) -> dict[str, NeedFacts]:
    """Return the facts of every need that is not retired, keyed by IRI.

    Parameters
    ----------
    portfolio
        The portfolio.
    assume
        Statuses to assume instead of the stated ones, service or need IRI -> status IRI
        (what-if analyses: nothing in the portfolio changes).

    Returns
    -------
    dict of str to NeedFacts
        A need's label is its smallest ``rdfs:label`` (its IRI when it has none).

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.Need(id="n", label="N"),
    ...       model.StandardService(id="s", label="S", addresses=["n"]))
    >>> f = need_facts(p)["https://example.org/portfolio/n"]
    >>> f.covered, f.fully_met, sorted(f.services)
    (True, True, ['https://example.org/portfolio/s'])
    """
    return _facts(run(portfolio, "need_coverage"), run(portfolio, "level_checks"), assume or {})


@bulk
def gap_candidate_facts(portfolio: Portfolio) -> dict[str, NeedFacts]:
    """Return :func:`need_facts` of the needs that may be partially met (and maybe a few more).

    ``gap_candidates.rq`` picks the candidates with a stricter test than the library's, so
    that every partially met need is among them; ``need_details.rq`` then reads what
    :func:`need_facts` reads about those needs only, and the facts are built by the same
    rules. Much faster than :func:`need_facts` when most needs are fully met. A store may
    answer ``gap_candidates.rq`` by the wider ``addressed_needs_with_levels.rq`` where that is
    cheaper (:meth:`~stsm_graph.stores.base.Store.narrow`: the memory store, whose ``GROUP BY`` is
    slow): the facts of the needs it returns are read, and they hold every partially met one.

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.Need(id="n", label="N", requires_level=["r"]),
    ...       model.LevelRequirement(id="r", label="R", metric="rto", target_value=4,
    ...                              comparator="AtMost"),
    ...       model.StandardService(id="s", label="S", addresses=["n"]),
    ...       model.Need(id="m", label="M"))
    >>> facts = gap_candidate_facts(p)
    >>> list(facts), facts["https://example.org/portfolio/n"].fully_met
    (['https://example.org/portfolio/n'], False)
    """
    found = [
        n
        for (n,) in portfolio.store.narrow(
            query_text("gap_candidates"), query_text("addressed_needs_with_levels")
        )
        if n is not None
    ]
    # a blank node (data the library did not load) cannot go into VALUES
    if all(map(valid_iri, found)):
        return facts_of(portfolio, found)
    facts = need_facts(portfolio)  # every need's facts, then the partially met
    return {k: f for k, f in facts.items() if f.covered and not f.fully_met}


def facts_of(portfolio: Portfolio, needs: Sequence[str]) -> dict[str, NeedFacts]:
    """Return :func:`need_facts` of some needs only, reading nothing about the others.

    One ``need_details.rq`` query per batch of needs, with the needs in its ``VALUES``
    block; the facts are built by the same rules as :func:`need_facts`. Each of ``needs``
    must be an IRI typed ``stsm:Need`` that is not retired (the query does not test it, which
    keeps it fast): :func:`need_facts` has no facts of other nodes.

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.Need(id="n", label="N"), model.Need(id="m", label="M"),
    ...       model.Need(id="x", label="X"),
    ...       model.StandardService(id="s", label="S", addresses=["n"]))
    >>> facts = facts_of(p, ["https://example.org/portfolio/n", "https://example.org/portfolio/m"])
    >>> [(f.label, f.covered, f.fully_met) for _n, f in sorted(facts.items())]
    [('M', False, False), ('N', True, True)]
    """
    # every need has a row, as need_coverage.rq gives one to a need with no label or service
    cover: list[Row] = [(n, None, None, None) for n in needs]
    levels: list[Row] = []
    rows = portfolio.store.select_values(
        query_text("need_details"), "need", [URIRef(n) for n in needs]
    )
    for row in rows:
        if row[1] is None:
            cover.append((row[0], row[15], row[6], row[7]))
        else:
            levels.append(row[:15])
    return _facts(cover, levels, {})


@bulk
def coverage_facts(portfolio: Portfolio) -> dict[str, NeedFacts]:
    """Return :func:`need_facts` of every need, reading level requirements only where needed.

    Every need's label, services and coverage come from ``need_coverage.rq``; the level
    requirements only of the needs that may be partially met (:func:`gap_candidate_facts`).
    Each need's label, services, ``covered`` and ``fully_met`` are as in :func:`need_facts`,
    and so are the whole facts of every partially met need (covered, not fully met); other
    needs' ``requirements`` may be left empty. Enough for coverage and the partially met
    needs, at a fraction of the cost.

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.Need(id="n", label="N", requires_level=["r"]),
    ...       model.LevelRequirement(id="r", label="R", metric="rto", target_value=4,
    ...                              comparator="AtMost"),
    ...       model.StandardService(id="s", label="S", addresses=["n"]),
    ...       model.Need(id="m", label="M"))
    >>> facts = coverage_facts(p)
    >>> [(f.label, f.covered, f.fully_met) for _n, f in sorted(facts.items())]
    [('M', False, False), ('N', True, False)]
    """
    facts = _facts(run(portfolio, "need_coverage"), (), {})
    facts.update(gap_candidate_facts(portfolio))
    return facts


def _facts(
    cover: Iterable[Row], levels: Iterable[Row], assume: Mapping[str, str]
) -> dict[str, NeedFacts]:
    """Build need facts from rows of ``need_coverage.rq`` and of ``level_checks.rq``.

    A service counts as active when its one effective status is (:func:`status_of`, from all
    the statuses stated of it in either kind of row), whatever the status of one row.
    """
    cover, levels = list(cover), list(levels)
    statuses = node_statuses(levels, 6, 7, node_statuses(cover, 2, 3))
    active = {s for s in statuses if status_of(statuses, s, assume) == ACTIVE}
    retired = str(STSM.Retired)
    facts: dict[str, NeedFacts] = {}
    labels: dict[str, str] = {}
    for need, label, service, _status in cover:
        key = iri(need)
        if key is None or assume.get(key) == retired:
            continue
        f = facts.get(key)
        if f is None:
            f = facts[key] = NeedFacts(key, key)
        keep_smallest(labels, key, label)
        svc = iri(service)
        if svc is not None:
            f.addressed_by.add(svc)
            if svc in active:
                f.services.add(svc)
    for key, label in labels.items():
        facts[key].label = label
    offers: dict[tuple[str, str], set[tuple[str, Decimal, str | None, Decimal | None]]]
    offers = defaultdict(set)
    for row in levels:
        need, req, metric, required, unit, comparator, service, _status = row[:8]
        offered, o_unit, meets, comparable, factor, o_factor = row[9:15]
        key, rkey = iri(need), iri(req)
        required_value = number(required)
        if key is None or key not in facts or rkey is None or required_value is None:
            continue
        r = facts[key].requirements.get(rkey)
        if r is None:
            r = facts[key].requirements[rkey] = RequirementFacts(
                rkey,
                text(metric),
                required_value,
                text(unit) if unit is not None else None,
                text(comparator),
            )
        svc, offered_value = iri(service), number(offered)
        if svc is None or svc not in active:
            continue
        if offered_value is not None:
            to_req: Decimal | None = in_unit(offered_value, o_unit, unit, o_factor, factor)
            to_req = to_req if truth(comparable) else None
            offers[(key, rkey)].add((svc, offered_value, o_unit, to_req))
        if truth(meets):
            r.met = True
    for (key, rkey), found in offers.items():
        # a total order: offers equal in value may differ in lexical form or unit
        facts[key].requirements[rkey].offers = sorted(
            found, key=lambda o: (o[0], o[1], str(o[1]), o[2] or "")
        )
    return facts
