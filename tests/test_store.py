"""The programme store (batch --db), scores.csv and partnercheck benchmark.

Fixtures are answers files written from the bank: each partnership answers
every statement at one point of the scale, except where a test says so.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import sqlite3
import statistics
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT
from partnercheck import store as st
from partnercheck.bank import load_bank
from partnercheck.cli import app

runner = CliRunner()
BANK = load_bank()
VALUES = dict(BANK.values())
TRUST = [s.id for s in BANK.statements if s.lesson == "trust"]
LEADING = {"continuum.problem": "lead", "continuum.solution": "lead-alone", "continuum.responsibility": "lead"}
# partners define the problem and decide together, responsibility devolved: option 5
FULL = {"continuum.problem": "together", "continuum.solution": "together",
        "continuum.responsibility": "partnership", "continuum.control-shared": "agree"}


def answers(folder: Path, name: str, partnership: str, level: int, *, trust: int | None = None,
            continuum: dict[str, str] = LEADING, date: str | None = "2026-11-02", **extra) -> Path:
    """Every statement at scale point ``level`` (0 strongly disagree ... 4
    strongly agree), trust's statements at ``trust`` when given."""
    given = {}
    for qid, values in VALUES.items():
        if qid.startswith("continuum."):
            continue
        point = trust if trust is not None and qid in TRUST else level
        given[qid] = values[point]
    given.update(continuum)
    data = {"partnership": partnership, **({"date": date} if date else {}), **extra, "answers": given}
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def round_one(folder: Path) -> Path:
    """Three partnerships, one round (2 November 2026)."""
    # trust answered 'strongly disagree' everywhere, the rest 'agree'
    answers(folder, "ynys-mon.yaml", "Ynys Môn Partnership", 3, trust=0)
    # two respondents combined: 'agree' and 'strongly agree'
    answers(folder, "alpha-1.yaml", "Alpha Partnership", 3, organisation="Council")
    answers(folder, "alpha-2.yaml", "Alpha Partnership", 4, organisation="Police", date="2026-10-20")
    # 'disagree' everywhere, and says it is a full partnership
    answers(folder, "gamma.yaml", "Gamma Partnership", 1, continuum=FULL)
    return folder


def round_two(folder: Path) -> Path:
    """The same partnerships a quarter later: Gamma has improved to 'agree';
    Delta, new, answers 'neutral' and says it is a full partnership."""
    answers(folder, "ynys-mon.yaml", "Ynys Môn Partnership", 3, trust=0, date="2027-02-01")
    answers(folder, "alpha-1.yaml", "Alpha Partnership", 3, organisation="Council", date="2027-02-01")
    answers(folder, "alpha-2.yaml", "Alpha Partnership", 4, organisation="Police", date="2027-02-01")
    answers(folder, "gamma.yaml", "Gamma Partnership", 3, continuum=FULL, date="2027-02-01")
    answers(folder, "delta.yaml", "Delta Partnership", 2, continuum=FULL, date="2027-02-01")
    return folder


def batch(*args: str):
    return runner.invoke(app, ["batch", *args, "--no-chart", "-j", "1", "-q"])


