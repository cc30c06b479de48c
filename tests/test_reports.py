"""The sample reports in reports/ are what the current code makes of examples/.

The generation lives in reports/regenerate.py (one list entry per report);
these tests regenerate into a temporary folder and compare byte for byte.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import REPORTS, ROOT

STALE = "reports/ is out of date: run python reports/regenerate.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("partnercheck_reports_regenerate", REPORTS / "regenerate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


regenerate = _load_script()


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    regenerate.generate(out)
    return out


def test_every_listed_report_is_generated(fresh):
    names = [name for name, _ in regenerate.REPORTS]
    assert len(names) == len(set(names))
    for name in names:
        assert (fresh / name).is_file(), name
        assert (fresh / name).stat().st_size > 0, name


def test_reports_are_up_to_date(fresh):
    problems = regenerate.differences(fresh, REPORTS)
    assert not problems, STALE + "\n" + "\n".join(problems)


def test_generation_is_deterministic(fresh, tmp_path):
    regenerate.generate(tmp_path)
    assert regenerate.differences(fresh, tmp_path) == []


def test_check_mode(capsys):
    assert regenerate.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_check_mode_notices_a_changed_report(tmp_path, fresh, monkeypatch):
    copy = tmp_path / "reports"
    copy.mkdir()
    for p in fresh.iterdir():
        (copy / p.name).write_bytes(p.read_bytes())
    target = copy / regenerate.REPORTS[0][0]
    target.write_text(target.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    (copy / "left-over.md").write_text("old\n", encoding="utf-8")
    problems = regenerate.differences(fresh, copy)
    assert f"differs: {target.name}" in problems
    assert "not generated any more: left-over.md" in problems
    (copy / regenerate.REPORTS[1][0]).unlink()
    assert f"missing: {regenerate.REPORTS[1][0]}" in regenerate.differences(fresh, copy)


# What the samples say: a reader of reports/ sees the examples' content. -----------


def test_samples_are_plain_and_dated_from_the_examples(fresh):
    for p in fresh.iterdir():
        if p.suffix == ".docx":  # a Word document: its text is in word/document.xml
            with zipfile.ZipFile(p) as z:
                text = z.read("word/document.xml").decode("utf-8")
        else:
            text = p.read_text(encoding="utf-8")
        assert "\x1b" not in text, p.name
        assert "Northtown Community Safety Partnership" in text, p.name
    def date(path: Path) -> str:
        return yaml.safe_load(path.read_text(encoding="utf-8"))["date"].isoformat()

    old, new = date(ROOT / regenerate.OFFICER), date(ROOT / regenerate.OFFICER_LATER)
    data = json.loads((fresh / "northtown-officer.json").read_text(encoding="utf-8"))
    assert data["date"] == old
    assert data["respondents"] == 1
    combined = (fresh / "northtown-combined.md").read_text(encoding="utf-8")
    assert "| Answered by | 4 respondents combined |" in combined
    latest = max(
        yaml.safe_load(p.read_text(encoding="utf-8"))["date"] for p in (ROOT / "examples" / "combine").glob("*.yaml")
    )
    assert f"| Date | {latest.isoformat()} |" in combined  # the latest of the answers files
    moved = (fresh / "northtown-what-moved.md").read_text(encoding="utf-8")
    assert f"| Date | {old} | {new} |  |" in moved


def test_terminal_sample_fits_its_width(fresh):
    lines = (fresh / "northtown-officer.txt").read_text(encoding="utf-8").splitlines()
    assert max(len(l) for l in lines) <= 100
    assert all(l == l.rstrip() for l in lines)


def test_every_markdown_table_column_has_a_heading():
    """A column with no heading (a text bar of #s beside the score) is read
    out by a screen reader as noise: every column of every Markdown report
    is headed (WCAG: tables with headers)."""
    for path in sorted(REPORTS.glob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines[1:], 1):
            if line.startswith("| ") and set(line.replace("|", "").replace(" ", "")) <= set("-:"):
                header = [cell.strip() for cell in lines[i - 1].strip().strip("|").split("|")]
                assert all(header), (path.name, lines[i - 1])
                assert "`#" not in "\n".join(lines[i + 1 : i + 12]), path.name
