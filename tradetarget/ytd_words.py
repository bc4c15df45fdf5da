"""Words for the year-to-date facts of :mod:`tradetarget.ytd`, in the reader's language.

Periods are written as the press writes them, with Babel's month names and year forms: "Jan–Oct 2025",
«январь–октябрь 2025 г.», "2025 ж. қаңтар–қазан", "2025年1—10月". Every surface (the overview's "Latest figures",
the Year-to-date page, the Data page's release calendar and the command line's table) writes a source's
:class:`~tradetarget.ytd.Latest` through these functions, so they say the same thing.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import pandas as pd
from babel.dates import get_month_names

from tradetarget import ledger, wording, ytd
from tradetarget import published as published_dates
from tradetarget.data import MONTHS, SOURCES, Dataset
from tradetarget.i18n import BABEL_LOCALES, DEFAULT_LANG, messages

_CODE = re.compile(r"^(\d{4})(?:-(\d{2})\.\.\d{4}-(\d{2}))?$")


@lru_cache(maxsize=2048)
def period(year: int, start_month: int = 1, end_month: int = 12, lang: str = DEFAULT_LANG) -> str:
    """A period of one year in words (:func:`wording.months`, the one form every surface uses)."""
    return wording.months(year, start_month, end_month, lang)


def period_of(fig: ytd.Figure, lang: str = DEFAULT_LANG) -> str:
    return period(fig.year, fig.start_month, fig.end_month, lang)


def code_words(code: str | None, lang: str = DEFAULT_LANG) -> str:
    """A period in the data's notation ("2025-01..2025-10", "2025") in words; "—" for none."""
    match = _CODE.match(code or "")
    if not match:
        return code or "—"
    year, start, end = match.groups()
    return period(int(year), int(start or 1), int(end or 12), lang)


def _tuple_words(item: tuple[int, int] | None, lang: str) -> str:
    return "—" if item is None else period(item[0], 1, item[1], lang)


