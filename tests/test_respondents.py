"""Each respondent counts once, and one partnership is one partnership
whatever its spelling (DOMAIN.md: "Each respondent counts once: the same file
or the same response given twice is one respondent")."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from partnercheck.cli import app

runner = CliRunner()

NFC = unicodedata.normalize("NFC", "Café Partnership")
NFD = unicodedata.normalize("NFD", "Café Partnership")


def answers(bank, level: int) -> dict[str, str]:
    """Every question answered: statements at scale position ``level``."""
    out = {}
    for qid, values in bank.values():
        out[qid] = values[0] if qid.startswith("continuum.") else values[level]
    return out


def write(path: Path, partnership: str, given: dict[str, str], **fields) -> Path:
    """An answers file (YAML, or JSON for a .json name)."""
    data = {"partnership": partnership, **fields, "answers": given}
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def combine(*args: str):
    return runner.invoke(app, ["combine", *args, "--format", "json"])


# --------------------------------------------------------------------------
# combine: each respondent once
# --------------------------------------------------------------------------


def test_a_respondent_counted_twice_would_show_a_group_too_small_to_keep_answers_anonymous(tmp_path, bank):
    """Two police officers answered; one of them also sent the same answers
    again (as JSON this time, so not the same bytes).  Counted twice, Police
    would reach the minimum group of three and its breakdown would show, and
    each officer's answers could be picked out of it."""
    write(tmp_path / "police-1.yaml", "Northtown", answers(bank, 1), respondent="P. One", organisation="Police")
    write(tmp_path / "police-2.yaml", "Northtown", answers(bank, 3), respondent="P. Two", organisation="Police")
    write(tmp_path / "police-1-again.json", "Northtown", answers(bank, 1), respondent="P. One", organisation="Police")
    write(tmp_path / "council.yaml", "Northtown", answers(bank, 2), organisation="Council")
    run = combine(*(str(tmp_path / n) for n in ("police-1.yaml", "police-2.yaml", "police-1-again.json", "council.yaml")),
                  "--min-group", "3")
    assert run.exit_code == 0, run.output
    result = json.loads(run.stdout)
    assert result["respondents"] == 3
    assert result["groups"] == []  # Police has two respondents: below the threshold, hidden
    assert "police-1-again.json" in run.stderr and "police-1.yaml" in run.stderr and "counted once" in run.stderr


def test_the_same_response_twice_does_not_weigh_twice_in_the_average(tmp_path, bank):
    low = write(tmp_path / "low.yaml", "N", answers(bank, 0), respondent="A")
    write(tmp_path / "high.yaml", "N", answers(bank, 4), respondent="B")
    again = write(tmp_path / "low-resent.yaml", "N", answers(bank, 0), respondent="a")  # the same person, lower case
    once = json.loads(combine(str(low), str(tmp_path / "high.yaml")).stdout)
    twice = combine(str(low), str(tmp_path / "high.yaml"), str(again))
    assert twice.exit_code == 0, twice.output
    assert json.loads(twice.stdout)["score"] == once["score"] == 50


def test_the_same_file_named_twice_is_said_to_be_named_twice(tmp_path, bank):
    a = write(tmp_path / "a.yaml", "N", answers(bank, 3))
    b = write(tmp_path / "b.yaml", "N", answers(bank, 1))
    run = combine(str(a), str(b), str(tmp_path / "." / "a.yaml"))
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["respondents"] == 2
    assert "a.yaml is named twice" in run.stderr


