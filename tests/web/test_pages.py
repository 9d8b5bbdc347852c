"""Pages as search engines read them: schema.org JSON-LD found by extruct (the extractor
crawlers' tooling uses) on the published site."""

from __future__ import annotations

from pathlib import Path

import extruct
import pytest

from ssc_rdf import api
from ssc_rdf.web.dataset import Dataset
from ssc_rdf.web.site import publish

from ..conftest import REVIEW

BASE = "https://example.org/ssc/"
SCHEMA = "https://schema.org/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Dataset]:
    out = tmp_path_factory.mktemp("site")
    data = api.dataset([REVIEW], base=BASE)
    publish(data, out)
    return out, data


def _schema_org(page: Path, url: str, kind: str) -> dict:
    """The one schema.org item of this type that extruct finds in the page."""
    found = extruct.extract(page.read_text(encoding="utf-8"), base_url=url, syntaxes=["json-ld"])["json-ld"]
    items = [item for item in found if item.get("@context") == "https://schema.org" and item.get("@type") == kind]
    assert len(items) == 1, found
    return items[0]


def test_a_publication_page_is_a_scholarly_article(site):
    out, _ = site
    path = "publication/doi/10.1038/s41409-021-01492-7.html"
    article = _schema_org(out / path, BASE + path, "ScholarlyArticle")
    assert article["name"].startswith("Combining systemic and locally applied cellular therapies")
    assert article["author"] == [{"@type": "Person", "name": "Mélanie Velier", "givenName": "Mélanie",
                                  "familyName": "Velier"}]
    assert article["datePublished"] == "2022-01"
    assert article["isPartOf"] == {"@type": "Periodical", "name": "Bone Marrow Transplant"}
    assert {(i["propertyID"], i["value"]) for i in article["identifier"]} == {
        ("DOI", "10.1038/s41409-021-01492-7"), ("PMID", "34663928")}
    assert article["sameAs"] == ["https://doi.org/10.1038/s41409-021-01492-7", "https://pubmed.ncbi.nlm.nih.gov/34663928/"]
    assert article["url"] == BASE + path
    assert any(a["name"] == "systemic sclerosis" for a in article["about"])


def test_a_cited_publication_lists_its_authors_in_order(site):
    out, _ = site
    path = "publication/shouval-2018-autologous-hematopoietic-stem-cell.html"
    article = _schema_org(out / path, BASE + path, "ScholarlyArticle")
    assert [a["familyName"] for a in article["author"]] == ["Shouval", "Furie", "Raanani", "Nagler", "Gafter-Gvili"]
    assert article["isPartOf"]["name"] == "Biol Blood Marrow Transpl"


def test_the_dataset_page_is_a_dataset_with_downloads(site):
    out, _ = site
    dataset = _schema_org(out / "dataset.html", BASE + "dataset.html", "Dataset")
    assert dataset["name"] and dataset["description"] and dataset["creator"]["name"]
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    downloads = {d["encodingFormat"]: d["contentUrl"] for d in dataset["distribution"]}
    assert all(d["@type"] == "DataDownload" for d in dataset["distribution"])
    assert downloads["text/turtle"] == BASE + "download/dataset.ttl"
    assert downloads["application/n-quads"] == BASE + "download/dataset.nq"
    for url in downloads.values():  # each download is a file of the site
        assert (out / url.removeprefix(BASE)).is_file(), url


def test_other_resources_carry_no_schema_org_item(site):
    out, _ = site
    found = extruct.extract((out / "entity/conventional-therapies.html").read_text(encoding="utf-8"),
                            syntaxes=["json-ld"])["json-ld"]
    assert [item.get("@context") for item in found] != [] and "https://schema.org" not in [
        item.get("@context") for item in found]


def test_schema_org_json_ld_cannot_end_the_script():
    """A title made to close the <script> element stays inside it (JSON escapes < > &)."""
    import json

    import pyoxigraph as ox

    from ssc_rdf.rdf.terms import RDF, SSC
    from ssc_rdf.web.pages import Pages

    hostile = "a <!--<script> b </script><p>c</p> & d"
    store = ox.Store()
    article = ox.NamedNode(BASE + "publication/hostile")
    store.add(ox.Quad(article, RDF.type, SSC.Publication))
    store.add(ox.Quad(article, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal(hostile)))
    script = Pages(Dataset(store, BASE)).schema_org(article.value)
    assert script is not None and not set(script) & set("<>&")
    assert json.loads(script)["name"] == hostile
