"""User uploads: bad files give a DataError naming file, line and column; good ones match parse_csv's shape."""

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tradetarget import clock
from tradetarget import upload as upload_module
from tradetarget.answer import answer_for
from tradetarget.data import DATA_DIR, DataError, parse_csv
from tradetarget.i18n import messages
from tradetarget.upload import (
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    HeldBack,
    Upload,
    apply,
    check,
    check_rows,
    held_back_words,
    merge,
    notice,
    parse_upload,
    template_csv,
)

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
        ("missing_columns.csv", ["missing_columns.csv: missing column(s) url", "UN Comtrade"]),
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
    # the template leaves out only the revision bookkeeping column (``superseded``, empty on a current row)
    assert header + ",superseded" == shipped[0] and len(rows) == 2 and all(row + "," in shipped for row in rows)
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
    assert "1 USER-SUPPLIED figure (uploaded from 'formula.csv'" in footer and "GACC 2022 (line 2)" in footer
    gap = charts.mark_user_supplied(charts.chart_gap(mine, outlook), mine)
    assert gap.data.set_index("year").loc[2022, "gacc_origin"] == "user-supplied"
    observations = export.csv_bytes(mine.turnover).decode()
    assert "'=HYPERLINK" in observations and ",=HYPERLINK" not in observations
    assert charts.mark_user_supplied(overview, dataset) is overview, "no upload: unchanged"


# --- Issue 20, item 3: uploads cannot quietly rewrite the verdict ------------------------------------------------

DAY = date(2026, 12, 4)
"""Today for these tests: December 2026 has begun, so the full year 2026 and December 2026 have not ended."""
MINIMAL = "source,period,turnover_usd_bn,url\n"
TARGET = {"id": "40by2030", "target_usd_bn": 40.0, "deadline": 2030}


def parsed(body: str, unit: str = "usd_bn", header: str = MINIMAL, name: str = "mine.csv") -> Upload:
    return parse_upload((header + body).encode(), name, DAY, unit=unit)


def only_held(dataset, body: str, unit: str = "usd_bn") -> HeldBack:
    result = check(dataset, parsed(body, unit), DAY)
    assert result.accepted.empty and len(result.held_back) == 1
    return result.held_back[0]


def test_units_are_converted_to_billions_before_anything_else():
    body = "GACC,2022,312,https://e.org/a\n"
    assert parsed(body, "usd_100m").frame.loc[0, "turnover_usd_bn"] == pytest.approx(31.2)
    assert parsed("GACC,2022,31200,https://e.org/a\n", "usd_m").frame.loc[0, "turnover_usd_bn"] == pytest.approx(31.2)
    assert parsed(body.replace("312", "31.2")).frame.loc[0, "turnover_usd_bn"] == 31.2, "USD bn is the default"
    header = ("source,period,turnover_usd_bn,exports_kz_to_cn_usd_bn,imports_kz_from_cn_usd_bn,growth_pct_stated,"
              "url,unit\n")
    rows = ("GACC,2022,312,131,181,23.6,https://e.org/a,亿美元\n"
            "BNS,2022,24100,,,30,https://e.org/b,USD m\n"
            "GACC,2021,25.25,,,,https://e.org/c,\n")  # an empty unit cell: the file's unit
    frame = parsed(rows, "usd_bn", header).frame.set_index(["source", "period"])
    assert frame.loc[("GACC", "2022"), ["turnover_usd_bn", "exports_kz_to_cn_usd_bn", "imports_kz_from_cn_usd_bn"]
                     ].tolist() == pytest.approx([31.2, 13.1, 18.1])
    assert frame.loc[("GACC", "2022"), "growth_pct_stated"] == 23.6, "a percentage is not a money value"
    assert frame.loc[("BNS", "2022"), "turnover_usd_bn"] == pytest.approx(24.1)
    assert frame.loc[("GACC", "2021"), "turnover_usd_bn"] == 25.25
    assert "unit" not in frame.columns, "the frame keeps the shape of the shipped data"
    upload = parsed(rows, "usd_bn", header)
    assert upload.entered_at(2) == ("usd_100m", 312.0) and upload.entered_at(3) == ("usd_m", 24100.0)
    assert upload.entered_at(4) == ("usd_bn", 25.25)


