"""Canonical blank-node labels with a bounded amount of work.

The labels depend only on the shape of the data, never on the labels a parser
made up or on ``PYTHONHASHSEED``, so that a writer can sort its output and get
the same bytes on every run. The method is the one graph-isomorphism tools
such as nauty and bliss use (individualisation and refinement):

1. each blank node starts with a colour made of its quads, itself written
   ``_:a`` and other blank nodes ``_:z`` (the "first-degree hash" of W3C
   RDFC-1.0, https://www.w3.org/TR/rdf-canon/);
2. colours are refined until nodes with the same colour have the same number
   of edges to every colour (partition refinement that handles the smaller
   half first, so a chain or an RDF list of n nodes takes O(n log n));
3. nodes still alike are told apart by trying each in turn and keeping the
   smallest relabelled graph; automorphisms found on the way prune the search,
   and alike nodes with no blank neighbours are simply numbered.

Step 3 is exponential on some graphs, as every exact method is; past
``max_steps`` units of work :class:`~kzreforms.errors.InputError` is raised
instead of running for ever (RDFC-1.0 asks implementations for such a bound).
"""

from __future__ import annotations

import heapq
import json
from collections import defaultdict
from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import InputError

#: Default bound on the work of :func:`canonical_labels` (a few seconds at most).
MAX_STEPS = 3_000_000

#: How deep the search for alike blank nodes may go (Python's stack bounds it too).
MAX_DEPTH = 400

Quad = tuple[Node, Node, Node, Node | None]


class _TooSymmetric(Exception):
    pass


def canonical_labels(quads: Iterable[Quad], *, max_steps: int = MAX_STEPS) -> dict[BNode, BNode]:
    """Map every blank node of ``quads`` to a canonical label ``c14n0``, ``c14n1``, ….

    Isomorphic inputs get the same relabelled quads, whatever the input labels.

    :param quads: ``(subject, predicate, object, graph)``; ``graph`` may be None.
    :param max_steps: bound on the work; more raises :class:`InputError`.
    :raises InputError: the blank nodes are too symmetric to label within the bound.

    >>> from rdflib import BNode, URIRef
    >>> p = URIRef("urn:p")
    >>> a, b = BNode(), BNode()
    >>> sorted(canonical_labels([(a, p, b, None), (b, p, URIRef("urn:x"), None)]).values())
    [rdflib.term.BNode('c14n0'), rdflib.term.BNode('c14n1')]
    """
    return _Canon([q for q in quads if _has_blank(q)], max_steps).labels()


def _has_blank(quad: Quad) -> bool:
    """True when a blank node is in ``quad`` (the only quads the labels depend on)."""
    return any(isinstance(term, BNode) for term in quad)


