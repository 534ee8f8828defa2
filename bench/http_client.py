"""Remote ``analyze`` over HTTP against the embedded store, in the same minutes (issue 22 item 3).

    python bench/http_client.py /tmp/p10k.nt /tmp/p100k.nt --rounds 5

For each portfolio: start ``oxigraph serve`` (its store in memory) on a free loopback port,
load the portfolio into it and into an embedded Oxigraph store, then time ``analyze`` on
both, round by round (remote, embedded, remote, ...), so both meet the same machine load.
Prints one JSON object per portfolio: the best and median wall time of each side, the
client's CPU time (``time.process_time``: this process only, not the server's) for the best
round, the ratio remote/embedded, whether the answers match, and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from run import oxigraph_server, server_binary

from stsm_graph import Portfolio, analysis


def _timed(call: Any) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = call()
    return time.perf_counter() - wall, time.process_time() - cpu, value


def bench(path: str, rounds: int, binary: str) -> dict[str, Any]:
    """Time remote and embedded ``analyze`` on the portfolio at ``path``."""
    embedded = Portfolio()
    embedded.load(path)
    with oxigraph_server(binary, on_disk=False) as base:
        remote = Portfolio.connect(
            base + "/query", base + "/update", graph="urn:stsm:bench", timeout=3600
        )
        remote.load(path)
        times: dict[str, list[tuple[float, float]]] = {"remote": [], "embedded": []}
        answers: dict[str, Any] = {}
        for _ in range(rounds):
            for name, p in (("remote", remote), ("embedded", embedded)):
                wall, cpu, value = _timed(lambda p=p: analysis.analyze(p))
                times[name].append((wall, cpu))
                answers[name] = value.model_dump_json()
        remote.close()
    out: dict[str, Any] = {"portfolio": path, "triples": len(embedded), "rounds": rounds}
    for name, runs in times.items():
        best = min(runs)
        out[name] = {
            "best_s": round(best[0], 4),
            "median_s": round(statistics.median(w for w, _ in runs), 4),
            "cpu_s_of_best": round(best[1], 4),
        }
    out["ratio_best"] = round(out["remote"]["best_s"] / out["embedded"]["best_s"], 2)
    out["same_answers"] = answers["remote"] == answers["embedded"]
    out["load_average"] = os.getloadavg()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("portfolios", nargs="+")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    binary = server_binary()
    if binary is None:
        print("no oxigraph server binary found", file=sys.stderr)
        return 1
    for path in args.portfolios:
        print(json.dumps(bench(path, args.rounds, binary)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
