"""Batch assessment: many answer files, one report per partnership.

An edge module like the CLI (it reads and writes files), built to stream: the
answers of 10,000 files are held only as a few bytes each.  Files are parsed in
worker processes, grouped by the partnership they name, and each partnership
is then assessed, rendered and written (atomically) in a worker too.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .errors import InputError, WrongKind
from .files import csv_text, remove_temporary, safe_filename, write_atomic
from .models import Answers, Bank, Result
from .tables import SCORES_HEADER, SUMMARY_HEADER, SUMMARY_TAIL

SUFFIXES = (".yaml", ".yml", ".json")
# Survey exports and answers workbooks found in folders (.txt only when named:
# a folder of answers often holds notes as text).
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx")
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
    # which response it is, for counting each once (see combine.Labelled)
    file: str | None = None
    row: int = 0
    marks: tuple[str, ...] = ()


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
    # (a file left out, the file it repeats, why): each respondent counts once
    repeated: list[tuple[str, str, str]] = field(default_factory=list)
    # (a file, an earlier one it answers exactly as, with nothing to say they are one): both kept
    alike: list[tuple[str, str]] = field(default_factory=list)
    # the spellings of each partnership (and organisation) named more than one way
    spelt: list[list[str]] = field(default_factory=list)
    spelt_organisations: list[list[str]] = field(default_factory=list)
    unstored: list[tuple[str, str]] = field(default_factory=list)  # (partnership, why), batch --db
    stored: int = 0
    # files partnercheck wrote (saved results, summaries), found among the
    # inputs and not read as answers: (path, what it is)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said about files that were read (exports)


@dataclass(frozen=True)
class Note:
    """Something to tell the person about a file that was read (an export)."""

    text: str


@dataclass(frozen=True)
class Skipped:
    """A file partnercheck itself wrote, found among the answers."""

    path: str
    kind: str


# What partnercheck writes, recognised by what is in the file (not by its
# name): never read back as answers.
OWN_KINDS = ("assessment", "comparison", "trend", "action-plan", "summary", "csv", "scores", "benchmark", "schema",
             "questions")
# Of those, what a batch itself writes: found where this run writes, it may be
# replaced (an earlier run's reports); any other file found among the inputs
# (a board's action plan, a saved trend) never is.
BATCH_KINDS = ("assessment", "summary", "csv", "scores")


# --------------------------------------------------------------------------
# Finding files
# --------------------------------------------------------------------------


def collect(
    paths: Sequence[str], stdin_lines: Iterable[str] | None = None, *, skip: Path | None = None
) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to read, from files, folders (recursively) and '-' (paths on
    stdin); and the paths that gave none, each with why: not there, a folder
    holding no answers file, a folder (or sub-folder) that cannot be read.

    ``skip`` (the output folder) is not searched when it lies inside a folder
    given, so that a batch never reads its own reports as answers.
    """
    found: list[str] = []
    missing: list[tuple[str, str]] = []
    queue: list[str] = []
    for p in paths:
        if p == "-":
            queue.extend(line.strip() for line in (stdin_lines or []) if line.strip())
        else:
            queue.append(p)
    skip_real = os.path.realpath(skip) if skip is not None else None
    for p in queue:
        path = Path(p)
        if path.is_dir():
            problems = len(missing)
            walked = _walk(p, skip_real, missing)
            found.extend(walked)
            if not walked and len(missing) == problems:  # nothing in it, and nothing unreadable
                missing.append((p, "is a folder with no answers file in it (looked for *.yaml, *.yml, *.json, *.csv, *.tsv and *.xlsx)"))
        elif path.is_file():
            found.append(str(path))
        elif os.path.lexists(p) and not os.path.exists(p):
            missing.append((p, "is a link to nothing (its target is missing)"))
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


def _walk(top: str, skip_real: str | None, missing: list[tuple[str, str]]) -> list[str]:
    """The answers files under ``top``, sorted; a folder that cannot be read
    is added to ``missing``, never skipped in silence."""
    out: list[str] = []

    def unreadable(exc: OSError) -> None:
        missing.append((exc.filename or top, f"cannot be read ({exc.strerror or exc}): the files in it were not read"))

    top_real = os.path.realpath(top)
    for folder, dirs, names in os.walk(top, onerror=unreadable):
        if skip_real is not None and skip_real != top_real:
            dirs[:] = [d for d in dirs if os.path.realpath(os.path.join(folder, d)) != skip_real]
        for name in names:
            if name.startswith((".", "~$")) or os.path.splitext(name)[1].lower() not in SUFFIXES + TABLE_SUFFIXES:
                continue  # '~$' names: the lock files Excel leaves beside an open workbook
            f = os.path.join(folder, name)
            if os.path.isfile(f):
                out.append(f)
    out.sort()
    return out


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


