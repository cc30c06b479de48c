"""Nothing lost: outputs never destroy inputs, outputs go where the system
would put them (pipes, appending files, permissions), files are named for
what they are, numbers that are not numbers are refused, and a stopped
batch ends cleanly.  Each test fails without the fix it names."""

from __future__ import annotations

import json
import math
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import EXAMPLES
from partnercheck.bank import load_bank
from partnercheck.cli import app

runner = CliRunner()
OFFICER = EXAMPLES / "northtown-officer.yaml"


def answers_data(partnership: str = "Northtown CSP", level: int = 3) -> dict:
    """An answers file's data: every statement at scale position ``level``."""
    answers = {}
    for qid, values in load_bank().values():
        answers[qid] = values[0] if qid.startswith("continuum.") else values[level]
    return {"partnership": partnership, "answers": answers}


def write_answers(path: Path, partnership: str = "Northtown CSP", level: int = 3) -> Path:
    data = answers_data(partnership, level)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data) if path.suffix == ".json" else yaml.safe_dump(data, sort_keys=False))
    return path


def saved_result(tmp_path: Path, name: str = "result.json") -> Path:
    out = tmp_path / name
    run = runner.invoke(app, ["assess", "--answers", str(OFFICER), "-o", str(out)])
    assert run.exit_code == 0, run.output
    return out


def pc(*args: str, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "partnercheck", *args], stderr=subprocess.PIPE, timeout=120, **kw)


# --------------------------------------------------------------------------
# -o naming one of the command's own inputs
# --------------------------------------------------------------------------


def _spellings(tmp_path: Path, target: Path) -> dict[str, Path]:
    link = tmp_path / "link.json"
    link.symlink_to(target)
    hard = tmp_path / "hard.json"
    os.link(target, hard)
    return {"same": target, "dotted": tmp_path / "." / target.name, "symlink": link, "hard link": hard}


@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink", "hard link"])
@pytest.mark.parametrize("command", ["assess", "combine", "compare", "report"])
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path, command, spelling):
    answers = write_answers(tmp_path / "a.json")
    other = write_answers(tmp_path / "b.json", level=2)
    result = saved_result(tmp_path)
    given = {"assess": answers, "combine": answers, "compare": result, "report": result}[command]
    before = given.read_bytes()
    out = _spellings(tmp_path, given)[spelling]
    args = {
        "assess": ["assess", "--answers", str(answers)],
        "combine": ["combine", str(other), str(answers)],
        "compare": ["compare", str(answers), str(result)],
        "report": ["report", str(result)],
    }[command]
    run = runner.invoke(app, [*args, "-o", str(out)])
    assert run.exit_code == 2, run.output
    assert str(out) in run.stderr and str(given) in run.stderr  # both named
    assert "destroy" in run.stderr and "Traceback" not in run.output
    assert given.read_bytes() == before


