"""The one answer: has the target been reached, and when will it be? Computed once per source.

Every surface (sidebar, overview, the one-sentence answer, chart and PNG footers, the Pledges
table, the Uncertainty page, the command line) reads an :class:`Answer` instead of recomputing
"met", "when", "required" or "chance". The rules (see ``DESIGN.md``, "The answer contract"):

1. Actual figures come first. A target is *met* when an annual figure of the source reached it by
   its deadline (or at all, without one); *missed* when the deadline year is over and the figures
   for it are in without that; otherwise *not yet*.
2. Projections start from the source's latest annual figure, the jump-off. A projection never calls
   a year up to the latest actual year "reached".
3. A past starting year is an explicit what-if, labelled "as projected from 2022".
4. The target sets the deadline; another year is an override ("what if by 2035"). No deadline: no
   required growth and no chance by a deadline.
5. Already met (or missed): no required growth, never a negative one.
6. Dates are calendar years.
7. Only the sources of the view are answered.
8. One sign convention for gaps: :func:`shortfall` (positive: short of the target), written by
   :func:`gap_words` as "$9.9bn short" or "$1.0bn over".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

import pandas as pd

from tradetarget import model, published, wording
from tradetarget.data import Dataset
from tradetarget.i18n import DEFAULT_LANG, messages
from tradetarget.published import Published

PACE_YEARS = 3
"""The actual recent pace is the compound growth over this many years up to the latest annual figure."""
WEAK_KIND = "other"
"""``source_kind`` of a figure that only a blog, aggregator, repost or copy supports ("weak source")."""

SOURCE_NAMES = {"GACC": "China's customs (GACC)", "BNS": "Kazakhstan's statistics bureau (BNS)"}
"""The sources in words, in English (kept for callers; the code reads ``t("source.GACC")`` in the reader's language)."""

Status = Literal["met", "missed", "not_yet"]
STATUS_WORDS = {"met": "met", "missed": "missed", "not_yet": "not yet"}
"""English status words (kept for callers); :func:`status_words` gives them in any language."""


def status_words(status: str, lang: str = DEFAULT_LANG) -> str:
    """'met', 'missed' or 'not yet' in ``lang``."""
    return messages(lang)(f"answer.status.{status}")


def shortfall(value: float, target: float) -> float:
    """How far ``value`` is below ``target`` (USD bn): positive when short, negative when over."""
    return target - value


def gap_words(value: float, target: float, lang: str = DEFAULT_LANG) -> str:
    """The gap in words, with the one sign convention: "$9.9bn short", "$1.0bn over" or "exactly on target"."""
    t = messages(lang)
    gap = shortfall(value, target)
    if abs(gap) < 0.05:
        return t("answer.gap.exact")
    return t("answer.gap.short", amount=t.money(gap)) if gap > 0 else t("answer.gap.over", amount=t.money(-gap))


def rate_words(pct: float, lang: str = DEFAULT_LANG) -> str:
    """A growth rate with its sign, as few decimals as it needs: '+24%', '+7.5%' / '+7,5%'."""
    return messages(lang).rate(pct)


def _span(years: list[int], lang: str = DEFAULT_LANG) -> str:
    """'2016–2017, 2019' for a sorted list of years."""
    t = messages(lang)
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return t("answer.span.separator").join(
        str(r[0]) if len(r) == 1 else t("answer.span.range", first=str(r[0]), last=str(r[-1])) for r in runs)


def _named(row: pd.Series | dict, lang: str = DEFAULT_LANG) -> str:
    """'$40bn', or the ledger's own label where the pledge names no number ("Double 2023's $41bn (= $82bn)")."""
    label = wording.target_label_text(row, lang)
    return label or messages(lang).money(float(row["target_usd_bn"]), digits=None)


def target_name(row: pd.Series | dict, lang: str = DEFAULT_LANG) -> str:
    """'$40bn by 2030', '$100bn, no deadline', "Double 2023's $41bn (= $82bn), no deadline"."""
    t = messages(lang)
    deadline = row["deadline"]
    if deadline is None or pd.isna(deadline):
        return t("answer.target.open", target=_named(row, lang))
    return t("answer.target.by", target=_named(row, lang), year=str(int(deadline)))


@dataclass(frozen=True)
class Answer:
    """Where one source stands against one target, and when a projection from the jump-off reaches it."""

    source: str
    target_id: str
    target_usd_bn: float
    target_label: str
    """The target as the ledger names it, with its own deadline: '$40bn by 2030'."""
    target_short: str
    """The target without a deadline: '$40bn', or the ledger's label."""
    own_deadline: int | None
    deadline: int | None
    """The deadline in force: the target's own, or the override."""
    as_of: date
    latest_year: int
    latest_value: float
    latest_status: str
    latest_published: str
    status: Status
    met_year: int | None
    """The first year an annual figure reached the target (for a missed target: reached later)."""
    met_value: float | None
    missed_detail: str = ""
    start_year: int | None = None
    """The jump-off: the latest annual figure, or the what-if year. None when no projection is possible."""
    start_value: float | None = None
    growth_pct: float = model.SEED_GROWTH_PCT
    projected: Literal["reached", "never", "beyond", "contradicted", "not_needed", "unavailable"] = "not_needed"
    projected_year: int | None = None
    """The first year after the latest actual year that the projection reaches the target."""
    crossed_year: int | None = None
    """What-if only: the year the path passed the target although the actual figures did not."""
    required_pct: float | None = None
    problem: str | None = None
    """Why there is no projection (for example, no figure for the what-if year)."""
    actual_points: tuple[tuple[int, float], ...] = ()
    """(year, USD bn) of the source's annual figures, oldest first."""
    lang: str = DEFAULT_LANG
    """The language of every text the answer writes (:mod:`tradetarget.i18n`)."""
    data_date: Published | None = None
    """The newest publication date among this source's figures up to ``as_of`` (this source's "data as of")."""
    latest_weak: bool = False
    """The latest annual figure rests only on a weak page (``source_kind`` other)."""
    met_weak: bool = False
    """The figure that met the target rests only on a weak page."""
    pace_pct: float | None = None
    """The actual recent pace: compound growth a year over :data:`PACE_YEARS` years to the latest figure."""
    pace_span: tuple[int, int] | None = None
    """(first, last) year of that pace; None when the figure :data:`PACE_YEARS` years back is missing."""

    # --- what the answer is --------------------------------------------------------------------------
    @property
    def what_if(self) -> bool:
        """Projected from a past year rather than the latest figure."""
        return self.start_year is not None and self.start_year != self.latest_year

    @property
    def overridden(self) -> bool:
        return self.deadline != self.own_deadline

    def value_in(self, year: int) -> float | None:
        """The projected value in ``year`` (None before the jump-off or without a projection)."""
        if self.start_year is None or self.start_value is None or year < self.start_year:
            return None
        return self.start_value * (1 + self.growth_pct / 100) ** (year - self.start_year)

    @property
    def deadline_value(self) -> tuple[float, bool] | None:
        """(value, is_actual) in the deadline year: the actual figure when the year is known, else projected."""
        if self.deadline is None:
            return None
        if self.deadline <= self.latest_year:
            return None if (v := self._actual.get(self.deadline)) is None else (v, True)
        value = self.value_in(self.deadline)
        return None if value is None else (value, False)

    @property
    def _actual(self) -> dict[int, float]:
        return dict(self.actual_points)

    def chance_by(self, year: int, simulated: float | None) -> float | None:
        """The chance the target has been reached by ``year``: 1 or 0 from the data up to the latest
        actual year (and 1 once it was met), the simulated share after."""
        if self.met_year is not None and self.met_year <= year:
            return 1.0
        if year <= self.latest_year:
            return 0.0
        return simulated

    # --- words -----------------------------------------------------------------------------------------
    @property
    def _t(self):
        return messages(self.lang)

    @property
    def name(self) -> str:
        return self._t(f"source.{self.source}")

    @property
    def deadline_words(self) -> str:
        """'by 2030', 'what if by 2035' or 'no deadline'."""
        t = self._t
        if self.deadline is None:
            return t("answer.deadline.none")
        return t("answer.deadline.what_if" if self.overridden else "answer.deadline.by", year=str(self.deadline))

    @property
    def start_words(self) -> str:
        """'from 2024 (latest figure)' or 'as projected from 2022'."""
        if self.start_year is None:
            return ""
        return self._t("answer.start.what_if" if self.what_if else "answer.start.latest", year=str(self.start_year))

    @property
    def stale(self) -> bool:
        """The latest annual figure is more than a year behind: last year's is not in yet."""
        return self.as_of.year - self.latest_year > 1

    def stale_note(self) -> str:
        return self._t("answer.stale", source=self.source, year=str(self.as_of.year - 1))

    def _money(self, bn: float) -> str:
        return self._t.money(bn)

    def _target_money(self) -> str:
        return self._t.money(self.target_usd_bn, digits=None)

    def freshness(self) -> str:
        """How fresh the data is: the latest annual figure, its status and publication date."""
        t = self._t
        published = t.published(published_date(self.latest_published))
        text = t("answer.freshness", year=str(self.latest_year), value=self._money(self.latest_value),
                 status=wording.status(self.latest_status, self.lang), published=published)
        return t("answer.freshness.stale", text=text, note=self.stale_note()) if self.stale else text

    def latest_words(self) -> str:
        t = self._t
        if self.latest_status == "reported":
            return t("answer.latest", year=str(self.latest_year), value=self._money(self.latest_value))
        return t("answer.latest.flagged", year=str(self.latest_year), value=self._money(self.latest_value),
                 status=wording.status(self.latest_status, self.lang))

    def _gap(self) -> str:
        return gap_words(self.latest_value, self.target_usd_bn, self.lang)

    def verdict(self) -> str:
        """Rule 1, in a few words: 'met in 2023 (actual: $41.0bn, $1.0bn over)' and so on."""
        t = self._t
        if self.status == "met":
            return t("answer.verdict.met", year=str(self.met_year), value=self._money(self.met_value),
                     gap=gap_words(self.met_value, self.target_usd_bn, self.lang))
        if self.status == "missed":
            if self.missed_detail:
                return t("answer.verdict.missed.detail", deadline=str(self.deadline), detail=self.missed_detail)
            return t("answer.verdict.missed", deadline=str(self.deadline))
        if self.deadline is not None and self.deadline < self.as_of.year:
            return t("answer.verdict.unknown", deadline=str(self.deadline), source=self.source,
                     years=_span(list(range(self.latest_year + 1, self.deadline + 1)), self.lang),
                     latest=self.latest_words(), gap=self._gap())
        return t("answer.verdict.not_yet", latest=self.latest_words(), gap=self._gap())

    def when(self) -> str:
        """The year for a KPI: '2023 (actual)', '2026', '2025 (from 2022)', 'never at this rate' ..."""
        t = self._t
        if self.met_year is not None:
            return t("answer.when.actual" if self.status == "met" else "answer.when.late", year=str(self.met_year))
        if self.projected == "reached":
            if self.what_if:
                return t("answer.when.from", year=str(self.projected_year), start=str(self.start_year))
            return t("answer.when.projected", year=str(self.projected_year))
        if self.projected == "never":
            return t("answer.when.never")
        if self.projected == "beyond":
            return t.n("answer.when.beyond", model.MAX_YEARS, count=str(model.MAX_YEARS))
        if self.projected == "contradicted":
            return t("answer.when.contradicted")
        return "—"

    def when_help(self) -> str:
        """What :meth:`when` rests on."""
        t = self._t
        if self.met_year is not None:
            return t("answer.when_help.actual", source=self.source, year=str(self.met_year),
                     value=self._money(self.met_value))
        if self.projected == "contradicted":
            return t("answer.when_help.contradicted", start=self.start_words,
                     rate=rate_words(self.growth_pct, self.lang), target=self._target_money(),
                     year=str(self.crossed_year), latest=self.latest_words())
        if self.start_year is None:
            return self.problem or t("answer.when_help.none")
        return t("answer.when_help.projected", target=self._target_money(), rate=rate_words(self.growth_pct, self.lang),
                 start=self.start_words, value=self._money(self.start_value))

    def required(self) -> str:
        """Rule 4 and 5: the required pace, or why there is none."""
        t = self._t
        if self.status == "met":
            return t("answer.required.met")
        if self.status == "missed":
            return t("answer.required.missed")
        if self.deadline is None:
            return t("answer.required.no_deadline")
        if self.required_pct is None:
            return "—"
        rate = t.pct(self.required_pct, 1)
        if self.what_if:
            return t("answer.required.rate.from", rate=rate, start=str(self.start_year))
        return t("answer.required.rate", rate=rate)

    @property
    def target_words(self) -> str:
        """'$40bn by 2030', '$100bn', '$40bn by 2035 (what-if deadline)' for sentences."""
        if self.deadline is None:
            return self.target_short
        key = "answer.target.by.what_if" if self.overridden else "answer.target.by"
        return self._t(key, target=self.target_short, year=str(self.deadline))


def answer_for(dataset: Dataset, source: str, target: pd.Series | dict, growth_pct: float,
               start_year: int | None = None, deadline: int | None = None, as_of: date | None = None,
               lang: str = DEFAULT_LANG) -> Answer:
    """The answer for one source and one ledger target, its words in ``lang``.

    ``start_year`` None projects from the latest annual figure; a year is a what-if from that year's
    figure. ``deadline`` None keeps the target's own deadline; a year overrides it.
    """
    t = messages(lang)
    as_of = as_of or date.today()
    points = dataset.annual_points(source)
    if not points:
        raise ValueError(f"{source} has no annual figures")
    value = float(target["target_usd_bn"])
    own = None if target["deadline"] is None or pd.isna(target["deadline"]) else int(target["deadline"])
    in_force = own if deadline is None else int(deadline)
    latest_year, latest_value, latest_status = points[-1]
    hits = [(year, usd) for year, usd, _ in points if usd >= value]
    in_time = [(year, usd) for year, usd in hits if in_force is None or year <= in_force]
    status: Status = "not_yet"
    details: list[str] = []
    if in_time:
        status, (met_year, met_value) = "met", in_time[0]
    else:
        met_year, met_value = (hits[0] if hits else (None, None))
        if in_force is not None and in_force < as_of.year and latest_year >= in_force:
            status = "missed"
            announced = pd.Timestamp(target["announced"]).year if "announced" in target else in_force
            window = range(min(announced, in_force), in_force + 1)
            known = {year for year, _, _ in points}
            before = [usd for year, usd, _ in points if year in window]
            if before:
                best_year, best = max(((year, usd) for year, usd, _ in points if year in window), key=lambda p: p[1])
                details.append(t("answer.missed.best", year=str(best_year), value=t.money(best),
                                 gap=gap_words(best, value, lang)))
            if gaps := [y for y in window if y not in known]:
                details.append(t("answer.missed.no_figure", source=source, years=_span(gaps, lang)))
            if met_year is not None:
                details.append(t("answer.missed.later", year=str(met_year)))
        else:
            met_year = met_value = None  # not met by a deadline still ahead: later figures cannot exist
    published = "n.d."  # shown as the language's "no date" (Answer.freshness)
    annual = dataset.annual(source)
    rows = annual[annual["year"] == latest_year]
    if not rows.empty:
        published = str(rows["published"].iloc[0])
    pace_pct, pace_span = recent_pace(points)
    base = Answer(
        source=source, target_id=str(target.get("id", "")), target_usd_bn=value, target_label=target_name(target, lang),
        target_short=_named(target, lang),
        own_deadline=own, deadline=in_force, as_of=as_of, latest_year=latest_year, latest_value=latest_value,
        latest_status=latest_status, latest_published=published, status=status, met_year=met_year,
        met_value=met_value, missed_detail=t("answer.missed.separator").join(details), growth_pct=float(growth_pct),
        actual_points=tuple((year, usd) for year, usd, _ in points), lang=lang,
        data_date=dataset.data_dates((source,), as_of).get(source),
        latest_weak=_weak(annual, latest_year), met_weak=met_year is not None and _weak(annual, met_year),
        pace_pct=pace_pct, pace_span=pace_span,
    )
    return _projected(dataset, base, start_year)


def published_date(text: str) -> Published | None:
    """A ``published`` cell as a date (None for "n.d.")."""
    return published.parse(text)


def _weak(annual: pd.DataFrame, year: int) -> bool:
    """Whether the source's figure for ``year`` rests only on a weak page (``source_kind`` other)."""
    if "source_kind" not in annual:
        return False
    kinds = annual.loc[annual["year"] == year, "source_kind"]
    return bool(len(kinds)) and str(kinds.iloc[0]) == WEAK_KIND


def recent_pace(points: tuple[tuple[int, float, str], ...], years: int = PACE_YEARS
                ) -> tuple[float | None, tuple[int, int] | None]:
    """Compound growth a year over the last ``years`` years of actual figures: (% a year, (first, last)).

    (None, None) when the figure ``years`` before the latest is missing: a gap is not bridged."""
    if not points:
        return None, None
    last_year, last_value, _ = points[-1]
    first = {year: value for year, value, _ in points}.get(last_year - years)
    if first is None or first <= 0:
        return None, None
    return ((last_value / first) ** (1 / years) - 1) * 100, (last_year - years, last_year)


def _projected(dataset: Dataset, base: Answer, start_year: int | None) -> Answer:
    """``base`` with its projection from the jump-off (rule 2) or the what-if year (rule 3)."""
    start = base.latest_year if start_year is None else int(start_year)
    t = messages(base.lang)
    start_value = dataset.annual_value(base.source, start)
    if start_value is None:
        years = t("answer.span.separator").join(str(y) for y in dataset.years(base.source))
        return replace(base, projected="unavailable",
                       problem=t("answer.problem.no_figure", source=base.source, year=str(start), years=years))
    if start > base.latest_year:
        return replace(base, projected="unavailable",
                       problem=t("answer.problem.after_latest", source=base.source, year=str(start)))
    out = replace(base, start_year=start, start_value=start_value)
    if base.met_year is not None:
        return out
    try:
        scenario = model.Scenario(base.source, start, start_value, base.growth_pct, base.target_usd_bn,
                                  deadline=None, horizon=start)
    except ValueError as exc:
        return replace(base, projected="unavailable", problem=model.error_text(exc, base.lang))
    reached = model.year_reached(scenario)
    required = None
    if base.status == "not_yet" and base.deadline is not None and base.deadline > start:
        required = model.required_growth_pct(replace(scenario, deadline=base.deadline))
    if reached.status == "reached" and reached.year is not None and reached.year <= base.latest_year:
        # the path passed the target in a year whose actual figure says otherwise
        return replace(out, projected="contradicted", crossed_year=reached.year, required_pct=required)
    if reached.status == "already_met":  # start value at or above the target: only a met/missed source has one
        return replace(out, projected="contradicted", crossed_year=start, required_pct=required)
    return replace(out, projected=reached.status, projected_year=reached.year, required_pct=required)


def sentence_join(sentences: list[str], lang: str = DEFAULT_LANG) -> str:
    """Sentences one after another: a space between them, none in Chinese (its full stop is full-width)."""
    return ("" if lang == "zh" else " ").join(sentences)


def even_odds_year(probability: pd.DataFrame) -> int | None:
    """The first year with at least a 50% chance (columns year, probability), or None."""
    hit = probability[probability["probability"] >= 0.5 - 1e-12]
    return None if hit.empty else int(hit["year"].min())
