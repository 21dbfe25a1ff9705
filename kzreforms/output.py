"""Safe output: a failure or a signal never leaves a half-written file or folder behind.

- A regular file is replaced atomically (a temporary file beside it, then a rename)
  and keeps the mode (and, where allowed, the owner) of the file it replaces.
- A symbolic link is followed: its final target is replaced atomically, the link stays.
- A special file (``/dev/null``, ``/dev/stdout``, a FIFO, a terminal) is written through,
  never replaced by a regular file.
- A set of files (``export --all``) is built in a sibling folder and moved in with
  SIGINT and SIGTERM held back, so the folder ends up wholly old or wholly new.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import stat
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError, one_line

#: Mode of a file or folder that did not exist before (the owner's umask is not consulted).
NEW_FILE_MODE = 0o644
NEW_FOLDER_MODE = 0o755

_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while a few renames run; they arrive right after.

    >>> with signals_held():
    ...     pass
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _reason(err: OSError) -> str:
    return one_line(err.strerror or err)


def _is_stream(path: Path) -> bool:
    """True for paths that must be written through: devices, FIFOs, ``/dev/…``, ``/proc/…``."""
    absolute = os.path.abspath(path)
    if absolute.startswith(("/dev/", "/proc/")) and not absolute.startswith("/dev/shm/"):
        return True
    try:
        mode = os.stat(path).st_mode  # follows symbolic links
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


#: What is written: bytes, or pieces of bytes written one after the other.
Payload = bytes | Sequence[bytes]


def _write(stream: BinaryIO, data: Payload) -> None:
    if isinstance(data, bytes | bytearray | memoryview):
        stream.write(data)
    else:
        stream.writelines(data)


def _write_through(path: Path, data: Payload) -> Path:
    try:
        with open(path, "wb") as stream:
            _write(stream, data)
    except OSError as err:
        raise OutputError(f"{path}: cannot be written ({_reason(err)})") from err
    return path


def _temporary_name(folder: Path, name: str, kind: str = "tmp") -> Path:
    return folder / f".{name}.{secrets.token_hex(6)}.{kind}"


def _write_new(path: Path, data: Payload, mode: int) -> None:
    """Create ``path`` (which must not exist), write ``data``, flush it to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as stream:
        _write(stream, data)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(path, mode)


def _keep_owner(path: Path, previous: os.stat_result | None) -> None:
    if previous is None:
        return
    with contextlib.suppress(OSError):  # only root may give a file away; keep what we can
        os.chown(path, previous.st_uid, previous.st_gid)


def write_atomic(path: str | Path, data: Payload) -> Path:
    """Write ``data`` (bytes, or pieces in order) to ``path``; a failure leaves the old content.

    A regular file is replaced through a temporary file and a rename and keeps its
    mode; a symbolic link has its target replaced; ``/dev/null``, ``/dev/stdout`` and
    other special files are written through.

    :returns: the path written (a symbolic link's target).
    :raises OutputError: the folder does not exist or cannot be written, or the disk is full.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> write_atomic(target, b"ok").read_bytes()
    b'ok'
    """
    given = Path(path)
    if _is_stream(given):
        return _write_through(given, data)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    if target != given and _is_stream(target):
        return _write_through(target, data)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{given}: the folder {folder} does not exist; create it first")
    if target.is_dir():
        raise OutputError(f"{given}: is a folder; give a file name")
    previous = _stat_or_none(target)
    mode = stat.S_IMODE(previous.st_mode) if previous is not None else NEW_FILE_MODE
    temporary = _temporary_name(folder, target.name)
    try:
        _write_new(temporary, data, mode)
        _keep_owner(temporary, previous)
        with signals_held():
            os.replace(temporary, target)
    except BaseException as err:
        if not isinstance(err, FileExistsError):
            with signals_held():
                temporary.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise OutputError(f"{given}: cannot be written ({_reason(err)})") from err
        raise
    return target


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        result = os.stat(path)
    except OSError:
        return None
    return result if stat.S_ISREG(result.st_mode) else None


def write_files_atomic(directory: str | Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write a set of files into ``directory``: all of them, or (on any failure) none.

    The files are written into a sibling build folder first; then each is moved into
    ``directory`` with SIGINT and SIGTERM held back, replacing a file of the same
    name (whose mode is kept). Other files in ``directory`` are left alone. On a
    failure every replaced file is put back and the build folder is removed.

    :param files: file names (no folders) and their contents.
    :returns: the paths written, in the order of ``files``.
    :raises OutputError: ``directory`` is not a folder or cannot be written.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> [p.name for p in write_files_atomic(folder, {"a.txt": b"a", "b.txt": b"b"})]
    ['a.txt', 'b.txt']
    """
    given = Path(directory)
    folder = Path(os.path.realpath(given))
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{given}: exists and is not a folder; give a folder")
    created = _make_parents(given, folder.parent)
    build = _temporary_name(folder.parent, folder.name, "build")
    try:
        try:
            os.mkdir(build, 0o700)
            for name, data in files.items():
                previous = _stat_or_none(folder / name)
                mode = stat.S_IMODE(previous.st_mode) if previous is not None else NEW_FILE_MODE
                _write_new(build / name, data, mode)
                _keep_owner(build / name, previous)
        except OSError as err:
            raise OutputError(f"{given}: cannot be written ({_reason(err)})") from err
        with signals_held():
            _move_in(build, folder, list(files), given)
    except BaseException:
        with signals_held():
            shutil.rmtree(build, ignore_errors=True)
            for made in created:
                with contextlib.suppress(OSError):
                    made.rmdir()
        raise
    return [folder / name for name in files]


def _make_parents(given: Path, parent: Path) -> list[Path]:
    """Create the missing folders above the output folder; return them, deepest first."""
    missing = []
    probe = parent
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{given}: cannot create the folder ({_reason(err)})") from err
    return missing


def _move_in(build: Path, folder: Path, names: list[str], given: Path) -> None:
    """Move the finished files in place; on any failure put every old file back."""
    if not folder.exists():
        try:
            os.chmod(build, NEW_FOLDER_MODE)
            os.rename(build, folder)  # a new folder: one rename
        except OSError as err:
            raise OutputError(f"{given}: cannot put the files in place ({_reason(err)})") from err
        return
    done: list[tuple[str, Path | None]] = []
    try:
        for name in names:
            backup: Path | None = None
            if (folder / name).exists() or (folder / name).is_symlink():
                backup = build / f".{name}.old"
                os.link(folder / name, backup, follow_symlinks=False)
            os.replace(build / name, folder / name)
            done.append((name, backup))
    except OSError as err:
        for name, backup in reversed(done):
            with contextlib.suppress(OSError):
                if backup is None:
                    os.unlink(folder / name)
                else:
                    os.replace(backup, folder / name)
        raise OutputError(f"{given}: cannot put the files in place ({_reason(err)})") from err
    shutil.rmtree(build, ignore_errors=True)
