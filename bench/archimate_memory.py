"""Peak memory of an ArchiMate import: large generated exchange files, streamed.

Usage::

    python bench/archimate_memory.py                  # 10, 50 and 100 MB files in a temp dir
    python bench/archimate_memory.py --mb 10 --views 17

Each file is a deterministic ArchiMate 3.1 model shaped like a real one: per unit, three
services (business, application, technology), a process, an application component and a node
realising them, a requirement and a goal, realisation and serving relationships, flows between
processes, and one view that shows every element and relationship (the views are where a real
file's bulk is). Each import runs in a fresh process that reports its peak resident memory
(``ru_maxrss``), next to the peak of a process that only parses the same file into an
``xml.etree.ElementTree`` tree, the memory a non-streaming reader would need before mapping
anything. A last file holds the 10 MB model drawn in 17 views (about 100 MB, the shape of a
real large file, whose bulk is diagrams): it shows what the views cost the streaming import.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="id-bench">\n'
    '  <name xml:lang="en">Generated</name>\n'
)
#: (kind, ArchiMate type) of the elements of one unit
UNIT = (
    ("bs", "BusinessService"),
    ("as", "ApplicationService"),
    ("ts", "TechnologyService"),
    ("bp", "BusinessProcess"),
    ("ac", "ApplicationComponent"),
    ("nd", "Node"),
    ("rq", "Requirement"),
    ("gl", "Goal"),
)
#: (type, source kind, target kind) of the relationships of one unit
LINKS = (
    ("Realization", "bp", "bs"),
    ("Realization", "ac", "as"),
    ("Realization", "nd", "ts"),
    ("Serving", "as", "bp"),
    ("Serving", "ts", "ac"),
    ("Realization", "bs", "rq"),
    ("Realization", "rq", "gl"),
    ("Flow", "bp", "bp+1"),
)


def _elements(units: int) -> Iterator[str]:
    yield "  <elements>\n"
    for u in range(units):
        for kind, type_ in UNIT:
            yield (
                f'    <element identifier="{kind}-{u}" xsi:type="{type_}">\n'
                f'      <name xml:lang="en">{type_} number {u}</name>\n'
                f'      <documentation xml:lang="en">Generated {type_} {u}.</documentation>\n'
                "    </element>\n"
            )
    yield "  </elements>\n"


def _relationships(units: int) -> Iterator[tuple[str, str, str, str]]:
    for u in range(units):
        for i, (type_, source, target) in enumerate(LINKS):
            end = f"bp-{(u + 1) % units}" if target == "bp+1" else f"{target}-{u}"
            yield f"r{i}-{u}", type_, f"{source}-{u}", end


def _view(units: int, copies: int) -> Iterator[str]:
    yield "  <views>\n    <diagrams>\n"
    for v in range(copies):
        yield f'      <view identifier="v{v}" xsi:type="Diagram"><name>View {v}</name>\n'
        for u in range(units):
            for j, (kind, _) in enumerate(UNIT):
                yield (
                    f'        <node identifier="v{v}n-{kind}-{u}" elementRef="{kind}-{u}" '
                    f'xsi:type="Element" x="{j * 140}" y="{u * 70}" w="120" h="55">\n'
                    '          <style><fillColor r="255" g="255" b="181"/></style>\n'
                    "        </node>\n"
                )
        for ident, _, source, target in _relationships(units):
            yield (
                f'        <connection identifier="v{v}c-{ident}" relationshipRef="{ident}" '
                f'xsi:type="Relationship" source="v{v}n-{source}" target="v{v}n-{target}"/>\n'
            )
        yield "      </view>\n"
    yield "    </diagrams>\n  </views>\n"


def generate(units: int, views: int = 1) -> Iterator[str]:
    """Yield the text of a model of ``units`` units, drawn in ``views`` views."""
    yield HEAD
    yield from _elements(units)
    yield "  <relationships>\n"
    for ident, type_, source, target in _relationships(units):
        yield (
            f'    <relationship identifier="{ident}" xsi:type="{type_}" '
            f'source="{source}" target="{target}"/>\n'
        )
    yield "  </relationships>\n"
    yield from _view(units, views)
    yield "</model>\n"


def write(path: Path, units: int, views: int = 1) -> int:
    """Write the model to ``path``; return its size in bytes."""
    with path.open("w", encoding="utf-8") as fh:
        for chunk in generate(units, views):
            fh.write(chunk)
    return path.stat().st_size


#: bytes of one unit with one view, measured: the units for a size are the size / this
UNIT_BYTES = 5_000

IMPORT = """
import resource, sys, time
from stsm_graph.interop import archimate
t = time.perf_counter()
r = archimate.read_with_report(sys.argv[1])
dt = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"{peak} {dt:.1f} {len(r.portfolio)}")
"""
TREE = """
import resource, sys, time
import xml.etree.ElementTree as ET
t = time.perf_counter()
ET.parse(sys.argv[1])
dt = time.perf_counter() - t
print(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} {dt:.1f} 0")
"""
BASELINE = """
import resource
from stsm_graph.interop import archimate
print(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} 0 0")
"""


def _measure(code: str, path: Path) -> tuple[int, float, int]:
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    peak, seconds, triples = done.stdout.split()
    return int(peak), float(seconds), int(triples)


def _row(path: Path, units: int, views: int) -> str:
    size = write(path, units, views)
    peak, seconds, triples = _measure(IMPORT, path)
    tree = _measure(TREE, path)[0]
    path.unlink()
    return f"{size / 1e6:7.1f} | {units} | {views} | {triples} | {peak} | {seconds} | {tree}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, nargs="*", default=[10, 50, 100])
    ap.add_argument("--views", type=int, default=17, help="views of the 10 MB model (~100 MB)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        base = _measure(BASELINE, Path(d))[0]
        print(f"python with stsm_graph imported: {base} MiB")
        print("file MB | units | views | triples | import peak MiB | import s | tree peak MiB")
        for mb in args.mb:
            print(_row(Path(d, "m.xml"), mb * 1_000_000 // UNIT_BYTES, 1), flush=True)
        print(_row(Path(d, "m.xml"), 10_000_000 // UNIT_BYTES, args.views), flush=True)


if __name__ == "__main__":
    main()
