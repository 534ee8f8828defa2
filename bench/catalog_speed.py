"""The service catalog of a generated portfolio: the analysis and both pages, timed.

Opens the portfolio in embedded Oxigraph and times
:func:`~stsm_graph.analysis.service_catalog` for each audience and the HTML and Markdown
pages of it (wall time, best of 2, warm), with the number of services listed and the size of
the page.

Usage::

    python bench/generate.py --size 100k --seed 42 --out /tmp/p100k.nt
    python bench/catalog_speed.py /tmp/p100k.nt
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from stsm_graph import Portfolio, analysis, report


def best_of_two(work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(2):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(path: str) -> int:
    start = time.perf_counter()
    p = Portfolio.open(path)
    print(f"{path}: {len(p):,} triples, opened in {time.perf_counter() - start:.1f} s")
    for audience in ("customer", "provider"):
        seconds, catalog = best_of_two(lambda a=audience: analysis.service_catalog(p, audience=a))
        services = catalog.services()
        print(f"  service_catalog({audience}): {seconds:.2f} s, {len(services):,} services")
        for name, page in (("html", report.catalog_html), ("markdown", report.catalog_markdown)):
            seconds, text = best_of_two(lambda page=page, c=catalog: page(c))
            print(f"    {name}: {seconds:.2f} s, {len(text) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
