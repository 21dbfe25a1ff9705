"""Swapping a freshly built store folder in place of the old one, at once.

An embedded store is rebuilt beside itself (``.NAME.kzreforms-load-…``) and then
put in place with ``renameat2(RENAME_EXCHANGE)`` on Linux, so the folder holds
the old store or the new one and is never missing or half-written. Where the
exchange is not supported, two renames are used; a leftover work folder of a
process that was killed is removed by the next load.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import shutil
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def clean_leftovers(directory: Path, marker: str) -> None:
    """Remove ``.NAME{marker}*`` folders beside ``directory`` (loads killed before cleaning up)."""
    if not directory.parent.is_dir():
        return
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
            old = work.with_name(work.name + "-old")
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
