"""Verdicts, claim checks, the backtest and the briefing on the shipped data, checked by hand."""

import dataclasses
from datetime import date

import pandas as pd
import pytest

from tradetarget import ledger
from tradetarget.scenario import View, build

TODAY = date(2026, 11, 28)


def test_exact_verdicts_for_the_shipped_ledger(dataset):
    table = ledger.verdict_table(dataset, 24.0, TODAY).set_index(["target_id", "source"])
    verdict = table["verdict"].to_dict()
    status = table["status"].to_dict()
    assert status == {
        ("40by2015", "GACC"): "missed", ("40by2015", "BNS"): "missed",
        ("40by2020", "GACC"): "missed", ("40by2020", "BNS"): "missed",
        ("35by2030", "GACC"): "met", ("35by2030", "BNS"): "not yet",
        ("40by2030", "GACC"): "met", ("40by2030", "BNS"): "not yet",
        ("100", "GACC"): "not yet", ("100", "BNS"): "not yet",
        ("double", "GACC"): "not yet", ("double", "BNS"): "not yet",
    }
    assert verdict[("40by2030", "GACC")] == "met in 2023 (actual: $41.0bn, $1.0bn over)"
    assert verdict[("35by2030", "GACC")] == "met in 2023 (actual: $41.0bn, $6.0bn over)"
    assert verdict[("40by2030", "BNS")] == "not yet: 2024 was $30.1bn, provisional, $9.9bn short"
    assert verdict[("100", "GACC")] == "not yet: 2025 was $48.7bn, $51.3bn short"
    assert verdict[("40by2015", "GACC")] == (
        "missed: deadline 2015 passed; best year in the window 2013, $28.5bn ($11.5bn short); no GACC figure for "
        "2011–2012, 2014–2015; reached later, in 2023")
    assert table.loc[("double", "GACC"), "target"] == "Double 2023's $41bn (= $82bn), no deadline"
    # projected at 24% from the latest figure: 30.1 -> 37.3 (2025) -> 46.3 (2026); 48.7*1.24^4 = 115 (2029)
    assert table.loc[("40by2030", "BNS"), "projected_year"] == 2026
    assert table.loc[("100", "GACC"), "projected_year"] == 2029
    assert pd.isna(table.loc[("40by2030", "GACC"), "projected_year"])


def test_deadline_not_yet_passed_is_not_missed(dataset):
    early = ledger.verdict_table(dataset, 24.0, date(2030, 12, 31)).set_index(["target_id", "source"])
    assert early.loc[("40by2030", "BNS"), "status"] == "not yet"
    # on 1 Jan 2031 the deadline year is over, but BNS's 2025-2030 figures are not in: not known yet, not "missed"
    late = ledger.verdict_table(dataset, 24.0, date(2031, 1, 1)).set_index(["target_id", "source"])
    assert late.loc[("40by2030", "BNS"), "status"] == "not yet"
    assert late.loc[("40by2030", "BNS"), "verdict"].startswith(
        "not yet known: deadline 2030 passed, no BNS figure for 2025–2030 yet")


def test_claims_recomputed_by_hand(dataset):
    claims = ledger.check_claims(dataset).set_index(["claim_id", "source"])
    # BNS Jan–Oct 2023 / Jan–Oct 2022 = 24.3 / 19.7 = +23.35% -> matches +24 within 1 point
    assert claims.loc[("seed-24pct", "BNS"), "recomputed"] == "+23.4%"
    assert bool(claims.loc[("seed-24pct", "BNS"), "matches"])
    # GACC has no Jan–Oct 2022 figure: its stated +28.5% for Jan–Oct 2023 is used, and does not match
    assert claims.loc[("seed-24pct", "GACC"), "recomputed"] == "+28.5%"
    assert "as stated" in claims.loc[("seed-24pct", "GACC"), "how"]
    assert not bool(claims.loc[("seed-24pct", "GACC"), "matches"])
    # $41bn (2023): GACC 41.02 matches, BNS 31.4 does not; $44bn (2024): GACC 43.82 is within 1.5%
    assert claims.loc[("41bn-2023", "GACC"), "matches_source"] == "GACC"
    assert claims.loc[("44bn-2024", "GACC"), "recomputed"] == "$43.82bn"
    assert claims.xs("seed-24pct")["matches_source"].iloc[0] == "BNS"