@pytest.mark.parametrize(("cell", "unit"), [("USD bn", "usd_bn"), ("bn", "usd_bn"), ("млрд", "usd_bn"),
                                            ("USD 100m", "usd_100m"), ("亿美元", "usd_100m"), ("usd_100m", "usd_100m"),
                                            ("USD m", "usd_m"), ("million", "usd_m"), ("млн", "usd_m"),
                                            ("百万美元", "usd_m"), ("RMB", None), ("亿元", None)])
def test_unit_cells(cell, unit):
    assert upload_module.unit_of(cell) == unit


def test_an_unknown_unit_names_line_and_column():
    message = refused((MINIMAL.replace("\n", ",unit\n") + "GACC,2022,2200,https://e.org/a,亿元\n").encode())
    assert "upload.csv, line 2, column 'unit': '亿元' is not a unit this upload knows" in message
    assert "USD 100m (亿美元, hundreds of millions)" in message


def test_a_comtrade_export_is_in_dollars_whatever_the_unit():
    data = (FIXTURES / "comtrade_annual.csv").read_bytes()
    result = parse_upload(data, "ct.csv", TODAY, unit="usd_100m")
    assert result.frame.set_index("source").loc["GACC", "turnover_usd_bn"] == pytest.approx(41.018)
    assert any("a UN Comtrade export gives US dollars" in w for w in result.warnings)


@pytest.mark.parametrize("lang", ["en", "ru", "kk", "zh"])
def test_the_units_are_named_in_every_language(lang):
    words = [upload_module.unit_words(u, lang) for u in upload_module.UNITS]
    assert len(set(words)) == 3 and all(words)
    assert "亿美元" in words[1]


def test_hand_checked_412_entered_as_billions_is_held_back_as_a_yi_slip(dataset):
    """GACC 2023 is $41.02bn (410.2亿美元). Typed as 412 'USD bn': 412 / 31.2 (GACC 2022) = 13.2 (+1,221% in a
    year) and 412 / 31.4 (BNS 2023) = 13.1; as 亿美元 it would be $41.2bn, +32% and 1.31×: the slip is ×10."""
    held = only_held(dataset, "GACC,2023,412,https://e.org/a\n")
    assert (held.line, held.source, held.period, held.value) == (2, "GACC", "2023", 412.0)
    assert [f.rule for f in held.findings] == ["jump", "other_source"]
    assert held.ratio == pytest.approx(412 / 31.2) and held.findings[1].ratio == pytest.approx(412 / 31.4)
    assert held.findings[0].change_pct == pytest.approx((412 / 31.2 - 1) * 100)
    assert held.likely_unit == "usd_100m" and held.slip == 10
    text = held_back_words(held)
    assert text.startswith("Line 2, GACC 2023: $412bn is 13.2× GACC 2022 ($31.2bn), a change of +1,221% in a year")
    assert "13.1× the other source's figure for the same period, BNS 2023 ($31.4bn)" in text
    assert text.endswith("×10: looks like 亿美元 entered as billions.")


def test_hand_checked_41_2_in_units_of_100m_is_held_back_as_billions_entered_as_yi(dataset):
    """41.2 with the unit 'USD 100m' is $4.12bn: 4.12 / 31.2 = 0.132 (−87%); it was billions."""
    held = only_held(dataset, "GACC,2023,41.2,https://e.org/a\n", "usd_100m")
    assert held.value == pytest.approx(4.12) and held.entered == 41.2 and held.unit == "usd_100m"
    assert held.ratio == pytest.approx(4.12 / 31.2) and held.likely_unit == "usd_bn" and held.slip == pytest.approx(0.1)
    text = held_back_words(held)
    assert "$4.12bn, entered as 41.2 亿美元, is 0.13× GACC 2022 ($31.2bn), a change of -87% in a year" in text
    assert text.endswith("÷10: looks like billions entered as 亿美元.")


def test_hand_checked_millions_and_the_right_unit(dataset):
    assert check(dataset, parsed("GACC,2023,412,https://e.org/a\n", "usd_100m"), DAY).held_back == ()
    assert check(dataset, parsed("GACC,2023,41020,https://e.org/a\n", "usd_m"), DAY).held_back == ()
    held = only_held(dataset, "GACC,2023,41.2,https://e.org/a\n", "usd_m")  # $0.0412bn: billions typed as millions
    assert held.likely_unit == "usd_bn" and held.slip == pytest.approx(0.001)
    assert held_back_words(held).endswith("÷1,000: looks like billions entered as millions.")
    odd = only_held(dataset, "GACC,2023,110,https://e.org/a\n")  # 3.5× GACC 2022; as 亿美元 0.35×: no unit fits
    assert odd.likely_unit is None and "No unit slip explains it" in held_back_words(odd)


