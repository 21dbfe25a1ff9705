"""Where the packaged ontology, data, shapes, queries and JSON-LD context live.

In an installed wheel they are package resources under ``kzreforms/_resources``
(found with :mod:`importlib.resources`); in a source checkout they are the
top-level ``ontology/``, ``data/``, ``shapes/`` and ``queries/`` folders.

Each kind of source is loaded into its own named graph. A kind is a folder,
except where :data:`GRAPH_OF_FILE` sends one packaged file to another kind:
``data/context.ttl`` (what outside sources say) ships in ``data/`` but is the
``context`` graph, kept apart from the speaker's claims in the ``data`` graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:  # pragma: no cover - pathlib is imported when a resource is looked up
    from pathlib import Path

#: A graph by name: one packaged graph (a kind of source), or ``"all"`` of them.
GraphName = Literal["ontology", "data", "context", "shapes", "all"]

#: The ``graphs`` a function takes: a graph name or several.
Graphs = GraphName | Sequence[GraphName]

#: The kinds of hand-written sources, each loaded into its own named graph.
KINDS: tuple[str, ...] = get_args(GraphName)[:-1]

#: Packaged files that go into another kind's graph than their folder's: path → kind.
GRAPH_OF_FILE: dict[str, str] = {"data/context.ttl": "context"}

#: Every graph name, in the order they are documented.
SELECTIONS: tuple[GraphName, ...] = get_args(GraphName)

#: File name of the JSON-LD context, kept beside the ontology.
CONTEXT_FILE = "context.jsonld"


@cache
def resource_root() -> Path:
    """Return the folder that holds ``ontology/``, ``data/``, ``shapes/`` and ``queries/``.

    >>> (resource_root() / "ontology").is_dir()
    True
    """
    # Imported here: importlib.resources costs the command line's start-up a tenth of its time.
    from importlib.resources import as_file, files
    from pathlib import Path

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

    The files of a kind are its folder's, less those :data:`GRAPH_OF_FILE`
    sends elsewhere, plus those it sends to this kind.

    >>> [p.name for p in rdf_files("ontology")][:1]
    ['concepts.ttl']
    >>> [p.name for p in rdf_files("context")]
    ['context.ttl']
    """
    root = resource_root()
    folder = resource_dir(kind)
    own = sorted(folder.glob("*.ttl")) if folder.is_dir() else []
    moved = {root / name for name, target in GRAPH_OF_FILE.items() if target != kind}
    added = [root / name for name, target in GRAPH_OF_FILE.items() if target == kind]
    return sorted({*(p for p in own if p not in moved), *(p for p in added if p.is_file())})


def context_path() -> Path:
    """Return the path of the project's JSON-LD context file."""
    return resource_dir("ontology") / CONTEXT_FILE


def query_files() -> list[Path]:
    """Return the packaged competency-question SPARQL files, sorted by name."""
    folder = resource_dir("queries")
    return sorted(folder.glob("*.rq")) if folder.is_dir() else []
