"""Uncertainty and alternatives around a view: the fan, reach probabilities, growth models,
named scenarios, the required-growth gauge and sensitivity. Pure: no streamlit.

Two ways in, same numbers:

* per source, for one question at a time: :func:`fan_for`, :func:`probability_frame`,
  :func:`model_paths`, :func:`named_scenarios`, :func:`gauge`, :func:`sensitivity`;
* all at once: :func:`risk` computes everything for every source of the view (one simulation per
  source) into a :class:`Risk`, which the UI caches and every chart of
  :mod:`tradetarget.outlook_charts` reads.

Each source is handled on its own figures; nothing here mixes GACC and BNS. A source that cannot
be computed (no base-year figure, too little history, no export/import split) is reported as a
readable message in the returned structure, never as an exception.

Statistical choices (also stated on the charts):

* The fan is centred on the slider rate; only the *spread* comes from the source's own
  year-on-year growth rates (de-meaned), resampled with replacement (bootstrap) or drawn from a
  normal distribution with their sample standard deviation. Years are drawn independently.
* "Historical average" is the compound (geometric) mean of the source's year-on-year rates,
  ``(prod(1 + g_i)) ** (1 / n) - 1``: the rate that, compounded, reproduces their combined growth.
  The arithmetic mean would overstate compound growth when rates swing.
* The chance of reaching the target by a year counts a path once it has been at or above the
  target in any year up to then.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd

from tradetarget import model, uncertainty
from tradetarget.answer import Answer, answer_for, even_odds_year
from tradetarget.data import SOURCES, Dataset
from tradetarget.i18n import Messages, messages
from tradetarget.scenario import GROWTH_RANGE, Outlook
from tradetarget.uncertainty import ModelError, error_text, num_g, pct_f, pct_g

# --- controls: choices, ranges and steps (the UI builds its URL-bound widgets from these) -------------
MODELS = {
    "constant": "Constant growth",
    "decay": "Growth decaying to a long-run rate",
    "trend": "Log-linear trend fitted on history",
    "two-flow": "Exports and imports grown separately",
}
MODEL_NAMES = tuple(MODELS)
LONG_RUN_RANGE, LONG_RUN_STEP = (-10.0, 30.0), 0.5
HALF_LIFE_RANGE, HALF_LIFE_STEP = (0.5, 15.0), 0.5
FLOW_RANGE, FLOW_STEP = GROWTH_RANGE, 0.5
PATHS_RANGE, PATHS_STEP = (1_000, 100_000), 1_000
SEED_RANGE = (0, 2**32 - 1)
TREND_YEAR_RANGE = (1990, 2100)
"""Plausible calendar years for a trend window; the UI narrows it to the years in the data."""
METHOD_LABELS = {
    "bootstrap": "Bootstrap: resample the source's own year-on-year deviations",
    "normal": "Normal: draws with the standard deviation of those deviations",
}
METHODS = tuple(METHOD_LABELS)
METHOD_SENTENCES = {
    "bootstrap": "bootstrap: each simulated year moves the slider rate by one of the source's own past yearly changes "
                 "minus their mean (in log terms), drawn with replacement; every path has its mirror image, so the "
                 "median path grows at the slider rate",
    "normal": "fitted normal: each simulated year moves the slider rate by a normal draw (in log terms) with the "
              "standard deviation of the source's own past yearly changes; every path has its mirror image, so the "
              "median path grows at the slider rate",
}
"""Self-contained wording of each spread method for chart subtitles and footers."""


def model_label(name: str, lang: str = "en") -> str:
    """A growth model's name (a key of :data:`MODELS`) in ``lang``: the radio's format_func."""
    return messages(lang)(f"outlook.model.{name}")


def model_caption(name: str, lang: str = "en") -> str:
    """A growth model's one-line caption in ``lang``: 'the slider rate every year' ..."""
    return messages(lang)(f"outlook.model.caption.{name}")


def method_label(name: str, lang: str = "en") -> str:
    """A spread method's name (a key of :data:`METHOD_LABELS`) in ``lang``."""
    return messages(lang)(f"outlook.method.{name}")


def method_caption(name: str, lang: str = "en") -> str:
    """A spread method's one-line caption in ``lang``."""
    return messages(lang)(f"outlook.method.caption.{name}")


def method_sentence(name: str, lang: str = "en") -> str:
    """:data:`METHOD_SENTENCES` in ``lang``."""
    return messages(lang)(f"outlook.method.sentence.{name}")

# --- named scenarios and sensitivity: fixed, documented assumptions -----------------------------------
AS_REPORTED_PCT = model.SEED_GROWTH_PCT
"""PM Smailov, 27 Nov 2023: "+24% in ten months" (Kazakh-side data)."""
PLEDGE_YEAR = 2023
"""The $40bn-by-2030 goal was proposed on 17 May 2023: the pre-pledge trend uses years before it."""
SLOWDOWN_LONG_RUN_PCT, SLOWDOWN_HALF_LIFE = 3.0, 2.0
"""Slowdown: growth starts at the slider rate and halves its distance to +3% a year every 2 years."""
GROWTH_SWING_PTS, DEADLINE_SWING_YEARS = 5.0, 3
SCENARIO_NAMES = ("As reported, Nov 2023", "Required pace", "Historical average", "Pre-pledge trend", "Slowdown",
                  "Yours")
SENSITIVITY_FACTORS = ("growth", "base year", "target", "deadline", "source")
SWINGS = {
    "growth": f"the slider rate ±{GROWTH_SWING_PTS:g} points",
    "base year": "the source's previous and next annual figure (before the deadline)",
    "target": "the next lower and next higher target in the pledge ledger",
    "deadline": f"±{DEADLINE_SWING_YEARS} years",
    "source": "the other source's figure for the same base year",
}
"""What each sensitivity factor is swung to, in words (for footers and help texts)."""
SCENARIO_KEYS = {"As reported, Nov 2023": "as_reported", "Required pace": "required", "Historical average": "average",
                 "Pre-pledge trend": "pre_pledge", "Slowdown": "slowdown", "Yours": "yours", "actual": "actual"}
