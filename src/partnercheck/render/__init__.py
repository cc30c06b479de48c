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

# The one rule for what user text may show is in ..untrusted; renderers import it from here.
from ..untrusted import clean

__all__ = ["clean"]
