"""YAML reading that remembers where each mapping started, so errors can name the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError


class LineDict(dict[str, Any]):
    """A YAML mapping that knows its own line and the line of each of its keys."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's loader where PyYAML was built with it (the wheels are), else the pure-Python one: same results.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[str(key)] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_text(text: str, path: Path, first_line: int = 1) -> Any:
    """Parse YAML; a syntax error becomes a ContentError with the file's own line number."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        raise ContentError(path, line, f"not valid YAML: {exc.problem or exc.context}") from exc
    _shift_lines(data, first_line - 1)
    return data


def load_yaml(path: Path) -> Any:
    return load_yaml_text(path.read_text(encoding="utf-8"), path)


def _shift_lines(data: Any, offset: int) -> None:
    if not offset:
        return
    if isinstance(data, LineDict):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, list):
        for item in data:
            _shift_lines(item, offset)
