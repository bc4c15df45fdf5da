"""Judging pledges and claims by each source: verdicts, claim checks, the backtest and the briefing.

Everything here works from the observations in ``data/`` and states which
source a number comes from. Nothing blends GACC and BNS.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from tradetarget import model, wording
from tradetarget.answer import answer_for, rate_words, status_words, target_name
from tradetarget.data import SOURCES, Dataset
from tradetarget.i18n import DEFAULT_LANG, messages

VALUE_TOLERANCE_PCT = 1.5
"""A claimed level matches a source if it is within 1.5% (politicians round $43.8bn to $44bn)."""
GROWTH_TOLERANCE_PTS = 1.0
"""A claimed growth rate matches if it is within one percentage point (rounding)."""
SEED_DATE = date(2023, 11, 27)


def verdict_table(dataset: Dataset, growth_pct: float, today: date | None = None,
                  base_year: int | None = None, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Every ledger target × source: the answer's verdict and its projected year at ``growth_pct`` (from the
    latest figure, or ``base_year`` as a what-if), each target with its own deadline; the words in ``lang``."""
    t = messages(lang)
    today = today or date.today()
    rate = rate_words(growth_pct, lang)
    rows = []
    for _, target in dataset.targets.iterrows():
        for source in SOURCES:
            a = answer_for(dataset, source, target, growth_pct, base_year, None, today, lang=lang)
            rows.append({"target_id": a.target_id, "target": a.target_label, "source": source,
                         "status": status_words(a.status, lang), "verdict": a.verdict(),
                         "projected_year": a.projected_year,
                         "projected": t("answer.ledger.projected", when=a.when(), rate=rate) if a.projected_year
                         else a.when()})
    return pd.DataFrame(rows).astype({"projected_year": "Int64"})


