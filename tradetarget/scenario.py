"""The dashboard's view: the controls' values turned into per-source scenarios.

A :class:`View` is what the sidebar (or the CLI) chooses. :func:`build` turns it
into a scenario per source, keeping a readable reason for any source that
cannot be projected (for example, BNS has no figure for the chosen base year).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from tradetarget import headline, model, wording
from tradetarget.answer import Answer, answer_for, rate_words, sentence_join, shortfall, target_name
from tradetarget.data import SOURCES, Dataset
from tradetarget.i18n import DEFAULT_LANG, LANGS, messages

GROWTH_RANGE = (-30.0, 60.0)
GROWTH_STEP = 0.5
DEADLINE_RANGE = (2024, 2050)


@dataclass(frozen=True)
class View:
    """What the user chose. ``sources`` is one source or both, never a blend.

    ``base_year`` None projects each source from its latest annual figure (the jump-off); a year is a
    what-if "as projected from" that year. ``deadline`` None keeps the target's own deadline; a year is
    an override. ``as_of`` is the date the answer is given on (a deadline is passed once its year is over).
    ``lang`` is the language every text of the view is written in (see :mod:`tradetarget.i18n`).
    """

    sources: tuple[str, ...] = SOURCES
    base_year: int | None = None
    growth_pct: float = model.SEED_GROWTH_PCT
    target_id: str = model.DEFAULT_TARGET_ID
    deadline: int | None = None
    as_of: date = field(default_factory=date.today)
    lang: str = DEFAULT_LANG

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {self.lang!r}")
        if not self.sources or any(s not in SOURCES for s in self.sources):
            raise ValueError(f"sources must be drawn from {', '.join(SOURCES)}, got {self.sources!r}")


SEED_VIEW = {"growth": model.SEED_GROWTH_PCT, "base": model.SEED_BASE_YEAR}
"""The seed's own framing as a preset: +24% a year from 2022, as seen on 27 Nov 2023."""


@dataclass(frozen=True)
class Outlook:
    """The result of a view: the answer and a scenario per source, or the reason there is none.

    Every scenario starts at its answer's jump-off (or what-if year) and carries the deadline in
    force when it is still ahead of that year.
    """

    view: View
    target: dict
    scenarios: dict[str, model.Scenario] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)

    @property
    def target_usd_bn(self) -> float:
        return float(self.target["target_usd_bn"])

    @property
    def own_deadline(self) -> int | None:
        deadline = self.target.get("deadline")
        return None if deadline is None or pd.isna(deadline) else int(deadline)

    @property
    def deadline(self) -> int | None:
        """The deadline in force: the override, else the target's own (None: no deadline)."""
        return self.view.deadline if self.view.deadline is not None else self.own_deadline

    @property
    def overridden(self) -> bool:
        return self.view.deadline is not None and self.view.deadline != self.own_deadline

    @property
    def what_if(self) -> bool:
        return any(a.what_if for a in self.answers.values())

    @property
    def horizon(self) -> int:
        """Last projected year: 2035, or the deadline if later."""
        return max(model.DEFAULT_HORIZON, self.deadline or 0)

    @property
    def headline(self) -> str:
        """The quotable headline: facts only (verdict, latest figure, data date per source), no scenario."""
        return headline.headline(self.answers, self.view.lang)

    @property
    def scenario_text(self) -> str:
        """The scenario, named as an assumption, with each source's actual recent pace beside it."""
        return headline.scenario(self.answers, self.view.growth_pct, self.view.lang)

    @property
    def briefing(self) -> str:
        """The headline, then the scenario sentences: what the alt text of a chart reads."""
        return sentence_join([s for s in (self.headline, self.scenario_text) if s], self.view.lang)

    @property
    def footer(self) -> str:
        """One line for footers: growth, where each source starts, target and deadline (in the view's language)."""
        t = messages(self.view.lang)
        starts = t("answer.span.separator").join(
            f"{t.source(s)} {a.start_year}" for s, a in self.answers.items() if a.start_year is not None)
        if self.what_if:
            start = t("answer.footer.what_if", year=str(self.view.base_year))
        elif len(self.answers) > 1:
            start = t("answer.footer.latest.each", starts=starts)
        else:
            start = t("answer.footer.latest.one", starts=starts)
        if self.deadline is None:
            deadline = t("answer.footer.deadline.none")
        elif self.overridden:
            deadline = t("answer.footer.deadline.what_if", year=str(self.deadline))
        else:
            deadline = t("answer.footer.deadline.by", year=str(self.deadline))
        return t("answer.footer", rate=rate_words(self.view.growth_pct, self.view.lang), start=start,
                 target=t.money(self.target_usd_bn, digits=None), deadline=deadline)


