"""Year to date, as the news reports it: running totals, their change on a year earlier, a nowcast of the year and
when the next figure is due. Facts only (numbers, periods, dates and named reasons); :mod:`tradetarget.ytd_words`
turns them into sentences.

A *running total* is a figure for the months from January to some month of one year ("Jan–Oct 2025"): the period
``2025-01..2025-10`` in ``data/turnover.csv``. A period is cumulative from January unless it says otherwise (a
quarter ``2025-04..2025-06`` or a month ``2025-03..2025-03``); the loaded frame's ``kind`` column names it.

Rules kept here:

* Only stored figures are compared, and only like with like: a running total against the *same months* of the
  year before, computed (``change_pct``) and, where the page gave one, as stated (``stated_pct``). A month is never
  derived from two running totals (:func:`derived_months` finds a stored figure that looks like one).
* The nowcast of an unfinished year multiplies its latest running total by the ratio of full year to the same
  months in past years of the same source: the lowest and highest ratio give a range, never a point, and it rests on
  at least :data:`MIN_YEARS` past years (else no estimate, and the reason). A full year is never below what was
  already traded, so the range never starts below the running total.
* The back-test leaves each past year with both figures out in turn, estimates it from the others and compares.
* The release calendar: when the next figure of each source and kind is due, from the source's published schedule
  where one is stored (GACC's 2025 calendar), else from the median lag between a period's end and its publication
  date measured in ``data/``; a figure whose due date has passed without it is overdue.
* "As of" a date: only figures published by then (an undated figure counts as known).
"""

from __future__ import annotations

import calendar
import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from tradetarget import published
from tradetarget.data import PERIOD_KINDS, SOURCES, Dataset, period_kind

MIN_YEARS = 2
"""Past years a nowcast range needs: with one there is a single ratio, a point and no range."""
ROUNDING_BN = 0.05
"""Half a unit of the figures' last digit: a stored month within this of two running totals' difference is suspect."""
KINDS = PERIOD_KINDS
SEED_CLAIM = "seed-24pct"
"""The claims.csv row of the seed statement, "За 10 месяцев взаимная торговля выросла еще на 24%" (27 Nov 2023)."""
SEED_SOURCE = "BNS"
"""Whose figures the seed's +24% is: Kazakh-side (the same statement gives BNS's 2022 base)."""
RELEASE_KINDS = ("annual", "running_total")

GACC_SCHEDULE_URL = "https://customslawyer.cn/portal/fgk/detail/id/68973.html"
"""GACC's announcement "2025年中国海关统计数据公布时间表" (a copy; the customs.gov.cn original is not stored)."""
GACC_SCHEDULE_YEAR = 2025
GACC_RELEASE_DAY = {1: 13, 3: 7, 4: 14, 5: 9, 6: 9, 7: 14, 8: 7, 9: 8, 10: 13, 11: 7, 12: 8}
"""Day of the 快讯 (preliminary release) in each month of 2025; none in February. Each covers the month before and
January to it ("本表公布的内容为上月及1至上月累计数据"): the January release gives the year before in full, and the
first running total of a year is January–February, out in March."""
FIRST_MONTH = {"GACC": 2, "BNS": 1}
"""The first running total a source publishes in a year: GACC releases January and February together (no February
release in its calendar); BNS is taken to publish every month (no schedule of its own was found)."""


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_code(year: int, start_month: int, end_month: int) -> str:
    """The data's own notation: ``2025`` or ``2025-01..2025-10``."""
    if (start_month, end_month) == (1, 12):
        return str(year)
    return f"{year}-{start_month:02d}..{year}-{end_month:02d}"