def encode(bank: Bank, answers: Answers, path: str, file: str | None = None, row: int = 0,
           marks: tuple[str, ...] = ()) -> Record:
    given = answers.answers
    places_of = bank.codes()
    codes = bytearray([UNANSWERED]) * len(places_of)
    if given:
        for i, (qid, places) in enumerate(places_of.items()):
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
        file=file,
        row=row,
        marks=marks,
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
_partnership: str | None = None


def _init(bank: Bank, worker: bool = False, partnership: str | None = None) -> None:
    global _bank, _partnership
    _bank, _partnership = bank, partnership
    _few_collections()
    if worker:
        # Stopping is the parent's work: Ctrl-C, a hang-up and 'timeout' (or
        # 'kill -TERM -PGID') reach the whole process group, and the parent,
        # which gets them too, ends the workers itself (see run).  A worker
        # ignores them, so none dies half-way through a file or prints a
        # traceback; they were held back (blocked) from the moment it was
        # made until now, so that not even the parent's handlers, inherited
        # through fork, can run in it.
        import signal

        for name in STOP_SIGNALS:
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_IGN)
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _stop_signals())


STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def _stop_signals() -> set[Any]:
    import signal

    return {getattr(signal, name) for name in STOP_SIGNALS if hasattr(signal, name)}


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


def _parse_chunk(paths: list[str]) -> list[Record | Skipped | Note | tuple[str, str]]:
    from .importers import labelled_responses

    assert _bank is not None
    out: list[Record | Skipped | Note | tuple[str, str]] = []
    for p in paths:
        try:
            responses, notes = labelled_responses(p, _bank, partnership=_partnership)
            # an export's rows are told apart by number, 'FILE row N' (never by a name it holds)
            out.extend(encode(_bank, r.answers, p if r.label == p else r.label, r.file, r.row, r.marks) for r in responses)
            out.extend(Note(note) for note in notes)
        except WrongKind as exc:
            if exc.kind in OWN_KINDS:
                out.append(Skipped(p, exc.kind))
            else:
                out.append((p, "; ".join(str(x) for x in exc.problems)))
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
    tag: str | None = None  # in the names of its temporary files
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
        write_atomic(target.parent / name, content, sync=False, tag=job.tag)
    write_atomic(target, rendered.content, sync=False, tag=job.tag)
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


def report_names(partnerships: Iterable[str], ext: str, taken: Callable[[str], bool] = lambda name: False) -> dict[str, str]:
    """A distinct, safe file name per partnership (never a path outside the
    folder), none of them a name ``taken`` refuses (an input's)."""
    names: dict[str, str] = {}
    used: set[str] = {"summary"}
    for name in sorted(partnerships):
        stem = safe_filename(name)
        candidate, n = stem, 1
        while candidate in used or taken(candidate + ext):
            n += 1
            candidate = f"{stem}-{n}"
        used.add(candidate)
        names[name] = candidate + ext
    return names


def _in_order(path: str) -> tuple[tuple[int, str], ...]:
    """A path as people sort it: numbers by value ('row 2' before 'row 10')."""
    import re

    return tuple((0, part) if i % 2 == 0 else (int(part), "") for i, part in enumerate(re.split(r"(\d+)", path)))


