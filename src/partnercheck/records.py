"""Records: dataclasses that are cheap to declare.

``@dataclass`` writes and compiles up to six methods for every class
(``__init__``, ``__repr__``, ``__eq__``, and for a frozen one ``__hash__``,
``__setattr__`` and ``__delattr__``).  Every command declares some hundred
classes before it does any work, so those methods were a tenth of a quick
command's time.  A record is a dataclass that writes only its ``__init__``
and takes the other five from :class:`Record`, once for all records; it
behaves as the dataclass would (fields with ``compare=False`` or
``repr=False`` are left out as there).

    @record
    class Score(Record):
        value: float

    @record(frozen=True)   # never changed once built
    class Band(Record):
        id: str
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, fields
from functools import cache
from typing import Any, Callable, TypeVar, overload

T = TypeVar("T")


class Record:
    """The shared methods of every record."""

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in compared(type(self)))

    def __hash__(self) -> int:
        if not getattr(type(self), "_frozen", False):
            raise TypeError(f"unhashable type: {type(self).__name__!r}")
        return hash(tuple(getattr(self, n) for n in compared(type(self))))

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in _shown(type(self)))
        return f"{type(self).__qualname__}({shown})"


def _set_once(self: Any, name: str, value: Any) -> None:
    # __init__ sets each field once; nothing may change it after
    if name in self.__dict__:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _no_delete(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(*, frozen: bool = False, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...
def record(cls: type[T] | None = None, /, *, frozen: bool = False, kw_only: bool = False) -> Any:
    """Make ``cls`` (a subclass of :class:`Record`) a dataclass with only
    its ``__init__`` written; ``frozen``: a field is set once, by ``__init__``."""

    def make(cls: type[T]) -> type[T]:
        if not issubclass(cls, Record):
            raise TypeError(f"{cls.__name__} should subclass Record")
        cls = dataclass(eq=False, repr=False, kw_only=kw_only)(cls)
        return freeze(cls) if frozen else cls

    return make if cls is None else make(cls)


def freeze(cls: type[T]) -> type[T]:
    """Each field of a ``cls`` is set once, by its ``__init__``, and never
    changed or deleted after (as a frozen dataclass's); its records hash."""
    cls.__setattr__ = _set_once  # type: ignore[assignment]
    cls.__delattr__ = _no_delete  # type: ignore[assignment]
    cls._frozen = True  # type: ignore[attr-defined]
    return cls


@cache
def field_names(model: type) -> tuple[str, ...]:
    """A record's (or a dataclass's) field names, in their declared order."""
    declared = getattr(model, "_field_names", None)  # a record declared without dataclass
    return declared if declared is not None else tuple(f.name for f in fields(model))


@cache
def compared(model: type) -> tuple[str, ...]:
    if getattr(model, "_field_names", None) is not None:
        return model._field_names  # type: ignore[attr-defined,no-any-return]
    return tuple(f.name for f in fields(model) if f.compare)


@cache
def _shown(model: type) -> tuple[str, ...]:
    if getattr(model, "_field_names", None) is not None:
        return model._field_names  # type: ignore[attr-defined,no-any-return]
    return tuple(f.name for f in fields(model) if f.repr)
