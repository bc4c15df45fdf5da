"""The tables the pages show, as functions of the dataset, so ``page.data.shown`` can cache them per data
version (module-level functions: the cache key is the function's qualified name)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from tradetarget import ledger, model
from tradetarget.data import Dataset
from tradetarget.scenario import View, build, projection_table

CLAIM_COLUMNS = ["date", "who", "quote", "period", "claimed", "source", "recomputed", "matches", "matches_source",
                 "how", "url"]


def projection(dataset: Dataset, view: tuple) -> pd.DataFrame:
    """The year-by-year projection table for a view (``dataclasses.astuple`` of a :class:`View`)."""
    return projection_table(dataset, build(dataset, View(*view)))


def observations(dataset: Dataset) -> pd.DataFrame:
    return dataset.turnover.drop(columns=["line", "start_month", "end_month"])


def milestones(dataset: Dataset) -> pd.DataFrame:
    return dataset.milestones[["start", "end", "category", "title", "detail", "url"]]


def visitors(dataset: Dataset) -> pd.DataFrame:
    return dataset.visitors.drop(columns=["line", "start", "end"])


def verdicts(dataset: Dataset, growth_pct: float, today: date, base_year: int | None = None,
             sources: tuple[str, ...] = ("GACC", "BNS")) -> pd.DataFrame:
    """Every ledger target on each source of the view: status, verdict and the year it is (or would be) reached."""
    table = ledger.verdict_table(dataset, growth_pct, today, base_year)
    return table[table["source"].isin(sources)].drop(columns=["target_id", "projected_year"]).rename(
        columns={"target": "Target", "source": "Source", "status": "Status", "verdict": "Verdict",
                 "projected": "Reached"})


def claims(dataset: Dataset) -> pd.DataFrame:
    return ledger.check_claims(dataset)[CLAIM_COLUMNS]


def ytd_estimates(dataset: Dataset, period: str | None = None) -> pd.DataFrame:
    """Every year-to-date estimate, or those of one period (e.g. "Jan–Oct 2023")."""
    estimates = model.ytd_estimates(dataset)
    return estimates if period is None else estimates[estimates["period"] == period]