@pytest.mark.parametrize("lang", ["ru", "kk", "zh"])
def test_the_held_back_message_in_other_languages(dataset, lang):
    text = held_back_words(only_held(dataset, "GACC,2023,412,https://e.org/a\n"), lang)
    gacc, bns = messages(lang).source("GACC"), messages(lang).source("BNS")  # the reader's own names for the tags
    assert f"{gacc} 2023" in text and f"{gacc} 2022" in text and f"{bns} 2023" in text
    assert "×10" in text and "亿美元" in text and "GACC 2023" not in text
    assert "13,2" in text if lang != "zh" else "13.2倍" in text


def _frame(rows: list[tuple]) -> pd.DataFrame:
    """Typed turnover rows (source, year, start, end, value) as parse_csv gives them."""
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return pd.DataFrame([{"source": s, "year": y, "start_month": a, "end_month": b, "annual": (a, b) == (1, 12),
                          "period": str(y) if (a, b) == (1, 12) else f"{months[a - 1]}–{months[b - 1]} {y}",
                          "turnover_usd_bn": v, "published": "2020-01", "line": i + 2}
                         for i, (s, y, a, b, v) in enumerate(rows)])


@pytest.mark.parametrize(("value", "held"), [(20.0, False), (20.02, True), (5.0, False), (4.99, True),
                                             (10.0, False)])
def test_the_year_on_year_rule_and_its_edges(value, held):
    """+100% passes, above it is held back; −50% passes, below it is held back (no other source to compare)."""
    result = check_rows(_frame([("GACC", 2020, 1, 12, 10.0)]), _frame([("GACC", 2021, 1, 12, value)]), DAY)
    assert bool(result.held_back) is held and len(result.accepted) == (0 if held else 1)
    if held:
        assert result.held_back[0].reason == "jump" and result.held_back[0].ratio == pytest.approx(value / 10)


@pytest.mark.parametrize(("value", "held"), [(30.0, False), (30.03, True), (10.0 / 3, False), (3.3, True)])
def test_the_other_source_rule_and_its_edges(value, held):
    result = check_rows(_frame([("GACC", 2021, 1, 12, 10.0)]), _frame([("BNS", 2021, 1, 12, value)]), DAY)
    assert bool(result.held_back) is held
    if held:
        assert result.held_back[0].reason == "other_source"
        assert (result.held_back[0].findings[0].source, result.held_back[0].findings[0].period) == ("GACC", "2021")


def test_a_running_total_is_compared_with_the_same_months_a_year_before_or_not_at_all():
    existing = _frame([("GACC", 2024, 1, 10, 36.5), ("GACC", 2024, 1, 12, 43.82)])
    jump = check_rows(existing, _frame([("GACC", 2025, 1, 10, 80.0)]), DAY)
    assert jump.held_back[0].findings[0].period == "Jan–Oct 2024"  # 80 / 36.5 = 2.19, not the annual figure
    assert check_rows(existing, _frame([("GACC", 2025, 1, 10, 39.8)]), DAY).held_back == ()
    lone = check_rows(existing, _frame([("GACC", 2025, 1, 3, 59.0)]), DAY)  # no Jan–Mar 2024: that rule is skipped
    assert lone.held_back == () and len(lone.accepted) == 1


def test_a_gap_of_years_is_judged_per_year():
    existing = _frame([("GACC", 2013, 1, 12, 28.5)])
    # 2013 -> 2018 is five years: 80 / 28.5 = 2.8 in all is +23% a year; 1000 / 28.5 is +104% a year
    assert check_rows(existing, _frame([("GACC", 2018, 1, 12, 80.0)]), DAY).held_back == ()
    held = check_rows(existing, _frame([("GACC", 2018, 1, 12, 1000.0)]), DAY).held_back[0]
    assert held.findings[0].years == 5 and "a year over 5 years" in held_back_words(held)


