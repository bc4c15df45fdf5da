"""Monte Carlo fan, target probabilities and growth-path models: hand-checked cases and properties."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradetarget import model
from tradetarget import uncertainty as u
from tradetarget.uncertainty import FanSpec

HIST = np.array([23.6, 31.5, 6.8, 11.1])  # roughly GACC 2022–2025
QUANTS = ["p10", "p25", "p50", "p75", "p90"]


def spec(**kw) -> FanSpec:
    base = {"source": "GACC", "base_year": 2022, "base_value": 31.2, "central_growth_pct": 5.0,
            "target_usd_bn": 40.0, "horizon": 2035, "paths": 2000}
    return FanSpec(**(base | kw))


# --- fan and probabilities -----------------------------------------------------------------------
def test_fan_shape_and_base_year():
    f = u.fan(spec(), HIST)
    assert list(f.columns) == ["source", "year", *QUANTS]
    assert list(f["year"]) == list(range(2022, 2036))
    assert (f.loc[0, QUANTS] == 31.2).all()
    np.testing.assert_allclose(f["p50"], u.central_path(spec()), rtol=1e-12)
    assert set(f["source"]) == {"GACC"}


@pytest.mark.parametrize("method", u.METHODS)
def test_percentiles_are_ordered(method):
    f = u.fan(spec(method=method, spread_scale=2), HIST)
    q = f[QUANTS].to_numpy()
    assert (np.diff(q, axis=1) >= 0).all()


@pytest.mark.parametrize("method", u.METHODS)
def test_probability_grows_with_growth_and_year(method):
    probs = [u.probability_by(spec(method=method, central_growth_pct=g), HIST, 2030) for g in (-10, 0, 3, 6, 12, 24)]
    assert probs == sorted(probs)
    assert probs[0] < probs[-1]
    by_year = u.probability_by_year(spec(method=method), HIST)
    assert list(by_year.columns) == ["source", "year", "probability"]
    assert (by_year["probability"].diff().dropna() >= 0).all()
    assert by_year["probability"].iloc[0] == 0  # 31.2 < 40 in the base year


@pytest.mark.parametrize("method", u.METHODS)
@pytest.mark.parametrize(("scale", "hist"), [(0.0, HIST), (1.0, np.array([5.1, 5.1, 5.1]))])
def test_zero_spread_collapses_onto_constant_growth(method, scale, hist):
    s = spec(method=method, spread_scale=scale, central_growth_pct=3.0)
    f = u.fan(s, hist)
    line = model.project(model.Scenario("GACC", 2022, 31.2, 3.0, 40.0, deadline=None, horizon=2035))
    for q in QUANTS:
        np.testing.assert_allclose(f[q], line["value_usd_bn"], rtol=1e-9, atol=0)
    probs = u.probability_by_year(s, hist)["probability"]
    assert set(probs) <= {0.0, 1.0}
    reached = model.year_reached(model.Scenario("GACC", 2022, 31.2, 3.0, 40.0))
    assert list(probs) == [float(y >= reached.year) for y in range(2022, 2036)]


def test_seed_reproduces_and_differs():
    a, b = u.simulate(spec(), HIST), u.simulate(spec(), HIST)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, u.simulate(spec(seed=1), HIST))
    assert np.array_equal(u.simulate(spec(method="normal"), HIST), u.simulate(spec(method="normal"), HIST))


def test_growth_shocks_are_de_meaned_log_rates():
    shocks = u.growth_shocks(HIST)
    logs = np.log1p(HIST / 100)
    assert shocks.mean() == pytest.approx(0, abs=1e-12)
    np.testing.assert_allclose(shocks, logs - logs.mean())
    # by hand: ln 1.236 = 0.21188, ln 1.315 = 0.27383, ln 1.068 = 0.06579, ln 1.111 = 0.10526; mean 0.16419
    np.testing.assert_allclose(shocks, [0.04769, 0.10964, -0.09840, -0.05893], atol=5e-5)
    with pytest.raises(ValueError, match="at least 2"):
        u.growth_shocks(np.array([5.0]))
    with pytest.raises(ValueError, match="finite"):
        u.growth_shocks(np.array([5.0, np.nan]))


def test_bootstrap_draws_only_the_mirrored_de_meaned_history():
    s = spec(central_growth_pct=10.0, base_value=1.0)
    values = u.simulate(s, HIST)
    implied = np.log(values[:, 1:] / values[:, :-1]) - math.log(1.1)
    allowed = np.concatenate([u.growth_shocks(HIST), -u.growth_shocks(HIST)])
    nearest = np.abs(implied[..., None] - allowed).min(axis=-1)
    assert nearest.max() < 1e-9
    used = {int(np.argmin(np.abs(allowed - x))) for x in implied.ravel()}
    assert used == set(range(allowed.size))  # every history value, and its mirror, is drawn at some point
    half = s.paths // 2  # path i + half is path i's mirror image
    np.testing.assert_allclose(implied[half:], -implied[:half], atol=1e-12)


def test_normal_draws_use_the_sample_std_of_log_rates():
    values = u.simulate(spec(method="normal", paths=20_000, base_value=1.0, central_growth_pct=10.0), HIST)
    implied = np.log(values[:, 1:] / values[:, :-1])
    assert implied.mean() == pytest.approx(math.log(1.1), abs=1e-12)  # mirrored: the draws cancel exactly
    assert implied.std() == pytest.approx(np.std(u.growth_shocks(HIST), ddof=1), rel=0.02)


def test_growth_never_reaches_minus_100():
    values = u.simulate(spec(central_growth_pct=-60, spread_scale=10), HIST)
    assert (values > 0).all()
    growth = (values[:, 1:] / values[:, :-1] - 1) * 100
    assert growth.min() > -100


BNS_2021_2024 = np.array([20.0, 33.888889, 30.290456, -4.140127])
"""BNS's four yearly changes (2021-2024): three rises and one fall."""


