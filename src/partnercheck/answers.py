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

from .errors import InputError, Problem, WrongKind, single
from .files import load_checked, load_data, parse
from .messages import did_you_mean, nearest
from .models import Answers, Bank, Statement, validate
from .tables import ACTION_PLAN_HEADER, BENCHMARK_HEADER, SCORES_HEADER, SUMMARY_HEADER, form_header
from .untrusted import BIDI, clean


def holds_work(path: str | Path) -> bool:
    """Whether replacing the file at ``path`` could lose someone's work: true
    for any file but an empty one or an answers file with no answer and no
    note given (a blank template), and for one that cannot be read as such."""
    p = Path(path)
    if not p.is_file() or p.stat().st_size == 0:
        return False
    if p.suffix.lower() not in (".yaml", ".yml", ".json"):
        return True
    try:
        data = load_data(p)
    except InputError:
        return True  # perhaps answers with a slip in them
    if not isinstance(data, dict):
        return True
    given = [data.get("answers"), data.get("notes")]
    return not all(g is None or (isinstance(g, dict) and all(v in (None, "") for v in g.values())) for g in given)


def load_answers(path: str | Path, bank: Bank, *, draft: bool = False) -> Answers:
    """Read an answers file and check every answer against the bank (a
    ``draft`` to resume may hold no answer yet)."""
    return load_checked(path, lambda data, name: answers_from_data(data, bank, name, draft=draft),
                        parse=lambda text, name: parse_or_say(text, name, "an answers file"))


def parse_or_say(text: str, name: str, wanted: str) -> Any:
    """``text`` parsed; when it is not YAML or JSON but one of partnercheck's
    reports (Markdown, HTML) or a batch's summary.csv, the error says so."""
    try:
        data = parse(text, name)
    except InputError as exc:
        kind = text_kind(text)
        if kind is not None:  # said instead of a hint on mending YAML, which it is not
            what, reader = KINDS[kind]
            exc.hint = f"It looks like {what}, not {wanted}: {reader}."
            exc.args = (exc.describe(),)
        raise
    if not isinstance(data, dict):  # text that happens to parse (a line of CSV is a string)
        kind = text_kind(text)
        if kind is not None:
            raise wrong_kind(name, kind, wanted)
    return data


def text_kind(text: str) -> str | None:
    """Which of partnercheck's text outputs ``text`` looks like (only asked
    of text that is not YAML or JSON)."""
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if head.startswith(",".join(SUMMARY_HEADER[:3]) + ","):
        return "csv"
    lines = text.splitlines()
    if lines and lines[0].startswith("# ") and any(l.startswith(("## ", "| ")) for l in lines[1:200]):
        return "markdown"
    return None


# partnercheck's own tables, told by their first three column names (as their
# writers head them): never read as a survey export (a batch writes them beside
# the answers it read).
OWN_TABLES = {
    SUMMARY_HEADER[:3]: "csv",  # batch's summary.csv
    SCORES_HEADER[:3]: "scores",  # batch's (or store scores') scores.csv
    BENCHMARK_HEADER[:3]: "benchmark",  # benchmark --format csv
    tuple(c.lower() for c in ACTION_PLAN_HEADER[:3]): "action-plan",  # actions -o plan.xlsx
}


def own_table(first_row: list[str], bank: Bank) -> str | None:
    """Which of partnercheck's own tables (a key of KINDS) a table whose first
    row is ``first_row`` is: one of OWN_TABLES, or the questions' form
    (questions export --format csv), headed in the bank's words; None for
    any other table."""
    own = {**OWN_TABLES, tuple(c.lower() for c in form_header(bank.texts)[:3]): "questions"}
    return own.get(tuple(cell.strip().lower() for cell in first_row[:3]))