def test_rows_are_compared_with_the_figures_in_use_shipped_or_uploaded_but_never_a_held_back_one():
    existing = _frame([("GACC", 2020, 1, 12, 10.0), ("GACC", 2021, 1, 12, 11.0)])
    # uploaded 2021 (passes, replaces 11) and 2022 compared with it: 19 / 12 passes, 19 / 11 would too
    chain = check_rows(existing, _frame([("GACC", 2022, 1, 12, 30.0), ("GACC", 2021, 1, 12, 16.0)]), DAY)
    assert chain.held_back == () and len(chain.accepted) == 2, "30 / 16 passes; against the shipped 11 it would not"
    # a held-back 2021 (×10) is not the reference for 2022: 120 / 11 (shipped) is held back too
    slip = check_rows(existing, _frame([("GACC", 2021, 1, 12, 110.0), ("GACC", 2022, 1, 12, 120.0)]), DAY)
    assert [h.period for h in slip.held_back] == ["2021", "2022"]
    assert slip.held_back[1].findings[0].value == 11.0


def test_accepted_and_held_back_unpack_like_a_pair(dataset):
    accepted, held = check(dataset, parsed("GACC,2023,412,https://e.org/a\nBNS,2022,24.5,https://e.org/b\n"), DAY)
    assert list(accepted["period"]) == ["2022"] and [h.line for h in held] == [2]


def test_the_shipped_data_passes_its_own_checks(dataset):
    """Every shipped figure against those before it: nothing shipped would be held back (no false alarms)."""
    result = check_rows(dataset.turnover.iloc[0:0], dataset.turnover, DAY)
    assert result.held_back == () and result.refused == () and len(result.accepted) == len(dataset.turnover)


@settings(max_examples=200, deadline=None)
@given(st.floats(0.05, 40.0), st.floats(0.05, 40.0), st.floats(0.05, 400.0))
def test_held_back_exactly_when_a_rule_fails(previous, other, value):
    ratio, cross = value / previous, value / other
    assume(min(abs(ratio - b) for b in (0.5, 2.0)) > 1e-9 and min(abs(cross - b) for b in (1 / 3, 3.0)) > 1e-9)
    existing = _frame([("GACC", 2020, 1, 12, previous), ("BNS", 2021, 1, 12, other)])
    result = check_rows(existing, _frame([("GACC", 2021, 1, 12, value)]), DAY)
    expected = [rule for rule, bad in (("jump", not 0.5 <= ratio <= 2.0), ("other_source", not 1 / 3 <= cross <= 3))
                if bad]
    assert [f.rule for h in result.held_back for f in h.findings] == expected
    assert len(result.accepted) == (0 if expected else 1)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["usd_bn", "usd_100m", "usd_m"]), st.sampled_from(["usd_bn", "usd_100m", "usd_m"]),
       st.floats(0.85, 1.2))
def test_a_unit_slip_is_held_back_and_named(dataset, meant, chosen, drift):
    """A figure near GACC 2023's own, written in one unit and uploaded as another, is held back exactly when the
    units differ, and the slip named is the real one."""
    assume(meant != chosen)
    per_bn = {"usd_bn": 1, "usd_100m": 10, "usd_m": 1000}
    typed = round(41.02 * drift * per_bn[meant], 3)
    if typed / per_bn[chosen] > 1000:  # 100× or 1,000× too large: refused outright ("typed in millions?")
        with pytest.raises(DataError, match="typed in millions"):
            parsed(f"GACC,2023,{typed},https://e.org/a\n", chosen)
        return
    result = check(dataset, parsed(f"GACC,2023,{typed},https://e.org/a\n", chosen), DAY)
    assert len(result.held_back) == 1 and result.held_back[0].likely_unit == meant


