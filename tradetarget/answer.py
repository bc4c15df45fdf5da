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

from tradetarget import model
from tradetarget.data import Dataset

SOURCE_NAMES = {"GACC": "China's customs (GACC)", "BNS": "Kazakhstan's statistics bureau (BNS)"}
"""The sources in words, for sentences and footers."""

Status = Literal["met", "missed", "not_yet"]
STATUS_WORDS = {"met": "met", "missed": "missed", "not_yet": "not yet"}


def shortfall(value: float, target: float) -> float:
    """How far ``value`` is below ``target`` (USD bn): positive when short, negative when over."""
    return target - value


def gap_words(value: float, target: float) -> str:
    """The gap in words, with the one sign convention: "$9.9bn short", "$1.0bn over" or "exactly on target"."""
    gap = shortfall(value, target)
    if abs(gap) < 0.05:
        return "exactly on target"
    return f"${gap:.1f}bn short" if gap > 0 else f"${-gap:.1f}bn over"


def _span(years: list[int]) -> str:
    """'2016–2017, 2019' for a sorted list of years."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _named(row: pd.Series | dict) -> str:
    """'$40bn', or the ledger's own label where the pledge names no number ("Double 2023's $41bn (= $82bn)")."""
    label = row.get("label")
    return label if isinstance(label, str) and label else f"${float(row['target_usd_bn']):g}bn"


def target_name(row: pd.Series | dict) -> str:
    """'$40bn by 2030', '$100bn, no deadline', "Double 2023's $41bn (= $82bn), no deadline"."""
    deadline = row["deadline"]
    by = ", no deadline" if deadline is None or pd.isna(deadline) else f" by {int(deadline)}"
    return f"{_named(row)}{by}"


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
    def name(self) -> str:
        return SOURCE_NAMES[self.source]

    @property
    def deadline_words(self) -> str:
        """'by 2030', 'what if by 2035' or 'no deadline'."""
        if self.deadline is None:
            return "no deadline"
        return f"what if by {self.deadline}" if self.overridden else f"by {self.deadline}"

    @property
    def start_words(self) -> str:
        """'from 2024 (latest figure)' or 'as projected from 2022'."""
        if self.start_year is None:
            return ""
        return f"as projected from {self.start_year}" if self.what_if else f"from {self.start_year} (latest figure)"

    @property
    def stale(self) -> bool:
        """The latest annual figure is more than a year behind: last year's is not in yet."""
        return self.as_of.year - self.latest_year > 1

    def stale_note(self) -> str:
        return f"More than a year behind: no {self.source} figure for {self.as_of.year - 1} has been found yet."

    def freshness(self) -> str:
        """How fresh the data is: the latest annual figure, its status and publication date."""
        text = (f"Latest annual figure: {self.latest_year}, ${self.latest_value:.1f}bn ({self.latest_status}), "
                f"published {self.latest_published}.")
        return f"{text} {self.stale_note()}" if self.stale else text

    def latest_words(self) -> str:
        flag = "" if self.latest_status == "reported" else f", {self.latest_status}"
        return f"{self.latest_year} was ${self.latest_value:.1f}bn{flag}"

    def verdict(self) -> str:
        """Rule 1, in a few words: 'met in 2023 (actual: $41.0bn, $1.0bn over)' and so on."""
        if self.status == "met":
            over = gap_words(self.met_value, self.target_usd_bn)
            return f"met in {self.met_year} (actual: ${self.met_value:.1f}bn, {over})"
        if self.status == "missed":
            return f"missed: deadline {self.deadline} passed{self.missed_detail}"
        if self.deadline is not None and self.deadline < self.as_of.year:
            return (f"not yet known: deadline {self.deadline} passed, no {self.source} figure for "
                    f"{_span(list(range(self.latest_year + 1, self.deadline + 1)))} yet; {self.latest_words()}, "
                    f"{gap_words(self.latest_value, self.target_usd_bn)}")
        return f"not yet: {self.latest_words()}, {gap_words(self.latest_value, self.target_usd_bn)}"

    def when(self) -> str:
        """The year for a KPI: '2023 (actual)', '2026', '2025 (from 2022)', 'never at this rate' ..."""
        if self.met_year is not None:
            return f"{self.met_year} (actual)" if self.status == "met" else f"{self.met_year} (actual, late)"
        suffix = f" (from {self.start_year})" if self.what_if else ""
        if self.projected == "reached":
            return f"{self.projected_year}{suffix}"
        if self.projected == "never":
            return "never at this rate"
        if self.projected == "beyond":
            return f"not within {model.MAX_YEARS} years"
        if self.projected == "contradicted":
            return "contradicted by the data"
        return "—"

    def when_help(self) -> str:
        """What :meth:`when` rests on."""
        if self.met_year is not None:
            return f"{self.source}'s annual figure for {self.met_year}: ${self.met_value:.1f}bn (actual)."
        if self.projected == "contradicted":
            return (f"The path {self.start_words} at {self.growth_pct:+g}% a year passed ${self.target_usd_bn:g}bn in "
                    f"{self.crossed_year}, but the actual figures did not ({self.latest_words()}).")
        if self.start_year is None:
            return self.problem or "No projection."
        return (f"First calendar year at or above ${self.target_usd_bn:g}bn at {self.growth_pct:+g}% a year "
                f"{self.start_words} (${self.start_value:.1f}bn).")

    def required(self) -> str:
        """Rule 4 and 5: the required pace, or why there is none."""
        if self.status == "met":
            return "none: met"
        if self.status == "missed":
            return "none: deadline passed"
        if self.deadline is None:
            return "no deadline"
        if self.required_pct is None:
            return "—"
        suffix = f" (from {self.start_year})" if self.what_if else ""
        return f"{self.required_pct:.1f}% a year{suffix}"

    def projection_clause(self) -> str:
        """'at +24% a year from 2024 (latest figure) it would be reached in 2026', or why not."""
        if self.start_year is None:
            return f"no projection ({self.problem})" if self.problem else "no projection"
        at = f"at {self.growth_pct:+g}% a year {self.start_words}"
        if self.projected == "reached":
            return f"{at} it would be reached in {self.projected_year}"
        if self.projected == "never":
            return f"{at} it would never be reached"
        if self.projected == "beyond":
            return f"{at} it would not be reached within {model.MAX_YEARS} years"
        if self.projected == "contradicted":
            actual = self._actual.get(self.crossed_year)
            fact = (f"the actual {self.crossed_year} figure was ${actual:.1f}bn" if actual is not None
                    else "the actual figures have not")
            return f"{at} the path passes it in {self.crossed_year}, but {fact}"
        return at

    @property
    def target_words(self) -> str:
        """'$40bn by 2030', '$100bn', '$40bn by 2035 (what-if deadline)' for sentences."""
        if self.deadline is None:
            return self.target_short
        what_if = " (what-if deadline)" if self.overridden else ""
        return f"{self.target_short} by {self.deadline}{what_if}"

    def sentence(self) -> str:
        """The answer for this source in one sentence (the one-sentence answer joins them)."""
        target = self.target_words
        if self.status == "met":
            return (f"On {self.name} figures the {target} target was met in {self.met_year} "
                    f"(${self.met_value:.1f}bn).")
        if self.status == "missed":
            text = f"On {self.name} figures the {target} target was missed"
            if self.met_year is not None:
                return f"{text}; it was reached later, in {self.met_year} (${self.met_value:.1f}bn)."
            return (f"{text}: {self.latest_words()}, {gap_words(self.latest_value, self.target_usd_bn)}; "
                    f"{self.projection_clause()}.")
        need = ""
        if self.required_pct is not None and self.deadline is not None:
            need = f"; reaching it by {self.deadline} needs {self.required_pct:+.1f}% a year"
        return (f"On {self.name} figures the {target} target has not been met: {self.latest_words()}, "
                f"{gap_words(self.latest_value, self.target_usd_bn)}; {self.projection_clause()}{need}.")


