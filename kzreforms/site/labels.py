"""Human labels for the external terms the site shows (the project's own terms carry rdfs:label).

One table, keyed by full IRI, so that a page says "Attributed to" and not
``prov:wasAttributedTo``. Terms missing here fall back to their prefixed name.
"""

from __future__ import annotations

_DCT = "http://purl.org/dc/terms/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_TIME = "http://www.w3.org/2006/time#"
_OA = "http://www.w3.org/ns/oa#"
_ORG = "http://www.w3.org/ns/org#"
_PROV = "http://www.w3.org/ns/prov#"
_FOAF = "http://xmlns.com/foaf/0.1/"
_SCHEMA = "https://schema.org/"
_OWL = "http://www.w3.org/2002/07/owl#"

_BY_NAMESPACE: dict[str, dict[str, str]] = {
    _DCT: {
        "creator": "Creator",
        "format": "Format",
        "hasPart": "Has part",
        "isPartOf": "Part of",
        "issued": "Issued",
        "license": "Licence",
        "publisher": "Publisher",
        "replaces": "Replaces",
        "source": "Source",
        "subject": "Subject",
        "title": "Title",
        "description": "Description",
        "created": "Created",
        "modified": "Modified",
    },
    _RDF: {"langString": "text in a language", "type": "Type", "value": "Value"},
    _RDFS: {
        "comment": "Comment",
        "isDefinedBy": "Defined by",
        "label": "Label",
        "seeAlso": "See also",
    },
    _OWL: {
        "equivalentClass": "Equivalent class",
        "equivalentProperty": "Equivalent property",
        "sameAs": "Same as",
    },
    _XSD: {
        "boolean": "yes/no",
        "date": "date",
        "decimal": "decimal",
        "gYear": "year",
        "integer": "integer",
        "nonNegativeInteger": "whole number",
        "string": "text",
    },
    _SKOS: {
        "Concept": "Concept",
        "ConceptScheme": "Concept scheme",
        "altLabel": "Also called",
        "broader": "Broader concept",
        "narrower": "Narrower concept",
        "definition": "Definition",
        "hasTopConcept": "Top concept",
        "inScheme": "In scheme",
        "prefLabel": "Preferred label",
        "topConceptOf": "Top concept of",
        "exactMatch": "Exact match",
        "closeMatch": "Close match",
        "broadMatch": "Broader match",
        "narrowMatch": "Narrower match",
        "relatedMatch": "Related match",
    },
    _TIME: {"Duration": "Duration", "numericDuration": "Length", "unitType": "Unit of time"},
    _OA: {
        "SpecificResource": "Text target",
        "TextPositionSelector": "Text position selector",
        "TextQuoteSelector": "Text quote selector",
        "TextualBody": "Textual body",
        "Annotation": "Annotation",
        "commenting": "Commenting",
        "linking": "Linking",
        "end": "Ends at character",
        "exact": "Exact words",
        "hasBody": "Body",
        "hasSelector": "Selector",
        "hasSource": "Source text",
        "hasTarget": "Target",
        "motivatedBy": "Motivation",
        "prefix": "Words before",
        "start": "Starts at character",
        "suffix": "Words after",
    },
    _ORG: {
        "Organization": "Organization",
        "Post": "Post",
        "heldBy": "Held by",
        "holds": "Holds",
        "postIn": "Post in",
        "resultingOrganization": "Resulting organization",
    },
    _PROV: {
        "Activity": "Activity",
        "Agent": "Agent",
        "Entity": "Entity",
        "wasAttributedTo": "Attributed to",
    },
    _FOAF: {"Organization": "Organization", "Person": "Person", "name": "Name"},
    _SCHEMA: {
        "Country": "Country",
        "CreativeWork": "Creative work",
        "Event": "Event",
        "GovernmentOrganization": "Government organization",
        "appearance": "Appears in",
        "honorificPrefix": "Title",
        "location": "Location",
        "minValue": "At least",
        "sameAs": "Same as",
        "unitCode": "Unit",
        "url": "Web address",
        "value": "Value",
    },
}

#: Human labels of external terms, by full IRI.
TERM_LABELS: dict[str, str] = {
    namespace + local: label
    for namespace, table in _BY_NAMESPACE.items()
    for local, label in table.items()
}

#: The kinds of the text-anchoring records (Web Annotation targets and selectors).
ANCHORING_KINDS: frozenset[str] = frozenset(
    _OA + local
    for local in ("SpecificResource", "TextPositionSelector", "TextQuoteSelector", "TextualBody")
)