def test_optional_means_optional(dataset):
    """source, period, the value and url are enough; status reads 'reported', published 'n.d.'."""
    frame = parsed("BNS,2023,31.4,https://e.org/a\n").frame
    assert frame.loc[0, ["status", "published", "note", "source_kind"]].tolist() == ["reported", "n.d.", "", ""]
    assert pd.isna(frame.loc[0, "exports_kz_to_cn_usd_bn"]) and pd.isna(frame.loc[0, "growth_pct_stated"])
    assert (frame.dtypes.drop("origin") == dataset.turnover.dtypes[frame.columns.drop("origin")]).all()
    value = parse_upload(b"source,period,value,url\nBNS,2023,314,https://e.org/a\n", "v.csv", DAY, unit="usd_100m")
    assert value.frame.loc[0, "turnover_usd_bn"] == pytest.approx(31.4), "'value' names the value column"
    empty = parsed("BNS,2023,31.4,https://e.org/a,,\n", header=MINIMAL.replace("\n", ",status,published\n")).frame
    assert empty.loc[0, ["status", "published"]].tolist() == ["reported", "n.d."]
    merged = apply(dataset, parsed("BNS,2023,31.4,https://e.org/a\n"), today=DAY)
    assert merged.data_dates()["BNS"] == dataset.data_dates()["BNS"], "an undated upload dates nothing"


@pytest.mark.parametrize(("period", "published", "expected"), [
    ("2026", "2026-11", "'2026' has not ended yet (it runs to the end of December 2026)"),
    ("2026-12..2026-12", "2026-11", "'2026-12..2026-12' has not ended yet"),
    ("2026-01..2026-12", "2026-11", "has not ended yet"),
    ("2027", "2026-11", "'2027' is in the future"),
    ("2026-01..2026-10", "2026-12-05", "'2026-12-05' is after today (4 December 2026)"),
    ("2025", "2027", "'2027' is after today"),
])
def test_no_future_data(period, published, expected):
    data = (MINIMAL.replace("\n", ",published\n") + f"GACC,{period},40,https://e.org/a,{published}\n").encode()
    with pytest.raises(DataError) as info:
        parse_upload(data, "f.csv", DAY)
    assert str(info.value).startswith("f.csv, line 2, column '") and expected in str(info.value)


@pytest.mark.parametrize(("period", "published"), [("2026-01..2026-11", "2026-12-04"), ("2025", "2026-12"),
                                                   ("2026-11..2026-11", "~2026-12")])
def test_a_finished_period_published_by_today_is_accepted(period, published):
    data = (MINIMAL.replace("\n", ",published\n") + f"GACC,{period},40,https://e.org/a,{published}\n").encode()
    assert len(parse_upload(data, "f.csv", DAY).frame) == 1


def test_check_rows_refuses_future_rows_on_its_own():
    """For callers that build rows themselves (the coming 'add' command): the same time rules, outright."""
    rows = _frame([("GACC", 2026, 1, 12, 40.0), ("GACC", 2026, 1, 11, 40.0), ("GACC", 2025, 1, 12, 40.0)])
    rows.loc[2, "published"] = "2026-12-05"
    result = check_rows(rows.iloc[0:0], rows, DAY)
    assert [(r.line, r.reason) for r in result.refused] == [(2, "not_ended"), (4, "published_future")]
    assert list(result.accepted["line"]) == [3]
    assert upload_module.refused_words(result.refused[0]) == "Line 2, GACC 2026: refused, the period has not ended"


def test_today_comes_from_one_place(monkeypatch):
    monkeypatch.setenv(clock.TODAY_ENV, "2024-03-15")
    assert clock.today() == date(2024, 3, 15)
    with pytest.raises(DataError, match="has not ended"):  # no day given: the one from the clock
        parse_upload((MINIMAL + "GACC,2024-03..2024-03,4,https://e.org/a\n").encode(), "u.csv")
    monkeypatch.setenv(clock.TODAY_ENV, "15 March")
    with pytest.raises(ValueError, match="TRADETARGET_TODAY"):
        clock.today()
    monkeypatch.delenv(clock.TODAY_ENV)
    assert clock.today() == date.today()


