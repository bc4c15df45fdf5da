"""What a figure changed: the facts of every answer before and after it, and over time.

Facts only (numbers, years, statuses), never words: :mod:`tradetarget.history_words` writes them. The facts come
from :func:`tradetarget.answer.answer_for`, the same answer every page shows, at the default scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from tradetarget import model, published
from tradetarget.answer import answer_for
from tradetarget.data import SOURCES, Dataset


@dataclass(frozen=True)
class Facts:
    """One source's answer to one pledge, as facts."""

    target_id: str
    source: str
    status: str
    """met / missed / not_yet"""
    met_year: int | None
    latest_year: int
    latest_value: float
    shortfall: float | None
    """Target minus the latest annual figure, USD bn; None once met or once the latest figure is above it."""
    reached_year: int | None
    """The first year the default scenario (+24% a year from the latest figure) reaches the target."""
    required_pct: float | None
    """The growth a year the latest figure needs to reach the target by the deadline; None without one or once met."""


@dataclass(frozen=True)
class Figure:
    """One turnover figure as ``data/`` holds it."""

    source: str
    period: str
    value: float
    published: str
    status: str


@dataclass(frozen=True)
class Change:
    """A figure added (``old`` None) or revised, with the answers of its source before and after it."""

    figure: Figure
    old: Figure | None
    effects: tuple[tuple[Facts | None, Facts | None], ...]


def facts(dataset: Dataset, as_of: date, sources: tuple[str, ...] = SOURCES,
          growth_pct: float = model.SEED_GROWTH_PCT) -> dict[tuple[str, str], Facts]:
    """Every (target id, source) answer of ``dataset`` on ``as_of``; a source with no annual figure has none."""
    out: dict[tuple[str, str], Facts] = {}
    for _, target in dataset.targets.iterrows():
        for source in sources:
            if not dataset.annual_points(source):
                continue
            a = answer_for(dataset, source, target, growth_pct, as_of=as_of)
            met = a.status == "met"
            out[(str(target["id"]), source)] = Facts(
                target_id=str(target["id"]), source=source, status=str(a.status), met_year=a.met_year,
                latest_year=int(a.latest_year), latest_value=float(a.latest_value),
                shortfall=None if met or a.latest_value >= a.target_usd_bn
                else round(float(a.target_usd_bn) - float(a.latest_value), 6),
                reached_year=a.projected_year if a.projected == "reached" else None,
                required_pct=None if met or a.required_pct is None else float(a.required_pct))
    return out


def figures(frame: pd.DataFrame) -> dict[tuple[str, str], Figure]:
    """The current figures of a turnover frame, by (source, period label)."""
    return {(str(s), str(p)): Figure(str(s), str(p), float(v), str(w), str(st))
            for s, p, v, w, st in zip(frame["source"], frame["period"], frame["turnover_usd_bn"],
                                      frame["published"], frame["status"], strict=True)}


def _changed(before: Dataset, after: Dataset) -> list[tuple[Figure, Figure | None]]:
    old, new = figures(before.turnover), figures(after.turnover)
    moved = [(fig, old.get(key)) for key, fig in new.items()
             if key not in old or (old[key].value, old[key].published, old[key].status)
             != (fig.value, fig.published, fig.status)]
    return sorted(moved, key=lambda pair: (_day(pair[0].published), pair[0].source, pair[0].period))


def _day(text: str) -> date:
    when = published.parse(text)
    return when.day if when is not None else date.max


def changes(before: Dataset, after: Dataset, as_of: date) -> tuple[Change, ...]:
    """Each figure in ``after`` that ``before`` lacks or held otherwise, with every answer of its source on
    ``as_of`` before and after the whole change (one figure: its own effect)."""
    moved = _changed(before, after)
    sources = tuple(s for s in SOURCES if any(f.source == s for f, _ in moved))
    was, now = facts(before, as_of, sources), facts(after, as_of, sources)
    return tuple(Change(fig, old, tuple((was.get(k), now.get(k)) for k in sorted(set(was) | set(now))
                                        if k[1] == fig.source))
                 for fig, old in moved)


def publication_days(dataset: Dataset) -> tuple[date, ...]:
    """Every distinct publication day among the turnover figures, current and superseded, oldest first."""
    days = {published.parse(p).day for p in dataset.history["published"] if published.parse(p) is not None}
    return tuple(sorted(days))


def changes_since(dataset: Dataset, since: date, until: date) -> tuple[Change, ...]:
    """Each figure published after ``since`` (up to ``until``), with its effect on what was known then: the day
    before its publication against its publication day (figures out on the same day share their effect)."""
    out: list[Change] = []
    for day in publication_days(dataset):
        if since < day <= until:
            out.extend(changes(dataset.as_of(day - timedelta(days=1)), dataset.as_of(day), day))
    return tuple(out)


def timeline(dataset: Dataset, target_id: str, until: date) -> pd.DataFrame:
    """The answer to one pledge at each publication day up to ``until``: long form, one row per day and source
    (``day``, ``source``, ``status``, ``shortfall``, ``latest_year``, ``latest_value``, ``met_year``)."""
    rows = []
    for day in publication_days(dataset):
        if day > until:
            continue
        then = dataset.as_of(day)
        if (then.targets["id"] == target_id).sum() == 0:
            continue
        for (tid, source), f in facts(then, day).items():
            if tid == target_id:
                rows.append({"day": day, "source": source, "status": f.status, "shortfall": f.shortfall,
                             "latest_year": f.latest_year, "latest_value": f.latest_value, "met_year": f.met_year})
    return pd.DataFrame(rows, columns=["day", "source", "status", "shortfall", "latest_year", "latest_value",
                                       "met_year"])


def first_known_met(frame: pd.DataFrame, source: str) -> date | None:
    """The first day on which ``source``'s figures were known to meet the pledge (a :func:`timeline` frame)."""
    met = frame[(frame["source"] == source) & (frame["status"] == "met")]
    return None if met.empty else met["day"].min()
