"""Safe YAML reading with a line number for every value.

Written by hand on top of PyYAML's composer because no library here does all of what guide files
need at once: PyYAML's ``safe_load`` silently keeps the last of two duplicate keys, drops line
numbers, expands aliases (the "billion laughs" bomb) and turns dates into objects. Here the
document is composed into nodes (libyaml when available), then built into plain dicts, lists and
scalars by this module alone: no tag can build an object, anchors and aliases are refused before
anything is expanded, and each value's line is kept in a side table keyed by its path.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from okhelp.util.text import describe_char, find_control, printable, undecodable_problem

__all__ = ["Document", "YamlError", "describe_char", "find_control", "load", "printable"]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40

Path = tuple[str | int, ...]

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_ALLOWED_TAGS = _SCALAR_TAGS | {_STD + "map", _STD + "seq"}

_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


class YamlError(Exception):
    """The document cannot be read as safe, plain YAML."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Document:
    """Plain data plus the line where each value starts.

    ``words`` keeps, for each scalar YAML turned into something other than text (``no`` ->
    false, ``1.0`` -> a number, an empty value -> null), the word as written, so that an error
    can say exactly what to quote. ``flow`` holds the paths of ``{...}`` mappings, where an
    unquoted comma silently starts a new key.
    """

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    words: dict[Path, str] = field(default_factory=dict)
    flow: set[Path] = field(default_factory=set)

    def line(self, path: Path) -> int | None:
        """The line of the value at ``path``, or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def decode(raw: bytes) -> str:
    """UTF-8 text, or a YamlError naming the line of the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line
        ) from None


def load(raw: bytes, *, typed: bool = True) -> Document:
    """Read one YAML document from bytes, safely; raise YamlError on anything unsafe.

    ``typed=False`` keeps every scalar as the text that was written (``0123`` stays "0123",
    ``14:30`` stays "14:30", ``no`` stays "no", an empty value is ""): for answers files, where
    the step, not YAML 1.1, decides what a word means.
    """
    if len(raw) > MAX_BYTES:
        raise YamlError(f"file too large (more than {MAX_BYTES} bytes, the most okhelp reads)")
    text = decode(raw)
    raw_control = _RAW_CONTROL.search(text)
    if raw_control is not None:
        line = text.count("\n", 0, raw_control.start()) + 1
        char = raw_control.group()
        what = (
            "a NUL byte"
            if char == "\x00"
            else f"a control or escape character ({describe_char(char)})"
        )
        raise YamlError(f"file contains {what}", line)
    import yaml  # only when a file is really parsed: cached guides need no YAML at all

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        where = mark.line + 1 if mark is not None else None
        column = mark.column if mark is not None else 0
        raise YamlError(syntax_message(text, where, column, problem), where) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML syntax: {printable(str(exc), 120)}") from None
    except RecursionError:
        raise YamlError(f"nested too deeply (at most {MAX_DEPTH} levels)") from None
    if node is None:
        raise YamlError("the file is empty", 1)
    doc = Document(None)
    doc.data = _build(node, (), doc, set(), 0, typed=typed)
    return doc


def _build(
    node: Any, path: Path, doc: Document, seen: set[int], depth: int, *, typed: bool = True
) -> Any:
    import yaml

    line = node.start_mark.line + 1
    if id(node) in seen:
        raise YamlError(
            "anchors and aliases (& and *) are not allowed in okhelp's YAML files", line
        )
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise YamlError(f"nested too deeply (at most {MAX_DEPTH} levels)", line)
    if node.tag not in _ALLOWED_TAGS:
        raise YamlError(f"YAML tag '{printable(node.tag)}' is not allowed", line)
    doc.lines[path] = line
    if isinstance(node, yaml.ScalarNode):
        _check_decodable(str(node.value), line)
        if not typed:
            return str(node.value)
        value = _scalar(node, line)
        if not isinstance(value, str):
            doc.words[path] = str(node.value)
        return value
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*path, i), doc, seen, depth + 1, typed=typed)
            for i, item in enumerate(node.value)
        ]
    if isinstance(node, yaml.MappingNode):
        if node.flow_style:
            doc.flow.add(path)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                raise YamlError("mapping keys must be plain names", key_line)
            if id(key_node) in seen:
                raise YamlError("anchors and aliases (& and *) are not allowed", key_line)
            seen.add(id(key_node))
            key = str(key_node.value)
            _check_decodable(key, key_line)
            if key in result:
                raise YamlError(f"duplicate key '{printable(key)}'", key_line)
            key_path = (*path, key)
            result[key] = _build(value_node, key_path, doc, seen, depth + 1, typed=typed)
            doc.lines[key_path] = key_line
        return result
    raise YamlError("unsupported YAML node", line)  # pragma: no cover


