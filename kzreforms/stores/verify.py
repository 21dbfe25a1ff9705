"""Comparing the triples a store holds with the triples it was sent.

Both sides are read as pyoxigraph triples. The comparison is by term first; what
differs is then compared by value: a literal the store keeps in another lexical
form, or with a derived datatype normalised to its base (Oxigraph stores
``xsd:nonNegativeInteger`` as ``xsd:integer``, ``"4.0"^^xsd:decimal`` as ``"4"``),
is a *rewrite*, counted by kind. Anything else is a loss, an extra triple or a
changed value. Blank nodes are compared by isomorphism (RDF Dataset
Canonicalization, as pyoxigraph implements it). Language tags compare
case-insensitively, as BCP 47 says.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

XSD = "http://www.w3.org/2001/XMLSchema#"

#: The decimal family: xsd:decimal and every datatype derived from it. They share
#: one value space, so ``"4"^^xsd:nonNegativeInteger`` and ``"4.0"^^xsd:decimal`` are equal.
_DECIMALS = frozenset(
    XSD + name
    for name in (
        "decimal",
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
_FLOATS = frozenset({XSD + "float", XSD + "double"})
_BOOLEAN = XSD + "boolean"


@dataclass(frozen=True)
class Rewrite:
    """Literals the store keeps with the same value in another form, grouped by kind."""

    kind: str
    """E.g. ``xsd:nonNegativeInteger → xsd:integer`` or ``lexical form of xsd:decimal``."""
    count: int
    example: str
    """One case, e.g. ``"4.0"^^xsd:decimal as "4"^^xsd:decimal``."""


@dataclass(frozen=True)
class Comparison:
    """How the triples read back differ from the triples expected."""

    rewrites: tuple[Rewrite, ...] = ()
    lost: tuple[str, ...] = ()
    """Expected triples the store does not hold (N-Triples, shortened), first few."""
    extra: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    """``sent … found …`` for triples whose value the store changed."""
    counts: dict[str, int] = field(default_factory=dict)
    """How many triples were lost, extra or changed (the tuples above keep a few)."""

    @property
    def exact(self) -> bool:
        """True when the store holds exactly the expected terms."""
        return not (self.rewrites or self.lost or self.extra or self.changed)

    @property
    def same_values(self) -> bool:
        """True when every difference is a rewrite to the same value."""
        return not (self.lost or self.extra or self.changed)

    @property
    def rewritten(self) -> int:
        """The number of triples whose literal the store rewrote."""
        return sum(r.count for r in self.rewrites)


def compare(
    expected: Iterable[pyoxigraph.Triple],
    found: Iterable[pyoxigraph.Triple],
    *,
    extra_ok: bool = False,
    matched: Iterable[tuple[Any, Any]] = (),
    counted: Iterable[tuple[Any, Any, int]] = (),
) -> Comparison:
    """Compare two graphs by term, then by value; blank nodes by isomorphism.

    :param extra_ok: triples found but not expected are fine (a default graph that
        is the union of all graphs).
    :param matched: pairs (sent, found) already known to be the same value in another form.
    :param counted: ``(sent, found, n)``: one such pair standing for ``n`` of one kind, the
        first of them in the order :class:`Rewrite` examples are chosen in.

    >>> import pyoxigraph as ox
    >>> s, p = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p")
    >>> sent = [ox.Triple(s, p, ox.Literal("4.0", datatype=ox.NamedNode(XSD + "decimal")))]
    >>> back = [ox.Triple(s, p, ox.Literal("4", datatype=ox.NamedNode(XSD + "decimal")))]
    >>> result = compare(sent, back)
    >>> result.same_values, result.rewrites[0].kind
    (True, 'lexical form of xsd:decimal')
    """
    sent_set, found_set = set(expected), set(found)
    only_sent, only_found = sent_set - found_set, found_set - sent_set
    pairs: list[tuple[Any, Any]] = list(matched)
    groups = list(counted)
    if not only_sent and (extra_ok or not only_found):
        counts = {"lost": 0, "extra": 0, "changed": 0}
        return Comparison(rewrites=_rewrites(pairs, groups), counts=counts)
    lost: list[Any] = []
    extra: list[Any] = []
    # Ground triples: match what differs by value.
    ground_sent = [t for t in only_sent if not _has_blank(t)]
    ground_found = [t for t in only_found if not _has_blank(t)]
    _match(ground_sent, ground_found, pairs, lost, extra)
    # Triples with blank nodes: stores relabel them, so compare the whole blank part.
    if any(_has_blank(t) for t in (*only_sent, *only_found)):
        blank_sent = [t for t in sent_set if _has_blank(t)]
        blank_found = [t for t in found_set if _has_blank(t)]
        _match_blank(blank_sent, blank_found, pairs, lost, extra)
    if extra_ok:
        extra = []
    changed, lost, extra = _changed(lost, extra)
    return Comparison(
        rewrites=_rewrites(pairs, groups),
        lost=tuple(sorted(_show_triple(t) for t in lost)[:3]),
        extra=tuple(sorted(_show_triple(t) for t in extra)[:3]),
        changed=tuple(
            sorted(f"sent {_show_triple(a)}, found {_show(b.object)}" for a, b in changed)[:3]
        ),
        counts={"lost": len(lost), "extra": len(extra), "changed": len(changed)},
    )


def compare_bodies(
    expected: bytes, found: bytes, *, extra_ok: bool = False
) -> tuple[int, Comparison]:
    """Compare two canonical N-Triples bodies; return how many triples were found, and how.

    Identical lines are the same triple, so only the lines that differ (and every
    line with a blank node, which a store may relabel) are compared by
    :func:`compare`; a number the store keeps in another form is matched on the
    line itself. A graph that arrived whole costs two set operations.

    >>> compare_bodies(b"<urn:a> <urn:b> <urn:c> .\\n", b"")[1].counts["lost"]
    1
    """
    return compare_lines(line_set(expected), line_set(found), extra_ok=extra_ok)


def line_set(body: bytes) -> set[bytes]:
    """The distinct lines of an N-Triples body (the triples, in canonical form)."""
    lines = set(body.splitlines())
    lines.discard(b"")
    return lines


def compare_lines(
    sent: set[bytes], back: set[bytes], *, extra_ok: bool = False
) -> tuple[int, Comparison]:
    """:func:`compare_bodies` with both sides already split (:func:`line_set`)."""
    only_sent, only_found = sent - back, back - sent
    if not only_sent and (extra_ok or not only_found):
        return len(back), Comparison()
    pairs, groups = _prematch(only_sent, only_found)
    blank_sent: set[bytes] = set()
    blank_found: set[bytes] = set()
    if any(b"_:" in line for lines in (only_sent, only_found) for line in lines):
        # A store relabels blank nodes: compare every line with one, by isomorphism.
        blank_sent = {line for line in sent if b"_:" in line}
        blank_found = {line for line in back if b"_:" in line}
    result = compare(
        _triples(only_sent | blank_sent),
        _triples(only_found | blank_found),
        extra_ok=extra_ok,
        matched=pairs,
        counted=groups,
    )
    return len(back), result


_XSD_QUOTE = b'"^^<' + XSD.encode()
_DIGITS = b"-+.0123456789"
_WORD = bytes(range(48, 58)) + bytes(range(65, 91)) + bytes(range(97, 123)) + b"_"


def _number(line: bytes) -> tuple[bytes, bytes, bytes] | None:
    """(subject and predicate, lexical form, XSD datatype name) of a line ending in a number.

    The split of ``^(.*) "([-+.0-9]*)"^^<xsd:(\\w+)> \\.$``, found from the end of the line.

    >>> _number(b'<urn:a> <urn:b> "04"^^<http://www.w3.org/2001/XMLSchema#integer> .')
    (b'<urn:a> <urn:b>', b'04', b'integer')
    """
    end = line.rfind(_XSD_QUOTE)
    if end < 0 or not line.endswith(b"> .") or b"_:" in line:
        return None
    datatype = line[end + len(_XSD_QUOTE) : -3]
    start = line.rfind(b' "', 0, end)
    if not datatype or datatype.translate(None, _WORD) or start < 0:
        return None
    lexical = line[start + 2 : end]
    return None if lexical.translate(None, _DIGITS) else (line[:start], lexical, datatype)


def _prematch(
    only_sent: set[bytes], only_found: set[bytes]
) -> tuple[list[tuple[Any, Any]], list[tuple[Any, Any, int]]]:
    """Pair ground lines that differ only in a number's form; remove them from both sets.

    Returns the pairs, and the integers kept as ``xsd:integer`` counted by datatype
    (``compare``'s ``counted``): thousands of offsets need no pair each.
    """
    import pyoxigraph

    decimals: dict[bytes, bool] = {}
    literals: dict[tuple[bytes, bytes], Any] = {}

    def literal(lexical: bytes, datatype: bytes) -> Any:
        """The literal of a number's line (made once per form)."""
        if (lexical, datatype) not in literals:
            iri = pyoxigraph.NamedNode(XSD + datatype.decode())
            literals[lexical, datatype] = pyoxigraph.Literal(lexical.decode(), datatype=iri)
        return literals[lexical, datatype]

    def key(line: bytes) -> tuple[tuple[bytes, str], bytes] | None:
        """The line's subject, predicate and value, and its lexical form."""
        parts = _number(line)
        if parts is None:
            return None
        head, lexical, datatype = parts
        if datatype not in decimals:
            decimals[datatype] = XSD + datatype.decode() in _DECIMALS
        if not decimals[datatype]:
            return None
        if lexical.isdigit():  # the common case, without Decimal
            value: str | None = (lexical.lstrip(b"0") or b"0").decode()
        else:
            value = _decimal(lexical.decode())
        return None if value is None else ((head, value), lexical)

    groups = [
        (_Object(literal(first, datatype)), _Object(literal(first, b"integer")), count)
        for datatype, (count, first) in sorted(_retyped(only_sent, only_found, key).items())
    ]
    pairs: list[tuple[Any, Any]] = []
    waiting: dict[tuple[bytes, str], list[bytes]] = defaultdict(list)
    for line in only_found:
        found = key(line)
        if found is not None:
            waiting[found[0]].append(line)
    if not waiting:
        return pairs, groups
    for line in sorted(only_sent):
        sent = key(line)
        candidates = waiting.get(sent[0]) if sent is not None else None
        if not candidates:
            continue
        other = candidates.pop()
        only_sent.discard(line)
        only_found.discard(other)
        pairs.append((_Object(_literal_of(line, literal)), _Object(_literal_of(other, literal))))
    return pairs, groups


def _literal_of(line: bytes, literal: Callable[[bytes, bytes], Any]) -> Any:
    parts = _number(line)
    assert parts is not None
    return literal(parts[1], parts[2])


#: Datatypes of the decimal family that Oxigraph keeps as ``xsd:integer``, lexical form and all.
_INTEGERS = tuple(
    name[len(XSD) :].encode()
    for name in sorted(_DECIMALS)
    if name[len(XSD) :] not in ("decimal", "integer")
)


def _retyped(
    only_sent: set[bytes], only_found: set[bytes], key: Callable[[bytes], Any]
) -> dict[bytes, tuple[int, bytes]]:
    """Pair, all at once, lines whose integer the store keeps, same digits, as ``xsd:integer``.

    Each sent line with a derived integer datatype is written as ``xsd:integer``
    and looked for among the lines found; a pair (a number on both sides, see
    ``key``) leaves both sets. Returns, per sent datatype, how many were paired and
    the lexical form of the example :func:`_rewrites` would choose (the first as
    ``"…"^^<…>`` sorts: a shorter number before a longer one it begins).
    """
    lines = sorted(line for line in only_sent if line.endswith(b"> ."))
    text = b"\n".join(lines) + b"\n"
    integer = b'"^^<' + XSD.encode() + b"integer> .\n"
    for datatype in _INTEGERS:
        text = text.replace(b'"^^<' + XSD.encode() + datatype + b"> .\n", integer)
    groups: dict[bytes, tuple[int, bytes]] = {}
    for line, retyped in zip(lines, text.split(b"\n"), strict=False):
        if retyped == line or retyped not in only_found:
            continue
        sent = key(line)
        if sent is None:  # not a number: compared by value below
            continue
        only_sent.discard(line)
        only_found.discard(retyped)
        datatype, lexical = line[line.rfind(b"#") + 1 : -3], sent[1]
        count, first = groups.get(datatype, (0, lexical))
        groups[datatype] = count + 1, min(first, lexical, key=_quoted)
    return groups


def _quoted(lexical: bytes) -> bytes:
    """How a lexical form sorts inside ``"…"``: ``"1"`` before ``"10"`` (``"`` is before digits)."""
    return lexical + b'"'


class _Object(NamedTuple):
    """What :func:`_rewrites` reads of a triple: its object."""

    object: Any


def _decimal(text: str) -> str | None:
    """The canonical form of a decimal value, or None when ``text`` is not a finite number."""
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return "0" if number == 0 else format(number.normalize(), "f")


def _triples(lines: set[bytes]) -> list[Any]:
    import pyoxigraph

    body = b"\n".join(sorted(lines)) + b"\n"
    quads = pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads]