@pytest.mark.parametrize("method", u.METHODS)
@pytest.mark.parametrize("paths", [10_000, 2001])
def test_median_path_is_the_central_path(method, paths):
    """Issue 20: at a +10% centre from BNS's $30.1bn (2024), the median path rose to $39.8bn in 2026 and fell to
    $38.5bn in 2027. Mirrored log shocks make each year's sample symmetric about the centre, so its median is
    base * 1.1 ** t; the only error left is floating-point rounding (about 1e-15 a step), so 1e-9 is ample."""
    s = FanSpec("BNS", 2024, 30.1, 10.0, 40.0, 2035, paths=paths, method=method)
    f = u.fan(s, BNS_2021_2024).set_index("year")
    central = 30.1 * 1.1 ** (f.index - 2024)
    np.testing.assert_allclose(f["p50"], central, rtol=1e-9)
    assert f.loc[2026, "p50"] == pytest.approx(36.421) and f.loc[2027, "p50"] == pytest.approx(40.0631)
    assert (np.diff(f["p50"]) > 0).all(), "a positive centre: the median rises every year"


def test_every_year_of_the_sample_is_symmetric_about_the_centre():
    s = spec(central_growth_pct=10.0, paths=1001)
    deviations = u.log_deviations(s, BNS_2021_2024)
    ordered = np.sort(deviations, axis=0)
    np.testing.assert_allclose(ordered, -ordered[::-1], atol=1e-12)
    assert (deviations[-1] == 0).all(), "an odd count adds the central path itself"


def test_probability_by_checks_the_year():
    with pytest.raises(ValueError, match="outside the simulated years"):
        u.probability_by(spec(), HIST, 2040)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"paths": 99}, "at least 100"),
        ({"paths": 1000.0}, "whole number"),
        ({"horizon": 2022}, "must be after the base year"),
        ({"horizon": 2200}, "within 100 years"),
        ({"spread_scale": -0.1}, "spread scale must be zero or more"),
        ({"method": "garch"}, "unknown method"),
        ({"central_growth_pct": -100}, "above -100%"),
        ({"central_growth_pct": math.nan}, "finite number"),
        ({"base_value": 0}, "base value must be positive"),
        ({"target_usd_bn": -40}, "target must be positive"),
        ({"source": "WTO"}, "unknown source"),
    ],
)
def test_fan_spec_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        spec(**kwargs)


# --- shipped data --------------------------------------------------------------------------------
def test_history_for_shipped_sources(dataset):
    gacc = u.history_for(dataset, "GACC")
    np.testing.assert_allclose(gacc, model.historical_growth(dataset, "GACC")["growth_pct"])
    assert u.history_for(dataset, "BNS").size == 4  # provisional/uncertain years included
    with pytest.raises(ValueError, match="GACC has too little history"):
        u.history_for(dataset, "GACC", up_to=2022)