def test_an_output_that_is_the_bank_or_the_word_template_is_refused(tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_bytes((Path(__file__).resolve().parent.parent / "questions" / "bank.yaml").read_bytes())
    before = bank.read_bytes()
    run = runner.invoke(app, ["template", "--questions", str(bank), "-o", str(bank)])
    assert run.exit_code == 2 and "--questions" in run.stderr
    run = runner.invoke(app, ["questions", "export", "--questions", str(tmp_path), "-o", str(bank)])
    assert run.exit_code == 2 and "--questions" in run.stderr
    assert bank.read_bytes() == before
    from importlib.resources import files

    template = tmp_path / "council.docx"
    template.write_bytes(files("partnercheck.render").joinpath("templates/partnercheck.docx").read_bytes())
    before = template.read_bytes()
    run = runner.invoke(app, ["assess", "--answers", str(OFFICER), "--template", str(template), "-o", str(template)])
    assert run.exit_code == 2 and "--template" in run.stderr
    assert template.read_bytes() == before


def test_saved_answers_and_the_report_cannot_be_one_file(tmp_path):
    """Refused before the questionnaire: the report would replace the answers."""
    out = tmp_path / "x.md"
    run = runner.invoke(app, ["assess", "--save-answers", str(out), "-o", str(out)])
    assert run.exit_code == 2 and "--save-answers" in run.stderr
    assert "no terminal" not in run.stderr


def test_devices_are_not_inputs_a_report_could_destroy(tmp_path):
    """Reading /dev/stdin and writing /dev/stdout may name one terminal: not a clash."""
    proc = pc("assess", "--answers", "/dev/stdin", "--format", "json", "-o", "/dev/stdout", stdin=OFFICER.open("rb"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["kind"] == "assessment"


# --------------------------------------------------------------------------
# batch --out-dir among the inputs
# --------------------------------------------------------------------------


def batch(*args: str):
    return runner.invoke(app, ["batch", *args, "--jobs", "1", "-q", "--no-chart"])


def test_batch_never_overwrites_an_answers_file_named_like_a_report(tmp_path):
    folder = tmp_path / "answers"
    named_like_report = write_answers(folder / "northtown-csp.json")  # what its report would be called
    before = named_like_report.read_bytes()
    run = batch(str(folder), "--out-dir", str(folder), "--format", "json")
    assert run.exit_code == 0, run.output
    assert named_like_report.read_bytes() == before
    reports = [p for p in folder.glob("northtown-csp*.json") if p != named_like_report]
    assert len(reports) == 1 and json.loads(reports[0].read_text())["kind"] == "assessment"


def test_batch_never_overwrites_an_answers_file_through_a_link_in_the_out_dir(tmp_path):
    answers = write_answers(tmp_path / "answers" / "a.yaml")
    out = tmp_path / "out"
    out.mkdir()
    (out / "northtown-csp.md").symlink_to(answers)  # where the report would go
    before = answers.read_bytes()
    run = batch(str(answers), str(out / "northtown-csp.md"), "--out-dir", str(out))
    assert answers.read_bytes() == before, run.output


def test_batch_refuses_to_write_its_summary_over_an_answers_file(tmp_path):
    folder = tmp_path / "answers"
    write_answers(folder / "a.yaml")
    summary = write_answers(folder / "summary.json", "Southtown")
    before = sorted(os.listdir(folder)), summary.read_bytes()
    run = batch(str(folder), "--out-dir", str(folder))
    assert run.exit_code == 2, run.output
    assert "summary.json" in run.stderr and "--out-dir" in run.stderr
    assert (sorted(os.listdir(folder)), summary.read_bytes()) == before  # nothing written


@pytest.mark.parametrize("where", ["same", "inside"])
def test_a_second_batch_never_reads_the_first_ones_outputs_as_answers(tmp_path, where):
    folder = tmp_path / "answers"
    write_answers(folder / "a.yaml")
    write_answers(folder / "b.yaml", level=1)
    out = folder if where == "same" else folder / "reports"
    for _ in range(2):
        run = batch(str(folder), "--out-dir", str(out), "--format", "json")
        assert run.exit_code == 0, run.output
        assert "could not be used" not in run.stderr
        summary = json.loads((out / "summary.json").read_text())
        assert [p["respondents"] for p in summary["partnerships"]] == [2]


def test_partnercheck_outputs_are_recognised_by_what_is_in_them_not_their_names(tmp_path):
    folder = tmp_path / "answers"
    write_answers(folder / "a.yaml")
    saved_result(tmp_path).rename(folder / "last-quarter.json")  # a result, renamed
    run = batch(str(folder), "--out-dir", str(tmp_path / "out"))
    (folder / "old-summary.json").write_text((tmp_path / "out" / "summary.json").read_text())
    run = batch(str(folder), "--out-dir", str(tmp_path / "out2"))
    assert run.exit_code == 0, run.output
    assert "last-quarter.json: a saved assessment" in run.stderr
    assert "old-summary.json: a batch summary" in run.stderr
    summary = json.loads((tmp_path / "out2" / "summary.json").read_text())
    assert summary["kind"] == "summary" and [p["respondents"] for p in summary["partnerships"]] == [1]


def test_partnercheck_tables_in_an_answers_folder_are_not_read_as_survey_exports(tmp_path):
    """A batch's scores.csv, a form's questions (questions export --format
    csv) and a benchmark's CSV lying among the answers are partnercheck's
    own tables: named for what they are and skipped, never refused as
    exports whose columns match no question."""
    folder = tmp_path / "answers"
    write_answers(folder / "a.yaml")
    assert batch(str(folder), "--out-dir", str(tmp_path / "out")).exit_code == 0
    (folder / "last-scores.csv").write_bytes((tmp_path / "out" / "scores.csv").read_bytes())
    form = CliRunner().invoke(app, ["questions", "export", "--format", "csv"])
    (folder / "form.csv").write_text(form.stdout, encoding="utf-8")
    (folder / "bench.csv").write_text("\ufeffgroup_by,group,partnership,round_date,lesson,score\n,,A,2026-01-01,trust,50\n", encoding="utf-8")
    run = batch(str(folder), "--out-dir", str(tmp_path / "out2"))
    assert run.exit_code == 0, run.output
    assert "could not be used" not in run.stderr
    assert "last-scores.csv: a table of lesson scores" in run.stderr
    assert "form.csv: a list of questions" in run.stderr
    assert "bench.csv: a benchmark" in run.stderr


def dated_answers(folder: Path) -> list[Path]:
    """Two rounds' answers files of one partnership, dated."""
    paths = []
    for name, date, level in (("2026-q1.yaml", "2026-02-01", 1), ("2026-q3.yaml", "2026-08-01", 3)):
        data = {**answers_data(level=level), "date": date}
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def test_an_action_plan_and_a_saved_trend_among_the_answers_are_skipped_as_partnercheck_s_own(tmp_path):
    """An action plan (YAML or Excel) and a saved trend, each written by its
    own command into the answers folder, are named for what they are and
    skipped like partnercheck's other files, never reported as files that
    could not be used."""
    folder = tmp_path / "answers"
    first, second = dated_answers(folder)
    for args in (["actions", str(first), "-o", str(folder / "plan.yaml")],
                 ["actions", str(first), "-o", str(folder / "plan.xlsx")],
                 ["trend", str(first), str(second), "--format", "json", "-o", str(folder / "two-rounds.json")]):
        made = runner.invoke(app, args)
        assert made.exit_code == 0, made.output
    run = batch(str(folder), "--out-dir", str(tmp_path / "out"))
    assert run.exit_code == 0, run.output
    assert "could not be used" not in run.stderr
    assert "3 files that partnercheck wrote were not read as answers" in run.stderr
    assert "plan.yaml: an action plan" in run.stderr and "plan.xlsx: an action plan" in run.stderr
    assert "two-rounds.json: a saved trend" in run.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert [p["respondents"] for p in summary["partnerships"]] == [2]


def test_batch_never_overwrites_a_saved_trend_or_action_plan_named_like_a_report(tmp_path):
    """A batch may replace the reports an earlier batch wrote in its folder,
    but not a trend or a board's action plan that merely shares a report's name."""
    folder = tmp_path / "answers"
    first, second = dated_answers(folder)
    trend = folder / "northtown-csp.json"  # what the batch's JSON report would be called
    assert runner.invoke(app, ["trend", str(first), str(second), "--format", "json", "-o", str(trend)]).exit_code == 0
    before = trend.read_bytes()
    run = batch(str(folder), "--out-dir", str(folder), "--format", "json")
    assert run.exit_code == 0, run.output
    assert trend.read_bytes() == before
    reports = [p for p in folder.glob("northtown-csp*.json") if p != trend]
    assert len(reports) == 1 and json.loads(reports[0].read_text())["kind"] == "assessment"


def test_every_table_partnercheck_writes_is_told_as_its_own(tmp_path):
    """Each table written by partnercheck's own commands (batch's summary.csv
    and scores.csv, store scores, benchmark --format csv, questions export
    --format csv), read back where answers are read, is named for what it is,
    not refused as an export whose columns match no question: the reader
    knows each writer's header."""
    from partnercheck.answers import parse_or_say
    from partnercheck.errors import WrongKind
    from partnercheck.importers import read_table_file

    folder, out, db = tmp_path / "answers", tmp_path / "out", tmp_path / "programme.db"
    write_answers(folder / "a.yaml")
    write_answers(folder / "b.yaml", partnership="Southport CSP", level=2)
    assert batch(str(folder), "--out-dir", str(out), "--round", "2026-11-02", "--db", str(db)).exit_code == 0
    written = {out / "summary.csv": "csv", out / "scores.csv": "scores"}
    for args, name, kind in [
        (["store", "scores", str(db)], "all-scores.csv", "scores"),
        (["benchmark", str(db), "--format", "csv"], "bench.csv", "benchmark"),
        (["questions", "export", "--format", "csv"], "form.csv", "questions"),
    ]:
        run = runner.invoke(app, [*args, "-o", str(tmp_path / name)])
        assert run.exit_code == 0, run.output
        written[tmp_path / name] = kind
    bank = load_bank()
    for path, kind in written.items():
        with pytest.raises(WrongKind) as caught:
            read_table_file(path, bank)
        assert caught.value.kind == kind, path
        refused = runner.invoke(app, ["combine", str(path)])
        assert refused.exit_code == 2 and "matches no question" not in refused.stderr, refused.stderr
    # a summary.csv given where YAML or JSON is read is named too
    with pytest.raises(WrongKind) as caught:
        parse_or_say((out / "summary.csv").read_text(encoding="utf-8"), "summary.csv", "an answers file")
    assert caught.value.kind == "csv"


# --------------------------------------------------------------------------
# Writing: descriptors, pipes, appending, permissions
# --------------------------------------------------------------------------


def test_o_dev_stdout_into_a_pipe():
    proc = pc("assess", "--answers", str(OFFICER), "--format", "json", "-o", "/dev/stdout")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["kind"] == "assessment"


@pytest.mark.parametrize("device", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
def test_o_dev_stdout_appends_to_a_file_opened_for_appending(tmp_path, device):
    log = tmp_path / "log.txt"
    log.write_text("earlier lines\n")
    with log.open("ab") as fh:
        proc = pc("assess", "--answers", str(OFFICER), "--format", "json", "-o", device, stdout=fh)
    assert proc.returncode == 0, proc.stderr
    text = log.read_text()
    assert text.startswith("earlier lines\n{")
    assert json.loads(text.split("\n", 1)[1])["kind"] == "assessment"


def test_o_dev_stderr_and_a_process_substitution(tmp_path):
    proc = pc("assess", "--answers", str(OFFICER), "--format", "json", "-o", "/dev/stderr")
    assert proc.returncode == 0 and b'"kind": "assessment"' in proc.stderr
    # bash's >(...) is /dev/fd/N: a pipe the process was given
    read, write = os.pipe()
    child = subprocess.Popen([sys.executable, "-m", "partnercheck", "assess", "--answers", str(OFFICER),
                              "--format", "json", "-o", f"/dev/fd/{write}"], pass_fds=(write,),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        got = fh.read()
    assert child.wait(timeout=120) == 0, child.stderr.read()
    assert json.loads(got)["kind"] == "assessment"


def test_a_report_into_a_named_pipe_writes_no_charts_beside_it(tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = runner.invoke(app, ["assess", "--answers", str(OFFICER), "--format", "markdown", "-o", str(fifo)])
    reader.join(timeout=30)
    assert run.exit_code == 0, run.output
    assert b"# " in got[0]
    assert os.listdir(tmp_path) == ["pipe"]  # no pipe.lessons.svg beside it


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    out = tmp_path / "private.json"
    out.write_text("{}")
    out.chmod(0o600)
    run = runner.invoke(app, ["assess", "--answers", str(OFFICER), "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    out.chmod(0o664)
    from partnercheck.files import write_atomic

    write_atomic(out, "again")
    assert stat.S_IMODE(out.stat().st_mode) == 0o664


@pytest.mark.parametrize("umask", [0o077, 0o002])
def test_a_new_file_honours_the_umask(tmp_path, umask):
    proc = pc("assess", "--answers", str(OFFICER), "-o", "new.json", cwd=tmp_path,
              preexec_fn=lambda: os.umask(umask))
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o666 & ~umask


def test_temporary_files_of_a_run_are_found_by_its_tag_only(tmp_path):
    from partnercheck.files import remove_temporary

    mine = tmp_path / ".a.md.partnercheck-1-aa.1234.tmp"
    theirs = tmp_path / ".a.md.partnercheck-2-bb.1234.tmp"
    report = tmp_path / "partnercheck-1-aa.md"
    for f in (mine, theirs, report):
        f.write_text("x")
    assert remove_temporary(tmp_path, "partnercheck-1-aa") == 1
    assert sorted(os.listdir(tmp_path)) == sorted([theirs.name, report.name])


@pytest.mark.parametrize("command", ["assess", "batch", "batch-inside", "import", "template"])
def test_a_file_where_a_folder_is_needed_is_named_as_a_file_not_a_folder(tmp_path, command):
    """-o notes.md/board.md when notes.md is a file: the message says that
    notes.md is a file, not a folder (not the system's 'File exists' or
    'Not a directory', nor the name of a chart the report would have had
    beside it), exit 2, and the file is left as it was."""
    notes = tmp_path / "notes.md"
    notes.write_text("the board's notes\n", encoding="utf-8")
    answers = write_answers(tmp_path / "a.yaml")
    export = tmp_path / "export.csv"
    export.write_text("Partnership,[trust.conflict-raised]\nNorthtown CSP,Agree\n", encoding="utf-8")
    args = {
        "assess": ["assess", "--answers", str(answers), "-o", str(notes / "board.md")],
        "batch": ["batch", str(answers), "--out-dir", str(notes), "-q"],
        "batch-inside": ["batch", str(answers), "--out-dir", str(notes / "reports"), "-q"],
        "import": ["import", str(export), "-o", str(notes / "answers")],
        "template": ["template", "-o", str(notes / "answers.yaml")],
    }[command]
    run = runner.invoke(app, args)
    assert run.exit_code == 2, run.output
    assert f"{notes} is a file, not a folder" in run.stderr, run.stderr
    assert "File exists" not in run.stderr and "Not a directory" not in run.stderr and ".svg" not in run.stderr
    assert notes.read_text(encoding="utf-8") == "the board's notes\n"


# --------------------------------------------------------------------------
# Counting and matching
# --------------------------------------------------------------------------


def test_one_file_named_three_ways_counts_once_in_combine(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_answers(tmp_path / "a.yaml")
    Path("l.yaml").symlink_to("a.yaml")
    run = runner.invoke(app, ["combine", "a.yaml", "a.yaml", "./a.yaml", "l.yaml", "--format", "json"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["respondents"] == 1


def _number_places(data, path=()):
    """Every place in ``data`` holding a float (not a count)."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _number_places(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _number_places(v, (*path, i))
    elif isinstance(data, float):
        yield path


def _set(data, path, value):
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity", "1e400", "-1", "101"])
def test_a_saved_result_with_numbers_that_are_not_scores_is_refused_with_the_place(tmp_path, bad):
    saved = saved_result(tmp_path)
    data = json.loads(saved.read_text())
    places = list(_number_places(data))
    assert len(places) > 20
    for place in places:
        if bad in ("-1", "101") and place[-1] in ("spread",):
            continue
        broken = json.loads(saved.read_text())
        _set(broken, place, "@@")
        text = json.dumps(broken).replace('"@@"', bad)
        target = tmp_path / "broken.json"
        target.write_text(text)
        for args in (["report", str(target), "--format", "json"], ["compare", str(target), str(saved)]):
            run = runner.invoke(app, args)
            where = ".".join(str(p) for p in place)
            assert run.exit_code == 2, (place, run.output)
            assert "Traceback" not in run.output and "NaN" not in run.stdout
            assert where in run.stderr or where.rsplit(".", 1)[0] in run.stderr, (where, run.stderr)


def test_json_output_never_holds_nan():
    from partnercheck.models import to_json

    with pytest.raises(ValueError):
        to_json({"score": math.nan})
    with pytest.raises(ValueError):
        to_json({"score": math.inf})


@pytest.mark.parametrize("score", ["nan", "inf", "-inf"])
def test_fail_under_must_be_a_score(tmp_path, score):
    write_answers(tmp_path / "a.yaml")
    run = batch(str(tmp_path / "a.yaml"), "--out-dir", str(tmp_path / "out"), "--fail-under", score)
    assert run.exit_code == 2 and "--fail-under" in run.output
    assert not (tmp_path / "out").exists()


def test_a_score_is_banded_by_the_number_the_reader_sees(bank):
    """The README's rule: 44.5 shows as 45, and is watch; 69.5 shows as 70, a strength."""
    from hypothesis import given
    from hypothesis import strategies as st

    from partnercheck import bands

    assert bands.BAND_THE_SHOWN_SCORE
    mins = bands.thresholds(bank)
    for b in bank.bands:
        if b.min > 0:
            below = b.min - 0.5
            assert bands.shown(below) == b.min and bands.band_for(below, mins) == b.id
            assert bands.band_for(b.min - 0.51, mins) != b.id

    @given(st.floats(min_value=0, max_value=100))
    def agree(score):
        assert bands.band_for(score, mins) == bands.band_for(float(bands.shown(score)), mins)

    agree()


def test_every_band_in_a_result_agrees_with_its_shown_score(bank, answers_factory):
    """Lesson and overall bands of real assessments, over many mixes of answers."""
    import random

    from partnercheck import bands
    from partnercheck.assess import assess

    rng = random.Random(7)
    mins = bands.thresholds(bank)
    values = [v for v in bank.scale("agreement").options if v.score is not None]
    for _ in range(60):
        people = [answers_factory({s.id: rng.choice(values).value for s in bank.statements}) for _ in range(rng.randint(1, 4))]
        result = assess(bank, people)
        for lesson in result.lessons.values():
            if lesson.score is not None:
                assert lesson.band == bands.band_for(float(bands.shown(lesson.score)), mins)
        if result.score is not None:
            assert result.band == bands.band_for(float(bands.shown(result.score)), mins)


# --------------------------------------------------------------------------
# Saying what the file is
# --------------------------------------------------------------------------


def _files(tmp_path: Path) -> dict[str, Path]:
    result = saved_result(tmp_path)
    answers = write_answers(tmp_path / "answers.yaml")
    comparison = tmp_path / "comparison.json"
    assert runner.invoke(app, ["compare", str(result), str(OFFICER), "--format", "json", "-o", str(comparison)]).exit_code == 0
    out = tmp_path / "batch"
    assert batch(str(answers), "--out-dir", str(out)).exit_code == 0
    schema = tmp_path / "schema.json"
    assert runner.invoke(app, ["schema", "-o", str(schema)]).exit_code == 0
    bank = tmp_path / "bank.yaml"
    bank.write_bytes((Path(__file__).resolve().parent.parent / "questions" / "bank.yaml").read_bytes())
    return {"result": result, "answers": answers, "comparison": comparison, "summary": out / "summary.json",
            "schema": schema, "bank": bank}


SAYS = {
    "result": ("a saved assessment", "partnercheck report"),
    "comparison": ("a saved comparison", "partnercheck report"),
    "answers": ("an answers file", "partnercheck assess --answers"),
    "summary": ("a batch summary", "partnercheck batch"),
    "schema": ("a JSON Schema", "partnercheck schema"),
    "bank": ("a question bank", "--questions"),
}


@pytest.mark.parametrize(
    "command, kind",
    [("assess", k) for k in ("result", "comparison", "summary", "schema", "bank")]
    + [("combine", k) for k in ("result", "bank")]
    + [("report", k) for k in ("answers", "summary", "schema", "bank")]
    + [("compare", k) for k in ("comparison", "summary", "bank")],
)
def test_a_file_of_another_kind_is_named_for_what_it_is(tmp_path, command, kind):
    files = _files(tmp_path)
    given = str(files[kind])
    args = {
        "assess": ["assess", "--answers", given],
        "combine": ["combine", str(files["answers"]), given],
        "report": ["report", given],
        "compare": ["compare", given, str(files["answers"])],
    }[command]
    run = runner.invoke(app, args)
    assert run.exit_code == 2, run.output
    what, reader = SAYS[kind]
    assert f"{given}: is {what}" in run.stderr and reader in run.stderr, run.stderr
    assert "unknown field" not in run.stderr and "make one with" not in run.stderr
    assert run.stderr.count("\n") == 1  # one line, not a list of fields


def test_compare_reads_answers_files_under_the_answers_limit(tmp_path):
    from partnercheck.files import MAX_ANSWERS_BYTES

    big = write_answers(tmp_path / "big.yaml")
    big.write_text(big.read_text() + "# " + "x" * MAX_ANSWERS_BYTES + "\n")
    run = runner.invoke(app, ["compare", str(big), str(OFFICER)])
    assert run.exit_code == 2
    assert "big.yaml: is larger than 1 MiB" in run.stderr


def test_report_reads_saved_results_under_their_limit(tmp_path):
    from partnercheck.files import MAX_RESULT_BYTES

    saved = saved_result(tmp_path)
    data = json.loads(saved.read_text())
    data["warnings"] = ["x" * 1000] * (MAX_RESULT_BYTES // 1000 + 1)
    saved.write_text(json.dumps(data))
    for args in (["report", str(saved)], ["compare", str(saved), str(OFFICER)]):
        run = runner.invoke(app, args)
        assert run.exit_code == 2 and "is larger than 4 MiB" in run.stderr


def test_an_empty_folder_given_to_batch_is_named(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not answers")
    run = batch(str(empty), "--out-dir", str(tmp_path / "out"))
    assert run.exit_code == 2 and f"{empty}: is a folder with no answers file" in run.stderr
    write_answers(tmp_path / "full" / "a.yaml")
    run = batch(str(tmp_path / "full"), str(empty), "--out-dir", str(tmp_path / "out"))
    assert run.exit_code == 1 and f"{empty}: is a folder with no answers file" in run.stderr
    assert (tmp_path / "out" / "summary.csv").exists()


def test_a_sub_folder_that_cannot_be_read_is_reported(tmp_path, monkeypatch):
    folder = tmp_path / "answers"
    write_answers(folder / "a.yaml")
    locked = folder / "locked"
    write_answers(locked / "b.yaml", "Southtown")
    if os.geteuid() == 0:  # root reads any folder: make this one fail as it would for anyone else
        real = os.scandir

        def scandir(path="."):
            if os.fspath(path) == str(locked):
                raise PermissionError(13, "Permission denied", str(locked))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        locked.chmod(0)
    try:
        run = batch(str(folder), "--out-dir", str(tmp_path / "out"))
    finally:
        locked.chmod(0o755)
    assert run.exit_code == 1, run.output
    assert f"{locked}: cannot be read (Permission denied)" in run.stderr
    assert "Northtown CSP" in (tmp_path / "out" / "summary.csv").read_text()


# --------------------------------------------------------------------------
# The questionnaire's draft when the working folder is not writable
# --------------------------------------------------------------------------


def _refuse_in(folder: Path, monkeypatch):
    from partnercheck import session

    real = session.write_atomic

    def write(path, text, **kw):
        if Path(path).resolve().parent == folder.resolve():
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, text, **kw)

    monkeypatch.setattr(session, "write_atomic", write)


def test_a_draft_goes_home_when_the_working_folder_is_not_writable(tmp_path, monkeypatch, capsys, bank):
    import typer

    from partnercheck import session
    from partnercheck.answers import load_answers
    from partnercheck.models import Answers

    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(home))
    _refuse_in(work, monkeypatch)
    answers = Answers(partnership="Locked Out", answers={bank.statements[0].id: "agree"})
    with pytest.raises(typer.Exit) as stop:
        session.save_draft(bank, answers, None)
    assert stop.value.exit_code == 130
    err = capsys.readouterr().err
    draft = home / "locked-out.draft.yaml"
    assert draft.exists() and f"saved in {draft}" in err and "could not save the draft" in err
    assert load_answers(draft, bank, draft=True).answers == answers.answers
    assert list(work.iterdir()) == []


def test_a_draft_that_cannot_be_written_anywhere_is_shown(tmp_path, monkeypatch, capsys, bank):
    import typer

    from partnercheck import session
    from partnercheck.models import Answers

    def never(path, text, **kw):
        raise OSError(30, "Read-only file system", str(path))

    monkeypatch.setattr(session, "write_atomic", never)
    monkeypatch.chdir(tmp_path)
    answers = Answers(partnership="Nowhere", answers={bank.statements[0].id: "agree"})
    with pytest.raises(typer.Exit):
        session.save_draft(bank, answers, None)
    err = capsys.readouterr().err
    assert f"{bank.statements[0].id}: agree" in err and "--resume" in err


# --------------------------------------------------------------------------
# Signals: a stopped batch ends cleanly
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """Enough partnerships that a batch is still writing when it is stopped."""
    folder = tmp_path_factory.mktemp("many")
    base = answers_data()
    for i in range(2400):
        base["partnership"] = f"Partnership {i}"
        (folder / f"{i:05d}.json").write_text(json.dumps(base))
    return folder


def _children(pid: int) -> set[int]:
    kids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.add(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc to find the workers")
@pytest.mark.parametrize(
    "signame, to_group, code",
    [("SIGTERM", False, 143), ("SIGTERM", True, 143), ("SIGINT", True, 130), ("SIGHUP", True, 129)],
)
def test_a_stopped_batch_ends_cleanly(many, tmp_path, signame, to_group, code):
    """kill (the process), timeout (the group), Ctrl-C (the group), a hang-up:
    no traceback, no worker left, no temporary file, the documented code."""
    import signal
    import time

    out = tmp_path / "out"
    foreign = out / ".partnership-1.md.partnercheck-1-other.abcd.tmp"  # another batch's
    foreign.parent.mkdir()
    foreign.write_text("not ours")
    proc = subprocess.Popen(
        [sys.executable, "-m", "partnercheck", "batch", str(many), "-d", str(out), "--no-chart", "-j", "2", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        # Wait for reports to appear (the batch is writing), not for a time.
        deadline = time.monotonic() + 120
        while proc.poll() is None and len(os.listdir(out)) < 40 and time.monotonic() < deadline:
            time.sleep(0.01)
        workers = _children(proc.pid)
        assert proc.poll() is None and len(workers) == 2, "the batch ended before it could be stopped"
        sig = getattr(signal, signame)
        if to_group:
            os.killpg(proc.pid, sig)
        else:
            os.kill(proc.pid, sig)
        err = proc.communicate(timeout=60)[1].decode()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == code, err
    assert "Traceback" not in err and "Error" not in err, err
    assert f"stopped by {signame}" in err or (signame == "SIGINT" and "interrupted" in err), err
    assert not [w for w in workers if _alive(w)], "workers left running"
    left = [n for n in os.listdir(out) if n.endswith(".tmp")]
    assert left == [foreign.name]  # its own removed, another batch's untouched
    assert not (out / "summary.csv").exists()
    for report in out.glob("*.md"):
        assert report.read_text().rstrip().endswith("*")  # complete


def test_an_interrupted_batch_removes_its_own_temporary_files(tmp_path, monkeypatch):
    """A write cut short (a killed worker) leaves a temporary file: the batch
    removes it, by its run's tag, and leaves any other batch's alone."""
    from partnercheck import batch as batching

    folder = tmp_path / "answers"
    write_answers(folder / "a.yaml")
    out = tmp_path / "out"
    out.mkdir()
    foreign = out / ".northtown-csp.md.partnercheck-1-other.abcd.tmp"
    foreign.write_text("another batch's")

    def killed_mid_write(job):
        (Path(job.target).parent / f".{Path(job.target).name}.{job.tag}.dead.tmp").write_text("half")
        raise KeyboardInterrupt

    monkeypatch.setattr(batching, "_assess", killed_mid_write)
    run = batch(str(folder), "--out-dir", str(out))
    assert run.exit_code == 130, run.output
    assert sorted(os.listdir(out)) == [foreign.name]


def test_a_word_document_is_never_sent_to_a_terminal_named_by_its_path():
    """-o /dev/stdout on a terminal is the terminal: Word's bytes are refused there too."""
    leader, follower = os.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "partnercheck", "assess", "--answers", str(OFFICER), "--format", "docx", "-o", "/dev/stdout"],
            stdout=follower, stderr=subprocess.PIPE, timeout=120,
        )
        os.set_blocking(leader, False)
        try:
            shown = os.read(leader, 65536)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2 and b"writes a file, not text for the screen" in proc.stderr
    assert b"PK" not in shown  # no zip bytes on the screen


def test_a_report_or_a_summary_csv_given_as_answers_keeps_its_error_and_says_what_it_is(tmp_path):
    board, page = tmp_path / "board.md", tmp_path / "board.html"
    for out in (board, page):
        assert runner.invoke(app, ["assess", "--answers", str(OFFICER), "-o", str(out)]).exit_code == 0
    write_answers(tmp_path / "in" / "a.yaml")
    assert batch(str(tmp_path / "in"), "--out-dir", str(tmp_path / "out")).exit_code == 0
    says = {board: "a Markdown report", page: "an HTML page", tmp_path / "out" / "summary.csv": "a batch summary (summary.csv"}
    for given, what in says.items():
        for args in (["assess", "--answers", str(given)], ["report", str(given)], ["compare", str(given), str(OFFICER)]):
            run = runner.invoke(app, args)
            assert run.exit_code == 2, run.output
            # the syntax error is kept when there is one; what the file is is said either way
            assert f"It looks like {what}" in run.stderr or f"{given}: is {what}" in run.stderr, run.stderr


def test_a_broken_answers_file_is_not_taken_for_a_report(tmp_path):
    broken = tmp_path / "a.yaml"
    broken.write_text("# partnercheck answers file\npartnership: X\nanswers:\n  trust.conflict-raised: [agree\n")
    run = runner.invoke(app, ["assess", "--answers", str(broken)])
    assert run.exit_code == 2 and "YAML syntax error" in run.stderr and "looks like" not in run.stderr


def test_the_bank_given_to_batch_is_not_read_as_answers_beside_them(tmp_path):
    folder = tmp_path / "answers"
    write_answers(folder / "a.yaml")
    (folder / "bank.yaml").write_bytes((Path(__file__).resolve().parent.parent / "questions" / "bank.yaml").read_bytes())
    run = batch(str(folder), "--questions", str(folder), "--out-dir", str(tmp_path / "out"))
    assert run.exit_code == 0, run.output
    run = batch(str(folder), "--out-dir", str(tmp_path / "out"))  # a bank that is not the one given: said
    assert run.exit_code == 1 and "bank.yaml: is a question bank, not an answers file" in run.stderr


def _hang_up(child) -> None:
    """The terminal goes away: pexpect closes its side and sends SIGHUP (then
    SIGCONT and SIGINT while the process lives, then gives up, saying so)."""
    import pexpect

    try:
        child.close(force=False)
    except pexpect.ExceptionPexpect:  # still ending (saving, cleaning up): waited for below
        pass


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc to find the workers")
def test_a_batch_whose_terminal_closes_ends_cleanly(many, tmp_path):
    """The terminal closed under a batch drawing its progress bar (a hang-up):
    it stops with 129, its workers end and no temporary file is left."""
    import time

    pexpect = pytest.importorskip("pexpect")
    out = tmp_path / "out"
    child = pexpect.spawn(sys.executable, ["-m", "partnercheck", "batch", str(many), "-d", str(out), "--no-chart", "-j", "2"],
                          cwd=str(tmp_path), dimensions=(24, 100), timeout=120)
    child.expect("Writing reports")  # the progress bar: the batch is writing
    workers = _children(child.pid)
    assert len(workers) == 2
    _hang_up(child)
    deadline = time.monotonic() + 60
    while child.isalive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert child.exitstatus == 129, (child.exitstatus, child.signalstatus)
    assert not [w for w in workers if _alive(w)], "workers left running"
    assert not [n for n in os.listdir(out) if n.endswith(".tmp")]
    assert not (out / "summary.csv").exists()


def test_an_output_that_is_the_file_standard_input_reads_is_refused(tmp_path):
    answers = write_answers(tmp_path / "a.json")
    before = answers.read_bytes()
    with answers.open("rb") as fh:
        proc = pc("assess", "--answers", "-", "-o", str(answers), stdin=fh)
    assert proc.returncode == 2 and b"standard input" in proc.stderr, proc.stderr
    assert answers.read_bytes() == before
    with answers.open("rb") as fh:  # another file is fine
        assert pc("assess", "--answers", "-", "-o", str(tmp_path / "r.json"), stdin=fh).returncode == 0


def test_a_draft_put_in_the_temporary_folder_is_for_its_owner_only(tmp_path, monkeypatch, capsys, bank):
    import tempfile

    import typer

    from partnercheck import session
    from partnercheck.models import Answers

    work, temp = tmp_path / "work", tmp_path / "tmp"
    work.mkdir()
    temp.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(work))  # the home folder is the unwritable working folder
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    _refuse_in(work, monkeypatch)
    with pytest.raises(typer.Exit):
        session.save_draft(bank, Answers(partnership="Shared", answers={bank.statements[0].id: "agree"}), None)
    draft = temp / "shared.draft.yaml"
    assert draft.exists() and f"saved in {draft}" in capsys.readouterr().err
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600


def test_an_answers_file_or_a_result_given_as_the_bank_is_named(tmp_path):
    answers = write_answers(tmp_path / "a.yaml")
    result = saved_result(tmp_path)
    for given, what in ((answers, "an answers file"), (result, "a saved assessment")):
        for args in (["questions", "validate", str(given)], ["assess", "--answers", str(answers), "--questions", str(given)]):
            run = runner.invoke(app, args)
            assert run.exit_code == 2
            assert f"{given}: is {what}" in run.stderr and "not a question bank" in run.stderr
            assert "is required" not in run.stderr


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc to find the workers")
def test_sigterm_to_one_worker_neither_kills_it_nor_loses_its_work(many, tmp_path):
    """A worker killed on its own would take its partnerships with it and
    leave the batch waiting for them for ever: it ignores SIGTERM (the
    batch's parent is the one that ends it)."""
    import signal
    import time

    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "partnercheck", "batch", str(many), "-d", str(out), "--no-chart", "-j", "2", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and not (out.exists() and len(os.listdir(out)) >= 40) and time.monotonic() < deadline:
            time.sleep(0.01)
        workers = sorted(_children(proc.pid))
        assert proc.poll() is None and workers, "the batch ended before a worker could be signalled"
        os.kill(workers[0], signal.SIGTERM)
        err = proc.communicate(timeout=300)[1].decode()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, err
    summary = json.loads((out / "summary.json").read_text())
    assert len(summary["partnerships"]) == 2400


def _questionnaire_at_question_3(tmp_path):
    """``partnercheck assess`` in a pseudo-terminal, two questions answered
    (each the second option) and the third on the screen.  Each step waits
    for what the questionnaire shows, never for a time; the timeout is only
    how long a loaded machine may take to show it."""
    pexpect = pytest.importorskip("pexpect")

    total = len(load_bank().questions())
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
    env.update(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", NO_COLOR="1", HOME=str(tmp_path))
    child = pexpect.spawn(sys.executable, ["-m", "partnercheck", "assess"], cwd=str(tmp_path), env=env,
                          dimensions=(40, 100), timeout=120, encoding="utf-8", codec_errors="replace")
    child.expect_exact("Partnership name:")
    child.send("Hangup CSP\r")
    child.expect_exact("Your name")
    child.send("\r")
    child.expect_exact("Your organisation")
    child.send("\r")
    for index in (1, 2):
        child.expect_exact(f"[{index}/{total}]")
        child.send("\x1b[B\r")  # the second option
    # the third question on the screen: the second answer is among the answers
    child.expect_exact(f"[3/{total}]")
    return child


def _ended(child, seconds: float = 120) -> None:
    """Wait until the child has ended (its exit status read), however long a
    loaded machine takes to save a draft; fail if it never does."""
    import time

    deadline = time.monotonic() + seconds
    while child.isalive():
        assert time.monotonic() < deadline, "the questionnaire did not end"
        time.sleep(0.05)


def _draft_holds_the_first_two_answers(tmp_path) -> None:
    from partnercheck.answers import load_answers

    bank = load_bank()
    draft = tmp_path / "hangup-csp.draft.yaml"
    assert draft.exists(), sorted(os.listdir(tmp_path))
    first, second = bank.questions()[:2]
    saved = load_answers(draft, bank, draft=True)
    assert set(saved.answers) == {first.id, second.id}


@pytest.mark.parametrize("how", ["SIGTERM", "hang-up"])
def test_a_questionnaire_stopped_by_a_signal_keeps_its_answers(tmp_path, how):
    """kill, or the terminal window closed, mid-questionnaire: the answers
    given so far are in a draft, as after Ctrl-C, and the exit code says
    which signal (143, 129)."""
    import signal

    pexpect = pytest.importorskip("pexpect")
    child = _questionnaire_at_question_3(tmp_path)
    if how == "SIGTERM":
        child.kill(signal.SIGTERM)
        child.expect(pexpect.EOF)
        _ended(child)
        assert child.exitstatus == 143, (child.exitstatus, child.signalstatus, child.before)
    else:
        # pexpect closes the terminal (SIGHUP), then sends SIGCONT and SIGINT
        # while the process lives: on a loaded machine they come while the
        # draft is being saved
        _hang_up(child)
        _ended(child)
        # the hang-up, or the end of input that comes with it, whichever is first
        assert child.exitstatus in (129, 130), (child.exitstatus, child.signalstatus)
    _draft_holds_the_first_two_answers(tmp_path)


def test_signals_after_the_hang_up_neither_cut_the_draft_short_nor_kill_it(tmp_path):
    """A closing terminal sends more than one signal.  Once the hang-up has
    stopped the questionnaire, SIGINTs arriving as it saves the draft (and as
    it leaves, when Python would put the default handlers back) change
    nothing: the draft is saved and the exit code is the hang-up's.  (The
    event loop the questions ran in puts back the SIGINT handler it found
    as it closes, so ignoring SIGINT alone did not hold.)"""
    import signal

    pexpect = pytest.importorskip("pexpect")
    child = _questionnaire_at_question_3(tmp_path)
    child.kill(signal.SIGHUP)
    while child.isalive():  # SIGINTs until it has ended: some land mid-save, some as it exits
        child.kill(signal.SIGINT)
        child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=0.005)  # reads what it says meanwhile
    _ended(child)
    assert (child.exitstatus, child.signalstatus) == (129, None), child.before
    _draft_holds_the_first_two_answers(tmp_path)


def test_a_signal_outside_the_prompt_is_kept_for_the_next_question_not_raised_mid_work():
    """The questionnaire's signals: one that comes while the answers are being
    gathered or the draft saved is noted, not raised there (it would lose
    them); the next place where the questionnaire waits for the person raises
    it.  In a process of its own: a stopped process keeps the signals blocked."""
    code = (
        "import os, signal\n"
        "from partnercheck.output import Stopped, stop_on_signals, stop_point\n"
        "with stop_on_signals(at_prompt=True) as signals:\n"
        "    os.kill(os.getpid(), signal.SIGHUP)\n"
        "    for _ in range(1000): pass  # Python runs the handler here: nothing raised\n"
        "    os.kill(os.getpid(), signal.SIGINT)  # a second signal: held back\n"
        "    print('noted', signals.signum)\n"
        "    try:\n"
        "        with stop_point():\n"
        "            print('not reached')\n"
        "    except Stopped as stop:\n"
        "        print('raised', stop.signum)\n"
    )
    import signal

    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    hup = int(signal.SIGHUP)
    assert run.stdout.splitlines() == [f"noted {hup}", f"raised {hup}"]


# --------------------------------------------------------------------------
# template -o never replaces a partner's answers with a blank template
# --------------------------------------------------------------------------


def test_template_does_not_replace_a_filled_in_answers_file(tmp_path):
    filled = tmp_path / "northtown.yaml"
    filled.write_bytes((EXAMPLES / "northtown-officer.yaml").read_bytes())
    before = filled.read_bytes()
    run = runner.invoke(app, ["template", "-o", str(filled)])
    assert run.exit_code == 2
    assert "may hold a partner's answers" in run.stderr and "--force" in run.stderr
    assert filled.read_bytes() == before


def test_template_replaces_a_blank_template_and_anything_with_force(tmp_path):
    blank = tmp_path / "blank.yaml"
    assert runner.invoke(app, ["template", "-o", str(blank)]).exit_code == 0
    assert runner.invoke(app, ["template", "-o", str(blank), "--partnership", "Northtown CSP"]).exit_code == 0
    assert "Northtown CSP" in blank.read_text(encoding="utf-8")
    filled = tmp_path / "filled.yaml"
    filled.write_bytes((EXAMPLES / "northtown-officer.yaml").read_bytes())
    assert runner.invoke(app, ["template", "-o", str(filled), "--force"]).exit_code == 0
    assert "answers:" in filled.read_text(encoding="utf-8") and filled.read_bytes() != (EXAMPLES / "northtown-officer.yaml").read_bytes()


def test_template_does_not_replace_an_answers_file_with_a_slip_in_it(tmp_path):
    slipped = tmp_path / "slipped.yaml"
    slipped.write_text((EXAMPLES / "northtown-officer.yaml").read_text(encoding="utf-8").replace("answers:", "answers:\n  nonsense: [", 1), encoding="utf-8")
    before = slipped.read_bytes()
    assert runner.invoke(app, ["template", "-o", str(slipped)]).exit_code == 2
    assert slipped.read_bytes() == before
