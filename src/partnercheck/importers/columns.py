"""Matching a survey tool's headers and cells to the bank's questions and options.

Headers are matched by what they say, never by where they stand: a header
is a question's text, or carries its id (the header itself, or an ``[id]``
tag, as ``questions export --format form`` writes), after folding case,
white space, curly quotes and dashes.  Google's grid headers, ``Question
[Row]``, match on the row.  Cells are an option's label or its value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..answers import fold, option_lookup, option_value
from ..models import Bank, Statement

def text_key(text: str) -> str:
    """A header compared with a question's text: folded, and a trailing
    full stop, colon, question mark or required-answer star left out."""
    return fold(text).rstrip(" .:?*")


# innermost [...] of a header: an id tag, or the row of a grid header
_TAG = re.compile(r"\[([^\[\]]*)\]")


def tags(header: str) -> list[str]:
    return _TAG.findall(header)


def untagged(header: str) -> str:
    """The header without its ``[...]`` tags."""
    return _TAG.sub(" ", header)


@dataclass
class Questions:
    """The bank's questions as a survey export may name them."""

    ids: dict[str, str] = field(default_factory=dict)  # folded id (or earlier id) -> id
    texts: dict[str, str] = field(default_factory=dict)  # text key -> id
    shown: dict[str, str] = field(default_factory=dict)  # id -> its text
    options: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> folded label or value -> value
    labels: dict[str, list[str]] = field(default_factory=dict)  # id -> labels in order
    any_option: set[str] = field(default_factory=set)  # every question's options, folded
    seen: dict[tuple[str, str], str | None] = field(default_factory=dict)  # (id, cell) -> value, as matched

    @classmethod
    def of(cls, bank: Bank) -> Questions:
        qs = cls()
        for q in bank.questions():
            options = bank.scale(q.scale).options if isinstance(q, Statement) else q.options  # type: ignore[union-attr]
            qs.ids[fold(q.id)] = q.id
            qs.texts.setdefault(text_key(q.text), q.id)
            qs.shown[q.id] = q.text
            qs.labels[q.id] = [o.label for o in options]
        qs.options = option_lookup(bank)  # the same matching as an answers file's
        qs.any_option = {way for ways in qs.options.values() for way in ways}
        for old, new in (bank.renamed or {}).items():
            if new is not None:
                qs.ids.setdefault(fold(old), new)
        return qs

    def match(self, header: str) -> str | None:
        """The id of the question a header names, or None."""
        for tag in reversed(tags(header)):  # 'text [id]', or a grid's 'Lesson [text [id]]'
            found = self.ids.get(fold(tag))
            if found:
                return found
        found = self.ids.get(fold(header)) or self.texts.get(text_key(header))
        if found:
            return found
        bare = untagged(header)
        if bare != header and (found := self.texts.get(text_key(bare))):
            return found
        stripped = header.rstrip()
        if stripped.endswith("]"):  # Google's grid: 'Question [Row]'; the question may hold brackets too
            for start in (i for i, ch in enumerate(stripped) if ch == "["):
                row = stripped[start + 1 : -1]
                found = self.ids.get(fold(row)) or self.texts.get(text_key(row))
                if found:
                    return found
        # Microsoft's Likert: 'Question.Row'
        for start in (i for i, ch in enumerate(stripped) if ch == "."):
            found = self.texts.get(text_key(stripped[start + 1 :]))
            if found:
                return found
        return None

    def value(self, qid: str, cell: str) -> str | None:
        """The value of the option a cell names (by label or value, a final
        full stop left out as in headers), or None.  Each distinct cell of a
        question is folded once: an export repeats a few labels thousands of times."""
        key = (qid, cell)
        try:
            return self.seen[key]
        except KeyError:
            found = self.seen[key] = option_value(self.options[qid], cell)
            return found

    def is_option(self, cell: str) -> bool:
        """Whether a cell names an option of any question (a scale's label or value)."""
        key = fold(cell)
        return key in self.any_option or key.rstrip(" .") in self.any_option

    def not_an_option(self, qid: str, cell: str) -> str:
        """What is said of a cell that names no option of the question, with
        the option it was likely meant to be ("Agreed": did you mean 'Agree'?)."""
        from ..messages import did_you_mean

        labels = self.labels[qid]
        return f"{shorten(cell)!r} is not an option; use one of: {', '.join(labels)}{did_you_mean(cell.strip(), labels)}"


# --------------------------------------------------------------------------
# Columns that are not questions
# --------------------------------------------------------------------------

PARTNERSHIP = frozenset({"partnership", "partnership name", "name of the partnership", "which partnership"})
ORGANISATION = frozenset({
    "organisation", "organization", "your organisation", "your organization",
    "organisation name", "organization name",
})
# A second header row's word for "the answer to the question above"
# (SurveyMonkey writes 'Response' and 'Open-Ended Response').
RESPONSE = frozenset({"response", "open-ended response"})

