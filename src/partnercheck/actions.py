"""The action plan: what the board agreed to do, carried from round to round.  Pure.

An action plan starts from an assessment's priorities (:func:`from_result`):
one action per priority, with its lesson, the statements it answers, the
first step as its text, and a lead, due date, status (``open``, ``done``,
``dropped``) and note for the officer to fill in.  It is kept as a plain
YAML file with comments on how to edit it (:func:`dump_yaml`), or as an Excel
workbook with the status as a drop-down (:func:`dump_xlsx`); either is read
back by :func:`load_plan`, validated by pydantic (``history.ActionPlan``) and
checked against the bank: an unknown lesson or statement, a bad date or
status is refused with its place (a line of the YAML file, a row and column
of the workbook), every problem at once.

:func:`review` sets each action beside what moved in its lesson and
statements between the round the plan was made from and the newest one, and
flags what a board should look at: actions overdue (due before the newest
round and neither done nor dropped) and actions marked done whose statements
did not rise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .advice import fill, lesson_words, quoted
from .bands import shown
from .errors import InputError, Problem, single
from .files import MAX_BANK_BYTES, display_name, load_checked
from .messages import did_you_mean
from .history import (
    ACTION_PLAN_KIND,
    ACTION_STATUSES,
    Action,
    ActionPlan,
    ActionReview,
    ActionStatementChange,
)
from .models import Bank, Result, validate
from .tables import ACTION_PLAN_HEADER

# The workbook's columns: (field, heading).  Reading accepts either.
COLUMNS = tuple(zip(("lesson", "statements", "text", "lead", "due", "status", "note"), ACTION_PLAN_HEADER))
# Shown beside the columns for the reader; never read back.
ABOUT_HEADING = "What the statements say"
ACTIONS_SHEET = "Actions"
PLAN_SHEET = "Plan"


# --------------------------------------------------------------------------
# Starting a plan
# --------------------------------------------------------------------------


def from_result(result: Result) -> ActionPlan:
    """An action plan from a result's priorities: one open action each."""
    return ActionPlan(
        partnership=result.partnership,
        date=result.date,
        actions=[
            Action(lesson=p.lesson, statements=list(p.statements), text=" ".join(p.first_step.split()))  # type: ignore[arg-type]
            for p in result.priorities
        ],
    )


# --------------------------------------------------------------------------
# Writing it for the officer
# --------------------------------------------------------------------------


def _scalar(value: Any) -> str:
    from .answers import _scalar as scalar

    return scalar(value)


def dump_yaml(plan: ActionPlan, bank: Bank) -> str:
    """The plan as a YAML file for the officer to edit, with comments on how."""
    from .untrusted import clean  # a comment holds the bank's words, never a control character

    texts = {s.id: clean(s.text) for s in bank.statements}
    lines = [
        "# partnercheck action plan",
        f"# Question bank: {clean(bank.name)} {clean(bank.version)}",
        "#",
        "# One entry under 'actions' for each thing the board agreed to do.  For each,",
        "# write who leads it (lead), when it is due (due: YYYY-MM-DD), its status",
        "# (open, done or dropped) and a note (how we will know, or what happened).",
        "# Reword the text to say what the board agreed.  'lesson' and 'statements'",
        "# tie the action to what the next assessment measures: keep them, or use the",
        "# ids that 'partnercheck questions list' shows.  Copy an entry to add an",
        "# action; set status: dropped rather than deleting one, to keep the record.",
        "# Then, after the next round:",
        "#   partnercheck compare LAST.json NEXT.json --actions this-file.yaml",
        "#   partnercheck trend rounds/ --actions this-file.yaml",
        "",
        f"kind: {ACTION_PLAN_KIND}",
        f"partnership: {_scalar(plan.partnership)}",
        f"date: {plan.date.isoformat() if plan.date else ''}   # the assessment the plan starts from",
        "",
    ]
    if not plan.actions:
        lines += ["actions: []   # no priorities: add the board's own actions here", ""]
        return "\n".join(lines)
    lines.append("actions:")
    for a in plan.actions:
        name = bank.lesson(a.lesson).name if a.lesson in {l.id for l in bank.lessons} else a.lesson
        lines += ["", f"  # == {clean(name)} ==", f"  - lesson: {a.lesson}"]
        if a.statements:
            lines.append("    statements:")
            for sid in a.statements:
                about = " ".join(texts.get(sid, "").split())
                lines.append(f"      - {sid}" + (f"   # {about}" if about else ""))
        else:
            lines.append("    statements: []")
        lines.append(f"    text: {_scalar(a.text)}")
        lines.append(f"    lead: {_scalar(a.lead) if a.lead else ''}" + ("" if a.lead else "      # who leads it"))
        lines.append(f"    due: {a.due.isoformat() if a.due else ''}" + ("" if a.due else "       # YYYY-MM-DD"))
        lines.append(f"    status: {a.status}   # open, done or dropped")
        lines.append(f"    note: {_scalar(a.note) if a.note else ''}" + ("" if a.note else "      # how we will know, or what happened"))
    lines.append("")
    return "\n".join(lines)