def answers_from_data(data: Any, bank: Bank, source: str, *, draft: bool = False) -> Answers:
    """The answers validated by pydantic, each answer checked against the bank
    (answers to questions of an earlier bank moved to their ids now)."""
    if not isinstance(data, dict):
        raise single(
            source,
            "an answers file must be a mapping with 'partnership' and 'answers'",
            hint="Run 'partnercheck template -o answers.yaml' for a file to fill in.",
        )
    # say what the file is, not a list of unknown fields
    expect_kind(data, source, "an answers file", "answers")
    data = with_values(upgrade(data, bank), bank)
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
        problems.append(Problem("answers", NO_ANSWERS, ("answers",)))
    if problems:
        raise InputError(source, problems)
    return answers


# What partnercheck's files are, and which command reads each: said when a
# file of one kind is given where another is read.
KINDS = {
    "answers": ("an answers file", "'partnercheck assess --answers FILE' assesses it "
                "(add --format json -o result.json to keep the result), 'partnercheck combine' "
                "combines several"),
    "assessment": ("a saved assessment (a result written with --format json)", "'partnercheck report FILE' "
                   "renders it again and 'partnercheck compare' compares it with another round"),
    "comparison": ("a saved comparison (written by 'partnercheck compare --format json')",
                   "'partnercheck report FILE' renders it again"),
    "trend": ("a saved trend (written by 'partnercheck trend --format json')",
              "'partnercheck report FILE' renders it again"),
    "action-plan": ("an action plan (written by 'partnercheck actions')",
                    "give it to 'partnercheck compare' or 'partnercheck trend' with --actions FILE"),
    "summary": ("a batch summary (summary.json, written by 'partnercheck batch')",
                "it is for scripts and spreadsheets; the reports beside it are the partnerships' results"),
    "bank": ("a question bank", "give it to any command with --questions FILE "
             "('partnercheck questions validate FILE' checks it)"),
    "questions": ("a list of questions (written by 'partnercheck questions export')",
                  "it is for other tools; 'partnercheck template -o answers.yaml' writes a file to answer"),
    "schema": ("a JSON Schema (written by 'partnercheck schema')", "it describes files, and holds none"),
    "markdown": ("a Markdown report", "reports are for people; to render a result again in another format, "
                 "give 'partnercheck report' the result saved with --format json"),
    "html": ("an HTML page (a report)", "reports are for people; to render a result again in another format, "
             "give 'partnercheck report' the result saved with --format json"),
    "csv": ("a batch summary (summary.csv, written by 'partnercheck batch')",
            "it is for spreadsheets; the reports beside it are the partnerships' results"),
    "scores": ("a table of lesson scores (scores.csv, written by 'partnercheck batch' or 'partnercheck store scores')",
               "it is for spreadsheets; the reports beside it are the partnerships' results"),
    "benchmark": ("a benchmark (written by 'partnercheck benchmark --format csv')", "it is for spreadsheets"),
}


def kind_of(data: Any) -> str | None:
    """Which of partnercheck's files ``data`` (as read) looks like: a key of
    KINDS, or None when it is none of them."""
    if not isinstance(data, dict):
        return None
    kind = data.get("kind")
    if kind in ("assessment", "comparison", "trend", "action-plan") and "answers" not in data:
        return kind
    if kind == "summary" or (set(data) == {"partnerships"} and isinstance(data["partnerships"], list)):
        return "summary"
    if "$schema" in data:
        return "schema"
    if "statements" in data and ("lessons" in data or "scales" in data):
        return "bank"
    if "questions" in data and isinstance(data.get("bank"), dict):
        return "questions"
    if "actions" in data and "answers" not in data:  # 'kind' may be left out of a plan written by hand
        return "action-plan"
    if "answers" in data or "partnership" in data:
        return "answers"
    return None


