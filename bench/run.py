"""Benchmark stsm-graph against its engine's floor, rdflib's engine, and itself at scale.

Usage::

    python bench/run.py --sizes 10k                       # a quick look (about a minute)
    python bench/run.py --sizes 10k,100k,1m --remote      # the full run (see docs/performance.md)

For each size it generates the synthetic portfolio (``bench/generate.py``, seed 42), then times:

- load: ``Portfolio.open`` against pyoxigraph's ``Store.bulk_load`` of the same file (the floor)
  and ``rdflib.Graph().parse``;
- validate: ``Portfolio.validate()`` (the shapes compiled to SPARQL, run on the store; see
  ``bench/validate_candidates.py`` for pyshacl and the Rust engines side by side), in a child
  process;
- every analysis, on the default (Oxigraph) store, against the same question asked directly of
  pyoxigraph in its fastest form (``bench/floor.py``), against rdflib's engine asked the same
  question in its fastest form, and the library itself on the ``memory`` store;
- impact of a change to the data-centre hub and to a leaf component: the library's frontier walk
  against one property-path query (the floor) and a networkx BFS;
- peak memory (each measurement in its own child process);
- with ``--remote``: ``analyze`` against an ``oxigraph serve`` endpoint vs the embedded store.

Each timing is the best of 3 (the contenders of one row run interleaved, round by round) unless
a single run takes longer than ``--repeat-under`` seconds. Ratios compare figures from the same
run. Results: one Markdown table per size on stdout, and ``<out>/results-<date>.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gc
import itertools
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import floor  # noqa: E402
import generate  # noqa: E402
import pyoxigraph as ox  # noqa: E402

T = time.perf_counter

# targets (from the scale issue; benchmark figures, not tests)
LOAD_TARGET = 1.3  # x pyoxigraph bulk_load
FLOOR_TARGET = 1.5  # x the engine's floor
RDFLIB_TARGET = 20.0  # at least this many times faster than rdflib's engine, at 100k
RDFLIB_TARGET_SIZE = 100_000
GROWTH_TARGET = 12.0  # 100k -> 1M
MEMORY_TARGET = 1.5  # x pyoxigraph, at 1M
MEMORY_TARGET_SIZE = 1_000_000
REMOTE_TARGET = 2.0  # x embedded
MEMORY_STORE_MAX = 100_000  # the library on the rdflib store: sizes up to this one

ANALYSES = [
    "coverage",
    "unmet_needs",
    "partially_met_needs",
    "orphaned_services",
    "integrity_findings",
]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ====================================================================== timing
class TimeLimitExceeded(BaseException):
    """Raised by SIGALRM; a BaseException so that no ``except Exception`` swallows it."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt Python code after ``seconds`` (Rust calls finish their current query first)."""
    if not seconds:
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise TimeLimitExceeded()

    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


class Timing:
    """The best time of a contender and the value of its last run (``None``: over the limit)."""

    def __init__(self) -> None:
        self.best: float | None = None
        self.runs: list[float] = []
        self.value: Any = None
        self.over: float | None = None  # the limit it exceeded
        self.error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "best": self.best,
            "runs": [round(r, 6) for r in self.runs],
            "over_limit": self.over,
            "error": self.error,
        }


#: a contender faster than this in total is run again (up to MAX_ROUNDS), like ``timeit``:
#: a best of 3 of a 1 ms query is mostly noise on a shared machine
MIN_TOTAL = 0.5
MAX_ROUNDS = 25


def best_of(
    contenders: dict[str, Callable[[], Any]],
    *,
    repeat: int,
    repeat_under: float,
    limits: dict[str, float | None] | None = None,
    keep: bool = True,
) -> dict[str, Timing]:
    """Time each contender, interleaved round by round; repeat only what runs fast enough.

    Each contender runs ``repeat`` times, or only once when a run takes ``repeat_under``
    seconds or more; one whose runs together take less than :data:`MIN_TOTAL` seconds runs
    again, up to :data:`MAX_ROUNDS` times.
    """
    limits = limits or {}
    out = {name: Timing() for name in contenders}
    active = list(contenders)
    for round_no in range(max(repeat, MAX_ROUNDS)):
        if not active:
            break
        still = []
        for name in active:
            t = out[name]
            gc.collect()
            gc.disable()  # as the library's analyses do themselves: the same terms for every one
            try:
                with time_limit(limits.get(name)):
                    start = T()
                    value = contenders[name]()
                    elapsed = T() - start
            except TimeLimitExceeded:
                t.over = limits.get(name)
                log(f"  {name}: over the {t.over:g} s limit")
                continue
            except Exception as exc:  # report, never stop the benchmark
                t.error = f"{type(exc).__name__}: {exc}"[:300]
                log(f"  {name}: {t.error}")
                continue
            finally:
                gc.enable()
            t.runs.append(elapsed)
            t.best = elapsed if t.best is None else min(t.best, elapsed)
            t.value = value if keep else None
            more = round_no + 1 < repeat or (
                repeat > 1 and sum(t.runs) < MIN_TOTAL and round_no + 1 < MAX_ROUNDS
            )
            if elapsed < repeat_under and more:
                still.append(name)
        active = still
    return out


# ====================================================================== engines
def ox_rows(store: ox.Store, query: str) -> list[list[Any]]:
    return [[t.value if t is not None else None for t in sol] for sol in store.query(query)]


def rdflib_rows(graph: Any, query: str) -> list[list[Any]]:
    return [[str(t) if t is not None else None for t in row] for row in graph.query(query)]


def run_variant(engine: Callable[[str], list[list[Any]]], variant: floor.Variant) -> Any:
    rows = [engine(floor.PREFIX + q) for q in variant.queries]
    return variant.signature(rows)


# ====================================================================== library answers
def library_answers(name: str, result: Any) -> dict[str, Any]:
    """The library's answer to each question a floor may ask: ``set`` and, where a floor asks
    it, ``full`` (what the library reports, in the form of ``floor``'s full signatures)."""
    out = {"set": library_signature(name, result)}
    if name == "unmet_needs":
        out["full"] = frozenset(
            (
                u.need,
                u.label,
                frozenset(u.stakeholders),
                frozenset(u.planned_services),
                frozenset(u.plan_actions),
            )
            for u in result
        )
    elif name == "partially_met_needs":
        out["full"] = frozenset(
            (
                pm.need,
                pm.label,
                frozenset(pm.services),
                frozenset(
                    (
                        g.requirement,
                        g.metric,
                        g.required,
                        g.offered,
                        g.comparator,
                        g.unit,
                        frozenset(g.mismatched_units),
                    )
                    for g in pm.gaps
                ),
            )
            for pm in result
        )
    elif name == "orphaned_services":
        out["full"] = frozenset((o.service, o.label, o.status) for o in result)
    elif name == "coverage":
        r = result

        def matrix(m: Any) -> tuple[frozenset[Any], ...]:
            return (
                frozenset(zip(m.rows, m.row_labels, strict=True)),
                frozenset(zip(m.columns, m.column_labels, strict=True)),
                frozenset(m.links),
            )

        out["full"] = (
            frozenset(
                (s.stakeholder, s.label, s.type, s.needs, s.covered, s.fully_met)
                for s in r.stakeholders
            ),
            frozenset((o.objective, o.label, frozenset(o.supported_by)) for o in r.objectives),
            frozenset(
                (
                    x.service_line,
                    x.label,
                    frozenset(x.services),
                    frozenset(x.active_services),
                    frozenset(x.needs_covered),
                    frozenset(x.objectives_supported),
                )
                for x in r.service_lines
            ),
            (
                r.portfolio.needs,
                r.portfolio.covered,
                r.portfolio.fully_met,
                r.portfolio.objectives,
                r.portfolio.objectives_supported,
            ),
            matrix(r.needs_matrix),
            matrix(r.objectives_matrix),
        )
    return out


