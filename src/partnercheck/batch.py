"""Batch assessment: many answer files, one report per partnership.

An edge module like the CLI (it reads and writes files), built to stream: the
answers of 10,000 files are held only as a few bytes each.  Files are parsed in
worker processes, grouped by the partnership they name, and each partnership
is then assessed, rendered and written (atomically) in a worker too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .errors import InputError
from .files import csv_cell, safe_filename, write_atomic
from .models import Answers, Bank, Result

SUFFIXES = (".yaml", ".yml", ".json")
UNANSWERED = 255


@dataclass(frozen=True)
class Record:
    """One respondent's answers, compactly: an option index per question."""

    path: str
    partnership: str
    respondent: str | None
    organisation: str | None
    date: str | None
    answers: bytes
    notes: tuple[tuple[str, str], ...] = ()


@dataclass
class Summary:
    partnership: str
    report: str
    respondents: int
    score: float | None
    band: str | None
    lessons: dict[str, tuple[float | None, str | None]]
    option: int | None
    ready_for: int
    aims_for: int | None
    warnings: list[str]
    round_date: str | None = None
    rows: Any = None  # the assessment as the store's rows (batch --db), until stored


@dataclass
class Outcome:
    summaries: list[Summary] = field(default_factory=list)
    bad_files: list[tuple[str, str]] = field(default_factory=list)
    unstored: list[tuple[str, str]] = field(default_factory=list)  # (partnership, why), batch --db
    stored: int = 0


# --------------------------------------------------------------------------
# Finding files
# --------------------------------------------------------------------------


