"""Exporting a graph selection in any supported RDF format, to text or to files."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph

from .dataset import CONTEXT_IRI, as_dataset, graphs_of, jsonld_context
from .errors import OutputError
from .formats import FORMATS, get_format
from .output import write_atomic
from .writers import serialize


def export_bytes(
    dataset: Dataset | Graph | None = None,
    *,
    format: str = "turtle",
    graph: str = "all",
    inline_context: bool = False,
) -> bytes:
    """Serialize a graph selection deterministically and return UTF-8 bytes.

    See :func:`export` for the parameters.

    >>> export_bytes(format="nt", graph="ontology").startswith(b"<")
    True
    """
    fmt = get_format(format)
    graphs = graphs_of(as_dataset(dataset), graph)
    if fmt.name != "json-ld":
        return serialize(graphs, fmt)
    context = jsonld_context()
    return serialize(
        graphs, fmt, context=context, context_ref=None if inline_context else CONTEXT_IRI
    )


def export(
    dataset: Dataset | Graph | None = None,
    *,
    format: str = "turtle",
    graph: str = "all",
    output: str | Path | None = None,
    inline_context: bool = False,
) -> str:
    """Export a graph selection as ``format`` and return the text; also write it to ``output``.

    :param dataset: what :func:`kzreforms.load` returned; the packaged dataset by default.
    :param format: ``turtle``, ``json-ld``, ``nt``, ``nq``, ``trig`` or ``xml`` (aliases accepted).
    :param graph: ``data``, ``ontology``, ``shapes`` or ``all``.
    :param output: a file path; written atomically (a temporary file, then a rename).
    :param inline_context: JSON-LD only: embed the context instead of referring to
        ``https://w3id.org/kzreforms/context.jsonld``.
    :returns: the serialization, identical byte for byte on every run.

    >>> "@prefix kzr:" in export(format="turtle", graph="ontology")
    True
    """
    data = export_bytes(dataset, format=format, graph=graph, inline_context=inline_context)
    if output is not None:
        write_atomic(output, data)
    return data.decode("utf-8")


def export_all(
    directory: str | Path,
    dataset: Dataset | Graph | None = None,
    *,
    graph: str = "all",
    stem: str = "kzreforms",
    inline_context: bool = False,
) -> list[Path]:
    """Write the selection in every format into ``directory``, plus the JSON-LD context.

    Files are named ``{stem}{extension}`` (``.ttl .jsonld .nt .nq .trig .rdf``)
    and ``context.jsonld``; each is written atomically. Returns the paths written.

    >>> import tempfile
    >>> sorted(p.suffix for p in export_all(tempfile.mkdtemp(), graph="ontology"))
    ['.jsonld', '.jsonld', '.nq', '.nt', '.rdf', '.trig', '.ttl']
    """
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder; give a folder for --all")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{folder}: cannot create the folder ({err.strerror})") from None
    source = as_dataset(dataset)
    name = stem if graph == "all" else f"{stem}-{graph}"
    payloads = {
        folder / f"{name}{fmt.extension}": export_bytes(
            source, format=fmt.name, graph=graph, inline_context=inline_context
        )
        for fmt in FORMATS.values()
    }
    context = {"@context": jsonld_context()}
    payloads[folder / "context.jsonld"] = (
        json.dumps(context, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    ).encode("utf-8")
    # Everything is serialized before the first write, so a failure writes nothing.
    return [write_atomic(path, data) for path, data in payloads.items()]