@pytest.mark.parametrize("source", ["GACC", "BNS"])
def test_realistic_probabilities_on_shipped_data(dataset, source):
    hist = u.history_for(dataset, source)
    base = dataset.annual_value(source, 2022)
    high = FanSpec(source, 2022, base, 24.0, 40.0, 2035)
    low = FanSpec(source, 2022, base, -10.0, 40.0, 2035)
    assert u.probability_by(high, hist, 2030) > 0.95
    assert u.probability_by(low, hist, 2030) < 0.2


# --- growth-path models --------------------------------------------------------------------------
def test_decaying_path_by_hand():
    p = u.decaying_path(100.0, 2022, 24.0, 4.0, 2.0, 2027, source="GACC")
    assert list(p.columns) == ["source", "year", "value_usd_bn", "growth_pct", "model"]
    # g(1) = 24; g(2) = 4 + 20 * 0.5 ** 0.5 = 18.1421; g(3) = 4 + 20 * 0.5 = 14; g(5) = 4 + 20 * 0.25 = 9
    assert p["growth_pct"].iloc[1] == pytest.approx(24.0)
    assert p["growth_pct"].iloc[2] == pytest.approx(18.14214, abs=1e-5)
    assert p["growth_pct"].iloc[3] == pytest.approx(14.0)
    assert p["growth_pct"].iloc[5] == pytest.approx(9.0)
    assert p["value_usd_bn"].iloc[1] == pytest.approx(124.0)
    assert p["value_usd_bn"].iloc[3] == pytest.approx(124.0 * 1.1814214 * 1.14, rel=1e-7)
    flat = u.decaying_path(100.0, 2022, 5.0, 5.0, 3.0, 2030)
    np.testing.assert_allclose(flat["value_usd_bn"], u.constant_path(100.0, 2022, 5.0, 2030)["value_usd_bn"])


def test_constant_path_matches_model_project():
    p = u.constant_path(31.2, 2022, 24.0, 2030, source="GACC")
    line = model.project(model.Scenario("GACC", 2022, 31.2, 24.0, 40.0, deadline=None, horizon=2030))
    np.testing.assert_allclose(p["value_usd_bn"], line["value_usd_bn"], rtol=1e-12)
    assert set(p["model"]) == {"constant"} and math.isnan(p["growth_pct"].iloc[0])


def test_loglinear_trend_recovers_exact_growth_with_gaps():
    years = [2013, 2015, 2018, 2021, 2022]  # gaps are simply absent
    annual = pd.DataFrame({"year": years, "value": [20 * 1.07 ** (y - 2013) for y in years]})
    p = u.loglinear_trend(annual, (2013, 2022), 2030)
    assert p["growth_pct"].iloc[0] == pytest.approx(7.0, abs=1e-9)
    assert list(p["year"]) == list(range(2013, 2031))
    assert p.set_index("year").loc[2030, "value_usd_bn"] == pytest.approx(20 * 1.07**17, rel=1e-9)


def test_loglinear_trend_uses_only_the_window(dataset):
    annual = dataset.annual("GACC")
    p = u.loglinear_trend(annual, (2021, 2025), 2030, source="GACC")
    sub = annual[annual["year"] >= 2021]
    slope = np.polyfit(sub["year"], np.log(sub["turnover_usd_bn"]), 1)[0]
    assert p["growth_pct"].iloc[0] == pytest.approx(math.expm1(slope) * 100)
    with pytest.raises(ValueError, match="at least 2 annual figures"):
        u.loglinear_trend(annual, (2014, 2020), 2030)  # only 2018 inside
    with pytest.raises(ValueError, match="one source at a time"):
        u.loglinear_trend(dataset.annual(), (2013, 2025), 2030)


