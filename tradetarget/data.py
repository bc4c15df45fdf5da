"""Load and validate the sourced CSV files in ``data/``.

Every file is read as text first, then each column is checked and converted.
A problem raises :class:`DataError`, a ``ValueError`` whose message names the
file, the line and the column, so the dashboard and the CLI can show it
without a traceback.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd

from tradetarget import clock, published, wording
from tradetarget.i18n import DEFAULT_LANG, messages
from tradetarget.published import Published

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_ENV = "TRADETARGET_DATA"

SOURCES = ("GACC", "BNS")
STATUSES = ("reported", "provisional", "uncertain")
CATEGORIES = ("visa", "tourism", "summit", "infrastructure", "target")
BASES = ("GACC", "BNS", "unknown")
OUTCOMES = ("", "not met")
DIRECTIONS = ("CN->KZ", "KZ->CN")
SOURCE_KINDS = ("official", "state_media", "press", "other")
"""The grade of the page a row cites, strongest first (the same order as :data:`tradetarget.sources.KINDS`)."""
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PERIOD_KINDS = ("annual", "running_total", "quarter", "month", "span")
"""What a turnover period is. A period is cumulative from January (a ``running_total``; ``annual`` for January to
December) unless it starts later: a ``quarter``, a single ``month`` or another ``span`` of months. The optional
``kind`` column may say it; it must fit the period (January to March is both a running total and a quarter)."""
MAX_USD_BN = 1000.0
"""No China–Kazakhstan figure comes near this; a larger one was typed in millions."""

SCHEMAS_NAMES = ("turnover.csv", "targets.csv", "milestones.csv", "visitors.csv", "claims.csv")
"""The hand-sourced files, in :data:`SCHEMAS` order; :data:`DATA_FILES` adds UN Comtrade's (optional)."""
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})\.\.(\d{4})-(\d{2}))?$")
_PUBLISHED = re.compile(r"^(~?\d{4}(-\d{2}(-\d{2})?)?|n\.d\.)$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_MAX_ERRORS_SHOWN = 8


DATA_FILES = (*SCHEMAS_NAMES, "comtrade.csv")


class DataError(ValueError):
    """A data file is missing, malformed or fails validation.

    ``kind`` names what went wrong where the caller needs to know it in any language ("missing_columns").
    """

    def __init__(self, message: str = "", kind: str | None = None):
        super().__init__(message)
        self.kind = kind


def where(t, label: str, problem: str, line: int | None = None, column: str | None = None) -> str:
    """One problem with its place, in ``t``'s language: "turnover.csv, line 3, column 'url': …"."""
    if line is None:
        return t("export.data.at.file", label=label, problem=problem)
    if column is None:
        return t("export.data.at.line", label=label, line=str(line), problem=problem)
    return t("export.data.at.cell", label=label, line=str(line), column=column, problem=problem)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = True
    choices: tuple[str, ...] = ()
    shipped_only: bool = False
    """Required in the shipped files (``data/``) only; an upload may leave the whole column out."""
    may_omit: bool = False
    """The header may leave this optional column out altogether."""


def _provenance() -> tuple[Column, ...]:
    """``source_kind`` (the grade of the page ``url`` cites; required in the shipped files, which
    :func:`load_csv` reads) and ``url_secondary`` (an older or weaker page kept because it adds something the
    main one lacks, e.g. the export/import split)."""
    return (Column("source_kind", "choice", choices=SOURCE_KINDS, shipped_only=True),
            Column("url_secondary", "url", required=False, may_omit=True))


SCHEMAS: dict[str, tuple[Column, ...]] = {
    "turnover.csv": (
        Column("source", "choice", choices=SOURCES),
        Column("period", "period"),
        Column("turnover_usd_bn", "usd_bn"),
        Column("exports_kz_to_cn_usd_bn", "usd_bn", required=False),
        Column("imports_kz_from_cn_usd_bn", "usd_bn", required=False),
        Column("growth_pct_stated", "pct", required=False),
        Column("status", "choice", choices=STATUSES),
        Column("url", "url"),
        *_provenance(),
        Column("published", "published"),
        Column("note", "text", required=False),
        Column("kind", "choice", required=False, choices=PERIOD_KINDS, may_omit=True),
        Column("superseded", "published", required=False, may_omit=True),
    ),
    "targets.csv": (
        Column("id", "text"),
        Column("announced", "date"),
        Column("by", "text"),
        Column("target_usd_bn", "usd_bn"),
        Column("deadline", "year", required=False),
        Column("basis", "choice", choices=BASES),
        Column("quote", "text"),
        Column("url", "url"),
        *_provenance(),
        Column("outcome", "choice", required=False, choices=OUTCOMES),
        Column("note", "text", required=False),
        Column("label", "text", required=False),
    ),
    "milestones.csv": (
        Column("start", "date"),
        Column("end", "date", required=False),
        Column("category", "choice", choices=CATEGORIES),
        Column("title", "text"),
        Column("detail", "text", required=False),
        Column("url", "url"),
        *_provenance(),
    ),
    "visitors.csv": (
        Column("period", "span"),
        Column("direction", "choice", choices=DIRECTIONS),
        Column("metric", "text"),
        Column("visitors", "count"),
        Column("status", "choice", choices=STATUSES),
        Column("url", "url"),
        *_provenance(),
        Column("published", "published"),
        Column("note", "text", required=False),
    ),
    "claims.csv": (
        Column("id", "text"),
        Column("date", "date"),
        Column("who", "text"),
        Column("quote", "text"),
        Column("period", "period"),
        Column("claimed_value_usd_bn", "usd_bn", required=False),
        Column("claimed_growth_pct", "pct", required=False),
        Column("url", "url"),
        *_provenance(),
        Column("note", "text", required=False),
    ),
}


@dataclass(frozen=True)
class Period:
    year: int
    start_month: int
    end_month: int

    @property
    def annual(self) -> bool:
        return self.start_month == 1 and self.end_month == 12

    @property
    def label(self) -> str:
        if self.annual:
            return str(self.year)
        if self.start_month == self.end_month:
            return f"{MONTHS[self.start_month - 1]} {self.year}"
        return f"{MONTHS[self.start_month - 1]}–{MONTHS[self.end_month - 1]} {self.year}"


def period_kind(start_month: int, end_month: int) -> str:
    """The kind of a period of one year (see :data:`PERIOD_KINDS`): from January it is cumulative."""
    if start_month == 1:
        return "annual" if end_month == 12 else "running_total"
    if start_month == end_month:
        return "month"
    if (start_month - 1) % 3 == 0 and end_month == start_month + 2:
        return "quarter"
    return "span"


def kind_fits(kind: str, start_month: int, end_month: int) -> bool:
    """Whether a row's stated ``kind`` fits its months (a January-to-March running total may say "quarter")."""
    if kind == "quarter":
        return (start_month - 1) % 3 == 0 and end_month == start_month + 2
    return kind == period_kind(start_month, end_month)


def parse_period(text: str, today: date | None = None, lang: str = DEFAULT_LANG, shown: str | None = None) -> Period:
    """Parse ``2023`` (a calendar year) or ``2023-01..2023-10`` (months within one year).

    A ValueError says why in ``lang``, quoting ``shown`` (default: ``text``)."""
    today = today or clock.today()
    match = _PERIOD.match(text.strip())

    def fail(key: str) -> ValueError:
        return ValueError(messages(lang)(key, text=text if shown is None else shown))

    if not match:
        raise fail("export.data.period.invalid")
    year = int(match.group(1))
    if match.group(2) is None:
        start, end = 1, 12
    else:
        start, end = int(match.group(2)), int(match.group(4))
        if int(match.group(3)) != year:
            raise fail("export.data.period.two_years")
        if not (1 <= start <= end <= 12):
            raise fail("export.data.period.months")
    if year < 1990:
        raise fail("export.data.period.early")
    if (year, end) > (today.year, today.month):
        raise fail("export.data.future")
    if not clock.period_ended(year, end, today):  # the current month, or this year's full year: not over yet
        raise ValueError(messages(lang)("upload.time.not_ended", text=text if shown is None else shown,
                                        month=messages(lang).month(date(year, end, 1))))
    return Period(year, start, end)


def parse_span(text: str, today: date, lang: str = DEFAULT_LANG) -> tuple[date, date]:
    """``2023`` (the calendar year) or ``2023-11-10..2024-04-01`` (inclusive dates)."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        start, end = date(int(text), 1, 1), date(int(text), 12, 31)
    else:
        parts = text.split("..")
        try:
            start, end = (date.fromisoformat(p) for p in parts)
        except ValueError:
            raise ValueError(messages(lang)("export.data.span.invalid", text=text)) from None
        if end < start:
            raise ValueError(messages(lang)("export.data.span.backwards", text=text))
    if end > today:
        raise ValueError(messages(lang)("export.data.future", text=text))
    return start, end


def _convert(value: str, col: Column, today: date, lang: str = DEFAULT_LANG):
    """Convert one non-empty cell; raise ValueError with a short reason (in ``lang``)."""
    kind = col.kind

    def fail(key: str) -> ValueError:
        return ValueError(messages(lang)(key, value=value))

    if kind == "text":
        return value
    if kind == "choice":
        if value not in col.choices:
            t = messages(lang)
            allowed = ", ".join(c for c in col.choices if c) or t("export.data.empty_choice")
            raise ValueError(t("export.data.choice", value=value, allowed=allowed))
        return value
    if kind in ("usd_bn", "pct"):
        try:
            number = float(value)
        except ValueError:
            raise fail("export.data.not_number") from None
        if not math.isfinite(number):
            raise fail("export.data.not_finite")
        if kind == "usd_bn":
            if number <= 0:
                raise fail("export.data.not_positive")
            if number > MAX_USD_BN:
                raise fail("export.data.too_large")
        elif not -100 < number <= 1000:
            raise fail("export.data.growth")
        return number
    if kind == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise fail("export.data.year")
        return int(value)
    if kind == "date":
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise fail("export.data.date") from None
        if parsed > today:
            raise fail("export.data.date_future")
        return parsed
    if kind == "period":
        return parse_period(value, today, lang)
    if kind == "count":
        if not re.fullmatch(r"\d{1,12}", value) or int(value) == 0:
            raise fail("export.data.count")
        return int(value)
    if kind == "span":
        return parse_span(value, today, lang)
    if kind == "url":
        if not _URL.match(value):
            raise fail("export.data.url")
        return value
    if kind == "published":
        if not _PUBLISHED.match(value):
            raise fail("export.data.published")
        if not clock.published_by(value, today):
            raise ValueError(messages(lang)("upload.time.published_future", value=value,
                                            today=messages(lang).date(today)))
        return value
    raise AssertionError(f"unknown column kind {kind}")


def _read_text(data: bytes, label: str, lang: str = DEFAULT_LANG) -> str:
    t = messages(lang)
    if not data.strip():
        raise DataError(where(t, label, t("export.data.empty")))
    if b"\x00" in data[:4096]:
        raise DataError(where(t, label, t("export.data.binary")))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(where(t, label, t("export.data.not_utf8", byte=str(exc.start)))) from None
    if not text.strip():
        raise DataError(where(t, label, t("export.data.empty")))
    return text


def parse_csv(data: bytes, label: str, today: date | None = None, lang: str = DEFAULT_LANG,
              shipped: bool = False) -> pd.DataFrame:
    """Validate the bytes of one of our CSV files, named by ``label``, into a typed frame.

    ``shipped`` (the files in ``data/``) makes the ``shipped_only`` columns required: a shipped row must say
    what kind of page it cites (``source_kind``). An upload may leave that column out; its rows then get an
    empty kind (their own: user-supplied, not graded). A value that is there is always checked.
    A :class:`DataError` names every problem (file, line, column) in ``lang``."""
    today = today or clock.today()
    t = messages(lang)
    if Path(label).name not in SCHEMAS:
        raise DataError(where(t, label, t("export.data.unknown_file", files=", ".join(SCHEMAS))))
    schema = SCHEMAS[Path(label).name]
    text = _read_text(data, label, lang)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise DataError(where(t, label, t("export.data.not_csv", detail=str(exc)))) from None
    header = [h.strip() for h in rows[0]]
    missing = [c.name for c in schema if c.name not in header and not c.may_omit and (shipped or not c.shipped_only)]
    if missing:
        raise DataError(where(t, label, t("export.data.missing_columns", columns=", ".join(missing))),
                        kind="missing_columns")
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise DataError(where(t, label, t("export.data.duplicated_columns", columns=", ".join(duplicated))))
    body = [r for r in rows[1:] if any(cell.strip() for cell in r)]
    if not body:
        raise DataError(where(t, label, t("export.data.no_rows")))

    errors: list[str] = []
    records: list[dict] = []
    for offset, raw in enumerate(rows[1:]):
        line = offset + 2
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(header):
            errors.append(where(t, label, t("export.data.fields", expected=str(len(header)), found=str(len(raw))),
                                line))
            continue
        cells = dict(zip(header, (c.strip() for c in raw), strict=True))
        record: dict = {"line": line}
        for col in schema:
            value = cells.get(col.name, "")
            if value == "":
                if col.required and (shipped or not col.shipped_only):
                    errors.append(where(t, label, t("export.data.required"), line, col.name))
                record[col.name] = "" if col.kind in ("text", "choice", "url") else None
                continue
            try:
                record[col.name] = _convert(value, col, today, lang)
            except ValueError as exc:
                errors.append(where(t, label, str(exc), line, col.name))
        records.append(record)

    if not errors:
        errors.extend(_cross_checks(Path(label).name, label, records, lang))
    if not errors and Path(label).name == "turnover.csv":
        errors.extend(_revisions(label, records, lang))
    if errors:
        shown = errors[:_MAX_ERRORS_SHOWN]
        more = len(errors) - len(shown)
        tail = "\n" + t.n("export.data.more", more) if more else ""
        raise DataError("\n".join(shown) + tail)
    return _to_frame(Path(label).name, records)


def _cross_checks(name: str, label: str, records: list[dict], lang: str = DEFAULT_LANG) -> list[str]:
    t = messages(lang)
    errors = []
    seen: dict[tuple, int] = {}
    if name == "turnover.csv":
        for r in records:
            key = (r["source"], r["period"])
            if r.get("superseded"):
                own, later = published.parse(r["published"]), published.parse(r["superseded"])
                if own is not None and later is not None and later.day < own.day:
                    errors.append(where(t, label, t("export.data.superseded_early", published=r["published"]),
                                        r["line"], "superseded"))
            else:
                if key in seen:
                    errors.append(where(t, label, t("export.data.duplicate", other=str(seen[key]), source=r["source"],
                                                    period=wording.period(r["period"].label, lang)),
                                        r["line"], "period"))
                seen.setdefault(key, r["line"])
            exp, imp, tot = r["exports_kz_to_cn_usd_bn"], r["imports_kz_from_cn_usd_bn"], r["turnover_usd_bn"]
            for col, part in (("exports_kz_to_cn_usd_bn", exp), ("imports_kz_from_cn_usd_bn", imp)):
                if part is not None and tot is not None and part > tot:
                    errors.append(where(t, label, t("export.data.exceeds", part=str(part), total=str(tot)),
                                        r["line"], col))
            if None not in (exp, imp, tot) and abs(exp + imp - tot) > max(0.3, 0.02 * tot):
                errors.append(where(t, label, t("export.data.sum", exports=str(exp), imports=str(imp), total=str(tot)),
                                    r["line"], "turnover_usd_bn"))
            period = r["period"]
            if r.get("kind") and period is not None and not kind_fits(r["kind"], period.start_month, period.end_month):
                errors.append(where(t, label, t("export.data.kind", kind=r["kind"],
                                                period=wording.period(period.label, lang)), r["line"], "kind"))
    elif name in ("targets.csv", "claims.csv"):
        for r in records:
            if r["id"] in seen:
                errors.append(where(t, label, t("export.data.duplicate_id", id=r["id"]), r["line"], "id"))
            seen.setdefault(r["id"], r["line"])
            if name == "targets.csv" and r["deadline"] is not None and r["deadline"] < r["announced"].year:
                errors.append(where(t, label, t("export.data.before_announcement"), r["line"], "deadline"))
            if name == "claims.csv" and r["claimed_value_usd_bn"] is None and r["claimed_growth_pct"] is None:
                errors.append(where(t, label, t("export.data.claim_value"), r["line"], "claimed_value_usd_bn"))
    elif name == "milestones.csv":
        for r in records:
            if r["end"] is not None and r["end"] < r["start"]:
                errors.append(where(t, label, t("export.data.before_start", start=str(r["start"])), r["line"], "end"))
    return errors


def _revisions(label: str, records: list[dict], lang: str = DEFAULT_LANG) -> list[str]:
    """A superseded row (a figure later revised, kept so earlier answers can be reproduced) needs the current row
    of the same source and period that replaced it."""
    t = messages(lang)
    current = {(r["source"], r["period"]) for r in records if not r.get("superseded")}
    return [where(t, label, t("export.data.superseded_alone", source=r["source"],
                              period=wording.period(r["period"].label, lang)), r["line"], "superseded")
            for r in records if r.get("superseded") and (r["source"], r["period"]) not in current]


def _to_frame(name: str, records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records)
    if name in ("turnover.csv", "claims.csv"):
        periods = frame["period"]
        frame = frame.assign(
            year=[p.year for p in periods],
            start_month=[p.start_month for p in periods],
            end_month=[p.end_month for p in periods],
            annual=[p.annual for p in periods],
            period=[p.label for p in periods],
        )
    if name == "turnover.csv":
        stated = frame["kind"] if "kind" in frame else pd.Series("", index=frame.index)
        frame = frame.assign(kind=[k or period_kind(s, e) for k, s, e in zip(stated.fillna(""), frame["start_month"],
                                                                            frame["end_month"], strict=True)])
        frame = frame.sort_values(["source", "annual", "year", "end_month"], ascending=[True, False, True, True])
    if name == "targets.csv":
        frame = frame.assign(deadline=frame["deadline"].astype("Int64")).sort_values("announced")
    if name == "visitors.csv":
        spans = frame["period"]
        frame = frame.assign(
            start=[a for a, _ in spans],
            end=[b for _, b in spans],
            period=[str(a.year) if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and a.year == b.year
                    else f"{a:%d %b %Y} – {b:%d %b %Y}" for a, b in spans],
        )
        frame = frame.assign(
            conflict=frame.duplicated(["period", "direction"], keep=False)
        ).sort_values(["direction", "start", "metric"])
    if name == "milestones.csv":
        frame = frame.assign(end=[e if e is not None else s for s, e in zip(frame["start"], frame["end"], strict=True)])
        frame = frame.sort_values("start")
    return frame.reset_index(drop=True)


def load_csv(path: Path, today: date | None = None, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Read and validate one data file (its problems told in ``lang``)."""
    label = f"data/{path.name}"
    t = messages(lang)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(where(t, label, t("export.data.not_found"))) from None
    except OSError as exc:
        raise DataError(where(t, label, t("export.data.unreadable", reason=str(exc.strerror)))) from None
    return parse_csv(data, label, today, lang, shipped=True)


@dataclass(frozen=True)
class Dataset:
    """All shipped data, validated. Frames are long-form, one row per observation."""

    turnover: pd.DataFrame
    targets: pd.DataFrame
    milestones: pd.DataFrame
    claims: pd.DataFrame
    visitors: pd.DataFrame
    version: str = ""
    """A short digest of the data files' bytes (:func:`data_version`): names the data a citation rests on."""
    upload_name: str = ""
    """The uploaded file whose figures are merged into ``turnover`` (its rows' ``origin`` is "user-supplied");
    empty for the shipped data (:func:`tradetarget.upload.apply`)."""
    upload_overridden: tuple[int, ...] = ()
    """Lines of that file used despite a plausibility warning ("use anyway")."""
    superseded: pd.DataFrame | None = None
    """Turnover figures later revised (``superseded`` set in turnover.csv): not part of any answer today, kept so
    that an earlier answer can be reproduced (:meth:`as_of`)."""
    known_on: date | None = None
    """Set by :meth:`as_of`: the day this dataset shows what was known on (a past view); None for all data."""
    comtrade: pd.DataFrame | None = None
    """UN Comtrade's figures from ``data/comtrade.csv`` (:mod:`tradetarget.comtrade`), all of them; ``turnover``
    holds those for a source and period no hand-sourced figure covers."""

    @property
    def history(self) -> pd.DataFrame:
        """Every turnover figure: the current ones and those a revision replaced (``superseded`` non-empty)."""
        if self.superseded is None or self.superseded.empty:
            return self.turnover
        return pd.concat([self.turnover, self.superseded], ignore_index=True)

    def as_of(self, day: date) -> Dataset:
        """What was known on ``day``: only figures published by then, each source and period at its newest
        publication up to that day (a later revision gives way to the figure it replaced). A figure with only an
        approximate or month date ("~2024-01", "2024-01") counts from the start of that period; one without a
        date ("n.d.") is left out. Pledges count from their announcement, claims from their date, milestones
        from their start."""
        history = self.history
        known = history[[known_by(p, day) for p in history["published"]]]
        when = [published.parse(p).day for p in known["published"]]
        known = known.assign(_when=when, _current=[not s for s in known.get("superseded", pd.Series(
            "", index=known.index)).fillna("")])
        known = known.sort_values(["_when", "_current"]).drop_duplicates(["source", "period"], keep="last")
        turnover = (self.turnover.iloc[0:0] if known.empty else
                    known.drop(columns=["_when", "_current"]).sort_values(
                        ["source", "annual", "year", "end_month"], ascending=[True, False, True, True]))
        visitors = self.visitors[[known_by(p, day) for p in self.visitors["published"]]]
        return replace(
            self,
            turnover=turnover.reset_index(drop=True),
            superseded=None,
            targets=self.targets[self.targets["announced"] <= day].reset_index(drop=True),
            claims=self.claims[self.claims["date"] <= day].reset_index(drop=True),
            milestones=self.milestones[self.milestones["start"] <= day].reset_index(drop=True),
            visitors=visitors.reset_index(drop=True),
            known_on=day,
        )

    def earliest_view(self) -> date:
        """The first day a past view can show: a pledge had been made and each source had an annual figure out."""
        firsts = [min((published.parse(p).day for p in self.annual(source)["published"] if published.parse(p)),
                      default=date.max) for source in SOURCES]
        return max([min(self.targets["announced"], default=date.max), *firsts])

    def approximate_dates(self) -> pd.DataFrame:
        """The turnover figures whose publication date is approximate ("~") or given only to the month or year:
        a past view counts them from the start of that period and says so."""
        frame = self.turnover
        rough = [(w is not None and (w.approximate or w.precision != "day"))
                 for w in map(published.parse, frame["published"])]
        return frame[rough]

    @property
    def data_date(self) -> str:
        """The latest page date among the turnover observations (e.g. '2026-01')."""
        dates = [p.lstrip("~") for p in self.turnover["published"] if p != "n.d."]
        return max(dates)

    def data_dates(self, sources: tuple[str, ...] = SOURCES, as_of: date | None = None) -> dict[str, Published]:
        """Each source's "data as of": the newest publication date among its annual figures (what a verdict and the
        headline rest on; running totals carry their own dates), none after ``as_of`` (a source without a dated
        figure is left out). A one-source view reads only its own source's."""
        frame = self.annual()
        dates = {source: published.newest(frame.loc[frame["source"] == source, "published"], as_of)
                 for source in sources}
        return {source: when for source, when in dates.items() if when is not None}

    @cached_property
    def _annual(self) -> dict[str | None, pd.DataFrame]:
        frame = self.turnover[self.turnover["annual"]].reset_index(drop=True)
        split = {source: rows.reset_index(drop=True) for source, rows in frame.groupby("source", sort=False)}
        return {None: frame, **split}

    def annual(self, source: str | None = None) -> pd.DataFrame:
        """Calendar-year observations, optionally for one source (computed once; treat as read-only)."""
        frames = self._annual
        if source in frames:
            return frames[source]
        return frames[None].iloc[0:0]

    @cached_property
    def _annual_values(self) -> dict[tuple[str, int], float]:
        frame = self._annual[None]
        values: dict[tuple[str, int], float] = {}
        for source, year, value in zip(frame["source"], frame["year"], frame["turnover_usd_bn"], strict=True):
            values.setdefault((source, int(year)), float(value))
        return values

    @cached_property
    def _annual_points(self) -> dict[str, tuple[tuple[int, float, str], ...]]:
        return {
            source: tuple(sorted(zip(rows["year"].astype(int).tolist(), rows["turnover_usd_bn"].astype(float).tolist(),
                                     rows["status"].astype(str).tolist(), strict=True)))
            for source, rows in self._annual.items() if source is not None
        }

    def annual_points(self, source: str) -> tuple[tuple[int, float, str], ...]:
        """(year, USD bn, status) of the source's calendar-year figures, oldest first; for loops over few rows."""
        return self._annual_points.get(source, ())

    def annual_value(self, source: str, year: int) -> float | None:
        """The source's calendar-year figure (the first row, if a year has several), or None."""
        return self._annual_values.get((source, int(year)))

    def years(self, source: str) -> list[int]:
        return sorted(int(y) for y in self.annual(source)["year"])

    def target(self, target_id: str) -> pd.Series:
        rows = self.targets[self.targets["id"] == target_id]
        if rows.empty:
            raise ValueError(f"unknown target '{target_id}'; known: {', '.join(self.targets['id'])}")
        return rows.iloc[0]


def known_by(text: object, day: date) -> bool:
    """Whether a figure with publication date ``text`` (as ``data/`` writes it) was out by ``day``: an approximate
    or partial date counts from the start of its period; "n.d." was never known to be out."""
    when = published.parse(text)
    return when is not None and when.day <= day


def split_superseded(turnover: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(current, superseded) rows of a turnover frame; a frame without the column has no superseded rows."""
    if "superseded" not in turnover:
        return turnover, turnover.iloc[0:0]
    old = turnover["superseded"].fillna("").astype(str) != ""
    return turnover[~old].reset_index(drop=True), turnover[old].reset_index(drop=True)


def load_dataset(data_dir: Path | None = None, today: date | None = None, lang: str = DEFAULT_LANG) -> Dataset:
    """Load and validate every data file; raise DataError naming the first broken file (in ``lang``).

    The folder defaults to ``$TRADETARGET_DATA`` if set, else the shipped ``data/``.
    """
    data_dir = Path(data_dir or os.environ.get(DATA_ENV) or DATA_DIR)
    turnover, superseded = split_superseded(load_csv(data_dir / "turnover.csv", today, lang))
    comtrade_rows = None
    if (data_dir / "comtrade.csv").exists():
        from tradetarget import comtrade

        comtrade_rows = comtrade.load(data_dir / "comtrade.csv", today, lang)
        turnover = comtrade.merge(turnover, comtrade_rows)
    return Dataset(
        comtrade=comtrade_rows,
        turnover=turnover,
        superseded=superseded,
        targets=load_csv(data_dir / "targets.csv", today, lang),
        milestones=load_csv(data_dir / "milestones.csv", today, lang),
        claims=load_csv(data_dir / "claims.csv", today, lang),
        visitors=load_csv(data_dir / "visitors.csv", today, lang),
        version=data_version(data_dir),
    )


def data_version(data_dir: Path) -> str:
    """Eight hex digits of a SHA-256 over every data file's name and bytes (in :data:`SCHEMAS` order): the same
    files give the same version on any machine, and any edit to a figure, link or note gives a new one."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        path = Path(data_dir) / name
        if path.exists():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:8]
