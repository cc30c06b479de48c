"""A survey tool's response export: rows in, one respondent's answers per row out.

Layouts read:

- one header row (Microsoft Forms, Google Forms, a plain spreadsheet);
- two header rows (SurveyMonkey): the question in the first, blank over the
  later columns of a grid, and the grid's statement or ``Response`` in the
  second;
- Google's grid headers, ``Question [Row]``.

Pure: rows of text in, :class:`~partnercheck.models.Answers` and notes out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError, Problem
from ..messages import counted, did_you_mean
from ..models import Answers, Bank, validate
from .columns import (
    RESPONSE,
    RESPONSE_IDS,
    STATUS,
    TIMES,
    WHEN,
    Questions,
    date_of,
    fold,
    is_incomplete,
    is_metadata,
    letter,
    role,
    row_mark,
    shorten,
    tags,
    text_key,
    untagged,
)

# Past this many, cell problems are counted, not listed.
MAX_LISTED = 40


@dataclass
class Response:
    """One row's answers, and the row it came from (as the spreadsheet numbers it)."""

    row: int
    answers: Answers
    # what the export says of which response this is (its id and times, hashed): see columns.row_mark
    marks: tuple[str, ...] = ()


@dataclass
class Imported:
    responses: list[Response] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Columns:
    questions: dict[int, str] = field(default_factory=dict)  # column -> question id
    partnership: int | None = None
    organisation: int | None = None
    status: list[tuple[int, str]] = field(default_factory=list)  # (column, header)
    when: int | None = None  # the column saying when the response was finished
    identity: list[int] = field(default_factory=list)  # response id and time columns (see columns.row_mark)
    headers: dict[int, str] = field(default_factory=dict)  # column -> its header, as shown
    free_text: list[int] = field(default_factory=list)  # comments columns: never read


