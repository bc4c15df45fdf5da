"""AppTest: every page renders, the controls drive the KPIs, bad links and missing tools get clear notes."""

import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tradetarget import columns, export
from tradetarget.data import DATA_DIR, DATA_ENV

PAGES = ["dashboard.py", "pages/1_Projection.py", "pages/2_Milestones.py", "pages/3_Data_and_sources.py",
         "pages/4_Pledges_and_claims.py", "pages/5_Uncertainty_and_scenarios.py"]
RISK_PAGE = "pages/5_Uncertainty_and_scenarios.py"


def open_page(page: str, **params: str) -> AppTest:
    """Open a page as a user would: from the overview, or straight from a link with URL parameters."""
    at = AppTest.from_file(str(ROOT / ("dashboard.py" if not params else page)), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "dashboard.py" and not params:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


DEFAULT_PACE = {"GACC: $40bn reached": "2023 (actual)", "BNS: $40bn reached": "2026"}
"""The sidebar at the defaults: GACC's actual 2023 figure; BNS at +24% a year from its 2024 figure (30.1 -> 46.3)."""


def raw(frame):
    """A shown table with its raw column names back (the page shows human headers: tradetarget.columns)."""
    inverse = {shown: name for name, shown in columns.HEADERS.items()}
    return frame.rename(columns=lambda c: inverse.get(c, c))


def pace(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.sidebar.get("metric")}


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_and_growth_slider_moves_the_kpi(page):
    at = open_page(page)
    assert at.get("plotly_chart"), "every page shows a chart"
    assert pace(at) == DEFAULT_PACE
    at.slider(key="growth").set_value(5.0).run()
    assert not at.exception
    # GACC passed $40bn in 2023 whatever the slider; BNS from 2024: 30.1 * 1.05^5 = 38.4 < 40, ^6 = 40.3 -> 2030
    assert pace(at) == {"GACC: $40bn reached": "2023 (actual)", "BNS: $40bn reached": "2030"}
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download PNG" in labels and any(label.startswith("Download") and "CSV" in label for label in labels)


def test_overview_kpis_follow_every_control():
    at = open_page("dashboard.py")
    metrics = {m.label: m.value for m in at.main.get("metric")}
    assert metrics["GACC: growth required by 2030"] == "none: met"  # never a negative rate
    assert metrics["BNS: value in 2030"] == "$109.4bn"  # 30.1 * 1.24^6
    at.sidebar.radio(key="source").set_value("BNS").run()
    at.selectbox(key="deadline").set_value(2035).run()
    metrics = {m.label: m.value for m in at.main.get("metric")}
    assert not any(label.startswith("GACC") for label in metrics)
    # (40 / 30.1) ** (1/11) - 1 = 2.62%
    assert metrics["BNS: growth required by 2035"] == "2.6% a year"
    at.selectbox(key="deadline").set_value("target").run()
    at.selectbox(key="target").set_value("100").run()
    assert pace(at) == {"BNS: $100bn reached": "2030"}  # 30.1 * 1.24^5 = 88.2, ^6 = 109.4
    metrics = {m.label: m.value for m in at.main.get("metric")}
    assert metrics["BNS: deadline"] == "none" and not any("required" in label for label in metrics), \
        "no deadline, no required-growth metric at all (issue 20, item 7)"
    at.selectbox(key="base").set_value(2023).run()
    assert pace(at) == {"BNS: $100bn reached": "2029 (from 2023)"}  # 31.4 * 1.24^5 = 92.0, ^6 = 114.1


def test_verdicts_name_each_source():
    at = open_page("dashboard.py")
    assert "Met in 2023 (actual: $41.0bn, $1.0bn over)" in at.success[0].body
    assert any("Not yet: 2024 was $30.1bn, provisional, $9.9bn short" in w.body for w in at.warning)


def test_base_year_gap_is_explained_not_filled():
    at = open_page("dashboard.py", base="2025")
    notes = " ".join(w.body for w in at.warning)
    assert "BNS has no annual figure for 2025" in notes
    assert pace(at) == {"GACC: $40bn reached": "2023 (actual)", "BNS: $40bn reached": "—"}


@pytest.mark.parametrize("page", PAGES)
def test_junk_link_values_fall_back_with_a_visible_note(page):
    at = open_page(page, growth="abc", deadline="1999", source="<script>")
    assert at.slider(key="growth").value == 24.0 and at.selectbox(key="deadline").value == "target"
    notes = " ".join(w.body for w in at.sidebar.warning)
    assert "growth='abc'" in notes and "source='<script>'" in notes
    assert pace(at) == DEFAULT_PACE


@pytest.mark.parametrize("page", PAGES)
def test_deep_link_reproduces_the_view(page):
    at = open_page(page, growth="10", source="BNS", deadline="2035")
    assert at.slider(key="growth").value == 10.0 and at.radio(key="source").value == "BNS"
    assert pace(at) == {"BNS: $40bn reached": "2027"}  # 30.1 * 1.1^3 = 40.06
    assert not at.sidebar.warning


def test_without_a_browser_the_png_button_explains(monkeypatch):
    monkeypatch.setenv(export.BROWSER_ENV, "none")
    at = open_page("dashboard.py")
    assert any("apt-get install -y chromium" in i.body for i in at.info)
    assert "Download PNG" not in [b.proto.label for b in at.get("download_button")]
    assert at.get("plotly_chart"), "the chart (and its modebar camera) is still there"


def test_broken_data_gives_a_message_not_a_traceback(monkeypatch, tmp_path):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / "turnover.csv"
    path.write_text(path.read_text().replace("41.02", "forty-one"))
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert "data/turnover.csv, line" in at.error[0].body and "'forty-one' is not a number" in at.error[0].body


def test_projection_table_and_csv():
    at = open_page("pages/1_Projection.py")
    table = raw(at.dataframe[0].value)
    assert list(table["year"][:3]) == [2022, 2023, 2024]
    rows = table.set_index("year")
    assert rows.loc[2023, "BNS projection (USD bn)"] == "—", "the projection starts at the latest figure, 2024"
    assert rows.loc[2025, "BNS projection (USD bn)"] == "37.3"  # 30.1 * 1.24
    assert rows.loc[2026, "GACC actual (USD bn)"] == "—"  # a gap, not a number
    # one sign convention: positive = short, taken from the actual figure where there is one
    assert rows.loc[2023, "GACC gap to target (USD bn, + short / − over)"] == "-1.0"
    assert rows.loc[2024, "BNS gap to target (USD bn, + short / − over)"] == "9.9"


def test_data_page_lists_every_observation_and_gaps():
    at = open_page("pages/3_Data_and_sources.py")
    assert len(raw(at.dataframe[0].value)) == 31  # 26 + the five running totals of issue 21
    text = " ".join(m.value for m in at.markdown)
    assert "**GACC**: no sourced annual figure for 2010, 2011, 2012, 2014" in text


def test_overview_has_briefing_and_compact_verdicts():
    at = open_page("dashboard.py")
    assert "China's customs: met in 2023" in at.main.code[0].value and "would" not in at.main.code[0].value
    assert any(i.body.startswith("Assumption, not a forecast: If trade grew +24% a year")
               and "Kazakhstan's statistics would show $40bn in 2026." in i.body for i in at.info)
    compact = at.table[0].value
    assert compact.loc["$40bn by 2030", "On China's customs (GACC)"] == "met in 2023 (actual: $41.0bn, $1.0bn over)"
    assert compact.loc["$40bn by 2030", "On Kazakhstan's statistics bureau (BNS)"].startswith(
        "not yet: 2024 was $30.1bn")


def test_pledges_page_judges_targets_and_claims():
    at = open_page("pages/4_Pledges_and_claims.py")
    verdicts = at.table[0].value
    assert len(verdicts) == 12 and set(verdicts["Status"]) == {"met", "missed", "not yet"}
    rows = verdicts.set_index("Source", append=True)
    assert rows.loc[("$40bn by 2030", "BNS"), "Reached"] == "2026 (projected at +24%)"
    assert rows.loc[("$40bn by 2030", "GACC"), "Reached"] == "2023 (actual)"
    assert rows.loc[("$40bn by 2015", "GACC"), "Reached"] == "2023 (actual, late)"
    claims = raw(at.dataframe[1].value)
    seed = claims[(claims["quote"].str.contains("24%")) & (claims["source"] == "BNS")].iloc[0]
    assert seed["recomputed"] == "+23.4%" and seed["matches_source"] == "BNS"
    headline = at.info[0].body
    assert headline.startswith("Target $40bn by 2030. China's customs: met in 2023") and "would" not in headline
    at.slider(key="growth").set_value(0.0).run()
    assert at.info[0].body == headline, "the headline holds facts only: the slider does not move it"
    verdicts = at.table[0].value.set_index("Source", append=True)
    assert verdicts.loc[("$40bn by 2030", "BNS"), "Reached"] == "never at this rate"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"growth": ["10", "20"]}, "growth: given 2 times"),
        ({"growth": "61"}, "growth='61'"),
        ({"deadline": "9" * 5000}, "deadline='" + "9" * 40 + "…'"),
        ({"target": "does-not-exist"}, "target='does-not-exist'"),
        ({"base": "1850"}, "base='1850'"),
    ],
)
def test_repeated_out_of_range_and_long_link_values_fall_back(page, params, expected):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    notes = " ".join(w.body for w in at.sidebar.warning)
    assert expected in notes and len(notes) < 400
    assert pace(at) == DEFAULT_PACE, "defaults are used"


