"""pyld's JSON-LD compaction, with each IRI's compact form worked out once per document.

Why: pyld compacts an IRI that is no term of the context by trying every term of it as a
prefix, again for every occurrence: with the shipped context (about 90 terms) that loop was
two thirds of the time of writing JSON-LD (45 s for 1,000 PubMed records, two and a half
times rdflib's). Most IRIs of a document (its nodes', and the keywords) no prefix starts:
pyld returns them whole, which is told at once here from the context's prefixes; the others'
results depend on the IRI, the context and four arguments only, so they are remembered.

This overrides a method of pyld's that is not public: ``tests/sinks/test_jsonld_compaction.py``
compares the output with pyld's own, on real data and on each kind of IRI, so a pyld release
that changed the method fails there. Imported only when JSON-LD is written.
"""

from __future__ import annotations

from typing import Any

from pyld import jsonld


class MemoisedCompaction(jsonld.JsonLdProcessor):
    """A ``JsonLdProcessor`` for one compaction: ``compact`` as pyld's, the same output.

    The remembered case: an IRI (or keyword) that, when compacted as a vocabulary term, is no
    term of the context. pyld then reads ``value`` only to ask whether it is None, and nothing
    else varies; term selection, which reads the whole value, is always pyld's own.
    """

    def __init__(self) -> None:
        super().__init__()
        self._memo: dict[tuple[Any, ...], str] = {}
        self._prefixes: dict[int, tuple[bool, tuple[str, ...]]] = {}
        self._contexts: dict[int, dict[str, Any]] = {}  # kept alive: the memo is keyed by their ids

    def _compact_iri(self, active_ctx: dict[str, Any], iri: str | None, value: Any = None, vocab: bool = False,
                     base: str | None = None, reverse: bool = False) -> Any:
        if iri is None:
            return None
        as_term = vocab or jsonld._is_keyword(iri)  # pyld compacts keywords as vocabulary terms
        if as_term and iri in self._get_inverse_context(active_ctx):  # a term (or alias) may be chosen
            return super()._compact_iri(active_ctx, iri, value, vocab, base, reverse)
        if (as_term or not base) and self._stays_whole(active_ctx, iri):
            return iri
        key = (id(active_ctx), iri, vocab, base, reverse, value is None)
        found = self._memo.get(key)
        if found is None:
            found = super()._compact_iri(active_ctx, iri, value, vocab, base, reverse)
            self._memo[key] = found
            self._contexts[id(active_ctx)] = active_ctx
        return found

    def _stays_whole(self, active_ctx: dict[str, Any], iri: str) -> bool:
        """pyld would return the IRI as it is: no prefix of the context starts it (no compact
        IRI), it cannot be mistaken for one (pyld's error), and there is no @vocab or @base to
        make it relative to (with no base given). Most IRIs of a document (its nodes') are such."""
        found = self._prefixes.get(id(active_ctx))
        if found is None:
            mappings = active_ctx["mappings"]
            starts = tuple(d["@id"] for t, d in mappings.items() if ":" not in t and d and d["@id"])
            curies = tuple(f"{t}:" for t, d in mappings.items() if d and d["_prefix"])
            plain = "@vocab" not in active_ctx and "@base" not in active_ctx
            found = self._prefixes[id(active_ctx)] = (plain, starts + curies)
            self._contexts[id(active_ctx)] = active_ctx
        plain, starts = found
        return plain and not iri.startswith(starts)


def compact(expanded: Any, context: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """``pyld.jsonld.compact``, each IRI compacted once."""
    compacted: dict[str, Any] = MemoisedCompaction().compact(expanded, context, options)
    return compacted


__all__ = ["MemoisedCompaction", "compact"]