def verdict_matrix(dataset: Dataset, today: date | None = None, sources: tuple[str, ...] = SOURCES,
                   lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The verdict text as a target × source grid: targets in ledger order, one column per source of the
    view ("On China's customs (GACC)", then "On Kazakhstan's statistics bureau (BNS)"). The verdicts rest on the
    actual figures alone, so the grid does not change with the slider (and is cached once per data version)."""
    t = messages(lang)
    rows = verdict_table(dataset, model.SEED_GROWTH_PCT, today, lang=lang)
    grid = rows.pivot(index="target", columns="source", values="verdict")
    grid = grid.loc[list(dict.fromkeys(rows["target"])), [s for s in SOURCES if s in sources]]
    return grid.rename(columns={s: t(f"answer.ledger.on_source.{s}") for s in SOURCES}).rename_axis(
        index=t("answer.ledger.target"), columns=None)


def ledger_table(dataset: Dataset, growth_pct: float, today: date | None = None,
                 lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The pledge ledger with each target's fate on both sources (who set it and the quote stay as written)."""
    verdicts = verdict_table(dataset, growth_pct, today, lang=lang).pivot(
        index="target_id", columns="source", values="verdict")
    t = dataset.targets
    return pd.DataFrame({
        "announced": t["announced"],
        "target": [target_name(r, lang) for _, r in t.iterrows()],
        "set by": t["by"],
        "set against": [wording.basis(b, lang) for b in t["basis"]],
        "quote": t["quote"],
        "on GACC figures": [verdicts.loc[i, "GACC"] for i in t["id"]],
        "on BNS figures": [verdicts.loc[i, "BNS"] for i in t["id"]],
        "url": t["url"],
    })


def target_steps(dataset: Dataset, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Every pledge in the order it was made: one row per announcement (the overview marks each)."""
    t = dataset.targets.sort_values("announced")
    return pd.DataFrame({"announced": t["announced"], "target_usd_bn": t["target_usd_bn"],
                         "label": [target_name(r, lang) for _, r in t.iterrows()], "url": t["url"]})


def _growth_for(dataset: Dataset, source: str, year: int, start: int, end: int,
                lang: str = DEFAULT_LANG) -> tuple[float | None, str]:
    """Growth of a period over the same months a year earlier: computed if both exist, else as stated."""
    m = messages(lang)
    t = dataset.turnover
    rows = t[(t["source"] == source) & (t["start_month"] == start) & (t["end_month"] == end)].set_index("year")
    if year in rows.index and year - 1 in rows.index:
        prev, cur = rows.loc[year - 1], rows.loc[year]
        return model.growth_pct(prev["turnover_usd_bn"], cur["turnover_usd_bn"]), m(
            "answer.ledger.computed", period=wording.period(cur["period"], lang),
            value=m.money(cur["turnover_usd_bn"], digits=None), previous_period=wording.period(prev["period"], lang),
            previous=m.money(prev["turnover_usd_bn"], digits=None))
    if year in rows.index and not pd.isna(rows.loc[year, "growth_pct_stated"]):
        return float(rows.loc[year, "growth_pct_stated"]), m(
            "answer.ledger.as_stated", period=wording.period(rows.loc[year, "period"], lang))
    return None, m("answer.ledger.no_figure")


def check_claims(dataset: Dataset, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Recompute every claim from each source's data; say which source it matches, if any (words in ``lang``;
    the quote and who said it stay as written)."""
    m = messages(lang)
    en = lang == DEFAULT_LANG
    rows = []
    for _, claim in dataset.claims.iterrows():
        year, start, end = int(claim["year"]), int(claim["start_month"]), int(claim["end_month"])
        base = {"claim_id": claim["id"], "date": claim["date"], "who": claim["who"], "quote": claim["quote"],
                "period": wording.period(claim["period"], lang), "url": claim["url"]}
        for source in SOURCES:
            if not pd.isna(claim["claimed_growth_pct"]):
                claimed = float(claim["claimed_growth_pct"])
                actual, how = _growth_for(dataset, source, year, start, end, lang)
                ok = actual is not None and abs(actual - claimed) <= GROWTH_TOLERANCE_PTS
                shown = "—" if actual is None else f"{actual:+.1f}%" if en else m.pct(actual, 1, sign=True)
                rows.append({**base, "claimed": rate_words(claimed, lang), "source": source, "recomputed": shown,
                             "how": how, "matches": ok})
            else:
                claimed = float(claim["claimed_value_usd_bn"])
                t = dataset.turnover
                obs = t[(t["source"] == source) & (t["year"] == year) & (t["start_month"] == start)
                        & (t["end_month"] == end)]
                actual = None if obs.empty else float(obs["turnover_usd_bn"].iloc[0])
                ok = actual is not None and abs(actual - claimed) / claimed * 100 <= VALUE_TOLERANCE_PCT
                how = (m("answer.ledger.no_figure") if obs.empty
                       else m("answer.ledger.obs", source=source, period=wording.period(obs["period"].iloc[0], lang),
                              status=wording.status(obs["status"].iloc[0], lang)))
                rows.append({**base, "claimed": m.money(claimed, digits=None), "source": source,
                             "recomputed": "—" if actual is None else m.money(actual, digits=2), "how": how,
                             "matches": ok})
    frame = pd.DataFrame(rows)
    matched = frame[frame["matches"]].groupby("claim_id")["source"].agg(m("answer.span.separator").join)
    return frame.assign(matches_source=frame["claim_id"].map(matched).fillna(m("answer.ledger.neither")))


def backtest(dataset: Dataset, growth_pct: float = model.SEED_GROWTH_PCT, base_year: int | None = None,
             years: tuple[int, ...] = (2023, 2024, 2025), lang: str = DEFAULT_LANG,
             day: date = model.SEED_DAY) -> pd.DataFrame:
    """The projection as it stood on ``day`` (27 Nov 2023: +24% a year) against what each source recorded since.

    What was known then comes from :meth:`Dataset.as_of`: each source's path starts at its latest annual figure
    published by ``day`` (2022 for both sources on 27 Nov 2023), unless ``base_year`` names another year known then.
    The actual figures are today's."""
    known = dataset.as_of(day)
    rows = []
    for source in SOURCES:
        points = known.annual_points(source)
        start = base_year if base_year is not None else (points[-1][0] if points else None)
        v0 = None if start is None else known.annual_value(source, start)
        if v0 is None:
            continue
        annual = dataset.annual(source).set_index("year")
        for year in years:
            projected = v0 * (1 + growth_pct / 100) ** (year - start)
            has = year in annual.index
            actual = float(annual.loc[year, "turnover_usd_bn"]) if has else None
            rows.append({
                "source": source, "year": year, "base_year": start, "projected_usd_bn": projected,
                "actual_usd_bn": actual,
                "status": wording.status(annual.loc[year, "status"] if has else "missing", lang),
                "error_usd_bn": None if actual is None else projected - actual,
                "error_pct": None if actual is None else (projected / actual - 1) * 100,
            })
    return pd.DataFrame(rows).astype({"actual_usd_bn": "Float64", "error_usd_bn": "Float64", "error_pct": "Float64"})


def flow_gaps(dataset: Dataset, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """GACC minus BNS for each flow, in the years where both sides give that flow (flows named in ``lang``)."""
    annual = dataset.annual()
    rows = []
    for column in ("exports_kz_to_cn_usd_bn", "imports_kz_from_cn_usd_bn"):
        flow = wording.flow(column, lang)
        wide = annual.pivot(index="year", columns="source", values=column).dropna()
        for year, r in wide.iterrows():
            gap = r["GACC"] - r["BNS"]
            rows.append({"year": int(year), "flow": flow, "gacc_usd_bn": r["GACC"], "bns_usd_bn": r["BNS"],
                         "gap_usd_bn": gap, "gap_pct_of_gacc": gap / r["GACC"] * 100})
    return pd.DataFrame(rows).sort_values(["year", "flow"]).reset_index(drop=True)


def milestone_growth(dataset: Dataset, lang: str = DEFAULT_LANG) -> pd.DataFrame:
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
                "milestone": wording.milestone_title(m, lang), "date": m["start"], "source": source,
                "growth_year_before": year - 1, "growth_before_pct": hist.get(year - 1),
                "growth_year_after": year + 1, "growth_after_pct": hist.get(year + 1),
            })
    return pd.DataFrame(rows).astype({"growth_before_pct": "Float64", "growth_after_pct": "Float64"})
