"""The result as JSON: the stable, machine-readable form scripts rely on."""

from __future__ import annotations

from typing import Any

from ..models import Result


def render(result: Result, **_: Any) -> str:
    return result.model_dump_json(indent=2) + "\n"
