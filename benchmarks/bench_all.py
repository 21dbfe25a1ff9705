"""Every ratio of issue 11 in one run: kzreforms against the tool it competes with, whole process.

Run from the repository (after ``pip install .``; ``oxigraph`` and ``pyshacl`` on PATH or
beside this Python):

    python benchmarks/bench_all.py [--copies 100] [--repeat 3] [--quick]

Each row is a pair: a kzreforms command and its peer on the same input, run in
alternation (so a machine loaded by others slows both alike), each a fresh
process. It prints the median wall time, CPU time (user + system) and peak
memory (max RSS) of each, and the ratios of the medians (kzreforms / peer, wall
and CPU; below 1 means kzreforms is faster) beside the issue's target, then the
lowest and highest wall-time ratio of a single round: on a virtual machine whose
speed drifts, a wide range says to run more rounds (``--repeat``) before reading
the median against a target. On a machine shared with other work the CPU ratio
is the steadier one. The input is benchmarks/generate.py's N copies of the
statement as N-Triples (``--copies``, default 100); ``publish`` runs at 10x.
``--quick`` is a smoke run: 10x, one round; ``--only TEXT`` runs the rows whose
name contains TEXT. This is a measurement to read, not a timed test. Peak memory
is the child's maximum resident set, which on Linux starts from this (small)
process's own.

The work files go to the temporary folder (``TMPDIR``). ``publish`` writes about
9,300 files at 10x; on a slow disk the kernel's share of that (system time) can
swing several-fold between identical runs, so ``TMPDIR=/dev/shm`` (memory) shows
the part kzreforms controls. ``publish`` also validates the data and writes every
export into ``dist/``: that part alone is several times ``export -f turtle``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
KZ = [PY, "-m", "kzreforms"]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

BARE = """
import sys, rdflib
quads = sys.argv[2] in ("nquads", "trig")  # rdflib writes N-Quads of a dataset only
g = (rdflib.Dataset() if quads else rdflib.Graph()).parse(sys.argv[1], format="nt")
sys.stdout.buffer.write(g.serialize(format=sys.argv[2], encoding="utf-8"))
"""

#: Every export format: kzreforms' name, rdflib's, and oxigraph convert's.
FORMATS = (
    ("nt", "nt", "nt"),
    ("nq", "nquads", "nq"),
    ("turtle", "turtle", "ttl"),
    ("trig", "trig", "trig"),
    ("json-ld", "json-ld", "jsonld"),
    ("xml", "xml", "rdf"),
)


def tool(name: str) -> str:
    beside = Path(PY).with_name(name)
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        raise SystemExit(f"bench_all: {name} is not installed (pip install {name})")
    return found


@dataclass
class Run:
    seconds: float
    cpu: float
    peak_mb: float


def run_once(command: list[str], scratch: Path | None) -> Run:
    """Run ``command`` once (stdout discarded), return its wall time and peak RSS."""
    if scratch is not None and scratch.exists():
        shutil.rmtree(scratch)
    start = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=ENV
    )
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    # Exit 1 is validate's "does not conform" (and pyshacl's); a crash is also 1, so any
    # traceback fails the benchmark instead of timing a command that did no work.
    if child.returncode not in (0, 1) or b"Traceback (most recent call last)" in errors:
        raise SystemExit(
            f"bench_all: {' '.join(command)} exited {child.returncode}:\n{errors.decode()}"
        )
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


@dataclass
class Row:
    what: str
    ours: list[str]
    peer: list[str]
    target: str
    scratch: Path | None = None


def measure(row: Row, repeat: int) -> tuple[Run, Run, list[float]]:
    """The medians of kzreforms' runs and of the peer's, and each round's wall-time ratio."""
    ours: list[Run] = []
    theirs: list[Run] = []
    for round_ in range(repeat):
        pair = [(ours, row.ours), (theirs, row.peer)]
        for runs, command in pair if round_ % 2 == 0 else pair[::-1]:
            runs.append(run_once(command, row.scratch))
    ratios = [a.seconds / b.seconds for a, b in zip(ours, theirs, strict=True)]
    return _median(ours), _median(theirs), ratios


def _median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs),
        statistics.median(r.cpu for r in runs),
        max(r.peak_mb for r in runs),
    )


MERGE = """
import sys
from pathlib import Path
from rdflib import Graph
root, shapes_out, data, with_ontology = (Path(a) for a in sys.argv[1:])
shapes, ontology = Graph(), Graph()
for path in sorted((root / "shapes").glob("*.ttl")):
    shapes.parse(path, format="turtle")
for path in sorted((root / "ontology").glob("*.ttl")):
    ontology.parse(path, format="turtle")
shapes.serialize(shapes_out, format="turtle")
with_ontology.write_bytes(data.read_bytes() + ontology.serialize(format="nt", encoding="utf-8"))
"""


