"""The versions page: what changed in each version, read from the reviewed ``CHANGELOG.md``.

The change list lives in one place, ``CHANGELOG.md`` at the top of the repository
(packaged into the wheel beside the ontology). The file keeps to a small subset of
Markdown: a ``## X.Y.Z — YYYY-MM-DD`` heading per version, newest first, then
``- `` items (continued on lines indented by two spaces) or paragraphs; inline
code in backticks. Anything else is refused with the line that broke the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

CHANGELOG = "CHANGELOG.md"

_HEADING = re.compile(r"## ([0-9]+\.[0-9]+\.[0-9]+)(?: [—–-] ([0-9]{4}-[0-9]{2}-[0-9]{2}))?")


@dataclass(frozen=True)
class Text:
    """A run of text, inline code or not."""

    text: str
    code: bool = False


@dataclass(frozen=True)
class Version:
    """One version and its changes."""

    number: str
    date: str
    changes: tuple[tuple[Text, ...], ...]
    """Each change (a list item or a paragraph) as runs of text."""


def changelog_path() -> Path:
    """Where the packaged change list is (the repository's top folder, or the wheel's resources)."""
    from ..resources import resource_root

    return resource_root() / CHANGELOG


def read_versions(path: Path | None = None) -> tuple[Version, ...]:
    """Parse the change list at ``path`` (the packaged one by default), newest version first.

    :raises InputError: the file cannot be read or breaks the format (the message names the line).
    """
    path = path or changelog_path()
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read the change list ({err})") from err
    versions: list[Version] = []
    number = date = ""
    changes: list[list[str]] = []

    def close() -> None:
        if number:
            versions.append(Version(number, date, tuple(_inline(" ".join(c)) for c in changes)))

    item = False
    for n, line in enumerate(lines, 1):
        if line.startswith("## "):
            match = _HEADING.fullmatch(line)
            if match is None:
                raise InputError(f"{path}:{n}: a version heading is '## X.Y.Z — YYYY-MM-DD'")
            close()
            number, date, changes, item = match.group(1), match.group(2) or "", [], False
        elif not number or line.startswith("# "):
            continue  # the title and introduction before the first version
        elif not line.strip():
            item = False
        elif line.startswith("- "):
            changes.append([line[2:].strip()])
            item = True
        elif item and line.startswith("  "):
            changes[-1].append(line.strip())
        elif line.startswith(("#", "*", "+", ">", "|")) or line[:1].isspace():
            raise InputError(f"{path}:{n}: only '- ' items and paragraphs go under a version")
        elif changes and not item and lines[n - 2].strip():
            changes[-1].append(line.strip())
        else:
            changes.append([line.strip()])
    close()
    if not versions:
        raise InputError(f"{path}: no '## X.Y.Z — YYYY-MM-DD' version heading")
    return tuple(versions)


def _inline(text: str) -> tuple[Text, ...]:
    """Split ``text`` at backticks into plain runs and code runs."""
    parts = text.split("`")
    return tuple(Text(part, code=bool(i % 2)) for i, part in enumerate(parts) if part)


__all__ = ["CHANGELOG", "Text", "Version", "changelog_path", "read_versions"]
