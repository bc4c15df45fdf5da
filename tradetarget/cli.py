"""Command line: ``python -m tradetarget project|export|briefing|latest|add|changes|refresh``.

Invalid input prints a one-line reason on stderr and exits with code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from tradetarget import (
    adding,
    briefing,
    charts,
    clock,
    comtrade,
    export,
    headline,
    history,
    history_words,
    model,
    outlook_charts,
    upload,
    use_python_strings,
    ytd,
    ytd_charts,
    ytd_words,
)
from tradetarget import outlook as risk_model
from tradetarget.answer import answer_for
from tradetarget.data import SOURCES, DataError, Dataset, load_dataset
from tradetarget.i18n import DEFAULT_LANG, LANGS, messages
from tradetarget.scenario import Outlook, View, build


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def _source(text: str) -> str:
    """gacc, GACC, bns, BNS (and both, for export)."""
    value = text.lower()
    if value not in [s.lower() for s in SOURCES] + ["both"]:
        raise argparse.ArgumentTypeError(f"invalid source '{text}': use gacc or bns")
    return value


def _scenario_flags(parser: argparse.ArgumentParser, single_source: bool) -> None:
    if single_source:
        parser.add_argument("--source", required=True, type=_source, help="gacc (China's customs) or bns")
    else:
        parser.add_argument("--source", type=_source, default="both", help="gacc, bns or both (default)")
    parser.add_argument("--base-year", type=int, default=None,
                        help="project from this year's figure (a what-if); default: the source's latest figure")
    parser.add_argument("--growth", type=float, default=model.SEED_GROWTH_PCT, help="percent a year")
    parser.add_argument("--target", type=float, default=40.0, help="USD bn")


def _lines(text: str) -> tuple[int, ...]:
    """``2,5`` -> (2, 5): lines of an upload."""
    try:
        lines = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid lines '{text}': use line numbers such as 2,5") from None
    if not lines or min(lines) < 2:
        raise argparse.ArgumentTypeError(f"invalid lines '{text}': use line numbers such as 2,5")
    return lines


def _upload_flags(parser: argparse.ArgumentParser) -> None:
    """Your own figures, read by the dashboard's rules (units, no future periods or dates, plausibility)."""
    parser.add_argument("--upload", type=Path, default=None, metavar="CSV",
                        help="your own figures (the dashboard's upload template or a UN Comtrade export), merged in "
                             "after the same checks as on the Data page")
    parser.add_argument("--unit", choices=upload.UNITS, default=upload.DEFAULT_UNIT,
                        help="unit of the upload's values: usd_bn (default), usd_100m (亿美元) or usd_m; a unit "
                             "column in the file overrides it row by row")
    parser.add_argument("--use-anyway", type=_lines, default=(), metavar="LINES",
                        help="lines of the upload to use although they fail the plausibility check, e.g. 2,5")


def _lang_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG,
                        help="language of the text, charts and file names: en (default), ru, kk or zh")


def _view_flags(parser: argparse.ArgumentParser) -> None:
    """The scenario flags of ``export`` and ``briefing``, and the address files link back to."""
    _scenario_flags(parser, single_source=False)
    parser.add_argument("--deadline", type=int, default=None, help="a what-if deadline; default: the target's own")
    parser.add_argument("--url", default=None,
                        help="the dashboard's address (e.g. https://example.org/); files then carry the view's link")
    _as_of_flag(parser)


