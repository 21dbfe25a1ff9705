"""Swapping a freshly built store folder in place of the old one, at once.

An embedded store is rebuilt beside itself (``.NAME.kzreforms-load-…``) and then
put in place with ``renameat2(RENAME_EXCHANGE)`` on Linux, so the folder holds
the old store or the new one and is never missing or half-written. Where the
exchange is not supported, two renames are used.

One load at a time builds beside a store: it holds a lock (``flock`` on
``.NAME.kzreforms-lock`` beside the folder) from before it reads the old store until
the new one is in place. Two loads at once would each build from the same old store,
and the later swap would silently drop what the earlier one loaded; the second load is
refused instead. Under that lock, a work folder beside the store can only be a leftover
of a load that was killed, and is removed.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreBusyError, StoreError, one_line

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX system: no lock
    fcntl = None  # type: ignore[assignment]

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2

#: The lock file beside a store folder ``NAME``: ``.NAME{LOCK}``.
LOCK = ".kzreforms-lock"
#: The old store's folder while two renames swap a new one in (``work`` + this).
_OLD = "-old"
#: What ``flock`` answers on a file system that has no locks (some network and FUSE ones).
_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL}


@contextmanager
def exclusive(directory: Path) -> Iterator[None]:
    """Hold the lock of the store folder ``directory`` (whose parent exists) while inside.

    :raises StoreBusyError: another load holds it, in this process or another. The
        system lets go of a lock when its process ends, however it ends; the lock file
        itself is removed on the way out. On a file system without locks, nothing is held.
    :raises StoreError: the lock file cannot be made.
    """
    path = directory.parent / f".{directory.name}{LOCK}"
    try:
        handle = _lock(path)
    except BlockingIOError:
        raise StoreBusyError(
            f"{directory}: another load into this store is running; "
            "wait for it to end and load again (the store was left as it was)"
        ) from None
    except OSError as err:
        raise StoreError(
            f"{directory}: cannot lock the store for the load ({one_line(err)}); "
            "the store was left as it was"
        ) from err
    try:
        yield
    finally:
        if handle is not None:
            try:
                path.unlink(missing_ok=True)
            finally:
                os.close(handle)


def _lock(path: Path) -> int | None:
    """Take the lock on the file ``path``: its handle, or None where there are no locks.

    :raises BlockingIOError: another holds it.
    """
    if fcntl is None:  # pragma: no cover
        return None
    while True:
        # Read-only is enough for flock: a lock file another user's load left is no obstacle.
        handle = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # The holder before may have removed the file as it let go: the lock that
            # counts is the one on the file now at the path.
            if _same_file(handle, path):
                return handle
        except OSError as err:
            os.close(handle)
            if err.errno not in _NO_LOCKS:  # BlockingIOError (held) included
                raise
            path.unlink(missing_ok=True)  # a file system without locks: load as before
            return None
        except BaseException:  # Ctrl-C: a handle kept open would hold the lock until exit
            os.close(handle)
            raise
        os.close(handle)


def _same_file(handle: int, path: Path) -> bool:
    try:
        there = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(handle)
    return (held.st_dev, held.st_ino) == (there.st_dev, there.st_ino)


def clean_leftovers(directory: Path, marker: str) -> None:
    """Remove ``.NAME{marker}*`` folders beside ``directory`` (loads killed before cleaning up).

    Call it holding the lock (:func:`exclusive`): no running load has a folder there then.
    Where ``directory`` itself is missing, a load was killed between the two renames of
    :func:`swap_in` (on a system without ``RENAME_EXCHANGE``): the old store, in the
    newest ``…-old`` folder, is put back first.
    """
    if not directory.parent.is_dir():
        return
    if not os.path.lexists(directory):
        olds = [
            (old.lstat().st_mtime_ns, old.name, old)
            for old in directory.parent.glob(f".{directory.name}{marker}*{_OLD}")
            if old.is_dir() and not old.is_symlink()
        ]
        if olds:
            os.rename(max(olds)[2], directory)
    for leftover in directory.parent.glob(f".{directory.name}{marker}*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def swap_in(work: Path, directory: Path) -> None:
    """Put the folder ``work`` in the place of ``directory``, then remove the old content.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "new").mkdir(); _ = (root / "new" / "a").write_text("new")
    >>> (root / "old").mkdir(); _ = (root / "old" / "a").write_text("old")
    >>> swap_in(root / "new", root / "old")
    >>> (root / "old" / "a").read_text(), (root / "new").exists()
    ('new', False)
    """
    if directory.is_dir() and any(directory.iterdir()):
        if not _exchange(work, directory):
            old = work.with_name(work.name + _OLD)
            os.rename(directory, old)
            os.rename(work, directory)
            work = old
        shutil.rmtree(work, ignore_errors=True)
        return
    if directory.is_dir():
        directory.rmdir()
    os.rename(work, directory)


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not glibc 2.28+ on Linux
        return None
    path, fd = ctypes.c_char_p, ctypes.c_int
    function.argtypes = [fd, path, fd, path, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically; ``False`` when the system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(b))
