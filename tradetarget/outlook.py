"""Uncertainty and alternatives around a view: the fan, reach probabilities, growth models,
named scenarios and sensitivity. Pure: a :class:`Risk` is computed from a dataset, an
:class:`~tradetarget.scenario.Outlook` and :class:`ModelSettings`, once, and every chart reads it.

Each source is handled on its own figures; nothing here mixes GACC and BNS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from tradetarget import model, uncertainty
from tradetarget.data import SOURCES, Dataset
from tradetarget.scenario import GROWTH_RANGE, Outlook

MODELS = {
    "constant": "Constant growth",
    "decay": "Growth decaying to a long-run rate",
    "trend": "Log-linear trend fitted on history",
    "two-flow": "Exports and imports grown separately",
}
LONG_RUN_RANGE, LONG_RUN_STEP = (-10.0, 30.0), 0.5
HALF_LIFE_RANGE, HALF_LIFE_STEP = (0.5, 15.0), 0.5
FLOW_RANGE, FLOW_STEP = GROWTH_RANGE, 0.5
METHOD_LABELS = {
    "bootstrap": "Bootstrap: resample the source's own year-on-year deviations",
    "normal": "Normal: draws with the standard deviation of those deviations",
}
PLEDGE_YEAR = 2023
"""The $40bn-by-2030 goal was proposed on 17 May 2023: the pre-pledge trend uses years before it."""
SLOWDOWN_LONG_RUN_PCT, SLOWDOWN_HALF_LIFE = 3.0, 2.0
GROWTH_SWING_PTS, DEADLINE_SWING_YEARS = 5.0, 3


@dataclass(frozen=True)
class ModelSettings:
    """The uncertainty page's own controls. Invalid input raises ``ValueError``."""

    growth_model: str = "constant"
    long_run_pct: float = 5.0
    half_life_years: float = 3.0
    trend_window: tuple[int, int] | None = None
    """First and last year of history for the trend; None means every year up to the base year."""
    export_growth_pct: float = model.SEED_GROWTH_PCT
    import_growth_pct: float = model.SEED_GROWTH_PCT
    method: str = "bootstrap"
    paths: int = 10_000
    seed: int = 20231127

    def __post_init__(self) -> None:
        if self.growth_model not in MODELS:
            raise ValueError(f"unknown growth model '{self.growth_model}': use one of {', '.join(MODELS)}")
        if self.method not in METHOD_LABELS:
            raise ValueError(f"unknown spread method '{self.method}': use one of {', '.join(METHOD_LABELS)}")
        for name, (low, high) in (("long_run_pct", LONG_RUN_RANGE), ("half_life_years", HALF_LIFE_RANGE),
                                  ("export_growth_pct", FLOW_RANGE), ("import_growth_pct", FLOW_RANGE)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ValueError(f"{name} must be a finite number, got {value!r}")
            if not low <= value <= high:
                raise ValueError(f"{name} must be between {low:g} and {high:g}, got {value:g}")
        if self.trend_window is not None:
            start, end = self.trend_window
            if start >= end:
                raise ValueError(f"the trend window {start}–{end} must span at least two years")
        if isinstance(self.paths, bool) or not isinstance(self.paths, int) or self.paths < 100:
            raise ValueError(f"paths must be a whole number of at least 100, got {self.paths!r}")


@dataclass(frozen=True)
class SourceRisk:
    """Everything the uncertainty page shows for one source."""

    source: str
    fan: pd.DataFrame  # year, p10, p25, p50, p75, p90, central
    probability: pd.DataFrame  # year, probability (target reached in some year up to this one)
    history_pct: tuple[float, ...]
    path: pd.DataFrame | None  # the chosen growth model's path (None if it cannot be computed)
    path_note: str
    scenarios: pd.DataFrame  # scenario, assumption, year, value_usd_bn
    sensitivity: pd.DataFrame
    required_pct: float | None
    years_to_target: int | None
    """Whole years from the latest actual figure to the target at the slider rate (0: already met)."""
    latest_year: int
    met_year: int | None
    """The first year an actual annual figure reached the target (None: not yet), whatever the simulation says."""


@dataclass(frozen=True)
class Risk:
    settings: ModelSettings
    horizon: int
    by_source: dict[str, SourceRisk] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)

    def chance_text(self, source: str, deadline: int) -> str:
        """The chance for people; a target the actual figures already reached is stated as such."""
        met = self.by_source[source].met_year
        if met is not None and met <= deadline:
            return f"met in {met} (actual)"
        return chance(self.probability_by_deadline(source, deadline))

    def probability_by_deadline(self, source: str, deadline: int) -> float:
        prob = self.by_source[source].probability
        return float(prob.loc[prob["year"] == deadline, "probability"].iloc[0])


