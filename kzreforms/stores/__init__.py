"""Triple stores: loading the dataset into one, verified, and querying it.

:mod:`.load` loads into an embedded Oxigraph store or a SPARQL 1.1 Graph
Store, :mod:`.gsp` is the Graph Store client, :mod:`.verify` compares what
a store holds with what was sent, and :mod:`.swap` replaces an embedded
store's folder atomically.
"""

from .load import GraphLoad, LoadReport, load_into, query_store

__all__ = ["GraphLoad", "LoadReport", "load_into", "query_store"]