def _as_of_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", type=_day, default=None, metavar="YYYY-MM-DD",
                        help="a past view: only the figures published by that day (default: today, all figures)")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m tradetarget", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    project = sub.add_parser("project", help="project turnover toward a target")
    _scenario_flags(project, single_source=True)
    project.add_argument("--deadline", type=int, default=model.DEFAULT_DEADLINE)
    project.add_argument("--base-value", type=float, help="USD bn; default: the source's actual figure")
    project.add_argument("--horizon", type=int, help="last year of the path (default: deadline + 5)")
    project.add_argument("--no-deadline", action="store_true", help="no deadline: no required growth")
    _as_of_flag(project)
    project.add_argument("--format", choices=["table", "csv", "json"], default="table",
                         help="table (for reading, in --lang), csv or json (field names stay English)")
    _upload_flags(project)
    _lang_flag(project)
    exp = sub.add_parser("export", help="write every dashboard chart as a PNG (2x), SVG or PDF")
    exp.add_argument("--out", type=Path, required=True, help="output directory")
    exp.add_argument("--format", choices=list(export.FORMATS), default="png",
                     help="png (2800 px wide), or svg / pdf (vector, text kept as text)")
    _view_flags(exp)
    _upload_flags(exp)
    _lang_flag(exp)
    brief = sub.add_parser("briefing", help="write the one-page PDF briefing of a view")
    brief.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    _view_flags(brief)
    _upload_flags(brief)
    _lang_flag(brief)
    last = sub.add_parser(
        "latest", help="each source's latest running total and annual figure, the nowcast and the next release",
        description="Per source: the latest annual figure; the latest running total (e.g. Jan-Oct 2025) with the same "
                    "months a year before and the change, computed and as stated; the nowcast range of the "
                    "unfinished year with the number of past years behind it; the next expected release and "
                    "whether one is overdue. The dashboard's overview reads the same figures.",
        epilog="example: python -m tradetarget latest --source gacc --format json --as-of 2026-12-04")
    last.add_argument("--source", type=_source, default="both", help="gacc, bns or both (default)")
    last.add_argument("--format", choices=["table", "json"], default="table",
                      help="table (for reading, in --lang) or json (field names stay English)")
    _as_of_flag(last)
    _upload_flags(last)
    _lang_flag(last)
    add = sub.add_parser(
        "add", help="add a sourced figure to data/turnover.csv (checked as uploads are), then print what it changed",
        epilog="example: python -m tradetarget add --source BNS --period 2025 --value 33.3 --url URL "
               "--published 2026-02-20 --status provisional --source-kind official")
    add.add_argument("--source", required=True, type=str.upper, choices=SOURCES)
    add.add_argument("--period", required=True, help="2025 (a year) or 2025-01..2025-10 (months of one year)")
    add.add_argument("--value", required=True, type=float, help="turnover, in --unit (default USD bn)")
    add.add_argument("--url", required=True, help="the page that states the figure")
    add.add_argument("--published", required=True, help="when the page published it: YYYY-MM-DD (or YYYY-MM, ~YYYY-MM)")
    add.add_argument("--status", choices=["reported", "provisional", "uncertain"], default="reported")
    add.add_argument("--source-kind", choices=["official", "state_media", "press", "other"], required=True)
    add.add_argument("--unit", choices=upload.UNITS, default=upload.DEFAULT_UNIT)
    add.add_argument("--exports", type=float, default=None, help="Kazakhstan's exports to China, in --unit")
    add.add_argument("--imports", type=float, default=None, help="Kazakhstan's imports from China, in --unit")
    add.add_argument("--growth", type=float, default=None, help="growth in %% as the page states it")
    add.add_argument("--note", default="")
    add.add_argument("--url-secondary", default="")
    add.add_argument("--revise", action="store_true",
                     help="replace the figure for this source and period; the old one is kept as superseded")
    add.add_argument("--use-anyway", action="store_true", help="write a figure that fails the plausibility check")
    add.add_argument("--data-dir", type=Path, default=None, help="default: $TRADETARGET_DATA or data/")
    _lang_flag(add)
    changed = sub.add_parser("changes", help="each figure added or revised since a date or git revision, "
                                             "with its effect on every answer")
    changed.add_argument("--since", default=None, metavar="DATE|GIT-REV",
                         help="YYYY-MM-DD (figures published after it) or a git revision of data/ (default: all)")
    changed.add_argument("--data-dir", type=Path, default=None, help="default: $TRADETARGET_DATA or data/")
    _lang_flag(changed)
    refresh = sub.add_parser("refresh", help="refresh data/comtrade.csv from UN Comtrade (comtradeapicall)",
                             description="Both reporters with each other as partner: China (156) for the China-side "
                                         "series, Kazakhstan (398) for the Kazakh side; total goods, exports and "
                                         "imports. A hand-sourced figure for the same source and period always wins. "
                                         "Without COMTRADE_API_KEY the public preview endpoint is used.")
    refresh.add_argument("what", choices=["comtrade"])
    refresh.add_argument("--from", dest="first_year", type=int, default=2010, metavar="YEAR",
                         help="the first year to read (default 2010)")
    refresh.add_argument("--monthly", action="store_true", help="monthly figures instead of annual ones")
    refresh.add_argument("--data-dir", type=Path, default=None, help="default: $TRADETARGET_DATA or data/")
    _lang_flag(refresh)
    return parser


def _refresh(args: argparse.Namespace) -> None:
    folder = adding.data_dir(args.data_dir)
    path = comtrade.refresh(folder, "M" if args.monthly else "A", args.first_year, lang=args.lang)
    t = messages(args.lang)
    print(t("comtrade.done", path=str(path), rows=str(len(comtrade.load(path, lang=args.lang)))))