def _check_decodable(text: str, line: int) -> None:
    """A ``"\\udcff"`` escape (or a U+FFFD left by a re-encoding) is no text anyone wrote."""
    problem = undecodable_problem(text)
    if problem:
        raise YamlError(f"a value {problem}; save the file as UTF-8", line)


@functools.cache
def _constructor() -> Any:
    import yaml

    return yaml.constructor.SafeConstructor()


def _scalar(node: Any, line: int) -> Hashable:
    constructor = _constructor()
    tag = node.tag
    if tag in (_STD + "str", _STD + "timestamp"):
        return str(node.value)
    try:
        if tag == _STD + "null":
            return None
        if tag == _STD + "bool":
            return bool(constructor.construct_yaml_bool(node))
        if tag == _STD + "int":
            return int(constructor.construct_yaml_int(node))
        return float(constructor.construct_yaml_float(node))
    except (ValueError, KeyError, OverflowError):
        raise YamlError(f"cannot read the value '{printable(str(node.value))}'", line) from None


# A key at the start of a block line (after indentation and an optional "- "), and a key inside
# a {...} mapping (after "{" or ","). Used only to explain a syntax error, never to parse.
_BLOCK_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:#\"'{}\[\],][^:#{}\[\],]*?):(?:\s+|$)")
_FLOW_KEY = re.compile(r"[{,]\s*([^\s:\"'{}\[\],][^:{}\[\],]*?):\s+")
_QUOTED_OR_NESTED = ('"', "'", "{", "[", "|", ">")


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar, for fixes shown to authors."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def syntax_message(text: str, line: int | None, column: int, problem: str) -> str:
    """What the parser's complaint means for the common slips, with the fix in one line."""
    lines = text.split("\n")
    source = lines[line - 1] if line is not None and 0 < line <= len(lines) else ""
    indent = source[: len(source) - len(source.lstrip(" \t"))]
    if "\t" in indent or "\\t" in problem or source[column : column + 1] == "\t":
        return (
            "YAML syntax: a tab character is used for indentation here; "
            "YAML indents with spaces only: replace the tab with spaces"
        )
    fix = _colon_fix(source, column)
    if fix is not None:
        key, value = fix
        return (
            f"YAML syntax: an unquoted ':' in a text makes YAML read a new key; "
            f"quote the text: {key}: {printable(quoted(value), 160)}"
        )
    hint = ""
    if "',' or '}'" in problem or "',' or ']'" in problem:
        hint = (
            "; a {...} or [...] is not closed on this line, or a text in it needs quotes "
            "(a text with , : { } [ ] # or a closing quote inside)"
        )
    elif "expected ':'" in problem or "simple key" in problem:
        hint = "; a key needs ': ' after it, or a quote is not closed"
    elif "indentation" in problem or "expected <block end>" in problem:
        hint = "; check the indentation of this line against the lines above"
    return f"YAML syntax: {printable(problem, 120)}{hint}"


def _colon_fix(source: str, column: int) -> tuple[str, str] | None:
    """(key, its whole text) when a value on this line holds an unquoted ': '."""
    segments: list[tuple[int, str, str]] = []  # (start of the value, key, value)
    block = _BLOCK_KEY.match(source)
    rest_start = 0
    if block is not None:
        value = source[block.end() :]
        if not value.startswith("{"):
            segments.append((block.end(), block.group(2), _drop_comment(value)))
        rest_start = block.end()
    flow = list(_FLOW_KEY.finditer(source, rest_start))
    for index, match in enumerate(flow):
        end = flow[index + 1].start() if index + 1 < len(flow) else source.rfind("}")
        if end <= match.end():
            end = len(source)
        value = source[match.end() : end].rstrip().rstrip("}")  # "}" closing a nested mapping
        segments.append((match.end(), match.group(1), value))
    found = [
        (start, key, value.strip())
        for start, key, value in segments
        if not value.lstrip().startswith(_QUOTED_OR_NESTED)
        and (": " in value or value.rstrip().endswith(":"))
    ]
    if not found:
        return None
    best = [item for item in found if item[0] <= column] or found
    _, key, value = best[-1]
    return key.strip(), value


def _drop_comment(value: str) -> str:
    cut = value.find(" #")
    return value if cut < 0 else value[:cut]
