"""Answers files: load and check them against a bank; write templates and drafts.

An answers file (YAML or JSON)::

    partnership: Northtown Community Safety Partnership
    respondent: A. Officer          # optional
    organisation: Northtown Council # optional
    date: 2026-11-01                # optional
    answers:
      trust.conflict-raised: agree
      continuum.problem: together
    notes:                          # optional
      trust.conflict-raised: Better since the away day.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from .errors import InputError, Problem, single
from .files import display_name, load_data
from .messages import did_you_mean
from .models import Answers, Bank, Statement, validate


def load_answers(path: str | Path, bank: Bank, *, draft: bool = False) -> Answers:
    """Read an answers file and check every answer against the bank (a
    ``draft`` to resume may hold no answer yet)."""
    name = display_name(path)
    data = load_data(path)
    return answers_from_data(data, bank, name, draft=draft)


def answers_from_data(data: Any, bank: Bank, source: str, *, draft: bool = False) -> Answers:
    """The answers validated by pydantic, each answer checked against the bank
    (answers to questions of an earlier bank moved to their ids now)."""
    if not isinstance(data, dict):
        raise single(
            source,
            "an answers file must be a mapping with 'partnership' and 'answers'",
            hint="Run 'partnercheck template -o answers.yaml' for a file to fill in.",
        )
    if data.get("kind") in ("assessment", "comparison") and "answers" not in data:
        # say what the file is, not a list of unknown fields
        raise single(source, f"is a saved {data['kind']} (made with --format json), not an answers file: "
                             "render it again with 'partnercheck report FILE'")
    data = upgrade(data, bank)
    problems: list[Problem] = []
    try:
        answers = validate(Answers, data, source)
    except InputError as exc:
        problems = exc.problems
    # The answers are checked even when the header is wrong, so that every
    # problem is listed at once.
    raw = data.get("answers")
    if isinstance(raw, dict):
        problems.extend(check_answers(raw, bank, data.get("notes")))
    if not draft and not problems and not (isinstance(raw, dict) and any(v is not None for v in raw.values())):
        problems.append(Problem("answers", NO_ANSWERS))
    if problems:
        raise InputError(source, problems)
    return answers


NO_ANSWERS = (
    "no question is answered: give at least one answer (see 'partnercheck questions list'), "
    "or run 'partnercheck assess' to answer the questionnaire"
)


def upgrade(data: dict[str, Any], bank: Bank) -> dict[str, Any]:
    """Answers (and notes) given to questions an earlier bank asked under
    another id, moved to the id that asks it now (``renamed`` in the bank);
    answers to questions nothing asks any more are left out.  An answer
    already given under the new id wins."""
    if not bank.renamed:
        return data
    out = dict(data)
    for field in ("answers", "notes"):
        given = data.get(field)
        if not isinstance(given, dict) or not any(k in bank.renamed for k in given):
            continue
        moved: dict[Any, Any] = {}
        for key, value in given.items():
            if key in bank.renamed:
                new = bank.renamed[key]
                if new is not None and new not in given:
                    moved[new] = value
            else:
                moved[key] = value
        out[field] = moved
    return out


def check_answers(raw: dict[Any, Any], bank: Bank, notes: Any = None) -> list[Problem]:
    """The one check of an answers file's answers: known question ids, values among the options."""
    problems: list[Problem] = []
    questions = bank.codes()
    for qid, value in raw.items():
        values = questions.get(qid) if isinstance(qid, str) else None
        if values is None:
            hint = did_you_mean(qid, questions, otherwise="; see 'partnercheck questions list'")
            problems.append(Problem(f"answers.{qid}", f"unknown question id{hint}"))
            continue
        if value is None:
            continue
        if not isinstance(value, str) or value not in values:
            problems.append(
                Problem(f"answers.{qid}", f"{value!r} is not an option; use one of: {', '.join(values)}")
            )
    if isinstance(notes, dict):
        for qid in notes:
            # a key that is not text is reported by the validation of 'notes'
            if isinstance(qid, str) and qid not in questions:
                problems.append(Problem(f"notes.{qid}", "note for an unknown question id" + did_you_mean(qid, questions)))
    return problems


# --------------------------------------------------------------------------
# Writing answers files
# --------------------------------------------------------------------------


def _scalar(value: Any) -> str:
    """A YAML scalar that reads back as the same string."""
    import json

    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    # JSON leaves DEL, C1 controls, line/paragraph separators
    # and U+FFFE/U+FFFF unescaped; YAML refuses or folds them, so escape them.
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(str(value), ensure_ascii=False))


_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _comment(text: str) -> str:
    return " ".join(text.split())


def template(bank: Bank, *, partnership: str | None = None) -> str:
    """An answers file to email round: every question as a comment with its options."""
    lines = [
        "# partnercheck answers file",
        f"# Question bank: {bank.name} {bank.version}",
        "#",
        "# Fill in the partnership's name, then answer each question by writing one",
        "# of the values listed above it after the colon.  Leave a question blank if",
        "# you prefer not to answer; 'dont-know' is a real answer and never counts",
        "# against the partnership.  Notes are optional.",
        "# Then: partnercheck assess --answers this-file.yaml",
        "",
        f"partnership: {_scalar(partnership) if partnership else _scalar('')}",
        "respondent:     # optional: your name (never shown in a combined report)",
        "organisation:   # optional: your organisation",
        f"date: {dt.date.today().isoformat()}",
        "",
        "answers:",
    ]
    current = None
    for q in bank.questions():
        if isinstance(q, Statement):
            heading = bank.lesson(q.lesson).name
            options = bank.scale(q.scale).options
        else:
            heading = "Where the partnership sits on the continuum"
            options = q.options  # type: ignore[assignment]
        if heading != current:
            lines += ["", f"  # == {heading} =="]
            current = heading
        lines.append("")
        lines.append(f"  # {_comment(q.text)}")
        lines.append(f"  #   why: {_comment(q.help)}")
        lines.append("  #   " + " | ".join(f"{o.value} ({o.label})" if o.label.lower() != o.value.replace('-', ' ') else o.value for o in options))
        lines.append(f"  {q.id}:")
    lines += [
        "",
        "# Optional notes, one per question id, for example:",
        "#   trust.conflict-raised: Better since the away day.",
        "notes: {}",
        "",
    ]
    return "\n".join(lines)


def dump_answers(answers: Answers, bank: Bank) -> str:
    """Answers as YAML, in bank order, readable and loadable again."""
    lines = [f"partnership: {_scalar(answers.partnership)}"]
    if answers.respondent:
        lines.append(f"respondent: {_scalar(answers.respondent)}")
    if answers.organisation:
        lines.append(f"organisation: {_scalar(answers.organisation)}")
    if answers.date:
        lines.append(f"date: {answers.date.isoformat()}")
    lines.append("answers:")
    given = answers.answers
    for q in bank.questions():
        if q.id in given and given[q.id] is not None:
            lines.append(f"  {q.id}: {given[q.id]}")
    if len(lines) and lines[-1] == "answers:":
        lines[-1] = "answers: {}"
    notes = {k: v for k, v in answers.notes.items() if v.strip()}
    if notes:
        lines.append("notes:")
        for qid, text in notes.items():
            lines.append(f"  {qid}: {_scalar(text)}")
    return "\n".join(lines) + "\n"
