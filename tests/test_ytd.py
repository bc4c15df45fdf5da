"""Year to date (issue 21): running totals, their change on a year earlier, the nowcast and its back-test, the release
calendar, the words in four languages, the command line, and the overview and the page in AppTest.

The hand-checked numbers were worked out on paper from the rows of data/turnover.csv named beside them."""

import json
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tradetarget import ytd, ytd_charts, ytd_words
from tradetarget.cli import latest_result, main
from tradetarget.data import DataError, Dataset, parse_csv
from tradetarget.i18n import messages
from tradetarget.scenario import View, build

TODAY = date(2026, 12, 4)
HEADER = ("source,period,turnover_usd_bn,exports_kz_to_cn_usd_bn,imports_kz_from_cn_usd_bn,growth_pct_stated,status,"
          "url,published,note")


def synthetic(dataset: Dataset, rows: list[str]) -> Dataset:
    """The shipped dataset with its turnover replaced by ``rows`` ("GACC,2023-01..2023-10,32.7,2023-12")."""
    lines = [HEADER]
    for row in rows:
        source, period, value, published = row.split(",")
        lines.append(f"{source},{period},{value},,,,reported,https://example.org/{period},{published},")
    return replace(dataset, turnover=parse_csv("\n".join(lines).encode(), "turnover.csv", TODAY))


# --- year on year --------------------------------------------------------------------------------------------


def test_change_of_two_running_totals_is_hand_checked(dataset):
    assert ytd.change_pct(39.8, 36.5) == pytest.approx(9.0411, abs=1e-4)  # 39.8 / 36.5 = 1.090411
    gacc = ytd.latest(dataset, "GACC", TODAY)
    assert gacc.running.current.code == "2025-01..2025-10" and gacc.running.previous.code == "2024-01..2024-10"
    assert gacc.running.computed_pct == pytest.approx(9.0411, abs=1e-4)
    assert gacc.running.stated_pct is None  # the page states no rate
    table = ytd.year_on_year_table(dataset).set_index(["source", "period"])
    bns = table.loc[("BNS", "2023-01..2023-10"), "change_pct_computed"]
    assert bns == pytest.approx(23.3503, abs=1e-4)  # 24.3 / 19.7
    assert table.loc[("GACC", "2023-01..2023-10"), "change_pct_stated"] == 28.5  # stated, no Jan–Oct 2022 stored
    assert pd_isna(table.loc[("GACC", "2023-01..2023-10"), "change_pct_computed"])


def pd_isna(value) -> bool:
    return value is None or value != value


def test_latest_bns_running_total_is_newer_than_its_annual_figure_and_keeps_the_stated_change(dataset):
    bns = ytd.latest(dataset, "BNS", TODAY)
    assert bns.running.current.code == "2025-01..2025-03" and bns.running.current.value_usd_bn == 5.9
    assert bns.running.previous is None and bns.running.computed_pct is None and bns.running.stated_pct == -5.1
    assert bns.annual.year == 2024 and bns.newer_than_annual
    gacc = ytd.latest(dataset, "GACC", TODAY)
    assert gacc.annual.year == 2025 and not gacc.newer_than_annual
    assert ytd_words.newer_note(gacc) == "No GACC running total is newer than the 2025 annual figure."
    assert ytd_words.newer_note(bns) is None


def test_as_of_leaves_out_figures_published_later(dataset):
    before = ytd.latest(dataset, "GACC", date(2025, 6, 30))
    assert before.annual.year == 2024  # the 2025 figure came out around January 2026
    assert before.running.current.code == "2024-01..2024-09"  # Jan–Oct 2024 was quoted only in December 2025


# --- nowcast and back-test ---------------------------------------------------------------------------------


