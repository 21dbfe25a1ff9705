"""Work on a helper thread beside the calling one, never left running under a store.

A load reads a store on two threads, and loads a file on one while it builds what
the store is compared with: :func:`beside` runs the two, and returns only once the
helper is done (a store must not be closed or removed while a thread uses it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from ..output import signals_held

_T = TypeVar("_T")
_U = TypeVar("_U")


def beside(
    task: Callable[[threading.Event], _T], work: Callable[[], _U], *, name: str
) -> tuple[_T, _U]:
    """Run ``task`` on a thread while this one does ``work``; return both results.

    ``task`` is given an event that is set when ``work`` fails or Ctrl-C is pressed:
    it should stop soon after. Either way this returns (or raises) only once the
    thread is done with the store, which must not be closed or removed under it.
    """
    box: list[_T] = []
    failure: list[BaseException] = []
    finished = threading.Event()
    halt = threading.Event()

    def run() -> None:
        try:
            box.append(task(halt))
        except BaseException as err:  # raised again below, in the caller's thread
            failure.append(err)
        finally:
            finished.set()

    helper = threading.Thread(target=run, name=name, daemon=True)
    with signals_held():  # a Ctrl-C at the start would leave the thread unwaited for
        helper.start()  # born with them held, the thread leaves them to this one
    try:
        done = work()
    except BaseException:
        halt.set()
        raise
    finally:
        wait_for(helper, finished=finished, halt=halt)
    if failure:
        raise failure[0]
    return box[0], done


def wait_for(
    thread: threading.Thread, *, finished: threading.Event, halt: threading.Event | None = None
) -> None:
    """Wait until ``thread`` has set ``finished``; a Ctrl-C meanwhile sets ``halt``, and is
    raised once it has.

    A store another thread still reads must not be closed or removed under it. The
    wait is on an event, not on ``Thread.join``: a Ctrl-C that interrupts ``join``
    leaves the thread marked as ended while it still runs (CPython's bpo-45274 fix).
    """
    stopped: BaseException | None = None
    while not finished.is_set():
        try:
            finished.wait()
        except BaseException as err:  # KeyboardInterrupt, or the CLI's Signalled
            if halt is not None:
                halt.set()
            stopped = stopped or err
    thread.join()  # it has let go of the store; only its last bytecodes are left
    if stopped is not None:
        raise stopped


__all__ = ["beside", "wait_for"]