def group(records: Sequence[Record], outcome: Outcome) -> dict[str, list[Record]]:
    """Records by partnership, each respondent once.  Names that differ only
    in case, spacing, punctuation, "&" for "and" or Unicode form are one
    partnership; a record that is the same response as an earlier one (by
    path), as :func:`partnercheck.combine.once_each` decides, is left out
    (``outcome.repeated``); two that only answer alike are both kept
    (``outcome.alike``); then, as ``combine`` does
    (:func:`partnercheck.combine.named_alike`), the partnership is named by
    its most used spelling among the respondents counted once (the spellings
    go in ``outcome.spelt``), and so is each organisation
    (``outcome.spelt_organisations``)."""
    from .combine import evidence, named_alike, once_each, partnership_key
    from .files import digest

    digests: dict[str, str | None] = {}

    def digest_once(file: str) -> str | None:  # asked only of files whose answers repeat another's
        if file not in digests:
            digests[file] = digest(file)
        return digests[file]

    by_key: dict[str, list[Record]] = {}
    for r in records:
        by_key.setdefault(partnership_key(r.partnership), []).append(r)
    groups: dict[str, list[Record]] = {}
    for members in by_key.values():
        members.sort(key=lambda r: _in_order(r.path))  # an export's row 2 before its row 10
        kept, repeated, alike = once_each(
            members,
            key=lambda r: (
                partnership_key(r.respondent) if r.respondent else None,
                partnership_key(r.organisation) if r.organisation else None,
                r.answers,
            ),
            named=lambda r: bool(r.respondent),
            evidence=lambda r: evidence(r.file, r.row, r.marks, digest_once),
            label=lambda r: r.path,
        )
        outcome.repeated += repeated
        outcome.alike += alike
        # named as combine names them: by the spellings of the respondents counted once
        named, spelt_partnerships, spelt_organisations = named_alike(kept)
        outcome.spelt += spelt_partnerships
        outcome.spelt_organisations += spelt_organisations
        groups[named[0].partnership] = named
    outcome.spelt.sort()
    outcome.spelt_organisations.sort()
    outcome.repeated.sort()
    outcome.alike.sort()
    return groups


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
    inputs: Iterable[str | Path] = (),
    partnership: str | None = None,
    round_date: str | None = None,
    store: Any = None,
) -> Outcome:
    """Parse, group, assess and write; ``progress(stage, done, total)`` is called as work ends.

    No input is ever overwritten: a report whose name an input (``files``,
    and ``inputs``: the bank, the Word template) already has in ``out_dir``
    is given another name, and a summary that would replace an input is
    refused (an InputError) before anything is written.  However the batch
    ends (done, a bad file, Ctrl-C, SIGTERM), its workers are ended and the
    temporary files it was writing are removed: its own only, found by the
    run's tag in their names.

    Each partnership's round is ``round_date`` when given, else the latest
    date in its answers.  With a ``store`` (:class:`partnercheck.store.Store`),
    every assessment is also written to it, from this process, in one
    transaction (a partnership with no round date is listed, not stored).
    """
    _few_collections()
    outcome = Outcome()
    read: list[Record] = []
    chunk = max(1, min(200, len(files) // (jobs * 8) or 1))
    chunks = [list(files[i : i + chunk]) for i in range(0, len(files), chunk)]
    out_dir.mkdir(parents=True, exist_ok=True)
    tag = run_tag()

    pool = _pool(jobs)
    try:
        pool.start(bank, jobs, partnership)
        done = 0
        for items in pool.imap_unordered(_parse_chunk, chunks):
            for item in items:
                if isinstance(item, Record):
                    read.append(item)
                elif isinstance(item, Note):
                    outcome.notes.append(item.text)
                elif isinstance(item, Skipped):
                    outcome.skipped.append((item.path, item.kind))
                else:
                    outcome.bad_files.append(item)
            done += sum(not isinstance(item, Note) for item in items)
            if progress:
                progress("read", done, len(files))

        from .render.formats import get

        groups = group(read, outcome)
        del read
        # The inputs (real paths: each folder resolved once) that a file
        # written in out_dir could replace; a batch's own outputs are not.
        own = {path for path, kind in outcome.skipped if kind in BATCH_KINDS}
        folders: dict[str, str] = {}
        protected = {_realpath(f, folders) for f in files if f not in own}
        protected |= {os.path.realpath(p) for p in inputs if p is not None}
        where = os.path.realpath(out_dir)

        def taken(name: str) -> bool:
            path = os.path.join(where, name)
            return (os.path.realpath(path) if os.path.islink(path) else path) in protected

        for summary in SUMMARY_FILES:
            if taken(summary):
                from .errors import single

                raise single(str(out_dir / summary), f"is an input of this batch; writing the batch's {summary} there "
                             "would destroy it: choose another --out-dir (or rename the file)")
        names = report_names(groups, get(fmt).extension, taken=taken)
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
            for name, same in sorted(ids.spelt.items()):
                outcome.notes.append(f"{name!r} is stored as {same!r}, the spelling the store already holds "
                                     "for it (names that differ only in case, spacing or punctuation are one partnership)")
        work = (
            Job(name, str(out_dir / names[name]), fmt, charts, tuple(sorted(records, key=lambda r: r.path)), template, tag,
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
            pool.close()
            pool.join()
        if writer is not None:
            outcome.stored = writer.written

        outcome.summaries.sort(key=lambda s: s.partnership)
        outcome.bad_files.sort()
        outcome.skipped.sort()
        write_summaries(outcome.summaries, out_dir, bank, tag=tag)
    finally:
        pool.kill()  # nothing left running, whatever stopped the batch
        remove_temporary(out_dir, tag)
    return outcome


SUMMARY_FILES = ("summary.csv", "summary.json", "scores.csv")


def run_tag() -> str:
    """A name for this run, in its temporary files' names: the process id and
    a random part, so that no other batch's temporary files share it."""
    import secrets

    return f"partnercheck-{os.getpid()}-{secrets.token_hex(4)}"


class _Inline:
    """A stand-in for a pool when running in one process (jobs=1)."""

    def start(self, bank: Bank, jobs: int, partnership: str | None = None) -> None:
        _init(bank, partnership=partnership)

    def imap_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any], chunksize: int = 1) -> Iterator[Any]:
        return map(fn, items)

    def close(self) -> None:
        return None

    def join(self) -> None:
        return None

    def kill(self) -> None:
        return None


class _Pool:
    """A process pool that can always be ended.

    ``multiprocessing.Pool.terminate`` waits for a lock that a worker killed
    while reading its next task never gives back (a hang, not an end), and
    leaves the pool's exit handler to do the same at interpreter exit.  So
    after a normal end the pool is closed and joined (each worker takes its
    'no more work' and leaves); after an interruption its workers are killed
    outright, waited for, and the pool's exit handler is cancelled.
    """

    def __init__(self) -> None:
        self.pool: Any = None
        self.closed = False

    def start(self, bank: Bank, jobs: int, partnership: str | None = None) -> None:
        """Make the workers, with Ctrl-C, SIGTERM and SIGHUP held back
        meanwhile: one arriving now is taken once ``self.pool`` is set, so the
        workers made so far can always be ended."""
        import signal

        method = "fork" if "fork" in _start_methods() else "spawn"
        block = hasattr(signal, "pthread_sigmask")
        before = signal.pthread_sigmask(signal.SIG_BLOCK, _stop_signals()) if block else None
        try:
            self.pool = get_context(method).Pool(jobs, initializer=_init, initargs=(bank, True, partnership))
        finally:
            if block:
                signal.pthread_sigmask(signal.SIG_SETMASK, before)  # type: ignore[arg-type]

    def imap_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any], chunksize: int = 1) -> Iterator[Any]:
        return self.pool.imap_unordered(fn, items, chunksize=chunksize)

    def close(self) -> None:
        self.pool.close()

    def join(self) -> None:
        self.pool.join()
        self.closed = True

    def kill(self) -> None:
        if self.closed or self.pool is None:
            return
        self.closed = True
        from multiprocessing import pool as mp_pool

        # First stop the pool's thread that replaces workers that died.
        handler = getattr(self.pool, "_worker_handler", None)
        if handler is not None:
            handler._state = mp_pool.TERMINATE
            notifier = getattr(self.pool, "_change_notifier", None)
            if notifier is not None:
                notifier.put(None)
            handler.join(5)
        for worker in list(getattr(self.pool, "_pool", ())):
            try:
                worker.kill()
                worker.join(10)
            except (OSError, ValueError, AssertionError):
                pass
        finaliser = getattr(self.pool, "_terminate", None)
        if handler is not None and finaliser is not None and hasattr(finaliser, "cancel"):
            finaliser.cancel()
            self.pool._state = mp_pool.TERMINATE
        else:  # pragma: no cover - a Pool without the attributes of CPython's
            self.pool.terminate()