DATA_PAGE = "pages/3_Data_and_sources.py"
FIXTURES = ROOT / "tests" / "fixtures"


def upload(at: AppTest, name: str) -> AppTest:
    at.file_uploader[0].upload(name, (FIXTURES / name).read_bytes(), "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_an_upload_recomputes_everything_and_is_marked_user_supplied():
    at = open_page(DATA_PAGE)
    at.selectbox(key="base").set_value(2022).run()
    at = upload(at, "good_upload.csv")
    # projected from 2022 (a what-if), the fixture's BNS 2022 of $20bn: 20 * 1.24^3 = 38.1, ^4 = 47.3 -> 2026
    # (2025 on the shipped 24.1: 24.1 * 1.24^3 = 45.9)
    assert pace(at) == {"GACC: $40bn reached": "2023 (actual)", "BNS: $40bn reached": "2026 (from 2022)"}
    assert any("1 user-supplied row" in s.body for s in at.success)
    observations = raw(at.dataframe[1].value)
    mine = observations[observations["origin"] == "user-supplied"]
    shown = list(zip(mine["source"], mine["period"], mine["turnover_usd_bn"], strict=True))
    assert shown == [("BNS", "2022", "20")], "as the source gave it"
    assert (observations["origin"] == "shipped").sum() == 30, "the shipped BNS 2022 row is replaced, not duplicated"
    at.switch_page("dashboard.py").run()
    assert not at.exception
    assert any("user-supplied" in i.body for i in at.sidebar.info), "the upload is kept across pages for the session"


def test_a_bad_upload_names_row_and_column_and_keeps_the_previous_data():
    at = open_page(DATA_PAGE)
    at.selectbox(key="base").set_value(2022).run()
    at = upload(upload(at, "good_upload.csv"), "nan_inf.csv")
    assert "'nan_inf.csv' was not used" in at.error[0].body and "'good_upload.csv'" in at.error[0].body
    problems = raw(at.dataframe[0].value)
    assert list(problems["line"]) == [2, 3]
    assert list(problems["column"]) == ["turnover_usd_bn", "growth_pct_stated"]
    assert pace(at)["BNS: $40bn reached"] == "2026 (from 2022)", "the earlier upload is still in use"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "the file is empty"),
        ("header_only.csv", "header but no rows"),
        ("binary_renamed.csv", "not a text CSV"),
        ("future_period.csv", "is in the future"),
        ("duplicate_period.csv", "duplicate of line 2"),
        ("missing_columns.csv", "missing column(s)"),
    ],
)
def test_bad_uploads_leave_the_shipped_data(name, message):
    at = upload(open_page(DATA_PAGE), name)
    assert f"'{name}' was not used" in at.error[0].body and "the shipped data" in at.error[0].body
    assert message in " ".join(raw(at.dataframe[0].value)["problem"])
    assert pace(at) == DEFAULT_PACE