def _has_blank(triple: Any) -> bool:
    import pyoxigraph

    return isinstance(triple.subject, pyoxigraph.BlankNode) or isinstance(
        triple.object, pyoxigraph.BlankNode
    )


def _match(
    sent: list[Any], found: list[Any], pairs: list[Any], lost: list[Any], extra: list[Any]
) -> None:
    """Pair sent and found triples that are equal by value; the rest are lost or extra."""
    waiting: dict[Any, list[Any]] = defaultdict(list)
    for triple in found:
        waiting[_by_value(triple)].append(triple)
    for triple in sorted(sent, key=str):
        candidates = waiting.get(_by_value(triple))
        if candidates:
            pairs.append((triple, candidates.pop()))
        else:
            lost.append(triple)
    extra.extend(t for group in waiting.values() for t in group)


def _match_blank(
    sent: list[Any], found: list[Any], pairs: list[Any], lost: list[Any], extra: list[Any]
) -> None:
    """Compare the triples with blank nodes by isomorphism, literals by value."""
    canonical_sent, canonical_found = _canonical(sent), _canonical(found)
    lost.extend(sorted(canonical_sent - canonical_found, key=str))
    extra.extend(sorted(canonical_found - canonical_sent, key=str))
    # Rewrites: the same blank-agnostic statement with a literal in another form.
    import pyoxigraph

    sent_forms: dict[Any, Counter[Any]] = defaultdict(Counter)
    found_forms: dict[Any, Counter[Any]] = defaultdict(Counter)
    for triples, table in ((sent, sent_forms), (found, found_forms)):
        for triple in triples:
            if isinstance(triple.object, pyoxigraph.Literal):
                table[_blank_agnostic(triple)][triple.object] += 1
    for key, forms in sent_forms.items():
        there = found_forms.get(key, Counter())
        gone = sorted((forms - there).elements(), key=str)
        came = sorted((there - forms).elements(), key=str)
        for a, b in zip(gone, came, strict=False):
            pairs.append((_with_object(key, a), _with_object(key, b)))


