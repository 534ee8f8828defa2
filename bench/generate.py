"""Deterministic synthetic STSM portfolios in N-Triples, for benchmarks.

Usage::

    python bench/generate.py --size 100k --out bench/out/portfolio-100k.nt
    python bench/generate.py --size 1m            # -> bench/out/portfolio-1m.nt
    python bench/generate.py --size 25000 --seed 7 --out /tmp/p.nt

or, with ``bench/`` on ``sys.path``::

    from generate import generate, write, build
    for line in generate(10_000): ...               # one N-Triples statement per string
    stats = write(100_000, "/tmp/p.nt")              # atomic; returns the figures below
    build(100_000).stats                             # the same figures, without writing

Pure standard library; every random choice comes from one ``random.Random(seed)``, so the
same target and seed give the same bytes. Each string yielded by :func:`generate` is one
complete statement ending in ``"\\n"`` (``"".join(generate(n))`` is a valid document).

Shape
-----
The shape of an IT-services provider's portfolio, scaled by one factor ``k``: the number of
standard services. ``k`` is ``round(target / TRIPLES_PER_SERVICE)`` (a calibrated constant),
which lands the triple count within +-5% of the target for targets from a few thousand up.
IRIs are ``https://example.org/bench/<kind>/<n>`` (``svc/12``, ``need/40``, ...); every
entity has ``rdf:type`` (its most specific ``stsm:`` class) and a plain ``rdfs:label``; only
terms of ``ontology/stsm.ttl`` are used; no blank nodes. Per ``k`` services there are:

- ``2k`` needs (``stsm:priority`` on most; ~30% ``stsm:alignsWith`` an objective; many with one
  or two ``stsm:requiresLevel`` level requirements), held by ``0.4k`` stakeholders (~5 needs
  each, 40% ``stsm:Customer``, 60% ``stsm:EndUser``; ~5% of needs held by two);
- ``k/25`` strategic objectives, ``k/15`` service lines, ``k/6`` capabilities (each
  ``stsm:realizedBy`` one or two systems or components);
- each standard service: ``stsm:inServiceLine`` one line, ``stsm:addresses`` 1-4 needs (0 for
  orphans), ``stsm:supports`` 0-2 objectives, ``stsm:hasServiceLevel`` 1-3 levels,
  ``stsm:deliveredBy`` one system (10%: two), ``stsm:requiresCapability`` 0-2, and 25%
  ``stsm:dependsOn`` one or two other services (always an earlier one in a fixed random order:
  no cycles).
  Status: ~65% none, ~21% ``stsm:Active``, ~8% ``stsm:Planned``, 6% ``stsm:Retired``;
- service levels on three metrics: ``availability`` (``%``, ``stsm:AtLeast``), ``response time``
  and ``restore time`` (``h``, ``stsm:AtMost``), targets ``xsd:decimal`` from fixed tiers;
- ``k/2`` service systems, each with 3-6 components (``stsm:hasComponent``, ``stsm:componentKind``);
  inside a system the tool depends on its infrastructure and the process on the tool; every
  system's infrastructure component ``stsm:dependsOn`` a HUB: one data-centre component per
  ~2000 services (at least one), so the impact of a hub reaches ~2000 services and everything
  behind them; ``k/200`` shared platform components (identity, monitoring, network) that ~30% of
  systems depend on; 15% of systems depend on an earlier system;
- agreements: for each customer, one per active service addressing its needs (at most five),
  with ``stsm:withCustomer``, ``stsm:forService``, ``stsm:commitsTo`` one or two levels of that
  service and ``stsm:basedOnTemplate`` its SLA template; one ``stsm:SLATemplate``
  (``stsm:templateFor``) per service that is not retired;
- a ``stsm:ServiceCatalog`` listing every active service and one listing every planned
  service (so no service that is not retired is missing from a catalog); a customer-audience
  ``stsm:ServiceDescription`` for every service and a provider-audience one for half;
  integrity gaps, by index and not by chance: service ``s`` with ``s % 97 == 13`` is in no
  catalog, and with ``s % 89 == 7`` its description has no audience (so it has no
  customer-facing one);
- ``k/150`` plans whose actions add every planned service (justified by a need it addresses),
  revise services behind ~30% of the partially met needs (justified by the need), retire half
  the retired services and ~30% of the orphans (justified by evidence), and revise ``k/50``
  random active services (justified by an objective);
- ``k/10`` pieces of evidence (market trends, competitor offerings, opportunities, customer
  feedback) that ``stsm:informs`` one to three needs, objectives, capabilities or services;
- one satisfaction and one or two usage measurements per active service (one usage
  measurement per retired one), with ``stsm:value`` (``xsd:decimal``) and ``stsm:date``.

Fixed shares (exact counts are in the stats)
--------------------------------------------
Needs: 2% retired (``stsm:status stsm:Retired``); 8% unmet (no active service addresses them:
40% of these are addressed by nothing, 35% only by planned services, 25% only by retired
ones); 5% partially met (covered, but for one requirement every covering active service's
level on that metric misses it; the others fully met). Services: 3% orphaned (not retired,
address nothing, support nothing, and no service depends on them). The figures in the stats
are not the intended shares but a recount over the generated links with the rules of
DESIGN.md section 4 (the same rules as ``ontology/queries/*.rq``), so an analysis run on the
file must report exactly ``needs_unmet``, ``needs_partially_met`` and ``services_orphaned``,
and, of the integrity findings, ``integrity_not_in_catalog`` and
``integrity_no_customer_description`` (no other integrity rule fires).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["TRIPLES_PER_SERVICE", "Plan", "build", "generate", "parse_size", "write"]

BASE = "https://example.org/bench/"
TRIPLES_PER_SERVICE = 82.8  # calibrated: mean triples per standard service, all else included

# Shares, as documented above.
SHARE_NEED_RETIRED = 0.02
SHARE_NEED_UNMET = 0.08
SHARE_UNMET_NONE, SHARE_UNMET_PLANNED = 0.40, 0.35  # the rest: only retired services
SHARE_NEED_PARTIAL = 0.05
SHARE_SVC_ORPHAN = 0.03
SHARE_SVC_RETIRED = 0.06
SHARE_SVC_PLANNED = 0.07
SERVICES_PER_HUB = 2000

_S = "https://w3id.org/stsm#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
DEC = f"^^<{_XSD}decimal>"
INT = f"^^<{_XSD}integer>"
DATE = f"^^<{_XSD}date>"


def _t(name: str) -> str:
    return f"<{_S}{name}>"


# Classes
C_CUSTOMER, C_ENDUSER, C_NEED, C_OBJ = (
    _t("Customer"),
    _t("EndUser"),
    _t("Need"),
    _t("StrategicObjective"),
)
C_CAP, C_SVC, C_LINE, C_LEVEL = (
    _t("Capability"),
    _t("StandardService"),
    _t("ServiceLine"),
    _t("ServiceLevel"),
)
C_REQ, C_SYS, C_COMP = _t("LevelRequirement"), _t("ServiceSystem"), _t("ServiceSystemComponent")
C_AGR, C_TPL, C_CAT = _t("ServiceAgreement"), _t("SLATemplate"), _t("ServiceCatalog")
C_DESC, C_PLAN, C_ACT = _t("ServiceDescription"), _t("StandardServicePlan"), _t("PlanAction")
C_SAT, C_USE = _t("SatisfactionMeasurement"), _t("UsageMeasurement")
C_EVIDENCE = (
    _t("MarketTrend"),
    _t("CompetitorOffering"),
    _t("Opportunity"),
    _t("CustomerFeedback"),
)
# Links
P_HASNEED, P_ADDR, P_SUPP, P_ALIGN = (
    _t("hasNeed"),
    _t("addresses"),
    _t("supports"),
    _t("alignsWith"),
)
P_REQCAP, P_REAL, P_HASLVL, P_REQLVL = (
    _t("requiresCapability"),
    _t("realizedBy"),
    _t("hasServiceLevel"),
    _t("requiresLevel"),
)
P_DELIV, P_HASCOMP, P_DEP, P_LINE = (
    _t("deliveredBy"),
    _t("hasComponent"),
    _t("dependsOn"),
    _t("inServiceLine"),
)
P_WITH, P_FOR, P_COMMIT, P_BASED = (
    _t("withCustomer"),
    _t("forService"),
    _t("commitsTo"),
    _t("basedOnTemplate"),
)
P_TPLFOR, P_LISTS, P_DESCR, P_HASACT = (
    _t("templateFor"),
    _t("lists"),
    _t("describes"),
    _t("hasAction"),
)
P_TARGETS, P_JUST, P_INFORMS, P_MEASURES = (
    _t("targets"),
    _t("justifiedBy"),
    _t("informs"),
    _t("measures"),
)
# Values
P_STATUS, P_COMPAR, P_AUD, P_KIND, P_CKIND = (
    _t("status"),
    _t("comparator"),
    _t("audience"),
    _t("actionKind"),
    _t("componentKind"),
)
P_PRIO, P_METRIC, P_TARGET, P_UNIT, P_VALUE, P_DATE, P_PHASE, P_TDATE = (
    _t("priority"),
    _t("metric"),
    _t("targetValue"),
    _t("unit"),
    _t("value"),
    _t("date"),
    _t("phase"),
    _t("targetDate"),
)
V_PLANNED, V_ACTIVE, V_RETIRED = _t("Planned"), _t("Active"), _t("Retired")
V_ATLEAST, V_ATMOST = _t("AtLeast"), _t("AtMost")
V_CUSTAUD, V_PROVAUD = _t("CustomerAudience"), _t("ProviderAudience")
V_ADD, V_REVISE, V_RETIRE = _t("AddService"), _t("ReviseService"), _t("RetireService")
K_PEOPLE, K_PROCESS, K_TOOL, K_INFRA, K_INFO, K_SUPPLIER = (
    _t("People"),
    _t("Process"),
    _t("Tool"),
    _t("Infrastructure"),
    _t("Information"),
    _t("Supplier"),
)

# Metrics: (name, unit, comparator, tiers ordered loosest -> strictest). Services offer only the
# inner tiers (index 1 .. len-2), so every offered level has a looser and a stricter requirement.
METRICS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("availability", "%", V_ATLEAST, ("98.0", "99.0", "99.5", "99.9", "99.95", "99.99")),
    ("response time", "h", V_ATMOST, ("24", "8", "4", "2", "1", "0.5")),
    ("restore time", "h", V_ATMOST, ("48", "24", "8", "4", "2")),
)

DASH = " \u2014 "  # an em dash: non-ASCII text in labels
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def not_in_catalog(s: int) -> bool:
    """Whether service ``s`` is left out of every catalog (an integrity gap, ~1%)."""
    return s % 97 == 13


def no_customer_description(s: int) -> bool:
    """Whether service ``s``'s description has no audience (an integrity gap, ~1%)."""
    return s % 89 == 7


