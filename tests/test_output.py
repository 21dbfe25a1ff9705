"""Outputs that hold: symbolic links, special files, file modes, whole folders, signals, stdout.

The signal tests run the real command line in a subprocess whose n-th file
write is made to stop half-way (a small wrapper script patches
``kzreforms.output._write_new``); the test waits until that point is reached,
then sends the signal, so the signal always lands mid-write and never flakes.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

import kzreforms
import kzreforms.output
from kzreforms.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``folder`` with its bytes and mode."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), stat.S_IMODE(p.stat().st_mode))
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- -o FILE


def test_a_symlink_keeps_pointing_at_its_target_which_is_replaced(
    runner: CliRunner, tmp_path: Path, sample_file: Path
) -> None:
    real = tmp_path / "real.nt"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.nt"
    link.symlink_to(real)
    result = runner.invoke(cli, ["export", str(sample_file), "-f", "nt", "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert isomorphic(Graph().parse(real, format="nt"), Graph().parse(sample_file))
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.nt", "real.nt", "sample.ttl"]


def test_a_dangling_symlink_gets_its_target_written(
    runner: CliRunner, tmp_path: Path, sample_file: Path
) -> None:
    link = tmp_path / "link.ttl"
    link.symlink_to(tmp_path / "made.ttl")
    result = runner.invoke(cli, ["export", str(sample_file), "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert (tmp_path / "made.ttl").read_text(encoding="utf-8").startswith("@prefix")


def test_a_symlink_to_a_folder_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "folder")
    result = runner.invoke(cli, ["export", "-g", "ontology", "-o", str(tmp_path / "link")])
    assert result.exit_code == 4
    assert "is a folder" in result.output
    assert list((tmp_path / "folder").iterdir()) == []


def test_dev_null_stays_a_device(runner: CliRunner) -> None:
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    result = runner.invoke(cli, ["export", "-g", "ontology", "-f", "nt", "-o", "/dev/null"])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_fifo_is_written_through(runner: CliRunner, tmp_path: Path, sample_file: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = runner.invoke(cli, ["export", str(sample_file), "-f", "nt", "-o", str(fifo)])
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert isomorphic(Graph().parse(data=received[0], format="nt"), Graph().parse(sample_file))


def test_dev_stdout_reaches_standard_output(sample_file: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kzreforms", "export", str(sample_file), "-f", "nt"]
        + ["-o", "/dev/stdout"],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 0, out.stderr
    assert isomorphic(Graph().parse(data=out.stdout, format="nt"), Graph().parse(sample_file))


def test_a_private_file_stays_private(runner: CliRunner, tmp_path: Path, sample_file: Path) -> None:
    target = tmp_path / "private.ttl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    result = runner.invoke(cli, ["export", str(sample_file), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("@prefix")


def test_a_new_file_is_0644(runner: CliRunner, tmp_path: Path, sample_file: Path) -> None:
    target = tmp_path / "new.ttl"
    assert runner.invoke(cli, ["export", str(sample_file), "-o", str(target)]).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def _fail_at(monkeypatch: pytest.MonkeyPatch, call: int, err: OSError) -> None:
    """Make the ``call``-th file write stop half-way with ``err``."""
    original = kzreforms.output._write_new
    calls = [0]

    def write(path: Path, data: bytes | list[bytes], mode: int) -> None:
        calls[0] += 1
        if calls[0] == call:
            whole = data if isinstance(data, bytes) else b"".join(data)  # or pieces, in order
            path.write_bytes(whole[: len(whole) // 2])
            raise err
        original(path, data, mode)

    monkeypatch.setattr(kzreforms.output, "_write_new", write)


def test_a_full_disk_leaves_the_old_file(
    runner: CliRunner, tmp_path: Path, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("old\n", encoding="utf-8")
    _fail_at(monkeypatch, 1, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    result = runner.invoke(cli, ["export", str(sample_file), "-o", str(target)])
    assert result.exit_code == 4
    assert result.output.count("\n") == 1 and "No space left on device" in result.output
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl", "sample.ttl"]


# --------------------------------------------------------------------------- export --all


@pytest.fixture()
def previous_export(runner: CliRunner, tmp_path: Path) -> Path:
    """A folder holding an older export (of the ontology only) and a file of the user's."""
    folder = tmp_path / "dist"
    kzreforms.export_all(output=folder, graphs="ontology")
    for path in folder.iterdir():  # make it look like the older, different, export
        path.rename(folder / path.name.replace("kzreforms-ontology", "kzreforms"))
    (folder / "kzreforms.ttl").chmod(0o600)
    (folder / "NOTES.md").write_text("mine\n", encoding="utf-8")
    return folder


def test_export_all_replaces_the_set_and_keeps_foreign_files(
    runner: CliRunner, previous_export: Path
) -> None:
    before = _snapshot(previous_export)
    result = runner.invoke(cli, ["export", "--all", "-o", str(previous_export)])
    assert result.exit_code == 0, result.output
    after = _snapshot(previous_export)
    assert after["NOTES.md"] == before["NOTES.md"]
    assert after["kzreforms.ttl"][1] == 0o600  # the mode of the file it replaced
    assert after["kzreforms.nq"][0] != before["kzreforms.nq"][0]
    assert sorted(p.name for p in previous_export.parent.iterdir()) == ["dist"]


