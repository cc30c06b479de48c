"""The Excel answers workbook: made by ``template --format xlsx``, read back like an answers file.

One row per question: its lesson, its text, a drop-down list of its
options' labels (Excel's data validation, over a hidden sheet of options,
so that labels holding commas are whole), why it matters, a place for a
note, and the question's id.  Above the questions: the partnership's name
and a place for the organisation.  Every word a partner sees is the bank's
(``texts.workbook_*``), and the workbook is read back by those words: the
headers of its columns (``Question id``, ``Your answer``, ``Notes``), never
by position, so a partner who moves or adds a column breaks nothing.

openpyxl is imported only here, and only when a workbook is written.
"""

from __future__ import annotations

import re

from ..advice import fill
from ..errors import InputError, Problem
from ..models import Answers, Bank, Statement, Texts, validate
from .columns import Questions, letter, shorten, text_key

# Characters Excel refuses in a sheet's name, and its longest name.
_NOT_IN_SHEET_NAME = re.compile(r"[\\/?*\[\]:]")
_SHEET_NAME_MAX = 31


def headers(t: Texts) -> tuple[str, ...]:
    """The columns' headings, in order: lesson, question, answer, why it matters, notes, id."""
    return (t.column_lesson, t.form_column_question, t.workbook_column_answer, t.workbook_column_help,
            t.workbook_column_notes, t.workbook_column_id)


def _key(text: str) -> str:
    """A heading or label as the workbook is read back by it: folded, a
    bracketed tail ("(optional)", "(YYYY-MM-DD)") and a final colon left out."""
    return text_key(re.sub(r"\([^()]*\)", " ", text))


def _label(text: str) -> str:
    """A field's label as a message names it: without its bracketed tail."""
    return " ".join(re.sub(r"\([^()]*\)", " ", text).split()).rstrip(" :")


def sheet_name(text: str, fallback: str) -> str:
    """A bank's word as the name of a sheet, as Excel allows it."""
    name = " ".join(_NOT_IN_SHEET_NAME.sub(" ", text).split())[:_SHEET_NAME_MAX].strip("' ")
    return name or fallback


