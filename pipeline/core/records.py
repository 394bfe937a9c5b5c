"""Records: the dataclasses read from YAML (case.yaml and the rest, the partnership's
settings).

A dataclass compiles an `__init__`, a `__repr__` and an `__eq__` for its class when the
module is imported: for the case model's 36 classes, 9 ms of every command's start. A
record compiles its `__init__` only and shares one `__repr__` and one `==` (field by field,
as a dataclass's), so it reads, prints and compares as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """`@dataclass`, with the shared `__repr__` and `==`."""
    made = dataclass(eq=False, repr=False)(cls)
    made.__repr__ = _repr  # type: ignore[method-assign]
    made.__eq__ = _eq  # type: ignore[method-assign]
    made.__hash__ = None  # type: ignore[assignment]  # mutable: unhashable, as a dataclass
    return made


def _repr(self: Any) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = [f.name for f in fields(self)]
    return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
