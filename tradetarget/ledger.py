"""Judging pledges and claims by each source: verdicts, claim checks, the backtest and the briefing.

Everything here works from the observations in ``data/`` and states which
source a number comes from. Nothing blends GACC and BNS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from tradetarget import model
from tradetarget.data import SOURCES, Dataset

VALUE_TOLERANCE_PCT = 1.5
"""A claimed level matches a source if it is within 1.5% (politicians round $43.8bn to $44bn)."""
GROWTH_TOLERANCE_PTS = 1.0
"""A claimed growth rate matches if it is within one percentage point (rounding)."""
SEED_DATE = date(2023, 11, 27)


@dataclass(frozen=True)
class TargetVerdict:
    """One target judged on one source's annual figures."""

    target_id: str
    source: str
    status: str  # "met", "missed" or "not yet"
    text: str
    projected_year: int | None


def _span(years: list[int]) -> str:
    if not years:
        return ""
    runs, start, prev = [], years[0], years[0]
    for y in [*years[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        runs.append(str(start) if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(runs)


def target_verdict(dataset: Dataset, target: pd.Series, source: str, growth_pct: float, today: date) -> TargetVerdict:
    """Met (when, by how much), missed (deadline passed) or not yet (latest value and gap)."""
    points = dataset.annual_points(source)
    value = float(target["target_usd_bn"])
    deadline = None if pd.isna(target["deadline"]) else int(target["deadline"])
    hits = [(year, usd) for year, usd, _ in points if usd >= value]
    latest_year, latest_value, latest_status = points[-1]
    latest_flag = "" if latest_status == "reported" else f", {latest_status}"
    projected = None
    if latest_value < value:
        scenario = model.Scenario(source, latest_year, latest_value, growth_pct, value, deadline=None)
        projected = model.year_reached(scenario).year
    in_time = [(year, usd) for year, usd in hits if deadline is None or year <= deadline]
    if in_time:
        year, usd = in_time[0]
        text = f"met in {year} (${usd:.1f}bn, ${usd - value:.1f}bn over)"
        return TargetVerdict(target["id"], source, "met", text, None)
    if deadline is not None and deadline < today.year:
        window = range(target["announced"].year, deadline + 1)
        before = [usd for year, usd, _ in points if year in window]
        best = f"; best year in the window ${max(before):.1f}bn" if before else ""
        gaps = _span([y for y in window if y not in {year for year, _, _ in points}])
        caveat = f"; no {source} figure for {gaps}" if gaps else ""
        later = f"; reached later, in {hits[0][0]}" if hits else ""
        return TargetVerdict(target["id"], source, "missed", f"missed: deadline {deadline} passed{best}{caveat}{later}",
                             None)
    text = f"not yet: {latest_year} was ${latest_value:.1f}bn{latest_flag}, ${value - latest_value:.1f}bn short"
    return TargetVerdict(target["id"], source, "not yet", text, projected)


def verdict_table(dataset: Dataset, growth_pct: float, today: date | None = None) -> pd.DataFrame:
    """Every ledger target × source: the verdict and the projected year at ``growth_pct`` from the latest year."""
    today = today or date.today()
    rows = []
    for _, target in dataset.targets.iterrows():
        for source in SOURCES:
            v = target_verdict(dataset, target, source, growth_pct, today)
            rows.append({"target_id": v.target_id, "target": _target_name(target), "source": source,
                         "status": v.status, "verdict": v.text, "projected_year": v.projected_year})
    return pd.DataFrame(rows).astype({"projected_year": "Int64"})


def verdict_matrix(dataset: Dataset, growth_pct: float, today: date | None = None) -> pd.DataFrame:
    """The verdict text as a target × source grid: targets in ledger order, one column per source
    ("on China's customs (GACC)", then "on Kazakhstan's statistics (BNS)")."""
    rows = verdict_table(dataset, growth_pct, today)
    grid = rows.pivot(index="target", columns="source", values="verdict")
    grid = grid.loc[list(dict.fromkeys(rows["target"])), [s for s in SOURCES if s in grid.columns]]
    return grid.rename(columns={s: f"on {model.SOURCE_POSSESSIVE[s]}" for s in SOURCES}).rename_axis(
        index="target", columns=None)


def _target_name(target: pd.Series) -> str:
    deadline = "no deadline" if pd.isna(target["deadline"]) else f"by {int(target['deadline'])}"
    return f"${target['target_usd_bn']:g}bn {deadline}"


def ledger_table(dataset: Dataset, growth_pct: float, today: date | None = None) -> pd.DataFrame:
    """The pledge ledger with each target's fate on both sources."""
    verdicts = verdict_table(dataset, growth_pct, today).pivot(index="target_id", columns="source", values="verdict")
    t = dataset.targets
    return pd.DataFrame({
        "announced": t["announced"],
        "target": [_target_name(r) for _, r in t.iterrows()],
        "set by": t["by"],
        "set against": t["basis"],
        "quote": t["quote"],
        "on GACC figures": [verdicts.loc[i, "GACC"] for i in t["id"]],
        "on BNS figures": [verdicts.loc[i, "BNS"] for i in t["id"]],
        "url": t["url"],
    })


def target_steps(dataset: Dataset) -> pd.DataFrame:
    """The target in force over time: one row per announcement (a step line starts at each)."""
    t = dataset.targets.sort_values("announced")
    return pd.DataFrame({"announced": t["announced"], "target_usd_bn": t["target_usd_bn"],
                         "label": [_target_name(r) for _, r in t.iterrows()], "url": t["url"]})


def _growth_for(dataset: Dataset, source: str, year: int, start: int, end: int) -> tuple[float | None, str]:
    """Growth of a period over the same months a year earlier: computed if both exist, else as stated."""
    t = dataset.turnover
    rows = t[(t["source"] == source) & (t["start_month"] == start) & (t["end_month"] == end)].set_index("year")
    if year in rows.index and year - 1 in rows.index:
        prev, cur = rows.loc[year - 1], rows.loc[year]
        return model.growth_pct(prev["turnover_usd_bn"], cur["turnover_usd_bn"]), (
            f"computed: {cur['period']} ${cur['turnover_usd_bn']:g}bn / {prev['period']} ${prev['turnover_usd_bn']:g}bn"
        )
    if year in rows.index and not pd.isna(rows.loc[year, "growth_pct_stated"]):
        return float(rows.loc[year, "growth_pct_stated"]), f"as stated by the source for {rows.loc[year, 'period']}"
    return None, "no figure for this period"


def check_claims(dataset: Dataset) -> pd.DataFrame:
    """Recompute every claim from each source's data; say which source it matches, if any."""
    rows = []
    for _, claim in dataset.claims.iterrows():
        year, start, end = int(claim["year"]), int(claim["start_month"]), int(claim["end_month"])
        base = {"claim_id": claim["id"], "date": claim["date"], "who": claim["who"], "quote": claim["quote"],
                "period": claim["period"], "url": claim["url"]}
        for source in SOURCES:
            if not pd.isna(claim["claimed_growth_pct"]):
                claimed = float(claim["claimed_growth_pct"])
                actual, how = _growth_for(dataset, source, year, start, end)
                ok = actual is not None and abs(actual - claimed) <= GROWTH_TOLERANCE_PTS
                shown = "—" if actual is None else f"{actual:+.1f}%"
                rows.append({**base, "claimed": f"{claimed:+g}%", "source": source, "recomputed": shown,
                             "how": how, "matches": ok})
            else:
                claimed = float(claim["claimed_value_usd_bn"])
                t = dataset.turnover
                obs = t[(t["source"] == source) & (t["year"] == year) & (t["start_month"] == start)
                        & (t["end_month"] == end)]
                actual = None if obs.empty else float(obs["turnover_usd_bn"].iloc[0])
                ok = actual is not None and abs(actual - claimed) / claimed * 100 <= VALUE_TOLERANCE_PCT
                how = ("no figure for this period" if obs.empty
                       else f"{source} {obs['period'].iloc[0]} ({obs['status'].iloc[0]})")
                rows.append({**base, "claimed": f"${claimed:g}bn", "source": source,
                             "recomputed": "—" if actual is None else f"${actual:.2f}bn", "how": how, "matches": ok})
    frame = pd.DataFrame(rows)
    matched = frame[frame["matches"]].groupby("claim_id")["source"].agg(", ".join)
    return frame.assign(matches_source=frame["claim_id"].map(matched).fillna("neither"))


def backtest(dataset: Dataset, growth_pct: float = model.SEED_GROWTH_PCT, base_year: int = model.SEED_BASE_YEAR,
             years: tuple[int, ...] = (2023, 2024, 2025)) -> pd.DataFrame:
    """The projection as it stood on 27 Nov 2023 (24% from 2022) against what each source then recorded."""
    rows = []
    for source in SOURCES:
        v0 = dataset.annual_value(source, base_year)
        if v0 is None:
            continue
        annual = dataset.annual(source).set_index("year")
        for year in years:
            projected = v0 * (1 + growth_pct / 100) ** (year - base_year)
            has = year in annual.index
            actual = float(annual.loc[year, "turnover_usd_bn"]) if has else None
            rows.append({
                "source": source, "year": year, "projected_usd_bn": projected, "actual_usd_bn": actual,
                "status": annual.loc[year, "status"] if has else "missing",
                "error_usd_bn": None if actual is None else projected - actual,
                "error_pct": None if actual is None else (projected / actual - 1) * 100,
            })
    return pd.DataFrame(rows).astype({"actual_usd_bn": "Float64", "error_usd_bn": "Float64", "error_pct": "Float64"})


def flow_gaps(dataset: Dataset) -> pd.DataFrame:
    """GACC minus BNS for each flow, in the years where both sides give that flow."""
    annual = dataset.annual()
    rows = []
    flows = {"exports_kz_to_cn_usd_bn": "Kazakhstan's exports to China",
             "imports_kz_from_cn_usd_bn": "Kazakhstan's imports from China"}
    for column, flow in flows.items():
        wide = annual.pivot(index="year", columns="source", values=column).dropna()
        for year, r in wide.iterrows():
            gap = r["GACC"] - r["BNS"]
            rows.append({"year": int(year), "flow": flow, "gacc_usd_bn": r["GACC"], "bns_usd_bn": r["BNS"],
                         "gap_usd_bn": gap, "gap_pct_of_gacc": gap / r["GACC"] * 100})
    return pd.DataFrame(rows).sort_values(["year", "flow"]).reset_index(drop=True)


def milestone_growth(dataset: Dataset) -> pd.DataFrame:
    """Trade growth in the last full year before each dated milestone vs the first full year after it.

    Association, not causation: many things change at once.
    """
    ms = dataset.milestones[dataset.milestones["category"].isin(["visa", "tourism"])]
    rows = []
    for _, m in ms.iterrows():
        year = m["start"].year
        for source in SOURCES:
            hist = model.historical_growth(dataset, source).set_index("year")["growth_pct"]
            rows.append({
                "milestone": m["title"], "date": m["start"], "source": source,
                "growth_year_before": year - 1, "growth_before_pct": hist.get(year - 1),
                "growth_year_after": year + 1, "growth_after_pct": hist.get(year + 1),
            })
    return pd.DataFrame(rows).astype({"growth_before_pct": "Float64", "growth_after_pct": "Float64"})


def briefing(dataset: Dataset, target_usd_bn: float, growth_pct: float) -> str:
    """One sentence with the current answer, per source."""
    parts = []
    for source in SOURCES:
        v = model.verdict(dataset, source, target_usd_bn)
        who = "China's customs" if source == "GACC" else "Kazakhstan's"
        if v.met:
            parts.append(f"on {who} figures the ${target_usd_bn:g}bn target was passed in {v.met_year} "
                         f"(${v.met_value:.1f}bn)")
            continue
        flag = "" if v.latest_status == "reported" else f" ({v.latest_status})"
        scenario = model.Scenario(source, v.latest_year, v.latest_value, growth_pct, target_usd_bn, deadline=None)
        reached = model.year_reached(scenario)
        when = {
            "reached": f"it would be reached in {reached.year}",
            "never": "it would never be reached",
            "beyond": f"it would not be reached within {model.MAX_YEARS} years",
        }[reached.status]
        parts.append(f"on {who} figures {v.latest_year} was ${v.latest_value:.1f}bn{flag}, ${v.gap:.1f}bn short; "
                     f"at {growth_pct:g}% a year {when}")
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."
