"""Load YAML while remembering the line of every key, and refusing duplicate keys.

PyYAML drops line numbers once data is constructed and silently keeps the last of
two equal keys; curators need both to find their mistakes.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import InputError

Path_ = tuple[str | int, ...]


def load_with_lines(text: str, path: str) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML document; return the data and a map from key path to 1-based line."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError("the file holds no YAML document", path=path, line=1)
        lines: dict[Path_, int] = {}
        data = _construct(loader, node, (), lines, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "not valid YAML"
        raise InputError(f"malformed YAML: {problem}", path=path, line=line) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", path=path) from exc
    finally:
        loader.dispose()
    return data, lines


def _construct(loader: yaml.SafeLoader, node: yaml.Node, at: Path_, lines: dict[Path_, int], path: str) -> Any:
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
            result[key] = _construct(loader, value_node, (*at, key), lines, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, (*at, i), lines, path) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


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
