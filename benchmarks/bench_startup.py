"""Start-up speed of the kzreforms command line against the libraries it is built on.

Run from the repository (or after ``pip install .``):

    python benchmarks/bench_startup.py [--repeat N]

It compares whole processes, each started with this Python:

* ``kzreforms --help`` and ``kzreforms --version`` against ``python -c "import click"``
  (target: at most 1.2x), and
* ``kzreforms info`` (the packaged dataset) against ``python -c "import rdflib"``
  (target: at most 1.5x).

Each round runs every command once, in an order that rotates from round to round,
so that a machine loaded by others slows every command alike; the figures are
medians over N rounds, and each ratio is the median of the per-round ratios
beside the ratio of the medians. ``kzreforms`` is the console script beside this
Python when there is one (as users start it), else ``python -m kzreforms``.
Children run with byte-code caching on (``PYTHONDONTWRITEBYTECODE`` removed), as
an installed package has compiled ``.pyc`` files; a warm-up round writes them.
This is a measurement to read, not a timed test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
_SCRIPT = Path(PY).with_name("kzreforms")
KZ = [str(_SCRIPT)] if _SCRIPT.is_file() else [PY, "-m", "kzreforms"]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
COMMANDS: dict[str, list[str]] = {
    'python -c "import click"': [PY, "-c", "import click"],
    "kzreforms --help": [*KZ, "--help"],
    "kzreforms --version": [*KZ, "--version"],
    'python -c "import rdflib"': [PY, "-c", "import rdflib"],
    "kzreforms info": [*KZ, "info"],
}
#: (command, baseline, target ratio)
PAIRS: tuple[tuple[str, str, float], ...] = (
    ("kzreforms --help", 'python -c "import click"', 1.2),
    ("kzreforms --version", 'python -c "import click"', 1.2),
    ("kzreforms info", 'python -c "import rdflib"', 1.5),
)


def run_once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="rounds (default 15)")
    args = parser.parse_args()
    names = list(COMMANDS)
    where = subprocess.run(
        [PY, "-c", "import kzreforms; print(kzreforms.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        env=ENV,
    ).stdout.strip()
    print(f"kzreforms: {' '.join(KZ)} ({where}); python: {PY}")
    for name in names:  # warm the file cache and the byte-code caches
        run_once(COMMANDS[name])
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(args.repeat):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(run_once(COMMANDS[name]))
    width = max(map(len, names))
    print(f"{args.repeat} rounds, alternating order, whole process, median (min)")
    for name in names:
        median, low = statistics.median(times[name]), min(times[name])
        print(f"  {name.ljust(width)}  {median * 1000:7.1f} ms  ({low * 1000:.1f})")
    print("ratios: median of per-round ratios / ratio of medians (target)")
    for name, base, target in PAIRS:
        paired = statistics.median(a / b for a, b in zip(times[name], times[base], strict=True))
        of_medians = statistics.median(times[name]) / statistics.median(times[base])
        verdict = "ok" if paired <= target else "over"
        print(
            f"  {name.ljust(width)} / {base}: {paired:.2f}x / {of_medians:.2f}x "
            f"(<= {target}x: {verdict})"
        )


if __name__ == "__main__":
    main()
