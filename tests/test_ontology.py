"""The ontology, concept schemes, JSON-LD context and KZR namespace agree; only real terms."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN, XSD

from kzreforms import __version__, vocab

KZR = vocab.KZR

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = URIRef("https://w3id.org/kzreforms/ontology")
KZR_NS = "https://w3id.org/kzreforms/ontology#"
RDF_FILES = sorted((ROOT / "ontology").glob("*.ttl")) + sorted((ROOT / "data").glob("*.ttl"))
QUERY_FILES = sorted((ROOT / "queries").glob("*.rq"))

OA_NS = "http://www.w3.org/ns/oa#"
# Terms of the W3C Web Annotation Vocabulary (https://www.w3.org/TR/annotation-vocab/).
OA_TERMS = set(
    [
        "Annotation",
        "Choice",
        "CssSelector",
        "CssStyle",
        "DataPositionSelector",
        "Direction",
        "FragmentSelector",
        "HttpRequestState",
        "Motivation",
        "RangeSelector",
        "ResourceSelection",
        "Selector",
        "SpecificResource",
        "State",
        "Style",
        "SvgSelector",
        "TextPositionSelector",
        "TextQuoteSelector",
        "TextualBody",
        "TimeState",
        "XPathSelector",
        "annotationService",
        "bodyValue",
        "cachedSource",
        "canonical",
        "end",
        "exact",
        "hasBody",
        "hasEndSelector",
        "hasPurpose",
        "hasScope",
        "hasSelector",
        "hasSource",
        "hasStartSelector",
        "hasState",
        "hasTarget",
        "motivatedBy",
        "prefix",
        "processingLanguage",
        "refinedBy",
        "renderedVia",
        "sourceDate",
        "sourceDateEnd",
        "sourceDateStart",
        "start",
        "styleClass",
        "styledBy",
        "suffix",
        "textDirection",
        "via",
        "assessing",
        "bookmarking",
        "classifying",
        "commenting",
        "describing",
        "editing",
        "highlighting",
        "identifying",
        "linking",
        "moderating",
        "questioning",
        "replying",
        "tagging",
        "autoDirection",
        "ltrDirection",
        "rtlDirection",
        "PreferContainedDescriptions",
        "PreferContainedIRIs",
    ]
)
# Vocabularies rdflib declares as closed DefinedNamespaces; `iri in vocab` says if a term is real.
CHECKED = {
    str(vocab._NS): vocab
    for vocab in (
        ns.RDF,
        ns.RDFS,
        ns.OWL,
        ns.SKOS,
        ns.SH,
        ns.PROV,
        ns.DCTERMS,
        ns.ORG,
        ns.SDO,
        ns.FOAF,
        ns.TIME,
        ns.VANN,
    )
}


def load(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load(ROOT / "ontology" / "kzreforms.ttl")


@pytest.fixture(scope="module")
def concepts() -> Graph:
    return load(ROOT / "ontology" / "concepts.ttl")


def declared_kzr_terms(graph: Graph) -> set[str]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {
        str(s)[len(KZR_NS) :]
        for kind in kinds
        for s in graph.subjects(RDF.type, kind)
        if str(s).startswith(KZR_NS)
    }


def test_all_turtle_parses() -> None:
    assert len(load(*RDF_FILES)) > 1000


def test_header_is_complete(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == URIRef(
        f"https://w3id.org/kzreforms/ontology/{__version__}"
    )
    assert ontology.value(ONTOLOGY, OWL.versionInfo) == Literal(__version__)
    assert ontology.value(ONTOLOGY, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert ontology.value(ONTOLOGY, DCTERMS.modified) == Literal("2026-12-01", datatype=XSD.date)
    assert ontology.value(ONTOLOGY, VANN.preferredNamespacePrefix) == Literal("kzr")
    assert ontology.value(ONTOLOGY, VANN.preferredNamespaceUri) == Literal(KZR_NS)
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator, DCTERMS.created):
        assert ontology.value(ONTOLOGY, prop) is not None, prop


def test_every_term_is_documented(ontology: Graph) -> None:
    terms = declared_kzr_terms(ontology)
    assert {
        "Claim",
        "Referendum",
        "Quantity",
        "about",
        "claimSubject",
        "inSection",
        "textTarget",
    } <= terms
    for name in sorted(terms):
        term = URIRef(KZR_NS + name)
        label = ontology.value(term, RDFS.label)
        definition = ontology.value(term, SKOS.definition)
        assert isinstance(label, Literal) and label.language == "en", name
        assert isinstance(definition, Literal) and definition.language == "en", name
        assert ontology.value(term, RDFS.isDefinedBy) == ONTOLOGY, name


def test_every_concept_is_documented(concepts: Graph) -> None:
    schemes = set(concepts.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) >= 4
    for scheme in schemes:
        assert concepts.value(scheme, SKOS.prefLabel) is not None, scheme
        assert concepts.value(scheme, SKOS.definition) is not None, scheme
    for concept in concepts.subjects(RDF.type, SKOS.Concept):
        assert concepts.value(concept, SKOS.prefLabel).language == "en", concept
        assert concepts.value(concept, SKOS.definition).language == "en", concept
        scheme = concepts.value(concept, SKOS.inScheme)
        assert scheme in schemes, concept
        broader = concepts.value(concept, SKOS.broader)
        if broader is None:  # a top concept, listed by its scheme
            assert (concept, SKOS.topConceptOf, scheme) in concepts, concept
            assert (scheme, SKOS.hasTopConcept, concept) in concepts, concept
        else:  # a narrower concept of the same scheme
            assert (broader, SKOS.inScheme, scheme) in concepts, concept
            assert (concept, SKOS.topConceptOf, None) not in concepts, concept


def test_vocab_module_matches_turtle(ontology: Graph) -> None:
    in_python = {name for name in KZR.__annotations__ if not name.startswith("_")}
    assert in_python == declared_kzr_terms(ontology)
    with pytest.raises(AttributeError):
        KZR.NoSuchTerm  # noqa: B018


def iris_used(graph: Graph) -> set[URIRef]:
    return {node for triple in graph for node in triple if isinstance(node, URIRef)}


@pytest.mark.parametrize("path", RDF_FILES, ids=lambda p: p.name)
def test_external_terms_are_real(path: Path) -> None:
    unknown = []
    for iri in iris_used(load(path)):
        text = str(iri)
        if text.startswith(OA_NS):
            if text[len(OA_NS) :] not in OA_TERMS:
                unknown.append(text)
            continue
        for base, terms in CHECKED.items():
            if text.startswith(base) and text != base and iri not in terms:
                unknown.append(text)
    assert not unknown, sorted(unknown)


def kzr_names_in_text(text: str) -> set[str]:
    full = {m for m in re.findall(r"<https://w3id\.org/kzreforms/ontology#(\w+)>", text)}
    return full | set(re.findall(r"\bkzr:(\w+)", text))


def test_every_kzr_iri_used_is_declared(ontology: Graph) -> None:
    declared = declared_kzr_terms(ontology)
    used: set[str] = set()
    for path in RDF_FILES:
        used |= {str(i)[len(KZR_NS) :] for i in iris_used(load(path)) if str(i).startswith(KZR_NS)}
    for path in QUERY_FILES:
        used |= kzr_names_in_text(path.read_text(encoding="utf-8"))
    assert used - declared == set()


def test_context_covers_terms_and_prefixes(ontology: Graph) -> None:
    context = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))[
        "@context"
    ]
    assert list(context) == sorted(context)
    assert "@vocab" not in context and "@base" not in context
    for name in declared_kzr_terms(ontology):
        term = URIRef(KZR_NS + name)
        entry = context[name]
        if (term, RDF.type, OWL.ObjectProperty) in ontology:
            assert entry == {"@id": f"kzr:{name}", "@type": "@id"}, name
        elif (term, RDF.type, OWL.DatatypeProperty) in ontology:
            rng = ontology.value(term, RDFS.range)
            if rng == RDF.langString:  # a language-tagged value carries its own @language
                assert entry == {"@id": f"kzr:{name}"}, name
            else:
                assert entry == {"@id": f"kzr:{name}", "@type": "xsd:" + str(rng)[len(str(XSD)) :]}
        else:
            assert entry == f"kzr:{name}", name
    for path in RDF_FILES:
        for prefix, namespace in re.findall(
            r"@prefix\s+(\w+):\s+<([^>]+)>", path.read_text(encoding="utf-8")
        ):
            assert context.get(prefix) == namespace, (path.name, prefix)


def test_definitions_claim_no_more_than_the_text(ontology: Graph, concepts: Graph) -> None:
    # The text says the amendments were "supported by" the share, not of what whole.
    share = str(ontology.value(KZR.approvalShare, SKOS.definition))
    assert "votes cast" not in share and "supported" in share
    # "at least" (>=) and "more than" (>) are both lower bounds: a bound, not the value.
    kzc = "https://w3id.org/kzreforms/concept/"
    lower = str(concepts.value(URIRef(kzc + "exactness-lower-bound"), SKOS.definition))
    assert "at least" in lower and "more than" in lower and "not the value" in lower
    narrower = set(concepts.subjects(SKOS.broader, URIRef(kzc + "exactness-lower-bound")))
    assert narrower == {URIRef(kzc + "exactness-more-than"), URIRef(kzc + "exactness-at-least")}
    assert "exclusive" in str(concepts.value(URIRef(kzc + "exactness-more-than"), SKOS.definition))
    # "have begun to operate" is said only of the cassation courts: no status mixes it in.
    adopted = str(concepts.value(URIRef(kzc + "status-adopted"), SKOS.definition))
    assert "operate" not in adopted and "in force" in adopted