def library_signature(name: str, result: Any) -> Any:
    """Turn a library result into what the floors compute."""
    if name == "coverage":
        r = result
        return (
            len(r.stakeholders),
            sum(s.needs for s in r.stakeholders),
            sum(s.covered for s in r.stakeholders),
            sum(s.fully_met for s in r.stakeholders),
            len(r.objectives),
            sum(1 for o in r.objectives if o.supported),
            len(r.service_lines),
            sum(len(x.services) for x in r.service_lines),
            sum(len(x.active_services) for x in r.service_lines),
            sum(len(x.needs_covered) for x in r.service_lines),
            sum(len(x.objectives_supported) for x in r.service_lines),
            len(r.needs_matrix.links),
            len(r.objectives_matrix.links),
        )
    if name == "unmet_needs" or name == "partially_met_needs":
        return frozenset(x.need for x in result)
    if name == "orphaned_services":
        return frozenset(x.service for x in result)
    if name == "integrity_findings":
        out = set()
        for f in result:
            if f.rule == "dependency-cycle":
                out.update((f.rule, n) for n in f.related)
            else:
                out.add((f.rule, f.node))
        return frozenset(out)
    if name == "analyze":
        return tuple(
            library_signature(n, getattr(result, k))
            for n, k in (
                ("coverage", "coverage"),
                ("unmet_needs", "unmet_needs"),
                ("partially_met_needs", "partially_met_needs"),
                ("orphaned_services", "orphaned_services"),
                ("integrity_findings", "integrity"),
            )
        )
    raise KeyError(name)


def size_of(sig: Any) -> int | None:
    """The count shown in the tables: the set's size, or the first count of a tuple (the
    first set's size for coverage's full answer: the stakeholders)."""
    if isinstance(sig, frozenset | set):
        return len(sig)
    if isinstance(sig, tuple) and sig and isinstance(sig[0], int):
        return sig[0]
    if isinstance(sig, tuple) and sig and isinstance(sig[0], frozenset):
        return len(sig[0])
    if isinstance(sig, int):
        return sig
    return None


# ====================================================================== child processes
CHILD_MEMORY = {
    "import stsm_graph": "import stsm_graph, stsm_graph.analysis",
    "Portfolio.open": "from stsm_graph import Portfolio\np = Portfolio.open(PATH)",
    "Portfolio.open + analyze": (
        "from stsm_graph import Portfolio, analysis\np = Portfolio.open(PATH)\nanalysis.analyze(p)"
    ),
    "import pyoxigraph": "import pyoxigraph",
    "pyoxigraph bulk_load": (
        "import pyoxigraph as ox\ns = ox.Store()\n"
        "s.bulk_load(path=PATH, format=ox.RdfFormat.N_TRIPLES)"
    ),
    "rdflib Graph.parse": "import rdflib\ng = rdflib.Graph()\ng.parse(PATH)",
}

HWM = "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')))"

CHILD_VALIDATE = """
import json, sys, time
from stsm_graph import Portfolio
PATH, REPEAT_UNDER = sys.argv[1], float(sys.argv[2])
p = Portfolio.open(PATH)
T = time.perf_counter
best = None
for i in range(3):
    t0 = T(); report = p.validate(); v = T() - t0
    best = v if best is None else min(best, v)
    if v >= REPEAT_UNDER:
        break
print(json.dumps({"best": best, "results": len(report.results), "conforms": bool(report.conforms),
                  "peak_kb": next(int(l.split()[1]) for l in open("/proc/self/status")
                                  if l.startswith("VmHWM"))}))
"""


CHILD_IMPACT = """
import gc, json, sys, time
from stsm_graph import Portfolio, analysis
PATH, NODE, REPEAT_UNDER = sys.argv[1], sys.argv[2], float(sys.argv[3])
p = Portfolio.open(PATH)
runs = []
report = None
for i in range(25):  # best of 3, or more while the runs take less than 0.5 s in all
    # as best_of times the floors: the last answer freed and a collection run before the clock
    report = None
    gc.collect()
    t0 = time.perf_counter()
    report = analysis.impact(p, NODE)
    runs.append(time.perf_counter() - t0)
    if runs[-1] >= REPEAT_UNDER or (i >= 2 and sum(runs) >= 0.5):
        break
print(json.dumps({"best": min(runs), "runs": runs, "count": report.summary.affected,
                  "distances": sum(a.distance for a in report.affected)}))
"""


def child_python(code: str, args: Sequence[str], timeout: float | None) -> tuple[str, float]:
    start = T()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=str(HERE.parent),
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip()[-600:])
    return proc.stdout, T() - start


def peak_memory(kind: str, path: str, timeout: float) -> float:
    """Peak resident memory (MiB) of a child process doing one thing.

    Read from ``VmHWM`` in ``/proc/self/status``, which starts afresh at ``exec``;
    ``getrusage().ru_maxrss`` would carry over the forked parent's high-water mark.
    """
    code = "import sys\nPATH = sys.argv[1]\n" + CHILD_MEMORY[kind] + "\n" + HWM
    out, _ = child_python(code, [path], timeout)
    return int(out.strip().splitlines()[-1]) / 1024


