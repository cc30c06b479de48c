"""Text from files, made safe to show: the one place that decides what may reach a screen.

Answers files, banks, saved results and file names come from other people.
Their text may hold control characters (C0, DEL, C1: U+0080-009F, which some
terminals read as the start of an escape sequence), whole escape sequences
(ESC [ ... that move the cursor, clear the screen, change the window title or
make a link), a carriage return that writes over a line, a bell, and the
bidirectional override and isolate characters (U+202A-202E, U+2066-2069) that
make text display in an order other than the one it is stored in.

- :func:`clean`, for reports: these are removed (in every format: a reader of
  a Markdown or HTML report would not see them either).
- :func:`visible`, for messages: they are shown as escapes (``\\x1b``,
  ``\\u202e``), so that the person can find the character in the file.
- :func:`json_safe`, for JSON written out: the same characters as ``\\u``
  escapes, which read back as the same data.
"""

from __future__ import annotations

import re
from functools import cache

# Bidirectional overrides and isolates: LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI.
BIDI = "\u202a-\u202e\u2066-\u2069"

# The patterns, each compiled on first use (compiling all of them took a
# millisecond of every command's start, most of which need one or none).
# Escape sequences (CSI, OSC ended by BEL or ST, any other ESC pair), control
# characters (C0 but tab and newline, DEL, C1), bidi controls, and lone
# surrogates (a JSON file can spell them as \ud800; they cannot be written as
# UTF-8): never passed on to a report.
_CONTROL = (
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?"
    rf"|[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI}\ud800-\udfff]"
)
# What a message shows escaped: every control character (line breaks too,
# unless kept), bidi controls, the Unicode line and paragraph separators, and
# lone surrogates.
_INVISIBLE = rf"[\x00-\x09\x0b-\x1f\x7f-\x9f{BIDI}\u2028\u2029\ud800-\udfff]"
_INVISIBLE_OR_NEWLINE = rf"[\x00-\x1f\x7f-\x9f{BIDI}\u2028\u2029\ud800-\udfff]"
# What JSON's encoder leaves as it is but a terminal or an editor would act on.
_JSON_UNSAFE = rf"[\x7f-\x9f{BIDI}\u2028\u2029]"
_BIDI = f"[{BIDI}]"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def clean(text: str | None, *, newlines: bool = False) -> str:
    """User text made safe to show in a report: escape sequences, control and
    bidi characters removed.  Line breaks become spaces unless ``newlines``
    is true."""
    if text is None:
        return ""
    text = _compiled(_CONTROL).sub("", text)
    if not newlines:
        text = " ".join(text.replace("\t", " ").splitlines())
    return text


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object, *, newlines: bool = False) -> str:
    """Text for a message: control and bidi characters shown as escapes
    (``\\x1b``, ``\\x0d`` for a carriage return, ``\\u202e``); line breaks kept only
    when ``newlines`` is true (a message of several lines)."""
    text = str(text)
    if text.isprintable():  # the usual case, and quick
        return text
    return _compiled(_INVISIBLE if newlines else _INVISIBLE_OR_NEWLINE).sub(_escape, text)


def has_bidi(text: str) -> bool:
    """Whether ``text`` holds a bidi override or isolate."""
    return _compiled(_BIDI).search(text) is not None


def json_safe(text: str) -> str:
    """JSON text with the characters its encoder leaves raw (DEL, C1, bidi,
    line separators) written as ``\\u`` escapes: the same data when read."""
    return _compiled(_JSON_UNSAFE).sub(lambda m: f"\\u{ord(m.group()):04x}", text)
