"""Today, from one place, and the two time rules every figure must pass.

``TRADETARGET_TODAY=YYYY-MM-DD`` sets the day (tests, reproducible command-line runs); without it the day is the
machine's. A figure is accepted only for a period that has ended (not the current year's full year, not the month
still running) and with a publication date that is not after today.
"""

from __future__ import annotations

import os
from datetime import date

from tradetarget import published

TODAY_ENV = "TRADETARGET_TODAY"


def today() -> date:
    """The day the rules are judged on: ``$TRADETARGET_TODAY`` when set (an ISO date), else the machine's date."""
    text = os.environ.get(TODAY_ENV, "").strip()
    if text:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{TODAY_ENV}={text!r} is not a date (YYYY-MM-DD)") from None
    return date.today()


def period_ended(year: int, end_month: int, day: date | None = None) -> bool:
    """Whether a period ending with month ``end_month`` of ``year`` is over on ``day``: its last month lies wholly
    before the month of ``day`` (on 4 Dec 2026, January–November 2026 has ended; 2026 and December have not)."""
    day = day or today()
    return (int(year), int(end_month)) < (day.year, day.month)


def published_by(text: object, day: date | None = None) -> bool:
    """Whether a publication date as ``data/`` writes it ("2026-01-20", "~2024-07", "2023", "n.d.") is not after
    ``day``. A date given only to the month or year counts from its start, so "2026-12" is allowed on 4 Dec 2026
    (the page may be from that month); "n.d." and other non-dates are not dates and pass."""
    when = published.parse(text)
    return when is None or when.day <= (day or today())
