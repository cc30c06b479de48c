"""The result as JSON: the stable, machine-readable form scripts rely on.

It publishes the data the view was built from (or a result or comparison
given directly), not the view's words.
"""

from __future__ import annotations

from typing import Any

from ..shapes import to_json
from .formats import Rendered, RenderOptions


def render(view: Any, options: RenderOptions = RenderOptions()) -> Rendered:
    return Rendered(to_json(getattr(view, "source", None) or view))