def lit(text: str) -> str:
    """Return ``text`` as an N-Triples plain literal, escaped."""
    return '"' + text.translate(_ESCAPES) + '"'


def parse_size(text: str) -> int:
    """Parse ``10k``, ``100k``, ``1m``, ``2.5m`` or a plain integer into a triple target."""
    t = text.strip().lower().replace("_", "")
    mult = 1
    if t.endswith("k"):
        mult, t = 1_000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1_000_000, t[:-1]
    value = int(float(t) * mult) if "." in t else int(t) * mult
    if value <= 0:
        raise ValueError(f"size must be positive: {text!r}")
    return value


# Label material (a few names carry quotes, backslashes, tabs, newlines and non-ASCII text so
# that the escaping is exercised).
_SVC_WORDS = (
    "Managed",
    "Hosted",
    "Cloud",
    "Secure",
    "Enterprise",
    "Digital",
    "Remote",
    "Standard",
    "Premium",
    "Shared",
)
_SVC_NOUNS = (
    "Backup",
    "E-mail",
    "Desktop",
    "Network",
    "Database",
    "Identity",
    "Storage",
    "Monitoring",
    "Service Desk",
    "Collaboration",
    "Print",
    "Telephony",
    "Web Hosting",
    "Data Analytics",
    "Patch Management",
    "Security Operations",
)
_ORGS = (
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Müller & Söhne",
    'O\'Brien "Logistics"',
    "Nordwind",
    "Zürich Re",
    "Tyrell",
    "Cyberdyne",
)
_ORG_SUFFIX = ("Ltd", "GmbH", "AG", "Inc.", "S.A.", "plc")
_ROLES = (
    "Finance team",
    "Field engineers",
    "Call-centre agents",
    "Researchers",
    "Students",
    "Clinicians",
    "Warehouse staff",
    "Executives",
)
_NEED_VERBS = (
    "Access",
    "Protect",
    "Recover",
    "Share",
    "Store",
    "Monitor",
    "Report on",
    "Collaborate on",
    "Integrate",
    "Archive",
)
_NEED_OBJS = (
    "customer records",
    "e-mail",
    "project files",
    "the ERP system",
    "laptops",
    "the web shop",
    "sensor data",
    "payroll",
    "research data",
    "phone lines",
)
_OBJECTIVES = (
    "Grow recurring revenue",
    "Reduce cost to serve",
    "Enter the public sector",
    "Raise customer satisfaction",
    "Become carbon neutral",
    "Modernise the platform",
    "Expand into the DACH region",
    "Improve security posture",
)
_CAPS = (
    "24/7 operations",
    "Cloud engineering",
    "Security expertise",
    "ITIL processes",
    "Data-centre footprint",
    "Automation",
    "Multilingual support",
    "Vendor management",
)
_LINES = ("Workplace", "Infrastructure", "Security", "Applications", "Data", "Communication")
_KIND_LABEL = {
    K_PEOPLE: "team",
    K_PROCESS: "process",
    K_TOOL: "tool",
    K_INFRA: "servers",
    K_INFO: "knowledge base",
    K_SUPPLIER: "supplier contract",
}
_SHARED = (
    ("Identity platform", K_TOOL),
    ("Monitoring platform", K_TOOL),
    ("Core network", K_INFRA),
    ("CMDB", K_INFO),
)
_EVIDENCE_TOPICS = (
    "Shift to SaaS",
    "Rising ransomware",
    "Competitor price cut",
    "Tender: regional hospitals",
    "NPS survey Q3",
    "Remote work growth",
)