def collect(paths: Sequence[str], stdin_lines: Iterable[str] | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to read, from files, folders (recursively) and '-' (paths on stdin)."""
    found: list[str] = []
    missing: list[tuple[str, str]] = []
    queue: list[str] = []
    for p in paths:
        if p == "-":
            queue.extend(line.strip() for line in (stdin_lines or []) if line.strip())
        else:
            queue.append(p)
    for p in queue:
        path = Path(p)
        if path.is_dir():
            found.extend(
                str(f)
                for f in sorted(path.rglob("*"))
                if f.suffix.lower() in SUFFIXES and f.is_file() and not f.name.startswith(".")
            )
        elif path.is_file():
            found.append(str(path))
        else:
            missing.append((p, "no such file or folder"))
    # one file named twice (folder and path, or two spellings) counts once
    seen: set[str] = set()
    unique: list[str] = []
    folders: dict[str, str] = {}
    for f in found:
        real = _realpath(f, folders)
        if real not in seen:
            seen.add(real)
            unique.append(f)
    return unique, missing


def _realpath(path: str, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, each folder resolved once (``folders``
    remembers them): a file that is not a link is its real folder's file."""
    head, name = os.path.split(path)
    if not head or name in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    real = folders.get(head)
    if real is None:
        real = folders[head] = os.path.realpath(head)
    return os.path.join(real, name)


# --------------------------------------------------------------------------
# Encoding answers compactly
# --------------------------------------------------------------------------


def encode(bank: Bank, answers: Answers, path: str) -> Record:
    given = answers.answers
    codes = bytearray(UNANSWERED for _ in range(len(bank.values())))
    if given:
        for i, (qid, places) in enumerate(bank.codes().items()):
            value = given.get(qid)
            if value is not None:
                codes[i] = places[value]
    return Record(
        path=path,
        partnership=answers.partnership,
        respondent=answers.respondent,
        organisation=answers.organisation,
        date=answers.date.isoformat() if answers.date else None,
        answers=bytes(codes),
        notes=tuple(sorted((k, v) for k, v in answers.notes.items())),
    )


def decode(bank: Bank, record: Record) -> Answers:
    answers = {
        qid: values[code]
        for (qid, values), code in zip(bank.values(), record.answers)
        if code != UNANSWERED
    }
    return Answers(
        partnership=record.partnership,
        respondent=record.respondent,
        organisation=record.organisation,
        date=dt.date.fromisoformat(record.date) if record.date else None,
        answers=answers,
        notes=dict(record.notes),
    )


# --------------------------------------------------------------------------
# Work done in the worker processes
# --------------------------------------------------------------------------

_bank: Bank | None = None


def _init(bank: Bank) -> None:
    global _bank
    _bank = bank
    _few_collections()


def _few_collections() -> None:
    """Let the cycle collector run rarely in a batch's processes.

    A report is built from tens of thousands of small objects that reference
    counting frees as soon as the report is written; the collector, run
    every 700 allocations by default, would walk the bank and the render
    caches again and again to find almost no cycles (it took half of the
    time spent building the report view).  The bank and what is loaded
    before the work are set aside from collection for good.
    """
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def _parse_chunk(paths: list[str]) -> list[Record | tuple[str, str]]:
    from .answers import load_answers

    assert _bank is not None
    out: list[Record | tuple[str, str]] = []
    for p in paths:
        try:
            out.append(encode(_bank, load_answers(p, _bank), p))
        except InputError as exc:
            out.append((p, "; ".join(str(x) for x in exc.problems)))
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            out.append((p, f"could not be read ({type(exc).__name__}: {exc})"))
    return out


@dataclass(frozen=True)
class Job:
    name: str
    target: str
    fmt: str
    charts: bool
    records: tuple[Record, ...]
    template: str | None = None
    round_date: str | None = None
    store: bool = False  # return the store's rows with the summary


def _assess_job(job: Job) -> Summary | tuple[str, str]:
    try:
        return _assess(job)
    except OSError as exc:
        return (job.target, f"could not be written ({exc.strerror or exc})")
    except Exception as exc:  # noqa: BLE001 - one partnership must not stop the batch
        return (job.name, f"could not be assessed ({type(exc).__name__}: {exc})")


def _assess(job: Job) -> Summary:
    from .assess import assess
    from .render import formats

    assert _bank is not None
    responses = [decode(_bank, r) for r in job.records]
    result = assess(_bank, responses)
    target = Path(job.target)
    # One view per partnership, drawn as the report and its charts.
    options = formats.RenderOptions(charts=job.charts, stem=formats.attachment_stem(target), template=job.template)
    rendered = formats.render(result, _bank, job.fmt, options)
    for name, content in rendered.attachments.items():
        write_atomic(target.parent / name, content, sync=False)
    write_atomic(target, rendered.content, sync=False)
    summary = summarise(result, target.name)
    summary.round_date = job.round_date
    if job.store and job.round_date:
        from .store import rows

        summary.rows = rows(result, job.round_date)
    return summary


def summarise(result: Result, report: str) -> Summary:
    return Summary(
        partnership=result.partnership,
        report=report,
        respondents=result.respondents,
        score=result.score,
        band=result.band,
        lessons={k: (v.score, v.band) for k, v in result.lessons.items()},
        option=result.continuum.option,
        ready_for=result.continuum.ready_for,
        aims_for=result.continuum.aims_for,
        warnings=result.warnings,
    )


# --------------------------------------------------------------------------
# The whole batch
# --------------------------------------------------------------------------


def report_names(partnerships: Iterable[str], ext: str) -> dict[str, str]:
    """A distinct, safe file name per partnership (never a path outside the folder)."""
    names: dict[str, str] = {}
    used: set[str] = {"summary"}
    for name in sorted(partnerships):
        stem = safe_filename(name)
        candidate, n = stem, 1
        while candidate in used:
            n += 1
            candidate = f"{stem}-{n}"
        used.add(candidate)
        names[name] = candidate + ext
    return names


def run(
    bank: Bank,
    files: Sequence[str],
    out_dir: Path,
    *,
    fmt: str = "markdown",
    charts: bool = True,
    template: str | None = None,
    jobs: int = 1,
    progress: Callable[[str, int, int], None] | None = None,
    round_date: str | None = None,
    store: Any = None,
) -> Outcome:
    """Parse, group, assess and write; ``progress(stage, done, total)`` is called as work ends.

    Each partnership's round is ``round_date`` when given, else the latest
    date in its answers.  With a ``store`` (:class:`partnercheck.store.Store`),
    every assessment is also written to it, from this process, in one
    transaction (a partnership with no round date is listed, not stored).
    """
    _few_collections()
    outcome = Outcome()
    groups: dict[str, list[Record]] = {}
    chunk = max(1, min(200, len(files) // (jobs * 8) or 1))
    chunks = [list(files[i : i + chunk]) for i in range(0, len(files), chunk)]
    out_dir.mkdir(parents=True, exist_ok=True)

    with _pool(bank, jobs) as pool:
        done = 0
        for items in pool.imap_unordered(_parse_chunk, chunks):
            for item in items:
                if isinstance(item, Record):
                    groups.setdefault(item.partnership, []).append(item)
                else:
                    outcome.bad_files.append(item)
            done += len(items)
            if progress:
                progress("read", done, len(files))

        from .render.formats import get

        names = report_names(groups, get(fmt).extension)
        rounds = {
            name: round_date or max((r.date for r in records if r.date), default=None)
            for name, records in groups.items()
        }
        ids = None
        if store is not None:
            for name, when in sorted(rounds.items()):
                if when is None:
                    outcome.unstored.append(
                        (name, "its answers give no date, so it has no round; give --round YYYY-MM-DD")
                    )
            ids = store.ids((name, when, bank.version) for name, when in rounds.items() if when)
        work = (
            Job(name, str(out_dir / names[name]), fmt, charts, tuple(sorted(records, key=lambda r: r.path)), template,
                rounds[name], store is not None)
            for name, records in sorted(groups.items())
        )
        total = len(groups)
        done = 0
        # Partnerships go to a worker several at a time: each handful costs
        # the parent a round trip (about a millisecond of its time, taken
        # from the workers'), and too large a handful leaves a worker idle at
        # the end.
        chunksize = max(1, min(16, total // (jobs * 8)))
        with store.writing(ids) if store is not None else nullcontext() as writer:
            for item in pool.imap_unordered(_assess_job, work, chunksize=chunksize):
                if isinstance(item, Summary):
                    outcome.summaries.append(item)
                    groups.pop(item.partnership, None)  # free the answers as soon as written
                    if item.rows is not None:
                        writer.add(item.rows)
                        item.rows = None
                else:
                    outcome.bad_files.append(item)
                done += 1
                if progress:
                    progress("assess", done, total)
        if writer is not None:
            outcome.stored = writer.written

    outcome.summaries.sort(key=lambda s: s.partnership)
    outcome.bad_files.sort()
    write_summaries(outcome.summaries, out_dir, bank)
    return outcome


class _Inline:
    """A stand-in for a pool when running in one process (jobs=1)."""

    def __init__(self, bank: Bank):
        _init(bank)

    def imap_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any], chunksize: int = 1) -> Iterator[Any]:
        return map(fn, items)

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _pool(bank: Bank, jobs: int) -> Any:
    if jobs <= 1:
        return _Inline(bank)
    method = "fork" if "fork" in _start_methods() else "spawn"
    return get_context(method).Pool(jobs, initializer=_init, initargs=(bank,))


def _start_methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


# --------------------------------------------------------------------------
# Summaries
# --------------------------------------------------------------------------


_csv_cell = csv_cell


def summary_rows(summaries: Sequence[Summary], bank: Bank) -> tuple[list[str], list[list[Any]]]:
    lesson_ids = [l.id for l in bank.lessons]
    header = ["partnership", "report", "respondents", "score", "band"]
    for lid in lesson_ids:
        header += [f"{lid}_score", f"{lid}_band"]
    header += ["option", "ready_for", "aims_for", "warnings"]
    rows = []
    for s in summaries:
        row: list[Any] = [s.partnership, s.report, s.respondents, s.score, s.band]
        for lid in lesson_ids:
            score, band = s.lessons.get(lid, (None, None))
            row += [score, band]
        row += [s.option, s.ready_for, s.aims_for, " | ".join(s.warnings)]
        rows.append(row)
    return header, rows


def scores_csv(summaries: Sequence[Summary], bank: Bank) -> str:
    """Tidy scores: one row per partnership, round and lesson, for a
    spreadsheet or a data tool.  It starts with a byte-order mark, so that
    Excel reads it as UTF-8 (Ynys Môn, not Ynys MÃ´n); cells that would start
    a formula are guarded as in summary.csv."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["partnership", "round_date", "bank_version", "lesson", "lesson_name", "score", "band"])
    for s in summaries:
        for lesson in bank.lessons:
            score, band = s.lessons.get(lesson.id, (None, None))
            row = [s.partnership, s.round_date, bank.version, lesson.id, lesson.name, score, band]
            writer.writerow(["" if v is None else _csv_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def write_summaries(summaries: Sequence[Summary], out_dir: Path, bank: Bank) -> None:
    header, rows = summary_rows(summaries, bank)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _csv_cell(v) for v in row])
    write_atomic(out_dir / "summary.csv", buffer.getvalue())
    write_atomic(out_dir / "scores.csv", scores_csv(summaries, bank))
    data = [
        {
            "partnership": s.partnership,
            "report": s.report,
            "respondents": s.respondents,
            "score": s.score,
            "band": s.band,
            "lessons": {k: {"score": v[0], "band": v[1]} for k, v in s.lessons.items()},
            "option": s.option,
            "ready_for": s.ready_for,
            "aims_for": s.aims_for,
            "warnings": s.warnings,
        }
        for s in summaries
    ]
    write_atomic(out_dir / "summary.json", json.dumps({"partnerships": data}, indent=2, ensure_ascii=False) + "\n")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------
# Telling the person (the command line calls these)
# --------------------------------------------------------------------------


def progress_bar(quiet: bool):  # type: ignore[no-untyped-def]
    """A Rich progress bar on a terminal; nothing animated otherwise."""
    if quiet or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=Console(stderr=True), transient=True)
    tasks: dict[str, object] = {}
    bar.start()

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task("Reading files" if stage == "read" else "Writing reports", total=total)
        bar.update(tasks[stage], completed=done)  # type: ignore[arg-type]

    return update, bar.stop


def show_table(outcome: Outcome, out_dir: Path, bank_path: Path | None = None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .bands import Bands, shown
    from .bank import load_bank
    from .render import clean

    bands = Bands.of(load_bank(bank_path))

    # every cell a Text: a folder's or a custom bank's words are never read as Rich markup
    table = Table(title=Text(clean(f"{len(outcome.summaries)} partnership(s) in {out_dir}")), title_justify="left")
    table.add_column("Partnership", min_width=20)
    for col, justify in (("n", "right"), ("Score", "right"), ("Band", "left"),
                         ("Is", "right"), ("Ready", "right"), ("Warnings", "right"), ("Report", "left")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for s in outcome.summaries:
        table.add_row(Text(clean(s.partnership)), str(s.respondents), "-" if s.score is None else str(shown(s.score)), Text(clean(bands.label(s.band))),
                      str(s.option or "-"), str(s.ready_for), str(len(s.warnings)), Text(s.report))
    from .output import stdout_is_terminal, use_colour

    width = None if stdout_is_terminal() else 160  # a pipe or file gets whole names
    Console(highlight=False, no_color=not use_colour(), width=width).print(table)


def report_outcome(outcome: Outcome, out_dir: Path, *, fail_under: float | None, quiet: bool, bank_path: Path | None = None,
                   db: str | None = None) -> int:
    """Tell the person what was written and what could not be used; the exit code."""
    from .output import EXIT_FAILED, EXIT_OK, say

    if not quiet:
        show_table(outcome, out_dir, bank_path)
    code = EXIT_OK
    if outcome.bad_files:
        say(f"partnercheck: {len(outcome.bad_files)} file(s) could not be used:")
        for path, reason in outcome.bad_files:
            say(f"  {path}: {reason}")
        code = EXIT_FAILED
    if fail_under is not None:
        from .bands import banded, shown

        # judged on the score as the reports show it (49.5 reads 50)
        low = [s for s in outcome.summaries if s.score is None or banded(s.score) < fail_under]
        if low:
            say(f"partnercheck: {len(low)} partnership(s) scored below {fail_under:g}:")
            for s in low:
                say(f"  {s.partnership}: {'not assessed' if s.score is None else shown(s.score)}")
            code = EXIT_FAILED
    if outcome.unstored:
        say(f"partnercheck: {len(outcome.unstored)} partnership(s) not stored in {db}:")
        for name, reason in outcome.unstored:
            say(f"  {name}: {reason}")
        code = EXIT_FAILED
    say(f"Wrote {len(outcome.summaries)} report(s), summary.csv, summary.json and scores.csv to {out_dir}")
    if db is not None:
        say(f"Stored {outcome.stored} assessment(s) in {db}")
    return code