def test_a_bad_file_named_twice_is_reported_once(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("partnership: N\nanswers:\n  trust.conflict-raised: maybe\n", encoding="utf-8")
    run = combine(str(bad), str(tmp_path / "." / "bad.yaml"))
    assert run.exit_code == 2
    assert run.stderr.count("'maybe' is not an option") == 1


def test_different_people_or_different_answers_are_never_merged(tmp_path, bank):
    """Two respondents who gave the same answers, or one respondent's two
    different organisations, are different responses."""
    files = [
        write(tmp_path / "1.yaml", "N", answers(bank, 3), respondent="A", organisation="Council"),
        write(tmp_path / "2.yaml", "N", answers(bank, 3), respondent="B", organisation="Council"),
        write(tmp_path / "3.yaml", "N", answers(bank, 3), respondent="A", organisation="Police"),
        write(tmp_path / "4.yaml", "N", {**answers(bank, 3), "trust.conflict-raised": "strongly-agree"}, respondent="A", organisation="Council"),
        write(tmp_path / "5.yaml", "N", answers(bank, 2), respondent="A", organisation="Council"),
    ]
    run = combine(*map(str, files))
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["respondents"] == 5
    assert "counted once" not in run.stderr


def test_each_once_works_on_responses_from_any_source(bank, answers_factory):
    """Rows read from a survey export carry a label such as 'export.csv row 4'."""
    from partnercheck.combine import each_once

    one = answers_factory(fill="agree", respondent="A", organisation="Council")
    same = answers_factory(fill="agree", respondent=" a ", organisation="council")
    other = answers_factory(fill="disagree", respondent="A", organisation="Council")
    kept, repeated, alike = each_once([("export.csv row 2", one), ("export.csv row 3", other), ("export.csv row 4", same)])
    assert [r.label for r in kept] == ["export.csv row 2", "export.csv row 3"]
    assert repeated == [("export.csv row 4", "export.csv row 2", "respondent")] and alike == []


def test_blank_answers_do_not_make_a_response_different(bank, answers_factory):
    from partnercheck.combine import each_once

    one = answers_factory({"trust.conflict-raised": "agree"}, respondent="A")
    with_blank = answers_factory({"trust.conflict-raised": "agree", "trust.new-people": None}, respondent="A")
    kept, repeated, _ = each_once([("a.yaml", one), ("b.yaml", with_blank)])
    assert len(kept) == 1 and repeated == [("b.yaml", "a.yaml", "respondent")]


# --------------------------------------------------------------------------
# combine: one partnership, spelt several ways
# --------------------------------------------------------------------------


def test_combine_takes_a_name_typed_with_separate_accents_as_the_same_partnership(tmp_path, bank):
    a = write(tmp_path / "a.yaml", NFC, answers(bank, 3))
    b = write(tmp_path / "b.yaml", NFD, answers(bank, 1))
    run = combine(str(a), str(b))
    assert run.exit_code == 0, run.output
    result = json.loads(run.stdout)
    assert result["respondents"] == 2
    assert result["partnership"] == NFC
    assert "separate characters" in run.stderr  # the two spellings look alike: the warning tells them apart


def test_combine_still_refuses_partnerships_that_differ(tmp_path, bank):
    a = write(tmp_path / "a.yaml", "Northtown CSP", answers(bank, 3))
    b = write(tmp_path / "b.yaml", "Southtown CSP", answers(bank, 1))
    run = combine(str(a), str(b))
    assert run.exit_code == 2
    assert "different partnerships" in run.stderr


def test_compare_takes_two_rounds_of_one_partnership_spelt_two_ways_as_one(tmp_path, bank):
    old = write(tmp_path / "q1.yaml", NFD, answers(bank, 1))
    new = write(tmp_path / "q2.yaml", NFC.upper(), answers(bank, 3))
    run = runner.invoke(app, ["compare", str(old), str(new), "--format", "json"])
    assert run.exit_code == 0, run.output
    other = write(tmp_path / "other.yaml", "Cafe Partnership", answers(bank, 3))
    assert runner.invoke(app, ["compare", str(old), str(other), "--format", "json"]).exit_code == 2


def test_partnership_names_fold_case_spacing_punctuation_and_unicode_form():
    from partnercheck.combine import partnership_key

    same = ["Northtown CSP", "northtown  csp", "Northtown C.S.P.", " NORTHTOWN-CSP "]
    assert len({partnership_key(n) for n in same}) == 1
    assert partnership_key(NFC) == partnership_key(NFD)
    differ = ["Northtown CSP", "Southtown CSP", "Cafe Partnership", NFC, "Northtown CSP 2"]
    assert len({partnership_key(n) for n in differ}) == len(differ)


def test_an_ampersand_is_the_word_and_not_punctuation():
    """'&' and 'and' are a common slip between files; a name without the
    word is another name ('Health Care' is not 'Health and Care')."""
    from partnercheck.combine import partnership_key

    same = ["Health & Care Partnership", "Health and Care Partnership", "health AND care partnership",
            "Health&Care Partnership", "Health \uff06 Care Partnership", "Health  and  Care-Partnership"]
    assert len({partnership_key(n) for n in same}) == 1
    assert len({partnership_key(n) for n in ["Café & Bar", "Café and Bar", "CAFÉ AND BAR"]}) == 1
    differ = ["Health & Care Partnership", "Health Care Partnership", "Health or Care Partnership",
              "Health & Social Care Partnership"]
    assert len({partnership_key(n) for n in differ}) == len(differ)


def test_combine_takes_and_for_an_ampersand_but_not_for_nothing(tmp_path, bank):
    amp = write(tmp_path / "amp.yaml", "Health & Care Partnership", answers(bank, 3), respondent="1")
    word = write(tmp_path / "word.yaml", "Health and Care Partnership", answers(bank, 1), respondent="2")
    run = combine(str(amp), str(word))
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["respondents"] == 2
    said = " ".join(run.stderr.split())
    assert "one partnership spelt 2 ways ('Health & Care Partnership'; 'Health and Care Partnership')" in said

    bare = write(tmp_path / "bare.yaml", "Health Care Partnership", answers(bank, 1), respondent="3")
    run = combine(str(amp), str(bare))
    assert run.exit_code == 2
    assert "different partnerships" in run.stderr and "spelt" not in run.stderr


def test_batch_writes_health_care_apart_from_health_and_care(tmp_path, bank):
    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "1.yaml", "Health & Care Partnership", answers(bank, 3), respondent="1", organisation="Health & Care Trust")
    write(src / "2.yaml", "Health and Care Partnership", answers(bank, 2), respondent="2", organisation="Health and Care Trust")
    write(src / "3.yaml", "Health & Care Partnership", answers(bank, 1), respondent="3", organisation="Health Care Trust")
    write(src / "4.yaml", "Health Care Partnership", answers(bank, 4), respondent="4")
    run = batch(src, out)
    assert run.exit_code == 0, run.output
    found = summaries(out)
    assert set(found) == {"Health & Care Partnership", "Health Care Partnership"}
    assert found["Health & Care Partnership"]["respondents"] == 3 and found["Health Care Partnership"]["respondents"] == 1
    said = " ".join(run.stderr.split())
    assert "one partnership spelt 2 ways" in said and "'Health Care Partnership'" not in said
    assert "one organisation spelt 2 ways ('Health & Care Trust'; 'Health and Care Trust')" in said