def dump_xlsx(plan: ActionPlan, bank: Bank) -> bytes:
    """The plan as an Excel workbook: one row per action, the status a
    drop-down, the due date a date; the partnership on a second sheet."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    texts = {s.id: " ".join(s.text.split()) for s in bank.statements}
    wb = Workbook()
    ws = wb.active
    ws.title = ACTIONS_SHEET
    ws.append([heading for _, heading in COLUMNS] + [ABOUT_HEADING])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for a in plan.actions:
        ws.append([
            a.lesson, "\n".join(a.statements), a.text, a.lead or "", a.due, a.status, a.note or "",
            "\n".join(texts.get(sid, sid) for sid in a.statements),
        ])
    last = max(ws.max_row, 1) + 200  # room for the board's own actions
    status = DataValidation(type="list", formula1='"' + ",".join(ACTION_STATUSES) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="Status", error="Choose open, done or dropped.")
    status.add(f"F2:F{last}")
    lesson = DataValidation(type="list", formula1='"' + ",".join(l.id for l in bank.lessons) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="Lesson", error="Choose one of the lesson ids in the list.")
    lesson.add(f"A2:A{last}")
    due = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                         showErrorMessage=True, errorTitle="Due", error="Write a date.")
    due.add(f"E2:E{last}")
    for v in (status, lesson, due):
        ws.add_data_validation(v)
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=5):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGH", (18, 34, 50, 18, 12, 10, 30, 60)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            _text_only(cell)
    ws.freeze_panes = "A2"

    info = wb.create_sheet(PLAN_SHEET)
    info.append(["kind", ACTION_PLAN_KIND])
    info.append(["partnership", plan.partnership])
    info.append(["date", plan.date])
    info["B3"].number_format = "yyyy-mm-dd"
    _text_only(info["B2"])
    info.append([])
    for line in (
        "How to use this workbook:",
        "One row of the Actions sheet per thing the board agreed to do. Fill in the lead, the due date and",
        "the status (open, done or dropped, from the drop-down), and a note (how we will know, or what happened).",
        "Lesson and Statements tie an action to what the next assessment measures: keep them, or use the ids",
        "that 'partnercheck questions list' shows (one per line). The last column is for reading only.",
        "Then: partnercheck compare LAST.json NEXT.json --actions this-file.xlsx",
    ):
        info.append([line])
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 50
    # The same plan, the same workbook: dated by the assessment, not the clock.
    stamp = dt.datetime.combine(plan.date or dt.date(2000, 1, 1), dt.time())
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "partnercheck"
    wb.properties.title = f"Action plan: {plan.partnership}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text_only(cell: Any) -> None:
    """Text that would start a formula (``=HYPERLINK(...)`` typed as a lead or
    a partnership's name) stays text: openpyxl would write it as a formula."""
    if isinstance(cell.value, str) and cell.data_type == "f":
        cell.data_type = "s"


# --------------------------------------------------------------------------
# Reading it back
# --------------------------------------------------------------------------


def load_plan(path: str | Path, bank: Bank) -> ActionPlan:
    """An action plan from a YAML, JSON or Excel (.xlsx) file, validated and
    checked against the bank; every problem at once, each with its place (its
    line, or its sheet, row and column)."""
    name = display_name(path)
    if str(path).lower().endswith((".xlsx", ".xlsm")):
        data, place = _read_xlsx(path, name)
        return plan_from_data(data, bank, name, place)
    from .answers import parse_or_say

    return load_checked(path, lambda data, source: plan_from_data(data, bank, source), limit=MAX_BANK_BYTES,
                        parse=lambda text, source: parse_or_say(text, source, "an action plan"))


def _words_for(loc: tuple[Any, ...]) -> str:
    """('actions', 2, 'due') -> 'action 3, due' (counted from 1, as people count)."""
    if len(loc) >= 2 and loc[0] == "actions" and isinstance(loc[1], int):
        rest = [str(x + 1) if isinstance(x, int) else str(x) for x in loc[2:]]
        return ", ".join([f"action {loc[1] + 1}", *rest[:1]]) + (f" {rest[1]}" if len(rest) > 1 else "")
    return ".".join(map(str, loc))


def plan_from_data(data: Any, bank: Bank, source: str, place: Any = None) -> ActionPlan:
    """The plan validated by pydantic and its statements checked against the
    bank (a statement an earlier bank asked under another id is moved to its
    id now; one asked now as a continuum question keeps its own id, and a
    review says it cannot be compared).  Each problem keeps its place (``loc``, from which the line of a
    YAML file is found) and says it in words: ``place(loc)`` when given (a
    workbook's row and column), else 'action 3, due'."""
    from .answers import expect_kind

    expect_kind(data, source, "an action plan", "action-plan")
    if not isinstance(data, dict) or "actions" not in data:
        raise single(source, "is not an action plan: it needs 'partnership' and 'actions'",
                     hint="Start one with 'partnercheck actions RESULT.json -o actions.yaml'.")
    problems: list[Problem] = []
    plan = None
    try:
        plan = validate(ActionPlan, data, source)
    except InputError as exc:
        problems += exc.problems
    raw = data.get("actions")
    if isinstance(raw, list):
        problems += _check_statements(raw, bank)
    if problems:
        said = (lambda p: Problem(place(p.loc), p.message)) if place else (lambda p: Problem(_words_for(p.loc), p.message, p.loc))
        raise InputError(source, sorted((said(p) for p in problems), key=_place_order))
    assert plan is not None
    for a in plan.actions:
        a.statements = list(dict.fromkeys(bank.lined_up_as(sid) for sid in a.statements))
    return plan


def _place_order(p: Problem) -> tuple[int, ...]:
    """Problems in the order of the file: by their row in a workbook, by their
    place in a YAML file (whose lines are found later, and sorted by them)."""
    import re

    row = re.search(r"row (\d+)", p.where)
    if row:
        return (int(row.group(1)),)
    return tuple(x if isinstance(x, int) else 0 for x in p.loc)


def _check_statements(raw: Sequence[Any], bank: Bank) -> list[Problem]:
    known = {s.id for s in bank.statements}
    others = {q.id for q in bank.continuum_questions} | ({bank.aspiration.id} if bank.aspiration else set())
    problems = []
    for i, action in enumerate(raw):
        if not isinstance(action, dict):
            continue
        given = action.get("statements")
        given = [given] if isinstance(given, str) else given
        if not isinstance(given, list):
            continue
        for j, sid in enumerate(given):
            if not isinstance(sid, str) or sid in known:
                continue  # not text: the validation says so
            loc = ("actions", i, "statements", j)
            now = bank.current_id(sid)
            if now is None:
                problems.append(Problem("", f"{sid!r} is no longer asked by this question bank; remove it", loc))
            if now != sid:  # nothing asks it any more, or moved to the id that asks it now
                continue
            if sid in others:
                problems.append(Problem("", f"{sid!r} is a continuum question, not a statement; name statements only", loc))
                continue
            hint = did_you_mean(sid, known, otherwise="; see 'partnercheck questions list'")
            problems.append(Problem("", f"unknown statement id {sid!r}{hint}", loc))
    return problems


def _read_xlsx(path: str | Path, name: str) -> tuple[dict[str, Any], Any]:
    """The workbook as the same data a YAML plan holds, and where each field
    is (row and column).  Read as every workbook is (``files.read_table``:
    the archive checked before openpyxl reads it over defusedxml), each
    cell as text."""
    from .files import read_table

    sheets = read_table(path).sheets
    if ACTIONS_SHEET not in sheets:
        raise single(name, f"has no sheet named {ACTIONS_SHEET!r}; start one with 'partnercheck actions RESULT.json --format xlsx'")
    info: dict[str, Any] = {}
    for row in sheets.get(PLAN_SHEET, []):
        if len(row) >= 2 and row[0].strip() in ("kind", "partnership", "date"):
            info[row[0].strip()] = _day(row[1]) or None
    rows = sheets[ACTIONS_SHEET]
    if not rows:
        raise single(name, f"the {ACTIONS_SHEET!r} sheet is empty")
    by_heading = {k.lower(): field for field, heading in COLUMNS for k in (field, heading)}
    columns: dict[str, int] = {}
    for j, heading in enumerate(rows[0]):
        field = by_heading.get(heading.strip().lower())
        if field and field not in columns:
            columns[field] = j
    missing = [heading for field, heading in COLUMNS if field not in columns]
    if missing:
        raise single(name, f"the {ACTIONS_SHEET!r} sheet has no column {', '.join(repr(m) for m in missing)} in its first row")
    actions, row_numbers = [], []
    for number, row in enumerate(rows[1:], start=2):
        values = {field: _day(row[j]) if j < len(row) else "" for field, j in columns.items()}
        if not any(v.strip() for v in values.values()):
            continue
        action: dict[str, Any] = {k: v for k, v in values.items() if v.strip()}
        action["statements"] = values["statements"].replace(",", "\n").split()
        actions.append(action)
        row_numbers.append(number)
    data = {
        "kind": info.get("kind") or ACTION_PLAN_KIND,
        "partnership": info.get("partnership"),
        "date": info.get("date"),
        "actions": actions,
    }
    headings = dict(COLUMNS)

    def place(loc: tuple[Any, ...]) -> str:
        if len(loc) >= 3 and loc[0] == "actions" and isinstance(loc[1], int) and loc[1] < len(row_numbers):
            return f"sheet {ACTIONS_SHEET}, row {row_numbers[loc[1]]}, column {headings.get(loc[2], loc[2])}"
        if len(loc) >= 1 and loc[0] in ("kind", "partnership", "date"):
            return f"sheet {PLAN_SHEET}, {loc[0]}"
        return ".".join(map(str, loc))

    return data, place


def _day(cell: str) -> str:
    """A date cell as its day: a workbook's dates come as '2026-09-30T00:00:00'."""
    return cell[:10] if len(cell) == 19 and cell.endswith("T00:00:00") else cell


# --------------------------------------------------------------------------
# What happened to what the board agreed
# --------------------------------------------------------------------------


def review(plan: ActionPlan, old: Result, new: Result, bank: Bank) -> list[ActionReview]:
    """Each action beside the change in its lesson and statements from
    ``old`` (the round the plan was made from) to ``new`` (the newest), with
    what the board should look at: overdue, or done with nothing moved."""
    t = bank.texts
    old_st = {bank.lined_up_as(s.id): s for s in old.statements}
    new_st = {bank.lined_up_as(s.id): s for s in new.statements}
    known = {s.id: s.text for s in bank.statements}
    # the plan was made on the newest round (or after it): nothing can show yet what it did
    no_round_since = old is new or (plan.date is not None and new.date is not None and plan.date >= new.date)
    out = []
    for a in plan.actions:
        ol, nl = old.lessons.get(a.lesson), new.lessons.get(a.lesson)
        lesson_name = nl.name if nl else (bank.lesson(a.lesson).name if a.lesson in {l.id for l in bank.lessons} else a.lesson)
        o_score, n_score = (ol.score if ol else None), (nl.score if nl else None)
        changes = []
        for sid in a.statements:
            o, n = old_st.get(sid), new_st.get(sid)
            os_, ns_ = (o.score if o else None), (n.score if n else None)
            changes.append(ActionStatementChange(
                id=sid, text=n.text if n else (o.text if o else known.get(sid, sid)), old=os_, new=ns_,
                change=round(ns_ - os_, 1) if os_ is not None and ns_ is not None else None,
            ))
        flags = []
        for c in changes:
            if bank.moved_out(c.id) and c.change is None and (c.old is not None or c.new is not None):
                flags.append(fill(t.statement_moved_out, statement=quoted(t, c.text)))
        overdue = a.status == "open" and a.due is not None and new.date is not None and a.due < new.date
        if overdue:
            flags.append(fill(t.action_overdue, due=a.due.isoformat(), date=new.date.isoformat()))  # type: ignore[union-attr]
        unmoved = False
        if a.status == "done" and no_round_since:
            flags.append(fill(t.action_no_round_since))
        elif a.status == "done":
            measured = [c for c in changes if c.change is not None]
            if not changes:  # no statement named: the lesson is the measure
                lesson_change = shown(n_score) - shown(o_score) if o_score is not None and n_score is not None else None
                if lesson_change is None:
                    flags.append(fill(t.action_cannot_tell))
                elif lesson_change <= 0:
                    unmoved = True
                    flags.append(fill(t.action_unmoved_lesson, **lesson_words(bank, [(a.lesson, lesson_name)], "lesson"), old=shown(o_score), new=shown(n_score)))  # type: ignore[arg-type]
            elif not measured:
                flags.append(fill(t.action_cannot_tell))
            elif not any(shown(c.new) > shown(c.old) for c in measured):  # type: ignore[arg-type]
                unmoved = True
                flags.append(fill(t.action_unmoved))
        out.append(ActionReview(
            lesson=a.lesson, lesson_name=lesson_name, text=a.text, lead=a.lead, due=a.due, status=a.status, note=a.note,
            old=o_score, new=n_score,
            change=round(n_score - o_score, 1) if o_score is not None and n_score is not None else None,
            statements=changes, overdue=overdue, unmoved=unmoved, flags=flags,
        ))
    return out


def baseline(plan: ActionPlan, rounds: Sequence[Result]) -> Result:
    """The round a plan was made from: the one of its date, else the latest
    before it, else the first (rounds oldest first)."""
    if plan.date is not None:
        before = [r for r in rounds if r.date is not None and r.date <= plan.date]
        if before:
            return before[-1]
    return rounds[0]