def build(dataset: Dataset, view: View) -> Outlook:
    """The answer and a scenario for every chosen source; the target comes from the ledger.
    Every text (answers, problems) is in ``view.lang``."""
    t = messages(view.lang)
    target = dataset.target(view.target_id).to_dict()
    scenarios, problems, answers = {}, {}, {}
    for source in view.sources:
        try:
            answer = answer_for(dataset, source, target, view.growth_pct, view.base_year, view.deadline, view.as_of,
                                lang=view.lang)
        except ValueError as exc:
            problems[source] = (t("answer.problem.no_figures", source=source) if not dataset.annual_points(source)
                                else model.error_text(exc, view.lang))
            continue
        answers[source] = answer
        if answer.start_year is None:
            problems[source] = answer.problem or t("answer.problem.cannot", source=source)
            continue
        deadline = answer.deadline if answer.deadline is not None and answer.deadline > answer.start_year else None
        scenarios[source] = model.Scenario(
            source=source, base_year=answer.start_year, base_value=answer.start_value, growth_pct=view.growth_pct,
            target_usd_bn=answer.target_usd_bn, deadline=deadline,
            horizon=max(model.DEFAULT_HORIZON, answer.deadline or 0, answer.start_year),
        )
    return Outlook(view=view, target=target, scenarios=scenarios, problems=problems, answers=answers)


def target_label(row, lang: str = DEFAULT_LANG) -> str:
    """'$40bn by 2030 (set 2023)' for a ledger row, in ``lang`` ('40 млрд долл. к 2030 году (поставлена в 2023 году)').

    The sidebar shows it and also keeps it in the address (``target=``): a link carries the label of its own
    language, so whoever reads a link matches it against the labels of every language (:func:`target_labels`)."""
    return messages(lang)("answer.target.label", target=target_name(row, lang), year=str(row["announced"].year))


def target_labels(row) -> dict[str, str]:
    """The label of a ledger row in every language: {"en": "$40bn by 2030 (set 2023)", "ru": ..., ...}."""
    return {lang: target_label(row, lang) for lang in LANGS}


def projection_table(dataset: Dataset, outlook: Outlook) -> pd.DataFrame:
    """Year-by-year table: each source's actual figure, its projection from the jump-off, and the
    shortfall to the target (positive: short), from the actual figure where there is one.

    The columns (but ``year``) and the statuses are in the view's language, and so are the amounts: US$ billions,
    or 亿美元 in Chinese (×10, as its headers say; :attr:`~tradetarget.i18n.Messages.money_scale`)."""
    t = messages(outlook.view.lang)
    first = min([model.SEED_BASE_YEAR, *(s.base_year for s in outlook.scenarios.values())])
    last = max((s.last_year for s in outlook.scenarios.values()), default=outlook.horizon)
    table = pd.DataFrame({"year": range(first, last + 1)})
    target = outlook.target_usd_bn
    for source in outlook.view.sources:
        actual = dataset.annual(source).set_index("year")
        values = table["year"].map(actual["turnover_usd_bn"])
        table[t("answer.table.actual", source=source)] = values
        table[t("answer.table.status", source=source)] = [
            wording.status(word, outlook.view.lang) for word in table["year"].map(actual["status"]).fillna("")]
        scenario = outlook.scenarios.get(source)
        if scenario is not None:
            proj = model.project(scenario).set_index("year")["value_usd_bn"]
            projected = t("answer.table.projection", source=source)
            table[projected] = table["year"].map(proj)
            values = values.fillna(table[projected])
        table[t("answer.table.gap", source=source)] = shortfall(values, target)
    table[t("answer.table.target")] = target
    if t.money_scale != 1:
        amounts = [c for c in table.columns if c != "year" and pd.api.types.is_float_dtype(table[c])]
        table[amounts] = table[amounts] * t.money_scale
    return table