def test_ratios_and_back_test_errors_are_hand_checked(dataset):
    """GACC Jan–Oct: 2023 41.02/32.7 = 1.254434, 2024 43.82/36.5 = 1.200548, 2025 48.7/39.8 = 1.223618."""
    figs = ytd.figures(dataset, "GACC")
    assert {r.year: round(r.ratio, 6) for r in ytd.ratios(figs, 10)} == {2023: 1.254434, 2024: 1.200548,
                                                                         2025: 1.223618}
    checks = {c.year: c for c in ytd.backtest(dataset, "GACC") if c.start.end_month == 10}
    jan_oct_2023 = checks[2023]  # the example: Jan–Oct 2023 GACC against the actual 2023 figure
    assert jan_oct_2023.years == (2024, 2025)
    assert (jan_oct_2023.low, jan_oct_2023.high) == pytest.approx((39.2579, 40.0123), abs=1e-4)  # 32.7 × the two
    assert jan_oct_2023.actual == 41.02 and not jan_oct_2023.inside
    assert jan_oct_2023.error_pct == pytest.approx(-3.376, abs=1e-3)  # mid 39.6351 / 41.02 - 1
    assert (checks[2024].low, checks[2024].high) == pytest.approx((44.6621, 45.7868), abs=1e-4)
    assert checks[2024].error_pct == pytest.approx(3.205, abs=1e-3) and not checks[2024].inside
    assert (checks[2025].low, checks[2025].high) == pytest.approx((47.7818, 49.9265), abs=1e-4)
    assert checks[2025].error_pct == pytest.approx(0.316, abs=1e-3) and checks[2025].inside
    one_year = next(c for c in ytd.backtest(dataset, "BNS") if c.start.code == "2022-01..2022-10")
    assert one_year.years == (2023,) and one_year.low is None and one_year.error_pct is None  # one other year: none


def test_nowcast_gives_a_range_with_its_years_or_says_why_not(dataset):
    gacc = ytd.nowcast(dataset, "GACC", TODAY)
    assert gacc.reason == "year_complete" and gacc.last_annual == 2025 and gacc.low is None
    bns = ytd.nowcast(dataset, "BNS", TODAY)
    assert bns.reason == "too_few_years" and bns.start.code == "2025-01..2025-03" and bns.years == (2010,)
    assert ytd_words.nowcast_sentence(bns) == (
        "BNS 2025: no full-year estimate. A range needs at least 2 past years with both a Jan–Mar figure and a "
        "full-year figure; the data have 1 (2010).")
    # a year still running with two past years behind it: 2026 Jan–Oct 40.0 × 1.200548 and × 1.254434
    data = synthetic(dataset, ["GACC,2023-01..2023-10,32.7,2023-12", "GACC,2023,41.02,2024-01",
                               "GACC,2024-01..2024-10,36.5,2024-12", "GACC,2024,43.82,2025-01",
                               "GACC,2026-01..2026-10,40,2026-11"])
    cast = ytd.nowcast(data, "GACC", TODAY)
    assert cast.reason is None and cast.year == 2026 and cast.years == (2023, 2024)
    assert (cast.low, cast.high) == pytest.approx((48.0219, 50.1774), abs=1e-4)
    assert "(2 past years)" in ytd_words.nowcast_sentence(cast)
    assert ytd.nowcast(synthetic(dataset, ["BNS,2024,30.1,2025-08"]), "BNS", TODAY).reason == "no_running_total"


@settings(max_examples=200, deadline=None)
@given(running=st.floats(0.01, 500), ratios=st.lists(st.floats(0.2, 30), min_size=0, max_size=6))
def test_a_nowcast_range_never_lies_below_the_running_total_it_starts_from(running, ratios):
    past = tuple(ytd.Ratio(2000 + i, 10.0, 10.0 * r) for i, r in enumerate(ratios))
    bounds = ytd.estimate_range(running, past)
    if len(past) < ytd.MIN_YEARS:
        assert bounds is None
    else:
        low, high = bounds
        assert running <= low <= high


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.tuples(st.floats(1, 60), st.floats(0.5, 3)), min_size=2, max_size=5),
       start=st.floats(1, 80), month=st.integers(1, 11))
def test_a_nowcast_from_data_never_starts_below_its_running_total(dataset, values, start, month):
    """Whatever the stored past years (a full year even below its running total), the estimate starts at or above
    what was already traded."""
    rows = []
    for i, (running, ratio) in enumerate(values):
        year = 2015 + i
        rows += [f"GACC,{year}-01..{year}-{month:02d},{running:.2f},{year}-12",
                 f"GACC,{year},{running * ratio:.2f},{year + 1}-01"]
    rows.append(f"GACC,2026-01..2026-{month:02d},{start:.2f},2026-12")
    cast = ytd.nowcast(synthetic(dataset, rows), "GACC", TODAY)
    assert cast.reason is None and cast.start.value_usd_bn <= cast.low <= cast.high


