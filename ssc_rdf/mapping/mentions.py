"""Find where titles and abstracts name the ontology's entities.

Surface forms are the entities' labels and ``skos:altLabel``s. Matching is on whole
words, longest form first (so "autologous hematopoietic stem cell transplantation"
wins over "hematopoietic stem cell"), case-insensitive for words but case-sensitive
for abbreviations (forms with a capital letter after the first character, or short
all-capital forms: "SSc", "MSC", "AHSCT"), so that "msc" in a word or "ssc" in a URL
do not count.

Precision rules, because imported abstracts are about anything:

- an abbreviation counts when the record defines it as the entity ("long form (SF)",
  found as Schwartz and Hearst 2003 do), or, undefined, when the record also names the
  entity in full; "hepatic stellate cells (HSC)" makes every "HSC" of that record not ours;
- forms that mean the ontology's entity only in the review's subject (``AMBIGUOUS``, e.g.
  bare "fibrosis") count only when the record also names that subject;
- coordination: in "hand and face disabilities" the matched "face disabilities" also gives
  "hand disabilities", as a mention spanning the whole phrase.

The record (title and abstract) is the context: pass it to ``find`` so that a title's
abbreviation is resolved by the abstract's definition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..model import Entity


@dataclass(frozen=True, order=True)
class Mention:
    field: str  # "title" or "abstract"
    start: int  # character offsets into the field's text: text[start:end] == exact
    end: int
    exact: str
    entity: str  # entity key


@dataclass(frozen=True)
class Ambiguous:
    """A form that names the entity only when the record is about ``needs``."""

    needs: str  # key of the entity the record must name elsewhere
    not_after: tuple[str, ...] = ()  # preceding words that make the form part of another name


# Forms whose everyday sense is wider than the ontology's entity: the review's fibrosis
# lesions and its adipose-derived therapy are systemic sclerosis's, not any organ's.
AMBIGUOUS: dict[str, Ambiguous] = {
    "fibrosis": Ambiguous("systemic-sclerosis", ("cystic",)),
    "fibrosis lesions": Ambiguous("systemic-sclerosis"),
    "regenerative cell therapies": Ambiguous("systemic-sclerosis"),
    "locally administered regenerative cell therapies": Ambiguous("systemic-sclerosis"),
}

_SHORT_FORM = re.compile(r"\(\s*([^\s()]{2,10})\s*[);,]")
_CONJUNCT = re.compile(r"(?<![\w-])([^\W\d_][\w-]*)(?:\s+(?:and|or|and/or)\s+|,\s+(?:(?:and|or)\s+)?)$")


def is_abbreviation(form: str) -> bool:
    return any(c.isupper() for c in form[1:]) or (form.isupper() and len(form) <= 6)


def _normal(form: str) -> str:
    return " ".join(form.split())


def _singular(short: str) -> str:
    """"MSCs" and "MSC" are one abbreviation."""
    return short[:-1] if len(short) > 2 and short.endswith("s") and short[:-1].isupper() else short


def long_form(short: str, before: str) -> str | None:
    """Schwartz-Hearst: the shortest end of ``before`` whose words spell ``short`` in order,
    the first letter starting a word; None when the words cannot spell it."""
    most = min(len(short) + 5, 2 * len(short))
    candidate = " ".join(before.rsplit(maxsplit=most)[-most:])
    s, i = len(short) - 1, len(candidate) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while i >= 0 and (candidate[i].lower() != char or (s == 0 and i > 0 and candidate[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i, s = i - 1, s - 1
    return candidate[candidate.rfind(" ", 0, i + 1) + 1:]


class MentionFinder:
    def __init__(self, entities: Iterable[Entity], ambiguous: Mapping[str, Ambiguous] = AMBIGUOUS) -> None:
        exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        for entity in sorted(entities, key=lambda e: e.key):
            for form in [entity.label, *entity.alt_labels]:
                form = _normal(form)
                if len(form) < 2:
                    continue
                if is_abbreviation(form):
                    exact.setdefault(form, entity.key)
                else:
                    folded.setdefault(form.lower(), entity.key)
        self.exact, self.folded = exact, folded
        self.ambiguous = {form: rule for form, rule in ambiguous.items() if form in folded}
        forms = sorted(set(exact) | set(folded), key=lambda f: (-len(f), f))
        body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
        self.pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE) if forms else None
        self._context = lru_cache(maxsize=64)(self._read_context)

    def find(self, field: str, text: str | None, context: str | None = None) -> list[Mention]:
        """Longest mentions first; inside each, the other entities it names (nested).

        ``context`` is the whole record (title and abstract); the field's text by default.
        """
        if not text or self.pattern is None:
            return []
        kept = set(self._scan(field, text, 0, len(text), None))
        doubtful = {m for m in kept if is_abbreviation(m.exact) or _normal(m.exact).lower() in self.ambiguous}
        if doubtful:  # read the record only when needed: most imported abstracts name nothing of ours
            named, definitions = self._context(context if context is not None else text)
            kept -= {m for m in doubtful if not self._accept(m, text, named, definitions)}
        kept |= set(self._coordinated(kept, text))
        return sorted(kept)

    # -- record context --------------------------------------------------------------
    def _read_context(self, record: str) -> tuple[frozenset[str], dict[str, frozenset[str | None]]]:
        """Entities the record names in full words, and what it defines each abbreviation as
        (an entity key, or None for something that is not one of ours)."""
        definitions: dict[str, set[str | None]] = {}
        for match in _SHORT_FORM.finditer(record):
            short = match.group(1)
            if not any(c.isalpha() for c in short) or not short[0].isalnum():
                continue
            before = record[:match.start()].rstrip()
            long = long_form(short, before)
            if long is None:
                continue
            means = {m.entity for m in self._scan("", before, len(before) - len(long), len(before), None)
                     if m.end == len(before) and not is_abbreviation(m.exact)}
            definitions.setdefault(_singular(short), set()).update(means or {None})
        found = set(self._scan("", record, 0, len(record), None))
        named = {m.entity for m in found
                 if not is_abbreviation(m.exact) and _normal(m.exact).lower() not in self.ambiguous}
        return frozenset(named), {short: frozenset(means) for short, means in definitions.items()}

    def _accept(self, mention: Mention, text: str, named: frozenset[str],
                definitions: dict[str, frozenset[str | None]]) -> bool:
        """An abbreviation or an ambiguous form, judged by what the record defines and names."""
        surface = _normal(mention.exact)
        if is_abbreviation(surface):
            means = definitions.get(_singular(surface))
            return means == {mention.entity} if means is not None else mention.entity in named
        rule = self.ambiguous[surface.lower()]
        previous = text[:mention.start].rsplit(maxsplit=1)[-1:]
        return rule.needs in named and not (previous and previous[0].lower() in rule.not_after)

    def _coordinated(self, mentions: set[Mention], text: str) -> Iterator[Mention]:
        """"hand and face disabilities": the head of "face disabilities" also makes a known form
        with "hand"; that mention spans the whole phrase, the shortest text that says it."""
        for m in mentions:
            head = m.exact.split(maxsplit=1)
            if len(head) < 2:
                continue
            start = m.start
            while conjunct := _CONJUNCT.search(text, max(0, start - 60), start):
                start = conjunct.start()
                entity = self._entity(f"{conjunct.group(1)} {head[1]}")
                if entity is not None:
                    yield Mention(m.field, start, m.end, text[start:m.end], entity)

    # -- matching -------------------------------------------------------------------
    def _scan(self, field: str, text: str, start: int, end: int, parent: Mention | None) -> Iterator[Mention]:
        assert self.pattern is not None, "find() returns early without forms"
        position = start
        while True:
            match = self.pattern.search(text, position, end)
            if match is None:
                return
            found = self._entity(match.group(0))
            whole = parent is not None and (match.start(), match.end()) == (parent.start, parent.end)
            cut = match.end() < len(text) and (text[match.end()].isalnum() or text[match.end()] in "-_")
            if found is None or whole or cut:
                # a case-insensitive hit on an abbreviation, or the parent itself: look further
                position = match.start() + 1
                continue
            mention = Mention(field, match.start(), match.end(), match.group(0), found)
            if parent is None or found != parent.entity:
                yield mention
            # other entities named inside, also those starting or ending where this one does
            yield from self._scan(field, text, mention.start, mention.end - 1, mention)
            yield from self._scan(field, text, mention.start + 1, mention.end, mention)
            position = match.end()

    def _entity(self, surface: str) -> str | None:
        normal = _normal(surface)
        if normal in self.exact:
            return self.exact[normal]
        return self.folded.get(normal.lower())
