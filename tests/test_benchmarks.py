"""The one benchmark script runs and prints every comparison of issue 11 (no timing is checked)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

ROWS = [
    *(
        f"export -f {fmt} 10x vs {peer}"
        for fmt in ("nt", "nq", "turtle", "trig", "json-ld", "xml")
        for peer in ("bare rdflib parse + serialize", "oxigraph convert")
    ),
    "load --store 10x vs oxigraph load",
    "validate 10x vs pyshacl CLI",
    "publish 10x vs export -f turtle 10x",
    '--help vs python -c "import click"',
    '--version vs python -c "import click"',
    'info vs python -c "import rdflib"',
]


@pytest.mark.slow
def test_bench_all_quick_prints_every_comparison() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_all.py"), "--quick"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=1800,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for row in ROWS:
        matching = [line for line in lines if line.startswith(row)]
        assert len(matching) == 1, f"no row {row!r} in:\n{done.stdout}"
        # kzreforms wall time, CPU time and memory, the peer's, and the two ratios
        assert matching[0].count(" s ") == 4 and matching[0].count(" MB") == 2
        assert "x  <=" in matching[0]