def test_claim_matching_neither_is_flagged(dataset):
    extra = dataset.claims.iloc[[1]].assign(id="made-up", claimed_value_usd_bn=60.0)
    fake = dataclasses.replace(dataset, claims=pd.concat([dataset.claims, extra], ignore_index=True))
    claims = ledger.check_claims(fake)
    assert set(claims.loc[claims["claim_id"] == "made-up", "matches_source"]) == {"neither"}


def test_backtest_by_hand(dataset):
    bt = ledger.backtest(dataset).set_index(["source", "year"])
    assert bt.loc[("GACC", 2023), "projected_usd_bn"] == pytest.approx(38.688)
    assert bt.loc[("GACC", 2023), "error_usd_bn"] == pytest.approx(38.688 - 41.02)
    assert bt.loc[("BNS", 2024), "error_pct"] == pytest.approx((24.1 * 1.24**2 / 30.1 - 1) * 100)
    assert bt.loc[("BNS", 2024), "status"] == "provisional"
    assert bt.loc[("BNS", 2025), "status"] == "missing" and pd.isna(bt.loc[("BNS", 2025), "actual_usd_bn"])


def test_flow_gaps_sit_on_imports(dataset):
    gaps = ledger.flow_gaps(dataset).set_index(["year", "flow"])
    assert gaps.loc[(2013, "Kazakhstan's imports from China"), "gap_usd_bn"] == pytest.approx(12.5 - 8.193)
    assert gaps.loc[(2013, "Kazakhstan's exports to China"), "gap_usd_bn"] == pytest.approx(16.0 - 14.334)
    assert gaps.loc[(2023, "Kazakhstan's exports to China"), "gap_usd_bn"] == pytest.approx(16.3 - 14.7)
    assert (2023, "Kazakhstan's imports from China") not in gaps.index  # BNS 2023 imports are not in the data


def test_milestone_growth_is_before_vs_after(dataset):
    mg = ledger.milestone_growth(dataset)
    visa = mg[(mg["milestone"] == "Visa-free regime in force") & (mg["source"] == "GACC")].iloc[0]
    assert visa["growth_year_before"] == 2022 and visa["growth_before_pct"] == pytest.approx((31.2 / 25.25 - 1) * 100)
    assert visa["growth_year_after"] == 2024 and visa["growth_after_pct"] == pytest.approx((43.82 / 41.02 - 1) * 100)


def test_briefing_sentence(dataset):
    """The briefing is the headline (facts) then the scenario (an assumption, beside the actual pace)."""
    view = build(dataset, View())
    assert view.briefing == f"{view.headline} {view.scenario_text}"
    assert view.scenario_text == (
        "If trade grew +24% a year (the pace the prime minister cited on 27 November 2023), Kazakhstan's statistics "
        "would show $40bn in 2026. "  # 30.1 * 1.24 = 37.3, * 1.24 = 46.3
        "Actual pace over the last three years: GACC +16.0% a year (2022–2025), BNS +18.7% a year (2021–2024).")
    assert "If trade grew -5% a year (an assumed pace), Kazakhstan's statistics would never show $40bn." in (
        build(dataset, View(growth_pct=-5.0)).briefing)
    hundred = build(dataset, View(target_id="100", growth_pct=10.0))
    assert hundred.headline.count("not yet met") == 2 and "would" not in hundred.headline
    # 48.7 * 1.1^8 = 104.4 (^7 = 94.9); 30.1 * 1.1^13 = 103.9 (^12 = 94.5)
    assert "China's customs would show $100bn in 2033." in hundred.scenario_text
    assert "Kazakhstan's statistics would show $100bn in 2037." in hundred.scenario_text


def test_backtest_starts_from_what_was_known_on_27_november_2023(dataset):
    """Rebuilt on the as-of view: each source's latest annual figure published by 27 Nov 2023 is 2022."""
    from datetime import date

    bt = ledger.backtest(dataset)
    assert set(bt["base_year"]) == {2022}
    gacc = bt[(bt["source"] == "GACC") & (bt["year"] == 2023)].iloc[0]
    assert gacc["projected_usd_bn"] == pytest.approx(31.2 * 1.24) and gacc["actual_usd_bn"] == pytest.approx(41.02)
    later = ledger.backtest(dataset, day=date(2024, 4, 2))  # BNS 2023 out on 1 Apr 2024; GACC 2023 (~Jul) not yet
    assert dict(zip(later["source"], later["base_year"], strict=False)) == {"GACC": 2022, "BNS": 2023}
