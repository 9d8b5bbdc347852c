"""Find where titles and abstracts name the ontology's entities.

Surface forms are the entities' labels and ``skos:altLabel``s. Matching is on whole
words, longest form first (so "autologous hematopoietic stem cell transplantation"
wins over "hematopoietic stem cell"), case-insensitive for words but case-sensitive
for abbreviations (forms with a capital letter after the first character, or short
all-capital forms: "SSc", "MSC", "AHSCT"), so that "msc" in a word or "ssc" in a URL
do not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..model import Entity


@dataclass(frozen=True, order=True)
class Mention:
    field: str  # "title" or "abstract"
    start: int  # character offsets into the field's text: text[start:end] == exact
    end: int
    exact: str
    entity: str  # entity key


def is_abbreviation(form: str) -> bool:
    return any(c.isupper() for c in form[1:]) or (form.isupper() and len(form) <= 6)


class MentionFinder:
    def __init__(self, entities: Iterable[Entity]) -> None:
        exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        for entity in sorted(entities, key=lambda e: e.key):
            for form in [entity.label, *entity.alt_labels]:
                form = " ".join(form.split())
                if len(form) < 2:
                    continue
                if is_abbreviation(form):
                    exact.setdefault(form, entity.key)
                else:
                    folded.setdefault(form.lower(), entity.key)
        self.exact, self.folded = exact, folded
        forms = sorted(set(exact) | set(folded), key=lambda f: (-len(f), f))
        body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
        self.pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE) if forms else None

    def find(self, field: str, text: str | None) -> list[Mention]:
        """Longest mentions first; inside each, the other entities it names (nested)."""
        if not text or self.pattern is None:
            return []
        return sorted(set(self._scan(field, text, 0, len(text), None)))

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
        normal = " ".join(surface.split())
        if normal in self.exact:
            return self.exact[normal]
        return self.folded.get(normal.lower())