def write_template(bank: Bank, *, partnership: str | None = None) -> bytes:
    """An answers workbook to send round, as the bytes of an .xlsx file."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    t = bank.texts
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name(t.workbook_sheet_answers, "Answers")
    options = book.create_sheet(sheet_name(t.workbook_sheet_options, "Options"))
    if options.title == sheet.title:  # a bank that gives both sheets one name
        options.title = f"{options.title[:_SHEET_NAME_MAX - 2]} 2"
    options.sheet_state = "hidden"
    source = "'" + options.title.replace("'", "''") + "'"  # the options' sheet, as a formula names it
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    to_write = PatternFill("solid", fgColor="FFF2CC")  # where the partner writes

    sheet["A1"] = fill(t.workbook_title)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = fill(t.workbook_intro, answer=t.workbook_column_answer)
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("A2:F2")
    sheet.row_dimensions[2].height = 48
    sheet["A3"] = fill(t.workbook_bank, bank=bank.name, version=bank.version)
    fields = ((t.form_partnership, partnership or ""), (t.form_organisation, ""), (t.workbook_date, ""))
    for row, (label, value) in enumerate(fields, start=4):
        sheet.cell(row, 1, label).font = bold
        cell = sheet.cell(row, 2, value)
        cell.fill = to_write
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    sheet.cell(6, 2).number_format = "yyyy-mm-dd"  # a date typed in is kept as one
    header_row = 8
    for col, text in enumerate(headers(t), start=1):
        sheet.cell(header_row, col, text).font = bold
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)

    row = header_row
    for n, q in enumerate(bank.questions(), start=1):
        row += 1
        if isinstance(q, Statement):
            heading, labels = bank.lesson(q.lesson).name, [o.label for o in bank.scale(q.scale).options]
        else:
            heading, labels = t.form_continuum, [o.label for o in q.options]
        options.cell(n, 1, q.id)
        for k, label in enumerate(labels, start=2):
            options.cell(n, k, label)
        values = (heading, q.text, None, q.help, None, q.id)
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row, col, value)
            cell.alignment = wrap
        sheet.cell(row, 3).fill = to_write
        sheet.cell(row, 5).fill = to_write
        # wrapped lines need a row tall enough to show them (not every program sizes rows itself)
        lines = max(-(-len(q.text) // 56), -(-len(q.help) // 46), -(-len(heading) // 20), 1)
        sheet.row_dimensions[row].height = 15 * lines + 3
        rule = DataValidation(
            type="list",
            formula1=f"{source}!$B${n}:${letter(len(labels))}${n}",
            allow_blank=True,
            showErrorMessage=True,
            # (Excel's limits: 32 characters for a title, 255 for a message)
            errorTitle=fill(t.workbook_not_an_answer_title)[:32],
            error=fill(t.workbook_not_an_answer)[:255],
            showInputMessage=True,
            promptTitle=fill(t.workbook_column_answer)[:32],
            prompt=fill(t.workbook_choose)[:255],
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


def is_workbook(sheets: dict[str, list[list[str]]], bank: Bank) -> bool:
    """Whether a workbook is an answers workbook (a row headed 'Question id'
    and 'Your answer', in the bank's words), not a survey export."""
    return _find(sheets, bank.texts) is not None


def _find(sheets: dict[str, list[list[str]]], t: Texts) -> tuple[str, int, dict[str, int]] | None:
    ID, ANSWER, NOTES = _key(t.workbook_column_id), _key(t.workbook_column_answer), _key(t.workbook_column_notes)
    for name, rows in sheets.items():
        for r, row in enumerate(rows[:50]):
            heads = {_key(cell): c for c, cell in enumerate(row) if cell.strip()}
            heads = {(NOTES if NOTES and k.startswith(NOTES) else k): c for k, c in heads.items()}
            if ID in heads and ANSWER in heads:
                return name, r, heads
    return None


def read_workbook(sheets: dict[str, list[list[str]]], bank: Bank, source: str, *, partnership: str | None = None) -> Answers:
    """One respondent's answers from an answers workbook (``partnership``
    for one whose Partnership is blank)."""
    t = bank.texts
    found = _find(sheets, t)
    if found is None:
        raise InputError(source, [Problem("", f"is not an answers workbook (no row headed {t.workbook_column_id!r} and {t.workbook_column_answer!r})")])
    name, header, heads = found
    ID, ANSWER, NOTES, QUESTION = (_key(x) for x in (t.workbook_column_id, t.workbook_column_answer, t.workbook_column_notes, t.form_column_question))
    rows = sheets[name]
    qs = Questions.of(bank)
    where = f"sheet {name!r}" if name != sheet_name(t.workbook_sheet_answers, "Answers") and len(sheets) > 1 else ""

    def at(row: list[str], key: str) -> str:
        c = heads.get(key)
        return row[c].strip() if c is not None and c < len(row) else ""

    # the fields above the questions, by their labels in the bank's words
    labels = {_key(t.form_partnership): "partnership", _key(t.form_organisation): "organisation", _key(t.workbook_date): "date"}
    fields: dict[str, str] = {}
    for row in rows[:header]:
        key = labels.get(_key(row[0])) if row else None
        if key is not None and len(row) >= 2:
            fields[key] = next((c.strip() for c in row[1:] if c.strip()), "")
    problems: list[Problem] = []
    # the day it was answered: a date cell reads as 2026-11-23T00:00:00
    date = fields.get("date", "")[:10]
    if date:
        import datetime as dt

        try:
            dt.date.fromisoformat(date)
        except ValueError:
            problems.append(Problem(_label(t.workbook_date), f"{shorten(fields['date'])!r} is not a date: write it as YYYY-MM-DD"))
    answers: dict[str, str] = {}
    notes: dict[str, str] = {}
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        qid_cell = at(row, ID)
        if not qid_cell and not at(row, ANSWER) and not at(row, NOTES):
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
        note = at(row, NOTES)
        if note:
            notes[qid] = note
    if not fields.get("partnership"):
        if partnership:
            fields["partnership"] = partnership
        else:
            problems.append(Problem(t.form_partnership, f"is blank: write the partnership's name beside {t.form_partnership!r}, "
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
        raise InputError(source, [Problem("", f"no question is answered: choose an answer in the {t.workbook_column_answer!r} column")])
    return result
