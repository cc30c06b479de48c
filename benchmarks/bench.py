"""partnercheck's speed benchmark (not a test: it prints figures for the README).

    python benchmarks/bench.py                 # 10,000 files: 1,000 partnerships x 10
    python benchmarks/bench.py --files 2000    # quicker
    python benchmarks/bench.py --only startup
    python benchmarks/bench.py --only trend    # trend over 8 rounds against assess
    python benchmarks/bench.py --only store    # batch --db: 1,000 partnerships x 8 rounds
    python benchmarks/bench.py --only export   # a 5,000-row survey export, .xlsx and .csv

Batch: generates N synthetic answer files from the default bank, then times,
in the same run and alternating, ``partnercheck batch`` over them and a plain
Python floor that only reads and parses the same files with PyYAML's C loader
and writes one file per partnership.  Batch runs with its defaults (charts
on: with Markdown, two SVG files beside each report); ``--no-charts`` measures
it with ``--no-chart`` (one file per partnership, like the floor).  The floor
is the same either way.  Reports the median of each, the ratio, the same for
CPU time (user and system, all of a run's processes together: steadier than
wall time on a machine doing other work), and the peak memory (largest
resident set of any one process) of ``batch``.  The package's bytecode is
compiled first, as pip compiles an installed package.

Store: eight rounds of 1,000 partnerships (three respondents each, a quarter
apart), each round one ``batch``, all into one new store with ``--db``,
against the same eight batches without ``--db``, each round's pair run back
to back (which first alternating); reports the median of the pairs' ratios
(robust to a machine whose load changes over minutes), the totals and the
CPU time.

Start-up: times ``partnercheck --help`` and ``--version`` against a bare
two-command Typer app's ``--help``, and ``assess --answers FILE --format
json`` against the bare app running one of its commands (on Typer 0.29 a
command, unlike ``--help``, loads pydantic to coerce its parameters).  The
bare app runs on the same interpreter, so on the same Typer; runs alternate,
and each run is set against the bare run of its own round.

Trend: times ``trend`` over 8 saved results of one partnership (a quarter
apart) against ``assess --answers FILE``, both ``--format json`` and
alternating (the goal: within 1.3x), and ``trend`` drawing the terminal report.

Export: a Microsoft Forms-like response export of 5,000 rows (``--export-rows``;
ID, times, e-mail and name, Partnership, Organisation, then every question
headed by its text and [id], cells holding labels), written as .xlsx (by
openpyxl, whose cells are inline strings; Excel and the survey tools write
shared strings, which read about twice as fast) and as .csv.  Times, in
process, reading the file into rows (``files.read_table``) and matching them
to the bank (``read_table_responses``), and the whole ``combine EXPORT
--format json`` command, each the median of the rounds.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOOR = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    import yaml
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    groups = {}
    for f in sorted(src.rglob("*.yaml")):
        with open(f, "rb") as fh:
            data = yaml.load(fh, Loader=yaml.CSafeLoader)
        groups.setdefault(data["partnership"], []).append(data["answers"])
    for i, (name, answers) in enumerate(sorted(groups.items())):
        (out / f"{i}.json").write_text(json.dumps({"partnership": name, "answers": answers}))
    """
)

BARE_TYPER = textwrap.dedent(
    """
    import typer
    app = typer.Typer()

    @app.command()
    def hello(name: str) -> None:
        "Say hello."
        print(name)

    @app.command()
    def bye(name: str) -> None:
        "Say goodbye."
        print(name)

    app()
    """
)


