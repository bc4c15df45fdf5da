"""Judging pledges and claims by each source: verdicts, claim checks, the backtest and the briefing.

Everything here works from the observations in ``data/`` and states which
source a number comes from. Nothing blends GACC and BNS.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from tradetarget import model
from tradetarget.answer import SOURCE_NAMES, STATUS_WORDS, answer_for, target_name
from tradetarget.data import SOURCES, Dataset

VALUE_TOLERANCE_PCT = 1.5
"""A claimed level matches a source if it is within 1.5% (politicians round $43.8bn to $44bn)."""
GROWTH_TOLERANCE_PTS = 1.0
"""A claimed growth rate matches if it is within one percentage point (rounding)."""
SEED_DATE = date(2023, 11, 27)


def verdict_table(dataset: Dataset, growth_pct: float, today: date | None = None,
                  base_year: int | None = None) -> pd.DataFrame:
    """Every ledger target × source: the answer's verdict and its projected year at ``growth_pct`` (from the
    latest figure, or ``base_year`` as a what-if), each target with its own deadline."""
    today = today or date.today()
    rows = []
    for _, target in dataset.targets.iterrows():
        for source in SOURCES:
            a = answer_for(dataset, source, target, growth_pct, base_year, None, today)
            rows.append({"target_id": a.target_id, "target": a.target_label, "source": source,
                         "status": STATUS_WORDS[a.status], "verdict": a.verdict(),
                         "projected_year": a.projected_year,
                         "projected": a.when() + (f" (projected at {growth_pct:+g}%)" if a.projected_year else "")})
    return pd.DataFrame(rows).astype({"projected_year": "Int64"})


def verdict_matrix(dataset: Dataset, today: date | None = None, sources: tuple[str, ...] = SOURCES) -> pd.DataFrame:
    """The verdict text as a target × source grid: targets in ledger order, one column per source of the
    view ("On China's customs (GACC)", then "On Kazakhstan's statistics bureau (BNS)"). The verdicts rest on the
    actual figures alone, so the grid does not change with the slider (and is cached once per data version)."""
    rows = verdict_table(dataset, model.SEED_GROWTH_PCT, today)
    grid = rows.pivot(index="target", columns="source", values="verdict")
    grid = grid.loc[list(dict.fromkeys(rows["target"])), [s for s in SOURCES if s in sources]]
    return grid.rename(columns={s: f"On {SOURCE_NAMES[s]}" for s in SOURCES}).rename_axis(
        index="Target", columns=None)


def ledger_table(dataset: Dataset, growth_pct: float, today: date | None = None) -> pd.DataFrame:
    """The pledge ledger with each target's fate on both sources."""
    verdicts = verdict_table(dataset, growth_pct, today).pivot(index="target_id", columns="source", values="verdict")
    t = dataset.targets
    return pd.DataFrame({
        "announced": t["announced"],
        "target": [target_name(r) for _, r in t.iterrows()],
        "set by": t["by"],
        "set against": t["basis"],
        "quote": t["quote"],
        "on GACC figures": [verdicts.loc[i, "GACC"] for i in t["id"]],
        "on BNS figures": [verdicts.loc[i, "BNS"] for i in t["id"]],
        "url": t["url"],
    })


def target_steps(dataset: Dataset) -> pd.DataFrame:
    """Every pledge in the order it was made: one row per announcement (the overview marks each)."""
    t = dataset.targets.sort_values("announced")
    return pd.DataFrame({"announced": t["announced"], "target_usd_bn": t["target_usd_bn"],
                         "label": [target_name(r) for _, r in t.iterrows()], "url": t["url"]})


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
