"""Answers from where partners already are: survey-tool exports and Excel workbooks.

A table's rows in (read, within limits and decoded, by
:func:`partnercheck.files.read_table`), each respondent's
:class:`~partnercheck.models.Answers` and notes for the reader out;
:func:`load_responses` reads any file of answers (an answers file, a
workbook or an export), as :func:`partnercheck.answers.load_answers` reads
an answers file.

- :mod:`.exports`: a response export of Microsoft Forms, Google Forms,
  SurveyMonkey, SmartSurvey or a plain spreadsheet, one row per respondent;
- :mod:`.workbook`: the answers workbook ``template --format xlsx`` makes,
  one respondent's answers, one row per question;
- :mod:`.columns`: how headers and cells are matched to the bank.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import TABLE_SUFFIXES, Table, safe_filename
from ..models import Answers, Bank

if TYPE_CHECKING:
    from ..combine import Labelled
    from .exports import Imported, Response

# The readers of tables are imported when a table is read, not by every
# command that reads answers (an answers file needs none of them).


def __getattr__(name: str) -> Any:
    if name in ("Imported", "Response"):
        from . import exports

        return getattr(exports, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["TABLE_SUFFIXES", "Imported", "Response", "answers_files", "is_table", "labelled", "labelled_responses", "load_responses",
           "read_table_file", "read_table_responses"]


def is_table(path: object) -> bool:
    """Whether a file is read as a table (an export or workbook), by its extension."""
    return str(path).lower().endswith(TABLE_SUFFIXES)


def load_responses(path: str | Path, bank: Bank, *, partnership: str | None = None) -> tuple[list[Answers], list[str]]:
    """Every respondent's answers a file holds, and notes for the reader: one
    from an answers file (YAML, JSON) or answers workbook, one per row from a
    survey export (.csv, .tsv, .txt, .xlsx; ``partnership`` for an export
    with no Partnership column)."""
    responses, notes = labelled_responses(path, bank, partnership=partnership)
    return [r.answers for r in responses], notes


def labelled_responses(path: str | Path, bank: Bank, *, partnership: str | None = None) -> tuple[list[Labelled], list[str]]:
    """As :func:`load_responses`, each response with where it came from: the
    file's name, or for an export's row ``FILE row N``, and what says which
    response it is (the shape :func:`partnercheck.combine.each_once` takes)."""
    from ..combine import Labelled
    from ..files import display_name

    name = display_name(path)
    file = None if str(path) == "-" else str(path)
    if file is not None and is_table(path):
        imported = read_table_file(path, bank, partnership=partnership)
        return [labelled(name, file, r) for r in imported.responses], imported.notes
    from ..answers import load_answers

    return [Labelled(name, load_answers(path, bank), file)], []


def labelled(name: str, file: str | None, response: Response) -> Labelled:
    """A response read from a table, labelled ``FILE row N`` (a workbook's one response: ``FILE``)."""
    from ..combine import Labelled

    label = f"{name} row {response.row}" if response.row else name
    return Labelled(label, response.answers, file, response.row, response.marks)


def read_table_file(path: str | Path, bank: Bank, *, partnership: str | None = None):  # type: ignore[no-untyped-def]
    """A survey export or answers workbook, read: its responses with their rows, and notes."""
    from ..answers import own_table, wrong_kind
    from ..files import display_name, read_table

    name, table = display_name(path), read_table(path)
    first = next((rows[0] for rows in table.sheets.values() if rows), [])
    kind = own_table(first, bank)
    if kind is not None:
        raise wrong_kind(name, kind, "answers or a survey export")
    return read_table_responses(table, bank, name, partnership=partnership)


def read_table_responses(table: Table, bank: Bank, source: str, *, partnership: str | None = None) -> Imported:
    """The responses a table holds: an answers workbook's one, or an export's rows."""
    from .exports import Imported, Response, read_rows
    from .workbook import is_workbook, read_workbook

    if is_workbook(table.sheets, bank):
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
