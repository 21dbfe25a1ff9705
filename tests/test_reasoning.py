"""An OWL 2 RL closure over the ontology, the data and the vocabularies they reuse stays sane.

The closure is computed once per module with the ``owlrl`` package over ``ontology/*.ttl``,
``data/*.ttl`` and the reused vocabularies' own files shipped in ``tests/vocabularies/`` (see its
README for where each file comes from and under which licence; nothing is fetched). Each test then
looks for one kind of inconsistency or absurd entailment and names the offending nodes.

The checks are generic: they name vocabulary classes (PROV-O, ORG, FOAF, SKOS, OWL, schema.org) and
only two kzreforms terms, ``kzr:Claim`` and ``kzr:textTarget``; no claim or thing IRI is hard-coded.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[1]
VOCABULARIES = ROOT / "tests" / "vocabularies"
PROJECT_FILES = sorted((ROOT / "ontology").glob("*.ttl")) + sorted((ROOT / "data").glob("*.ttl"))
VOCABULARY_FILES = sorted(VOCABULARIES.glob("*.nq")) + sorted(VOCABULARIES.glob("*.nt"))

KZR = Namespace("https://w3id.org/kzreforms/ontology#")
DATA_NS = "https://w3id.org/kzreforms/id/"
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
# owlrl writes each inconsistency it finds into the graph as `[] a err:ErrorMessage; err:error "…"`
# (owlrl/Closure.py, Core.closure(); the namespace is owlrl.Namespaces.ERRNS).
ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")

PREFIXES = {
    "kzd": DATA_NS,
    "kzr": str(KZR),
    "kzc": "https://w3id.org/kzreforms/concept/",
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "org": str(ORG),
    "foaf": str(FOAF),
    "oa": str(OA),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "time": str(TIME),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
}

# Kinds of thing no node can be two of. Each kind is a set of vocabulary classes; a node typed (in
# the closure) by a class of two kinds that a row below calls disjoint is an absurd entailment.
AGENT = frozenset(
    {
        PROV.Agent,
        FOAF.Agent,
        FOAF.Person,
        FOAF.Organization,
        DCTERMS.Agent,
        ORG.Organization,
        SCHEMA.Person,
        SCHEMA.Organization,
    }
)
ACTIVITY = frozenset({PROV.Activity, ORG.ChangeEvent, SCHEMA.Event})
TEXT = frozenset({KZR.Claim, SCHEMA.Claim, OA.Selector, OA.SpecificResource, OA.Annotation})
POST = frozenset({ORG.Post})
VALUE = frozenset({SCHEMA.StructuredValue, TIME.TemporalDuration})
DISJOINT_KINDS: tuple[tuple[str, frozenset[URIRef], str, frozenset[URIRef]], ...] = (
    ("a text, selector or claim", TEXT, "an agent", AGENT),
    ("a text, selector or claim", TEXT, "a post", POST),
    ("a value", VALUE, "an agent", AGENT),
    ("a value", VALUE, "an activity or event", ACTIVITY),
    ("a value", VALUE, "a post", POST),
    ("a post", POST, "an activity or event", ACTIVITY),
)
# The data's own nodes are individuals: none of them may be a class, a property, an ontology, a
# datatype, a restriction or a SKOS concept or scheme.
META_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(SKOS))
META_ALLOWED = frozenset({OWL.Thing, OWL.NamedIndividual, RDFS.Resource})


def _short(node: Node) -> str:
    if isinstance(node, Literal):
        return repr(str(node))[:60]
    if isinstance(node, BNode):
        return "_:b"
    text = str(node)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"


def _listing(rows: Iterable[str]) -> str:
    return "\n  " + "\n  ".join(sorted(set(rows)))


def _vocabulary_triples(path: Path) -> Iterator[tuple[Node, Node, Node]]:
    if path.suffix == ".nq":
        dataset = Dataset()
        dataset.parse(path, format="nquads")
        for subject, predicate, obj, _graph in dataset.quads((None, None, None, None)):
            yield subject, predicate, obj
    else:
        yield from Graph().parse(path, format="nt")


@pytest.fixture(scope="module")
def asserted() -> Graph:
    """The project's own triples: the ontology, the concept schemes and the data."""
    graph = Graph()
    for path in PROJECT_FILES:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def closure(asserted: Graph, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """The OWL 2 RL closure of the project's triples and the reused vocabularies."""
    graph = Graph()
    for triple in asserted:
        graph.add(triple)
    for path in VOCABULARY_FILES:
        for triple in _vocabulary_triples(path):
            # The vocabularies' labels, comments, definitions and notes are literals with no
            # OWL 2 RL meaning; leaving them out saves a third of the time. Literals an OWL term
            # carries (cardinalities, owl:hasValue) stay, and so does every project triple.
            if isinstance(triple[2], Literal) and not str(triple[1]).startswith(str(OWL)):
                continue
            graph.add(triple)
    # OWL 2 RL alone takes about 10 s of CPU here; owlrl.RDFS_OWLRL_Semantics finds the same
    # inconsistencies but takes over three times as long. It runs in a child process: owlrl
    # binds its own Python types to XSD datatypes (xsd:gYear …) process-wide, which would
    # change how rdflib reads literals in every test that runs after this one.
    # The closure holds generalized triples (a literal as subject), which no RDF syntax
    # carries: it comes back pickled, as rdflib terms rebuilt here from their lexical forms.
    folder = tmp_path_factory.mktemp("closure")
    given, expanded = folder / "asserted.pickle", folder / "closure.pickle"
    given.write_bytes(pickle.dumps(list(graph)))
    subprocess.run([sys.executable, "-c", _EXPAND, given, expanded], check=True, timeout=600)
    out = Graph()
    for triple in pickle.loads(expanded.read_bytes()):
        out.add(triple)
    return out


_EXPAND = """
import pickle, sys, owlrl, rdflib
graph = rdflib.Graph()
for triple in pickle.load(open(sys.argv[1], "rb")):
    graph.add(triple)
owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
pickle.dump(list(graph), open(sys.argv[2], "wb"))
"""


def _typed(graph: Graph, classes: Iterable[URIRef]) -> set[Node]:
    return {node for cls in classes for node in graph.subjects(RDF.type, cls)}


def _named(nodes: Iterable[Node]) -> set[URIRef]:
    return {node for node in nodes if isinstance(node, URIRef)}


def _types(graph: Graph, node: Node, classes: frozenset[URIRef]) -> list[str]:
    return sorted(_short(cls) for cls in graph.objects(node, RDF.type) if cls in classes)


# ---------------------------------------------------------------------------------------------
# The shipped vocabularies
# ---------------------------------------------------------------------------------------------


def test_every_shipped_vocabulary_file_is_listed_with_its_checksum() -> None:
    readme = (VOCABULARIES / "README.md").read_text(encoding="utf-8")
    assert VOCABULARY_FILES, "tests/vocabularies/ holds no vocabulary file"
    for path in VOCABULARY_FILES:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"`{path.name}`" in readme, f"{path.name} is not described in the README"
        assert digest in readme, f"{path.name}: sha256 {digest} is not the one in the README"


def test_the_vocabularies_the_ontology_reuses_are_all_shipped() -> None:
    names = {path.name for path in VOCABULARY_FILES}
    for name in ("prov", "org", "oa", "skos", "time", "foaf", "dcterms", "schemaorg"):
        assert any(found.startswith(name) for found in names), f"no file for {name}"


def test_the_schema_org_file_holds_only_the_class_and_property_hierarchy() -> None:
    (schema_file,) = [path for path in VOCABULARY_FILES if path.name.startswith("schemaorg")]
    graph = Graph().parse(schema_file, format="nt")
    kept = {(RDF.type, RDFS.Class), (RDF.type, RDF.Property)}
    for _subject, predicate, obj in graph:
        assert predicate in (RDFS.subClassOf, RDFS.subPropertyOf) or (predicate, obj) in kept
    assert (SCHEMA.GovernmentOrganization, RDFS.subClassOf, SCHEMA.Organization) in graph


# ---------------------------------------------------------------------------------------------
# Consistency and absurd entailments
# ---------------------------------------------------------------------------------------------


def _shorten_iris(message: str) -> str:
    return re.sub(r"https?://[^\s,)]+", lambda match: _short(URIRef(match[0])), message)


def test_the_closure_reports_no_inconsistency(closure: Graph) -> None:
    messages = [
        _shorten_iris(str(closure.value(report, ERR.error)))
        for report in closure.subjects(RDF.type, ERR.ErrorMessage)
    ]
    assert not messages, f"owlrl found {len(messages)} inconsistencies:" + _listing(messages)


def test_no_class_becomes_a_skos_concept(closure: Graph) -> None:
    classes = _typed(closure, (OWL.Class, RDFS.Class))
    concepts = _named(classes & set(closure.subjects(RDF.type, SKOS.Concept)))
    assert not concepts, (
        "classes entailed to be skos:Concept (a SKOS mapping such as skos:closeMatch between "
        "classes gives its subject and object the domain and range skos:Concept):"
        + _listing(_short(c) for c in concepts)
    )


def test_no_claim_or_text_target_becomes_an_agent(closure: Graph) -> None:
    texts = _typed(closure, TEXT) | set(closure.subjects(KZR.textTarget, None))
    agents = texts & _typed(closure, AGENT)
    assert not agents, "claims, selectors or text targets entailed to be agents:" + _listing(
        f"{_short(node)}: {', '.join(_types(closure, node, AGENT))}" for node in agents
    )


def test_no_post_becomes_an_organization(closure: Graph) -> None:
    posts = set(closure.subjects(RDF.type, ORG.Post))
    organizations = _typed(closure, (ORG.Organization, FOAF.Organization, SCHEMA.Organization))
    both = posts & organizations
    assert not both, "org:Post nodes entailed to be organisations:" + _listing(
        _short(node) for node in both
    )


def test_nothing_is_both_a_prov_activity_and_a_prov_entity(closure: Graph) -> None:
    both = set(closure.subjects(RDF.type, PROV.Activity)) & set(
        closure.subjects(RDF.type, PROV.Entity)
    )
    assert not both, (
        "nodes entailed to be both prov:Activity and prov:Entity (disjoint in PROV-O):"
        + _listing(_short(node) for node in both)
    )


def test_nothing_is_typed_owl_nothing(closure: Graph) -> None:
    empty = set(closure.subjects(RDF.type, OWL.Nothing))
    assert not empty, "nodes entailed to be owl:Nothing:" + _listing(_short(n) for n in empty)


def _is_datatype(closure: Graph, cls: Node) -> bool:
    return (
        cls == RDFS.Literal
        or str(cls).startswith(str(XSD))
        or cls in (RDF.langString, RDF.HTML, RDF.XMLLiteral, RDF.PlainLiteral)
        or (cls, RDF.type, RDFS.Datatype) in closure
    )


def _is_class(closure: Graph, cls: Node) -> bool:
    return not _is_datatype(closure, cls) and (
        (cls, RDF.type, OWL.Class) in closure or (cls, RDF.type, RDFS.Class) in closure
    )


def test_literal_and_resource_valued_properties_keep_their_kind(
    asserted: Graph, closure: Graph
) -> None:
    """A property that takes resources is not given a literal, nor the other way round.

    A property is resource-valued when the closure types it owl:ObjectProperty or gives it an
    rdfs:range that is a class (not a datatype); literal-valued when it is an
    owl:DatatypeProperty or its range is a datatype. Only the project's own triples are checked.
    """
    object_properties = set(closure.subjects(RDF.type, OWL.ObjectProperty))
    datatype_properties = set(closure.subjects(RDF.type, OWL.DatatypeProperty))
    for prop, cls in closure.subject_objects(RDFS.range):
        if _is_class(closure, cls) and cls != RDFS.Resource:
            object_properties.add(prop)
        elif _is_datatype(closure, cls):
            datatype_properties.add(prop)
    misused = []
    for subject, predicate, obj in asserted:
        if predicate in object_properties and isinstance(obj, Literal):
            misused.append(f"{_short(subject)} {_short(predicate)} {_short(obj)}: needs a resource")
        elif predicate in datatype_properties and not isinstance(obj, Literal):
            misused.append(f"{_short(subject)} {_short(predicate)} {_short(obj)}: needs a literal")
    assert not misused, "properties used with the wrong kind of value:" + _listing(misused)


def test_the_data_nodes_are_individuals_not_terms_or_concepts(closure: Graph) -> None:
    found = []
    for node, cls in closure.subject_objects(RDF.type):
        if not str(node).startswith(DATA_NS) or cls in META_ALLOWED:
            continue
        if str(cls).startswith(META_NAMESPACES):
            found.append(f"{_short(node)}: {_short(cls)}")
    assert not found, "data nodes entailed to be classes, properties or concepts:" + _listing(found)


@pytest.mark.parametrize(
    ("first_name", "first", "second_name", "second"),
    DISJOINT_KINDS,
    ids=[f"{row[0]} vs {row[2]}" for row in DISJOINT_KINDS],
)
def test_no_node_is_two_disjoint_kinds_of_thing(
    closure: Graph,
    first_name: str,
    first: frozenset[URIRef],
    second_name: str,
    second: frozenset[URIRef],
) -> None:
    both = _named(_typed(closure, first) & _typed(closure, second))
    assert not both, f"nodes entailed to be both {first_name} and {second_name}:" + _listing(
        f"{_short(node)}: {', '.join(_types(closure, node, first | second))}" for node in both
    )


#: How rdflib reads an xsd:gYear before any closure is computed.
_GYEAR_BEFORE = type(Literal("2022", datatype=XSD.gYear).toPython())


def test_the_closure_leaves_rdflibs_datatypes_as_they_were(closure: Graph) -> None:
    """owlrl rebinds XSD datatypes to its own types; in this process they must stay rdflib's."""
    assert len(closure) > 0
    assert type(Literal("2022", datatype=XSD.gYear).toPython()) is _GYEAR_BEFORE
