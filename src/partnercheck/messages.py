"""pydantic's validation errors in partnercheck's words, and the one "did you mean".

The models in ``models.py`` are validated by pydantic; every error it reports
becomes a :class:`~partnercheck.errors.Problem`: the place in the file
(``statements.3.text``, ``answers.trust.x``) and what is wrong there, in the
words a partnership officer reads ("should be text", "is required", "unknown
field; did you mean 'respondent'?"), never pydantic's ("Input should be a
valid string").  partnercheck's own validators raise errors of type ``OWN``
(with :func:`refuse` and :func:`refuse_all`), already in those words.

Only the error types the models can produce are worded here; each has a test
in ``tests/test_messages.py`` driven by a real input.
"""

from __future__ import annotations

import dataclasses
import enum
import typing
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .errors import Problem
from .records import field_names

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import PydanticCustomError

# The error type of partnercheck's own validators: their message is ours already.
OWN = "partnercheck"

_WORDS = {
    "missing": "is required",
    "string_type": "should be text",
    "int_type": "should be a whole number",
    "float_type": "should be a number",
    "finite_number": "should be a number (not infinity or NaN)",
    "bool_type": "should be true or false",
    "date_type": "should be a date written YYYY-MM-DD",
    "list_type": "should be a list",
    "tuple_type": "should be a list",
    "dict_type": "should be a mapping",
    "dataclass_type": "should be a mapping of fields",
    "invalid_key": "unknown field (a field's name is text)",
}
# pydantic's error types worded here (tests/test_messages.py drives each one).
WORDED = frozenset(_WORDS) | {
    "unexpected_keyword_argument",
    "extra_forbidden",
    "literal_error",
    "string_too_short",
    "too_short",
    "string_too_long",
    "string_pattern_mismatch",
    "greater_than_equal",
    "less_than_equal",
}


def counted(n: int, word: str, plural: str | None = None) -> str:
    """``1 report``, ``3 reports``: a number with its noun (for partnercheck's
    own messages; a report's words are the bank's)."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def nearest(word: object, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word``, when one is close enough to be a slip."""
    import difflib

    match = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.75)
    return match[0] if match else None


def did_you_mean(word: object, choices: Iterable[str], otherwise: str = "") -> str:
    """``"; did you mean 'respondent'?"`` for a slip, else ``otherwise``."""
    near = nearest(word, choices)
    return f"; did you mean {near!r}?" if near else otherwise


def refuse(message: str) -> PydanticCustomError:
    """An error for a validator to raise, at the place being validated."""
    from pydantic_core import PydanticCustomError

    # no context: the message is never formatted, so braces in it stay as written
    return PydanticCustomError(OWN, message)


def refuse_all(title: str, found: Sequence[tuple[tuple[str | int, ...], str]]) -> ValidationError:
    """Several errors for one validator to raise, each at its place below the model."""
    from pydantic import ValidationError

    return ValidationError.from_exception_data(
        title, [{"type": refuse(message), "loc": loc, "input": None} for loc, message in found]
    )


def problems(error: ValidationError, model: Any) -> list[Problem]:
    """Every error of a validation of ``model``, as problems in partnercheck's words."""
    out = []
    for e in error.errors(include_url=False):
        if e["type"] == "too_short" and _length(e["input"]) >= e["ctx"]["min_length"]:
            continue  # long enough as written: pydantic counted only the items that were valid
        # pydantic marks an error in a mapping's key with "[key]" after the key;
        # a key a file spells "[key]" is a place like any other
        loc = tuple(part for i, part in enumerate(e["loc"]) if part != "[key]" or i == 0)
        out.append(Problem(".".join(map(str, loc)), _say(e, model, loc), loc))
    return out


def _say(e: Any, model: Any, loc: tuple[Any, ...]) -> str:
    kind, ctx, value = e["type"], e.get("ctx") or {}, e.get("input")
    if kind == OWN:
        return str(e["msg"])
    if kind in _WORDS:
        return _WORDS[kind]
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):  # an unknown field of a model (of the texts)
        return "unknown field" + did_you_mean(loc[-1], _field_names(_type_at(model, loc[:-1])))
    if kind == "literal_error":
        allowed = typing.get_args(_type_at(model, loc)) or (ctx.get("expected", ""),)
        return f"should be one of: {', '.join(map(str, allowed))}"
    if kind == "string_too_short":
        return "is empty" if ctx["min_length"] == 1 else f"should have at least {counted(ctx['min_length'], 'character')}"
    if kind == "too_short":
        return f"should have at least {counted(ctx['min_length'], 'item')}"
    if kind == "string_too_long":
        return f"is too long: at most {counted(ctx['max_length'], 'character')}"
    if kind == "string_pattern_mismatch":
        return f"{value!r} is not a valid id: use lower-case letters, digits, '-' and '_' ({ctx['pattern']})"
    if kind == "greater_than_equal":
        return f"should be at least {ctx['ge']:g}"
    if kind == "less_than_equal":
        return f"should be at most {ctx['le']:g}"
    # A type no model produces today: pydantic's own sentence, lower-cased to
    # read after the place.
    msg = str(e["msg"])
    return msg[:1].lower() + msg[1:]


def option_error(cause: BaseException | None, annotation: Any) -> str | None:
    """A command-line value Typer refused (its ``cause``, a pydantic error),
    in partnercheck's words; None when the cause is not pydantic's."""
    errors = getattr(cause, "errors", None)
    if errors is None:
        return None
    choices = [m.value for m in _plain(annotation)] if isinstance(_plain(annotation), type) and issubclass(_plain(annotation), enum.Enum) else None
    said = []
    for e in errors(include_url=False):
        value = e.get("input")
        if choices is not None:
            said.append(f"{value!r} is not one of: {', '.join(choices)}{did_you_mean(value, choices)}")
        else:
            said.append(f"{value!r} {_OPTION_WORDS.get(e['type']) or _say(e, None, ())}")
    return "; ".join(said)


# What a value typed on the command line is told, where a file's value is told otherwise.
_OPTION_WORDS = {
    "int_parsing": "is not a whole number",
    "float_parsing": "is not a number",
    "bool_parsing": "should be true or false",
}


def _length(value: Any) -> int:
    try:
        return len(value)
    except TypeError:
        return 0


def _type_at(model: Any, loc: tuple[Any, ...]) -> Any:
    """The declared type at ``loc`` below ``model`` (None when it cannot be followed)."""
    tp = _plain(model)
    for part in loc:
        if _field_names(tp):
            tp = _hints(tp).get(part)
        elif typing.get_origin(tp) in (list, tuple):
            tp = typing.get_args(tp)[0]
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        else:
            return None
        tp = _plain(tp)
    return tp


def _plain(tp: Any) -> Any:
    """``tp`` without ``Annotated`` metadata and ``| None``."""
    while True:
        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        args = typing.get_args(tp)
        if type(None) in args and len(args) == 2:
            tp = args[0] if args[1] is type(None) else args[1]
            continue
        return tp


@lru_cache(maxsize=None)
def _hints(model: type) -> dict[str, Any]:
    return typing.get_type_hints(model, include_extras=True)


def _field_names(tp: Any) -> tuple[str, ...]:
    return field_names(tp) if isinstance(tp, type) and (dataclasses.is_dataclass(tp) or hasattr(tp, "_field_names")) else ()