def test_reset_returns_to_the_shipped_data():
    at = upload(open_page(DATA_PAGE), "good_upload.csv")
    at.button(key="upload-reset").click().run()
    assert not at.exception
    assert pace(at) == DEFAULT_PACE
    assert "origin" not in raw(at.dataframe[0].value).columns
    assert not at.sidebar.info


def test_uploaded_html_is_shown_as_text():
    at = upload(open_page(DATA_PAGE), "html_script.csv")
    preview = raw(at.dataframe[0].value)
    assert any("<script>" in str(v) for v in preview["note"])
    assert not any("<script>" in m.value for m in at.markdown), "never rendered as markup"


def test_a_comtrade_export_is_accepted():
    at = upload(open_page(DATA_PAGE), "comtrade_annual.csv")
    assert any("UN Comtrade export" in s.body for s in at.success)
    assert any("skipped 1 row(s)" in w.body for w in at.warning)


def test_milestone_filter_is_kept_in_the_link_and_junk_is_noted():
    at = open_page("pages/2_Milestones.py", categories=["visa", "summit"])
    assert at.multiselect(key="categories").value == ["visa", "summit"]
    assert set(raw(at.dataframe[0].value)["category"]) == {"visa", "summit"}
    at = open_page("pages/2_Milestones.py", categories=["visa", "<b>junk</b>"])
    assert at.multiselect(key="categories").value == ["visa"]
    assert any("categories value(s) '<b>junk</b>'" in w.body for w in at.main.warning)