def read_rows(
    rows: list[list[str]], bank: Bank, source: str, *, partnership: str | None = None
) -> Imported:
    """Each respondent's answers from an export's rows (header rows first)."""
    qs = Questions.of(bank)
    rows = _trim(rows)
    if not rows:
        raise InputError(source, [Problem("", "holds no rows: is it the export of the survey's responses?")])
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    two = len(rows) > 1 and _second_header(rows[1], qs)
    first_data = 2 if two else 1
    problems: list[Problem] = []
    columns = _columns(rows, two, qs, problems)
    if not columns.questions and not problems:
        problems.append(Problem("", "no column is headed by a question: head each question's column with its text "
                                    "or its [id] (see 'partnercheck questions list')"))
    unnamed = columns.partnership is None and not partnership
    if unnamed:
        problems.append(Problem("", "has no Partnership column: give the partnership's name with --partnership NAME, "
                                    "or add a column headed Partnership"))

    # the rows are read even when the header is wrong, so that every problem is said at once
    out = Imported()
    incomplete = empty = 0
    cell_problems: list[Problem] = []
    for number, row in enumerate(rows[first_data:], start=first_data + 1):
        if not any(cell.strip() for cell in row):
            continue
        if any(is_incomplete(header, row[c]) for c, header in columns.status):
            incomplete += 1
            continue
        answers: dict[str, str] = {}
        for c, qid in columns.questions.items():
            cell = row[c].strip()
            if not cell:
                continue
            value = qs.value(qid, cell)
            if value is None:
                cell_problems.append(Problem(
                    f"row {number}, column {letter(c)} ({shorten(columns.headers[c], 40)!r})",
                    qs.not_an_option(qid, cell),
                ))
                continue
            answers[qid] = value
        name = row[columns.partnership].strip() if columns.partnership is not None else ""
        if not answers:
            empty += 1
            continue
        if unnamed or problems:
            continue
        if not (name or partnership):
            cell_problems.append(Problem(
                f"row {number}, column {letter(columns.partnership or 0)}",
                "no partnership: fill in the Partnership column, or give --partnership NAME",
            ))
            continue
        organisation = row[columns.organisation].strip() if columns.organisation is not None else ""
        data = {"partnership": name or partnership, "organisation": organisation or None, "answers": answers}
        when = date_of(row[columns.when]) if columns.when is not None else None
        if when is not None:
            data["date"] = when
        try:
            mark = row_mark([(columns.headers[c], row[c]) for c in columns.identity])
            out.responses.append(Response(number, validate(Answers, data, f"{source} row {number}"), (mark,) if mark else ()))
        except InputError as exc:
            cell_problems.extend(Problem(f"row {number}, {p.where}", p.message) for p in exc.problems)
    if problems or cell_problems:
        listed = cell_problems[:MAX_LISTED]
        if len(cell_problems) > MAX_LISTED:
            listed.append(Problem("", f"and {counted(len(cell_problems) - MAX_LISTED, 'more problem')} like these"))
        raise InputError(source, problems + listed)
    for c in columns.free_text:
        out.notes.append(f"{source}: column {letter(c)} ({shorten(columns.headers[c])!r}) not read: free text, "
                         "not a question's answers (comments are kept out of answers files and reports)")
    if incomplete:
        where = ", ".join(repr(h) for _, h in columns.status)
        out.notes.append(f"{source}: left out {counted(incomplete, 'response')} marked incomplete (column {where})")
    if empty:
        out.notes.append(f"{source}: left out {counted(empty, 'row')} that answer{'s' if empty == 1 else ''} no question")
    unasked = [qid for qid in qs.shown if qid not in columns.questions.values()]
    if unasked:
        out.notes.append(
            f"{source}: {counted(len(unasked), 'question')} {'has' if len(unasked) == 1 else 'have'} no column, so no answer: "
            + ", ".join(unasked[:5]) + (", ..." if len(unasked) > 5 else "")
        )
    if not out.responses:
        raise InputError(source, [Problem("", "holds no response that answers a question")])
    return out


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Rows without trailing blank cells, and without blank rows at the end."""
    out = []
    for row in rows:
        cells = [c if isinstance(c, str) else str(c) for c in row]
        while cells and not cells[-1].strip():
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    while out and not out[0]:  # blank rows above the header
        out.pop(0)
    return out


def _second_header(row: list[str], qs: Questions) -> bool:
    """Whether the second row is a second header row (SurveyMonkey's), not a response."""
    return any(fold(cell) in RESPONSE or (cell.strip() and qs.match(cell)) for cell in row)


def _columns(rows: list[list[str]], two: bool, qs: Questions, problems: list[Problem]) -> _Columns:
    cols = _Columns()
    seen: dict[str, int] = {}
    above = ""  # SurveyMonkey leaves the question blank over a grid's later columns
    first_data = 2 if two else 1
    for c, top in enumerate(rows[0]):
        top = top.strip()
        sub = rows[1][c].strip() if two else ""
        if top:
            above = top
        elif sub:
            top = above
        header = f"{top} / {sub}" if sub and fold(sub) not in RESPONSE else top
        cols.headers[c] = header
        if not header:
            if any(r[c].strip() for r in rows[first_data:]):
                problems.append(Problem(f"column {letter(c)}", "has answers but no header: head it with its question's text or [id]"))
            continue
        plain = not sub or fold(sub) in RESPONSE  # a question of its own, not a grid's row
        which = role(top) if plain else None
        if _take(cols, c, which):
            continue
        if which is not None:  # a second column headed as the partnership's (or organisation's)
            first = cols.partnership if which == "partnership" else cols.organisation
            problems.append(Problem(
                f"columns {letter(first)} and {letter(c)}",  # type: ignore[arg-type]
                f"the {which.capitalize()} column is repeated ({shorten(cols.headers[first])!r} and "  # type: ignore[index]
                f"{shorten(top)!r}): keep one",
            ))
            continue
        if sub and fold(sub) not in RESPONSE:
            qid = qs.match(sub)
            named = sub
        else:
            qid = qs.match(top)
            named = top
        if qid is not None:
            if qid in seen:
                problems.append(Problem(
                    f"columns {letter(seen[qid])} and {letter(c)}",
                    f"both are the question {qid!r} ({shorten(qs.shown[qid])!r}): keep one",
                ))
            else:
                seen[qid] = c
                cols.questions[c] = qid
            continue
        if text_key(named) in STATUS or text_key(top) in STATUS:
            cols.status.append((c, named))
            continue
        loose = role(top, loose=True) if plain else None
        # a column headed exactly 'Partnership' (or 'Organisation') further on is that column, not this one
        if loose and not any(role(h) == loose for h in rows[0][c + 1 :]) and _take(cols, c, loose):
            continue
        if is_metadata(top) and (not sub or fold(sub) in RESPONSE or not two):
            if cols.when is None and text_key(top) in WHEN:
                cols.when = c
            if text_key(top) in RESPONSE_IDS or text_key(top) in TIMES:
                cols.identity.append(c)
            continue
        hint = _nearest(named, qs)
        if not hint and _free_text(rows, c, first_data, qs):
            cols.free_text.append(c)  # 'Any other comments?': read for nothing, never copied anywhere
            continue
        problems.append(Problem(f"column {letter(c)} ({shorten(named)!r})", "matches no question" + (hint or _UNKNOWN)))
    return cols


def _free_text(rows: list[list[str]], c: int, first_data: int, qs: Questions) -> bool:
    """Whether column ``c`` holds free text (comments), not a question's
    answers: fewer than half its filled cells name an option of any question.
    A column of scale labels under a header no question matches is a question
    wrongly headed, and is refused instead."""
    cells = [cell for r in rows[first_data:] if (cell := r[c].strip())]
    return 2 * sum(qs.is_option(cell) for cell in cells) < len(cells) or not cells


def _take(cols: _Columns, c: int, which: str | None) -> bool:
    """Take column ``c`` as the partnership's or organisation's, unless one is already."""
    if which == "partnership" and cols.partnership is None:
        cols.partnership = c
        return True
    if which == "organisation" and cols.organisation is None:
        cols.organisation = c
        return True
    return False


_UNKNOWN = "; head it with a question's text or [id] (see 'partnercheck questions list'), or delete the column"


def _nearest(header: str, qs: Questions) -> str:
    """'; did you mean ...?' with the nearest question's text (or id, for an
    [id] tag); '' when no question is near (a header that is no slip)."""
    for tag in tags(header):
        hint = did_you_mean(tag.strip(), qs.shown)
        if hint:
            return hint
    return did_you_mean(" ".join(untagged(header).split()), qs.shown.values())
