"""Reports: one view, drawn by every format.

- :mod:`.report` builds the report view of a result or a comparison, once,
  in the words of a question bank: ``report.build(result, bank)``.
- :mod:`.formats` is the registry of formats: ``formats.get(name).render(view,
  options)`` returns the text and its attachments (chart files) for the edge
  to write.
- :mod:`.terminal`, :mod:`.markdown`, :mod:`.html`, :mod:`.json` and
  :mod:`.charts` draw the view; they write no file.

Modules are imported only when their format is asked for.
"""

from __future__ import annotations

import re

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
