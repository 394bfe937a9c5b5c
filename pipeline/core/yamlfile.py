"""Read the case folder's YAML files safely, and turn them into typed models.

`read_yaml` uses a SafeLoader that leaves dates as text (so a bad date such as
2026-02-31 becomes a finding, not a crash) and warns of duplicate keys. A file that is
too big, nests too deep, expands aliases past a small limit (a "billion laughs"), holds a
number too long to be one or uses a list as a key is `yaml-unreadable`, never a crash.
`build` fills a dataclass from the parsed data by its type hints, reporting
every missing, unknown or ill-typed key with its key path (`child.date_of_birth`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import sys
import types
import typing
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal, TypeVar, Union

import yaml

from .dates import YEAR_MAX, YEAR_MIN, Moment
from .findings import Findings

T = TypeVar("T")


# libyaml's safe loader when PyYAML has it (5x faster: the tracker reads thousands of files)
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[valid-type, misc]
    """A safe loader without the timestamp resolver, warning of duplicate keys."""

    duplicates: list[tuple[str, int]]


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# Limits on what a YAML file may hold (README, "Limits and guarantees").
MAX_YAML_BYTES = 5 * 2**20  # a case's YAML files are a few kilobytes
MAX_YAML_DEPTH = 50  # nested mappings and lists
MAX_ALIAS_VALUES = 1_000  # values that aliases (*name) may add to a file, expanded
MAX_NUMBER_DIGITS = 100  # a longer number is an error (Python refuses over 4,300)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> Any:
    loader.flatten_mapping(node)  # merge keys (<<: *base) first, as SafeLoader does
    seen: set[object] = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "a key is a list or a mapping; a key must be a single word or number",
                key_node.start_mark,
            )
        key = loader.construct_object(key_node, deep=deep)
        if isinstance(key, str | int | bool) and key in seen:
            loader.duplicates.append((str(key), key_node.start_mark.line + 1))
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> Any:
    digits = sum(ch.isdigit() for ch in str(node.value))
    if digits > MAX_NUMBER_DIGITS:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a number of {digits} digits is too long (put text in quotes)",
            node.start_mark,
        )
    return loader.construct_yaml_int(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _plainly_shallow(text: str) -> bool:
    """True when the text has no anchors or aliases and cannot nest past MAX_YAML_DEPTH: a
    generous bound from its indentation, brackets and dashes, checked in microseconds, so
    the event walk below runs only on files that might need it (the tracker reads
    thousands). Each block level needs more indentation or a dash, except a list under a
    key, so twice the indentation bounds them."""
    if "&" in text or "*" in text:
        return False
    lines = text.splitlines()
    indent = max((len(line) - len(line.lstrip(" ")) for line in lines), default=0)
    dashes = max((line.count("-") + line.count("?") for line in lines), default=0)
    flow = text.count("[") + text.count("{")
    return 2 * (indent + 1) + 2 * dashes + flow + 2 <= MAX_YAML_DEPTH


def _structure_problem(text: str) -> tuple[str, int] | None:
    """Walk the file's parse events (libyaml's parser does not recurse, its composer does):
    (problem, line) when it nests deeper than MAX_YAML_DEPTH or its aliases expand past
    MAX_ALIAS_VALUES values; None when neither. Syntax errors are left to the full load."""
    parser = _SafeBase(text)
    sizes: dict[str, int] = {}  # anchor -> values it stands for, expanded
    stack: list[list[Any]] = []  # open collections: [anchor, values so far]
    added = 0  # values added by aliases
    try:
        while parser.check_event():
            event = parser.get_event()  # type: ignore[no-untyped-call]
            line = event.start_mark.line + 1 if event.start_mark else 0
            count = 0
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                stack.append([event.anchor, 1])
                if len(stack) > MAX_YAML_DEPTH:
                    return f"it nests lists or mappings deeper than {MAX_YAML_DEPTH} levels", line
                continue
            if isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                anchor, count = stack.pop()
            elif isinstance(event, yaml.ScalarEvent):
                anchor, count = event.anchor, 1
            elif isinstance(event, yaml.AliasEvent):
                anchor, count = None, sizes.get(str(event.anchor), 1)
                added += count
                if added > MAX_ALIAS_VALUES:
                    return (
                        f"its aliases (*{event.anchor}) would expand to more than "
                        f"{MAX_ALIAS_VALUES:,} values; write the values out instead",
                        line,
                    )
            else:
                continue
            if anchor:
                sizes[str(anchor)] = count
            if stack:
                stack[-1][1] += count
    except yaml.YAMLError:
        return None  # the full load reports it, with its line
    finally:
        parser.dispose()
    return None


def read_yaml(path: Path, label: str, findings: Findings) -> Any:
    """Parse one YAML file; None (with a finding) when it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            findings.add(
                "yaml-unreadable",
                f"{label} is {size:,} bytes, over the limit of {MAX_YAML_BYTES:,} for a "
                "YAML file; it is not read.",
                file=label,
            )
            return None
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        findings.add("yaml-unreadable", f"Cannot read {label}: {exc}", file=label)
        return None
    structure = None if _plainly_shallow(text) else _structure_problem(text)
    if structure is not None:
        problem, line = structure
        findings.add(
            "yaml-unreadable",
            f"{label} is not read: at line {line}, {problem}.",
            file=label,
            row=line,
        )
        return None
    loader = _Loader(text)
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        findings.add(
            "yaml-unreadable",
            f"{label} is not valid YAML{where}: {problem}.",
            file=label,
            row=mark.line + 1 if mark else None,
        )
        return None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        findings.add("yaml-unreadable", f"{label} cannot be read: {exc}.", file=label)
        return None
    finally:
        loader.dispose()
    for key, line in loader.duplicates:
        findings.add(
            "yaml-duplicate-key",
            f"Key '{key}' appears twice (second at line {line}).",
            file=label,
            row=line,
            field=key,
        )
    return data


