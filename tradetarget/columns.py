"""Human headers and number formats for the tables a page shows (CSV downloads keep the raw column names).

Every shown column gets a header with its unit ("Turnover (USD bn)", "Error (%)"), never a raw name with
underscores; numbers are formatted per column: sourced USD figures as sourced (up to three decimals, trailing
zeros dropped), derived USD figures with the table's precision, percentages with one decimal, counts with a
thousands separator, and a dash wherever a value is missing.

Headers and numbers are in the reader's language (``lang``): headers from the catalogue (``columns.<name>``),
numbers formatted by Babel (decimal comma and non-breaking space in ru and kk), US$ amounts in the language's unit
(Chinese: 亿美元, billions ×10; :attr:`~tradetarget.i18n.Messages.money_scale`). English stays as it was.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from tradetarget import published
from tradetarget.i18n import DEFAULT_LANG, SOURCE_TAGS, messages

HEADERS = {
    "source": "Source", "period": "Period", "year": "Year", "status": "Status", "url": "Source link",
    "published": "Published", "note": "Note", "annual": "Full year", "origin": "Origin", "kind": "Period kind",
    "turnover_usd_bn": "Turnover (USD bn)",
    "exports_kz_to_cn_usd_bn": "Kazakhstan's exports to China (USD bn)",
    "imports_kz_from_cn_usd_bn": "Kazakhstan's imports from China (USD bn)",
    "growth_pct_stated": "Growth as stated (%)",
    "ytd_usd_bn": "Year to date (USD bn)", "estimate_usd_bn": "Full-year estimate (USD bn)",
    "actual_usd_bn": "Actual full year (USD bn)", "error_usd_bn": "Error (USD bn)", "error_pct": "Error (%)",
    "projected_usd_bn": "Projected (USD bn)",
    "gacc_usd_bn": "GACC (USD bn)", "bns_usd_bn": "BNS (USD bn)", "gap_usd_bn": "Gap, GACC − BNS (USD bn)",
    "gap_pct_of_gacc": "Gap (% of GACC)", "flow": "Flow",
    "milestone": "Milestone", "date": "Date", "growth_year_before": "Year before",
    "growth_before_pct": "Growth the year before (%)", "growth_year_after": "Year after",
    "growth_after_pct": "Growth the year after (%)",
    "start": "Start", "end": "End", "category": "Category", "title": "Title", "detail": "Detail",
    "direction": "Direction", "metric": "What was counted", "visitors": "Visitors", "conflict": "Sources conflict",
    "who": "Who", "quote": "Quote", "claimed": "Claimed", "recomputed": "Recomputed", "matches": "Matches",
    "matches_source": "Matches which source", "how": "How recomputed", "method": "Method",
    "announced": "Announced", "target": "Target", "set by": "Set by", "set against": "Set against",
    "on GACC figures": "On GACC figures", "on BNS figures": "On BNS figures", "scenario": "Scenario",
    "assumption": "Assumption", "line": "Line", "column": "Column", "value": "Value", "problem": "Problem",
    "source_kind": "Kind of source", "url_secondary": "Further link",
}
COUNTS = {"visitors"}
"""Whole counts, shown with a thousands separator."""
SOURCED = {"turnover_usd_bn", "exports_kz_to_cn_usd_bn", "imports_kz_from_cn_usd_bn"}
"""Figures shown exactly as the source gave them."""
_NUMBER = re.compile(r"^[−+-]?\d{1,3}([,\u00a0\u202f ]?\d{3})*([.,]\d+)?%?$")
"""A number as any language writes it: "1,234.5", "1 234,5" (non-breaking space), "-3,2%"."""


def _key(name: str) -> str:
    return "columns." + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def header(name: str, lang: str = DEFAULT_LANG) -> str:
    """The shown header of a column in ``lang``: a known name's, else the name with its unit spelled out."""
    if lang == DEFAULT_LANG:
        if name in HEADERS:
            return HEADERS[name]
        text = name.replace("_usd_bn", " (USD bn)").replace("_pct", " (%)").replace("_", " ")
        return text[:1].upper() + text[1:]
    t = messages(lang)
    if name in HEADERS:
        return t(_key(name))
    unit = "usd_bn" if name.endswith("_usd_bn") else "pct" if name.endswith("_pct") else None
    stem = name.removesuffix(f"_{unit}") if unit else name
    text = stem.replace("_", " ")
    text = text[:1].upper() + text[1:]
    return t(f"columns.with_unit.{unit}", name=text) if unit else text


def formatted(name: str, value: float, precision: int, lang: str = DEFAULT_LANG) -> str:
    """One number as shown in its column (never called with a missing value), in ``lang``'s number format."""
    if lang == DEFAULT_LANG:
        if name.endswith("_pct") or "_pct_" in name:
            return f"{value:,.1f}"
        if name in SOURCED:
            return f"{value:,.3f}".rstrip("0").rstrip(".")
        if float(value).is_integer() and math.fabs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:,.{precision}f}"
    t = messages(lang)
    if name.endswith("_pct") or "_pct_" in name:
        return t.num(value, 1)
    if name.endswith("_usd_bn") and t.money_scale != 1:  # Chinese: 亿美元, as the header says
        value = value * t.money_scale
        return t.num(round(value, 2), None) if name in SOURCED else t.num(value, max(1, precision - 1))
    if name in SOURCED:
        return t.num(round(value, 3), None)
    if float(value).is_integer() and math.fabs(value) >= 1000:
        return t.num(value, 0)
    return t.num(value, precision)


DATED = frozenset({"published"})
"""Columns of publication dates as ``data/`` writes them ("2025-08-08", "~2026-01", "n.d.")."""


def text_cell(name: str, value, lang: str = DEFAULT_LANG):
    """A cell that is not a number, as a reader of ``lang`` sees it: a source's tag in their words («ГТУ КНР»), a
    date through Babel («27 нояб. 2023 г.»), a publication date as precise as the page gives it («около января
    2026 г.»). English tables keep the data's own forms; anything else is returned as it is."""
    if lang == DEFAULT_LANG:
        return value
    t = messages(lang)
    if isinstance(value, str) and value in SOURCE_TAGS:
        return t.source(value)
    if isinstance(value, datetime):
        return t.date(value.date(), "medium")
    if isinstance(value, date):
        return t.date(value, "medium")
    if name in DATED and isinstance(value, str):
        when = published.parse(value)
        return t.published(when) if when is not None or value.strip() == "n.d." else value
    return value


def count(value, lang: str = DEFAULT_LANG) -> str:
    """A whole count with the language's thousands separator: "217,000" / "217 000"."""
    return f"{int(value):,}" if lang == DEFAULT_LANG else messages(lang).num(int(value), 0)


def is_number(text) -> bool:
    """A shown cell that holds a number (or the dash of a missing one), in any language's format: right-aligned."""
    return isinstance(text, str) and (text == "—" or bool(_NUMBER.match(text)))
