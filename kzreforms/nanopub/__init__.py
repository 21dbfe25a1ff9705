"""Nanopublications: each claim as its own signed-off, trusty-URI nanopublication.

:mod:`.claims` picks a claim's assertion, provenance and publication info,
:mod:`.assemble` builds a nanopublication's graphs, and :mod:`.trusty`
computes trusty URIs (the RA module) over them.
"""

from .claims import claim_nanopub, export_nanopubs

__all__ = ["claim_nanopub", "export_nanopubs"]