def answer_for(dataset: Dataset, source: str, target: pd.Series | dict, growth_pct: float,
               start_year: int | None = None, deadline: int | None = None, as_of: date | None = None) -> Answer:
    """The answer for one source and one ledger target.

    ``start_year`` None projects from the latest annual figure; a year is a what-if from that year's
    figure. ``deadline`` None keeps the target's own deadline; a year overrides it.
    """
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
    detail = ""
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
                detail += f"; best year in the window {best_year}, ${best:.1f}bn ({gap_words(best, value)})"
            if gaps := [y for y in window if y not in known]:
                detail += f"; no {source} figure for {_span(gaps)}"
            if met_year is not None:
                detail += f"; reached later, in {met_year}"
        else:
            met_year = met_value = None  # not met by a deadline still ahead: later figures cannot exist
    published = "n.d."
    annual = dataset.annual(source)
    rows = annual[annual["year"] == latest_year]
    if not rows.empty:
        published = str(rows["published"].iloc[0]).lstrip("~")
    base = Answer(
        source=source, target_id=str(target.get("id", "")), target_usd_bn=value, target_label=target_name(target),
        target_short=_named(target),
        own_deadline=own, deadline=in_force, as_of=as_of, latest_year=latest_year, latest_value=latest_value,
        latest_status=latest_status, latest_published=published, status=status, met_year=met_year,
        met_value=met_value, missed_detail=detail, growth_pct=float(growth_pct),
        actual_points=tuple((year, usd) for year, usd, _ in points),
    )
    return _projected(dataset, base, start_year)


def _projected(dataset: Dataset, base: Answer, start_year: int | None) -> Answer:
    """``base`` with its projection from the jump-off (rule 2) or the what-if year (rule 3)."""
    start = base.latest_year if start_year is None else int(start_year)
    start_value = dataset.annual_value(base.source, start)
    if start_value is None:
        years = ", ".join(str(y) for y in dataset.years(base.source))
        return replace(base, projected="unavailable",
                       problem=f"{base.source} has no annual figure for {start} (a gap in the sources); "
                               f"project from one of {years}")
    if start > base.latest_year:
        return replace(base, projected="unavailable", problem=f"{start} is after {base.source}'s latest figure")
    out = replace(base, start_year=start, start_value=start_value)
    if base.met_year is not None:
        return out
    try:
        scenario = model.Scenario(base.source, start, start_value, base.growth_pct, base.target_usd_bn,
                                  deadline=None, horizon=start)
    except ValueError as exc:
        return replace(base, projected="unavailable", problem=str(exc))
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


def briefing(answers: dict[str, Answer] | list[Answer]) -> str:
    """The one-sentence answer: one sentence per source of the view."""
    items = answers.values() if isinstance(answers, dict) else answers
    return " ".join(a.sentence() for a in items)


def even_odds_year(probability: pd.DataFrame) -> int | None:
    """The first year with at least a 50% chance (columns year, probability), or None."""
    hit = probability[probability["probability"] >= 0.5 - 1e-12]
    return None if hit.empty else int(hit["year"].min())
