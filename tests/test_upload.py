"""User uploads: bad files give a DataError naming file, line and column; good ones match parse_csv's shape."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradetarget import upload as upload_module
from tradetarget.data import DATA_DIR, DataError, parse_csv
from tradetarget.upload import MAX_ROWS, MAX_UPLOAD_BYTES, Upload, merge, parse_upload, template_csv

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = date(2026, 11, 28)
HEADER = (
    "source,period,turnover_usd_bn,exports_kz_to_cn_usd_bn,imports_kz_from_cn_usd_bn,growth_pct_stated,"
    "status,url,published,note\n"
)
ROW = "GACC,2022,31.2,,,23.6,reported,https://example.org/a,2023-01-20,ok\n"
CT_HEADER = "freqCode,period,reporterCode,reporterISO,flowCode,partnerCode,partnerISO,cmdCode,primaryValue\n"


def fixture(name: str) -> Upload:
    return parse_upload((FIXTURES / name).read_bytes(), name, TODAY)


def refused(data: bytes, name: str = "upload.csv", shown: str | None = None, **limits) -> str:
    """The DataError message for ``data``, checked to start with the (cleaned) file name."""
    with pytest.raises(DataError) as info:
        parse_upload(data, name, TODAY, **limits)
    message = str(info.value)
    assert message.startswith(shown or name) and "Traceback" not in message
    return message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty.csv", ["empty.csv: the file is empty"]),
        ("header_only.csv", ["header_only.csv: the file has a header but no rows"]),
        ("missing_columns.csv", ["missing_columns.csv: missing column(s) turnover_usd_bn", "UN Comtrade"]),
        ("non_numeric.csv", ["non_numeric.csv, line 2, column 'turnover_usd_bn': 'thirty' is not a number"]),
        ("negative.csv", ["negative.csv, line 3, column 'turnover_usd_bn': -24.1 must be a positive value"]),
        ("nan_inf.csv", ["line 2, column 'turnover_usd_bn': 'nan' is not a finite number",
                         "nan_inf.csv, line 3, column 'growth_pct_stated': 'inf' is not a finite number"]),
        ("duplicate_period.csv", ["duplicate_period.csv, line 3, column 'period': duplicate of line 2 (GACC 2022)"]),
        ("future_period.csv", ["future_period.csv, line 2, column 'period': '2031' is in the future"]),
        ("impossible_month.csv", ["impossible_month.csv, line 2, column 'period'", "impossible months"]),
        ("binary_renamed.csv", ["binary_renamed.csv: not a text CSV", "PNG"]),
        ("comtrade_missing_flow.csv", ["comtrade_missing_flow.csv, line 2: the exports (X) row for China, 2023, "
                                       "is missing"]),
    ],
)
def test_bad_fixtures_name_file_line_and_column(name, expected):
    message = refused((FIXTURES / name).read_bytes(), name)
    for part in expected:
        assert part in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"   \r\n\n", "the file is empty"),
        (b"\xef\xbb\xbf", "the file is empty"),
        (b"\xff\xfe", "the file is empty"),
        (b"PK\x03\x04\x14\x00\x06\x00", "not a text CSV (it looks like a ZIP archive or Excel workbook (.xlsx))"),
        (b"%PDF-1.7\n%\xe2\xe3", "not a text CSV (it looks like a PDF document)"),
        (b"source,period\x00\x00\x01\x02", "not a text CSV (it contains binary data)"),
        ((HEADER + ROW).encode("utf-16-le"), "not a text CSV"),  # UTF-16 without a BOM
        (b"source,period\x07\x1b[0m\n", "control characters"),
        (b'source,period\n"unterminated', "not a readable CSV"),
        (b"source;period\nGACC;2022\n", "missing column(s) turnover_usd_bn"),
        ((HEADER + "GACC,2022,31,,reported,https://e.org,2023\n").encode(), "line 2: expected 10 fields, found 7"),
    ],
)
def test_bad_bytes(data, expected):
    assert expected in refused(data)


def test_valid_upload_has_the_shape_of_parse_csv(dataset):
    result = parse_upload((HEADER + ROW).encode(), "mine.csv", TODAY)
    reference = parse_csv((HEADER + ROW).encode(), "turnover.csv", TODAY)
    assert result.kind == "tradetarget" and result.warnings == ()
    assert list(result.frame.columns) == [*reference.columns, "origin"]
    dtypes = result.frame.dtypes.drop("origin")
    pd.testing.assert_frame_equal(result.frame.drop(columns="origin"), reference.astype(dtypes))
    assert (result.frame.dtypes.drop("origin") == dataset.turnover.dtypes).all()
    assert result.frame["origin"].tolist() == ["user-supplied"] and result.frame["status"].tolist() == ["reported"]


def test_status_is_kept_as_given():
    row = ROW.replace("reported", "provisional")
    assert parse_upload((HEADER + row).encode(), "u.csv", TODAY).frame.loc[0, "status"] == "provisional"


def test_semicolons_and_decimal_commas():
    frame = fixture("semicolon_decimal_comma.csv").frame.set_index("source")
    assert frame.loc["GACC", "turnover_usd_bn"] == 31.2 and frame.loc["GACC", "growth_pct_stated"] == 23.6
    assert frame.loc["BNS", "exports_kz_to_cn_usd_bn"] == 14.7 and frame.loc["BNS", "growth_pct_stated"] == 30
    assert frame.loc["GACC", "note"] == "Baseline, with a comma"  # text cells are left alone
    assert frame.loc["BNS", "line"] == 3


def test_semicolon_errors_keep_line_and_column():
    data = (HEADER.replace(",", ";") + "GACC;2022;31,2,5;;;;reported;https://e.org;2023;\n").encode()
    assert "upload.csv, line 2, column 'turnover_usd_bn': '31,2,5' is not a number" in refused(data)


@pytest.mark.parametrize(
    ("name", "note"),
    [
        ("bom_utf8.csv", "ok"),
        ("latin1.csv", "Comité des statistiques (Almaty)"),
        ("utf16.csv", "Société Générale – 中国"),
        ("html_script.csv", "<script>alert(1)</script><b>bold</b>"),
        ("formula.csv", '=HYPERLINK("http://x")'),
    ],
)
def test_encodings_and_hostile_text_parse_as_plain_text(name, note):
    result = fixture(name)
    assert result.kind == "tradetarget" and len(result.frame) == 1
    assert result.frame.loc[0, "note"] == note
    assert result.frame.loc[0, "source"] in ("GACC", "BNS") and result.frame.loc[0, "line"] == 2


def test_cp1252_characters_decode():
    data = (HEADER + ROW.replace(",ok", ",\u201cquoted\u201d \u20ac")).encode("cp1252")
    assert parse_upload(data, "u.csv", TODAY).frame.loc[0, "note"] == "\u201cquoted\u201d \u20ac"


def test_comtrade_annual_mapped_by_hand(dataset):
    result = fixture("comtrade_annual.csv")
    assert result.kind == "comtrade"
    frame = result.frame.set_index("source")
    assert list(frame.index) == ["BNS", "GACC"]
    # China reports imports (M) 16.318bn from KZ = KZ's exports; exports (X) 24.7bn = KZ's imports.
    assert frame.loc["GACC", "exports_kz_to_cn_usd_bn"] == pytest.approx(16.318)
    assert frame.loc["GACC", "imports_kz_from_cn_usd_bn"] == pytest.approx(24.7)
    assert frame.loc["GACC", "turnover_usd_bn"] == pytest.approx(41.018)
    # Kazakhstan reports exports (X) 14.7000000005bn to China and imports (M) 16.7bn.
    assert frame.loc["BNS", "exports_kz_to_cn_usd_bn"] == pytest.approx(14.7000000005)
    assert frame.loc["BNS", "imports_kz_from_cn_usd_bn"] == pytest.approx(16.7)
    assert frame.loc["BNS", "turnover_usd_bn"] == pytest.approx(31.4)
    assert frame["period"].tolist() == ["2023", "2023"] and frame["annual"].all()
    assert frame["status"].eq("reported").all() and frame["note"].eq("UN Comtrade export").all()
    assert frame["url"].eq("user upload: comtrade_annual.csv").all() and frame["published"].eq("2026-11-28").all()
    assert frame.loc["GACC", "line"] == 2 and frame.loc["BNS", "line"] == 4
    assert frame["origin"].eq("user-supplied").all() and frame["growth_pct_stated"].isna().all()
    assert (result.frame.dtypes.drop("origin") == dataset.turnover.dtypes).all()
    assert result.warnings == (
        "comtrade_annual.csv: skipped 1 row(s) whose partner is not the other country (line 6)",
        "comtrade_annual.csv: skipped 1 row(s) for a commodity other than TOTAL (line 7)",
    )


def test_comtrade_monthly_rows_are_single_months():
    body = "M,202310,156,CHN,M,398,KAZ,TOTAL,1500000000\nM,202310,156,CHN,X,398,KAZ,TOTAL,2000000000\n"
    frame = parse_upload((CT_HEADER + body).encode(), "m.csv", TODAY).frame
    assert frame.loc[0, "period"] == "Oct 2023" and not frame.loc[0, "annual"]
    assert (frame.loc[0, "year"], frame.loc[0, "start_month"], frame.loc[0, "end_month"]) == (2023, 10, 10)
    assert frame.loc[0, "turnover_usd_bn"] == pytest.approx(3.5)


def test_legacy_comtrade_export_with_names_only():
    header = "Classification,Year,Period,Trade Flow Code,Trade Flow,Reporter,Partner,Commodity Code,Trade Value (US$)\n"
    body = ("H6,2022,2022,1,Import,Kazakhstan,China,TOTAL,11000000000\n"
            "H6,2022,2022,2,Export,Kazakhstan,China,TOTAL,13200000000\n")
    frame = parse_upload((header + body).encode(), "legacy.csv", TODAY).frame
    assert frame.loc[0, "source"] == "BNS" and frame.loc[0, "exports_kz_to_cn_usd_bn"] == pytest.approx(13.2)
    assert frame.loc[0, "imports_kz_from_cn_usd_bn"] == pytest.approx(11.0)


def test_comtrade_semicolons_and_decimal_commas():
    text = (CT_HEADER + "A,2023,398,KAZ,X,156,CHN,TOTAL,14700000000,5\nA,2023,398,KAZ,M,156,CHN,TOTAL,16700000000\n")
    frame = parse_upload(text.replace(",", ";").replace(";5\n", ",5\n").encode(), "s.csv", TODAY).frame
    assert frame.loc[0, "exports_kz_to_cn_usd_bn"] == pytest.approx(14.7000000005)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("M,202313,156,CHN,M,398,KAZ,TOTAL,1\n", "line 2, column 'period': '202313' has an impossible month 13"),
        ("M,203001,156,CHN,M,398,KAZ,TOTAL,1\n", "line 2, column 'period': '203001' is in the future"),
        ("A,23,156,CHN,M,398,KAZ,TOTAL,1\n", "column 'period': '23' is not a Comtrade period"),
        ("A,2023,156,CHN,M,398,KAZ,TOTAL,lots\n", "line 2, column 'primaryValue': 'lots' is not a number"),
        ("A,2023,156,CHN,M,398,KAZ,TOTAL,-5\n", "column 'primaryValue': -5 must be a positive value"),
        ("A,2023,156,CHN,M,398,KAZ,TOTAL,nan\n", "column 'primaryValue': 'nan' is not a finite number"),
        ("A,2023,156,CHN,M,398,KAZ,TOTAL,\n", "column 'primaryValue': a value is required"),
        ("A,2023,156,CHN,M,398,KAZ,TOTAL,2e15\n", "implausibly large"),
        ("A,2023,156,CHN,M,398,KAZ,TOTAL,1\nA,2023,156,CHN,M,398,KAZ,TOTAL,2\n", "line 3: duplicate of line 2"),
        ("A,2023,156,CHN,M,0,W00,TOTAL,1\nA,2023,842,USA,M,156,CHN,TOTAL,1\n", "no usable rows"),
        ("A,2023,398,KAZ,M,156,CHN,TOTAL,5\n", "line 2: the exports (X) row for Kazakhstan, 2023, is missing"),
    ],
)
def test_bad_comtrade_rows(body, expected):
    assert expected in refused((CT_HEADER + body).encode(), "ct.csv")


def test_comtrade_missing_value_column():
    assert "missing column(s) primaryvalue" in refused(b"reporterCode,partnerCode,flowCode,period,cmdCode\n")


def test_merge_replaces_shipped_rows_with_the_same_source_and_period(dataset):
    body = ("GACC,2023,42.5,,,,provisional,https://example.org/new,2026-01,newer\n"
            "BNS,2025,35,,,,reported,https://example.org/bns,2026-02,not shipped\n")
    uploaded = parse_upload((HEADER + body).encode(), "u.csv", TODAY).frame
    merged = merge(dataset.turnover, uploaded)
    assert len(merged) == len(dataset.turnover) + 1
    gacc_2023 = merged[(merged["source"] == "GACC") & (merged["period"] == "2023")]
    assert gacc_2023[["turnover_usd_bn", "origin", "note"]].values.tolist() == [[42.5, "user-supplied", "newer"]]
    assert not merged.duplicated(["source", "period"]).any()
    assert set(merged["origin"]) == {"shipped", "user-supplied"} and (merged["origin"] == "user-supplied").sum() == 2
    resorted = merged.sort_values(["source", "annual", "year", "end_month"], ascending=[True, False, True, True])
    assert list(resorted.index) == list(merged.index) and list(merged.index) == list(range(len(merged)))
    assert list(merged.columns) == [*dataset.turnover.columns, "origin"]


def test_merge_with_nothing_uploaded_marks_everything_shipped(dataset):
    merged = merge(dataset.turnover, dataset.turnover.iloc[0:0])
    assert len(merged) == len(dataset.turnover) and merged["origin"].eq("shipped").all()


def test_template_round_trips_and_copies_shipped_rows(dataset):
    text = template_csv().decode()
    shipped = (DATA_DIR / "turnover.csv").read_text().splitlines()
    header, *rows = text.splitlines()
    assert header == shipped[0] and len(rows) == 2 and all(row in shipped for row in rows)
    frame = parse_upload(template_csv(), "template.csv", TODAY).frame.set_index("source")
    assert frame.loc["GACC", "turnover_usd_bn"] == 41.02 and frame.loc["BNS", "turnover_usd_bn"] == 31.4
    assert frame.loc["GACC", "period"] == frame.loc["BNS", "period"] == "2023"


def test_size_limit_is_checked_before_parsing():
    assert MAX_UPLOAD_BYTES == 5 * 1024 * 1024 and MAX_ROWS == 5000
    message = refused(b"x" * (1024 * 1024 + 1), max_bytes=1024 * 1024)
    assert "1.0 MB, over the 1 MB limit" in message
    assert "over the 5 MB limit" in refused(b"\x89PNG" + b"\x00" * MAX_UPLOAD_BYTES)


def test_row_limit():
    rows = "".join(ROW.replace("2022", str(year)) for year in (2019, 2020, 2021))
    assert len(parse_upload((HEADER + rows).encode(), "u.csv", TODAY, max_rows=3).frame) == 3
    message = refused((HEADER + rows + ROW).encode(), max_rows=3)
    assert "the limit is 3 rows" in message


def test_a_million_lines_are_refused_by_the_limits():
    short = b"a\n" * 1_000_000  # 2 MB: under the size limit, over the row limit
    assert f"the limit is {MAX_ROWS} rows" in refused(short)
    long = (HEADER + ROW * 1_000_000).encode()  # ~70 MB: refused by size before anything else
    assert "over the 5 MB limit" in refused(long)


def test_file_names_are_cleaned_for_messages():
    assert refused(b"", "C:\\Users\\me\\trade\n.csv", "trade.csv: the file is empty")
    assert refused(b"", "../../etc/<b>x</b>.csv", "b>.csv: the file is empty")
    assert refused(b"", "", "upload: the file is empty")


def test_unexpected_failures_still_surface_as_data_error(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(upload_module, "parse_csv", boom)
    assert "could not be read (RuntimeError)" in refused((HEADER + ROW).encode())


def _outcome(data: bytes) -> None:
    try:
        result = parse_upload(data, "fuzz.csv", TODAY)
    except DataError as exc:
        assert str(exc).startswith("fuzz.csv") and len(str(exc)) > len("fuzz.csv: ")
    else:
        assert isinstance(result, Upload) and len(result.frame) > 0


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_an_upload_or_a_data_error(data):
    _outcome(data)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([HEADER, HEADER.replace(",", ";"), CT_HEADER]),
    st.text(alphabet=st.sampled_from(list("GACBNS0123456789.,;-\n\"é MXTOTALKAZCHN")), max_size=300),
    st.sampled_from(["utf-8", "utf-16", "latin-1", "utf-8-sig"]),
)
def test_csv_like_text_gives_an_upload_or_a_data_error(header, body, encoding):
    _outcome((header + body).encode(encoding, errors="replace"))


def test_apply_marks_uploads_in_charts_footers_and_exports(dataset):
    from tradetarget import charts, export
    from tradetarget.scenario import View, build

    mine = upload_module.apply(dataset, fixture("formula.csv"))
    assert upload_module.user_supplied(dataset).empty
    assert list(upload_module.user_supplied(mine)["period"]) == ["2022"]
    outlook = build(mine, View())
    overview = charts.mark_user_supplied(charts.chart_overview(mine, outlook), mine)
    actual = overview.data[overview.data["series"] == "actual"]
    assert set(actual.loc[(actual["source"] == "GACC") & (actual["year"] == 2022), "origin"]) == {"user-supplied"}
    assert set(actual.loc[actual["year"] == 2023, "origin"]) == {"shipped"}
    footer = " ".join(a.text for a in overview.figure.layout.annotations)
    assert "USER-SUPPLIED figures" in footer and "GACC 2022" in footer
    gap = charts.mark_user_supplied(charts.chart_gap(mine, outlook), mine)
    assert gap.data.set_index("year").loc[2022, "gacc_origin"] == "user-supplied"
    observations = export.csv_bytes(mine.turnover).decode()
    assert "'=HYPERLINK" in observations and ",=HYPERLINK" not in observations
    assert charts.mark_user_supplied(overview, dataset) is overview, "no upload: unchanged"