# --- no month is arithmetic ----------------------------------------------------------------------------------


def test_no_stored_monthly_figure_is_the_difference_of_two_stored_running_totals(dataset):
    assert ytd.derived_months(dataset) == []
    derived = synthetic(dataset, ["GACC,2025-01..2025-09,35.0,2025-11", "GACC,2025-01..2025-10,39.8,2025-12",
                                  "GACC,2025-10..2025-10,4.8,2025-12", "GACC,2024-10..2024-10,4.1,2024-12"])
    found = ytd.derived_months(derived)
    assert [(f.code, longer.code, shorter.code) for f, longer, shorter in found] == [
        ("2025-10..2025-10", "2025-01..2025-10", "2025-01..2025-09")]  # 39.8 − 35.0; the 2024 month has no pair


def test_a_stated_kind_must_fit_the_period(dataset):
    text = HEADER + ",kind\nGACC,2025-01..2025-03,9.1,,,,reported,https://example.org/a,2025-04,,quarter\n" \
                    "GACC,2025-04..2025-06,9.5,,,,reported,https://example.org/b,2025-07,,running_total\n"
    with pytest.raises(DataError, match=r"line 3, column 'kind': kind 'running_total' does not fit the period"):
        parse_csv(text.encode(), "turnover.csv", TODAY)
    frame = parse_csv(text.replace(",running_total", ",quarter").encode(), "turnover.csv", TODAY)
    assert list(frame["kind"]) == ["quarter", "quarter"]
    assert set(dataset.turnover["kind"]) == {"annual", "running_total"}  # inferred: the shipped file has no column


# --- release calendar ----------------------------------------------------------------------------------------


def test_gacc_dates_follow_its_published_2025_calendar():
    assert ytd.scheduled("GACC", 2024, 12) == (date(2025, 1, 13), True)  # the January release: 2024 in full
    assert ytd.scheduled("GACC", 2025, 2) == (date(2025, 3, 7), True)  # January–February together
    assert ytd.scheduled("GACC", 2025, 10) == (date(2025, 11, 7), True)
    assert ytd.scheduled("GACC", 2026, 2) == (date(2026, 3, 7), False)  # 2026: the 2025 calendar's day, "around"
    assert ytd.scheduled("GACC", 2025, 1) is None  # no February release
    assert ytd.scheduled("BNS", 2025, 10) is None


def test_release_calendar_from_median_lags_with_overdue_flags(dataset):
    # BNS annual lags (days from 31 Dec to the page date), hand-checked: 2010 ~2011-06: 152, 2024 2025-08-08: 220,
    # 2023 2024-04-01: 92 -> median 152
    data = synthetic(dataset, ["BNS,2010,20.3,2011-06", "BNS,2023,31.4,2024-04-01", "BNS,2024,30.1,2025-08-08",
                               "GACC,2025,48.7,2026-01"])
    annual = ytd.release(data, "BNS", "annual", TODAY)
    assert annual.basis == "data" and annual.lag.count == 3 and annual.lag.days == 152
    assert annual.awaited == (2025, 12) and annual.due == date(2026, 6, 1)  # 31 Dec 2025 + 152 days
    assert annual.overdue and annual.overdue_days == (TODAY - date(2026, 6, 1)).days
    assert annual.upcoming == (2026, 12) and annual.upcoming_due == date(2027, 6, 1)
    assert not ytd.release(data, "BNS", "annual", date(2026, 5, 1)).overdue
    gacc = ytd.release(data, "GACC", "annual", TODAY)
    assert gacc.basis == "schedule" and gacc.due == date(2027, 1, 13) and not gacc.overdue
    assert gacc.schedule_url == ytd.GACC_SCHEDULE_URL
    # running totals: GACC's first of a year is Jan–Feb (its calendar has no February release)
    running = ytd.release(data, "GACC", "running_total", TODAY)
    assert running.awaited == (2026, 2) and running.due == date(2026, 3, 7) and running.overdue
    assert running.upcoming == (2026, 11) and running.upcoming_due == date(2026, 12, 8)
    assert ytd_words.release_sentence(running) == (
        "Next GACC running total: Jan–Nov 2026, expected around 8 December 2026 (by GACC's published 2025 "
        "calendar). Overdue: Jan–Feb 2026, due around 7 March 2026 (9 months ago), is not in the data.")


