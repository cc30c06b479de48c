"""The first columns of the tables partnercheck writes, defined once.

The writers (batch's summary.csv and scores.csv, ``store scores``,
``benchmark --format csv``, the action plan's workbook) head their tables
with these, and the readers tell those tables from survey exports by them (:data:`partnercheck.answers.OWN_TABLES`).
The questions' form (``questions export --format csv``) is headed in the
bank's words instead: :func:`form_header`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Texts

# batch's summary.csv: these, then each lesson's score and band, then SUMMARY_TAIL
SUMMARY_HEADER = ("partnership", "report", "respondents", "score", "band")
SUMMARY_TAIL = ("option", "ready_for", "aims_for", "warnings")

# batch's scores.csv and 'store scores': one row per partnership, round and lesson
SCORES_HEADER = ("partnership", "round_date", "bank_version", "lesson", "lesson_name", "score", "band")

# benchmark --format csv: one row per group, partnership and lesson
BENCHMARK_HEADER = ("group_by", "group", "partnership", "round_date", "lesson", "score", "quarter",
                    "partnerships", "lower_quartile", "median", "upper_quartile")

# actions -o FILE.xlsx: the Actions sheet, one row per action (then a column for reading only)
ACTION_PLAN_HEADER = ("Lesson", "Statements", "Action", "Lead", "Due", "Status", "Note")


def form_header(texts: Texts) -> list[str]:
    """The columns of the form as a table (its first three tell it from a
    survey export: answers.own_table)."""
    return [texts.form_column_section, texts.form_column_id, texts.form_column_question,
            texts.form_column_type, texts.form_column_options, texts.form_column_help]