def generate(folder: Path, files: int, per_partnership: int, seed: int = 7, date: str = "2026-11-01") -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from partnercheck.bank import load_bank

    bank = load_bank()
    rng = random.Random(seed)
    questions = []
    for q in bank.questions():
        values = [o.value for o in (bank.scale(q.scale).options if hasattr(q, "scale") else q.options)]
        questions.append((q.id, values))
    orgs = ["Council", "Police", "Health Board", "Fire and Rescue", "Voluntary Action"]
    for i in range(files):
        p = i // per_partnership
        lean = (p % 5) - 2  # partnerships differ in how well they do
        lines = [
            f"partnership: Partnership {p:04d} of {files // per_partnership}",
            f"respondent: Respondent {i}",
            f"organisation: {orgs[i % len(orgs)]}",
            f"date: {date}",
            "answers:",
        ]
        for qid, values in questions:
            if rng.random() < 0.05:
                continue
            if qid.startswith("continuum."):
                lines.append(f"  {qid}: {rng.choice(values)}")
            else:
                k = min(4, max(0, rng.randint(0, 4) + lean // 2))
                lines.append(f"  {qid}: {values[k] if rng.random() > 0.05 else values[-1]}")
        sub = folder / f"p{p // 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"answers-{i:05d}.yaml").write_text("\n".join(lines) + "\n")


def timed(cmd: list[str], **kw) -> tuple[float, int, float]:
    """Wall time, the peak resident set (KiB) of the command's processes, and
    the CPU time (user and system) of all of them together."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, after.ru_maxrss if after.ru_maxrss > before.ru_maxrss else 0, cpu


def compile_package() -> None:
    """Compile the package's bytecode, as pip does when it installs it: a
    checkout run with PYTHONDONTWRITEBYTECODE would compile every changed
    module in every process (batch's workers too) on every run."""
    import compileall

    import partnercheck as package

    compileall.compile_dir(Path(package.__file__).parent, quiet=1)


def partnercheck() -> list[str]:
    exe = shutil.which("partnercheck")
    return [exe] if exe else [sys.executable, "-m", "partnercheck"]


def bench_batch(files: int, rounds: int, fmt: str, charts: bool = True) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "answers"
        print(f"generating {files} answer files ...", flush=True)
        generate(src, files, 10)
        floor_py = Path(tmp) / "floor.py"
        floor_py.write_text(FLOOR)
        compile_package()
        ours, floor, peaks, ours_cpu, floor_cpu = [], [], [], [], []
        for r in range(rounds):
            # Files written so far (the answers, the last round's reports) go
            # to disk now, not while the next run is timed.
            os.sync()
            out1, out2 = Path(tmp) / f"ours{r}", Path(tmp) / f"floor{r}"
            extra = [] if charts else ["--no-chart"]
            t, peak, cpu = timed([*partnercheck(), "batch", str(src), "--out-dir", str(out1), "--format", fmt, "-q", *extra])
            ours.append(t)
            peaks.append(peak)
            ours_cpu.append(cpu)
            t, _, cpu = timed([sys.executable, str(floor_py), str(src), str(out2)])
            floor.append(t)
            floor_cpu.append(cpu)
            written = len([f for f in out1.glob(f"*.{'md' if fmt == 'markdown' else fmt}") if not f.name.startswith("summary")])
            print(
                f"  round {r + 1}: batch {ours[-1]:.2f} s ({written} reports; CPU {ours_cpu[-1]:.2f} s), "
                f"floor {floor[-1]:.2f} s (CPU {floor_cpu[-1]:.2f} s)",
                flush=True,
            )
            # Every round's files stay until the end: files deleted between
            # rounds would make the next round's new files slower to create
            # (a file system passes over recently freed inodes), the more so
            # for batch, which writes three files per partnership.
        mo, mf = statistics.median(ours), statistics.median(floor)
        label = fmt if fmt == "json" else f"{fmt}{', charts on (defaults)' if charts else ', --no-chart'}"
        print(f"batch ({label}, {files} files): median {mo:.2f} s; floor median {mf:.2f} s; ratio {mo / mf:.2f}x")
        # CPU time, every process together: what the work costs, whatever else the machine is doing
        co, cf = statistics.median(ours_cpu), statistics.median(floor_cpu)
        print(f"batch CPU time (all its processes): median {co:.2f} s; floor {cf:.2f} s; ratio {co / cf:.2f}x")
        print(f"batch peak memory (largest process): {max(peaks) / 1024:.0f} MiB")


def bench_store(partnerships: int, per_partnership: int, store_rounds: int, repeats: int) -> None:
    """batch --db: ``store_rounds`` rounds of ``partnerships`` partnerships
    (a quarter apart), each round one batch, all into one new store, against
    the same batches without --db; alternating, ``repeats`` times."""
    import datetime as dt
    import sqlite3

    with tempfile.TemporaryDirectory() as tmp:
        base = dt.date(2025, 3, 31)
        folders = []
        print(f"generating {store_rounds} rounds of {partnerships} partnerships x {per_partnership} respondents ...", flush=True)
        for k in range(store_rounds):
            when = (base + dt.timedelta(days=91 * k)).isoformat()
            folder = Path(tmp) / f"round-{k + 1}"
            generate(folder, partnerships * per_partnership, per_partnership, seed=7 + k, date=when)
            folders.append(folder)
        compile_package()
        plain, stored, plain_cpu, stored_cpu, ratios, last_ratios = [], [], [], [], [], []
        for r in range(repeats):
            os.sync()
            db = Path(tmp) / f"programme-{r}.db"
            totals = {False: 0.0, True: 0.0}
            cpus = {False: 0.0, True: 0.0}
            for k, folder in enumerate(folders):
                # each round's batch with --db beside the same batch without,
                # back to back, which first alternating: the machine's load
                # changes over minutes, so each pair is compared on its own
                pair = {}
                for with_db in ((False, True) if (k + r) % 2 == 0 else (True, False)):
                    out = Path(tmp) / f"out-{r}-{int(with_db)}-{k}"
                    extra = ["--db", str(db)] if with_db else []
                    t, _, cpu = timed([*partnercheck(), "batch", str(folder), "--out-dir", str(out), "-q", *extra],
                                      stderr=subprocess.DEVNULL)
                    pair[with_db] = t
                    totals[with_db] += t
                    cpus[with_db] += cpu
                ratios.append(pair[True] / pair[False])
            last_ratios.append(ratios[-1])
            plain.append(totals[False])
            stored.append(totals[True])
            plain_cpu.append(cpus[False])
            stored_cpu.append(cpus[True])
            with sqlite3.connect(db) as conn:
                count = conn.execute("select count(*) from assessments").fetchone()[0]
            print(
                f"  repeat {r + 1}: without --db {plain[-1]:.2f} s (CPU {plain_cpu[-1]:.2f} s), "
                f"with --db {stored[-1]:.2f} s (CPU {stored_cpu[-1]:.2f} s); rounds' ratios "
                + " ".join(f"{x:.2f}" for x in ratios[-len(folders):])
                + f"; {count} assessments, {db.stat().st_size / 2**20:.0f} MiB",
                flush=True,
            )
        mp, ms = statistics.median(plain), statistics.median(stored)
        print(f"batch --db, {store_rounds} rounds x {partnerships} partnerships x {per_partnership} respondents "
              f"(Markdown, charts on): {store_rounds} batches in a median {ms:.2f} s; without --db {mp:.2f} s")
        print(f"median of the {len(ratios)} rounds' ratios (each batch with --db / the same batch without, run "
              f"back to back): {statistics.median(ratios):.2f}x (range {min(ratios):.2f}x-{max(ratios):.2f}x)")
        cp, cs = statistics.median(plain_cpu), statistics.median(stored_cpu)
        print(f"CPU time (all processes): with --db {cs:.2f} s; without {cp:.2f} s; ratio {cs / cp:.2f}x")
        print("the last round (the store at its largest): ratios " + " ".join(f"{x:.2f}" for x in last_ratios))


def bench_startup(rounds: int) -> None:
    import typer

    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_TYPER)
        answers = ROOT / "examples" / "northtown-officer.yaml"
        references = {
            "bare app --help": [sys.executable, str(bare), "--help"],
            "bare app hello NAME": [sys.executable, str(bare), "hello", "partnership"],
        }
        cases = {  # each against the bare run it is compared with
            "--help": ([*partnercheck(), "--help"], "bare app --help"),
            "--version": ([*partnercheck(), "--version"], "bare app --help"),
            "assess --answers FILE --format json": (
                [*partnercheck(), "assess", "--answers", str(answers), "--format", "json"],
                "bare app hello NAME",
            ),
        }
        compile_package()
        base: dict[str, list[float]] = {k: [] for k in references}
        times: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(rounds):  # alternate: the bare runs, then each case
            for name, cmd in references.items():
                base[name].append(timed(cmd)[0])
            for name, (cmd, _ref) in cases.items():
                times[name].append(timed(cmd)[0])
        print(f"Typer {typer.__version__}, Python {sys.version.split()[0]}")
        for name, values in base.items():
            print(f"{name}: median {statistics.median(values) * 1000:.0f} ms")
        for name, values in times.items():
            ref = base[cases[name][1]]
            m = statistics.median(values)
            # each run against the bare run of its own round, then the median
            ratio = statistics.median(v / b for v, b in zip(values, ref))
            print(f"partnercheck {name}: median {m * 1000:.0f} ms, median ratio to {cases[name][1]} {ratio:.2f}x")


def bench_trend(rounds: int, count: int = 8) -> None:
    """``trend`` over ``count`` rounds (saved JSON results of one partnership,
    a quarter apart) against ``assess --answers FILE``, both ``--format
    json``, alternating; each run against the assess run of its round."""
    sys.path.insert(0, str(ROOT / "src"))
    import yaml

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        example = ROOT / "examples" / "northtown-officer.yaml"
        data = yaml.safe_load(example.read_text(encoding="utf-8"))
        rng = random.Random(11)
        values = ["strongly-disagree", "disagree", "neutral", "agree", "strongly-agree"]
        results = []
        for i in range(count):
            answers = dict(data["answers"])
            for qid, value in answers.items():
                if value in values and rng.random() < 0.3:
                    answers[qid] = values[min(4, max(0, values.index(value) + rng.choice((-1, 1))))]
            year, quarter = 2025 + i // 4, i % 4
            round_file = folder / f"round-{i}.yaml"
            round_file.write_text(yaml.safe_dump({**data, "date": f"{year}-{3 * quarter + 1:02d}-01", "answers": answers}))
            result = folder / f"round-{i}.json"
            subprocess.run([*partnercheck(), "assess", "--answers", str(round_file), "--format", "json", "-o", str(result)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            results.append(str(result))
        compile_package()
        json_ref, text_ref = "assess --answers FILE --format json", "assess --answers FILE (terminal)"
        cases = {  # each with the assess run it is set against
            json_ref: ([*partnercheck(), "assess", "--answers", str(example), "--format", "json"], json_ref),
            text_ref: ([*partnercheck(), "assess", "--answers", str(example)], text_ref),
            f"trend {count} results --format json": ([*partnercheck(), "trend", *results, "--format", "json"], json_ref),
            f"trend {count} results (terminal)": ([*partnercheck(), "trend", *results], text_ref),
        }
        times: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(rounds):
            for name, (cmd, _ref) in cases.items():
                times[name].append(timed(cmd)[0])
        for name, values in times.items():
            ref = cases[name][1]
            ratio = statistics.median(v / b for v, b in zip(values, times[ref]))
            print(f"partnercheck {name}: median {statistics.median(values) * 1000:.0f} ms, median ratio to {ref} {ratio:.2f}x")


def export_rows(rows: int, seed: int = 5) -> list[list[object]]:
    """A Microsoft Forms-like export: the header, then ``rows`` responses."""
    import datetime as dt

    sys.path.insert(0, str(ROOT / "src"))
    from partnercheck.bank import load_bank
    from partnercheck.models import Statement

    bank = load_bank()
    rng = random.Random(seed)
    questions = [(q, [o.label for o in (bank.scale(q.scale).options if isinstance(q, Statement) else q.options)])
                 for q in bank.questions()]
    out: list[list[object]] = [["ID", "Start time", "Completion time", "Email", "Name", "Partnership", "Organisation",
                                *(f"{q.text} [{q.id}]" for q, _ in questions)]]
    start = dt.datetime(2026, 11, 2, 9)
    for n in range(rows):
        began = start + dt.timedelta(minutes=n)
        out.append([n + 1, began, began + dt.timedelta(minutes=12), f"p{n}@example.org", f"Person {n}",
                    "Northtown CSP", f"Organisation {n % 40}", *(rng.choice(labels) for _, labels in questions)])
    return out


def bench_export(rows: int, rounds: int) -> None:
    import csv

    import openpyxl

    from partnercheck.bank import load_bank
    from partnercheck.files import read_table
    from partnercheck.importers import read_table_responses

    table = export_rows(rows)
    bank = load_bank()
    with tempfile.TemporaryDirectory() as tmp:
        xlsx, text = Path(tmp) / "responses.xlsx", Path(tmp) / "responses.csv"
        book = openpyxl.Workbook()
        for row in table:
            book.active.append(row)
        book.save(xlsx)
        with open(text, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([[c.isoformat(" ") if hasattr(c, "isoformat") else c for c in row] for row in table])
        compile_package()
        for path in (xlsx, text):
            read, matched, command = [], [], []
            for _ in range(rounds):
                began = time.perf_counter()
                found = read_table(path)
                read.append(time.perf_counter() - began)
                began = time.perf_counter()
                read_table_responses(found, bank, str(path))
                matched.append(time.perf_counter() - began)
                command.append(timed([*partnercheck(), "combine", str(path), "--format", "json"])[0])
            print(f"{rows:,}-row {path.suffix} export: read {statistics.median(read):.2f} s, matched "
                  f"{statistics.median(matched):.2f} s; combine --format json {statistics.median(command):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--startup-rounds", type=int, default=21)
    parser.add_argument("--format", default="markdown", choices=["markdown", "json", "html"])
    parser.add_argument(
        "--no-charts",
        dest="charts",
        action="store_false",
        help="run batch with --no-chart (by default it runs with its defaults, charts on: "
        "with Markdown, two more files per partnership than the floor writes)",
    )
    parser.add_argument("--only", choices=["batch", "startup", "trend", "store", "export"])
    parser.add_argument("--export-rows", type=int, default=5000, help="export: rows of the survey export")
    parser.add_argument("--partnerships", type=int, default=1000, help="store: partnerships per round")
    parser.add_argument("--respondents", type=int, default=3, help="store: respondents per partnership")
    parser.add_argument("--store-rounds", type=int, default=8, help="store: rounds, one batch each")
    args = parser.parse_args()
    if args.only in (None, "batch"):
        bench_batch(args.files, args.rounds, args.format, args.charts)
    if args.only in (None, "startup"):
        bench_startup(args.startup_rounds)
    if args.only in (None, "trend"):
        bench_trend(args.startup_rounds)
    if args.only in (None, "store"):
        bench_store(args.partnerships, args.respondents, args.store_rounds, args.rounds)
    if args.only in (None, "export"):
        bench_export(args.export_rows, args.rounds)


if __name__ == "__main__":
    main()
