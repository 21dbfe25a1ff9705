"""Exporting a graph selection in any supported RDF format, to text or to files."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Dataset, Graph

from .dataset import as_dataset, graphs_of, jsonld_context
from .errors import InputError
from .formats import FORMATS, get_format
from .output import write_atomic, write_files_atomic
from .resources import CONTEXT_FILE
from .writers import serialize


def _check_context_url(context_url: str) -> str:
    parts = urlsplit(context_url)
    if not parts.scheme or not (parts.netloc or parts.path) or any(c in context_url for c in " <>"):
        raise InputError(
            f"context_url {context_url!r}: give an absolute IRI such as "
            "https://example.org/context.jsonld"
        )
    return context_url


def export_bytes(
    dataset: Dataset | Graph | None = None,
    *,
    format: str = "turtle",
    graph: str = "all",
    context_url: str | None = None,
) -> bytes:
    """Serialize a graph selection deterministically and return UTF-8 bytes.

    See :func:`export` for the parameters.

    >>> export_bytes(format="nt", graph="ontology").startswith(b"<")
    True
    """
    fmt = get_format(format)
    graphs = graphs_of(as_dataset(dataset), graph)
    if fmt.rdflib_name != "json-ld":
        return serialize(graphs, fmt)
    reference = None if context_url is None else _check_context_url(context_url)
    return serialize(graphs, fmt, context=jsonld_context(), context_ref=reference)


def export(
    dataset: Dataset | Graph | None = None,
    *,
    format: str = "turtle",
    graph: str = "all",
    output: str | Path | None = None,
    context_url: str | None = None,
) -> str:
    """Export a graph selection as ``format`` and return the text; also write it to ``output``.

    :param dataset: what :func:`kzreforms.load` returned; the packaged dataset by default.
    :param format: ``turtle``, ``json-ld``, ``jsonld-framed``, ``nt``, ``nq``, ``trig`` or
        ``xml`` (aliases accepted).
    :param graph: ``data``, ``ontology``, ``shapes`` or ``all``.
    :param output: a file path, written atomically (a temporary file, then a rename; an
        existing file keeps its mode). A symbolic link has its target replaced; special
        files such as ``/dev/stdout`` are written through.
    :param context_url: JSON-LD only: refer to the context by this IRI instead of
        embedding it (the default, which any JSON-LD processor reads offline).
    :returns: the serialization, identical byte for byte on every run.

    >>> "@prefix kzr:" in export(format="turtle", graph="ontology")
    True
    """
    data = export_bytes(dataset, format=format, graph=graph, context_url=context_url)
    if output is not None:
        write_atomic(output, data)
    return data.decode("utf-8")


def export_all(
    directory: str | Path,
    dataset: Dataset | Graph | None = None,
    *,
    graph: str = "all",
    stem: str = "kzreforms",
    context_url: str | None = None,
) -> list[Path]:
    """Write the selection in every format into ``directory``, plus the JSON-LD context.

    Files are named ``{stem}{extension}`` (``.ttl .jsonld .nt .nq .trig .rdf``)
    and ``context.jsonld``. The set is written atomically: built in a sibling
    folder and moved in, so on any failure (a full disk, a signal) ``directory``
    is exactly as before. Other files in ``directory`` are left alone.
    Returns the paths written.

    >>> import tempfile
    >>> sorted(p.suffix for p in export_all(tempfile.mkdtemp(), graph="ontology"))
    ['.jsonld', '.jsonld', '.nq', '.nt', '.rdf', '.trig', '.ttl']
    """
    source = as_dataset(dataset)
    name = stem if graph == "all" else f"{stem}-{graph}"
    # Everything is serialized before the first write.
    payloads = {
        f"{name}{fmt.extension}": export_bytes(
            source, format=fmt.name, graph=graph, context_url=context_url
        )
        for fmt in FORMATS.values()
        if fmt.view_of is None
    }
    context = {"@context": jsonld_context()}
    payloads[CONTEXT_FILE] = (
        json.dumps(context, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    ).encode("utf-8")
    return write_files_atomic(directory, payloads)