def test_link_values_cannot_inject_markdown():
    at = open_page("dashboard.py", growth="[click me](https://evil.example)")
    note = " ".join(w.body for w in at.sidebar.warning)
    assert r"\[click me\]\(https://evil.example\)" in note, "escaped, so shown as text, not as a link"



def test_link_values_survive_a_page_switch_that_drops_them_from_the_address():
    """Streamlit 1.67 drops landing-link values from the address on a sidebar page switch; they come back."""
    at = open_page("dashboard.py", growth="9", source="BNS", deadline="2035")
    assert pace(at) == {"BNS: $40bn reached": "2028"}  # 30.1 * 1.09^3 = 39.0, ^4 = 42.5
    at.query_params.clear()
    at.switch_page("pages/1_Projection.py").run()
    assert not at.exception
    assert [h.value for h in at.sidebar.subheader] == ["At +9% a year"]
    assert pace(at) == {"BNS: $40bn reached": "2028"}  # the address itself: tests/test_browser.py


def risk_metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.main.get("metric")}


def link_warnings(at: AppTest) -> list[str]:
    """Warnings other than the standing caution that the chances rest on few past changes (issue 20)."""
    return [w.body for w in at.warning if not w.body.startswith("Caution:")]


def test_uncertainty_page_answers_the_chance_question_and_follows_the_slider():
    at = open_page(RISK_PAGE)
    metrics = risk_metrics(at)
    assert metrics["BNS: required pace"] == "4.9% a year"  # (40 / 30.1) ** (1/6) - 1, from the 2024 figure
    assert metrics["GACC: required pace"] == "none: met"
    assert metrics["BNS: $40bn reached"] == "2026"  # a calendar year: 30.1 (2024) * 1.24^2 = 46.3
    assert metrics["GACC: $40bn reached"] == "2023 (actual)"
    assert metrics["BNS: chance of $40bn by 2030"] == ">95%"  # to 5 points, never '>99%' from 4 past changes
    assert metrics["GACC: chance of $40bn by 2030"] == "met in 2023 (actual)"
    at.slider(key="growth").set_value(2.0).run()
    assert not at.exception
    low = risk_metrics(at)
    assert int(low["BNS: chance of $40bn by 2030"].rstrip("%")) < 50
    assert low["BNS: $40bn reached"] == "2039"  # 30.1 * 1.02^15 = 40.5, ^14 = 39.7
    at.session_state["chart"] = "Required pace"
    at.run()
    [gauge] = [c.proto.spec for c in at.get("plotly_chart")]
    assert "Growth needed for $40bn by 2030" in gauge and "slider +2% a year" in gauge
    assert "required +4.9%" in gauge, "BNS: from 30.1bn (2024, the latest figure) to 40bn by 2030 needs 4.9% a year"