# What the survey tools record about each response (Microsoft Forms, Google
# Forms, SurveyMonkey, SmartSurvey, Qualtrics, a plain spreadsheet): read for
# nothing, and never copied anywhere.  E-mail addresses and names are here.
METADATA = frozenset({
    "id", "respondent id", "response id", "responseid", "collector id", "collector", "user no", "userno", "unique id",
    "start time", "completion time", "last modified time", "start date", "end date", "started", "ended",
    "startdate", "enddate", "recordeddate", "recorded date", "submitted", "submitted at", "submission date",
    "date submitted", "timestamp", "time taken", "time taken to complete (seconds)", "duration",
    "duration (in seconds)", "date", "ip address", "ipaddress", "ip", "email", "email address", "e-mail",
    "e-mail address", "recipientemail", "name", "full name", "first name", "last name", "respondent",
    "respondent name", "your name", "recipientfirstname", "recipientlastname", "total points", "quiz feedback",
    "score", "language", "userlanguage", "user agent", "referrer", "external reference", "externalreference",
    "distributionchannel", "locationlatitude", "locationlongitude", "tracking code", "custom data",
    "respondent email", "contact list", "page path", "device", "browser", "operating system", "channel",
})
METADATA_PREFIXES = ("custom data ", "custom variable", "points - ", "feedback - ", "custom field")
# Words that, anywhere in a header no question matched, mark a column of
# who answered: it is left out, never read.
PERSONAL = re.compile(r"\b(e-?mail|name|phone|telephone|mobile|address)\b")

# Columns saying whether a response was finished, and the values that mean it was not.
STATUS = frozenset({
    "status", "response status", "completion status", "responsestatus", "finished", "complete", "completed",
    "response type", "progress",
})
INCOMPLETE = frozenset({
    "partial", "incomplete", "in progress", "not completed", "not complete", "not finished", "abandoned",
    "started", "unfinished", "partially completed", "false", "no", "0",
})


# Columns saying which response a row is (a survey tool's response id, and
# when it was started and submitted): two rows that give the same answers
# and the same of these are one response exported twice (two downloads of
# one survey, a row copied).  Read only to compare rows, never kept.
RESPONSE_IDS = frozenset({"id", "respondent id", "response id", "responseid", "user no", "userno", "unique id"})
TIMES = frozenset({
    "start time", "completion time", "last modified time", "start date", "end date", "startdate", "enddate",
    "started", "ended", "timestamp", "submitted", "submitted at", "date submitted", "submission date",
    "recorded date", "recordeddate",
})
_TIME_OF_DAY = re.compile(r"\d:\d\d")


def row_mark(cells: list[tuple[str, str]]) -> str | None:
    """What a row's response-id and time cells (header, cell) say of which
    response it is, hashed; None when they say nothing: no id, and no time
    of day (a date alone is shared by everyone who answered that day)."""
    import hashlib

    given = [(text_key(h), " ".join(v.split())) for h, v in cells]
    if not any(v and (h in RESPONSE_IDS or _TIME_OF_DAY.search(v)) for h, v in given):
        return None
    return hashlib.blake2b("\x1f".join(f"{h}={v}" for h, v in given).encode(), digest_size=16).hexdigest()


# Columns saying when a response was finished (the answers' date, when written year first).
WHEN = ("completion time", "timestamp", "end date", "enddate", "submitted", "submitted at", "date submitted",
        "submission date", "ended", "recorded date", "recordeddate", "date")
_YEAR_FIRST = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")


def date_of(cell: str):  # type: ignore[no-untyped-def]
    """The date a cell gives, when written year first (2026-11-03, 2026/11/03 09:14,
    a workbook's date); None for a date whose day and month could be either way round."""
    import datetime as dt

    found = _YEAR_FIRST.match(cell)
    if not found:
        return None
    try:
        return dt.date(*map(int, found.groups()))
    except ValueError:
        return None


_ROLE_WORD = re.compile(r"\b(partnership|organi[sz]ation)\b")
# Words of a header that asks for comments, not for a name: 'Any comments on
# the partnership?' is free text, never the partnership's column.
COMMENT = re.compile(r"\b(comments?|feedback|remarks?|suggestions?|thoughts|anything else|explain|why|how|notes?)\b")


def role(header: str, *, loose: bool = False) -> str | None:
    """'partnership' or 'organisation' for the column saying which: headed
    so exactly, or tagged ``[partnership]``/``[organisation]``; with
    ``loose`` (for a header no question matched), a question about it
    ('Which organisation do you work for?'), unless it asks who answered or
    for comments ('Any comments on the partnership?')."""
    key = text_key(header)
    named = {key} | {fold(tag) for tag in tags(header)}
    if named & PARTNERSHIP:
        return "partnership"
    if named & ORGANISATION:
        return "organisation"
    if loose and not PERSONAL.search(key) and not COMMENT.search(key):
        found = _ROLE_WORD.search(key)
        if found:
            return "partnership" if found.group(1) == "partnership" else "organisation"
    return None


def is_metadata(header: str) -> bool:
    key = text_key(header)
    return key in METADATA or key.startswith(METADATA_PREFIXES) or bool(PERSONAL.search(key))


def is_incomplete(header: str, cell: str) -> bool:
    """Whether a status column's cell marks the response as unfinished."""
    value = fold(cell)
    if not value:
        return False
    if text_key(header) == "progress":  # Qualtrics: per cent done
        try:
            return float(value.rstrip("%")) < 100
        except ValueError:
            return False
    return value in INCOMPLETE


def letter(index: int) -> str:
    """A spreadsheet's name for the column at ``index`` (0 -> A, 26 -> AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def shorten(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."