def test_issue_example_a_yi_slip_no_longer_flips_bns_to_met(dataset):
    """The issue's first example: BNS 2024 typed as 301 (301亿美元 = $30.1bn) in billions. Before, the BNS answer
    became 'met' and only a chart caption said so. Now the row is held back and the answer stays 'not yet'."""
    slip = parse_upload((FIXTURES / "unit_slip.csv").read_bytes(), "unit_slip.csv", DAY)
    assert answer_for(dataset, "BNS", TARGET, 24.0).status == "not_yet"
    kept = apply(dataset, slip, today=DAY)
    assert answer_for(kept, "BNS", TARGET, 24.0).status == "not_yet"
    assert kept.annual_value("BNS", 2024) == 30.1 and notice(kept) == "" and kept.upload_name == ""
    forced = apply(dataset, slip, use_anyway=[2], today=DAY)  # only by an explicit choice, and then it says so
    assert answer_for(forced, "BNS", TARGET, 24.0).status == "met"
    assert notice(forced) == ("Includes 1 USER-SUPPLIED figure (uploaded from 'unit_slip.csv', not from the fact "
                              "base): BNS 2024 (line 2, used despite a plausibility warning).")
    assert forced.upload_overridden == (2,)
    right = parse_upload((FIXTURES / "unit_slip.csv").read_bytes(), "unit_slip.csv", DAY, unit="usd_100m")
    assert answer_for(apply(dataset, right, today=DAY), "BNS", TARGET, 24.0).status == "not_yet"


def test_issue_example_a_future_dated_figure_is_refused_and_never_dates_the_data(dataset):
    """The issue's second example: a future-dated figure was accepted and the exports said 'data as of' a day to
    come. A period not yet over, or a date after today, is now refused, so no accepted upload dates the data later
    than today."""
    with pytest.raises(DataError, match="'2026' has not ended yet"):
        parse_upload((FIXTURES / "future_upload.csv").read_bytes(), "future_upload.csv", DAY)
    future = "GACC,2025,48.7,https://e.org/a,2027-01\n"
    with pytest.raises(DataError, match="after today"):
        parsed(future, header=MINIMAL.replace("\n", ",published\n"))


@settings(max_examples=150, deadline=None)
@given(st.dates(date(2025, 1, 1), date(2028, 12, 31)), st.sampled_from(["day", "month"]))
def test_data_as_of_never_shows_a_day_after_today(dataset, day, precision):
    text = day.isoformat() if precision == "day" else day.isoformat()[:7]
    data = (MINIMAL.replace("\n", ",published\n") + f"GACC,2025,48.7,https://e.org/a,{text}\n").encode()
    try:
        mine = apply(dataset, parse_upload(data, "d.csv", DAY), today=DAY)
    except DataError:
        assert day > DAY and (precision == "day" or day.replace(day=1) > DAY)
        return
    assert all(when.day <= DAY for when in mine.data_dates().values())


def test_every_export_says_uploaded_figures_are_in_use(dataset):
    from tradetarget import briefing, charts, citation, export
    from tradetarget.scenario import View, build

    mine = apply(dataset, parsed("GACC,2022,31.5,https://e.org/a\nBNS,2024,301,https://e.org/b\n"), [3], DAY)
    note = notice(mine)
    assert note == ("Includes 2 USER-SUPPLIED figures (uploaded from 'mine.csv', not from the fact base): BNS 2024 "
                    "(line 3, used despite a plausibility warning) and GACC 2022 (line 2).")
    outlook = build(mine, View())
    for chart in charts.all_charts(mine, outlook):  # the PNG and SVG are these figures, stamped
        footer = " ".join(a.text for a in export.stamped(chart.figure, "https://x.org/?upload=1").layout.annotations)
        assert "uploaded from 'mine.csv'" in footer and "BNS 2024 (line 3, used despite" in footer, chart.key
    table = pd.read_csv(io.BytesIO(export.csv_bytes(pd.DataFrame({"year": [2023, 2024]}), note=note)))
    assert table["upload_note"].tolist() == [note, note]
    assert "upload_note" not in export.csv_bytes(pd.DataFrame({"year": [2023]})).decode()
    html = briefing.briefing_html(mine, outlook, charts.chart_overview(mine, outlook), b"<svg/>", day=DAY)
    assert f'<div class="answer upload">{note.replace(chr(39), "&#x27;")}</div>' in html
    cited = citation.plain(citation.cite(mine, outlook, "https://x.org/", DAY, notes=(note,)))
    assert cited.endswith(note)
    shipped = build(dataset, View())
    assert notice(dataset) == "" and "answer upload" not in briefing.briefing_html(
        dataset, shipped, charts.chart_overview(dataset, shipped), b"<svg/>", day=DAY)


@pytest.mark.parametrize("lang", ["ru", "kk", "zh"])
def test_the_notice_in_other_languages(dataset, lang):
    mine = apply(dataset, parsed("BNS,2024,301,https://e.org/b\n"), [2], DAY)
    text = notice(mine, lang)
    assert "mine.csv" in text and f"{messages(lang).source('BNS')} 2024" in text and "2" in text