"""Each scenario's name (the ``scenario`` column, a stable key) -> its catalogue key ``outlook.scenario.<key>``."""
PM_DATE = date(2023, 11, 27)


def _key(name: str) -> str:
    return name.replace(" ", "_")


def swing_text(factor: str, lang: str = "en") -> str:
    """:data:`SWINGS` in ``lang``."""
    t = messages(lang)
    return t(f"outlook.swing.{_key(factor)}", points=num_g(t, GROWTH_SWING_PTS), years=t.years(DEADLINE_SWING_YEARS))


def factor_label(factor: str, lang: str = "en") -> str:
    """A sensitivity factor (the ``factor`` column, a key of :data:`SWINGS`) in words: 'base year'."""
    return messages(lang)(f"outlook.factor.{_key(factor)}")


def scenario_label(name: str, lang: str = "en", short: bool = False) -> str:
    """A named scenario (the ``scenario`` column) in ``lang``; ``short`` drops the date of 'As reported'."""
    t = messages(lang)
    key = f"outlook.scenario.{SCENARIO_KEYS.get(name, name)}"
    return t(f"{key}.short") if short and t.has(f"{key}.short") else t(key) if t.has(key) else name

SCENARIO_COLUMNS = ["source", "scenario", "assumption", "short", "year", "value_usd_bn"]
SENSITIVITY_COLUMNS = ["source", "factor", "case", "setting", "year_reached", "year_reached_text",
                       "value_at_deadline_usd_bn", "baseline_year_reached", "baseline_value_usd_bn",
                       "year_shift", "value_shift_usd_bn"]
PATH_COLUMNS = ["source", "model", "year", "value_usd_bn", "growth_pct", "exports_usd_bn", "imports_usd_bn",
                "balance_usd_bn"]
FAN_COLUMNS = ["source", "year", "p10", "p25", "p50", "p75", "p90", "central"]
PROBABILITY_COLUMNS = ["source", "year", "probability"]


