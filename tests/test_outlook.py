"""The uncertainty page's core: settings, growth models, named scenarios, sensitivity, fan and its charts."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradetarget import model, outlook_charts
from tradetarget.outlook import ModelSettings, risk, sensitivity
from tradetarget.scenario import View, build


@pytest.fixture(scope="module")
def default(dataset):
    view = build(dataset, View())
    return view, risk(dataset, view, ModelSettings())


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"growth_model": "magic"}, "unknown growth model 'magic'"),
        ({"method": "guess"}, "unknown spread method"),
        ({"long_run_pct": 99.0}, "long_run_pct must be between"),
        ({"half_life_years": 0.0}, "half_life_years must be between"),
        ({"export_growth_pct": math.nan}, "export_growth_pct must be a finite number"),
        ({"trend_window": (2022, 2013)}, "must span at least two years"),
        ({"paths": 10}, "paths must be a whole number of at least 100"),
    ],
)
def test_settings_reject_impossible_values(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        ModelSettings(**kwargs)


def test_required_pace_scenario_hits_the_target_exactly_at_the_deadline(default):
    _, result = default
    for source, sr in result.by_source.items():
        required = sr.scenarios[sr.scenarios["scenario"] == "Required pace"].set_index("year")["value_usd_bn"]
        assert required.loc[2030] == pytest.approx(40.0), source
        assert required.loc[2029] < 40.0


def test_named_scenarios_by_hand(default):
    _, result = default
    bns = result.by_source["BNS"].scenarios.set_index(["scenario", "year"])["value_usd_bn"]
    assert bns.loc[("As reported, Nov 2023", 2024)] == pytest.approx(24.1 * 1.24**2)
    # BNS year-on-year: 2021/2020, 2022/2021, 2023/2022, 2024/2023 -> mean
    rates = [18.0 / 15.0 - 1, 24.1 / 18.0 - 1, 31.4 / 24.1 - 1, 30.1 / 31.4 - 1]
    mean = sum(rates) / 4
    assert bns.loc[("Historical average", 2023)] == pytest.approx(24.1 * (1 + mean), rel=1e-3)
    assert set(result.by_source["BNS"].scenarios["scenario"]) == {
        "As reported, Nov 2023", "Required pace", "Historical average", "Pre-pledge trend", "Slowdown", "Yours"}
    slowdown = bns.loc["Slowdown"]
    assert slowdown.loc[2023] == pytest.approx(24.1 * 1.24)  # the first year at the slider rate
    assert slowdown.loc[2035] / slowdown.loc[2034] - 1 < 0.05  # close to the 3% long-run rate by then


def test_years_to_target_counts_from_the_latest_figure(default):
    _, result = default
    assert result.by_source["GACC"].years_to_target == 0  # 2025: $48.7bn, already over $40bn
    # BNS 2024 $30.1bn at 24%: 37.3 in 2025, 46.3 in 2026
    assert result.by_source["BNS"].years_to_target == 2 and result.by_source["BNS"].latest_year == 2024


def test_sensitivity_moves_the_right_way(dataset, default):
    view, _ = default
    sens = sensitivity(dataset, view.scenarios["BNS"], view).set_index(["factor", "case"])
    assert sens.loc[("growth", "low"), "year_reached"] > sens.loc[("growth", "high"), "year_reached"]
    assert sens.loc[("growth", "low"), "value_shift_usd_bn"] < 0 < sens.loc[("growth", "high"), "value_shift_usd_bn"]
    assert sens.loc[("target", "high"), "year_reached"] == 2029  # 24.1 * 1.24^7 = 107.3 >= 100
    assert sens.loc[("deadline", "low"), "year_shift"] == 0  # the deadline does not move the year reached
    assert sens.loc[("deadline", "high"), "value_at_deadline_usd_bn"] == pytest.approx(24.1 * 1.24**11)
    assert sens.loc[("source", "other"), "setting"].startswith("GACC's 2022 figure")
    assert sens.loc[("base year", "low"), "setting"] == "base 2021 ($18.0bn)"


def test_two_flow_sums_to_turnover_and_starts_from_the_latest_split(dataset):
    view = build(dataset, View(growth_pct=10.0))
    result = risk(dataset, view, ModelSettings(growth_model="two-flow", export_growth_pct=5, import_growth_pct=15))
    gacc = result.by_source["GACC"].path
    bns = result.by_source["BNS"].path
    assert gacc["year"].iloc[0] == 2025 and bns["year"].iloc[0] == 2022
    assert np.allclose(gacc["exports_usd_bn"] + gacc["imports_usd_bn"], gacc["value_usd_bn"])
    assert np.allclose(gacc["exports_usd_bn"] - gacc["imports_usd_bn"], gacc["balance_usd_bn"])
    row = gacc.set_index("year").loc[2027]
    start = dataset.annual("GACC").set_index("year").loc[2025]
    assert row["exports_usd_bn"] == pytest.approx(start["exports_kz_to_cn_usd_bn"] * 1.05**2)
    assert row["imports_usd_bn"] == pytest.approx(start["imports_kz_from_cn_usd_bn"] * 1.15**2)


def test_decay_and_trend_paths(dataset):
    view = build(dataset, View(sources=("GACC",)))
    decay = risk(dataset, view, ModelSettings(growth_model="decay", long_run_pct=4, half_life_years=1)).by_source
    growth = decay["GACC"].path.set_index("year")["growth_pct"]
    assert growth.loc[2023] == pytest.approx(24) and growth.loc[2024] == pytest.approx(14)  # 4 + 20 * 0.5
    trend = risk(dataset, view, ModelSettings(growth_model="trend", trend_window=(2021, 2023))).by_source["GACC"]
    fitted = trend.path["growth_pct"].iloc[0]
    # ln-linear fit through 25.2, 31.2, 41.0 (2021-2023): slope = (ln 41.0 - ln 25.2) / 2
    assert fitted == pytest.approx((math.exp((math.log(41.02) - math.log(25.2)) / 2) - 1) * 100, rel=1e-2)
    assert "2021–2023" in trend.path_note


def test_a_source_without_a_split_explains_itself(dataset):
    from dataclasses import replace

    stripped = replace(dataset, turnover=dataset.turnover.assign(exports_kz_to_cn_usd_bn=np.nan))
    view = build(stripped, View())
    result = risk(stripped, view, ModelSettings(growth_model="two-flow"))
    assert result.by_source["BNS"].path is None
    assert "no year with both exports and imports" in result.by_source["BNS"].path_note
    chart = outlook_charts.chart_models(stripped, view, result)
    assert "no year with both exports and imports" in " ".join(a.text for a in chart.figure.layout.annotations)


def test_fan_is_ordered_and_probability_grows_with_the_horizon(default):
    _, result = default
    for sr in result.by_source.values():
        fan = sr.fan
        assert (fan["p10"] <= fan["p25"]).all() and (fan["p25"] <= fan["p50"]).all()
        assert (fan["p50"] <= fan["p75"]).all() and (fan["p75"] <= fan["p90"]).all()
        assert np.all(np.diff(sr.probability["probability"]) >= 0)


@settings(max_examples=15, deadline=None)
@given(low=st.floats(-10, 30), extra=st.floats(0.5, 25))
def test_probability_grows_with_the_growth_rate(dataset, low, extra):
    probs = []
    for growth in (low, low + extra):
        view = build(dataset, View(sources=("BNS",), growth_pct=round(growth, 1)))
        probs.append(risk(dataset, view, ModelSettings(paths=2000)).probability_by_deadline("BNS", 2030))
    assert probs[0] <= probs[1]


def test_a_fixed_seed_reproduces_the_fan(dataset, default):
    view, result = default
    again = risk(dataset, view, ModelSettings())
    assert again.by_source["BNS"].fan.equals(result.by_source["BNS"].fan)
    other = risk(dataset, view, ModelSettings(seed=1))
    assert not other.by_source["BNS"].fan.equals(result.by_source["BNS"].fan)


def test_a_missing_base_year_is_a_problem_not_a_crash(dataset):
    view = build(dataset, View(base_year=2025))
    result = risk(dataset, view, ModelSettings())
    assert list(result.by_source) == ["GACC"] and "BNS has no annual figure for 2025" in result.problems["BNS"]
    for chart in outlook_charts.outlook_charts(dataset, view, result):
        assert set(chart.data["source"]) == {"GACC"}


@pytest.mark.parametrize("growth_model", ["constant", "decay", "trend", "two-flow"])
def test_every_chart_has_data_footer_and_traces(dataset, growth_model):
    view = build(dataset, View(growth_pct=12.5, deadline=2032))
    result = risk(dataset, view, ModelSettings(growth_model=growth_model))
    charts = outlook_charts.outlook_charts(dataset, view, result)
    assert [c.key for c in charts] == ["fan", "probability", "scenarios", "model", "sensitivity"]
    for chart in charts:
        assert not chart.data.empty and set(chart.data["source"]) == {"GACC", "BNS"}
        assert chart.figure.data, chart.key
        text = " ".join(a.text or "" for a in chart.figure.layout.annotations)
        assert "Scenario: +12.5% a year from 2022, target $40bn, deadline 2032" in text, chart.key
        assert chart.export_height >= 675
    fan = charts[0]
    assert "chance of $40bn by 2032" in " ".join(a.text or "" for a in fan.figure.layout.annotations)
    assert "Bootstrap" in " ".join(a.text or "" for a in fan.figure.layout.annotations)


def test_probability_curve_reads_the_deadline(default, dataset):
    view, result = default
    chart = outlook_charts.chart_probability(dataset, view, result)
    at_deadline = chart.data[chart.data["year"] == 2030].set_index("source")["probability"]
    assert at_deadline.loc["BNS"] == pytest.approx(result.probability_by_deadline("BNS", 2030))
    assert model.SOURCE_NAMES["BNS"] in [t.name for t in chart.figure.data]


def test_a_target_already_met_on_actual_figures_is_said_so(default):
    _, result = default
    assert result.by_source["GACC"].met_year == 2023
    assert result.chance_text("GACC", 2030) == "met in 2023 (actual)"
    assert result.chance_text("GACC", 2022) != "met in 2023 (actual)", "not before the year it happened"
    assert result.by_source["BNS"].met_year is None
    assert result.chance_text("BNS", 2030).endswith("%")
