"""The result as JSON: the stable, machine-readable form scripts rely on.

It publishes the data, not the view's words: given the result or comparison
itself (formats.render builds no view for it) or a view of one.
"""

from __future__ import annotations

from typing import Any

from ..models import to_json
from .formats import Rendered, RenderOptions


def render(view: Any, options: RenderOptions = RenderOptions()) -> Rendered:
    return Rendered(to_json(getattr(view, "source", None) or view))
