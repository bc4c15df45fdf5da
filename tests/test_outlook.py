"""The uncertainty page's core: settings, growth models, named scenarios, gauge, sensitivity, fan and charts."""

import math
from dataclasses import astuple, replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradetarget import model, outlook_charts
from tradetarget import outlook as o
from tradetarget.charts import mark_user_supplied
from tradetarget.outlook import ModelSettings, risk
from tradetarget.scenario import View, build

SEED = model.SEED_BASE_YEAR
"""These tests check the model's mechanics on the seed's what-if (projected from 2022), with hand-computed numbers."""

KEYS = ["fan", "probability", "scenarios", "model", "gauge", "sensitivity"]


@pytest.fixture(scope="module")
def default(dataset):
    view = build(dataset, View(base_year=SEED))
    return view, risk(dataset, view, ModelSettings())


# --- settings -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"growth_model": "magic"}, "unknown growth model 'magic'"),
        ({"method": "guess"}, "unknown spread method"),
        ({"long_run_pct": 99.0}, "long_run_pct must be between -10 and 30"),
        ({"long_run_pct": True}, "long_run_pct must be a finite number"),
        ({"half_life_years": 0.0}, "half_life_years must be between"),
        ({"export_growth_pct": math.nan}, "export_growth_pct must be a finite number"),
        ({"import_growth_pct": -100.0}, "import_growth_pct must be between"),
        ({"trend_window": (2022, 2013)}, "must span at least two years"),
        ({"trend_window": (2013,)}, "the trend window must be two years"),
        ({"trend_window": "2013"}, "the trend window must be two years"),
        ({"trend_window": (2013.5, 2020)}, "a trend window year must be a whole number"),
        ({"paths": 10}, "paths must be a whole number from 1,000 to 100,000"),
        ({"paths": 10**7}, "paths must be a whole number"),
        ({"paths": 5000.0}, "paths must be a whole number"),
        ({"seed": -1}, "seed must be a whole number"),
        ({"seed": "x"}, "seed must be a whole number"),
    ],
)
def test_settings_reject_impossible_values(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        ModelSettings(**kwargs)


def test_settings_round_trip_and_normalise():
    s = ModelSettings(growth_model="trend", trend_window=[2013, 2021])
    assert s.trend_window == (2013, 2021) and hash(s)  # a list from a URL becomes a hashable tuple
    assert ModelSettings(*astuple(s)) == s  # the UI rebuilds settings positionally


def test_defaults_sit_inside_their_ranges_and_on_the_step_grid():
    d = ModelSettings()
    for value, (low, high), step in ((d.long_run_pct, o.LONG_RUN_RANGE, o.LONG_RUN_STEP),
                                     (d.half_life_years, o.HALF_LIFE_RANGE, o.HALF_LIFE_STEP),
                                     (d.export_growth_pct, o.FLOW_RANGE, o.FLOW_STEP),
                                     (d.import_growth_pct, o.FLOW_RANGE, o.FLOW_STEP),
                                     (d.paths, o.PATHS_RANGE, o.PATHS_STEP)):
        assert low <= value <= high
        assert (value - low) / step == pytest.approx(round((value - low) / step))
    assert o.MODEL_NAMES == ("constant", "decay", "trend", "two-flow") and o.METHODS == ("bootstrap", "normal")


# --- named scenarios ------------------------------------------------------------------------------
def test_required_pace_scenario_hits_the_target_exactly_at_the_deadline(dataset, default):
    view, _ = default
    lines = o.named_scenarios(dataset, view, "BNS").set_index(["scenario", "year"])["value_usd_bn"]
    assert lines.loc[("Required pace", 2030)] == pytest.approx(40.0)
    assert lines.loc[("Required pace", 2029)] < 40.0
    met = o.named_scenarios(dataset, view, "GACC")  # GACC met $40bn in 2023: no required pace, never a negative one
    assert "Required pace" not in set(met["scenario"]) and "Required pace: none: met" in o.problem_of(met)


def test_named_scenarios_by_hand(dataset, default):
    view, result = default
    frame = o.named_scenarios(dataset, view, "BNS")
    assert list(frame.columns) == o.SCENARIO_COLUMNS and o.problem_of(frame) is None
    assert list(frame["scenario"].unique()) == list(o.SCENARIO_NAMES)
    bns = frame.set_index(["scenario", "year"])["value_usd_bn"]
    assert bns.loc[("As reported, Nov 2023", 2024)] == pytest.approx(24.1 * 1.24**2)
    # BNS 2020..2024 are consecutive, so the compound mean of the four rates telescopes to the CAGR
    cagr = (30.1 / 15.0) ** (1 / 4) - 1
    assert bns.loc[("Historical average", 2023)] == pytest.approx(24.1 * (1 + cagr))
    slowdown = bns.loc["Slowdown"]
    assert slowdown.loc[2023] == pytest.approx(24.1 * 1.24)  # the first year at the slider rate
    assert slowdown.loc[2024] / slowdown.loc[2023] - 1 == pytest.approx((3 + 21 * 0.5**0.5) / 100)
    # the risk bundle holds exactly the same lines
    pd.testing.assert_frame_equal(result.by_source["BNS"].scenarios, frame)


def test_pre_pledge_trend_is_a_log_linear_fit_on_years_before_2023_without_uncertain_figures(dataset, default):
    view, _ = default
    annual = dataset.annual("GACC")
    before = annual[(annual["year"] < 2023) & (annual["status"] != "uncertain")]
    assert list(before["year"]) == [2013, 2021, 2022]  # 2018 ($19.9bn) is marked uncertain: left out
    slope = np.polyfit(before["year"].astype(float), np.log(before["turnover_usd_bn"]), 1)[0]
    frame = o.named_scenarios(dataset, view, "GACC")
    lines = frame.set_index(["scenario", "year"])["value_usd_bn"]
    assert lines.loc[("Pre-pledge trend", 2023)] / 31.2 - 1 == pytest.approx(math.expm1(slope))
    said = frame.set_index("scenario").loc["Pre-pledge trend", "assumption"].iloc[0]
    assert "3 reported or provisional annual figures 2013–2022, before the May 2023 pledge" in said
    assert said.endswith("; left out as uncertain: 2018")
    bns = o.named_scenarios(dataset, view, "BNS").set_index("scenario").loc["Pre-pledge trend", "assumption"].iloc[0]
    assert "4 reported or provisional annual figures 2010–2022" in bns and bns.endswith("uncertain: 2018, 2020")
    kept, left = o.pre_pledge_figures(dataset, "BNS")
    assert list(kept["year"]) == [2010, 2013, 2021, 2022] and left == (2018, 2020)
    scen = outlook_charts.chart_scenarios(dataset, view, ModelSettings())
    assert "(uncertain ones left out)" in " ".join(scen.footer)


def test_yours_follows_the_chosen_model(dataset):
    view = build(dataset, View(base_year=SEED, sources=("GACC",), growth_pct=10.0))
    decay = ModelSettings(growth_model="decay", long_run_pct=2.0, half_life_years=1.0)
    yours = o.named_scenarios(dataset, view, "GACC", decay).query("scenario == 'Yours'").set_index("year")
    path = o.model_paths(dataset, view, decay).data.set_index("year")
    assert np.allclose(yours["value_usd_bn"], path.loc[yours.index, "value_usd_bn"])
    assert yours["short"].iloc[0] == "+10%→+2%"


def test_a_source_that_cannot_be_projected_gives_empty_frames_with_a_reason(dataset):
    view = build(dataset, View(base_year=2025))  # BNS has no 2025 figure
    for frame in (o.named_scenarios(dataset, view, "BNS"), o.sensitivity(dataset, view, "BNS")):
        assert frame.empty and "BNS has no annual figure for 2025" in o.problem_of(frame)
    gacc_only = build(dataset, View(base_year=SEED, sources=("GACC",)))
    assert "not in this view" in o.problem_of(o.sensitivity(dataset, gacc_only, "BNS"))


# --- sensitivity ----------------------------------------------------------------------------------
def test_sensitivity_moves_the_right_way(dataset, default):
    view, _ = default
    sens = o.sensitivity(dataset, view, "BNS")
    assert list(sens.columns) == o.SENSITIVITY_COLUMNS
    sens = sens.set_index(["factor", "case"])
    assert sens.loc[("growth", "low"), "year_reached"] == 2025  # 24.1 * 1.19^3 = 40.6
    # +29% from 2022 passes $40bn in 2024 (24.1 * 1.29^2 = 40.1), which BNS's actual 2024 figure ($30.1bn) contradicts
    assert sens.loc[("growth", "high"), "year_reached_text"] == "contradicted by the data"
    assert sens.loc[("growth", "low"), "value_shift_usd_bn"] < 0 < sens.loc[("growth", "high"), "value_shift_usd_bn"]
    assert sens.loc[("target", "high"), "year_reached"] == 2028  # the doubling ($82bn) from 2022: 24.1 * 1.24^6 = 87.6
    assert sens.loc[("target", "low"), "setting"] == "target $35bn"
    assert sens.loc[("deadline", "low"), "year_shift"] == 0  # the deadline does not move the year reached
    assert sens.loc[("deadline", "high"), "value_at_deadline_usd_bn"] == pytest.approx(24.1 * 1.24**11)
    assert sens.loc[("source", "other"), "year_reached_text"] == "2023 (actual)", "GACC met $40bn in 2023"
    assert sens.loc[("base year", "low"), "setting"] == "from 2021 ($18.0bn)"
    assert sens.loc[("base year", "high"), "value_at_deadline_usd_bn"] == pytest.approx(31.4 * 1.24**7)


def test_sensitivity_base_year_skips_gap_years(dataset):
    view = build(dataset, View(sources=("GACC",), base_year=2021, growth_pct=8.0))
    sens = o.sensitivity(dataset, view, "GACC").set_index(["factor", "case"])
    assert sens.loc[("base year", "low"), "setting"] == "from 2018 ($19.9bn)"  # 2019-2020 are gaps
    assert sens.loc[("base year", "high"), "setting"] == "from 2022 ($31.2bn)"


@settings(max_examples=30, deadline=None)
@given(growth=st.floats(0.5, 50), deadline=st.integers(2024, 2050))
def test_more_growth_never_reaches_the_target_later(dataset, growth, deadline):
    view = build(dataset, View(base_year=SEED, sources=("BNS",), growth_pct=round(growth, 1), deadline=deadline))
    sens = o.sensitivity(dataset, view, "BNS").set_index(["factor", "case"])
    low, high = sens.loc[("growth", "low")], sens.loc[("growth", "high")]
    assert high["value_at_deadline_usd_bn"] > low["value_at_deadline_usd_bn"]
    # a path the actual figures contradict has no year (NaN) on either side; otherwise more growth is never later
    assert math.isnan(low["year_reached"]) or math.isnan(high["year_reached"]) or \
        high["year_reached"] <= low["year_reached"]


@settings(max_examples=30, deadline=None)
@given(growth=st.floats(-20, 50), deadline=st.integers(2024, 2050),
       target=st.sampled_from(["35by2030", "40by2030", "40by2015"]))
def test_required_pace_always_lands_on_the_target(dataset, growth, deadline, target):
    view = build(dataset, View(base_year=SEED, growth_pct=round(growth, 1), deadline=deadline, target_id=target))
    for source in view.scenarios:
        lines = o.named_scenarios(dataset, view, source).set_index(["scenario", "year"])["value_usd_bn"]
        answer = view.answers[source]
        if answer.required_pct is None:  # met, missed, or the deadline is not after the start
            assert "Required pace" not in lines.index.get_level_values(0)
            continue
        assert answer.required_pct > 0 and answer.status == "not_yet"
        assert lines.loc[("Required pace", deadline)] == pytest.approx(view.target_usd_bn)


# --- gauge ----------------------------------------------------------------------------------------
def test_gauge_years_to_target_matches_year_reached(dataset):
    view = build(dataset, View(growth_pct=2.0))  # from the latest figure
    g = o.gauge(dataset, view, "BNS")
    assert g.latest_year == 2024 and g.base_year == 2024
    direct = model.year_reached(model.Scenario("BNS", 2024, 30.1, 2.0, 40.0, deadline=None, horizon=2024))
    assert direct.year == 2039 and g.years_text() == "2039"  # 30.1 * 1.02^15 = 40.5, ^14 = 39.7: a calendar year
    assert g.required_pct == pytest.approx(((40 / 30.1) ** (1 / 6) - 1) * 100)
    view = build(dataset, View(base_year=SEED, growth_pct=2.0))  # the what-if from 2022
    assert g.average_pct == pytest.approx(((30.1 / 15.0) ** 0.25 - 1) * 100)
    assert g.beaten_by == (3, 4)  # required 6.5%: 2021, 2022, 2023 grew faster, 2024 fell


def test_gauge_states_an_already_met_target_and_never(dataset):
    assert o.gauge(dataset, build(dataset, View(base_year=SEED)), "GACC").years_text() == "2023 (actual)"
    never = o.gauge(dataset, build(dataset, View(growth_pct=-3.0)), "BNS")
    assert never.years_text() == "never at this rate"


def test_gauge_without_a_base_year_figure_explains_and_still_shows_history(dataset):
    g = o.gauge(dataset, build(dataset, View(base_year=2025)), "BNS")
    assert g.required_pct is None and "BNS has no annual figure for 2025" in g.problem
    assert len(g.history) == 4 and g.years_text() == "—"


def test_risk_uses_the_gauge(default):
    _, result = default
    assert result.by_source["GACC"].gauge.years_text() == "2023 (actual)"
    assert result.by_source["BNS"].gauge.answer is result.by_source["BNS"].answer
    assert result.by_source["BNS"].latest_year == 2024


# --- growth models --------------------------------------------------------------------------------
def test_two_flow_sums_to_turnover_and_starts_from_the_latest_split(dataset):
    view = build(dataset, View(base_year=SEED, growth_pct=10.0))
    paths = o.model_paths(dataset, view, ModelSettings(growth_model="two-flow", export_growth_pct=5,
                                                       import_growth_pct=15))
    assert paths.problems == {} and list(paths.data.columns) == o.PATH_COLUMNS
    gacc = paths.data[paths.data["source"] == "GACC"]
    bns = paths.data[paths.data["source"] == "BNS"]
    assert gacc["year"].iloc[0] == 2025 and bns["year"].iloc[0] == 2022  # BNS 2023 lacks imports
    for frame in (gacc, bns):
        assert np.allclose(frame["exports_usd_bn"] + frame["imports_usd_bn"], frame["value_usd_bn"])
        assert np.allclose(frame["exports_usd_bn"] - frame["imports_usd_bn"], frame["balance_usd_bn"])
    row = gacc.set_index("year").loc[2027]
    start = dataset.annual("GACC").set_index("year").loc[2025]
    assert row["exports_usd_bn"] == pytest.approx(start["exports_kz_to_cn_usd_bn"] * 1.05**2)
    assert row["imports_usd_bn"] == pytest.approx(start["imports_kz_from_cn_usd_bn"] * 1.15**2)
    assert "the slider and base year do not apply" in paths.notes["GACC"]


def test_constant_model_is_the_projection(dataset, default):
    view, _ = default
    data = o.model_paths(dataset, view, ModelSettings()).data.set_index(["source", "year"])["value_usd_bn"]
    for source, scenario in view.scenarios.items():
        proj = model.project(scenario).set_index("year")["value_usd_bn"]
        assert np.allclose(data.loc[source].loc[proj.index], proj)


def test_decay_and_trend_paths(dataset):
    view = build(dataset, View(base_year=SEED, sources=("GACC",)))
    decay = risk(dataset, view, ModelSettings(growth_model="decay", long_run_pct=4, half_life_years=1)).by_source
    growth = decay["GACC"].path.set_index("year")["growth_pct"]
    assert growth.loc[2023] == pytest.approx(24) and growth.loc[2024] == pytest.approx(14)  # 4 + 20 * 0.5
    trend = risk(dataset, view, ModelSettings(growth_model="trend", trend_window=(2021, 2023))).by_source["GACC"]
    fitted = trend.path["growth_pct"].iloc[0]
    # ln-linear fit through 25.25, 31.2, 41.02 (2021-2023): slope = (ln 41.02 - ln 25.25) / 2
    assert fitted == pytest.approx((math.exp((math.log(41.02) - math.log(25.25)) / 2) - 1) * 100)
    assert "3 annual figures in 2021–2023" in trend.path_note


def test_a_source_without_a_split_explains_itself(dataset):
    stripped = replace(dataset, turnover=dataset.turnover.assign(exports_kz_to_cn_usd_bn=np.nan))
    view = build(stripped, View(base_year=SEED))
    paths = o.model_paths(stripped, view, ModelSettings(growth_model="two-flow"))
    assert paths.data.empty and "no year with both exports and imports" in paths.problems["BNS"]
    result = risk(stripped, view, ModelSettings(growth_model="two-flow"))
    assert result.by_source["BNS"].path is None
    assert "Yours" not in set(result.by_source["BNS"].scenarios["scenario"])
    assert "no year with both exports and imports" in result.by_source["BNS"].scenario_note
    chart = outlook_charts.chart_models(stripped, view, result)
    assert "no year with both exports and imports" in chart.figure.layout.title.subtitle.text


# --- fan and probabilities ------------------------------------------------------------------------
def test_fan_for_is_ordered_starts_at_the_base_and_agrees_with_risk(dataset, default):
    view, result = default
    for source in ("GACC", "BNS"):
        sf = o.fan_for(dataset, view, ModelSettings(), source)
        fan = sf.fan
        assert sf.problem is None and list(fan.columns) == o.FAN_COLUMNS
        q = fan[["p10", "p25", "p50", "p75", "p90"]].to_numpy()
        assert (np.diff(q, axis=1) >= 0).all()
        assert np.allclose(q[0], view.scenarios[source].base_value)
        assert np.all(np.diff(sf.probability["probability"]) >= 0)
        assert sf.probability_by(2030) == result.probability_by(source, 2030)
        assert sf.history_years == ((2022, 2023, 2024, 2025) if source == "GACC" else (2021, 2022, 2023, 2024))


def test_fan_for_a_missing_source_is_a_problem(dataset):
    view = build(dataset, View(base_year=2025))
    sf = o.fan_for(dataset, view, ModelSettings(), "BNS")
    assert sf.fan.empty and "no annual figure for 2025" in sf.problem
    frame = o.probability_frame(dataset, view, ModelSettings())
    assert set(frame["source"]) == {"GACC"} and "BNS:" in o.problem_of(frame)


@settings(max_examples=15, deadline=None)
@given(low=st.floats(-10, 30), extra=st.floats(0.5, 25))
def test_probability_grows_with_the_growth_rate(dataset, low, extra):
    probs = []
    for growth in (low, low + extra):
        view = build(dataset, View(base_year=SEED, sources=("BNS",), growth_pct=round(growth, 1)))
        probs.append(risk(dataset, view, ModelSettings(paths=2000)).probability_by("BNS", 2030))
    assert probs[0] <= probs[1]


@given(rates=st.lists(st.floats(-60, 200), min_size=1, max_size=12))
def test_compound_mean_lies_between_the_extremes_and_below_the_arithmetic_mean(rates):
    mean = o.compound_mean_pct(rates)
    assert min(rates) - 1e-9 <= mean <= max(rates) + 1e-9
    assert mean <= np.mean(rates) + 1e-9


def test_a_fixed_seed_reproduces_the_fan(dataset, default):
    view, result = default
    again = risk(dataset, view, ModelSettings())
    assert again.by_source["BNS"].fan.equals(result.by_source["BNS"].fan)
    other = risk(dataset, view, ModelSettings(seed=1))
    assert not other.by_source["BNS"].fan.equals(result.by_source["BNS"].fan)


def test_a_target_already_met_on_actual_figures_is_said_so(default):
    _, result = default
    assert result.by_source["GACC"].met_year == 2023
    assert result.chance_text("GACC") == "met in 2023 (actual)"
    assert result.probability_by("GACC", 2022) == 0.0, "not before the year it happened"
    assert result.probability_by("GACC", 2023) == 1.0 and result.probability_by("BNS", 2024) == 0.0, "from the data"
    assert result.by_source["BNS"].met_year is None
    assert result.chance_text("BNS").endswith("%")


# --- charts ---------------------------------------------------------------------------------------
def _texts(fig) -> str:
    return " ".join(a.text or "" for a in fig.layout.annotations)


@pytest.mark.parametrize("growth_model", o.MODEL_NAMES)
def test_every_chart_has_data_footer_and_drawn_traces(dataset, growth_model):
    view = build(dataset, View(base_year=SEED, growth_pct=12.5, deadline=2032))
    charts = outlook_charts.outlook_charts(dataset, view, ModelSettings(growth_model=growth_model))
    assert [c.key for c in charts] == KEYS == list(outlook_charts.BUILDERS)
    assert len({c.filename for c in charts}) == len(charts)
    for chart in charts:
        assert not chart.data.empty and set(chart.data["source"]) == {"GACC", "BNS"}, chart.key
        assert chart.figure.layout.title.text and chart.figure.layout.title.subtitle.text, chart.key
        assert chart.figure.data, chart.key
        for trace in chart.figure.data:
            values = pd.to_numeric(pd.Series(trace.x if trace.orientation == "h" else trace.y), errors="coerce")
            assert values.notna().any(), (chart.key, trace.name)
        text = _texts(chart.figure)
        assert "Scenario: +12.5% a year what-if, as projected from 2022; target $40bn, what-if deadline 2032" in text, \
            chart.key
        assert view.headline.split(".")[0] in text and "Sources:" in text, chart.key
        assert chart.export_height >= 675
    fan = charts[0]
    assert "chance of $40bn by 2032" in _texts(fan.figure) and "bootstrap" in _texts(fan.figure)
    assert "(from 4 yearly changes, 2021–2024)" in _texts(fan.figure)


def test_chart_data_is_what_is_drawn(dataset, default):
    view, result = default
    fan = outlook_charts.chart_fan(dataset, view, result)
    gacc = fan.data[fan.data["source"] == "GACC"].set_index("year")
    assert gacc.loc[2013, "actual_usd_bn"] == pytest.approx(28.5) and math.isnan(gacc.loc[2013, "p50"])
    assert gacc.loc[2030, "central"] == pytest.approx(31.2 * 1.24**8)
    median = next(t for t in fan.figure.data if t.name == "median = +24% every year")
    assert np.allclose(median.y, gacc["p50"].dropna())
    assert np.allclose(gacc["p50"].dropna(), gacc["central"].dropna()), "the median is the central path"
    scen = outlook_charts.chart_scenarios(dataset, view, result)
    assert {"actual", "Required pace"} <= set(scen.data["scenario"])
    assert "Required pace +6.5%: $40bn" in _texts(scen.figure)  # BNS from 2022: (40 / 24.1) ** (1/8) - 1


def test_builders_take_settings_or_a_computed_risk(dataset, default):
    view, result = default
    for key, build_chart in outlook_charts.BUILDERS.items():
        a, b = build_chart(dataset, view, ModelSettings()), build_chart(dataset, view, result)
        pd.testing.assert_frame_equal(a.data, b.data, obj=key)


def test_probability_curve_reads_the_deadline(default, dataset):
    view, result = default
    chart = outlook_charts.chart_probability(dataset, view, result)
    at_deadline = chart.data[chart.data["year"] == 2030].set_index("source")["probability"]
    assert at_deadline.loc["BNS"] == pytest.approx(result.probability_by("BNS", 2030))
    assert model.SOURCE_NAMES["BNS"] in [t.name for t in chart.figure.data]
    assert "GACC: met in 2023 (actual)" in _texts(chart.figure)


def test_gauge_chart_rows(dataset, default):
    view, _ = default
    chart = outlook_charts.chart_gauge(dataset, view, ModelSettings())
    bns = chart.data[chart.data["source"] == "BNS"].set_index("measure")
    assert bns.loc["required from 2022 to reach the target by 2030", "growth_pct"] == pytest.approx(
        o.gauge(dataset, view, "BNS").required_pct)
    # what-if from 2022 at +24%: 24.1 * 1.24^3 = 45.9 -> 2025
    assert "$40bn in 2025" in bns.loc["year the target is reached", "label"]
    assert (chart.data["measure"] == "past year-on-year growth").sum() == 8
    assert "slider +24% a year" in _texts(chart.figure)


def test_tornado_puts_the_biggest_swing_on_top(dataset, default):
    view, result = default
    chart = outlook_charts.chart_tornado(dataset, view, result)
    sens = result.by_source["BNS"].sensitivity
    biggest = sens.loc[sens["value_shift_usd_bn"].abs().idxmax(), "factor"]
    axis = chart.figure.layout["yaxis4"]  # BNS, value at the deadline
    assert axis.categoryarray[-1].startswith(f"<b>{biggest}</b>")  # plotly draws the last category on top
    assert "Swings: growth ±5 points" in _texts(chart.figure)
    assert chart.export_height >= 1000


def test_a_missing_base_year_is_a_problem_not_a_crash(dataset):
    view = build(dataset, View(base_year=2025))
    result = risk(dataset, view, ModelSettings())
    assert list(result.by_source) == ["GACC"] and "BNS has no annual figure for 2025" in result.problems["BNS"]
    for chart in outlook_charts.outlook_charts(dataset, view, result):
        assert set(chart.data["source"]) == {"GACC"}
        assert "BNS: BNS has no annual figure for 2025" in chart.figure.layout.title.subtitle.text, chart.key


def test_no_source_at_all_still_draws_a_message(dataset):
    view = build(dataset, View(sources=("BNS",), base_year=2025))
    for chart in outlook_charts.outlook_charts(dataset, view, ModelSettings()):
        assert "Nothing to project" in _texts(chart.figure), chart.key


def test_uploaded_figures_are_marked_in_every_chart(dataset):
    turnover = dataset.turnover.assign(origin="shipped")
    turnover.loc[(turnover["source"] == "BNS") & (turnover["period"] == "2024"), "origin"] = "user-supplied"
    uploaded = replace(dataset, turnover=turnover)
    view = build(uploaded, View(base_year=SEED))
    charts = outlook_charts.outlook_charts(uploaded, view, ModelSettings())
    fan = charts[0]
    actual = [t for t in fan.figure.data if t.name == "actual figure"][1]  # the BNS panel
    assert list(actual.marker.symbol)[list(actual.x).index(2024)].startswith("diamond")
    for chart in charts:
        marked = mark_user_supplied(chart, uploaded)  # what the UI does with every chart
        if "year" in marked.data:
            assert "user-supplied" in set(marked.data["origin"]), chart.key


@pytest.mark.parametrize("growth_model", o.MODEL_NAMES)
def test_no_number_format_in_a_hover_meets_a_missing_value(dataset, growth_model):
    """plotly.js formats a null customdata with ``:+.1f`` as +0.0%: a missing growth must never reach one."""
    view = build(dataset, View(base_year=SEED))
    for chart in outlook_charts.outlook_charts(dataset, view, ModelSettings(growth_model=growth_model)):
        for trace in chart.figure.to_plotly_json()["data"]:
            custom = trace.get("customdata")
            if custom is None or "%{customdata:" not in (trace.get("hovertemplate") or ""):
                continue
            assert not pd.isna(pd.Series(list(custom), dtype=object)).any(), (chart.key, trace.get("name"))


def test_model_path_hover_says_where_the_path_starts(dataset, default):
    view, result = default
    chart = outlook_charts.chart_models(dataset, view, result)
    path = next(t for t in chart.figure.data if t.name.endswith("(projection)") and t.x[0] == 2022)
    assert list(path.customdata[:2]) == ["start of the path", "growth +24.0%"]
    assert "%{customdata}" in path.hovertemplate


# --- honest odds: rounding, what a chance rests on, a caution below 6 (issue 20) ---------------------------------
@pytest.mark.parametrize(("p", "shown"), [
    (0.89, "90%"), (0.994, ">95%"), (0.03, "<5%"), (0.5, "50%"),
    (0.525, "55%"),  # a half step rounds up, as by hand
    (0.575, "60%"),  # stored as 57.49999…: rounded to 1e-6 points first, so it rounds up too
    (0.0, "<5%"), (0.049, "<5%"), (0.05, "5%"), (0.074, "5%"), (0.075, "10%"),
    (0.95, "95%"), (0.9501, ">95%"), (1.0, ">95%"), (0.8209, "80%"), (0.8473, "85%"),
])
def test_a_chance_is_shown_to_5_points_with_ends(p, shown):
    assert o.chance(p) == shown


def test_a_chance_in_each_language():
    assert o.chance(0.994, "ru") == ">95%" and o.chance(0.03, "zh") == "<5%" and o.chance(0.89, "kk") == "90%"
    for lang in ("ru", "kk", "zh"):
        assert o.chance(0.5, lang).replace("\u00a0", "") in ("50%", "%50")


@pytest.mark.parametrize("bad", [-0.01, 1.01, math.nan, True, "0.5", None])
def test_a_chance_outside_0_to_1_is_refused(bad):
    with pytest.raises(ValueError, match="a chance must be a share from 0 to 1"):
        o.chance_points(bad)


@given(p=st.floats(0, 1), q=st.floats(0, 1))
def test_shown_chance_is_a_multiple_of_5_or_an_end_label_and_monotone(p, q):
    shown = o.chance(p)
    assert shown in ("<5%", ">95%") or (shown.endswith("%") and int(shown[:-1]) % 5 == 0
                                          and 5 <= int(shown[:-1]) <= 95)
    assert (shown == "<5%") == (p < 0.05) and (shown == ">95%") == (p > 0.95)
    lo, hi = sorted((p, q))
    assert o.chance_points(lo) <= o.chance_points(hi)
    assert abs(o.chance_points(p) - p * 100) <= 5 if 0.05 <= p <= 0.95 else True


def test_what_a_chance_rests_on_in_words():
    assert o.basis_words((2021, 2022, 2023, 2024)) == "from 4 yearly changes, 2021–2024"
    assert o.basis_words((2024,)) == "from 1 yearly change, 2024"
    assert o.basis_words((2013, 2022, 2023, 2024, 2025)) == "from 5 yearly changes, 2013, 2022–2025"
    assert o.basis_words((2021, 2022, 2023, 2024), "ru") == "по 4 годовым изменениям за 2021–2024"
    assert o.basis_words((2022, 2023), "ru") == "по 2 годовым изменениям за 2022–2023"
    assert o.basis_words((2021, 2022, 2023, 2024), "kk") == "2021–2024 жылдардағы 4 жылдық өзгеріс бойынша"
    assert o.basis_words((2013, 2022, 2023), "zh") == "基于2013、2022—2023年的3个年度变化"


def test_the_caution_threshold_is_6_changes():
    assert o.FEW_CHANGES == 6
    assert o.few_changes(range(2019, 2024)) and not o.few_changes(range(2018, 2024))  # 5 changes / 6 changes


def _bns_with_more_years(dataset, years):
    """The shipped data plus BNS annual figures for ``years`` (made up, for the threshold only): each a copy of
    the 2013 row at a new year and value."""
    row = dataset.turnover[(dataset.turnover["source"] == "BNS") & (dataset.turnover["period"] == "2013")]
    extra = [row.assign(period=str(y), year=y, turnover_usd_bn=20.0 + (y - 2013) * 0.5, line=900 + y) for y in years]
    return replace(dataset, turnover=pd.concat([dataset.turnover, *extra], ignore_index=True))


def test_the_caution_names_the_sources_with_fewer_than_6_changes(dataset):
    view = build(dataset, View())
    result = risk(dataset, view, ModelSettings(paths=1000))
    assert result.changes("BNS") == (2021, 2022, 2023, 2024) and result.basis_text("BNS") == \
        "from 4 yearly changes, 2021–2024"
    caution = result.caution_text()
    assert caution.startswith("Caution: BNS's chances rest on only 4 yearly changes, 2021–2024.")
    assert "GACC" not in caution, "GACC met the target in its actual figures: no simulated chance to caution"
    richer = _bns_with_more_years(dataset, (2014, 2015, 2016, 2017, 2019))  # 2014..2024 now consecutive
    enough = risk(richer, build(richer, View()), ModelSettings(paths=1000))
    assert len(enough.changes("BNS")) == 11 and enough.caution_text() is None
    assert enough.basis_text("BNS") == "from 11 yearly changes, 2014–2024"
    six = _bns_with_more_years(dataset, (2019,))  # 2018..2024 consecutive: 6 changes, 2019-2024
    six_risk = risk(six, build(six, View()), ModelSettings(paths=1000))
    assert six_risk.changes("BNS") == tuple(range(2019, 2025)) and six_risk.caution_text() is None
    rows = six.turnover
    five = replace(six, turnover=rows[~((rows["source"] == "BNS") & (rows["period"] == "2018"))])
    five_risk = risk(five, build(five, View()), ModelSettings(paths=1000))
    assert five_risk.caution_text().startswith("Caution: BNS's chances rest on only 5 yearly changes, 2020–2024.")


def test_every_chart_that_shows_a_chance_rounds_it_and_says_what_it_rests_on(dataset):
    view = build(dataset, View(growth_pct=5.0))  # BNS from 2024: a chance well inside 5-95%
    result = risk(dataset, view, ModelSettings())
    raw = result.probability_by("BNS", 2030)
    assert 0.05 < raw < 0.95 and result.chance_text("BNS") == o.chance(raw)
    fan = outlook_charts.chart_fan(dataset, view, result)
    assert f"chance of $40bn by 2030: {o.chance(raw)} (from 4 yearly changes, 2021–2024)" in _texts(fan.figure)
    assert any(line.startswith("Caution: BNS's chances rest on only 4") for line in fan.footer)
    prob = outlook_charts.chart_probability(dataset, view, result)
    assert any(line.startswith("Caution: BNS's chances rest on only 4") for line in prob.footer)
    bns = prob.data[prob.data["source"] == "BNS"].set_index("year")
    assert bns.loc[2030, "chance_shown"] == o.chance(raw) and bns.loc[2030, "probability"] == pytest.approx(raw)
    assert bns.loc[2024, "chance_shown"] == "not reached by the end of 2024 (actual figures)"
    assert (bns["yearly_changes"] == 4).all() and set(bns["changes_years"]) == {"2021–2024"}
    gacc = prob.data[prob.data["source"] == "GACC"].set_index("year")
    assert gacc.loc[2025, "chance_shown"] == "reached in 2023 (actual figures)"
    [trace] = [tr for tr in prob.figure.data if tr.name == model.SOURCE_NAMES["BNS"]]
    hover = dict(zip(trace.x, trace.customdata, strict=True))
    assert hover[2030] == f"BNS: {o.chance(raw)} by the end of 2030 (from 4 yearly changes, 2021–2024)"
    shown = [h.split(": ", 1)[1].split(" by")[0] for y, h in hover.items() if y > 2024]
    assert all(s in ("<5%", ">95%") or int(s[:-1]) % 5 == 0 for s in shown), shown
    label = " ".join(a.text for a in prob.figure.layout.annotations if "2030" in (a.text or ""))
    assert o.chance(raw) in label and "yearly" in label.replace("<br>", " ")


def test_the_chances_do_not_depend_on_the_growth_model(dataset):
    """The growth model acts on its own chart and the scenarios' "Yours" line; the fan and the chances always
    spread around constant growth at the slider rate, and say so."""
    view = build(dataset, View(growth_pct=5.0))
    base = risk(dataset, view, ModelSettings())
    for name in o.MODEL_NAMES:
        other = risk(dataset, view, ModelSettings(growth_model=name))
        pd.testing.assert_frame_equal(other.by_source["BNS"].fan, base.by_source["BNS"].fan)
        pd.testing.assert_frame_equal(other.by_source["BNS"].probability, base.by_source["BNS"].probability)
    normal = risk(dataset, view, ModelSettings(method="normal"))
    assert not normal.by_source["BNS"].fan.equals(base.by_source["BNS"].fan), "the spread method does act on them"
    assert "constant growth at the slider rate (+5% a year)" in o.constant_note(5.0)
    assert "“Growth model”" in o.constant_note(5.0) and "“Yours”" in o.constant_note(5.0)


def test_the_growth_model_control_sits_in_the_tabs_it_acts_on():
    """AppTest: the spread control above the chances acts on them and the fan; the growth model's control is in its
    own tab (and Scenarios), changes that tab's chart and leaves the chances and the fan as they were."""
    from tests.test_app import RISK_PAGE, open_page, risk_metrics

    at = open_page(RISK_PAGE, growth="5")  # the Fan tab
    assert "model" not in [r.key for r in at.radio] and at.radio(key="spread").value == "bootstrap"
    chances = risk_metrics(at)
    shown = chances["BNS: chance of $40bn by 2030"]
    assert shown in ("<5%", ">95%") or int(shown.rstrip("%")) % 5 == 0, shown
    captions = " ".join(c.value for c in at.caption)
    assert "assume constant growth at the slider rate (+5% a year)" in captions
    assert "from 4 yearly changes, 2021–2024" in captions
    assert any(w.body.startswith("Caution: BNS's chances rest on only 4 yearly changes") for w in at.warning)
    fan_specs = [c.proto.spec for c in at.get("plotly_chart")]

    at.session_state["chart"] = "Growth model"
    at.run()
    assert at.radio(key="model").value == "constant"
    [before] = [c.proto.spec for c in at.get("plotly_chart")]
    at.radio(key="model").set_value("decay").run()
    assert not at.exception
    [after] = [c.proto.spec for c in at.get("plotly_chart")]
    assert before != after and "Growth model: growth decaying" in after
    assert risk_metrics(at) == chances, "the growth model does not move the chances"

    decay = open_page(RISK_PAGE, growth="5", model="decay", longrun="2")  # the Fan tab, another growth model
    assert [c.proto.spec for c in decay.get("plotly_chart")] == fan_specs, "nor the fan and the chance chart"
    assert risk_metrics(decay) == chances
    decay.radio(key="spread").set_value("normal").run()
    assert [c.proto.spec for c in decay.get("plotly_chart")] != fan_specs, "the spread method does move them"


@pytest.mark.parametrize("kwargs", [{}, {"growth_pct": 8.0, "deadline": 2033}, {"growth_pct": 2.0, "deadline": 2026},
                                    {"growth_pct": 3.0, "deadline": 2045}, {"target_id": "100", "sources": ("BNS",)},
                                    {"growth_pct": -3.0}])
def test_chance_labels_stand_clear_of_every_curve(dataset, kwargs):
    """A chance curve never falls, so a label hung below every marked chance and reading rightwards (or standing
    above them and reading leftwards) meets no source's line; the axis keeps room for it on that side."""
    view = build(dataset, View(**kwargs))
    chart = outlook_charts.chart_probability(dataset, view, risk(dataset, view, ModelSettings(paths=2000)))
    labels = [a for a in chart.figure.layout.annotations if a.showarrow]
    assert labels, "each source's chance at its marked year is labelled"
    lo, hi = chart.figure.layout.xaxis.range
    points = [(x, y) for tr in chart.figure.data for x, y in zip(tr.x, tr.y, strict=True)]
    band = outlook_charts.LABEL_STEP_PCT  # a two-line label's height in the axis's points
    for a in labels:
        assert a.ayref == "y" and a.name.startswith("compact:")
        if a.yanchor == "top":  # hangs below a.ay, right of its year: no line runs through it
            assert a.xanchor == "left" and not [y for x, y in points if x >= a.x and a.ay - band < y < a.ay], a.text
            assert hi - a.x >= outlook_charts.LABEL_ROOM_SHARE * (hi - lo) - 1e-9
        else:  # stands above a.ay, left of its year
            assert a.xanchor == "right" and not [y for x, y in points if x <= a.x and a.ay < y < a.ay + band], a.text
            assert a.x - lo >= outlook_charts.LABEL_ROOM_SHARE * (hi - lo) - 1e-9


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_a_growth_model_named_in_english_opens_without_a_note_in_another_language(lang):
    from tests.test_app import RISK_PAGE, open_page

    at = open_page(RISK_PAGE, lang=lang, chart="Growth model", model="two-flow", spread="normal")
    assert at.radio(key="model").value == "two-flow" and at.radio(key="spread").value == "normal"
    notes = [w.body for w in at.warning if "two-flow" in w.body or "normal" in w.body]
    assert not notes, notes
