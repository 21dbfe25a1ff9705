"""Exporting a graph selection in any supported RDF format, to text or to files."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Dataset, Graph

from .dataset import as_dataset, graph_names, graphs_of, jsonld_context, load
from .errors import InputError
from .formats import FORMATS, Format, FormatName, InputFormatName, get_format
from .lines import sorted_lines, streamed_export, streamed_jsonld
from .output import write_atomic, write_files_atomic
from .resources import CONTEXT_FILE, Graphs
from .writers import serialize


def _check_context_url(context_url: str) -> str:
    parts = urlsplit(context_url)
    if not parts.scheme or not (parts.netloc or parts.path) or any(c in context_url for c in " <>"):
        raise InputError(
            f"context_url {context_url!r}: give an absolute IRI such as "
            "https://example.org/context.jsonld",
            parameter="context_url",
        )
    return context_url


def export_bytes(
    dataset: Dataset | Graph | None = None,
    *,
    format: FormatName = "turtle",
    graphs: Graphs = "all",
    context_url: str | None = None,
) -> bytes:
    """Serialize the graphs ``graphs`` names deterministically and return UTF-8 bytes.

    See :func:`export` for the parameters.

    >>> export_bytes(format="nt", graphs="ontology").startswith(b"<")
    True
    """
    return _serialize(as_dataset(dataset), get_format(format), graphs, context_url)


def _serialize(source: Dataset, fmt: Format, graphs: Graphs, context_url: str | None) -> bytes:
    chosen = graphs_of(source, graphs=graphs)
    if fmt.rdflib_name != "json-ld":
        return serialize(chosen, fmt)
    reference = None if context_url is None else _check_context_url(context_url)
    return serialize(chosen, fmt, context=jsonld_context(), context_ref=reference)


def export_files(
    paths: Sequence[Path],
    *,
    format: FormatName = "turtle",
    graphs: Graphs = "all",
    input_format: InputFormatName | None = None,
    context_url: str | None = None,
) -> list[bytes]:
    """:func:`export_bytes` of :func:`~kzreforms.dataset.load` of the files ``paths``, in pieces.

    Written one after the other, the pieces are the export. Line-based files skip
    rdflib's graph where they can, in every format but the framed JSON-LD view
    (:mod:`kzreforms.lines`): the same bytes in a fraction of the time and memory.
    """
    fmt = get_format(format)
    if graphs == "all":
        rows = sorted_lines(paths, fmt, input_format)
        if rows is not None:
            return rows
        if fmt.writer == "json-ld":
            reference = None if context_url is None else _check_context_url(context_url)
            data = streamed_jsonld(paths, jsonld_context(), reference, input_format)
        else:
            data = streamed_export(paths, fmt, input_format)
        if data is not None:
            return data
    source = load(list(paths), input_format=input_format)
    return [export_bytes(source, format=format, graphs=graphs, context_url=context_url)]


def export(
    dataset: Dataset | Graph | None = None,
    *,
    format: FormatName = "turtle",
    graphs: Graphs = "all",
    output: str | Path | None = None,
    context_url: str | None = None,
) -> str:
    """Export the graphs ``graphs`` names as ``format`` and return the text; also write ``output``.

    :param dataset: what :func:`kzreforms.load` returned; the packaged dataset by default.
    :param format: ``turtle``, ``json-ld``, ``jsonld-framed``, ``nt``, ``nq``, ``trig`` or
        ``xml`` (aliases accepted).
    :param graphs: ``data``, ``context``, ``ontology``, ``shapes``, several of them, or ``all``.
    :param output: a file path, written atomically (a temporary file, then a rename; an
        existing file keeps its mode). A symbolic link has its target replaced; special
        files such as ``/dev/stdout`` are written through.
    :param context_url: JSON-LD only: refer to the context by this IRI instead of
        embedding it (the default, which any JSON-LD processor reads offline).
    :returns: the serialization, identical byte for byte on every run.

    >>> "@prefix kzr:" in export(format="turtle", graphs="ontology")
    True
    """
    data = export_bytes(dataset, format=format, graphs=graphs, context_url=context_url)
    if output is not None:
        write_atomic(output, data)
    return data.decode("utf-8")


def export_all(
    dataset: Dataset | Graph | None = None,
    *,
    output: str | Path,
    graphs: Graphs = "all",
    stem: str = "kzreforms",
    context_url: str | None = None,
) -> list[Path]:
    """Write the graphs ``graphs`` names in every format into the folder ``output``.

    Files are named ``{stem}{extension}`` (``.ttl .jsonld .nt .nq .trig .rdf``),
    or ``{stem}-{graph}{extension}`` for graphs other than ``"all"``, beside the
    JSON-LD context, ``context.jsonld``. The set is written atomically: built in
    a sibling folder and moved in, so on any failure (a full disk, a signal)
    ``output`` is exactly as before. Other files in ``output`` are left alone.
    Returns the paths written.

    >>> import tempfile
    >>> sorted(p.suffix for p in export_all(output=tempfile.mkdtemp(), graphs="ontology"))
    ['.jsonld', '.jsonld', '.nq', '.nt', '.rdf', '.trig', '.ttl']
    """
    source = as_dataset(dataset)
    names = graph_names(graphs)
    name = stem if "all" in names else "-".join([stem, *names])
    # Everything is serialized before the first write.
    payloads = {
        f"{name}{fmt.extension}": _serialize(source, fmt, names, context_url)
        for fmt in FORMATS.values()
        if fmt.view_of is None
    }
    context = {"@context": jsonld_context()}
    payloads[CONTEXT_FILE] = (
        json.dumps(context, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    ).encode("utf-8")
    return write_files_atomic(output, payloads)