def connect(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return conn


def rows(db: Path, sql: str, *params) -> list[dict]:
    with connect(db) as conn:
        return [dict(r) for r in conn.execute(sql, params)]


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, in order: what 'nothing changed' compares."""
    with connect(db) as conn:
        return {t.name: sorted((tuple(r) for r in conn.execute(f"select * from [{t.name}]")), key=repr) for t in st.TABLES}


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    db = tmp_path / "programme.db"
    result = batch(str(round_one(tmp_path / "q1")), "-d", str(tmp_path / "out"), "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


def assessment(db: Path, partnership: str) -> dict:
    (row,) = rows(db, "select * from assessments where partnership = ?", partnership)
    return row


# --------------------------------------------------------------------------
# What is stored
# --------------------------------------------------------------------------


def test_each_partnership_is_one_assessment_of_its_round(stored: Path) -> None:
    assert {r["name"] for r in rows(stored, "select name from partnerships")} == {
        "Ynys Môn Partnership", "Alpha Partnership", "Gamma Partnership"}
    alpha = assessment(stored, "Alpha Partnership")
    # the round is the latest date in its answers; two respondents combined
    assert alpha["round_date"] == "2026-11-02"
    assert alpha["respondents"] == 2 and alpha["organisations"] == 2
    assert alpha["bank_version"] == BANK.version and alpha["bank_name"] == BANK.name
    # agree (75) and strongly agree (100) everywhere: a strength overall
    assert alpha["score"] == pytest.approx(87.5) and alpha["band"] == "strength"
    # the lead decides alone: option 1, settled
    assert (alpha["placement"], alpha["placement_low"], alpha["placement_high"]) == (1, 1, 1)
    assert alpha["ready_here"] == "ready"


def test_a_partnership_placed_beyond_its_scores_is_stored_as_not_ready(stored: Path) -> None:
    gamma = assessment(stored, "Gamma Partnership")
    assert gamma["placement"] == 5  # it says partners define, decide and answer together
    assert gamma["ready_for"] < 5 and gamma["ready_here"] == "not ready"
    assert gamma["band"] == "gap"  # 'disagree' everywhere scores 25


def test_lesson_scores_show_the_trust_gap(stored: Path) -> None:
    ynys = assessment(stored, "Ynys Môn Partnership")
    lessons = {r["lesson"]: r for r in rows(stored, "select * from lesson_scores where assessment_id = ?", ynys["id"])}
    assert set(lessons) == {l.id for l in BANK.lessons}
    assert lessons["trust"]["score"] == 0 and lessons["trust"]["band"] == "gap"
    assert lessons["capacity"]["score"] == 75 and lessons["capacity"]["band"] == "strength"
    assert all(r["assessed"] == 1 for r in lessons.values())
    # one respondent: no range between respondents
    assert lessons["trust"]["low"] is None


def test_statement_scores_keep_mean_spread_and_n(stored: Path) -> None:
    alpha = assessment(stored, "Alpha Partnership")
    found = rows(stored, "select * from statement_scores where assessment_id = ?", alpha["id"])
    assert len(found) == len(BANK.statements)
    one = next(r for r in found if r["statement"] == "trust.conflict-raised")
    # agree and strongly agree: a mean of 87.5, one scale point apart, two answers
    assert (one["mean"], one["spread"], one["n"], one["dont_know"]) == (87.5, 1, 2, 0)
    assert one["lesson"] == "trust"


def test_a_partnership_whose_trust_is_in_gap_is_in_the_gaps_table(stored: Path) -> None:
    ynys = assessment(stored, "Ynys Môn Partnership")
    gaps = rows(stored, "select * from gaps where assessment_id = ? order by position", ynys["id"])
    assert {"kind": "lesson", "lesson": "trust"} in [{"kind": g["kind"], "lesson": g["lesson"]} for g in gaps]
    # each trust statement answered at the very bottom of the scale is a gap too
    assert {g["statement"] for g in gaps if g["kind"] == "statement"} == set(TRUST)
    assert all(g["lesson"] == "trust" for g in gaps)  # every other lesson is a strength
    alpha = assessment(stored, "Alpha Partnership")
    assert rows(stored, "select * from gaps where assessment_id = ?", alpha["id"]) == []


def test_recommendations_and_actions_answer_the_gap(stored: Path) -> None:
    ynys = assessment(stored, "Ynys Môn Partnership")
    recs = rows(stored, "select * from recommendations where assessment_id = ? order by position", ynys["id"])
    assert recs and {r["lesson"] for r in recs} == {"trust"}
    sources = {s.key for s in BANK.sources}
    assert all(r["source"] in sources for r in recs)
    assert all(set(json.loads(r["statements"])) <= set(TRUST) for r in recs)
    actions = rows(stored, "select * from actions where assessment_id = ? order by position", ynys["id"])
    # the board's first priority is trust, proposed as an open action tied to its statements
    first = actions[0]
    assert first["lesson"] == "trust" and first["status"] == "open" and first["position"] == 1
    assert first["text"] in {r["text"] for r in recs} | {r.text for l in BANK.lessons for r in l.recommendations}
    assert set(json.loads(first["statements"])) <= set(TRUST) and json.loads(first["statements"])
    assert len(actions) <= 3


def test_lessons_and_statements_are_kept_in_the_banks_words(stored: Path) -> None:
    lessons = rows(stored, "select * from lessons order by position")
    assert [(l["id"], l["name"]) for l in lessons] == [(l.id, l.name) for l in BANK.lessons]
    statements = rows(stored, "select id, lesson from statements")
    assert {(s["id"], s["lesson"]) for s in statements} == {(s.id, s.lesson) for s in BANK.statements}


def test_keys_indexes_and_the_stores_own_version(stored: Path) -> None:
    with connect(stored) as conn:
        assert conn.execute("pragma application_id").fetchone()[0] == st.APPLICATION_ID
        assert conn.execute("pragma user_version").fetchone()[0] == st.SCHEMA_VERSION
        fks = {(r["table"], r["from"]) for r in conn.execute("select * from pragma_foreign_key_list('gaps')")}
        assert ("assessments", "assessment_id") in fks and ("lessons", "lesson") in fks
        unique = [
            [c["name"] for c in conn.execute(f"pragma index_info('{i['name']}')")]
            for i in conn.execute("pragma index_list('assessments')") if i["unique"]
        ]
        assert ["partnership", "round_date", "bank_version"] in unique
        indexed = {c["name"] for i in conn.execute("pragma index_list('lesson_scores')")
                   for c in conn.execute(f"pragma index_info('{i['name']}')")}
        assert {"assessment_id", "lesson", "band"} <= indexed
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        # a second assessment of the same partnership, round and bank cannot be stored
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "insert into assessments (partnership, round_date, bank_name, bank_version, respondents, ready_for, warnings) "
                "values ('Alpha Partnership', '2026-11-02', 'x', ?, 1, 1, 0)", (BANK.version,))


# --------------------------------------------------------------------------
# Again, and a new round
# --------------------------------------------------------------------------


def test_running_the_same_batch_again_changes_nothing(stored: Path, tmp_path: Path) -> None:
    before = dump(stored)
    again = batch(str(tmp_path / "q1"), "-d", str(tmp_path / "out"), "--db", str(stored))
    assert again.exit_code == 0, again.output
    assert dump(stored) == before
    # nor does running it in parallel, into a new store: the same ids, the same rows
    other = tmp_path / "other.db"
    parallel = runner.invoke(app, ["batch", str(tmp_path / "q1"), "-d", str(tmp_path / "out2"), "--no-chart", "-j", "2", "-q", "--db", str(other)])
    assert parallel.exit_code == 0, parallel.output
    assert dump(other) == before


def test_a_corrected_round_replaces_its_rows(stored: Path, tmp_path: Path) -> None:
    before = assessment(stored, "Gamma Partnership")
    counts = {t: len(r) for t, r in dump(stored).items()}
    # Gamma's officer sends corrected answers for the same round: 'agree' throughout
    answers(tmp_path / "q1", "gamma.yaml", "Gamma Partnership", 3, continuum=FULL)
    result = batch(str(tmp_path / "q1"), "-d", str(tmp_path / "out"), "--db", str(stored))
    assert result.exit_code == 0, result.output
    after = assessment(stored, "Gamma Partnership")
    assert after["id"] == before["id"] and after["round_date"] == before["round_date"]
    assert (before["band"], after["band"]) == ("gap", "strength")
    assert rows(stored, "select * from gaps where assessment_id = ?", after["id"]) == []
    assert len(dump(stored)["assessments"]) == counts["assessments"]


def test_a_new_round_adds_rows_and_keeps_the_old(stored: Path, tmp_path: Path) -> None:
    before = dump(stored)
    result = batch(str(round_two(tmp_path / "q2")), "-d", str(tmp_path / "out"), "--db", str(stored))
    assert result.exit_code == 0, result.output
    assert "Stored 4 assessments" in result.stderr
    after = dump(stored)
    assert len(after["assessments"]) == 7 and len(after["lesson_scores"]) == 7 * 6
    for table, old in before.items():
        if table not in ("lessons", "statements"):
            assert set(old) <= set(after[table]), table  # nothing of the first round changed
    gamma = rows(stored, "select round_date, band from assessments where partnership = 'Gamma Partnership' order by round_date")
    assert gamma == [{"round_date": "2026-11-02", "band": "gap"}, {"round_date": "2027-02-01", "band": "strength"}]


def test_round_option_names_the_round(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    result = batch(str(round_one(tmp_path / "q1")), "-d", str(tmp_path / "out"), "--db", str(db), "--round", "2026-12-31")
    assert result.exit_code == 0, result.output
    assert {r["round_date"] for r in rows(db, "select round_date from assessments")} == {"2026-12-31"}
    bad = batch(str(tmp_path / "q1"), "-d", str(tmp_path / "out"), "--db", str(db), "--round", "31/12/2026")
    assert bad.exit_code == 2 and "--round" in bad.output


def test_a_partnership_without_a_date_is_reported_not_stored(tmp_path: Path) -> None:
    src = tmp_path / "q"
    answers(src, "dated.yaml", "Dated Partnership", 3)
    answers(src, "undated.yaml", "Undated Partnership", 3, date=None)
    db = tmp_path / "p.db"
    result = batch(str(src), "-d", str(tmp_path / "out"), "--db", str(db))
    assert result.exit_code == 1
    assert "Undated Partnership" in result.stderr and "--round" in result.stderr
    assert [r["partnership"] for r in rows(db, "select partnership from assessments")] == ["Dated Partnership"]
    assert (tmp_path / "out" / "undated-partnership.md").exists()  # its report is still written


def test_bank_version_is_part_of_the_key(stored: Path, tmp_path: Path) -> None:
    text = (ROOT / "questions" / "bank.yaml").read_text(encoding="utf-8")
    custom = tmp_path / "bank-9.yaml"
    custom.write_text(re.sub(r'^version: .*$', 'version: "9.0-test"', text, count=1, flags=re.M), encoding="utf-8")
    result = batch(str(tmp_path / "q1"), "-d", str(tmp_path / "out"), "--db", str(stored), "--questions", str(custom))
    assert result.exit_code == 0, result.output
    versions = rows(stored, "select bank_version from assessments where partnership = 'Alpha Partnership' order by bank_version")
    assert [v["bank_version"] for v in versions] == [BANK.version, "9.0-test"]


# --------------------------------------------------------------------------
# Refusals: nothing is written to a file that is not a store
# --------------------------------------------------------------------------


def _refused(tmp_path: Path, db: Path, *words: str) -> None:
    before = db.read_bytes() if db.is_file() else None
    result = batch(str(round_one(tmp_path / "q1")), "-d", str(tmp_path / "refused"), "--db", str(db))
    assert result.exit_code == 2, result.output
    assert str(db) in result.stderr and "Traceback" not in result.stderr
    for w in words:
        assert w in result.stderr
    assert not (tmp_path / "refused").exists()  # refused before any work
    if before is not None:
        assert db.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("minutes of the board\n")
    _refused(tmp_path, db, "not a SQLite database")


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "finance.db"
    with sqlite3.connect(db) as conn:
        conn.execute("create table budgets (line text, amount real)")
    _refused(tmp_path, db, "not a partnercheck store", "budgets")


def test_a_store_of_another_version_is_refused(stored: Path, tmp_path: Path) -> None:
    with sqlite3.connect(stored) as conn:
        conn.execute(f"pragma user_version = {st.SCHEMA_VERSION + 1}")
    _refused(tmp_path, stored, "newer partnercheck", "upgrade")
    with sqlite3.connect(stored) as conn:
        conn.execute(f"pragma user_version = {st.SCHEMA_VERSION - 1}")
    _refused(tmp_path, stored, "cannot update")


def test_a_folder_or_a_missing_folder_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, tmp_path, "folder")
    _refused(tmp_path, tmp_path / "nowhere" / "p.db", "create the folder")


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    db.touch()
    result = batch(str(round_one(tmp_path / "q1")), "-d", str(tmp_path / "out"), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert len(rows(db, "select id from assessments")) == 3


def test_a_batch_that_fails_midway_stores_nothing(stored: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = dump(stored)
    real = st._Writer.flush

    def broken(self):
        real(self)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(st._Writer, "flush", broken)
    result = batch(str(round_two(tmp_path / "q2")), "-d", str(tmp_path / "out"), "--db", str(stored))
    assert result.exit_code == 2
    assert "disk I/O error" in result.stderr and "nothing of this batch was stored" in result.stderr
    assert dump(stored) == before


# --------------------------------------------------------------------------
# The README's schema and its example queries
# --------------------------------------------------------------------------


README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_documents_every_table_and_column() -> None:
    # the README's schema is the store's own: each table and each column, in
    # the words store.py gives them (so neither can change alone)
    section = README.split("## The programme store", 1)[1].split("\n## ", 1)[0]
    kinds = {int: "integer", float: "real", str: "text"}
    for table in st.TABLES:
        assert f"**`{table.name}`**: {table.about}" in section, table.name
        rest = section.split(f"**`{table.name}`**", 1)[1]
        for c in table.columns:
            row = f"| `{c.name}` | {kinds[c.type]}{'' if c.not_null else ', may be null'} | {c.about} |"
            assert row in rest, row


def test_the_readme_queries_are_the_ones_tested() -> None:
    for q in st.QUERIES:
        assert q.sql in README, q.name


@pytest.fixture
def two_rounds(stored: Path, tmp_path: Path) -> Path:
    result = batch(str(round_two(tmp_path / "q2")), "-d", str(tmp_path / "out"), "--db", str(stored))
    assert result.exit_code == 0, result.output
    return stored


def run_query(db: Path, name: str) -> list[dict]:
    (q,) = [q for q in st.QUERIES if q.name == name]
    return rows(db, q.sql)


def test_query_trust_in_the_gap_band_for_two_rounds(two_rounds: Path) -> None:
    found = run_query(two_rounds, "trust_in_gap")
    # Ynys Môn in both rounds; Gamma only in the first (it improved)
    assert found == [{"partnership": "Ynys Môn Partnership", "rounds_in_gap": 2,
                      "first_round": "2026-11-02", "last_round": "2027-02-01"}]


def test_query_trust_in_the_gap_band_for_a_year(two_rounds: Path, tmp_path: Path) -> None:
    # two rounds three months apart: Ynys Môn's trust in gap in both
    assert [r["partnership"] for r in run_query(two_rounds, "trust_in_gap_for_a_year")] == ["Ynys Môn Partnership"]
    # a year on, Ynys Môn's trust is mended: no longer in gap in every round of the last year
    later = tmp_path / "q3"
    answers(later, "ynys-mon.yaml", "Ynys Môn Partnership", 3, date="2027-11-01")
    answers(later, "alpha.yaml", "Alpha Partnership", 3, trust=0, date="2027-11-01")
    assert batch(str(later), "-d", str(tmp_path / "out"), "--db", str(two_rounds)).exit_code == 0
    assert run_query(two_rounds, "trust_in_gap_for_a_year") == []  # Alpha: one round in gap is not a year
    # the rounds of November 2026 and February 2027 are now more than twelve months back
    assert run_query(two_rounds, "trust_in_gap")[0]["partnership"] == "Ynys Môn Partnership"


def test_query_the_lesson_most_often_in_gap(two_rounds: Path) -> None:
    found = run_query(two_rounds, "lesson_most_in_gap")
    # trust: Ynys Môn twice and Gamma once; every other lesson only Gamma's first round
    assert found[0] == {"lesson": "trust", "name": "Trusted relationships", "assessments_in_gap": 3, "partnerships": 2}
    assert {r["assessments_in_gap"] for r in found[1:]} == {1}


def test_query_placed_above_readiness(two_rounds: Path) -> None:
    found = run_query(two_rounds, "placed_above_readiness")
    # Delta claims full partnership on 'neutral' answers; Gamma, above its
    # readiness in the first round, has grown into where it is (its latest
    # round is what counts); the partnerships led by one organisation are
    # where their scores can carry them
    assert [(r["partnership"], r["round_date"], r["placement"]) for r in found] == [("Delta Partnership", "2027-02-01", 5)]
    assert found[0]["ready_for"] < 5


def test_query_placed_above_readiness_first_round(stored: Path) -> None:
    found = run_query(stored, "placed_above_readiness")
    assert [(r["partnership"], r["placement"]) for r in found] == [("Gamma Partnership", 5)]
    assert found[0]["ready_for"] < 5


# --------------------------------------------------------------------------
# scores.csv
# --------------------------------------------------------------------------


def test_scores_csv_is_tidy_with_a_byte_order_mark(stored: Path, tmp_path: Path) -> None:
    raw = (tmp_path / "out" / "scores.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    found = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(found[0]) == ["partnership", "round_date", "bank_version", "lesson", "lesson_name", "score", "band"]
    assert len(found) == 3 * len(BANK.lessons)  # one row per partnership and lesson
    trust = next(r for r in found if r["partnership"] == "Ynys Môn Partnership" and r["lesson"] == "trust")
    assert trust == {"partnership": "Ynys Môn Partnership", "round_date": "2026-11-02", "bank_version": BANK.version,
                     "lesson": "trust", "lesson_name": "Trusted relationships", "score": "0.0", "band": "gap"}


def test_scores_csv_guards_formulas(tmp_path: Path) -> None:
    answers(tmp_path / "q", "evil.yaml", '=HYPERLINK("http://example.invalid","x")', 3)
    result = batch(str(tmp_path / "q"), "-d", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "scores.csv").read_text(encoding="utf-8-sig")
    names = {r["partnership"] for r in csv.DictReader(io.StringIO(text))}
    assert names == {"'=HYPERLINK(\"http://example.invalid\",\"x\")"}


# --------------------------------------------------------------------------
# partnercheck benchmark
# --------------------------------------------------------------------------


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """Six partnerships: trust at each point of the scale (0, 25, 50, 75,
    100), and one more at 'neutral'; every other lesson 'agree'."""
    src = tmp_path / "prog"
    for point in range(5):
        answers(src, f"p{point}.yaml", f"Partnership {point}", 3, trust=point)
    answers(src, "p5.yaml", "Partnership 5", 3, trust=2)
    db = tmp_path / "prog.db"
    result = batch(str(src), "-d", str(tmp_path / "out"), "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


def bench_json(db: Path, *args: str) -> dict:
    result = runner.invoke(app, ["benchmark", str(db), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_benchmark_quartiles_and_standings(programme: Path) -> None:
    data = bench_json(programme)
    (whole,) = data["groups"]
    trust = whole["lessons"]["trust"]
    scores = [0, 25, 50, 50, 75, 100]
    q1, q2, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    assert (trust["lower_quartile"], trust["median"], trust["upper_quartile"]) == (q1, q2, q3) == (31.25, 50, 68.75)
    where = {s["partnership"]: s["lessons"]["trust"]["quarter"] for s in whole["standings"]}
    assert where == {"Partnership 0": "bottom", "Partnership 1": "bottom", "Partnership 2": "upper",
                     "Partnership 5": "upper", "Partnership 3": "top", "Partnership 4": "top"}
    assert "QUARTILE.INC" in data["method"]


def test_benchmark_report_in_the_banks_words(programme: Path) -> None:
    result = runner.invoke(app, ["benchmark", str(programme), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    t = BANK.texts
    assert t.benchmark_title in text and t.heading_benchmark_method in text
    assert "| Trusted relationships | 6 | 31 | 50 | 69 |" in text  # quartiles shown as scores are
    assert "| Partnership 4 | 2026-11-02 | 100 | Strength | top quarter |" in text
    assert "Excel's QUARTILE.INC" in text  # the method with the figures
    terminal = runner.invoke(app, ["benchmark", str(programme)])
    assert terminal.exit_code == 0 and "Quartiles by lesson" in terminal.stdout and "bottom quarter" in terminal.stdout


def test_benchmark_hides_groups_of_fewer_than_five(programme: Path) -> None:
    with sqlite3.connect(programme) as conn:  # a programme team's own column
        conn.execute("alter table partnerships add column region text")
        conn.execute("update partnerships set region = 'North'")
        conn.execute("update partnerships set region = 'South' where name = 'Partnership 5'")
    data = bench_json(programme, "--group", "region")
    assert [(g["group"], g["partnerships"]) for g in data["groups"]] == [(None, 6), ("North", 5)]
    assert data["not_shown"] == [{"group": "South", "partnerships": 1}]
    text = runner.invoke(app, ["benchmark", str(programme), "--group", "region", "-f", "markdown"]).stdout
    assert "region: North (5 partnerships)" in text
    assert "Not shown: South (1), each with fewer than 5 partnerships" in text
    assert "region: South" not in text


def test_benchmark_of_fewer_than_five_partnerships_shows_no_figures(stored: Path) -> None:
    result = runner.invoke(app, ["benchmark", str(stored), "-f", "markdown"])
    assert result.exit_code == 0, result.output
    assert "Fewer than 5 partnerships are in the store (it holds 3): no figures are shown" in result.stdout
    assert "Quartiles by lesson" not in result.stdout
    assert bench_json(stored)["groups"] == []


def test_benchmark_uses_each_partnerships_latest_round(two_rounds: Path) -> None:
    # four partnerships: too few for figures, but each counted once, latest round
    store = st.open_store(two_rounds, create=False)
    try:
        entries = st.latest(store)
    finally:
        store.close()
    assert {(e.partnership, e.round_date) for e in entries} == {
        ("Ynys Môn Partnership", "2027-02-01"), ("Alpha Partnership", "2027-02-01"),
        ("Gamma Partnership", "2027-02-01"), ("Delta Partnership", "2027-02-01")}
    gamma = next(e for e in entries if e.partnership == "Gamma Partnership")
    assert gamma.scores["trust"] == 75  # the second round's, not the first's 25


def test_benchmark_refusals(programme: Path, tmp_path: Path) -> None:
    unknown = runner.invoke(app, ["benchmark", str(programme), "--group", "regoin"])
    assert unknown.exit_code == 2 and "no column 'regoin'" in unknown.stderr and "placement" in unknown.stderr
    missing = runner.invoke(app, ["benchmark", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no such store" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    notes = tmp_path / "notes.db"
    notes.write_text("minutes\n")
    refused = runner.invoke(app, ["benchmark", str(notes)])
    assert refused.exit_code == 2 and "not a SQLite database" in refused.stderr
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("pragma user_version = 0").close()
    nothing = runner.invoke(app, ["benchmark", str(empty)])
    assert nothing.exit_code == 2 and "not a store yet" in nothing.stderr and "Traceback" not in nothing.stderr


def test_benchmark_csv_and_file_formats(programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "bench.csv"
    result = runner.invoke(app, ["benchmark", str(programme), "-o", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    found = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(found) == 6 * len(BANK.lessons)
    row = next(r for r in found if r["partnership"] == "Partnership 0" and r["lesson"] == "trust")
    assert (row["score"], row["quarter"], row["median"]) == ("0.0", "bottom", "50.0")
    clash = runner.invoke(app, ["benchmark", str(programme), "-o", str(tmp_path / "b.md"), "--format", "json"])
    assert clash.exit_code == 2 and "file name says markdown" in clash.stderr


# --------------------------------------------------------------------------
# Datasette: the store browsed, the queries canned
# --------------------------------------------------------------------------


def test_store_metadata_opens_the_store_in_datasette(two_rounds: Path, tmp_path: Path) -> None:
    import asyncio

    from datasette.app import Datasette

    out = tmp_path / "metadata.json"
    result = runner.invoke(app, ["store", "metadata", str(two_rounds), "-o", str(out)])
    assert result.exit_code == 0, result.output
    meta = json.loads(out.read_text(encoding="utf-8"))
    name = two_rounds.stem  # Datasette names a database after its file
    assert set(meta["databases"][name]["queries"]) == {q.name for q in st.QUERIES}

    async def browse() -> dict[str, object]:
        ds = Datasette([str(two_rounds)], metadata=meta)
        got: dict[str, object] = {}
        for q in st.QUERIES:
            response = await ds.client.get(f"/{name}/{q.name}.json?_shape=array")
            assert response.status_code == 200, response.text
            got[q.name] = response.json()
        page = await ds.client.get(f"/{name}/trust_in_gap")
        got["page"] = page.text
        table = await ds.client.get(f"/{name}/lesson_scores")
        got["table"] = table.text
        return got

    got = asyncio.run(browse())
    # the canned queries answer as the tests of the queries themselves do
    assert got["trust_in_gap"] == run_query(two_rounds, "trust_in_gap")
    assert got["lesson_most_in_gap"][0]["lesson"] == "trust"
    assert [r["partnership"] for r in got["placed_above_readiness"]] == ["Delta Partnership"]
    assert "Partnerships with trust in the gap band for two rounds or more" in got["page"]
    # tables carry their descriptions, and lessons are shown by name
    assert "Each assessment&#39;s six lessons." in got["table"] or "Each assessment's six lessons." in got["table"]
    assert "Trusted relationships" in got["table"]


def test_the_store_is_not_loaded_at_start_up() -> None:
    import subprocess
    import sys

    code = "import sys\nimport partnercheck.cli\nprint(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlite_utils', 'sqlite3', 'datasette')))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_benchmark_shows_names_from_the_store_as_text(programme: Path) -> None:
    with sqlite3.connect(programme) as conn:  # a hostile group name typed into the store
        conn.execute("alter table partnerships add column region text")
        conn.execute("update partnerships set region = 'North\x1b]0;owned\x07 \u202eeven'")
    result = runner.invoke(app, ["benchmark", str(programme), "--group", "region"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "region: North" in result.stdout
    data = runner.invoke(app, ["benchmark", str(programme), "--group", "region", "-f", "json"]).stdout
    assert "\u202e" not in data and json.loads(data)["groups"][1]["group"].endswith("\u202eeven")


def test_benchmark_markdown_is_clean_markdown(programme: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    with sqlite3.connect(programme) as conn:
        conn.execute("alter table partnerships add column region text")
        conn.execute("update partnerships set region = 'North'")
        conn.execute("update partnerships set region = 'South | *West*' where name = 'Partnership 5'")
    out = tmp_path / "benchmark.md"
    result = runner.invoke(app, ["benchmark", str(programme), "--group", "region", "-o", str(out)])
    assert result.exit_code == 0, result.output
    # the same rules as the Markdown reports (tests/test_readers.py)
    lint = subprocess.run(
        [sys.executable, "-m", "pymarkdown", "--enable-extensions", "markdown-tables",
         "--disable-rules", "md013,md060", "scan", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "South \\| \\*West\\* (1)" in out.read_text(encoding="utf-8")  # escaped, not a column or emphasis


def test_readers_see_the_store_as_it_was_while_a_batch_is_written(stored: Path, answers_factory) -> None:
    from partnercheck.assess import assess

    before = len(rows(stored, "select id from assessments"))
    one = st.rows(assess(BANK, [answers_factory(fill="agree", date=None)]), "2027-05-01")
    # 400 partnerships: some 6 MiB of pages, more than SQLite's default page cache holds
    batch_rows = [dataclasses.replace(one, partnership=f"P{i:03d}", assessment=(f"P{i:03d}", *one.assessment[1:]))
                  for i in range(400)]
    store = st.open_store(stored, BANK)
    seen = []
    with store.writing(store.ids(r.key for r in batch_rows)) as writer:
        for r in batch_rows:
            writer.add(r)
        writer.flush()
        reader = sqlite3.connect(stored, timeout=0)  # a Datasette page, say: never kept waiting
        seen.append(reader.execute("select count(*) from assessments").fetchone()[0])
        reader.close()
    store.close()
    assert seen == [before]  # not locked out, and not shown half a batch
    assert len(rows(stored, "select id from assessments")) == before + 400


def test_a_stopped_batch_leaves_the_store_as_it_was(stored: Path, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    before = dump(stored)
    src, out = tmp_path / "many", tmp_path / "many-out"
    for i in range(600):
        answers(src, f"{i:04d}.yaml", f"Partnership {i:04d}", i % 5)
    proc = subprocess.Popen(
        [sys.executable, "-m", "partnercheck", "batch", str(src), "-d", str(out), "--no-chart", "-j", "2", "-q",
         "--db", str(stored)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    # Ctrl-C once more than a chunk of assessments (250) has gone to the store
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and len(list(out.glob("*.md"))) >= 400:
            break
        time.sleep(0.01)
    stopped = proc.poll() is None
    if stopped:
        os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert stopped, "the batch ended before it could be stopped"
    assert proc.returncode == 130, err
    assert "nothing of this batch was stored" in err
    assert dump(stored) == before  # none of the 400 and more assessed


def test_store_scores_is_every_rounds_scores_csv(two_rounds: Path, tmp_path: Path) -> None:
    out = tmp_path / "all-scores.csv"
    result = runner.invoke(app, ["store", "scores", str(two_rounds), "-o", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    found = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(found) == 7 * len(BANK.lessons)  # 3 assessments in the first round, 4 in the second
    trust = [(r["round_date"], r["band"]) for r in found if r["partnership"] == "Ynys Môn Partnership" and r["lesson"] == "trust"]
    assert trust == [("2026-11-02", "gap"), ("2027-02-01", "gap")]
    # the same rows as the two batches' own scores.csv, put together
    batch_rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "scores.csv").read_text(encoding="utf-8-sig"))))
    assert all(r in found for r in batch_rows)  # the last batch's (the second round's)
    assert list(found[0]) == list(batch_rows[0])


def test_a_partnership_spelt_another_way_next_round_is_the_same_partnership(stored: Path, tmp_path: Path) -> None:
    # the second round's forms say 'ALPHA  partnership' and 'alpha-partnership'
    later = tmp_path / "q2"
    answers(later, "a1.yaml", "ALPHA  partnership", 3, date="2027-02-01")
    answers(later, "a2.yaml", "alpha-partnership", 4, date="2027-02-01")
    result = batch(str(later), "-d", str(tmp_path / "out"), "--db", str(stored))
    assert result.exit_code == 0, result.output
    assert "is stored as 'Alpha Partnership'" in result.stderr
    rounds = rows(stored, "select round_date, respondents from assessments where partnership = 'Alpha Partnership' order by round_date")
    assert rounds == [{"round_date": "2026-11-02", "respondents": 2}, {"round_date": "2027-02-01", "respondents": 2}]
    assert len(rows(stored, "select name from partnerships")) == 3  # no new partnership
    # and running it again changes nothing
    before = dump(stored)
    assert batch(str(later), "-d", str(tmp_path / "out"), "--db", str(stored)).exit_code == 0
    assert dump(stored) == before


def test_benchmark_reads_at_80_columns_with_each_score_banded(programme: Path, monkeypatch) -> None:
    """At 80 columns no word is broken in two (a table a lesson, not one
    column a lesson), and a score in the top quarter of the programme still
    says its band: the top of a weak programme can be in the gap band."""
    monkeypatch.setenv("COLUMNS", "80")
    text = runner.invoke(app, ["benchmark", str(programme)]).stdout
    assert all(len(line) <= 80 for line in text.splitlines())
    lines = text.splitlines()
    header = next(l for l in lines if l.startswith(BANK.texts.column_partnership))
    assert BANK.texts.column_band in header and BANK.texts.column_quarter in header
    for name in (l.name for l in BANK.lessons):
        assert any(l.startswith(name + " (") for l in lines)  # each lesson heads its own table, whole
