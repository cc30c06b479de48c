"""The action plan: started from a result's priorities, edited by the officer
(YAML or Excel), refused with the place of each problem, and carried forward
beside what moved (compare --actions)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from partnercheck.actions import dump_xlsx, dump_yaml, from_result, load_plan, review
from partnercheck.assess import assess
from partnercheck.cli import app
from partnercheck.errors import InputError
from partnercheck.history import Action, ActionPlan
from partnercheck.models import to_json

runner = CliRunner()


def lesson_ids(bank, lesson):
    return [s.id for s in bank.statements if s.lesson == lesson]


def result_with(bank, answers_factory, date, low=(), high=(), **extra):
    """An assessment dated ``date``: lessons in ``low`` answered disagree,
    those in ``high`` strongly agree, the rest agree."""
    answers = {}
    for lesson in low:
        answers.update({sid: "disagree" for sid in lesson_ids(bank, lesson)})
    for lesson in high:
        answers.update({sid: "strongly-agree" for sid in lesson_ids(bank, lesson)})
    answers.update(extra)
    return assess(bank, [answers_factory(answers, fill="agree", date=dt.date.fromisoformat(date))])


@pytest.fixture
def weak(bank, answers_factory):
    """Trust and sustainability in the gap band: two priorities."""
    return result_with(bank, answers_factory, "2026-03-01", low=("trust", "sustainability"))


def write_result(tmp_path, result, name="result.json"):
    path = tmp_path / name
    path.write_text(to_json(result), encoding="utf-8")
    return path


# --------------------------------------------------------------------------
# Starting a plan
# --------------------------------------------------------------------------


def test_a_plan_has_one_open_action_per_priority_with_its_lesson_and_statements(weak):
    plan = from_result(weak)
    assert plan.partnership == weak.partnership and plan.date == weak.date
    assert [a.lesson for a in plan.actions] == [p.lesson for p in weak.priorities]
    assert {"trust", "sustainability"} <= {a.lesson for a in plan.actions}
    for action, priority in zip(plan.actions, weak.priorities):
        assert action.statements == priority.statements
        assert action.text == " ".join(priority.first_step.split())
        assert action.status == "open" and action.lead is None and action.due is None and action.note is None


def test_the_yaml_plan_tells_the_officer_how_to_edit_it_and_reads_back_the_same(bank, weak, tmp_path):
    plan = from_result(weak)
    text = dump_yaml(plan, bank)
    comments = " ".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    for word in ("lead", "due", "YYYY-MM-DD", "open, done or dropped", "--actions"):
        assert word in comments
    # each statement is named by its words beside its id
    first = plan.actions[0].statements[0]
    assert next(s.text for s in bank.statements if s.id == first) in text
    path = tmp_path / "actions.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_plan(path, bank) == plan


def test_the_officers_edits_are_read(bank, weak, tmp_path):
    text = dump_yaml(from_result(weak), bank)
    text = text.replace("lead:       # who leads it", "lead: Community safety manager", 1)
    text = text.replace("due:        # YYYY-MM-DD", "due: 2026-06-30", 1)
    text = text.replace("status: open", "status: done", 1)
    text = text.replace("note:       # how we will know, or what happened", "note: Pack written; two newcomers inducted", 1)
    path = tmp_path / "actions.yaml"
    path.write_text(text, encoding="utf-8")
    first = load_plan(path, bank).actions[0]
    assert first.lead == "Community safety manager"
    assert first.due == dt.date(2026, 6, 30)
    assert first.status == "done"
    assert first.note == "Pack written; two newcomers inducted"


# --------------------------------------------------------------------------
# Refused, with the place named
# --------------------------------------------------------------------------


def plan_text(**action):
    fields = {"lesson": "trust", "statements": ["trust.conflict-raised"], "text": "Hold an away day.", "status": "open"}
    fields.update(action)
    lines = ["kind: action-plan", "partnership: Northtown", "date: 2026-03-01", "actions:"]
    first = True
    for key, value in fields.items():
        lead = "  - " if first else "    "
        first = False
        if isinstance(value, list):
            lines.append(f"{lead}{key}:")
            lines += [f"      - {v}" for v in value]
        else:
            lines.append(f"{lead}{key}: {value}")
    return "\n".join(lines) + "\n"


def refusal(bank, tmp_path, text, name="actions.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_plan(path, bank)
    return exc.value


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    "field, value, needle, said",
    [
        ("lesson", "trsut", "lesson: trsut", "should be one of: shared_interest"),
        ("due", "2026-02-30", "due: 2026-02-30", "should be a date written YYYY-MM-DD"),
        ("due", "next spring", "due: next spring", "should be a date written YYYY-MM-DD"),
        ("status", "finished", "status: finished", "should be one of: open, done, dropped"),
        ("statements", ["trust.conflict-rased"], "trust.conflict-rased", "did you mean 'trust.conflict-raised'?"),
        ("statements", ["continuum.problem"], "continuum.problem", "is a continuum question, not a statement"),
    ],
)
def test_a_bad_field_is_refused_with_its_line(bank, tmp_path, field, value, needle, said):
    text = plan_text(**{field: value})
    error = refusal(bank, tmp_path, text)
    message = error.describe()
    assert said in message
    assert f"line {line_of(text, needle)}" in message
    assert "action 1" in message


def test_every_problem_is_listed_at_once_in_the_order_of_the_file(bank, tmp_path):
    text = plan_text(lesson="trsut", statements=["trust.nope"], due="soon", status="finished")
    error = refusal(bank, tmp_path, text)
    assert len(error.problems) == 4
    lines = [int(p.where.split()[1].rstrip(",")) for p in error.problems]
    assert lines == sorted(lines)


def test_a_statement_nothing_asks_any_more_is_refused_and_a_renamed_one_moved(bank, tmp_path):
    gone = next((old for old, new in bank.renamed.items() if new is None), None)
    old, new = next((o, n) for o, n in bank.renamed.items() if n and n.split(".")[0] == o.split(".")[0])
    path = tmp_path / "actions.yaml"
    path.write_text(plan_text(lesson=old.split(".")[0], statements=[old]), encoding="utf-8")
    assert load_plan(path, bank).actions[0].statements == [new]
    if gone is not None:
        assert "no longer asked" in refusal(bank, tmp_path, plan_text(statements=[gone])).describe()


def test_a_file_that_is_not_an_action_plan_is_refused(bank, tmp_path):
    from conftest import EXAMPLES

    path = tmp_path / "answers.yaml"
    path.write_text((EXAMPLES / "northtown-officer.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match="is an answers file, not an action plan"):
        load_plan(path, bank)


# --------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------


def test_the_workbook_has_a_status_drop_down_and_reads_back_the_same(bank, weak, tmp_path):
    from openpyxl import load_workbook

    plan = from_result(weak)
    path = tmp_path / "actions.xlsx"
    path.write_bytes(dump_xlsx(plan, bank))
    wb = load_workbook(path)
    ws = wb["Actions"]
    lists = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert '"open,done,dropped"' in lists and lists['"open,done,dropped"'].startswith("F2:")
    assert [c.value for c in ws[1]][:7] == ["Lesson", "Statements", "Action", "Lead", "Due", "Status", "Note"]
    assert load_plan(path, bank) == plan

    # the board's edits in Excel: a real date, a capitalised status
    ws["D2"], ws["E2"], ws["F2"] = "Chair", dt.datetime(2026, 9, 30), "Done"
    wb.save(path)
    first = load_plan(path, bank).actions[0]
    assert (first.lead, first.due, first.status) == ("Chair", dt.date(2026, 9, 30), "done")


def test_a_bad_workbook_row_is_refused_with_its_row_and_column(bank, weak, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "actions.xlsx"
    path.write_bytes(dump_xlsx(from_result(weak), bank))
    wb = load_workbook(path)
    ws = wb["Actions"]
    ws["E3"], ws["F3"], ws["B3"] = "soon", "finished", "trust.conflict-rased"
    wb.save(path)
    with pytest.raises(InputError) as exc:
        load_plan(path, bank)
    message = exc.value.describe()
    assert "row 3, column Due: should be a date" in message
    assert "row 3, column Status: should be one of: open, done, dropped" in message
    assert "row 3, column Statements" in message and "did you mean 'trust.conflict-raised'" in message


def test_a_file_that_is_not_a_workbook_is_refused(bank, tmp_path):
    path = tmp_path / "actions.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="is not an Excel workbook"):
        load_plan(path, bank)


# --------------------------------------------------------------------------
# What happened to what the board agreed
# --------------------------------------------------------------------------


def plan_for(weak, **fields):
    action = Action(lesson="trust", statements=[s.id for s in weak.statements if s.lesson == "trust"][:2], text="Away day.", **fields)
    return ActionPlan(partnership=weak.partnership, date=weak.date, actions=[action])


def test_an_open_action_due_before_the_newer_round_is_overdue(bank, answers_factory, weak):
    later = result_with(bank, answers_factory, "2026-09-01", low=("trust",))
    [late] = review(plan_for(weak, due=dt.date(2026, 6, 30)), weak, later, bank)
    assert late.overdue and any("Overdue" in f and "2026-06-30" in f for f in late.flags)
    for fields in ({"due": dt.date(2026, 12, 31)}, {"due": dt.date(2026, 6, 30), "status": "done"},
                   {"due": dt.date(2026, 6, 30), "status": "dropped"}, {}):
        [a] = review(plan_for(weak, **fields), weak, later, bank)
        assert not a.overdue, fields


def test_a_done_action_whose_statements_did_not_move_is_flagged(bank, answers_factory, weak):
    same = result_with(bank, answers_factory, "2026-09-01", low=("trust",))
    [a] = review(plan_for(weak, status="done"), weak, same, bank)
    assert a.unmoved and a.flags and "none of the statements it answers rose" in a.flags[0]
    assert all(c.change == 0 for c in a.statements)
    better = result_with(bank, answers_factory, "2026-09-01")
    [b] = review(plan_for(weak, status="done"), weak, better, bank)
    assert not b.unmoved and not b.flags
    assert all(c.change and c.change > 0 for c in b.statements)
    # an open action that did not move is not "done and nothing moved"
    [c] = review(plan_for(weak), weak, same, bank)
    assert not c.unmoved


# --------------------------------------------------------------------------
# The commands
# --------------------------------------------------------------------------


def test_actions_command_writes_yaml_or_xlsx_from_a_result(bank, weak, tmp_path):
    result = write_result(tmp_path, weak)
    out = runner.invoke(app, ["actions", str(result), "-o", str(tmp_path / "plan.yaml")])
    assert out.exit_code == 0, out.output
    assert load_plan(tmp_path / "plan.yaml", bank) == from_result(weak)
    out = runner.invoke(app, ["actions", str(result), "-o", str(tmp_path / "plan.xlsx")])
    assert out.exit_code == 0, out.output
    assert (tmp_path / "plan.xlsx").read_bytes()[:2] == b"PK"
    assert load_plan(tmp_path / "plan.xlsx", bank) == from_result(weak)
    out = runner.invoke(app, ["actions", str(result)])
    assert out.exit_code == 0 and "kind: action-plan" in out.stdout


@pytest.mark.parametrize(
    "args, said",
    [
        (["-o", "plan.odt"], "written as .yaml or .xlsx"),
        (["--format", "xlsx", "-o", "plan.yaml"], "--format xlsx but the file name says yaml"),
    ],
)
def test_actions_command_refuses_a_bad_output(weak, tmp_path, args, said):
    result = write_result(tmp_path, weak)
    out = runner.invoke(app, ["actions", str(result), *[str(tmp_path / a) if a.startswith("plan.") else a for a in args]])
    assert out.exit_code == 2 and said in out.output


def test_compare_with_actions_shows_each_action_beside_what_moved(bank, answers_factory, weak, tmp_path):
    later = result_with(bank, answers_factory, "2026-09-01", low=("trust",))
    old, new = write_result(tmp_path, weak, "old.json"), write_result(tmp_path, later, "new.json")
    plan = tmp_path / "actions.yaml"
    plan.write_text(dump_yaml(plan_for(weak, status="done", due=dt.date(2026, 6, 30), lead="Chair", note="Held in May"), bank), encoding="utf-8")
    out = runner.invoke(app, ["compare", str(old), str(new), "--actions", str(plan), "--format", "markdown"])
    assert out.exit_code == 0, out.output
    text = " ".join(out.stdout.split())
    assert bank.texts.heading_actions in text
    assert "Away day." in text and "Chair" in text and "done" in text and "Held in May" in text
    assert "none of the statements it answers rose" in text
    out = runner.invoke(app, ["compare", str(old), str(new), "--actions", str(plan), "--format", "json"])
    data = json.loads(out.stdout)
    assert data["actions"][0]["unmoved"] is True and data["actions"][0]["status"] == "done"


def test_compare_refuses_the_plan_of_another_partnership(bank, answers_factory, weak, tmp_path):
    later = result_with(bank, answers_factory, "2026-09-01")
    old, new = write_result(tmp_path, weak, "old.json"), write_result(tmp_path, later, "new.json")
    other = ActionPlan(partnership="Southtown", date=weak.date, actions=[])
    plan = tmp_path / "actions.yaml"
    plan.write_text(dump_yaml(other, bank), encoding="utf-8")
    out = runner.invoke(app, ["compare", str(old), str(new), "--actions", str(plan)])
    assert out.exit_code == 2 and "action plan of 'Southtown'" in out.output


def test_a_bad_plan_given_to_compare_exits_2_naming_the_line(bank, answers_factory, weak, tmp_path):
    later = result_with(bank, answers_factory, "2026-09-01")
    old, new = write_result(tmp_path, weak, "old.json"), write_result(tmp_path, later, "new.json")
    plan = tmp_path / "actions.yaml"
    text = plan_text(status="finished")
    plan.write_text(text.replace("Northtown", weak.partnership), encoding="utf-8")
    out = runner.invoke(app, ["compare", str(old), str(new), "--actions", str(plan)])
    assert out.exit_code == 2
    assert f"line {line_of(text, 'status: finished')}" in out.output and "Traceback" not in out.output


# --------------------------------------------------------------------------
# Whatever an officer types, a plan loads or is refused in words
# --------------------------------------------------------------------------

from hypothesis import given, settings
from hypothesis import strategies as st

_ANY = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=12), st.dates(),
    st.lists(st.text(max_size=24), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
_FIELDS = ("lesson", "statements", "text", "lead", "due", "status", "note", "stauts")


@settings(max_examples=150, deadline=None)
@given(
    partnership=_ANY,
    date=_ANY,
    actions=st.one_of(_ANY, st.lists(st.dictionaries(st.sampled_from(_FIELDS), _ANY, max_size=8), max_size=3)),
)
def test_any_plan_loads_or_is_refused_with_places_never_a_crash(bank, partnership, date, actions):
    from partnercheck.actions import plan_from_data

    data = {"kind": "action-plan", "partnership": partnership, "date": date, "actions": actions}
    try:
        plan = plan_from_data(data, bank, "actions.yaml")
    except InputError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return
    assert isinstance(plan, ActionPlan)
    assert all(a.status in ("open", "done", "dropped") for a in plan.actions)


def test_the_word_document_draws_the_action_review_and_the_trend_table(bank, answers_factory, weak):
    import io

    import docx

    from partnercheck.render import formats
    from partnercheck.trend import trend

    later = result_with(bank, answers_factory, "2026-09-01", low=("trust",))
    tr = trend([("a.json", weak), ("b.json", later)], bank, plan=plan_for(weak, status="done"))
    document = docx.Document(io.BytesIO(formats.render(tr, bank, "docx").data))
    cells = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Away day." in cells and "none of the statements it answers rose" in cells
    assert "2026-03-01" in cells and "2026-09-01" in cells


def test_text_that_would_start_a_formula_stays_text_in_the_workbook(bank, weak, tmp_path):
    import zipfile

    hostile = "=HYPERLINK(\"http://example.invalid\",\"click\")"
    plan = from_result(weak)
    plan.partnership = hostile
    plan.actions[0].lead = hostile
    path = tmp_path / "actions.xlsx"
    path.write_bytes(dump_xlsx(plan, bank))
    with zipfile.ZipFile(path) as z:
        sheets = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets  # no formula anywhere
    back = load_plan(path, bank)
    assert back.partnership == hostile and back.actions[0].lead == hostile


def test_a_plan_made_on_the_newest_round_is_not_judged_yet(bank, answers_factory, weak):
    from partnercheck.trend import trend

    earlier = result_with(bank, answers_factory, "2025-09-01", low=("trust",))
    tr = trend([("a.json", earlier), ("b.json", weak)], bank, plan=plan_for(weak, status="done"))
    [a] = tr.actions
    assert not a.unmoved and a.flags == [" ".join(bank.texts.action_no_round_since.split())]


def test_compare_with_a_plan_made_on_the_newer_round_does_not_judge_it_yet(bank, answers_factory, weak):
    from partnercheck.compare import compare

    earlier = result_with(bank, answers_factory, "2025-09-01", low=("trust",))
    c = compare(earlier, weak, bank=bank, plan=plan_for(weak, status="done"))
    [a] = c.actions
    assert not a.unmoved and "no round has been assessed since" in a.flags[0]


def test_a_plan_given_where_answers_or_a_result_are_read_is_named_for_what_it_is(bank, weak, tmp_path):
    plan = tmp_path / "actions.yaml"
    plan.write_text(dump_yaml(from_result(weak), bank), encoding="utf-8")
    for args in (["assess", "--answers", str(plan)], ["report", str(plan)], ["compare", str(plan), str(plan)]):
        out = runner.invoke(app, args)
        assert out.exit_code == 2, args
        assert "is an action plan" in out.output and "--actions" in out.output, args


def test_a_plan_written_by_hand_without_its_kind_line_is_still_named_an_action_plan(bank, weak, tmp_path):
    """'kind: action-plan' may be left out of a plan (it is optional): the plan
    is still read as one, and given where answers or a result are read it is
    named for what it is, not refused as answers with an unknown field."""
    text = plan_text().replace("kind: action-plan\n", "")
    plan = tmp_path / "actions.yaml"
    plan.write_text(text, encoding="utf-8")
    assert load_plan(plan, bank).actions[0].lesson == "trust"
    for args in (["assess", "--answers", str(plan)], ["compare", str(plan), str(plan)]):
        out = runner.invoke(app, args)
        assert out.exit_code == 2, args
        assert "is an action plan" in out.output and "--actions" in out.output, (args, out.output)
