"""Generate realistic PubMed XML: records with authors, MeSH headings, references and
abstracts that mention the ontology's entities (for the import and scale benchmarks)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

SENTENCES = [
    "Systemic sclerosis (SSc) is a complex autoimmune disease with fibrosis lesions.",
    "Autologous hematopoietic stem cell transplantation improved skin scores.",
    "Mesenchymal stem cells were given by intravenous injection.",
    "Adipose tissue derived cells were locally administered for hand disabilities.",
    "The extracellular matrix and the vascular system are targets of cellular therapy approaches.",
    "Patients received immunomodulatory molecules and symptomatic management.",
]
MESH = [("D012595", "Scleroderma, Systemic"), ("D018380", "Hematopoietic Stem Cell Transplantation"),
        ("D059630", "Mesenchymal Stem Cells"), ("D000273", "Adipose Tissue"), ("D006801", "Humans")]


def record(pmid: int, rng: random.Random) -> str:
    authors = "".join(
        f"<Author ValidYN=\"Y\"><LastName>Author{pmid % 97}x{i}</LastName><ForeName>Name{i}</ForeName>"
        f"<Initials>N</Initials><AffiliationInfo><Affiliation>Hospital {i}, City.</Affiliation></AffiliationInfo>"
        f"</Author>" for i in range(rng.randint(3, 12)))
    abstract = " ".join(rng.sample(SENTENCES, 4))
    mesh = "".join(f"<MeshHeading><DescriptorName UI=\"{ui}\" MajorTopicYN=\"{'Y' if i == 0 else 'N'}\">{name}"
                   f"</DescriptorName></MeshHeading>" for i, (ui, name) in enumerate(rng.sample(MESH, 3)))
    refs = "".join(f"<Reference><Citation>Ref {j} of {pmid}. J Test. 2020;1:1-2.</Citation><ArticleIdList>"
                   f"<ArticleId IdType=\"pubmed\">{10_000_000 + (pmid * 7 + j) % 5_000_000}</ArticleId>"
                   f"</ArticleIdList></Reference>" for j in range(rng.randint(5, 30)))
    return (f"<PubmedArticle><MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\"><PMID Version=\"1\">{pmid}</PMID>"
            f"<Article PubModel=\"Print\"><Journal><ISSN IssnType=\"Print\">0268-3369</ISSN><JournalIssue>"
            f"<Volume>{pmid % 60}</Volume><Issue>{pmid % 12 + 1}</Issue><PubDate><Year>{2000 + pmid % 25}</Year>"
            f"<Month>Jan</Month></PubDate></JournalIssue><Title>Bone marrow transplantation</Title>"
            f"<ISOAbbreviation>Bone Marrow Transplant</ISOAbbreviation></Journal>"
            f"<ArticleTitle>Cell therapy for systemic sclerosis, study {pmid}.</ArticleTitle>"
            f"<Pagination><MedlinePgn>1-{pmid % 20 + 2}</MedlinePgn></Pagination>"
            f"<ELocationID EIdType=\"doi\" ValidYN=\"Y\">10.5555/bench.{pmid}</ELocationID>"
            f"<Abstract><AbstractText>{abstract}</AbstractText></Abstract>"
            f"<AuthorList CompleteYN=\"Y\">{authors}</AuthorList><Language>eng</Language>"
            f"<PublicationTypeList><PublicationType UI=\"D016428\">Journal Article</PublicationType>"
            f"</PublicationTypeList></Article><MeshHeadingList>{mesh}</MeshHeadingList></MedlineCitation>"
            f"<PubmedData><ReferenceList>{refs}</ReferenceList></PubmedData></PubmedArticle>\n")


def records(count: int, seed: int = 1) -> Iterator[str]:
    rng = random.Random(seed)
    for i in range(count):
        yield record(40_000_000 + i, rng)


def write(path: Path, count: int | None = None, size_bytes: int | None = None) -> int:
    """Write a PubMedArticleSet of ``count`` records, or of about ``size_bytes``; return the count."""
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" ?>\n<PubmedArticleSet>\n')
        for text in records(count or 10**9):
            out.write(text)
            written += 1
            if size_bytes and out.tell() >= size_bytes:
                break
        out.write("</PubmedArticleSet>\n")
    return written