@dataclass(frozen=True)
class Figure:
    """One stored turnover figure of one source and period."""

    source: str
    year: int
    start_month: int
    end_month: int
    value_usd_bn: float
    status: str
    url: str
    published: str
    """As written in data/: ``2025-08-08``, ``~2025-12``, ``2023`` or ``n.d.``."""
    stated_growth_pct: float | None = None
    origin: str = "shipped"

    @property
    def kind(self) -> str:
        return period_kind(self.start_month, self.end_month)

    @property
    def cumulative(self) -> bool:
        """From January: a running total or a full year."""
        return self.start_month == 1

    @property
    def end(self) -> date:
        return month_end(self.year, self.end_month)

    @property
    def code(self) -> str:
        return period_code(self.year, self.start_month, self.end_month)

    @property
    def published_on(self) -> published.Published | None:
        return published.parse(self.published)

    def age_days(self, as_of: date) -> int | None:
        """Days from the publication date (the start of a month or year given without a day) to ``as_of``."""
        when = self.published_on
        return None if when is None else (as_of - when.day).days

    def lag_days(self) -> int | None:
        """Days from the period's end to the publication date (None: no usable date, or only a year)."""
        when = self.published_on
        if when is None or when.precision == "year":
            return None
        lag = (when.day - self.end).days
        return lag if lag >= 0 else None


def _known(text: object, as_of: date | None) -> bool:
    """Published by ``as_of`` (an undated figure counts as known)."""
    if as_of is None:
        return True
    when = published.parse(text)
    return when is None or when.day <= as_of


