"""Inline markup of PubMed text: readable Unicode text, and the original as HTML."""

from __future__ import annotations

import html5rdf
from lxml import etree

from ssc_rdf.sources.markup import render

MML = 'xmlns:mml="http://www.w3.org/1998/Math/MathML"'


def rendered(xml: str) -> tuple[str, str | None]:
    result = render(etree.fromstring(xml))
    assert result is not None
    return result.text, result.html


def test_sub_and_superscripts_become_unicode_where_every_character_has_one():
    """Regression: ``km·h<sup>-1</sup>`` became ``km·h-1``."""
    text, html = rendered("<T>speed in km·h<sup>-1</sup>, SnO<sub>2</sub>thin, 10<sup>th</sup></T>")
    assert text == "speed in km·h⁻¹, SnO₂thin, 10^{th}"
    assert html == "speed in km·h<sup>-1</sup>, SnO<sub>2</sub>thin, 10<sup>th</sup>"


def test_mathml_is_read_as_a_person_writes_it():
    """Regression: MathML V̇O2max became ``V . O 2 m a x``."""
    text, html = rendered(f'<T>peak <mml:math {MML}><mml:mover accent="true"><mml:mi>V</mml:mi><mml:mo>˙</mml:mo>'
                          "</mml:mover><mml:msub><mml:mi>O</mml:mi><mml:mrow><mml:mn>2</mml:mn><mml:mi>max</mml:mi>"
                          "</mml:mrow></mml:msub></mml:math> rose</T>")
    assert text == "peak V̇O₂ₘₐₓ rose"
    assert html is not None and html.startswith('peak <math><mover accent="true"><mi>V</mi>')


def test_prescripts_of_isotopes():
    text, _ = rendered(f"<T><mml:math {MML}><mml:mmultiscripts><mml:mi>He</mml:mi><mml:mprescripts/><mml:none/>"
                       "<mml:mn>3</mml:mn></mml:mmultiscripts></mml:math> MRI</T>")
    assert text == "³He MRI"


def test_plain_text_has_no_html_and_html_is_well_formed():
    assert rendered("<T>p &lt; 0.05 and <i>APOE</i> &amp; more</T>") == (
        "p < 0.05 and APOE & more", "p &lt; 0.05 and <i>APOE</i> &amp; more")
    assert rendered("<T>p &lt; 0.05</T>")[1] is None
    parser = html5rdf.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parseFragment(rendered("<T>a &lt; b <sup>2</sup></T>")[1])  # what rdflib does with rdf:HTML