def key_of(f: dataclasses.Field[Any]) -> str:
    """The YAML key of a dataclass field (`from` for `start`), else its name."""
    return str(f.metadata.get("key", f.name))


@functools.cache
def _shape(cls: type[Any]) -> tuple[dict[str, Any], dict[str, dataclasses.Field[Any]]]:
    """A dataclass's resolved field types and its fields by YAML key, worked out once per
    class (the tracker builds thousands of files)."""
    fields = {key_of(f): f for f in dataclasses.fields(cls)}
    hints: dict[str, Any] = {}
    for base in reversed(cls.__mro__):  # as typing.get_type_hints, at a fifth of the cost
        for name, hint in vars(base).get("__annotations__", {}).items():
            hints[name] = _resolved(hint, base.__module__) if isinstance(hint, str) else hint
    return hints, fields


@functools.cache
def _resolved(annotation: str, module: str) -> Any:
    """An annotation written as text (`from __future__ import annotations`), as the type it
    names in its module (our own source, never data)."""
    return eval(annotation, vars(sys.modules[module]))


def build(cls: type[T], data: Any, label: str, path: str, findings: Findings) -> T | None:
    """A `cls` instance from parsed YAML, or None when a required part is unusable."""
    if not isinstance(data, dict):
        findings.add(
            "value-invalid",
            f"{path or 'The file'} should be a mapping of keys to values.",
            file=label,
            field=path,
            value=data,
        )
        return None
    hints, fields = _shape(cls)  # type: ignore[arg-type]  # a class is hashable
    for key in data:
        if key not in fields:
            findings.add(
                "key-unknown",
                f"Unknown key '{_join(path, str(key))}'.",
                file=label,
                field=_join(path, str(key)),
            )
    values: dict[str, Any] = {}
    ok = True
    for key, f in fields.items():
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        where = _join(path, key)
        raw = data.get(key)
        if raw is None or raw == "":
            if required:
                findings.add(
                    "key-missing", f"Required key '{where}' is missing.", file=label, field=where
                )
                ok = False
            continue
        value = _convert(hints[f.name], raw, label, where, findings)
        if value is _BAD:
            ok = ok and not required
            continue
        values[f.name] = value
    return cls(**values) if ok else None


_BAD = object()
_YEARS = f"a date with a year from {YEAR_MIN} to {YEAR_MAX}"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$")