def test_two_flow_path_sums_and_balance():
    p = u.two_flow_path(13.2, 11.0, 2022, 10.0, 20.0, 2024, source="BNS")
    assert p["exports_usd_bn"].tolist() == pytest.approx([13.2, 14.52, 15.972])
    assert p["imports_usd_bn"].tolist() == pytest.approx([11.0, 13.2, 15.84])
    assert p["turnover_usd_bn"].tolist() == pytest.approx([24.2, 27.72, 31.812])
    assert p["balance_usd_bn"].tolist() == pytest.approx([2.2, 1.32, 0.132])
    assert (p["value_usd_bn"] == p["turnover_usd_bn"]).all()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: u.decaying_path(10, 2022, 24, 4, 0, 2030), "half-life must be positive"),
        (lambda: u.decaying_path(10, 2022, -100, 4, 2, 2030), "above -100%"),
        (lambda: u.constant_path(0, 2022, 5, 2030), "base value must be positive"),
        (lambda: u.constant_path(10, 2022, 5, 2030, source="gacc"), "unknown source"),
        (lambda: u.two_flow_path(10, 5, 2022, 5, 5, 2020), "must be after the base year"),
        (lambda: u.loglinear_trend(pd.DataFrame({"year": [1], "value": [1.0]}), (2, 1), 5), "backwards"),
    ],
)
def test_path_models_reject_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- properties ----------------------------------------------------------------------------------
growth = st.integers(-5000, 5000).map(lambda tenths: tenths / 100)
history = st.lists(st.floats(-50, 80, allow_nan=False), min_size=2, max_size=8).map(np.array)
small = settings(max_examples=40, deadline=None)


@small
@given(hist=history, g=growth, scale=st.floats(0, 3), method=st.sampled_from(u.METHODS), seed=st.integers(0, 2**32))
def test_fan_properties(hist, g, scale, method, seed):
    s = spec(central_growth_pct=g, spread_scale=scale, method=method, seed=seed, paths=200, horizon=2040)
    values = u.simulate(s, hist)
    assert values.shape == (200, 19) and (values > 0).all()
    q = u.percentiles(s, values)[QUANTS].to_numpy()
    assert (np.diff(q, axis=1) >= -1e-9 * q[:, 1:]).all()
    p = u.reach_probability(s, values)["probability"].to_numpy()
    assert ((p >= 0) & (p <= 1)).all() and (np.diff(p) >= 0).all()


@small
@given(hist=history, g=st.integers(1, 5000).map(lambda tenths: tenths / 100), scale=st.floats(0, 3),
       method=st.sampled_from(u.METHODS), seed=st.integers(0, 2**32), paths=st.integers(100, 400))
def test_median_follows_a_positive_centre(hist, g, scale, method, seed, paths):
    s = spec(central_growth_pct=g, spread_scale=scale, method=method, seed=seed, paths=paths, horizon=2040)
    p50 = u.fan(s, hist)["p50"].to_numpy()
    np.testing.assert_allclose(p50, u.central_path(s), rtol=1e-9)
    assert (np.diff(p50) > 0).all()


@small
@given(hist=history, g1=growth, g2=growth, seed=st.integers(0, 2**32))
def test_higher_central_growth_never_lowers_the_probability(hist, g1, g2, seed):
    lo, hi = sorted((g1, g2))
    p_lo = u.probability_by_year(spec(central_growth_pct=lo, seed=seed, paths=200), hist)["probability"]
    p_hi = u.probability_by_year(spec(central_growth_pct=hi, seed=seed, paths=200), hist)["probability"]
    assert (p_hi.to_numpy() >= p_lo.to_numpy()).all()


@small
@given(v0=st.floats(0.1, 500), g=growth, years=st.integers(1, 60))
def test_zero_spread_is_the_constant_path(v0, g, years):
    s = spec(base_value=v0, central_growth_pct=g, spread_scale=0, horizon=2022 + years, paths=100)
    f = u.fan(s, HIST)
    line = u.constant_path(v0, 2022, g, 2022 + years)["value_usd_bn"]
    for q in QUANTS:
        np.testing.assert_allclose(f[q], line, rtol=1e-9, atol=0)


@small
@given(v0=st.floats(0.1, 500), start=growth, long_run=growth, half=st.floats(0.25, 20))
def test_decaying_growth_moves_monotonically_to_long_run(v0, start, long_run, half):
    g = u.decaying_path(v0, 2022, start, long_run, half, 2060)["growth_pct"].dropna().to_numpy()
    assert g[0] == pytest.approx(start)
    lo, hi = sorted((start, long_run))
    assert ((g >= lo - 1e-9) & (g <= hi + 1e-9)).all()
    assert (np.diff(g) * np.sign(long_run - start) >= -1e-9).all()
