"""Where the packaged ontology, data, shapes, queries and JSON-LD context live.

In an installed wheel they are package resources under ``kzreforms/_resources``
(found with :mod:`importlib.resources`); in a source checkout they are the
top-level ``ontology/``, ``data/``, ``shapes/`` and ``queries/`` folders.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

#: The folders of hand-written sources, each loaded into its own named graph.
KINDS: tuple[str, ...] = ("ontology", "data", "shapes")

#: The graph selections of ``--graph``: one packaged graph, or all graphs.
SELECTIONS: tuple[str, ...] = (*KINDS, "all")

#: File name of the JSON-LD context, kept beside the ontology.
CONTEXT_FILE = "context.jsonld"


@cache
def resource_root() -> Path:
    """Return the folder that holds ``ontology/``, ``data/``, ``shapes/`` and ``queries/``.

    >>> (resource_root() / "ontology").is_dir()
    True
    """
    packaged = files("kzreforms") / "_resources"
    if packaged.is_dir():
        # A wheel is always unpacked on disk, so as_file() returns the real folder.
        with as_file(packaged) as path:
            return Path(path)
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(
        "kzreforms' packaged resources are missing: reinstall the package (pip install kzreforms)"
    )


def resource_dir(kind: str) -> Path:
    """Return the folder of one kind of packaged source (``ontology``, ``data``, ``queries`` …)."""
    return resource_root() / kind


def rdf_files(kind: str) -> list[Path]:
    """Return the packaged Turtle files of one kind, in a stable (sorted) order.

    >>> [p.name for p in rdf_files("ontology")][:1]
    ['concepts.ttl']
    """
    folder = resource_dir(kind)
    return sorted(folder.glob("*.ttl")) if folder.is_dir() else []


def context_path() -> Path:
    """Return the path of the project's JSON-LD context file."""
    return resource_dir("ontology") / CONTEXT_FILE


def query_files() -> list[Path]:
    """Return the packaged competency-question SPARQL files, sorted by name."""
    folder = resource_dir("queries")
    return sorted(folder.glob("*.rq")) if folder.is_dir() else []
