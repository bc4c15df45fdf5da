"""Projection arithmetic: pure functions over a frozen :class:`Scenario`.

Compound growth from a base year, ``V(t) = V0 * (1 + g) ** (t - t0)``. Every
function takes the statistical source explicitly; nothing mixes GACC and BNS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from tradetarget.data import SOURCES, Dataset
from tradetarget.i18n import DEFAULT_LANG, messages

SOURCE_NAMES = {"GACC": "China customs (GACC)", "BNS": "Kazakhstan statistics (BNS)"}
"""Chart labels in English (kept for callers); :func:`source_name` gives them in any language."""
SEED_GROWTH_PCT = 24.0
"""PM Smailov, 27 Nov 2023: "+24% in ten months" (Kazakh-side data)."""
SEED_BASE_YEAR = 2022
SEED_DAY = date(2023, 11, 27)
"""The day the prime minister cited +24% in ten months: the seed's own 'what was known then'."""
"""The last full year before the Nov-2023 statement."""
DEFAULT_TARGET_ID = "40by2030"
DEFAULT_DEADLINE = 2030
DEFAULT_HORIZON = 2035
MAX_YEARS = 1000
_EPS = 1e-9


def source_name(source: str, lang: str = DEFAULT_LANG) -> str:
    """A source's short name for charts and legends: 'China customs (GACC)' / 'ГТУ КНР (GACC)'."""
    return messages(lang)(f"source.{source}.short")


class ScenarioError(ValueError):
    """Input a projection cannot use. ``str()`` is the English message; :func:`error_text` gives any language."""

    def __init__(self, key: str, **params) -> None:
        self.key, self.params = key, params
        super().__init__(messages(DEFAULT_LANG)(key, **params))


def error_text(exc: Exception, lang: str = DEFAULT_LANG) -> str:
    """The message of ``exc`` in ``lang`` (a :class:`ScenarioError`; any other error as it is)."""
    if isinstance(exc, ScenarioError):
        return messages(lang)(exc.key, **exc.params)
    return str(exc)


