"""Regenerate the sample reports in reports/ from the files in examples/.

    python reports/regenerate.py           write the reports into reports/
    python reports/regenerate.py --check   exit 1 (listing them) if any is out of date

It also writes questions/bank.json, the shipped bank already parsed, which
partnercheck reads at start-up instead of the YAML when it was made from the
same bank.yaml.

Each report is one ``partnercheck`` command, run in-process from the project
root with ``-o`` pointing into the output folder, so anything a command writes
beside its report (chart files, for instance) lands there too.  To add a
report, add one line to REPORTS.  Reports carry only the dates written in the
answers files, so the output is the same on every run.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent

OFFICER = "examples/northtown-officer.yaml"
OFFICER_LATER = "examples/northtown-officer-2027q1.yaml"
COMBINE = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples" / "combine").glob("*.yaml"))

# (report file name, partnercheck arguments before -o; paths relative to the project root)
REPORTS: list[tuple[str, list[str]]] = [
    ("northtown-officer.md", ["assess", "--answers", OFFICER, "--format", "markdown", "--no-chart"]),
    ("northtown-officer.json", ["assess", "--answers", OFFICER, "--format", "json"]),
    ("northtown-officer.txt", ["assess", "--answers", OFFICER, "--format", "terminal"]),
    ("northtown-combined.md", ["combine", *COMBINE, "--format", "markdown", "--no-chart"]),
    ("northtown-what-moved.md", ["compare", OFFICER, OFFICER_LATER, "--format", "markdown", "--no-chart"]),
    # Writes northtown-trend.trend.svg beside it.
    ("northtown-trend.md", ["trend", OFFICER, OFFICER_LATER, "--format", "markdown"]),
    ("northtown-officer.html", ["assess", "--answers", OFFICER, "--format", "html"]),
    ("northtown-combined.html", ["combine", *COMBINE, "--format", "html"]),
    ("northtown-officer.docx", ["assess", "--answers", OFFICER, "--format", "docx"]),
    # Writes northtown-officer-with-charts.lessons.svg and .continuum.svg beside it.
    ("northtown-officer-with-charts.md", ["assess", "--answers", OFFICER, "--format", "markdown"]),
]

# Files in reports/ that are not generated.  northtown-officer.png is a
# screenshot of northtown-officer.html in headless Chromium, taken by hand:
#   chromium --headless --no-sandbox --hide-scrollbars --window-size=1200,1600 \
#     --screenshot=reports/northtown-officer.png reports/northtown-officer.html
# northtown-officer.docx.pdf is the Word sample as LibreOffice prints it, made by hand:
#   soffice --headless --convert-to pdf reports/northtown-officer.docx  (then renamed)
NOT_GENERATED = {"regenerate.py", "README.md", "northtown-officer.png", "northtown-officer.docx.pdf"}


def generate(out_dir: Path) -> list[Path]:
    """Write every report into ``out_dir``; return the files now there."""
    from typer.testing import CliRunner

    from partnercheck.cli import app

    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    runner = CliRunner()
    # NO_COLOR and a fixed width keep the terminal report free of the caller's terminal.
    env = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}
    with contextlib.chdir(ROOT):
        for name, args in REPORTS:
            result = runner.invoke(app, [*args, "-o", str(out_dir / name)], env=env)
            if result.exit_code != 0:
                raise RuntimeError(
                    f"partnercheck {' '.join(args)} failed ({result.exit_code}):\n{result.stderr}"
                ) from result.exception
    return sorted(p for p in out_dir.iterdir() if p.is_file() and p.name not in NOT_GENERATED)


def differences(expected_dir: Path, actual_dir: Path = HERE) -> list[str]:
    """What differs between freshly generated reports and those in ``actual_dir``."""
    fresh = {p.name for p in Path(expected_dir).iterdir() if p.is_file()}
    kept = {
        p.name
        for p in Path(actual_dir).iterdir()
        if p.is_file() and p.name not in NOT_GENERATED and not p.name.startswith(".")
    }
    out = [f"missing: {name}" for name in sorted(fresh - kept)]
    out += [f"not generated any more: {name}" for name in sorted(kept - fresh)]
    for name in sorted(fresh & kept):
        if not filecmp.cmp(Path(expected_dir) / name, Path(actual_dir) / name, shallow=False):
            out.append(f"differs: {name}")
    return out


BANK_YAML = ROOT / "questions" / "bank.yaml"
BANK_JSON = ROOT / "questions" / "bank.json"


def parsed_bank() -> str:
    from partnercheck.bank import parsed_copy_text

    return parsed_copy_text(BANK_YAML)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if reports/ is out of date")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            generate(Path(tmp))
            problems = differences(Path(tmp))
        if not BANK_JSON.is_file() or BANK_JSON.read_text(encoding="utf-8") != parsed_bank():
            problems.append("differs: questions/bank.json")
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print("reports/ is out of date: run python reports/regenerate.py", file=sys.stderr)
            return 1
        print("reports/ is up to date")
        return 0
    BANK_JSON.write_text(parsed_bank(), encoding="utf-8")
    print(f"wrote {BANK_JSON.relative_to(ROOT)}")
    for path in generate(HERE):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
