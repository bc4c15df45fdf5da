"""CLI: numbers match hand calculation; bad input gives one line on stderr and exit code 2."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_export import png_size
from tradetarget.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tradetarget", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_project_json_matches_hand_calculation(capsys):
    assert main(["project", "--source", "bns", "--base-year", "2022", "--growth", "24", "--target", "40",
                 "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"source", "base_year", "base_value", "growth_pct", "target_usd_bn", "deadline", "year_reached",
            "already_met", "required_growth_pct", "path"} <= set(out), "the existing fields are kept"
    assert out["actual_status"] == "not_yet" and out["met_year"] is None
    assert out["latest_year"] == 2024 and out["latest_value"] == 30.1 and out["what_if"] is True
    assert out["source"] == "BNS" and out["base_value"] == 24.1 and out["deadline"] == 2030
    assert out["year_reached"] == 2025 and out["already_met"] is False
    assert out["required_growth_pct"] == pytest.approx(6.5382, abs=1e-4)
    # 24.1 * 1.24 = 29.884; * 1.24 = 37.05616
    assert out["path"][:3] == [{"year": 2022, "value": 24.1}, {"year": 2023, "value": 29.884},
                               {"year": 2024, "value": 37.0562}]


def test_project_without_deadline_and_already_met(capsys):
    assert main(["project", "--source", "gacc", "--base-year", "2023", "--growth", "0", "--target", "40",
                 "--no-deadline", "--horizon", "2025", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["already_met"] is True and out["year_reached"] == 2023 and out["required_growth_pct"] is None
    assert [p["year"] for p in out["path"]] == [2023, 2024, 2025]


def test_project_base_value_and_csv(capsys):
    assert main(["project", "--source", "gacc", "--base-year", "2025", "--base-value", "50", "--growth", "10",
                 "--target", "100", "--horizon", "2027", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["year,value_usd_bn", "2025,50.0", "2026,55.0", "2027,60.5"]


def test_project_table_is_readable(capsys):
    assert main(["project", "--source", "BNS", "--growth", "-5", "--target", "40"]) == 0
    out = capsys.readouterr().out
    first, second = out.splitlines()[:2]
    assert first == ("Target $40bn by 2030. Kazakhstan's statistics: not yet met; $30.1bn in 2024 (provisional). "
                     "Data: BNS 8 August 2025."), "the headline first: facts only"
    assert second.startswith("If trade grew -5% a year") and "Kazakhstan's statistics would never show $40bn." in second
    assert second.endswith("Actual pace over the last three years: BNS +18.7% a year (2021–2024).")
    assert "  2023       31.40           —" in out and "  2024       30.10       30.10" in out, "actual beside the path"


def test_project_starts_from_the_latest_figure_and_agrees_with_the_answer(capsys):
    """Without --base-year the path starts at the source's latest annual figure; a met target is met."""
    assert main(["project", "--source", "GACC", "--growth", "-5", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["base_year"] == 2025 and out["actual_status"] == "met" and out["met_year"] == 2023
    assert out["year_reached"] == 2023 and out["required_growth_pct"] is None
    assert main(["project", "--source", "gacc", "--base-year", "2025", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["required_growth_pct"] is None, "never a negative required rate"


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--source", "bns", "--base-year", "2025", "--growth", "5", "--target", "40"], "no annual figure for 2025"),
        (["--source", "gacc", "--growth", "-100", "--target", "40"], "above -100%"),
        (["--source", "gacc", "--growth", "5", "--target", "0"], "target must be positive"),
        (["--source", "gacc", "--base-year", "2022", "--growth", "5", "--target", "40", "--deadline", "2020"],
         "deadline"),
        (["--source", "wto", "--growth", "5", "--target", "40"], "invalid source 'wto'"),
        (["--source", "gacc", "--growth", "abc", "--target", "40"], "invalid float value"),
    ],
)
def test_invalid_input_exits_2_with_one_line(args, reason):
    result = run("project", *args)
    assert result.returncode == 2
    assert reason in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_export_rejects_unknown_target(tmp_path):
    result = run("export", "--out", str(tmp_path), "--target", "55")
    assert result.returncode == 2 and "not in the pledge ledger" in result.stderr


@pytest.mark.browser
def test_export_writes_every_chart(tmp_path):
    result = run("export", "--out", str(tmp_path / "png"), "--growth", "10", "--source", "bns")
    assert result.returncode == 0, result.stderr
    paths = result.stdout.split()
    assert len(paths) == 13  # 6 dashboard charts, the year-to-date chart and 6 of the uncertainty page
    for path in paths:
        width, height = png_size(Path(path).read_bytes())
        assert width >= 1200 and height >= 675


@pytest.mark.parametrize(("lang", "words"), [
    ("ru", ["год", "факт", "прогноз", "млрд долл."]),
    ("kk", ["жыл", "нақты", "болжам", "млрд доллар"]),
    ("zh", ["年份", "实际", "预测", "亿美元"]),
])
def test_project_table_in_another_language(capsys, lang, words):
    assert main(["project", "--source", "bns", "--growth", "10", "--lang", lang]) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ")
    assert all(word in out for word in words), out
    assert not {"year", "actual", "projection", "target"} & set(out.replace("\n", " ").split())
    if lang != "zh":
        assert "30,1" in out  # BNS 2024, with the decimal comma


def test_project_json_keeps_english_field_names_and_translates_the_answer(capsys):
    assert main(["project", "--source", "gacc", "--lang", "zh", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["source"] == "GACC" and "year_reached" in result
    assert "answer" not in result, "the old two-sentence answer with its projection is gone"
    assert result["headline"].startswith("目标：2030年前400亿美元。中国海关总署：2023年已实现")
    assert "将" not in result["headline"], "no projection ('will be reached') in the headline"
    assert result["scenario"] == "近三年实际增速：海关总署年均+16.0%（2022—2025年）。", "met: only the pace"
    assert result["actual_pace_years"] == [2022, 2025]
    assert result["actual_pace_pct"] == pytest.approx(((48.7 / 31.2) ** (1 / 3) - 1) * 100, abs=1e-4)
    assert result["data_date"] == "2026-01-01", "GACC 2025 was published '~2026-01': the start of that month"


def test_error_message_in_the_chosen_language(tmp_path):
    result = run("export", "--out", str(tmp_path), "--target", "55", "--lang", "ru")
    assert result.returncode == 2 and "нет в перечне" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.browser
def test_export_in_chinese_names_and_words_the_files(tmp_path):
    result = run("export", "--out", str(tmp_path), "--format", "svg", "--source", "gacc", "--lang", "zh")
    assert result.returncode == 0, result.stderr
    paths = [Path(p) for p in result.stdout.split()]
    assert len(paths) == 13 and all("中哈" in p.name for p in paths)  # 12 and the year-to-date chart
    svg = paths[0].read_text(encoding="utf-8")
    assert "中国海关总署" in svg and "Turnover" not in svg