def _add(args: argparse.Namespace) -> None:
    fig = adding.NewFigure(
        source=args.source, period=args.period, value=args.value, url=args.url, published=args.published,
        status=args.status, source_kind=args.source_kind, unit=args.unit, exports=args.exports, imports=args.imports,
        growth=args.growth, note=args.note, url_secondary=args.url_secondary)
    before, after = adding.add(fig, args.data_dir, revise=args.revise, use_anyway=args.use_anyway, lang=args.lang)
    t = messages(args.lang)
    print(t("add.done", path=str(adding.data_dir(args.data_dir) / adding.TURNOVER)))
    for line in history_words.lines(history.changes(before, after, clock.today()), after, args.lang):
        print(f"  {line}")


def _changes(args: argparse.Namespace) -> None:
    t = messages(args.lang)
    today = clock.today()
    dataset = load_dataset(args.data_dir, today, args.lang)
    since_text = args.since or ""
    try:
        since = date.fromisoformat(since_text) if since_text else date(1990, 1, 1)
    except ValueError:
        since = None
    if since is not None:
        found = history.changes_since(dataset, since, today)
        shown = t.date(since) if since_text else t("changes.beginning")
    else:
        found = history.changes(adding.at_revision(since_text, args.data_dir, today, args.lang), dataset, today)
        shown = since_text
    if not found:
        print(t("changes.nothing", since=shown))
        return
    print(t("changes.heading.since", since=shown))
    for line in history_words.lines(found, dataset, args.lang):
        print(f"  {line}")


def _as_of(args: argparse.Namespace) -> date:
    """The day the view is given on: ``--as-of``, else today."""
    return args.as_of or clock.today()


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date '{text}': use YYYY-MM-DD") from None


def latest_result(dataset: Dataset, source: str = "both", as_of: date | None = None) -> dict:
    """The ``latest`` command's JSON: per source, :func:`tradetarget.ytd.as_dict` of the one
    :class:`~tradetarget.ytd.Latest` the overview shows too."""
    sources = SOURCES if source == "both" else (source.upper(),)
    as_of = as_of or date.today()
    items = ytd.latest_all(dataset, sources, as_of)
    return {"as_of": as_of.isoformat(), "sources": [ytd.as_dict(i) for i in items.values()]}


def _print_latest(dataset: Dataset, args: argparse.Namespace) -> None:
    if args.format == "json":
        print(json.dumps(latest_result(dataset, args.source, args.as_of), indent=2, ensure_ascii=False))
        return
    t = messages(args.lang)
    sources = SOURCES if args.source == "both" else (args.source.upper(),)
    as_of = args.as_of or date.today()
    for i, item in enumerate(ytd.latest_all(dataset, sources, as_of).values()):
        if i:
            print()
        print(t("ytd.cli.heading", source=t(f"source.{item.source}"), date=t.date(as_of)))
        for line in ytd_words.lines(item, args.lang):
            print(f"  {line}")


def _result(dataset: Dataset, args: argparse.Namespace) -> dict:
    """The projection and the source's answer. Without ``--base-year`` the path starts at the source's latest
    annual figure; with it (or ``--base-value``), it is the plain compound-growth calculator."""
    source = args.source.upper()
    deadline = None if args.no_deadline else args.deadline
    target = {"id": "", "target_usd_bn": args.target, "deadline": deadline}
    answer = answer_for(dataset, source, target, args.growth, args.base_year, deadline, as_of=_as_of(args),
                        lang=args.lang)
    base_year = args.base_year if args.base_year is not None else answer.latest_year
    horizon = args.horizon if args.horizon is not None else max(deadline or base_year, base_year) + 5
    calculator = args.base_value is not None or args.base_year is not None
    passed = not calculator and deadline is not None and deadline <= base_year  # the answer says met or missed
    deadline_in_path = None if passed else deadline
    scenario = model.scenario_for(
        dataset, source, base_year=base_year, growth=args.growth, target_usd_bn=args.target,
        deadline=deadline_in_path, horizon=horizon, base_value=args.base_value,
    )
    reached = model.year_reached(scenario)
    path = model.project(scenario)
    path = path[path["year"] <= horizon]
    if calculator:  # never a negative required growth: none once the start is at or above the target
        year_reached = reached.year
        required = None if reached.status == "already_met" else model.required_growth_pct(scenario)
    else:
        year_reached = answer.met_year if answer.met_year is not None else answer.projected_year
        required = answer.required_pct
    return {
        "as_of": _as_of(args).isoformat(),
        "past_view": args.as_of is not None,
        "source": scenario.source,
        "base_year": scenario.base_year,
        "base_value": scenario.base_value,
        "growth_pct": scenario.growth_pct,
        "target_usd_bn": scenario.target_usd_bn,
        "deadline": deadline,
        "year_reached": year_reached,
        "already_met": reached.status == "already_met",
        "required_growth_pct": None if required is None else round(required, 4),
        "actual_status": answer.status,
        "met_year": answer.met_year,
        "latest_year": answer.latest_year,
        "latest_value": answer.latest_value,
        "latest_status": answer.latest_status,
        "what_if": calculator or answer.what_if,
        "headline": headline.headline({answer.source: answer}, answer.lang),
        "scenario": headline.scenario({answer.source: answer}, answer.growth_pct, answer.lang),
        "data_date": None if answer.data_date is None else answer.data_date.day.isoformat(),
        "data_date_approximate": None if answer.data_date is None else answer.data_date.approximate,
        "actual_pace_pct": None if answer.pace_pct is None else round(answer.pace_pct, 4),
        "actual_pace_years": None if answer.pace_span is None else list(answer.pace_span),
        "actual": [{"year": y, "value": v} for y, v in answer.actual_points],
        "path": [{"year": int(y), "value": round(float(v), 4)} for y, v in zip(path["year"], path["value_usd_bn"],
                                                                             strict=True)],
    }