@dataclass(frozen=True)
class Scenario:
    """The assumptions behind one projection. Invalid input raises ValueError."""

    source: str
    base_year: int
    base_value: float
    growth_pct: float
    target_usd_bn: float
    deadline: int | None = DEFAULT_DEADLINE
    horizon: int = DEFAULT_HORIZON

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ScenarioError("answer.error.source", source=str(self.source), sources=", ".join(SOURCES))
        for name in ("base_value", "growth_pct", "target_usd_bn"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ScenarioError(f"answer.error.finite.{name}", value=repr(value))
        if self.growth_pct <= -100:
            raise ScenarioError("answer.error.growth", value=f"{self.growth_pct:g}")
        if self.base_value <= 0:
            raise ScenarioError("answer.error.base_value", value=f"{self.base_value:g}")
        if self.target_usd_bn <= 0:
            raise ScenarioError("answer.error.target", value=f"{self.target_usd_bn:g}")
        if self.deadline is not None and self.deadline <= self.base_year:
            raise ScenarioError("answer.error.deadline", deadline=str(self.deadline), year=str(self.base_year))
        if not self.base_year <= self.horizon <= self.base_year + 100:
            raise ScenarioError("answer.error.horizon", horizon=str(self.horizon))

    @property
    def rate(self) -> float:
        return self.growth_pct / 100

    @property
    def last_year(self) -> int:
        return max(self.horizon, self.deadline or self.horizon)


@dataclass(frozen=True)
class Reached:
    """When the target is first reached on a projection."""

    status: Literal["already_met", "reached", "never", "beyond"]
    year: int | None

    def describe(self, lang: str = DEFAULT_LANG) -> str:
        t = messages(lang)
        if self.status == "already_met":
            return t("answer.reached.already_met", year=str(self.year))
        if self.status == "reached":
            return t("answer.reached.reached", year=str(self.year))
        if self.status == "beyond":
            return t.n("answer.when.beyond", MAX_YEARS, count=str(MAX_YEARS))
        return t("answer.when.never")


def value_in(scenario: Scenario, year: int) -> float:
    """Projected turnover in ``year`` (USD bn)."""
    return scenario.base_value * (1 + scenario.rate) ** (year - scenario.base_year)


def project(scenario: Scenario) -> pd.DataFrame:
    """Year-by-year projection from the base year to the horizon (or deadline, if later)."""
    years = list(range(scenario.base_year, scenario.last_year + 1))
    values = [value_in(scenario, y) for y in years]
    return pd.DataFrame(
        {
            "source": scenario.source,
            "year": years,
            "value_usd_bn": values,
            "target_usd_bn": scenario.target_usd_bn,
            "gap_usd_bn": [v - scenario.target_usd_bn for v in values],
        }
    )


def year_reached(scenario: Scenario) -> Reached:
    """The first whole year with ``V(t) >= T`` (analytic, then checked against rounding)."""
    v0, target, g = scenario.base_value, scenario.target_usd_bn, scenario.rate
    if v0 >= target:
        return Reached("already_met", scenario.base_year)
    if g <= 0:
        return Reached("never", None)
    exact = math.log(target / v0) / math.log1p(g)
    if exact > MAX_YEARS:
        return Reached("beyond", None)
    steps = max(1, math.ceil(exact - _EPS))
    if steps > 1 and v0 * (1 + g) ** (steps - 1) >= target:
        steps -= 1
    elif v0 * (1 + g) ** steps < target:
        steps += 1
    return Reached("reached", scenario.base_year + steps)


def required_growth_pct(scenario: Scenario) -> float | None:
    """Constant annual growth that reaches the target exactly in the deadline year."""
    if scenario.deadline is None:
        return None
    years = scenario.deadline - scenario.base_year
    return ((scenario.target_usd_bn / scenario.base_value) ** (1 / years) - 1) * 100


def full_year_simple(previous_full_year: float, ytd_growth_pct: float) -> float:
    """Apply a year-to-date growth rate to the previous full year."""
    return previous_full_year * (1 + ytd_growth_pct / 100)


def ytd_share(ytd_value: float, full_year_value: float) -> float:
    """The share of a full year that the same year's months-to-date represent."""
    if ytd_value <= 0 or full_year_value <= 0 or ytd_value > full_year_value:
        raise ValueError("a year-to-date value must be positive and at most the full year")
    return ytd_value / full_year_value


def full_year_seasonal(ytd_value: float, share: float) -> float:
    """Scale a year-to-date value by the share the same months usually have in a year."""
    if not 0 < share <= 1:
        raise ValueError(f"a seasonal share must be in (0, 1], got {share}")
    return ytd_value / share


def growth_pct(v0: float, v1: float, years: int = 1) -> float:
    """Compound annual growth between two values ``years`` apart."""
    return ((v1 / v0) ** (1 / years) - 1) * 100


def historical_growth(dataset: Dataset, source: str) -> pd.DataFrame:
    """Year-on-year growth of one source's annual figures, only where both years exist."""
    points = {year: (usd, status) for year, usd, status in dataset.annual_points(source)}
    rows = []
    for year, (usd, status) in points.items():
        if year - 1 in points:
            prev_usd, prev_status = points[year - 1]
            rows.append(
                {
                    "source": source,
                    "year": year,
                    "growth_pct": growth_pct(prev_usd, usd),
                    "status": "reported" if prev_status == status == "reported" else "provisional/uncertain",
                }
            )
    return pd.DataFrame(rows, columns=["source", "year", "growth_pct", "status"])


def scenario_for(
    dataset: Dataset,
    source: str,
    base_year: int = SEED_BASE_YEAR,
    growth: float = SEED_GROWTH_PCT,
    target_usd_bn: float = 40.0,
    deadline: int | None = DEFAULT_DEADLINE,
    horizon: int = DEFAULT_HORIZON,
    base_value: float | None = None,
) -> Scenario:
    """A scenario whose base value is the source's actual figure for the base year.

    A missing figure raises :class:`ScenarioError` (:func:`error_text` words it in the reader's language).
    """
    if base_value is None:
        base_value = dataset.annual_value(source, base_year)
        if base_value is None:
            years = ", ".join(str(y) for y in dataset.years(source))
            raise ScenarioError("answer.error.no_figure", source=source, year=str(base_year), years=years)
    return Scenario(
        source=source,
        base_year=base_year,
        base_value=base_value,
        growth_pct=growth,
        target_usd_bn=target_usd_bn,
        deadline=deadline,
        horizon=max(horizon, base_year),
    )


def ytd_estimates(dataset: Dataset, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Full-year estimates from every Jan–month observation, against the actual full year.

    Two methods: *simple* applies the year-to-date growth (stated on the row, or
    computed against the same months a year earlier) to the previous full year;
    *seasonal* divides the year-to-date value by the share the same months had in
    another full year of the same source. A method the data cannot support is skipped.
    The method column is written in ``lang``.
    """
    t = messages(lang)
    turnover = dataset.turnover
    rows = []
    ytd = turnover[~turnover["annual"] & (turnover["start_month"] == 1)]
    for _, obs in ytd.iterrows():
        source, year, month = obs["source"], int(obs["year"]), int(obs["end_month"])
        same = ytd[(ytd["source"] == source) & (ytd["end_month"] == month)].set_index("year")
        actual = dataset.annual_value(source, year)
        previous = dataset.annual_value(source, year - 1)
        base = {"source": source, "period": obs["period"], "ytd_usd_bn": obs["turnover_usd_bn"],
                "actual_usd_bn": actual}
        growths = []
        if not pd.isna(obs["growth_pct_stated"]):
            growths.append(("stated", float(obs["growth_pct_stated"])))
        if year - 1 in same.index:
            growths.append(("computed", growth_pct(same.loc[year - 1, "turnover_usd_bn"], obs["turnover_usd_bn"])))
        if previous is not None:
            for how, g in growths:
                rate = f"{g:+.1f}%" if lang == DEFAULT_LANG else t.pct(g, 1, sign=True)
                rows.append({**base, "method": t(f"answer.method.simple.{how}", rate=rate, year=str(year - 1)),
                             "estimate_usd_bn": full_year_simple(previous, g)})
        for share_year in sorted(same.index, key=lambda y: (abs(y - year), y)):
            full = dataset.annual_value(source, int(share_year))
            if share_year == year or full is None:
                continue
            if share_year == year - 1 and any(how == "computed" for how, _ in growths):
                continue  # identical to the simple estimate with computed growth
            share = ytd_share(same.loc[share_year, "turnover_usd_bn"], full)
            shown = f"{share:.1%}" if lang == DEFAULT_LANG else t.pct(share * 100, 1)
            rows.append({**base, "method": t("answer.method.seasonal", share=shown, year=str(int(share_year))),
                         "estimate_usd_bn": full_year_seasonal(obs["turnover_usd_bn"], share)})
    frame = pd.DataFrame(rows, columns=["source", "period", "ytd_usd_bn", "method", "estimate_usd_bn",
                                        "actual_usd_bn"])
    return frame.assign(
        error_usd_bn=frame["estimate_usd_bn"] - frame["actual_usd_bn"],
        error_pct=(frame["estimate_usd_bn"] / frame["actual_usd_bn"] - 1) * 100,
    )
