"""Keep ``data/`` current from the command line: add a sourced figure, revise one, list what changed.

``add`` checks a figure by the upload rules (:mod:`tradetarget.upload`: units, no future periods or dates, a URL,
plausibility), then writes it into ``turnover.csv`` as one new line in a fixed place, so a diff shows exactly that
line. A revision (``--revise``) also ends the old figure's line with the new figure's publication date
(``superseded``): the old figure stays, and :meth:`tradetarget.data.Dataset.as_of` still finds it for earlier days.
The new file is validated whole before it replaces the old one, so a refused call leaves ``data/`` as it was.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tradetarget import published, upload
from tradetarget.data import DATA_DIR, DATA_ENV, SCHEMAS, DataError, Dataset, load_dataset, parse_csv, split_superseded
from tradetarget.i18n import DEFAULT_LANG, messages

TURNOVER = "turnover.csv"


@dataclass(frozen=True)
class NewFigure:
    """What ``add`` is asked to write, as typed (``value`` in ``unit``)."""

    source: str
    period: str
    value: float
    url: str
    published: str
    status: str = "reported"
    source_kind: str = "official"
    unit: str = upload.DEFAULT_UNIT
    exports: float | None = None
    imports: float | None = None
    growth: float | None = None
    note: str = ""
    url_secondary: str = ""


def data_dir(folder: Path | None = None) -> Path:
    return Path(folder or os.environ.get(DATA_ENV) or DATA_DIR)


def _cell(value: float | None) -> str:
    return "" if value is None or value != value else format(float(value), ".12g")


def _checked(dataset: Dataset, fig: NewFigure, today: date, use_anyway: bool, lang: str) -> dict:
    """The figure as a row of turnover.csv (US$ bn), or a ValueError naming the problem."""
    t = messages(lang)
    if published.parse(fig.published) is None:
        raise ValueError(t("add.error.published", value=fig.published))
    header = ["source", "period", "turnover_usd_bn", "exports_kz_to_cn_usd_bn", "imports_kz_from_cn_usd_bn",
              "growth_pct_stated", "status", "url", "source_kind", "url_secondary", "published", "note"]
    cells = [fig.source, fig.period, _cell(fig.value), _cell(fig.exports), _cell(fig.imports), _cell(fig.growth),
             fig.status, fig.url, fig.source_kind, fig.url_secondary, fig.published, fig.note]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, cells])
    try:
        parsed = upload.parse_upload(buffer.getvalue().encode(), "add", today, lang=lang, unit=fig.unit)
    except DataError as exc:
        raise ValueError(str(exc).splitlines()[0].replace("'add', ", "").replace("add, ", "")) from None
    checked = upload.check(dataset, parsed, today)
    if checked.refused:
        raise ValueError(upload.refused_words(checked.refused[0], lang))
    if checked.held_back and not use_anyway:
        raise ValueError(t("add.error.implausible", why=upload.held_back_words(checked.held_back[0], lang)))
    row = parsed.frame.iloc[0]
    return {"source": fig.source, "period": fig.period, "turnover_usd_bn": _cell(row["turnover_usd_bn"]),
            "exports_kz_to_cn_usd_bn": _cell(row.get("exports_kz_to_cn_usd_bn")),
            "imports_kz_from_cn_usd_bn": _cell(row.get("imports_kz_from_cn_usd_bn")),
            "growth_pct_stated": _cell(fig.growth), "status": fig.status, "url": fig.url,
            "source_kind": fig.source_kind, "url_secondary": fig.url_secondary, "published": fig.published,
            "note": fig.note, "superseded": ""}


def _fields(line: str) -> list[str]:
    return next(csv.reader([line]))


def _place(lines: list[str], header: list[str], source: str, period: str) -> int:
    """Where a new line goes: after the last line of the same kind (a calendar year, or a part of one) whose year
    (and last month) is not later; the file's own order is kept otherwise."""
    at = {name: i for i, name in enumerate(header)}

    def key(p: str) -> tuple[bool, int, int]:
        year, _, rest = p.partition("-")
        return ("." not in p, int(year), int(rest.split("..")[1].split("-")[1]) if rest else 12)

    annual, year, end = key(period)
    spot = None
    for i, line in enumerate(lines[1:], start=1):
        cells = _fields(line)
        other = key(cells[at["period"]])
        if other[0] == annual:
            if (other[1], other[2], cells[at["source"]]) <= (year, end, source):
                spot = i
            elif spot is None:
                spot = i - 1
    if spot is None:
        spot = len(lines) - 1 if not annual else 0
    return spot + 1