def expect_kind(data: Any, source: str, wanted: str, *kinds: str) -> str | None:
    """The kind of ``data`` (kind_of) when it is one of ``kinds``, or None for
    data of no known kind (read as ``wanted``, so that its problems are
    listed); for another of partnercheck's files, the error that says what
    it is and which command reads it."""
    kind = kind_of(data)
    if kind is not None and kind not in kinds:
        raise wrong_kind(source, kind, wanted)
    return kind


def wrong_kind(source: str, kind: str, wanted: str) -> WrongKind:
    """The error for a file of ``kind`` given where ``wanted`` is read."""
    what, reader = KINDS[kind]
    return WrongKind(source, [Problem("", f"is {what}, not {wanted}: {reader}")], kind=kind)


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
            new = bank.current_id(key)
            if new == key:
                moved[key] = value
            elif new is not None and new not in given:
                moved[new] = value
        out[field] = moved
    return out


_FOLDS = str.maketrans({
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", ""),
})


def fold(text: str) -> str:
    """Text as a person means it, in an answers file, an export's header or
    cell: Unicode NFKC, case folded, white space runs as one space and none
    at the ends, curly quotes straight, dashes hyphens, zero-width characters
    gone (``Don\u2019t  KNOW`` folds as ``don't know``)."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text).translate(_FOLDS).casefold().split())


def option_lookup(bank: Bank) -> dict[str, dict[str, str]]:
    """Question id -> each way of giving an option, folded (its value, its
    label) -> the option's value.  A value wins over another option's label."""
    found = _LOOKUPS.get(id(bank))
    if found is not None and found[0] is bank:
        return found[1]
    table: dict[str, dict[str, str]] = {}
    for q in bank.questions():
        options = bank.scale(q.scale).options if isinstance(q, Statement) else q.options
        ways = {fold(o.label): o.value for o in options}
        ways.update({fold(o.value): o.value for o in options})
        table[q.id] = ways
    _LOOKUPS[id(bank)] = (bank, table)
    return table


_LOOKUPS: dict[int, tuple[Bank, dict[str, dict[str, str]]]] = {}


def option_value(table: dict[str, str], text: str) -> str | None:
    """The value of the option ``text`` names in a question's ``table`` (from
    option_lookup), by label or value, a final full stop left out as in an
    export's headers; None when it names none."""
    key = fold(text)
    return table.get(key) or table.get(key.rstrip(" ."))


def with_values(data: dict[str, Any], bank: Bank) -> dict[str, Any]:
    """Answers given as an option's label (``Strongly agree``) or as its value
    in another case or spacing (``Agree``), as the option's value; anything
    else is left for the check to name."""
    given = data.get("answers")
    if not isinstance(given, dict):
        return data
    codes = bank.codes()
    lookup: dict[str, dict[str, str]] | None = None
    found: dict[str, str] = {}
    for qid, value in given.items():
        if isinstance(value, str) and isinstance(qid, str) and qid in codes and value not in codes[qid]:
            lookup = lookup or option_lookup(bank)
            value = option_value(lookup[qid], value)
            if value is not None:
                found[qid] = value
    if not found:
        return data
    return {**data, "answers": {qid: found.get(qid, value) for qid, value in given.items()}}


def options_listed(bank: Bank, qid: str) -> str:
    """A question's options as an answers file may give them: each value, with
    its label in brackets unless the label is the value in capitals."""
    q = next(q for q in bank.questions() if q.id == qid)
    options = bank.scale(q.scale).options if isinstance(q, Statement) else q.options
    return ", ".join(o.value if fold(o.label) == fold(o.value) else f"{o.value} ({o.label})" for o in options)


