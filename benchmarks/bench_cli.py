"""Start-up and export speed of the kzreforms command line, whole process, printed as figures.

Run from the repository (after ``pip install .``):

    python benchmarks/bench_cli.py [--repeat N]

It prints the median wall time of each command over N runs, and the ratio of
``kzreforms export -f turtle`` to a bare ``python -c`` that imports rdflib,
parses the same Turtle files and serializes them (target: at most 1.5x).
It also checks that ``--help`` and ``--version`` import neither rdflib nor pyshacl.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

BARE_EXPORT = """
import sys
from pathlib import Path
import rdflib
from kzreforms.resources import rdf_files
g = rdflib.Dataset()
for kind in ("ontology", "data", "shapes"):
    graph = g.graph(rdflib.URIRef("https://w3id.org/kzreforms/graph/" + kind))
    for path in rdf_files(kind):
        graph.parse(path, format="turtle")
union = rdflib.Graph()
for graph in g.graphs():
    union += graph
sys.stdout.write(union.serialize(format="turtle"))
"""

HEAVY_CHECK = """
import sys
from kzreforms.cli import main
for args in (["--help"], ["--version"]):
    try:
        main(args)
    except SystemExit:
        pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"rdflib", "pyshacl"})
sys.stderr.write(f"heavy modules after --help/--version: {heavy or 'none'}\\n")
"""


def timed(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    py = sys.executable
    cli = [py, "-m", "kzreforms"]
    rows = {
        "python -c pass": timed([py, "-c", "pass"], args.repeat),
        "kzreforms --version": timed([*cli, "--version"], args.repeat),
        "kzreforms --help": timed([*cli, "--help"], args.repeat),
        "bare rdflib parse+serialize": timed([py, "-c", BARE_EXPORT], args.repeat),
        "kzreforms export -f turtle": timed([*cli, "export", "-f", "turtle"], args.repeat),
    }
    width = max(map(len, rows))
    print(f"median of {args.repeat} runs, whole process")
    for name, seconds in rows.items():
        print(f"  {name.ljust(width)}  {seconds * 1000:8.1f} ms")
    ratio = rows["kzreforms export -f turtle"] / rows["bare rdflib parse+serialize"]
    print(f"  export / bare rdflib ratio: {ratio:.2f}x (target <= 1.5x)", flush=True)
    subprocess.run([py, "-c", HEAVY_CHECK], check=True, stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
