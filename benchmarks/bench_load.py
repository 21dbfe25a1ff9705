"""Load speed: ``kzreforms load`` against ``oxigraph load`` and against curl POST, whole process.

Run from the repository (after ``pip install .``; ``oxigraph`` and ``curl`` on PATH or
beside the Python executable):

    python benchmarks/bench_load.py [--copies 10 100] [--repeat 3]

For each size it writes the generator's N-Triples (``generate.py``) and runs, in
alternation so that a busy machine slows both alike:

* embedded: ``kzreforms load FILE --store DIR`` vs ``oxigraph load --location DIR --file FILE``
  (a fresh folder each run);
* remote, into an empty store: ``kzreforms load FILE --url …/store`` vs ``curl -X POST``
  and vs ``curl -X PUT`` of the same bytes, each run against a fresh ``oxigraph serve``
  on 127.0.0.1 (a new folder: the same start for all three, as for the embedded store);
* remote, a re-load: the same, into a graph that already holds those triples (the
  server kept between runs): vs ``curl -X PUT`` (kzreforms reads the graph, finds it
  holds exactly what it would send, and writes nothing);
* remote, a replace: into a graph that holds another triple: vs ``curl -X PUT``.

It prints the median wall time of each, their ratio (goals: embedded at most 2x,
remote at most 1.3x), the median CPU time (user + system of the child: steadier
than wall time on a busy machine; for ``--url`` it leaves out the server's work)
and each command's peak memory (max RSS of the child, ``wait4``'s rusage, as
``resource.getrusage`` reports children), with kzreforms' ratio (goal: 2x).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if not found:
        sys.exit(f"{name} is not installed")
    return found


def measure(command: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds of one child process (``wait4``'s rusage)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(command)} failed ({code}):\n{stderr[-2000:]}")
    return seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(oxigraph: str, folder: Path, port: int) -> tuple[subprocess.Popen[bytes], str]:
    process = subprocess.Popen(
        [oxigraph, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process, f"http://127.0.0.1:{port}/store"
        time.sleep(0.2)
    process.kill()
    sys.exit("oxigraph serve did not start")


Figures = tuple[float, int, float]
"""Median wall seconds, peak KiB, median CPU seconds."""


def paired(
    commands: dict[str, list[str]], repeat: int, before: Callable[[], object] | None = None
) -> dict[str, Figures]:
    """Run each command ``repeat`` times in alternation; medians and peak memory of each."""
    runs: dict[str, list[tuple[float, int, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            if before is not None:
                before()
            runs[name].append(measure(command))
    return {
        name: (
            statistics.median(r[0] for r in got),
            max(r[1] for r in got),
            statistics.median(r[2] for r in got),
        )
        for name, got in runs.items()
    }


def report(title: str, ours: Figures, theirs: Figures, peer: str, goal: float) -> None:
    """One line: wall time, CPU time and peak memory of both, and kzreforms' ratios."""
    print(
        f"{title:<18} kzreforms {ours[0]:6.2f} s (cpu {ours[2]:6.2f}) {ours[1] / 1024:5.0f} MiB | "
        f"{peer:<13} {theirs[0]:6.2f} s (cpu {theirs[2]:6.2f}) {theirs[1] / 1024:5.0f} MiB | "
        f"wall {ours[0] / theirs[0]:5.2f}x (goal {goal}x), cpu {ours[2] / theirs[2]:5.2f}x, "
        f"memory {ours[1] / theirs[1]:5.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    oxigraph, curl_tool = tool("oxigraph"), tool("curl")
    kzreforms = [sys.executable, "-m", "kzreforms"]
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        root = Path(scratch)
        port = free_port()
        server, url = serve(oxigraph, root / "served", port)

        def fresh_server() -> None:
            """A new, empty ``oxigraph serve`` on the same port."""
            nonlocal server
            server.terminate()
            server.wait(timeout=30)
            shutil.rmtree(root / "served", ignore_errors=True)
            server, _ = serve(oxigraph, root / "served", port)

        try:
            for copies in args.copies:
                data = root / f"bench-{copies}.nt"
                subprocess.run(
                    [sys.executable, str(HERE / "generate.py"), str(data), "--copies", str(copies)],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                size = data.stat().st_size / 2**20
                print(f"{copies}x: {data.stat().st_size:,} bytes ({size:.1f} MiB) of N-Triples")
                fresh = root / "store"

                embedded = paired(
                    {
                        "kzreforms": [*kzreforms, "load", str(data), "--store", str(fresh)],
                        "oxigraph": [
                            oxigraph,
                            "load",
                            "--location",
                            str(fresh),
                            "--file",
                            str(data),
                        ],
                    },
                    args.repeat,
                    before=lambda: shutil.rmtree(root / "store", ignore_errors=True),
                )
                report(
                    "  embedded", embedded["kzreforms"], embedded["oxigraph"], "oxigraph load", 2
                )
                load = [*kzreforms, "load", str(data), "--url", url, "--timeout", "900"]

                def curl(method: str, data: Path = data) -> list[str]:
                    return [
                        curl_tool,
                        "-sf",
                        "-X",
                        method,
                        "-H",
                        "Content-Type: application/n-triples",
                        "--data-binary",
                        f"@{data}",
                        f"{url}?default",
                    ]

                remote = paired(
                    {"kzreforms": load, "curl PUT": curl("PUT"), "curl": curl("POST")},
                    args.repeat,
                    before=fresh_server,
                )
                report("  --url, empty", remote["kzreforms"], remote["curl"], "curl POST", 1.3)
                report("  --url, empty", remote["kzreforms"], remote["curl PUT"], "curl PUT", 1.3)
                again = paired({"kzreforms": load, "curl PUT": curl("PUT")}, args.repeat)
                report("  --url, re-load", again["kzreforms"], again["curl PUT"], "curl PUT", 1.3)
                other = root / "other.nt"
                other.write_bytes(b"<urn:x:other> <urn:x:p> <urn:x:o> .\n")
                changed = paired(
                    {"kzreforms": load, "curl PUT": curl("PUT")},
                    args.repeat,
                    before=lambda other=other: subprocess.run(curl("PUT", other), check=True),
                )
                report(
                    "  --url, replace", changed["kzreforms"], changed["curl PUT"], "curl PUT", 1.3
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        f"(peak memory: max RSS of each child, resource.getrusage; this process: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