def test_organisations_named_with_and_or_an_ampersand_are_one_group_and_without_it_another(tmp_path, bank):
    files = [write(tmp_path / f"{i}.yaml", "N", answers(bank, i + 1), respondent=str(i), organisation=org)
             for i, org in enumerate(["Health & Care Trust", "Health and Care Trust", "Health Care Trust"])]
    run = combine(*map(str, files), "--min-group", "1")
    assert run.exit_code == 0, run.output
    groups = json.loads(run.stdout)["groups"]
    assert sorted((g["organisation"], g["respondents"]) for g in groups) == [("Health & Care Trust", 2), ("Health Care Trust", 1)]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_a_name_is_the_same_partnership_however_its_accents_are_typed_or_its_case(name):
    from partnercheck.combine import partnership_key

    key = partnership_key(name)
    for form in ("NFC", "NFD", "NFKC"):
        if form == "NFKC" and unicodedata.normalize("NFKC", name) != unicodedata.normalize("NFC", name):
            continue  # compatibility forms (ﬁ, ２) are other characters
        assert partnership_key(unicodedata.normalize(form, name)) == key
    assert partnership_key(name.casefold()) == key
    assert partnership_key(name.upper()) == partnership_key(name.upper().casefold())
    assert partnership_key(f"  {name} ") == key


