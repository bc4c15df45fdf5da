"""Uncertainty around a projection: Monte Carlo fans, target probabilities, growth-path models.

The fan keeps the dashboard's idea of a *chosen* growth rate: the slider sets the
centre, and the source's own history sets only the spread. Growth compounds, so the
simulation works in log growth: each simulated year's growth factor is
``(1 + central) * exp(spread_scale * shock)``, where the shock is a de-meaned historical
log growth rate ``ln(1 + g)`` (bootstrap) or a normal draw with their sample standard
deviation. Every path is drawn with its mirror image (the same shocks with the opposite
sign: antithetic pairs), so the shocks are symmetric about zero and the median path is
exactly ``base * (1 + central) ** t``: the slider rate is the median growth, half the
simulated paths above it, half below. Everything is vectorised over paths; one source at a
time, never GACC and BNS blended.

Why (issue 20): shocks drawn in % around the arithmetic mean of four skewed rates (BNS:
+20, +34, +30, -4%) put each simulated year on one of a handful of discrete outcomes, and
the 50th percentile of each year jumped between those atoms by sampling noise; with three
rises and one fall the atoms' median also sat above their mean. At a +10% centre the BNS
median rose to $39.8bn in 2026 and fell to $38.5bn in 2027. Mirrored log shocks make every
year's sample symmetric about the centre, so its median is the centre, whatever the atoms.

The growth-path models at the end are deterministic alternatives to constant
growth (decaying, log-linear trend, exports and imports grown separately).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradetarget.data import SOURCES, Dataset
from tradetarget.i18n import Messages, messages
from tradetarget.model import historical_growth

METHODS = ("bootstrap", "normal")
PERCENTILES = (10, 25, 50, 75, 90)
MAX_HORIZON_YEARS = 100


# --- words: errors a reader may see, and numbers in the reader's language ------------------------------
class ModelError(ValueError):
    """A ``ValueError`` that also carries its catalogue key and parameters, so a page can show it in the
    reader's language (:meth:`text`); ``str(error)`` stays the English message."""

    def __init__(self, key: str, english: str, **params) -> None:
        super().__init__(english)
        self.key, self.params = key, params

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``: the English one itself, or the catalogue's ``outlook.error.<key>``."""
        if lang == "en":
            return str(self)
        t = messages(lang)
        return t(f"outlook.error.{self.key}", **{k: _param(t, k, v) for k, v in self.params.items()})


def error_text(error: Exception, lang: str = "en") -> str:
    """Any error for a reader: a :class:`ModelError` in ``lang``, anything else as it is."""
    return error.text(lang) if isinstance(error, ModelError) else str(error)


FIELDS = {
    "the base value": "base_value", "the target": "target", "the central growth": "central_growth",
    "growth": "growth", "the start growth": "start_growth", "the long-run growth": "long_run_growth",
    "the half-life": "half_life", "exports": "exports", "imports": "imports", "export growth": "export_growth",
    "import growth": "import_growth", "the spread scale": "spread_scale", "long_run_pct": "long_run_pct",
    "half_life_years": "half_life_years", "export_growth_pct": "export_growth_pct",
    "import_growth_pct": "import_growth_pct", "a trend window year": "trend_year", "paths": "paths", "seed": "seed",
}
"""The English name of each checked field -> its catalogue key ``outlook.field.<key>``."""


def _param(t: Messages, key: str, value: object) -> str:
    if key == "name" and value in FIELDS:
        return t(f"outlook.field.{FIELDS[value]}")
    if isinstance(value, float):
        return num_g(t, value)
    return str(value)


def _decimals(value: float) -> int:
    text = f"{value:g}"
    return 0 if "." not in text or "e" in text else len(text.split(".")[1].split("e")[0])


def num_g(t: Messages, value: float) -> str:
    """``f"{value:g}"`` in the language's digits: "12.5" / "12,5"."""
    return f"{value:g}" if t.lang == "en" else t.num(value, _decimals(value))


def signed_g(t: Messages, value: float) -> str:
    """``f"{value:+g}"`` in the language's digits: "+12.5" / "+12,5"."""
    return f"{value:+g}" if t.lang == "en" else t.signed(value, _decimals(value))


def pct_g(t: Messages, value: float) -> str:
    """A growth rate as typed: "+24%", "+12.5%" / "+12,5%"."""
    return t.rate(value)


def pct_f(t: Messages, value: float, digits: int = 1, sign: bool = True) -> str:
    """A rate with fixed decimals: "+6.5%" / "+6,5%" (English keeps Python's own format)."""
    if t.lang == "en":
        return f"{value:+.{digits}f}%" if sign else f"{value:.{digits}f}%"
    return t.pct(value, digits, sign=sign)