def money(value: float | None, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    return "—" if value is None else messages(lang).money(value, digits)


def rate(pct: float | None, lang: str = DEFAULT_LANG) -> str:
    """A change with its sign and one decimal: "+9.0%", "−5,1 %", "+9.0%"."""
    if pct is None:
        return "—"
    t = messages(lang)
    return f"{pct:+.1f}%" if lang == DEFAULT_LANG else t.pct(pct, 1, sign=True)


def kind_name(kind: str, lang: str = DEFAULT_LANG) -> str:
    """"annual" / "running_total" / "quarter" / "month" / "span" in words."""
    return messages(lang)(f"ytd.kind.{kind}")


def age(days: int | None, lang: str = DEFAULT_LANG) -> str:
    """How long ago: "3 days ago", "11 months ago", "2 years ago" (a month counted as 30.4 days)."""
    t = messages(lang)
    if days is None:
        return t("ytd.age.unknown")
    if days < 45:
        return t.n("ytd.age.days", max(days, 0))
    months = round(days / 30.44)
    if months < 24:
        return t.n("ytd.age.months", months)
    return t.n("ytd.age.years", round(days / 365.25))


def published(fig: ytd.Figure, as_of: date, lang: str = DEFAULT_LANG) -> str:
    """ "published around December 2025, 12 months ago" (the page's own precision)."""
    t = messages(lang)
    return t("ytd.published", date=t.published(fig.published_on), age=age(fig.age_days(as_of), lang))


def change_sentence(item: ytd.Latest, lang: str = DEFAULT_LANG) -> str:
    """The newest running total against the same months a year earlier: "GACC Jan–Oct 2025: $39.8bn, +9.0% on
    Jan–Oct 2024 ($36.5bn; computed). The release states no rate." """
    t = messages(lang)
    if item.running is None:
        return t("ytd.sentence", text=t("ytd.change.none", source=item.source))
    cur, prev = item.running.current, item.running.previous
    head = t("ytd.change.head", source=item.source, period=period_of(cur, lang), value=money(cur.value_usd_bn, lang))
    if prev is None:
        head = t("ytd.change.no_previous", head=head,
                 previous=period(cur.year - 1, cur.start_month, cur.end_month, lang))
    else:
        head = t("ytd.change.computed", head=head, change=rate(item.running.computed_pct, lang),
                 previous=period_of(prev, lang), value=money(prev.value_usd_bn, lang))
    stated = item.running.stated_pct
    tail = t("ytd.change.stated", change=rate(stated, lang)) if stated is not None else t("ytd.change.stated_none")
    return t("ytd.two_sentences", first=head, second=tail)


def annual_sentence(item: ytd.Latest, lang: str = DEFAULT_LANG) -> str:
    t = messages(lang)
    if item.annual is None:
        return t("ytd.sentence", text=t("ytd.annual.none", source=item.source))
    fig = item.annual
    return t("ytd.sentence", text=t("ytd.annual", year=period_of(fig, lang), value=money(fig.value_usd_bn, lang),
                                    status=wording.status(fig.status, lang),
                                    published=published(fig, item.as_of, lang)))


def running_age(item: ytd.Latest, lang: str = DEFAULT_LANG) -> str:
    if item.running is None:
        return ""
    t = messages(lang)
    return t("ytd.sentence", text=t("ytd.running.age", period=period_of(item.running.current, lang),
                                    published=published(item.running.current, item.as_of, lang)))


def newer_note(item: ytd.Latest, lang: str = DEFAULT_LANG) -> str | None:
    """Said when no running total is newer than the latest full year: the newest figure is the annual one."""
    if item.newer_than_annual or item.annual is None:
        return None
    t = messages(lang)
    return t("ytd.sentence", text=t("ytd.not_newer", source=item.source, year=str(item.annual.year)))


def nowcast_sentence(cast: ytd.Nowcast, lang: str = DEFAULT_LANG) -> str:
    """The full-year estimate with the years behind it, or why there is none (one or two sentences)."""
    return messages(lang)("ytd.sentence", text=_nowcast(cast, lang))


def _nowcast(cast: ytd.Nowcast, lang: str) -> str:
    t = messages(lang)
    if cast.reason == "no_running_total":
        return t("ytd.nowcast.no_running_total", source=cast.source)
    if cast.reason == "year_complete":
        return t("ytd.nowcast.year_complete", source=cast.source,
                 year=str(cast.last_annual) if cast.last_annual is not None else "—")
    start = cast.start
    months = period(start.year, 1, start.end_month, lang)
    same = _months_only(start.end_month, lang)
    years = t.join([str(y) for y in cast.years])
    if cast.reason == "too_few_years":
        return t.n("ytd.nowcast.too_few", len(cast.past), source=cast.source, year=str(start.year), months=same,
                   need=str(ytd.MIN_YEARS), years=years or t("ytd.none"))
    return t.n("ytd.nowcast.range", len(cast.past), source=cast.source, year=str(start.year),
               low=money(cast.low, lang), high=money(cast.high, lang), period=months,
               value=money(start.value_usd_bn, lang), months=same, years=years)


def _months_only(end_month: int, lang: str) -> str:
    """The months from January without a year: "Jan–Oct", «январь–октябрь», "қаңтар–қазан", "1—10月"."""
    if lang == DEFAULT_LANG:
        return "January" if end_month == 1 else f"Jan–{MONTHS[end_month - 1]}"
    if lang == "zh":
        return "1月" if end_month == 1 else f"1—{end_month}月"
    names = get_month_names("wide", context="stand-alone", locale=BABEL_LOCALES[lang])
    first, last = names[1].lower(), names[end_month].lower()
    return first if end_month == 1 else f"{first}–{last}"


def release_sentence(rel: ytd.Release, lang: str = DEFAULT_LANG) -> str:
    """When the next figure of one kind is due, on what basis, and whether one is overdue."""
    t = messages(lang)
    kind = kind_name(rel.kind, lang)
    if rel.due is None:
        return t("ytd.sentence", text=t("ytd.release.unknown", source=rel.source, kind=kind))
    text = t("ytd.release.next", source=rel.source, kind=kind, period=_tuple_words(rel.upcoming, lang),
             date=_due_words(rel.upcoming_due, rel.upcoming_exact, lang), basis=basis_words(rel, lang))
    if rel.overdue:
        return t("ytd.two_sentences", first=text, second=overdue_words(rel, lang))
    return t("ytd.sentence", text=text)


def overdue_words(rel: ytd.Release, lang: str = DEFAULT_LANG) -> str:
    t = messages(lang)
    return t("ytd.release.overdue", period=_tuple_words(rel.awaited, lang),
             date=_due_words(rel.due, rel.exact, lang), age=age(rel.overdue_days, lang))


def _due_words(day: date | None, exact: bool, lang: str) -> str:
    t = messages(lang)
    if day is None:
        return "—"
    return t.date(day) if exact else t("ytd.release.around", date=t.date(day))


def basis_words(rel: ytd.Release, lang: str = DEFAULT_LANG, short: bool = False) -> str:
    """What a due date rests on: the source's published calendar, or the median lag measured in the data (``short``:
    without the lag, which a table gives in its own column)."""
    t = messages(lang)
    if rel.basis == "schedule":
        return t("ytd.basis.schedule", year=str(ytd.GACC_SCHEDULE_YEAR))
    if rel.basis == "data":
        if short:
            return t("ytd.basis.data_short")
        return t.n("ytd.basis.data", rel.lag.count, days=t.num(rel.lag.days or 0, 0))
    return t("ytd.basis.none")


def lines(item: ytd.Latest, lang: str = DEFAULT_LANG) -> list[str]:
    """Everything the overview and the command line say about one source, one statement a line."""
    out = [change_sentence(item, lang)]
    if item.running is not None:
        out.append(running_age(item, lang))
    out.append(annual_sentence(item, lang))
    if note := newer_note(item, lang):
        out.append(note)
    out.append(nowcast_sentence(item.nowcast, lang))
    out.extend(release_sentence(r, lang) for r in item.releases)
    return out


def marked_lines(dataset: Dataset, sources: tuple[str, ...], as_of: date, lang: str = DEFAULT_LANG
                 ) -> dict[str, tuple[tuple[str, bool], ...]]:
    """:func:`lines` for each source, each line with whether it tells of an overdue release (a page colours those):
    the overview's and the Year-to-date page's text, computed once per data version, day and language."""
    out = {}
    for source, item in ytd.latest_all(dataset, sources, as_of).items():
        overdue = {release_sentence(r, lang) for r in item.releases if r.overdue}
        out[source] = tuple((line, line in overdue) for line in lines(item, lang))
    return out


# --- tables for the pages (headers and cells in the reader's language) ------------------------------------


def _headers(lang: str, *keys: str) -> list[str]:
    t = messages(lang)
    return [t(f"ytd.col.{k}") for k in keys]


def running_table(dataset: Dataset, sources: tuple[str, ...] = SOURCES, as_of: date | None = None,
                  lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Every stored running total with the same months a year earlier and the change, computed and stated."""
    t = messages(lang)
    raw = ytd.year_on_year_table(dataset, sources, as_of)
    rows = [[r["source"], code_words(r["period"], lang), money(r["value_usd_bn"], lang, 2),
             money(None if pd.isna(r["previous_usd_bn"]) else r["previous_usd_bn"], lang, 2),
             rate(None if pd.isna(r["change_pct_computed"]) else r["change_pct_computed"], lang),
             rate(None if pd.isna(r["change_pct_stated"]) else r["change_pct_stated"], lang),
             wording.status(r["status"], lang), t.published(published_dates.parse(r["published"])), r["url"]]
            for r in raw.to_dict("records")]
    return pd.DataFrame(rows, columns=[*_headers(lang, "source", "period", "value", "year_before", "change",
                                                 "stated", "status", "published"), "url"])


def backtest_table(dataset: Dataset, sources: tuple[str, ...] = SOURCES, as_of: date | None = None,
                   lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Each past year's estimate from its running total, made without that year, against the actual year."""
    t = messages(lang)
    rows = []
    for source in sources:
        for check in ytd.backtest(dataset, source, as_of):
            if check.low is None:
                estimate = t.n("ytd.backtest.too_few", len(check.past), need=str(ytd.MIN_YEARS))
            else:
                estimate = t("ytd.range", low=money(check.low, lang), high=money(check.high, lang))
            inside = "—" if check.inside is None else t("ytd.yes") if check.inside else t("ytd.no")
            rows.append([source, period_of(check.start, lang), money(check.start.value_usd_bn, lang, 2), estimate,
                         money(check.actual, lang, 2), rate(check.error_pct, lang), inside,
                         t.join([str(y) for y in check.years]) or "—"])
    return pd.DataFrame(rows, columns=_headers(lang, "source", "from", "value", "estimate", "actual", "error",
                                               "inside", "past_years"))


def release_table(dataset: Dataset, sources: tuple[str, ...] = SOURCES, as_of: date | None = None,
                  lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The release calendar: per source and kind, the newest stored figure, the measured lag, the next due date and
    whether one is overdue."""
    t = messages(lang)
    as_of = as_of or date.today()
    rows = []
    for source in sources:
        for rel in ytd.releases(dataset, source, as_of):
            lag = "—" if rel.lag.days is None else t.n("ytd.lag", rel.lag.count, days=t.num(rel.lag.days, 0))
            overdue = overdue_words(rel, lang) if rel.overdue else t("ytd.no")
            rows.append([source, kind_name(rel.kind, lang), "—" if rel.last is None else period_of(rel.last, lang),
                         _tuple_words(rel.upcoming, lang), _due_words(rel.upcoming_due, rel.upcoming_exact, lang),
                         overdue, basis_words(rel, lang, short=True), lag])
    return pd.DataFrame(rows, columns=_headers(lang, "source", "kind", "last", "next", "due", "overdue", "basis",
                                               "lag"))


def seed_claim(dataset: Dataset) -> dict | None:
    """The seed statement's row of claims.csv (quote, who, date, link), if the data hold it."""
    rows = dataset.claims[dataset.claims["id"] == ytd.SEED_CLAIM]
    return None if rows.empty else rows.iloc[0].to_dict()


def seed_check(dataset: Dataset, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The seed's claim recomputed from each source's figures for the same months (the Pledges page's check)."""
    checks = ledger.check_claims(dataset, lang)
    return checks.loc[checks["claim_id"] == ytd.SEED_CLAIM, ["source", "claimed", "recomputed", "how", "matches"]]
