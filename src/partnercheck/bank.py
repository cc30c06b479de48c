"""Load and validate question banks.

The default bank is ``questions/bank.yaml``; in an installed wheel it sits in
the package as ``partnercheck/questions/bank.yaml``.  A custom bank is a path
to a YAML file of the same schema, or to a folder holding ``bank.yaml``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import InputError, Problem, single
from .files import MAX_BANK_BYTES, load_checked
from .tables import form_header
from .models import (
    Band,
    Bank,
    ContinuumChoice,
    ContinuumOption,
    ContinuumQuestion,
    Lesson,
    ReadinessRule,
    Recommendation,
    Rules,
    Scale,
    ScaleOption,
    Source,
    Statement,
    Texts,
    bank_references,
    validate,
)

BANK_FILE = "bank.yaml"


def default_bank_path() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (
        here / "questions" / BANK_FILE,  # installed wheel
        here.parent.parent / "questions" / BANK_FILE,  # source checkout
    ):
        if candidate.is_file():
            return candidate
    raise single("partnercheck", "the default question bank is missing from this installation; reinstall partnercheck")


def resolve_bank_path(path: str | Path | None) -> Path:
    if path is None:
        return default_bank_path()
    p = Path(path)
    if p.is_dir():
        p = p / BANK_FILE
        if not p.is_file():
            raise single(str(path), f"is a folder without a {BANK_FILE}")
    return p


def load_bank(path: str | Path | None = None) -> Bank:
    """The shipped bank (no path), or a bank read from ``path`` and validated:
    every problem is reported at once."""
    if path is None:
        return _shipped_bank()
    return _load_bank_cached(str(resolve_bank_path(path)))


@lru_cache(maxsize=1)
def _shipped_bank() -> Bank:
    return trusted_bank(_load_trusted(str(default_bank_path())))


@lru_cache(maxsize=8)
def _load_bank_cached(path: str) -> Bank:
    # Any bank named by a path is validated, the shipped file too
    # ('questions validate questions/bank.yaml' checks it).
    return load_checked(path, bank_from_data, limit=MAX_BANK_BYTES)


PARSED_FILE = "bank.json"


def _load_trusted(path: str) -> Any:
    """The shipped bank is package data, not user input.  It is read from
    ``bank.json`` beside it, the same data already parsed (ten times quicker
    than YAML), when that file was made from this very ``bank.yaml`` (its
    SHA-256 is recorded in it: an edited bank.yaml is never shadowed by an old
    bank.json); otherwise with PyYAML's C loader, four times faster than the
    guarded loader (a test checks that both give the same data, so it holds
    no anchors, tags or duplicate keys).  ``python reports/regenerate.py``
    writes bank.json again."""
    with open(path, "rb") as fh:
        raw = fh.read()
    parsed = _parsed_copy(Path(path), raw)
    if parsed is not None:
        return parsed
    import yaml

    return yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _parsed_copy(path: Path, raw: bytes) -> Any:
    import hashlib
    import json

    try:
        data = json.loads((path.parent / PARSED_FILE).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("source_sha256") != hashlib.sha256(raw).hexdigest():
        return None
    return data.get("bank")


def parsed_copy_text(path: str | Path) -> str:
    """The text of ``bank.json`` for the bank at ``path``: its data, parsed,
    with the SHA-256 of the YAML it was made from."""
    import hashlib
    import json

    import yaml

    raw = Path(path).read_bytes()
    data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    out = {"note": "Made from bank.yaml by reports/regenerate.py; edit bank.yaml, not this file.",
           "source_sha256": hashlib.sha256(raw).hexdigest(), "bank": data}
    return json.dumps(out, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def trusted_bank(data: dict[str, Any]) -> Bank:
    """The shipped bank, built without validation: it is package data, not
    user input, and building pydantic's validator for a whole bank would cost
    more than the rest of an assessment.  A test checks that this builds
    exactly the bank validation builds; custom banks are always validated."""
    def recommendations(items: list[dict[str, Any]]) -> tuple[Recommendation, ...]:
        return tuple(Recommendation(**r) for r in items)

    def question(q: dict[str, Any]) -> ContinuumQuestion:
        return ContinuumQuestion(**{**q, "options": tuple(ContinuumChoice(**o) for o in q["options"])})

    def option(o: dict[str, Any]) -> ScaleOption:
        return ScaleOption(**{**o, "score": None if o.get("score") is None else float(o["score"])})

    floats = ("max_missing_share", "statement_gap_at_most", "recommend_at_most", "min_assessed_share", "pattern_share", "pattern_distance",
              "trend_points")  # as validation gives them
    return Bank(**{
        **data,
        "sources": tuple(Source(**src) for src in data.get("sources", ())),
        "scales": tuple(Scale(**{**s, "options": tuple(option(o) for o in s["options"])}) for s in data["scales"]),
        "bands": tuple(Band(**{**b, "min": float(b["min"])}) for b in data["bands"]),
        "rules": Rules(**{k: float(v) if k in floats else v for k, v in data.get("rules", {}).items()}),
        "lessons": tuple(
            Lesson(**{**l, "sources": tuple(l["sources"]), "recommendations": recommendations(l["recommendations"])})
            for l in data["lessons"]
        ),
        "continuum": tuple(ContinuumOption(**o) for o in data["continuum"]),
        "readiness": tuple(
            ReadinessRule(**{**r, "lowest_respondent": tuple(r.get("lowest_respondent", ()))}) for r in data["readiness"]
        ),
        "texts": Texts(**data["texts"]),
        "statements": tuple(
            Statement(**{**st, "recommendations": recommendations(st["recommendations"])}) for st in data["statements"]
        ),
        "continuum_questions": tuple(question(q) for q in data.get("continuum_questions", ())),
        "aspiration": question(data["aspiration"]) if data.get("aspiration") else None,
    })


def bank_from_data(data: Any, source: str) -> Bank:
    """A bank validated by pydantic: its shape, then the references across it."""
    from .answers import expect_kind

    expect_kind(data, source, "a question bank", "bank")  # an answers file or a result given as the bank: say so
    if not isinstance(data, dict):
        raise single(source, "a question bank must be a YAML mapping with scales, bands, lessons and statements")
    try:
        return validate(Bank, data, source)
    except InputError as exc:
        problems = exc.problems
    # Field problems stop pydantic before the checks across fields; those are
    # made on the parts that are valid, so that every kind is listed at once.
    problems += [p for p in _reference_problems(data) if p not in problems]
    raise InputError(source, _name_questions(problems, data)) from None


# The lists of a bank, and the type of their items.
_LISTS: dict[str, Any] = {
    "sources": Source, "scales": Scale, "bands": Band, "lessons": Lesson, "continuum": ContinuumOption,
    "readiness": ReadinessRule, "statements": Statement, "continuum_questions": ContinuumQuestion,
}


def _reference_problems(data: dict[str, Any]) -> list[Problem]:
    """The checks across a bank's fields, made on its items that are valid on
    their own (an invalid item is None, and its list is incomplete)."""
    from types import SimpleNamespace

    parts: dict[str, Any] = {}
    incomplete: set[str] = set()
    for name, model in _LISTS.items():
        items = data.get(name, [] if name in ("sources", "continuum_questions") else None)  # optional lists
        if not isinstance(items, list):
            parts[name], _ = [], incomplete.add(name)
            continue
        parts[name] = [_valid(model, item) for item in items]
        if None in parts[name]:
            incomplete.add(name)
    aspiration = data.get("aspiration")
    parts["aspiration"] = None if aspiration is None else _valid(ContinuumQuestion, aspiration)
    if aspiration is not None and parts["aspiration"] is None:
        incomplete.add("aspiration")
    renamed = data.get("renamed") or {}
    parts["renamed"] = {k: v for k, v in renamed.items() if isinstance(k, str) and (v is None or isinstance(v, str))} \
        if isinstance(renamed, dict) else {}
    found = bank_references(SimpleNamespace(**parts), frozenset(incomplete))
    return [Problem(".".join(map(str, loc)), message, loc) for loc, message in found]


def _valid(model: Any, item: Any) -> Any:
    """``item`` as a ``model``, or None when it is not valid."""
    try:
        return validate(model, item, "")
    except InputError:
        return None


def _name_questions(problems: list[Problem], data: dict[str, Any]) -> list[Problem]:
    """Replace ``statements.3.text`` with ``statements[trust.conflict-raised].text``."""
    out = []
    for p in problems:
        parts = p.where.split(".")
        if len(parts) >= 2 and parts[0] in ("statements", "continuum_questions") and parts[1].isdigit():
            items = data.get(parts[0]) or []
            i = int(parts[1])
            qid = items[i].get("id") if isinstance(items, list) and i < len(items) and isinstance(items[i], dict) else None
            if isinstance(qid, str):
                parts[1:2] = []
                parts[0] = f"{parts[0]}[{qid}]"
                out.append(Problem(".".join(parts), p.message, p.loc))
                continue
        out.append(p)
    return out


def export_questions(bank: Bank) -> dict[str, Any]:
    """Every question as plain data, for other tools (``questions export``)."""
    out = []
    for q in bank.questions():
        kind = bank.kind(q)
        item: dict[str, Any] = {"id": q.id, "kind": kind}
        if isinstance(q, Statement):
            item["lesson"] = q.lesson
            item["text"] = q.text
            item["help"] = q.help
            item["source"] = q.source
            item["options"] = [
                {"value": o.value, "label": o.label, "score": o.score} for o in bank.scale(q.scale).options
            ]
            item["recommendations"] = [{"text": r.text, "source": r.source} for r in q.recommendations]
        else:
            item["lesson"] = None
            item["text"] = q.text
            item["help"] = q.help
            item["source"] = q.source
            item["about"] = q.about
            item["options"] = [
                {"value": o.value, "label": o.label, "score": None, "continuum": list(o.continuum)} for o in q.options
            ]
        out.append(item)
    return {"bank": {"name": bank.name, "version": bank.version}, "questions": out}


# --------------------------------------------------------------------------
# The questions as a form builder takes them (questions export --format form|csv)
# --------------------------------------------------------------------------


def form_title(question: Statement | ContinuumQuestion) -> str:
    """A question's title in a form: its text and its ``[id]`` tag, by which
    a survey export's column is matched to the question."""
    return f"{' '.join(question.text.split())} [{question.id}]"


