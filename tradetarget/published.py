"""Publication dates of figures: parsed once, compared as dates, written in words.

``data/`` writes a page's date as ``2025-08-08``, ``2026-01`` or ``2023`` (as precise as the page
shows it), ``~`` in front when it is inferred rather than printed on the page, and ``n.d.`` when there
is none. An approximate or month-only date counts from the start of its period (``~2024-01`` is
1 January 2024) so that "what was published by a date" never takes a figure too early, and the words
keep the precision ("January 2026", «январь 2026 г.», "2026年1月"), never an ISO string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

_FORM = re.compile(r"^(~)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class Published:
    """A page's date: ``day`` is the start of what the page shows (``2026-01`` → 1 Jan 2026)."""

    day: date
    precision: Literal["day", "month", "year"] = "day"
    approximate: bool = False


@lru_cache(maxsize=1024)
def parse(text: object) -> Published | None:
    """``"~2024-01"`` → Published(2024-01-01, "month", approximate); ``"n.d."``, empty or junk → None."""
    if not isinstance(text, str):
        return None
    match = _FORM.match(text.strip())
    if match is None:
        return None
    tilde, year, month, day = match.groups()
    try:
        when = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    precision = "day" if day else "month" if month else "year"
    return Published(when, precision, bool(tilde))


def newest(texts: Iterable[object], as_of: date | None = None) -> Published | None:
    """The latest publication date among ``texts``, leaving out any after ``as_of`` (none is ever "data as of"
    a day to come); None when no text is a date."""
    dates = [p for p in map(parse, texts) if p is not None and (as_of is None or p.day <= as_of)]
    return max(dates, key=lambda p: (p.day, p.precision == "day"), default=None)