def _key(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        return json.dumps([str(term), term.language, datatype], ensure_ascii=False)
    return f"?{term}"  # pragma: no cover - variables and other exotic terms


class _Partition:
    """An ordered partition of 0..n-1: cells are runs of ``order``; a cell is named by its start."""

    __slots__ = ("cell", "end", "order", "pos")

    def __init__(self, order: list[int], cell: list[int], end: dict[int, int]) -> None:
        self.order = order
        self.pos = [0] * len(order)
        for index, node in enumerate(order):
            self.pos[node] = index
        self.cell = cell
        self.end = end

    def copy(self) -> _Partition:
        out = _Partition.__new__(_Partition)
        out.order, out.pos, out.cell, out.end = (
            self.order[:],
            self.pos[:],
            self.cell[:],
            dict(self.end),
        )
        return out

    def discrete(self) -> bool:
        return len(self.end) == len(self.order)

    def move_to(self, node: int, index: int) -> None:
        """Swap ``node`` into position ``index``."""
        here = self.pos[node]
        other = self.order[index]
        self.order[index], self.order[here] = node, other
        self.pos[node], self.pos[other] = index, here


class _Canon:
    def __init__(self, quads: list[Quad], max_steps: int) -> None:
        self.max_steps = max_steps
        self.steps = 0
        ids: dict[BNode, int] = {}
        keys: dict[Node | None, str] = {}
        self.templates: list[tuple[str | int, ...]] = []
        for quad in quads:
            template: list[str | int] = []
            for term in quad:
                if isinstance(term, BNode):
                    template.append(ids.setdefault(term, len(ids)))
                else:
                    key = keys.get(term)
                    template.append(key if key is not None else keys.setdefault(term, _key(term)))
            if len(template) != sum(isinstance(t, str) for t in template):
                self.templates.append(tuple(template))
        self.nodes = list(ids)
        n = len(self.nodes)
        colours: list[list[str]] = [[] for _ in range(n)]
        edges: list[list[tuple[int, str]]] = [[] for _ in range(n)]
        for row in self.templates:
            present = sorted({t for t in row if isinstance(t, int)})
            for v in present:
                colours[v].append(_pattern(row, v, None))
                for w in present:
                    if w != v:  # when w is in a splitter, v counts an edge of this kind
                        edges[w].append((v, _pattern(row, v, w)))
        labels = sorted({label for adjacency in edges for _, label in adjacency})
        rank = {label: index for index, label in enumerate(labels)}
        self.adj = [[(v, rank[label]) for v, label in adjacency] for adjacency in edges]
        colour = ["\n".join(sorted(c)) for c in colours]
        order = sorted(range(n), key=lambda v: colour[v])
        cell = [0] * n
        end: dict[int, int] = {}
        start = 0
        for index in range(1, n + 1):
            if index == n or colour[order[index]] != colour[order[start]]:
                end[start] = index
                for node in order[start:index]:
                    cell[node] = start
                start = index
        self.root = _Partition(order, cell, end)
        self.first: tuple[list[str], list[int], _Partition] | None = None
        self.best: tuple[list[str], list[int], _Partition] | None = None
        self.automorphisms: list[tuple[int, list[int]]] = []

    # ------------------------------------------------------------------ driver

    def labels(self) -> dict[BNode, BNode]:
        if not self.nodes:
            return {}
        try:
            self.refine(self.root, sorted(self.root.end))
            self.search(self.root, [])
        except _TooSymmetric as err:
            raise InputError(
                f"the {len(self.nodes)} blank nodes are too symmetric to label canonically "
                f"within {self.max_steps:,} steps; give some of them IRIs (or fewer alike ones)"
            ) from err
        assert self.best is not None
        final = self.best[2]
        return {node: BNode(f"c14n{final.pos[i]}") for i, node in enumerate(self.nodes)}

    def spend(self, amount: int) -> None:
        self.steps += amount
        if self.steps > self.max_steps:
            raise _TooSymmetric

    # ------------------------------------------------------------------ refinement

    def refine(self, part: _Partition, splitters: list[int]) -> None:
        heap = list(splitters)
        heapq.heapify(heap)
        queued = set(heap)
        while heap:
            start = heapq.heappop(heap)
            queued.discard(start)
            counts: dict[int, dict[int, int]] = {}
            for v in part.order[start : part.end[start]]:
                adjacency = self.adj[v]
                self.spend(len(adjacency) + 1)
                for u, label in adjacency:
                    counter = counts.get(u)
                    if counter is None:
                        counts[u] = {label: 1}
                    else:
                        counter[label] = counter.get(label, 0) + 1
            touched: dict[int, list[tuple[tuple[tuple[int, int], ...], int]]] = defaultdict(list)
            for u, counter in counts.items():
                touched[part.cell[u]].append((tuple(sorted(counter.items())), u))
            for cell in sorted(touched):
                self.split(part, cell, touched[cell], heap, queued)

    def split(
        self,
        part: _Partition,
        cell: int,
        members: list[tuple[tuple[tuple[int, int], ...], int]],
        heap: list[int],
        queued: set[int],
    ) -> None:
        end = part.end[cell]
        if end - cell == 1:
            return
        members.sort()
        untouched = end - cell - len(members)
        if untouched == 0 and members[0][0] == members[-1][0]:
            return
        self.spend(len(members))
        # Touched nodes go to the tail of the cell, in signature order.
        for offset, (_, u) in enumerate(members):
            part.move_to(u, end - len(members) + offset)
        tail = end - len(members)
        starts = [cell] if untouched else []
        for offset, (signature, u) in enumerate(members):
            new_group = offset == 0 or signature != members[offset - 1][0]
            if new_group and (not starts or starts[-1] != tail + offset):
                starts.append(tail + offset)
            part.cell[u] = starts[-1]
        bounds = [*starts, end]
        sizes = []
        for s, e in zip(bounds, bounds[1:], strict=False):
            part.end[s] = e
            sizes.append(e - s)
        if cell in queued:
            new = starts[1:]
        else:
            largest = sizes.index(max(sizes))
            new = [s for i, s in enumerate(starts) if i != largest]
        for s in new:
            if s not in queued:
                queued.add(s)
                heapq.heappush(heap, s)

    # ------------------------------------------------------------------ search

    def search(self, part: _Partition, path: list[int]) -> int | None:
        """Explore the tree below ``part``; return the depth to jump back to, if any."""
        self.spend(len(part.order))
        if len(path) > MAX_DEPTH:
            raise _TooSymmetric
        self.number_isolated(part)
        if part.discrete():
            return self.leaf(part, path)
        depth = len(path)
        start = next(s for s in sorted(part.end) if part.end[s] - s > 1)
        members = part.order[start : part.end[start]]
        on_first = self.first is None or self.first[1][:depth] == path
        tried: list[int] = []
        orbits = _Orbits(len(self.nodes))
        for node in sorted(members, key=lambda v: part.pos[v]):
            if on_first and tried:
                for fixed, mapping in self.automorphisms[orbits.seen :]:
                    self.spend(len(mapping))
                    if fixed >= depth:
                        orbits.join(mapping)
                orbits.seen = len(self.automorphisms)
                root = orbits.find(node)
                if any(orbits.find(t) == root for t in tried):
                    continue
            tried.append(node)
            child = part.copy()
            child.move_to(node, start)
            child.cell[node] = start
            child.end[start] = start + 1
            child.end[start + 1] = part.end[start]
            for other in members:
                if other != node:
                    child.cell[other] = start + 1
            self.refine(child, [start])
            back = self.search(child, [*path, node])
            if back is not None and back < depth:
                return back
        return None

    def number_isolated(self, part: _Partition) -> None:
        """Split cells of alike nodes without blank neighbours in any order: all choices agree."""
        for start, end in list(part.end.items()):
            if end - start > 1 and all(not self.adj[v] for v in part.order[start:end]):
                for index in range(start, end):
                    part.cell[part.order[index]] = index
                    part.end[index] = index + 1

    def leaf(self, part: _Partition, path: list[int]) -> int | None:
        self.spend(len(self.templates))
        certificate = sorted(
            " ".join(f"_:{part.pos[t]}" if isinstance(t, int) else t for t in template)
            for template in self.templates
        )
        if self.first is None:
            self.first = self.best = (certificate, path, part)
            return None
        assert self.best is not None
        if certificate == self.first[0]:
            common = _common(path, self.first[1])
            mapping = [part.order[self.first[2].pos[v]] for v in range(len(self.nodes))]
            self.automorphisms.append((common, mapping))
            return common
        if certificate == self.best[0]:
            return _common(path, self.best[1])
        if certificate < self.best[0]:
            self.best = (certificate, path, part)
        return None


class _Orbits:
    """Union-find of the orbits of the automorphisms found so far (that fix a prefix)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.seen = 0

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, mapping: list[int]) -> None:
        for v, w in enumerate(mapping):
            if v != w:
                self.parent[self.find(v)] = self.find(w)


def _pattern(template: tuple[str | int, ...], me: int, other: int | None) -> str:
    return " ".join(
        t if isinstance(t, str) else "_:a" if t == me else "_:b" if t == other else "_:z"
        for t in template
    )


def _common(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
