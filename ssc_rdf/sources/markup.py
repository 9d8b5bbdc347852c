"""Inline markup of PubMed text (``<sub>``, ``<sup>``, ``<i>``, MathML) -> readable text and HTML.

PubMed titles and abstracts carry a little markup. Dropping the tags loses meaning
(``km·h<sup>-1</sup>`` is not ``km·h-1``, ``SnO<sub>2</sub>`` is not ``SnO2``), so
the text keeps it readably: sub- and superscripts become Unicode sub/superscript
characters when every character has one, otherwise ``_{...}`` and ``^{...}``
(the TeX convention); MathML is read the same way, accents over a letter become
combining characters (V̇). The original markup is kept apart, as an HTML fragment
(MathML as HTML's ``<math>``), for an ``rdf:HTML`` literal.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

MATHML = "{http://www.w3.org/1998/Math/MathML}"
_SUPER = dict(zip("0123456789+-−=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ", strict=True))
_SUB = dict(zip("0123456789+-−=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ", strict=True))
# Accents MathML puts over a base (<mover accent="true">), as combining characters.
_ACCENTS = {"˙": "\u0307", ".": "\u0307", "·": "\u0307", "¨": "\u0308", "^": "\u0302", "ˆ": "\u0302",
            "~": "\u0303", "˜": "\u0303", "¯": "\u0304", "‾": "\u0304", "→": "\u20d7"}
_HTML_TAGS = {"i": "i", "b": "b", "u": "u", "sub": "sub", "sup": "sup"}


@dataclass(frozen=True)
class Rendered:
    text: str
    html: str | None  # None when the element has no markup: the text says it all


def squash(text: str) -> str:
    return " ".join(text.split())


def script(text: str, table: dict[str, str], mark: str) -> str:
    """``2`` -> ``²``; ``-1`` -> ``⁻¹``; ``max`` -> ``^{max}`` when a character has no form."""
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return f"{mark}{{{text}}}" if text else ""


def render(element: etree._Element | None) -> Rendered | None:
    """The element's content as text (whitespace normalised) and, if marked up, as HTML."""
    if element is None:
        return None
    text = squash(_text(element, inner=True))
    if not text:
        return None
    marked = any(True for child in element.iter() if child is not element and isinstance(child.tag, str))
    return Rendered(text, squash(_html(element, inner=True)) if marked else None)


def _text(element: etree._Element, inner: bool = False) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.startswith(MATHML):
        body = _math(element)
    else:
        body = (element.text or "") + "".join(_text(c) if isinstance(c.tag, str) else (c.tail or "")
                                              for c in element)
        if tag in ("sub", "sup") and not inner:
            body = script(squash(body), _SUB, "_") if tag == "sub" else script(squash(body), _SUPER, "^")
    return body if inner else body + (element.tail or "")


def _math(element: etree._Element) -> str:
    """MathML presentation markup, read as a person would write it in plain text."""
    name = element.tag.removeprefix(MATHML) if isinstance(element.tag, str) else ""
    kids = [c for c in element if isinstance(c.tag, str)]
    parts = [_math(c) for c in kids]
    if name in ("mi", "mn", "mo", "mtext", "ms"):
        return squash(element.text or "") if name != "mtext" else (element.text or "")
    if name == "msup" and len(parts) == 2:
        return parts[0] + script(parts[1], _SUPER, "^")
    if name == "msub" and len(parts) == 2:
        return parts[0] + script(parts[1], _SUB, "_")
    if name == "msubsup" and len(parts) == 3:
        return parts[0] + script(parts[1], _SUB, "_") + script(parts[2], _SUPER, "^")
    if name == "mover" and len(parts) == 2:
        accent = _ACCENTS.get(parts[1].strip())
        return parts[0] + accent if accent and len(parts[0]) == 1 else parts[0] + script(parts[1], _SUPER, "^")
    if name == "munder" and len(parts) == 2:
        return parts[0] + script(parts[1], _SUB, "_")
    if name == "mfrac" and len(parts) == 2:
        return f"{parts[0]}/{parts[1]}"
    if name == "msqrt":
        return f"√({''.join(parts)})"
    if name == "mmultiscripts":
        return _multiscripts(kids)
    if name == "none":
        return ""
    return "".join(parts)


def _multiscripts(kids: list[etree._Element]) -> str:
    """``<mmultiscripts> base [sub sup]* <mprescripts/> [presub presup]*``: ³He, ¹²⁹Xe."""
    names = [k.tag.removeprefix(MATHML) for k in kids]
    split = names.index("mprescripts") if "mprescripts" in names else len(kids)
    base = _math(kids[0]) if kids else ""
    post, pre = kids[1:split], kids[split + 1:]

    def scripts(pairs: list[etree._Element]) -> str:
        out = ""
        for i in range(0, len(pairs) - 1, 2):
            out += script(_math(pairs[i]), _SUB, "_") + script(_math(pairs[i + 1]), _SUPER, "^")
        return out

    return scripts(pre) + base + scripts(post)


def _html(element: etree._Element, inner: bool = False) -> str:
    """The element as an HTML fragment: PubMed's inline tags as they are, MathML as <math>."""
    tag = element.tag if isinstance(element.tag, str) else ""
    text = escape(element.text or "")
    body = text + "".join(_html(c) for c in element if isinstance(c.tag, str))
    tail = "" if inner else escape(element.tail or "")
    if inner:
        return body
    if tag.startswith(MATHML):
        name = tag.removeprefix(MATHML)
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in sorted(element.attrib.items()) if "{" not in k)
        return f"<{name}{attrs}>{body}</{name}>{tail}"
    html = _HTML_TAGS.get(tag)
    return f"<{html}>{body}</{html}>{tail}" if html else f"{body}{tail}"


def escape(text: str) -> str:
    """Text as HTML character data (and attribute values)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
