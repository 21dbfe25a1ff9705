"""SHACL validation with pyshacl, behind a typed, immutable report.

The data graph handed to pyshacl is the data plus the ontology, so that the
ontology's ``rdfs:subClassOf`` hierarchy counts for targets and ``sh:class``
(SHACL follows it in the data graph). No RDFS/OWL inference is run: typing
nodes from ``rdfs:domain``/``rdfs:range`` would change what is checked.
pyshacl is imported here only, when a validation actually runs.
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from typing import Literal as Choice

from rdflib import RDF, SH, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from .dataset import GRAPHS, graphs_of, load_packaged
from .errors import InputError, KzReformsError, ShapesError, one_line
from .formats import get_format
from .graphs import mentions_service, offline_sparql, union_graph
from .quotecheck import add_results, focus_nodes, quote_rows, split_quote_constraints
from .writers import serialize

#: Severity names, from most to least severe.
SEVERITIES: tuple[str, ...] = ("Violation", "Warning", "Info")


_SHACL_SPEC = "https://www.w3.org/TR/shacl/"


@dataclass(frozen=True)
class ValidationResult:
    """One ``sh:ValidationResult``: which node broke which constraint, and how to fix it."""

    focus_node: str
    path: str | None
    value: str | None
    severity: str
    """``Violation``, ``Warning`` or ``Info``."""
    message: str
    source_shape: str
    constraint_component: str


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`.

    ``conforms`` follows the SHACL specification: true only when there is no
    result of any severity. Use :meth:`fails` to decide with a threshold.
    """

    conforms: bool
    results: tuple[ValidationResult, ...]
    graph: Graph = field(repr=False, compare=False)
    """The ``sh:ValidationReport`` as an RDF graph."""

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        """The results of severity ``Violation``."""
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        """The results of severity ``Warning``."""
        return tuple(r for r in self.results if r.severity == "Warning")

    def fails(self, on: Choice["violation", "warning", "info"] = "violation") -> bool:
        """Return True when a result is at least as severe as ``on``.

        >>> validate().fails()
        False
        """
        levels = {"violation": 1, "warning": 2, "info": 3}.get(on)
        if levels is None:
            raise InputError(
                f"unknown severity {on!r}: choose violation, warning or info", parameter="on"
            )
        return any(r.severity in SEVERITIES[:levels] for r in self.results)

    def text(self) -> str:
        """Render the report for people: a summary line, then the results grouped by focus node."""
        counts = {s: sum(r.severity == s for r in self.results) for s in SEVERITIES}
        summary = ", ".join(
            f"{n} {s.lower()}{'s' if n != 1 else ''}" for s, n in counts.items() if n
        )
        if not self.results:
            return "Conforms: no violations, no warnings.\n"
        head = "Does not conform" if counts["Violation"] else "Does not conform (no violations)"
        lines = [f"{head}: {summary}."]
        groups: dict[str, list[ValidationResult]] = defaultdict(list)
        for result in self.results:
            groups[result.focus_node].append(result)
        for focus in sorted(groups):
            lines.append("")
            lines.append(focus)
            for r in groups[focus]:
                where = f" {r.path}" if r.path else ""
                value = f" = {r.value}" if r.value is not None else ""
                lines.append(f"  {r.severity}{where}{value}")
                lines.append(f"    {r.message}")
                lines.append(f"    (shape {r.source_shape}, {r.constraint_component})")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """Render the report as JSON for scripts (stable key and result order)."""
        document = {
            "conforms": self.conforms,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
            "results": [
                {
                    "focusNode": r.focus_node,
                    "resultPath": r.path,
                    "value": r.value,
                    "severity": r.severity,
                    "message": r.message,
                    "sourceShape": r.source_shape,
                    "sourceConstraintComponent": r.constraint_component,
                }
                for r in self.results
            ],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def to_turtle(self) -> str:
        """Render the report as a standard ``sh:ValidationReport`` in Turtle."""
        return serialize([self.graph], get_format("turtle")).decode("utf-8")

    def serialize(self, format: str = "text") -> str:
        """Render the report as ``text``, ``turtle`` or ``json``."""
        renderers = {"text": self.text, "turtle": self.to_turtle, "json": self.to_json}
        if format not in renderers:
            raise InputError(
                f"unknown report format {format!r}: choose one of {', '.join(renderers)}",
                parameter="format",
            )
        return renderers[format]()


def validate(
    dataset: Dataset | Graph | None = None,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    check_shapes: bool = False,
    inplace: bool = False,
) -> ValidationReport:
    """Validate data against SHACL shapes and return a :class:`ValidationReport`.

    :param dataset: a dataset from :func:`kzreforms.load` or a graph. For the
        packaged dataset (the default), its data and context graphs are validated; for any
        other dataset, the union of its graphs except packaged ontology and shapes graphs.
    :param shapes: the shapes graph; the packaged shapes by default.
    :param ontology: the ontology whose class hierarchy counts; the packaged one by default.
    :param check_shapes: also validate the shapes against the SHACL-for-SHACL
        shapes of the specification (always done for ``shapes`` you give).
    :param inplace: add the ontology's triples to ``dataset`` instead of copying
        it first: faster for large data, but ``dataset`` is changed.
    :raises ShapesError: the shapes graph is not valid SHACL.

    Not thread-safe: while it runs, pyshacl's logger is quietened, two of pyshacl's
    internals are swapped for faster equivalents and rdflib's SPARQL engine may not
    fetch ``FROM`` graphs; all are put back when it returns, but two validations in
    threads of one process could put them back in the wrong order. Use processes.

    >>> report = validate()
    >>> report.conforms, len(report.results)
    (True, 0)
    """
    # A dataset given as shapes or ontology counts as the union of its graphs.
    shapes = union_graph(list(shapes.graphs())) if isinstance(shapes, Dataset) else shapes
    ontology = union_graph(list(ontology.graphs())) if isinstance(ontology, Dataset) else ontology
    needed = [
        kind
        for kind, given in (
            ("ontology", ontology),
            ("data", dataset),
            ("context", dataset),
            ("shapes", shapes),
        )
        if given is None
    ]
    packaged = load_packaged(needed) if needed else None
    graphs = _data_graphs(dataset if dataset is not None else packaged)
    shapes_graph = shapes if shapes is not None else graphs_of(packaged, graphs="shapes")[0]
    ontology_graph = ontology if ontology is not None else graphs_of(packaged, graphs="ontology")[0]
    if (inplace or dataset is None) and len(graphs) == 1:
        target = graphs[0]
        target += ontology_graph
    else:
        target = union_graph([*graphs, ontology_graph])
    # Shapes other than the packaged (tested) ones are checked against SHACL-for-SHACL.
    return _run(target, shapes_graph, check_shapes=check_shapes or shapes is not None)


def _data_graphs(data: Dataset | Graph | None) -> list[Graph]:
    assert data is not None
    if not isinstance(data, Dataset):
        return [data]
    # The shipped data graph and the context graph beside it are validated together:
    # context notes point at claims, and the shapes check that they stay apart.
    shipped = [data.graph(GRAPHS[kind]) for kind in ("data", "context")]
    if len(shipped[0]):
        return [graph for graph in shipped if len(graph)]
    skip = {GRAPHS["shapes"], GRAPHS["ontology"]}
    return [g for g in data.graphs() if len(g) and g.identifier not in skip]


def _run(data_graph: Graph, shapes_graph: Graph, *, check_shapes: bool) -> ValidationReport:
    import pyshacl

    _check_shapes_graph(shapes_graph)
    # The quote/offset constraint is checked natively (see quotecheck), the rest by pyshacl;
    # where the data is outside what the native check knows, pyshacl runs it all.
    fast_shapes, quotes = split_quote_constraints(shapes_graph)
    found = [quote_rows(data_graph, focus_nodes(data_graph, shapes_graph, q.shape)) for q in quotes]
    if any(rows is None for rows in found):
        fast_shapes, quotes, found = union_graph([shapes_graph]), [], []
    with (
        _pyshacl_errors(),
        offline_sparql(),
        _quiet_pyshacl(),
        _fast_constraint_lookup(),
        _batched_property_shapes(),
    ):
        conforms, report_graph, _ = pyshacl.validate(
            data_graph,
            # pyshacl adds triples to the shapes graph it is given: this is a copy.
            shacl_graph=fast_shapes,
            inference="none",
            abort_on_first=False,
            allow_infos=False,
            allow_warnings=False,
            meta_shacl=check_shapes,
            advanced=False,
            do_owl_imports=False,
        )
        assert isinstance(report_graph, Graph)
        for quote, rows in zip(quotes, found, strict=True):
            assert rows is not None
            add_results(report_graph, rows, quote, shapes_graph, data_graph)
            conforms = conforms and not rows
    results = tuple(sorted(_results(report_graph, shapes_graph, data_graph), key=_sort_key))
    return ValidationReport(conforms=bool(conforms), results=results, graph=report_graph)


@contextmanager
def _pyshacl_errors() -> Iterator[None]:
    """Turn what pyshacl and rdflib raise for odd shapes into one :class:`ShapesError`."""
    from pyparsing import ParseException
    from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError

    try:
        yield
    except KzReformsError:
        raise
    except (ShapeLoadError, ConstraintLoadError) as err:
        message = one_line(getattr(err, "message", err), limit=None)
        raise ShapesError(f"the shapes are not valid SHACL: {message}; see {_SHACL_SPEC}") from err
    except ReportableRuntimeError as err:
        text = str(getattr(err, "message", err))
        if "MetaSHACL" in text:
            raise ShapesError(
                f"the shapes are not valid SHACL: {_meta_summary(text)}; see {_SHACL_SPEC}"
            ) from err
        raise ShapesError(
            f"validation could not run: {one_line(text, limit=200)}; check the shapes"
        ) from err
    except ParseException as err:
        raise ShapesError(
            f"a SPARQL query in the shapes does not parse (line {err.lineno}, column {err.col}: "
            f"{err.msg}); fix its sh:select or sh:ask"
        ) from err
    except Exception as err:  # pyshacl and rdflib raise many unrelated types for odd shapes
        detail = one_line(str(err) or type(err).__name__, limit=200)
        raise ShapesError(f"validation could not run with these shapes: {detail}") from err


_PYSHACL_LOGGER = "pyshacl-validate"


@contextmanager
def _quiet_pyshacl() -> Iterator[None]:
    """Keep pyshacl's logger off stderr for one run, then give it back as the caller had it.

    pyshacl logs its errors before raising them (kzreforms reports them once, as
    one line) and resets that logger's level and handlers on every call.
    """
    logger = logging.getLogger(_PYSHACL_LOGGER)
    saved = (logger.level, list(logger.handlers), logger.disabled, logger.propagate)
    logger.disabled = True
    try:
        yield
    finally:
        level, handlers, disabled, propagate = saved
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        for handler in handlers:
            logger.addHandler(handler)
        logger.setLevel(level)
        logger.disabled, logger.propagate = disabled, propagate


class _Membership(list[Node]):
    """pyshacl's list of constraint parameters, with a set's ``in`` (same order, same items)."""

    def __init__(self, items: list[Node]) -> None:
        super().__init__(items)
        self._set = frozenset(items)

    def __contains__(self, item: object) -> bool:
        return item in self._set


@contextmanager
def _fast_constraint_lookup() -> Iterator[None]:
    """For one run, let pyshacl look its constraint parameters up in a set, then restore it.

    ``Shape.validate`` (run once per value node of every nested shape) asks
    ``p in ALL_CONSTRAINT_PARAMETERS``, a list of about 40 IRIs, for each predicate
    of the shape: half of pyshacl's time on this data. A set answers the same.
    Skipped if a pyshacl version stores its parameters otherwise.
    """
    import pyshacl.shape as shape_module
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    missing = object()
    before = getattr(shape_module, "CONSTRAINT_PARAMS", missing)
    known = before is missing or (
        isinstance(before, tuple)
        and len(before) == 2
        and before[1] in (None, CONSTRAINT_PARAMETERS_MAP)
    )
    if not known or not isinstance(ALL_CONSTRAINT_PARAMETERS, list):
        yield
        return
    shape_module.CONSTRAINT_PARAMS = (  # type: ignore[attr-defined]
        _Membership(ALL_CONSTRAINT_PARAMETERS),
        CONSTRAINT_PARAMETERS_MAP,
    )
    try:
        yield
    finally:
        if before is missing:
            del shape_module.CONSTRAINT_PARAMS  # type: ignore[attr-defined]
        else:
            shape_module.CONSTRAINT_PARAMS = before  # type: ignore[attr-defined]


@contextmanager
def _batched_property_shapes() -> Iterator[None]:
    """For one run, let pyshacl check each ``sh:property`` shape once for all its focus nodes.

    pyshacl's ``PropertyConstraintComponent`` calls ``Shape.validate`` once per
    value node (most of its time on this data). ``Shape.validate`` takes a list
    of focus nodes and reports on each as it would alone, so one call for all
    of them gives the same results. Where a value node repeats (one call each
    would report it twice), or the shape is missing or recursive, pyshacl's own
    method runs. Skipped if a pyshacl version lacks that method.
    """
    from pyshacl.constraints.core.shape_based_constraints import PropertyConstraintComponent

    original = getattr(PropertyConstraintComponent, "_evaluate_property_shape", None)
    if original is None:
        yield
        return

    def batched(
        self: Any,
        executor: Any,
        prop_shape: Node,
        target_graph: Any,
        focus_value_nodes: dict[Node, set[Node]],
        potentially_recursive: Any,
        evaluation_path: list[Any],
    ) -> tuple[bool, list[Any]]:
        found = self.shape.get_other_shape(prop_shape)
        values = [v for nodes in focus_value_nodes.values() for v in nodes]
        usual = (
            not found
            or not found.is_property_shape
            or (potentially_recursive and found in potentially_recursive)
            or len(set(values)) != len(values)
        )
        if usual:
            return original(  # type: ignore[no-any-return]
                self,
                executor,
                prop_shape,
                target_graph,
                focus_value_nodes,
                potentially_recursive,
                evaluation_path,
            )
        if not values:
            return False, []
        conforms, reports = found.validate(
            executor, target_graph, focus=values, _evaluation_path=evaluation_path[:]
        )
        return not conforms, reports

    PropertyConstraintComponent._evaluate_property_shape = batched  # type: ignore[method-assign]
    try:
        yield
    finally:
        PropertyConstraintComponent._evaluate_property_shape = original  # type: ignore[method-assign]


_SPARQL_TEXT = (SH.select, SH.ask, SH.construct, SH.update)
_SHAPE_MARKERS = (
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.property,
    SH.path,
)


def _check_shapes_graph(shapes: Graph) -> None:
    """Refuse a shapes graph that holds no shape, or a SPARQL constraint that calls a SERVICE."""
    has_shape = (None, RDF.type, SH.NodeShape) in shapes or (
        None,
        RDF.type,
        SH.PropertyShape,
    ) in shapes
    if not has_shape and not any((None, marker, None) in shapes for marker in _SHAPE_MARKERS):
        raise ShapesError(
            "the shapes graph holds no SHACL shape (no sh:NodeShape, sh:PropertyShape or target); "
            "give a graph of SHACL shapes, or no shapes to use the packaged ones",
            parameter="shapes",
        )
    for predicate in _SPARQL_TEXT:
        for subject, text in shapes.subject_objects(predicate):
            if mentions_service(str(text)):  # the same guard as every query
                owner = shapes.value(predicate=SH.sparql, object=subject) or subject
                raise ShapesError(
                    f"the SPARQL of {owner.n3()} calls a remote SERVICE, which kzreforms never "
                    "does; rewrite the constraint over the data graph",
                    parameter="shapes",
                )


def _meta_summary(text: str) -> str:
    """The first failing node and message of pyshacl's SHACL-for-SHACL report."""
    focus = re.search(r"Focus Node: (.+)", text)
    message = re.search(r"Message: (.+)", text)
    parts = [m.group(1).strip() for m in (focus, message) if m]
    return one_line(": ".join(parts) or text, limit=200)


def _sort_key(result: ValidationResult) -> tuple[str, ...]:
    return (
        result.focus_node,
        result.path or "",
        result.source_shape,
        result.constraint_component,
        result.value or "",
        result.severity,
        result.message,
    )


def _results(report: Graph, shapes: Graph, data: Graph) -> list[ValidationResult]:
    names = Graph(bind_namespaces="core")
    for prefix, namespace in [*shapes.namespaces(), *data.namespaces()]:
        names.bind(prefix, namespace, override=False)
    names.bind("sh", SH, override=True, replace=True)

    def show(term: Node | None) -> str | None:
        if term is None:
            return None
        if isinstance(term, URIRef):
            try:
                return names.namespace_manager.normalizeUri(term)
            except Exception:  # pragma: no cover - rdflib refuses some IRIs as QNames
                return f"<{term}>"
        if isinstance(term, Literal):
            return term.n3(names.namespace_manager)
        return _path_text(report, term, show) if (term, None, None) in report else term.n3()

    out = []
    for node in report.objects(None, SH.result):
        severity = report.value(node, SH.resultSeverity)
        message = report.value(node, SH.resultMessage)
        out.append(
            ValidationResult(
                focus_node=show(report.value(node, SH.focusNode)) or "",
                path=show(report.value(node, SH.resultPath)),
                value=show(report.value(node, SH.value)),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                message=str(message) if message is not None else "",
                source_shape=show(report.value(node, SH.sourceShape)) or "",
                constraint_component=show(report.value(node, SH.sourceConstraintComponent)) or "",
            )
        )
    return out


def _path_text(graph: Graph, node: Node, show: Callable[[Node], str | None]) -> str:
    """Render a complex SHACL property path (a blank node) in SPARQL path syntax."""
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        inverted = _path_text(graph, inverse, show)
        # ``^`` binds tighter than ``/`` and does not repeat: ^(ex:p/ex:q), ^(^ex:p).
        nested = (inverse, RDF.first, None) in graph or (inverse, SH.inversePath, None) in graph
        return f"^({inverted})" if nested else f"^{inverted}"
    if graph.value(node, RDF.first) is not None:
        return "/".join(_path_text(graph, item, show) for item in graph.items(node))
    for predicate, suffix in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = graph.value(node, predicate)
        if inner is not None:
            return f"({_path_text(graph, inner, show)}){suffix}"
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return (
            "("
            + "|".join(_path_text(graph, item, show) for item in graph.items(alternatives))
            + ")"
        )
    return (show(node) if isinstance(node, URIRef) else None) or node.n3()
