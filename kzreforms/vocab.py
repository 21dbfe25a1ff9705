"""The kzreforms ontology's terms as an rdflib DefinedNamespace.

Every term of ``ontology/kzreforms.ttl`` is declared here once, with its
definition as a comment; ``KZR.Claimm`` raises ``AttributeError``.

>>> str(KZR.Claim)
'https://w3id.org/kzreforms/ontology#Claim'
"""

# ruff: noqa: E501  (one term per line, definition as comment, as in rdflib)
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from .namespaces import ONTOLOGY_IRI

__all__ = ["KZR"]


class KZR(DefinedNamespace):
    """kzreforms ontology: statements, claims attributed to their speaker, the things they name, and the words behind them."""

    _fail = True

    # http://www.w3.org/2002/07/owl#Class
    Claim: URIRef  # A single assertion made in a statement and attributed to its speaker, traced to the exact words that make it. The claim is the statement node of the model: it names what it is about (kzr:claimSubject, kzr:about) and carries what it asserts of it (a status, a direction of change, stated quantities, a year, a modality), so that nothing the speaker says is stated as a bare fact.
    ContextNote: URIRef  # A W3C Web Annotation by the editors, not by the speaker, saying what an outside source reports about a claim or a thing the text names: oa:hasTarget the claim or resource, oa:hasBody what the source says, dcterms:source the source with its own words quoted, kzr:noteKind whether it is background or an outcome since the statement, and kzr:relationToClaim how it bears on the claim.
    Count: URIRef  # A quantity that counts things; its value or bound is an xsd:integer.
    EditorialNote: URIRef  # A W3C Web Annotation by the editors of the data, not by the speaker, recording a reading of the text, such as that two passages speak of the same thing: oa:motivatedBy says why (oa:linking, oa:commenting), oa:hasBody holds the explanation, oa:hasTarget the passages, and prov:wasAttributedTo names the editors.
    Election: URIRef  # A vote in which citizens choose representatives or office holders.
    Institution: URIRef  # A body, office or standing procedure of the state, such as a parliament, a court, the office of president or the national referendum.
    InstitutionalChange: (
        URIRef  # A reform that creates, re-establishes or reorganises a state body.
    )
    NameRecord: URIRef  # A name in one language under which an outside source knows an institution or office, recorded by the editors with that source (dcterms:source) and, where the name changed or was reused, the dates between which it applies (kzr:validFrom, kzr:validUntil).
    Outcome: URIRef  # A change in the state of affairs that a statement says came about, such as courts becoming more independent or participation increasing, as distinct from a measure taken.
    Parameter: URIRef  # A quantity fixed by a rule, such as an electoral threshold or a registration threshold, whose value a reform may change.
    ParameterChange: URIRef  # A reform that changes the value of a rule's parameter, such as a threshold or a quota.
    PolicyQuestion: (
        URIRef  # A question of public policy put to a decision, for example in a referendum.
    )
    Quantity: URIRef  # A number as a claim states it: a value node that belongs to one claim (kzr:statedIn), with its unit (schema:unitCode), its value (schema:value, or schema:minValue and kzr:exclusiveLowerBound for a lower bound), how exact the claim says it is, and the words that state it.
    QuotaSystem: URIRef  # A reform that reserves a share of places for members of given groups.
    Referendum: URIRef  # A nationwide vote in which citizens decide a question put to them.
    Reform: URIRef  # A measure changing a country's political institutions, rules or practice that a statement names, such as a term limit, a threshold or a new body.
    Section: URIRef  # A contiguous part of a statement, such as its introduction, one of its enumerated points or its closing.
    Session: URIRef  # A session of a meeting or conference at which statements are delivered.
    Share: URIRef  # A quantity that is a proportion of a whole, in percent; its schema:value is an xsd:decimal.
    Source: URIRef  # A document outside the statement as the editors cite it for a context note or a name record: its web address (schema:url), title, publisher, date published where given (dcterms:issued), the date the editors read it (kzr:accessed), and the passages they take from it, in the document's own words (kzr:sourceQuote).
    SourceText: URIRef  # The verbatim text of a statement, held as its rdf:value; the source that every text selector points into.
    Statement: URIRef  # A speech or written statement delivered by a speaker at a session, whose claims are modelled.

    # http://www.w3.org/2002/07/owl#ObjectProperty
    about: URIRef  # Relates a claim to a thing the text names that the claim concerns: a reform, outcome, institution, office, referendum, election or parameter.
    affects: URIRef  # Relates a reform to an institution or office whose powers, status or composition it changes, as the text names them.
    approvalShare: URIRef  # Relates a claim about a referendum to the share, in percent, that the speaker says supported the question put.
    beneficiaryGroup: URIRef  # Relates a quota system to a concept of the social-group scheme naming a group for whom, as the text names the system, places are reserved.
    chairedBy: URIRef  # Relates a claim to the office whose holder, according to the speaker, chairs the body that is the claim's subject.
    changeDirection: URIRef  # Relates a claim to a concept of the change-direction scheme saying whether, according to the speaker, the claim's subject increased or decreased what it changes.
    changesParameter: URIRef  # Relates a parameter change to the parameter whose value it changes.
    claimSubject: URIRef  # Relates a claim to the one thing of which it asserts a status, a change, a quantity, a year or a relation: the subject of what the claim carries.
    concerns: URIRef  # Relates an editorial note to a resource, such as a claim or a referendum, whose modelling rests on the reading the note records.
    deliveredAt: URIRef  # Relates a statement to the session at which it was delivered.
    exactness: URIRef  # Relates a quantity to a concept of the exactness scheme saying how the claim qualifies the number: exact, approximate, more than, at least and so on.
    hasSourceText: URIRef  # Relates a statement to the resource holding its verbatim text.
    inSection: URIRef  # Relates a claim to the section of the statement in which it is made.
    memberGroup: URIRef  # Relates a claim to a concept of the social-group scheme naming a group of people that, according to the speaker, the body that is the claim's subject brings together.
    modality: URIRef  # Relates a claim to a concept of the modality scheme saying how sure the speaker is of what the claim asserts (kzc:modality-possible for "a possible transition").
    nameOf: URIRef  # Relates a name record to the institution or office that the name names.
    noteKind: URIRef  # Relates a context note to a concept of the context-note-kind scheme: background (what the text leaves unsaid) or outcome (what happened after the statement).
    reformArea: URIRef  # Relates a reform or outcome to a concept of the reform-area scheme that classifies it; the classification is the editors'.
    relationToClaim: URIRef  # Relates a context note to a concept of the claim-relation scheme saying how what the source reports bears on the claim or resource the note is about: it confirms, qualifies, supersedes or contradicts it.
    resultOf: URIRef  # Relates a claim about an outcome to the reform the speaker says it results from ("which broadened", "as a result").
    roundedExactness: URIRef  # Relates a quantity that has a kzr:roundedValue to a concept of the exactness scheme saying how the claim qualifies the rounded figure (kzc:exactness-almost for "almost 80%").
    statedIn: URIRef  # Relates a quantity to the one claim that states it.
    statedQuantity: URIRef  # Relates a claim to a quantity it states.
    status: URIRef  # Relates a claim to a concept saying how far, according to the speaker, the claim's subject has gone: a legal stage (kzc:legal-stages), a stage of implementation (kzc:implementation-stages) or a political process (kzc:political-processes).
    termLength: URIRef  # Relates a claim about a reform that sets a term of office to the length of that term, as stated.
    textTarget: URIRef  # Relates a statement, session, section, claim or quantity to the segment of the source text that states or names it: a specific resource whose source is the text and whose selectors give the exact words and their code-point positions.
    valueAfter: URIRef  # Relates a claim about a parameter change to the value the speaker says the parameter has after the change.
    valueBefore: URIRef  # Relates a claim about a parameter change to the value the speaker says the parameter had before the change.

    # http://www.w3.org/2002/07/owl#DatatypeProperty
    accessed: URIRef  # The date on which the editors read an outside source.
    changeFactor: URIRef  # The factor by which, according to a claim, a parameter change multiplies or divides the parameter's value (4 for "reduced four times").
    exclusiveLowerBound: URIRef  # The number that a quantity is stated to exceed (2500 in "more than 2,500"); the quantity's value is not stated. For counts, schema:minValue gives the same bound inclusively (2501).
    name: URIRef  # The name a name record gives, in the nominative and tagged with its language (@kk, @ru).
    ordinal: URIRef  # The position of a section in its statement, counting from 1 in reading order.
    outOf: URIRef  # The total a count is a part of, as stated (7 in "6 out of 7").
    roundedValue: URIRef  # A rounded figure, in the quantity's unit, with which a claim gives the same quantity alongside its schema:value (80 in "almost 80% (77.18%)"); kzr:roundedExactness says how the figure is qualified.
    singleTerm: URIRef  # True when a claim says that a reform limits an office to one term that cannot be renewed.
    sourceQuote: URIRef  # A passage of an outside source, copied verbatim in the source's own language and tagged with it (@en, @kk, @ru).
    statedAs: URIRef  # The words with which a claim gives a quantity, kept verbatim (for example "almost 80% (77.18%)").
    validFrom: URIRef  # The first day on which a name record's name applies to its institution, as its source gives it.
    validUntil: URIRef  # The day from which a name record's name no longer applies to its institution (exclusive), as its source gives it.
    year: URIRef  # The calendar year that a claim gives for its subject, such as the year in which a vote took place.

    _NS = Namespace(f"{ONTOLOGY_IRI}#")
