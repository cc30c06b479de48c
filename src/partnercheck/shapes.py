"""Plain data in and out of the domain's dataclasses.

``build`` turns what a YAML or JSON file held into a model, checking each
field against its type and the checks declared with ``models.check``, and
reports every problem at once with its place (``statements.3.text``).
``to_json`` writes a result back out.  Only the shapes the models use are
understood: text, numbers, booleans, dates, ``Literal``, ``X | None``,
``tuple[X, ...]``, ``list[X]``, ``dict[K, V]`` and nested models.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import types
import typing
from functools import lru_cache
from typing import Any, TypeVar

from .errors import Problem

T = TypeVar("T")
_FAILED: Any = object()


class Invalid(Exception):
    """The data does not fit the model; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def build(model: type[T], data: Any) -> T:
    """``data`` as a ``model``, or :class:`Invalid` listing every problem."""
    problems: list[Problem] = []
    value = _convert(model, data, (), problems, {})
    if problems:
        raise Invalid(problems)
    return value  # type: ignore[no-any-return]


def to_json(obj: Any) -> str:
    """A model as indented JSON, fields in their declared order."""
    return json.dumps(_plain(obj), indent=2, ensure_ascii=False) + "\n"


def _plain(value: Any) -> Any:
    # dataclasses.asdict would do, but deep-copies every leaf: twice as slow
    # for a batch writing a thousand JSON reports.
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return {name: _plain(getattr(value, name)) for name in _names(type(value))}


@lru_cache(maxsize=None)
def _names(model: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(model))


@lru_cache(maxsize=None)
def _fields(model: type) -> tuple[tuple[str, Any, Any, bool], ...]:
    """(name, type, checks, required) for each field of a model, resolved once."""
    hints = typing.get_type_hints(model)
    return tuple(
        (f.name, hints[f.name], f.metadata,
         f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
        for f in dataclasses.fields(model)
    )


def _say(loc: tuple[Any, ...], message: str, problems: list[Problem]) -> Any:
    problems.append(Problem(".".join(map(str, loc)), message))
    return _FAILED


def _convert(tp: Any, value: Any, loc: tuple[Any, ...], problems: list[Problem], checks: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None and len(args) < len(typing.get_args(tp)):
            return None
        (tp,) = args  # only "X | None" is used
        origin = typing.get_origin(tp)
    if checks.get("strip") and isinstance(value, str):
        value = value.strip()
    if value is None and checks.get("empty"):
        return _say(loc, checks["empty"], problems)

    if dataclasses.is_dataclass(tp):
        return _model(tp, value, loc, problems)
    if origin is typing.Literal:
        allowed = typing.get_args(tp)
        if value in allowed and type(value) is type(allowed[0]):
            return value
        return _say(loc, f"should be one of: {', '.join(map(str, allowed))}", problems)
    if origin in (tuple, list):
        if not isinstance(value, (list, tuple)):
            return _say(loc, "should be a list", problems)
        (item, *_) = typing.get_args(tp)
        items = [_convert(item, v, (*loc, i), problems, {}) for i, v in enumerate(value)]
        if _FAILED in items:
            return _FAILED
        out: Any = tuple(items) if origin is tuple else items
    elif origin is dict:
        if not isinstance(value, dict):
            return _say(loc, "should be a mapping", problems)
        key_type, value_type = typing.get_args(tp)
        out = {}
        for k, v in value.items():
            key = _key(key_type, k, (*loc, k), problems)
            out[key] = _convert(value_type, v, (*loc, k), problems, {})
        if _FAILED in out or _FAILED in out.values():
            return _FAILED
    else:
        out = _scalar(tp, value, loc, problems)
    if out is _FAILED:
        return out
    return _check(out, loc, problems, checks)


def _model(model: type, value: Any, loc: tuple[Any, ...], problems: list[Problem]) -> Any:
    if not isinstance(value, dict):
        return _say(loc, "should be a mapping of fields", problems)
    before = len(problems)
    fields = _fields(model)
    known = {name for name, *_ in fields}
    for key in value:
        if key not in known:
            _say((*loc, key), "unknown field" + _nearest(key, known), problems)
    kwargs = {}
    for name, tp, checks, required in fields:
        if name in value:
            kwargs[name] = _convert(tp, value[name], (*loc, name), problems, checks)
        elif required:
            _say((*loc, name), "is required", problems)
    if len(problems) > before:
        return _FAILED
    try:
        return model(**kwargs)
    except ValueError as exc:  # an invariant checked in __post_init__
        return _say(loc, str(exc), problems)


def _nearest(key: Any, known: set[str]) -> str:
    import difflib

    match = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.75)
    return f"; did you mean {match[0]!r}?" if match else ""


def _key(tp: Any, key: Any, loc: tuple[Any, ...], problems: list[Problem]) -> Any:
    # JSON keys are always text: a result's {"1": "Expert alone"} has int keys.
    if tp is int and isinstance(key, str) and key.isdigit():
        return int(key)
    return _scalar(tp, key, loc, problems)


def _scalar(tp: Any, value: Any, loc: tuple[Any, ...], problems: list[Problem]) -> Any:
    if tp is Any:
        return value
    if tp is str:
        return value if isinstance(value, str) else _say(loc, "should be text", problems)
    if tp is bool:
        return value if isinstance(value, bool) else _say(loc, "should be true or false", problems)
    if tp is int:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value if isinstance(value, int) and not isinstance(value, bool) else _say(loc, "should be a whole number", problems)
    if tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        return _say(loc, "should be a number", problems)
    if tp is dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        return _say(loc, "should be a date written YYYY-MM-DD", problems)
    raise TypeError(f"shapes cannot check {tp!r}")  # a model uses a type not handled here


def _check(value: Any, loc: tuple[Any, ...], problems: list[Problem], checks: Any) -> Any:
    if not checks:
        return value
    what = "character(s)" if isinstance(value, str) else "item(s)"
    if "min_length" in checks and len(value) < checks["min_length"]:
        if isinstance(value, str) and not value:
            return _say(loc, checks.get("empty", "is empty"), problems)
        return _say(loc, f"should have at least {checks['min_length']} {what}", problems)
    if "max_length" in checks and len(value) > checks["max_length"]:
        return _say(loc, f"is too long: at most {checks['max_length']} {what}", problems)
    if "pattern" in checks and not re.search(checks["pattern"], value):
        return _say(loc, f"{value!r} is not a valid id: use lower-case letters, digits, '-' and '_' ({checks['pattern']})", problems)
    if "items_in" in checks:
        bad = [v for v in value if v not in checks["items_in"]]
        if bad:
            return _say(loc, f"{checks.get('items_message', 'holds values not allowed')}, not {bad}", problems)
    if "ge" in checks and value < checks["ge"]:
        return _say(loc, f"should be at least {checks['ge']}", problems)
    if "le" in checks and value > checks["le"]:
        return _say(loc, f"should be at most {checks['le']}", problems)
    if checks.get("strip") and value == "":
        return None  # a blank optional field is no answer
    return value