def test_an_organisation_spelt_two_ways_is_one_group(tmp_path, bank):
    """'Police', 'police' and 'POLICE ' are one organisation: counted apart,
    three police respondents would be three groups of one, each hidden, and
    the police view lost from the breakdown."""
    files = [write(tmp_path / f"{i}.yaml", "N", answers(bank, i + 1), respondent=str(i), organisation=org)
             for i, org in enumerate(["Police", "police", "POLICE "])]
    run = combine(*map(str, files), "--min-group", "3")
    assert run.exit_code == 0, run.output
    groups = json.loads(run.stdout)["groups"]
    assert [(g["organisation"], g["respondents"]) for g in groups] == [("Police", 3)]
    assert "one organisation spelt" in run.stderr


def test_batch_groups_an_organisation_spelt_two_ways_as_one(tmp_path, bank):
    src, out = tmp_path / "in", tmp_path / "out"
    for i, org in enumerate(["Northtown Council", "northtown council", "Northtown  Council"]):
        write(src / f"{i}.yaml", "N", answers(bank, i + 1), respondent=str(i), organisation=org)
    run = batch(src, out)
    assert run.exit_code == 0, run.output
    report = json.loads((out / summaries(out)["N"]["report"]).read_text())
    assert [(g["organisation"], g["respondents"]) for g in report["groups"]] == [("Northtown Council", 3)]


# --------------------------------------------------------------------------
# batch
# --------------------------------------------------------------------------


def batch(src: Path, out: Path, *extra: str):
    return runner.invoke(app, ["batch", str(src), "-d", str(out), "--format", "json", "--no-chart", "-j", "1", "-q", *extra])


def summaries(out: Path) -> dict[str, dict]:
    return {p["partnership"]: p for p in json.loads((out / "summary.json").read_text())["partnerships"]}


def test_batch_counts_a_repeated_response_once_within_its_partnership(tmp_path, bank):
    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "a.yaml", "Alpha", answers(bank, 3), respondent="A", organisation="Police")
    write(src / "b.yaml", "Alpha", answers(bank, 1), respondent="B", organisation="Police")
    write(src / "copy" / "a.json", "Alpha", answers(bank, 3), respondent="A", organisation="Police")
    # the same respondent and answers about another partnership is another response
    write(src / "c.yaml", "Beta", answers(bank, 3), respondent="A", organisation="Police")
    run = batch(src, out)
    assert run.exit_code == 0, run.output
    found = summaries(out)
    assert found["Alpha"]["respondents"] == 2 and found["Beta"]["respondents"] == 1
    assert "copy/a.json has the same respondent, organisation and answers as" in run.stderr
    assert json.loads((out / found["Alpha"]["report"]).read_text())["respondents"] == 2


