"""The as-of primitive (issue 22, item 4) and revised figures kept as superseded rows (item 1), by hand."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tradetarget.data import DATA_DIR, DataError, known_by, load_dataset

TODAY = date(2026, 12, 4)
BNS_2024 = "BNS,2024,30.1,"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def _revise_bns_2024(folder: Path, superseded: str = "2026-02-20", value: str = "30.5",
                     published: str = "2026-02-20") -> None:
    """BNS 2024 provisional $30.1bn (published 8 Aug 2025) revised to a final figure."""
    path = folder / "turnover.csv"
    lines = path.read_text().splitlines()
    old = next(i for i, line in enumerate(lines) if line.startswith(BNS_2024))
    assert lines[old].endswith(",")
    lines[old] = lines[old] + superseded
    lines.insert(old + 1, f"BNS,2024,{value},,,,reported,https://stat.gov.kz/en/,official,,{published},Final.,")
    path.write_text("\n".join(lines) + "\n")


def test_known_by_counts_rough_dates_from_their_start_and_never_undated_ones():
    assert known_by("2023-11-27", date(2023, 11, 27)) and not known_by("2023-11-28", date(2023, 11, 27))
    assert known_by("~2023-11", date(2023, 11, 1)) and not known_by("~2023-12", date(2023, 11, 30))
    assert known_by("2024", date(2024, 1, 1)) and not known_by("2024", date(2023, 12, 31))
    assert not known_by("n.d.", date(2100, 1, 1))


def test_27_november_2023_knows_2022_as_each_sources_latest_year_and_no_gacc_2023():
    then = load_dataset(today=TODAY).as_of(date(2023, 11, 27))
    assert then.known_on == date(2023, 11, 27)
    assert then.years("GACC")[-1] == 2022 and then.annual_value("GACC", 2022) == 31.2
    assert then.years("BNS")[-1] == 2022 and then.annual_value("BNS", 2022) == 24.1
    assert then.annual_value("GACC", 2023) is None
    assert list(then.targets["id"]) == ["40by2015", "40by2020", "35by2030", "40by2030"]
    assert then.visitors.empty and (then.milestones["start"] <= date(2023, 11, 27)).all()


def test_today_as_of_keeps_every_dated_figure():
    dataset = load_dataset(today=TODAY)
    now = dataset.as_of(TODAY)
    undated = (dataset.turnover["published"] == "n.d.").sum()
    assert len(now.turnover) == len(dataset.turnover) - undated
    assert list(now.turnover.columns) == list(dataset.turnover.columns)


def test_a_revision_keeps_the_old_figure_for_earlier_views(data_copy):
    _revise_bns_2024(data_copy)
    dataset = load_dataset(data_copy, today=TODAY)
    assert dataset.annual_value("BNS", 2024) == 30.5
    assert len(dataset.superseded) == 1 and dataset.superseded.iloc[0]["turnover_usd_bn"] == 30.1
    assert len(dataset.history) == len(dataset.turnover) + 1
    assert dataset.as_of(date(2026, 2, 19)).annual_value("BNS", 2024) == 30.1
    assert dataset.as_of(date(2026, 2, 20)).annual_value("BNS", 2024) == 30.5
    assert dataset.as_of(date(2025, 8, 7)).annual_value("BNS", 2024) is None


def test_a_superseded_row_needs_the_row_that_replaced_it(data_copy):
    path = data_copy / "turnover.csv"
    lines = path.read_text().splitlines()
    old = next(i for i, line in enumerate(lines) if line.startswith(BNS_2024))
    lines[old] += "2026-02-20"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match=r"line \d+, column 'superseded'.*BNS.*no current row"):
        load_dataset(data_copy, today=TODAY)


def test_a_revision_cannot_come_before_the_figure_it_replaces(data_copy):
    _revise_bns_2024(data_copy, superseded="2025-01-01")
    with pytest.raises(DataError, match="superseded before it was published"):
        load_dataset(data_copy, today=TODAY)


def test_two_current_rows_for_one_figure_are_still_a_duplicate(data_copy):
    _revise_bns_2024(data_copy, superseded="")
    with pytest.raises(DataError, match="column 'period'"):
        load_dataset(data_copy, today=TODAY)
