"""The dashboard's view: the controls' values turned into per-source scenarios.

A :class:`View` is what the sidebar (or the CLI) chooses. :func:`build` turns it
into a scenario per source, keeping a readable reason for any source that
cannot be projected (for example, BNS has no figure for the chosen base year).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from tradetarget import model
from tradetarget.data import SOURCES, Dataset

GROWTH_RANGE = (-30.0, 60.0)
GROWTH_STEP = 0.5
DEADLINE_RANGE = (2024, 2050)


@dataclass(frozen=True)
class View:
    """What the user chose. ``sources`` is one source or both, never a blend."""

    sources: tuple[str, ...] = SOURCES
    base_year: int = model.SEED_BASE_YEAR
    growth_pct: float = model.SEED_GROWTH_PCT
    target_id: str = model.DEFAULT_TARGET_ID
    deadline: int = model.DEFAULT_DEADLINE

    def __post_init__(self) -> None:
        if not self.sources or any(s not in SOURCES for s in self.sources):
            raise ValueError(f"sources must be drawn from {', '.join(SOURCES)}, got {self.sources!r}")

    def describe(self, target_usd_bn: float) -> str:
        """One line for footers: growth, base year, target and deadline."""
        return (
            f"Scenario: {self.growth_pct:+g}% a year from {self.base_year}, "
            f"target ${target_usd_bn:g}bn, deadline {self.deadline}"
        )


@dataclass(frozen=True)
class Outlook:
    """The result of a view: a scenario per source, or the reason there is none."""

    view: View
    target: dict
    scenarios: dict[str, model.Scenario] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def target_usd_bn(self) -> float:
        return float(self.target["target_usd_bn"])

    @property
    def footer(self) -> str:
        return self.view.describe(self.target_usd_bn)


def build(dataset: Dataset, view: View) -> Outlook:
    """Scenarios for every chosen source; the target comes from the ledger."""
    target = dataset.target(view.target_id).to_dict()
    scenarios, problems = {}, {}
    for source in view.sources:
        try:
            scenarios[source] = model.scenario_for(
                dataset,
                source,
                base_year=view.base_year,
                growth=view.growth_pct,
                target_usd_bn=float(target["target_usd_bn"]),
                deadline=view.deadline,
                horizon=max(model.DEFAULT_HORIZON, view.deadline),
            )
        except ValueError as exc:
            problems[source] = str(exc)
    return Outlook(view=view, target=target, scenarios=scenarios, problems=problems)


def target_label(row) -> str:
    """'$40bn by 2030 (set 2023)' for a ledger row."""
    deadline = row["deadline"]
    by = "no deadline" if pd.isna(deadline) else f"by {int(deadline)}"
    return f"${row['target_usd_bn']:g}bn {by} (set {row['announced'].year})"


def projection_table(dataset: Dataset, outlook: Outlook) -> pd.DataFrame:
    """Year-by-year table: each source's actual figure, projection and gap to the target."""
    first = min(s.base_year for s in outlook.scenarios.values()) if outlook.scenarios else outlook.view.base_year
    last = max((s.last_year for s in outlook.scenarios.values()), default=outlook.view.deadline)
    table = pd.DataFrame({"year": range(first, last + 1)})
    for source in outlook.view.sources:
        actual = dataset.annual(source).set_index("year")
        table[f"{source} actual (USD bn)"] = table["year"].map(actual["turnover_usd_bn"])
        table[f"{source} status"] = table["year"].map(actual["status"]).fillna("")
        scenario = outlook.scenarios.get(source)
        if scenario is not None:
            proj = model.project(scenario).set_index("year")["value_usd_bn"]
            table[f"{source} projection (USD bn)"] = table["year"].map(proj)
            table[f"{source} gap to target (USD bn)"] = table[f"{source} projection (USD bn)"] - outlook.target_usd_bn
    table["target (USD bn)"] = outlook.target_usd_bn
    return table
