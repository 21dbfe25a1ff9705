"""Whole-process speed of ``kzreforms validate`` against the pyshacl command line, same results.

Run from the repository (after ``pip install .``):

    python benchmarks/bench_validate.py [--repeat N] [--sizes 10 100]

For generated data sets of N times the statement (benchmarks/generate.py,
written as N-Triples) it runs, in alternation, ``kzreforms validate DATA`` and
``pyshacl -s SHAPES -i none DATA+ONTOLOGY`` (the packaged shapes merged into
one Turtle file; the packaged ontology merged into the data, as kzreforms
validates the data with the ontology's class hierarchy), both writing a Turtle
``sh:ValidationReport``. (``pyshacl -e ONTOLOGY`` is not the same job: pyshacl
0.40's command line then reports other results, 25 instead of 1 on
tests/shapes/invalid/wrong-prefix.ttl, and each result twice on this data.) It prints the median
wall time of each, the ratio (goal: pyshacl / kzreforms at least 3x at 100x;
moonshot 10x), and whether the two reports hold the same results (focus node,
path, value, severity, message, source shape, constraint component; compared
as multisets).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
BIN = Path(PY).parent


def run(args: list[str]) -> tuple[float, str]:
    """Run ``args`` once; return its wall time and standard output."""
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{args[0]} failed ({done.returncode}): {done.stderr[-500:]}")
    return elapsed, done.stdout


def results(report_turtle: str) -> Counter[tuple[str | None, ...]]:
    """The report's results, rendered the way kzreforms renders them."""
    from kzreforms.validation import _results

    report = Graph().parse(data=report_turtle, format="turtle")
    return Counter(
        (
            r.focus_node,
            r.path,
            r.value,
            r.severity,
            r.message,
            r.source_shape,
            r.constraint_component,
        )
        for r in _results(report, Graph(), Graph())
    )


def merged(folder: str, out: Path) -> Path:
    graph = Graph()
    for path in sorted((ROOT / folder).glob("*.ttl")):
        graph.parse(path, format="turtle")
    graph.serialize(out, format="turtle")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (median)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100], help="copies")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        shapes = merged("shapes", Path(tmp) / "shapes.ttl")
        ontology = merged("ontology", Path(tmp) / "ontology.ttl")
        for size in args.sizes:
            data = Path(tmp) / f"data-{size}.nt"
            generated = generate(size)
            generated.serialize(data, format="nt", encoding="utf-8")
            with_ontology = Path(tmp) / f"data-{size}-with-ontology.nt"
            (generated + Graph().parse(ontology)).serialize(
                with_ontology, format="nt", encoding="utf-8"
            )
            ours_cmd = [PY, "-m", "kzreforms", "validate", str(data), "--format", "turtle"]
            pyshacl_cmd = [
                *(str(BIN / "pyshacl"), "-s", str(shapes), "-i", "none", "-f", "turtle"),
                str(with_ontology),
            ]
            ours_times, theirs_times = [], []
            ours_out = theirs_out = ""
            for _ in range(args.repeat):  # alternate, so that load on the machine hits both
                elapsed, ours_out = run(ours_cmd)
                ours_times.append(elapsed)
                elapsed, theirs_out = run(pyshacl_cmd)
                theirs_times.append(elapsed)
            ours, theirs = statistics.median(ours_times), statistics.median(theirs_times)
            a, b = results(ours_out), results(theirs_out)
            same = (
                "identical"
                if a == b
                else f"DIFFERENT ({len(a - b)} ours only, {len(b - a)} pyshacl only)"
            )
            print(
                f"{size:4d}x ({len(generated):7d} triples)  kzreforms validate {ours:7.2f} s   "
                f"pyshacl CLI {theirs:7.2f} s   "
                f"pyshacl/kzreforms {theirs / ours:5.2f}x (goal >= 3x)   "
                f"results {sum(a.values())} vs {sum(b.values())}, {same}",
                flush=True,
            )


if __name__ == "__main__":
    main()