def _canonical(triples: list[Any]) -> set[Any]:
    import pyoxigraph

    dataset = pyoxigraph.Dataset(
        pyoxigraph.Quad(t.subject, t.predicate, _value(t.object)) for t in triples
    )
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
    return {pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in dataset}


def _blank_agnostic(triple: Any) -> tuple[Any, ...]:
    import pyoxigraph

    subject = None if isinstance(triple.subject, pyoxigraph.BlankNode) else triple.subject
    value = None if isinstance(triple.object, pyoxigraph.BlankNode) else _value(triple.object)
    return (subject, triple.predicate, value)


def _with_object(key: tuple[Any, ...], obj: Any) -> Any:
    import pyoxigraph

    subject = key[0] if key[0] is not None else pyoxigraph.BlankNode("b")
    return pyoxigraph.Triple(subject, key[1], obj)


def _by_value(triple: Any) -> tuple[Any, Any, Any]:
    return (triple.subject, triple.predicate, _value(triple.object))


def _value(term: Any) -> Any:
    """The term that stands for a literal's value: same value, same key."""
    import pyoxigraph

    if not isinstance(term, pyoxigraph.Literal) or term.language:
        return term
    datatype = term.datatype.value
    text = term.value.strip()
    try:
        if datatype in _DECIMALS:
            number = _decimal(text)
            if number is None:
                return term
            return pyoxigraph.Literal(number, datatype=pyoxigraph.NamedNode(XSD + "decimal"))
        if datatype in _FLOATS:
            value = float(text)
            shown = "NaN" if math.isnan(value) else repr(value)
            return pyoxigraph.Literal(shown, datatype=term.datatype)
        if datatype == _BOOLEAN and text in ("true", "false", "1", "0"):
            shown = "true" if text in ("true", "1") else "false"
            return pyoxigraph.Literal(shown, datatype=term.datatype)
    except (InvalidOperation, ValueError):
        return term
    return term


