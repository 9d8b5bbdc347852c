"""Source: PubMed XML from E-utilities (``PubmedArticleSet``) -> ``Publication`` records.

Streamed with lxml's iterparse, clearing each finished record, so memory does not
grow with the file. Safe by construction: no DTD loading, no network, no entity
expansion, and a document that declares entities (billion laughs, XXE) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from ..errors import InputError
from ..identifiers import split_pages
from ..model import (
    AbstractSection,
    Accession,
    Author,
    Chemical,
    Grant,
    HistoryDate,
    Journal,
    MeshHeading,
    MeshQualifier,
    PartialDate,
    Publication,
    RecordLink,
)
from .markup import escape, render
from .pubmed_common import (
    abstract_text,
    bare_orcid,
    clean_identifiers,
    free_date,
    language,
    month_number,
    registry_number,
    squash,
)

RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")


def sniff(head: bytes) -> bool:
    return re.search(rb"<(PubmedArticleSet|PubmedArticle|PubmedBookArticle)[\s>/]", head) is not None


def _refuse_entity_declarations(head: bytes, name: str) -> None:
    prologue = head.split(b"<PubmedArticle", 1)[0]
    if b"<!ENTITY" in prologue:
        raise InputError("the XML declares entities (refused: entity expansion and external entities "
                         "are a security risk, and PubMed XML never needs them)", path=name, line=1)


def read(source: Path | str | BinaryIO, name: str | None = None,
         errors: list[InputError] | None = None, deleted: list[str] | None = None) -> Iterator[Publication]:
    """Records of a PubMed XML file. A bad record raises, or is appended to ``errors``.

    ``DeleteCitation`` PMIDs are appended to ``deleted`` when a list is given.
    """
    if isinstance(source, (str, Path)):
        name = name or str(source)
        try:
            handle: BinaryIO = open(source, "rb")  # noqa: SIM115 (closed by the generator's with)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", path=name) from None
    else:
        name, handle = name or "-", source
    with handle:
        head = handle.peek(65536)[:65536] if hasattr(handle, "peek") else b""
        _refuse_entity_declarations(head, name)
        parser = etree.iterparse(handle, events=("end",), tag=RECORD_TAGS, resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
        number = 0
        try:
            for _, element in parser:
                number += 1
                try:
                    if element.tag == "DeleteCitation":
                        if deleted is not None:
                            deleted.extend(squash(p.text) for p in element.iter("PMID"))
                        continue
                    record = _record(element, name, number)
                except InputError as exc:
                    if errors is None:
                        raise
                    errors.append(exc)
                    continue
                finally:
                    element.clear(keep_tail=True)
                    while element.getprevious() is not None:
                        del element.getparent()[0]
                yield record
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if getattr(exc, "lineno", None) else None
            message = str(exc.msg if hasattr(exc, "msg") else exc)
            if "entity" in message.lower():
                message = "the XML uses entities, which are refused: " + message
            raise InputError(f"malformed XML: {message}", path=name, line=line) from None


def text_of(element: etree._Element | None) -> str | None:
    """All text inside, inline markup (<i>, <sup>, ...) kept as text, whitespace normalised."""
    if element is None:
        return None
    return squash("".join(element.itertext())) or None


def _record(element: etree._Element, name: str, number: int) -> Publication:
    pmid = text_of(element.find(".//PMID"))
    record = pmid or str(number)
    book = element.tag == "PubmedBookArticle"
    article = element.find("BookDocument" if book else "MedlineCitation/Article")
    if article is None:
        raise InputError("no Article element", path=name, record=record, field="MedlineCitation/Article")
    title_element = article.find("ArticleTitle")
    if title_element is None and book:
        title_element = article.find("Book/BookTitle")
    rendered = render(title_element)
    vernacular = text_of(article.find("VernacularTitle"))
    if rendered is None and not vernacular:
        raise InputError("the record has no title", path=name, record=record, field="ArticleTitle")
    pub = Publication(title=rendered.text if rendered else vernacular or "", pmid=pmid, source_name=name,
                      record_number=number)
    if rendered is not None:
        pub.title_html, pub.text_language = rendered.html, "en"  # PubMed's ArticleTitle is in English
        pub.vernacular_title = vernacular
    _journal(pub, article, element)
    _abstract(pub, article)
    _authors(pub, article)
    languages = [code for code in (language(text_of(x)) for x in article.findall("Language")) if code]
    pub.language = languages[0] if languages else None
    if pub.vernacular_title:
        pub.vernacular_language = next((code for code in languages if code != "en"), None)
    for other in element.findall("MedlineCitation/OtherAbstract"):
        if text := " ".join(t for t in (text_of(x) for x in other.findall("AbstractText")) if t):
            pub.other_abstracts.append((text, language(other.get("Language"))))
    for kind in article.iter("PublicationType"):
        if value := text_of(kind):
            pub.publication_types.append(value)
            if kind.get("UI"):
                pub.publication_type_uis[value] = kind.get("UI", "")
    _identifiers(pub, article, element)
    for date in article.findall("ArticleDate"):
        if date.get("DateType", "Electronic") == "Electronic":
            pub.epublished = _date(date)
    citation = element.find("MedlineCitation")
    if citation is not None:
        pub.mesh_headings = [_mesh(h) for h in citation.iter("MeshHeading")]
        pub.chemicals = [_chemical(c) for c in citation.findall("ChemicalList/Chemical")]
        pub.links = [_link(c) for c in citation.findall("CommentsCorrectionsList/CommentsCorrections")]
    pub.grants = [Grant(text_of(g.find("GrantID")), text_of(g.find("Acronym")), text_of(g.find("Agency")),
                        text_of(g.find("Country"))) for g in article.findall("GrantList/Grant")]
    pub.accessions = [Accession(text_of(bank.find("DataBankName")), number)
                      for bank in article.findall("DataBankList/DataBank")
                      for number in (text_of(a) for a in bank.findall("AccessionNumberList/AccessionNumber"))
                      if number]
    pub.history = [HistoryDate(d.get("PubStatus", ""), date)
                   for d in element.findall("PubmedData/History/PubMedPubDate")
                   if (date := _date(d)) is not None and d.get("PubStatus")]
    pub.keywords = [k for k in (text_of(x) for x in element.iter("Keyword")) if k]
    pub.references = [_reference(r, i) for i, r in enumerate(element.iter("Reference"), start=1)]
    return clean_identifiers(pub)


def _journal(pub: Publication, article: etree._Element, element: etree._Element) -> None:
    journal = article.find("Journal")
    if journal is not None:
        issns = {i.get("IssnType"): text_of(i) for i in journal.findall("ISSN")}
        info = element.find("MedlineCitation/MedlineJournalInfo")
        pub.journal = Journal(text_of(journal.find("Title")) or text_of(journal.find("ISOAbbreviation")) or "",
                              text_of(journal.find("ISOAbbreviation")), issns.get("Print"),
                              issns.get("Electronic"))
        if info is not None:
            pub.journal.nlm_id = text_of(info.find("NlmUniqueID"))
            pub.journal.issn_linking = text_of(info.find("ISSNLinking"))
            pub.journal.medline_ta = text_of(info.find("MedlineTA"))
            pub.journal.country = text_of(info.find("Country"))
        issue = journal.find("JournalIssue")
        if issue is not None:
            pub.volume = text_of(issue.find("Volume"))
            pub.issue = text_of(issue.find("Issue"))
            pub.published = _date(issue.find("PubDate"))
    elif article.find("Book") is not None:
        pub.published = _date(article.find("Book/PubDate"))
    pages = text_of(article.find("Pagination/MedlinePgn"))
    if pages:
        pub.pages = pages
        pub.page_start, pub.page_end = split_pages(pages)
    else:
        pub.page_start = text_of(article.find("Pagination/StartPage"))
        pub.page_end = text_of(article.find("Pagination/EndPage"))


def _date(date: etree._Element | None) -> PartialDate | None:
    if date is None:
        return None
    medline = text_of(date.find("MedlineDate"))
    if medline:
        return free_date(medline)
    year = text_of(date.find("Year"))
    if not year or not year.isdigit():
        return None
    month = month_number(text_of(date.find("Month")))
    day = text_of(date.find("Day"))
    return PartialDate(int(year), month, int(day) if month and day and day.isdigit() else None)


def _abstract(pub: Publication, article: etree._Element) -> None:
    for part in article.findall("Abstract/AbstractText"):
        if rendered := render(part):
            pub.abstract_sections.append(AbstractSection(rendered.text, part.get("Label") or None,
                                                         part.get("NlmCategory"), rendered.html))
    if pub.abstract_sections:
        pub.abstract = abstract_text(pub.abstract_sections)
        if any(s.html for s in pub.abstract_sections):
            pub.abstract_html = " ".join((f"{escape(s.label)}: " if s.label else "") + (s.html or escape(s.text))
                                         for s in pub.abstract_sections)


def _authors(pub: Publication, article: etree._Element) -> None:
    authors = article.find("AuthorList")
    if authors is None:
        return
    pub.authors_complete = authors.get("CompleteYN", "Y") != "N"
    for author in authors.findall("Author"):
        affiliations = [a for a in (text_of(x) for x in author.findall("AffiliationInfo/Affiliation")) if a]
        collective = text_of(author.find("CollectiveName"))
        orcid = next((bare_orcid(text_of(i)) for i in author.findall("Identifier") if i.get("Source") == "ORCID"),
                     None)
        if collective:
            pub.authors.append(Author(name=collective, collective=True, affiliations=affiliations))
            continue
        family, given = text_of(author.find("LastName")), text_of(author.find("ForeName"))
        if not family:
            continue
        display = f"{given} {family}" if given else family
        pub.authors.append(Author(name=display, family=family, given=given, initials=text_of(author.find("Initials")),
                                  orcid=orcid, affiliations=affiliations))


def _identifiers(pub: Publication, article: etree._Element, element: etree._Element) -> None:
    for loc in article.findall("ELocationID"):
        if loc.get("EIdType") == "doi" and loc.get("ValidYN", "Y") == "Y":
            pub.doi = pub.doi or text_of(loc)
        elif loc.get("EIdType") == "pii" and loc.get("ValidYN", "Y") == "Y":
            pub.pii = pub.pii or text_of(loc)
    for aid in element.findall("PubmedData/ArticleIdList/ArticleId"):
        kind, value = aid.get("IdType"), text_of(aid)
        if kind == "doi" and not pub.doi:
            pub.doi = value
        elif kind == "pmc":
            pub.pmcid = value
        elif kind == "pubmed" and not pub.pmid:
            pub.pmid = value


def _mesh(heading: etree._Element) -> MeshHeading:
    descriptor = heading.find("DescriptorName")
    return MeshHeading(
        descriptor_ui=descriptor.get("UI") if descriptor is not None else None,
        descriptor_name=text_of(descriptor) or "",
        major=descriptor is not None and descriptor.get("MajorTopicYN") == "Y",
        qualifiers=[MeshQualifier(q.get("UI"), text_of(q) or "", q.get("MajorTopicYN") == "Y")
                    for q in heading.findall("QualifierName")],
    )


def _chemical(chemical: etree._Element) -> Chemical:
    substance = chemical.find("NameOfSubstance")
    return Chemical(text_of(substance) or "", substance.get("UI") if substance is not None else None,
                    registry_number(text_of(chemical.find("RegistryNumber"))))


def _link(link: etree._Element) -> RecordLink:
    pmid = link.find("PMID")
    return RecordLink(link.get("RefType", ""), text_of(link.find("RefSource")), text_of(pmid))


def _reference(reference: etree._Element, number: int) -> Publication:
    citation = text_of(reference.find("Citation"))
    ref = Publication(title="", citation_text=citation or f"reference {number}")  # title unknown: only the citation
    for aid in reference.findall("ArticleIdList/ArticleId"):
        kind, value = aid.get("IdType"), text_of(aid)
        if kind == "pubmed":
            ref.pmid = value
        elif kind == "doi":
            ref.doi = value
        elif kind == "pmc":
            ref.pmcid = value
    return clean_identifiers(ref)
