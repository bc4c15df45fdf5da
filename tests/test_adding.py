"""``add`` and ``changes`` (issue 22, items 1 and 3), always on temporary copies of data/."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradetarget import history
from tradetarget.adding import NewFigure, add
from tradetarget.cli import main
from tradetarget.data import DATA_DIR, load_dataset, parse_csv, split_superseded

TODAY = "2026-12-05"
URL = "https://stat.gov.kz/en/"
BNS_2025 = ["--source", "BNS", "--period", "2025", "--value", "33.3", "--url", URL, "--published", "2026-02-20",
            "--status", "provisional", "--source-kind", "official"]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("TRADETARGET_TODAY", TODAY)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(DATA_DIR, tmp_path / "data")
    return tmp_path / "data"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_add_writes_one_line_and_prints_the_issues_example(folder, capsys):
    before = (folder / "turnover.csv").read_text().splitlines()
    code, out, _ = _run(capsys, "add", *BNS_2025, "--data-dir", str(folder))
    assert code == 0
    assert ("BNS 2025 $33.3bn (published 20 February 2026): $40bn by 2030 still not met, shortfall $9.9bn → $6.7bn, "
            "required pace +4.9% → +3.7% a year") in out
    after = (folder / "turnover.csv").read_text().splitlines()
    new = [line for line in after if line not in before]
    assert new == [f"BNS,2025,33.3,,,,provisional,{URL},official,,2026-02-20,,"]
    assert [line for line in after if line != new[0]] == before
    assert after.index(new[0]) == after.index(next(line for line in after if line.startswith("BNS,2024,"))) + 1
    assert load_dataset(folder).annual_value("BNS", 2025) == 33.3


@pytest.mark.parametrize("change, message", [
    (["--value", "333"], "13.8×|11.1×|Check the figure"),                            # implausible (×10 slip)
    (["--period", "2026"], "not over|has not ended"),                                 # the year is still running
    (["--published", "2027-01-05"], "after today|future"),                            # published in the future
    (["--published", "soon"], "is not a date"),
    (["--url", "stat.gov.kz"], "URL|url"),
    (["--source", "BNS", "--period", "2024"], "already in data/.*--revise"),          # exists, no --revise
])
def test_a_refused_add_exits_2_and_leaves_data_byte_for_byte(folder, capsys, change, message):
    argv = list(BNS_2025)
    for flag, value in zip(change[::2], change[1::2], strict=True):
        argv[argv.index(flag) + 1] = value
    before = _files(folder)
    code, out, err = _run(capsys, "add", *argv, "--data-dir", str(folder))
    assert code == 2 and out == ""
    assert re.search(message, err), err
    assert len(err.strip().splitlines()) == 1
    assert _files(folder) == before


def test_a_missing_url_is_an_argument_error_and_changes_nothing(folder, capsys):
    before = _files(folder)
    argv = [a for a in BNS_2025]
    i = argv.index("--url")
    del argv[i:i + 2]
    with pytest.raises(SystemExit) as exit_:
        main(["add", *argv, "--data-dir", str(folder)])
    assert exit_.value.code == 2 and "--url" in capsys.readouterr().err
    assert _files(folder) == before


def test_use_anyway_writes_an_implausible_figure(folder, capsys):
    code, _, _ = _run(capsys, "add", *BNS_2025[:5], "60", *BNS_2025[6:], "--use-anyway", "--data-dir", str(folder))
    assert code == 0 and load_dataset(folder).annual_value("BNS", 2025) == 60


def test_a_revision_keeps_the_old_figure_as_superseded(folder, capsys):
    before = (folder / "turnover.csv").read_text().splitlines()
    code, out, _ = _run(capsys, "add", "--source", "BNS", "--period", "2024", "--value", "30.6", "--url", URL,
                        "--published", "2026-03-01", "--source-kind", "official", "--revise",
                        "--data-dir", str(folder))
    assert code == 0 and "revised from $30.1bn" in out and "shortfall $9.9bn → $9.4bn" in out
    after = (folder / "turnover.csv").read_text().splitlines()
    old = next(line for line in before if line.startswith("BNS,2024,30.1,"))
    assert after[before.index(old)] == old + "2026-03-01"
    assert after[before.index(old) + 1] == f"BNS,2024,30.6,,,,reported,{URL},official,,2026-03-01,,"
    assert len(after) == len(before) + 1
    dataset = load_dataset(folder)
    assert dataset.annual_value("BNS", 2024) == 30.6
    assert dataset.as_of(date(2026, 2, 28)).annual_value("BNS", 2024) == 30.1


def test_a_revision_needs_a_figure_and_a_later_date(folder, capsys):
    before = _files(folder)
    code, _, err = _run(capsys, "add", *BNS_2025, "--revise", "--data-dir", str(folder))
    assert code == 2 and "nothing to revise" in err
    code, _, err = _run(capsys, "add", "--source", "BNS", "--period", "2024", "--value", "30.6", "--url", URL,
                        "--published", "2025-08-01", "--source-kind", "official", "--revise", "--data-dir", str(folder))
    assert code == 2 and "published after the figure it replaces" in err
    assert _files(folder) == before


def test_changes_since_a_date_lists_each_figure_with_its_effect(folder, capsys):
    _run(capsys, "add", *BNS_2025, "--data-dir", str(folder))
    code, out, _ = _run(capsys, "changes", "--since", "2026-02-01", "--data-dir", str(folder))
    assert code == 0
    assert out.splitlines() == [
        "Added or revised since 1 February 2026:",
        "  BNS 2025 $33.3bn (published 20 February 2026): $40bn by 2030 still not met, shortfall $9.9bn → $6.7bn, "
        "required pace +4.9% → +3.7% a year"]
    code, out, _ = _run(capsys, "changes", "--since", "2026-02-20", "--data-dir", str(folder), "--lang", "ru")
    assert code == 0 and out.startswith("После 20 февраля 2026\u202fг. данные не добавлялись")


def test_changes_since_a_git_revision(folder, capsys):
    def git(*args):
        subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.email=t@t", "-c", "user.name=t", "add", ".")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "data")
    _run(capsys, "add", *BNS_2025, "--data-dir", str(folder))
    code, out, _ = _run(capsys, "changes", "--since", "HEAD", "--data-dir", str(folder))
    assert code == 0 and "BNS 2025 $33.3bn" in out and "shortfall $9.9bn → $6.7bn" in out
    code, _, err = _run(capsys, "changes", "--since", "no-such-rev", "--data-dir", str(folder))
    assert code == 2 and "neither a date" in err


_SLOTS = [("GACC", y) for y in (2014, 2015, 2016, 2017, 2019, 2020)] + [("BNS", y) for y in (2014, 2015, 2016, 2017)]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(_SLOTS), st.floats(12, 40), st.integers(1, 28)),
                min_size=1, max_size=4, unique_by=lambda item: item[0]))
def test_answers_after_additions_equal_answers_from_the_final_files(tmp_path_factory, additions):
    folder = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(DATA_DIR, folder)
    shipped = load_dataset(folder)
    rows = []
    for (source, year), value, day in additions:
        published = f"{year + 1}-03-{day:02d}"
        add(NewFigure(source, str(year), round(value, 2), URL, published, source_kind="official"), folder,
            use_anyway=True)
        rows.append(f"{source},{year},{round(value, 2)},,,,reported,{URL},official,,{published},,")
    header = (DATA_DIR / "turnover.csv").read_text().splitlines()[0]
    extra = parse_csv("\n".join([header, *rows]).encode(), "data/turnover.csv", shipped=True)
    current, _ = split_superseded(pd.concat([shipped.turnover, extra], ignore_index=True))
    in_memory = replace(shipped, turnover=current.sort_values(["source", "annual", "year", "end_month"],
                                                              ascending=[True, False, True, True]))
    final = load_dataset(folder)
    day = date.fromisoformat(TODAY)
    assert history.facts(final, day) == history.facts(in_memory, day)
    listed = history.changes_since(final, date(2000, 1, 1), day)
    assert {(c.figure.source, c.figure.period) for c in listed} >= {(s, str(y)) for (s, y), _, _ in additions}