def form_sections(bank: Bank) -> list[tuple[str, list[dict[str, Any]]]]:
    """The form, section by section: (heading, its questions), each question
    {"id", "title", "help", "options" (labels, in order; empty for a text
    question)}.  First who answers (organisation, partnership), then the
    statements by lesson, then the continuum questions."""
    def one_line(text: str) -> str:
        return " ".join(text.split())

    texts = bank.texts
    sections: list[tuple[str, list[dict[str, Any]]]] = [(texts.form_about, [
        {"id": "organisation", "title": texts.form_organisation, "help": one_line(texts.form_organisation_help), "options": []},
        {"id": "partnership", "title": texts.form_partnership, "help": one_line(texts.form_partnership_help), "options": []},
    ])]
    current = None
    for q in bank.questions():
        if isinstance(q, Statement):
            heading = bank.lesson(q.lesson).name
            options = [o.label for o in bank.scale(q.scale).options]
        else:
            heading = texts.form_continuum
            options = [o.label for o in q.options]
        if heading != current:
            sections.append((heading, []))
            current = heading
        sections[-1][1].append({"id": q.id, "title": form_title(q), "help": one_line(q.help), "options": options})
    return sections


def form_text(bank: Bank) -> str:
    """The form as plain text to copy from: each question's title on a line
    of its own, exactly as the form must show it, its help and its options
    (one a line, in order) under it, by section."""
    import textwrap

    from .advice import fill

    texts = bank.texts
    title = fill(texts.form_title, bank=bank.name, version=bank.version)
    lines = [title, "", textwrap.fill(fill(texts.form_intro), width=78)]
    for heading, questions in form_sections(bank):
        lines += ["", "", heading, "=" * len(heading)]
        for q in questions:
            lines += ["", q["title"], "  " + fill(texts.form_help, help=q["help"])]
            if q["options"]:
                lines.append("  " + texts.form_choice)
                lines += [f"    {label}" for label in q["options"]]
            else:
                lines.append("  " + texts.form_text)
    return "\n".join(lines) + "\n"


def form_csv(bank: Bank) -> str:
    """The form as a table, one row per question: section, id, title (with
    its tag), type, options (labels joined by " | ") and help.  Cells that a
    spreadsheet would take for a formula are made text; a byte-order mark
    first, so that Excel reads it as UTF-8 (files.csv_text)."""
    from .files import csv_text

    texts = bank.texts
    rows = [
        (heading, q["id"], q["title"], texts.form_type_choice if q["options"] else texts.form_type_text,
         " | ".join(q["options"]), q["help"])
        for heading, questions in form_sections(bank) for q in questions
    ]
    return csv_text(form_header(texts), rows, bom=True)
