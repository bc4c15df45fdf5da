"""How strong the page behind each figure is, and where to check a figure at its source.

Every row in ``data/`` says what kind of page its ``url`` is (``source_kind``), strongest first:

- ``official``: the statistics body, customs, a ministry or a head of state's own site;
- ``state_media``: an official news agency or newspaper (Xinhua, People's Daily, China Daily, Kazinform ...);
- ``press``: an established outlet or wire (Reuters, Interfax, TASS, Trend, The Astana Times ...);
- ``other``: a blog, aggregator, repost or copy. Such a figure is a **weak source**: it is shown as such
  wherever it is cited (tables, chart hover, CSV, the PDF briefing and the citation).

An uploaded row carries no grade of its own (an empty kind): it is the user's figure, told apart by its origin.

:func:`check_at_source` lists the statistics bodies' own pages a reader can verify figures on, each marked when it
is a portal or query system rather than a page stating the figure. Only addresses seen in stored copies of the
pages are listed (``research/source-upgrades.md``, "Official pages for verification").

The facts here are pure; the few ``*_words`` helpers turn them into the reader's language through the catalogue
(``sources.po``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from tradetarget.data import SOURCE_KINDS, SOURCES, Dataset
from tradetarget.i18n import DEFAULT_LANG, messages

KINDS: tuple[str, ...] = SOURCE_KINDS
"""The four kinds of page, strongest first: official, state_media, press, other."""
WEAK = "other"
"""The kind whose figures are shown as "weak source"."""
UPLOADED = ""
"""The kind of an uploaded row (it carries none of its own)."""


def is_weak(kind) -> bool:
    """Whether a figure of this ``source_kind`` rests only on a weak page (a blog, aggregator, repost or copy)."""
    return kind == WEAK


def rank(kind) -> int:
    """The kind's place, strongest first (0 = official); an unknown or empty kind (an upload) comes last."""
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def kind_of(row) -> str:
    """The ``source_kind`` of a row (a mapping or a pandas row); empty when it has none (an uploaded row)."""
    kind = row.get("source_kind", UPLOADED) if hasattr(row, "get") else UPLOADED
    return kind if isinstance(kind, str) and kind in KINDS else UPLOADED


class WeakFigure(NamedTuple):
    """One figure that rests only on a weak page: which source, which period, how much (USD bn)."""

    source: str
    period: str
    value: float


def weak_figures(dataset: Dataset, sources: Iterable[str] = SOURCES, annual_only: bool = False) -> list[WeakFigure]:
    """The turnover figures of ``sources`` that rest only on a weak page (``source_kind`` other), in the order the
    dataset keeps them (per source: full years first, oldest first). ``annual_only``: full years only (what a
    verdict rests on). A citation of the view names these."""
    frame = dataset.turnover
    if "source_kind" not in frame:
        return []
    wanted = set(sources)
    rows = frame[frame["source"].isin(wanted) & frame["source_kind"].map(is_weak)]
    if annual_only:
        rows = rows[rows["annual"]]
    return [WeakFigure(str(s), str(p), float(v))
            for s, p, v in zip(rows["source"], rows["period"], rows["turnover_usd_bn"], strict=True)]


def counts(frame: pd.DataFrame) -> dict[str, int]:
    """How many rows of ``frame`` cite each kind of page, strongest first (every kind listed, zero included)."""
    kinds = frame["source_kind"] if "source_kind" in frame else pd.Series(dtype=str)
    return {kind: int((kinds == kind).sum()) for kind in KINDS}


@dataclass(frozen=True)
class CheckLink:
    """A statistics body's own page where a reader can check the figures."""

    body: str
    """``GACC`` or ``BNS``."""
    key: str
    """The catalogue key of its label (``sources.check.<key>``)."""
    url: str
    portal: bool
    """True: a portal, query system or another page where the reader looks the figure up; False: a page that
    states the figure itself."""


_CHECK = (
    CheckLink("GACC", "gacc_query", "http://stats.customs.gov.cn/", portal=True),
    CheckLink("GACC", "gacc_portal", "http://www.customs.gov.cn/", portal=True),
    CheckLink("GACC", "gacc_tables",
              "http://english.customs.gov.cn/Statics/82c1f730-8d7e-427a-9dd7-ce765041d1b4.html", portal=True),
    CheckLink("BNS", "bns_release", "https://stat.gov.kz/ru/description", portal=True),
)
"""None of these states a Kazakhstan–China figure itself (no such official page was found in the stored copies):
the GACC tables page is one monthly table in English (by customs regime), from which the reader finds the table
by country; the BNS page describes how and when the bureau releases its statistics."""


def check_at_source(bodies: Iterable[str] = SOURCES) -> tuple[CheckLink, ...]:
    """The statistics bodies' own pages for checking figures (``bodies``: which ones, in this order)."""
    order = list(bodies)
    return tuple(link for body in order for link in _CHECK if link.body == body)


@dataclass(frozen=True)
class SourceLink:
    """One link of a sources list: its label (what it supports), address and kind of page."""

    label: str
    url: str
    kind: str = UPLOADED


def by_kind(links: Iterable[SourceLink]) -> list[tuple[str, list[SourceLink]]]:
    """``links`` grouped by kind of page, official first, then state media, press, other (weak) and last any
    ungraded (uploaded) ones; within a group the given order is kept, and empty groups are left out."""
    groups: dict[str, list[SourceLink]] = {}
    for link in links:
        groups.setdefault(link.kind if link.kind in KINDS else UPLOADED, []).append(link)
    return sorted(groups.items(), key=lambda item: rank(item[0]))


# --- words (through the catalogue) ---------------------------------------------------------------------------

def kind_words(kind, lang: str = DEFAULT_LANG) -> str:
    """The kind in words ("Official", "State media", "Press", "Other: weak source"; "Uploaded" for an upload)."""
    return messages(lang)(f"sources.kind.{kind if kind in KINDS else 'uploaded'}")


def group_heading(kind, lang: str = DEFAULT_LANG) -> str:
    """The heading of a group of links of one kind ("Official sources", ..., "Other sources (weak)")."""
    return messages(lang)(f"sources.group.{kind if kind in KINDS else 'uploaded'}")


def weak_words(lang: str = DEFAULT_LANG) -> str:
    """The words that mark a figure resting only on a weak page: "weak source"."""
    return messages(lang)("sources.weak")


def with_weak(text: str, kind, lang: str = DEFAULT_LANG) -> str:
    """``text`` with "weak source" added when ``kind`` is weak ("reported" -> "reported, weak source")."""
    return messages(lang)("sources.with_weak", text=text) if is_weak(kind) else text


def check_words(link: CheckLink, lang: str = DEFAULT_LANG) -> str:
    """A check-at-the-source link's label, saying when it leads to a portal rather than the figure."""
    t = messages(lang)
    label = t(f"sources.check.{link.key}")
    return t("sources.check.portal", label=label) if link.portal else label
