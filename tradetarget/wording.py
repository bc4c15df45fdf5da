"""Words for values that come from data/: milestone titles, categories, target labels, statuses.

Our own labels in data/ (a milestone's title, a target's label) are translated through the catalogue
by a key built from the row; a row the catalogue does not know (an upload) keeps its original text.
Quotes and notes are never translated: they stay in the language they were said or written in, and
:func:`original` / :func:`original_header` mark them as such.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
from babel.dates import format_skeleton, get_month_names

from tradetarget.i18n import BABEL_LOCALES, DEFAULT_LANG, messages

ORIGINAL_COLUMNS = frozenset({"quote", "note", "detail", "who", "by", "set by"})
"""Columns shown as written in data/ (quotes, notes, who said it): never translated."""


def data_text(key: str, original: str, lang: str = DEFAULT_LANG) -> str:
    """The catalogue's text for ``key`` in ``lang``, or ``original`` when the catalogue lacks the key."""
    t = messages(lang)
    return t(key) if t.has(key) else original


def _slug(text: str) -> str:
    """A key part from free text: 'CN->KZ' → 'cn_kz', 'Chinese tourists (BNS)' → 'chinese_tourists_bns'."""
    return re.sub(r"[^a-z0-9]+", "_", str(text).strip().lower()).strip("_")


def _day(value) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def milestone_key(row) -> str:
    """The catalogue key of a milestone's title, stable across edits of its text:
    ``data.milestone.2023-11-10.visa`` (start date and category)."""
    return f"data.milestone.{_day(row['start'])}.{_slug(row['category'])}"


def milestone_title(row, lang: str = DEFAULT_LANG) -> str:
    """A milestone's title in ``lang``; an unknown milestone (an upload) keeps its own title."""
    title = str(row["title"])
    if lang == DEFAULT_LANG:
        return title
    return data_text(milestone_key(row), title, lang)


def category(name: str, lang: str = DEFAULT_LANG) -> str:
    """A milestone category ('visa', 'summit', ...) in ``lang``; English keeps the data's word."""
    if lang == DEFAULT_LANG:
        return str(name)
    return data_text(f"data.category.{_slug(name)}", str(name), lang)


def target_label_text(row, lang: str = DEFAULT_LANG) -> str:
    """A target's own ``label`` (where the pledge names no number) in ``lang``; "" when the row has none."""
    label = row.get("label") if hasattr(row, "get") else None
    if not isinstance(label, str) or not label:
        return ""
    if lang == DEFAULT_LANG:
        return label
    return data_text(f"data.target.{_slug(row.get('id', ''))}.label", label, lang)


def status(word, lang: str = DEFAULT_LANG) -> str:
    """A figure's status ('reported', 'provisional', 'uncertain', 'missing') in ``lang``."""
    if not isinstance(word, str) or not word or lang == DEFAULT_LANG:
        return word
    return data_text(f"data.status.{_slug(word)}", word, lang)


def direction(code: str, lang: str = DEFAULT_LANG) -> str:
    """A visitor flow's direction ('CN->KZ') in words: 'China → Kazakhstan' / 'Китай → Казахстан'."""
    return data_text(f"data.direction.{_slug(code)}", str(code), lang)


def metric(name: str, lang: str = DEFAULT_LANG) -> str:
    """What a visitor count counted ('visitors from China') in ``lang``."""
    if lang == DEFAULT_LANG:
        return str(name)
    return data_text(f"data.metric.{_slug(name)}", str(name), lang)


def outcome(value, lang: str = DEFAULT_LANG) -> str:
    """A target's recorded outcome ('not met') in ``lang``; empty stays empty."""
    if not isinstance(value, str) or not value or lang == DEFAULT_LANG:
        return value
    return data_text(f"data.outcome.{_slug(value)}", value, lang)


def basis(value, lang: str = DEFAULT_LANG) -> str:
    """The figures a target was set against ('GACC', 'unknown') in ``lang``: a tag stays a tag."""
    if not isinstance(value, str) or not value or lang == DEFAULT_LANG:
        return value
    return data_text(f"data.basis.{_slug(value)}", value, lang)


def flow(column: str, lang: str = DEFAULT_LANG) -> str:
    """A trade flow column ('exports_kz_to_cn_usd_bn') in words: "Kazakhstan's exports to China"."""
    return messages(lang)(f"data.flow.{_slug(column)}")


def original(text, lang: str = DEFAULT_LANG):
    """A quote or note from data/, exactly as written: it is never translated (``lang`` is the reader's)."""
    return text


def original_header(header: str, lang: str = DEFAULT_LANG) -> str:
    """A shown column header marked as holding text in its original language: 'Quote (original language)'."""
    return messages(lang)("data.original_language", header=header)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PERIOD_LABEL = re.compile(r"^(?P<start>[A-Z][a-z]{2})(?:–(?P<end>[A-Z][a-z]{2}))? (?P<year>\d{4})$")


def months(year: int, start_month: int = 1, end_month: int = 12, lang: str = DEFAULT_LANG) -> str:
    """A period of one year in words, the one form every surface uses: "2025", "Jan–Oct 2025", "Oct 2025"
    (en); «январь–октябрь 2025 г.» (ru); «2025 ж. қаңтар–қазан» (kk: the year first); «2025年1—10月» (zh).
    The year's form and the month names are Babel's."""
    t = messages(lang)
    if (start_month, end_month) == (1, 12):
        return str(year) if lang == DEFAULT_LANG else t("fmt.published.year", year=str(year))
    if lang == DEFAULT_LANG:
        first, last = _MONTHS[start_month - 1], _MONTHS[end_month - 1]
        return f"{first} {year}" if start_month == end_month else f"{first}–{last} {year}"
    locale = BABEL_LOCALES[lang]
    month = format_skeleton("yMMMM", date(year, end_month, 1), locale=locale)  # "октябрь 2025 г.", "2025年10月"
    if start_month == end_month:
        return month
    if lang == "zh":
        return month.replace(f"{end_month}月", f"{start_month}—{end_month}月")
    names = get_month_names("wide", context="stand-alone", locale=locale)  # Kazakh's are capitalised: lower them
    first, last = names[start_month].lower(), names[end_month].lower()
    if last not in month:  # a month-year form in another case: the month alone, never a wrong range
        return month
    return month.replace(last, f"{first}–{last}")


def period(label, lang: str = DEFAULT_LANG):
    """A period label of the data ('Jan–Oct 2023', 'Oct 2023') in ``lang`` through :func:`months`:
    «январь–октябрь 2023 г.», «2023 ж. қаңтар–қазан», '2023年1—10月'. Anything else (a bare year included)
    is returned as it is."""
    if lang == DEFAULT_LANG or not isinstance(label, str):
        return label
    match = _PERIOD_LABEL.match(label.strip())
    if not match or match["start"] not in _MONTHS or (match["end"] and match["end"] not in _MONTHS):
        return label
    first = _MONTHS.index(match["start"]) + 1
    last = _MONTHS.index(match["end"]) + 1 if match["end"] else first
    return months(int(match["year"]), first, last, lang)
