"""Model cases checked by hand, plus hypothesis properties."""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tradetarget import model
from tradetarget.model import Scenario


def scen(**kw) -> Scenario:
    base = {"source": "GACC", "base_year": 2022, "base_value": 31.2, "growth_pct": 24.0, "target_usd_bn": 40.0}
    return Scenario(**(base | kw))


# --- hand-computed cases -------------------------------------------------------------------------
def test_value_in_by_hand():
    # 31.2 * 1.24 = 38.688; * 1.24 = 47.97312
    assert model.value_in(scen(), 2023) == pytest.approx(38.688)
    assert model.value_in(scen(), 2024) == pytest.approx(47.97312)


def test_seed_scenario_years_reached_by_hand():
    # GACC: 2023 38.69 < 40, 2024 47.97 >= 40.  BNS: 24.1 -> 29.88 -> 37.06 -> 45.95 (2025).
    assert model.year_reached(scen()) == model.Reached("reached", 2024)
    assert model.year_reached(scen(source="BNS", base_value=24.1)) == model.Reached("reached", 2025)


def test_required_growth_by_hand():
    # (40 / 31.2) ** (1/8) - 1 = 3.1545%; (40 / 24.1) ** (1/8) - 1 = 6.5382%
    assert model.required_growth_pct(scen()) == pytest.approx(3.1545, abs=1e-4)
    assert model.required_growth_pct(scen(source="BNS", base_value=24.1)) == pytest.approx(6.5382, abs=1e-4)
    assert model.required_growth_pct(scen(deadline=None)) is None


def test_already_met_and_never():
    assert model.year_reached(scen(base_year=2023, base_value=41.02)) == model.Reached("already_met", 2023)
    assert model.year_reached(scen(growth_pct=0)).status == "never"
    assert model.year_reached(scen(growth_pct=-5)).year is None


def test_exact_hit_counts_as_reached():
    # 10 * 2 ** 2 = 40 exactly in the second year
    assert model.year_reached(scen(base_value=10, growth_pct=100)).year == 2024


def test_full_year_estimates_by_hand():
    assert model.full_year_simple(24.1, 24) == pytest.approx(29.884)
    share = model.ytd_share(19.7, 24.1)
    assert share == pytest.approx(0.81743, abs=1e-5)
    assert model.full_year_seasonal(24.3, share) == pytest.approx(29.7274, abs=1e-3)
    with pytest.raises(ValueError):
        model.ytd_share(30, 20)
    with pytest.raises(ValueError):
        model.full_year_seasonal(10, 0)


def test_seed_ytd_estimates_from_shipped_data(dataset):
    est = model.ytd_estimates(dataset)
    bns = est[(est["source"] == "BNS") & (est["period"] == "Jan–Oct 2023")]
    # computed growth 24.3/19.7 - 1 = 23.35%; 24.1 * 24.3 / 19.7 = 29.7274 vs actual 31.4
    assert list(bns["estimate_usd_bn"].round(2)) == [29.73]
    assert bns["error_usd_bn"].iloc[0] == pytest.approx(29.7274 - 31.4, abs=1e-3)
    gacc = est[(est["source"] == "GACC") & (est["period"] == "Jan–Oct 2023")].set_index("method")
    # stated +28.5% on GACC 2022 = 31.2 * 1.285 = 40.092
    assert gacc.filter(like="simple", axis=0)["estimate_usd_bn"].iloc[0] == pytest.approx(40.092)


def test_historical_growth_skips_gaps(dataset):
    hist = model.historical_growth(dataset, "GACC")
    assert list(hist["year"]) == [2022, 2023, 2024, 2025]  # 2013 and 2018 have no preceding year
    assert hist.set_index("year").loc[2022, "growth_pct"] == pytest.approx((31.2 / 25.25 - 1) * 100)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"growth_pct": -100}, "above -100%"),
        ({"growth_pct": -150}, "above -100%"),
        ({"target_usd_bn": 0}, "target must be positive"),
        ({"target_usd_bn": -40}, "target must be positive"),
        ({"deadline": 2022}, "must come after the base year"),
        ({"deadline": 2010}, "must come after the base year"),
        ({"source": "WTO"}, "unknown source"),
        ({"source": "gacc"}, "unknown source"),
        ({"base_value": 0}, "base value must be positive"),
        ({"growth_pct": math.nan}, "finite number"),
        ({"target_usd_bn": math.inf}, "finite number"),
    ],
)
def test_scenario_rejects_impossible_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        scen(**kwargs)


def test_scenario_for_names_the_gap(dataset):
    with pytest.raises(ValueError, match="BNS has no annual figure for 2025"):
        model.scenario_for(dataset, "BNS", base_year=2025)
    assert model.scenario_for(dataset, "BNS").base_value == 24.1
    assert model.scenario_for(dataset, "GACC", base_year=2025, base_value=50).base_value == 50


def test_project_is_long_form():
    frame = model.project(scen(horizon=2030))
    assert list(frame.columns) == ["source", "year", "value_usd_bn", "target_usd_bn", "gap_usd_bn"]
    assert list(frame["year"]) == list(range(2022, 2031))
    assert set(frame["source"]) == {"GACC"}


# --- properties ----------------------------------------------------------------------------------
growth = st.integers(-9900, 20000).map(lambda hundredths: hundredths / 100)  # % a year, 0.01 steps
value = st.floats(min_value=0.1, max_value=500, allow_nan=False)


@given(v0=value, target=value, g=growth)
def test_year_reached_is_the_first_year_at_or_above_target(v0, target, g):
    s = scen(base_value=v0, target_usd_bn=target, growth_pct=g, deadline=None)
    r = model.year_reached(s)
    if r.status == "already_met":
        assert v0 >= target
    elif r.status == "never":
        assert g <= 0 and v0 < target
    elif r.status == "beyond":
        assert model.value_in(s, 2022 + model.MAX_YEARS) < target
    else:
        assert model.value_in(s, r.year) >= target * (1 - 1e-9)
        assert model.value_in(s, r.year - 1) < target


@given(v0=value, target=value, years=st.integers(1, 40))
def test_required_growth_hits_target_at_deadline(v0, target, years):
    s = scen(base_value=v0, target_usd_bn=target, deadline=2022 + years)
    req = model.required_growth_pct(s)
    assume(req > -99.99)
    hit = scen(base_value=v0, target_usd_bn=target, growth_pct=req, deadline=2022 + years)
    assert model.value_in(hit, 2022 + years) == pytest.approx(target, rel=1e-9)


@given(v0=value, target=value, g1=growth, g2=growth)
def test_faster_growth_never_reaches_later(v0, target, g1, g2):
    lo, hi = sorted((g1, g2))
    r_lo = model.year_reached(scen(base_value=v0, target_usd_bn=target, growth_pct=lo))
    r_hi = model.year_reached(scen(base_value=v0, target_usd_bn=target, growth_pct=hi))
    if r_lo.year is not None:
        assert r_hi.year is not None and r_hi.year <= r_lo.year


@given(v0=value, g=growth)
def test_projection_is_monotone_in_growth_sign(v0, g):
    frame = model.project(scen(base_value=v0, growth_pct=g, horizon=2032))
    diffs = frame["value_usd_bn"].diff().dropna()
    if g > 0:
        assert (diffs > 0).all()
    elif g < 0:
        assert (diffs < 0).all()