@pytest.mark.parametrize("call", [1, 4, 7])
def test_export_all_on_a_full_disk_leaves_the_folder_as_it_was(
    runner: CliRunner, previous_export: Path, monkeypatch: pytest.MonkeyPatch, call: int
) -> None:
    before = _snapshot(previous_export)
    _fail_at(monkeypatch, call, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    result = runner.invoke(cli, ["export", "--all", "-o", str(previous_export)])
    assert result.exit_code == 4
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert "No space left on device" in result.output
    assert _snapshot(previous_export) == before
    assert sorted(p.name for p in previous_export.parent.iterdir()) == ["dist"]


def test_export_all_failing_while_moving_in_puts_everything_back(
    runner: CliRunner, previous_export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(previous_export)
    original = os.replace
    calls = [0]

    def replace(source: Any, target: Any) -> None:
        calls[0] += 1
        if calls[0] == 4:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        original(source, target)

    monkeypatch.setattr(kzreforms.output.os, "replace", replace)
    result = runner.invoke(cli, ["export", "--all", "-o", str(previous_export)])
    monkeypatch.undo()
    assert result.exit_code == 4, result.output
    assert _snapshot(previous_export) == before
    assert sorted(p.name for p in previous_export.parent.iterdir()) == ["dist"]


def test_export_all_into_a_new_folder_on_a_full_disk_creates_nothing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_at(monkeypatch, 4, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    result = runner.invoke(cli, ["export", "--all", "-o", str(tmp_path / "a" / "b")])
    assert result.exit_code == 4
    assert list(tmp_path.iterdir()) == []


def test_export_all_onto_a_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["export", "--all", "-o", str(tmp_path / "file")])
    assert result.exit_code == 4 and "not a folder" in result.output


# --------------------------------------------------------------------------- signals

WRAPPER = textwrap.dedent(
    """\
    import pathlib, signal, sys, time
    import kzreforms.output as output

    # As from a terminal: a test runner started in the background may ignore SIGINT.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    marker, stop_at = pathlib.Path(sys.argv[1]), int(sys.argv[2])
    original = output._write_new
    calls = [0]

    def write(path, data, mode):
        calls[0] += 1
        if calls[0] == stop_at:
            path.write_bytes(data[: len(data) // 2])  # half of a file, then wait for the signal
            marker.touch()
            time.sleep(300)
        original(path, data, mode)

    output._write_new = write
    from kzreforms.cli import main

    main(sys.argv[3:])
    """
)


def _signal_mid_write(
    tmp_path: Path, args: list[str], signum: int, *, stop_at: int = 4
) -> subprocess.CompletedProcess[bytes]:
    script = tmp_path / "wrapper.py"
    script.write_text(WRAPPER, encoding="utf-8")
    marker = tmp_path / "reached"
    process = subprocess.Popen(
        [sys.executable, str(script), str(marker), str(stop_at), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the slowed write was never reached"
            time.sleep(0.05)
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    marker.unlink()
    script.unlink()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_export_all_leaves_the_folder_as_it_was(
    tmp_path: Path, previous_export: Path, signum: int, code: int
) -> None:
    before = _snapshot(previous_export)
    done = _signal_mid_write(tmp_path, ["export", "--all", "-o", str(previous_export)], signum)
    assert done.returncode == code, done.stderr
    assert b"Traceback" not in done.stderr
    assert done.stderr.decode().count("\n") == 1
    assert _snapshot(previous_export) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


@pytest.mark.slow
def test_a_signal_during_publish_leaves_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = _signal_mid_write(tmp_path, ["publish", str(site)], signal.SIGTERM)
    assert done.returncode == 143, done.stderr
    assert b"Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_signal_during_a_file_export_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.nt"
    target.write_text("old\n", encoding="utf-8")
    done = _signal_mid_write(tmp_path, ["export", "-f", "nt", "-o", str(target)], 2, stop_at=1)
    assert done.returncode == 130, done.stderr
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nt"]


# --------------------------------------------------------------------------- standard output


@pytest.mark.slow
@pytest.mark.parametrize("command", ["export -f nt", "info", "query 01"])
def test_closed_standard_output_is_exit_4(command: str) -> None:
    out = subprocess.run(
        f"exec {sys.executable} -m kzreforms {command} >&-",
        shell=True,
        stderr=subprocess.PIPE,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 4, out.stderr
    assert out.stderr == b"Error: standard output is closed; redirect it (> FILE) or use -o FILE\n"


def test_help_and_readme_give_the_signal_exit_codes(runner: CliRunner) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    text = runner.invoke(cli, ["--help"]).output
    for code, words in (("130", "SIGINT"), ("143", "SIGTERM")):
        assert f"{code}  " in text and words in text
        assert f"| {code} |" in readme