def chance(p: float) -> str:
    """A probability for people: '74%', with '>99%' and '<1%' instead of a misleading 100% or 0%."""
    if 0.99 < p < 1:
        return ">99%"
    if 0 < p < 0.01:
        return "<1%"
    return f"{p:.0%}"


def horizon_for(outlook: Outlook) -> int:
    return max(model.DEFAULT_HORIZON, outlook.view.deadline)


def latest_split(dataset: Dataset, source: str) -> pd.Series | None:
    """The latest annual row of a source with both Kazakhstan's exports to and imports from China."""
    annual = dataset.annual(source).dropna(subset=["exports_kz_to_cn_usd_bn", "imports_kz_from_cn_usd_bn"])
    return None if annual.empty else annual.sort_values("year").iloc[-1]


def trend_window(dataset: Dataset, source: str, base_year: int, settings: ModelSettings) -> tuple[int, int]:
    if settings.trend_window is not None:
        return settings.trend_window
    years = [y for y in dataset.years(source) if y <= base_year]
    return (years[0] if years else base_year, base_year)


def model_path(dataset: Dataset, scenario: model.Scenario, settings: ModelSettings,
               horizon: int) -> tuple[pd.DataFrame | None, str]:
    """The chosen growth model's path for one source, and a sentence saying what it assumes."""
    source, base, year0, g = scenario.source, scenario.base_value, scenario.base_year, scenario.growth_pct
    try:
        if settings.growth_model == "constant":
            return (uncertainty.constant_path(base, year0, g, horizon, source=source),
                    f"{g:+g}% a year from {year0}")
        if settings.growth_model == "decay":
            path = uncertainty.decaying_path(base, year0, g, settings.long_run_pct, settings.half_life_years,
                                             horizon, source=source)
            return path, (f"{g:+g}% in the first year, halving its distance to {settings.long_run_pct:+g}% "
                          f"every {settings.half_life_years:g} years")
        if settings.growth_model == "trend":
            window = trend_window(dataset, source, year0, settings)
            path = uncertainty.loglinear_trend(dataset.annual(source), window, horizon, source=source)
            return path, (f"log-linear trend fitted on {source}'s annual figures {window[0]}–{window[1]} "
                          f"({path['growth_pct'].iloc[0]:+.1f}% a year)")
        split = latest_split(dataset, source)
        if split is None:
            return None, f"{source} gives no year with both exports and imports, so the two-flow model cannot start"
        start = int(split["year"])
        if start >= horizon:
            return None, f"{source}'s latest split year {start} is not before the horizon {horizon}"
        path = uncertainty.two_flow_path(
            float(split["exports_kz_to_cn_usd_bn"]), float(split["imports_kz_from_cn_usd_bn"]), start,
            settings.export_growth_pct, settings.import_growth_pct, horizon, source=source,
        )
        return path, (f"from {source} {start} (the latest year with the split): Kazakhstan's exports "
                      f"{settings.export_growth_pct:+g}% a year, imports {settings.import_growth_pct:+g}% a year")
    except ValueError as exc:
        return None, str(exc)


def _constant(base: float, year0: int, growth: float, horizon: int) -> pd.DataFrame:
    years = np.arange(year0, horizon + 1)
    return pd.DataFrame({"year": years, "value_usd_bn": base * (1 + growth / 100) ** (years - year0)})


