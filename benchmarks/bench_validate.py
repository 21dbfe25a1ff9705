"""Whole-process speed of ``kzreforms validate`` against ``export`` and the pyshacl command line.

Run from the repository (after ``pip install .``):

    python benchmarks/bench_validate.py [--repeat N] [--sizes 10 100]

For the shipped data it prints ``kzreforms validate`` vs ``kzreforms export -f
turtle`` (target: validate at most 2x export). For generated data sets of 10x
and 100x the statement (benchmarks/generate.py) it prints ``kzreforms validate
FILE``, ``kzreforms export FILE -f turtle`` and ``python -m pyshacl -s SHAPES
DATA`` (the shapes merged into one file, the ontology merged into the data
file), the ratios (target: validate at most 3x export and never slower than
the pyshacl command line), the number of results each validator reports (must
be equal), and the growth in validate time from 10x to 100x (about 10x is linear).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def timed(args: list[str], repeat: int) -> tuple[float, str]:
    """Return the median wall time of running ``args``, and the output of the last run."""
    times, out = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
        out = done.stdout
    return statistics.median(times), out


def kzreforms_count(path: Path) -> int:
    done = subprocess.run(
        [PY, "-m", "kzreforms", "validate", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    import json

    return len(json.loads(done.stdout)["results"]) if done.stdout.strip().startswith("{") else -1


def pyshacl_count(report_turtle: str) -> int:
    return report_turtle.count("sh:ValidationResult") if report_turtle else -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per command (median; default 3)"
    )
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[10, 100], help="copies (default 10 100)"
    )
    args = parser.parse_args()

    kz = [PY, "-m", "kzreforms"]
    validate, _ = timed([*kz, "validate"], args.repeat)
    export, _ = timed([*kz, "export", "-f", "turtle"], args.repeat)
    print(
        f"shipped data     validate {validate:6.2f} s   export {export:6.2f} s   "
        f"ratio {validate / export:4.2f}x (target <= 2x)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        shapes = Path(tmp) / "shapes.ttl"
        merged = Graph()
        for path in sorted((ROOT / "shapes").glob("*.ttl")):
            merged.parse(path, format="turtle")
        merged.serialize(shapes, format="turtle")
        ontology = Graph()
        for path in sorted((ROOT / "ontology").glob("*.ttl")):
            ontology.parse(path, format="turtle")
        validate_times = {}
        for size in args.sizes:
            data = generate(size)
            data_file = Path(tmp) / f"data-{size}.nt"
            data.serialize(data_file, format="nt", encoding="utf-8")
            with_ontology = Path(tmp) / f"data-{size}-with-ontology.nt"
            (data + ontology).serialize(with_ontology, format="nt", encoding="utf-8")
            repeat = args.repeat if size <= 10 else 1
            v, _ = timed([*kz, "validate", str(data_file)], repeat)
            e, _ = timed([*kz, "export", str(data_file), "-f", "turtle"], repeat)
            p, report = timed(
                [
                    PY,
                    "-m",
                    "pyshacl",
                    "-s",
                    str(shapes),
                    "-i",
                    "none",
                    "-f",
                    "turtle",
                    str(with_ontology),
                ],
                repeat,
            )
            validate_times[size] = v
            ours, theirs = kzreforms_count(data_file), pyshacl_count(report)
            print(
                f"{size:4d}x ({len(data):7d} triples)  validate {v:6.2f} s   export {e:6.2f} s   "
                f"pyshacl CLI {p:6.2f} s   validate/export {v / e:4.2f}x (<= 3x)   "
                f"validate/pyshacl {v / p:4.2f}x (<= 1x)   results {ours} vs {theirs}"
                f"{'' if ours == theirs else '  MISMATCH'}"
            )
        if len(validate_times) >= 2:
            small, large = min(validate_times), max(validate_times)
            print(
                f"growth {small}x -> {large}x: validate time"
                f" x{validate_times[large] / validate_times[small]:.1f}"
                f" for x{large / small:.0f} data"
            )


if __name__ == "__main__":
    main()