def test_batch_takes_names_that_differ_only_in_spelling_as_one_partnership(tmp_path, bank):
    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "1.yaml", "Northtown CSP", answers(bank, 3), respondent="1")
    write(src / "2.yaml", "northtown  csp", answers(bank, 3), respondent="2")
    write(src / "3.yaml", "Northtown C.S.P.", answers(bank, 3), respondent="3")
    write(src / "4.yaml", NFC, answers(bank, 3), respondent="4")
    write(src / "5.yaml", NFD, answers(bank, 3), respondent="5")
    write(src / "6.yaml", "Northtown CSP", answers(bank, 3), respondent="6")  # the most used spelling names it
    run = batch(src, out)
    assert run.exit_code == 0, run.output
    found = summaries(out)
    assert set(found) == {"Northtown CSP", NFC}
    assert found["Northtown CSP"]["respondents"] == 4 and found[NFC]["respondents"] == 2
    for spelling in ("'northtown  csp'", "'Northtown C.S.P.'", "'Northtown CSP'"):
        assert spelling in run.stderr
    assert len([p for p in out.iterdir() if p.name != "summary.json" and p.suffix == ".json"]) == 2


def test_batch_and_combine_name_a_partnership_alike_when_a_repeat_carries_a_spelling(tmp_path, bank):
    """A response sent twice counts once, so its spelling of the partnership
    counts once too: batch names the partnership as combine does from the
    same files, not by the spelling the repeat made look most used."""
    src, out = tmp_path / "in", tmp_path / "out"
    files = [
        write(src / "1.yaml", "Northtown CSP", answers(bank, 3), respondent="A"),
        write(src / "2.yaml", "NORTHTOWN CSP", answers(bank, 3), respondent="a"),  # A again: counted once
        write(src / "3.yaml", "NORTHTOWN CSP", answers(bank, 1), respondent="B"),
    ]
    combined = combine(*map(str, files))
    assert combined.exit_code == 0, combined.output
    named = json.loads(combined.stdout)["partnership"]
    run = batch(src, out)
    assert run.exit_code == 0, run.output
    assert list(summaries(out)) == [named]
    assert summaries(out)[named]["respondents"] == 2


def test_batch_never_merges_or_overwrites_partnerships_whose_file_names_would_clash(tmp_path, bank):
    """'Café Partnership' and 'Cafe Partnership' are two partnerships (an
    accent is a letter), though both make the file name cafe-partnership."""
    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "1.yaml", NFC, answers(bank, 4), respondent="1")
    write(src / "2.yaml", "Cafe Partnership", answers(bank, 0), respondent="2")
    run = batch(src, out)
    assert run.exit_code == 0, run.output
    found = summaries(out)
    assert set(found) == {NFC, "Cafe Partnership"}
    assert found[NFC]["report"] != found["Cafe Partnership"]["report"]
    for name, summary in found.items():
        report = json.loads((out / summary["report"]).read_text())
        assert report["partnership"] == name and report["respondents"] == 1
    assert "spelt" not in run.stderr