def check_answers(raw: dict[Any, Any], bank: Bank, notes: Any = None) -> list[Problem]:
    """The one check of an answers file's answers: known question ids, values among the options."""
    problems: list[Problem] = []
    questions = bank.codes()
    shown: set[str] = set()
    for qid, value in raw.items():
        values = questions.get(qid) if isinstance(qid, str) else None
        if values is None:
            hint = did_you_mean(qid, questions, otherwise="; see 'partnercheck questions list'")
            problems.append(Problem(f"answers.{qid}", f"unknown question id{hint}", ("answers", qid)))
            continue
        if value is None:
            continue
        if not isinstance(value, str) or value not in values:
            # a slip ('stronly-agree', 'agre') gets the option it was meant to be;
            # the options are listed once for each set of options, not on every line
            near = nearest(str(value).lower(), values)
            listed = options_listed(bank, qid)
            if listed in shown:
                hint = f"; did you mean {near!r}?" if near else "; use a value or its label, as listed above"
            else:
                shown.add(listed)
                hint = (f"; did you mean {near!r}? Use a value or its label: " if near else "; use a value or its label: ") + listed
            problems.append(Problem(f"answers.{qid}", f"{_as_written(value)} is not an option{hint}", ("answers", qid)))
    if isinstance(notes, dict):
        for qid in notes:
            # a key that is not text is reported by the validation of 'notes'
            if isinstance(qid, str) and qid not in questions:
                problems.append(Problem(f"notes.{qid}", "note for an unknown question id" + did_you_mean(qid, questions), ("notes", qid)))
    return problems


def _as_written(value: Any) -> str:
    """A value as the person wrote it, near enough: YAML reads true and false
    as true and false (not True, False) and 2026-11-02 as a date, which they
    would not recognise (yes, no, on and off stay words: files.parse_yaml)."""
    if isinstance(value, bool):
        return "'true'" if value else "'false'"
    if isinstance(value, dt.date):
        return repr(value.isoformat())
    return repr(value)


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


# (and bidi controls: written as escapes, they read back the same but cannot
# reorder what an editor shows)
_YAML_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029\ufffe\uffff{BIDI}]")


def _comment(text: str) -> str:
    # a custom bank's words, shown on the screen when the template is
    return " ".join(clean(text).split())


def _wrapped(text: str, first: str, rest: str, width: int = 79) -> list[str]:
    """A comment in lines of at most ``width``, broken between words (a value
    such as ``strongly-disagree`` is never split at its hyphen)."""
    import textwrap

    return textwrap.wrap(_comment(text), width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)


def template(bank: Bank, *, partnership: str | None = None) -> str:
    """An answers file to email round: every question as a comment with its options."""
    lines = [
        "# partnercheck answers file",
        f"# Question bank: {_comment(bank.name)} {_comment(bank.version)}",
        "#",
        "# Fill in the partnership's name, then answer each question by writing one",
        "# of the values listed above it after the colon.  Leave a question blank if",
        "# you prefer not to answer; 'dont-know' is a real answer and never counts",
        "# against the partnership.  Notes are optional (at the end of the file).",
        "# Then: partnercheck assess --answers this-file.yaml",
        "",
        f"partnership: {_scalar(partnership) if partnership else _scalar('')}",
        "respondent:     # optional: your name (never shown in a combined report)",
        "organisation:   # optional: your organisation",
        "date:           # optional: the day you answer, as YYYY-MM-DD",
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
            lines += ["", f"  # == {_comment(heading)} =="]
            current = heading
        lines.append("")
        # comments wrapped to 79 columns: the file is read in editors 80 wide
        lines += _wrapped(q.text, "  # ", "  # ")
        lines += _wrapped(q.help, "  #   why: ", "  #        ")
        values = " | ".join(f"{o.value} ({o.label})" if o.label.lower() != o.value.replace('-', ' ') else o.value for o in options)
        lines += _wrapped(values, "  #   ", "  #     ")
        lines.append(f"  {q.id}:")
    lines += [
        "",
        "# Optional notes: one line each under 'notes:', indented by two spaces,",
        "# the question id, a colon, then your note in double quotes (so that a",
        "# colon or a # in it is kept).  To use the example, delete its '# ';",
        "# copy it for more notes.",
        "notes:",
        '  # trust.conflict-raised: "Better since the away day."',
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