@pytest.mark.parametrize(("tab", "titles"), [
    ("Fan", ["How sure? A fan of simulated paths", "Chance of $40bn, year by year"]),
    ("Scenarios", ["Named scenarios side by side"]),
    ("Growth model", ["Growth model: constant growth"]),
    ("Required pace", ["Growth needed for $40bn by 2030"]),
    ("Sensitivity", ["Sensitivity: what moves the answer"]),
])
def test_uncertainty_tabs_build_only_the_open_tab_and_keep_it_in_the_link(tab, titles):
    at = open_page(RISK_PAGE, chart=tab)
    assert not at.exception and not link_warnings(at)
    shown = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert len(shown) == len(titles)
    assert all(s.removeprefix("<b>").startswith(t) for s, t in zip(shown, titles, strict=True)), shown
    assert len(at.get("download_button")) == 4 * len(titles)  # PNG (2x), PNG 1x, SVG, CSV per chart


def test_uncertainty_tab_junk_link_falls_back_with_a_note():
    at = open_page(RISK_PAGE, chart="Everything")
    assert any("chart='Everything'" in w.body and "Showing Fan" in w.body for w in at.warning)
    assert len(at.get("plotly_chart")) == 2


@pytest.mark.parametrize(
    ("params", "expected_title"),
    [
        ({"model": "decay", "longrun": "2", "halflife": "1.5"}, "growth decaying to a long-run rate"),
        ({"model": "trend", "window": ["2013", "2021"]}, "log-linear trend fitted on history"),
        ({"model": "two-flow", "exports": "5", "imports": "15"}, "exports and imports grown separately"),
    ],
)
def test_growth_model_deep_links(params, expected_title):
    at = open_page(RISK_PAGE, chart="Growth model", **params)
    assert at.radio(key="model").value == params["model"]
    assert not link_warnings(at)
    [spec] = [c.proto.spec for c in at.get("plotly_chart")]
    assert f"Growth model: {expected_title}" in spec
    for key, value in params.items():
        if key not in ("model", "chart"):
            widget = at.slider(key=key).value
            assert (list(map(str, widget)) if isinstance(widget, tuple) else f"{widget:g}") == value


def test_two_flow_sliders_change_the_model_chart():
    at = open_page(RISK_PAGE, chart="Growth model")
    at.radio(key="model").set_value("two-flow").run()
    [before] = [c.proto.spec for c in at.get("plotly_chart")]
    at.slider(key="imports").set_value(0.0).run()
    assert not at.exception
    [after] = [c.proto.spec for c in at.get("plotly_chart")]
    assert before != after and "imports +0% a year" in " ".join(c.value for c in at.caption), "the chart's caption"


def test_uncertainty_page_notes_bad_link_values():
    at = open_page(RISK_PAGE, chart="Growth model", model="junk", spread="wild", longrun="7", window=["2020", "2013"])
    notes = " ".join(w.body for w in at.warning) + " ".join(i.body for i in at.info)
    assert "model='junk'" in notes and "spread='wild'" in notes and "longrun applies only to another" in notes
    assert at.radio(key="model").value == "constant" and at.radio(key="spread").value == "bootstrap"


@pytest.mark.parametrize("page", PAGES)
def test_every_shown_table_has_human_headers(page):
    """No raw column name (with an underscore) reaches a reader; the uncertainty page's table is in its tab."""
    at = open_page(page)
    if page == RISK_PAGE:
        at.session_state["chart"] = "Scenarios"
        at.run()
    headers = [str(c) for t in [*at.dataframe, *at.table] for c in [*t.value.columns, t.value.index.name]
               if c is not None]
    assert headers, "the page shows tables"
    assert not [h for h in headers if "_" in h], headers


def test_a_link_naming_an_upload_this_session_lacks_says_so():
    """After a failover, or a link shared from a session with an upload: the shipped data, and a clear note."""
    at = open_page(DATA_PAGE)
    at = upload(at, "good_upload.csv")
    named = at.query_params["upload"]
    assert named and not any("uploaded in another session" in w.body for w in at.sidebar.warning)
    fresh = open_page("dashboard.py", upload=named if isinstance(named, str) else named[0])
    assert any("uploaded in another session" in w.body for w in fresh.sidebar.warning)
    assert pace(fresh) == DEFAULT_PACE, "the shipped data is shown"
    at.button(key="upload-reset").click().run()
    assert "upload" not in at.query_params