def _changed(lost: list[Any], extra: list[Any]) -> tuple[list[Any], list[Any], list[Any]]:
    """Pair a lost and an extra triple with the same subject and predicate: a changed value."""
    waiting: dict[Any, list[Any]] = defaultdict(list)
    for triple in extra:
        waiting[(str(triple.subject), str(triple.predicate))].append(triple)
    changed, still_lost = [], []
    for triple in lost:
        candidates = waiting.get((str(triple.subject), str(triple.predicate)))
        if candidates:
            changed.append((triple, candidates.pop(0)))
        else:
            still_lost.append(triple)
    return changed, still_lost, [t for group in waiting.values() for t in group]


def _rewrites(
    pairs: list[tuple[Any, Any]], counted: Sequence[tuple[Any, Any, int]] = ()
) -> tuple[Rewrite, ...]:
    """The rewrites of ``pairs`` and ``counted`` (see :func:`compare`) by kind, with an example."""
    kinds: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for sent, found, count in [*((a, b, 1) for a, b in pairs), *counted]:
        a, b = sent.object, found.object
        if a.datatype != b.datatype:
            kind = f"{_datatype(a)} → {_datatype(b)}"
        else:
            kind = f"lexical form of {_datatype(a)}"
        kinds[kind].append((a, b))
        counts[kind] += count
    out = []
    for kind, cases in sorted(kinds.items()):
        a, b = min(cases, key=lambda case: (str(case[0]), str(case[1])))
        out.append(Rewrite(kind=kind, count=counts[kind], example=f"{_show(a)} as {_show(b)}"))
    return tuple(out)


def _datatype(literal: Any) -> str:
    iri = literal.datatype.value
    return f"xsd:{iri[len(XSD) :]}" if iri.startswith(XSD) else f"<{iri}>"


def _show(term: Any, limit: int = 80) -> str:
    import pyoxigraph

    if isinstance(term, pyoxigraph.Literal) and not term.language:
        text = term.value if len(term.value) <= limit else term.value[: limit - 1] + "…"
        quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        if term.datatype.value == XSD + "string":
            return quoted
        return f"{quoted}^^{_datatype(term)}"
    shown = str(term)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _show_triple(triple: Any) -> str:
    return f"{_show(triple.subject)} {_show(triple.predicate)} {_show(triple.object)}"


__all__ = ["Comparison", "Rewrite", "compare", "compare_bodies"]
