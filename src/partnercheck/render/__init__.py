"""Renderers: one module per output format, each with ``render(result) -> str``.

Every format renders the same :class:`~partnercheck.models.Result` (or
:class:`~partnercheck.models.Comparison`), so they never disagree.  Modules
are imported only when their format is asked for.
"""

from __future__ import annotations

import re
from enum import Enum
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import Result, StatementResult


class Format(str, Enum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"
    html = "html"


def render(result: Result, fmt: Format | str, **options: Any) -> str:
    module = import_module(f"{__name__}.{Format(fmt).value}")
    return module.render(result, **options)


# Control characters (C0 and C1, DEL), escape sequences, and lone surrogates
# (a JSON file can spell them as \ud800; they cannot be written as UTF-8):
# never passed on.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(text: str | None, *, newlines: bool = False) -> str:
    """User text made safe to show: escape sequences and control characters removed.

    Line breaks become spaces unless ``newlines`` is true.
    """
    if text is None:
        return ""
    text = _CONTROL.sub("", text)
    if not newlines:
        text = " ".join(text.replace("\t", " ").splitlines())
    return text


def shown(score: float) -> int:
    """A score as shown in reports: a whole number, halves rounded up."""
    return int(score + 0.5) if score >= 0 else -int(-score + 0.5)


def score_text(score: float | None) -> str:
    return "n/a" if score is None else str(shown(score))


def shown_change(old: float | None, new: float | None) -> int | None:
    """The change between two scores as shown, so that 83 -> 88 reads +5."""
    return None if old is None or new is None else shown(new) - shown(old)


def change_text(old: float | None, new: float | None) -> str:
    change = shown_change(old, new)
    return "n/a" if change is None else f"{change:+d}"


def band_label(band: str | None) -> str:
    return {"strength": "Strength", "watch": "Watch", "gap": "Gap", None: "Not assessed"}[band]


def answer_text(st: StatementResult, many: bool) -> str:
    """How a statement was answered, for "answers in detail" (escape before use)."""
    if not many:
        return clean(st.label) or "not answered"
    text = f"{st.answered} answered, {st.dont_know} don't know"
    return text if st.spread is None else f"{text}, spread {st.spread}"


def people(result: Result) -> str:
    """Who answered, in words, without naming anyone in a combined report."""
    n = result.respondents
    if n == 1:
        who = clean(result.respondent) or "one respondent"
        if result.organisation:
            who += f" ({clean(result.organisation)})"
        return who
    text = f"{n} respondents combined"
    if result.respondent:
        text += f": {clean(result.respondent)}"
    return text
