"""Loader: the shipped files validate, and broken files name the file, line and column."""

import shutil
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradetarget.data import DATA_DIR, DataError, load_csv, load_dataset, parse_csv

HEADER = (
    "source,period,turnover_usd_bn,exports_kz_to_cn_usd_bn,imports_kz_from_cn_usd_bn,growth_pct_stated,"
    "status,url,published,note\n"
)
GOOD = "GACC,2022,31.2,,,23.6,reported,https://example.org/a,2023-01-20,ok\n"
TODAY = date(2026, 11, 28)


def parse(body: str, header: str = HEADER) -> pd.DataFrame:
    return parse_csv((header + body).encode(), "turnover.csv", TODAY)


def test_shipped_data_has_what_the_issue_requires(dataset):
    t = dataset.turnover
    annual = {(s, y) for s, y in zip(t[t["annual"]]["source"], t[t["annual"]]["year"], strict=True)}
    for year in (2013, 2018, 2021, 2022, 2023, 2024, 2025):
        assert ("GACC", year) in annual
    for year in (2013, 2022, 2023, 2024):
        assert ("BNS", year) in annual
    assert dataset.annual("BNS").set_index("year").loc[2024, "status"] == "provisional"
    ytd = set(zip(t["source"], t["period"], strict=True))
    assert {("BNS", "Jan–Oct 2022"), ("BNS", "Jan–Oct 2023"), ("GACC", "Jan–Oct 2023")} <= ytd
    assert t["url"].str.startswith("http").all() and t["status"].isin(["reported", "provisional", "uncertain"]).all()
    targets = dataset.targets.set_index("id")
    assert targets.loc["40by2030", ["target_usd_bn", "deadline", "basis"]].tolist() == [40, 2030, "GACC"]
    assert str(targets.loc["40by2030", "announced"]) == "2023-05-17"
    assert targets.loc["35by2030", "target_usd_bn"] == 35 and pd.isna(targets.loc["100", "deadline"])
    assert targets.loc[["40by2015", "40by2020"], "outcome"].tolist() == ["not met", "not met"]
    ms = dataset.milestones.set_index("title")
    assert str(ms.loc["Visa-free regime in force", "start"]) == "2023-11-10"
    tourism = ms.loc["Year of Kazakhstan Tourism in China"]
    assert (str(tourism["start"]), str(tourism["end"])) == ("2024-03-28", "2024-11-27")


def test_shipped_numbers_match_the_fact_base(dataset):
    """Spot checks against ../shared/research/trade-facts.md (read by hand)."""
    a = dataset.annual().set_index(["source", "year"])["turnover_usd_bn"]
    assert a[("GACC", 2023)] == 41.02 and a[("BNS", 2023)] == 31.4 and a[("GACC", 2022)] == 31.2
    assert a[("BNS", 2022)] == 24.1 and a[("BNS", 2024)] == 30.1 and a[("GACC", 2025)] == 48.7
    assert ("GACC", 2019) not in a.index and ("BNS", 2025) not in a.index  # gaps stay gaps


