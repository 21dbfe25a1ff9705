"""One build step run aside, in a forked child process, while the build goes on.

``publish`` spends about half its time on ``dist/`` (six exports and the validation)
and the rest on thousands of pages; neither needs the other until the home and
downloads pages. :func:`aside` forks, runs the step in the child (which writes its
files below the same build folder and sends its result back, pickled, through a
pipe), and returns at once; :meth:`Pending.result` waits for it.

Where forking is not safe, the step simply runs at once, in this process: on
other systems than Linux, and when the process has other threads (a fork copies
only the calling thread, and whatever lock another thread holds stays held). A
child that fails sends nothing back, and the step then runs again here, so its
error is raised as it would be without the child, never a pickled copy of it.
The bytes written are the same either way.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Pending(Generic[T]):
    """The result of a step started by :func:`aside`."""

    def __init__(
        self,
        task: Callable[[], T],
        pid: int | None,
        pipe: int | None,
        undo: Callable[[], None] | None = None,
    ) -> None:
        self._task = task
        self._pid = pid
        self._pipe = pipe
        self._undo = undo

    def result(self) -> T:
        """Wait for the step and return what it returned (or run it here if the child failed)."""
        if self._pid is None:
            return self._task()
        assert self._pipe is not None
        with os.fdopen(self._pipe, "rb") as stream:
            self._pipe = None
            data = stream.read()  # to the end: the child has closed the pipe, or died
        succeeded = self._reap() and bool(data)
        if succeeded:
            try:
                value: T = pickle.loads(data)
                return value
            except Exception:  # noqa: BLE001 - cut short: the step runs here instead
                pass
        if self._undo is not None:
            self._undo()  # what a child that died half-way left behind
        return self._task()  # the step raises here what it raised there

    def cancel(self) -> None:
        """Stop the child if it still runs, and wait until it has gone: it writes nothing after."""
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):  # unreaped, it cannot be gone
                os.kill(self._pid, signal.SIGKILL)
            self._reap()

    def _reap(self) -> bool:
        """Wait for the child to end; whether it ended well (unknown, with SIGCHLD ignored: yes).

        Signals are held back meanwhile, so that the child is never waited for twice
        nor its number signalled once it may belong to another process.
        """
        held = {signal.SIGINT, signal.SIGTERM}
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            assert self._pid is not None
            try:
                _, status = os.waitpid(self._pid, 0)
            except ChildProcessError:  # SIGCHLD ignored: the system reaped it already
                status = 0
            self._pid = None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        return status == 0


def can_fork() -> bool:
    """Whether :func:`aside` runs a step in a child: Linux, and no other thread in the process.

    Threads started by native code (a Rust or C library) count too: Linux lists every
    thread of the process in ``/proc/self/task``.
    """
    if sys.platform != "linux" or not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # pragma: no cover - no /proc
        return False


def aside(task: Callable[[], T], *, undo: Callable[[], None] | None = None) -> Pending[T]:
    """Start ``task`` in a forked child (see the module's notes); call ``result()`` or ``cancel()``.

    ``task``'s changes to objects of this process are lost in the child: what the
    caller needs must be in what it returns (which must pickle). ``undo`` removes
    what a child that failed half-way left, before the step runs again here.
    """
    if not can_fork():
        return _here(task)
    readable, writable = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to be had (EAGAIN, ENOMEM): the step runs here
        os.close(readable)
        os.close(writable)
        return _here(task)
    if pid == 0:  # pragma: no cover - the child (coverage does not follow it)
        status = 1
        try:
            os.close(readable)
            for signum in (signal.SIGINT, signal.SIGTERM):  # the parent cleans up
                signal.signal(signum, signal.SIG_DFL)
            data = pickle.dumps(task(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writable, "wb") as stream:
                stream.write(data)
            status = 0
        finally:
            os._exit(status)  # no clean-up of the parent's: it owns the build folder
    os.close(writable)
    return Pending(task, pid, readable, undo)


def _here(task: Callable[[], T]) -> Pending[T]:
    """Run ``task`` at once, in this process; its result is the pending one."""
    value = task()
    return Pending(lambda: value, None, None)


__all__ = ["Pending", "aside", "can_fork"]