def prepare(tmp: Path, copies: int) -> dict[str, Path]:
    """Write the generated data (N-Triples), and the merged shapes and data+ontology for pyshacl.

    Done in child processes: a child's peak memory counts its parent's at the fork,
    so this process stays small (rdflib is never imported here).
    """
    files = {"data": tmp / "data.nt", "data10": tmp / "data10.nt"}
    for name, size in (("data", copies), ("data10", 10)):
        generator = [
            PY,
            str(ROOT / "benchmarks" / "generate.py"),
            str(files[name]),
            "-n",
            str(size),
        ]
        subprocess.run(generator, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    files["shapes"], files["with_ontology"] = tmp / "shapes.ttl", tmp / "with-ontology.nt"
    merge = [str(ROOT), str(files["shapes"]), str(files["data"]), str(files["with_ontology"])]
    subprocess.run([PY, "-c", MERGE, *merge], check=True, cwd=ROOT)
    return files


def rows(tmp: Path, files: dict[str, Path], copies: int) -> list[Row]:
    data, data10 = str(files["data"]), str(files["data10"])
    oxigraph = tool("oxigraph")
    out: list[Row] = []
    for fmt, rdflib_name, ox_name in FORMATS:
        ours = [*KZ, "export", data, "-f", fmt]
        out.append(
            Row(
                f"export -f {fmt} {copies}x vs bare rdflib parse + serialize",
                ours,
                [PY, "-c", BARE, data, rdflib_name],
                "<= 1.0x",
            )
        )
        out.append(
            Row(
                f"export -f {fmt} {copies}x vs oxigraph convert",
                ours,
                [oxigraph, "convert", "--from-file", data, "--to-format", ox_name],
                "<= 5x (stretch)",
            )
        )
    store = tmp / "store"
    out.append(
        Row(
            f"load --store {copies}x vs oxigraph load",
            [*KZ, "load", data, "--store", str(store)],
            [oxigraph, "load", "--location", str(store), "--file", data],
            "<= 2x",
            scratch=store,
        )
    )
    out.append(
        Row(
            f"validate {copies}x vs pyshacl CLI (same data, shapes, ontology)",
            [*KZ, "validate", data],
            [
                tool("pyshacl"),
                "-s",
                str(files["shapes"]),
                "-i",
                "none",
                "-f",
                "turtle",
                str(files["with_ontology"]),
            ],
            "<= 0.33x",
        )
    )
    site = tmp / "site"
    out.append(
        Row(
            "publish 10x vs export -f turtle 10x",
            [*KZ, "publish", str(site), data10],
            [*KZ, "export", data10, "-f", "turtle"],
            "<= 3x",
            scratch=site,
        )
    )
    click = [PY, "-c", "import click"]
    out.append(Row('--help vs python -c "import click"', [*KZ, "--help"], click, "<= 1.2x"))
    out.append(Row('--version vs python -c "import click"', [*KZ, "--version"], click, "<= 1.2x"))
    out.append(
        Row(
            'info vs python -c "import rdflib"',
            [*KZ, "info"],
            [PY, "-c", "import rdflib"],
            "<= 1.5x",
        )
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100, help="size of the data (default 100)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per pair (default 3)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 10x, one round")
    parser.add_argument(
        "--only", default="", help="run only the comparisons whose name contains this text"
    )
    args = parser.parse_args()
    copies, repeat = (10, 1) if args.quick else (args.copies, args.repeat)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        files = prepare(tmp, copies)
        size = files["data"].stat().st_size / 2**20
        print(f"{copies}x data: {size:.1f} MB of N-Triples; median of {repeat} paired rounds")
        print(
            f"{'comparison':66} {'kzreforms wall / cpu / peak':>27} {'peer wall / cpu / peak':>27}"
            f" {'wall':>6} {'cpu':>6}  target"
        )
        for row in rows(tmp, files, copies):
            if args.only not in row.what:
                continue
            ours, peer, ratios = measure(row, repeat)
            spread = f"  (rounds {min(ratios):.2f}-{max(ratios):.2f}x)" if len(ratios) > 1 else ""
            print(
                f"{row.what:66} {_figures(ours)} {_figures(peer)}"
                f" {ours.seconds / peer.seconds:5.2f}x {ours.cpu / max(peer.cpu, 1e-3):5.2f}x"
                f"  {row.target}{spread}",
                flush=True,
            )


def _figures(run: Run) -> str:
    return f"{run.seconds:7.2f} s {run.cpu:6.2f} s {run.peak_mb:5.0f} MB"


if __name__ == "__main__":
    main()
