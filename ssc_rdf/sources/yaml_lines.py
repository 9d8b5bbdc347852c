"""Load YAML while remembering the line of every key, and refusing duplicate keys.

PyYAML drops line numbers once data is constructed and silently keeps the last of
two equal keys; curators need both to find their mistakes.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import InputError

Path_ = tuple[str | int, ...]

MAX_DEPTH = 64  # nesting of mappings and lists: a curated file needs under ten
MAX_ALIASES = 100  # alias uses (*name) in a file: enough for hand-written reuse, not for a bomb
MAX_NODES = 200_000  # values built, aliases expanded: bounds time and memory


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with limits on nesting and on aliases (billion-laughs YAML)."""

    def __init__(self, text: str, path: str) -> None:
        super().__init__(text)
        self.path, self.depth, self.aliases = path, 0, 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise InputError(f"more than {MAX_ALIASES} YAML aliases (*name)", path=self.path, line=mark.line + 1)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise InputError(f"YAML nested deeper than {MAX_DEPTH} levels", path=self.path, line=mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def load_with_lines(text: str, path: str) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML document; return the data and a map from key path to 1-based line."""
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text, path)  # may raise: it checks the characters at once
        node = loader.get_single_node()
        if node is None:
            raise InputError("the file holds no YAML document", path=path, line=1)
        lines: dict[Path_, int] = {}
        data = _construct(loader, node, (), lines, path, [0])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "not valid YAML"
        raise InputError(f"malformed YAML: {problem}", path=path, line=line) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", path=path) from exc
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines


def _construct(loader: yaml.SafeLoader, node: yaml.Node, at: Path_, lines: dict[Path_, int], path: str,
               built: list[int]) -> Any:
    """The value of ``node``, remembering lines; ``built`` counts values (aliases expand)."""
    built[0] += 1
    if built[0] > MAX_NODES or len(at) > MAX_DEPTH:
        raise InputError(f"the YAML expands to more than {MAX_NODES} values (aliases, or nesting)",
                         path=path, line=node.start_mark.line + 1)
    lines.setdefault(at, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int)) or key is None:  # bool is an int
                raise InputError("mapping keys must be plain words", path=path, line=key_node.start_mark.line + 1)
            if key in result:
                field = ".".join(str(p) for p in (*at, key))
                raise InputError(
                    "duplicate key (each key may appear once in a mapping)",
                    path=path, line=key_node.start_mark.line + 1, field=field,
                )
            lines[(*at, key)] = key_node.start_mark.line + 1
            result[key] = _construct(loader, value_node, (*at, key), lines, path, built)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, (*at, i), lines, path, built) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:  # e.g. the date 2021-02-30, which YAML reads as a timestamp
        raise InputError(f"not a valid value: {exc}", path=path, line=node.start_mark.line + 1,
                         field=dotted(at) or None) from None


def line_of(lines: dict[Path_, int], at: Path_) -> int | None:
    """Line of the deepest known prefix of ``at`` (a missing key reports its parent)."""
    for end in range(len(at), -1, -1):
        if at[:end] in lines:
            return lines[at[:end]]
    return None


def dotted(at: Path_) -> str:
    """``("publication", "references", 2, "year")`` -> ``publication.references[2].year``."""
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
