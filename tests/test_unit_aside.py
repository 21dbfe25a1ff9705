"""kzreforms.site.aside: a build step in a forked child, with the result and errors it has here.

``publish`` builds ``dist/`` and half the resource pages aside; these tests hold
the promises that makes: the same site with or without the child, the step's own
error when it fails, nothing written after a cancel, and no fork while another
thread runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kzreforms.cli import cli
from kzreforms.site import aside as aside_module
from kzreforms.site.aside import aside, can_fork

ROOT = Path(__file__).resolve().parents[1]
INVALID = ROOT / "tests" / "shapes" / "invalid"


def _fresh(code: str) -> str:
    """Run ``code`` in a fresh interpreter (no other thread: :func:`aside` forks); its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_result_comes_back_from_the_child() -> None:
    out = _fresh(
        """
        import os
        from kzreforms.site.aside import aside, can_fork
        assert can_fork()
        value = aside(lambda: {"pid": os.getpid(), "rows": [1, 2, 3]}).result()
        print(value["rows"], value["pid"] != os.getpid())
        """
    )
    assert out == "[1, 2, 3] True\n"  # it ran in the child


def test_a_failing_step_raises_its_own_error_here(tmp_path: Path) -> None:
    out = _fresh(
        f"""
        import os
        from pathlib import Path
        from kzreforms.errors import InputError
        from kzreforms.site.aside import aside
        runs = Path({str(tmp_path / "runs")!r})
        def step():
            with runs.open("a") as log:
                log.write(f"{{os.getpid()}}\\n")
            raise InputError("data.ttl: line 3: bad", parameter="files")
        try:
            aside(step).result()
        except InputError as err:
            print(type(err).__name__, err, err.parameter)
        pids = runs.read_text().split()
        print(len(pids), pids[0] != str(os.getpid()), pids[1] == str(os.getpid()))
        """
    )
    # Once in the child, once here: the error is this process's own, not a pickled copy.
    assert out == "InputError data.ttl: line 3: bad files\n2 True True\n"


def test_cancel_stops_the_child_before_it_writes(tmp_path: Path) -> None:
    started, late = tmp_path / "started", tmp_path / "late"
    out = _fresh(
        f"""
        import os, time
        from pathlib import Path
        from kzreforms.site.aside import aside
        started, late = Path({str(started)!r}), Path({str(late)!r})
        def step():
            started.write_text(str(os.getpid()))
            time.sleep(30)
            late.write_text("too late")
        pending = aside(step)
        deadline = time.monotonic() + 60
        while not started.exists() or not started.read_text():
            assert time.monotonic() < deadline
            time.sleep(0.01)
        pending.cancel()
        try:
            os.kill(int(started.read_text()), 0)
        except ProcessLookupError:
            print("gone")
        """
    )
    assert out == "gone\n"  # killed and reaped
    time.sleep(0.2)
    assert not late.exists()


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork()
        assert aside(os.getpid).result() == os.getpid()  # ran here, at once
    finally:
        stop.set()
        other.join()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("data", [None, "invalid"], ids=["packaged", "not conforming"])
def test_a_site_is_the_same_with_or_without_the_child(
    data: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [] if data is None else sorted(str(p) for p in INVALID.glob("*.ttl"))[:1]
    forked, here = tmp_path / "forked", tmp_path / "here"
    # A fresh process has no other thread: dist/ is built in a child.
    done = subprocess.run(
        [sys.executable, "-m", "kzreforms", "publish", str(forked), *files],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    monkeypatch.setattr(aside_module, "can_fork", lambda: False)
    result = CliRunner().invoke(cli, ["publish", str(here), *files])
    assert result.exit_code == 0, result.output
    assert _tree(forked) == _tree(here)
    assert "dist/validation.ttl" in _tree(here)
    # Half the resource pages are made in a second child: counted once, wherever made.
    told = (done.stdout + done.stderr).replace(str(forked), "SITE")
    assert told == result.output.replace(str(here), "SITE")
    pages = sum(1 for name in _tree(here) if name.endswith(".html"))
    assert f"Published {pages} pages ({len(_tree(here))} files," in result.output
    if data is not None:
        assert b"does not conform" in (here / "downloads.html").read_bytes()


def test_with_sigchld_ignored_the_result_still_comes_back() -> None:
    """An ignored SIGCHLD (inherited from a launcher) makes the system reap the child itself."""
    out = _fresh(
        """
        import os, signal
        from kzreforms.site.aside import aside
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        print(aside(lambda: os.getpid()).result() != os.getpid())
        pending = aside(lambda: __import__("time").sleep(30))
        pending.cancel()
        print("cancelled")
        """
    )
    assert out == "True\ncancelled\n"


def test_a_failed_fork_runs_the_step_here_and_leaks_nothing() -> None:
    out = _fresh(
        """
        import os
        from kzreforms.site.aside import aside
        before = len(os.listdir("/proc/self/fd"))
        def no_fork():
            raise BlockingIOError(11, "Resource temporarily unavailable")
        os.fork = no_fork
        print(aside(lambda: os.getpid()).result() == os.getpid())
        print(len(os.listdir("/proc/self/fd")) == before)
        """
    )
    assert out == "True\nTrue\n"


def test_a_child_that_dies_half_way_is_undone_then_run_here(tmp_path: Path) -> None:
    leftover = tmp_path / "half-written"
    out = _fresh(
        f"""
        import os, signal
        from pathlib import Path
        from kzreforms.site.aside import aside
        parent, leftover = os.getpid(), Path({str(leftover)!r})
        def step():
            if os.getpid() != parent:  # the child: half the work, then killed
                leftover.write_text("half")
                os.kill(os.getpid(), signal.SIGKILL)
            return "done here"
        undone = []
        def undo():
            undone.append(leftover.exists())
            leftover.unlink()
        print(aside(step, undo=undo).result(), undone)
        """
    )
    assert out == "done here [True]\n"
    assert not leftover.exists()