def test_the_shipped_bns_annual_2025_figure_is_overdue(dataset):
    release = ytd.latest(dataset, "BNS", TODAY).release("annual")
    assert release.awaited == (2025, 12) and release.overdue and release.due.year == 2026


# --- words ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Jan–Oct 2025"), ("ru", "январь–октябрь 2025\u202fг."), ("kk", "2025\u202fж. қаңтар–қазан"),
    ("zh", "2025年1—10月"),
])
def test_periods_are_written_as_the_press_writes_them(lang, expected):
    assert ytd_words.period(2025, 1, 10, lang) == expected
    assert ytd_words.code_words("2025-01..2025-10", lang) == expected


def test_the_change_sentence_reads_like_the_news(dataset):
    gacc = ytd.latest(dataset, "GACC", TODAY)
    assert ytd_words.change_sentence(gacc) == ("GACC Jan–Oct 2025: $39.8bn, +9.0% on Jan–Oct 2024 ($36.5bn; "
                                               "computed). The release stated no rate.")
    assert ytd_words.change_sentence(gacc, "ru").startswith("ГТУ\xa0КНР, январь–октябрь 2025\u202fг.: 39,8\xa0млрд")


@pytest.mark.parametrize("lang", ["en", "ru", "kk", "zh"])
def test_every_line_is_in_the_language(dataset, lang):
    for item in ytd.latest_all(dataset, as_of=TODAY).values():
        text = " ".join(ytd_words.lines(item, lang))
        assert "{" not in text and "ytd." not in text
        if lang != "en":
            assert "published" not in text and "running total" not in text
    tables = [ytd_words.release_table(dataset, as_of=TODAY, lang=lang),
              ytd_words.backtest_table(dataset, as_of=TODAY, lang=lang),
              ytd_words.running_table(dataset, as_of=TODAY, lang=lang)]
    assert all(len(t) for t in tables)


# --- chart ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_chart_draws_stored_figures_only_and_marks_the_seed(dataset, lang):
    chart = ytd_charts.chart_ytd(dataset, build(dataset, View(as_of=TODAY, lang=lang)))
    assert chart.key == "ytd"
    stored = {(f.source, f.code) for f in ytd.figures(dataset) if f.cumulative}
    assert {(s, p) for s, p in zip(chart.data["source"], chart.data["period"], strict=True)} <= stored
    assert ("BNS", "2025-01..2025-03") in set(zip(chart.data["source"], chart.data["period"], strict=True))
    drawn = sum(len(trace.x) for trace in chart.figure.data)
    assert drawn == len(chart.data)  # every point is a row of the CSV, nothing else
    seed = [a for a in chart.figure.layout.annotations if a.showarrow]
    scale = 10 if lang == "zh" else 1  # Chinese charts are drawn in 亿美元
    assert len(seed) == 1 and (seed[0].x, seed[0].y) == (10, pytest.approx(24.3 * scale))  # BNS Jan–Oct 2023
    assert "+23.4%" in seed[0].text  # BNS 24.3 / 19.7, beside the claimed +24%
    assert chart.compact.layout.height > chart.screen.layout.height  # the panels stack on a phone


def test_the_chart_is_registered_with_the_dashboards_exports():
    from ui import core

    assert core._BUILDERS["ytd"] is ytd_charts.chart_ytd and "ytd" in core.SOURCES_ONLY


# --- one answer: the overview and the command line -----------------------------------------------------------