def test_good_row_parses():
    frame = parse(GOOD)
    assert frame.loc[0, "turnover_usd_bn"] == 31.2 and bool(frame.loc[0, "annual"])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("GACC,2022,abc,,,,reported,https://e.org,2023,\n", "line 2, column 'turnover_usd_bn': 'abc' is not a number"),
        ("GACC,2022,-3,,,,reported,https://e.org,2023,\n", "column 'turnover_usd_bn': -3 must be a positive"),
        ("GACC,2022,31200,,,,reported,https://e.org,2023,\n", "typed in millions"),
        ("GACC,2022,nan,,,,reported,https://e.org,2023,\n", "not a finite number"),
        ("GACC,2022,inf,,,,reported,https://e.org,2023,\n", "not a finite number"),
        ("WTO,2022,31,,,,reported,https://e.org,2023,\n", "column 'source': 'WTO' is not one of: GACC, BNS"),
        ("GACC,2022,31,,,,guessed,https://e.org,2023,\n", "column 'status': 'guessed'"),
        ("GACC,22,31,,,,reported,https://e.org,2023,\n", "column 'period': '22' is not a period"),
        ("GACC,2030,31,,,,reported,https://e.org,2023,\n", "column 'period': '2030' is in the future"),
        ("GACC,2023-10..2023-01,31,,,,reported,https://e.org,2023,\n", "impossible months"),
        ("GACC,2022,31,,,,reported,ftp://e.org,2023,\n", "column 'url': 'ftp://e.org' is not an http(s) URL"),
        ("GACC,2022,31,,,,reported,,2023,\n", "column 'url': a value is required"),
        ("GACC,2022,31,,,,reported,https://e.org,yesterday,\n", "column 'published'"),
        ("GACC,2022,31,20,,,reported,https://e.org/x,2023,\nGACC,2022,32,,,,reported,https://e.org/y,2023,\n",
         "line 3, column 'period': duplicate of line 2"),
        ("GACC,2022,31,40,,,reported,https://e.org,2023,\n", "exceeds the turnover"),
        ("GACC,2022,31,10,10,,reported,https://e.org,2023,\n", "do not add up to 31"),
        ("GACC,2022,31,,reported,https://e.org,2023\n", "line 2: expected 10 fields, found 7"),
    ],
)
def test_broken_rows_name_line_and_column(body, expected):
    with pytest.raises(DataError) as info:
        parse(body)
    message = str(info.value)
    assert expected in message
    assert message.startswith("turnover.csv")
    assert "Traceback" not in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "the file is empty"),
        (b"   \n", "the file is empty"),
        (b"\xef\xbb\xbf", "the file is empty"),
        (HEADER.encode(), "header but no rows"),
        (b"source,period\nGACC,2022\n", "missing column(s) turnover_usd_bn"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "binary data"),
        ((HEADER + GOOD).encode("utf-16"), "binary data"),
        ((HEADER + GOOD.replace("ok", "caf\xe9")).encode("latin-1"), "not UTF-8"),
        (b'source,period\n"unterminated', "not a readable CSV"),
    ],
)
def test_broken_files(data, expected):
    with pytest.raises(DataError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        parse_csv(data, "turnover.csv", TODAY)


def test_bom_is_accepted():
    assert len(parse_csv(("\ufeff" + HEADER + GOOD).encode(), "turnover.csv", TODAY)) == 1


def test_many_problems_are_listed_together():
    body = "".join(f"GACC,{2000 + i},x,,,,reported,https://e.org,2023,\n" for i in range(12))
    with pytest.raises(DataError) as info:
        parse(body)
    assert "line 2," in str(info.value) and "and 4 more problem(s)" in str(info.value)


def test_broken_shipped_file_is_named_with_its_folder(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / "milestones.csv"
    path.write_text(path.read_text().replace("2023-11-10,", "2023-13-10,", 1))
    with pytest.raises(DataError, match=r"data/milestones.csv, line \d+, column 'start': '2023-13-10' is not a date"):
        load_dataset(tmp_path / "data")
    with pytest.raises(DataError, match=r"data/missing\.csv: file not found"):
        load_csv(tmp_path / "data" / "missing.csv")


def test_targets_and_milestones_cross_checks(tmp_path):
    header = "id,announced,by,target_usd_bn,deadline,basis,quote,url,outcome,note,label\n"
    row = "x,2023-05-17,Tokayev,40,2020,GACC,q,https://e.org,,,\n"
    with pytest.raises(DataError, match="column 'deadline': before the announcement"):
        parse_csv((header + row).encode(), "targets.csv", TODAY)
    ms = "start,end,category,title,detail,url\n2024-03-28,2024-01-01,tourism,t,d,https://e.org\n"
    with pytest.raises(DataError, match="column 'end': before the start"):
        parse_csv(ms.encode(), "milestones.csv", TODAY)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_give_a_frame_or_a_clear_error(data):
    try:
        frame = parse_csv(data, "turnover.csv", TODAY)
    except DataError as exc:
        assert str(exc).startswith("turnover.csv")
    else:
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=10, max_size=10))
def test_any_row_of_text_gives_a_frame_or_a_clear_error(cells):
    row = ",".join('"' + c.replace('"', '""') + '"' for c in cells) + "\n"
    try:
        parse(row)
    except DataError as exc:
        assert "turnover.csv" in str(exc)


def test_strings_are_stored_as_python_objects(dataset):
    """The app, the CLI and the tests store strings as Python objects (tradetarget.use_python_strings)."""
    assert pd.get_option("mode.string_storage") == "python"
    dtype = dataset.turnover["source"].dtype
    assert dtype == "str" and dtype.storage == "python" and pd.isna(dtype.na_value)
