"""partnercheck batch: grouping, summaries, bad files, exit codes, safe names, kill safety."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT
from partnercheck.batch import report_names
from partnercheck.bank import load_bank
from partnercheck.cli import app

runner = CliRunner()


def values_by_question():
    bank = load_bank()
    return dict(bank.values())


def write_answers(folder: Path, name: str, partnership: str, level: int, **extra) -> Path:
    """An answers file with every statement at scale position `level` (0-4)."""
    answers = {}
    for qid, values in values_by_question().items():
        if qid.startswith("continuum."):
            answers[qid] = values[0]
        else:
            answers[qid] = values[level]
    data = {"partnership": partnership, "answers": answers, **extra}
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data) if name.endswith(".json") else yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.fixture
def answers_dir(tmp_path: Path) -> Path:
    src = tmp_path / "answers"
    write_answers(src, "a1.yaml", "Alpha Partnership", 3, organisation="Council")
    write_answers(src, "a2.yml", "Alpha Partnership", 1, organisation="Police")
    write_answers(src / "sub", "b1.yaml", "Beta Partnership", 4)
    write_answers(src / "sub" / "deeper", "c1.json", "Gamma Partnership", 0)
    (src / "notes.txt").write_text("not an answers file, and not read")
    return src


def read_summary(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def test_batch_groups_by_partnership_and_writes_reports_and_summaries(answers_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(answers_dir), "--out-dir", str(out), "--no-chart", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    reports = sorted(p.name for p in out.glob("*.md"))
    assert reports == ["alpha-partnership.md", "beta-partnership.md", "gamma-partnership.md"]
    rows = {r["partnership"]: r for r in read_summary(out)}
    assert set(rows) == {"Alpha Partnership", "Beta Partnership", "Gamma Partnership"}
    # Alpha combines two respondents: agree (75) and disagree (25) everywhere
    assert rows["Alpha Partnership"]["respondents"] == "2"
    assert float(rows["Alpha Partnership"]["score"]) == pytest.approx(50.0)
    assert rows["Beta Partnership"]["trust_band"] == "strength"
    assert rows["Gamma Partnership"]["band"] == "gap"
    summary = json.loads((out / "summary.json").read_text())
    beta = next(p for p in summary["partnerships"] if p["partnership"] == "Beta Partnership")
    assert beta["lessons"]["trust"] == {"score": 100.0, "band": "strength"}
    # every continuum question answered with its first option: the lead decides
    # alone, and partners would not hand it control, so no more than consulting
    assert beta["option"] == 1 and beta["ready_for"] == 2
    # the combined report does not name the organisations of groups below 3
    alpha = (out / "alpha-partnership.md").read_text()
    assert "Answered by | 2 respondents combined" in alpha
    assert "Police" not in alpha


def test_one_bad_file_does_not_stop_the_batch(answers_dir: Path, tmp_path: Path) -> None:
    (answers_dir / "broken.yaml").write_text("partnership: Delta\nanswers: {trust.conflict-raised: maybe}\n")
    (answers_dir / "syntax.yaml").write_text("partnership: [unclosed\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(answers_dir), "--out-dir", str(out), "--no-chart", "--jobs", "1"])
    assert result.exit_code == 1
    assert "broken.yaml" in result.stderr and "'maybe' is not an option" in result.stderr
    assert "syntax.yaml" in result.stderr and "YAML syntax error" in result.stderr
    assert len(list(out.glob("*.md"))) == 3
    assert "Traceback" not in result.stderr


def test_fail_under(answers_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    low = runner.invoke(app, ["batch", str(answers_dir), "-d", str(out), "--no-chart", "-j", "1", "--fail-under", "40"])
    assert low.exit_code == 1
    assert "Gamma Partnership" in low.stderr and "below 40" in low.stderr
    ok = runner.invoke(app, ["batch", str(answers_dir / "sub" / "b1.yaml"), "-d", str(out), "--no-chart", "-j", "1", "--fail-under", "40"])
    assert ok.exit_code == 0, ok.stderr


def test_paths_from_stdin(answers_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    listing = f"{answers_dir / 'a1.yaml'}\n{answers_dir / 'sub' / 'b1.yaml'}\n"
    result = runner.invoke(app, ["batch", "-", "-d", str(out), "--no-chart", "-j", "1", "-q"], input=listing)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.glob("*.md")) == ["alpha-partnership.md", "beta-partnership.md"]
    assert result.stdout == ""  # quiet: no table


def test_nothing_to_read_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["batch", str(tmp_path / "empty"), "-d", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no answer files found" in result.stderr


def test_missing_path_is_reported_and_the_rest_written(answers_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(answers_dir / "a1.yaml"), str(tmp_path / "nope.yaml"), "-d", str(out), "--no-chart", "-j", "1"])
    assert result.exit_code == 1
    assert "nope.yaml: no such file or folder" in result.stderr
    assert (out / "alpha-partnership.md").exists()


def test_hostile_partnership_names_stay_inside_the_output_folder(tmp_path: Path) -> None:
    src, out = tmp_path / "answers", tmp_path / "out"
    write_answers(src, "1.yaml", "../../escape", 3)
    write_answers(src, "2.yaml", "/etc/passwd", 3)
    write_answers(src, "3.yaml", "Escapé", 3)  # another name with the same safe name as the first
    write_answers(src, "4.yaml", "=HYPERLINK(\"http://x\")", 3)
    write_answers(src, "5.yaml", "summary", 3)  # must not overwrite summary.csv
    result = runner.invoke(app, ["batch", str(src), "-d", str(out), "--no-chart", "-j", "1", "-q"])
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert all("/" not in n and not n.startswith("..") for n in written)
    assert not (tmp_path / "escape.md").exists()
    reports = [n for n in written if n.endswith(".md")]
    assert len(reports) == 5 and len(set(reports)) == 5
    rows = read_summary(out)
    assert len(rows) == 5
    formula = next(r for r in rows if "HYPERLINK" in r["partnership"])
    assert formula["partnership"].startswith("'=")


def test_report_names_are_distinct_and_safe() -> None:
    names = report_names(["A b", "a-b", "A  B", "", "../x", "summary"], ".md")
    assert len(set(names.values())) == 6
    for n in names.values():
        assert n.endswith(".md") and "/" not in n and n != "summary.md"


def test_parallel_and_serial_runs_write_the_same_reports(answers_dir: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert runner.invoke(app, ["batch", str(answers_dir), "-d", str(one), "--no-chart", "-j", "1", "-q"]).exit_code == 0
    assert runner.invoke(app, ["batch", str(answers_dir), "-d", str(two), "--no-chart", "-j", "2", "-q"]).exit_code == 0
    for f in one.iterdir():
        assert f.read_bytes() == (two / f.name).read_bytes(), f.name


def test_json_format_reports_are_results(answers_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["batch", str(answers_dir), "-d", str(out), "-f", "json", "-j", "1", "-q"]).exit_code == 0
    data = json.loads((out / "beta-partnership.json").read_text())
    assert data["kind"] == "assessment" and data["score"] == 100.0


def test_no_progress_animation_when_not_a_terminal(answers_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(answers_dir), "-d", str(tmp_path / "o"), "--no-chart", "-j", "1"])
    assert "\r" not in result.stderr and "\x1b[" not in result.stderr
    assert "\x1b[" not in result.stdout
    assert "Alpha Partnership" in result.stdout  # the summary table


def test_a_killed_batch_leaves_only_complete_reports(tmp_path: Path) -> None:
    src, out = tmp_path / "answers", tmp_path / "out"
    for i in range(600):
        write_answers(src, f"{i:04d}.yaml", f"Partnership {i}", i % 5)
    proc = subprocess.Popen(
        [sys.executable, "-m", "partnercheck", "batch", str(src), "-d", str(out), "--no-chart", "-j", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    # Kill the whole process group as soon as the first reports appear.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and len(list(out.glob("*.md"))) >= 20:
            break
        time.sleep(0.01)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    reports = [p for p in out.glob("*.md")]
    assert reports, "the batch wrote nothing before it was killed"
    for report in reports:
        text = report.read_text()
        assert text.rstrip().endswith("*"), f"{report.name} is incomplete"
        assert "not a verdict" in text


def test_a_file_named_twice_counts_once(answers_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    again = answers_dir / "sub" / ".." / "a1.yaml"  # the same file by another path
    result = runner.invoke(app, ["batch", str(answers_dir), str(again), "--out-dir", str(out), "--no-chart", "--jobs", "1", "-q"])
    assert result.exit_code == 0, result.output
    rows = {r["partnership"]: r for r in read_summary(out)}
    assert rows["Alpha Partnership"]["respondents"] == "2"


@pytest.mark.parametrize("where", ["a-file", "summary-is-a-folder"])
def test_an_unwritable_out_dir_is_a_message_not_a_traceback(answers_dir: Path, tmp_path: Path, where: str) -> None:
    out = tmp_path / "out"
    if where == "a-file":
        out.write_text("in the way")
    else:
        (out / "summary.csv").mkdir(parents=True)
    result = runner.invoke(app, ["batch", str(answers_dir), "--out-dir", str(out), "--no-chart", "--jobs", "1", "-q"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "cannot write" in result.stderr and "Traceback" not in result.output
    if where == "a-file":
        assert f"{out} is a file, not a folder" in result.stderr


def test_only_missing_paths_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(tmp_path / "nope"), "--out-dir", str(out)])
    assert result.exit_code == 2
    assert "no answer files found" in result.stderr and "nope: no such file or folder" in result.stderr
    assert not out.exists()


def test_fail_under_judges_the_score_as_the_report_shows_it(tmp_path: Path) -> None:
    """A score shown as 50 (49.5 rounded as every report rounds it) does not
    fail --fail-under 50."""
    from partnercheck.batch import Outcome, Summary, report_outcome

    def summary(score: float) -> Summary:
        return Summary(partnership=f"P{score}", report="r.md", respondents=1, score=score, band="watch",
                       lessons={}, option=None, ready_for=1, aims_for=None, warnings=[])

    assert report_outcome(Outcome([summary(49.5)]), tmp_path, fail_under=50, quiet=True) == 0
    assert report_outcome(Outcome([summary(49.4)]), tmp_path, fail_under=50, quiet=True) == 1


def test_the_summary_table_shows_each_report_name_whole_at_80_columns(tmp_path, monkeypatch):
    """At 80 columns the table of what was written still names each report
    file in full (wrapped, not cut off with an ellipsis), within 80 columns,
    and counts in words ("2 partnerships", "2 reports", not "(s)")."""
    import yaml
    from typer.testing import CliRunner

    from conftest import EXAMPLES
    from partnercheck.cli import app

    data = yaml.safe_load((EXAMPLES / "northtown-officer.yaml").read_text(encoding="utf-8"))
    for n in (1, 2):
        data["partnership"] = f"Northtown Community Safety Partnership {n} with a long name"
        (tmp_path / f"a{n}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "80")
    result = CliRunner().invoke(app, ["batch", str(tmp_path), "--out-dir", str(tmp_path / "out"), "--jobs", "1", "--no-chart"])
    assert result.exit_code == 0, result.output
    table = result.stdout
    assert all(len(line) <= 80 for line in table.splitlines())
    assert "…" not in table and "(s)" not in result.output
    assert "2 partnerships in" in table and "Wrote 2 reports" in result.stderr
    joined = "".join(table.split())
    for report in sorted(p.name for p in (tmp_path / "out").glob("*.md")):
        assert report in joined
