"""Field coverage: which fields of real PubMed records Biopython reads, and whether our RDF carries them.

For every real PubMed XML and MEDLINE record in tests/fixtures/corpus, Biopython's
``Entrez.read`` and ``Medline.parse`` list the fields the record has; each field is
then looked up in the triples ssc-rdf maps from the same record. A field with no
mapping is reported as not carried: the table is the honest list of what is left.

    pip install -e '.[bench]'   # Biopython
    python bench/field_coverage.py            # writes bench/results/field_coverage.md
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from Bio import Entrez, Medline

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ssc_rdf.mapping.iris import Minter  # noqa: E402
from ssc_rdf.mapping.records import Mapper  # noqa: E402
from ssc_rdf.model import Publication  # noqa: E402
from ssc_rdf.rdf import DEFAULT_BASE  # noqa: E402
from ssc_rdf.rdf.terms import BIBO, CITO, DCTERMS, FABIO, SCHEMA, SSC  # noqa: E402
from ssc_rdf.sources import medline, pubmed_xml  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
OUT = ROOT / "bench" / "results" / "field_coverage.md"
Found = set[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, Any]]
Check = Callable[[Found, ox.NamedNode], bool]


def on_publication(*props: ox.NamedNode) -> Check:
    return lambda found, pub: any(s == pub and p in props for s, p, _ in found)


def on_journal(*props: ox.NamedNode) -> Check:
    def check(found: Found, pub: ox.NamedNode) -> bool:
        journals = {o for s, p, o in found if s == pub and p == DCTERMS.isPartOf}
        return any(s in journals and p in props for s, p, _ in found)
    return check


def on_author(*props: ox.NamedNode) -> Check:
    def check(found: Found, pub: ox.NamedNode) -> bool:
        authors = {o for s, p, o in found if s == pub and p == SSC.hasAuthor}
        return any(s in authors and p in props for s, p, _ in found)
    return check


XML_FIELDS: dict[str, Check] = {
    "MedlineCitation/PMID": on_publication(FABIO.hasPubMedId),
    "Article/ArticleTitle": on_publication(DCTERMS.title),
    "Article/VernacularTitle": on_publication(SSC.vernacularTitle),
    "Article/Abstract": on_publication(DCTERMS.abstract),
    "Article/AuthorList": on_publication(SSC.hasAuthor),
    "Article/Language": on_publication(DCTERMS.language),
    "Article/Pagination": on_publication(BIBO.pageStart, BIBO.pages),
    "Article/ELocationID": on_publication(BIBO.doi, SSC.pii),
    "Article/ArticleDate": on_publication(DCTERMS.available),
    "Article/GrantList": on_publication(SCHEMA.funding),
    "Article/DataBankList": on_publication(SSC.hasAccession),
    "Article/PublicationTypeList": on_publication(SCHEMA.publicationType),
    "Article/Journal/Title": on_journal(DCTERMS.title),
    "Article/Journal/ISOAbbreviation": on_journal(BIBO.shortTitle),
    "Article/Journal/ISSN": on_journal(BIBO.issn, BIBO.eissn),
    "Article/Journal/JournalIssue": on_publication(BIBO.volume, BIBO.issue, DCTERMS.issued),
    "MedlineJournalInfo/Country": on_journal(SSC.country),
    "MedlineJournalInfo/MedlineTA": on_journal(FABIO.hasNLMJournalTitleAbbreviation),
    "MedlineJournalInfo/NlmUniqueID": on_journal(FABIO.hasNationalLibraryOfMedicineJournalId),
    "MedlineJournalInfo/ISSNLinking": on_journal(SSC.issnL),
    "MedlineCitation/ChemicalList": on_publication(SSC.hasChemical),
    "MedlineCitation/MeshHeadingList": on_publication(SSC.hasMeshHeading),
    "MedlineCitation/KeywordList": on_publication(SCHEMA.keywords),
    "MedlineCitation/CommentsCorrectionsList": on_publication(SSC.hasRecordLink),
    "MedlineCitation/OtherAbstract": on_publication(SSC.otherAbstract),
    "PubmedData/History": on_publication(SSC.hasHistoryDate),
    "PubmedData/ArticleIdList": on_publication(BIBO.doi, FABIO.hasPubMedId, FABIO.hasPubMedCentralId),
    "PubmedData/ReferenceList": on_publication(CITO.cites),
}

MEDLINE_FIELDS: dict[str, Check] = {
    "PMID": on_publication(FABIO.hasPubMedId), "TI": on_publication(DCTERMS.title),
    "TT": on_publication(SSC.vernacularTitle), "AB": on_publication(DCTERMS.abstract),
    "OAB": on_publication(SSC.otherAbstract), "OABL": on_publication(SSC.otherAbstract),
    "FAU": on_publication(SSC.hasAuthor),
    "AU": on_author(SSC.initials, SCHEMA.familyName), "CN": on_publication(SSC.hasAuthor),
    "AD": on_author(SCHEMA.affiliation), "AUID": on_author(SSC.orcid), "LA": on_publication(DCTERMS.language),
    "PT": on_publication(SCHEMA.publicationType), "DP": on_publication(DCTERMS.issued),
    "DEP": on_publication(DCTERMS.available), "VI": on_publication(BIBO.volume), "IP": on_publication(BIBO.issue),
    "PG": on_publication(BIBO.pageStart, BIBO.pages), "LID": on_publication(BIBO.doi, SSC.pii),
    "AID": on_publication(BIBO.doi, SSC.pii), "PMC": on_publication(FABIO.hasPubMedCentralId),
    "IS": on_journal(BIBO.issn, BIBO.eissn, SSC.issnL), "JT": on_journal(DCTERMS.title),
    "TA": on_journal(FABIO.hasNLMJournalTitleAbbreviation),
    "JID": on_journal(FABIO.hasNationalLibraryOfMedicineJournalId),
    "PL": on_journal(SSC.country), "MH": on_publication(SSC.hasMeshHeading), "OT": on_publication(SCHEMA.keywords),
    "GR": on_publication(SCHEMA.funding), "SI": on_publication(SSC.hasAccession),
    "RN": on_publication(SSC.hasChemical), "PHST": on_publication(SSC.hasHistoryDate),
    **{tag: on_publication(SSC.hasRecordLink) for tag in medline.LINK_TAGS},
}


def mapped(pub: Publication) -> tuple[Found, ox.NamedNode]:
    mapper = Mapper(Minter(DEFAULT_BASE), {})
    found = {(q.subject, q.predicate, q.object) for q in mapper.record("r", pub, None)}
    return found, ox.NamedNode(Minter(DEFAULT_BASE).publication(pub))  # type: ignore[return-value]


def xml_fields(article: dict[str, Any]) -> Iterable[str]:
    """The fields Biopython returns for one article, as paths two levels deep."""
    citation, data = article.get("MedlineCitation", {}), article.get("PubmedData", {})
    for key, value in citation.items():
        if value and key not in ("Article", "MedlineJournalInfo"):  # containers, read below
            yield f"MedlineCitation/{key}"
    for key, value in citation.get("MedlineJournalInfo", {}).items():
        if value:
            yield f"MedlineJournalInfo/{key}"
    for key, value in citation.get("Article", {}).items():
        if value and key != "Journal":
            yield f"Article/{key}"
    for key, value in citation.get("Article", {}).get("Journal", {}).items():
        if value:
            yield f"Article/Journal/{key}"
    for key, value in data.items():
        if value:
            yield f"PubmedData/{key}"


def tally(rows: Counter[tuple[str, bool]], fields: Iterable[str], table: dict[str, Check], found: Found,
          pub: ox.NamedNode) -> None:
    for field in set(fields):
        check = table.get(field)
        rows[(field, bool(check and check(found, pub)))] += 1


def main() -> None:
    xml_rows: Counter[tuple[str, bool]] = Counter()
    medline_rows: Counter[tuple[str, bool]] = Counter()
    xml_records = medline_records = 0
    for path in sorted((CORPUS / "pubmed_xml").glob("*.xml")):
        ours = {p.pmid: p for p in pubmed_xml.read(path)}
        with path.open("rb") as handle:
            try:
                parsed = Entrez.read(handle, validate=False)
            except Exception as exc:  # a file Biopython cannot read is reported, not fatal
                print(f"{path.name}: Biopython cannot read it ({exc.__class__.__name__})", file=sys.stderr)
                continue
        for article in parsed.get("PubmedArticle", []):
            pmid = str(article["MedlineCitation"]["PMID"])
            found, pub = mapped(ours[pmid])
            tally(xml_rows, xml_fields(article), XML_FIELDS, found, pub)
            xml_records += 1
    for path in sorted((CORPUS / "medline_nbib").iterdir()):
        with path.open(encoding="utf-8-sig") as handle:
            theirs = list(Medline.parse(handle))
        for record, pub_record in zip(theirs, medline.read(path), strict=True):
            found, pub = mapped(pub_record)
            tally(medline_rows, record.keys(), MEDLINE_FIELDS, found, pub)
            medline_records += 1
    lines = ["# Field coverage against Biopython", "",
             f"Real records of tests/fixtures/corpus: {xml_records} PubMed XML (Biopython `Entrez.read`), "
             f"{medline_records} MEDLINE (Biopython `Medline.parse`). For each field Biopython returns: in how "
             "many records it occurs, and in how many of those ssc-rdf's RDF carries it. Made by "
             "`python bench/field_coverage.py`.", ""]
    for title, rows in (("PubMed XML", xml_rows), ("MEDLINE", medline_rows)):
        lines += [f"## {title}", "", "| field | records | carried in RDF |", "|---|---:|---:|"]
        fields = sorted({f for f, _ in rows})
        for field in sorted(fields, key=lambda f: (-(rows[(f, True)] > 0), f)):
            total = rows[(field, True)] + rows[(field, False)]
            lines.append(f"| `{field}` | {total} | {rows[(field, True)] or 'not carried'} |")
        lines.append("")
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