def _number(name: str, value: object, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ModelError("finite", f"{name} must be a finite number, got {value!r}", name=name, value=repr(value))
    if not low <= value <= high:
        raise ModelError("between", f"{name} must be between {low:g} and {high:g}, got {value:g}", name=name,
                         low=float(low), high=float(high), value=float(value))


def _whole(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not low <= value <= high:
        raise ModelError("whole", f"{name} must be a whole number from {low:,} to {high:,}, got {value!r}",
                         name=name, low=low, high=high, value=repr(value))


def settings_error(error: Exception, lang: str = "en") -> str:
    """A settings or model error for a reader, in ``lang`` (``str(error)`` is the English one)."""
    return error_text(error, lang)


@dataclass(frozen=True)
class ModelSettings:
    """The uncertainty page's own controls (the view's growth, base year, target and deadline live in
    :class:`~tradetarget.scenario.View`). Invalid input raises ``ValueError`` naming the field.

    Field order is part of the API: the UI rebuilds settings with ``ModelSettings(*astuple(s))``.
    """

    growth_model: str = "constant"
    """One of :data:`MODEL_NAMES`."""
    long_run_pct: float = 5.0
    """Decay model: the rate growth tends to, % a year (:data:`LONG_RUN_RANGE`)."""
    half_life_years: float = 3.0
    """Decay model: years for the gap to the long-run rate to halve (:data:`HALF_LIFE_RANGE`)."""
    trend_window: tuple[int, int] | None = None
    """Trend model: first and last year of history; None means every year up to the base year."""
    export_growth_pct: float = model.SEED_GROWTH_PCT
    """Two-flow model: growth of Kazakhstan's exports to China, % a year (:data:`FLOW_RANGE`)."""
    import_growth_pct: float = model.SEED_GROWTH_PCT
    """Two-flow model: growth of Kazakhstan's imports from China, % a year (:data:`FLOW_RANGE`)."""
    method: str = "bootstrap"
    """Fan spread, one of :data:`METHODS`."""
    paths: int = 10_000
    """Simulated paths per source (:data:`PATHS_RANGE`)."""
    seed: int = 20231127
    """Random seed: the same settings always give the same fan (:data:`SEED_RANGE`)."""

    def __post_init__(self) -> None:
        if self.growth_model not in MODELS:
            raise ModelError("unknown_model",
                             f"unknown growth model '{self.growth_model}': use one of {', '.join(MODELS)}",
                             value=str(self.growth_model), choices=", ".join(MODELS))
        if self.method not in METHOD_LABELS:
            raise ModelError("unknown_method",
                             f"unknown spread method '{self.method}': use one of {', '.join(METHOD_LABELS)}",
                             value=str(self.method), choices=", ".join(METHOD_LABELS))
        _number("long_run_pct", self.long_run_pct, *LONG_RUN_RANGE)
        _number("half_life_years", self.half_life_years, *HALF_LIFE_RANGE)
        _number("export_growth_pct", self.export_growth_pct, *FLOW_RANGE)
        _number("import_growth_pct", self.import_growth_pct, *FLOW_RANGE)
        if self.trend_window is not None:
            window = self.trend_window
            if isinstance(window, str) or not hasattr(window, "__len__") or len(window) != 2:
                raise ModelError("window_two", f"the trend window must be two years (first, last), got {window!r}",
                                 value=repr(window))
            for year in window:
                _whole("a trend window year", year, *TREND_YEAR_RANGE)
            start, end = (int(y) for y in window)
            if start >= end:
                raise ModelError("window_span", f"the trend window {start}–{end} must span at least two years",
                                 first=start, last=end)
            object.__setattr__(self, "trend_window", (start, end))  # a list from a URL becomes a hashable tuple
        _whole("paths", self.paths, *PATHS_RANGE)
        _whole("seed", self.seed, *SEED_RANGE)

    def describe(self, lang: str = "en") -> str:
        """The growth model in a few words, with its own parameters."""
        t = messages(lang)
        if self.growth_model == "decay":
            return t("outlook.describe.decay", rate=pct_g(t, self.long_run_pct),
                     years=t.years(self.half_life_years))
        if self.growth_model == "trend":
            if self.trend_window is None:
                return t("outlook.describe.trend")
            return t("outlook.describe.trend_window", first=self.trend_window[0], last=self.trend_window[1])
        if self.growth_model == "two-flow":
            return t("outlook.describe.two-flow", exports=pct_g(t, self.export_growth_pct),
                     imports=pct_g(t, self.import_growth_pct))
        return t("outlook.describe.constant")


# --- small helpers ----------------------------------------------------------------------------------
CHANCE_STEP = 5
"""Chances are shown to the nearest 5 points: a few past growth rates cannot tell 89% from 90%."""
CHANCE_ENDS = (5, 95)
"""Below the first, a chance reads '<5%'; above the second, '>95%' (never '0%', '100%' or '>99%')."""
FEW_CHANGES = 6
"""Fewer past yearly changes than this behind a chance, and it carries a visible caution."""


def chance_points(p: float) -> int:
    """The chance as shown, in percentage points: a multiple of :data:`CHANCE_STEP` from 5 to 95, or 0 for
    "below 5%" and 100 for "above 95%". Non-decreasing in ``p``. A half step rounds up (52.5% -> 55%), as a
    reader rounds by hand; the share is first rounded to 1e-6 points so a share like 0.575, stored as
    57.49999…, does too. Every surface that shows a chance calls this (through :func:`chance`)."""
    if isinstance(p, bool) or not isinstance(p, int | float | np.floating) or not 0 <= p <= 1:
        raise ValueError(f"a chance must be a share from 0 to 1, got {p!r}")
    low, high = CHANCE_ENDS
    points = round(float(p) * 100, 6)
    if points < low:
        return 0
    if points > high:
        return 100
    return int(min(high, max(low, math.floor(points / CHANCE_STEP + 0.5) * CHANCE_STEP)))


def chance(p: float, lang: str = "en") -> str:
    """A simulated chance for people (:func:`chance_points`): '90%', '<5%', '>95%', in ``lang``'s format."""
    points = chance_points(p)
    low, high = CHANCE_ENDS
    if lang == "en":
        return f"<{low}%" if points == 0 else f">{high}%" if points == 100 else f"{points}%"
    t = messages(lang)
    return "<" + t.pct(low, 0) if points == 0 else ">" + t.pct(high, 0) if points == 100 else t.pct(points, 0)


def year_runs(years, lang: str = "en") -> str:
    """Calendar years with runs joined: '2021–2024', '2013, 2022–2025' (Chinese: '2013、2022—2025')."""
    runs: list[list[int]] = []
    for year in sorted({int(y) for y in years}):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    dash = "—" if lang == "zh" else "–"
    parts = [str(r[0]) if len(r) == 1 else f"{r[0]}{dash}{r[-1]}" for r in runs]
    return ("、" if lang == "zh" else ", ").join(parts)


def basis_words(years, lang: str = "en") -> str:
    """What a chance rests on: 'from 4 yearly changes, 2021–2024' (each change is one pair of consecutive annual
    figures; the year is the later one's)."""
    years = tuple(years)
    return messages(lang).n("outlook.basis", len(years), years=year_runs(years, lang))


def few_changes(years) -> bool:
    """Whether a chance rests on fewer than :data:`FEW_CHANGES` past yearly changes (it then carries a caution)."""
    return len(tuple(years)) < FEW_CHANGES


def constant_note(growth_pct: float, lang: str = "en") -> str:
    """Where the growth model acts and where it does not: the chances, the fan and the chance chart always assume
    constant growth at the slider rate; the growth model changes its own tab and the scenarios' "Yours" line."""
    t = messages(lang)
    return t("outlook.ui.fixed_model", rate=pct_g(t, growth_pct), tab=t("pages.uncertainty.tab.model"),
             yours=scenario_label("Yours", lang))


def horizon_for(outlook: Outlook) -> int:
    """Last simulated year: 2035, or the deadline if later."""
    return max(model.DEFAULT_HORIZON, outlook.deadline or 0, *(s.base_year + 1 for s in outlook.scenarios.values()))


def _unavailable(outlook: Outlook, source: str) -> str:
    if source in outlook.problems:
        return outlook.problems[source]
    t = messages(outlook.view.lang)
    if source not in SOURCES:
        return t("outlook.error.unknown_source", source=source, choices=", ".join(SOURCES))
    return t("outlook.problem.not_in_view", source=source, sources=", ".join(outlook.view.sources))


def _too_little(t: Messages, source: str, n: int) -> str:
    return t.n("outlook.problem.little_history", n, source=source)


def _empty(columns: list[str], problem: str) -> pd.DataFrame:
    frame = pd.DataFrame(columns=columns)
    frame.attrs["problem"] = problem
    return frame


def problem_of(frame: pd.DataFrame) -> str | None:
    """Why a frame from this module is empty or incomplete (None if nothing is missing)."""
    return frame.attrs.get("problem")


def history(dataset: Dataset, source: str) -> pd.DataFrame:
    """The source's year-on-year growth rates: year, growth_pct, status (consecutive annual figures only)."""
    return model.historical_growth(dataset, source)[["year", "growth_pct", "status"]]


def compound_mean_pct(rates_pct: np.ndarray | list[float]) -> float:
    """Geometric mean growth: ``(prod(1 + g_i)) ** (1 / n) - 1``, in %."""
    rates = np.asarray(rates_pct, dtype=float)
    if rates.size == 0:
        raise ValueError("a mean needs at least one growth rate")
    return float(np.expm1(np.mean(np.log1p(rates / 100))) * 100)


# --- the fan and reach probabilities ----------------------------------------------------------------
@dataclass(frozen=True)
class SourceFan:
    """One source's simulation: percentile fan, reach probability and the history that set the spread."""

    source: str
    fan: pd.DataFrame  # FAN_COLUMNS
    probability: pd.DataFrame  # PROBABILITY_COLUMNS
    history_pct: tuple[float, ...] = ()
    history_years: tuple[int, ...] = ()
    problem: str | None = None

    def probability_by(self, year: int) -> float | None:
        """P(target reached in some year up to ``year``); None outside the simulated years."""
        rows = self.probability.loc[self.probability["year"] == year, "probability"]
        return None if rows.empty else float(rows.iloc[0])


def _fan(scenario: model.Scenario, rates: np.ndarray, settings: ModelSettings,
         horizon: int, answer: Answer | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The fan and the chance of reaching the target by each year. With ``answer``, a year up to the
    latest actual one (or after the actual figures met the target) gets 1 or 0 from the data."""
    spec = uncertainty.FanSpec(
        source=scenario.source, base_year=scenario.base_year, base_value=scenario.base_value,
        central_growth_pct=scenario.growth_pct, target_usd_bn=scenario.target_usd_bn, horizon=horizon,
        paths=settings.paths, seed=settings.seed, method=settings.method,
    )
    values = uncertainty.simulate(spec, rates)
    fan = uncertainty.percentiles(spec, values)
    fan["central"] = scenario.base_value * (1 + scenario.rate) ** (fan["year"] - scenario.base_year)
    probability = uncertainty.reach_probability(spec, values)
    if answer is not None:
        probability["probability"] = [answer.chance_by(int(y), float(p))
                                      for y, p in zip(probability["year"], probability["probability"], strict=True)]
        known = range(min(model.SEED_BASE_YEAR, scenario.base_year), scenario.base_year)
        probability = pd.concat([pd.DataFrame({"source": scenario.source, "year": list(known),
                                               "probability": [answer.chance_by(y, None) for y in known]}),
                                 probability], ignore_index=True)
    return fan, probability


def fan_for(dataset: Dataset, outlook: Outlook, settings: ModelSettings, source: str) -> SourceFan:
    """The fan (10/25/50/75/90th percentiles and the constant-growth centre line) and the chance of
    reaching the target by each year, for one source. Empty frames and a ``problem`` if impossible."""
    empty = SourceFan(source, pd.DataFrame(columns=FAN_COLUMNS), pd.DataFrame(columns=PROBABILITY_COLUMNS))
    scenario = outlook.scenarios.get(source)
    if scenario is None:
        return replace(empty, problem=_unavailable(outlook, source))
    hist = history(dataset, source)
    if len(hist) < 2:
        return replace(empty, problem=_too_little(messages(outlook.view.lang), source, len(hist)))
    fan, probability = _fan(scenario, hist["growth_pct"].to_numpy(dtype=float), settings, horizon_for(outlook),
                            outlook.answers.get(source))
    return SourceFan(source, fan, probability, tuple(float(g) for g in hist["growth_pct"]),
                     tuple(int(y) for y in hist["year"]))


def probability_frame(dataset: Dataset, outlook: Outlook, settings: ModelSettings) -> pd.DataFrame:
    """Long-form chance of reaching the target by each year, every source of the view: source, year,
    probability. Sources that cannot be simulated are absent; ``problem_of`` says why."""
    fans = [fan_for(dataset, outlook, settings, s) for s in outlook.view.sources]
    frame = pd.concat([f.probability for f in fans if f.problem is None] or [pd.DataFrame(columns=PROBABILITY_COLUMNS)],
                      ignore_index=True)
    t = messages(outlook.view.lang)
    problems = t("charts.list_separator").join(t("outlook.chart.labelled", name=f.source, text=f.problem)
                                               for f in fans if f.problem)
    if problems:
        frame.attrs["problem"] = problems
    return frame


# --- growth models ----------------------------------------------------------------------------------
def latest_split(dataset: Dataset, source: str) -> pd.Series | None:
    """The latest annual row of a source with both Kazakhstan's exports to and imports from China."""
    annual = dataset.annual(source).dropna(subset=["exports_kz_to_cn_usd_bn", "imports_kz_from_cn_usd_bn"])
    return None if annual.empty else annual.sort_values("year").iloc[-1]


def trend_window(dataset: Dataset, source: str, base_year: int, settings: ModelSettings) -> tuple[int, int]:
    """The settings' window, or every year of the source up to the base year."""
    if settings.trend_window is not None:
        return settings.trend_window
    years = [y for y in dataset.years(source) if y <= base_year]
    return (years[0] if years else base_year, base_year)


def _decay_words(t: Messages, start_pct: float, year: int, long_run_pct: float, half_life: float) -> str:
    return t("outlook.path.decay", rate=pct_g(t, start_pct), year=year, long_run=pct_g(t, long_run_pct),
             years=t.years(half_life))


def model_path(dataset: Dataset, scenario: model.Scenario, settings: ModelSettings,
               horizon: int, lang: str = "en") -> tuple[pd.DataFrame | None, str]:
    """The chosen growth model's path for one source, and a sentence in ``lang`` saying what it assumes
    (or, with no path, why not). Columns: :data:`PATH_COLUMNS` (flows are NaN except for two-flow)."""
    source, base, year0, g = scenario.source, scenario.base_value, scenario.base_year, scenario.growth_pct
    t = messages(lang)
    try:
        if settings.growth_model == "constant":
            return (_with_flows(uncertainty.constant_path(base, year0, g, horizon, source=source)),
                    t("outlook.path.constant", rate=pct_g(t, g), source=source, year=year0, value=t.money(base)))
        if settings.growth_model == "decay":
            path = uncertainty.decaying_path(base, year0, g, settings.long_run_pct, settings.half_life_years,
                                             horizon, source=source)
            return _with_flows(path), _decay_words(t, g, year0, settings.long_run_pct, settings.half_life_years)
        if settings.growth_model == "trend":
            window = trend_window(dataset, source, year0, settings)
            path = uncertainty.loglinear_trend(dataset.annual(source), window, horizon, source=source)
            used = [y for y in dataset.years(source) if window[0] <= y <= window[1]]
            return _with_flows(path), t.n("outlook.path.trend", len(used), source=source, first=window[0],
                                          last=window[1], rate=pct_f(t, path["growth_pct"].iloc[0]))
        split = latest_split(dataset, source)
        if split is None:
            return None, t("outlook.path.no_split", source=source)
        start = int(split["year"])
        if start >= horizon:
            return None, t("outlook.path.split_late", source=source, year=start, horizon=horizon)
        path = uncertainty.two_flow_path(
            float(split["exports_kz_to_cn_usd_bn"]), float(split["imports_kz_from_cn_usd_bn"]), start,
            settings.export_growth_pct, settings.import_growth_pct, horizon, source=source,
        )
        growth = path["value_usd_bn"].pct_change() * 100
        path = path.assign(growth_pct=growth)[PATH_COLUMNS]
        return path, t("outlook.path.two-flow", source=source, year=start,
                       exports=pct_g(t, settings.export_growth_pct), imports=pct_g(t, settings.import_growth_pct))
    except ValueError as exc:
        return None, error_text(exc, lang)


def _with_flows(path: pd.DataFrame) -> pd.DataFrame:
    return path.assign(exports_usd_bn=math.nan, imports_usd_bn=math.nan, balance_usd_bn=math.nan)[PATH_COLUMNS]


@dataclass(frozen=True)
class ModelPaths:
    """The chosen growth model for every source of a view."""

    data: pd.DataFrame  # PATH_COLUMNS, long-form, every source that could be computed
    notes: dict[str, str] = field(default_factory=dict)  # what each source's path assumes
    problems: dict[str, str] = field(default_factory=dict)  # why a source has no path


def model_paths(dataset: Dataset, outlook: Outlook, settings: ModelSettings) -> ModelPaths:
    """The settings' growth model (constant, decay, trend or two-flow) for each source of the view."""
    frames, notes, problems = [], {}, {}
    for source in outlook.view.sources:
        scenario = outlook.scenarios.get(source)
        if scenario is None:
            problems[source] = _unavailable(outlook, source)
            continue
        path, note = model_path(dataset, scenario, settings, horizon_for(outlook), outlook.view.lang)
        if path is None:
            problems[source] = note
        else:
            frames.append(path)
            notes[source] = note
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=PATH_COLUMNS)
    return ModelPaths(data, notes, problems)


# --- named scenarios --------------------------------------------------------------------------------
def _constant(base: float, year0: int, growth: float, horizon: int) -> pd.DataFrame:
    years = np.arange(year0, horizon + 1)
    return pd.DataFrame({"year": years, "value_usd_bn": base * (1 + growth / 100) ** (years - year0)})


def pre_pledge_figures(dataset: Dataset, source: str) -> tuple[pd.DataFrame, tuple[int, ...]]:
    """The annual figures the pre-pledge trend is fitted on: those before :data:`PLEDGE_YEAR` that are reported
    or provisional; and the years left out because their figure is marked uncertain."""
    annual = dataset.annual(source)
    before = annual[annual["year"] < PLEDGE_YEAR]
    uncertain = before["status"] == "uncertain"
    return before[~uncertain].sort_values("year"), tuple(sorted(int(y) for y in before.loc[uncertain, "year"]))


def _scenario_lines(dataset: Dataset, scenario: model.Scenario, hist: pd.DataFrame, user_path: pd.DataFrame | None,
                    user_note: str, user_short: str, horizon: int, answer: Answer | None = None,
                    lang: str = "en") -> pd.DataFrame:
    """The named scenarios' lines; ``scenario`` keeps the English name (a key), ``assumption`` and the
    reasons a scenario is left out are in ``lang``."""
    source, base, year0 = scenario.source, scenario.base_value, scenario.base_year
    t = messages(lang)
    columns: dict[str, list] = {"year": [], "value_usd_bn": [], "scenario": [], "assumption": [], "short": []}
    skipped = []

    def add(name: str, assumption: str, path: pd.DataFrame, short: str) -> None:
        for column, values in (("year", path["year"].tolist()), ("value_usd_bn", path["value_usd_bn"].tolist()),
                               ("scenario", [name] * len(path)), ("assumption", [assumption] * len(path)),
                               ("short", [short] * len(path))):
            columns[column].extend(values)

    def skip(name: str, reason: str) -> None:
        skipped.append(t("outlook.scenario.skipped", name=scenario_label(name, lang), reason=reason))

    add("As reported, Nov 2023", t("outlook.assume.as_reported", rate=pct_g(t, AS_REPORTED_PCT), year=year0,
                                   date=t.date(PM_DATE, "medium" if lang == "en" else "long")),
        _constant(base, year0, AS_REPORTED_PCT, horizon), pct_g(t, AS_REPORTED_PCT))
    required = None if answer is None else answer.required_pct
    if required is not None:
        add("Required pace", t("outlook.assume.required", rate=pct_f(t, required), year=year0,
                               target=t.money(scenario.target_usd_bn, None), deadline=answer.deadline),
            _constant(base, year0, required, horizon), pct_f(t, required))
    elif answer is not None:
        skip("Required pace", answer.required())
    if len(hist):
        mean = compound_mean_pct(hist["growth_pct"].to_numpy(dtype=float))
        years = [int(y) for y in hist["year"]]
        add("Historical average", t.n("outlook.assume.average", len(years), rate=pct_f(t, mean), source=source,
                                      years=("、" if lang == "zh" else ", ").join(str(y) for y in years)),
            _constant(base, year0, mean, horizon), pct_f(t, mean))
    else:
        skip("Historical average", t("outlook.skip.average", source=source))
    kept, left_out = pre_pledge_figures(dataset, source)
    before = [int(y) for y in kept["year"]]
    if len(before) >= 2:
        trend = uncertainty.loglinear_trend(kept, (before[0], before[-1]), horizon, source=source)
        rate = float(trend["growth_pct"].iloc[0])
        left = t("outlook.assume.left_out", years=year_runs(left_out, lang)) if left_out else ""
        add("Pre-pledge trend", t.n("outlook.assume.pre_pledge", len(before), rate=pct_f(t, rate), year=year0,
                                    source=source, first=before[0], last=before[-1]) + left,
            _constant(base, year0, rate, horizon), pct_f(t, rate))
    else:
        skip("Pre-pledge trend", t.n("outlook.skip.pre_pledge", len(before), source=source, year=PLEDGE_YEAR))
    g = scenario.growth_pct
    slowdown = uncertainty.decaying_path(base, year0, g, SLOWDOWN_LONG_RUN_PCT, SLOWDOWN_HALF_LIFE, horizon,
                                         source=source)
    add("Slowdown", _decay_words(t, g, year0, SLOWDOWN_LONG_RUN_PCT, SLOWDOWN_HALF_LIFE), slowdown,
        f"{pct_g(t, g)}→{pct_g(t, SLOWDOWN_LONG_RUN_PCT)}")
    if user_path is not None:
        add("Yours", user_note, user_path, user_short)
    else:
        skip("Yours", user_note)
    frame = pd.DataFrame({**columns, "source": source})[SCENARIO_COLUMNS]
    if skipped:
        frame.attrs["problem"] = t("charts.list_separator").join(skipped)  # "a; b" / "a；b"
    return frame


def named_scenarios(dataset: Dataset, outlook: Outlook, source: str,
                    settings: ModelSettings | None = None) -> pd.DataFrame:
    """The named scenarios for one source, long-form: :data:`SCENARIO_COLUMNS`.

    Every line starts from the source's base-year figure, except "Yours" with the trend or two-flow
    model (which start where their model does):

    * "As reported, Nov 2023": +24% a year, the PM's ten-month figure, held constant;
    * "Required pace": the constant rate that reaches the target exactly in the deadline year;
    * "Historical average": the compound mean of the source's year-on-year rates;
    * "Pre-pledge trend": the growth rate of a log-linear fit on the source's reported and provisional
      annual figures before 2023 (the $40bn-by-2030 pledge came in May 2023); figures marked uncertain are
      left out, and the assumption names their years;
    * "Slowdown": the slider rate in the first year, then halving its distance to +3% every 2 years;
    * "Yours": the settings' growth model (constant growth at the slider rate if ``settings`` is None).

    A scenario the data cannot support is left out and named in ``problem_of(frame)``.
    """
    scenario = outlook.scenarios.get(source)
    if scenario is None:
        return _empty(SCENARIO_COLUMNS, _unavailable(outlook, source))
    settings = settings or ModelSettings()
    lang = outlook.view.lang
    path, note = model_path(dataset, scenario, settings, horizon_for(outlook), lang)
    return _scenario_lines(dataset, scenario, history(dataset, source), path, note,
                           _short(settings, scenario, path, lang), horizon_for(outlook), outlook.answers.get(source),
                           lang)


def _short(settings: ModelSettings, scenario: model.Scenario, path: pd.DataFrame | None, lang: str = "en") -> str:
    """The user's growth assumption in a few characters, for legends and labels."""
    t = messages(lang)
    if settings.growth_model == "decay":
        return f"{pct_g(t, scenario.growth_pct)}→{pct_g(t, settings.long_run_pct)}"
    if settings.growth_model == "trend" and path is not None:
        return t("outlook.short.trend", rate=pct_f(t, path["growth_pct"].iloc[-1]))
    if settings.growth_model == "two-flow":
        return t("outlook.short.two-flow", exports=pct_g(t, settings.export_growth_pct),
                 imports=pct_g(t, settings.import_growth_pct))
    return pct_g(t, scenario.growth_pct)


# --- required-growth gauge --------------------------------------------------------------------------
@dataclass(frozen=True)
class Gauge:
    """The required rate beside the slider rate and the source's own history of growth rates; "required"
    and "when" come from the source's :class:`~tradetarget.answer.Answer`."""

    source: str
    slider_pct: float
    history: pd.DataFrame  # year, growth_pct, status
    average_pct: float | None  # compound mean of the history
    answer: Answer | None
    target_usd_bn: float
    problem: str | None = None

    @property
    def required_pct(self) -> float | None:
        return None if self.answer is None else self.answer.required_pct

    @property
    def deadline(self) -> int | None:
        return None if self.answer is None else self.answer.deadline

    @property
    def base_year(self) -> int | None:
        """Where the required pace starts: the jump-off, or the what-if year."""
        return None if self.answer is None else self.answer.start_year

    @property
    def latest_year(self) -> int | None:
        return None if self.answer is None else self.answer.latest_year

    @property
    def beaten_by(self) -> tuple[int, int]:
        """(how many past year-on-year rates were at or above the required rate, how many there are)."""
        if self.required_pct is None:
            return 0, len(self.history)
        return int((self.history["growth_pct"] >= self.required_pct - 1e-9).sum()), len(self.history)

    def years_text(self) -> str:
        """The calendar year the target is (or was) reached: '2026', '2023 (actual)', 'never at this rate' …"""
        return "—" if self.answer is None else self.answer.when()


def gauge(dataset: Dataset, outlook: Outlook, source: str) -> Gauge:
    """The answer's required growth and year reached, the slider rate, and the source's historical
    year-on-year rates with their compound mean."""
    hist = history(dataset, source) if source in SOURCES else pd.DataFrame(columns=["year", "growth_pct", "status"])
    average = compound_mean_pct(hist["growth_pct"].to_numpy(dtype=float)) if len(hist) else None
    answer = outlook.answers.get(source)
    problem = None if source in outlook.scenarios else _unavailable(outlook, source)
    return Gauge(source=source, slider_pct=outlook.view.growth_pct, history=hist.reset_index(drop=True),
                 average_pct=average, answer=answer, target_usd_bn=outlook.target_usd_bn, problem=problem)


# --- sensitivity ------------------------------------------------------------------------------------
def _answer(dataset: Dataset, source: str, row, growth: float, start, deadline, as_of, lang: str) -> Answer:
    return answer_for(dataset, source, row, growth, start, deadline, as_of, lang=lang)


def _sensitivity(dataset: Dataset, outlook: Outlook, answer: Answer, horizon: int) -> pd.DataFrame:
    """Each swing is a whole answer of its own (:func:`~tradetarget.answer.answer_for`), so a swing that
    the actual figures settle (met, missed) says so instead of projecting."""
    view, target = outlook.view, outlook.target
    t = messages(view.lang)
    deadline = outlook.deadline
    at = deadline if deadline is not None and deadline >= view.as_of.year else horizon  # a year still ahead

    def year_of(a: Answer) -> float:
        year = a.met_year if a.met_year is not None else a.projected_year
        return math.nan if year is None else float(year)

    def value_of(a: Answer, year: int) -> float:
        value = a.value_in(year)
        return math.nan if value is None else value

    def swing(source=answer.source, growth=view.growth_pct, start=view.base_year, row=target, deadline=view.deadline):
        return _answer(dataset, source, row, growth, start, deadline, view.as_of, view.lang)

    base_year, base_value = year_of(answer), value_of(answer, at)
    rows, never = [], []

    def add(factor: str, case: str, setting: str, changed: Answer, year: int = at) -> None:
        if changed.start_year is None:
            return
        if changed.met_year is None and changed.projected in ("never", "beyond"):
            never.append((factor, case))
        rows.append({
            "source": answer.source, "factor": factor, "case": case, "setting": setting,
            "year_reached": year_of(changed), "year_reached_text": changed.when(),
            "value_at_deadline_usd_bn": value_of(changed, year),
            "baseline_year_reached": base_year, "baseline_value_usd_bn": base_value,
        })

    g = view.growth_pct
    for case, delta in (("low", -GROWTH_SWING_PTS), ("high", GROWTH_SWING_PTS)):
        if g + delta > -100:
            add("growth", case, t("outlook.setting.growth", rate=pct_g(t, g + delta)), swing(growth=g + delta))
    start = answer.start_year
    years = dataset.years(answer.source)
    earlier = [y for y in years if start is not None and y < start]
    later = [y for y in years if start is not None and start < y <= answer.latest_year]
    for case, chosen in (("low", earlier[-1] if earlier else None), ("high", later[0] if later else None)):
        if chosen is not None:
            value = dataset.annual_value(answer.source, chosen)
            add("base year", case, t("outlook.setting.base_year", year=chosen, value=t.money(value)),
                swing(start=chosen))
    targets = sorted(set(float(t) for t in dataset.targets["target_usd_bn"]))
    lower = [t for t in targets if t < answer.target_usd_bn]
    higher = [t for t in targets if t > answer.target_usd_bn]
    for case, chosen in (("low", lower[-1] if lower else None), ("high", higher[0] if higher else None)):
        if chosen is not None:
            add("target", case, t("outlook.setting.target", value=t.money(chosen, None)),
                swing(row={**target, "target_usd_bn": chosen}))
    if answer.deadline is not None:
        for case, delta in (("low", -DEADLINE_SWING_YEARS), ("high", DEADLINE_SWING_YEARS)):
            moved = answer.deadline + delta
            if moved >= view.as_of.year:
                add("deadline", case, t("outlook.setting.deadline", year=moved), swing(deadline=moved), year=moved)
    other = next(s for s in SOURCES if s != answer.source)
    try:
        theirs = swing(source=other)
    except ValueError:
        theirs = None
    if theirs is not None and theirs.start_year is not None:
        add("source", "other", t("outlook.setting.source", source=other, year=theirs.start_year,
                                 value=t.money(theirs.start_value)), theirs)
    frame = pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS[:-2])
    frame["year_shift"] = frame["year_reached"] - frame["baseline_year_reached"]
    frame["value_shift_usd_bn"] = frame["value_at_deadline_usd_bn"] - frame["baseline_value_usd_bn"]
    frame.attrs["value_year"] = at
    frame.attrs["never"] = never  # (factor, case) of swings that never reach the target
    return frame


def sensitivity(dataset: Dataset, outlook: Outlook, source: str) -> pd.DataFrame:
    """Tornado rows for one source (:data:`SENSITIVITY_COLUMNS`): how the year the target is reached and
    the value at the deadline move when one input changes, everything else as in the view.

    Swings (:data:`SWINGS`): growth ±5 points; base year to the source's previous and next annual
    figure (a gap year is skipped; "next" must be before the deadline); target to the next lower and
    next higher distinct target in the pledge ledger; deadline ±3 years (the value is then read at
    the moved deadline); source to the other source's figure for the same base year (same growth).
    A swing the data cannot make is left out. ``case`` is low / high / other; ``year_reached`` is NaN
    when the target is never reached (``year_reached_text`` says so).
    """
    if source not in outlook.scenarios:
        return _empty(SENSITIVITY_COLUMNS, _unavailable(outlook, source))
    return _sensitivity(dataset, outlook, outlook.answers[source], horizon_for(outlook))


# --- everything at once -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceRisk:
    """Everything the uncertainty page shows for one source."""

    source: str
    fan: pd.DataFrame  # year, p10, p25, p50, p75, p90, central
    probability: pd.DataFrame  # year, probability (target reached in some year up to this one)
    history_pct: tuple[float, ...]
    path: pd.DataFrame | None  # the chosen growth model's path (None if it cannot be computed)
    path_note: str
    scenarios: pd.DataFrame  # SCENARIO_COLUMNS
    sensitivity: pd.DataFrame  # SENSITIVITY_COLUMNS
    answer: Answer
    """The source's answer: met, when, required; the simulation never overrides it."""
    gauge: Gauge | None = None
    history_years: tuple[int, ...] = ()
    scenario_note: str | None = None
    """Named scenarios the data could not support, and why (None: all drawn)."""

    @property
    def required_pct(self) -> float | None:
        return self.answer.required_pct

    @property
    def latest_year(self) -> int:
        return self.answer.latest_year

    @property
    def met_year(self) -> int | None:
        """The first year an actual annual figure reached the target (None: not yet)."""
        return self.answer.met_year


@dataclass(frozen=True)
class Risk:
    settings: ModelSettings
    horizon: int
    by_source: dict[str, SourceRisk] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    lang: str = "en"
    """The language of every text in it (the view's)."""

    def chance_text(self, source: str) -> str:
        """The chance of reaching the target by the deadline in force, for people. The actual figures come
        first (met, missed); without a deadline there is no such chance (see :meth:`even_odds_text`)."""
        a, t = self.by_source[source].answer, messages(self.lang)
        if a.status == "met":
            return t("outlook.chance.met", year=a.met_year)
        if a.status == "missed":
            return t("outlook.chance.missed", year=a.deadline)
        if a.deadline is None:
            return t("outlook.chance.no_deadline")
        p = self.probability_by(source, a.deadline)
        return "—" if p is None else chance(p, self.lang)

    def probability_by(self, source: str, year: int) -> float | None:
        """The chance the target has been reached by ``year`` (None outside the simulated years)."""
        prob = self.by_source[source].probability
        rows = prob.loc[prob["year"] == year, "probability"]
        return None if rows.empty else float(rows.iloc[0])

    def simulated(self, source: str) -> bool:
        """Whether this source's chances come from the simulation (not yet met, not missed): only those rest on
        past yearly changes; met and missed are read from the actual figures."""
        return self.by_source[source].answer.status == "not_yet"

    def changes(self, source: str) -> tuple[int, ...]:
        """The years of the past yearly changes the source's fan and chances rest on (consecutive annual
        figures only; the later year of each pair)."""
        return self.by_source[source].history_years

    def basis_text(self, source: str) -> str:
        """'from 4 yearly changes, 2021–2024': stated beside every simulated chance of the source."""
        return basis_words(self.changes(source), self.lang)

    def caution_text(self) -> str | None:
        """One caution naming each source whose simulated chances rest on fewer than :data:`FEW_CHANGES` past
        yearly changes; None when no shown chance does."""
        t = messages(self.lang)
        parts = [t.n("outlook.caution.part", len(self.changes(s)), source=s,
                     years=year_runs(self.changes(s), self.lang))
                 for s in self.by_source if self.simulated(s) and few_changes(self.changes(s))]
        if not parts:
            return None
        return t("outlook.caution", parts=t("outlook.caution.join").join(parts), least=FEW_CHANGES)

    def even_odds_text(self, source: str) -> str:
        """The first calendar year with at least an even chance: '2027', '2023 (actual)', 'not by 2035'."""
        a, t = self.by_source[source].answer, messages(self.lang)
        if a.met_year is not None:
            return t("outlook.even.actual", year=a.met_year)
        year = even_odds_year(self.by_source[source].probability)
        return t("outlook.even.not_by", year=self.horizon) if year is None else str(year)


def risk(dataset: Dataset, outlook: Outlook, settings: ModelSettings) -> Risk:
    """Fan, probabilities, model path, named scenarios, gauge and sensitivity for every source of the view.

    A source that cannot be simulated is in ``problems`` with the reason, never an exception.
    """
    horizon, lang = horizon_for(outlook), outlook.view.lang
    by_source, problems = {}, {s: p for s, p in outlook.problems.items() if s in outlook.view.sources}
    for source, scenario in outlook.scenarios.items():
        hist = history(dataset, source)
        if len(hist) < 2:
            problems[source] = _too_little(messages(lang), source, len(hist))
            continue
        rates = hist["growth_pct"].to_numpy(dtype=float)
        answer = outlook.answers[source]
        fan, probability = _fan(scenario, rates, settings, horizon, answer)
        path, note = model_path(dataset, scenario, settings, horizon, lang)
        scenarios = _scenario_lines(dataset, scenario, hist, path, note, _short(settings, scenario, path, lang),
                                    horizon, answer, lang)
        by_source[source] = SourceRisk(
            source=source, fan=fan.drop(columns="source"), probability=probability.drop(columns="source"),
            history_pct=tuple(float(h) for h in rates), path=path, path_note=note, scenarios=scenarios,
            sensitivity=_sensitivity(dataset, outlook, answer, horizon), answer=answer,
            gauge=gauge(dataset, outlook, source), history_years=tuple(int(y) for y in hist["year"]),
            scenario_note=problem_of(scenarios),
        )
    return Risk(settings=settings, horizon=horizon, by_source=by_source, problems=problems, lang=lang)
