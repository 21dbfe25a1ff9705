"""kzreforms: a statement on Kazakhstan's democratic reforms as citable linked data.

The public face of the package. Heavy modules (rdflib, pyshacl) load on first
use of a name below, so ``kzreforms --help`` and ``--version`` start fast.

>>> import kzreforms
>>> kzreforms.query(sparql="ASK { ?claim a <https://w3id.org/kzreforms/ontology#Claim> }").boolean
True
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .dataset import graphs_of, load, select
    from .errors import (
        InputError,
        KzReformsError,
        OutputError,
        QueryError,
        RemoteContextError,
        ShapesError,
        StoreBusyError,
        StoreError,
        VerificationError,
    )
    from .exports import export, export_all
    from .formats import FORMATS, Format
    from .namespaces import BASE, CONTEXT_IRI, GRAPHS
    from .nanopub import claim_nanopub, export_nanopubs
    from .site import SiteReport, publish
    from .sparql import QueryResult, named_queries, query
    from .stores import LoadReport, load_into
    from .summary import DatasetInfo, info
    from .validation import ValidationReport, ValidationResult, validate

# Public name -> module that defines it (imported lazily by __getattr__).
_EXPORTS: dict[str, str] = {
    "BASE": "namespaces",
    "CONTEXT_IRI": "namespaces",
    "DatasetInfo": "summary",
    "FORMATS": "formats",
    "Format": "formats",
    "GRAPHS": "namespaces",
    "InputError": "errors",
    "KzReformsError": "errors",
    "LoadReport": "stores",
    "OutputError": "errors",
    "QueryError": "errors",
    "QueryResult": "sparql",
    "RemoteContextError": "errors",
    "ShapesError": "errors",
    "SiteReport": "site",
    "StoreBusyError": "errors",
    "StoreError": "errors",
    "VerificationError": "errors",
    "ValidationReport": "validation",
    "ValidationResult": "validation",
    "export": "exports",
    "export_all": "exports",
    "claim_nanopub": "nanopub",
    "export_nanopubs": "nanopub",
    "graphs_of": "dataset",
    "info": "summary",
    "load": "dataset",
    "load_into": "stores",
    "named_queries": "sparql",
    "publish": "site",
    "query": "sparql",
    "select": "dataset",
    "validate": "validation",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kzreforms' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