class Plan:
    """The structure of one generated portfolio, and its expected analysis figures.

    Built entirely before any line is written; :meth:`lines` then only formats strings.
    """

    def __init__(self, target_triples: int, seed: int = 42) -> None:
        if target_triples <= 0:
            raise ValueError("target_triples must be positive")
        self.target = target_triples
        self.seed = seed
        self.k = max(20, round(target_triples / TRIPLES_PER_SERVICE))
        self._build(random.Random(seed))
        self.stats = self._recount()

    # ------------------------------------------------------------------ structure
    def _build(self, rng: random.Random) -> None:
        k = self.k
        S = k  # noqa: N806
        N = 2 * k  # noqa: N806
        n_stake = max(4, round(N / 5))
        n_obj = max(3, round(k / 25))
        n_line = max(2, round(k / 15))
        n_cap = max(3, round(k / 6))
        n_sys = max(2, round(k / 2))
        n_hub = max(1, round(k / SERVICES_PER_HUB))
        n_shared = max(2, round(k / 200))
        n_evid = max(4, round(k / 10))
        n_plan = max(1, round(k / 150))
        self.counts = {
            "services": S,
            "needs": N,
            "stakeholders": n_stake,
            "objectives": n_obj,
            "service_lines": n_line,
            "capabilities": n_cap,
            "service_systems": n_sys,
            "hub_components": n_hub,
            "shared_components": n_shared,
            "evidence": n_evid,
            "plans": n_plan,
        }

        # --- services: status classes
        order = list(range(S))
        rng.shuffle(order)
        n_orphan = max(1, round(SHARE_SVC_ORPHAN * S))
        n_sret = max(1, round(SHARE_SVC_RETIRED * S))
        n_splan = max(1, round(SHARE_SVC_PLANNED * S))
        orphans = sorted(order[:n_orphan])
        retired_s = sorted(order[n_orphan : n_orphan + n_sret])
        planned_s = sorted(order[n_orphan + n_sret : n_orphan + n_sret + n_splan])
        active_s = sorted(order[n_orphan + n_sret + n_splan :])
        status: list[str | None] = [None] * S
        for i in active_s:
            status[i] = V_ACTIVE if rng.random() < 0.25 else None
        for i in orphans:
            r = rng.random()
            status[i] = V_PLANNED if r < 0.2 else (V_ACTIVE if r < 0.4 else None)
        for i in planned_s:
            status[i] = V_PLANNED
        for i in retired_s:
            status[i] = V_RETIRED
        self.svc_status = status
        self.orphan_set = set(orphans)

        # --- needs: categories
        norder = list(range(N))
        rng.shuffle(norder)
        n_nret = round(SHARE_NEED_RETIRED * N)
        n_unmet = round(SHARE_NEED_UNMET * N)
        n_un_none = round(SHARE_UNMET_NONE * n_unmet)
        n_un_plan = round(SHARE_UNMET_PLANNED * n_unmet)
        n_partial = round(SHARE_NEED_PARTIAL * N)
        cut = [n_nret, n_un_none, n_un_plan, n_unmet - n_un_none - n_un_plan, n_partial]
        groups: list[list[int]] = []
        pos = 0
        for c in cut:
            groups.append(sorted(norder[pos : pos + c]))
            pos += c
        need_ret, un_none, un_plan, un_ret, partial = groups
        met = sorted(norder[pos:])
        self.need_retired = set(need_ret)

        # --- addresses: capacity 1-4 per non-orphan service, guaranteed pairings first
        addr: list[list[int]] = [[] for _ in range(S)]
        addr_set: list[set[int]] = [set() for _ in range(S)]
        cap = [rng.choices((1, 2, 3, 4), (15, 30, 30, 25))[0] for _ in range(S)]

        def link(s: int, n: int) -> None:
            if n not in addr_set[s]:
                addr_set[s].add(n)
                addr[s].append(n)

        def pair(svcs: list[int], needs: list[int]) -> None:
            if not svcs or not needs:
                return
            a, b = svcs[:], needs[:]
            rng.shuffle(a)
            rng.shuffle(b)
            for j in range(max(len(a), len(b))):
                link(a[j % len(a)], b[j % len(b)])

        covered_pool = met + partial
        pair(active_s, covered_pool)
        pair(planned_s, un_plan)
        pair(retired_s, un_ret)
        pools = (
            (active_s, covered_pool + need_ret),
            (planned_s, covered_pool + un_plan),
            (retired_s, covered_pool + un_ret + need_ret),
        )
        for svcs, pool in pools:
            for s in svcs:
                want = max(cap[s], len(addr[s]))
                for _ in range(8):
                    if len(addr[s]) >= want or len(addr[s]) >= 4:
                        break
                    link(s, rng.choice(pool))
        self.addr = addr

        # --- supports
        self.supports: list[list[int]] = [[] for _ in range(S)]
        for s in range(S):
            if s in self.orphan_set:
                continue
            r = rng.random()
            n = 2 if r < 0.15 else (1 if r < 0.70 else 0)
            self.supports[s] = rng.sample(range(n_obj), n)

        # --- dependsOn among services: only on an earlier service in a random order (a DAG),
        #     never on an orphan or a retired one; planned may use planned, active only active.
        dorder = list(range(S))
        rng.shuffle(dorder)
        self.svc_deps: list[list[int]] = [[] for _ in range(S)]
        earlier_active: list[int] = []
        earlier_live: list[int] = []
        for s in dorder:
            st = status[s]
            if st != V_RETIRED and rng.random() < 0.25:
                pool = earlier_active if st in (None, V_ACTIVE) else earlier_live
                if pool:
                    n = 1 if rng.random() < 0.7 else 2
                    self.svc_deps[s] = sorted(set(rng.choice(pool) for _ in range(n)))
            if s not in self.orphan_set and st != V_RETIRED:
                earlier_live.append(s)
                if st in (None, V_ACTIVE):
                    earlier_active.append(s)

        # --- service levels
        self.levels: list[tuple[int, int, int]] = []  # (service, metric, tier)
        self.svc_levels: list[list[int]] = [[] for _ in range(S)]
        for s in range(S):
            for m in sorted(rng.sample(range(3), rng.choice((1, 2, 2, 3)))):
                tiers = METRICS[m][3]
                self.svc_levels[s].append(len(self.levels))
                self.levels.append((s, m, rng.randint(1, len(tiers) - 2)))

        # --- level requirements on needs
        active_cov: list[list[int]] = [[] for _ in range(N)]
        for s in range(S):
            if status[s] in (None, V_ACTIVE):
                for n in addr[s]:
                    active_cov[n].append(s)

        def best_offered(n: int) -> dict[int, int]:
            best: dict[int, int] = {}
            for s in active_cov[n]:
                for lv in self.svc_levels[s]:
                    _, m, tier = self.levels[lv]
                    if tier > best.get(m, -1):
                        best[m] = tier
            return best

        self.reqs: list[tuple[int, int, int]] = []  # (need, metric, tier)
        self.need_reqs: list[list[int]] = [[] for _ in range(N)]

        def add_req(n: int, m: int, tier: int) -> None:
            self.need_reqs[n].append(len(self.reqs))
            self.reqs.append((n, m, tier))

        for n in met:
            if rng.random() < 0.4:
                best = best_offered(n)
                for m in sorted(rng.sample(sorted(best), min(len(best), rng.choice((1, 1, 2))))):
                    add_req(n, m, rng.randint(max(0, best[m] - 2), best[m]))
        for n in partial:
            best = best_offered(n)
            metrics = sorted(best)
            miss = rng.choice(metrics)
            add_req(n, miss, best[miss] + 1)  # stricter than every covering active level
            others = [m for m in metrics if m != miss]
            if others and rng.random() < 0.3:
                m = rng.choice(others)
                add_req(n, m, rng.randint(max(0, best[m] - 1), best[m]))
        for n in un_none + un_plan + un_ret + need_ret:
            if rng.random() < 0.4:
                m = rng.randrange(3)
                add_req(n, m, rng.randrange(len(METRICS[m][3])))
        self.partial = partial

        # --- needs: priority, alignment
        self.need_prio = [rng.randint(1, 5) if rng.random() < 0.7 else 0 for _ in range(N)]
        self.need_align = [rng.randrange(n_obj) if rng.random() < 0.3 else -1 for _ in range(N)]
        self.need_text = [
            (rng.randrange(len(_NEED_VERBS)), rng.randrange(len(_NEED_OBJS))) for _ in range(N)
        ]

        # --- stakeholders hold needs (~5 each, everyone at least one; 5% of needs shared)
        holders: list[list[int]] = [[] for _ in range(n_stake)]
        horder = list(range(N))
        rng.shuffle(horder)
        need_holder = [0] * N
        for j, n in enumerate(horder):
            h = j if j < n_stake else rng.randrange(n_stake)
            holders[h].append(n)
            need_holder[n] = h
        for n in range(N):
            if rng.random() < 0.05:
                h = rng.randrange(n_stake)
                if n not in holders[h]:
                    holders[h].append(n)
        self.holders = holders
        self.is_customer = [h % 5 < 2 for h in range(n_stake)]
        self.stake_name = [rng.randrange(len(_ORGS) * len(_ORG_SUFFIX)) for _ in range(n_stake)]

        # --- agreements: a customer's agreements are for the active services behind its needs
        self.agreements: list[tuple[int, int, list[int], str | None]] = []
        for h in range(n_stake):
            if not self.is_customer[h]:
                continue
            behind: list[int] = []
            seen: set[int] = set()
            for n in holders[h]:
                if n in self.need_retired:
                    continue
                for s in active_cov[n]:
                    if s not in seen:
                        seen.add(s)
                        behind.append(s)
            for s in behind[:5]:
                lv = self.svc_levels[s]
                commits = sorted(rng.sample(lv, min(len(lv), rng.choice((1, 1, 2)))))
                r = rng.random()
                st = (
                    V_RETIRED
                    if r < 0.05
                    else (V_PLANNED if r < 0.1 else (V_ACTIVE if r < 0.3 else None))
                )
                self.agreements.append((h, s, commits, st))

        # --- service lines, capabilities, systems
        self.svc_line = [rng.randrange(n_line) for _ in range(S)]
        self.svc_prio = [rng.randint(1, 5) if rng.random() < 0.3 else 0 for _ in range(S)]
        self.svc_name = [
            (rng.randrange(len(_SVC_WORDS)), rng.randrange(len(_SVC_NOUNS))) for _ in range(S)
        ]
        self.svc_caps = [
            sorted(set(rng.randrange(n_cap) for _ in range(rng.choice((0, 1, 1, 2)))))
            for _ in range(S)
        ]
        sys_order = list(range(n_sys))
        rng.shuffle(sys_order)
        self.svc_sys: list[list[int]] = []
        for s in range(S):
            systems = [sys_order[s % n_sys]]
            if rng.random() < 0.1:
                other = rng.randrange(n_sys)
                if other != systems[0]:
                    systems.append(other)
            self.svc_sys.append(systems)

        # components: hubs first, then shared platform components, then per-system leaves
        self.comps: list[tuple[str, str, list[int], str | None]] = []  # (label, kind, deps, st)
        for h in range(n_hub):
            self.comps.append((f"Data centre {h + 1}", K_INFRA, [], None))
        for j in range(n_shared):
            name, kind = _SHARED[j % len(_SHARED)]
            self.comps.append((f"{name} {j // len(_SHARED) + 1}", kind, [j % n_hub], None))
        shared_ids = list(range(n_hub, n_hub + n_shared))
        # one platform system per hub holds the hub; delivery systems follow
        self.sys_comps: list[list[int]] = [[h] for h in range(n_hub)]
        self.sys_deps: list[list[int]] = [[] for _ in range(n_hub)]
        self.sys_names: list[str] = [f"Data-centre platform {h + 1}" for h in range(n_hub)]
        extra_kinds = (K_TOOL, K_INFO, K_SUPPLIER, K_TOOL)
        for y in range(n_sys):
            hub = y % n_hub
            base = len(self.comps)
            kinds = [K_INFRA, K_TOOL, K_PEOPLE, K_PROCESS]
            kinds += rng.sample(extra_kinds, rng.choice((0, 0, 1, 2)))
            kinds = kinds[:3] + kinds[4:] if rng.random() < 0.25 else kinds  # some lack a process
            members = []
            for kind in kinds:
                cid = len(self.comps)
                if kind == K_INFRA:
                    deps = [hub]
                    if rng.random() < 0.3:
                        deps.append(rng.choice(shared_ids))
                elif kind == K_TOOL and cid > base:
                    deps = [base]  # the system's own infrastructure
                elif kind == K_PROCESS:
                    deps = [base + 1]  # the system's tool
                else:
                    deps = []
                r = rng.random()
                st = V_RETIRED if r < 0.02 else (V_PLANNED if r < 0.04 else None)
                label = f"System {y + 1} {_KIND_LABEL[kind]}"
                if kind == K_INFO and rng.random() < 0.3:
                    label = f"File share \\\\fs{y + 1:02d}\\docs"  # a UNC path: backslashes
                self.comps.append((label, kind, deps, st))
                members.append(cid)
            self.sys_comps.append(members)
            deps_s = []
            if y > 0 and rng.random() < 0.15:
                deps_s.append(n_hub + rng.randrange(y))  # an earlier system: acyclic
            if rng.random() < 0.1:
                deps_s.append(hub)  # directly on the hub's platform system
            self.sys_deps.append(deps_s)
            self.sys_names.append(f"{_SVC_NOUNS[y % len(_SVC_NOUNS)]} system {y + 1}")
        self.n_hub = n_hub
        # delivery system y is system index n_hub + y
        self.svc_sys = [[n_hub + y for y in ys] for ys in self.svc_sys]
        n_all_sys = len(self.sys_comps)
        self.cap_real: list[list[tuple[bool, int]]] = []
        for _ in range(n_cap):
            real = []
            for _ in range(rng.choice((1, 1, 2))):
                if rng.random() < 0.7:
                    real.append((True, rng.randrange(n_hub, n_all_sys)))
                else:
                    real.append((False, rng.randrange(len(self.comps))))
            self.cap_real.append(sorted(set(real)))

        # --- descriptions
        self.provider_desc = [rng.random() < 0.5 for _ in range(S)]

        # --- evidence
        ev_kinds = [rng.randrange(4) for _ in range(n_evid)]
        ev_informs: list[list[str]] = []
        for _ in range(n_evid):
            targets = []
            for _ in range(rng.randint(1, 3)):
                r = rng.random()
                if r < 0.4:
                    targets.append(f"need/{rng.randrange(N) + 1}")
                elif r < 0.6:
                    targets.append(f"obj/{rng.randrange(n_obj) + 1}")
                elif r < 0.75:
                    targets.append(f"cap/{rng.randrange(n_cap) + 1}")
                else:
                    targets.append(f"svc/{rng.randrange(S) + 1}")
            ev_informs.append(sorted(set(targets)))
        self.ev_kinds, self.ev_informs = ev_kinds, ev_informs
        self.ev_dates = [self._date(rng, 2023, 2025) for _ in range(n_evid)]

        # --- plans and actions: (plan, kind, service, justification path)
        actions: list[tuple[int, str, int, str]] = []
        for s in planned_s:
            actions.append((rng.randrange(n_plan), V_ADD, s, f"need/{addr[s][0] + 1}"))
        for n in partial:
            if rng.random() < 0.3:
                actions.append((rng.randrange(n_plan), V_REVISE, active_cov[n][0], f"need/{n + 1}"))
        for s in retired_s:
            if rng.random() < 0.5:
                actions.append(
                    (rng.randrange(n_plan), V_RETIRE, s, f"ev/{rng.randrange(n_evid) + 1}")
                )
        for s in orphans:
            if rng.random() < 0.3:
                actions.append(
                    (rng.randrange(n_plan), V_RETIRE, s, f"ev/{rng.randrange(n_evid) + 1}")
                )
        for _ in range(max(1, round(k / 50))):
            actions.append(
                (
                    rng.randrange(n_plan),
                    V_REVISE,
                    rng.choice(active_s),
                    f"obj/{rng.randrange(n_obj) + 1}",
                )
            )
        self.actions = actions
        self.act_extra = [
            (rng.randint(1, 5), rng.randint(1, 3), self._date(rng, 2025, 2027)) for _ in actions
        ]

        # --- measurements: (service, satisfaction?, value, date)
        meas: list[tuple[int, bool, str, str]] = []
        for s in range(S):
            st = status[s]
            if st == V_PLANNED:
                continue
            if st != V_RETIRED:
                meas.append(
                    (s, True, f"{rng.randint(10, 50) / 10:.1f}", self._date(rng, 2024, 2025))
                )
            for _ in range(rng.choice((1, 2)) if st != V_RETIRED else 1):
                meas.append((s, False, str(rng.randint(0, 50_000)), self._date(rng, 2024, 2025)))
        self.meas = meas
        self.counts.update(
            service_levels=len(self.levels),
            level_requirements=len(self.reqs),
            components=len(self.comps),
            agreements=len(self.agreements),
            plan_actions=len(actions),
            measurements=len(meas),
        )

    @staticmethod
    def _date(rng: random.Random, y0: int, y1: int) -> str:
        return f"{rng.randint(y0, y1)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    # ------------------------------------------------------------------ expected figures
    def _recount(self) -> dict[str, Any]:
        """Recount the analysis figures from the links, with DESIGN.md section 4's rules."""
        S, N = self.counts["services"], self.counts["needs"]  # noqa: N806
        status = self.svc_status

        def active(s: int) -> bool:
            return status[s] in (None, V_ACTIVE)

        cov: list[list[int]] = [[] for _ in range(N)]
        anyaddr: list[list[int]] = [[] for _ in range(N)]
        for s in range(S):
            for n in self.addr[s]:
                anyaddr[n].append(s)
                if active(s):
                    cov[n].append(s)
        unmet = partial = fully = unmet_none = unmet_planned = unmet_retired = 0
        for n in range(N):
            if n in self.need_retired:
                continue
            if not cov[n]:
                unmet += 1
                sts = {status[s] for s in anyaddr[n]}
                if not sts:
                    unmet_none += 1
                elif sts == {V_PLANNED}:
                    unmet_planned += 1
                elif sts == {V_RETIRED}:
                    unmet_retired += 1
                continue
            ok = True
            for r in self.need_reqs[n]:
                _, m, need_tier = self.reqs[r]
                if not any(
                    self.levels[lv][1] == m and self.levels[lv][2] >= need_tier
                    for s in cov[n]
                    for lv in self.svc_levels[s]
                ):
                    ok = False
                    break
            if ok:
                fully += 1
            else:
                partial += 1
        # orphans: not retired, and neither it nor any service depending on it (transitively)
        # addresses or supports anything
        traced = [bool(self.addr[s] or self.supports[s]) for s in range(S)]
        stack = [s for s in range(S) if traced[s]]
        while stack:
            s = stack.pop()
            for d in self.svc_deps[s]:
                if not traced[d]:
                    traced[d] = True
                    stack.append(d)
        orphaned = sum(1 for s in range(S) if not traced[s] and status[s] != V_RETIRED)
        self._check_acyclic()
        live = N - len(self.need_retired)
        return {
            "target_triples": self.target,
            "seed": self.seed,
            "k_services": self.k,
            "entities": dict(self.counts),
            "needs_retired": len(self.need_retired),
            "needs_considered": live,
            "needs_unmet": unmet,
            "needs_unmet_addressed_by_nothing": unmet_none,
            "needs_unmet_only_planned": unmet_planned,
            "needs_unmet_only_retired": unmet_retired,
            "needs_partially_met": partial,
            "needs_fully_met": fully,
            "services_orphaned": orphaned,
            "integrity_not_in_catalog": sum(
                1 for s in range(S) if status[s] != V_RETIRED and not_in_catalog(s)
            ),
            "integrity_no_customer_description": sum(
                1 for s in range(S) if status[s] != V_RETIRED and no_customer_description(s)
            ),
            "services_by_status": {
                "none": sum(1 for x in status if x is None),
                "active": sum(1 for x in status if x == V_ACTIVE),
                "planned": sum(1 for x in status if x == V_PLANNED),
                "retired": sum(1 for x in status if x == V_RETIRED),
            },
            "shares": {
                "needs_retired": round(len(self.need_retired) / N, 4),
                "needs_unmet": round(unmet / N, 4),
                "needs_partially_met": round(partial / N, 4),
                "services_orphaned": round(orphaned / S, 4),
            },
        }

    def _check_acyclic(self) -> None:
        """Fail loudly if the generator ever produced a dependsOn cycle among services."""
        S = self.counts["services"]  # noqa: N806
        indeg = [0] * S
        for s in range(S):
            for d in self.svc_deps[s]:
                indeg[d] += 1
        todo = [s for s in range(S) if indeg[s] == 0]
        seen = 0
        while todo:
            s = todo.pop()
            seen += 1
            for d in self.svc_deps[s]:
                indeg[d] -= 1
                if indeg[d] == 0:
                    todo.append(d)
        if seen != S:  # pragma: no cover - a generator bug
            raise AssertionError("dependsOn cycle among generated services")

    # ------------------------------------------------------------------ lines
    def lines(self) -> Iterator[str]:
        """Yield the N-Triples statements, each ending in a newline."""
        b = BASE
        S, N = self.counts["services"], self.counts["needs"]  # noqa: N806
        svc = [f"<{b}svc/{i + 1}>" for i in range(S)]
        need = [f"<{b}need/{i + 1}>" for i in range(N)]
        obj = [f"<{b}obj/{i + 1}>" for i in range(self.counts["objectives"])]
        cap = [f"<{b}cap/{i + 1}>" for i in range(self.counts["capabilities"])]
        line_ = [f"<{b}line/{i + 1}>" for i in range(self.counts["service_lines"])]
        lvl = [f"<{b}level/{i + 1}>" for i in range(len(self.levels))]
        sysi = [f"<{b}sys/{i + 1}>" for i in range(len(self.sys_comps))]
        comp = [f"<{b}comp/{i + 1}>" for i in range(len(self.comps))]
        tpl = [f"<{b}tpl/{i + 1}>" for i in range(S)]
        stake = [f"<{b}{'cust' if c else 'user'}/{h + 1}>" for h, c in enumerate(self.is_customer)]
        status = self.svc_status

        # objectives, service lines, capabilities
        for i, oi in enumerate(obj):
            yield f"{oi} {TYPE} {C_OBJ} .\n"
            yield f"{oi} {LABEL} {lit(f'{_OBJECTIVES[i % len(_OBJECTIVES)]} ({i + 1})')} .\n"
            yield f'{oi} {P_PRIO} "{i % 3 + 1}"{INT} .\n'
        for i, ln in enumerate(line_):
            yield f"{ln} {TYPE} {C_LINE} .\n"
            yield f"{ln} {LABEL} {lit(f'{_LINES[i % len(_LINES)]} line {i + 1}')} .\n"
        for i, ci in enumerate(cap):
            yield f"{ci} {TYPE} {C_CAP} .\n"
            yield f"{ci} {LABEL} {lit(f'{_CAPS[i % len(_CAPS)]} {i + 1}')} .\n"
            for is_sys, j in self.cap_real[i]:
                yield f"{ci} {P_REAL} {sysi[j] if is_sys else comp[j]} .\n"

        # stakeholders and needs
        for h, holder in enumerate(stake):
            if self.is_customer[h]:
                x = self.stake_name[h]
                name = f"{_ORGS[x % len(_ORGS)]} {_ORG_SUFFIX[x // len(_ORGS)]} {h + 1}"
                yield f"{holder} {TYPE} {C_CUSTOMER} .\n"
            else:
                name = f"{_ROLES[h % len(_ROLES)]} {h + 1}"
                yield f"{holder} {TYPE} {C_ENDUSER} .\n"
            yield f"{holder} {LABEL} {lit(name)} .\n"
            for n in self.holders[h]:
                yield f"{holder} {P_HASNEED} {need[n]} .\n"
        for n in range(N):
            u = need[n]
            v, o = self.need_text[n]
            yield f"{u} {TYPE} {C_NEED} .\n"
            yield f"{u} {LABEL} {lit(f'{_NEED_VERBS[v]} {_NEED_OBJS[o]} #{n + 1}')} .\n"
            if n in self.need_retired:
                yield f"{u} {P_STATUS} {V_RETIRED} .\n"
            if self.need_prio[n]:
                yield f'{u} {P_PRIO} "{self.need_prio[n]}"{INT} .\n'
            if self.need_align[n] >= 0:
                yield f"{u} {P_ALIGN} {obj[self.need_align[n]]} .\n"
            for r in self.need_reqs[n]:
                yield f"{u} {P_REQLVL} <{b}req/{r + 1}> .\n"
        for r, (n, m, tier) in enumerate(self.reqs):
            u = f"<{b}req/{r + 1}>"
            name, unit, comparator, tiers = METRICS[m]
            yield f"{u} {TYPE} {C_REQ} .\n"
            yield f"{u} {LABEL} {lit(f'Need {n + 1}: {name} {tiers[tier]} {unit}')} .\n"
            yield f"{u} {P_METRIC} {lit(name)} .\n"
            yield f'{u} {P_TARGET} "{tiers[tier]}"{DEC} .\n'
            yield f"{u} {P_UNIT} {lit(unit)} .\n"
            yield f"{u} {P_COMPAR} {comparator} .\n"

        # services, their levels, templates, descriptions
        for s in range(S):
            u = svc[s]
            w, no = self.svc_name[s]
            yield f"{u} {TYPE} {C_SVC} .\n"
            yield f"{u} {LABEL} {lit(f'{_SVC_WORDS[w]} {_SVC_NOUNS[no]} {s + 1}')} .\n"
            if status[s] is not None:
                yield f"{u} {P_STATUS} {status[s]} .\n"
            if self.svc_prio[s]:
                yield f'{u} {P_PRIO} "{self.svc_prio[s]}"{INT} .\n'
            yield f"{u} {P_LINE} {line_[self.svc_line[s]]} .\n"
            for n in self.addr[s]:
                yield f"{u} {P_ADDR} {need[n]} .\n"
            for o in self.supports[s]:
                yield f"{u} {P_SUPP} {obj[o]} .\n"
            for lv in self.svc_levels[s]:
                yield f"{u} {P_HASLVL} {lvl[lv]} .\n"
            for y in self.svc_sys[s]:
                yield f"{u} {P_DELIV} {sysi[y]} .\n"
            for c in self.svc_caps[s]:
                yield f"{u} {P_REQCAP} {cap[c]} .\n"
            for d in self.svc_deps[s]:
                yield f"{u} {P_DEP} {svc[d]} .\n"
            if status[s] != V_RETIRED:
                t = tpl[s]
                yield f"{t} {TYPE} {C_TPL} .\n"
                yield f"{t} {LABEL} {lit(f'SLA template for service {s + 1}')} .\n"
                yield f"{t} {P_TPLFOR} {u} .\n"
            desc = f"<{b}desc/{2 * s + 1}>"
            yield f"{desc} {TYPE} {C_DESC} .\n"
            yield f"{desc} {LABEL} {lit(f'Service {s + 1}{DASH}customer description')} .\n"
            yield f"{desc} {P_DESCR} {u} .\n"
            if not no_customer_description(s):  # else: a description with no audience
                yield f"{desc} {P_AUD} {V_CUSTAUD} .\n"
            if self.provider_desc[s]:
                desc = f"<{b}desc/{2 * s + 2}>"
                text = f'Service {s + 1} "runbook"\n\tfor the provider\'s staff'
                yield f"{desc} {TYPE} {C_DESC} .\n"
                yield f"{desc} {LABEL} {lit(text)} .\n"
                yield f"{desc} {P_DESCR} {u} .\n"
                yield f"{desc} {P_AUD} {V_PROVAUD} .\n"
        for i, (s, m, tier) in enumerate(self.levels):
            u = lvl[i]
            name, unit, comparator, tiers = METRICS[m]
            yield f"{u} {TYPE} {C_LEVEL} .\n"
            yield f"{u} {LABEL} {lit(f'Service {s + 1}: {name} {tiers[tier]} {unit}')} .\n"
            yield f"{u} {P_METRIC} {lit(name)} .\n"
            yield f'{u} {P_TARGET} "{tiers[tier]}"{DEC} .\n'
            yield f"{u} {P_UNIT} {lit(unit)} .\n"
            yield f"{u} {P_COMPAR} {comparator} .\n"

        # catalogs: the service catalog lists the active services, a second one the planned
        cat, upcoming = f"<{b}catalog/1>", f"<{b}catalog/2>"
        yield f"{cat} {TYPE} {C_CAT} .\n"
        yield f"{cat} {LABEL} {lit('Service catalog')} .\n"
        yield f"{upcoming} {TYPE} {C_CAT} .\n"
        yield f"{upcoming} {LABEL} {lit('Upcoming services')} .\n"
        for s in range(S):
            if not_in_catalog(s):
                continue
            if status[s] in (None, V_ACTIVE):
                yield f"{cat} {P_LISTS} {svc[s]} .\n"
            elif status[s] == V_PLANNED:
                yield f"{upcoming} {P_LISTS} {svc[s]} .\n"

        # service systems and components
        for y, members in enumerate(self.sys_comps):
            u = sysi[y]
            yield f"{u} {TYPE} {C_SYS} .\n"
            yield f"{u} {LABEL} {lit(self.sys_names[y])} .\n"
            for c in members:
                yield f"{u} {P_HASCOMP} {comp[c]} .\n"
            for d in self.sys_deps[y]:
                yield f"{u} {P_DEP} {sysi[d]} .\n"
        for c, (label, kind, deps, st) in enumerate(self.comps):
            u = comp[c]
            yield f"{u} {TYPE} {C_COMP} .\n"
            yield f"{u} {LABEL} {lit(label)} .\n"
            yield f"{u} {P_CKIND} {kind} .\n"
            if st is not None:
                yield f"{u} {P_STATUS} {st} .\n"
            for d in deps:
                yield f"{u} {P_DEP} {comp[d]} .\n"

        # agreements
        for a, (h, s, commits, st) in enumerate(self.agreements):
            u = f"<{b}agr/{a + 1}>"
            yield f"{u} {TYPE} {C_AGR} .\n"
            name = f"Agreement {a + 1}: service {s + 1} for customer {h + 1}"
            yield f"{u} {LABEL} {lit(name)} .\n"
            yield f"{u} {P_WITH} {stake[h]} .\n"
            yield f"{u} {P_FOR} {svc[s]} .\n"
            for lv in commits:
                yield f"{u} {P_COMMIT} {lvl[lv]} .\n"
            yield f"{u} {P_BASED} {tpl[s]} .\n"
            if st is not None:
                yield f"{u} {P_STATUS} {st} .\n"

        # evidence
        for e, ekind in enumerate(self.ev_kinds):
            u = f"<{b}ev/{e + 1}>"
            topic = _EVIDENCE_TOPICS[e % len(_EVIDENCE_TOPICS)]
            yield f"{u} {TYPE} {C_EVIDENCE[ekind]} .\n"
            yield f"{u} {LABEL} {lit(f'{topic} ({e + 1})')} .\n"
            yield f'{u} {P_DATE} "{self.ev_dates[e]}"{DATE} .\n'
            for t in self.ev_informs[e]:
                yield f"{u} {P_INFORMS} <{b}{t}> .\n"

        # plans and actions
        for p in range(self.counts["plans"]):
            u = f"<{b}plan/{p + 1}>"
            yield f"{u} {TYPE} {C_PLAN} .\n"
            yield f"{u} {LABEL} {lit(f'Standard service plan {2025 + p % 3} #{p + 1}')} .\n"
        for a, (p, kind, s, why) in enumerate(self.actions):
            u = f"<{b}action/{a + 1}>"
            prio, phase, date = self.act_extra[a]
            verb = {V_ADD: "Add", V_REVISE: "Revise", V_RETIRE: "Retire"}[kind]
            yield f"<{b}plan/{p + 1}> {P_HASACT} {u} .\n"
            yield f"{u} {TYPE} {C_ACT} .\n"
            yield f"{u} {LABEL} {lit(f'{verb} service {s + 1}')} .\n"
            yield f"{u} {P_KIND} {kind} .\n"
            yield f"{u} {P_TARGETS} {svc[s]} .\n"
            yield f"{u} {P_JUST} <{b}{why}> .\n"
            yield f'{u} {P_PRIO} "{prio}"{INT} .\n'
            yield f'{u} {P_PHASE} "{phase}"{INT} .\n'
            yield f'{u} {P_TDATE} "{date}"{DATE} .\n'

        # measurements
        score, requests = lit("score (1-5)"), lit("requests per month")
        for i, (s, sat, value, date) in enumerate(self.meas):
            u = f"<{b}meas/{i + 1}>"
            yield f"{u} {TYPE} {C_SAT if sat else C_USE} .\n"
            what = "Satisfaction" if sat else "Usage"
            yield f"{u} {LABEL} {lit(f'{what} of service {s + 1}, {date}')} .\n"
            yield f"{u} {P_MEASURES} {svc[s]} .\n"
            yield f'{u} {P_VALUE} "{value}"{DEC} .\n'
            yield f"{u} {P_UNIT} {score if sat else requests} .\n"
            yield f'{u} {P_DATE} "{date}"{DATE} .\n'