def _pool(jobs: int) -> Any:
    """A pool not yet started (its ``start`` makes the workers)."""
    return _Inline() if jobs <= 1 else _Pool()


def _start_methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


# --------------------------------------------------------------------------
# Summaries
# --------------------------------------------------------------------------


def summary_rows(summaries: Sequence[Summary], bank: Bank) -> tuple[list[str], list[list[Any]]]:
    lesson_ids = [l.id for l in bank.lessons]
    header = list(SUMMARY_HEADER)
    for lid in lesson_ids:
        header += [f"{lid}_score", f"{lid}_band"]
    header += SUMMARY_TAIL
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
    spreadsheet or a data tool, with a byte-order mark for Excel and
    formulas guarded as in summary.csv (``partnercheck store scores``
    writes the same columns for every round in a store)."""
    rows = (
        [s.partnership, s.round_date, bank.version, lesson.id, lesson.name, *s.lessons.get(lesson.id, (None, None))]
        for s in summaries
        for lesson in bank.lessons
    )
    return csv_text(SCORES_HEADER, rows, bom=True)


def write_summaries(summaries: Sequence[Summary], out_dir: Path, bank: Bank, *, tag: str | None = None) -> None:
    header, rows = summary_rows(summaries, bank)
    write_atomic(out_dir / "summary.csv", csv_text(header, rows), tag=tag)
    write_atomic(out_dir / "scores.csv", scores_csv(summaries, bank), tag=tag)
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
    # "kind" says what the file is, so that a later batch never reads it as answers
    text = json.dumps({"kind": "summary", "partnerships": data}, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    write_atomic(out_dir / "summary.json", text, tag=tag)


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

    def stop() -> None:
        try:
            bar.stop()
        except (OSError, ValueError):  # the terminal is gone (a hang-up)
            pass

    return update, stop


def show_table(outcome: Outcome, out_dir: Path, bank_path: Path | None = None) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .bands import Bands, shown
    from .bank import load_bank
    from .messages import counted
    from .render import clean

    bands = Bands.of(load_bank(bank_path))

    if not outcome.summaries:
        return  # nothing written: the lines below the table say why
    # every cell a Text: a folder's or a custom bank's words are never read as Rich markup
    count = len(outcome.summaries)
    title = f"{counted(count, 'partnership')} in {out_dir}"
    table = Table(title=Text(clean(title)), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_lines=True)
    # A partnership's name with its report's file name under it: both wrap
    # (folded where they have no space) rather than being cut off, so at 80
    # columns the report's name is still whole.
    table.add_column("Partnership / report", overflow="fold")
    for col, justify in (("People", "right"), ("Score", "right"), ("Band", "left"),
                         ("Option", "right"), ("Ready", "right"), ("Warnings", "right")):
        table.add_column(col, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for s in outcome.summaries:
        name = Text(clean(s.partnership))
        name.append("\n" + s.report, style="dim")
        table.add_row(name, str(s.respondents), "-" if s.score is None else str(shown(s.score)), Text(clean(bands.label(s.band))),
                      str(s.option or "-"), str(s.ready_for), str(len(s.warnings)))
    from .output import screen_width, use_colour

    # the screen's width (or COLUMNS); a pipe or file gets whole names
    width = screen_width() or 160
    Console(highlight=False, no_color=not use_colour(), width=width).print(table)


def report_outcome(outcome: Outcome, out_dir: Path, *, fail_under: float | None, quiet: bool, bank_path: Path | None = None,
                   db: str | None = None) -> int:
    """Tell the person what was written and what could not be used; the exit code."""
    from .messages import counted
    from .output import EXIT_FAILED, EXIT_OK, alike_responses, repeated_response, say, spelt_alike

    if not quiet:
        show_table(outcome, out_dir, bank_path)
    for note in outcome.notes:
        say(f"partnercheck: {note}")
    code = EXIT_OK
    if outcome.skipped:
        from .answers import KINDS

        shown_at_most = 5
        say(f"partnercheck: {counted(len(outcome.skipped), 'file')} that partnercheck wrote {'was' if len(outcome.skipped) == 1 else 'were'} not read as answers:")
        for path, kind in outcome.skipped[:shown_at_most]:
            say(f"  {path}: {KINDS[kind][0]}")
        if len(outcome.skipped) > shown_at_most:
            say(f"  and {len(outcome.skipped) - shown_at_most} more")
    for spellings in outcome.spelt:
        say(f"partnercheck: {spelt_alike(spellings)}")
    for spellings in outcome.spelt_organisations:
        say(f"partnercheck: {spelt_alike(spellings, 'organisation')}")
    for again, first, why in outcome.repeated:
        say(f"partnercheck: {repeated_response(again, first, why)}")
    for line in alike_responses(outcome.alike):
        say(f"partnercheck: {line}")
    if outcome.bad_files:
        say(f"partnercheck: {counted(len(outcome.bad_files), 'file')} could not be used:")
        for path, reason in outcome.bad_files:
            say(f"  {path}: {reason}")
        code = EXIT_FAILED
    if fail_under is not None:
        from .bands import banded, shown

        # judged on the score as the reports show it (49.5 reads 50)
        low = [s for s in outcome.summaries if s.score is None or banded(s.score) < fail_under]
        if low:
            say(f"partnercheck: {counted(len(low), 'partnership')} scored below {fail_under:g}:")
            for s in low:
                say(f"  {s.partnership}: {'not assessed' if s.score is None else shown(s.score)}")
            code = EXIT_FAILED
    if outcome.unstored:
        say(f"partnercheck: {counted(len(outcome.unstored), 'partnership')} not stored in {db}:")
        for name, reason in outcome.unstored:
            say(f"  {name}: {reason}")
        code = EXIT_FAILED
    say(f"Wrote {counted(len(outcome.summaries), 'report')}, summary.csv, summary.json and scores.csv to {out_dir}")
    if db is not None:
        say(f"Stored {counted(outcome.stored, 'assessment')} in {db}")
    return code
