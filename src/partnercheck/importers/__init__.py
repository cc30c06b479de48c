"""Answers from where partners already are: survey-tool exports and Excel workbooks.

Pure: a table's rows in (read, within limits and decoded, by
:func:`partnercheck.files.read_table`), each respondent's
:class:`~partnercheck.models.Answers` and notes for the reader out.

- :mod:`.exports`: a response export of Microsoft Forms, Google Forms,
  SurveyMonkey, SmartSurvey or a plain spreadsheet, one row per respondent;
- :mod:`.workbook`: the answers workbook ``template --format xlsx`` makes,
  one respondent's answers, one row per question;
- :mod:`.columns`: how headers and cells are matched to the bank.
"""

from __future__ import annotations

from pathlib import Path

from ..files import TABLE_SUFFIXES, Table, safe_filename
from ..models import Bank
from .exports import Imported, Response, read_rows
from .workbook import is_workbook, read_workbook

__all__ = ["TABLE_SUFFIXES", "Imported", "Response", "answers_files", "is_table", "read_table_responses"]


def is_table(path: object) -> bool:
    """Whether a file is read as a table (an export or workbook), by its extension."""
    return str(path).lower().endswith(TABLE_SUFFIXES)


def read_table_responses(table: Table, bank: Bank, source: str, *, partnership: str | None = None) -> Imported:
    """The responses a table holds: an answers workbook's one, or an export's rows."""
    if is_workbook(table.sheets):
        answers = read_workbook(table.sheets, bank, source, partnership=partnership)
        return Imported([Response(0, answers)], list(table.notes))
    rows = next((rows for rows in table.sheets.values() if any(any(c.strip() for c in r) for r in rows)), [])
    imported = read_rows(rows, bank, source, partnership=partnership)
    imported.notes[:0] = table.notes
    return imported


def answers_files(exports: list[tuple[str, Imported]], bank: Bank, folder: Path) -> dict[Path, str]:
    """An answers file (its path in ``folder`` and its YAML) for each response
    of each export, named after the partnership, the export and the row
    (``northtown-csp-responses-row-2.yaml``): letters, digits and hyphens
    only, so a name read from an export cannot leave the folder."""
    from ..answers import dump_answers

    planned: dict[Path, str] = {}
    for export, imported in exports:
        stem = safe_filename(Path(export).stem, fallback="export")
        for response in imported.responses:
            row = f"-row-{response.row}" if response.row else ""
            base = f"{safe_filename(response.answers.partnership)}-{stem}{row}"
            target, n = folder / f"{base}.yaml", 1
            while target in planned:
                n += 1
                target = folder / f"{base}-{n}.yaml"
            planned[target] = dump_answers(response.answers, bank)
    return planned