def build(target_triples: int, seed: int = 42) -> Plan:
    """Plan a portfolio of about ``target_triples`` triples; ``.stats`` has the figures."""
    return Plan(target_triples, seed)


def generate(target_triples: int, seed: int = 42) -> Iterator[str]:
    """Yield the N-Triples statements of a portfolio of about ``target_triples`` triples.

    Each string is one statement ending in ``"\\n"``. Deterministic in ``(target, seed)``.
    """
    yield from Plan(target_triples, seed).lines()


def write(target_triples: int, path: str | os.PathLike[str], seed: int = 42) -> dict[str, Any]:
    """Write a portfolio to ``path`` atomically (a temporary file, then a rename).

    Returns the plan's stats plus ``triples``, ``bytes``, ``path`` and ``seconds``.
    """
    start = time.perf_counter()
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    plan = Plan(target_triples, seed)
    planned = time.perf_counter()
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    triples = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            batch: list[str] = []
            for line in plan.lines():
                batch.append(line)
                if len(batch) >= 50_000:
                    f.write("".join(batch))
                    triples += len(batch)
                    batch.clear()
            f.write("".join(batch))
            triples += len(batch)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    end = time.perf_counter()
    stats = dict(plan.stats)
    stats.update(
        triples=triples,
        deviation=round(triples / target_triples - 1, 4),
        bytes=out.stat().st_size,
        path=str(out),
        seconds=round(end - start, 3),
        seconds_planning=round(planned - start, 3),
    )
    return stats


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--size 10k|100k|1m|<int> [--out FILE] [--seed N]``; prints stats JSON."""
    ap = argparse.ArgumentParser(description="Write a deterministic synthetic STSM portfolio.")
    ap.add_argument("--size", default="10k", help="triple target: 10k, 100k, 1m or an integer")
    ap.add_argument("--out", help="output .nt file (default bench/out/portfolio-<size>.nt)")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args(argv)
    target = parse_size(args.size)
    out = args.out or str(Path(__file__).parent / "out" / f"portfolio-{args.size.lower()}.nt")
    stats = write(target, out, seed=args.seed)
    json.dump(stats, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
