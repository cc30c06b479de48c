"""Saved results: read a JSON result back, or assess an answers file on the way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import single
from .files import MAX_BANK_BYTES, display_name, load_data
from .models import Comparison, Result, validate


def load_report(path: str | Path) -> Result | Comparison:
    """A result, comparison or trend saved with ``--format json``, to render again."""
    name = display_name(path)
    data = load_data(path, limit=MAX_BANK_BYTES)
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind == "comparison":
        return comparison_from_data(data, name)
    if kind == "trend":  # a trend saved with 'trend --format json'
        from .models import Trend

        return validate(Trend, data, name)  # type: ignore[return-value]
    if kind != "assessment" and isinstance(data, dict) and "answers" in data:
        raise single(name, "is an answers file, not a saved result: assess it with 'partnercheck assess --answers FILE'")
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
    from .answers import answers_from_data
    from .assess import assess
    from .bank import load_bank

    name = display_name(path)
    data = load_data(path, limit=MAX_BANK_BYTES)
    if isinstance(data, dict) and data.get("kind") == "assessment":
        return result_from_data(data, name)
    bank = load_bank(questions)
    return assess(bank, [answers_from_data(data, bank, name)])