def test_many_uploaded_figures_are_counted_not_listed(dataset):
    annual = dataset.annual()  # every shipped annual figure again, as an upload: all pass
    body = "".join(f"{s},{y},{v},https://e.org/a\n" for s, y, v in zip(annual["source"], annual["year"],
                                                                      annual["turnover_usd_bn"], strict=True))
    mine = apply(dataset, parsed(body), today=DAY)
    count = len(upload_module.user_supplied(mine))
    assert count == len(annual) > upload_module.NOTICE_FIGURES
    assert notice(mine).startswith(f"Includes {count} USER-SUPPLIED figures")
    assert notice(mine).endswith(f"and {count - upload_module.NOTICE_FIGURES} more.")


def test_apply_without_use_anyway_ignores_lines_that_were_not_held(dataset):
    mine = apply(dataset, parsed("BNS,2022,24.5,https://e.org/b\n"), use_anyway=[2, 99], today=DAY)
    assert mine.upload_overridden == () and mine.upload_name == "mine.csv"


# --- The Data page flow (AppTest) ----------------------------------------------------------------------------------

DATA_PAGE = "pages/3_Data_and_sources.py"
DEFAULT_PACE = {"GACC: $40bn reached": "2023 (actual)", "BNS: $40bn reached": "2026"}


