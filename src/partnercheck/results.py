"""Saved results: read a JSON result back, or assess an answers file on the way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import single
from .files import MAX_ANSWERS_BYTES, MAX_RESULT_BYTES, check_size, display_name, read_text
from .history import ActionPlan, Comparison, Trend
from .models import Answers, Bank, Result, adapter, validate


def load_report(path: str | Path) -> Result | Comparison | Trend:
    """A result, comparison or trend saved with ``--format json``, to render again."""
    from .answers import expect_kind, parse_or_say

    name = display_name(path)
    data = parse_or_say(read_text(path, limit=MAX_RESULT_BYTES), name, "a saved result")
    kind = expect_kind(data, name, "a saved result, comparison or trend", "assessment", "comparison", "trend")
    if kind == "comparison":
        return comparison_from_data(data, name)
    if kind == "trend":  # a trend saved with 'trend --format json'
        from .history import Trend

        return validate(Trend, data, name)  # type: ignore[return-value]
    return result_from_data(data, name)


def result_from_data(data: Any, name: str) -> Result:
    if not isinstance(data, dict) or data.get("kind") != "assessment":
        raise single(name, "is not a partnercheck result (make one with --format json)")
    return validate(Result, data, name)


def comparison_from_data(data: Any, name: str) -> Comparison:
    """A comparison saved with ``compare --format json``."""
    if not isinstance(data, dict) or data.get("kind") != "comparison":
        raise single(name, "is not a partnercheck comparison (make one with 'partnercheck compare --format json')")
    return validate(Comparison, data, name)


def load_assessment(path: str | Path, questions: str | Path | None = None) -> Result:
    """A saved JSON result, or an answers file assessed now with the given bank."""
    from .answers import answers_from_data, expect_kind, parse_or_say
    from .assess import assess
    from .bank import load_bank

    name = display_name(path)
    # Read under the larger of the two limits, then held to its own kind's.
    text = read_text(path, limit=MAX_RESULT_BYTES)
    data = parse_or_say(text, name, "a saved result or an answers file")
    if expect_kind(data, name, "a saved result or an answers file", "assessment", "answers") == "assessment":
        return result_from_data(data, name)
    check_size(name, len(text.encode("utf-8")), MAX_ANSWERS_BYTES)
    bank = load_bank(questions)
    return assess(bank, [answers_from_data(data, bank, name)])


# The shapes ``partnercheck schema --for`` publishes (their models), with their titles.
PUBLISHED: dict[str, tuple[type, str]] = {
    "result": (Result, "partnercheck result"),
    "comparison": (Comparison, "partnercheck comparison"),
    "bank": (Bank, "partnercheck question bank"),
    "answers": (Answers, "partnercheck answers file"),
    "trend": (Trend, "partnercheck trend"),
    "actions": (ActionPlan, "partnercheck action plan"),
}


def json_schema(shape: str) -> dict[str, Any]:
    """The JSON Schema of a published shape (``result``, ``comparison``, ``bank``, ``answers``, ``trend``, ``actions``)."""
    model, title = PUBLISHED[shape]
    schema = adapter(model).json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **{k: v for k, v in schema.items() if k != "title"}}
