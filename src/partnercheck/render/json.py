"""The result as JSON: the stable, machine-readable form scripts rely on."""

from __future__ import annotations

from typing import Any

from ..models import Comparison, Result
from ..shapes import to_json


def render(result: Result | Comparison, **_: Any) -> str:
    return to_json(result)