def _convert(hint: Any, raw: Any, label: str, where: str, findings: Findings) -> Any:
    if hint is Any:
        return raw
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _convert(inner[0], raw, label, where, findings)

    def bad(expected: str) -> Any:
        findings.add(
            "value-invalid",
            f"'{where}' should be {expected}, not {raw!r}.",
            file=label,
            field=where,
            value=raw,
        )
        return _BAD

    if origin is Literal:
        text = yes_no_text(raw)
        if text in args:
            return text
        if isinstance(text, str):  # "Local Authority", "health (ICB)", "not_known"
            plain = re.sub(r"\s*\([^)]*\)", "", text).strip().replace("_", "-").replace(" ", "-")
            if plain in args:
                return plain
        return bad("one of: " + ", ".join(str(a) for a in args))
    if origin is list:
        if not isinstance(raw, list):
            return bad("a list (one '- item' a line)")
        items = [
            _convert(args[0], item, label, f"{where}[{i}]", findings) for i, item in enumerate(raw)
        ]
        return [item for item in items if item is not _BAD]
    if origin is dict:
        if not isinstance(raw, dict):
            return bad("a mapping of keys to values")
        out = {
            str(k): _convert(args[1], v, label, _join(where, str(k)), findings)
            for k, v in raw.items()
        }
        return {k: v for k, v in out.items() if v is not _BAD}
    if dataclasses.is_dataclass(hint):
        built = build(typing.cast(type[Any], hint), raw, label, where, findings)
        return _BAD if built is None else built
    if hint is Moment:
        text = raw.strip() if isinstance(raw, str) else ""
        try:
            if _ISO_MOMENT.match(text):
                moment = datetime.fromisoformat(text.replace(" ", "T"))
                return moment if _sane(moment) else bad(_YEARS)
            if _ISO_DATE.match(text):
                day = date.fromisoformat(text)
                return day if _sane(day) else bad(_YEARS)
        except ValueError:
            return bad("a real date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM)")
        return bad("a date written YYYY-MM-DD, or a date-time YYYY-MM-DDTHH:MM")
    if hint is date:
        if isinstance(raw, date):
            return raw if _sane(raw) else bad(_YEARS)
        if isinstance(raw, str) and _ISO_DATE.match(raw.strip()):
            try:
                day = date.fromisoformat(raw.strip())
            except ValueError:
                return bad("a real date (YYYY-MM-DD)")
            return day if _sane(day) else bad(_YEARS)
        return bad("a date written YYYY-MM-DD, e.g. 2026-10-05")
    if hint is time:
        return _time(raw, bad)
    if hint is bool:
        answer = yes_no(raw)
        return bad("yes or no") if answer is None else answer
    if hint is int:
        return raw if isinstance(raw, int) and not isinstance(raw, bool) else bad("a whole number")
    if hint is str:
        if isinstance(raw, bool):
            return yes_no_text(raw)
        if isinstance(raw, str | int | float):
            return str(raw).strip()
        return bad("text")
    raise TypeError(f"no conversion for {hint!r}")  # a programming error, not user input


def _time(raw: Any, bad: Any) -> Any:
    """A time of day written HH:MM. YAML 1.1 reads an unquoted 13:30 as the base-60 number
    810 (its hour is never 0): that number is read back as the time."""
    if isinstance(raw, int) and not isinstance(raw, bool) and 60 <= raw < 24 * 60:
        return time(raw // 60, raw % 60)
    found = re.fullmatch(r"(\d{1,2})[:.](\d{2})", raw.strip()) if isinstance(raw, str) else None
    if found and int(found[1]) < 24 and int(found[2]) < 60:
        return time(int(found[1]), int(found[2]))
    return bad("a time written HH:MM (24-hour), e.g. 09:30")


def _sane(day: date) -> bool:
    """A year a case can have: 0001-01-01 and 9999-12-31 are slips, not dates."""
    return YEAR_MIN <= day.year <= YEAR_MAX


def yes_no(raw: Any) -> bool | None:
    """True/False from YAML booleans or the words people write; None if neither."""
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in {"yes", "y", "true"}:
        return True
    if text in {"no", "n", "false"}:
        return False
    return None


def yes_no_text(raw: Any) -> Any:
    """YAML reads a bare yes/no as a boolean; give the word back for text answers."""
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    return raw.strip().lower() if isinstance(raw, str) else raw


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