def test_batch_names_a_repeated_export_row_by_its_row_and_keeps_the_earlier(tmp_path, bank):
    """A response that appears twice, the second time as the export's row 12
    (pasted in from a later download: the same timestamp): row 12 is the
    repeat (rows in the order people count, not 'row 12' < 'row 2')."""
    import csv

    questions = bank.questions()
    header = ["Timestamp", "Partnership", "Organisation", *(f"{q.text} [{q.id}]" for q in questions)]
    rows = []
    for n in range(10):  # rows 2 to 11: ten people
        rows.append([f"2026/11/03 9:{10 + n}:00", "Northtown", f"Organisation {n}",
                     *(answers(bank, n % 5)[q.id] for q in questions)])
    rows.append(list(rows[0]))  # row 12: row 2 again
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    with open(src / "export.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *rows])
    run = batch(src, out)
    assert run.exit_code == 0, run.output
    assert summaries(out)["Northtown"]["respondents"] == 10
    assert f"{src / 'export.csv'} row 12 repeats {src / 'export.csv'} row 2: the same answers, and the same response id" in run.stderr


# --------------------------------------------------------------------------
# Merged only on evidence: two people can answer alike
# --------------------------------------------------------------------------


def export_rows(bank, people, *, meta=("Timestamp",)):
    """A Google Forms export: (meta cells, organisation, scale level) a row."""
    import csv
    import io

    questions = bank.questions()
    rows = [[*meta, "Partnership", "Organisation", *(f"{q.text} [{q.id}]" for q in questions)]]
    for cells, org, level in people:
        rows.append([*cells, "Northtown", org, *(answers(bank, level)[q.id] for q in questions)])
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def test_two_people_of_one_organisation_who_answer_alike_both_count(tmp_path, bank):
    """Two council officers, neither named, give the same answers in their
    own files: two respondents, with a note that their answers are identical
    (counted once, the council's view would lose a person and could fall
    under the anonymity threshold)."""
    a = write(tmp_path / "council-1.yaml", "N", answers(bank, 3), organisation="Council")
    b = write(tmp_path / "council-2.json", "N", answers(bank, 3), organisation="Council")
    c = write(tmp_path / "police.yaml", "N", answers(bank, 1), organisation="Police")
    run = combine(str(a), str(b), str(c), "--min-group", "2")
    assert run.exit_code == 0, run.output
    result = json.loads(run.stdout)
    assert result["respondents"] == 3
    assert [(g["organisation"], g["respondents"]) for g in result["groups"]] == [("Council", 2)]
    said = " ".join(run.stderr.split())
    assert f"{b} gives exactly the same answers as {a}" in said and "both counted" in said
    assert "counted once" not in said


def test_a_copy_of_an_anonymous_file_counts_once(tmp_path, bank):
    """The same bytes under another name (a file forwarded and saved twice)
    are one response: the bytes are the evidence."""
    import shutil

    a = write(tmp_path / "council.yaml", "N", answers(bank, 3), organisation="Council")
    copy = tmp_path / "from-email" / "council.yaml"
    copy.parent.mkdir()
    shutil.copy(a, copy)
    other = write(tmp_path / "police.yaml", "N", answers(bank, 1), organisation="Police")
    run = combine(str(a), str(other), str(copy))
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["respondents"] == 2
    assert f"{copy} is a copy of {a} (the same bytes): counted once" in " ".join(run.stderr.split())


def test_an_export_row_is_merged_only_when_the_export_says_it_is_the_same_response(tmp_path, bank):
    """Google Forms: rows 3 and 4 answer alike at different times (two
    people, both kept, noted); row 5 is row 2 again, timestamp and all (one
    response pasted in twice: counted once)."""
    path = tmp_path / "responses.csv"
    path.write_text(export_rows(bank, [
        (["2026/11/03 9:14:10"], "Council", 3),
        (["2026/11/03 9:20:41"], "Police", 2),
        (["2026/11/04 16:02:05"], "Police", 2),
        (["2026/11/03 9:14:10"], "Council", 3),
    ]), encoding="utf-8")
    run = combine(str(path))
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["respondents"] == 3
    said = " ".join(run.stderr.split())
    assert f"{path} row 4 gives exactly the same answers as {path} row 3" in said
    assert f"{path} row 5 repeats {path} row 2: the same answers, and the same response id" in said


def test_a_date_alone_says_nothing_of_which_response_a_row_is(tmp_path, bank):
    """Everyone who answered on one day shares its date: two rows alike, a
    date apart from that, are two people."""
    path = tmp_path / "responses.csv"
    path.write_text(export_rows(bank, [(["2026-11-03"], "Council", 3), (["2026-11-03"], "Council", 3)], meta=("Date",)),
                    encoding="utf-8")
    run = combine(str(path))
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["respondents"] == 2
    assert "gives exactly the same answers" in run.stderr


def test_two_downloads_of_one_survey_count_each_response_once(tmp_path, bank):
    """Microsoft Forms downloaded on Monday (rows 1-2) and again on Friday
    (rows 1-3, with one more response), or the same download saved twice:
    each response counts once, by its ID and times, or its bytes."""
    meta = ("ID", "Start time", "Completion time")
    monday = [(["1", "2026-11-02 09:00:00", "2026-11-02 09:12:00"], "Council", 3),
              (["2", "2026-11-02 10:00:00", "2026-11-02 10:09:00"], "Police", 1)]
    friday = [*monday, (["3", "2026-11-06 14:00:00", "2026-11-06 14:30:00"], "Council", 3)]  # alike row 1, later
    (tmp_path / "monday.csv").write_text(export_rows(bank, monday, meta=meta), encoding="utf-8")
    (tmp_path / "friday.csv").write_text(export_rows(bank, friday, meta=meta), encoding="utf-8")
    (tmp_path / "friday-again.csv").write_bytes((tmp_path / "friday.csv").read_bytes())
    run = combine(*(str(tmp_path / n) for n in ("monday.csv", "friday.csv", "friday-again.csv")))
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["respondents"] == 3
    said = " ".join(run.stderr.split())
    assert said.count("counted once") == 5  # friday's rows 2 and 3; friday-again's 2, 3 and 4
    assert f"{tmp_path / 'friday.csv'} row 4 gives exactly the same answers as {tmp_path / 'monday.csv'} row 2" in said


def test_batch_keeps_two_people_who_answer_alike_and_merges_a_copy(tmp_path, bank):
    import shutil

    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "a.yaml", "Alpha", answers(bank, 3), organisation="Council")
    write(src / "b.json", "Alpha", answers(bank, 3), organisation="Council")
    (src / "copy").mkdir()
    shutil.copy(src / "a.yaml", src / "copy" / "a.yaml")
    run = batch(src, out)
    assert run.exit_code == 0, run.output
    assert summaries(out)["Alpha"]["respondents"] == 2
    said = " ".join(run.stderr.split())
    assert f"{src / 'copy' / 'a.yaml'} is a copy of {src / 'a.yaml'}" in said
    assert f"{src / 'b.json'} gives exactly the same answers as {src / 'a.yaml'}" in said