@pytest.fixture
def app(monkeypatch):
    """The Data and sources page, opened from the overview, with today fixed at 4 December 2026."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setenv(clock.TODAY_ENV, DAY.isoformat())
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page(DATA_PAGE).run()
    assert not at.exception
    return at


def _upload(at, name: str):
    at.file_uploader[0].upload(name, (FIXTURES / name).read_bytes(), "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _pace(at) -> dict[str, str]:
    return {m.label: m.value for m in at.sidebar.get("metric")}


def _top(at) -> str:
    """The body of the first element of the main area (the banner, when there is one)."""
    first = next(iter(at.main.children.values()))
    return getattr(first, "body", "") or ""


def test_a_unit_slip_is_held_back_on_the_data_page_until_used_anyway(app):
    at = _upload(app, "unit_slip.csv")
    assert _pace(at) == DEFAULT_PACE, "the held-back BNS 2024 of '$301bn' changes nothing"
    text = " ".join(m.value for m in at.main.markdown)
    assert "Line 2, BNS 2024: \\$301bn is 9.6× BNS 2023 (\\$31.4bn)" in text
    assert "×10: looks like 亿美元 entered as billions." in text
    assert any("1 row of 'unit_slip.csv' is held back and not used" in w.body for w in at.main.warning)
    assert "Your upload 'unit_slip.csv' is not in use: its 1 row is held back" in _top(at)
    assert at.button(key="upload-use-2").label == "Use anyway"

    at.button(key="upload-use-2").click().run()  # the explicit choice
    assert _pace(at)["BNS: $40bn reached"] == "2024 (actual)"
    banner = _top(at)
    assert banner.startswith("Includes 1 USER-SUPPLIED figure (uploaded from 'unit_slip.csv', not from the fact base): "
                             "BNS 2024 (line 2, used despite a plausibility warning).")
    for page in ("dashboard.py", "pages/1_Projection.py", "pages/6_Year_to_date.py"):
        at.switch_page(page).run()
        assert not at.exception and _top(at) == banner, page
    at.switch_page(DATA_PAGE).run()
    at.button(key="upload-use-2").click().run()  # "Hold back again"
    assert _pace(at) == DEFAULT_PACE and "is not in use" in _top(at)


def test_choosing_the_right_unit_reads_the_file_again(app):
    from tradetarget.upload import UNITS

    at = _upload(app, "unit_slip.csv")
    at.selectbox(key="upload-unit").set_value(UNITS[1]).run()  # 亿美元: 301 -> $30.1bn, as shipped
    assert not at.exception and _pace(at) == DEFAULT_PACE
    assert any("1 user-supplied row" in s.body for s in at.success)
    assert "upload-use-2" not in [b.key for b in at.button], "nothing is held back"
    banner = _top(at)
    assert banner.startswith("Includes 1 USER-SUPPLIED figure (uploaded from 'unit_slip.csv'") and "BNS 2024" in banner
    at.switch_page("dashboard.py").run()
    at.switch_page(DATA_PAGE).run()
    assert at.selectbox(key="upload-unit").value == UNITS[1], "the control still names the unit the file was read in"
    assert _pace(at) == DEFAULT_PACE and _top(at) == banner


def test_a_future_period_is_refused_and_changes_nothing(app):
    at = _upload(app, "future_upload.csv")
    assert "'future_upload.csv' was not used" in at.error[0].body and "the shipped data" in at.error[0].body
    problems = " ".join(str(p) for p in at.dataframe[0].value.iloc[:, -1])
    assert "'2026' has not ended yet (it runs to the end of December 2026)" in problems
    assert _pace(at) == DEFAULT_PACE and not any("USER-SUPPLIED" in w.body for w in at.main.warning)


def test_a_link_naming_a_missing_upload_says_so_in_the_main_area(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setenv(clock.TODAY_ENV, DAY.isoformat())
    at = AppTest.from_file(str(ROOT / "pages/1_Projection.py"), default_timeout=60)
    at.query_params["upload"] = "0123abcd"
    at.run()
    assert not at.exception
    assert "uploaded in another session" in _top(at), "in the main area, at the top"
    assert any("uploaded in another session" in w.body for w in at.sidebar.warning)
    assert _pace(at) == DEFAULT_PACE


# --- The command line reads uploaded figures by the same rules -----------------------------------------------------

def test_the_command_line_holds_back_a_unit_slip_unless_told_to_use_it(capsys, monkeypatch):
    import json

    from tradetarget.cli import main

    monkeypatch.setenv(clock.TODAY_ENV, DAY.isoformat())
    slip = str(FIXTURES / "unit_slip.csv")
    assert main(["project", "--source", "bns", "--upload", slip, "--format", "json"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["actual_status"] == "not_yet" and out["latest_value"] == 30.1, "the held-back row changes nothing"
    assert out["upload"]["lines_in_use"] == [] and out["upload"]["held_back"][0]["likely_unit"] == "usd_100m"
    assert out["upload"]["held_back"][0]["ratio"] == pytest.approx(301 / 31.4, abs=1e-4)
    assert "held back, not used (add --use-anyway 2 to use it): Line 2, BNS 2024" in captured.err
    assert "×10: looks like 亿美元 entered as billions." in captured.err

    assert main(["project", "--source", "bns", "--upload", slip, "--use-anyway", "2", "--format", "json"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["actual_status"] == "met" and out["upload"]["used_anyway"] == [2]
    assert out["upload"]["notice"].endswith("BNS 2024 (line 2, used despite a plausibility warning).")
    assert "used despite a plausibility warning: Line 2, BNS 2024" in captured.err

    assert main(["project", "--source", "bns", "--upload", slip, "--unit", "usd_100m", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["upload"]["lines_in_use"] == [2] and out["latest_value"] == pytest.approx(30.1)


def test_the_command_line_refuses_a_future_period(capsys, monkeypatch):
    from tradetarget.cli import main

    monkeypatch.setenv(clock.TODAY_ENV, DAY.isoformat())
    assert main(["project", "--source", "gacc", "--upload", str(FIXTURES / "future_upload.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "future_upload.csv, line 2, column 'period': '2026' has not ended yet" in err


def test_the_command_line_says_when_uploaded_figures_are_in_use(tmp_path, monkeypatch, capsys):
    """``latest`` (like export and briefing) takes the same flags: the uploaded running total is used and said."""
    import json

    from tradetarget.cli import main

    monkeypatch.setenv(clock.TODAY_ENV, DAY.isoformat())
    mine = tmp_path / "ytd.csv"
    mine.write_text(MINIMAL + "GACC,2025-01..2025-11,44.1,https://e.org/a\n")
    assert main(["latest", "--source", "gacc", "--upload", str(mine), "--format", "json", "--as-of", "2026-12-04"]) == 0
    captured = capsys.readouterr()
    assert "Includes 1 USER-SUPPLIED figure (uploaded from 'ytd.csv'" in captured.err
    running = json.loads(captured.out)["sources"][0]["running_total"]
    assert [running[k] for k in ("period", "value_usd_bn", "origin")] == ["2025-01..2025-11", 44.1, "user-supplied"]