def with_upload(dataset: Dataset, path: Path, unit: str = upload.DEFAULT_UNIT, use_anyway: tuple[int, ...] = (),
                lang: str = DEFAULT_LANG) -> tuple[Dataset, upload.Checked]:
    """The dataset with the uploaded file's usable rows, by the dashboard's rules: converted from ``unit``, refused if
    a period has not ended or a date is after today (a :class:`DataError`), held back if implausible unless its line
    is in ``use_anyway``."""
    parsed = upload.parse_upload(path.read_bytes(), path.name, lang=lang, unit=unit)
    checked = upload.check(dataset, parsed)
    return upload.apply(dataset, parsed, use_anyway), checked


def upload_result(dataset: Dataset, checked: upload.Checked | None, name: str, use_anyway: tuple[int, ...] = (),
                  lang: str = DEFAULT_LANG) -> dict | None:
    """The ``upload`` field of the JSON: the file, the lines in use, those used anyway and those held back (with
    the message in ``lang``)."""
    if checked is None:
        return None
    rows = upload.user_supplied(dataset)
    return {
        "file": name,
        "notice": upload.notice(dataset, lang) or None,
        "lines_in_use": sorted(int(line) for line in rows["line"]),
        "used_anyway": list(dataset.upload_overridden),
        "held_back": [{"line": h.line, "source": h.source, "period": h.period, "value_usd_bn": h.value,
                       "rule": h.reason, "ratio": round(h.ratio, 4), "likely_unit": h.likely_unit,
                       "message": upload.held_back_words(h, lang)}
                      for h in checked.held_back if h.line not in use_anyway],
    }


def _tell_upload(dataset: Dataset, checked: upload.Checked, use_anyway: tuple[int, ...], lang: str) -> None:
    """On stderr: each held-back row (used anyway or not) and the notice every output then carries."""
    t = messages(lang)
    for h in checked.held_back:
        text = upload.held_back_words(h, lang)
        key = "upload.cli.used" if h.line in use_anyway else "upload.cli.held"
        print(t(key, text=text, line=str(h.line)), file=sys.stderr)
    note = upload.notice(dataset, lang)
    if note:
        print(note, file=sys.stderr)


def _print_project(result: dict, fmt: str, lang: str = DEFAULT_LANG) -> None:
    if fmt == "json":
        print(json.dumps(result, indent=2))
        return
    if fmt == "csv":
        print("year,value_usd_bn")
        for p in result["path"]:
            print(f"{p['year']},{p['value']}")
        return
    t = messages(lang)
    print(result["headline"])
    print(result["scenario"])
    print(t("cli.path", source=result["source"], base=t.money(result["base_value"], None), year=result["base_year"],
            growth=t.pct(result["growth_pct"], None, sign=True), target=t.money(result["target_usd_bn"], None)))
    if result["required_growth_pct"] is not None:
        print(t("cli.required", deadline=result["deadline"], growth=t.pct(result["required_growth_pct"], 2)))
    actual = {a["year"]: a["value"] for a in result["actual"]}
    path = {p["year"]: p["value"] for p in result["path"]}
    columns = [t("cli.col.year"), t("cli.col.actual"), t("cli.col.projection")]
    width = max(10, *(len(c) for c in columns[1:]))
    print(f"{columns[0]:>6}  {columns[1]:>{width}}  {columns[2]:>{width}}")
    for year in range(min(path) - 3, max([*actual, *path]) + 1):
        a, p = actual.get(year), path.get(year)
        shown = [f"{t.amount(v, 2):>{width}}" if v is not None else f"{'—':>{width}}" for v in (a, p)]  # 亿 in zh
        reached = max(v for v in (a, p, 0.0) if v is not None) >= result["target_usd_bn"]
        mark = f"  {t('cli.reached')}" if reached else ""
        print(f"{year:>6}  {shown[0]}  {shown[1]}{mark}")