def _stated(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def figures(dataset: Dataset, source: str | None = None, as_of: date | None = None) -> tuple[Figure, ...]:
    """Every turnover figure (of ``source``) published by ``as_of``, by period (the first row of a repeated one)."""
    frame = dataset.turnover
    if source is not None:
        frame = frame[frame["source"] == source]
    origins = frame["origin"] if "origin" in frame else pd.Series("shipped", index=frame.index)
    seen: dict[tuple, Figure] = {}
    for row, origin in zip(frame.to_dict("records"), origins, strict=True):
        if not _known(row["published"], as_of):
            continue
        fig = Figure(str(row["source"]), int(row["year"]), int(row["start_month"]), int(row["end_month"]),
                     float(row["turnover_usd_bn"]), str(row["status"]), str(row["url"]), str(row["published"]),
                     _stated(row["growth_pct_stated"]), str(origin) if isinstance(origin, str) else "shipped")
        seen.setdefault((fig.source, fig.year, fig.start_month, fig.end_month), fig)
    return tuple(sorted(seen.values(), key=lambda f: (f.source, f.year, f.end_month, f.start_month)))


def running_totals(dataset: Dataset, source: str, as_of: date | None = None) -> tuple[Figure, ...]:
    """The source's running totals (from January, short of a full year), oldest first."""
    return tuple(f for f in figures(dataset, source, as_of) if f.kind == "running_total")


def annuals(dataset: Dataset, source: str, as_of: date | None = None) -> dict[int, Figure]:
    return {f.year: f for f in figures(dataset, source, as_of) if f.kind == "annual"}


# --- year on year ------------------------------------------------------------------------------------------


def change_pct(current: float, previous: float) -> float:
    """The change of a figure on the same period a year earlier, in percent."""
    return (current / previous - 1) * 100


@dataclass(frozen=True)
class YearOnYear:
    """A figure beside the same months a year earlier: the change computed, and as stated where the page gave it."""

    current: Figure
    previous: Figure | None

    @property
    def computed_pct(self) -> float | None:
        return None if self.previous is None else change_pct(self.current.value_usd_bn, self.previous.value_usd_bn)

    @property
    def stated_pct(self) -> float | None:
        return self.current.stated_growth_pct


def year_on_year(figs: tuple[Figure, ...], current: Figure) -> YearOnYear:
    """``current`` beside the same source's same months one year earlier, if stored."""
    previous = next((f for f in figs if f.source == current.source and f.year == current.year - 1
                     and (f.start_month, f.end_month) == (current.start_month, current.end_month)), None)
    return YearOnYear(current, previous)


def year_on_year_table(dataset: Dataset, sources: tuple[str, ...] = SOURCES, as_of: date | None = None) -> pd.DataFrame:
    """Every running total with the same months a year earlier and the change (computed and stated)."""
    rows = []
    for source in sources:
        figs = figures(dataset, source, as_of)
        for fig in figs:
            if fig.kind != "running_total":
                continue
            yoy = year_on_year(figs, fig)
            rows.append({"source": source, "period": fig.code, "value_usd_bn": fig.value_usd_bn,
                         "previous_usd_bn": None if yoy.previous is None else yoy.previous.value_usd_bn,
                         "change_pct_computed": yoy.computed_pct, "change_pct_stated": yoy.stated_pct,
                         "status": fig.status, "published": fig.published, "url": fig.url})
    return pd.DataFrame(rows, columns=["source", "period", "value_usd_bn", "previous_usd_bn", "change_pct_computed",
                                       "change_pct_stated", "status", "published", "url"])


# --- nowcast and back-test ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    """One past year: its running total to a month, its full year and the ratio of the two."""

    year: int
    running_total: float
    annual: float

    @property
    def ratio(self) -> float:
        return self.annual / self.running_total


def ratios(figs: tuple[Figure, ...], end_month: int, leave_out: int | None = None) -> tuple[Ratio, ...]:
    """Every year (but ``leave_out``) with both a running total to ``end_month`` and a full-year figure."""
    annual = {f.year: f.value_usd_bn for f in figs if f.kind == "annual"}
    return tuple(Ratio(f.year, f.value_usd_bn, annual[f.year]) for f in figs
                 if f.kind == "running_total" and f.end_month == end_month and f.year in annual
                 and f.year != leave_out)


def estimate_range(running_total: float, past: tuple[Ratio, ...]) -> tuple[float, float] | None:
    """The full year from a running total and past ratios: (low, high), never below the running total itself;
    None with fewer than :data:`MIN_YEARS` past years."""
    if len(past) < MIN_YEARS:
        return None
    low = max(running_total, running_total * min(r.ratio for r in past))
    high = max(low, running_total * max(r.ratio for r in past))
    return low, high


@dataclass(frozen=True)
class Nowcast:
    """The full-year estimate for a source's unfinished year, or the reason there is none.

    ``reason``: None (an estimate), ``"no_running_total"`` (no running total stored), ``"year_complete"`` (no running
    total of a year after the newest full-year figure, ``last_annual``) or
    ``"too_few_years"`` (fewer than :data:`MIN_YEARS` past years have both figures for these months)."""

    source: str
    start: Figure | None = None
    past: tuple[Ratio, ...] = ()
    low: float | None = None
    high: float | None = None
    reason: str | None = None
    last_annual: int | None = None

    @property
    def year(self) -> int | None:
        return None if self.start is None else self.start.year

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(r.year for r in self.past)

    @property
    def mid(self) -> float | None:
        return None if self.low is None or self.high is None else (self.low + self.high) / 2


def nowcast(dataset: Dataset, source: str, as_of: date | None = None) -> Nowcast:
    """Estimate the full year from the latest running total of a year after the newest full-year figure."""
    figs = figures(dataset, source, as_of)
    annual = {f.year for f in figs if f.kind == "annual"}
    totals = [f for f in figs if f.kind == "running_total"]
    if not totals:
        return Nowcast(source, reason="no_running_total", last_annual=max(annual, default=None))
    last = max(annual, default=None)
    open_years = [f for f in totals if last is None or f.year > last]  # an older gap is not a year still running
    if not open_years:
        return Nowcast(source, reason="year_complete", last_annual=last)
    start = max(open_years, key=lambda f: (f.year, f.end_month))
    past = ratios(figs, start.end_month)
    bounds = estimate_range(start.value_usd_bn, past)
    if bounds is None:
        return Nowcast(source, start, past, reason="too_few_years", last_annual=last)
    return Nowcast(source, start, past, *bounds, last_annual=last)


@dataclass(frozen=True)
class Check:
    """One back-test: a past year's running total, the range estimated without that year, and the actual year."""

    source: str
    start: Figure
    actual: float
    past: tuple[Ratio, ...]
    low: float | None
    high: float | None

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(r.year for r in self.past)

    @property
    def mid(self) -> float | None:
        return None if self.low is None or self.high is None else (self.low + self.high) / 2

    @property
    def error_pct(self) -> float | None:
        """The middle of the range against the actual year, in percent (negative: too low)."""
        return None if self.mid is None else (self.mid / self.actual - 1) * 100

    @property
    def inside(self) -> bool | None:
        return None if self.low is None else self.low <= self.actual <= self.high


def backtest(dataset: Dataset, source: str, as_of: date | None = None) -> tuple[Check, ...]:
    """Every past running total whose year has a full-year figure, estimated from the other years (leave one out)."""
    figs = figures(dataset, source, as_of)
    annual = {f.year: f.value_usd_bn for f in figs if f.kind == "annual"}
    checks = []
    for fig in figs:
        if fig.kind != "running_total" or fig.year not in annual:
            continue
        past = ratios(figs, fig.end_month, leave_out=fig.year)
        bounds = estimate_range(fig.value_usd_bn, past) or (None, None)
        checks.append(Check(source, fig, annual[fig.year], past, *bounds))
    return tuple(checks)


def backtest_table(dataset: Dataset, sources: tuple[str, ...] = SOURCES, as_of: date | None = None) -> pd.DataFrame:
    rows = [{"source": c.source, "period": c.start.code, "running_total_usd_bn": c.start.value_usd_bn,
             "low_usd_bn": c.low, "high_usd_bn": c.high, "actual_usd_bn": c.actual, "error_pct": c.error_pct,
             "inside": c.inside, "past_years": ", ".join(str(y) for y in c.years), "n_years": len(c.past)}
            for source in sources for c in backtest(dataset, source, as_of)]
    return pd.DataFrame(rows, columns=["source", "period", "running_total_usd_bn", "low_usd_bn", "high_usd_bn",
                                       "actual_usd_bn", "error_pct", "inside", "past_years", "n_years"])


# --- release calendar --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lag:
    """The median days from a period's end to its publication, over ``count`` figures of one source and kind."""

    source: str
    kind: str
    days: float | None
    count: int


def lag(figs: tuple[Figure, ...], source: str, kind: str) -> Lag:
    days = [d for f in figs if f.source == source and f.kind == kind and (d := f.lag_days()) is not None]
    return Lag(source, kind, statistics.median(days) if days else None, len(days))


def _after(source: str, kind: str, year: int, end_month: int) -> tuple[int, int]:
    """The period a source publishes next after the one ending (year, end_month)."""
    if kind == "annual":
        return year + 1, 12
    if end_month >= 11:  # January to December is the full year: the annual calendar's
        return year + 1, FIRST_MONTH.get(source, 1)
    return year, max(end_month + 1, FIRST_MONTH.get(source, 1))


def scheduled(source: str, year: int, end_month: int) -> tuple[date, bool] | None:
    """The release date a source's stored schedule gives for a period from January to ``end_month``: (date, exact),
    exact when the schedule is that year's, else the same day of the month as in the stored year (None: no schedule)."""
    if source != "GACC":
        return None
    release_year, release_month = (year + 1, 1) if end_month == 12 else (year, end_month + 1)
    day = GACC_RELEASE_DAY.get(release_month)
    if day is None:
        return None
    return date(release_year, release_month, day), release_year == GACC_SCHEDULE_YEAR


@dataclass(frozen=True)
class Release:
    """When a source's next figure of one kind (annual or running total) is due, and whether one is overdue.

    ``awaited`` is the first period after the newest stored one (of this kind; for running totals, after the
    newest running total or full year), ``due`` its expected date; ``upcoming`` is the first period due on or after
    ``as_of``. ``basis``: ``"schedule"`` (the source's stored calendar; ``exact`` when it is that year's own),
    ``"data"`` (the median lag measured in data/) or ``"none"`` (neither: no date)."""

    source: str
    kind: str
    as_of: date
    basis: str
    lag: Lag
    last: Figure | None = None
    awaited: tuple[int, int] | None = None
    due: date | None = None
    exact: bool = False
    upcoming: tuple[int, int] | None = None
    upcoming_due: date | None = None
    upcoming_exact: bool = False
    schedule_url: str | None = None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < self.as_of

    @property
    def overdue_days(self) -> int | None:
        return (self.as_of - self.due).days if self.overdue else None


def _due(source: str, kind: str, period: tuple[int, int], measured: Lag) -> tuple[date | None, bool, str]:
    year, end_month = period
    on_schedule = scheduled(source, year, end_month)
    if on_schedule is not None:
        return on_schedule[0], on_schedule[1], "schedule"
    if measured.days is None:
        return None, False, "none"
    return month_end(year, end_month) + timedelta(days=round(measured.days)), False, "data"


def release(dataset: Dataset, source: str, kind: str, as_of: date) -> Release:
    """The next figure of one kind a source is expected to publish (see :class:`Release`)."""
    figs = figures(dataset, source, as_of)
    measured = lag(figs, source, kind)
    mine = [f for f in figs if f.kind == kind]
    last = max(mine, key=lambda f: (f.year, f.end_month), default=None)
    newest = [f for f in figs if f.cumulative] if kind == "running_total" else mine
    if not newest:
        return Release(source, kind, as_of, "none", measured, last)
    top = max(newest, key=lambda f: (f.year, f.end_month))
    awaited = _after(source, kind, top.year, top.end_month)
    due, exact, basis = _due(source, kind, awaited, measured)
    upcoming, upcoming_due, upcoming_exact = awaited, due, exact
    for _ in range(240):
        if upcoming_due is None or upcoming_due >= as_of:
            break
        upcoming = _after(source, kind, *upcoming)
        upcoming_due, upcoming_exact, _basis = _due(source, kind, upcoming, measured)
    return Release(source, kind, as_of, basis, measured, last, awaited, due, exact, upcoming, upcoming_due,
                   upcoming_exact, GACC_SCHEDULE_URL if basis == "schedule" else None)


def releases(dataset: Dataset, source: str, as_of: date) -> tuple[Release, ...]:
    return tuple(release(dataset, source, kind, as_of) for kind in RELEASE_KINDS)


# --- the latest figures: one answer for the overview, the page and the command line -----------------------


@dataclass(frozen=True)
class Latest:
    """What a source has published lately, as of a date: the newest full year and running total (with the same
    months a year earlier), the nowcast and the release calendar."""

    source: str
    as_of: date
    annual: Figure | None
    running: YearOnYear | None
    nowcast: Nowcast
    releases: tuple[Release, ...] = field(default=())

    @property
    def newer_than_annual(self) -> bool:
        """Whether the newest running total belongs to a year after the newest full year."""
        return self.running is not None and (self.annual is None or self.running.current.year > self.annual.year)

    def release(self, kind: str) -> Release:
        return next(r for r in self.releases if r.kind == kind)


def latest(dataset: Dataset, source: str, as_of: date) -> Latest:
    figs = figures(dataset, source, as_of)
    annual = max((f for f in figs if f.kind == "annual"), key=lambda f: f.year, default=None)
    totals = [f for f in figs if f.kind == "running_total"]
    newest = max(totals, key=lambda f: (f.year, f.end_month), default=None)
    return Latest(source, as_of, annual, None if newest is None else year_on_year(figs, newest),
                  nowcast(dataset, source, as_of), releases(dataset, source, as_of))


def latest_all(dataset: Dataset, sources: tuple[str, ...] = SOURCES, as_of: date | None = None) -> dict[str, Latest]:
    """:func:`latest` for each source (``as_of`` default: today)."""
    as_of = as_of or date.today()
    return {source: latest(dataset, source, as_of) for source in sources}


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def figure_dict(fig: Figure | None, as_of: date) -> dict | None:
    if fig is None:
        return None
    return {"period": fig.code, "value_usd_bn": fig.value_usd_bn, "status": fig.status, "url": fig.url,
            "published": fig.published, "age_days": fig.age_days(as_of), "origin": fig.origin}


def _period(period: tuple[int, int] | None) -> str | None:
    return None if period is None else period_code(period[0], 1, period[1])


def as_dict(item: Latest) -> dict:
    """Everything :class:`Latest` says, as plain JSON values with English field names (the CLI's ``--format
    json``; the overview reads the same object)."""
    running = item.running
    cast = item.nowcast
    return {
        "source": item.source,
        "as_of": item.as_of.isoformat(),
        "annual": figure_dict(item.annual, item.as_of),
        "running_total": None if running is None else figure_dict(running.current, item.as_of),
        "running_total_newer_than_annual": item.newer_than_annual,
        "same_period_year_before": None if running is None else figure_dict(running.previous, item.as_of),
        "change_pct_computed": None if running is None else _round(running.computed_pct),
        "change_pct_stated": None if running is None else running.stated_pct,
        "nowcast": {
            "year": cast.year, "from_period": None if cast.start is None else cast.start.code,
            "from_usd_bn": None if cast.start is None else cast.start.value_usd_bn,
            "low_usd_bn": _round(cast.low), "high_usd_bn": _round(cast.high),
            "past_years": list(cast.years), "n_past_years": len(cast.past),
            "ratios": [{"year": r.year, "ratio": round(r.ratio, 4)} for r in cast.past], "reason": cast.reason,
        },
        "releases": [{
            "kind": r.kind, "basis": r.basis, "schedule_url": r.schedule_url, "exact_date": r.exact,
            "median_lag_days": _round(r.lag.days, 1), "lag_figures": r.lag.count,
            "last_period": None if r.last is None else r.last.code,
            "awaited_period": _period(r.awaited), "awaited_due": None if r.due is None else r.due.isoformat(),
            "overdue": r.overdue, "overdue_days": r.overdue_days,
            "next_period": _period(r.upcoming),
            "next_due": None if r.upcoming_due is None else r.upcoming_due.isoformat(),
        } for r in item.releases],
    }


def release_table(dataset: Dataset, sources: tuple[str, ...] = SOURCES, as_of: date | None = None) -> pd.DataFrame:
    """The release calendar as one row per source and kind (the Data page's and the CLI's table)."""
    as_of = as_of or date.today()
    rows = []
    for source in sources:
        for r in releases(dataset, source, as_of):
            rows.append({"source": source, "kind": r.kind, "last_period": None if r.last is None else r.last.code,
                         "median_lag_days": r.lag.days, "lag_figures": r.lag.count, "basis": r.basis,
                         "awaited_period": _period(r.awaited), "awaited_due": r.due, "overdue": r.overdue,
                         "next_period": _period(r.upcoming), "next_due": r.upcoming_due})
    return pd.DataFrame(rows)


# --- checks on the stored data -----------------------------------------------------------------------------


def derived_months(dataset: Dataset) -> list[tuple[Figure, Figure, Figure]]:
    """Stored figures for months within a year (a month, a quarter, another span not from January) that equal the
    difference of two stored running totals of the same source and year (within rounding): (figure, longer
    total, shorter total). Such a figure is arithmetic, not data; the list should be empty."""
    figs = figures(dataset)
    cumulative = {(f.source, f.year, f.end_month): f for f in figs if f.cumulative}
    found = []
    for fig in figs:
        if fig.cumulative:
            continue
        longer = cumulative.get((fig.source, fig.year, fig.end_month))
        shorter = cumulative.get((fig.source, fig.year, fig.start_month - 1))
        if longer and shorter and abs(longer.value_usd_bn - shorter.value_usd_bn - fig.value_usd_bn) <= ROUNDING_BN:
            found.append((fig, longer, shorter))
    return found
