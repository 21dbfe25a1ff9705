"""Content negotiation: which file answers which IRI for which media type.

One table drives both the Apache ``.htaccess`` (w3id.org style: 303 redirects
to the host that serves the files) and the nginx snippet (internal rewrites),
so the two cannot disagree. Paths are relative to the site's root.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """IRIs whose path below the site root matches ``pattern``: answered by ``stem`` + extension.

    ``pattern`` is a regular expression understood alike by Apache, nginx and Python;
    ``stem`` may use ``$1`` for its group.
    """

    pattern: str
    stem: str
    what: str

    def nginx(self, prefix: str) -> tuple[str, str]:
        """The rule as an nginx rewrite (pattern, replacement) below ``prefix``.

        nginx's ``map`` with regular expressions overwrites ``$1`` before the
        replacement is built, so the group is named.
        """
        pattern = "^" + prefix + self.pattern[1:].replace("(", "(?<kzreforms_name>", 1)
        return pattern, prefix + self.stem.replace("$1", "$kzreforms_name")


#: Media types offered for every negotiated IRI, in the order they are tried.
#: The last one (HTML) is the default when the Accept header names neither RDF type.
VARIANTS: tuple[tuple[str, str, str], ...] = (
    # (media type, regex that finds it in an Accept header, file extension)
    ("text/turtle", r"text/turtle", ".ttl"),
    ("application/ld+json", r"application/ld\+json", ".jsonld"),
    ("text/html", r"", ".html"),
)

RULES: tuple[Rule, ...] = (
    Rule(r"^id/([^./]+)$", "id/$1", "each resource of the data"),
    Rule(r"^concept/([^./]+)$", "concept/$1", "each concept and concept scheme"),
    Rule(r"^concept/$", "concept/index", "the list of concept schemes"),
    Rule(r"^ontology$", "ontology", "the ontology"),
    Rule(r"^$", "index", "the dataset (its DCAT/VoID description)"),
)

#: Media types of the files the site serves, for servers that do not know them.
MEDIA_TYPES: tuple[tuple[str, str], ...] = (
    ("text/html", "html"),
    ("text/css", "css"),
    ("text/plain", "txt"),
    ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"),
    ("application/n-quads", "nq"),
    ("application/trig", "trig"),
    ("application/rdf+xml", "rdf"),
    ("image/png", "png"),
)
