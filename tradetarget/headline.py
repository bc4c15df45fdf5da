"""The quotable headline (facts only) and the scenario sentence (an assumption), from the one answer.

The headline is what a wire editor may copy: per source the verdict, the figure behind it with its year
and status (and "weak source" when only a weak page supports it), and each source's data date. It holds
no scenario and no projection. The scenario follows in its own sentences, named as an assumption, with
each source's actual recent pace beside it, so the reader sees the assumption against reality.

Both read the :class:`~tradetarget.answer.Answer` of each source; every surface (overview, PDF, PNG/SVG
footers, citation, command line) takes its texts from here.
"""

from __future__ import annotations

from datetime import date

from tradetarget import model, wording
from tradetarget.answer import PACE_YEARS, Answer, recent_pace, sentence_join
from tradetarget.data import Dataset
from tradetarget.i18n import Messages, messages
from tradetarget.published import Published

SEED_DATE = date(2023, 11, 27)
"""The day the prime minister cited +24% (the slider's default pace)."""


def _money(t: Messages, value: float, weak: bool) -> str:
    return t("headline.weak", value=t.money(value)) if weak else t.money(value)


def _figure(t: Messages, a: Answer) -> str:
    """'$30.1bn in 2024 (provisional)': the latest annual figure, then its status when not plainly reported and
    "weak source" when only a weak page supports it."""
    notes = [] if a.latest_status == "reported" else [wording.status(a.latest_status, a.lang)]
    if a.latest_weak:
        notes.append(t("headline.weak_note"))
    if not notes:
        return t("headline.figure", value=t.money(a.latest_value), year=str(a.latest_year))
    return t("headline.figure.status", value=t.money(a.latest_value), year=str(a.latest_year),
             status=t("headline.note.separator").join(notes))


def source_fact(a: Answer) -> str:
    """One source's part of the headline: 'China's customs: met in 2023 ($41.0bn).'"""
    t = messages(a.lang)
    name = t(f"headline.name.{a.source}")
    if a.status == "met":
        return t("headline.met", name=name, year=str(a.met_year), value=_money(t, a.met_value, a.met_weak))
    if a.status == "missed":
        if a.met_year is not None:
            return t("headline.missed.later", name=name, deadline=str(a.deadline), year=str(a.met_year),
                     value=_money(t, a.met_value, a.met_weak))
        return t("headline.missed", name=name, deadline=str(a.deadline), figure=_figure(t, a))
    if a.deadline is not None and a.deadline < a.as_of.year:
        return t("headline.unknown", name=name, deadline=str(a.deadline), figure=_figure(t, a))
    return t("headline.not_yet", name=name, figure=_figure(t, a))


def dates_words(dates: dict[str, Published], lang: str) -> str:
    """Each source's own data date in words: 'GACC around January 2026, BNS 8 August 2025'."""
    t = messages(lang)
    items = [t("headline.data.item", tag=t(f"headline.tag.{source}"), date=t.published(when))
             for source, when in dates.items()]
    return t("headline.data.separator").join(items)


def data_line(answers: dict[str, Answer], lang: str) -> str:
    """'Data: GACC January 2026, BNS August 2025.': each source's own data date, none after the answer's day."""
    t = messages(lang)
    dates = {source: a.data_date for source, a in answers.items() if a.data_date is not None}
    return t.full_stop(t("headline.data", dates=dates_words(dates, lang)))


def headline(answers: dict[str, Answer], lang: str) -> str:
    """The facts-only headline for the sources of a view (at most 35 words in English)."""
    if not answers:
        return ""
    t = messages(lang)
    first = next(iter(answers.values()))
    target = t.full_stop(t("headline.target", target=first.target_words))  # "100 млрд долл." ends its own sentence
    parts = [target, *(source_fact(a) for a in answers.values()), data_line(answers, lang)]
    return sentence_join(parts, lang)


def pace_words(a: Answer) -> str:
    """'GACC +16.0% a year (2022–2025)', or why there is no actual pace."""
    return source_pace(a.source, a.pace_pct, a.pace_span, a.latest_year, a.lang)


def source_pace(source: str, pct: float | None, span: tuple[int, int] | None, latest_year: int, lang: str) -> str:
    """A source's actual recent pace in words (:func:`tradetarget.answer.recent_pace` gives ``pct`` and ``span``)."""
    t = messages(lang)
    tag = t(f"headline.tag.{source}")
    if pct is None or span is None:
        return t("headline.pace.none", tag=tag, year=str(latest_year - PACE_YEARS))
    return t("headline.pace", tag=tag, rate=t.pct(pct, 1, sign=True), first=str(span[0]), last=str(span[1]))


def pace_sentence(answers: dict[str, Answer], lang: str) -> str:
    """'Actual pace over the last three years: GACC +16.0% a year (2022–2025), BNS +18.7% a year (2021–2024).'"""
    t = messages(lang)
    return t("headline.pace.sentence", paces=t("headline.data.separator").join(pace_words(a) for a in answers.values()))


def dataset_pace(dataset: Dataset, sources: tuple[str, ...], lang: str) -> str:
    """The same sentence straight from the data, for places that have no answer (the growth slider)."""
    t = messages(lang)
    paces = []
    for source in sources:
        points = dataset.annual_points(source)
        if points:
            pct, span = recent_pace(points)
            paces.append(source_pace(source, pct, span, points[-1][0], lang))
    return t("headline.pace.sentence", paces=t("headline.data.separator").join(paces))


def _assumption(a: Answer, growth_pct: float, first: bool) -> str | None:
    """One source's scenario sentence, or None when there is nothing to project (met, or no jump-off)."""
    if a.status == "met" or a.start_year is None or a.projected in ("not_needed", "unavailable"):
        return None
    t = messages(a.lang)
    why = ""
    if first:
        why = (t("headline.why.seed", date=t.date(SEED_DATE)) if growth_pct == model.SEED_GROWTH_PCT
               else t("headline.why.chosen"))
    words = {"rate": t.rate(growth_pct), "why": why, "name": t(f"headline.name.{a.source}"),
             "target": a.target_short, "start": str(a.start_year)}
    key = "headline.if.what_if." if a.what_if else "headline.if."
    if a.projected == "reached":
        return t(key + "reached", year=str(a.projected_year), **words)
    if a.projected == "never":
        return t(key + "never", **words)
    if a.projected == "beyond":
        return t.n(key + "beyond", model.MAX_YEARS, **words)
    actual = dict(a.actual_points).get(a.crossed_year)
    return t("headline.if.contradicted", year=str(a.crossed_year),
             value=t.money(actual) if actual is not None else t("headline.no_figure"), **words)


def scenario(answers: dict[str, Answer], growth_pct: float, lang: str) -> str:
    """The scenario, named as an assumption, then each source's actual recent pace."""
    if not answers:
        return ""
    sentences = []
    for a in answers.values():
        sentence = _assumption(a, growth_pct, first=not sentences)
        if sentence is not None:
            sentences.append(sentence)
    return sentence_join([*sentences, pace_sentence(answers, lang)], lang)