def _line(header: list[str], row: dict) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([row.get(name, "") for name in header])
    return buffer.getvalue()


def add(fig: NewFigure, folder: Path | None = None, revise: bool = False, use_anyway: bool = False,
        today: date | None = None, lang: str = DEFAULT_LANG) -> tuple[Dataset, Dataset]:
    """Write ``fig`` into the folder's turnover.csv; return the data (before, after). Raise ValueError or
    DataError, with the folder unchanged, when the figure breaks a rule."""
    from tradetarget import clock

    t = messages(lang)
    today = today or clock.today()
    folder = data_dir(folder)
    before = load_dataset(folder, today, lang)
    row = _checked(before, fig, today, use_anyway, lang)
    path = folder / TURNOVER
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    header = _fields(lines[0])
    if "superseded" not in header:
        raise ValueError(t("add.error.no_column"))
    label = parse_csv(_line(header, row).join([lines[0] + "\n", "\n"]).encode(), TURNOVER, today, lang,
                      shipped=True)["period"].iloc[0]
    current = before.turnover[(before.turnover["source"] == fig.source) & (before.turnover["period"] == label)]
    if not current.empty and not revise:
        raise ValueError(t("add.error.exists", source=fig.source, period=fig.period))
    if current.empty and revise:
        raise ValueError(t("add.error.nothing_to_revise", source=fig.source, period=fig.period))
    if revise:
        at = {name: i for i, name in enumerate(header)}
        old = next(i for i, line in enumerate(lines[1:], start=1)
                   if (cells := _fields(line))[at["source"]] == fig.source and cells[at["period"]] == fig.period
                   and not cells[at["superseded"]])
        cells = _fields(lines[old])
        if published.parse(fig.published) <= published.parse(cells[at["published"]]):
            raise ValueError(t("add.error.revision_older", published=cells[at["published"]]))
        lines[old] = (lines[old] + fig.published if lines[old].endswith(",") and header[-1] == "superseded"
                      else _line(header, {**dict(zip(header, cells, strict=True)), "superseded": fig.published}))
        spot = old + 1
    else:
        spot = _place(lines, header, fig.source, fig.period)
    lines.insert(spot, _line(header, row))
    new = ("\n".join(lines) + "\n").encode("utf-8")
    split_superseded(parse_csv(new, f"data/{TURNOVER}", today, lang, shipped=True))
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".turnover-", suffix=".csv")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(new)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return before, load_dataset(folder, today, lang)


def at_revision(rev: str, folder: Path | None = None, today: date | None = None,
                lang: str = DEFAULT_LANG) -> Dataset:
    """The data as a git revision had it (``git show REV:data/<file>`` for every file); a ValueError when the
    folder is not in git or the revision is unknown."""
    folder = data_dir(folder).resolve()
    t = messages(lang)

    def git(*args: str) -> bytes:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
        if done.returncode:
            raise ValueError(t("changes.error.revision", rev=rev))
        return done.stdout

    top = Path(git("rev-parse", "--show-toplevel").decode().strip())
    inside = folder.relative_to(top).as_posix()
    with tempfile.TemporaryDirectory() as temp:
        for name in SCHEMAS:
            Path(temp, name).write_bytes(git("show", f"{rev}:{inside}/{name}"))
        return load_dataset(Path(temp), today, lang)