# ====================================================================== remote server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def oxigraph_server(binary: str, *, on_disk: bool = True) -> Iterator[str]:
    """Start ``oxigraph serve`` on a free port, its store in a temporary directory (or in
    memory); yield its base URL."""
    tmp = tempfile.mkdtemp(prefix="stsm-bench-oxigraph-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    location = ["--location", tmp] if on_disk else []
    proc = subprocess.Popen(
        [binary, "serve", *location, "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = T() + 30
        while True:
            try:
                req = urllib.request.Request(
                    base + "/query",
                    data=b"ASK {}",
                    headers={"Content-Type": "application/sparql-query"},
                )
                urllib.request.urlopen(req, timeout=2).read()
                break
            except OSError as exc:
                if proc.poll() is not None or T() > deadline:
                    raise RuntimeError(
                        f"oxigraph serve did not start (exit {proc.poll()})"
                    ) from exc
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def server_binary() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    if here.exists():
        return str(here)
    return shutil.which("oxigraph")


# ====================================================================== one size
class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.results: list[dict[str, Any]] = []
        #: analysis -> engine -> variant -> best time at the previous size (for pruning)
        self.previous: dict[str, dict[str, dict[str, float | None]]] = {}

    # ------------------------------------------------------------------ helpers
    def time(
        self,
        contenders: dict[str, Callable[[], Any]],
        limits: dict[str, float | None] | None = None,
    ) -> dict[str, Timing]:
        return best_of(
            contenders, repeat=self.args.repeat, repeat_under=self.args.repeat_under, limits=limits
        )

    def candidates(self, analysis: str, engine: str) -> list[floor.Variant]:
        """The forms worth trying: all at the first size, then those within 10x of the best
        form asking the same question (set or full)."""
        variants = floor.FLOORS[analysis]
        prev = self.previous.get(analysis, {}).get(engine)
        if not prev:
            return variants
        out = []
        for question in dict.fromkeys(v.question for v in variants):
            mine = [v for v in variants if v.question == question]
            done = [prev[v.name] for v in mine if prev.get(v.name) is not None]
            if not done:
                out.append(mine[0])
                continue
            best = min(done)  # type: ignore[type-var]
            out.extend(
                v for v in mine if prev.get(v.name) is not None and prev[v.name] <= 10 * best
            )
        return out

    def floor_row(
        self,
        analysis: str,
        engine: str,
        run: Callable[[str], list[list[Any]]],
        expected: Any,
        limit: float | None,
    ) -> dict[str, Any]:
        """Time every candidate form; keep the fastest that gives the library's answer.

        ``expected`` holds the library's answer to each question (:func:`library_answers`).
        Where the analysis has forms asking the full question (what the library reports),
        the floor is the fastest of those; the fastest answer-set-only form is kept beside it
        (``set_only``).
        """
        variants = self.candidates(analysis, engine)
        timings = self.time(
            {v.name: (lambda v=v: run_variant(run, v)) for v in variants},
            limits={v.name: limit for v in variants},
        )
        forms = {}
        for v in variants:
            t = timings[v.name]
            forms[v.name] = {
                **t.to_json(),
                "question": v.question,
                "matches": (t.value == expected[v.question]) if t.best is not None else None,
                "count": size_of(t.value) if t.best is not None else None,
            }
        # the bar for the next size: forms that gave the library's answer (a wrong one is dropped)
        self.previous.setdefault(analysis, {})[engine] = {
            v.name: timings[v.name].best if forms[v.name]["matches"] is not False else None
            for v in variants
        }
        pruned = [v.name for v in floor.FLOORS[analysis] if v not in variants]
        full = any(v.question == "full" for v in floor.FLOORS[analysis])
        out = self._pick(
            [v for v in variants if v.question == ("full" if full else "set")],
            timings,
            forms,
            engine,
            analysis,
            expected,
        )
        out["forms"], out["pruned"] = forms, pruned
        out["question"] = "full" if full else "set"
        if full:
            out["set_only"] = self._pick(
                [v for v in variants if v.question == "set"],
                timings,
                forms,
                engine,
                analysis,
                expected,
            )
        return out

    @staticmethod
    def _pick(
        variants: list[floor.Variant],
        timings: dict[str, Timing],
        forms: dict[str, dict[str, Any]],
        engine: str,
        analysis: str,
        expected: dict[str, Any],
    ) -> dict[str, Any]:
        """The fastest of ``variants`` that gives the library's answer (else the fastest)."""
        good = [v.name for v in variants if forms[v.name]["matches"]]
        done = [v.name for v in variants if timings[v.name].best is not None]
        pool = good or done
        if not pool:
            over = [timings[v.name].over for v in variants if timings[v.name].over]
            return {"best": None, "form": None, "over_limit": max(over) if over else None}
        name = min(pool, key=lambda n: timings[n].best)  # type: ignore[arg-type,return-value]
        out = {
            "best": timings[name].best,
            "form": name,
            "matches": bool(forms[name]["matches"]),
            "count": forms[name]["count"],
        }
        if not forms[name]["matches"]:
            want = expected[forms[name]["question"]]
            log(
                f"WARNING: {engine} floor for {analysis} ({name}) gives a different answer: "
                f"{size_of(timings[name].value)} vs the library's {size_of(want)}"
            )
            out["value"] = repr(timings[name].value)[:500]
            out["expected"] = repr(want)[:500]
        return out

    # ------------------------------------------------------------------ calibration
    def calibrate(self) -> None:
        """Time every form once at 10k, so that a run starting large prunes the hopeless ones.

        Some forms are fine at 10k and take minutes at 100k (``FILTER NOT EXISTS`` over a
        sub-select or a property path on Oxigraph); an Oxigraph query cannot be interrupted.
        """
        import rdflib

        from stsm_graph import Portfolio, analysis

        log("calibrating the floor forms at 10k (the first size is larger)")
        path = str(Path(self.args.out) / "portfolio-calibration-10k.nt")
        generate.write(10_000, path)
        p, graph = Portfolio.open(path), rdflib.Graph().parse(path)
        store = p.store.store  # as in run_size: the floors ask the library's own store
        saved = self.args.repeat
        self.args.repeat = 1
        try:
            for name in ANALYSES:
                expected = library_answers(name, getattr(analysis, name)(p))
                self.floor_row(name, "oxigraph", lambda q: ox_rows(store, q), expected, None)
                if self.args.skip_rdflib_above > 20_000:
                    self.floor_row(name, "rdflib", lambda q: rdflib_rows(graph, q), expected, 10.0)
        finally:
            self.args.repeat = saved
            Path(path).unlink(missing_ok=True)

    # ------------------------------------------------------------------ the run
    def run_size(self, label: str, target: int) -> dict[str, Any]:
        from stsm_graph import Portfolio, analysis
        from stsm_graph.vocabulary.graph import link_directions

        args = self.args
        out_dir = Path(args.out)
        path = str(out_dir / f"portfolio-{label}.nt")
        log(f"== {label}: generating {path}")
        stats = generate.write(target, path)
        triples = int(stats["triples"])
        res: dict[str, Any] = {
            "size": label,
            "target": target,
            "triples": triples,
            "path": path,
            "expected": {
                k: stats.get(k)
                for k in (
                    "needs_unmet",
                    "needs_partially_met",
                    "services_orphaned",
                    "integrity_not_in_catalog",
                    "integrity_no_customer_description",
                )
            },
            "loadavg_start": os.getloadavg(),
        }
        use_rdflib = triples <= args.skip_rdflib_above * 1.1
        use_memory_store = triples <= MEMORY_STORE_MAX * 1.1
        res["rdflib_skipped"] = not use_rdflib
        res["memory_store_skipped"] = not use_memory_store

        # -------------------------------------------------------------- load
        log("load")
        contenders: dict[str, Callable[[], Any]] = {
            "library": lambda: Portfolio.open(path),
            "floor": lambda: _bulk(path),
        }
        timings = self.time(contenders, limits={"library": args.limit, "floor": args.limit})
        p = timings["library"].value
        loaded = timings["floor"].value
        timings["floor"].value = None
        res["load"] = {k: v.to_json() for k, v in timings.items()}
        if len(p) != len(loaded):
            log(f"WARNING: the library holds {len(p)} triples, pyoxigraph {len(loaded)}")
        res["load"]["triples"] = {"library": len(p), "floor": len(loaded)}
        # the floors ask the library's own pyoxigraph store: one copy of the graph in this
        # process, as a user has; a second copy slowed every query of both by up to 1.6x at
        # 1M. rdflib and the memory store load after the library's and the floors' timings,
        # for the same reason. And the portfolio is opened once more on a tidied heap: after
        # six loads in turn, the last one's indexes lay scattered among the holes the others
        # left, which made every query 1.5x-1.7x slower at 1M than in a process that loads
        # once.
        del loaded, p
        timings["library"].value = None
        gc.collect()
        trim_heap()
        p = Portfolio.open(path)
        store = p.store.store

        # -------------------------------------------------------------- validate
        log("validate (child process)")
        try:
            out, _wall = child_python(
                CHILD_VALIDATE, [path, str(args.repeat_under)], args.validate_limit
            )
            res["validate"] = json.loads(out.strip().splitlines()[-1])
        except subprocess.TimeoutExpired:
            res["validate"] = {"best": None, "over_limit": args.validate_limit}
        except Exception as exc:
            res["validate"] = {"best": None, "error": str(exc)[-300:]}

        # -------------------------------------------------------------- analyses
        res["analyses"] = {}
        answers: dict[str, Any] = {}
        values: dict[str, Any] = {}
        for name in [*ANALYSES, "analyze"]:
            log(f"{name}: library")
            fn = getattr(analysis, name)
            t = self.time({"library": lambda fn=fn: fn(p)}, limits={"library": args.limit})[
                "library"
            ]
            row: dict[str, Any] = {"library": t.to_json()}
            expected = library_signature(name, t.value) if t.best is not None else None
            values[name] = expected
            answers[name] = (
                library_answers(name, t.value)
                if t.best is not None and name != "analyze"
                else {"set": expected, "full": None}
            )
            row["count"] = size_of(expected)
            if name == "unmet_needs":
                row["generator_expected"] = stats.get("needs_unmet")
            elif name == "partially_met_needs":
                row["generator_expected"] = stats.get("needs_partially_met")
            elif name == "orphaned_services":
                row["generator_expected"] = stats.get("services_orphaned")
            elif name == "integrity_findings":
                row["generator_expected"] = stats.get("integrity_not_in_catalog", 0) + stats.get(
                    "integrity_no_customer_description", 0
                )
            want = row.get("generator_expected")
            if want is not None and row["count"] != want:
                log(f"WARNING: {name}: {row['count']} found, the generator made {want}")
            if name != "analyze":
                log(f"{name}: pyoxigraph floor")
                row["floor"] = self.floor_row(
                    name, "oxigraph", lambda q: ox_rows(store, q), answers[name], None
                )
            res["analyses"][name] = row

        # -------------------------------------------------------------- impact
        directions = link_directions()
        res["impact"] = self.impact(p, path, store, directions)

        # -------------------------------------------------------------- the peers
        graph = None
        if use_rdflib:
            import rdflib

            log("load: rdflib")
            t = self.time(
                {"rdflib": lambda: rdflib.Graph().parse(path)},
                limits={"rdflib": args.rdflib_limit * 5},
            )["rdflib"]
            res["load"]["rdflib"] = t.to_json()
            graph = t.value
        pm = None
        if use_memory_store:
            log("load: library on the memory store")
            t = self.time(
                {"memory": lambda: Portfolio.open(path, store="memory")},
                limits={"memory": args.rdflib_limit * 5},
            )["memory"]
            res["load"]["memory_store"] = t.to_json()
            pm = t.value
        for name in [*ANALYSES, "analyze"]:
            row = res["analyses"][name]
            fn = getattr(analysis, name)
            if name != "analyze" and graph is not None:
                log(f"{name}: rdflib engine")
                row["rdflib"] = self.floor_row(
                    name,
                    "rdflib",
                    lambda q: rdflib_rows(graph, q),
                    answers[name],
                    args.rdflib_limit,
                )
            if pm is not None:
                prior = res["analyses"]
                if name == "analyze" and any(
                    prior[a]["memory_store"]["best"] is None for a in ANALYSES
                ):
                    row["memory_store"] = {"best": None, "skipped": "a part exceeded the limit"}
                else:
                    log(f"{name}: library on the memory store")
                    tm = self.time(
                        {"memory": lambda fn=fn: fn(pm)}, limits={"memory": args.rdflib_limit}
                    )["memory"]
                    row["memory_store"] = tm.to_json()
                    if tm.best is not None:
                        row["memory_store"]["matches"] = (
                            library_signature(name, tm.value) == values[name]
                        )
        # the floor of analyze: the five floors in turn
        a = res["analyses"]
        for engine in ("floor", "rdflib"):
            parts = [a[n].get(engine) for n in ANALYSES]
            if all(x is not None for x in parts):
                bests = [x["best"] for x in parts]
                a["analyze"][engine] = {
                    "best": sum(bests) if all(b is not None for b in bests) else None,
                    "form": "the five floors in turn",
                    "matches": all(x.get("matches") for x in parts),
                    "count": None,
                    "over_limit": None
                    if all(b is not None for b in bests)
                    else max((x.get("over_limit") or 0) for x in parts),
                }
        self.impact_peers(p, res["impact"], graph, pm)

        # -------------------------------------------------------------- remote
        if args.remote:
            res["remote"] = self.remote(path, p)

        p = store = graph = pm = None  # free them before the memory children
        gc.collect()

        # -------------------------------------------------------------- memory
        log("peak memory (child processes)")
        mem: dict[str, Any] = {}
        for kind in CHILD_MEMORY:
            if kind == "rdflib Graph.parse" and not use_rdflib:
                continue
            try:
                mem[kind] = peak_memory(kind, path, args.validate_limit)
            except Exception as exc:
                mem[kind] = None
                log(f"  memory {kind}: {exc}")
        res["memory"] = mem
        res["loadavg_end"] = os.getloadavg()
        return res

    # ------------------------------------------------------------------ impact
    def impact(self, p: Any, p_path: str, store: ox.Store, directions: dict) -> Any:
        """The library's impact (a child process) and the pyoxigraph floors, hub and leaf."""
        args = self.args
        stsm = floor.STSM
        backward = sorted(
            str(k) for k, d in directions.items() if str(d).endswith("ObjectToSubject")
        )
        forward = sorted(
            str(k) for k, d in directions.items() if str(d).endswith("SubjectToObject")
        )
        hub = ox_rows(
            store,
            f"SELECT ?c (COUNT(?x) AS ?n) WHERE {{ ?x <{stsm}dependsOn> ?c . "
            f"?c a <{stsm}ServiceSystemComponent> }} GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 1",
        )[0]
        leaf = ox_rows(
            store,
            f"SELECT ?c WHERE {{ ?c a <{stsm}ServiceSystemComponent> "
            f"FILTER NOT EXISTS {{ ?x <{stsm}dependsOn> ?c }} }} ORDER BY ?c LIMIT 1",
        )[0][0]
        out: dict[str, Any] = {
            "hub_node": hub[0],
            "hub_dependants": int(hub[1]),
            "leaf_node": leaf,
            "backward": backward,
            "forward": forward,
        }
        for which, node in (("hub", hub[0]), ("leaf", leaf)):
            log(f"impact {which}: library")
            row: dict[str, Any] = {"node": node}
            # in a child process: one frontier query can run for minutes at 1M triples, and
            # an Oxigraph query cannot be interrupted from Python; a child can be killed
            try:
                out_text, _ = child_python(
                    CHILD_IMPACT, [p_path, node, str(args.repeat_under)], args.limit
                )
                row["library"] = json.loads(out_text.strip().splitlines()[-1])
            except subprocess.TimeoutExpired:
                row["library"] = {"best": None, "over_limit": args.limit}
                log(f"  impact {which}: over the {args.limit:g} s limit")
            except Exception as exc:
                row["library"] = {"best": None, "error": str(exc)[-300:]}
                log(f"  impact {which}: {exc}")
            row["count"] = row["library"].get("count")
            q = floor.PREFIX + floor.impact_query(node, backward, forward)
            log(f"impact {which}: pyoxigraph property path")
            f = self.time({"floor": lambda q=q: int(ox_rows(store, q)[0][0])})["floor"]
            row["floor"] = {
                **f.to_json(),
                "form": "one property-path query",
                "count": f.value,
                "matches": f.value == row["count"] if row["count"] is not None else None,
            }
            if row["count"] is not None and f.value != row["count"]:
                log(f"WARNING: impact {which}: path query {f.value} vs library {row['count']}")
            # the same question as the library's: distances (and the rows for paths, classes
            # and labels), by one query or by one query per level, and a plain breadth-first walk
            log(f"impact {which}: pyoxigraph, the same question")
            row["floor_full"] = self.impact_floor(
                self.impact_forms(node, backward, forward, lambda q: ox_rows(store, q)),
                self.impact_answer(row),
                None,
            )
            if row["count"] is not None and not row["floor_full"]["matches"]:
                log(f"WARNING: impact {which}: full floor {row['floor_full']} vs library")
            out[which] = row
        return out

    @staticmethod
    def impact_answer(row: dict[str, Any]) -> tuple[Any, Any] | None:
        """The library's impact answer: (affected nodes, sum of distances)."""
        return (row["count"], row["library"].get("distances")) if row["count"] is not None else None

    @staticmethod
    def impact_forms(
        node: str,
        backward: Sequence[str],
        forward: Sequence[str],
        run: Callable[[str], list[list[Any]]],
    ) -> dict[str, Callable[[], Any]]:
        """The two forms of the impact question on one engine."""
        q_rows = floor.PREFIX + floor.impact_rows_query(node, backward, forward)
        return {
            "one query": lambda: floor.impact_distances(run(q_rows), node),
            "one query per level": lambda: floor.impact_distances(
                floor.impact_walk_rows(run, node, backward, forward), node
            ),
        }

    def impact_peers(self, p: Any, out: dict[str, Any], graph: Any, pm: Any) -> None:
        """The impact question asked of networkx, rdflib's engine and the memory store."""
        import networkx as nx

        from stsm_graph import analysis

        args = self.args
        backward, forward = out["backward"], out["forward"]
        log("impact: networkx projection")
        build = self.time(
            {"to_networkx": lambda: _influence(p.to_networkx(), set(backward))},
            limits={"to_networkx": args.limit},
        )
        out["networkx_build"] = build["to_networkx"].to_json()
        influence = build["to_networkx"].value
        if influence is not None:
            out["networkx_graph"] = {
                "nodes": influence.number_of_nodes(),
                "edges": influence.number_of_edges(),
            }
        for which in ("hub", "leaf"):
            row = out[which]
            node = row["node"]
            if influence is not None:
                b = self.time({"bfs": lambda node=node: len(nx.descendants(influence, node))})[
                    "bfs"
                ]
                row["networkx"] = {
                    **b.to_json(),
                    "count": b.value,
                    "matches": b.value
                    == (row["count"] if row["count"] is not None else row["floor"]["count"]),
                }
            if graph is not None:
                q = floor.PREFIX + floor.impact_query(node, backward, forward)
                log(f"impact {which}: rdflib property path")
                r = self.time(
                    {"rdflib": lambda q=q: int(rdflib_rows(graph, q)[0][0])},
                    limits={"rdflib": args.rdflib_limit},
                )["rdflib"]
                row["rdflib_count_only"] = {
                    **r.to_json(),
                    "form": "one property-path query, count only",
                    "count": r.value,
                }
                log(f"impact {which}: rdflib, the same question")
                row["rdflib"] = self.impact_floor(
                    self.impact_forms(node, backward, forward, lambda q: rdflib_rows(graph, q)),
                    self.impact_answer(row),
                    args.rdflib_limit,
                )
            if pm is not None:
                log(f"impact {which}: library on the memory store")
                m = self.time(
                    {"memory": lambda node=node: analysis.impact(pm, node)},
                    limits={"memory": args.rdflib_limit},
                )["memory"]
                row["memory_store"] = m.to_json()

    def impact_floor(
        self,
        forms: dict[str, Callable[[], Any]],
        want: tuple[Any, Any] | None,
        limit: float | None,
    ) -> dict[str, Any]:
        """Time each form of the impact question; the fastest that gives ``want`` is the floor.

        Each form returns (affected nodes, sum of distances); ``want`` is the library's.
        """
        timings = self.time(forms, limits=dict.fromkeys(forms, limit))
        out: dict[str, Any] = {"forms": {}}
        for name, t in timings.items():
            out["forms"][name] = {
                **t.to_json(),
                "answer": list(t.value) if t.best is not None else None,
                "matches": (tuple(t.value) == want) if t.best is not None and want else None,
            }
        done = [n for n, f in out["forms"].items() if f["best"] is not None and f["matches"]]
        if not done:  # none agrees (or nothing to compare with): the fastest that finished
            done = [n for n, f in out["forms"].items() if f["best"] is not None]
        if not done:
            over = [f.get("over_limit") for f in out["forms"].values() if f.get("over_limit")]
            return {**out, "best": None, "matches": False, "over_limit": max(over, default=None)}
        best = min(done, key=lambda n: out["forms"][n]["best"])
        return {
            **out,
            **out["forms"][best],
            "form": f"{best} (links onwards, classes, labels) + breadth-first walk",
        }

    # ------------------------------------------------------------------ remote
    def remote(self, path: str, p: Any) -> dict[str, Any]:
        """``analyze`` on ``oxigraph serve``, its store on disk and in memory, against the
        embedded store kept the same way: the server's own storage apart, what is left is
        the remote path (HTTP, results written and read).

        The embedded stores are timed again here, round by round with the server, so both
        sides of each ratio meet the same machine and the same process (by now holding
        everything the size's other steps left behind).
        """
        from stsm_graph import Portfolio, analysis

        binary = server_binary()
        if binary is None:
            return {"error": "no oxigraph server binary found"}
        out: dict[str, Any] = {"binary": binary}
        exp = library_signature("analyze", analysis.analyze(p))
        tmp = tempfile.mkdtemp(prefix="stsm-bench-disk-")
        try:
            with Portfolio.create(tmp) as dp:
                log("remote: the embedded store on disk: load")
                dp.load(path)
                for key, on_disk in (("analyze", True), ("analyze_memory_server", False)):
                    where = "on disk" if on_disk else "in memory"
                    log(f"remote: starting oxigraph serve, its store {where}")
                    with oxigraph_server(binary, on_disk=on_disk) as base:
                        out.setdefault("endpoint", base)
                        rp = Portfolio.connect(
                            base + "/query", base + "/update", graph="urn:stsm:bench", timeout=3600
                        )
                        log(f"remote ({where}): load")
                        start = T()
                        rp.load(path)
                        if on_disk:
                            out["load"] = {"best": T() - start, "runs": 1}
                            out["triples"] = len(rp)
                        log(f"remote ({where}): analyze, round by round with the embedded store")
                        contenders: dict[str, Callable[[], Any]] = {
                            "remote": functools.partial(analysis.analyze, rp),
                            "embedded": functools.partial(analysis.analyze, p),
                        }
                        if on_disk:
                            contenders["embedded_disk"] = functools.partial(analysis.analyze, dp)
                        t = self.time(contenders, limits=dict.fromkeys(contenders, self.args.limit))
                        out[key] = t["remote"].to_json()
                        if t["remote"].best is not None:
                            out[key]["matches"] = (
                                library_signature("analyze", t["remote"].value) == exp
                            )
                        out[key]["embedded"] = t["embedded"].best
                        if on_disk:
                            out[key]["embedded_disk"] = t["embedded_disk"].best
                            # the keys earlier results carry
                            out["embedded_analyze"] = t["embedded"].best
                            out["embedded_disk_analyze"] = t["embedded_disk"].best
                        rp.close()
        except Exception as exc:
            out["error"] = f"{type(exc).__name__}: {exc}"[:500]
            log(f"remote: {out['error']}")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return out


def trim_heap() -> None:
    """Give the freed memory back to the system (glibc's ``malloc_trim``), where there is one."""
    import contextlib
    import ctypes
    import ctypes.util

    with contextlib.suppress(OSError, AttributeError, TypeError):  # not glibc: nothing to trim
        ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)


def _bulk(path: str) -> ox.Store:
    s = ox.Store()
    s.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
    return s


def _influence(g: Any, backward: set[str]) -> Any:
    """The influence graph: an edge a -> b when a change to a affects b."""
    import networkx as nx

    h = nx.DiGraph()
    h.add_nodes_from(g.nodes)
    h.add_edges_from((o, s) if key in backward else (s, o) for s, o, key in g.edges(keys=True))
    return h


# ====================================================================== reporting
def impact_forms_cell(f: dict[str, Any], rd: dict[str, Any] | None) -> str:
    """The impact floor's form, and the time of each form on each engine."""
    parts = [str(f.get("form") or "one query (links onwards, classes, labels) + BFS")]
    for engine, row in (("pyoxigraph", f), ("rdflib", rd)):
        for name, form in ((row or {}).get("forms") or {}).items():
            took = fmt_s(form.get("best"), form.get("over_limit"))
            differs = form.get("matches") is False
            parts.append(f"{engine} {name} {took}" + (" (differs)" if differs else ""))
    return "; ".join(parts)


def fmt_s(t: float | None, over: float | None = None, note: str = "") -> str:
    if t is None:
        if over:
            return f"> {over:g} s"
        return note or "n/a"
    if t < 0.001:
        return f"{t * 1e6:.0f} µs"
    if t < 1:
        return f"{t * 1000:.1f} ms"
    return f"{t:.2f} s"


def mark(ok: bool | None) -> str:
    return "" if ok is None else ("pass" if ok else "**FAIL**")


def verdict_ratio(ratio: float | None, target: float) -> str:
    if ratio is None:
        return "n/a"
    return f"{ratio:.2f}x {mark(ratio <= target)}"


def speedup_cell(lib: float | None, other: dict[str, Any] | None, applies: bool) -> str:
    if other is None:
        return "skipped"
    ob = other.get("best")
    if lib is None:
        return "n/a"
    if ob is None:
        over = other.get("over_limit")
        if over:
            s = over / lib
            return f"> {s:,.0f}x" + (f" {mark(s >= RDFLIB_TARGET)}" if applies else "")
        return "n/a"
    s = ob / lib
    return f"{s:,.1f}x" + (f" {mark(s >= RDFLIB_TARGET)}" if applies else "")


def floor_form_cell(f: dict[str, Any], lib: float | None) -> str:
    """The floor's form; for a full-question floor, also the answer-set-only floor."""
    cell = f.get("form") or "-"
    if f.get("question") == "full":
        cell += " (what the library reports)"
    so = f.get("set_only")
    if so and so.get("best") is not None:
        cell += (
            f"; answer set only ({so['form']}): {fmt_s(so['best'])}"
            + (f" ({lib / so['best']:.2f}x)" if lib else "")
            + ("" if so.get("matches") else " **different answer**")
        )
    return cell


def answers(count: Any, floor_row: dict[str, Any] | None) -> str:
    if count is None:
        if floor_row and floor_row.get("count") is not None:
            return f"floor: {floor_row['count']}"
        return "n/a"
    if not floor_row or floor_row.get("best") is None:
        return f"{count}"
    if floor_row.get("matches"):
        return f"{count} (same)"
    return f"{count} vs **{floor_row.get('count')}**"


def size_table(res: dict[str, Any]) -> str:
    n = res["triples"]
    rdflib_applies = abs(n - RDFLIB_TARGET_SIZE) <= 0.1 * RDFLIB_TARGET_SIZE
    lines = [
        f"### {res['size']}: {n:,} triples",
        "",
        f"Load average {res['loadavg_start'][0]:.2f} at the start, "
        f"{res['loadavg_end'][0]:.2f} at the end. "
        + (
            f"rdflib's engine: each query limited to {res['rdflib_limit']:g} s. "
            if not res["rdflib_skipped"]
            else "rdflib skipped at this size (`--skip-rdflib-above`). "
        )
        + (
            "The memory store: skipped above 100k."
            if res["memory_store_skipped"]
            else 'The memory store: the library on `store="memory"` (rdflib\'s engine).'
        )
        + ("" if rdflib_applies else " The 20x-over-rdflib target applies at 100k."),
        "",
        "| step | stsm-graph | floor | x floor (target) | rdflib | rdflib / stsm-graph"
        " (target >= 20x) | memory store | answers | floor form |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    load = res["load"]
    lib = load["library"]["best"]
    flo = load["floor"]["best"]
    rd = load.get("rdflib")
    ms = load.get("memory_store")
    lines.append(
        "| load `Portfolio.open` | "
        + " | ".join(
            [
                fmt_s(lib),
                fmt_s(flo) + " (bulk_load)",
                verdict_ratio(lib / flo if lib and flo else None, LOAD_TARGET) + " (<= 1.3x)",
                fmt_s(rd["best"], rd.get("over_limit")) if rd else "skipped",
                f"{rd['best'] / lib:.1f}x" if rd and rd["best"] and lib else "-",
                fmt_s(ms["best"], ms.get("over_limit")) if ms else "skipped",
                f"{load['triples']['library']:,} triples",
                "`Store().bulk_load(path=...)`",
            ]
        )
        + " |"
    )
    v = res["validate"]
    vnote = ""
    if v.get("best") is not None:
        vnote = f"conforms={v['conforms']}; {v.get('results')} results"
    lines.append(
        f"| validate (SPARQL) | {fmt_s(v.get('best'), v.get('over_limit'))} | - | no floor "
        f"| - | - | - | {vnote} | - |"
    )
    for name in [*ANALYSES, "analyze"]:
        row = res["analyses"][name]
        lib = row["library"]["best"]
        f = row.get("floor") or {}
        ratio = lib / f["best"] if lib and f.get("best") else None
        rd = row.get("rdflib")
        ms = row.get("memory_store")
        ms_cell = "skipped"
        if ms is not None:
            ms_cell = fmt_s(ms.get("best"), ms.get("over_limit"), ms.get("skipped", "n/a"))
            if ms.get("matches") is False:
                ms_cell += " (**different answer**)"
        lines.append(
            f"| `{name}` | "
            + " | ".join(
                [
                    fmt_s(lib, row["library"].get("over_limit")),
                    fmt_s(f.get("best")),
                    verdict_ratio(ratio, FLOOR_TARGET),
                    (
                        fmt_s(rd.get("best"), rd.get("over_limit"))
                        + (f" ({rd['form']})" if rd.get("form") and name != "analyze" else "")
                    )
                    if rd
                    else "skipped",
                    speedup_cell(lib, rd, rdflib_applies),
                    ms_cell,
                    answers(row.get("count"), f)
                    if name != "analyze"
                    else ("all same" if f.get("matches") else "see above"),
                    floor_form_cell(f, lib),
                ]
            )
            + " |"
        )
    imp = res["impact"]
    for which in ("hub", "leaf"):
        row = imp[which]
        lib = row["library"]["best"]
        count_only = row["floor"]
        f = row.get("floor_full") or count_only
        ratio = lib / f["best"] if lib and f.get("best") else None
        ratio_count = lib / count_only["best"] if lib and count_only.get("best") else None
        rd = row.get("rdflib")
        ms = row.get("memory_store")
        nxr = row.get("networkx")
        lines.append(
            f"| `impact` {which} | "
            + " | ".join(
                [
                    fmt_s(lib, row["library"].get("over_limit")),
                    fmt_s(f.get("best")),
                    verdict_ratio(ratio, FLOOR_TARGET),
                    fmt_s(rd.get("best"), rd.get("over_limit")) if rd else "skipped",
                    speedup_cell(lib, rd, rdflib_applies),
                    fmt_s(ms.get("best"), ms.get("over_limit")) if ms else "skipped",
                    answers(row.get("count"), f),
                    impact_forms_cell(f, rd)
                    + "; count only `COUNT(DISTINCT ?x)` over `(^p\\|...\\|q)+`: "
                    + fmt_s(count_only.get("best"))
                    + (f" ({ratio_count:.2f}x)" if ratio_count else "")
                    + (
                        "; rdflib count only " + fmt_s(row["rdflib_count_only"].get("best"))
                        if row.get("rdflib_count_only")
                        else ""
                    )
                    + "; networkx BFS "
                    + (fmt_s(nxr["best"]) + (" (same)" if nxr["matches"] else " (**differs**)"))
                    if nxr
                    else "",
                ]
            )
            + " |"
        )
    nb = imp.get("networkx_build", {})
    ng = imp.get("networkx_graph", {})
    lines += [
        "",
        f"Impact: hub `{imp['hub_node']}` ({imp['hub_dependants']} direct dependants), leaf "
        f"`{imp['leaf_node']}`. networkx: `Portfolio.to_networkx()` plus the influence projection "
        f"took {fmt_s(nb.get('best'))} ({ng.get('nodes', 0):,} nodes, {ng.get('edges', 0):,} "
        "edges), once; the BFS times above come after it.",
    ]
    mem = res.get("memory") or {}
    if mem:
        lib_m = mem.get("Portfolio.open")
        ox_m = mem.get("pyoxigraph bulk_load")
        ratio = lib_m / ox_m if lib_m and ox_m else None
        applies = abs(n - MEMORY_TARGET_SIZE) <= 0.1 * MEMORY_TARGET_SIZE
        net = None
        if lib_m and ox_m and mem.get("import stsm_graph") and mem.get("import pyoxigraph"):
            net = (lib_m - mem["import stsm_graph"]) / max(1e-9, ox_m - mem["import pyoxigraph"])
        lines += [
            "",
            "| peak memory (child process, max RSS) | MiB |",
            "|---|---|",
        ]
        for k, val in mem.items():
            lines.append(f"| {k} | {val:,.0f} |" if val is not None else f"| {k} | failed |")
        if ratio is not None:
            verdict = f"{ratio:.2f}x" + (
                f" {mark(ratio <= MEMORY_TARGET)} (target <= 1.5x at 1M)" if applies else ""
            )
            lines.append(f"| **Portfolio.open / pyoxigraph bulk_load** | {verdict} |")
            if net is not None:
                lines.append(f"| the same, imports subtracted | {net:.2f}x |")
    rem = res.get("remote")
    if rem:
        lines += [""]
        if rem.get("error"):
            lines.append(f"Remote: failed: {rem['error']}")
        else:
            rb = rem["analyze"].get("best")
            eb = rem.get("embedded_analyze")
            mem_server = rem.get("analyze_memory_server") or {}
            mb = mem_server.get("best")
            # timed in the same rounds as the server in memory (older results: as on disk)
            me = mem_server.get("embedded", eb)
            db = rem.get("embedded_disk_analyze")

            def row(name: str, remote: float | None, local: float | None, key: str) -> str:
                ratio = remote / local if remote and local else None
                same = (rem.get(key) or {}).get("matches", True)
                return (
                    f"| {name} | {fmt_s(remote)} | {verdict_ratio(ratio, REMOTE_TARGET)} "
                    f"(<= 2x; embedded {fmt_s(local)})"
                    + ("" if same else " **different answer**")
                    + " |"
                )

            lines += [
                "| remote (`oxigraph serve`, `Portfolio.connect`) | time | vs embedded |",
                "|---|---|---|",
                f"| load (`INSERT DATA` batches) | {fmt_s(rem['load']['best'])} | - |",
                row("`analyze`, server on disk vs embedded in memory", rb, eb, "analyze"),
                row("`analyze`, server on disk vs embedded on disk", rb, db, "analyze"),
                row(
                    "`analyze`, server in memory vs embedded in memory",
                    mb,
                    me,
                    "analyze_memory_server",
                ),
            ]
    return "\n".join(lines)


GROWTH_ROWS: list[tuple[str, Callable[[dict[str, Any]], float | None]]] = [
    ("load", lambda r: r["load"]["library"]["best"]),
    ("validate", lambda r: r["validate"].get("best")),
    *[
        (f"`{a}`", lambda r, a=a: r["analyses"][a]["library"]["best"])
        for a in [*ANALYSES, "analyze"]
    ],
    ("`impact` hub", lambda r: r["impact"]["hub"]["library"]["best"]),
    ("`impact` leaf", lambda r: r["impact"]["leaf"]["library"]["best"]),
    ("peak memory (open)", lambda r: (r.get("memory") or {}).get("Portfolio.open")),
]


def growth_table(results: list[dict[str, Any]]) -> str:
    if len(results) < 2:
        return ""
    head = "| step | " + " | ".join(r["size"] for r in results)
    pairs = list(itertools.pairwise(results))
    head += " | " + " | ".join(f"{a['size']} -> {b['size']}" for a, b in pairs) + " |"
    lines = [
        "### Growth (stsm-graph)",
        "",
        "Target: from 100k to 1M no step grows faster than ~12x (the triples grow ~10x).",
        "",
        head,
        "|---" * (1 + len(results) + len(pairs)) + "|",
    ]
    for label, get in GROWTH_ROWS:
        vals = []
        for r in results:
            try:
                vals.append(get(r))
            except (KeyError, TypeError):
                vals.append(None)
        cells = [
            (f"{v:,.0f} MiB" if label.startswith("peak") else fmt_s(v)) if v is not None else "n/a"
            for v in vals
        ]
        growth = []
        for (a, b), (va, vb) in zip(pairs, itertools.pairwise(vals), strict=True):
            if va and vb:
                g = vb / va
                applies = a["size"].lower() == "100k" and b["size"].lower() == "1m"
                growth.append(f"{g:.1f}x" + (f" {mark(g <= GROWTH_TARGET)}" if applies else ""))
            else:
                growth.append("n/a")
        lines.append(f"| {label} | " + " | ".join(cells + growth) + " |")
    return "\n".join(lines)


def library_fingerprint() -> dict[str, Any]:
    """Which code was measured: a hash of the package's sources and their newest change."""
    import hashlib

    import stsm_graph

    root = Path(stsm_graph.__file__).resolve().parent
    files = sorted(f for f in root.rglob("*") if f.suffix in (".py", ".rq", ".ttl"))
    h = hashlib.sha256()
    for f in files:
        h.update(str(f.relative_to(root)).encode())
        h.update(f.read_bytes())
    newest = max((f.stat().st_mtime for f in files), default=0)
    return {
        "path": str(root),
        "sha256": h.hexdigest()[:16],
        "newest_change": dt.datetime.fromtimestamp(newest).isoformat(timespec="seconds"),
    }


def machine() -> dict[str, Any]:
    import networkx
    import pyshacl
    import rdflib

    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "pyoxigraph": ox.__version__,
        "rdflib": rdflib.__version__,
        "pyshacl": getattr(pyshacl, "__version__", "?"),
        "networkx": networkx.__version__,
    }
    try:
        info["free_h"] = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout
    except OSError:
        info["free_h"] = ""
    try:
        info["cpu"] = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        info["cpu"] = platform.processor()
    info["library"] = library_fingerprint()
    b = server_binary()
    if b:
        info["oxigraph_server"] = subprocess.run(
            [b, "--version"], capture_output=True, text=True
        ).stdout.strip()
    return info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10k", help="comma-separated sizes: 10k,100k,1m")
    ap.add_argument("--out", default=str(HERE / "out"), help="output folder (default bench/out)")
    ap.add_argument(
        "--skip-rdflib-above",
        type=generate.parse_size,
        default=100_000,
        help="no rdflib (parse and engine) above this many triples (default 100k)",
    )
    ap.add_argument("--remote", action="store_true", help="also run analyze on oxigraph serve")
    ap.add_argument("--repeat", type=int, default=3, help="best of N (default 3)")
    ap.add_argument(
        "--repeat-under",
        type=float,
        default=10.0,
        help="repeat only runs shorter than this many seconds (default 10)",
    )
    ap.add_argument(
        "--rdflib-limit",
        type=float,
        default=60.0,
        help="time limit of each rdflib-engine query / memory-store call (s)",
    )
    ap.add_argument(
        "--limit",
        type=float,
        default=600.0,
        help="time limit of each library call on Oxigraph (s); impact runs in a "
        "child process killed at this limit",
    )
    ap.add_argument(
        "--validate-limit",
        type=float,
        default=1800.0,
        help="time limit of the validation child process (s)",
    )
    args = ap.parse_args(argv)

    sizes = [
        (s.strip(), generate.parse_size(s.strip())) for s in args.sizes.split(",") if s.strip()
    ]
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    info = machine()
    started = dt.datetime.now()
    log(f"machine: {info['nproc']} cores, Python {info['python']}, pyoxigraph {info['pyoxigraph']}")
    bench = Bench(args)
    results = []
    md_parts = []
    stamp = started.strftime("%Y-%m-%d")
    md_path = out_dir / f"results-{stamp}.md"
    json_path = out_dir / f"results-{stamp}.json"

    def write() -> None:
        body = [
            f"# stsm-graph benchmark, {started:%Y-%m-%d %H:%M}",
            "",
            f"`python bench/run.py {' '.join(argv if argv is not None else sys.argv[1:])}` on "
            f"{info['nproc']} cores ({info['cpu']}), Python {info['python']}, pyoxigraph "
            f"{info['pyoxigraph']}, rdflib {info['rdflib']}, pyshacl {info['pyshacl']}, "
            f"networkx {info['networkx']}. Library sources: sha256 "
            f"`{info['library']['sha256']}`, newest change {info['library']['newest_change']}.",
            "",
            *md_parts,
        ]
        growth = growth_table(results)
        if growth:
            body += ["", growth]
        md_path.write_text("\n".join(body) + "\n", encoding="utf-8")
        json_path.write_text(
            json.dumps(
                {
                    "started": started.isoformat(),
                    "argv": argv or sys.argv[1:],
                    "machine": info,
                    "results": results,
                },
                indent=1,
                default=str,
            ),
            encoding="utf-8",
        )

    if sizes and min(t for _l, t in sizes) > 20_000:
        bench.calibrate()
    for label, target in sizes:
        res = bench.run_size(label, target)
        res["rdflib_limit"] = args.rdflib_limit
        results.append(res)
        table = size_table(res)
        md_parts += [table, ""]
        print(table + "\n", flush=True)
        write()
    growth = growth_table(results)
    if growth:
        print(growth, flush=True)
    after = library_fingerprint()
    if after["sha256"] != info["library"]["sha256"]:
        # child processes (validate, impact, memory) import the sources afresh
        note = (
            f"**The library's sources changed during the run** (sha256 "
            f"`{info['library']['sha256']}` at the start, `{after['sha256']}` at the end, "
            f"newest change {after['newest_change']}): steps run in child processes (validate, "
            "impact, peak memory) may have measured the newer code."
        )
        info["library_at_end"] = after
        md_parts.insert(0, note + "\n")
        log(note)
    write()
    log(f"wrote {md_path} and {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