def _finite(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ModelError("finite", f"{name} must be a finite number, got {value!r}", name=name, value=repr(value))


def _positive(name: str, value: float) -> None:
    _finite(name, value)
    if value <= 0:
        raise ModelError("positive", f"{name} must be positive, got {value:g}", name=name, value=float(value))


def _growth(name: str, value: float) -> None:
    _finite(name, value)
    if value <= -100:
        raise ModelError("above_minus_100", f"{name} must be above -100% a year, got {value:g}%", name=name,
                         value=float(value))


def _years(base_year: int, horizon: int) -> None:
    if not base_year < horizon <= base_year + MAX_HORIZON_YEARS:
        raise ModelError(
            "horizon",
            f"the horizon ({horizon}) must be after the base year ({base_year}) and within {MAX_HORIZON_YEARS} years",
            horizon=horizon, year=base_year, years=MAX_HORIZON_YEARS,
        )


def _source(source: str | None) -> None:
    if source is not None and source not in SOURCES:
        raise ModelError("unknown_source", f"unknown source '{source}': use one of {', '.join(SOURCES)}",
                         source=source, choices=", ".join(SOURCES))


@dataclass(frozen=True)
class FanSpec:
    """One Monte Carlo run: a source, a base, a central growth rate and how to spread it."""

    source: str
    base_year: int
    base_value: float
    central_growth_pct: float
    target_usd_bn: float
    horizon: int
    paths: int = 10_000
    seed: int = 20231127
    method: str = "bootstrap"  # or "normal"
    spread_scale: float = 1.0

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            _source(self.source)
        _positive("the base value", self.base_value)
        _positive("the target", self.target_usd_bn)
        _growth("the central growth", self.central_growth_pct)
        _years(self.base_year, self.horizon)
        if isinstance(self.paths, bool) or not isinstance(self.paths, int) or self.paths < 100:
            raise ValueError(f"paths must be a whole number of at least 100, got {self.paths!r}")
        if self.method not in METHODS:
            raise ValueError(f"unknown method '{self.method}': use one of {', '.join(METHODS)}")
        _finite("the spread scale", self.spread_scale)
        if self.spread_scale < 0:
            raise ValueError(f"the spread scale must be zero or more, got {self.spread_scale:g}")

    @property
    def years(self) -> np.ndarray:
        """Calendar years of the simulated columns, base year first."""
        return np.arange(self.base_year, self.horizon + 1)


def history_for(dataset: Dataset, source: str, up_to: int | None = None) -> np.ndarray:
    """Year-on-year growth rates (%) of one source's annual figures, from ``model.historical_growth``.

    Reported and provisional/uncertain years are used alike (the history is short and the
    flag is shown elsewhere); only pairs of consecutive annual figures count. All years are
    used unless ``up_to`` keeps growth years ``<= up_to`` (e.g. to avoid hindsight).
    """
    hist = historical_growth(dataset, source)
    if up_to is not None:
        hist = hist[hist["year"] <= up_to]
    rates = hist["growth_pct"].to_numpy(dtype=float)
    if rates.size < 2:
        raise ModelError(
            "little_history",
            f"{source} has too little history: {rates.size} year-on-year growth rate(s), at least 2 are needed",
            source=source, n=rates.size,
        )
    return rates


def growth_shocks(history_pct: np.ndarray) -> np.ndarray:
    """Historical log growth rates ``ln(1 + g)`` minus their mean: the spread, without the history's centre.

    The simulation adds these (in log terms) to the chosen central rate, so the slider sets the centre
    and the history only sets how widely years scatter around it. A history with no variation gives
    exact zeros.
    """
    hist = np.asarray(history_pct, dtype=float)
    if hist.ndim != 1 or hist.size < 2:
        raise ValueError("a growth history needs at least 2 year-on-year rates")
    if not np.isfinite(hist).all() or (hist <= -100).any():
        raise ValueError("growth history rates must be finite and above -100%")
    if (hist == hist[0]).all():
        return np.zeros_like(hist)
    logs = np.log1p(hist / 100)
    return logs - logs.mean()


def mirrored(draws: np.ndarray, paths: int) -> np.ndarray:
    """``paths`` rows of shocks: the ``paths // 2`` rows of ``draws``, the same rows negated, and (for an odd
    count) one row of zeros, the central path itself. Every column is then exactly symmetric about zero."""
    half = paths // 2
    rows = [draws[:half], -draws[:half]]
    if paths % 2:
        rows.append(np.zeros((1, draws.shape[1])))
    return np.concatenate(rows)


def log_deviations(spec: FanSpec, history_pct: np.ndarray) -> np.ndarray:
    """Each simulated path's cumulative log deviation from the central path, shape ``(paths, years)``;
    column 0 (the base year) is zero. Symmetric about zero in every column (:func:`mirrored`)."""
    shocks = growth_shocks(history_pct)
    steps = spec.horizon - spec.base_year
    rng = np.random.default_rng(spec.seed)
    half = spec.paths // 2
    if spec.method == "bootstrap":
        draws = shocks[rng.integers(0, shocks.size, size=(half, steps))]
    else:
        draws = rng.standard_normal((half, steps)) * np.std(shocks, ddof=1)
    out = np.zeros((spec.paths, steps + 1))
    np.cumsum(spec.spread_scale * mirrored(draws, spec.paths), axis=1, out=out[:, 1:])
    return out


def central_path(spec: FanSpec) -> np.ndarray:
    """``base * (1 + central) ** t`` for each simulated year: the fan's median (see :func:`simulate`)."""
    return spec.base_value * (1 + spec.central_growth_pct / 100) ** (spec.years - spec.base_year)


def simulate(spec: FanSpec, history_pct: np.ndarray) -> np.ndarray:
    """Simulated turnover, shape ``(paths, years)``; column 0 is the base year (all ``base_value``).

    Year t's growth factor is ``(1 + central) * exp(spread_scale * shock)``: always positive, so turnover
    never turns negative, and with zero spread exactly the constant-growth path.
    """
    return central_path(spec) * np.exp(log_deviations(spec, history_pct))


def percentiles(spec: FanSpec, values: np.ndarray) -> pd.DataFrame:
    """Long-form fan of simulated ``values``: source, year, p10, p25, p50, p75, p90.

    Percentiles are taken of each path's log deviation from the central path (and turned back): a percentile of
    a monotone transform is the transform of the percentile, except for the interpolation between two
    neighbouring paths, which is then geometric. For the mirrored sample of :func:`simulate` the median is then
    the central path itself; an arithmetic mean of two mirrored paths would sit above it.
    """
    centre = central_path(spec)
    q = centre * np.exp(np.percentile(np.log(values / centre), PERCENTILES, axis=0))
    return pd.DataFrame({"source": spec.source, "year": spec.years,
                         **{f"p{p}": row for p, row in zip(PERCENTILES, q, strict=True)}})


def reach_probability(spec: FanSpec, values: np.ndarray) -> pd.DataFrame:
    """Share of simulated paths at or above the target in some year up to each year (cumulative)."""
    reached = np.maximum.accumulate(values, axis=1) >= spec.target_usd_bn
    return pd.DataFrame({"source": spec.source, "year": spec.years, "probability": reached.mean(axis=0)})


def fan(spec: FanSpec, history_pct: np.ndarray) -> pd.DataFrame:
    """Percentile fan from the base year to the horizon (the base year row is all ``base_value``)."""
    return percentiles(spec, simulate(spec, history_pct))


def probability_by_year(spec: FanSpec, history_pct: np.ndarray) -> pd.DataFrame:
    """P(target reached by year), non-decreasing in year: source, year, probability."""
    return reach_probability(spec, simulate(spec, history_pct))


def probability_by(spec: FanSpec, history_pct: np.ndarray, year: int) -> float:
    """P(the target is reached in some year up to and including ``year``)."""
    if not spec.base_year <= year <= spec.horizon:
        raise ValueError(f"{year} is outside the simulated years {spec.base_year}–{spec.horizon}")
    frame = probability_by_year(spec, history_pct)
    return float(frame.loc[frame["year"] == year, "probability"].iloc[0])


# --- deterministic growth-path models ------------------------------------------------------------
def _path(source: str | None, years: np.ndarray, values: np.ndarray, growth: np.ndarray, name: str) -> pd.DataFrame:
    return pd.DataFrame(
        {"source": source, "year": years, "value_usd_bn": values, "growth_pct": growth, "model": name}
    )


def constant_path(
    base_value: float, base_year: int, growth_pct: float, horizon: int, *, source: str | None = None
) -> pd.DataFrame:
    """``V0 * (1 + g) ** t``, the same arithmetic as ``model.value_in``. Columns as every path model:
    source, year, value_usd_bn, growth_pct (NaN in the base year), model."""
    _source(source)
    _positive("the base value", base_value)
    _growth("growth", growth_pct)
    _years(base_year, horizon)
    t = np.arange(horizon - base_year + 1)
    growth = np.where(t == 0, np.nan, growth_pct)
    return _path(source, base_year + t, base_value * (1 + growth_pct / 100) ** t, growth, "constant")


def decaying_path(
    base_value: float,
    base_year: int,
    start_growth_pct: float,
    long_run_pct: float,
    half_life_years: float,
    horizon: int,
    *,
    source: str | None = None,
) -> pd.DataFrame:
    """Growth that starts at ``start`` and halves its distance to ``long_run`` every half-life:

    ``g(t) = long_run + (start - long_run) * 0.5 ** ((t - 1) / half_life)`` for years t = 1, 2, ….
    """
    _source(source)
    _positive("the base value", base_value)
    _growth("the start growth", start_growth_pct)
    _growth("the long-run growth", long_run_pct)
    _positive("the half-life", half_life_years)
    _years(base_year, horizon)
    t = np.arange(1, horizon - base_year + 1)
    growth = long_run_pct + (start_growth_pct - long_run_pct) * 0.5 ** ((t - 1) / half_life_years)
    values = base_value * np.cumprod(np.concatenate([[1.0], 1 + growth / 100]))
    return _path(source, np.arange(base_year, horizon + 1), values, np.concatenate([[np.nan], growth]), "decaying")


def loglinear_trend(
    annual: pd.DataFrame, window: tuple[int, int], horizon: int, *, source: str | None = None
) -> pd.DataFrame:
    """Least-squares fit of ``ln(value) = a + b * year`` on the annual rows inside ``window``.

    ``annual`` has ``year`` and ``value`` columns (or ``turnover_usd_bn``, as in
    ``Dataset.annual(source)``); missing years are simply absent. Returns the fitted
    path from the window's first year to ``horizon``; its ``growth_pct`` column is the
    fitted constant growth ``(e**b - 1) * 100``.
    """
    _source(source)
    if "source" in annual.columns and annual["source"].nunique() > 1:
        raise ModelError("one_source", "a trend is fitted to one source at a time, never GACC and BNS together")
    column = "value" if "value" in annual.columns else "turnover_usd_bn"
    y0, y1 = window
    if y0 > y1:
        raise ModelError("backwards", f"the window {y0}–{y1} runs backwards", first=y0, last=y1)
    if horizon < y1 or horizon > y0 + MAX_HORIZON_YEARS:
        raise ModelError("trend_horizon", f"the horizon ({horizon}) must be from {y1} to {y0 + MAX_HORIZON_YEARS}",
                         horizon=horizon, first=y1, last=y0 + MAX_HORIZON_YEARS)
    inside = annual[(annual["year"] >= y0) & (annual["year"] <= y1)]
    if inside["year"].duplicated().any():
        raise ModelError("duplicate_year", "each year may appear only once in the annual figures")
    if len(inside) < 2:
        raise ModelError("trend_needs_2", f"a trend needs at least 2 annual figures in {y0}–{y1}, found {len(inside)}",
                         first=y0, last=y1, n=len(inside))
    x = inside["year"].to_numpy(dtype=float)
    v = inside[column].to_numpy(dtype=float)
    if not np.isfinite(v).all() or (v <= 0).any():
        raise ModelError("values_positive", "annual values must be positive numbers")
    y = np.log(v)
    xc = x - x.mean()
    slope = float(xc @ (y - y.mean()) / (xc @ xc))
    years = np.arange(y0, horizon + 1)
    fitted = np.exp(y.mean() + slope * (years - x.mean()))
    return _path(source, years, fitted, np.full(years.size, math.expm1(slope) * 100), "loglinear")


def two_flow_path(
    exports0: float,
    imports0: float,
    base_year: int,
    export_growth_pct: float,
    import_growth_pct: float,
    horizon: int,
    *,
    source: str | None = None,
) -> pd.DataFrame:
    """Kazakhstan's exports to and imports from China, each at its own constant growth.

    Columns: source, year, exports_usd_bn, imports_usd_bn, turnover_usd_bn (= exports + imports),
    balance_usd_bn (= exports − imports, Kazakhstan's side), value_usd_bn (= turnover), model.
    """
    _source(source)
    _positive("exports", exports0)
    _positive("imports", imports0)
    _growth("export growth", export_growth_pct)
    _growth("import growth", import_growth_pct)
    _years(base_year, horizon)
    t = np.arange(horizon - base_year + 1)
    exports = exports0 * (1 + export_growth_pct / 100) ** t
    imports = imports0 * (1 + import_growth_pct / 100) ** t
    return pd.DataFrame(
        {
            "source": source,
            "year": base_year + t,
            "exports_usd_bn": exports,
            "imports_usd_bn": imports,
            "turnover_usd_bn": exports + imports,
            "balance_usd_bn": exports - imports,
            "value_usd_bn": exports + imports,
            "model": "two-flow",
        }
    )