def named_scenarios(dataset: Dataset, scenario: model.Scenario, history_pct: np.ndarray, settings: ModelSettings,
                    user_path: pd.DataFrame | None, user_note: str, horizon: int) -> pd.DataFrame:
    """The named scenarios for one source, long-form: scenario, assumption, year, value_usd_bn."""
    source, base, year0 = scenario.source, scenario.base_value, scenario.base_year
    frames = []

    def add(name: str, assumption: str, path: pd.DataFrame, short: str) -> None:
        frames.append(path[["year", "value_usd_bn"]].assign(scenario=name, assumption=assumption, short=short))

    add("As reported, Nov 2023", f"{model.SEED_GROWTH_PCT:+g}% a year (the PM's ten-month figure)",
        _constant(base, year0, model.SEED_GROWTH_PCT, horizon), f"{model.SEED_GROWTH_PCT:+g}%")
    required = model.required_growth_pct(scenario)
    if required is not None:
        add("Required pace", f"{required:+.1f}% a year: the target exactly in {scenario.deadline}",
            _constant(base, year0, required, horizon), f"{required:+.1f}%")
    mean = float(np.mean(history_pct))
    add("Historical average", f"{mean:+.1f}% a year: mean of {source}'s {len(history_pct)} year-on-year rates",
        _constant(base, year0, mean, horizon), f"{mean:+.1f}%")
    before = [y for y in dataset.years(source) if y < PLEDGE_YEAR]
    if len(before) >= 2:
        trend = uncertainty.loglinear_trend(dataset.annual(source), (before[0], before[-1]), horizon, source=source)
        rate = float(trend["growth_pct"].iloc[0])
        add("Pre-pledge trend", f"{rate:+.1f}% a year: trend of {source} {before[0]}–{before[-1]}, "
            "before the May 2023 pledge", _constant(base, year0, rate, horizon), f"{rate:+.1f}%")
    slowdown = uncertainty.decaying_path(base, year0, scenario.growth_pct, SLOWDOWN_LONG_RUN_PCT,
                                         SLOWDOWN_HALF_LIFE, horizon, source=source)
    add("Slowdown", f"{scenario.growth_pct:+g}% fading to {SLOWDOWN_LONG_RUN_PCT:g}% (half-life "
        f"{SLOWDOWN_HALF_LIFE:g} years)", slowdown, f"{scenario.growth_pct:+g}%→{SLOWDOWN_LONG_RUN_PCT:g}%")
    if user_path is not None:
        add("Yours", user_note, user_path, MODELS[settings.growth_model].lower())
    frame = pd.concat(frames, ignore_index=True).assign(source=source)
    return frame[["source", "scenario", "assumption", "short", "year", "value_usd_bn"]]


def _year_number(reached: model.Reached) -> float:
    return float(reached.year) if reached.year is not None else math.nan