def test_import_writes_both_of_two_rows_that_answer_alike(tmp_path, bank):
    path = tmp_path / "responses.csv"
    path.write_text(export_rows(bank, [(["2026/11/03 9:14:10"], "Council", 3), (["2026/11/03 11:02:40"], "Council", 3)]),
                    encoding="utf-8")
    run = runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    assert len(list((tmp_path / "out").iterdir())) == 2
    said = " ".join(run.stderr.split())
    assert f"{path} row 3 gives exactly the same answers as {path} row 2" in said and "both written" in said


def test_evidence_is_asked_only_of_responses_that_answer_alike(answers_factory):
    """Reading a file's bytes again costs time in a batch of thousands: only
    a response whose answers repeat another's is asked what says which it is."""
    from partnercheck.combine import once_each

    asked = []
    items = [("a", 1), ("b", 2), ("c", 1), ("d", 3)]
    kept, repeated, alike = once_each(
        items, key=lambda i: i[1], named=lambda i: False, label=lambda i: i[0],
        evidence=lambda i: asked.append(i[0]) or {("file", "same", "0")} if i[0] in "ac" else set(),
    )
    assert sorted(asked) == ["a", "c"]
    assert [i[0] for i in kept] == ["a", "b", "d"] and repeated == [("c", "a", "file")] and alike == []


def test_many_pairs_that_answer_alike_are_counted_past_ten(tmp_path, bank):
    """A short form answered by many people gives many identical pairs: the
    first ten are named, the rest counted, and every one is kept."""
    path = tmp_path / "responses.csv"
    people = [([f"2026/11/03 9:{n:02d}:00"], "Council", 3) for n in range(14)]
    path.write_text(export_rows(bank, people), encoding="utf-8")
    run = combine(str(path))
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["respondents"] == 14
    said = " ".join(run.stderr.split())
    assert said.count("gives exactly the same answers") == 10
    assert "and 3 more responses that answer exactly as an earlier one does: all counted" in said
