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
from .files import MAX_BANK_BYTES, load_data
from .models import BAND_IDS, CONTINUUM_OPTIONS, LESSON_IDS, Bank, ContinuumQuestion, Statement

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
    """Load, validate and cross-check a bank; every problem is reported at once."""
    p = resolve_bank_path(path)
    return _load_bank_cached(str(p))


@lru_cache(maxsize=8)
def _load_bank_cached(path: str) -> Bank:
    if path == str(default_bank_path()):
        data = _load_trusted(path)
    else:
        data = load_data(path, limit=MAX_BANK_BYTES)
    return bank_from_data(data, path)


def _load_trusted(path: str) -> Any:
    """The shipped bank is package data, not user input: PyYAML's C loader reads
    it four times faster than the guarded loader (a test checks that both give
    the same data, so it holds no anchors, tags or duplicate keys)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, "rb") as fh:
        return yaml.load(fh, Loader=loader)


def bank_from_data(data: Any, source: str) -> Bank:
    from .shapes import Invalid, build

    if not isinstance(data, dict):
        raise single(source, "a question bank must be a YAML mapping with scales, bands, lessons and statements")
    try:
        bank = build(Bank, data)
    except Invalid as exc:
        raise InputError(source, _name_questions(exc.problems, data)) from None
    problems = validate_references(bank)
    if problems:
        raise InputError(source, problems)
    return bank


def _name_questions(problems: list[Problem], data: dict[str, Any]) -> list[Problem]:
    """Replace ``statements.3.text`` with ``statements[trust.conflict-raised].text``."""
    out = []
    for p in problems:
        parts = p.where.split(".")
        if len(parts) >= 2 and parts[0] in ("statements", "continuum_questions") and parts[1].isdigit():
            items = data.get(parts[0]) or []
            i = int(parts[1])
            qid = items[i].get("id") if i < len(items) and isinstance(items[i], dict) else None
            if isinstance(qid, str):
                parts[1:2] = []
                parts[0] = f"{parts[0]}[{qid}]"
                out.append(Problem(".".join(parts), p.message))
                continue
        out.append(p)
    return out


def validate_references(bank: Bank) -> list[Problem]:
    """Cross-checks the field checks cannot make: ids unique, references resolve."""
    problems: list[Problem] = []
    scale_ids = {s.id for s in bank.scales}
    lesson_ids = [l.id for l in bank.lessons]

    if sorted(lesson_ids) != sorted(LESSON_IDS):
        problems.append(Problem("lessons", f"must be exactly the six lessons {', '.join(LESSON_IDS)}; found {', '.join(lesson_ids) or 'none'}"))
    band_ids = [b.id for b in bank.bands]
    if sorted(band_ids) != sorted(BAND_IDS):
        problems.append(Problem("bands", "must be exactly strength, watch and gap"))
    else:
        mins = {b.id: b.min for b in bank.bands}
        if not (mins["strength"] > mins["watch"] > mins["gap"] == 0):
            problems.append(Problem("bands", "thresholds must rise from gap (min 0) to watch to strength"))
    options = sorted(o.option for o in bank.continuum)
    if options != list(CONTINUUM_OPTIONS):
        problems.append(Problem("continuum", "must list the five options 1 to 5, once each"))
    for i, rule in enumerate(bank.readiness):
        if rule.option not in CONTINUUM_OPTIONS:
            problems.append(Problem(f"readiness.{i}.option", "must be 1 to 5"))
        for lesson in rule.requires:
            if lesson not in LESSON_IDS:
                problems.append(Problem(f"readiness.{i}.requires", f"unknown lesson {lesson!r}"))

    seen: set[str] = set()
    by_lesson: dict[str, int] = {}
    every = [*bank.statements, *bank.continuum_questions, *([bank.aspiration] if bank.aspiration else [])]
    for q in every:
        where = _where(bank, q)
        if q.id in seen:
            problems.append(Problem(where, f"duplicate question id {q.id!r}"))
        seen.add(q.id)
        if isinstance(q, Statement):
            if q.lesson not in LESSON_IDS:
                problems.append(Problem(f"{where}.lesson", f"unknown lesson {q.lesson!r}; use one of {', '.join(LESSON_IDS)}"))
            if q.scale not in scale_ids:
                problems.append(Problem(f"{where}.scale", f"unknown scale {q.scale!r}; defined scales: {', '.join(sorted(scale_ids))}"))
            by_lesson[q.lesson] = by_lesson.get(q.lesson, 0) + 1
        else:
            values = [o.value for o in q.options]
            if len(values) != len(set(values)):
                problems.append(Problem(f"{where}.options", "option values must be unique"))
    for lesson in lesson_ids:
        if by_lesson.get(lesson, 0) == 0:
            problems.append(Problem("statements", f"lesson {lesson!r} has no statements"))
    problems += _check_sources(bank)
    for old, new in bank.renamed.items():
        if new is not None and new not in seen:
            problems.append(Problem(f"renamed.{old}", f"maps to {new!r}, which is not a question of this bank"))
        if old in seen:
            problems.append(Problem(f"renamed.{old}", "is still a question of this bank; an old id cannot also be a current one"))
    return problems


def _check_sources(bank: Bank) -> list[Problem]:
    """With a ``sources`` list, every citation must name one of its keys."""
    if not bank.sources:
        return []
    keys = [s.key for s in bank.sources]
    problems = [Problem("sources", f"duplicate key {k!r}") for k in sorted({k for k in keys if keys.count(k) > 1})]
    known = set(keys)
    cited: list[tuple[str, str]] = []
    for l in bank.lessons:
        cited += [(f"lessons[{l.id}].sources", k) for k in l.sources]
        cited += [(f"lessons[{l.id}].recommendations", r.source) for r in l.recommendations]
    for q in [*bank.statements, *bank.continuum_questions, *([bank.aspiration] if bank.aspiration else [])]:
        cited.append((f"{_where(bank, q)}.source", q.source))
        for r in getattr(q, "recommendations", ()):
            cited.append((f"{_where(bank, q)}.recommendations", r.source))
    for where, key in cited:
        if key not in known:
            problems.append(Problem(where, f"cites {key!r}, which is not a key of 'sources'; use one of {', '.join(sorted(known))}"))
    return problems


def _where(bank: Bank, q: Statement | ContinuumQuestion) -> str:
    kind = bank.kind(q)
    if kind == "statement":
        return f"statements[{q.id}]"
    if kind == "aspiration":
        return "aspiration"
    return f"continuum_questions[{q.id}]"


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
