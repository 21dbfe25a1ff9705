"""Triple stores: loading the dataset into one, verified, and querying it.

:mod:`.protocol` says what a store must do; :mod:`.embedded` (an Oxigraph
store in a folder) and :mod:`.remote` (a SPARQL 1.1 Graph Store, through the
client in :mod:`.gsp`) do it. :mod:`.load` orchestrates a load, :mod:`.payloads`
builds what is sent, :mod:`.verify` compares what a store holds with it, and
:mod:`.swap` replaces an embedded store's folder atomically; :mod:`.query`
queries an embedded store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .embedded import EmbeddedStore
from .load import GraphLoad, LoadReport, VerificationError, as_store, load_into
from .protocol import Store
from .remote import RemoteStore, credentials

if TYPE_CHECKING:  # pragma: no cover - imported on first use: it needs rdflib
    from .query import query_store


def __getattr__(name: str) -> Any:
    if name == "query_store":  # rdflib's terms and the packaged dataset: not needed to load
        from .query import query_store

        return query_store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "EmbeddedStore",
    "GraphLoad",
    "LoadReport",
    "RemoteStore",
    "Store",
    "VerificationError",
    "as_store",
    "credentials",
    "load_into",
    "query_store",
]
