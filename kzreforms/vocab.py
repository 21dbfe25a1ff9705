"""The kzreforms ontology's terms as an rdflib DefinedNamespace.

Every term of ``ontology/kzreforms.ttl`` is declared here once, with its
definition as a comment; ``KZR.Claimm`` raises ``AttributeError``.

>>> str(KZR.Claim)
'https://w3id.org/kzreforms/ontology#Claim'
"""

# ruff: noqa: E501  (one term per line, definition as comment, as in rdflib)
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["KZC", "KZD", "KZR"]


class KZR(DefinedNamespace):
    """kzreforms ontology: statements, claims, reforms and the words behind them."""

    _fail = True

    # http://www.w3.org/2002/07/owl#Class
    Claim: URIRef  # A single assertion made in a statement, traced to the exact words that make it.
    Count: URIRef  # A quantity that counts things; its schema:value is an xsd:integer.
    EditorialNote: URIRef  # A reading of the text recorded by the editors of the data, not said by the speaker, such as that two passages speak of the same thing; its rdfs:comment explains the reading and prov:wasAttributedTo names the editors.
    Election: URIRef  # A vote in which citizens choose representatives or office holders.
    Institution: URIRef  # A body, office or standing procedure of the state, such as a parliament, a court, the office of president or the national referendum.
    InstitutionalChange: (
        URIRef  # A reform that creates, re-establishes or reorganises a state body.
    )
    Parameter: URIRef  # A quantity fixed by a rule, such as an electoral threshold or a registration threshold, whose value a reform may change.
    ParameterChange: URIRef  # A reform that changes the value of a rule's parameter, such as a threshold or a quota, optionally from a stated value to another.
    PolicyQuestion: (
        URIRef  # A question of public policy put to a decision, for example in a referendum.
    )
    Quantity: URIRef  # A number stated in a statement, with its unit (schema:unitCode or schema:unitText), its value (schema:value), how exact the statement says it is, and the words that state it.
    QuotaSystem: URIRef  # A reform that reserves a share of places for members of given groups.
    Referendum: URIRef  # A nationwide vote in which citizens decide a question put to them.
    Reform: URIRef  # A change to a country's political institutions, rules or practice reported in a statement: a measure adopted, under way, under discussion or promised, or a reported change in practice.
    Section: URIRef  # A contiguous part of a statement, such as its introduction, one of its enumerated points or its closing.
    Session: URIRef  # A session of a meeting or conference at which statements are delivered.
    Share: URIRef  # A quantity that is a proportion of a whole, in percent; its schema:value is an xsd:decimal.
    SourceText: URIRef  # The verbatim text of a statement, held as its rdf:value; the source that every text selector points into.
    Statement: URIRef  # A speech or written statement delivered by a speaker at a session, whose claims are modelled.

    # http://www.w3.org/2002/07/owl#ObjectProperty
    about: URIRef  # Relates a claim to a reform, institution, referendum, election or other thing that it concerns.
    affects: URIRef  # Relates a reform to an institution or office whose powers, status or composition it changes.
    approvalShare: URIRef  # Relates a referendum to the share, in percent, that the statement says supported the question put, as the speaker gives it.
    beneficiaryGroup: URIRef  # Relates a quota system to a concept of the social-group scheme naming a group for whom places are reserved.
    chairedBy: URIRef  # Relates a body to the office whose holder chairs it.
    changeDirection: URIRef  # Relates a reform to a concept of the change-direction scheme saying whether it increased or decreased what it changes.
    concerns: URIRef  # Relates an editorial note to a resource, such as a claim or a referendum, whose modelling rests on the reading the note records.
    deliveredAt: URIRef  # Relates a statement to the session at which it was delivered.
    exactness: URIRef  # Relates a quantity to a concept of the exactness scheme saying how the statement qualifies the number: exact, approximate, a lower bound and so on.
    hasSourceText: URIRef  # Relates a statement to the resource holding its verbatim text.
    memberGroup: URIRef  # Relates a body to a concept of the social-group scheme naming a group of people it brings together.
    parameter: URIRef  # Relates a parameter change to the parameter whose value it changes.
    quantity: (
        URIRef  # Relates a claim, or the thing a claim is about, to a quantity stated about it.
    )
    reformArea: (
        URIRef  # Relates a reform to a concept of the reform-area scheme that classifies it.
    )
    roundedExactness: URIRef  # Relates a quantity that has a kzr:roundedValue to a concept of the exactness scheme saying how the statement qualifies the rounded figure (kzc:exactness-almost for "almost 80%").
    section: URIRef  # Relates a claim to the section of the statement in which it is made.
    status: URIRef  # Relates a reform to a concept of the reform-status scheme saying how far, according to the statement, it has gone.
    termLength: URIRef  # Relates a reform that sets a term of office to the length of that term.
    textTarget: URIRef  # Relates a resource to the segment of the source text that states or names it: a specific resource whose source is the text and whose selectors give the exact words and their code-point positions.
    valueAfter: (
        URIRef  # Relates a parameter change to the value the parameter has after the change.
    )
    valueBefore: (
        URIRef  # Relates a parameter change to the value the parameter had before the change.
    )

    # http://www.w3.org/2002/07/owl#DatatypeProperty
    changeFactor: URIRef  # The factor by which a parameter change multiplies or divides the parameter's value, as stated (4 for "reduced four times").
    ordinal: URIRef  # The position of a section in its statement, counting from 1 in reading order.
    outOf: URIRef  # The total a count is a part of, as stated (7 in "6 out of 7").
    roundedValue: URIRef  # A rounded figure, in the quantity's unit, with which the statement gives the same quantity alongside its schema:value (80 in "almost 80% (77.18%)"); kzr:roundedExactness says how the figure is qualified.
    singleTerm: URIRef  # True when a reform limits an office to one term that cannot be renewed.
    statedAs: URIRef  # The words with which the statement gives a quantity, kept verbatim (for example "almost 80% (77.18%)").
    year: URIRef  # The calendar year in which a vote took place.

    _NS = Namespace("https://w3id.org/kzreforms/ontology#")


#: Data resources: the statement, claims, reforms, institutions, quantities, selectors.
KZD = Namespace("https://w3id.org/kzreforms/id/")

#: SKOS concept schemes and concepts: reform areas, statuses, exactness, directions, groups.
KZC = Namespace("https://w3id.org/kzreforms/concept/")
