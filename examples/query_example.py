"""Open the Northwind example portfolio, print its counts, and ask one traceability question.

Run from anywhere::

    python examples/query_example.py

The question: for one customer (Fabrikam Manufacturing), which standard services address
each of its needs, and in what lifecycle status? A need with no service is printed with
"(none)"; a service with no stsm:status is active.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import URIRef

from stsm_graph import Portfolio

HERE = Path(__file__).resolve().parent
PORTFOLIO = HERE / "northwind-it-services.yaml"
BASE = "https://example.org/northwind/"

# ?customer is pre-bound by Portfolio.select; a bound variable must also be projected.
SERVICES_FOR_CUSTOMER = """
SELECT ?customer ?need ?needLabel ?service ?serviceLabel ?status WHERE {
  ?customer stsm:hasNeed ?need .
  ?need rdfs:label ?needLabel .
  OPTIONAL {
    ?service stsm:addresses ?need ;
             rdfs:label ?serviceLabel .
    OPTIONAL { ?service stsm:status ?status }
  }
}
"""


def local_name(term: object) -> str:
    """The last segment of an IRI (``.../stsm#Planned`` -> ``Planned``)."""
    return str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def service_name(row: dict[str, Any]) -> str:
    """The service's label, or "(none)" when no service addresses the need."""
    return "(none)" if row["service"] is None else str(row["serviceLabel"])


def service_status(row: dict[str, Any]) -> str:
    """The service's status; a service without one is active."""
    if row["service"] is None:
        return ""
    return "Active" if row["status"] is None else local_name(row["status"])


def main() -> None:
    portfolio = Portfolio.open(PORTFOLIO)
    try:
        print(f"{PORTFOLIO.name}: {len(portfolio)} triples")
        for cls, count in portfolio.summary().items():  # sorted by class name
            print(f"  {cls:<26} {count:>4}")

        customer = URIRef(BASE + "cust-fabrikam")
        print(f"\nServices addressing the needs of {portfolio.label(customer)}:")
        rows = portfolio.select(SERVICES_FOR_CUSTOMER, customer=customer)
        lines = sorted(
            (str(d["needLabel"]), service_name(d), service_status(d)) for d in rows.dicts()
        )
        for need, service, status in lines:
            print(f"  {need:<50} {service:<32} {status}".rstrip())
    finally:
        portfolio.close()


if __name__ == "__main__":
    main()
