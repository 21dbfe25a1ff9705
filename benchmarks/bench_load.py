"""Load speed: ``kzreforms load`` against ``oxigraph load`` and against curl POST, whole process.

Run from the repository (after ``pip install .``; ``oxigraph`` and ``curl`` on PATH or
beside the Python executable):

    python benchmarks/bench_load.py [--copies 10 100] [--repeat 3]

For each size it writes the generator's N-Triples (``generate.py``) and runs, in
alternation so that a busy machine slows both alike:

* embedded: ``kzreforms load FILE --store DIR`` vs ``oxigraph load --location DIR --file FILE``
  (a fresh folder each run);
* remote: ``kzreforms load FILE --url …/store`` vs ``curl -X POST``
  of the same bytes into one ``oxigraph serve`` on 127.0.0.1.

It prints the median wall time of each, their ratio (goals: embedded at most 2x,
remote at most 1.3x) and each command's peak memory (max RSS of the child, from
``resource.getrusage``), with the ratio of kzreforms' to Oxigraph's (goal: 2x).
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
from pathlib import Path

HERE = Path(__file__).resolve().parent


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if not found:
        sys.exit(f"{name} is not installed")
    return found


def measure(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process (``wait4``'s rusage)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(command)} failed ({code}):\n{stderr[-2000:]}")
    return seconds, usage.ru_maxrss


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(oxigraph: str, folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
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


def paired(
    commands: dict[str, list[str]], repeat: int, before: object = None
) -> dict[str, tuple[float, int]]:
    """Run each command ``repeat`` times in alternation; median seconds and peak KiB of each."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(repeat):
        for name, command in commands.items():
            if callable(before):
                before()
            seconds, peak = measure(command)
            times[name].append(seconds)
            peaks[name] = max(peaks[name], peak)
    return {name: (statistics.median(times[name]), peaks[name]) for name in commands}


def report(
    title: str, ours: tuple[float, int], theirs: tuple[float, int], peer: str, goal: float
) -> None:
    ratio = ours[0] / theirs[0]
    memory = ours[1] / theirs[1]
    print(
        f"{title:<22} kzreforms {ours[0]:7.2f} s {ours[1] / 1024:7.0f} MiB | "
        f"{peer:<15} {theirs[0]:7.2f} s {theirs[1] / 1024:7.0f} MiB | "
        f"time {ratio:5.2f}x (goal {goal}x)  memory {memory:5.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    oxigraph, curl = tool("oxigraph"), tool("curl")
    kzreforms = [sys.executable, "-m", "kzreforms"]
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        root = Path(scratch)
        server, url = serve(oxigraph, root / "served")
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
                remote = paired(
                    {
                        "kzreforms": [*kzreforms, "load", str(data), "--url", url],
                        "curl": [
                            curl,
                            "-sf",
                            "-X",
                            "POST",
                            "-H",
                            "Content-Type: application/n-triples",
                            "--data-binary",
                            f"@{data}",
                            f"{url}?default",
                        ],
                    },
                    args.repeat,
                )
                report("  --url (Oxigraph)", remote["kzreforms"], remote["curl"], "curl POST", 1.3)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        f"(peak memory: max RSS of each child, resource.getrusage; this process: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