def _outlook(dataset: Dataset, args: argparse.Namespace) -> Outlook:
    """The view the scenario flags choose, built as the dashboard builds it."""
    target_ids = dataset.targets[dataset.targets["target_usd_bn"] == args.target]["id"]
    if target_ids.empty:
        known = ", ".join(f"{v:g}" for v in sorted(set(dataset.targets["target_usd_bn"])))
        raise ValueError(messages(args.lang)("cli.unknown_target", target=f"{args.target:g}", known=known))
    preferred = [t for t in target_ids if t == model.DEFAULT_TARGET_ID]
    sources = SOURCES if args.source == "both" else (args.source.upper(),)
    view = View(sources=sources, base_year=args.base_year, growth_pct=args.growth,
                target_id=preferred[0] if preferred else target_ids.iloc[-1], deadline=args.deadline,
                as_of=_as_of(args), lang=args.lang)
    outlook: Outlook = build(dataset, view)
    if not outlook.scenarios:
        raise ValueError("; ".join(outlook.problems.values()))
    return outlook


def _url(dataset: Dataset, outlook: Outlook, args: argparse.Namespace) -> str | None:
    return None if not args.url else export.view_url(args.url, export.view_params(dataset, outlook.view))


def _export(dataset: Dataset, args: argparse.Namespace) -> list[Path]:
    outlook = _outlook(dataset, args)
    url = _url(dataset, outlook, args)
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        risk = risk_model.risk(dataset, outlook, risk_model.ModelSettings())
        for chart in [*charts.all_charts(dataset, outlook), ytd_charts.chart_ytd(dataset, outlook),
                      *outlook_charts.outlook_charts(dataset, outlook, risk)]:
            path = args.out / f"{export.file_stem(chart.key, outlook)}.{args.format}"
            figure = export.stamped(chart.figure, url, outlook.view.as_of, lang=outlook.view.lang)
            path.write_bytes(export.image_bytes(figure, args.format, height=chart.export_height))
            written.append(path)
    finally:
        export.stop_browser()
    return written


def _briefing(dataset: Dataset, args: argparse.Namespace) -> Path:
    outlook = _outlook(dataset, args)
    try:
        pdf = briefing.pdf_bytes(dataset, outlook, url=_url(dataset, outlook, args))
    finally:
        export.stop_browser()
    if args.out.parent != Path():
        args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pdf)
    return args.out


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    use_python_strings()
    try:
        if args.command in ("add", "changes", "refresh"):
            {"add": _add, "changes": _changes, "refresh": _refresh}[args.command](args)
            return 0
        dataset = load_dataset(lang=args.lang)
        checked = None
        if args.upload is not None:
            dataset, checked = with_upload(dataset, args.upload, args.unit, args.use_anyway, args.lang)
            _tell_upload(dataset, checked, args.use_anyway, args.lang)
        if args.as_of is not None and args.as_of != clock.today():  # today's view holds every figure, undated too
            if args.as_of > clock.today():
                raise ValueError(messages(args.lang)("asof.error.future", date=messages(args.lang).date(args.as_of)))
            dataset = dataset.as_of(args.as_of)
        if args.command == "project":
            result = _result(dataset, args)
            if checked is not None:
                result["upload"] = upload_result(dataset, checked, args.upload.name, args.use_anyway, args.lang)
            _print_project(result, args.format, args.lang)
        elif args.command == "briefing":
            print(_briefing(dataset, args))
        elif args.command == "latest":
            _print_latest(dataset, args)
        else:
            for path in _export(dataset, args):
                print(path)
    except comtrade.ComtradeError as exc:
        print(messages(args.lang)("cli.error", reason=str(exc).splitlines()[0]), file=sys.stderr)
        return 1
    except (ValueError, DataError, export.ExportUnavailable, briefing.BriefingUnavailable, OSError) as exc:
        print(messages(args.lang)("cli.error", reason=str(exc).splitlines()[0]), file=sys.stderr)
        return 2
    return 0
