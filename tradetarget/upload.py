"""Validate a user's uploaded CSV: our own turnover schema or a UN Comtrade export.

Everything here is pure: bytes in, a typed frame (the shape of ``parse_csv(..., "turnover.csv")`` plus an
``origin`` column) out, or a :class:`~tradetarget.data.DataError` whose message starts with the file name.
Nothing is evaluated, unpickled or executed; text cells (even ``<script>`` or ``=HYPERLINK(...)``) stay text.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from tradetarget.data import MAX_USD_BN, DataError, Dataset, parse_csv, parse_period

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

_MB = 1024 * 1024
_LABEL = "turnover.csv"
_NUMERIC = ("turnover_usd_bn", "exports_kz_to_cn_usd_bn", "imports_kz_from_cn_usd_bn", "growth_pct_stated")
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"PK\x03\x04", "a ZIP archive or Excel workbook (.xlsx)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 or other Office file"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DECIMAL_COMMA = re.compile(r"^[-+]?(?:\d+|\d{1,3}(?:\.\d{3})+),\d+$")
_COMTRADE_PERIOD = re.compile(r"^([0-9]{4})([0-9]{2})?$")

# Comtrade Plus (camelCase) and legacy comtrade.un.org ("Trade Value (US$)") headers, compared after
# lower-casing and dropping everything but letters and digits, so "Reporter ISO" == "reporterISO".
_ALIASES = {
    "reporter": ("reporteriso", "reportercode", "reporterdesc", "reporter"),
    "partner": ("partneriso", "partnercode", "partnerdesc", "partner"),
    "flow": ("flowcode", "tradeflowcode", "flowdesc", "tradeflow"),
    "period": ("period",),
    "commodity": ("cmdcode", "commoditycode"),
    "value": ("primaryvalue", "tradevalueus"),
}
_BREAKDOWNS = {  # column -> the value meaning "all" (an empty cell also means "all")
    "partner2code": "0", "2ndpartnercode": "0", "motcode": "0", "modeoftransportcode": "0",
    "customscode": "C00", "customsproccode": "C00",
}
_COUNTRIES = {"CHN": "CHN", "156": "CHN", "CHINA": "CHN", "KAZ": "KAZ", "398": "KAZ", "KAZAKHSTAN": "KAZ"}
_FLOWS = {"M": "M", "IMPORT": "M", "1": "M", "X": "X", "EXPORT": "X", "2": "X"}
_SOURCE = {"CHN": "GACC", "KAZ": "BNS"}
_NAME = {"CHN": "China", "KAZ": "Kazakhstan"}
_EXPORT_FLOW = {"CHN": "M", "KAZ": "X"}  # the flow that is Kazakhstan's exports to China, per reporter
_FLOW_WORD = {"M": "imports (M)", "X": "exports (X)"}

_TEMPLATE = (
    "source,period,turnover_usd_bn,exports_kz_to_cn_usd_bn,imports_kz_from_cn_usd_bn,growth_pct_stated,"
    "status,url,published,note\n"
    "GACC,2023,41.02,16.3,24.7,32.2,reported,http://666dongdong.cn/youxi/news/2761194.html,~2024-07,"
    "Copy of a People's Daily note; split from wenewsenglish.pk; the KZ ambassador attributes $41bn to GACC.\n"
    "BNS,2023,31.4,14.7,,30,reported,https://en.trend.az/casia/kazakhstan/3879898.html,2024-04-01,"
    "Growth stated against a 2022 base of $24.2bn; the imports figure was truncated in the excerpt "
    "and is not filled in.\n"
)


@dataclass(frozen=True)
class Upload:
    """A validated upload: ``frame`` has the turnover columns plus ``origin``."""

    frame: pd.DataFrame
    kind: str  # "tradetarget" or "comtrade"
    warnings: tuple[str, ...] = ()


def template_csv() -> bytes:
    """Header and two real rows (GACC 2023, BNS 2023) copied from ``data/turnover.csv``."""
    return _TEMPLATE.encode("utf-8")


def parse_upload(
    data: bytes,
    filename: str,
    today: date | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_rows: int = MAX_ROWS,
) -> Upload:
    """Validate uploaded bytes; raise only :class:`DataError`, its message starting with the file name."""
    name = _display_name(filename)
    try:
        return _parse(bytes(data), name, today or date.today(), max_bytes, max_rows)
    except DataError:
        raise
    except Exception as exc:  # a safety net: the UI must only ever see a DataError
        raise DataError(f"{name}: the file could not be read ({type(exc).__name__})") from None


def merge(shipped: pd.DataFrame, upload: pd.DataFrame) -> pd.DataFrame:
    """Shipped turnover rows (``origin`` "shipped") plus uploaded rows, sorted like ``data._to_frame``.

    An uploaded row with the same source and period (year, first and last month) as a shipped row
    replaces that shipped row: the user's newer figures win. Nothing else is changed or dropped.
    """
    base = shipped.assign(origin="shipped")
    if upload.empty:
        merged = base
    else:
        if "origin" not in upload:
            upload = upload.assign(origin="user-supplied")
        replaced = set(_keys(upload))
        merged = pd.concat([base[[k not in replaced for k in _keys(base)]], upload], ignore_index=True)
    merged = merged.sort_values(["source", "annual", "year", "end_month"], ascending=[True, False, True, True])
    return merged.reset_index(drop=True)


def apply(dataset: Dataset, upload: Upload) -> Dataset:
    """The dataset with the upload merged into its turnover (see :func:`merge`); nothing else changes."""
    return replace(dataset, turnover=merge(dataset.turnover, upload.frame))


def user_supplied(dataset: Dataset) -> pd.DataFrame:
    """The turnover rows that came from an upload (empty for the shipped data)."""
    frame = dataset.turnover
    if "origin" not in frame:
        return frame.iloc[0:0]
    return frame[frame["origin"] == "user-supplied"]


_PROBLEM = re.compile(r"^(?P<file>.*?)(?:, line (?P<line>\d+))?(?:, column '(?P<column>[^']*)')?: (?P<problem>.*)$")


def problem_table(error: DataError) -> pd.DataFrame:
    """One row per problem in a validation message: line (None for the whole file), column, problem."""
    rows = []
    for text in str(error).splitlines():
        m = _PROBLEM.match(text)
        if m is None:
            rows.append({"line": None, "column": None, "problem": text})
        else:
            line = m["line"]
            rows.append({"line": int(line) if line else None, "column": m["column"], "problem": m["problem"]})
    return pd.DataFrame(rows, columns=["line", "column", "problem"]).astype({"line": "Int64"})


def _keys(frame: pd.DataFrame) -> list[tuple]:
    return list(zip(frame["source"], frame["year"], frame["start_month"], frame["end_month"], strict=True))


def _display_name(filename: str) -> str:
    """The base name of the upload, printable and short, for messages."""
    base = re.split(r"[\\/]", str(filename or ""))[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()[:80]
    return base or "upload"


def _parse(data: bytes, name: str, today: date, max_bytes: int, max_rows: int) -> Upload:
    if len(data) > max_bytes:
        raise DataError(
            f"{name}: the file is {len(data) / _MB:.1f} MB, over the {max_bytes / _MB:g} MB limit for uploads"
        )
    text = _decode(data, name)
    if not text.strip():
        raise DataError(f"{name}: the file is empty")
    breaks = text.count("\n") or text.count("\r")
    lines = breaks + (0 if text.endswith(("\n", "\r")) else 1)
    if lines - 1 > max_rows:
        raise DataError(f"{name}: the file has about {lines - 1} rows; the limit is {max_rows} rows per upload")
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise DataError(f"{name}: not a readable CSV ({exc})") from None
    keys = [_key(h) for h in rows[0]]
    if {"primaryvalue", "tradevalueus", "reportercode", "reporteriso", "reporterdesc", "reporter"} & set(keys):
        frame, warnings = _parse_comtrade(rows, keys, delimiter != ",", name, today)
        kind = "comtrade"
    else:
        frame, warnings = _parse_ours(rows, delimiter != ",", name, today), ()
        kind = "tradetarget"
    frame = frame.assign(**{c: frame[c].astype("float64") for c in _NUMERIC}, origin="user-supplied")
    return Upload(frame=frame, kind=kind, warnings=tuple(warnings))


def _decode(data: bytes, name: str) -> str:
    """Bytes to text: UTF-16 with a BOM, else UTF-8 (BOM optional), else cp1252/Latin-1; refuse binary."""
    if not data.strip():
        raise DataError(f"{name}: the file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DataError(f"{name}: not a text CSV (it looks like {what}); save it as CSV first")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(f"{name}: not a text CSV (it starts like UTF-16 but cannot be decoded)") from None
    elif b"\x00" in data:
        raise DataError(f"{name}: not a text CSV (it contains binary data)")
    else:
        body = data.removeprefix(codecs.BOM_UTF8)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = body.decode("cp1252")
            except UnicodeDecodeError:
                text = body.decode("latin-1")
    if _CONTROL.search(text):
        raise DataError(f"{name}: not a text CSV (it contains control characters or binary data)")
    return text.lstrip("\ufeff")


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def _code(text: str, table: dict[str, str]) -> str | None:
    """Look up a Comtrade code or name, accepting numbers saved as ``156.0`` by a spreadsheet."""
    return table.get(re.sub(r"\.0+$", "", text).upper())


def _decimal_point(cell: str) -> str:
    """``31,2`` -> ``31.2`` and ``1.234,5`` -> ``1234.5`` (for semicolon- or tab-separated files)."""
    cell = cell.strip()
    return cell.replace(".", "").replace(",", ".") if _DECIMAL_COMMA.match(cell) else cell


def _relabel(exc: DataError, name: str) -> DataError:
    """Rewrite parse_csv's 'turnover.csv' prefix on every line to the uploaded file's name."""
    lines = str(exc).split("\n")
    text = "\n".join(name + line[len(_LABEL):] if line.startswith(_LABEL) else line for line in lines)
    if "missing column(s)" in text:
        text += " (expected the template's columns, or a UN Comtrade CSV export)"
    return DataError(text)


def _validated(rows: list[list[str]], name: str, today: date) -> pd.DataFrame:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    try:
        return parse_csv(buffer.getvalue().encode("utf-8"), _LABEL, today)
    except DataError as exc:
        raise _relabel(exc, name) from None


def _parse_ours(rows: list[list[str]], decimal_comma: bool, name: str, today: date) -> pd.DataFrame:
    """Our schema: normalise decimal commas, then let ``parse_csv`` do all the validation."""
    if decimal_comma:
        numeric = {i for i, h in enumerate(rows[0]) if h.strip() in _NUMERIC}
        rows = [rows[0]] + [[_decimal_point(c) if i in numeric else c for i, c in enumerate(r)] for r in rows[1:]]
    return _validated(rows, name, today)


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:5])
    return f"line {shown}" if len(numbers) == 1 else f"lines {shown}" + (", …" if len(numbers) > 5 else "")


def _parse_comtrade(
    rows: list[list[str]], keys: list[str], decimal_comma: bool, name: str, today: date
) -> tuple[pd.DataFrame, list[str]]:
    """A UN Comtrade export: sum imports and exports of China<->Kazakhstan TOTAL trade per reporter and period."""
    header = [h.strip() for h in rows[0]]
    present = {field: [k for k in aliases if k in keys] for field, aliases in _ALIASES.items()}
    missing = [aliases[0] for field, aliases in _ALIASES.items() if not present[field]]
    if missing:
        raise DataError(f"{name}: a UN Comtrade export, but missing column(s) {', '.join(missing)}")
    original = dict(zip(keys, header, strict=True))
    skipped: dict[str, list[int]] = {}
    flows: dict[tuple[str, str], dict[str, tuple[float, int]]] = {}
    for offset, raw in enumerate(rows[1:]):
        line = offset + 2
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(keys):
            raise DataError(f"{name}, line {line}: expected {len(keys)} fields, found {len(raw)}")
        cells = dict(zip(keys, (c.strip() for c in raw), strict=True))
        given = {field: next((cells[k] for k in ks if cells[k]), "") for field, ks in present.items()}
        reporter, partner, flow = (_code(given[f], table) for f, table in
                                   (("reporter", _COUNTRIES), ("partner", _COUNTRIES), ("flow", _FLOWS)))
        reason = (
            "whose reporter is not China or Kazakhstan" if reporter is None
            else "whose partner is not the other country" if partner is None or partner == reporter
            else "for a commodity other than TOTAL" if given["commodity"].upper() != "TOTAL"
            else "with a flow other than imports (M) or exports (X)" if flow is None
            else "broken down by second partner, transport mode or customs procedure"
            if any(cells.get(k, "") not in ("", v) for k, v in _BREAKDOWNS.items())
            else None
        )
        if reason:
            skipped.setdefault(reason, []).append(line)
            continue
        period = _comtrade_period(cells["period"], original["period"], line, name, today)
        value = _comtrade_value(given["value"], original[present["value"][0]], decimal_comma, line, name)
        seen = flows.setdefault((reporter, period), {})
        if flow in seen:
            raise DataError(
                f"{name}, line {line}: duplicate of line {seen[flow][1]} "
                f"({_NAME[reporter]} {_FLOW_WORD[flow]} for period {cells['period']})"
            )
        seen[flow] = (value, line)

    warnings = [f"{name}: skipped {len(lines)} row(s) {reason} ({_lines(lines)})" for reason, lines in skipped.items()]
    if not flows:
        raise DataError(
            f"{name}: no usable rows; a UN Comtrade export needs reporter China or Kazakhstan, the other as "
            f"partner, commodity TOTAL and flows M and X ({sum(map(len, skipped.values()))} row(s) skipped)"
        )
    records, first_line = [], {}
    for (reporter, period), by_flow in flows.items():
        lines = sorted(line for _, line in by_flow.values())
        for flow in ("M", "X"):
            if flow not in by_flow:
                raise DataError(
                    f"{name}, line {lines[0]}: the {_FLOW_WORD[flow]} row for {_NAME[reporter]}, "
                    f"{parse_period(period, today).label}, is missing; turnover needs both imports and exports"
                )
        exports = by_flow[_EXPORT_FLOW[reporter]][0]
        imports = by_flow["X" if _EXPORT_FLOW[reporter] == "M" else "M"][0]
        source = _SOURCE[reporter]
        first_line[(source, period)] = lines[0]
        records.append([source, period, repr((exports + imports) / 1e9), repr(exports / 1e9), repr(imports / 1e9),
                        "", "reported", "https://comtradeplus.un.org/", today.isoformat(), "UN Comtrade export"])
    frame = _validated([_TEMPLATE.splitlines()[0].split(","), *records], name, today)
    periods = [f"{y}" if a else f"{y}-{s:02d}..{y}-{e:02d}" for y, s, e, a in
               zip(frame["year"], frame["start_month"], frame["end_month"], frame["annual"], strict=True)]
    frame = frame.assign(
        line=[first_line[(src, p)] for src, p in zip(frame["source"], periods, strict=True)],
        url=f"user upload: {name}",
    )
    return frame, warnings


def _comtrade_period(raw: str, column: str, line: int, name: str, today: date) -> str:
    """``2023`` -> ``2023``; ``202310`` -> ``2023-10..2023-10`` (one month), checked like our periods."""
    where = f"{name}, line {line}, column '{column}'"
    match = _COMTRADE_PERIOD.match(raw)
    if not match:
        raise DataError(f"{where}: '{raw}' is not a Comtrade period (2023 or 202310)")
    year, month = match.group(1), match.group(2)
    if month is not None and not 1 <= int(month) <= 12:
        raise DataError(f"{where}: '{raw}' has an impossible month {month}")
    period = year if month is None else f"{year}-{month}..{year}-{month}"
    try:
        parse_period(period, today)
    except ValueError as exc:
        raise DataError(f"{where}: {str(exc).replace(repr(period), repr(raw))}") from None
    return period


def _comtrade_value(raw: str, column: str, decimal_comma: bool, line: int, name: str) -> float:
    """A trade value in US dollars: a positive, finite number below MAX_USD_BN billion."""
    where = f"{name}, line {line}, column '{column}'"
    if not raw:
        raise DataError(f"{where}: a value is required")
    try:
        value = float(_decimal_point(raw) if decimal_comma else raw)
    except ValueError:
        raise DataError(f"{where}: '{raw}' is not a number") from None
    if not math.isfinite(value):
        raise DataError(f"{where}: '{raw}' is not a finite number")
    if value <= 0:
        raise DataError(f"{where}: {raw} must be a positive value in US dollars")
    if value / 1e9 > MAX_USD_BN:
        raise DataError(f"{where}: {raw} US dollars is implausibly large for China–Kazakhstan trade")
    return value