def sensitivity(dataset: Dataset, scenario: model.Scenario, outlook: Outlook) -> pd.DataFrame:
    """How the year reached and the value at the deadline move when one input changes.

    Swings: growth ±5 points; base year to the source's previous and next annual figure; target to
    the next lower and higher distinct target in the ledger; deadline ±3 years; source to the other one.
    """
    base_reached = model.year_reached(scenario)
    deadline = outlook.view.deadline
    base_value = model.value_in(scenario, deadline)
    rows = []

    def add(factor: str, case: str, setting: str, changed: model.Scenario, at: int = deadline) -> None:
        reached = model.year_reached(changed)
        rows.append({
            "source": scenario.source, "factor": factor, "case": case, "setting": setting,
            "year_reached": _year_number(reached), "year_reached_text": reached.describe(),
            "value_at_deadline_usd_bn": model.value_in(changed, at),
            "baseline_year_reached": _year_number(base_reached),
            "baseline_value_usd_bn": base_value,
        })

    g = scenario.growth_pct
    for case, delta in (("low", -GROWTH_SWING_PTS), ("high", GROWTH_SWING_PTS)):
        if g + delta > -100:
            add("growth", case, f"{g + delta:+g}% a year", replace(scenario, growth_pct=g + delta))
    years = dataset.years(scenario.source)
    earlier = [y for y in years if y < scenario.base_year]
    later = [y for y in years if scenario.base_year < y < deadline]
    for case, chosen in (("low", earlier[-1] if earlier else None), ("high", later[0] if later else None)):
        if chosen is not None:
            value = dataset.annual_value(scenario.source, chosen)
            add("base year", case, f"base {chosen} (${value:.1f}bn)",
                replace(scenario, base_year=chosen, base_value=value, horizon=max(scenario.horizon, chosen)))
    targets = sorted(set(float(t) for t in dataset.targets["target_usd_bn"]))
    lower = [t for t in targets if t < scenario.target_usd_bn]
    higher = [t for t in targets if t > scenario.target_usd_bn]
    for case, chosen in (("low", lower[-1] if lower else None), ("high", higher[0] if higher else None)):
        if chosen is not None:
            add("target", case, f"target ${chosen:g}bn", replace(scenario, target_usd_bn=chosen))
    for case, delta in (("low", -DEADLINE_SWING_YEARS), ("high", DEADLINE_SWING_YEARS)):
        moved = deadline + delta
        if moved > scenario.base_year:
            add("deadline", case, f"deadline {moved}", replace(scenario, deadline=moved), at=moved)
    other = next(s for s in SOURCES if s != scenario.source)
    other_value = dataset.annual_value(other, scenario.base_year)
    if other_value is not None:
        add("source", "other", f"{other}'s {scenario.base_year} figure (${other_value:.1f}bn)",
            replace(scenario, source=other, base_value=other_value))
    frame = pd.DataFrame(rows)
    frame["year_shift"] = frame["year_reached"] - frame["baseline_year_reached"]
    frame["value_shift_usd_bn"] = frame["value_at_deadline_usd_bn"] - frame["baseline_value_usd_bn"]
    return frame


def risk(dataset: Dataset, outlook: Outlook, settings: ModelSettings) -> Risk:
    """Fan, probabilities, model path, named scenarios and sensitivity for every source of the view."""
    horizon = horizon_for(outlook)
    by_source, problems = {}, dict(outlook.problems)
    for source, scenario in outlook.scenarios.items():
        try:
            history = uncertainty.history_for(dataset, source)
        except ValueError as exc:
            problems[source] = str(exc)
            continue
        spec = uncertainty.FanSpec(
            source=source, base_year=scenario.base_year, base_value=scenario.base_value,
            central_growth_pct=scenario.growth_pct, target_usd_bn=scenario.target_usd_bn, horizon=horizon,
            paths=settings.paths, seed=settings.seed, method=settings.method,
        )
        values = uncertainty.simulate(spec, history)
        fan = uncertainty.percentiles(spec, values).drop(columns="source")
        fan["central"] = scenario.base_value * (1 + scenario.rate) ** (fan["year"] - scenario.base_year)
        probability = uncertainty.reach_probability(spec, values).drop(columns="source")
        path, note = model_path(dataset, scenario, settings, horizon)
        latest = max(dataset.years(source))
        from_latest = model.year_reached(replace(
            scenario, base_year=latest, base_value=dataset.annual_value(source, latest),
            deadline=None, horizon=max(scenario.horizon, latest)))
        years_to = None if from_latest.year is None else from_latest.year - latest
        by_source[source] = SourceRisk(
            source=source, fan=fan, probability=probability, history_pct=tuple(float(h) for h in history),
            path=path, path_note=note,
            scenarios=named_scenarios(dataset, scenario, history, settings, path, note, horizon),
            sensitivity=sensitivity(dataset, scenario, outlook),
            required_pct=model.required_growth_pct(scenario),
            years_to_target=years_to, latest_year=latest,
            met_year=model.verdict(dataset, source, scenario.target_usd_bn).met_year,
        )
    return Risk(settings=settings, horizon=horizon, by_source=by_source, problems=problems)