def test_cli_json_is_the_one_answer_with_english_field_names(dataset, capsys):
    assert main(["latest", "--format", "json", "--as-of", TODAY.isoformat()]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == json.loads(json.dumps(latest_result(dataset, "both", TODAY)))
    assert [s["source"] for s in out["sources"]] == ["GACC", "BNS"]
    gacc = out["sources"][0]
    assert gacc["running_total"]["period"] == "2025-01..2025-10" and gacc["change_pct_computed"] == 9.04
    assert gacc["annual"]["value_usd_bn"] == 48.7 and gacc["nowcast"]["reason"] == "year_complete"
    assert {r["kind"]: r["basis"] for r in gacc["releases"]} == {"annual": "schedule", "running_total": "schedule"}
    assert main(["latest", "--source", "bns", "--format", "json", "--lang", "zh", "--as-of", "2026-12-04"]) == 0
    assert json.loads(capsys.readouterr().out)["sources"][0]["nowcast"]["n_past_years"] == 1
    with pytest.raises(SystemExit) as exit_:
        main(["latest", "--as-of", "2026-13-01"])
    assert exit_.value.code == 2 and "invalid date '2026-13-01'" in capsys.readouterr().err


def _overview(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_overview_and_the_cli_agree_on_every_field(dataset, capsys, lang):
    at = _overview(lang)
    today = date.today()
    assert main(["latest", "--format", "json", "--as-of", today.isoformat()]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert main(["latest", "--lang", lang, "--as-of", today.isoformat()]) == 0
    table = capsys.readouterr().out
    t = messages(lang)
    metrics = {m.label: m for m in at.main.get("metric")}
    captions = " ".join(c.value for c in at.caption).replace("\\$", "$").replace(":orange[", "").replace("]", "")
    for item in answer["sources"]:
        running = item["running_total"]
        label = t("ytd.latest.metric", source=item["source"], period=ytd_words.code_words(running["period"], lang))
        assert metrics[label].value == ytd_words.money(running["value_usd_bn"], lang)
        if item["change_pct_computed"] is not None:
            assert ytd_words.rate(item["change_pct_computed"], lang) in metrics[label].proto.delta
    lines = [line.strip() for line in table.splitlines() if line.startswith("  ")]
    assert len(lines) >= 12
    for line in lines:  # every statement of the CLI (annual figure, ages, nowcast, releases) is on the overview
        assert line.replace("]", "") in captions, line


# --- the page in AppTest, on a desktop and on a phone ---------------------------------------------------------


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_year_to_date_page_shows_latest_running_totals_and_release_calendar(monkeypatch, phone):
    from ui import render

    monkeypatch.setattr(render, "is_phone", lambda: phone)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page("pages/6_Year_to_date.py").run()
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.main.get("metric")}
    assert metrics["GACC: Jan–Oct 2025"] == "$39.8bn" and metrics["BNS: Jan–Mar 2025"] == "$5.9bn"
    frames = [df.value for df in at.dataframe]
    calendar = next(f for f in frames if "Next expected" in f.columns)
    assert set(calendar["Source"]) == {"GACC", "BNS"} and len(calendar) == 4
    assert any("Overdue" in str(v) for v in calendar["Overdue"])
    backtest = next(f for f in frames if "Estimate without that year" in f.columns)
    assert "$39.3bn–$40.0bn" in set(backtest["Estimate without that year"])
    (chart,) = at.get("plotly_chart")
    figure = json.loads(chart.proto.spec)
    stacked = figure["layout"]["xaxis"]["domain"] == figure["layout"]["xaxis2"]["domain"]
    assert stacked == phone  # the phone's compact chart stacks the two panels
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Download PNG", "Download SVG", "Download CSV"} <= set(labels)
    nav = [link.proto.label for link in at.sidebar.get("page_link")]
    assert "Year to date" in nav


@pytest.mark.parametrize(("lang", "name"), [("ru", "С начала года"), ("kk", "Жыл басынан бері"), ("zh", "年内累计")])
def test_the_page_is_in_the_navigation_and_works_in_every_language(lang, name):
    at = AppTest.from_file(str(ROOT / "pages/6_Year_to_date.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == messages(lang)("pages.ytd.title")
    overview = _overview(lang)
    assert name in [link.proto.label for link in overview.sidebar.get("page_link")]
    assert any(messages(lang)("ytd.latest.heading") == s.value for s in overview.subheader)

