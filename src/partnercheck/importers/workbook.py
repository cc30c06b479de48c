"""The Excel answers workbook: made by ``template --format xlsx``, read back like an answers file.

One row per question: its lesson, its text, a drop-down list of its
options' labels (Excel's data validation, over a hidden sheet of options,
so that labels holding commas are whole), why it matters, a place for a
note, and the question's id.  Above the questions: the partnership's name
and a place for the organisation.  Read back by the headers of its columns
(``Question id``, ``Your answer``, ``Notes``), never by position, so a
partner who moves or adds a column breaks nothing.

openpyxl is imported only here, and only when a workbook is written.
"""

from __future__ import annotations

from ..errors import InputError, Problem
from ..models import Answers, Bank, Statement, validate
from .columns import Questions, fold, letter, shorten, text_key

TITLE = "partnercheck answers workbook"
ID, ANSWER, NOTES, QUESTION = "question id", "your answer", "notes", "question"
HEADERS = ("Lesson", "Question", "Your answer", "Why it matters", "Notes (optional)", "Question id")


def write_template(bank: Bank, *, partnership: str | None = None) -> bytes:
    """An answers workbook to send round, as the bytes of an .xlsx file."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "Answers"
    options = book.create_sheet("Options")
    options.sheet_state = "hidden"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    fill = PatternFill("solid", fgColor="FFF2CC")  # where the partner writes

    sheet["A1"] = TITLE
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = (
        "Write your organisation below, then choose an answer to each question from the list in its "
        "'Your answer' cell. Leave a question blank if you prefer not to answer; 'Don't know' is a real "
        "answer and never counts against the partnership. Notes are optional. Save the workbook and send it back."
    )
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("A2:F2")
    sheet.row_dimensions[2].height = 48
    sheet["A3"] = f"Question bank: {bank.name} {bank.version}"
    fields = (("Partnership", partnership or ""), ("Organisation", ""), ("Date answered (YYYY-MM-DD)", ""))
    for row, (label, value) in enumerate(fields, start=4):
        sheet.cell(row, 1, label).font = bold
        cell = sheet.cell(row, 2, value)
        cell.fill = fill
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    sheet.cell(6, 2).number_format = "yyyy-mm-dd"  # a date typed in is kept as one
    header_row = 8
    for col, text in enumerate(HEADERS, start=1):
        sheet.cell(header_row, col, text).font = bold
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)

    row = header_row
    for n, q in enumerate(bank.questions(), start=1):
        row += 1
        if isinstance(q, Statement):
            heading, labels = bank.lesson(q.lesson).name, [o.label for o in bank.scale(q.scale).options]
        else:
            heading, labels = "Where the partnership sits on the continuum", [o.label for o in q.options]
        options.cell(n, 1, q.id)
        for k, label in enumerate(labels, start=2):
            options.cell(n, k, label)
        values = (heading, q.text, None, q.help, None, q.id)
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row, col, value)
            cell.alignment = wrap
        sheet.cell(row, 3).fill = fill
        sheet.cell(row, 5).fill = fill
        # wrapped lines need a row tall enough to show them (not every program sizes rows itself)
        lines = max(-(-len(q.text) // 56), -(-len(q.help) // 46), -(-len(heading) // 20), 1)
        sheet.row_dimensions[row].height = 15 * lines + 3
        rule = DataValidation(
            type="list",
            formula1=f"Options!$B${n}:${letter(len(labels))}${n}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not one of the answers",
            error="Choose one of the answers in the list, or leave the cell blank.",
            showInputMessage=True,
            promptTitle="Your answer",
            prompt="Choose from the list.",
        )
        sheet.add_data_validation(rule)
        rule.add(sheet.cell(row, 3))
    for col, width in zip("ABCDEF", (22, 60, 28, 50, 30, 34)):
        sheet.column_dimensions[col].width = width
    # printed (or saved as PDF) across the page, the column headings on every page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def is_workbook(sheets: dict[str, list[list[str]]]) -> bool:
    """Whether a workbook is an answers workbook (a row headed 'Question id'
    and 'Your answer'), not a survey export."""
    return _find(sheets) is not None


def _find(sheets: dict[str, list[list[str]]]) -> tuple[str, int, dict[str, int]] | None:
    for name, rows in sheets.items():
        for r, row in enumerate(rows[:50]):
            heads = {text_key(cell): c for c, cell in enumerate(row) if cell.strip()}
            heads = {("notes" if k.startswith("notes") else k): c for k, c in heads.items()}
            if ID in heads and ANSWER in heads:
                return name, r, heads
    return None


def read_workbook(sheets: dict[str, list[list[str]]], bank: Bank, source: str, *, partnership: str | None = None) -> Answers:
    """One respondent's answers from an answers workbook (``partnership``
    for one whose Partnership is blank)."""
    found = _find(sheets)
    if found is None:
        raise InputError(source, [Problem("", "is not an answers workbook (no row headed 'Question id' and 'Your answer')")])
    name, header, heads = found
    rows = sheets[name]
    qs = Questions.of(bank)
    where = f"sheet {name!r}" if name != "Answers" and len(sheets) > 1 else ""

    def at(row: list[str], key: str) -> str:
        c = heads.get(key)
        return row[c].strip() if c is not None and c < len(row) else ""

    fields: dict[str, str] = {}
    for row in rows[:header]:
        label = fold(row[0]).rstrip(" :") if row else ""
        if len(row) >= 2 and (label in ("partnership", "organisation", "organization") or label.startswith("date")):
            key = "partnership" if label.startswith("partnership") else "date" if label.startswith("date") else "organisation"
            fields[key] = next((c.strip() for c in row[1:] if c.strip()), "")
    problems: list[Problem] = []
    # the day it was answered: a date cell reads as 2026-11-23T00:00:00
    date = fields.get("date", "")[:10]
    if date:
        import datetime as dt

        try:
            dt.date.fromisoformat(date)
        except ValueError:
            problems.append(Problem("Date answered", f"{shorten(fields['date'])!r} is not a date: write it as YYYY-MM-DD"))
    answers: dict[str, str] = {}
    notes: dict[str, str] = {}
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        qid_cell = at(row, ID)
        if not qid_cell and not at(row, ANSWER) and not at(row, "notes"):
            continue
        qid = qs.match(qid_cell) or (qs.match(at(row, QUESTION)) if QUESTION in heads else None)
        place = f"{where + ', ' if where else ''}row {number}"
        if qid is None:
            problems.append(Problem(place, f"{shorten(qid_cell)!r} is not a question id of this bank"))
            continue
        if qid in answers or qid in notes:
            problems.append(Problem(place, f"the question {qid!r} is here twice: keep one row"))
            continue
        cell = at(row, ANSWER)
        if cell:
            value = qs.value(qid, cell)
            if value is None:
                problems.append(Problem(
                    f"{place}, column {letter(heads[ANSWER])}",
                    qs.not_an_option(qid, cell),
                ))
            else:
                answers[qid] = value
        note = at(row, "notes")
        if note:
            notes[qid] = note
    if not fields.get("partnership"):
        if partnership:
            fields["partnership"] = partnership
        else:
            problems.append(Problem("Partnership", "is blank: write the partnership's name beside 'Partnership', "
                                                   "or give --partnership NAME"))
    if problems:
        raise InputError(source, problems)
    data = {
        "partnership": fields["partnership"],
        "organisation": fields.get("organisation") or None,
        "date": date or None,
        "answers": answers,
        "notes": notes,
    }
    result = validate(Answers, data, source)
    if not answers:
        raise InputError(source, [Problem("", "no question is answered: choose an answer in the 'Your answer' column")])
    return result
