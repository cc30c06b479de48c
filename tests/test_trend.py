"""One partnership over many rounds: ordered by date, lined up across bank
versions, findings a board can read, every format, and the refusals."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from partnercheck.assess import assess
from partnercheck.cli import app
from partnercheck.errors import InputError
from partnercheck.history import Action, ActionPlan
from partnercheck.models import to_json
from partnercheck.results import json_schema
from partnercheck.render import formats
from partnercheck.trend import count_words, trend

runner = CliRunner()

LEVEL = {0: "strongly-disagree", 1: "disagree", 2: "neutral", 3: "agree", 4: "strongly-agree"}


def ids(bank, lesson):
    return [s.id for s in bank.statements if s.lesson == lesson]


@pytest.fixture
def make_round(bank, answers_factory):
    """A round dated ``date``; each lesson answered at a level 0-4 (agree by
    default); ``answers`` on top."""

    def make(date, levels=None, answers=None, partnership=None, **fields):
        given = {}
        for lesson, level in (levels or {}).items():
            given.update({sid: LEVEL[level] for sid in ids(bank, lesson)})
        given.update(answers or {})
        extra = {"partnership": partnership} if partnership else {}
        return assess(bank, [answers_factory(given, fill="agree", date=dt.date.fromisoformat(date), **extra, **fields)])

    return make


def rounds_of(*results):
    return [(f"round-{r.date.isoformat()}.json", r) for r in results]


def kinds(tr, kind):
    return [f for f in tr.findings if f.kind == kind]


# --------------------------------------------------------------------------
# What a board reads
# --------------------------------------------------------------------------


def test_three_rounds_in_the_gap_band_is_said_in_so_many_words(bank, make_round):
    rounds = [make_round(d, {"trust": 1}) for d in ("2025-01-10", "2025-07-10", "2026-01-10")]
    tr = trend(rounds_of(*rounds), bank)
    [finding] = [f for f in kinds(tr, "in_gap") if f.lesson == "trust"]
    assert finding.rounds == 3
    assert finding.text == "Trusted relationships has been in the gap band for three rounds."
    # the most pressing comes first
    assert tr.findings[0] is finding


def test_a_lesson_that_slipped_two_rounds_running_is_said(bank, make_round):
    rounds = [make_round("2025-01-10", {"capacity": 4}), make_round("2025-07-10", {"capacity": 3}),
              make_round("2026-01-10", {"capacity": 2})]
    tr = trend(rounds_of(*rounds), bank)
    [slip] = [f for f in kinds(tr, "slipping") if f.lesson == "capacity"]
    assert slip.rounds == 2
    assert "A capacity to do things slipped two rounds running (100 → 50)" in slip.text
    assert not [f for f in kinds(tr, "in_gap") if f.lesson == "capacity"]  # still watch: no gap said


def test_a_dip_and_recovery_is_not_slipping(bank, make_round):
    rounds = [make_round("2025-01-10", {"capacity": 3}), make_round("2025-07-10", {"capacity": 2}),
              make_round("2026-01-10", {"capacity": 3})]
    tr = trend(rounds_of(*rounds), bank)
    assert not kinds(tr, "slipping")


def test_a_statement_that_keeps_falling_is_named(bank, make_round):
    sid = ids(bank, "trust")[0]
    text = next(s.text for s in bank.statements if s.id == sid)
    rounds = [make_round(d, answers={sid: v}) for d, v in
              (("2025-01-10", "strongly-agree"), ("2025-07-10", "agree"), ("2026-01-10", "neutral"), ("2026-07-10", "disagree"))]
    tr = trend(rounds_of(*rounds), bank)
    [falling] = [f for f in kinds(tr, "statement_falling") if f.statement == sid]
    assert falling.rounds == 3
    assert text.rstrip(".") in falling.text and "fallen three rounds running (100 → 25)" in falling.text


def test_a_statement_newly_at_the_bottom_of_the_scale_is_put_to_the_board(bank, make_round):
    """DOMAIN.md: a statement answered at the very bottom of the scale is a
    gap in itself and belongs on the board's agenda, even when it fell in
    one round (not "rounds running") and its lesson stays out of the gap band."""
    sid = ids(bank, "trust")[0]
    text = next(s.text for s in bank.statements if s.id == sid)
    rounds = [make_round(d, answers={sid: v}) for d, v in
              (("2025-01-10", "agree"), ("2025-07-10", "agree"), ("2026-01-10", "strongly-disagree"))]
    tr = trend(rounds_of(*rounds), bank)
    [bottom] = [f for f in kinds(tr, "statement_bottom") if f.statement == sid]
    assert text.rstrip(".") in bottom.text and "75 → 0" in bottom.text and "agenda" in bottom.text
    assert not [f for f in kinds(tr, "statement_bottom") if f.statement != sid]


def test_a_gap_that_closed_reads_as_out_of_the_gap_band(bank, make_round):
    rounds = [make_round("2025-01-10", {"sustainability": 1}), make_round("2025-07-10", {"sustainability": 1}),
              make_round("2026-01-10", {"sustainability": 3})]
    tr = trend(rounds_of(*rounds), bank)
    [out] = kinds(tr, "out_of_gap")
    assert out.text == "Sustainability and memory is out of the gap band (25 → 75), after two rounds in it."
    assert not [f for f in kinds(tr, "in_gap") if f.lesson == "sustainability"]


def test_working_beyond_readiness_round_after_round_is_a_finding_and_a_warning(bank, make_round):
    # partners define the problem together (option 4) on thin trust
    placed = {"continuum.solution": "together", "continuum.problem": "together", "continuum.responsibility": "each-partner"}
    rounds = [make_round(d, {"trust": 1}, answers=placed) for d in ("2025-01-10", "2025-07-10")]
    assert all(r.continuum.option == 4 and r.continuum.ready_here == "not ready" for r in rounds)
    tr = trend(rounds_of(*rounds), bank)
    [finding] = kinds(tr, "readiness")
    assert finding.rounds == 2 and "For two rounds running" in finding.text
    assert any(w in tr.warnings for w in rounds[-1].warnings)  # the newest round's own warnings are kept


def test_rounds_are_put_in_date_order_whatever_order_they_are_given(bank, make_round):
    a, b, c = (make_round(d) for d in ("2025-01-10", "2025-07-10", "2026-01-10"))
    tr = trend(rounds_of(c, a, b), bank)
    assert [r.date for r in tr.rounds] == [a.date, b.date, c.date]
    assert tr.lessons["trust"].scores == [a.lessons["trust"].score, b.lessons["trust"].score, c.lessons["trust"].score]


def test_one_round_has_no_findings_but_draws(bank, make_round):
    tr = trend(rounds_of(make_round("2025-01-10", {"trust": 0})), bank)
    assert tr.findings == []
    assert "Trusted relationships" in formats.render(tr, bank, "terminal").text


def test_counts_are_words_then_digits(bank):
    assert count_words(bank.texts, 3) == "three"
    assert count_words(bank.texts, 40) == "40"


# --------------------------------------------------------------------------
# Different bank versions, and what cannot be compared
# --------------------------------------------------------------------------


def as_bank_1(bank, result):
    """The result as bank 1.0 saved it: its statements under their old ids,
    without the statements bank 1.0 did not ask."""
    back = {new: old for old, new in bank.renamed.items() if new}
    info = dataclasses.replace(result.bank, version="1.0")
    new_in_2 = {"capacity.money-committed"}
    statements = [dataclasses.replace(s, id=back.get(s.id, s.id)) for s in result.statements if s.id not in new_in_2]
    return dataclasses.replace(result, bank=info, statements=statements)


def test_rounds_on_an_older_bank_line_up_through_the_renamed_ids(bank, make_round):
    old_id, new_id = next((o, n) for o, n in bank.renamed.items() if n and n.split(".")[0] == o.split(".")[0])
    first = as_bank_1(bank, make_round("2025-01-10", answers={new_id: "strongly-disagree"}))
    assert any(s.id == old_id for s in first.statements)
    second = make_round("2025-07-10", answers={new_id: "disagree"})
    tr = trend(rounds_of(first, second), bank)
    [line] = [s for s in tr.statements if s.id == new_id]
    assert line.scores == [0.0, 25.0]  # the old id's answer counts under the new id
    assert any("different question banks" in w for w in tr.warnings)
    assert any("earlier id" in w for w in tr.warnings)


def test_what_cannot_be_compared_is_said_never_dropped(bank, make_round):
    first = as_bank_1(bank, make_round("2025-01-10"))
    if "capacity.money-committed" in {s.id for s in bank.statements}:
        money = next(s.text for s in bank.statements if s.id == "capacity.money-committed").rstrip(".")
    else:
        pytest.skip("the bank has no statement new in 2.0")
    gone = dataclasses.replace(first.statements[0], id="trust.an-old-question")
    first = dataclasses.replace(first, statements=[*first.statements, gone])
    second = make_round("2025-07-10", answers={sid: "dont-know" for sid in ids(bank, "valued_enterprise")})
    tr = trend(rounds_of(first, second), bank)
    said = " ".join(tr.not_compared)
    assert money in said and "was not asked in the round of 2025-01-10" in said
    assert "not a statement of this question bank" in said
    assert "A valued enterprise was not assessed in the round of 2025-07-10" in said
    assert tr.lessons["valued_enterprise"].scores[1] is None
    text = " ".join(formats.render(tr, bank, "markdown").text.split())
    assert bank.texts.heading_not_compared in text and money in text


# --------------------------------------------------------------------------
# Refused
# --------------------------------------------------------------------------


# A statement of bank 1.0 that bank 2.0 asks as a continuum question
# (``renamed`` to a question that is not a statement): its scores from rounds
# on the old bank cannot be compared with anything now, and every command that
# lines up rounds says so once, in the bank's words.

MOVED_OUT_TEXT = "Partners are willing to give up some of their control over decisions."


def moved_out_id(bank):
    statements = {s.id for s in bank.statements}
    moved = [old for old, new in bank.renamed.items() if new and new not in statements]
    if not moved:
        pytest.skip("the bank asks no earlier statement as a continuum question")
    return moved[0]


@pytest.fixture
def moved_out_rounds(bank, answers_factory, tmp_path):
    """Two rounds saved as JSON: one assessed on a bank 1.0 that asked the
    moved-out question as a statement (answered at the bottom of the scale,
    so a gap and a priority), the next on the shipped bank."""
    from partnercheck.models import Statement

    old_id = moved_out_id(bank)
    like = next(s for s in bank.statements if s.lesson == old_id.split(".")[0])
    bank_1 = dataclasses.replace(
        bank, version="1.0", renamed={},
        statements=[*bank.statements, dataclasses.replace(like, id=old_id, text=MOVED_OUT_TEXT)],
    )
    assert isinstance(bank_1.statements[-1], Statement)
    first = assess(bank_1, [answers_factory({old_id: "strongly-disagree"}, fill="agree", date=dt.date(2025, 1, 10))])
    assert any(g.statement == old_id for g in first.gaps)
    second = assess(bank, [answers_factory({bank.current_id(old_id): "agree"}, fill="agree", date=dt.date(2025, 7, 10))])
    old, new = tmp_path / "2025-01.json", tmp_path / "2025-07.json"
    old.write_text(to_json(first), encoding="utf-8")
    new.write_text(to_json(second), encoding="utf-8")
    return old_id, old, new


def said_once(texts, bank):
    """How many of ``texts`` say the moved-out statement cannot be compared, quoting it."""
    quoted = bank.texts.quoted.replace("$statement", MOVED_OUT_TEXT.rstrip("."))
    return sum(1 for x in texts if quoted in x and "cannot be compared across rounds" in x)


def test_a_statement_asked_now_as_a_continuum_question_is_said_not_to_compare_in_a_trend(bank, moved_out_rounds):
    old_id, old, new = moved_out_rounds
    out = runner.invoke(app, ["trend", str(old), str(new), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert said_once(data["not_compared"], bank) == 1
    assert said_once(data["warnings"], bank) == 0
    # nothing of the old round was counted under another id: no word that it was
    assert not any("earlier id" in w for w in data["warnings"])
    assert bank.current_id(old_id) not in {s["id"] for s in data["statements"]}
    markdown = runner.invoke(app, ["trend", str(old), str(new), "--format", "markdown"])
    assert "cannot be compared across rounds" in " ".join(markdown.stdout.split())


def test_the_earlier_id_warning_comes_only_with_a_statement_really_counted_under_its_new_id(bank, make_round):
    old_id = moved_out_id(bank)
    first = make_round("2025-01-10")
    like = next(s for s in first.statements if s.lesson == old_id.split(".")[0])
    first = dataclasses.replace(first, statements=[*first.statements, dataclasses.replace(like, id=old_id, text=MOVED_OUT_TEXT)])
    second = make_round("2025-07-10")
    assert not any("earlier id" in w for w in trend(rounds_of(first, second), bank).warnings)
    renamed = as_bank_1(bank, first)  # and statements really asked under earlier ids
    tr = trend(rounds_of(renamed, second), bank)
    assert any("earlier id" in w for w in tr.warnings) and said_once(tr.not_compared, bank) == 1


def test_a_statement_asked_now_as_a_continuum_question_is_said_not_to_compare_in_compare(bank, moved_out_rounds):
    old_id, old, new = moved_out_rounds
    out = runner.invoke(app, ["compare", str(old), str(new), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert said_once(data["warnings"], bank) == 1
    # not listed as answered only before under a continuum question's id, nor
    # its gap as one whose closing cannot be told: the one warning says it
    assert bank.current_id(old_id) not in data["only_in_old"] and old_id not in data["only_in_old"]
    assert not any("whether that gap closed" in w for w in data["warnings"])
    # two rounds both on the old bank still compare it
    both = runner.invoke(app, ["compare", str(old), str(old), "--format", "json"])
    assert said_once(json.loads(both.stdout)["warnings"], bank) == 0


def test_an_action_on_a_statement_asked_now_as_a_continuum_question_says_it_cannot_be_compared(bank, moved_out_rounds, tmp_path):
    old_id, old, new = moved_out_rounds
    plan = tmp_path / "plan.yaml"
    made = runner.invoke(app, ["actions", str(old), "-o", str(plan)])
    assert made.exit_code == 0, made.output
    assert old_id in plan.read_text(encoding="utf-8")
    for command in (["compare", str(old), str(new)], ["trend", str(old), str(new)]):
        out = runner.invoke(app, [*command, "--actions", str(plan), "--format", "json"])
        assert out.exit_code == 0, out.output
        [action] = [a for a in json.loads(out.stdout)["actions"] if any(s["id"] == old_id for s in a["statements"])]
        [st] = [s for s in action["statements"] if s["id"] == old_id]
        assert st["text"] == MOVED_OUT_TEXT and st["old"] == 0 and st["new"] is None
        assert said_once(action["flags"], bank) == 1, command


def test_rounds_of_different_partnerships_are_refused(bank, make_round):
    a = make_round("2025-01-10")
    b = make_round("2025-07-10", partnership="Southtown Health and Care Board")
    with pytest.raises(InputError) as exc:
        trend(rounds_of(a, b), bank)
    message = exc.value.describe()
    assert "different partnerships" in message and "Southtown Health and Care Board" in message
    assert trend(rounds_of(a, b), bank, mixed=True).partnership == "Southtown Health and Care Board"


def test_a_round_without_a_date_or_two_of_one_date_are_refused(bank, make_round):
    a = make_round("2025-01-10")
    undated = dataclasses.replace(make_round("2025-07-10"), date=None)
    with pytest.raises(InputError, match="has no date"):
        trend([("a.json", a), ("b.json", undated)], bank)
    with pytest.raises(InputError, match="both dated 2025-01-10"):
        trend([("a.json", a), ("again.json", a)], bank)


# --------------------------------------------------------------------------
# Every format
# --------------------------------------------------------------------------


@pytest.fixture
def four(bank, make_round):
    rounds = [make_round("2025-01-10", {"trust": 3, "capacity": 4}), make_round("2025-07-10", {"trust": 1, "capacity": 3}),
              make_round("2026-01-10", {"trust": 1, "capacity": 2}), make_round("2026-07-10", {"trust": 1, "capacity": 1})]
    return trend(rounds_of(*rounds), bank)


def test_every_format_draws_the_trend(bank, four):
    findings = [" ".join(f.text.split()) for f in four.findings]
    for name in formats.names():
        fmt = formats.get(name)
        if fmt.name == "pdf":
            continue  # needs WeasyPrint's system libraries: drawn from the HTML below
        rendered = formats.render(four, bank, name, formats.RenderOptions(stem="board"))
        if fmt.binary:
            assert rendered.data and rendered.data[:2] == b"PK"
            continue
        text = " ".join(rendered.text.split()).replace("&quot;", '"').replace("&#x27;", "'").replace("&#39;", "'")
        if name == "json":
            assert json.loads(rendered.text)["kind"] == "trend"
            continue
        for said in findings:
            assert said in text, (name, said)
        for r in four.rounds:
            assert r.date.isoformat() in text, name
    md = formats.render(four, bank, "markdown", formats.RenderOptions(stem="board"))
    assert "board.trend.svg" in md.attachments and "](board.trend.svg)" in md.text
    html = formats.render(four, bank, "html").text
    assert "<svg" in html and "Lesson scores over the rounds" in html


def test_the_terminal_draws_a_sparkline_per_lesson(bank, four):
    text = formats.render(four, bank, "terminal").text
    [line] = [l for l in text.splitlines() if "Trusted relationships" in l and any(ch in l for ch in "▁▂▃▄▅▆▇█")]
    sparks = [ch for ch in line if ch in "▁▂▃▄▅▆▇█"]
    assert len(sparks) == 4
    assert sparks[0] > sparks[1] == sparks[2] == sparks[3]  # 75, then 25 three times


def test_the_trend_chart_is_svg_with_a_line_per_lesson_and_words(bank, four):
    import xml.etree.ElementTree as ET

    from partnercheck.render.charts import charts_for
    from partnercheck.render.report import build

    svg = charts_for(build(four, bank))["trend"]
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text.startswith("Lesson scores over the rounds")
    assert len(root.findall(f".//{ns}polyline")) == 6
    assert len(root.findall(f".//{ns}circle")) == 6 * 4
    desc = root.find(f"{ns}desc").text
    assert "Trusted relationships: 2025-01-10 75, 2025-07-10 25" in desc


def test_the_json_trend_validates_against_its_published_schema(bank, four):
    import jsonschema

    data = json.loads(to_json(four))
    jsonschema.validate(data, json_schema("trend"))
    out = runner.invoke(app, ["schema", "--for", "trend"])
    assert out.exit_code == 0 and json.loads(out.stdout)["title"] == "partnercheck trend"
    out = runner.invoke(app, ["schema", "--for", "actions"])
    assert out.exit_code == 0 and "open" in out.stdout
    assert json.loads(out.stdout)["title"] == "partnercheck action plan"


# --------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------


def write(tmp_path, result, name):
    path = tmp_path / name
    path.write_text(to_json(result), encoding="utf-8")
    return path


def test_trend_reads_a_folder_of_results_and_answers_and_sets_an_action_plan_aside(bank, make_round, tmp_path):
    from partnercheck.actions import dump_yaml, from_result
    from partnercheck.answers import dump_answers

    rounds = tmp_path / "rounds"
    rounds.mkdir()
    first = make_round("2025-01-10", {"trust": 1})
    write(rounds, first, "2025-01.json")
    write(rounds, make_round("2025-07-10", {"trust": 1}), "2025-07.json")
    answers = tmp_path / "x.yaml"
    given = {sid: "disagree" for sid in ids(bank, "trust")}
    from partnercheck.models import Answers

    (rounds / "2026-01.yaml").write_text(
        dump_answers(Answers(partnership=first.partnership, date=dt.date(2026, 1, 10),
                             answers={**{s.id: "agree" for s in bank.statements}, **given}), bank), encoding="utf-8")
    (rounds / "actions.yaml").write_text(dump_yaml(from_result(first), bank), encoding="utf-8")
    out = runner.invoke(app, ["trend", str(rounds), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert [r["date"] for r in data["rounds"]] == ["2025-01-10", "2025-07-10", "2026-01-10"]
    assert "actions.yaml is an action plan" in out.output
    assert any(f["text"] == "Trusted relationships has been in the gap band for three rounds." for f in data["findings"])


def test_trend_with_actions_flags_overdue_and_done_with_nothing_moved(bank, make_round, tmp_path):
    from partnercheck.actions import dump_yaml

    a, b, c = (make_round(d, {"trust": 1}) for d in ("2025-01-10", "2025-07-10", "2026-01-10"))
    paths = [str(write(tmp_path, r, f"r{i}.json")) for i, r in enumerate((a, b, c))]
    trust = ids(bank, "trust")[:2]
    plan = ActionPlan(partnership=a.partnership, date=a.date, actions=[
        Action(lesson="trust", statements=trust, text="Facilitated away day.", status="done"),
        Action(lesson="trust", statements=trust, text="Open the minutes.", due=dt.date(2025, 6, 30)),
    ])
    (tmp_path / "actions.yaml").write_text(dump_yaml(plan, bank), encoding="utf-8")
    out = runner.invoke(app, ["trend", *paths, "--actions", str(tmp_path / "actions.yaml"), "--format", "markdown"])
    assert out.exit_code == 0, out.output
    text = " ".join(out.stdout.split())
    assert "Facilitated away day." in text and "none of the statements it answers rose" in text
    assert "Overdue: due 2025-06-30, still open at the round of 2026-01-10." in text


@pytest.mark.parametrize("which", ["comparison", "undated"])
def test_trend_refuses_what_is_not_a_round(bank, make_round, tmp_path, which):
    from partnercheck.compare import compare

    a, b = make_round("2025-01-10"), make_round("2025-07-10")
    first = write(tmp_path, a, "a.json")
    if which == "comparison":
        other = write(tmp_path, compare(a, b), "c.json")
        said = "is a saved comparison (written by 'partnercheck compare --format json'), not one round of a trend"
    else:
        other = write(tmp_path, dataclasses.replace(b, date=None), "b.json")
        said = "has no date"
    out = runner.invoke(app, ["trend", str(first), str(other)])
    assert out.exit_code == 2 and said in out.output and "Traceback" not in out.output


def test_trend_refuses_rounds_of_different_partnerships_naming_the_files(bank, make_round, tmp_path):
    a = write(tmp_path, make_round("2025-01-10"), "north.json")
    b = write(tmp_path, make_round("2025-07-10", partnership="Southtown Health and Care Board"), "south.json")
    out = runner.invoke(app, ["trend", str(a), str(b)])
    assert out.exit_code == 2
    assert "different partnerships" in out.output and "south.json" in out.output


def test_a_saved_trend_renders_again_with_report(bank, four, tmp_path):
    saved = tmp_path / "trend.json"
    saved.write_text(to_json(four), encoding="utf-8")
    out = runner.invoke(app, ["report", str(saved), "--format", "markdown"])
    assert out.exit_code == 0, out.output
    assert " ".join(four.findings[0].text.split()) in " ".join(out.stdout.split())


def test_neither_the_trend_nor_excel_is_loaded_at_start_up():
    import subprocess
    import sys

    code = ("import sys\nimport partnercheck.cli\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'defusedxml') "
            "or m in ('partnercheck.trend', 'partnercheck.actions')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_slipping_into_the_gap_band_is_one_finding_not_two(bank, make_round):
    rounds = [make_round("2025-01-10", {"capacity": 4}), make_round("2025-07-10", {"capacity": 3}),
              make_round("2026-01-10", {"capacity": 1})]
    tr = trend(rounds_of(*rounds), bank)
    about = [f for f in tr.findings if f.lesson == "capacity" and f.statement is None]
    assert [f.text for f in about] == ["A capacity to do things slipped two rounds running, into the gap band (100 → 25)."]


def test_one_lessons_falling_statements_do_not_crowd_out_another(bank, make_round):
    rounds = [make_round(d, {"capacity": level, "barriers": min(4, level + 1)})
              for d, level in (("2025-01-10", 3), ("2025-07-10", 2), ("2026-01-10", 1))]
    tr = trend(rounds_of(*rounds), bank)
    named = [f for f in kinds(tr, "statement_falling") if f.statement]
    lessons = [f.lesson for f in named]
    assert lessons.count("capacity") <= 2 and "barriers" in lessons
    hidden = len(ids(bank, "capacity")) + len(ids(bank, "barriers")) - len(named)
    assert any(f"({hidden} more;" in f.text for f in tr.findings)


def test_a_drift_of_a_point_or_two_a_round_is_no_finding(bank, make_round, answers_factory):
    # one statement of the lesson down a scale point each round: the lesson
    # drifts by a few points a round, less than the bank's trend_points in all
    sids = ids(bank, "capacity")

    def pair(date, first, second):  # two respondents
        when = dt.date.fromisoformat(date)
        return assess(bank, [answers_factory({sids[0]: v}, fill="agree", date=when) for v in (first, second)])

    rounds = [pair("2025-01-10", "strongly-agree", "strongly-agree"), pair("2025-07-10", "strongly-agree", "agree"),
              pair("2026-01-10", "agree", "agree")]
    scores = [r.lessons["capacity"].score for r in rounds]
    assert scores[0] > scores[1] > scores[2] and scores[0] - scores[2] < bank.rules.trend_points
    tr = trend(rounds_of(*rounds), bank)
    assert not [f for f in kinds(tr, "slipping") if f.lesson == "capacity"]
    # the statement itself fell 25 points over the two rounds: that is said
    assert [f.statement for f in kinds(tr, "statement_falling")] == [sids[0]]


def test_an_answers_file_written_for_bank_1_is_a_round_like_any_other(bank):
    from conftest import EXAMPLES, ROOT

    old = ROOT / "tests" / "data" / "bank-1.0" / "northtown-officer.yaml"
    out = runner.invoke(app, ["trend", str(EXAMPLES / "northtown-officer-2027q1.yaml"), str(old), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert [r["date"] for r in data["rounds"]] == ["2026-11-02", "2027-02-01"]
    by_id = {s["id"]: s["scores"] for s in data["statements"]}
    for old_id, new_id in bank.renamed.items():
        if new_id in by_id and f"{old_id}:" in old.read_text(encoding="utf-8"):
            assert by_id[new_id][0] is not None, (old_id, new_id)  # the old answer counts under the new id


def test_an_action_plan_or_a_saved_trend_in_the_rounds_folder_is_left_out_with_a_note(tmp_path):
    """A rounds folder that also holds the board's plan (YAML or Excel) and a
    trend saved there before is still read as its rounds."""
    from conftest import EXAMPLES

    folder = tmp_path / "rounds"
    folder.mkdir()
    for name in ("northtown-officer.yaml", "northtown-officer-2027q1.yaml"):
        (folder / name).write_bytes((EXAMPLES / name).read_bytes())
    for args in (["actions", str(folder / "northtown-officer.yaml"), "-o", str(folder / "plan.yaml")],
                 ["actions", str(folder / "northtown-officer.yaml"), "-o", str(folder / "plan.xlsx")],
                 ["trend", str(folder), "--format", "json", "-o", str(folder / "trend.json")]):
        made = runner.invoke(app, args)
        assert made.exit_code == 0, made.output
    out = runner.invoke(app, ["trend", str(folder), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert len(json.loads(out.stdout)["rounds"]) == 2
    for name in ("plan.yaml", "plan.xlsx", "trend.json"):
        assert f"{name} is " in out.stderr and "not a round: left out" in out.stderr, name


def test_a_trend_and_its_action_review_survive_json_and_back(bank, make_round):
    from partnercheck.history import Trend
    from partnercheck.models import validate

    a, b = make_round("2025-01-10", {"trust": 1}), make_round("2025-07-10", {"trust": 3})
    plan = ActionPlan(partnership=a.partnership, date=a.date, actions=[
        Action(lesson="trust", statements=ids(bank, "trust")[:1], text="Away day.", due=dt.date(2025, 3, 1), status="done", note="Held")])
    tr = trend(rounds_of(a, b), bank, plan=plan)
    assert tr.actions and tr.actions[0].statements[0].change == 50
    assert validate(Trend, json.loads(to_json(tr)), "trend.json") == tr


def test_a_partner_in_the_gap_band_round_after_round_is_heard(bank, answers_factory):
    """The unhappy partner: the combined score hides them, the trend does not."""
    trust = ids(bank, "trust")

    def combined(date):
        when = dt.date.fromisoformat(date)
        happy = [answers_factory(fill="agree", date=when) for _ in range(3)]
        unhappy = answers_factory({sid: "strongly-disagree" for sid in trust}, fill="agree", date=when)
        return assess(bank, [*happy, unhappy])

    rounds = [combined(d) for d in ("2025-01-10", "2025-07-10", "2026-01-10")]
    assert all(r.lessons["trust"].band != "gap" for r in rounds)
    tr = trend(rounds_of(*rounds), bank)
    [heard] = kinds(tr, "minority")
    assert heard.lesson == "trust" and heard.rounds == 3
    assert heard.text.startswith("At least one partner has scored trusted relationships in the gap band for three rounds running")


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_a_trend_and_its_actions_never_carry_control_or_bidi_characters(bank, make_round, fmt):
    from test_terminal_safety import HOSTILE, RAW

    for kind, hostile in sorted(HOSTILE.items()):
        name = f"Before {hostile} after"
        a, b = make_round("2025-01-10", {"trust": 1}, partnership=name), make_round("2025-07-10", partnership=name)
        plan = ActionPlan(partnership=name, date=a.date, actions=[
            Action(lesson="trust", text=f"Act {hostile} now", lead=f"Lead {hostile} one", note=f"Note {hostile} here")])
        text = formats.render(trend(rounds_of(a, b), bank, plan=plan), bank, fmt).text
        assert not RAW.search(text), (kind, repr(RAW.search(text)))
        assert "Before" in text and "Act" in text and "Lead" in text and "here" in text  # the note is shown


def test_a_bad_answers_file_among_the_rounds_is_refused_with_its_line(bank, make_round, tmp_path):
    good = write(tmp_path, make_round("2025-01-10"), "a.json")
    bad = tmp_path / "b.yaml"
    bad.write_text("partnership: Northtown\ndate: 2025-07-10\nanswers:\n  trust.conflict-raised: agre\n", encoding="utf-8")
    out = runner.invoke(app, ["trend", str(good), str(bad)])
    assert out.exit_code == 2
    assert "line 4" in out.output and "'agre' is not an option" in out.output


def test_a_round_can_be_a_survey_export_its_respondents_combined(bank, tmp_path):
    """How partners really answer: each round a forms tool's export, one row per respondent."""
    import csv

    qs = [s.id for s in bank.statements]

    def export(name, date, trust_value):
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(["Partnership", "Date", "Organisation", *qs])
            for org in ("Council", "Police", "Health"):
                out.writerow(["Northtown CSP", date, org,
                              *[(trust_value if sid.startswith("trust.") else "agree") for sid in qs]])
        return str(path)

    first = export("round-1.csv", "2025-01-10", "disagree")
    second = export("round-2.csv", "2025-07-10", "agree")
    out = runner.invoke(app, ["trend", second, first, "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert [r["date"] for r in data["rounds"]] == ["2025-01-10", "2025-07-10"]
    assert [r["respondents"] for r in data["rounds"]] == [3, 3]
    assert data["lessons"]["trust"]["scores"] == [25.0, 75.0]
    assert any(f["kind"] == "out_of_gap" and f["lesson"] == "trust" for f in data["findings"])


def test_a_rounds_folder_holding_a_survey_export_reads_it_as_a_round(tmp_path, bank):
    """A round may be a survey export: in a folder of rounds, as when named."""
    import csv

    import yaml

    from conftest import EXAMPLES

    first = yaml.safe_load((EXAMPLES / "northtown-officer.yaml").read_text(encoding="utf-8"))
    (tmp_path / "2026.yaml").write_text(yaml.safe_dump(first), encoding="utf-8")
    ids = [s.id for s in bank.statements]
    with open(tmp_path / "2027.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Completion time", "Partnership", *ids])
        writer.writerow(["2027-05-01 10:00:00", first["partnership"], *["Agree"] * len(ids)])
    (tmp_path / "~$2027.xlsx").write_bytes(b"an Excel lock file")
    result = CliRunner().invoke(app, ["trend", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [r["date"] for r in json.loads(result.stdout)["rounds"]] == [str(first["date"]), "2027-05-01"]


def test_the_partner_apart_from_the_rest_round_after_round_is_one_finding_naming_the_lessons(bank, answers_factory):
    """A partnership manager reads one partner who has seen the partnership
    very differently from the rest, round after round, as one finding
    naming the lessons that partner alone puts in the gap band (DOMAIN.md,
    the unhappy partner), not as one finding per lesson."""

    def round_(date):
        when = dict(date=dt.date.fromisoformat(date))
        responses = [answers_factory({}, fill="agree", organisation=f"Org {i}", **when) for i in range(3)]
        responses.append(answers_factory({}, fill="disagree", organisation="Org 3", **when))
        return assess(bank, responses)

    rounds = [round_(d) for d in ("2025-01-10", "2025-07-10", "2026-01-10")]
    lessons = [g.lesson for g in rounds[-1].gaps if g.kind == "minority" and g.pattern]
    assert len(lessons) >= 3
    tr = trend(rounds_of(*rounds), bank)
    found = kinds(tr, "minority")
    assert len(found) == 1
    assert found[0].rounds == 3
    for lesson in lessons:
        assert bank.lesson(lesson).in_sentence in found[0].text
    said = " ".join(found[0].text.split())
    for name in ("terminal", "markdown"):
        assert " ".join(formats.render(tr, bank, name).text.split()).count(said) == 1, name
